package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FedDetectStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordAndMemoryRoundTripWithIdsAscending() throws Exception {
        TreeMap<Integer, double[]> mem = new TreeMap<>(Map.of(2, new double[] {0.5, -1.25}));
        ObjectNode s = FedDetectState.write(new TreeMap<>(Map.of(10, 1, 2, 3)), mem);
        assertEquals("{\"track_record\":{\"2\":3,\"10\":1},\"output_memory\":{\"2\":\"AAAAPwAAoL8=\"}}", s.toString());
        assertEquals(Map.of(2, 3, 10, 1), FedDetectState.readTrackRecord(JSON.readTree(s.toString())));
        assertArrayEquals(new double[] {0.5, -1.25}, FedDetectState.readMemory(s).get(2), 0.0);
        assertFalse(FedDetectState.write(new TreeMap<>(), new TreeMap<>()).has(FedDetectState.OUTPUT_MEMORY));
    }

    @Test
    void absentStateIsEmptyAndBadStateNamesTheKey() throws Exception {
        assertTrue(FedDetectState.readTrackRecord(null).isEmpty());
        assertTrue(FedDetectState.readMemory(JSON.readTree("{}")).isEmpty());
        var e = assertThrows(IllegalArgumentException.class,
                () -> FedDetectState.readTrackRecord(JSON.readTree("{\"track_record\": {\"x\": 1}}")));
        assertTrue(e.getMessage().contains("\"x\" is not a client id"), e.getMessage());
        var m = assertThrows(IllegalArgumentException.class,
                () -> FedDetectState.readMemory(JSON.readTree("{\"output_memory\": {\"1\": \"!!\"}}")));
        assertTrue(m.getMessage().contains("output_memory.1"), m.getMessage());
    }
}
