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
                    ? CsvManifestLoader.load(Path.of(data.path()), data.imageColumn(), data.labelColumn())
                    : CsvManifestLoader.loadOneHot(Path.of(data.path()), data.imageColumn(), data.classColumns());
            case "npz" -> NpzLoader.load(Path.of(data.path()), data.split());
            default -> throw new IllegalArgumentException("data.format: unknown format " + data.format());
        };
        return prepare(raw, data);
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
        List<int[]> parts = Partitioner.partition(all, fed.partition(), fed.clients(), fed.alpha(), seed);
        return Partitioner.subsets(all, parts);
    }

    private static ImageSet prepare(ImageSet raw, DataConfig data) {
        int channels = data.channels() != null ? data.channels() : raw.channels();
        return Preprocess.toResolution(raw, data.resolution(), channels);
    }
}
