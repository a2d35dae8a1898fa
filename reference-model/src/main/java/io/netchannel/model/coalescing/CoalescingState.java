package io.netchannel.model.coalescing;

import io.netchannel.api.Coalescing;
import io.netchannel.model.ring.EventIndex;

/**
 * One queue's notification state between decisions (spec 10): rsp_prod at the last decision, the
 * completions published since, and when the first of them was published. Publishing is never
 * delayed (RING-7); only the decision whether to notify waits.
 *
 * @param decided {@code D}: the rsp_prod value at the last decision, or at attach (index bits)
 * @param pending completions published since that decision: one per packet (TX) or frame (RX)
 * @param first the device time the first pending completion was published; meaningless when
 *     {@code pending} is 0
 */
public record CoalescingState(int decided, long pending, long first) {

    /** Returned by {@link #deadline(Coalescing)} when no decision is due. */
    public static final long NEVER = Long.MAX_VALUE;

    /** Rejects a negative count. */
    public CoalescingState {
        if (pending < 0) {
            throw new IllegalArgumentException("pending completions are counted up from 0: pending=" + pending);
        }
    }

    /** The state at attach and re-attach (COAL-9): {@code D} is the attached rsp_prod, nothing pending. */
    public static CoalescingState attachedAt(int rspProd) {
        return new CoalescingState(rspProd, 0, 0);
    }

    /**
     * After a publish that adds {@code completions} at {@code now}: the first sets {@code first},
     * and each counts one, however many slots its responses took (chapter 10, decision points).
     */
    public CoalescingState published(int completions, long now) {
        if (completions < 0) {
            throw new IllegalArgumentException("a publish adds completions: completions=" + completions);
        }
        if (completions == 0) {
            return this;
        }
        return new CoalescingState(decided, pending + completions, pending == 0 ? now : first);
    }

    /**
     * Whether the device decides at this publish: something is pending and the queue is immediate
     * (COAL-3, either value 0, chapter 03's behaviour) or {@code maxFrames} completions are pending
     * (COAL-4).
     */
    public boolean decidesNow(Coalescing coalescing) {
        return pending > 0 && (coalescing.immediate() || pending >= coalescing.maxFrames());
    }

    /**
     * COAL-5: when the decision falls due, {@code first + maxDelayNanos}; {@link #NEVER} when
     * nothing is pending.
     */
    public long deadline(Coalescing coalescing) {
        if (pending == 0) {
            return NEVER;
        }
        long delay = coalescing.maxDelayNanos();
        return first > NEVER - delay ? NEVER : first + delay;
    }

    /**
     * COAL-6: whether the decision notifies, given rsp_prod {@code P} now and the rsp_event
     * {@code E} read once: iff E lies in (D, P] modulo 2^32, i.e. {@code (P − E) < (P − D)}
     * unsigned. With nothing new since D it never does; with D the previous publish's rsp_prod it is
     * exactly RING-8.
     */
    public boolean notifies(int rspProd, int rspEvent) {
        return EventIndex.mustNotify(decided, rspProd, rspEvent); // chapter 03's rule over the span since D
    }

    /** After a decision at rsp_prod {@code rspProd} (COAL-6): {@code D := P}, nothing pending. */
    public CoalescingState decided(int rspProd) {
        return new CoalescingState(rspProd, 0, 0);
    }

    /** COAL-9: pending completions dropped without a decision (FAILED); {@code D} is set again at re-attach. */
    public CoalescingState discarded() {
        return new CoalescingState(decided, 0, 0);
    }
}
