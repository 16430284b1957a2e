package org.fedsynth.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @Test
    void resumeDropsRecordsOfTheInterruptedRoundAndTornLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(f, 0)) {
            for (int r = 1; r <= 3; r++) {
                log.append(MetricsLog.record("client", r).put("client", 0));
            }
        }
        Files.writeString(f, Files.readString(f) + "{\"type\":\"cli", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (MetricsLog log = MetricsLog.open(f, 2)) {
            log.append(MetricsLog.record("client", 3).put("client", 9));
        }
        var recs = MetricsLog.readAll(f);
        assertEquals(3, recs.size());
        assertEquals(9, recs.get(2).get("client").asInt());
        assertEquals(2, recs.get(1).get("round").asInt());
    }
}
