package org.fedsynth.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.NpyArray;

/**
 * The on-disk form of checkpoints and spilled client states: a zip (stored, not compressed) of
 * {@code meta.json} plus one NumPy {@code .npy} entry per tensor, grouped by folder-like prefixes,
 * written atomically. {@code numpy.load} opens it.
 */
public final class TensorZip {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorZip() {}

    /** What a read returns: the metadata and every tensor group, by prefix. */
    public record Contents(JsonNode meta, Map<String, List<Tensor>> groups, Path file) {

        /** The tensors under {@code prefix}, or an error naming the file. */
        public ModelWeights weights(String prefix) throws IOException {
            List<Tensor> t = groups.get(prefix);
            if (t == null) {
                throw new IOException(file + ": missing " + prefix);
            }
            return new ModelWeights(t);
        }

        /** Whether a group exists. */
        public boolean has(String prefix) {
            return groups.containsKey(prefix);
        }
    }

    /** Groups of tensors to write, in order. */
    public static final class Builder {
        private final Map<String, ModelWeights> groups = new LinkedHashMap<>();

        /** Adds a group ({@code null} weights are skipped). */
        public Builder add(String prefix, ModelWeights w) {
            if (w != null) {
                groups.put(prefix, w);
            }
            return this;
        }

        /** Adds a client's private state under {@code prefix}. */
        public Builder addClient(String prefix, ClientState c) {
            add(prefix + "d/", c.discriminator());
            if (c.optG() != null) {
                add(prefix + "opt_g_m/", c.optG().firstMoment()).add(prefix + "opt_g_v/", c.optG().secondMoment());
            }
            if (c.optD() != null) {
                add(prefix + "opt_d_m/", c.optD().firstMoment()).add(prefix + "opt_d_v/", c.optD().secondMoment());
            }
            return this;
        }

        /** Writes atomically. */
        public void write(Path file, JsonNode meta) throws IOException {
            AtomicFiles.write(file, raw -> {
                // closing the zip stream frees its native Deflater; the wrapper keeps raw open for the fsync
                try (ZipOutputStream zip = new ZipOutputStream(new java.io.FilterOutputStream(raw) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                })) {
                zip.setLevel(Deflater.NO_COMPRESSION);
                zip.putNextEntry(new ZipEntry("meta.json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                for (Map.Entry<String, ModelWeights> g : groups.entrySet()) {
                    for (Tensor t : g.getValue()) {
                        zip.putNextEntry(new ZipEntry(g.getKey() + t.name() + ".npy"));
                        NpyArray.writeFloats(zip, t.shape(), t.data());
                        zip.closeEntry();
                    }
                }
                zip.finish();
                }
            });
        }
    }

    /** The metadata a client-state entry needs to be read back (its optimizer step counts). */
    public static void describeClient(com.fasterxml.jackson.databind.node.ObjectNode o, ClientState c) {
        o.put("id", c.clientId());
        if (c.optG() != null) {
            o.put("opt_g_step", c.optG().step());
        }
        if (c.optD() != null) {
            o.put("opt_d_step", c.optD().step());
        }
    }

    /** Reads back a client state written with {@link Builder#addClient} and {@link #describeClient}. */
    public static ClientState readClient(Contents c, String prefix, JsonNode desc) throws IOException {
        AdamState g = desc.has("opt_g_step")
                ? new AdamState(desc.path("opt_g_step").asLong(), c.weights(prefix + "opt_g_m/"), c.weights(prefix + "opt_g_v/"))
                : null;
        AdamState d = desc.has("opt_d_step")
                ? new AdamState(desc.path("opt_d_step").asLong(), c.weights(prefix + "opt_d_m/"), c.weights(prefix + "opt_d_v/"))
                : null;
        return new ClientState(desc.path("id").asInt(), c.weights(prefix + "d/"), g, d);
    }

    /** Reads only {@code meta.json} of a file written by {@link Builder#write}. */
    public static JsonNode readMeta(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("meta.json");
            if (e == null) {
                throw new IOException(file + ": no meta.json");
            }
            try (InputStream in = zip.getInputStream(e)) {
                return JSON.readTree(in);
            }
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt file (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a file written by {@link Builder#write}, with errors that name the file. */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": not found");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metaEntry = zip.getEntry("meta.json");
            if (metaEntry == null) {
                throw new IOException(file + ": not a FedSynth checkpoint or state file (no meta.json)");
            }
            JsonNode meta;
            try (InputStream in = zip.getInputStream(metaEntry)) {
                meta = JSON.readTree(in);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + ": corrupt meta.json (" + e.getOriginalMessage() + ")", e);
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
                try (InputStream in = zip.getInputStream(e)) {
                    NpyArray a = NpyArray.parse(name, in.readAllBytes());
                    groups.computeIfAbsent(name.substring(0, slash + 1), k -> new ArrayList<>())
                            .add(new Tensor(name.substring(slash + 1, name.length() - 4), a.longShape(), a.floats()));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(file + ": " + bad.getMessage(), bad);
                }
            }
            return new Contents(meta, groups, file);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt file (" + e.getMessage() + "); use an earlier one from the same folder", e);
        }
    }
}
