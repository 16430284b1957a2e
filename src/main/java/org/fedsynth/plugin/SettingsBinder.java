package org.fedsynth.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.config.ConfigIO;

/**
 * Binds a plug-in's settings record from a config section with the project's YAML mapper
 * ({@link ConfigIO#yaml()}: snake_case, strict), and turns every binding problem into an
 * {@link IllegalArgumentException} whose message names {@code <section>.<key>}, the bad value and
 * what is allowed. Range checks are the record's own (its canonical constructor); their messages
 * pass through unchanged.
 *
 * <p>On top of the shared mapper's settings, scalars are not coerced from strings ({@code trees: "5"}
 * is a type error, as a number given for a string is) and a single value is accepted where a list
 * is expected ({@code features: lossG}).
 */
public final class SettingsBinder {

    private static final ObjectMapper STRICT = strict(ConfigIO.yaml().copy());

    private SettingsBinder() {}

    private static ObjectMapper strict(ObjectMapper m) {
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** The config keys of a settings record, in component order (snake_case or its {@code @JsonProperty}). */
    public static List<String> keys(Class<? extends Record> type) {
        List<String> out = new ArrayList<>();
        if (type == null) {
            return out;
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            out.add(key(rc));
        }
        return out;
    }

    /** The config key of one component. */
    static String key(RecordComponent rc) {
        JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null && rc.getDeclaringRecord() != null) {
            try {
                p = rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                p = null;
            }
        }
        return p != null && !p.value().isEmpty() ? p.value()
                : PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(rc.getName());
    }

    /** The settings as the config would write them (every key, defaults filled in). */
    public static ObjectNode toTree(Record settings) {
        return STRICT.valueToTree(settings);
    }

    /**
     * Binds {@code params} (only keys of {@code type}; check unknown keys first) to a settings record.
     *
     * @param section the config path in front of each key, e.g. {@code strategy}
     */
    public static <S extends Record> S bind(JsonNode params, Class<S> type, String section) {
        try {
            return STRICT.treeToValue(params, type);
        } catch (JsonMappingException e) {
            IllegalArgumentException own = ownCause(e);
            if (own != null) {
                throw own;
            }
            String key = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            if (key == null) {
                throw new IllegalArgumentException(section + ": " + e.getOriginalMessage(), e);
            }
            JsonNode value = params.get(key);
            throw new IllegalArgumentException(section + "." + key + " must be " + expected(type, key) + ", found "
                    + describe(value), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(section + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The record's own validation message (an {@link IllegalArgumentException} in the cause chain). */
    private static IllegalArgumentException ownCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                return new IllegalArgumentException(iae.getMessage(), e);
            }
        }
        return null;
    }

    /** What a component's type admits, in words. */
    private static String expected(Class<? extends Record> type, String key) {
        for (RecordComponent rc : type.getRecordComponents()) {
            if (key(rc).equals(key)) {
                Spelling sp = rc.getAccessor().getAnnotation(Spelling.class);
                return sp != null ? sp.value() : PluginDocs.typeName(rc.getGenericType(), true);
            }
        }
        return "a known key";
    }

    /** A config value as an error message shows it: strings quoted, the rest as written. */
    public static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        return v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
    }

    static Type elementType(Type t) {
        return t instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }
}
