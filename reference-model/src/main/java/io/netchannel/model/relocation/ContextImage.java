package io.netchannel.model.relocation;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Queue;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.ring.BackRing;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a device holds for one context in its own terms (absolute times, private ring indices),
 * less anything held inside it: what export reads (RELOC-2) and import creates (RELOC-7). A
 * context at a call boundary holds nothing else once its LRO aggregate is flushed (RELOC-3).
 *
 * @param host the privileged configuration
 * @param guest the unprivileged configuration
 * @param state ACTIVE or FAILED
 * @param tx the device's indices on the TX ring
 * @param rx the device's indices on the RX ring
 * @param bucket the TX token bucket, empty when the rate is unlimited (chapter 09)
 * @param txDue while the TX walk waits for credit, the device time it resumes (QOS-6)
 * @param txCompletions the TX queue's notification state (chapter 10), {@code first} a device time
 * @param rxCompletions the RX queue's notification state
 * @param counters the per-context counters ({@link io.netchannel.api.RelocationState#CONTEXT_COUNTERS})
 * @param filterHits the TX filter counters, one per rule, then the default's (TXF-8)
 */
public record ContextImage(ContextConfig host, GuestConfig guest, ContextState state, BackRing tx, BackRing rx,
        Optional<TokenBucket> bucket, OptionalLong txDue, CoalescingState txCompletions, CoalescingState rxCompletions,
        Map<Counter, Long> counters, List<Long> filterHits) {

    /** Copies the collections; rejects nulls. */
    public ContextImage {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(rx, "rx");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(txDue, "txDue");
        Objects.requireNonNull(txCompletions, "txCompletions");
        Objects.requireNonNull(rxCompletions, "rxCompletions");
        Objects.requireNonNull(counters, "counters");
        counters = counters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counters));
        filterHits = List.copyOf(Objects.requireNonNull(filterHits, "filterHits"));
    }

    /** {@code queue}'s notification state. */
    public CoalescingState completions(Queue queue) {
        return queue == Queue.TX ? txCompletions : rxCompletions;
    }

    /** This image with the guest configuration replaced. */
    public ContextImage withGuest(GuestConfig value) {
        return new ContextImage(host, value, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, counters, filterHits);
    }

    /** This image with the token bucket replaced. */
    public ContextImage withBucket(Optional<TokenBucket> value) {
        return new ContextImage(host, guest, state, tx, rx, value, txDue, txCompletions, rxCompletions, counters, filterHits);
    }

    /** This image with the time the TX walk resumes replaced (empty: not waiting). */
    public ContextImage withTxDue(OptionalLong value) {
        return new ContextImage(host, guest, state, tx, rx, bucket, value, txCompletions, rxCompletions, counters, filterHits);
    }

    /** This image with {@code queue}'s notification state replaced. */
    public ContextImage withCompletions(Queue queue, CoalescingState value) {
        return queue == Queue.TX
                ? new ContextImage(host, guest, state, tx, rx, bucket, txDue, value, rxCompletions, counters, filterHits)
                : new ContextImage(host, guest, state, tx, rx, bucket, txDue, txCompletions, value, counters, filterHits);
    }

    /** This image with the counters replaced. */
    public ContextImage withCounters(Map<Counter, Long> value) {
        return new ContextImage(host, guest, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, value, filterHits);
    }
}
