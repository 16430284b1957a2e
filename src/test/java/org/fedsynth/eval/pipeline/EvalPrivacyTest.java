package org.fedsynth.eval.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.data.Datasets;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privacy step's set-up: the members are exactly the images each client trained on; folder data is skipped with the reason. */
class EvalPrivacyTest {

    @TempDir
    Path tmp;

    @Test
    void membersAreTheImagesEachClientTrainedOn() {
        RunConfig cfg = ConfigIO.parse("""
                seed: 9
                data: {format: phantom, phantom_count: 60, resolution: 32}
                federation: {clients: 3, partition: dirichlet, alpha: 0.5}
                """, "t.yaml");
        EvalData data = EvalData.load(cfg.data(), cfg.seed());
        List<ImageSet> trained = Datasets.clientData(cfg.data(), cfg.federation(), cfg.seed());
        List<int[]> parts = Datasets.clientIndices(data.train(), cfg.federation(), cfg.seed());
        int[][] of = EvalPrivacy.clientsOf(data.train().size(), parts);
        for (int c = 0; c < 3; c++) {
            ImageSet mine = data.train().subset(parts.get(c), "client " + c);
            assertEquals(trained.get(c).size(), mine.size());
            for (int i = 0; i < mine.size(); i++) {
                assertArrayEquals(trained.get(c).images().get(i), mine.images().get(i), "client " + c + " image " + i);
            }
        }
        for (int[] o : of) {
            assertEquals(1, o.length, "a Dirichlet split gives each image to one client");
        }
        RunConfig shared = ConfigIO.parse("""
                data: {format: phantom, phantom_count: 20, resolution: 32}
                federation: {clients: 2, partition: shared}
                """, "t.yaml");
        EvalData d2 = EvalData.load(shared.data(), shared.seed());
        int[][] both = EvalPrivacy.clientsOf(d2.train().size(), Datasets.clientIndices(d2.train(), shared.federation(),
                shared.seed()));
        assertArrayEquals(new int[] {0, 1}, both[0], "shared: every client holds every image");
    }

    @Test
    void folderDataIsSkippedWithTheReason() throws Exception {
        RunConfig cfg = ConfigIO.parse("""
                data: {format: imagefolder, path: /nowhere, resolution: 32}
                """, "t.yaml");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EvalPrivacy.Outcome o = EvalPrivacy.run(tmp, cfg, null, null, null, null, null, List.of("a"), new PrintStream(log));
        assertNull(o.result());
        assertTrue(o.skipped().contains("no held-out non-members"), o.skipped());
        ObjectNode j = EvalPrivacy.toJson(o);
        assertEquals(o.skipped(), j.get("skipped").asText());
        assertTrue(log.toString().contains("privacy: skipped"), log.toString());
    }
}
