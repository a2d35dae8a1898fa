package io.netchannel.model.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /** Every counter of {@code context}, rule order then the default's; empty for an absent context. */
    List<Long> all(int context) {
        long[] hits = byContext.get(context);
        List<Long> values = new ArrayList<>();
        if (hits != null) {
            for (long hit : hits) {
                values.add(hit);
            }
        }
        return values;
    }

    /** Sets the counters of {@code context} to {@code values}, one per rule then the default's (RELOC-7). */
    void set(int context, List<Long> values) {
        long[] hits = new long[values.size()];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = values.get(i);
        }
        byContext.put(context, hits);
    }

    /** Forgets a destroyed context. */
    void clear(int context) {
        byContext.remove(context);
    }
}
