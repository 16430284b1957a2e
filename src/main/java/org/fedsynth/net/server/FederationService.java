package org.fedsynth.net.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.server.RunSeeds;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.net.HelloMessages;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.FederationGrpc;
import org.fedsynth.net.proto.HelloReply;
import org.fedsynth.net.proto.HelloRequest;
import org.fedsynth.net.proto.RoundTask;
import org.fedsynth.net.proto.StatusReply;
import org.fedsynth.net.proto.StatusRequest;
import org.fedsynth.net.proto.SubmitReply;
import org.fedsynth.net.proto.TaskChunk;
import org.fedsynth.net.proto.TaskRequest;
import org.fedsynth.net.proto.UpdateChunk;

/**
 * The gRPC face of the {@link Coordinator}: the generated {@code fedsynth.v1.Federation} service
 * base ({@link FederationGrpc.FederationImplBase}, from {@code fedsynth.proto}); every call is
 * already authenticated by {@link AuthInterceptor}.
 */
public final class FederationService extends FederationGrpc.FederationImplBase {

    private static final int WAIT_MS = 500;

    private final Coordinator coordinator;
    private final RunConfig run;
    private final GanSpec spec;
    private final List<String> classNames;
    private final int chunkBytes;
    private final String runId;
    /** The clip bound the server announces in its hello (0: it does not clip). */
    private final double clipBound;

    /** Serves {@code coordinator}'s rounds. */
    public FederationService(Coordinator coordinator, RunConfig run, GanSpec spec, List<String> classNames, int chunkBytes,
            String runId) {
        this.coordinator = coordinator;
        this.run = run;
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.chunkBytes = chunkBytes;
        this.runId = runId;
        Double clip = org.fedsynth.fl.server.RunParts.strategy(run).announcedClipBound();
        this.clipBound = clip == null ? 0.0 : clip;
    }

    private static Credentials.Known caller() {
        return AuthInterceptor.CLIENT.get();
    }

    /** Refuses a message whose claimed id is not the caller's credential. */
    private boolean impersonation(String claimed, StreamObserver<?> out) {
        Credentials.Known who = caller();
        if (!who.id().equals(claimed)) {
            String msg = "impersonation: the credential belongs to " + who.id() + " but the message claims to come from '"
                    + claimed + "'";
            coordinator.refused(msg);
            out.onError(Status.PERMISSION_DENIED.withDescription(msg).asRuntimeException());
            return true;
        }
        return false;
    }

    @Override
    public void hello(HelloRequest request, StreamObserver<HelloReply> out) {
        if (impersonation(request.getClientId(), out)) {
            return;
        }
        Credentials.Known who = caller();
        List<String> unknown = request.getClassNamesList().stream().filter(c -> !classNames.contains(c)).toList();
        if (!unknown.isEmpty()) {
            String msg = who.id() + ": its data has class folders " + unknown + " that the federation does not know"
                    + " (server.class_names = " + classNames + "); rename or remove them";
            coordinator.refused(msg);
            out.onError(Status.FAILED_PRECONDITION.withDescription(msg).asRuntimeException());
            return;
        }
        coordinator.hello(who, request.getAttackEnabled(), request.getSamples());
        out.onNext(HelloReply.newBuilder()
                .setClientIndex(who.index())
                .setSpec(HelloMessages.spec(spec, classNames))
                .setTraining(HelloMessages.training(run.training()))
                .setAverageDiscriminator(run.federation().averageDiscriminator())
                .setInitDSeed(RunSeeds.initialDiscriminator(run, who.index()))
                .setRounds(coordinator.rounds())
                .setCompletedRound(coordinator.completedRound())
                .setRunId(runId)
                .setClipBound(clipBound)
                .build());
        out.onCompleted();
    }

