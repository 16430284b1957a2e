package org.fedsynth.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Small hand-made run folders (config, run.json, metrics.jsonl, a sample grid, optional eval.json). */
public final class RunFixtures {

    private RunFixtures() {}

    /**
     * Writes a 3-round, 3-client run into {@code dir}. Client 0 is malicious when {@code attacked}; it is
     * flagged in round 3 (applied) and round 1 (not applied). Every round's trigger_score is {@code trigger}.
     */
    public static Path run(Path dir, String dataYaml, String strategyYaml, boolean attacked, long seed, double trigger) throws IOException {
        Files.createDirectories(dir.resolve("samples"));
        Files.writeString(dir.resolve("config.resolved.yaml"), "seed: " + seed + "\n" + dataYaml
                + "federation:\n  clients: 3\n  rounds: 3\ntraining:\n  loss: bce\n" + strategyYaml
                + "attack:\n  malicious: " + (attacked ? "[0]" : "[]") + "\n  trigger:\n    type: pattern\n    size: 0.2\n");
        Files.writeString(dir.resolve("run.json"), "{\"seed\": " + seed + ", \"class_names\": [\"normal\", \"pneumonia\"],"
                + " \"malicious\": " + (attacked ? "[0]" : "[]") + "}");
        StringBuilder m = new StringBuilder();
        for (int round = 1; round <= 3; round++) {
            for (int c = 0; c < 3; c++) {
                boolean flagged = attacked && c == 0 && (round == 1 || round == 3);
                double w = flagged && round == 3 ? 0.1 : (round == 3 && attacked ? 0.45 : 1.0 / 3);
                m.append(String.format(Locale.ROOT, "{\"type\":\"client\",\"round\":%d,\"client\":%d,\"lossD\":%.2f,\"lossG\":%.2f,"
                        + "\"samples\":10,\"base_weight\":0.333,\"weight\":%.4f,\"flagged\":%b,\"applied\":%b,\"track_record\":0,"
                        + "\"reason\":\"r\",\"malicious\":%b}\n", round, c, 1.0 + 0.1 * c, 2.0 - 0.1 * round, w, flagged,
                        flagged && round == 3, attacked && c == 0));
            }
            m.append(String.format(Locale.ROOT, "{\"type\":\"round\",\"round\":%d,\"trigger_score\":%.4f,\"backdoor_rate\":0.5}\n",
                    round, trigger));
        }
        Files.writeString(dir.resolve("metrics.jsonl"), m.toString());
        BufferedImage g = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        g.setRGB(3, 3, Color.WHITE.getRGB());
        ImageIO.write(g, "png", dir.resolve("samples/round-0003.png").toFile());
        return dir;
    }

    public static final String NPZ = "data:\n  format: npz\n  path: data/pneumoniamnist.npz\n";
    public static final String PHANTOM = "data:\n  format: phantom\n  phantom_kind: cxr\n";
    public static final String FEDAVG = "strategy:\n  name: fedavg\n";
    public static final String MEDIAN = "strategy:\n  name: median\n";
    public static final String FEDDETECT = "strategy:\n  name: feddetect\n  warmup: 1\n";

    /** An eval.json with the given FD and a utility table (n = 10 and 100, real only and with synthetic). */
    public static void eval(Path dir, double fd, double synAt100) throws IOException {
        Files.writeString(dir.resolve("eval.json"), String.format(Locale.ROOT, """
                {"run": "%s", "feature_network": {"kind": "domain", "path": "x", "fingerprint": "f", "dims": 128},
                 "n_generated": 100, "n_real": 50, "seed": 1,
                 "fidelity": {"overall": {"fd": %s, "kid": 0.01, "kid_sd": 0.001, "precision": 0.5, "recall": 0.4,
                                          "density": 0.9, "coverage": 0.6, "diversity_feature": 0.85, "diversity_pixel": 0.9, "n_real": 50, "n_fake": 100, "k": 5},
                              "per_class": {}},
                 "trigger_score": 0.12,
                 "privacy": {"dcr": {"pixel": {"ratio": 0.97, "ratio_p5": 0.95}, "feature": {"ratio": 1.01}},
                             "membership_auc": 0.52, "membership_auc_feature": 0.51,
                             "per_client": [{"client": 0, "membership_auc": 0.55}, {"client": 1, "membership_auc": 0.61}]},
                 "utility": {"m": 100, "seeds": [1, 2, 3], "classes": ["normal", "pneumonia"],
                   "rows": [
                     {"n": 10, "n_label": "10", "synthetic": false, "accuracy_mean": 0.60, "accuracy_sd": 0.02},
                     {"n": 10, "n_label": "10", "synthetic": true, "accuracy_mean": 0.70, "accuracy_sd": 0.03},
                     {"n": 100, "n_label": "all", "synthetic": false, "accuracy_mean": 0.80, "accuracy_sd": 0.01},
                     {"n": 100, "n_label": "all", "synthetic": true, "accuracy_mean": %s, "accuracy_sd": 0.02}]},
                 "elapsed_s": 1.0}
                """, dir.getFileName(), fd, synAt100));
    }
}
