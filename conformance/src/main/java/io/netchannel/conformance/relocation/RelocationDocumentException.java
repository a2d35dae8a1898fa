package io.netchannel.conformance.relocation;

import java.util.Locale;
import java.util.Objects;

/**
 * A relocation document the reader refuses (spec 12, section 5.3, RELOC-11): the defect, the
 * member's path ({@code $.guest.txRate}) and what is wrong with it. A refused document reaches no
 * device. The reader throws nothing else, whatever the input.
 */
public final class RelocationDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The rule every refusal enforces. */
    public static final String RULE = "RELOC-11";

    /** The defects of spec 12's section 5.3 table, each with its code. */
    public enum Defect {
        /** More than {@link RelocationDocument#MAX_BYTES} bytes, found before parsing. */
        OVERSIZED,
        /** Not UTF-8, not JSON or YAML, truncated, not an object at the top, a repeated member, or a version that is not an integer 1 or greater. */
        MALFORMED,
        /** {@code format} absent or another string. */
        NOT_A_RELOCATION_DOCUMENT,
        /** {@code version} greater than this reader's. */
        NEWER_VERSION,
        /** A member the schema does not define, at any depth. */
        UNKNOWN_MEMBER,
        /** A host-only member inside {@code guest}: the guest tried to smuggle host state. */
        PRIVILEGED_IN_GUEST,
        /** A required member absent, or a value of the wrong type, outside its range or misspelled. */
        INVALID_VALUE;

        /** The code spec 12 writes, e.g. {@code not-a-relocation-document}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Defect defect;
    private final String path;
    private final String detail;

    RelocationDocumentException(Defect defect, String path, String detail) {
        super(RULE + " " + Objects.requireNonNull(defect, "defect").code() + " at " + path + ": " + detail);
        this.defect = defect;
        this.path = Objects.requireNonNull(path, "path");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** What kind of defect. */
    public Defect defect() {
        return defect;
    }

    /** The defect's code, e.g. {@code privileged-in-guest}. */
    public String code() {
        return defect.code();
    }

    /** The member's path, {@code $} for the whole document, e.g. {@code $.runtime.tx.rspProd}. */
    public String path() {
        return path;
    }

    /** The rule, always {@link #RULE}. */
    public String rule() {
        return RULE;
    }

    /** What is wrong, without the code and path. */
    public String detail() {
        return detail;
    }
}
