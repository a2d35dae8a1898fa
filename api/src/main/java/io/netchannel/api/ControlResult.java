package io.netchannel.api;

import java.util.Objects;

/** The outcome of a control request: expected outcomes are values, not exceptions. */
public sealed interface ControlResult permits ControlResult.Ok, ControlResult.NoContextAvailable, ControlResult.Rejected,
        ControlResult.Exported {

    /** The single {@link Ok} value. */
    ControlResult OK = new Ok();

    /** Applied. */
    record Ok() implements ControlResult {
    }

    /**
     * The device has no context left for a create; the host serves the guest on its software path
     * instead (spec PRIV-7). Nothing changed.
     */
    record NoContextAvailable() implements ControlResult {
    }

    /**
     * Refused with no state changed. Conformance compares {@code category}, never {@code detail}.
     *
     * @param rule the requirement id that refuses it, e.g. {@code PRIV-2}
     * @param category the class of refusal
     * @param detail a message for people: what was wrong, as {@code name=value}
     */
    record Rejected(String rule, RejectCategory category, String detail) implements ControlResult {
        /** Rejects nulls. */
        public Rejected {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * An accepted {@link ControlRequest.ExportContext}: the context's state at that instant (spec 12,
     * RELOC-2). The only result that carries data; every other accepted request answers {@link #OK}.
     */
    record Exported(RelocationState state) implements ControlResult {
        /** Rejects a null state. */
        public Exported {
            Objects.requireNonNull(state, "state");
        }
    }
}
