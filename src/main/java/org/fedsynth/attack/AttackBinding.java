package org.fedsynth.attack;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.TreeSet;
import org.fedsynth.config.ConfigIO;

/**
 * Binds an attack config section to its record with the project's YAML mapper and turns Jackson's
 * errors into messages that name the key ({@code attack.<key>}, {@code attack.trigger.<key>}), the
 * bad value and what is allowed. The records validate themselves; their messages pass through.
 */
final class AttackBinding {

    private AttackBinding() {}

    /**
     * {@code node} (an object, or {@code null} for an empty section) as a {@code type}.
     *
     * @param section the dotted name of the section, e.g. {@code attack}
     * @throws IllegalArgumentException naming the key and the fix
     */
    static <T> T bind(JsonNode node, Class<T> type, String section) {
        JsonNode n = node == null || node.isNull() ? ConfigIO.yaml().createObjectNode() : node;
        try {
            return ConfigIO.yaml().treeToValue(n, type);
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            throw new IllegalArgumentException(path(section, e) + " is not a known setting; allowed: "
                    + String.join(", ", known), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(iae.getMessage(), iae);
            }
            throw new IllegalArgumentException(path(section, e) + ": " + e.getOriginalMessage(), e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(path(section, e) + " must be " + kind(e.getTargetType()) + "; found '"
                    + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(path(section, e) + " must be " + kind(e.getTargetType()) + "; found '"
                    + valueAt(n, e) + "'", e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(path(section, e) + ": " + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(section + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String path(String section, JsonMappingException e) {
        StringBuilder b = new StringBuilder(section);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String valueAt(JsonNode root, JsonMappingException e) {
        JsonNode cur = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (cur == null) {
                break;
            }
            cur = r.getFieldName() != null ? cur.get(r.getFieldName()) : cur.get(r.getIndex());
        }
        return cur == null ? "?" : cur.isTextual() ? cur.asText() : cur.toString();
    }

    private static String kind(Class<?> t) {
        if (t == null) {
            return "another type";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an integer";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t.isRecord()) {
            return "a section (map)";
        }
        return "a " + t.getSimpleName().toLowerCase();
    }
}
