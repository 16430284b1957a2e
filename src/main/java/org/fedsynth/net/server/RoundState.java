package org.fedsynth.net.server;

import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.server.RoundIntake;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.TensorChunk;
import org.fedsynth.net.proto.UpdateHeader;

/**
 * One open round on the coordinator and the intake of its updates. Every update is validated
 * before any strategy sees it: the sender's claimed id is its credential's, the round is the open
 * one, it has not submitted this round, every chunk matches the global model's tensor names,
 * shapes and dtype and stays within the tensor's size, and finally (through
 * the server round's {@link RoundIntake}, the one validator of both transports) all values and
 * losses are finite. A rejected update throws
 * {@link Rejected} with a gRPC status and a message naming the problem; the round goes on.
 *
 * <p>Not thread-safe: the coordinator calls it under its own lock.
 */
public final class RoundState {

    /** A refused call or update: the status code to answer with and the reason. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Status status;

        /** With a status code and a complete message. */
        public Rejected(Status.Code code, String message) {
            super(message);
            this.status = Status.fromCode(code).withDescription(message);
        }

        /** The status to close the call with. */
        public Status status() {
            return status;
        }
    }

    /** One update being received. */
    public static final class Submission {
        private final Credentials.Known who;
        private final UpdateHeader header;
        private final TensorCodec.Assembler assembler;

        private Submission(Credentials.Known who, UpdateHeader header, TensorCodec.Assembler assembler) {
            this.who = who;
            this.header = header;
            this.assembler = assembler;
        }

        /** The sender. */
        public Credentials.Known who() {
            return who;
        }
    }

    private final RoundIntake intake;
    private final RoundContext ctx;
    private long deadlineMs;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Set<String> fetched = new LinkedHashSet<>();
    private final Set<String> finished = new LinkedHashSet<>();
    private boolean closed;

    /** The round of {@code intake}, closing at {@code deadlineMs} (epoch ms), expecting these clients. */
    public RoundState(RoundIntake intake, long deadlineMs, Set<String> expected) {
        this.intake = intake;
        this.ctx = intake.context();
        this.deadlineMs = deadlineMs;
        this.expected.addAll(expected);
    }

    /** The round number. */
    public int round() {
        return ctx.round();
    }

    /** The context (global models the clients start from). */
    public RoundContext context() {
        return ctx;
    }

    /** The deadline, epoch ms. */
    public long deadlineMs() {
        return deadlineMs;
    }

    /** Moves the deadline (when too few updates arrived in time). */
    public void extendDeadline(long newDeadlineMs) {
        deadlineMs = newDeadlineMs;
    }

    /** The server round's intake, to which accepted updates and every rejection are delivered. */
    public RoundIntake intake() {
        return intake;
    }

    /** Records that {@code id} fetched the task (it is now expected to submit). */
    public void fetched(String id) {
        fetched.add(id);
    }

    /** Whether {@code id} has already submitted (accepted or rejected) this round. */
    public boolean hasSubmitted(String id) {
        return finished.contains(id);
    }

    /** Whether the round takes no more updates. */
    public boolean closed() {
        return closed;
    }

    /** Closes the round to further updates. */
    public void close() {
        closed = true;
    }

    /** Validates an update's header and starts receiving its tensors. */
    public Submission begin(Credentials.Known who, UpdateHeader h) throws Rejected {
        if (!h.getClientId().equals(who.id())) {
            throw new Rejected(Status.Code.PERMISSION_DENIED, "impersonation: the credential belongs to " + who.id()
                    + " but the update claims to come from '" + h.getClientId() + "'");
        }
        if (closed) {
            throw new Rejected(Status.Code.FAILED_PRECONDITION, who.id() + ": round " + round()
                    + " is closed (the deadline passed or it was aggregated); the client joins the next round");
        }
        if (h.getRound() != round()) {
            throw new Rejected(Status.Code.FAILED_PRECONDITION, who.id() + ": update is for round " + h.getRound()
                    + ", the current round is " + round() + " (stale or future update)");
        }
        if (finished.contains(who.id())) {
            throw new Rejected(Status.Code.ALREADY_EXISTS, who.id() + ": already submitted an update in round " + round()
                    + " (one per client per round)");
        }
        if (h.getSamples() < 1 || h.getSamples() > 1_000_000_000L) {
            finished.add(who.id());
            throw new Rejected(Status.Code.INVALID_ARGUMENT, who.id() + ": sample count " + h.getSamples() + " outside [1, 1e9]");
        }
        Map<String, ModelWeights> layout = new LinkedHashMap<>();
        layout.put("g", ctx.globalGenerator());
        if (ctx.globalDiscriminator() != null) {
            layout.put("d", ctx.globalDiscriminator());
        }
        return new Submission(who, h, new TensorCodec.Assembler(layout));
    }

    /** One chunk of a submission. */
    public void accept(Submission s, TensorChunk c) throws Rejected {
        try {
            s.assembler.accept(c);
        } catch (TensorCodec.Invalid e) {
            finished.add(s.who.id());
            throw new Rejected(Status.Code.INVALID_ARGUMENT, s.who.id() + ": " + e.getMessage());
        }
    }

    /** Completes a submission: the final checks, then the update is kept for aggregation. */
    public ClientUpdate finish(Submission s) throws Rejected {
        String id = s.who.id();
        if (closed) {
            throw new Rejected(Status.Code.FAILED_PRECONDITION, id + ": round " + round() + " closed while the update was"
                    + " being received (deadline passed); the client joins the next round");
        }
        if (finished.contains(id)) {
            throw new Rejected(Status.Code.ALREADY_EXISTS, id + ": already submitted an update in round " + round());
        }
        finished.add(id);
        Map<String, ModelWeights> w;
        try {
            w = s.assembler.finish();
        } catch (TensorCodec.Invalid e) {
            throw new Rejected(Status.Code.INVALID_ARGUMENT, id + ": " + e.getMessage());
        }
        var l = s.header.getLosses();
        ClientUpdate u = new ClientUpdate(s.who.index(), round(), w.get("g"), w.get("d"), s.header.getSamples(),
                new LocalStats(l.getLossGMean(), l.getLossGLast(), l.getLossDMean(), l.getLossDLast(), l.getSteps()));
        String problem = intake.deliver(u, id);
        if (problem != null) {
            throw new Rejected(Status.Code.INVALID_ARGUMENT, problem);
        }
        return u;
    }

    /** Records a rejection for the round's record. */
    public void rejected(String message) {
        intake.rejected(message);
    }

    /** Rejections so far. */
    public List<String> rejections() {
        return intake.rejections();
    }

    /** The accepted updates, sorted by client index (deterministic aggregation order). */
    public List<ClientUpdate> accepted() {
        return intake.accepted();
    }

    /** Clients expected or fetched that have not submitted. */
    public Set<String> outstanding() {
        Set<String> s = new LinkedHashSet<>(expected);
        s.addAll(fetched);
        s.removeAll(finished);
        return s;
    }

    /** Whether the round can close now: enough updates and nobody outstanding, or the deadline with enough updates. */
    public boolean ready(int minClients, long nowMs) {
        return intake.accepted().size() >= minClients && (outstanding().isEmpty() || nowMs >= deadlineMs);
    }
}
