package io.netchannel.model.coalescing;

import io.netchannel.api.Coalescing;

/**
 * The seam through which the reference device makes every coalescing decision of chapter 10, so a
 * deliberately broken device (a conformance mutant) can replace it and keep everything else.
 * {@link #SPEC} is the spec's behaviour ({@link CoalescingState}'s rules); the device owns the
 * rest: where the decision points are, the timeline of advanceTo, reading rsp_event, notifying,
 * setting {@code D := P} and discarding on failure, reset and destroy.
 *
 * <p>A mutant expresses, for example: a timer that never fires ({@link #deadline} always
 * {@link CoalescingState#NEVER}), or a notification counted per batch ({@link #published} adding 1
 * per push instead of the completions).
 */
public interface Coalescer {

    /** The spec's coalescing: {@link CoalescingState#published}, {@code decidesNow}, {@code deadline}, {@code notifies}. */
    Coalescer SPEC = new SpecCoalescer();

    /**
     * The state after a publish (a decision point) that adds {@code completions} at {@code now}.
     *
     * @param completions the packets (TX) or frames (RX) whose responses this push published, at least 1
     */
    CoalescingState published(CoalescingState state, int completions, long now);

    /** Whether the device decides now, at a publish or when the guest changes the parameters (COAL-3, COAL-4, COAL-7). */
    boolean decidesNow(CoalescingState state, Coalescing coalescing);

    /**
     * When the device decides if nothing else makes it decide first (COAL-5), taken inside
     * advanceTo; asked only while something is pending. {@link CoalescingState#NEVER} for never.
     */
    long deadline(CoalescingState state, Coalescing coalescing);

    /** Whether a decision at rsp_prod {@code rspProd}, having read {@code rspEvent}, notifies (COAL-6). */
    boolean notifies(CoalescingState state, int rspProd, int rspEvent);
}
