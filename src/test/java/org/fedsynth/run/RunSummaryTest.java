package org.fedsynth.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    static JsonNode rec(int round, int client, boolean flagged, double weight) {
        ObjectNode o = MetricsLog.record("client", round).put("client", client).put("flagged", flagged).put("weight", weight);
        return o;
    }

    @Test
    void detectionCountsOnlyRoundsAfterWarmupAndWeightsOfTheLastRound() {
        List<JsonNode> r = new ArrayList<>();
        // round 1 (warm-up): client 1 (benign) flagged, client 0 (malicious) flagged
        r.add(rec(1, 0, true, 0.5));
        r.add(rec(1, 1, true, 0.5));
        // round 2: malicious flagged, benign not
        r.add(rec(2, 0, true, 0.4));
        r.add(rec(2, 1, false, 0.6));
        // round 3: malicious missed, benign flagged; only client 1 sampled in the last round
        r.add(rec(3, 0, false, 0.3));
        r.add(rec(3, 1, true, 0.7));
        r.add(rec(4, 1, false, 1.0));
        r.add(MetricsLog.record("round", 4));

        JsonNode d = RunSummary.compute(r, Set.of(0), 1).get("detection");

        assertEquals(0.5, d.get("tpr").asDouble(), 1e-12);
        assertEquals(1.0 / 3, d.get("fpr").asDouble(), 1e-12);
        assertEquals(2, d.get("first_detection_round").asInt());
        assertEquals(1, d.get("false_flags").asInt());
        assertEquals(0.0, d.get("malicious_final_weight_share").asDouble(), "client 0 absent from the last round");
        assertEquals(1.0, d.get("min_benign_final_weight").asDouble());
    }

    @Test
    void noAttackReportsFalseFlagsOnly() {
        List<JsonNode> r = List.of(rec(1, 0, true, 0.6), rec(1, 1, false, 0.4));
        JsonNode d = RunSummary.compute(r, Set.of(), 0).get("detection");
        assertFalse(d.has("tpr"));
        assertEquals(0.5, d.get("fpr").asDouble());
        assertEquals(1, d.get("false_flags").asInt());
        assertEquals(0.4, d.get("min_benign_final_weight").asDouble());
    }
}
