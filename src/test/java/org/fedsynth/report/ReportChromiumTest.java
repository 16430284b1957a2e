package org.fedsynth.report;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders a report in headless Chromium with {@code scripts/check-report.sh}; skipped where chromium is absent. */
class ReportChromiumTest {

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    }

    @Test
    void rendersOfflineWithEverySectionAndImage(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("chromium"), "chromium is not on PATH (Debian: apt-get install chromium)");
        Path out = tmp.resolve("report.html");
        Report.write(List.of(ReportTest.sweep(tmp)), out, Report.Options.defaults());
        Path shot = tmp.resolve("shot.png");

        Process p = new ProcessBuilder("bash", "scripts/check-report.sh", out.toString(), shot.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");

        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("images decoded: 12/12"), log);
        assertTrue(Files.size(shot) > 10_000, "a real screenshot");
    }
}
