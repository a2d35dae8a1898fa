package io.netchannel.model.qos;

import io.netchannel.api.TxRate;
import java.util.Optional;

/** {@link RateLimiter#SPEC}: the token bucket of chapter 09. */
final class SpecRateLimiter implements RateLimiter {

    @Override
    public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
        if (rate.unlimited()) {
            return Optional.empty(); // QOS-8: limited → unlimited has no bucket
        }
        if (current.isEmpty()) {
            return Optional.of(TokenBucket.full(rate, now)); // QOS-3, QOS-8: a new limit starts full
        }
        return Optional.of(current.get().retunedTo(rate, now)); // QOS-8
    }

    @Override
    public Admission admit(TokenBucket bucket, long charge, long now) {
        TokenBucket accrued = bucket.accruedTo(now); // QOS-3
        if (accrued.conforms(charge)) {
            return new Admission.Send(accrued.charged(charge)); // QOS-4: charged before it leaves
        }
        return new Admission.Hold(accrued, accrued.dueFor(charge)); // QOS-5: held, never dropped
    }

    @Override
    public String toString() {
        return "RateLimiter.SPEC";
    }
}
