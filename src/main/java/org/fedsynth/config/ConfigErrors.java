package org.fedsynth.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one translation of Jackson's binding and parsing exceptions into {@link ConfigException}s,
 * for every YAML or JSON file the project reads (run configs, {@code server.yaml}, clients files,
 * sweep grids, attack files). Each message starts with the file (its origin), then names the key by
 * its full dotted path from the top of the file ({@code server.port}, {@code training.lr}), the bad
 * value where there is one, and what is allowed; Jackson's own wording never reaches the user except
 * for malformed YAML, whose parser message is the most precise description of the syntax error.
 */
public final class ConfigErrors {

    private ConfigErrors() {}

    /**
     * The config error for {@code e}, raised while binding a node of {@code type} found at
     * {@code prefix} ("" at the top of the file).
     *
     * @param origin the file (or a description of the text), first in the message
     * @param prefix the dotted key path of the bound node
     * @param tree the bound node, parsed on demand (for the bad value, and to report a misspelt key
     *     before a record's validation error); may supply {@code null}
     * @param type the bound type
     */
    public static ConfigException translate(JsonProcessingException e, String origin, String prefix,
            Supplier<JsonNode> tree, Class<?> type) {
        String line = line(e);
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return new ConfigException(origin + ": unknown key '" + path(prefix, u) + "'" + line + "; allowed keys here: "
                    + String.join(", ", known), e);
        }
        if (e instanceof ValueInstantiationException) {
            // A record validated its fields before Jackson reached a misspelt key: report the key first,
            // since fixing it may be what fixes the value.
            rejectUnknownKeys(tree.get(), type, prefix, origin);
            Throwable cause = e.getCause();
            String msg = (cause instanceof ConfigException || cause instanceof IllegalArgumentException)
                    && cause.getMessage() != null ? cause.getMessage() : String.valueOf(cause);
            return new ConfigException(origin + ": " + msg + line, e);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(origin + ": " + path(prefix, f) + " has the wrong type: expected "
                    + expected(f.getTargetType()) + ", found '" + f.getValue() + "'" + line, e);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            JsonNode bad = at(tree.get(), m);
            return new ConfigException(origin + ": " + path(prefix, m) + " has the wrong type: expected "
                    + expected(m.getTargetType()) + (bad == null ? "" : ", found " + describe(bad)) + line, e);
        }
        if (e instanceof JsonMappingException m) {
            String p = path(prefix, m);
            return new ConfigException(origin + ": " + (p.isEmpty() ? "" : p + ": ") + m.getOriginalMessage() + line, e);
        }
        return new ConfigException(origin + ": not valid YAML/JSON" + line + ": " + e.getOriginalMessage(), e);
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
        Map<String, Class<?>> components = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            components.put(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(rc.getName()), rc.getType());
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

    /** The full dotted path of the exception's key: {@code prefix} then Jackson's path, lists as {@code [i]}. */
    public static String path(String prefix, JsonMappingException e) {
        StringBuilder b = new StringBuilder(prefix);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** The node the exception's path points at inside {@code tree}, or null. */
    public static JsonNode at(JsonNode tree, JsonMappingException e) {
        JsonNode n = tree;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (n == null) {
                return null;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : r.getIndex() >= 0 ? n.get(r.getIndex()) : n;
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    private static String describe(JsonNode n) {
        if (n.isArray()) {
            return "a list " + n;
        }
        if (n.isObject()) {
            return "a mapping " + n;
        }
        return "'" + n.asText() + "'";
    }

    /** What a value of {@code type} is written as, for "expected ..." ({@code null}: "another type"). */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "a mapping";
    }
}
