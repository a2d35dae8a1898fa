package io.netchannel.model.device;

import io.netchannel.api.Counter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The device's counters, per context and device-wide ({@link Counter#DEVICE}); absent reads 0. */
final class CounterTable {

    private final Map<Integer, EnumMap<Counter, Long>> byContext = new HashMap<>();

    void add(int context, Counter counter, long delta) {
        byContext.computeIfAbsent(context, id -> new EnumMap<>(Counter.class)).merge(counter, delta, Long::sum);
    }

    void increment(int context, Counter counter) {
        add(context, counter, 1);
    }

    long get(int context, Counter counter) {
        EnumMap<Counter, Long> counters = byContext.get(context);
        return counters == null ? 0 : counters.getOrDefault(counter, 0L);
    }

    /** A context's counters, those never counted left out. */
    Map<Counter, Long> all(int context) {
        EnumMap<Counter, Long> counters = byContext.get(context);
        return counters == null ? Map.of() : new EnumMap<>(counters);
    }

    /** Sets a context's counters to {@code values}, the others to 0 (RELOC-7). */
    void set(int context, Map<Counter, Long> values) {
        byContext.put(context, values.isEmpty() ? new EnumMap<>(Counter.class) : new EnumMap<>(values));
    }

    /** Forgets a context's counters: a destroyed or newly created context reads 0. */
    void clear(int context) {
        byContext.remove(context);
    }
}
