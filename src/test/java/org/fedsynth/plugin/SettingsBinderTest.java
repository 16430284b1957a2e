package org.fedsynth.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.junit.jupiter.api.Test;

class SettingsBinderTest {

    record Demo(@JsonPropertyDescription("count") int count, @JsonPropertyDescription("rate") Double rateLimit,
            @JsonPropertyDescription("names") List<String> names) {
        Demo {
            if (count < 0) {
                throw new IllegalArgumentException("demo.count must be >= 0, found " + count);
            }
        }
    }

    private static JsonNode yaml(String s) throws Exception {
        return ConfigIO.yaml().readTree(s);
    }

    private static String error(String s) throws Exception {
        JsonNode n = yaml(s);
        return assertThrows(IllegalArgumentException.class, () -> SettingsBinder.bind(n, Demo.class, "demo")).getMessage();
    }

    @Test
    void bindsSnakeCaseKeysAndASingleValueAsAList() throws Exception {
        assertEquals(new Demo(3, 0.5, List.of("a")), SettingsBinder.bind(yaml("{count: 3, rate_limit: 0.5, names: a}"),
                Demo.class, "demo"));
        assertEquals(List.of("count", "rate_limit", "names"), SettingsBinder.keys(Demo.class));
    }

    @Test
    void typeErrorsNameKeyValueAndType() throws Exception {
        assertEquals("demo.count must be an integer, found 1.5", error("{count: 1.5}"));
        assertEquals("demo.count must be an integer, found \"5\"", error("{count: '5'}"));
        assertEquals("demo.count must be an integer, found null", error("{count: null}"));
        assertEquals("demo.rate_limit must be a number or null, found \"x\"", error("{count: 1, rate_limit: x}"));
        assertEquals("demo.names must be a list of strings, found [3]", error("{count: 1, names: [3]}"));
    }

    @Test
    void theRecordsOwnRangeMessagePassesThrough() throws Exception {
        assertEquals("demo.count must be >= 0, found -1", error("{count: -1}"));
    }
}
