package org.fedsynth.net.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.run.ClientStateFiles;

/**
 * A site's private state on its own disk: its discriminator and both Adam optimizers, one
 * versioned file per trained round ({@code client_NNNN.rRRRR.state}, named and written atomically
 * by {@link ClientStateFiles}, as a simulation spills its clients). Training round {@code r} starts
 * from the newest version before {@code r}, so a site that trained a round the server never
 * completed (server killed, round abandoned) redoes it from the same state; the two newest
 * versions are kept.
 */
public final class SiteState {

    private final ClientStateFiles files;
    private final int index;

    /** The state of federation client {@code index} in {@code dir} (created if missing). */
    public SiteState(Path dir, int index) throws IOException {
        this.files = new ClientStateFiles(dir);
        this.index = index;
    }

    /** Rounds with a stored state, ascending. */
    public TreeSet<Integer> versions() throws IOException {
        return files.versions(index);
    }

    /** The last round this site trained, 0 if none. */
    public int lastRound() throws IOException {
        TreeSet<Integer> v = versions();
        return v.isEmpty() ? 0 : v.last();
    }

    /** The state to train round {@code round} from: the newest version before it, or {@code initial}. */
    public ClientState before(int round, IntFunction<ClientState> initial) throws IOException {
        Integer v = versions().lower(round);
        return v == null ? initial.apply(index) : files.read(index, v);
    }

    /** Stores the state after {@code round} and keeps only it and the version it started from. */
    public void save(ClientState s, int round) throws IOException {
        Integer prev = versions().lower(round);
        files.write(s, round);
        Set<String> keep = new HashSet<>();
        keep.add(ClientStateFiles.name(s.clientId(), round));
        keep.add(ClientStateFiles.name(index, round));
        if (prev != null) {
            keep.add(ClientStateFiles.name(index, prev));
        }
        files.deleteAllBut(keep);
    }
}
