package org.fedsynth.eval.features;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A user-supplied TorchScript feature network, loaded from a local file by DJL's PyTorch engine
 * (offline; nothing is downloaded). With an Inception-v3 pool3 network, FD is the standard FID and
 * KID the standard KID.
 *
 * <p><b>Contract.</b> The module's {@code forward} takes one float32 tensor {@code [N, 3, 299, 299]}
 * with values in <b>[0, 1]</b> and returns float32 {@code [N, d]} pooled features ({@code [N, d, 1, 1]}
 * is accepted and flattened). FedSynth does the rest: it maps the run's [-1, 1] images to [0, 1]
 * ({@code (x + 1) / 2}), replicates a grey channel to three, and resizes to 299 x 299 with bilinear
 * interpolation ({@code align_corners=False}, no antialiasing, as {@code torch.nn.functional.interpolate}).
 * This is the input convention of pytorch-fid's {@code InceptionV3} (which normalises [0, 1] to
 * [-1, 1] itself); a wrapper that calls it and returns {@code output[0].flatten(1)}, scripted with
 * {@code torch.jit.script} or {@code torch.jit.trace}, fits. Files saved by torch 1.13 load in
 * PyTorch 2.7.1 (tested with {@code bench/make_torchscript_fixture.py}'s fixture).
 */
public final class TorchScriptFeatureNetwork implements FeatureNetwork {

    /** Input side the contract fixes. */
    public static final int INPUT_SIZE = 299;
    /** Images per forward call (a batch of 299px RGB images is 1 MiB per image). */
    private static final int BATCH = 16;

    private final Path file;
    private final Model model;
    private final NDManager root;
    private final String sha256;
    private int dims = -1;

    private TorchScriptFeatureNetwork(Path file, Model model, String sha256) {
        this.file = file;
        this.model = model;
        this.root = NDManager.newBaseManager();
        this.sha256 = sha256;
    }

    /**
     * Loads a TorchScript file and checks the contract on one blank image, with errors that name the
     * file and the fix.
     */
    public static TorchScriptFeatureNetwork load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": TorchScript feature network not found (give the path of a file"
                    + " saved with torch.jit.save)");
        }
        String hash = sha256(file);
        Model model = Model.newInstance("torchscript-features", "PyTorch");
        try {
            model.load(file.toAbsolutePath());
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException(file + ": not a loadable TorchScript module (" + firstLine(e)
                    + "); save the feature network with torch.jit.save(torch.jit.script(model), path)", e);
        }
        TorchScriptFeatureNetwork net = new TorchScriptFeatureNetwork(file, model, hash);
        try {
            net.dims = net.forward(new float[3 * INPUT_SIZE * INPUT_SIZE], 1)[0].length;
        } catch (RuntimeException e) {
            net.close();
            throw new IOException(file + ": the module does not honour the feature-network contract (input float32"
                    + " [N, 3, 299, 299] in [0, 1], output [N, d]): " + firstLine(e), e);
        }
        return net;
    }

    @Override
    public Description describe() {
        return new Description("torchscript", file.toString(), "sha256:" + sha256, dims);
    }

    @Override
    public double[][] features(float[] images, int count, int channels, int resolution) {
        FeatureNetwork.checkShape(images, count, channels, resolution);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        int in = channels * resolution * resolution;
        int out = 3 * INPUT_SIZE * INPUT_SIZE;
        double[][] result = new double[count][];
        for (int start = 0; start < count; start += BATCH) {
            int b = Math.min(BATCH, count - start);
            float[] x = new float[b * out];
            for (int i = 0; i < b; i++) {
                prepare(images, (start + i) * in, channels, resolution, x, i * out);
            }
            double[][] f = forward(x, b);
            System.arraycopy(f, 0, result, start, b);
        }
        return result;
    }

    /**
     * Runs the module on {@code b} prepared inputs ({@code [b, 3, 299, 299]} in [0, 1]). Exposed for
     * tests of the contract.
     */
    public double[][] forward(float[] prepared, int b) {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.create(prepared, new Shape(b, 3, INPUT_SIZE, INPUT_SIZE));
            NDArray y = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).head();
            long[] s = y.getShape().getShape();
            boolean ok = s.length == 2 || (s.length == 4 && s[2] == 1 && s[3] == 1);
            if (!ok || s[0] != b || s[1] < 1) {
                throw new IllegalStateException(file + ": output shape " + FeatureNetwork.shape(s) + " for " + b
                        + " images; the contract is [N, d] (or [N, d, 1, 1])");
            }
            int d = Math.toIntExact(s[1]);
            float[] v = y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            double[][] out = new double[b][d];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < d; j++) {
                    out[i][j] = v[i * d + j];
                }
            }
            return out;
        }
    }

    /**
     * One image of the run ({@code channels x r x r} in [-1, 1] at {@code src[srcOff]}) as the
     * contract's input: [0, 1], three channels, 299 x 299 bilinear ({@code align_corners=False}).
     */
    static void prepare(float[] src, int srcOff, int channels, int r, float[] dst, int dstOff) {
        int s = INPUT_SIZE;
        double scale = (double) r / s;
        int[] i0 = new int[s];
        int[] i1 = new int[s];
        float[] f = new float[s];
        for (int o = 0; o < s; o++) {
            double c = Math.max(0.0, (o + 0.5) * scale - 0.5);
            int lo = Math.min((int) Math.floor(c), r - 1);
            i0[o] = lo;
            i1[o] = Math.min(lo + 1, r - 1);
            f[o] = (float) (c - lo);
        }
        for (int c = 0; c < 3; c++) {
            int sc = channels == 1 ? 0 : c;
            int plane = srcOff + sc * r * r;
            int outPlane = dstOff + c * s * s;
            for (int y = 0; y < s; y++) {
                int r0 = plane + i0[y] * r;
                int r1 = plane + i1[y] * r;
                float fy = f[y];
                for (int x = 0; x < s; x++) {
                    float fx = f[x];
                    float top = src[r0 + i0[x]] * (1 - fx) + src[r0 + i1[x]] * fx;
                    float bottom = src[r1 + i0[x]] * (1 - fx) + src[r1 + i1[x]] * fx;
                    float v = top * (1 - fy) + bottom * fy;
                    dst[outPlane + y * s + x] = (v + 1f) * 0.5f;
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                md.update(buf, 0, k);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        root.close();
        model.close();
    }
}
