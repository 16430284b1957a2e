package org.fedsynth.experiment;

import static org.fedsynth.report.RunFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @Test
    void findingsQuoteTheFiguresTheReportTabulates(@TempDir Path out) throws Exception {
        eval(run(out.resolve("vanilla"), PHANTOM, FEDAVG, false, 7, 0.05), 10.0, 0.9);
        eval(run(out.resolve("attack"), PHANTOM, FEDAVG, true, 7, 0.6), 30.0, 0.9);
        eval(run(out.resolve("feddetect"), PHANTOM, FEDDETECT, true, 7, 0.1), 12.0, 0.9);
        // a stale summary.json must not matter: the figures are recomputed from metrics.jsonl
        Files.writeString(out.resolve("feddetect/summary.json"), "{\"detection\": {\"tpr\": 0.99}}");

        List<String> lines = Demo.findings(out);

        assertEquals("1. Attack: one poisoned client of 4 raises the published generator's trigger_score from 0.05 to 0.60"
                + " and its FD to the real test images from 10.0 to 30.0.", lines.get(0));
        // FedDetect with warm-up 1: rounds 2..3 count, client 0 flagged in round 3 only; its last weight 0.1
        assertEquals("2. FedDetect flagged the malicious client in 50% of rounds after warm-up and benign clients in 0%;"
                + " the malicious client's final weight share is 10.0%.", lines.get(1));
        assertEquals("3. Defended: trigger_score 0.10 and FD 12.0 (vanilla 0.05 and 10.0); utility: accuracy with 10 real"
                + " images per class: real only 0.60, +vanilla 0.70, +attack 0.70, +feddetect 0.70.", lines.get(2));
        assertEquals("4. Privacy (vanilla): generated images are 0.97 times as far from the nearest training image as"
                + " held-out real ones are (about 1: no copying), and a membership-inference attack scores AUC 0.52 (0.5: no"
                + " leak; most exposed client 0.61); see vanilla/privacy-nearest.png.", lines.get(3));
    }
}
