package org.fedsynth.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a value type used in settings records is written in a config, for docs and type errors
 * (for example {@code auto or a number in (0, 0.5]} on {@code Contamination}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Spelling {
    /** The spelling in words. */
    String value();
}
