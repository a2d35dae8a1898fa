package io.netchannel.model.ring;

/**
 * Event-index notification suppression (Xen {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}).
 * The consumer names in its event index the next item it wants to be woken for; the producer
 * notifies after a push exactly when that index lies in the half-open interval {@code (old, new]}
 * modulo 2^32.
 */
public final class EventIndex {

    private EventIndex() {
    }

    /**
     * Whether a push that moved a producer index from {@code oldProd} to {@code newProd} must
     * notify a consumer whose event index is {@code event}. An empty push never notifies.
     */
    public static boolean mustNotify(int oldProd, int newProd, int event) {
        // RING-8: (new − event) < (new − old), both unsigned 32-bit
        return RingIndex.difference(newProd, event) < RingIndex.difference(newProd, oldProd);
    }

    /** The event index a consumer arms to be woken by the very next item after {@code consumed}. */
    public static int nextItem(int consumed) {
        return consumed + 1; // RING-9, RING-14: req_event = req_cons + 1
    }
}
