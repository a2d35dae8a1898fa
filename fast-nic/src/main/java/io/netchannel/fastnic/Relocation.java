package io.netchannel.fastnic;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parts of chapter 12 (relocation) that need none of {@link FastNic}'s tables: the runtime
 * section's well-formedness (RELOC-5, step 7), the ring-position check of step 9 on headers the
 * NIC read, and the conversions from the NIC's primitive state to the document's values (RELOC-2).
 * Control plane only: everything here may allocate.
 */
final class Relocation {

    /** {@link FastNic}'s "no timer armed". */
    private static final long NEVER = Long.MAX_VALUE;

    private Relocation() {
    }

    // ---------------------------------------------------------------- export (RELOC-2)

    /**
     * The bucket at the export instant {@code now}: {@code level} already accrued to now, and the
     * wait still to run when the TX walk resumes at {@code due} (QOS-5), else none.
     */
    static RelocationState.Credit credit(long level, long due, long now) {
        return new RelocationState.Credit(level, due == NEVER ? OptionalLong.empty() : OptionalLong.of(due - now));
    }

    /** One queue's D and pending count, and how long before {@code now} the first pending completion was published at {@code since}. */
    static RelocationState.Completions completions(int decided, int pending, long since, long now) {
        return new RelocationState.Completions(decided, pending, pending == 0 ? 0 : now - since);
    }

