package io.netchannel.conformance.catalogue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the catalogue.
 *
 * @param id stable id such as {@code RING-4}
 * @param level MUST, SHOULD or MAY
 * @param chapter the chapter name (and model package), e.g. {@code ring}
 * @param profile the profile that makes it binding
 * @param rule the normative sentence
 * @param intent why the rule exists
 * @param check how it is checked: property, vector, test or untested
 * @param withdrawn the version that withdrew it, or null
 */
public record RequirementEntry(String id, Level level, String chapter, String profile, String rule, String intent,
        String check, String withdrawn) {

    /** The form every id takes: an upper-case chapter mnemonic, a dash, a number. */
    public static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*-[1-9][0-9]*");

    /** Rejects malformed entries with the field named. */
    public RequirementEntry {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a requirement id is CHAPTER-N: id=" + id);
        }
        Objects.requireNonNull(level, "level of " + id);
        Objects.requireNonNull(chapter, "chapter of " + id);
        Objects.requireNonNull(profile, "profile of " + id);
        Objects.requireNonNull(rule, "rule of " + id);
        Objects.requireNonNull(check, "check of " + id);
        if ("untested".equals(check) && level == Level.MUST) {
            throw new IllegalArgumentException("a MUST cannot be untested: id=" + id);
        }
    }

    /** True while the rule is in force. */
    public boolean active() {
        return withdrawn == null;
    }
}
