package io.netchannel.model.coalescing;

import io.netchannel.api.Coalescing;

/** {@link Coalescer#SPEC}: the rules of chapter 10 as {@link CoalescingState} states them. */
final class SpecCoalescer implements Coalescer {

    @Override
    public CoalescingState published(CoalescingState state, int completions, long now) {
        return state.published(completions, now); // one per completion, never one per push
    }

    @Override
    public boolean decidesNow(CoalescingState state, Coalescing coalescing) {
        return state.decidesNow(coalescing); // COAL-3, COAL-4
    }

    @Override
    public long deadline(CoalescingState state, Coalescing coalescing) {
        return state.deadline(coalescing); // COAL-5
    }

    @Override
    public boolean notifies(CoalescingState state, int rspProd, int rspEvent) {
        return state.notifies(rspProd, rspEvent); // COAL-6
    }

    @Override
    public String toString() {
        return "Coalescer.SPEC";
    }
}
