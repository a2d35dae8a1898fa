package io.netchannel.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One context's device-independent state (spec 12, profile {@code relocation}): what
 * {@link ControlRequest.ExportContext} returns and {@link ControlRequest.ImportContext} takes. Its
 * text form is the relocation document ({@code spec/schema/relocation-v1.schema.json}); this record
 * is the typed form a device sees, so a device never parses a document.
 *
 * <p>No field names a device, a context id or an absolute time: times are relative to the export
 * instant, so a document can be imported on a device of another make whose clock reads anything.
 *
 * @param host the privileged configuration, moved by the host (spec 12, section 3.1)
 * @param guest the unprivileged configuration, carried by the guest and checked on import as if the
 *     guest had set it (RELOC-6)
 * @param runtime the device's state of the context at the export instant (section 3.3)
 */
public record RelocationState(ContextConfig host, GuestConfig guest, Runtime runtime) {

    /** Rejects nulls. */
    public RelocationState {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(runtime, "runtime");
    }

    /** The counters a context keeps (every {@link Counter} but the device-wide ones), in declaration order. */
    public static final Set<Counter> CONTEXT_COUNTERS = contextCounters();

    private static Set<Counter> contextCounters() {
        EnumSet<Counter> counters = EnumSet.allOf(Counter.class);
        counters.removeAll(EnumSet.of(Counter.WIRE_RX_FRAMES, Counter.WIRE_DROP_NO_CONTEXT, Counter.HOST_SWITCHED_FRAMES));
        return Collections.unmodifiableSet(counters);
    }

    /**
     * The device's side of the context at the export instant (spec 12, section 3.3).
     *
     * @param state {@link ContextState#ACTIVE} or {@link ContextState#FAILED}
     * @param tx the TX ring's geometry and position
     * @param rx the RX ring's geometry and position
     * @param credit the TX token bucket; present exactly when {@code host.txRate()} is limited
     * @param txCompletions the TX queue's notification state (chapter 10)
     * @param rxCompletions the RX queue's notification state (chapter 10)
     * @param counters every counter of {@link #CONTEXT_COUNTERS} and its value
     * @param filterHits the TX filter rule counters (TXF-8): one per rule, then the default's
     */
    public record Runtime(ContextState state, Ring tx, Ring rx, Optional<Credit> credit, Completions txCompletions,
            Completions rxCompletions, Map<Counter, Long> counters, List<Long> filterHits) {

        /** Copies the collections; rejects nulls (values out of range are the importing device's to refuse, RELOC-5). */
        public Runtime {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(rx, "rx");
            Objects.requireNonNull(credit, "credit");
            Objects.requireNonNull(txCompletions, "txCompletions");
            Objects.requireNonNull(rxCompletions, "rxCompletions");
            Objects.requireNonNull(counters, "counters");
            counters = counters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counters));
            filterHits = List.copyOf(Objects.requireNonNull(filterHits, "filterHits"));
        }

        /** {@code queue}'s ring. */
        public Ring ring(Queue queue) {
            return queue == Queue.TX ? tx : rx;
        }

        /** {@code queue}'s notification state. */
        public Completions completions(Queue queue) {
            return queue == Queue.TX ? txCompletions : rxCompletions;
        }

        /** A counter's value, 0 when the map lacks it. */
        public long counter(Counter counter) {
            return counters.getOrDefault(counter, 0L);
        }
    }

    /**
     * One ring's geometry and the device's position on it.
     *
     * @param slots the ring's size in slots, 256 for a one-page netif ring (chapter 03)
     * @param rspProd the device's response producer: every request before it was consumed and
     *     answered, and the shared header shows it (at a quiescent point req_cons, rsp_prod_pvt and
     *     the published rsp_prod are all this value)
     */
    public record Ring(int slots, int rspProd) {

        /** The geometry of a one-page netif ring (Xen's {@code __CONST_RING_SIZE} for 4 KiB pages). */
        public static final int NETIF_SLOTS = 256;

        /** A one-page ring at {@code rspProd}. */
        public static Ring at(int rspProd) {
            return new Ring(NETIF_SLOTS, rspProd);
        }
    }

    /**
     * The TX token bucket (chapter 09) at the export instant.
     *
     * @param level the credit × {@code txRate.periodNanos()} (chapter 09's exact unit), accrued to
     *     the export instant; 0 to {@code burstBytes × periodNanos}
     * @param resumeInNanos present while the TX walk waits for credit (QOS-5): the walk resumes this
     *     many nanoseconds after the export instant, without another kick
     */
    public record Credit(long level, OptionalLong resumeInNanos) {

        /** Rejects a null. */
        public Credit {
            Objects.requireNonNull(resumeInNanos, "resumeInNanos");
        }

        /** Whether the walk waits for credit. */
        public boolean waiting() {
            return resumeInNanos.isPresent();
        }
    }

    /**
     * One queue's notification state (chapter 10) at the export instant.
     *
     * @param decided {@code D}: the rsp_prod value at the last notification decision (or at attach)
     * @param pending completions published since then and not yet decided on
     * @param ageNanos how long before the export instant the first pending completion was
     *     published; 0 when none is pending
     */
    public record Completions(int decided, long pending, long ageNanos) {

        /** Nothing pending since a decision at {@code rspProd}. */
        public static Completions settledAt(int rspProd) {
            return new Completions(rspProd, 0, 0);
        }
    }
}
