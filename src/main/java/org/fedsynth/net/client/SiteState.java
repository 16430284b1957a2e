package org.fedsynth.net.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.sim.ClientStateStore;

/**
 * A site's private state on its own disk: its discriminator and both Adam optimizers, one
 * versioned file per trained round ({@code client_NNNN.rRRRR.state}, written atomically by
 * {@link ClientStateStore#onDisk}). Training round {@code r} starts from the newest version before
 * {@code r}, so a site that trained a round the server never completed (server killed, round
 * abandoned) redoes it from the same state; the two newest versions are kept.
 */
public final class SiteState {

    private static final Pattern FILE = Pattern.compile("client_(\\d+)\\.r(\\d+)\\.state");
    private final Path dir;
    private final int index;

    /** The state of federation client {@code index} in {@code dir} (created if missing). */
    public SiteState(Path dir, int index) throws IOException {
        this.dir = dir;
        this.index = index;
        Files.createDirectories(dir);
    }

    /** Rounds with a stored state, ascending. */
    public TreeSet<Integer> versions() throws IOException {
        TreeSet<Integer> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) == index) {
                    out.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        return out;
    }

    /** The last round this site trained, 0 if none. */
    public int lastRound() throws IOException {
        TreeSet<Integer> v = versions();
        return v.isEmpty() ? 0 : v.last();
    }

    /** The state to train round {@code round} from: the newest version before it, or {@code initial}. */
    public ClientState before(int round, IntFunction<ClientState> initial) throws IOException {
        Integer v = versions().lower(round);
        return ClientStateStore.onDisk(dir, v == null ? Map.of() : Map.of(index, v), initial).get(index);
    }

    /** Stores the state after {@code round} and keeps only it and the version it started from. */
    public void save(ClientState s, int round) throws IOException {
        Integer prev = versions().lower(round);
        ClientStateStore store = ClientStateStore.onDisk(dir, Map.of(), i -> s);
        store.put(s, round);
        store.retainOnly(prev == null ? List.of(Map.of(index, round)) : List.of(Map.of(index, round), Map.of(index, prev)));
    }
}
