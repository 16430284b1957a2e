package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.fedsynth.util.AtomicFiles;

/**
 * Reads and writes run configurations as YAML or JSON (JSON is valid YAML), turning every
 * parsing problem into a {@link ConfigException} that names the file, the key and the fix.
 */
public final class ConfigIO {

    private static final ObjectMapper YAML = mapper(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private ConfigIO() {}

    private static ObjectMapper mapper(ObjectMapper m) {
        return m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The shared YAML mapper (snake_case keys, strict). */
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
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new ConfigException(origin + ": unknown key '" + path + "'" + line(e) + "; allowed keys here: "
                    + String.join(", ", known), e);
        } catch (ValueInstantiationException e) {
            // A record validated its fields before Jackson reached a misspelt key: report the key first,
            // since fixing it may be what fixes the value.
            rejectUnknownKeys(text, RunConfig.class, origin);
            Throwable cause = e.getCause();
            String msg = cause instanceof ConfigException ? cause.getMessage() : String.valueOf(cause);
            throw new ConfigException(origin + ": " + msg + line(e), e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(origin + ": " + path(e) + " has the wrong type: '" + e.getValue() + "' is not a "
                    + e.getTargetType().getSimpleName().toLowerCase() + line(e), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(origin + ": " + path(e) + " has the wrong type (expected "
                    + (e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName().toLowerCase()) + ")"
                    + line(e), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(origin + ": " + e.getOriginalMessage() + line(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin + ": not valid YAML/JSON" + line(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Throws a {@link ConfigException} naming the first key of {@code node} that {@code type} (a record
     * with snake_case keys, checked recursively through record-typed components) does not have, and the
     * keys allowed there; returns normally when every key is known. Components of other types (maps,
     * free-form nodes such as strategy options) are not descended into.
     *
     * @param prefix the dotted path of {@code node} ("" at the top), for the message
     */
    public static void rejectUnknownKeys(JsonNode node, Class<?> type, String prefix, String origin) {
        if (node == null || !node.isObject() || !type.isRecord()) {
            return;
        }
        var snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        java.util.Map<String, Class<?>> components = new java.util.LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            components.put(snake.translate(rc.getName()), rc.getType());
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            Class<?> sub = components.get(f.getKey());
            if (sub == null) {
                throw new ConfigException(origin + ": unknown key '" + path + "'; allowed keys here: "
                        + String.join(", ", components.keySet().stream().sorted().toList()));
            }
            rejectUnknownKeys(f.getValue(), sub, path, origin);
        }
    }

    private static void rejectUnknownKeys(String text, Class<?> type, String origin) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (IOException e) {
            return; // not reached: the text has already parsed
        }
        rejectUnknownKeys(tree, type, "", origin);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " (line " + e.getLocation().getLineNr() + ")";
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
