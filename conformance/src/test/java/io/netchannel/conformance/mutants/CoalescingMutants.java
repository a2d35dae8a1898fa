package io.netchannel.conformance.mutants;

import io.netchannel.api.Coalescing;
import io.netchannel.model.coalescing.Coalescer;
import io.netchannel.model.coalescing.CoalescingState;
import java.util.List;

/**
 * Broken readings of chapter 10: the reference model with its {@link Coalescer} replaced through
 * {@code Decisions.withCoalescer}; decision points, reading rsp_event and notifying stay the
 * model's. {@link CoalescingMutantsTest} names the property and rule that catch each.
 */
final class CoalescingMutants {

    private CoalescingMutants() {
    }

    /** The spec's coalescer with {@code published} or {@code deadline} replaced. */
    private static Coalescer coalescer(Published published, Deadline deadline) {
        return new Coalescer() {
            @Override
            public CoalescingState published(CoalescingState state, int completions, long now) {
                return published.published(state, completions, now);
            }

            @Override
            public boolean decidesNow(CoalescingState state, Coalescing coalescing) {
                return Coalescer.SPEC.decidesNow(state, coalescing);
            }

            @Override
            public long deadline(CoalescingState state, Coalescing coalescing) {
                return deadline.deadline(state, coalescing);
            }

            @Override
            public boolean notifies(CoalescingState state, int rspProd, int rspEvent) {
                return Coalescer.SPEC.notifies(state, rspProd, rspEvent);
            }
        };
    }

    private interface Published {
        CoalescingState published(CoalescingState state, int completions, long now);
    }

    private interface Deadline {
        long deadline(CoalescingState state, Coalescing coalescing);
    }

    /** COAL-5, COAL-8: the delay timer never fires; only maxFrames (or an immediate queue) decides. */
    static final Mutant TIMER_NEVER_FIRES = Mutant.decisions("coalescing-timer-never-fires",
            spec -> spec.withCoalescer(coalescer(Coalescer.SPEC::published, (state, coalescing) -> CoalescingState.NEVER)));

    /** COAL-4: a publish counts one, however many packets or frames it made visible. */
    static final Mutant COUNTS_PER_BATCH = Mutant.decisions("coalescing-counts-per-batch",
            spec -> spec.withCoalescer(coalescer((state, completions, now) -> Coalescer.SPEC.published(state, 1, now), Coalescer.SPEC::deadline)));

    /** COAL-5: the delay decision one nanosecond after first + maxDelayNanos. */
    static final Mutant DEADLINE_ONE_LATE = Mutant.decisions("coalescing-deadline-one-nanosecond-late", spec -> spec.withCoalescer(
            coalescer(Coalescer.SPEC::published, (state, coalescing) -> {
                long deadline = Coalescer.SPEC.deadline(state, coalescing);
                return deadline == CoalescingState.NEVER ? deadline : deadline + 1;
            })));

    /** COAL-5: every publish restarts the delay, so a steady trickle of completions is never decided by time. */
    static final Mutant DELAY_RESTARTS = Mutant.decisions("coalescing-delay-restarts-at-each-publish", spec -> spec.withCoalescer(
            coalescer((state, completions, now) -> {
                CoalescingState published = Coalescer.SPEC.published(state, completions, now);
                return new CoalescingState(published.decided(), published.pending(), now);
            }, Coalescer.SPEC::deadline)));

    /** Every coalescing mutant. */
    static List<Mutant> all() {
        return List.of(TIMER_NEVER_FIRES, COUNTS_PER_BATCH, DEADLINE_ONE_LATE, DELAY_RESTARTS);
    }
}