    /** Every counter of {@link RelocationState#CONTEXT_COUNTERS}, from one context's row of {@code counters} at {@code base}. */
    static Map<Counter, Long> counters(long[] counters, int base) {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            values.put(counter, counters[base + counter.ordinal()]);
        }
        return values;
    }

    /** The TX filter counters of TXF-8 (one per rule, then the default's) as a list. */
    static List<Long> hits(long[] hits) {
        List<Long> list = new ArrayList<>(hits.length);
        for (long hit : hits) {
            list.add(hit);
        }
        return Collections.unmodifiableList(list);
    }

    // ---------------------------------------------------------------- import (RELOC-5)

    /**
     * Step 7 of section 4.2: the runtime section is one export can produce for the document's host
     * and guest sections (both already checked, so the TX rate and coalescing are in range), else
     * {@code INVALID_CONFIG}; null when it is.
     */
    static ControlResult checkRuntime(RelocationState document) {
        RelocationState.Runtime runtime = document.runtime();
        ContextState state = runtime.state();
        if (state != ContextState.ACTIVE && state != ContextState.FAILED) {
            return invalid("a relocated context is ACTIVE or FAILED: state=" + state);
        }
        for (Queue queue : Queue.values()) {
            int slots = runtime.ring(queue).slots();
            if (slots != RelocationState.Ring.NETIF_SLOTS) {
                return invalid("a ring has " + RelocationState.Ring.NETIF_SLOTS + " slots: queue=" + queue + " slots=" + slots);
            }
        }
        ControlResult creditRefused = checkCredit(document.host().txRate(), runtime.credit());
        if (creditRefused != null) {
            return creditRefused;
        }
        GuestConfig guest = document.guest();
        for (Queue queue : Queue.values()) {
            ControlResult refused = checkCompletions(queue, guest.coalescing(queue), runtime.completions(queue));
            if (refused != null) {
                return refused;
            }
        }
        if (state == ContextState.FAILED) {
            if (runtime.credit().isPresent() && runtime.credit().get().waiting()) {
                return invalid("a FAILED context waits for nothing: resumeInNanos=" + runtime.credit().get().resumeInNanos().getAsLong());
            }
            for (Queue queue : Queue.values()) {
                if (runtime.completions(queue).pending() != 0) {
                    return invalid("a FAILED context has nothing pending: queue=" + queue + " pending="
                            + runtime.completions(queue).pending());
                }
            }
        }
        Map<Counter, Long> counters = runtime.counters();
        if (!counters.keySet().equals(RelocationState.CONTEXT_COUNTERS)) {
            return invalid("counters name exactly the per-context counters: counters=" + counters.keySet());
        }
        for (Map.Entry<Counter, Long> entry : counters.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0) {
                return invalid("a counter is at least 0: " + entry.getKey() + "=" + entry.getValue());
            }
        }
        List<Long> hits = runtime.filterHits();
        int rules = document.host().txRules().size();
        if (hits.size() != rules + 1) {
            return invalid("filterHits has one entry per TX rule plus the default's: filterHits=" + hits.size()
                    + " txRules=" + rules);
        }
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i) < 0) {
                return invalid("a filter counter is at least 0: filterHits[" + i + "]=" + hits.get(i));
            }
        }
        return null;
    }

    /** Step 7: credit present exactly when the rate is limited, its level in 0..burst·period, a wait at least 1 ns. */
    private static ControlResult checkCredit(TxRate rate, Optional<RelocationState.Credit> credit) {
        if (rate.unlimited()) {
            return credit.isPresent() ? invalid("an unlimited TX rate has no credit: credit=" + credit.get()) : null;
        }
        if (credit.isEmpty()) {
            return invalid("a limited TX rate has its credit: txRate=" + rate);
        }
        long level = credit.get().level();
        long full = rate.burstBytes() * rate.periodNanos(); // below 2^63 for a rate step 5 accepted
        if (level < 0 || level > full) {
            return invalid("credit level lies in 0..burstBytes*periodNanos=" + full + ": level=" + level);
        }
        OptionalLong resume = credit.get().resumeInNanos();
        if (resume.isPresent() && resume.getAsLong() < 1) {
            return invalid("a wait resumes at least 1 ns after the export: resumeInNanos=" + resume.getAsLong());
        }
        return null;
    }

    /** Step 7 for one queue, whose coalescing the guest section sets (already in range). */
    private static ControlResult checkCompletions(Queue queue, Coalescing coalescing, RelocationState.Completions completions) {
        long pending = completions.pending();
        long age = completions.ageNanos();
        if (pending < 0 || age < 0 || (pending == 0 && age != 0)) {
            return invalid("pending and ageNanos are at least 0, and ageNanos is 0 with nothing pending: queue=" + queue
                    + " pending=" + pending + " ageNanos=" + age);
        }
        if (coalescing.immediate()) {
            return pending == 0 ? null : invalid("an immediate queue has nothing pending: queue=" + queue + " pending=" + pending);
        }
        if (pending >= coalescing.maxFrames() || age >= coalescing.maxDelayNanos()) {
            return invalid("a coalescing queue has pending < maxFrames and ageNanos < maxDelayNanos: queue=" + queue
                    + " pending=" + pending + " ageNanos=" + age + " coalescing=" + coalescing);
        }
        return null;
    }

    /**
     * Step 9 of section 4.2 for an ACTIVE state, after RING-14 passed on both headers: each ring's
     * shared rsp_prod ({@code txRspProd}, {@code rxRspProd} as read) is the document's, else the
     * document is stale ({@code BAD_RING}); null when both are.
     */
    static ControlResult checkPosition(RelocationState.Runtime runtime, int txRspProd, int rxRspProd) {
        if (runtime.tx().rspProd() != txRspProd) {
            return stale(Queue.TX, runtime.tx().rspProd(), txRspProd);
        }
        if (runtime.rx().rspProd() != rxRspProd) {
            return stale(Queue.RX, runtime.rx().rspProd(), rxRspProd);
        }
        return null;
    }

    private static ControlResult stale(Queue queue, int expected, int seen) {
        return new ControlResult.Rejected("RELOC-5", RejectCategory.BAD_RING, "the ring moved on since the export: queue="
                + queue + " rspProd=" + Integer.toUnsignedString(expected) + " shared rsp_prod=" + Integer.toUnsignedString(seen));
    }

    private static ControlResult invalid(String detail) {
        return new ControlResult.Rejected("RELOC-5", RejectCategory.INVALID_CONFIG, detail);
    }
}
