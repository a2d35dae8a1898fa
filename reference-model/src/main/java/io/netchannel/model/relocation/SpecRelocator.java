package io.netchannel.model.relocation;

import io.netchannel.api.Counter;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.RelocationState.Ring;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.privilege.ConfigRules;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.ring.BackRing;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link Relocator#SPEC}: section 3.3 on the way out, RELOC-7 on the way in. */
final class SpecRelocator implements Relocator {

    @Override
    public RelocationState exported(ContextImage context, long now) {
        // RELOC-2: at a quiescent point every consumed request is answered and published, so the
        // published rsp_prod is the ring's position (and what the shared header shows)
        Ring tx = new Ring(Ring.NETIF_SLOTS, context.tx().published());
        Ring rx = new Ring(Ring.NETIF_SLOTS, context.rx().published());
        Optional<Credit> credit = context.bucket().map(bucket -> {
            // RELOC-2, RELOC-4: the level accrued to now, the wait as what is left of it
            long level = bucket.accruedTo(now).level();
            OptionalLong resume = context.txDue().isPresent() ? OptionalLong.of(context.txDue().getAsLong() - now) : OptionalLong.empty();
            return new Credit(level, resume);
        });
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, context.counters().getOrDefault(counter, 0L)); // RELOC-2: every one, 0s too
        }
        RelocationState.Runtime runtime = new RelocationState.Runtime(context.state(), tx, rx, credit,
                completions(context.txCompletions(), now), completions(context.rxCompletions(), now), counters, context.filterHits());
        return new RelocationState(context.host(), context.guest(), runtime);
    }

    /** RELOC-4: the age of the first pending completion instead of its time; 0 when none is pending. */
    private static Completions completions(CoalescingState state, long now) {
        return new Completions(state.decided(), state.pending(), state.pending() == 0 ? 0 : now - state.first());
    }

    @Override
    public ContextImage imported(RelocationState state, long now) {
        RelocationState.Runtime runtime = state.runtime();
        // RELOC-7: req_cons = rsp_prod_pvt = published rsp_prod = the document's rspProd
        BackRing tx = BackRing.attachedAt(runtime.tx().rspProd());
        BackRing rx = BackRing.attachedAt(runtime.rx().rspProd());
        // RELOC-7: the level as of now, and a waiting walk resumes resumeInNanos from now
        Optional<TokenBucket> bucket = runtime.credit().map(credit -> new TokenBucket(state.host().txRate(), credit.level(), now));
        OptionalLong due = OptionalLong.empty();
        if (runtime.credit().isPresent() && runtime.credit().get().waiting()) {
            long resume = runtime.credit().get().resumeInNanos().getAsLong();
            due = OptionalLong.of(resume > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + resume); // never reached when saturated
        }
        // RELOC-6: the guest section as a SetGuestConfig leaves it, duplicate groups collapsed
        return new ContextImage(state.host(), state.guest().withMulticast(ConfigRules.distinct(state.guest().multicast())),
                runtime.state(), tx, rx, bucket, due, coalescing(runtime.txCompletions(), now), coalescing(runtime.rxCompletions(), now),
                runtime.counters(), runtime.filterHits());
    }

    /** RELOC-7: D and pending as carried, first = now − age (so the deadline is now − age + maxDelay). */
    private static CoalescingState coalescing(Completions completions, long now) {
        long first = completions.pending() == 0 ? 0 : now - completions.ageNanos(); // 0: the model's "nothing pending"
        return new CoalescingState(completions.decided(), completions.pending(), first);
    }

    @Override
    public String toString() {
        return "Relocator.SPEC";
    }
}
