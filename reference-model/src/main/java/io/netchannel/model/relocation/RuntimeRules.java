package io.netchannel.model.relocation;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.TxRate;
import java.util.Map;
import java.util.Optional;

/**
 * Step 7 of an import (spec 12, section 4.2, RELOC-5): the runtime section is one that export
 * could have produced for the document's host and guest sections. A timer found due at the
 * export instant would already have fired there, so a wait has at least 1 ns to run and a pending
 * decision has not reached its deadline.
 */
public final class RuntimeRules {

    private RuntimeRules() {
    }

    /**
     * Why {@code state.runtime()} is not well formed, or empty when it is. The checks run in the
     * order of the spec's list and the first that fails is named, as {@code $.runtime…} path and
     * value.
     */
    public static Optional<String> problem(RelocationState state) {
        RelocationState.Runtime runtime = state.runtime();
        if (runtime.state() != ContextState.ACTIVE && runtime.state() != ContextState.FAILED) {
            return Optional.of("$.runtime.state is ACTIVE or FAILED: state=" + runtime.state());
        }
        for (Queue queue : Queue.values()) {
            int slots = runtime.ring(queue).slots();
            if (slots != RelocationState.Ring.NETIF_SLOTS) {
                return Optional.of("$.runtime." + name(queue) + ".slots is " + RelocationState.Ring.NETIF_SLOTS + ": slots=" + slots);
            }
        }
        Optional<String> credit = creditProblem(state.host().txRate(), runtime.credit());
        if (credit.isPresent()) {
            return credit;
        }
        for (Queue queue : Queue.values()) {
            Optional<String> completions = completionsProblem(queue, runtime.completions(queue), state.guest().coalescing(queue));
            if (completions.isPresent()) {
                return completions;
            }
        }
        if (runtime.state() == ContextState.FAILED) {
            // a FAILED context has no timers (RING-13, QOS-8, COAL-9)
            if (runtime.credit().isPresent() && runtime.credit().get().waiting()) {
                return Optional.of("a FAILED context does not wait for credit: $.runtime.credit.resumeInNanos="
                        + runtime.credit().get().resumeInNanos().getAsLong());
            }
            for (Queue queue : Queue.values()) {
                if (runtime.completions(queue).pending() != 0) {
                    return Optional.of("a FAILED context has nothing pending: $.runtime." + name(queue) + "Completions.pending="
                            + runtime.completions(queue).pending());
                }
            }
        }
        Map<Counter, Long> counters = runtime.counters();
        if (!counters.keySet().equals(RelocationState.CONTEXT_COUNTERS)) {
            return Optional.of("$.runtime.counters has exactly the per-context counters: keys=" + counters.keySet());
        }
        for (Map.Entry<Counter, Long> counter : counters.entrySet()) {
            if (counter.getValue() == null || counter.getValue() < 0) {
                return Optional.of("$.runtime.counters." + counter.getKey() + " is at least 0: value=" + counter.getValue());
            }
        }
        int rules = state.host().txRules().size();
        if (runtime.filterHits().size() != rules + 1) {
            return Optional.of("$.runtime.filterHits has one entry per TX rule plus the default's: entries=" + runtime.filterHits().size()
                    + " txRules=" + rules);
        }
        for (int i = 0; i < runtime.filterHits().size(); i++) {
            if (runtime.filterHits().get(i) < 0) {
                return Optional.of("$.runtime.filterHits[" + i + "] is at least 0: value=" + runtime.filterHits().get(i));
            }
        }
        return Optional.empty();
    }

    /** Present exactly when the rate is limited; a level in 0..burst·period; a wait of at least 1 ns. */
    private static Optional<String> creditProblem(TxRate rate, Optional<Credit> credit) {
        if (credit.isPresent() == rate.unlimited()) {
            return Optional.of("$.runtime.credit is present exactly when the TX rate is limited: credit=" + credit.isPresent()
                    + " txRate=" + rate);
        }
        if (credit.isEmpty()) {
            return Optional.empty();
        }
        long capacity = rate.burstBytes() * rate.periodNanos(); // < 2^63 for a valid limit (step 5 checked it)
        long level = credit.get().level();
        if (level < 0 || level > capacity) {
            return Optional.of("$.runtime.credit.level out of 0.." + capacity + " (burstBytes·periodNanos): level=" + level);
        }
        if (credit.get().waiting() && credit.get().resumeInNanos().getAsLong() < 1) {
            return Optional.of("$.runtime.credit.resumeInNanos is at least 1: resumeInNanos=" + credit.get().resumeInNanos().getAsLong());
        }
        return Optional.empty();
    }

    /** Nothing pending without an age; an immediate queue has nothing pending; otherwise below both bounds. */
    private static Optional<String> completionsProblem(Queue queue, Completions completions, Coalescing coalescing) {
        String path = "$.runtime." + name(queue) + "Completions";
        if (completions.pending() < 0) {
            return Optional.of(path + ".pending is at least 0: pending=" + completions.pending());
        }
        if (completions.ageNanos() < 0) {
            return Optional.of(path + ".ageNanos is at least 0: ageNanos=" + completions.ageNanos());
        }
        if (completions.pending() == 0) {
            return completions.ageNanos() == 0 ? Optional.empty()
                    : Optional.of(path + ".ageNanos is 0 when nothing is pending: ageNanos=" + completions.ageNanos());
        }
        if (coalescing.immediate()) {
            return Optional.of(path + ".pending is 0 for an immediate queue (COAL-3): pending=" + completions.pending());
        }
        if (completions.pending() >= coalescing.maxFrames()) {
            return Optional.of(path + ".pending is below maxFrames (COAL-4): pending=" + completions.pending() + " maxFrames="
                    + coalescing.maxFrames());
        }
        if (completions.ageNanos() >= coalescing.maxDelayNanos()) {
            return Optional.of(path + ".ageNanos is below maxDelayNanos (COAL-5): ageNanos=" + completions.ageNanos()
                    + " maxDelayNanos=" + coalescing.maxDelayNanos());
        }
        return Optional.empty();
    }

    private static String name(Queue queue) {
        return queue == Queue.TX ? "tx" : "rx";
    }
}
