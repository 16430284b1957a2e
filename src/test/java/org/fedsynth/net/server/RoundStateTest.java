package org.fedsynth.net.server;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.server.RoundIntake;
import org.fedsynth.fl.Tensor;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.LocalLosses;
import org.fedsynth.net.proto.TensorChunk;
import org.fedsynth.net.proto.UpdateHeader;
import org.junit.jupiter.api.Test;

/** Update validation before any strategy: names, shapes, dtypes, finite values, size, round, duplicates. */
class RoundStateTest {

    static final Credentials.Known A = new Credentials.Known("a", 0, false);
    static final Credentials.Known B = new Credentials.Known("b", 1, false);
    static final ModelWeights G = new ModelWeights(List.of(
            new Tensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
            new Tensor("b", new long[] {2}, new float[] {0, 1})));

    static RoundState round() {
        return new RoundState(new RoundIntake(new RoundContext(4, G, null, null, 1)), Long.MAX_VALUE, Set.of("a", "b"));
    }

    static UpdateHeader header(String id, int round) {
        return UpdateHeader.newBuilder().setClientId(id).setRound(round).setSamples(10)
                .setLosses(LocalLosses.newBuilder().setLossGMean(0.5).setLossGLast(0.5).setLossDMean(1).setLossDLast(1).setSteps(1))
                .build();
    }

    static List<TensorChunk> chunks(ModelWeights w, int bytes) {
        List<TensorChunk> out = new ArrayList<>();
        TensorCodec.encode("g", w, bytes, out::add);
        return out;
    }

    static Status.Code submit(RoundState s, Credentials.Known who, UpdateHeader h, List<TensorChunk> cs) {
        try {
            RoundState.Submission sub = s.begin(who, h);
            for (TensorChunk c : cs) {
                s.accept(sub, c);
            }
            s.finish(sub);
            return Status.Code.OK;
        } catch (RoundState.Rejected e) {
            return e.status().getCode();
        }
    }

    @Test
    void validUpdateInSmallChunksIsReassembled() {
        RoundState s = round();
        assertEquals(Status.Code.OK, submit(s, A, header("a", 4), chunks(G, 8)));
        assertArrayEquals(G.flatten(), s.accepted().get(0).generator().flatten());
        assertEquals(0, s.accepted().get(0).clientId(), "the id comes from the credential");
    }

    @Test
    void duplicateSubmissionIsRefused() {
        RoundState s = round();
        assertEquals(Status.Code.OK, submit(s, A, header("a", 4), chunks(G, 1024)));
        assertEquals(Status.Code.ALREADY_EXISTS, submit(s, A, header("a", 4), chunks(G, 1024)));
        assertEquals(1, s.accepted().size());
    }

    @Test
    void staleRoundAndImpersonationAreRefused() {
        RoundState s = round();
        assertEquals(Status.Code.FAILED_PRECONDITION, submit(s, A, header("a", 3), chunks(G, 1024)));
        assertEquals(Status.Code.PERMISSION_DENIED, submit(s, A, header("b", 4), chunks(G, 1024)));
        assertEquals(Status.Code.OK, submit(s, A, header("a", 4), chunks(G, 1024)), "refused headers do not use up the turn");
    }

    @Test
    void unknownNameWrongShapeWrongDtypeOversizeAndNaNAreRejected() {
        TensorChunk first = chunks(G, 1024).get(0);
        TensorChunk second = chunks(G, 1024).get(1);
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4),
                List.of(first.toBuilder().setName("extra").build(), second)));
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4),
                List.of(first.toBuilder().clearShape().addShape(6).build(), second)));
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4),
                List.of(first.toBuilder().setDtype("float64").build(), second)));
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4),
                List.of(first, first.toBuilder().setOffset(6).build(), second)), "more values than the tensor holds");
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4), List.of(first)), "incomplete");
        float[] nan = G.flatten();
        nan[1] = Float.NaN;
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A, header("a", 4), chunks(G.unflatten(nan), 1024)));
        assertEquals(Status.Code.INVALID_ARGUMENT, submit(round(), A,
                header("a", 4).toBuilder().setLosses(LocalLosses.newBuilder().setLossGMean(Double.NaN)).build(),
                chunks(G, 1024)), "non-finite loss");
    }

    @Test
    void roundIsReadyWhenEveryExpectedClientAnsweredOrAtTheDeadline() {
        RoundState s = new RoundState(new RoundIntake(new RoundContext(1, G, null, null, 1)), 1000, Set.of("a", "b"));
        s.fetched("a");
        assertEquals(Status.Code.OK, submit(s, A, header("a", 1).toBuilder().setRound(1).build(), chunks(G, 1024)));
        assertFalse(s.ready(1, 999), "b is outstanding");
        assertTrue(s.ready(1, 1000), "the deadline drops b");
        assertFalse(s.ready(2, 1000), "too few updates even at the deadline");
        assertEquals(Set.of("b"), s.outstanding());
        assertEquals(Status.Code.OK, submit(s, B, header("b", 1), chunks(G, 1024)));
        assertTrue(s.ready(2, 0));
    }
}
