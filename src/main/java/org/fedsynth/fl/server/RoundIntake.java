package org.fedsynth.fl.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;

/**
 * The intake of one open round, opened by {@link RoundServer#open}: the transports deliver the
 * clients' updates to it and report what else happened (rejections, drops, who was asked); it
 * validates every delivered update ({@link UpdateValidator}) and keeps the accepted ones sorted by
 * client index, so float sums are the same whatever the arrival order.
 *
 * <p>Not thread-safe: the networked coordinator calls it under its own lock.
 */
public final class RoundIntake {

    private final RoundContext ctx;
    private final long openedNanos = System.nanoTime();
    private final Map<Integer, ClientUpdate> accepted = new TreeMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final List<String> rejections = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private List<Integer> sampled;

    /** The intake of the round described by {@code ctx} (normally opened by {@link RoundServer#open}). */
    public RoundIntake(RoundContext ctx) {
        this.ctx = ctx;
    }

    /** The round number. */
    public int round() {
        return ctx.round();
    }

    /** What the strategy will see besides the updates: the global models the clients start from. */
    public RoundContext context() {
        return ctx;
    }

    /** When the round opened ({@link System#nanoTime()}). */
    public long openedNanos() {
        return openedNanos;
    }

    /**
     * Validates an update and keeps it for aggregation. A rejected update is not kept; the caller
     * reports it with {@link #rejected} (a transport may phrase it in its own terms).
     *
     * @param name the client's display name (networked sites), or {@code null}
     * @return {@code null} when accepted, else the problem, starting with the client's name
     *     ({@code name}, or {@code client N})
     */
    public String deliver(ClientUpdate u, String name) {
        String problem = UpdateValidator.problem(u, ctx);
        if (problem == null && accepted.containsKey(u.clientId())) {
            problem = "client " + u.clientId() + ": already submitted an update in round " + round();
        }
        if (problem != null) {
            return name == null ? problem : name + ": " + problem.replaceFirst("^client \\d+: ", "");
        }
        accepted.put(u.clientId(), u);
        if (name != null) {
            names.put(u.clientId(), name);
        }
        return null;
    }

    /** Reports a rejected update or refused call during this round (listed in the round's record). */
    public void rejected(String message) {
        rejections.add(message);
    }

    /** Reports a client that was expected but did not answer by the deadline. */
    public void dropped(String client) {
        dropped.add(client);
    }

    /** Reports the clients asked to train this round (default: those whose updates were accepted). */
    public void sampled(int[] clients) {
        List<Integer> s = new ArrayList<>(clients.length);
        for (int c : clients) {
            s.add(c);
        }
        sampled = s;
    }

    /** The accepted updates, sorted by client index. */
    public List<ClientUpdate> accepted() {
        return List.copyOf(accepted.values());
    }

    /** The display name of client {@code index}, or {@code null}. */
    public String name(int index) {
        return names.get(index);
    }

    /** The rejections reported so far. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** The clients reported dropped. */
    public List<String> droppedClients() {
        return List.copyOf(dropped);
    }

    /** The clients asked to train, or the accepted ones when no transport said. */
    public List<Integer> sampledClients() {
        return sampled != null ? List.copyOf(sampled) : List.copyOf(accepted.keySet());
    }
}
