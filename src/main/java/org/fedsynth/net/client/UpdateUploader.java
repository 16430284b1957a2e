package org.fedsynth.net.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.LocalLosses;
import org.fedsynth.net.proto.SubmitReply;
import org.fedsynth.net.proto.UpdateChunk;
import org.fedsynth.net.proto.UpdateHeader;

/**
 * Uploads one round's update ({@code SubmitUpdate}): a header with the round, the sample count and
 * the scalar losses, then the generator (and discriminator, if the update has one) in {@link
 * TensorCodec} chunks. A rejection by the server (invalid, duplicate, round closed) comes back as a
 * refused {@link SubmitReply} and is logged; transport failures are thrown as {@link
 * StatusRuntimeException} so the reconnect loop handles them.
 */
final class UpdateUploader {

    private final SiteChannel rpc;
    private final String clientId;
    private final SiteLog log;

    UpdateUploader(SiteChannel rpc, String clientId, SiteLog log) {
        this.rpc = rpc;
        this.clientId = clientId;
        this.log = log;
    }

    /** Sends {@code u} for {@code round} and waits (up to 10 minutes) for the server's answer. */
    SubmitReply submit(ClientUpdate u, int round) throws InterruptedException {
        CompletableFuture<SubmitReply> done = new CompletableFuture<>();
        StreamObserver<UpdateChunk> up = rpc.async().submitUpdate(new StreamObserver<>() {
            private SubmitReply reply;

            @Override
            public void onNext(SubmitReply value) {
                reply = value;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(reply);
            }
        });
        var st = u.stats();
        up.onNext(UpdateChunk.newBuilder().setHeader(UpdateHeader.newBuilder().setClientId(clientId).setRound(u.round())
                .setSamples(u.samples()).setLosses(LocalLosses.newBuilder().setLossGMean(st.lossGMean())
                        .setLossGLast(st.lossGLast()).setLossDMean(st.lossDMean()).setLossDLast(st.lossDLast())
                        .setSteps(st.steps()))).build());
        TensorCodec.encode("g", u.generator(), TensorCodec.DEFAULT_CHUNK_BYTES, c -> up.onNext(UpdateChunk.newBuilder().setTensor(c).build()));
        if (u.discriminator() != null) {
            TensorCodec.encode("d", u.discriminator(), TensorCodec.DEFAULT_CHUNK_BYTES,
                    c -> up.onNext(UpdateChunk.newBuilder().setTensor(c).build()));
        }
        up.onCompleted();
        try {
            return done.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException sre) {
                Status.Code code = sre.getStatus().getCode();
                if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.ALREADY_EXISTS
                        || code == Status.Code.FAILED_PRECONDITION) {
                    log.line("round " + round + ": the server REJECTED the update (" + code + "): " + sre.getStatus().getDescription());
                    return SubmitReply.newBuilder().setAccepted(false).setMessage(String.valueOf(sre.getStatus().getDescription())).build();
                }
                throw sre;
            }
            throw new StatusRuntimeException(Status.UNKNOWN.withCause(e.getCause()));
        } catch (TimeoutException e) {
            throw new StatusRuntimeException(Status.DEADLINE_EXCEEDED.withDescription("no answer to the upload in 10 minutes"));
        }
    }
}
