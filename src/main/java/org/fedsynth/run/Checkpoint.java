package org.fedsynth.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.gan.AdamState;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.NpyArray;

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
 * @param strategyState the strategy's carried state
 * @param clients the simulated clients' private states (empty for a networked server)
 */
public record Checkpoint(
        int round, long seed, GanSpec spec, List<String> classNames, String config,
        ModelWeights globalG, ModelWeights globalD, JsonNode strategyState, List<ClientState> clients) {

    private static final String FORMAT = "fedsynth-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the lists. */
    public Checkpoint {
        classNames = List.copyOf(classNames);
        clients = List.copyOf(clients);
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
        for (ClientState c : clients) {
            ObjectNode o = cl.addObject().put("id", c.clientId());
            if (c.optG() != null) {
                o.put("opt_g_step", c.optG().step());
            }
            if (c.optD() != null) {
                o.put("opt_d_step", c.optD().step());
            }
        }
        AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry("meta.json"));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            zip.closeEntry();
            put(zip, "global_g/", globalG);
            put(zip, "global_d/", globalD);
            for (ClientState c : clients) {
                String p = String.format("client_%04d/", c.clientId());
                put(zip, p + "d/", c.discriminator());
                if (c.optG() != null) {
                    put(zip, p + "opt_g_m/", c.optG().firstMoment());
                    put(zip, p + "opt_g_v/", c.optG().secondMoment());
                }
                if (c.optD() != null) {
                    put(zip, p + "opt_d_m/", c.optD().firstMoment());
                    put(zip, p + "opt_d_v/", c.optD().secondMoment());
                }
            }
            zip.finish();
        });
    }

    private static void put(ZipOutputStream zip, String prefix, ModelWeights w) throws IOException {
        if (w == null) {
            return;
        }
        for (Tensor t : w) {
            zip.putNextEntry(new ZipEntry(prefix + t.name() + ".npy"));
            NpyArray.writeFloats(zip, t.shape(), t.data());
            zip.closeEntry();
        }
    }

    /** Reads a checkpoint, with errors that name the file and the problem. */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": checkpoint not found");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metaEntry = zip.getEntry("meta.json");
            if (metaEntry == null) {
                throw new IOException(file + ": not a FedSynth checkpoint (no meta.json)");
            }
            JsonNode meta;
            try (InputStream in = zip.getInputStream(metaEntry)) {
                meta = JSON.readTree(in);
            }
            if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
                throw new IOException(file + ": unsupported checkpoint format " + meta.path("format").asText() + " v"
                        + meta.path("version").asInt() + " (this build reads " + FORMAT + " v" + VERSION + ")");
            }
            Map<String, List<Tensor>> groups = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                int slash = name.lastIndexOf('/');
                String group = name.substring(0, slash + 1);
                String tensor = name.substring(slash + 1, name.length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    NpyArray a = NpyArray.parse(name, in.readAllBytes());
                    groups.computeIfAbsent(group, k -> new ArrayList<>()).add(new Tensor(tensor, a.longShape(), a.floats()));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(file + ": " + bad.getMessage(), bad);
                }
            }
            List<ClientState> clients = new ArrayList<>();
            for (JsonNode c : meta.path("clients")) {
                int id = c.path("id").asInt();
                String p = String.format("client_%04d/", id);
                AdamState g = c.has("opt_g_step")
                        ? new AdamState(c.path("opt_g_step").asLong(), weights(groups, p + "opt_g_m/", file), weights(groups, p + "opt_g_v/", file))
                        : null;
                AdamState d = c.has("opt_d_step")
                        ? new AdamState(c.path("opt_d_step").asLong(), weights(groups, p + "opt_d_m/", file), weights(groups, p + "opt_d_v/", file))
                        : null;
                clients.add(new ClientState(id, weights(groups, p + "d/", file), g, d));
            }
            List<String> classes = new ArrayList<>();
            meta.path("class_names").forEach(n -> classes.add(n.asText()));
            return new Checkpoint(
                    meta.path("round").asInt(),
                    meta.path("seed").asLong(),
                    JSON.treeToValue(meta.path("spec"), GanSpec.class),
                    classes,
                    meta.path("config").asText(""),
                    weights(groups, "global_g/", file),
                    groups.containsKey("global_d/") ? weights(groups, "global_d/", file) : null,
                    meta.path("strategy_state"),
                    clients);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt checkpoint (" + e.getMessage() + "); use an earlier one from the same folder", e);
        }
    }

    private static ModelWeights weights(Map<String, List<Tensor>> groups, String group, Path file) throws IOException {
        List<Tensor> t = groups.get(group);
        if (t == null) {
            throw new IOException(file + ": checkpoint is missing " + group);
        }
        return new ModelWeights(t);
    }
}
