package io.netchannel.model.relocation;

import io.netchannel.api.RelocationState;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The seam through which the reference device turns a context into a relocation state and back
 * (spec 12), so a deliberately broken device (a conformance mutant) can replace it and keep
 * everything else. {@link #SPEC} is the spec's behaviour; the device owns the rest: the checks and
 * their order ({@link RelocationChecks}), the LRO flush before the snapshot (RELOC-3), installing
 * the imported context and its counters.
 *
 * <p>A mutant that loses part of the state on the way in is the spec's relocator with the imported
 * image changed, through {@link #importing}: the multicast list forgotten
 * ({@code image.withGuest(image.guest().withMulticast(List.of()))}), the credit forgotten
 * ({@code image.withBucket(image.bucket().map(b -> TokenBucket.full(b.rate(), b.at())))}), or the
 * coalescing state forgotten ({@code image.withCompletions(queue,
 * CoalescingState.attachedAt(image.tx().published()))} for each queue).
 */
public interface Relocator {

    /** The spec's relocator: RELOC-2 and RELOC-4 on export, RELOC-7 on import. */
    Relocator SPEC = new SpecRelocator();

    /**
     * RELOC-2, RELOC-4: the state of a context at {@code now}, every time in it a duration from
     * {@code now}. Asked after the LRO flush, for a context that holds no aggregate.
     *
     * @param context what the device holds for the context
     * @param now the device time of the export
     */
    RelocationState exported(ContextImage context, long now);

    /**
     * RELOC-7: what the device holds for a context imported from {@code state} at {@code now}.
     * Asked only for a state that passed every check of section 4.2.
     *
     * @param now the device time of the import
     */
    ContextImage imported(RelocationState state, long now);

    /** The spec's export, and the spec's import followed by {@code change}: a relocator that loses something on the way in. */
    static Relocator importing(UnaryOperator<ContextImage> change) {
        Objects.requireNonNull(change, "change");
        return new Relocator() {
            @Override
            public RelocationState exported(ContextImage context, long now) {
                return SPEC.exported(context, now);
            }

            @Override
            public ContextImage imported(RelocationState state, long now) {
                return change.apply(SPEC.imported(state, now));
            }
        };
    }

    /** The spec's export followed by {@code change}, and the spec's import: a relocator that loses something on the way out. */
    static Relocator exporting(UnaryOperator<RelocationState> change) {
        Objects.requireNonNull(change, "change");
        return new Relocator() {
            @Override
            public RelocationState exported(ContextImage context, long now) {
                return change.apply(SPEC.exported(context, now));
            }

            @Override
            public ContextImage imported(RelocationState state, long now) {
                return SPEC.imported(state, now);
            }
        };
    }
}
