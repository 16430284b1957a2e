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
 * true- and false-positive rates of flags in each round after the detector's warm-up, the first
 * round after warm-up in which a malicious client is flagged, the malicious clients' weight share
 * in the last round, and the false flags of benign clients after warm-up.
 */
public final class RunSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSummary() {}

    /** Computes and writes the summary; returns it. */
    public static ObjectNode write(RunDirectory dir, Set<Integer> malicious, double seconds) throws IOException {
        ObjectNode s = of(dir, malicious);
        s.put("seconds", seconds);
        AtomicFiles.writeString(dir.summary(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
        return s;
    }

    /** Computes the summary of a run folder from its metrics and resolved config. */
    public static ObjectNode of(RunDirectory dir, Set<Integer> malicious) throws IOException {
        RunConfig cfg = ConfigIO.read(dir.resolvedConfig());
        int warmup = cfg.strategySettings().detectionWarmup();
        ObjectNode s = compute(MetricsLog.readAll(dir.metrics()), malicious, warmup);
        s.put("strategy", cfg.strategyName());
        return s;
    }

    /**
     * The summary of the given records (pure; see the class comment). Detection figures count only
     * rounds after the warm-up; final weights are those of the last round (a client not sampled in
     * it has weight 0 there).
     */
    public static ObjectNode compute(List<JsonNode> records, Set<Integer> malicious, int warmup) {
        ObjectNode s = JSON.createObjectNode();
        int lastRound = 0;
        for (JsonNode r : records) {
            if ("client".equals(r.path("type").asText())) {
                lastRound = Math.max(lastRound, r.path("round").asInt());
            }
        }
        TreeMap<Integer, long[]> rounds = new TreeMap<>();
        TreeMap<Integer, JsonNode> finalRecords = new TreeMap<>();
        int firstDetection = -1;
        long falseFlags = 0;
        for (JsonNode r : records) {
            if (!"client".equals(r.path("type").asText())) {
                continue;
            }
            int round = r.path("round").asInt();
            int client = r.path("client").asInt();
            if (round == lastRound) {
                finalRecords.put(client, r);
            }
            if (round <= warmup) {
                continue;
            }
            boolean flagged = r.path("flagged").asBoolean();
            boolean bad = malicious.contains(client);
            if (flagged && bad && (firstDetection < 0 || round < firstDetection)) {
                firstDetection = round;
            }
            if (flagged && !bad) {
                falseFlags++;
            }
            long[] c = rounds.computeIfAbsent(round, k -> new long[4]);
            c[bad ? (flagged ? 0 : 1) : (flagged ? 2 : 3)]++;
        }
        long tp = 0;
        long fn = 0;
        long fp = 0;
        long tn = 0;
        ArrayNode perRound = JSON.createArrayNode();
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
        for (var e : finalRecords.entrySet()) {
            JsonNode r = e.getValue();
            double w = r.path("weight").asDouble();
            clients.putObject(String.valueOf(e.getKey()))
                    .put("malicious", malicious.contains(e.getKey()))
                    .put("weight", w)
                    .put("lossG", r.path("lossG").asDouble())
                    .put("lossD", r.path("lossD").asDouble())
                    .put("track_record", r.path("track_record").asInt());
            if (malicious.contains(e.getKey())) {
                maliciousShare += w;
            } else {
                minBenign = Math.min(minBenign, w);
            }
        }
        ObjectNode det = s.putObject("detection");
        det.put("warmup", warmup);
        ArrayNode bad = det.putArray("malicious");
        malicious.stream().sorted().forEach(bad::add);
        if (!malicious.isEmpty()) {
            det.put("tpr", tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn));
            det.put("first_detection_round", firstDetection);
            det.put("malicious_final_weight_share", maliciousShare);
        }
        det.put("fpr", fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn));
        det.put("false_flags", falseFlags);
        if (Double.isFinite(minBenign)) {
            det.put("min_benign_final_weight", minBenign);
        }
        det.set("per_round", perRound);
        return s;
    }
}
