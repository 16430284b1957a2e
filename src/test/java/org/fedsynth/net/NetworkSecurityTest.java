package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.net.proto.FederationGrpc;
import org.fedsynth.net.proto.HelloReply;
import org.fedsynth.net.proto.HelloRequest;
import org.fedsynth.net.proto.LocalLosses;
import org.fedsynth.net.proto.RoundTask;
import org.fedsynth.net.proto.StatusReply;
import org.fedsynth.net.proto.StatusRequest;
import org.fedsynth.net.proto.SubmitReply;
import org.fedsynth.net.proto.TaskChunk;
import org.fedsynth.net.proto.TaskRequest;
import org.fedsynth.net.proto.TensorChunk;
import org.fedsynth.net.proto.UpdateChunk;
import org.fedsynth.net.proto.UpdateHeader;
import org.fedsynth.net.server.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security against a real server process over TLS (client certificates optional): the test plays
 * hostile clients with raw gRPC calls. Bad, missing and revoked credentials are refused;
 * impersonation is refused; a NaN update, a wrong shape and a stale round are rejected with clear
 * messages; the server keeps running and completes the round with the honest update; SIGTERM
 * then stops it cleanly with the completed round checkpointed.
 */
class NetworkSecurityTest {

    private NetFixture f;
    private int port;

    private ManagedChannel channel(String certId) throws Exception {
        SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(f.certs.resolve("ca.pem").toFile());
        if (certId != null) {
            ssl.keyManager(f.certs.resolve(certId + ".pem").toFile(), f.certs.resolve(certId + ".key").toFile());
        }
        return NettyChannelBuilder.forAddress("localhost", port).sslContext(ssl.build()).build();
    }

    /** A raw client: the generated stubs on {@code channel}, a 20 s deadline, and {@code token} if not {@code null}. */
    private record Rpc(FederationGrpc.FederationBlockingStub blocking, FederationGrpc.FederationStub async) {

