package io.netchannel.conformance.mutants;

import io.netchannel.api.Queue;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.relocation.Relocator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Broken importers of chapter 12: the reference model with its {@link Relocator} replaced through
 * {@code Decisions.withRelocator} by the spec's one followed by a loss on the way in; the checks,
 * their order, the export and everything else stay the model's. Each export is right, so only what
 * the moved guest observes afterwards (RELOC-8) or the next export (RELOC-9) gives it away.
 * {@link RelocationMutantsTest} names the property and rule that catch each.
 */
final class RelocationMutants {

    private RelocationMutants() {
    }

    /** RELOC-7: the guest's multicast list is not installed; its groups' frames stop reaching it. */
    static final Mutant FORGETS_MULTICAST = Mutant.decisions("import-forgets-multicast", spec -> spec.withRelocator(
            Relocator.importing(image -> image.withGuest(image.guest().withMulticast(List.of())))));

    /** RELOC-7: the TX bucket starts full, as at a create: a guest earns a fresh burst by moving. */
    static final Mutant FULL_BUCKET = Mutant.decisions("import-fills-the-bucket", spec -> spec.withRelocator(
            Relocator.importing(image -> image.withBucket(image.bucket().map(bucket -> TokenBucket.full(bucket.rate(), bucket.at()))))));

    /** RELOC-7: both queues start settled at their rsp_prod, as at an attach: an owed notification never comes. */
    static final Mutant FORGETS_COALESCING = Mutant.decisions("import-forgets-coalescing", spec -> spec.withRelocator(
            Relocator.importing(image -> image.withCompletions(Queue.TX, CoalescingState.attachedAt(image.tx().published()))
                    .withCompletions(Queue.RX, CoalescingState.attachedAt(image.rx().published())))));

    /** RELOC-7: a walk waiting for credit is not resumed: the held packets wait for the next kick. */
    static final Mutant FORGETS_TX_WAIT = Mutant.decisions("import-forgets-the-tx-wait", spec -> spec.withRelocator(
            Relocator.importing(image -> image.withTxDue(OptionalLong.empty()))));

    /** Every relocation mutant. */
    static List<Mutant> all() {
        return List.of(FORGETS_MULTICAST, FULL_BUCKET, FORGETS_COALESCING, FORGETS_TX_WAIT);
    }
}
