package io.netchannel.model.ring;

import io.netchannel.api.layout.SharedRingLayout;

/**
 * Arithmetic on free-running ring indices (spec RING-4). An index is an {@code int} read as an
 * unsigned 32-bit counter; every comparison is a difference modulo 2^32, so the wrap at 2^32 is a
 * normal event.
 */
public final class RingIndex {

    private static final long U32_MASK = 0xFFFF_FFFFL;

    private RingIndex() {
    }

    /** {@code (later − earlier) mod 2^32}, in {@code [0, 2^32)}. */
    public static long difference(int later, int earlier) {
        return (later - earlier) & U32_MASK; // RING-4
    }

    /** The ring slot of an index: {@code index mod 256}. */
    public static int slot(int index) {
        return index & SharedRingLayout.SLOT_MASK; // RING-4
    }

    /** The unsigned value of an index, in {@code [0, 2^32)}. */
    public static long unsigned(int index) {
        return index & U32_MASK;
    }

    /** Offset in the ring page of the entry for {@code index}, entries of {@code entrySize} bytes. */
    public static int entryOffset(int index, int entrySize) {
        return SharedRingLayout.ENTRIES + slot(index) * entrySize;
    }
}
