package org.fedsynth.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Bench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Bench.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void unknownWorkloadIsRejectedWithTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Bench.run(true, Set.of("stepp64"), Path.of("target"), new PrintStream(PrintStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("step64"), e.getMessage());
    }
}
