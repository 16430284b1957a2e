package org.fedsynth.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.util.AtomicFiles;

/**
 * Builds {@code summary.json} from a run's {@code metrics.jsonl}: final losses and weights per
 * client and, against the attack's ground truth, how well the server detected malicious clients:
 * true- and false-positive rates of flags in each round after the detector's warm-up, the round of
 * first detection, the malicious clients' final weight share, and false flags in runs without an
 * attack.
 */
public final class RunSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSummary() {}

    /** Computes and writes the summary; returns it. */
    public static ObjectNode write(RunDirectory dir, Set<Integer> malicious, double seconds) throws IOException {
        RunConfig cfg = ConfigIO.read(dir.resolvedConfig());
        int warmup = cfg.strategy().path("warmup").asInt(0);
        ObjectNode s = compute(MetricsLog.readAll(dir.metrics()), malicious, warmup);
        s.put("seconds", seconds);
        s.put("strategy", cfg.strategyName());
        AtomicFiles.writeString(dir.summary(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
        return s;
    }

    /** The summary of the given records (pure; see the class comment). */
    public static ObjectNode compute(List<JsonNode> records, Set<Integer> malicious, int warmup) {
        ObjectNode s = JSON.createObjectNode();
        int lastRound = 0;
        TreeMap<Integer, JsonNode> lastByClient = new TreeMap<>();
        long tp = 0;
        long fn = 0;
        long fp = 0;
        long tn = 0;
        int firstDetection = -1;
        long falseFlagsAll = 0;
        ArrayNode perRound = JSON.createArrayNode();
        TreeMap<Integer, long[]> rounds = new TreeMap<>();
        for (JsonNode r : records) {
            if (!"client".equals(r.path("type").asText())) {
                continue;
            }
            int round = r.path("round").asInt();
            int client = r.path("client").asInt();
            lastRound = Math.max(lastRound, round);
            JsonNode prev = lastByClient.get(client);
            if (prev == null || prev.path("round").asInt() <= round) {
                lastByClient.put(client, r);
            }
            boolean flagged = r.path("flagged").asBoolean();
            boolean bad = malicious.contains(client);
            if (flagged && !bad) {
                falseFlagsAll++;
            }
            if (flagged && bad && firstDetection < 0) {
                firstDetection = round;
            }
            if (round <= warmup) {
                continue;
            }
            long[] c = rounds.computeIfAbsent(round, k -> new long[4]);
            if (bad) {
                c[flagged ? 0 : 1]++;
            } else {
                c[flagged ? 2 : 3]++;
            }
        }
        for (var e : rounds.entrySet()) {
            long[] c = e.getValue();
            tp += c[0];
            fn += c[1];
            fp += c[2];
            tn += c[3];
            ObjectNode o = perRound.addObject().put("round", e.getKey());
            if (c[0] + c[1] > 0) {
                o.put("tpr", (double) c[0] / (c[0] + c[1]));
            }
            if (c[2] + c[3] > 0) {
                o.put("fpr", (double) c[2] / (c[2] + c[3]));
            }
        }
        s.put("rounds", lastRound);
        ObjectNode clients = s.putObject("clients");
        double maliciousShare = 0;
        double minBenign = Double.POSITIVE_INFINITY;
        for (var e : lastByClient.entrySet()) {
            JsonNode r = e.getValue();
            clients.putObject(String.valueOf(e.getKey()))
                    .put("malicious", malicious.contains(e.getKey()))
                    .put("weight", r.path("weight").asDouble())
                    .put("lossG", r.path("lossG").asDouble())
                    .put("lossD", r.path("lossD").asDouble())
                    .put("track_record", r.path("track_record").asInt());
            if (malicious.contains(e.getKey())) {
                maliciousShare += r.path("weight").asDouble();
            } else {
                minBenign = Math.min(minBenign, r.path("weight").asDouble());
            }
        }
        ObjectNode det = s.putObject("detection");
        det.put("warmup", warmup);
        det.set("malicious", JSON.valueToTree(malicious));
        if (!malicious.isEmpty()) {
            det.put("tpr", tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn));
            det.put("first_detection_round", firstDetection);
            det.put("malicious_final_weight_share", maliciousShare);
        }
        det.put("fpr", fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn));
        det.put("false_flags", falseFlagsAll);
        if (Double.isFinite(minBenign)) {
            det.put("min_benign_final_weight", minBenign);
        }
        det.set("per_round", perRound);
        return s;
    }
}
