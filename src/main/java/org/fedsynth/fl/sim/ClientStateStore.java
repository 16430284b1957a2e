package org.fedsynth.fl.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.run.ClientStateFiles;

/**
 * Where simulated clients keep their private state (discriminator, optimizer moments) between
 * their turns. {@link #inMemory} keeps everything on the heap and inside each checkpoint; {@link
 * #onDisk} keeps only the clients training right now in memory and spills each client's state to
 * {@code clients/client_NNNN.rRRRR.state} in the run folder ({@link ClientStateFiles}), versioned by round, so a checkpoint
 * only has to name the version of each client and simulations with many clients fit in memory.
 */
public interface ClientStateStore {

    /** The state of client {@code id}. */
    ClientState get(int id) throws IOException;

    /** Stores client {@code s.clientId()}'s state after round {@code round}. */
    void put(ClientState s, int round) throws IOException;

    /** The states a checkpoint must hold inline (all of them in memory; none on disk). */
    List<ClientState> inlineStates();

    /** The round of each client's stored state file (empty in memory). */
    Map<Integer, Integer> versions();

    /** Deletes spilled states no longer referenced by any of the given checkpoints' version maps. */
    void retainOnly(Collection<Map<Integer, Integer>> referenced) throws IOException;

    /** All states on the heap, starting from {@code states} (index = client id). */
    static ClientStateStore inMemory(List<ClientState> states) {
        List<ClientState> list = new ArrayList<>(states);
        return new ClientStateStore() {
            @Override
            public ClientState get(int id) {
                return list.get(id);
            }

            @Override
            public void put(ClientState s, int round) {
                list.set(s.clientId(), s);
            }

            @Override
            public List<ClientState> inlineStates() {
                return List.copyOf(list);
            }

            @Override
            public Map<Integer, Integer> versions() {
                return Map.of();
            }

            @Override
            public void retainOnly(Collection<Map<Integer, Integer>> referenced) {
                // nothing spilled
            }
        };
    }

    /**
     * States spilled to {@code dir}; a client with no version yet (never trained) starts from
     * {@code initial}, which must be deterministic.
     */
    static ClientStateStore onDisk(Path dir, Map<Integer, Integer> versions, IntFunction<ClientState> initial)
            throws IOException {
        return new DiskStore(new ClientStateFiles(dir), new TreeMap<>(versions), initial);
    }

    /** The spilling store, over {@link ClientStateFiles}. */
    final class DiskStore implements ClientStateStore {
        private final ClientStateFiles files;
        private final TreeMap<Integer, Integer> versions;
        private final IntFunction<ClientState> initial;

        private DiskStore(ClientStateFiles files, TreeMap<Integer, Integer> versions, IntFunction<ClientState> initial) {
            this.files = files;
            this.versions = versions;
            this.initial = initial;
        }

        @Override
        public ClientState get(int id) throws IOException {
            Integer v = versions.get(id);
            if (v == null) {
                return initial.apply(id);
            }
            return files.read(id, v);
        }

        @Override
        public void put(ClientState s, int round) throws IOException {
            files.write(s, round);
            versions.put(s.clientId(), round);
        }

        @Override
        public List<ClientState> inlineStates() {
            return List.of();
        }

        @Override
        public Map<Integer, Integer> versions() {
            return Map.copyOf(versions);
        }

        @Override
        public void retainOnly(Collection<Map<Integer, Integer>> referenced) throws IOException {
            Set<String> keep = new HashSet<>();
            for (Map<Integer, Integer> m : referenced) {
                m.forEach((id, r) -> keep.add(ClientStateFiles.name(id, r)));
            }
            versions.forEach((id, r) -> keep.add(ClientStateFiles.name(id, r)));
            files.deleteAllBut(keep);
        }
    }
}
