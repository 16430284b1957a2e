package org.fedsynth.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a value type used in settings records is written in a config, for docs and type errors
 * (for example {@code auto or a number in (0, 0.5]} on {@code Contamination}); on a settings
 * record's component it overrides the type's spelling for that key.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface Spelling {
    /** The spelling in words. */
    String value();

    /** On a record component: how its default is written, when not as the mapper writes it ("" = as written). */
    String dflt() default "";
}
