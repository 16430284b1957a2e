package org.fedsynth.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.gan.GanSpec;

/**
 * Everything needed to continue a run after round {@code round}, or to sample from its generator:
 * the global models, the strategy's state, and every simulated client's private state.
 *
 * <p>On disk it is a zip of {@code meta.json} plus one NumPy {@code .npy} entry per tensor (so
 * {@code numpy.load} opens it), written atomically: temp file, fsync, rename.
 *
 * @param round the last completed round
 * @param seed the run's root seed
 * @param spec the GAN architecture
 * @param classNames class names, index = label
 * @param config the resolved run configuration (YAML), for provenance
 * @param globalG the global generator
 * @param globalD the global discriminator, or {@code null} when not averaged
 * @param publishedG the published generator (the moving average over rounds of {@code globalG},
 *     {@code federation.generator_ema}), or {@code null} when the global generator is published itself
 * @param strategyState the strategy's carried state
 * @param clients the simulated clients' private states held in the checkpoint itself
 * @param clientVersions for clients whose state lives in the run's {@code clients/} folder instead
 *     (many clients), the round of the state file each one is at; empty otherwise
 */
public record Checkpoint(
        int round, long seed, GanSpec spec, List<String> classNames, String config,
        ModelWeights globalG, ModelWeights globalD, ModelWeights publishedG, JsonNode strategyState,
        List<ClientState> clients, Map<Integer, Integer> clientVersions) {

    private static final String FORMAT = "fedsynth-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the collections. */
    public Checkpoint {
        classNames = List.copyOf(classNames);
        clients = List.copyOf(clients);
        clientVersions = Map.copyOf(clientVersions);
    }

    /** A checkpoint holding every client's state inline. */
    public Checkpoint(int round, long seed, GanSpec spec, List<String> classNames, String config,
            ModelWeights globalG, ModelWeights globalD, JsonNode strategyState, List<ClientState> clients) {
        this(round, seed, spec, classNames, config, globalG, globalD, null, strategyState, clients, Map.of());
    }

    /**
     * The generator to sample from: the published one (the moving average) when the run keeps
     * one, else the global generator. Sample grids, {@code generate}, {@code evaluate} and the report
     * all use this one.
     */
    public ModelWeights sampleGenerator() {
        return publishedG != null ? publishedG : globalG;
    }

    /** Writes the checkpoint atomically to {@code file}. */
    public void write(Path file) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT).put("version", VERSION).put("round", round).put("seed", seed);
        meta.set("spec", JSON.valueToTree(spec));
        meta.set("class_names", JSON.valueToTree(classNames));
        meta.put("config", config);
        meta.set("strategy_state", strategyState);
        ArrayNode cl = meta.putArray("clients");
        TensorZip.Builder zip = new TensorZip.Builder().add("global_g/", globalG).add("global_d/", globalD)
                .add("published_g/", publishedG);
        for (ClientState c : clients) {
            TensorZip.describeClient(cl.addObject(), c);
            zip.addClient(String.format("client_%04d/", c.clientId()), c);
        }
        ObjectNode versions = meta.putObject("client_versions");
        clientVersions.forEach((id, v) -> versions.put(String.valueOf(id), v));
        zip.write(file, meta);
    }

    /** Reads a checkpoint, with errors that name the file and the problem. */
    public static Checkpoint read(Path file) throws IOException {
        TensorZip.Contents c = TensorZip.read(file);
        JsonNode meta = c.meta();
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
            throw new IOException(file + ": unsupported checkpoint format " + meta.path("format").asText() + " v"
                    + meta.path("version").asInt() + " (this build reads " + FORMAT + " v" + VERSION + ")");
        }
        List<ClientState> clients = new ArrayList<>();
        for (JsonNode d : meta.path("clients")) {
            clients.add(TensorZip.readClient(c, String.format("client_%04d/", d.path("id").asInt()), d));
        }
        Map<Integer, Integer> versions = new TreeMap<>();
        meta.path("client_versions").fields().forEachRemaining(e -> versions.put(Integer.valueOf(e.getKey()), e.getValue().asInt()));
        List<String> classes = new ArrayList<>();
        meta.path("class_names").forEach(n -> classes.add(n.asText()));
        return new Checkpoint(
                meta.path("round").asInt(),
                meta.path("seed").asLong(),
                JSON.treeToValue(meta.path("spec"), GanSpec.class),
                classes,
                meta.path("config").asText(""),
                c.weights("global_g/"),
                c.has("global_d/") ? c.weights("global_d/") : null,
                c.has("published_g/") ? c.weights("published_g/") : null,
                meta.path("strategy_state"),
                clients,
                versions);
    }
}
