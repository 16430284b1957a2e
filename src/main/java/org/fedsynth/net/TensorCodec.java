package org.fedsynth.net;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.net.proto.TensorChunk;

/**
 * Streams {@link ModelWeights} as {@link TensorChunk}s of at most a given size (1 MiB by default,
 * far below gRPC's 4 MiB message limit), and reassembles them, checking every chunk against the
 * expected layout as it arrives: known group and tensor name, same shape, dtype float32, contiguous
 * offsets, no more values than the tensor holds. A violation throws {@link Invalid} naming the
 * tensor and the problem; nothing is buffered beyond the expected model's size.
 */
public final class TensorCodec {

    /** Default chunk payload: 1 MiB. */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    /** The only dtype on the wire. */
    public static final String DTYPE = "float32";

    private TensorCodec() {}

    /** A malformed stream of chunks. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        /** With a complete message. */
        public Invalid(String message) {
            super(message);
        }
    }

    /** Emits the chunks of {@code w} under {@code group}, each carrying at most {@code chunkBytes} of data. */
    public static void encode(String group, ModelWeights w, int chunkBytes, Consumer<TensorChunk> out) {
        int per = Math.max(1, chunkBytes / Float.BYTES);
        for (Tensor t : w) {
            float[] d = t.data();
            List<Long> shape = new ArrayList<>();
            for (long s : t.shape()) {
                shape.add(s);
            }
            int off = 0;
            do {
                int n = Math.min(per, d.length - off);
                ByteBuffer buf = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(d, off, n);
                out.accept(TensorChunk.newBuilder().setGroup(group).setName(t.name()).addAllShape(shape)
                        .setDtype(DTYPE).setOffset(off).setData(ByteString.copyFrom(buf.array())).build());
                off += n;
            } while (off < d.length);
        }
    }

    /** Reassembles chunks into the expected groups, validating as it goes. */
    public static final class Assembler {
        private final Map<String, ModelWeights> expected;
        private final Map<String, Map<String, float[]>> values = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> filled = new LinkedHashMap<>();

        /** Expects exactly these groups (for example {@code g} and, when averaged, {@code d}) with these layouts. */
        public Assembler(Map<String, ModelWeights> expected) {
            this.expected = Map.copyOf(expected);
            for (Map.Entry<String, ModelWeights> e : expected.entrySet()) {
                Map<String, float[]> v = new LinkedHashMap<>();
                Map<String, Integer> f = new LinkedHashMap<>();
                for (Tensor t : e.getValue()) {
                    v.put(t.name(), null);
                    f.put(t.name(), 0);
                }
                values.put(e.getKey(), v);
                filled.put(e.getKey(), f);
            }
        }

        /** Takes one chunk. */
        public void accept(TensorChunk c) throws Invalid {
            ModelWeights layout = expected.get(c.getGroup());
            if (layout == null) {
                throw new Invalid("unexpected tensor group '" + c.getGroup() + "' (expected " + expected.keySet() + ")");
            }
            Tensor ref;
            try {
                ref = layout.get(c.getName());
            } catch (IllegalArgumentException e) {
                throw new Invalid("unknown tensor '" + c.getName() + "' in group " + c.getGroup()
                        + " (not a parameter of the global model)");
            }
            long[] shape = c.getShapeList().stream().mapToLong(Long::longValue).toArray();
            if (!Arrays.equals(shape, ref.shape())) {
                throw new Invalid("tensor " + c.getGroup() + "/" + c.getName() + " has shape " + Arrays.toString(shape)
                        + ", the global model has " + Arrays.toString(ref.shape()));
            }
            if (!DTYPE.equals(c.getDtype())) {
                throw new Invalid("tensor " + c.getGroup() + "/" + c.getName() + " has dtype '" + c.getDtype()
                        + "', expected " + DTYPE);
            }
            int done = filled.get(c.getGroup()).get(c.getName());
            if (c.getOffset() != done) {
                throw new Invalid("tensor " + c.getGroup() + "/" + c.getName() + ": chunk at offset " + c.getOffset()
                        + ", expected " + done + (done == ref.numel() ? " (tensor already complete: duplicate chunk)" : ""));
            }
            if (c.getData().size() % Float.BYTES != 0) {
                throw new Invalid("tensor " + c.getGroup() + "/" + c.getName() + ": chunk of " + c.getData().size()
                        + " bytes is not a whole number of float32 values");
            }
            int n = c.getData().size() / Float.BYTES;
            if (done + (long) n > ref.numel()) {
                throw new Invalid("tensor " + c.getGroup() + "/" + c.getName() + ": " + (done + (long) n)
                        + " values sent, the tensor holds " + ref.numel() + " (update larger than the model)");
            }
            float[] v = values.get(c.getGroup()).get(c.getName());
            if (v == null) {
                v = new float[ref.numel()];
                values.get(c.getGroup()).put(c.getName(), v);
            }
            c.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v, done, n);
            filled.get(c.getGroup()).put(c.getName(), done + n);
        }

        /** The complete groups, in the expected tensor order; fails naming the first incomplete tensor. */
        public Map<String, ModelWeights> finish() throws Invalid {
            Map<String, ModelWeights> out = new LinkedHashMap<>();
            for (Map.Entry<String, ModelWeights> e : expected.entrySet()) {
                List<Tensor> ts = new ArrayList<>();
                for (Tensor ref : e.getValue()) {
                    int done = filled.get(e.getKey()).get(ref.name());
                    if (done != ref.numel()) {
                        throw new Invalid("tensor " + e.getKey() + "/" + ref.name() + " incomplete: " + done + " of "
                                + ref.numel() + " values received");
                    }
                    ts.add(new Tensor(ref.name(), ref.shape(), values.get(e.getKey()).get(ref.name())));
                }
                out.put(e.getKey(), new ModelWeights(ts));
            }
            return out;
        }
    }
}
