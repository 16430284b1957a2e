package org.fedsynth.attack;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.TreeSet;
import org.fedsynth.config.ConfigErrors;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.plugin.SettingsBinder;

/**
 * Binds an attack config section to its record with the project's YAML mapper and turns Jackson's
 * errors into messages that name the key ({@code attack.<key>}, {@code attack.trigger.<key>}), the
 * bad value and what is allowed, in the plug-in sections' wording ({@code KEY must be ...; found ...});
 * the key path, the bad value and the expected type come from {@link ConfigErrors}, the project's one
 * reading of Jackson's exceptions. The records validate themselves; their messages pass through.
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
            throw new IllegalArgumentException(ConfigErrors.path(section, e) + " is not a known setting; allowed: "
                    + String.join(", ", known), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(iae.getMessage(), iae);
            }
            throw new IllegalArgumentException(ConfigErrors.path(section, e) + ": " + e.getOriginalMessage(), e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(ConfigErrors.path(section, e) + " must be " + ConfigErrors.expected(e.getTargetType()) + "; found '"
                    + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(ConfigErrors.path(section, e) + " must be " + ConfigErrors.expected(e.getTargetType()) + "; found "
                    + SettingsBinder.describe(ConfigErrors.at(n, e)), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(ConfigErrors.path(section, e) + ": " + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(section + ": " + e.getOriginalMessage(), e);
        }
    }
}
