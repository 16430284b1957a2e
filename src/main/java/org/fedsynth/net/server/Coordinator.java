package org.fedsynth.net.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.server.RoundServer;
import org.fedsynth.fl.server.RunParts;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.RunDirectory;

/**
 * The coordinator's round state machine. A round opens once {@code min_clients} clients are
 * connected; it closes when every client that was connected at the opening or fetched the task
 * has submitted, or at the deadline, provided at least {@code min_clients} updates were accepted
 * (otherwise the deadline is extended and the shortfall logged). Clients that did not submit in
 * time are dropped for that round and may join the next one. Aggregation, audit records, grids
 * and the checkpoint are the same {@link RoundServer}'s as the simulation's; this class only
 * delivers updates to the round and reports drops and rejections. On {@link #stop}
 * an open round is abandoned (never checkpointed); a round being committed is finished first.
 *
 * <p>One responsibility, the round state machine under one lock (opening, waiting, deadlines, closing,
 * stopping); the sites' table is {@link Peers} and everything a round computes is {@link RoundServer}'s.
 */
public final class Coordinator implements Runnable {

    private final ServerConfig cfg;
    private final RunConfig run;
    private final GanSpec spec;
    private final AggregationStrategy strategy;
    private final RunDirectory dir;
    private final PrintStream log;
    private final Peers peers;
    private final Checkpoint resume;
    private int completed;
    private RoundState open;
    private boolean committing;
    private boolean stopping;
    private boolean finished;
    private Throwable failure;

    /** A coordinator for {@code cfg}, continuing from {@code resume} (or from scratch when {@code null}). */
    public Coordinator(ServerConfig cfg, GanSpec spec, AggregationStrategy strategy, Credentials credentials,
            RunDirectory dir, Checkpoint resume, PrintStream log) {
        this.cfg = cfg;
        this.run = cfg.run();
        this.spec = spec;
        this.strategy = strategy;
        this.dir = dir;
        this.resume = resume;
        this.log = log;
        this.completed = resume == null ? 0 : resume.round();
        this.peers = new Peers(credentials.all(), cfg.server().livenessS());
    }

    /** Logs one line with the time. */
    void log(String line) {
        synchronized (log) {
            log.println(LocalTime.now().format(Peers.CLOCK) + " " + line);
            log.flush();
        }
    }

    /** Records and logs a refused call or rejected update. */
    public synchronized void refused(String message) {
        log("REJECTED " + message);
        peers.rejected(message);
        if (open != null) {
            open.rejected(message);
        }
    }

    // ------------------------------------------------------------------ calls from the service

    /** A client said hello. */
    public synchronized void hello(Credentials.Known who, boolean attacker, long samples) {
        boolean wasConnected = peers.connectedIds().contains(who.id());
        Peers.Peer p = peers.seen(who.id());
        p.declaredAttacker = attacker;
        if (!wasConnected) {
            log("client " + who.id() + " (index " + who.index() + ", " + samples + " images) connected"
                    + (attacker ? " -- it DECLARES AN ATTACK (experiment)" : ""));
        }
        notifyAll();
    }

    /** The last completed round. */
    public synchronized int completedRound() {
        return completed;
    }

    /** The run's rounds. */
    public int rounds() {
        return run.federation().rounds();
    }

    /** The task for {@code who}: the open round (if it may train in it), or {@code null} to wait; {@link #DONE} when finished. */
    public synchronized RoundState task(Credentials.Known who) {
        peers.seen(who.id());
        notifyAll();
        if (open == null || open.closed() || open.hasSubmitted(who.id())) {
            return null;
        }
        open.fetched(who.id());
        return open;
    }

    /** The open round, or {@code null}. */
    public synchronized RoundState openRound() {
        return open;
    }

    /** Whether all rounds are complete. */
    public synchronized boolean done() {
        return finished || completed >= rounds();
    }

    /** Starts receiving an update. */
    public synchronized RoundState.Submission begin(Credentials.Known who, org.fedsynth.net.proto.UpdateHeader h)
            throws RoundState.Rejected {
        peers.seen(who.id());
        if (open == null) {
            throw new RoundState.Rejected(io.grpc.Status.Code.FAILED_PRECONDITION, who.id() + ": no round is open (update for round "
                    + h.getRound() + ", last completed round " + completed + ")");
        }
        return open.begin(who, h);
    }

    /** One chunk of an update (the round may have closed meanwhile: then it is refused at the end). */
    public synchronized void accept(RoundState round, RoundState.Submission s, org.fedsynth.net.proto.TensorChunk c)
            throws RoundState.Rejected {
        round.accept(s, c);
    }

    /** Completes an update. */
    public synchronized void finish(RoundState round, RoundState.Submission s) throws RoundState.Rejected {
        ClientUpdate u = round.finish(s);
        Peers.Peer p = peers.seen(s.who().id());
        p.lastRound = round.round();
        log("round " + round.round() + ": accepted update of " + s.who().id() + " (" + u.samples() + " images, lossG "
                + String.format("%.3f", u.stats().lossGMean()) + ")" + (p.declaredAttacker ? " [declared attacker]" : ""));
        notifyAll();
    }

    // ------------------------------------------------------------------ the loop

