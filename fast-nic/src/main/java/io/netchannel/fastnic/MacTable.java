package io.netchannel.fastnic;

import java.util.Arrays;

/**
 * An open-addressing, linear-probing map from a 64-bit MAC+VLAN key to a context id, for receive
 * demux. Keys are {@code vlan << 48 | mac} ({@link #key(int, long)}). The fast NIC keys every MAC
 * on VLAN 0: PRIV-6 makes a unicast MAC unique across contexts whatever their VLANs, so one lookup
 * finds the owner of a destination (DEMUX-3) or a source (DEMUX-7, TXF-2), and the VLAN check is
 * the owner's policy.
 *
 * <p>Lookups allocate nothing and probe at most the whole table. The table is sized at
 * construction for the most entries it will ever hold, at a load factor of at most one half, and
 * is rebuilt from scratch by the control plane when ownership changes (there is no remove: a
 * rebuild is simpler than tombstones and the control plane may take its time).
 */
final class MacTable {

    /** What {@link #get(long)} answers for a key nobody owns. */
    static final int MISSING = -1;

    /** A free slot. No real key is all ones: a VLAN id has 12 bits, so bits 60..63 stay clear. */
    private static final long EMPTY = -1L;

    /** Fibonacci hashing multiplier (2^64 / golden ratio): spreads sequential MACs over the table. */
    private static final long SPREAD = 0x9E37_79B9_7F4A_7C15L;

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private final int shift;
    private final int capacityLimit;
    private int size;

    /** A table that holds up to {@code maxEntries} keys. */
    MacTable(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a MAC table holds at least one entry: maxEntries=" + maxEntries);
        }
        // Twice the entries, rounded up to a power of two, so probes stay short and a free slot
        // always ends a miss.
        int slots = Math.max(16, Integer.highestOneBit(maxEntries * 2 - 1) << 1);
        keys = new long[slots];
        values = new int[slots];
        mask = slots - 1;
        shift = Long.SIZE - Integer.numberOfTrailingZeros(slots);
        capacityLimit = maxEntries;
        Arrays.fill(keys, EMPTY);
    }

    /** The key of {@code mac} (48 bits, first octet most significant) on {@code vlan} (0 = untagged). */
    static long key(int vlan, long mac) {
        return (long) vlan << 48 | mac;
    }

    /** The context that owns {@code key}, or {@link #MISSING}. */
    int get(long key) {
        int slot = slotOf(key);
        for (int probes = 0; probes <= mask; probes++) {
            long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == EMPTY) {
                return MISSING;
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Maps {@code key} to {@code context}, replacing an earlier mapping of the same key. The
     * control plane guarantees each key has one owner, so a replacement never happens in practice.
     */
    void put(long key, int context) {
        int slot = slotOf(key);
        for (int probes = 0; probes <= mask; probes++) {
            long found = keys[slot];
            if (found == key) {
                values[slot] = context;
                return;
            }
            if (found == EMPTY) {
                if (size == capacityLimit) {
                    throw new IllegalStateException("MAC table full: size=" + size);
                }
                keys[slot] = key;
                values[slot] = context;
                size++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        throw new IllegalStateException("MAC table full: size=" + size);
    }

    /** Forgets every key. */
    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }

    /** Keys held. */
    int size() {
        return size;
    }

    private int slotOf(long key) {
        return (int) ((key * SPREAD) >>> shift);
    }
}
