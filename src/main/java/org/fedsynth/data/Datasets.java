package org.fedsynth.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.config.DataConfig;
import org.fedsynth.config.FederationConfig;

/**
 * Turns the {@code data} and {@code federation} config sections into one preprocessed
 * {@link ImageSet} per client: load (phantom, ImageFolder, CSV or MedMNIST .npz), resize to the
 * training resolution and channel count, then partition.
 */
public final class Datasets {

    private Datasets() {}

    /** The whole (unpartitioned) training set at the configured resolution and channels. */
    public static ImageSet load(DataConfig data, long seed) {
        ImageSet raw = switch (data.format()) {
            case "phantom" -> Phantoms.generate(data.phantomKind(), data.phantomCount(), data.resolution(), seed);
            case "imagefolder" -> ImageFolderLoader.load(Path.of(data.path()));
            case "csv" -> data.labelColumn() != null
                    ? CsvManifestLoader.load(Path.of(data.path()), data.imageColumn(), data.labelColumn(), data.classes(),
                            data.patientColumn())
                    : CsvManifestLoader.loadOneHot(Path.of(data.path()), data.imageColumn(),
                            data.classColumns().isEmpty() ? data.classes() : data.classColumns(), data.patientColumn());
            case "npz" -> NpzLoader.load(Path.of(data.path()), data.split());
            case "dicom" -> DicomFolderLoader.load(data);
            default -> throw new IllegalArgumentException("data.format: unknown format " + data.format());
        };
        return prepare(data.maxImages() == null ? raw : stratifiedSubset(raw, data.maxImages()), data);
    }

    /**
     * At most {@code max} images of {@code set}, in their original order: each class keeps
     * {@code floor(max * n_c / n)} images (at least one), the remainder going to the classes with the
     * largest fractional parts, each class's images chosen by a fixed seeded shuffle (the same subset
     * for every run seed, so {@code data.max_images} defines a dataset, not a draw).
     */
    public static ImageSet stratifiedSubset(ImageSet set, int max) {
        if (max >= set.size()) {
            return set;
        }
        int k = set.numClasses();
        int[] counts = set.classCounts();
        int[] keep = new int[k];
        double[] frac = new double[k];
        int used = 0;
        for (int c = 0; c < k; c++) {
            double exact = max * (double) counts[c] / set.size();
            keep[c] = counts[c] == 0 ? 0 : Math.max(1, (int) Math.floor(exact));
            frac[c] = exact - Math.floor(exact);
            used += keep[c];
        }
        Integer[] byFrac = new Integer[k];
        for (int c = 0; c < k; c++) {
            byFrac[c] = c;
        }
        java.util.Arrays.sort(byFrac, (a, b) -> Double.compare(frac[b], frac[a]));
        for (int t = 0; used < max && t < 10 * k; t++) {
            int c = byFrac[t % k];
            if (keep[c] < counts[c]) {
                keep[c]++;
                used++;
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (set.label(i) == c) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, new java.util.Random(org.fedsynth.util.Seeds.derive(0L, "data-max-images", c)));
            chosen.addAll(idx.subList(0, keep[c]));
        }
        return set.subset(chosen.stream().mapToInt(Integer::intValue).sorted().toArray(),
                set.source() + " (max_images " + max + ")");
    }

    /** One preprocessed image set per client, following {@code federation.partition}. */
    public static List<ImageSet> clientData(DataConfig data, FederationConfig fed, long seed) {
        if (fed.partition().equals("folders")) {
            List<Path> paths = fed.clientPaths().stream().map(Path::of).toList();
            List<ImageSet> out = new ArrayList<>();
            for (ImageSet s : Partitioner.fromFolders(paths)) {
                out.add(prepare(s, data));
            }
            return out;
        }
        ImageSet all = load(data, seed);
        return Partitioner.subsets(all, clientIndices(all, fed, seed));
    }

    /**
     * Which images of {@code all} (the set {@link #load} returns for the same seed) each client holds:
     * the one rule the simulation trains by and the privacy audit reads members by.
     *
     * @throws IllegalArgumentException for {@code folders} (the clients' sets are their folders)
     */
    public static List<int[]> clientIndices(ImageSet all, FederationConfig fed, long seed) {
        if (fed.partition().equals("folders")) {
            throw new IllegalArgumentException("federation.partition: folders has no indices into one set");
        }
        return Partitioner.partition(all, fed.partition(), fed.clients(), fed.alpha(), seed);
    }

    private static ImageSet prepare(ImageSet raw, DataConfig data) {
        int channels = data.channels() != null ? data.channels() : raw.channels();
        return Preprocess.toResolution(raw, data.resolution(), channels);
    }
}