        Rpc(ManagedChannel channel, String token) {
            this(withToken(FederationGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS), token),
                    withToken(FederationGrpc.newStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS), token));
        }

        HelloReply hello(HelloRequest r) {
            return blocking.hello(r);
        }

        Iterator<TaskChunk> getTask(TaskRequest r) {
            return blocking.getTask(r);
        }

        StreamObserver<UpdateChunk> submit(StreamObserver<SubmitReply> reply) {
            return async.submitUpdate(reply);
        }

        StatusReply status() {
            return blocking.status(StatusRequest.getDefaultInstance());
        }
    }

    private static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        if (token == null) {
            return stub;
        }
        return stub.withCallCredentials(new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        });
    }

    private String tokenOf(String id) throws Exception {
        return Files.readString(f.certs.resolve(id + ".token")).trim();
    }

    private static HelloRequest hello(String id) {
        return HelloRequest.newBuilder().setClientId(id).setSamples(10).addClassNames("normal").build();
    }


    /** The task's header and the global generator. */
    private static ModelWeights fetch(Rpc c, String id, RoundTask[] header) throws Exception {
        Iterator<TaskChunk> it = c.getTask(TaskRequest.newBuilder().setClientId(id).build());
        header[0] = it.next().getHeader();
        Map<String, List<TensorChunk>> chunks = new LinkedHashMap<>();
        while (it.hasNext()) {
            TensorChunk t = it.next().getTensor();
            chunks.computeIfAbsent(t.getName(), k -> new ArrayList<>()).add(t);
        }
        List<Tensor> ts = new ArrayList<>();
        for (List<TensorChunk> l : chunks.values()) {
            long[] shape = l.get(0).getShapeList().stream().mapToLong(Long::longValue).toArray();
            int n = 0;
            for (TensorChunk t : l) {
                n += t.getData().size() / 4;
            }
            float[] d = new float[n];
            int off = 0;
            for (TensorChunk t : l) {
                int k = t.getData().size() / 4;
                t.getData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(d, off, k);
                off += k;
            }
            ts.add(new Tensor(l.get(0).getName(), shape, d));
        }
        return new ModelWeights(ts);
    }

    /** Uploads {@code g} claiming {@code claimedId} and {@code round}; returns the reply or throws the refusal. */
    private static SubmitReply submit(Rpc c, String claimedId, int round, ModelWeights g) throws Exception {
        CompletableFuture<SubmitReply> done = new CompletableFuture<>();
        StreamObserver<UpdateChunk> up = c.submit(new StreamObserver<>() {
            SubmitReply r;

            @Override
            public void onNext(SubmitReply v) {
                r = v;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(r);
            }
        });
        up.onNext(UpdateChunk.newBuilder().setHeader(UpdateHeader.newBuilder().setClientId(claimedId).setRound(round)
                .setSamples(10).setLosses(LocalLosses.newBuilder().setLossGMean(0.7).setLossGLast(0.7).setLossDMean(1.3)
                        .setLossDLast(1.3).setSteps(1))).build());
        TensorCodec.encode("g", g, 4096, t -> up.onNext(UpdateChunk.newBuilder().setTensor(t).build()));
        up.onCompleted();
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (StatusRuntimeException) e.getCause();
        }
    }

    private static StatusRuntimeException rejected(ThrowingCall call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void hostileClientsAreRefusedAndTheServerKeepsRunning(@TempDir Path tmp) throws Exception {
        f = new NetFixture(tmp, List.of("x", "y", "z"));
        try (NetFixture fx = f) {
            Path cfg = f.write("server.yaml", """
                    seed: 1
                    data: {resolution: 32, channels: 1}
                    federation: {rounds: 2}
                    training: {batch_size: 8, local_steps: 1, base_width: 8}
                    output: {sample_every: 5}
                    server:
                      port: 0
                      out: run
                      tls: {cert: certs/server.pem, key: certs/server.key, client_ca: certs/ca.pem, client_auth: optional}
                      class_names: [normal, opacity]
                      clients_file: certs/clients.yaml
                      clients:
                        - {id: gone, token_sha256: %s, revoked: true}
                      min_clients: 1
                      round_timeout_s: 60
                    """.formatted(Credentials.sha256("revoked-token")));
            NetFixture.Proc server = f.serve("server", cfg);
            port = NetFixture.port(server);
            ManagedChannel plain = channel(null);
            ManagedChannel yCert = channel("y");
            try {
                // credentials
                StatusRuntimeException e = rejected(() -> new Rpc(plain, "not-a-token").hello(hello("x")));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("unknown token"), e.getMessage());
                e = rejected(() -> new Rpc(plain, null).hello(hello("x")));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                e = rejected(() -> new Rpc(plain, "revoked-token").hello(hello("gone")));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("revoked"), e.getMessage());
                // impersonation: x's token claiming y; x's token with y's certificate
                Rpc x = new Rpc(plain, tokenOf("x"));
                e = rejected(() -> x.hello(hello("y")));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("impersonation"), e.getMessage());
                e = rejected(() -> new Rpc(yCert, tokenOf("x")).hello(hello("x")));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                // a certificate alone identifies y (mutual TLS)
                Rpc y = new Rpc(yCert, null);
                assertEquals(2, y.hello(hello("y")).getClientIndex(), "index = position: server.clients, then clients_file");

                // round 1 opens; x sends NaN, y a wrong shape, z claims to be x, then a stale round, then a valid update
                assertEquals(1, x.hello(hello("x")).getClientIndex());
                Rpc z = new Rpc(plain, tokenOf("z"));
                z.hello(hello("z"));
                RoundTask[] h = new RoundTask[1];
                ModelWeights g = null;
                for (int i = 0; i < 100 && (h[0] == null || h[0].getKind() != RoundTask.Kind.TRAIN); i++) {
                    g = fetch(x, "x", h);
                    Thread.sleep(100);
                }
                assertEquals(RoundTask.Kind.TRAIN, h[0].getKind());
                assertEquals(1, h[0].getRound());
                fetch(y, "y", new RoundTask[1]);
                fetch(z, "z", new RoundTask[1]);

                float[] nan = g.flatten();
                nan[3] = Float.NaN;
                ModelWeights withNan = g.unflatten(nan);
                e = rejected(() -> submit(x, "x", 1, withNan));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("NaN"), e.getMessage());

                List<Tensor> bad = new ArrayList<>(g.tensors());
                Tensor t0 = bad.get(0);
                bad.set(0, new Tensor(t0.name(), new long[] {t0.numel()}, t0.data()));
                ModelWeights wrongShape = new ModelWeights(bad);
                e = rejected(() -> submit(y, "y", 1, wrongShape));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("shape"), e.getMessage());

                ModelWeights valid = g;
                e = rejected(() -> submit(z, "x", 1, valid));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                e = rejected(() -> submit(z, "z", 7, valid));
                assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("current round is 1"), e.getMessage());
                assertTrue(submit(z, "z", 1, valid).getAccepted());

                // the server kept running: round 1 completes with z's update alone
                server.await("round 1 complete", 60);
                assertTrue(server.text().contains("REJECTED x: generator tensor"), server.text());
                var status = z.status();
                assertEquals(1, status.getCompletedRound());
                assertTrue(status.getRejectionsCount() >= 6, status.toString());
            } finally {
                plain.shutdownNow();
                yCert.shutdownNow();
            }
            // SIGTERM while round 2 waits for updates: a clean stop, round 1 checkpointed, round 2 abandoned
            server.await("round 2 of 2 open", 30);
            server.process().destroy();
            assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), server.text());
            server.await("server stopped; last complete round 1 of 2", 5);
            assertTrue(Files.exists(tmp.resolve("run/checkpoints/round-0001.ckpt")));
            assertFalse(Files.exists(tmp.resolve("run/checkpoints/round-0002.ckpt")));
            try (var s = Files.list(tmp.resolve("run/checkpoints"))) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "nothing partial");
            }
        }
    }
}
