package org.fedsynth.report;

import static org.fedsynth.report.RunFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {

    @Test
    void groupsSeedsAndOrdersRowsLikeThePaper(@TempDir Path tmp) throws Exception {
        // Arrange: input order is deliberately not the paper's order
        Path sweep = tmp.resolve("sweep");
        run(sweep.resolve("feddetect__seed1"), NPZ, FEDDETECT, true, 1, 0.1);
        run(sweep.resolve("attack__seed1"), NPZ, FEDAVG, true, 1, 0.3);
        run(sweep.resolve("attack__seed2"), NPZ, FEDAVG, true, 2, 0.5);
        run(sweep.resolve("noattack_feddetect__seed1"), NPZ, FEDDETECT, false, 1, 0.0);
        run(sweep.resolve("median__seed1"), NPZ, MEDIAN, true, 1, 0.2);
        run(sweep.resolve("vanilla__seed1"), NPZ, FEDAVG, false, 1, 0.05);

        // Act
        ResultsTable t = ResultsTable.fromRuns(List.of(sweep));

        // Assert
        assertEquals(List.of("vanilla", "attack", "median", "feddetect", "noattack_feddetect"),
                t.groups().stream().map(ResultsTable.Group::label).toList());
        ResultsTable.Group attack = t.groups().get(1);
        assertEquals(2, attack.runs().size());
        assertEquals(0.4, attack.mean("trigger_score"), 1e-12);
        assertEquals(Math.sqrt(0.02), attack.sd("trigger_score"), 1e-12, "sample sd of 0.3 and 0.5");
        assertEquals("0.400 ± 0.141", attack.cell(ResultsTable.COLUMNS.get(0)));
        // the fixture flags client 0 in rounds 1 and 3; without a detector warm-up both count: TPR 2/3
        assertEquals(2.0 / 3, attack.mean("tpr"), 1e-12);
        assertEquals(0.1, attack.mean("malicious_weight"), 1e-9, "client 0's weight in the last round (fixture)");
        // FedDetect (warm-up 1): only rounds 2..3 count, client 0 flagged in round 3 -> TPR 0.5, first detection 3
        ResultsTable.Group fd = t.groups().get(3);
        assertEquals(0.5, fd.mean("tpr"), 1e-12);
        assertEquals(3.0, fd.mean("first_detection_round"));
        assertTrue(Double.isNaN(t.groups().get(0).mean("tpr")), "no malicious client: TPR undefined");
    }

    @Test
    void federatedFdIsReportedAsARatioToTheCentralizedRuns(@TempDir Path tmp) throws Exception {
        Path a = run(tmp.resolve("attack__seed1"), NPZ, FEDAVG, true, 1, 0.3);
        Path c = run(tmp.resolve("centralized__seed1"), NPZ, FEDAVG, false, 1, 0.0);
        eval(a, 12.0, 0.90);
        ResultsTable without = ResultsTable.fromRuns(List.of(a, c));
        assertTrue(without.centralizedAnchor(without.datasets().get(0)).isEmpty(), "no anchor before it is evaluated");
        eval(c, 8.0, 0.90);
        ResultsTable t = ResultsTable.fromRuns(List.of(a, c));
        String line = t.centralizedAnchor(t.datasets().get(0)).orElseThrow();
        assertEquals("FD ÷ centralized FD (8.00): attack 1.50", line);
        assertTrue(t.toMarkdown().contains(line) && t.toHtml(t.datasets().get(0)).contains(line));
    }

    @Test
    void evalJsonGivesFidelityAndUtilityAtTheLargestN(@TempDir Path tmp) throws Exception {
        Path a = run(tmp.resolve("attack__seed1"), NPZ, FEDAVG, true, 1, 0.3);
        Path b = run(tmp.resolve("attack__seed2"), NPZ, FEDAVG, true, 2, 0.3);
        eval(a, 10.0, 0.90);
        eval(b, 20.0, 0.86);

        ResultsTable t = ResultsTable.fromRuns(List.of(a, b));

        ResultsTable.Group g = t.groups().get(0);
        assertEquals(15.0, g.mean("fd"), 1e-12);
        assertEquals(0.88, g.mean("utility_accuracy"), 1e-12, "the synthetic row with the largest n");
        assertEquals(0.08, g.mean("utility_delta"), 1e-12, "minus real only at the same n (0.80)");
        assertTrue(t.toMarkdown().contains("| FD |"));
        assertEquals(0.85, g.mean("diversity_feature"), 1e-12, "the feature-space diversity ratio beside FD and P/R/D/C");
        assertTrue(t.toMarkdown().contains("| diversity |"));
        assertFalse(t.toMarkdown().contains("not evaluated"));
        // Privacy from eval.json's privacy section: the pixel DCR ratio and the membership AUC in the tables,
        // the rest (and the most exposed client's AUC) in the CSV.
        assertEquals(0.97, g.mean("dcr_ratio_pixel"), 1e-12);
        assertEquals(0.52, g.mean("membership_auc"), 1e-12);
        assertEquals(0.61, g.mean("membership_auc_max_client"), 1e-12);
        assertTrue(t.toMarkdown().contains("| DCR ratio |") && t.toMarkdown().contains("| membership AUC |"), t.toMarkdown());
        assertTrue(t.toCsv().lines().findFirst().orElseThrow().contains(",membership_auc_max_client,"));
    }

    @Test
    void withoutEvalJsonTheTablesSaySoAndOmitFidelityColumns(@TempDir Path tmp) throws Exception {
        Path a = run(tmp.resolve("vanilla__seed1"), NPZ, FEDAVG, false, 1, 0.0);
        Path p = run(tmp.resolve("p").resolve("vanilla__seed1"), PHANTOM, FEDAVG, false, 1, 0.0);

        ResultsTable t = ResultsTable.fromRuns(List.of(a, p));
        String md = t.toMarkdown();
        String csv = t.toCsv();

        assertEquals(List.of("npz:data/pneumoniamnist.npz", "phantom:cxr"), t.datasets(), "one table per dataset");
        assertTrue(md.contains("### npz:data/pneumoniamnist.npz") && md.contains("### phantom:cxr"), md);
        assertFalse(md.contains("| FD |"), md);
        assertTrue(md.contains("not evaluated for 1 of 1 runs") && md.contains("fedsynth evaluate --run DIR"), md);
        assertTrue(csv.startsWith("run,variant,seed,trigger_score,"), csv);
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",fd,kid,precision,recall,density,coverage,diversity_feature,diversity_pixel,"),
                "CSV keeps every column");
        assertEquals(3, csv.lines().count());
    }

    @Test
    void writesResultsFilesAtomically(@TempDir Path tmp) throws Exception {
        run(tmp.resolve("s/vanilla__size=0.2__seed3"), NPZ, FEDAVG, false, 3, 0.0);
        ResultsTable t = ResultsTable.fromRuns(List.of(tmp.resolve("s")));
        t.writeTo(tmp.resolve("s"));
        assertTrue(Files.readString(tmp.resolve("s/results.csv")).startsWith("run,variant,size,seed,"));
        assertTrue(Files.readString(tmp.resolve("s/results.md")).contains("| vanilla | 0.2 | 1 |"));
    }
}
