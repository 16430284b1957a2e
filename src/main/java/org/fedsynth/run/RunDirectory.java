package org.fedsynth.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;

/**
 * The layout of a run's output folder:
 * <pre>
 * DIR/config.resolved.yaml   every setting, defaults filled in
 * DIR/metrics.jsonl          one record per client per round, plus round records
 * DIR/samples/round-NNNN.png sample grids, one row per class, fixed noise
 * DIR/checkpoints/round-NNNN.ckpt  atomic checkpoints (the latest few are kept)
 * DIR/summary.json           written when the run completes
 * </pre>
 */
public final class RunDirectory {

    /** The resolved configuration's file name inside a run folder. */
    public static final String CONFIG_FILE = "config.resolved.yaml";

    private static final Pattern CKPT = Pattern.compile("round-(\\d+)\\.ckpt");
    private final Path root;

    /** A run folder (created if missing). */
    public RunDirectory(Path root) throws IOException {
        this.root = root;
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + " exists and is not a folder; choose another --out");
        }
        Files.createDirectories(checkpoints());
        Files.createDirectories(samples());
    }

    /**
     * Takes the run folder's lock for as long as the returned handle is open, so two processes never
     * write into one run; fails with a clear message when another process holds it. Also removes
     * temporary files left by a process that was killed while writing.
     */
    public AutoCloseable lock() throws IOException {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(root.resolve(".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException(root + " is in use by another FedSynth process (it holds " + root.resolve(".lock")
                    + "); wait for it to finish or use another --out");
        }
        for (Path d : List.of(root, checkpoints(), samples(), clientStates())) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    for (Path p : s.toList()) {
                        String n = p.getFileName().toString();
                        if (n.startsWith(".") && n.endsWith(".tmp")) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
        java.nio.channels.FileLock held = l;
        return () -> {
            held.release();
            ch.close();
        };
    }

    /** The folder itself. */
    public Path root() {
        return root;
    }

    /** {@code config.resolved.yaml}. */
    public Path resolvedConfig() {
        return root.resolve(CONFIG_FILE);
    }

    /**
     * Reads the resolved configuration of an existing run folder without touching the folder; a
     * missing file is reported as "not a FedSynth run folder".
     */
    public static RunConfig readConfig(Path runDir) throws NoSuchFileException {
        Path f = runDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f + ": missing, so " + runDir + " is not a FedSynth run folder");
        }
        return ConfigIO.read(f);
    }

    /** {@code metrics.jsonl}. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** {@code summary.json}. */
    public Path summary() {
        return root.resolve("summary.json");
    }

    /** The samples folder. */
    public Path samples() {
        return root.resolve("samples");
    }

    /** The grid file of a round. */
    public Path grid(int round) {
        return samples().resolve(String.format("round-%04d.png", round));
    }

    /** The checkpoints folder. */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The checkpoint file of a round. */
    public Path checkpoint(int round) {
        return checkpoints().resolve(String.format("round-%04d.ckpt", round));
    }

    /** Checkpoint files, newest first. */
    public List<Path> checkpointsNewestFirst() throws IOException {
        return listCheckpoints(checkpoints());
    }

    /** Checkpoint files in a folder, newest first. */
    public static List<Path> listCheckpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> CKPT.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        }
        out.sort((a, b) -> Integer.compare(roundOf(b), roundOf(a)));
        return out;
    }

    private static int roundOf(Path p) {
        Matcher m = CKPT.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * The newest checkpoint that reads back, skipping (with a warning) any that is corrupt, or
     * empty when there is none.
     */
    public Optional<Checkpoint> latestReadableCheckpoint(PrintStream warn) throws IOException {
        for (Path p : checkpointsNewestFirst()) {
            try {
                return Optional.of(Checkpoint.read(p));
            } catch (IOException | RuntimeException e) {
                warn.println("warning: skipping unreadable checkpoint " + p + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Resolves a {@code --checkpoint} argument: a checkpoint file, or a run folder (its latest). */
    public static Path resolveCheckpoint(Path arg) throws IOException {
        if (Files.isRegularFile(arg)) {
            return arg;
        }
        if (Files.isDirectory(arg)) {
            for (Path dir : List.of(arg.resolve("checkpoints"), arg)) {
                List<Path> c = listCheckpoints(dir);
                if (!c.isEmpty()) {
                    return c.get(0);
                }
            }
            throw new IOException(arg + ": no checkpoints (round-NNNN.ckpt) in this folder or its checkpoints/ folder");
        }
        throw new IOException(arg + ": no such checkpoint file or run folder");
    }

    /** The folder of spilled client states (many-client simulations). */
    public Path clientStates() {
        return root.resolve("clients");
    }

    /** The client-state versions named by every kept checkpoint (unreadable ones are skipped). */
    public List<java.util.Map<Integer, Integer>> keptClientVersions() throws IOException {
        List<java.util.Map<Integer, Integer>> out = new ArrayList<>();
        for (Path p : checkpointsNewestFirst()) {
            try {
                java.util.Map<Integer, Integer> m = new java.util.TreeMap<>();
                TensorZip.readMeta(p).path("client_versions").fields()
                        .forEachRemaining(e -> m.put(Integer.valueOf(e.getKey()), e.getValue().asInt()));
                out.add(m);
            } catch (java.util.zip.ZipException | com.fasterxml.jackson.core.JsonProcessingException e) {
                // a corrupt checkpoint references nothing we must keep; other I/O errors propagate,
                // so a transient failure never deletes client states a checkpoint still needs
            }
        }
        return out;
    }

    /** Writes a checkpoint atomically and removes all but the newest {@code keep}. */
    public void saveCheckpoint(Checkpoint c, int keep) throws IOException {
        c.write(checkpoint(c.round()));
        List<Path> all = checkpointsNewestFirst();
        for (int i = keep; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
