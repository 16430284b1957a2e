package org.fedsynth.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fedsynth.config.DataConfig;
import org.fedsynth.data.dicom.DicomImage;
import org.fedsynth.data.dicom.DicomOptions;

/**
 * Loads a folder of DICOM files ({@code data.format: dicom}), searched recursively, as a labelled
 * {@link ImageSet} at the training resolution, each image tagged with its DICOM Patient ID.
 *
 * <p><b>Files.</b> Every regular, non-hidden file whose name ends in {@code .dcm}, {@code .dicom},
 * {@code .dic} or {@code .ima}, has no extension (as PACS exports often have), or holds {@code DICM}
 * at byte 128. Others (a README, the labels CSV) are ignored and counted.
 *
 * <p><b>Labels.</b> From {@code data.labels_csv}, whose key column holds the file's path relative to
 * {@code data.path} (or absolute), its SOP Instance UID, or its Patient ID ({@code data.labels_key}),
 * and whose {@code label_column} (default {@code label}) holds a class name or index; or, without a
 * CSV, from the first sub-folder under {@code data.path}, one per class. Classes are
 * {@code data.classes} when given (a label outside them is an error), else the distinct labels in
 * name order.
 *
 * <p><b>Pixels.</b> {@link DicomImage} decodes and windows each file (see {@link DicomOptions}); the
 * image is center-cropped to a square and resized to {@code data.resolution} here, once: the result
 * is kept in a per-site {@link DicomCache}, keyed by the file's bytes and these settings.
 *
 * <p><b>Bad files.</b> With {@code on_bad_file: fail} (the default) the first file that cannot be
 * decoded stops the load with its message; with {@code skip} it is left out, and the count and
 * each reason are printed. Either way the cache holds only whole entries.
 */
public final class DicomFolderLoader {

    /** Extensions taken as DICOM without looking inside. */
    private static final Set<String> EXTENSIONS = Set.of(".dcm", ".dicom", ".dic", ".ima");

    /** What a load found besides the images. */
    public record Report(int files, int decoded, int fromCache, List<String> skipped, int ignored) {}

    private DicomFolderLoader() {
    }

    /** Loads with {@code data}'s settings, printing progress and skips to standard error. */
    public static ImageSet load(DataConfig data) {
        return load(data, System.err).set();
    }

    /** The set and a report of the load. */
    public record Loaded(ImageSet set, Report report) {}

