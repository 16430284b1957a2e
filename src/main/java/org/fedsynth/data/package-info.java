/**
 * Data for FedSynth: loading, generating, preprocessing and partitioning labelled medical images.
 *
 * <ul>
 *   <li>{@link org.fedsynth.data.ImageSet}: the in-memory image set every other class produces or consumes
 *       (unsigned bytes, CHW).
 *   <li>Loaders: {@link org.fedsynth.data.ImageFolderLoader} (one folder per class),
 *       {@link org.fedsynth.data.CsvManifestLoader} (path + label, or ISIC one-hot CSV),
 *       {@link org.fedsynth.data.NpzLoader} (MedMNIST {@code .npz}); bad input raises
 *       {@link org.fedsynth.data.DatasetException} naming the file and the problem.
 *   <li>{@link org.fedsynth.data.Phantoms}: built-in procedural chest-X-ray and dermoscopy
 *       datasets, so nothing needs downloading; {@link org.fedsynth.data.ImageFolderWriter} saves any set
 *       as PNG folders.
 *   <li>{@link org.fedsynth.data.Preprocess}: square crop, resize and channel conversion to the model's
 *       resolution.
 *   <li>{@link org.fedsynth.data.Partitioner}: iid, Dirichlet label-skew, shared and per-folder splits
 *       across federated clients.
 * </ul>
 */
package org.fedsynth.data;
