package io.netchannel.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the requirement a property or test checks. The traceability test reads these from the
 * compiled classes: every MUST in {@code spec/requirements.yaml} needs at least one, and every id
 * cited here must exist.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(Requirement.List.class)
public @interface Requirement {

    /** The requirement ids, e.g. {@code "RING-4"}. */
    String[] value();

    /** Container for repeated {@link Requirement} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** The annotations. */
        Requirement[] value();
    }
}
