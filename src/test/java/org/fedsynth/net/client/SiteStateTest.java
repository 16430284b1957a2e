package org.fedsynth.net.client;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteStateTest {

    private static ClientState state(int id, float v) {
        return new ClientState(id, new ModelWeights(List.of(new Tensor("d", new long[] {1}, new float[] {v}))), null, null);
    }

    @Test
    void startsFromTheInitialStateThenFromTheNewestVersionBeforeTheRound(@TempDir Path tmp) throws Exception {
        SiteState s = new SiteState(tmp.resolve("state"), 2);
        assertEquals(0, s.lastRound());
        assertEquals(-1f, s.before(1, i -> state(i, -1f)).discriminator().flatten()[0]);
        s.save(state(2, 1f), 1);
        s.save(state(2, 3f), 3);
        assertEquals(3, s.lastRound());
        assertEquals(1f, s.before(3, i -> state(i, -1f)).discriminator().flatten()[0], "redoing round 3 starts from round 1");
        assertEquals(3f, s.before(4, i -> state(i, -1f)).discriminator().flatten()[0]);
    }

    @Test
    void keepsTheSavedVersionAndTheOneItStartedFrom(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("state");
        SiteState s = new SiteState(dir, 0);
        for (int r = 1; r <= 4; r++) {
            s.save(state(0, r), r);
        }
        assertEquals(List.of(3, 4), List.copyOf(s.versions()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("client_0000.r0003.state", "client_0000.r0004.state"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "the on-disk names are unchanged");
        }
    }
}
