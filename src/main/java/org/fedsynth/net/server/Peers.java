package org.fedsynth.net.server;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.net.proto.ClientStatus;

/**
 * What the coordinator knows about its sites: who is connected (called within {@code liveness_s}),
 * who declared an attack, their last round and decision, who was told the run is done, and the
 * recent rejections, as shown on the status page. Not thread-safe: the {@link Coordinator} calls it
 * under its own lock.
 */
final class Peers {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int RECENT_REJECTIONS = 20;

    /** One known site. */
    static final class Peer {
        final Credentials.Known known;
        long lastSeenMs;
        boolean declaredAttacker;
        int lastRound;
        ClientDecision lastDecision;

        Peer(Credentials.Known known) {
            this.known = known;
        }
    }

    private final Map<String, Peer> byId = new LinkedHashMap<>();
    private final Deque<String> recentRejections = new ArrayDeque<>();
    private final Set<String> toldDone = new LinkedHashSet<>();
    private final long livenessMs;

    Peers(List<Credentials.Known> known, double livenessS) {
        for (Credentials.Known k : known) {
            byId.put(k.id(), new Peer(k));
        }
        this.livenessMs = (long) (livenessS * 1000);
    }

    /** The site {@code id}, marked as seen now. */
    Peer seen(String id) {
        Peer p = byId.get(id);
        p.lastSeenMs = System.currentTimeMillis();
        return p;
    }

    /** Whether {@code p} called within the liveness window. */
    boolean connected(Peer p, long now) {
        return p.lastSeenMs > 0 && now - p.lastSeenMs <= livenessMs;
    }

    /** The ids of the connected sites. */
    Set<String> connectedIds() {
        long now = System.currentTimeMillis();
        Set<String> out = new LinkedHashSet<>();
        for (Peer p : byId.values()) {
            if (connected(p, now)) {
                out.add(p.known.id());
            }
        }
        return out;
    }

    /** The malicious ground truth: the indices of the sites that declared an attack. */
    Set<Integer> declaredAttackers() {
        Set<Integer> s = new TreeSet<>();
        byId.values().stream().filter(p -> p.declaredAttacker).forEach(p -> s.add(p.known.index()));
        return s;
    }

    /** All sites, in the order of the clients file. */
    Iterable<Peer> all() {
        return byId.values();
    }

    /** Keeps a rejection for the status page (the last 20). */
    void rejected(String message) {
        recentRejections.addLast(LocalTime.now().format(CLOCK) + " " + message);
        while (recentRejections.size() > RECENT_REJECTIONS) {
            recentRejections.removeFirst();
        }
    }

    /** The recent rejections, oldest first. */
    List<String> recentRejections() {
        return List.copyOf(recentRejections);
    }

    /** Records that {@code id} was told the run is done; returns how many were. */
    int toldDone(String id) {
        toldDone.add(id);
        return toldDone.size();
    }

    /** How many sites were told the run is done. */
    int toldDoneCount() {
        return toldDone.size();
    }

    /** The status page's line of every site. */
    List<ClientStatus> statuses() {
        long now = System.currentTimeMillis();
        return byId.values().stream().map(p -> {
            var c = ClientStatus.newBuilder()
                    .setClientId(p.known.id()).setClientIndex(p.known.index()).setConnected(connected(p, now))
                    .setLastSeenUnixMs(p.lastSeenMs).setDeclaredAttacker(p.declaredAttacker).setLastRound(p.lastRound);
            if (p.lastDecision != null) {
                ClientDecision d = p.lastDecision;
                c.setWeight(d.weight()).setFlagged(d.flagged()).setApplied(d.applied())
                        .setScore(Double.isNaN(d.score()) ? 0 : d.score()).setTrackRecord(d.trackRecord()).setReason(d.reason());
            }
            return c.build();
        }).toList();
    }
}
