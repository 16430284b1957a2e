package org.fedsynth.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every grid the project ships under {@code experiments/} is one the documents tell users to run: each must plan
 * (the same validation as {@code --dry-run}: every run's config resolved and checked) on a fresh clone, without
 * the data it names, so a renamed key or a changed default cannot silently break a documented command.
 */
class ShippedGridsTest {

    @TestFactory
    Stream<DynamicTest> everyShippedGridPlans() throws IOException {
        Path dir = Path.of("experiments");
        assertTrue(Files.isDirectory(dir), "run from the project root: " + dir.toAbsolutePath() + " is missing");
        List<Path> grids;
        try (Stream<Path> s = Files.list(dir)) {
            grids = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(grids.isEmpty(), "no grids under " + dir.toAbsolutePath());
        return grids.stream().map(g -> DynamicTest.dynamicTest(g.getFileName().toString(), () -> {
            String text = Files.readString(g);
            int planned = text.lines().anyMatch(l -> l.startsWith("defenses:"))
                    ? Robustness.plan(g).size() : Sweep.plan(g).size();
            assertTrue(planned > 0, g + " plans no run");
        }));
    }
}
