package io.netchannel.model.device;

import java.util.HashMap;
import java.util.Map;

/** Per context, how many frames each TX filter rule and the default decided (TXF-8); absent reads 0. */
final class FilterHitTable {

    private final Map<Integer, long[]> byContext = new HashMap<>();

    /** Sets every counter of {@code context} to 0: one per rule and one for the default. */
    void reset(int context, int rules) {
        byContext.put(context, new long[rules + 1]);
    }

    /** Counts one frame for rule {@code index}; an index outside the table counts nothing. */
    void increment(int context, int index) {
        long[] hits = byContext.get(context);
        if (hits != null && index >= 0 && index < hits.length) {
            hits[index]++;
        }
    }

    long get(int context, int index) {
        long[] hits = byContext.get(context);
        return hits == null || index < 0 || index >= hits.length ? 0 : hits[index];
    }

    /** Forgets a destroyed context. */
    void clear(int context) {
        byContext.remove(context);
    }
}
