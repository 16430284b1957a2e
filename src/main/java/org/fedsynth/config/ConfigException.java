package org.fedsynth.config;

/**
 * A configuration error: names the field, the bad value and what is allowed. The CLI prints the
 * message and exits with status 2.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a complete, user-facing message. */
    public ConfigException(String message) {
        super(message);
    }

    /** An error with a complete, user-facing message and its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws unless {@code ok}, with "FIELD must be RULE, found VALUE". */
    public static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new ConfigException(field + " must be " + rule + ", found " + value);
        }
    }
}
