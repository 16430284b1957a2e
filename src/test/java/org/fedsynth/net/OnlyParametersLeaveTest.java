package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedsynth.data.ImageFolderWriter;
import org.fedsynth.data.Phantoms;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.net.client.SiteClient;
import org.fedsynth.net.proto.HelloRequest;
import org.fedsynth.net.proto.StatusRequest;
import org.fedsynth.net.proto.TaskRequest;
import org.fedsynth.net.proto.TensorChunk;
import org.fedsynth.net.proto.UpdateChunk;
import org.fedsynth.net.server.Credentials;
import org.fedsynth.net.server.NetServer;
import org.fedsynth.net.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Only parameters and scalar losses leave a client, never images": a real server and a real site
 * (in this JVM, over loopback), with an interceptor recording every message the site sends. Each
 * is one of the four request types; every tensor chunk names a generator parameter with the
 * global model's shape; and by the schema, the only bytes a client can send are tensor chunk data.
 */
class OnlyParametersLeaveTest {

    private static final Set<Descriptors.Descriptor> CLIENT_TO_SERVER = Set.of(HelloRequest.getDescriptor(),
            TaskRequest.getDescriptor(), UpdateChunk.getDescriptor(), StatusRequest.getDescriptor());

    @Test
    void everyClientMessageIsParametersOrScalars(@TempDir Path tmp) throws Exception {
        List<Message> seen = Collections.synchronizedList(new ArrayList<>());
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, h)) {
                    @Override
                    public void onMessage(Q message) {
                        seen.add((Message) message);
                        super.onMessage(message);
                    }
                };
            }
        };
        ImageFolderWriter.write(Phantoms.generate("cxr", 24, 32, 5), tmp.resolve("site"));
        String token = "a-test-token";
        java.nio.file.Files.writeString(tmp.resolve("server.yaml"), """
                seed: 2
                data: {resolution: 32, channels: 1}
                federation: {rounds: 1}
                training: {batch_size: 8, local_steps: 1, base_width: 8}
                server:
                  port: 0
                  out: run
                  plaintext: true
                  class_names: [normal, opacity]
                  min_clients: 1
                  clients: [{id: solo, token_sha256: %s}]
                """.formatted(Credentials.sha256(token)));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        NetServer server = NetServer.start(ServerConfig.read(tmp.resolve("server.yaml")), null, quiet, List.of(recorder));
        try {
            SiteClient site = new SiteClient(new SiteClient.Options("127.0.0.1", server.port(), tmp.resolve("site"), "solo",
                    token, null, null, null, true, tmp.resolve("state"), null, 0, null), quiet);
            site.run();
            assertTrue(server.awaitCompletion());
        } finally {
            server.close();
        }

        ModelWeights layout;
        try (GanWorkbench wb = new GanWorkbench(GanSpec.of(32, 1, 2, 8),
                new TrainSettings(8, 2e-4f, 2e-4f, 0.5f, 0.999f, org.fedsynth.gan.GanLoss.BCE, 10f))) {
            layout = wb.generatorWeights();
        }
        Set<String> sentTensors = new HashSet<>();
        int chunks = 0;
        for (Message m : seen) {
            assertTrue(CLIENT_TO_SERVER.contains(m.getDescriptorForType()), "unexpected message " + m.getDescriptorForType());
            if (m instanceof UpdateChunk u && u.hasTensor()) {
                TensorChunk t = u.getTensor();
                chunks++;
                assertEquals("g", t.getGroup(), "only the generator leaves (discriminators stay private)");
                Tensor ref = layout.get(t.getName());
                assertArrayEquals(ref.shape(), t.getShapeList().stream().mapToLong(Long::longValue).toArray());
                assertEquals("float32", t.getDtype());
                sentTensors.add(t.getName());
            }
        }
        assertTrue(chunks > 0);
        assertEquals(new HashSet<>(layout.names()), sentTensors, "exactly the generator's parameters were sent");
        for (Descriptors.Descriptor d : CLIENT_TO_SERVER) {
            assertOnlyScalarsOrTensorData(d, new HashSet<>());
        }
    }

    /** Walks the schema: the only bytes field reachable from a client message is TensorChunk.data. */
    private static void assertOnlyScalarsOrTensorData(Descriptors.Descriptor d, Set<Descriptors.Descriptor> visited) {
        if (!visited.add(d)) {
            return;
        }
        for (Descriptors.FieldDescriptor f : d.getFields()) {
            switch (f.getJavaType()) {
                case BYTE_STRING -> assertEquals("fedsynth.v1.TensorChunk.data", f.getFullName(), "raw bytes outside a tensor chunk");
                case MESSAGE -> assertOnlyScalarsOrTensorData(f.getMessageType(), visited);
                case STRING -> assertFalse(f.getName().contains("image"), f.getFullName());
                default -> {
                    // numbers and booleans: scalars
                }
            }
        }
    }
}
