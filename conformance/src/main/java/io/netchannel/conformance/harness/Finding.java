package io.netchannel.conformance.harness;

/**
 * Something a device did that a rule forbids, recorded by the harness instead of crashing it.
 *
 * @param rule the requirement broken, e.g. {@code MEM-2}
 * @param context the context the device acted for ({@code -1} when none)
 * @param gref the grant reference used ({@code -1} when none)
 * @param offset the byte offset of the access
 * @param length the byte count of the access
 * @param detail what happened, for people
 */
public record Finding(String rule, int context, int gref, int offset, int length, String detail) {

    @Override
    public String toString() {
        return rule + ": " + detail + " (context=" + context + " gref=" + gref + " offset=" + offset + " length=" + length + ")";
    }
}
