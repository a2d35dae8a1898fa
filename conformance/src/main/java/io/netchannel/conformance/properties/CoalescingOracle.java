package io.netchannel.conformance.properties;

import io.netchannel.api.Coalescing;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's own reading of chapter 10 for one context, independent of the reference model: per
 * queue the rsp_prod of the last decision ({@code D}), the completions published since
 * ({@code pending}) and when the first of them was published; decisions at once when the queue is
 * immediate (COAL-3) or {@code maxFrames} are pending (COAL-4), else at {@code first + maxDelay}
 * (COAL-5); a decision notifies iff rsp_event lies in {@code (D, P]} (COAL-6); a change of
 * parameters re-evaluates at once (COAL-7); failure and reset discard what is pending (COAL-9).
 * The caller tells it every publish, every rsp_event the guest writes and every step.
 */
public final class CoalescingOracle {

    /** One queue's state. */
    private static final class State {
        Coalescing coalescing = Coalescing.IMMEDIATE;
        int decided;
        int prod;
        int event;
        int pending;
        long first;
    }

    private final Map<Queue, State> queues = new EnumMap<>(Queue.class);
    private final List<Queue> notifications = new ArrayList<>();
    private boolean active = true;
    private long now;

    /** A context attached at {@code txProd} and {@code rxProd}, rsp_event one past each (SHARED_RING_INIT), at time {@code at}. */
    public CoalescingOracle(int txProd, int rxProd, long at) {
        for (Queue queue : Queue.values()) {
            queues.put(queue, new State());
        }
        attach(txProd, rxProd);
        queues.get(Queue.TX).event = txProd + 1;
        queues.get(Queue.RX).event = rxProd + 1;
        now = at;
    }

    private void attach(int txProd, int rxProd) {
        State tx = queues.get(Queue.TX);
        State rx = queues.get(Queue.RX);
        tx.prod = txProd;
        tx.decided = txProd;
        tx.pending = 0;
        rx.prod = rxProd;
        rx.decided = rxProd;
        rx.pending = 0;
    }

    /** The guest wrote rsp_event of {@code queue}. */
    public void rspEvent(Queue queue, int value) {
        queues.get(queue).event = value;
    }

    /** A publish at {@code at} of {@code queue} moving rsp_prod to {@code prod}, with {@code completions} completions. */
    public void publish(Queue queue, int prod, int completions, long at) {
        now = at;
        State state = queues.get(queue);
        state.prod = prod;
        if (completions == 0) {
            return;
        }
        if (state.pending == 0) {
            state.first = at;
        }
        state.pending += completions; // one per completion, never one per push
        if (state.coalescing.immediate() || state.pending >= state.coalescing.maxFrames()) {
            decide(queue); // COAL-3, COAL-4
        }
    }

    /** COAL-6: read rsp_event once, notify iff it lies in (D, P], then D := P. */
    private void decide(Queue queue) {
        State state = queues.get(queue);
        if (Integer.compareUnsigned(state.prod - state.event, state.prod - state.decided) < 0) {
            notifications.add(queue);
        }
        state.decided = state.prod;
        state.pending = 0;
    }

    /** The time the next timed decision is due, or {@link Long#MAX_VALUE} when none is. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (!active) {
            return next;
        }
        for (State state : queues.values()) {
            if (state.pending > 0 && !state.coalescing.immediate()) {
                next = Math.min(next, state.first + state.coalescing.maxDelayNanos());
            }
        }
        return next;
    }

    /** advanceTo(t): the decisions due in (now, t], in time order, TX before RX at one instant (section D). */
    public void advanceTo(long t) {
        while (true) {
            long next = nextDeadline();
            if (next > t) {
                break;
            }
            for (Queue queue : List.of(Queue.TX, Queue.RX)) {
                State state = queues.get(queue);
                if (state.pending > 0 && !state.coalescing.immediate() && state.first + state.coalescing.maxDelayNanos() == next) {
                    now = next;
                    decide(queue);
                }
            }
        }
        now = t;
    }

    /** COAL-7: a SetGuestConfig at {@code at} changed {@code queue}'s coalescing to {@code next}. */
    public void retune(Queue queue, Coalescing next, long at) {
        now = at;
        State state = queues.get(queue);
        if (state.coalescing.equals(next)) {
            return;
        }
        state.coalescing = next;
        if (active && state.pending > 0
                && (next.immediate() || state.pending >= next.maxFrames() || at >= state.first + next.maxDelayNanos())) {
            decide(queue);
        }
    }

    /** COAL-9: the context entered FAILED; pending completions are discarded without a decision. */
    public void fail() {
        active = false;
        for (State state : queues.values()) {
            state.pending = 0;
        }
    }

    /** COAL-9: reset re-attaches at the shared rsp_prod of each ring; nothing pending survives. */
    public void reset(int txProd, int rxProd, long at) {
        now = at;
        active = true;
        attach(txProd, rxProd);
    }

    /** Notifications so far, in order. */
    public List<Queue> notifications() {
        return List.copyOf(notifications);
    }

    /** Completions pending on {@code queue}. */
    public int pending(Queue queue) {
        return queues.get(queue).pending;
    }

    /** The coalescing of {@code queue}. */
    public Coalescing coalescing(Queue queue) {
        return queues.get(queue).coalescing;
    }

    /** The rsp_prod of {@code queue} the device must have published. */
    public int prod(Queue queue) {
        return queues.get(queue).prod;
    }

    /** Whether the context is ACTIVE. */
    public boolean active() {
        return active;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("oracle at " + now + " ns" + (active ? "" : " (FAILED)") + ":");
        for (Queue queue : Queue.values()) {
            State s = queues.get(queue);
            text.append(' ').append(queue).append("{").append(s.coalescing).append(", D=").append(Integer.toUnsignedString(s.decided)).append(", P=")
                    .append(Integer.toUnsignedString(s.prod)).append(", rsp_event=").append(Integer.toUnsignedString(s.event)).append(", pending=")
                    .append(s.pending).append(s.pending > 0 ? ", first=" + s.first : "").append('}');
        }
        return text.toString();
    }
}