    /** Asks the loop to stop: an open round is abandoned, a commit in progress completes. */
    public synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    /** Whether a round is being aggregated and checkpointed right now. */
    public synchronized boolean committing() {
        return committing;
    }

    /** The error that stopped the loop, if any. */
    public synchronized Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            synchronized (this) {
                failure = t;
            }
            log("coordinator stopped by an error: " + t);
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    private void loop() throws IOException, InterruptedException {
        int rounds = rounds();
        try (MetricsLog metrics = MetricsLog.open(dir.metrics(), completed);
                RoundServer server = new RoundServer(run, spec, cfg.server().classNames(), strategy,
                        RunParts.observers(run, spec), dir, metrics, resume)) {
            long timeoutMs = (long) (cfg.server().roundTimeoutS() * 1000);
            int min = cfg.server().minClients();
            while (true) {
                RoundState round;
                synchronized (this) {
                    if (completed >= rounds) {
                        log("all " + rounds + " rounds complete");
                        return;
                    }
                    int r = completed + 1;
                    boolean announced = false;
                    while (!stopping && peers.connectedIds().size() < min) {
                        if (!announced) {
                            log("round " + r + ": waiting for clients (" + peers.connectedIds().size() + " of min_clients " + min
                                    + " connected: " + peers.connectedIds() + ")");
                            announced = true;
                        }
                        wait(500);
                    }
                    if (stopping) {
                        return;
                    }
                    Set<String> expected = peers.connectedIds();
                    round = new RoundState(server.open(r), System.currentTimeMillis() + timeoutMs, expected);
                    open = round;
                    log("round " + r + " of " + rounds + " open: expecting " + expected + ", deadline "
                            + cfg.server().roundTimeoutS() + " s");
                    notifyAll();
                    while (!stopping) {
                        long now = System.currentTimeMillis();
                        if (round.ready(min, now)) {
                            break;
                        }
                        if (now >= round.deadlineMs()) {
                            log("round " + r + ": deadline passed with " + round.accepted().size() + " of min_clients " + min
                                    + " updates; waiting another " + cfg.server().roundTimeoutS() + " s (outstanding: "
                                    + round.outstanding() + ")");
                            round.extendDeadline(now + timeoutMs);
                        }
                        wait(Math.max(1, Math.min(500, round.deadlineMs() - now)));
                    }
                    if (stopping) {
                        open = null;
                        log("stopping: round " + r + " abandoned (not checkpointed; it is redone after a restart);"
                                + " last complete round " + completed);
                        return;
                    }
                    round.close();
                    committing = true;
                    for (String id : round.outstanding()) {
                        round.intake().dropped(id);
                        log("round " + r + ": " + id + " dropped (no update by the deadline); it may join the next round");
                    }
                }
                try {
                    commit(server, round);
                } finally {
                    synchronized (this) {
                        committing = false;
                        completed = round.round();
                        open = null;
                        notifyAll();
                    }
                }
            }
        }
    }

    private void commit(RoundServer server, RoundState round) throws IOException {
        RoundServer.Outcome out = server.close(round.intake(), declaredAttackers(), List.of(), Map.of());
        StringBuilder sb = new StringBuilder();
        synchronized (this) {
            for (Peers.Peer p : peers.all()) {
                ClientDecision d = out.decisionOf(p.known.index());
                if (d == null) {
                    continue;
                }
                p.lastDecision = d;
                sb.append(String.format(" %s=%.3f%s", p.known.id(), d.weight(),
                        d.flagged() ? (d.applied() ? " (FLAGGED, suppressed)" : " (flagged, not applied)") : ""));
            }
        }
        log("round " + round.round() + " complete (checkpointed): " + out.updates().size() + " updates, " + strategy.name()
                + " weights:" + sb + " | " + out.summary());
    }

    /** Records that {@code id} was told the run is done. */
    public synchronized void toldDone(String id) {
        peers.toldDone(id);
    }

    /** How many clients were told the run is done. */
    public synchronized int toldDoneCount() {
        return peers.toldDoneCount();
    }

    /** How many clients are connected now. */
    public synchronized int connectedCount() {
        return peers.connectedIds().size();
    }

    /** The malicious ground truth: clients that declared an attack. */
    public synchronized Set<Integer> declaredAttackers() {
        return peers.declaredAttackers();
    }

    /** The status as protobuf. */
    public synchronized org.fedsynth.net.proto.StatusReply status() {
        return org.fedsynth.net.proto.StatusReply.newBuilder()
                .setRound(open != null ? open.round() : completed)
                .setCompletedRound(completed)
                .setRounds(rounds())
                .setStrategy(strategy.name())
                .setPhase(phase())
                .setSubmitted(open != null ? open.accepted().size() : 0)
                .addAllRejections(peers.recentRejections())
                .addAllClients(peers.statuses())
                .build();
    }

    private String phase() {
        if (completed >= rounds()) {
            return "done";
        }
        if (committing) {
            return "aggregating";
        }
        return open != null ? "training" : "waiting";
    }

    /**
     * The status as JSON (the HTTP endpoint): the {@code StatusReply} message printed by protobuf's
     * {@code JsonFormat} with the proto field names and every field, zeros included.
     */
    public String statusJson() {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence().print(status());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("status: " + e.getMessage(), e);
        }
    }
}
