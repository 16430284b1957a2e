package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.util.AtomicFiles;

/**
 * The project's one YAML mapper configuration and its file readers: run configurations as YAML or
 * JSON (JSON is valid YAML), and any other YAML file the project reads ({@code server.yaml}, clients
 * files, sweep grids, attack files) through {@link #readTree} and {@link #bind}. Every parsing or
 * binding problem becomes a {@link ConfigException} naming the file, the key, the bad value and the
 * fix ({@link ConfigErrors}).
 */
public final class ConfigIO {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private ConfigIO() {}

    /** The shared YAML mapper (snake_case keys, strict: unknown keys, nulls for primitives and floats for ints fail). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Reads and validates a run configuration. */
    public static RunConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates configuration text; {@code origin} names it in errors. */
    public static RunConfig parse(String text, String origin) {
        if (text.isBlank()) {
            return RunConfig.defaults();
        }
        try {
            RunConfig c = YAML.readValue(text, RunConfig.class);
            return c == null ? RunConfig.defaults() : c;
        } catch (JsonProcessingException e) {
            throw ConfigErrors.translate(e, origin, "", () -> treeOrNull(text), RunConfig.class);
        }
    }

    /** Validates a run configuration given as a tree (e.g. a section of a larger file); {@code origin} names it in errors. */
    public static RunConfig fromTree(JsonNode node, String origin) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
            return RunConfig.defaults();
        }
        return bind(node, RunConfig.class, origin, "");
    }

    /**
     * Binds {@code node}, found at key path {@code prefix} of file {@code origin} ("" at the top), to
     * {@code type} with the shared mapper.
     *
     * @throws ConfigException naming the origin, the full key path, the bad value and what is allowed
     */
    public static <T> T bind(JsonNode node, Class<T> type, String origin, String prefix) {
        JsonNode copy = node.deepCopy();
        try {
            return YAML.treeToValue(copy, type);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.translate(e, origin, prefix, () -> copy, type);
        }
    }

    /**
     * A YAML or JSON file as a tree ({@code null} for an empty file).
     *
     * @param what what the file is, for "not found" (e.g. {@code "grid file"})
     * @throws ConfigException when the file is missing, unreadable or not valid YAML/JSON (with the line)
     */
    public static JsonNode readTree(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": " + what + " not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read " + what + ": " + e.getMessage(), e);
        }
        try {
            JsonNode tree = YAML.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JsonProcessingException e) {
            throw ConfigErrors.translate(e, file.toString(), "", () -> null, JsonNode.class);
        }
    }

    /**
     * Throws a {@link ConfigException} naming the first key of {@code node} that {@code type} does not
     * have (see {@link ConfigErrors#rejectUnknownKeys}).
     *
     * @param prefix the dotted path of {@code node} ("" at the top), for the message
     */
    public static void rejectUnknownKeys(JsonNode node, Class<?> type, String prefix, String origin) {
        ConfigErrors.rejectUnknownKeys(node, type, prefix, origin);
    }

    private static JsonNode treeOrNull(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the resolved configuration (every default filled in) as YAML, atomically. */
    public static void write(RunConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml(config));
    }

    /** The resolved configuration as YAML text. */
    public static String toYaml(RunConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize config", e);
        }
    }

    /** Every configuration key with its description, for {@code --help} and docs/CONFIG.md. */
    public static String describeKeys() {
        List<String> lines = new ArrayList<>();
        describe(RunConfig.class, "", lines);
        return String.join(System.lineSeparator(), lines);
    }

    private static void describe(Class<?> type, String prefix, List<String> out) {
        for (RecordComponent rc : type.getRecordComponents()) {
            String key = prefix + PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(rc.getName());
            JsonPropertyDescription d = rc.getAccessor().getAnnotation(JsonPropertyDescription.class);
            if (rc.getType().isRecord()) {
                out.add(key + ":");
                describe(rc.getType(), key + ".", out);
            } else {
                out.add(String.format("  %-32s %s", key, d == null ? "" : d.value()));
            }
        }
    }
}
