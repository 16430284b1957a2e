package org.fedsynth.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.gan.AdamState;
import org.fedsynth.gan.GanSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    static ModelWeights w(float... v) {
        return new ModelWeights(List.of(new Tensor("a_weight", new long[] {v.length}, v),
                new Tensor("b_runningMean", new long[] {1, 1}, new float[] {v[0] * 2})));
    }

    static Checkpoint sample() {
        AdamState opt = new AdamState(7, w(0.1f, 0.2f), w(0.3f, 0.4f));
        return new Checkpoint(3, 11L, GanSpec.standard(32, 1, 2), List.of("normal", "opacity"), "seed: 11\n",
                w(1f, 2f), null, JsonNodeFactory.instance.objectNode().put("x", 1),
                List.of(new ClientState(0, w(5f, 6f), opt, opt), new ClientState(1, w(7f, 8f), null, null)));
    }

    @Test
    void roundTripsEverything(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("round-0003.ckpt");
        Checkpoint c = sample();
        c.write(f);
        Checkpoint back = Checkpoint.read(f);
        assertEquals(3, back.round());
        assertEquals(11L, back.seed());
        assertEquals(c.spec(), back.spec());
        assertEquals(c.classNames(), back.classNames());
        assertArrayEquals(c.globalG().flatten(), back.globalG().flatten());
        assertNull(back.globalD());
        assertEquals(1, back.strategyState().get("x").asInt());
        assertEquals(2, back.clients().size());
        assertArrayEquals(new float[] {5f, 6f, 10f}, back.clients().get(0).discriminator().flatten());
        assertEquals(7, back.clients().get(0).optG().step());
        assertArrayEquals(new float[] {0.3f, 0.4f, 0.6f}, back.clients().get(0).optD().secondMoment().flatten());
        assertNull(back.clients().get(1).optG());
        assertNull(back.globalG().layoutMismatch(c.globalG()));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void publishedGeneratorRoundTripsAndIsSampledFrom(@TempDir Path dir) throws IOException {
        Checkpoint s = sample();
        Checkpoint c = new Checkpoint(s.round(), s.seed(), s.spec(), s.classNames(), s.config(), s.globalG(), null,
                w(3f, 4f), s.strategyState(), s.clients(), java.util.Map.of());
        Path f = dir.resolve("round-0003.ckpt");
        c.write(f);
        Checkpoint back = Checkpoint.read(f);
        assertArrayEquals(new float[] {3f, 4f, 6f}, back.publishedG().flatten());
        assertArrayEquals(new float[] {3f, 4f, 6f}, back.sampleGenerator().flatten());
        assertArrayEquals(new float[] {1f, 2f, 2f}, back.globalG().flatten());
        // A checkpoint without one (generator_ema: 0, or written before it existed) samples the global generator.
        Path g = dir.resolve("round-0004.ckpt");
        sample().write(g);
        Checkpoint old = Checkpoint.read(g);
        assertNull(old.publishedG());
        assertArrayEquals(new float[] {1f, 2f, 2f}, old.sampleGenerator().flatten());
    }

    @Test
    void corruptFileGivesClearError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("round-0003.ckpt");
        sample().write(f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void latestReadableSkipsCorruptNewest(@TempDir Path dir) throws IOException {
        RunDirectory rd = new RunDirectory(dir);
        rd.saveCheckpoint(sample(), 5);
        Files.writeString(rd.checkpoint(4), "garbage");
        var out = new java.io.ByteArrayOutputStream();
        var c = rd.latestReadableCheckpoint(new java.io.PrintStream(out, true));
        assertEquals(3, c.orElseThrow().round());
        assertTrue(out.toString().contains("round-0004.ckpt"));
    }

    @Test
    void keepsOnlyTheNewestCheckpoints(@TempDir Path dir) throws IOException {
        RunDirectory rd = new RunDirectory(dir);
        Checkpoint s = sample();
        for (int r = 1; r <= 4; r++) {
            rd.saveCheckpoint(new Checkpoint(r, s.seed(), s.spec(), s.classNames(), s.config(), s.globalG(), null,
                    s.strategyState(), s.clients()), 2);
        }
        assertEquals(List.of(rd.checkpoint(4), rd.checkpoint(3)), rd.checkpointsNewestFirst());
        assertEquals(rd.checkpoint(4), RunDirectory.resolveCheckpoint(dir));
    }
}
