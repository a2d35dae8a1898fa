package io.netchannel.model.device;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Queue;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.offload.Aggregate;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.relocation.ContextImage;
import io.netchannel.model.ring.BackRing;
import io.netchannel.model.ring.RingHeader;
import io.netchannel.api.Counter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the device holds for one context except its counters.
 *
 * @param host the privileged configuration
 * @param guest the unprivileged configuration
 * @param state ACTIVE or FAILED
 * @param tx the device's indices on the TX ring
 * @param rx the device's indices on the RX ring
 * @param bucket the TX token bucket, empty when the context has no rate limit (chapter 09); each
 *     context's own, so no other context's limit or wait touches it (QOS-9)
 * @param txDue while the context waits for credit, when its TX walk resumes (QOS-6); empty when it
 *     is not waiting
 * @param txCompletions the TX queue's notification state (chapter 10)
 * @param rxCompletions the RX queue's notification state (chapter 10)
 * @param held the LRO aggregate the context holds, at most one (chapter 11, section 7); empty when
 *     it holds none, always empty for a FAILED context (LRO-6)
 */
record DeviceContext(ContextConfig host, GuestConfig guest, ContextState state, BackRing tx, BackRing rx, Optional<TokenBucket> bucket,
        OptionalLong txDue, CoalescingState txCompletions, CoalescingState rxCompletions, Optional<Aggregate> held) {

    DeviceContext {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(txDue, "txDue");
        Objects.requireNonNull(held, "held");
    }

    /** A context just attached at {@code tx} and {@code rx}: not waiting, nothing pending (COAL-9: D at the attached rsp_prod). */
    static DeviceContext attached(ContextConfig host, GuestConfig guest, RingHeader tx, RingHeader rx, Optional<TokenBucket> bucket) {
        return new DeviceContext(host, guest, ContextState.ACTIVE, tx.attach(), rx.attach(), bucket, OptionalLong.empty(),
                CoalescingState.attachedAt(tx.rspProd()), CoalescingState.attachedAt(rx.rspProd()), Optional.empty());
    }

    /** RELOC-7: the context an import creates, holding no LRO aggregate. */
    static DeviceContext imported(ContextImage image) {
        return new DeviceContext(image.host(), image.guest(), image.state(), image.tx(), image.rx(), image.bucket(), image.txDue(),
                image.txCompletions(), image.rxCompletions(), Optional.empty());
    }

    /** What export reads of this context (RELOC-2), given its counters and filter counters; the held aggregate is not part of it. */
    ContextImage image(Map<Counter, Long> counters, List<Long> filterHits) {
        return new ContextImage(host, guest, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, counters, filterHits);
    }

    /** Whether the TX walk stopped at a packet its rate limit does not yet allow (QOS-5). */
    boolean waiting() {
        return txDue.isPresent();
    }

    /** The device's indices on {@code queue}'s ring. */
    BackRing ring(Queue queue) {
        return queue == Queue.TX ? tx : rx;
    }

    /** The grant reference of {@code queue}'s ring page. */
    int ringGref(Queue queue) {
        return queue == Queue.TX ? host.txRingGref() : host.rxRingGref();
    }

    /** {@code queue}'s notification state. */
    CoalescingState completions(Queue queue) {
        return queue == Queue.TX ? txCompletions : rxCompletions;
    }

    DeviceContext withHost(ContextConfig value) {
        return new DeviceContext(value, guest, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, held);
    }

    DeviceContext withGuest(GuestConfig value) {
        return new DeviceContext(host, value, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, held);
    }

    DeviceContext withState(ContextState value) {
        return new DeviceContext(host, guest, value, tx, rx, bucket, txDue, txCompletions, rxCompletions, held);
    }

    DeviceContext withTx(BackRing value) {
        return new DeviceContext(host, guest, state, value, rx, bucket, txDue, txCompletions, rxCompletions, held);
    }

    DeviceContext withRx(BackRing value) {
        return new DeviceContext(host, guest, state, tx, value, bucket, txDue, txCompletions, rxCompletions, held);
    }

    DeviceContext withBucket(Optional<TokenBucket> value) {
        return new DeviceContext(host, guest, state, tx, rx, value, txDue, txCompletions, rxCompletions, held);
    }

    /** Waiting for credit until {@code due} (QOS-5). */
    DeviceContext waitingUntil(long due) {
        return new DeviceContext(host, guest, state, tx, rx, bucket, OptionalLong.of(due), txCompletions, rxCompletions, held);
    }

    /** No longer waiting: the walk passed every packet, or the context failed, was reset or re-attached. */
    DeviceContext notWaiting() {
        return new DeviceContext(host, guest, state, tx, rx, bucket, OptionalLong.empty(), txCompletions, rxCompletions, held);
    }

    DeviceContext withCompletions(Queue queue, CoalescingState value) {
        return queue == Queue.TX
                ? new DeviceContext(host, guest, state, tx, rx, bucket, txDue, value, rxCompletions, held)
                : new DeviceContext(host, guest, state, tx, rx, bucket, txDue, txCompletions, value, held);
    }

    /** Holding {@code value} as its LRO aggregate, or none (LRO-4, LRO-5). */
    DeviceContext withHeld(Optional<Aggregate> value) {
        return new DeviceContext(host, guest, state, tx, rx, bucket, txDue, txCompletions, rxCompletions, value);
    }
}
