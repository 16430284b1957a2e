package org.fedsynth.fl.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * FedDetect's strategy state as JSON, carried into checkpoints:
 * {@code {"track_record": {"<clientId>": count, ...}, "output_memory": {"<clientId>": "<base64>", ...}}},
 * ids ascending; the memory maps (with {@code memory > 0} only) are base64 of little-endian float32.
 */
public final class FedDetectState {

    /** The state key holding the per-client counts. */
    public static final String TRACK_RECORD = "track_record";

    /** The state key holding the per-client output-deviation maps (with {@code memory > 0}). */
    public static final String OUTPUT_MEMORY = "output_memory";

    private FedDetectState() {}

    /** Reads {@code track_record} from the state; an empty record when absent. */
    public static TreeMap<Integer, Integer> readTrackRecord(JsonNode state) {
        TreeMap<Integer, Integer> out = new TreeMap<>();
        if (state == null || state.isNull() || state.isMissingNode()) {
            return out;
        }
        if (!state.isObject()) {
            throw new IllegalArgumentException("feddetect state must be a JSON object, found " + state.getNodeType());
        }
        JsonNode tr = state.get(TRACK_RECORD);
        if (tr == null || tr.isNull()) {
            return out;
        }
        if (!tr.isObject()) {
            throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + " must be an object, found "
                    + tr.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> it = tr.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + ": key \"" + e.getKey()
                        + "\" is not a client id");
            }
            JsonNode v = e.getValue();
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
                throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + "." + e.getKey()
                        + " must be a count >= 0, found " + v);
            }
            out.put(id, v.intValue());
        }
        return out;
    }

    /** Reads the remembered maps, empty when absent. */
    public static TreeMap<Integer, double[]> readMemory(JsonNode state) {
        TreeMap<Integer, double[]> out = new TreeMap<>();
        JsonNode mem = state == null ? null : state.get(OUTPUT_MEMORY);
        if (mem == null || mem.isNull()) {
            return out;
        }
        if (!mem.isObject()) {
            throw new IllegalArgumentException("feddetect state." + OUTPUT_MEMORY + " must be an object, found "
                    + mem.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> it = mem.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                FloatBuffer fb = ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue().asText()))
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                double[] v = new double[fb.remaining()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = fb.get(k);
                }
                out.put(Integer.parseInt(e.getKey()), v);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("feddetect state." + OUTPUT_MEMORY + "." + e.getKey()
                        + " is not a base64 float32 map: " + bad.getMessage());
            }
        }
        return out;
    }

    /** Writes the state: the record always, the memory maps when there are any. */
    public static ObjectNode write(TreeMap<Integer, Integer> record, TreeMap<Integer, double[]> memory) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode tr = root.putObject(TRACK_RECORD);
        for (Map.Entry<Integer, Integer> e : record.entrySet()) {
            tr.put(String.valueOf(e.getKey()), e.getValue());
        }
        if (memory != null && !memory.isEmpty()) {
            ObjectNode mem = root.putObject(OUTPUT_MEMORY);
            for (Map.Entry<Integer, double[]> e : memory.entrySet()) {
                ByteBuffer bb = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : e.getValue()) {
                    bb.putFloat((float) v);
                }
                mem.put(String.valueOf(e.getKey()), Base64.getEncoder().encodeToString(bb.array()));
            }
        }
        return root;
    }
}