    @Override
    public void getTask(TaskRequest request, StreamObserver<TaskChunk> out) {
        if (impersonation(request.getClientId(), out)) {
            return;
        }
        Credentials.Known who = caller();
        if (coordinator.done()) {
            coordinator.toldDone(who.id());
            out.onNext(header(RoundTask.newBuilder().setKind(RoundTask.Kind.DONE).setRounds(coordinator.rounds())
                    .setRound(coordinator.completedRound()).setMessage("all rounds complete")));
            out.onCompleted();
            return;
        }
        RoundState round = coordinator.task(who);
        if (round == null) {
            out.onNext(header(RoundTask.newBuilder().setKind(RoundTask.Kind.WAIT).setRetryAfterMs(WAIT_MS)
                    .setRounds(coordinator.rounds()).setRound(coordinator.completedRound())));
            out.onCompleted();
            return;
        }
        var ctx = round.context();
        out.onNext(header(RoundTask.newBuilder().setKind(RoundTask.Kind.TRAIN).setRound(round.round())
                .setRounds(coordinator.rounds())
                .setTrainSeed(RunSeeds.train(run, round.round(), who.index()))
                .setDeadlineUnixMs(round.deadlineMs())));
        TensorCodec.encode("g", ctx.globalGenerator(), chunkBytes, c -> out.onNext(TaskChunk.newBuilder().setTensor(c).build()));
        if (ctx.globalDiscriminator() != null) {
            TensorCodec.encode("d", ctx.globalDiscriminator(), chunkBytes, c -> out.onNext(TaskChunk.newBuilder().setTensor(c).build()));
        }
        out.onCompleted();
    }

    private static TaskChunk header(RoundTask.Builder b) {
        return TaskChunk.newBuilder().setHeader(b).build();
    }

    @Override
    public StreamObserver<UpdateChunk> submitUpdate(StreamObserver<SubmitReply> out) {
        Credentials.Known who = caller();
        return new StreamObserver<>() {
            private RoundState round;
            private RoundState.Submission submission;
            private boolean failed;

            @Override
            public void onNext(UpdateChunk c) {
                if (failed) {
                    return;
                }
                try {
                    if (c.hasHeader()) {
                        if (submission != null) {
                            throw new RoundState.Rejected(Status.Code.INVALID_ARGUMENT, who.id() + ": two headers in one update");
                        }
                        submission = coordinator.begin(who, c.getHeader());
                        round = currentRound(c.getHeader().getRound());
                    } else if (c.hasTensor()) {
                        if (submission == null) {
                            throw new RoundState.Rejected(Status.Code.INVALID_ARGUMENT, who.id()
                                    + ": tensor chunk before the update header");
                        }
                        coordinator.accept(round, submission, c.getTensor());
                    } else {
                        throw new RoundState.Rejected(Status.Code.INVALID_ARGUMENT, who.id() + ": empty update chunk");
                    }
                } catch (RoundState.Rejected e) {
                    fail(e);
                }
            }

            private RoundState currentRound(int r) throws RoundState.Rejected {
                RoundState s = coordinator.openRound();
                if (s == null || s.round() != r) {
                    throw new RoundState.Rejected(Status.Code.FAILED_PRECONDITION, who.id() + ": round " + r + " closed");
                }
                return s;
            }

            private void fail(RoundState.Rejected e) {
                failed = true;
                coordinator.refused(e.getMessage());
                out.onError(e.status().asRuntimeException());
            }

            @Override
            public void onError(Throwable t) {
                // the client went away mid-upload: nothing was kept
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    if (submission == null) {
                        throw new RoundState.Rejected(Status.Code.INVALID_ARGUMENT, who.id() + ": update without a header");
                    }
                    coordinator.finish(round, submission);
                    out.onNext(SubmitReply.newBuilder().setAccepted(true)
                            .setMessage("round " + round.round() + ": update accepted").build());
                    out.onCompleted();
                } catch (RoundState.Rejected e) {
                    fail(e);
                }
            }
        };
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> out) {
        out.onNext(coordinator.status());
        out.onCompleted();
    }
}
