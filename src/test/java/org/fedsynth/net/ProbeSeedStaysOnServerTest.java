package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedsynth.data.ImageFolderWriter;
import org.fedsynth.data.Phantoms;
import org.fedsynth.net.client.SiteClient;
import org.fedsynth.net.proto.TensorChunk;
import org.fedsynth.net.server.Credentials;
import org.fedsynth.net.server.NetServer;
import org.fedsynth.net.server.ServerConfig;
import org.fedsynth.util.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FedDetect's probe is drawn from a seed that no site ever receives: a real server running the shipped
 * FedDetect ({@code probe: fresh}) and two real sites over loopback, with an interceptor recording every
 * message the server sends. Walking every field of every message, no integer equals the run's root seed
 * or any probe seed (fixed, or fresh for any round), no text contains them, and every tensor sent is a
 * model parameter (there is no tensor through which the probe noise could travel).
 */
class ProbeSeedStaysOnServerTest {

    private static final long ROOT = 424242L;
    private static final int ROUNDS = 3;

    @Test
    void noServerMessageCarriesTheProbeSeed(@TempDir Path tmp) throws Exception {
        List<Message> sent = Collections.synchronizedList(new ArrayList<>());
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
                return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void sendMessage(R message) {
                        sent.add((Message) message);
                        super.sendMessage(message);
                    }
                }, h);
            }
        };
        ImageFolderWriter.write(Phantoms.generate("cxr", 16, 32, 5), tmp.resolve("a"));
        ImageFolderWriter.write(Phantoms.generate("cxr", 16, 32, 6), tmp.resolve("b"));
        Files.writeString(tmp.resolve("server.yaml"), """
                seed: %d
                data: {resolution: 32, channels: 1}
                federation: {rounds: %d}
                training: {batch_size: 8, local_steps: 1, base_width: 8}
                strategy: {name: feddetect, preset: recommended}
                server:
                  port: 0
                  out: run
                  plaintext: true
                  class_names: [normal, opacity]
                  min_clients: 2
                  clients: [{id: a, token_sha256: %s}, {id: b, token_sha256: %s}]
                """.formatted(ROOT, ROUNDS, Credentials.sha256("token-a"), Credentials.sha256("token-b")));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        NetServer server = NetServer.start(ServerConfig.read(tmp.resolve("server.yaml")), tmp.resolve("out"), quiet,
                List.of(recorder));
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> sites = new ArrayList<>();
        try {
            for (String id : List.of("a", "b")) {
                Thread t = new Thread(() -> {
                    try {
                        new SiteClient(new SiteClient.Options("127.0.0.1", server.port(), tmp.resolve(id), id,
                                "token-" + id, null, null, null, true, tmp.resolve("state-" + id), null, 0, null), quiet).run();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                sites.add(t);
            }
            for (Thread t : sites) {
                t.join(300_000);
            }
            assertTrue(failures.isEmpty(), () -> "a site failed: " + failures);
            assertTrue(server.awaitCompletion());
        } finally {
            server.close();
        }

        Set<Long> secret = new HashSet<>();
        secret.add(ROOT);
        for (int batch : new int[] {8, 32, 64}) {
            secret.add(Seeds.derive(ROOT, "detector-probe", batch));
            for (int r = 1; r <= ROUNDS; r++) {
                secret.add(Seeds.derive(ROOT, "detector-probe", batch, r));
            }
        }
        int tensors = 0;
        for (Message m : sent) {
            tensors += walk(m, secret);
        }
        assertTrue(sent.size() > 2 * ROUNDS, "the server sent " + sent.size() + " messages");
        // the walk is not vacuous: a task carrying a probe seed in any field is caught
        long leaked = Seeds.derive(ROOT, "detector-probe", 32, 2);
        assertThrows(AssertionError.class, () -> walk(org.fedsynth.net.proto.RoundTask.newBuilder().setTrainSeed(leaked)
                .build(), secret));
        assertThrows(AssertionError.class, () -> walk(org.fedsynth.net.proto.RoundTask.newBuilder()
                .setMessage("probe " + ROOT).build(), secret));
        assertTrue(tensors > 0, "the global model was sent");
    }

    /** Checks every field of {@code m}, recursively; returns the tensor chunks seen. */
    private static int walk(Message m, Set<Long> secret) {
        int tensors = 0;
        if (m instanceof TensorChunk t) {
            assertTrue(t.getGroup().equals("g") || t.getGroup().equals("d"), "tensor group " + t.getGroup());
            assertFalse(t.getName().toLowerCase(java.util.Locale.ROOT).contains("probe"), t.getName());
            tensors++;
        }
        for (var e : m.getAllFields().entrySet()) {
            Descriptors.FieldDescriptor f = e.getKey();
            List<?> values = f.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
            for (Object v : values) {
                switch (f.getJavaType()) {
                    case LONG, INT -> assertFalse(secret.contains(((Number) v).longValue()),
                            f.getFullName() + " carries a secret seed: " + v);
                    case STRING -> {
                        for (long s : secret) {
                            assertFalse(((String) v).contains(Long.toString(s)), f.getFullName() + " names a secret seed");
                        }
                    }
                    case MESSAGE -> tensors += walk((Message) v, secret);
                    default -> {
                        // floats, booleans, enums and tensor bytes carry no seed
                    }
                }
            }
        }
        return tensors;
    }
}
