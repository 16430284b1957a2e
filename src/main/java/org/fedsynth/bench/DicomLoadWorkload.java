package org.fedsynth.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.DataConfig;
import org.fedsynth.data.DicomFolderLoader;

/**
 * Figure {@code dicom_load}: loading a folder of 10,000 DICOM files ({@code --quick}: 200) made by
 * {@link DicomFolderGenerator} from the shared test files, at 32 px: once cold (every file hashed,
 * parsed, decoded, windowed and resized, and the cache written) and once warm (every file matched in the
 * cache by path, size and time). The folder and cache are deleted afterwards.
 */
final class DicomLoadWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        int count = ctx.quick() ? 200 : 10_000;
        Files.createDirectories(ctx.dir());
        Path work = Files.createTempDirectory(ctx.dir(), "dicom-load");
        try {
            Path shared = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data"), "dicom", "originals");
            long t0 = System.nanoTime();
            DicomFolderGenerator.Folder folder = DicomFolderGenerator.generate(work.resolve("folder"), count, shared);
            double genS = Timing.msSince(t0) / 1000;
            DataConfig data = ConfigIO.parse("data: {format: dicom, path: '" + folder.root() + "', resolution: 32, cache: '"
                    + work.resolve("cache") + "'}", "bench").data();
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            long t1 = System.nanoTime();
            DicomFolderLoader.Loaded cold = DicomFolderLoader.load(data, quiet);
            double coldS = Timing.msSince(t1) / 1000;
            long t2 = System.nanoTime();
            DicomFolderLoader.Loaded warm = DicomFolderLoader.load(data, quiet);
            double warmS = Timing.msSince(t2) / 1000;
            long packBytes;
            try (Stream<Path> s = Files.list(work.resolve("cache"))) {
                packBytes = s.mapToLong(p -> p.toFile().length()).sum();
            }
            ctx.emit(ctx.figure("dicom_load").put("files", count).put("megabytes", folder.bytes() / 1e6)
                    .put("sources", folder.sources()).put("resolution", 32)
                    .put("cores", Runtime.getRuntime().availableProcessors())
                    .put("generate_s", genS).put("cold_s", coldS).put("warm_s", warmS)
                    .put("cold_ms_per_file", coldS * 1000 / count).put("warm_ms_per_file", warmS * 1000 / count)
                    .put("decoded", cold.report().decoded()).put("warm_from_cache", warm.report().fromCache())
                    .put("images", cold.set().size()).put("cache_megabytes", packBytes / 1e6));
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