    /**
     * Loads with {@code data}'s settings.
     *
     * @throws DatasetException naming the file (and CSV line) for every problem, unless skipped
     */
    public static Loaded load(DataConfig data, PrintStream progress) {
        Path root = Path.of(data.path());
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, Files.exists(root) ? "not a folder (data.format: dicom reads a folder of DICOM files)"
                    : "folder not found (data.path of data.format: dicom)");
        }
        DicomOptions options = new DicomOptions(data.window(), data.windowPercentiles().get(0), data.windowPercentiles().get(1),
                data.frame());
        int res = data.resolution();
        List<Path> files = new ArrayList<>();
        int ignored = 0;
        Path labelsCsv = data.labelsCsv() == null ? null : Path.of(data.labelsCsv());
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (isHidden(root, p) || (labelsCsv != null && Files.exists(labelsCsv) && Files.isSameFile(p, labelsCsv))) {
                    continue;
                }
                if (isDicomName(p) || hasDicmPrefix(p)) {
                    files.add(p);
                } else {
                    ignored++;
                }
            }
        } catch (IOException e) {
            throw new DatasetException(root, "cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new DatasetException(root, "no DICOM files found (looked for *.dcm, *.dicom, files without an extension, and"
                    + " files with DICM at byte 128, in all sub-folders)" + (ignored > 0 ? "; " + ignored + " other files ignored" : ""));
        }
        Labels labels = labelsCsv == null ? Labels.fromFolders(root, files) : Labels.fromCsv(labelsCsv, data, root, files);

        String settings = "fedsynth-dicom v1 " + options.key() + " resolution=" + res;
        DicomCache cache = data.cacheDir().map(d -> DicomCache.open(d, root, settings)).orElse(DicomCache.none());
        if (!cache.note().isEmpty()) {
            progress.println("data: " + cache.note());
        }
        int n = files.size();
        DicomCache.Entry[] entries = new DicomCache.Entry[n];
        DatasetException[] failures = new DatasetException[n];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        long start = System.nanoTime();
        long[] lastPrint = {start};
        Set<String> live = java.util.Collections.synchronizedSet(new HashSet<>());
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            Path f = files.get(i);
            String rel = relative(root, f);
            live.add(rel);
            try {
                // a file the pack knows by path, size and time is not opened; any other is read once, hashed and,
                // if its content is new, decoded from the same bytes
                long size = Files.size(f);
                long modified = Files.getLastModifiedTime(f).toMillis();
                String hash = cache.knownHash(rel, size, modified);
                DicomCache.Entry e = hash == null ? null : cache.get(hash);
                if (e == null) {
                    byte[] bytes = Files.readAllBytes(f);
                    hash = DicomCache.sha256(bytes);
                    cache.remember(rel, size, modified, hash);
                    e = cache.get(hash);
                    if (e == null) {
                        e = decode(f, bytes, hash, options, res);
                        cache.put(e);
                    } else {
                        hits.incrementAndGet();
                    }
                } else {
                    hits.incrementAndGet();
                }
                entries[i] = e;
            } catch (DatasetException e) {
                failures[i] = e;
            } catch (IOException e) {
                failures[i] = new DatasetException(f, "cannot read file (" + e.getMessage() + ")", e);
            } catch (RuntimeException e) {
                failures[i] = new DatasetException(f, "cannot decode (" + e + ")", e);
            }
            int k = done.incrementAndGet();
            long now = System.nanoTime();
            synchronized (lastPrint) {
                if (now - lastPrint[0] > 5_000_000_000L && k < n) {
                    lastPrint[0] = now;
                    progress.printf(Locale.ROOT, "data: %d/%d DICOM files read (%d from the cache), %.0f s%n", k, n, hits.get(),
                            (now - start) / 1e9);
                }
            }
        });
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                if (data.onBadFile().equals("fail")) {
                    saveQuietly(cache, live, progress);
                    throw failures[i];
                }
                skipped.add(failures[i].getMessage());
            }
        }
        saveQuietly(cache, live, progress);

        // labels by key; files with no label are an error (or skipped)
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (entries[i] == null) {
                continue;
            }
            Optional<String> problem = labels.problem(i, files.get(i), entries[i]);
            if (problem.isPresent()) {
                if (data.onBadFile().equals("fail")) {
                    throw new DatasetException(files.get(i), problem.get());
                }
                skipped.add(files.get(i) + ": " + problem.get());
                continue;
            }
            keep.add(i);
        }
        if (!skipped.isEmpty()) {
            progress.printf("data: skipped %d of %d DICOM files (data.on_bad_file: skip):%n", skipped.size(), n);
            skipped.stream().limit(20).forEach(s -> progress.println("  " + s));
            if (skipped.size() > 20) {
                progress.println("  ... and " + (skipped.size() - 20) + " more");
            }
        }
        if (keep.isEmpty()) {
            throw new DatasetException(root, "none of its " + n + " DICOM files could be used (" + skipped.size() + " skipped)");
        }
        List<String> classNames = labels.classNames(keep, entries, files);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        int channels = keep.stream().anyMatch(i -> entries[i].channels() == 3) ? 3 : 1;
        List<byte[]> images = new ArrayList<>(keep.size());
        int[] lab = new int[keep.size()];
        List<String> patients = new ArrayList<>(keep.size());
        int[] counts = new int[classNames.size()];
        boolean anyPatient = false;
        for (int k = 0; k < keep.size(); k++) {
            int i = keep.get(k);
            DicomCache.Entry e = entries[i];
            Picture p = new Picture(e.channels(), e.size(), e.size(), e.pixels()).withChannels(channels);
            images.add(p.pixels());
            lab[k] = index.get(labels.label(i, files.get(i), e));
            counts[lab[k]]++;
            anyPatient |= !e.patientId().isEmpty();
            patients.add(e.patientId().isEmpty() ? "file:" + relative(root, files.get(i)) : e.patientId());
        }
        for (int c = 0; c < classNames.size(); c++) {
            if (counts[c] == 0) {
                throw new DatasetException(labelsCsv != null ? labelsCsv : root, "class '" + classNames.get(c)
                        + "' has no images" + (skipped.isEmpty() ? "" : " left after skipping bad files")
                        + "; remove it from data.classes, or add images of it");
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int decoded = n - hits.get() - (int) java.util.Arrays.stream(failures).filter(java.util.Objects::nonNull).count();
        progress.printf(Locale.ROOT, "data: %d DICOM images from %s (%d decoded, %d from the cache%s) in %.1f s%n", keep.size(),
                root, decoded, hits.get(), skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped", secs);
        String source = "dicom " + root + " (" + keep.size() + " images" + (skipped.isEmpty() ? "" : ", " + skipped.size()
                + " files skipped") + ")";
        ImageSet set = new ImageSet(classNames, channels, res, res, images, lab, source, anyPatient ? patients : List.of());
        return new Loaded(set, new Report(n, decoded, hits.get(), List.copyOf(skipped), ignored));
    }

    private static void saveQuietly(DicomCache cache, Set<String> live, PrintStream progress) {
        try {
            cache.save(live);
        } catch (IOException e) {
            progress.println("data: could not write the DICOM cache " + cache.file() + " (" + e.getMessage()
                    + "); the next run decodes again");
        }
    }

    private static DicomCache.Entry decode(Path f, byte[] bytes, String hash, DicomOptions options, int res) {
        DicomImage im = DicomImage.of(org.fedsynth.data.dicom.DicomDataset.parse(f, bytes), options);
        Picture p = new Picture(im.channels(), im.rows(), im.columns(), im.pixels()).centerCropSquare().resize(res, res);
        return new DicomCache.Entry(hash, p.channels(), res, p.pixels(), im.patientId(), im.sopInstanceUid(), im.window(), im.frames());
    }

    static String relative(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDicomName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 || EXTENSIONS.contains(name.substring(dot));
    }

    private static boolean hasDicmPrefix(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(132);
            return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** Where labels come from: class folders, or a CSV keyed by path, SOP Instance UID or Patient ID. */
    private static final class Labels {
        private final Path csv;
        private final String key;
        private final Map<String, String> byKey;
        private final Map<String, Integer> lineOf;
        private final List<String> declared;
        private final String[] byFile; // folder labels, or path-keyed CSV labels

        private Labels(Path csv, String key, Map<String, String> byKey, Map<String, Integer> lineOf, List<String> declared,
                String[] byFile) {
            this.csv = csv;
            this.key = key;
            this.byKey = byKey;
            this.lineOf = lineOf;
            this.declared = declared;
            this.byFile = byFile;
        }

        static Labels fromFolders(Path root, List<Path> files) {
            String[] byFile = new String[files.size()];
            for (int i = 0; i < files.size(); i++) {
                Path rel = root.relativize(files.get(i));
                if (rel.getNameCount() < 2) {
                    throw new DatasetException(files.get(i), "is not inside a class folder: with no data.labels_csv, each class is a"
                            + " sub-folder of " + root + " (e.g. " + root.resolve("pneumonia").resolve(rel) + "); move it there, or"
                            + " give a labels CSV");
                }
                byFile[i] = rel.getName(0).toString();
            }
            return new Labels(null, "folder", Map.of(), Map.of(), List.of(), byFile);
        }

        static Labels fromCsv(Path csv, DataConfig data, Path root, List<Path> files) {
            CsvTable t = CsvTable.read(csv);
            int keyCol = t.column(data.keyColumnOrDefault());
            int labelCol = t.column(data.labelColumn() != null ? data.labelColumn() : "label");
            Map<String, String> byKey = new LinkedHashMap<>();
            Map<String, Integer> lineOf = new HashMap<>();
            for (int r = 0; r < t.rows().size(); r++) {
                String k = t.required(r, keyCol);
                String label = t.required(r, labelCol);
                if (data.labelsKey().equals("path")) {
                    k = normalisePath(root, csv, k);
                }
                String prev = byKey.put(k, label);
                if (prev != null && !prev.equals(label)) {
                    throw new DatasetException(csv, t.lines()[r], "'" + k + "' is listed again with another label ('" + prev
                            + "' on line " + lineOf.get(k) + ", '" + label + "' here)");
                }
                lineOf.putIfAbsent(k, t.lines()[r]);
            }
            String[] byFile = null;
            if (data.labelsKey().equals("path")) {
                byFile = new String[files.size()];
                Map<String, Integer> fileIndex = new HashMap<>();
                for (int i = 0; i < files.size(); i++) {
                    fileIndex.put(relative(root, files.get(i)), i);
                }
                for (Map.Entry<String, String> e : byKey.entrySet()) {
                    Integer i = fileIndex.get(e.getKey());
                    if (i == null) {
                        Path named = root.resolve(e.getKey());
                        throw new DatasetException(csv, lineOf.get(e.getKey()), "names the file '" + e.getKey() + "', which is "
                                + (Files.exists(named) ? "not a DICOM file" : "not in " + root)
                                + " (paths are relative to data.path; fix the path or remove the row)");
                    }
                    byFile[i] = e.getValue();
                }
            }
            List<String> declared = data.classes();
            if (!declared.isEmpty()) {
                for (Map.Entry<String, String> e : byKey.entrySet()) {
                    if (!declared.contains(e.getValue())) {
                        throw new DatasetException(csv, lineOf.get(e.getKey()), "label '" + e.getValue() + "' is not a known class"
                                + " (data.classes: " + String.join(", ", declared) + "); fix the label or add the class");
                    }
                }
            }
            return new Labels(csv, data.labelsKey(), byKey, lineOf, declared, byFile);
        }

        private static String normalisePath(Path root, Path csv, String k) {
            Path p = Path.of(k);
            if (p.isAbsolute()) {
                Path abs = p.normalize();
                Path r = root.toAbsolutePath().normalize();
                return abs.startsWith(r) ? r.relativize(abs).toString().replace('\\', '/') : k;
            }
            return p.normalize().toString().replace('\\', '/');
        }

        /** Why file {@code i} has no label, if it has none. */
        Optional<String> problem(int i, Path f, DicomCache.Entry e) {
            if (label(i, f, e) != null) {
                return Optional.empty();
            }
            return Optional.of(switch (key) {
                case "path" -> "is not listed in the labels CSV " + csv + " (add a row for it, or move it out of the folder)";
                case "sop_instance_uid" -> e.sopInstanceUid().isEmpty() ? "has no SOP Instance UID (0008,0018) to look up in "
                        + csv : "has SOP Instance UID " + e.sopInstanceUid() + ", which the labels CSV " + csv + " does not list";
                default -> e.patientId().isEmpty() ? "has no Patient ID (0010,0020) to look up in " + csv
                        : "has Patient ID " + e.patientId() + ", which the labels CSV " + csv + " does not list";
            });
        }

        String label(int i, Path f, DicomCache.Entry e) {
            return switch (key) {
                case "folder", "path" -> byFile[i];
                case "sop_instance_uid" -> byKey.get(e.sopInstanceUid());
                default -> byKey.get(e.patientId());
            };
        }

        List<String> classNames(List<Integer> keep, DicomCache.Entry[] entries, List<Path> files) {
            if (!declared.isEmpty()) {
                return declared;
            }
            Set<String> names = new HashSet<>();
            for (int i : keep) {
                names.add(label(i, files.get(i), entries[i]));
            }
            return ClassOrder.sortedDistinct(names);
        }
    }
}
