package io.netchannel.conformance.mutants;

import io.netchannel.api.TxRate;
import io.netchannel.model.qos.Admission;
import io.netchannel.model.qos.RateLimiter;
import io.netchannel.model.qos.TokenBucket;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Broken readings of chapter 09: the reference model with its {@link RateLimiter} replaced
 * through {@code Decisions.withRateLimiter}; everything else — holding, waiting, resuming,
 * counting — is the model's. {@link QosMutantsTest} names the property and rule that catch each.
 */
final class QosMutants {

    private QosMutants() {
    }

    /** A limiter that keeps the spec's configure and replaces admit. */
    private interface Admit {
        Admission admit(TokenBucket bucket, long charge, long now);
    }

    private static RateLimiter limiter(Admit admit) {
        return new RateLimiter() {
            @Override
            public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
                return RateLimiter.SPEC.configure(current, rate, now);
            }

            @Override
            public Admission admit(TokenBucket bucket, long charge, long now) {
                return admit.admit(bucket, charge, now);
            }
        };
    }

    /** QOS-3: accrual without the min, so an idle context saves credit past its burst. */
    static final Mutant CREDIT_PAST_CAP = Mutant.decisions("credit-grows-past-the-cap", spec -> spec.withRateLimiter(limiter((bucket, charge, now) -> {
        BigInteger level = BigInteger.valueOf(bucket.level())
                .add(BigInteger.valueOf(now - bucket.at()).multiply(BigInteger.valueOf(bucket.rate().bytes())));
        TokenBucket accrued = new TokenBucket(bucket.rate(), level.min(BigInteger.valueOf(Long.MAX_VALUE / 2)).longValueExact(), now);
        return accrued.conforms(charge) ? new Admission.Send(accrued.charged(charge)) : new Admission.Hold(accrued, accrued.dueFor(charge));
    })));

    /** QOS-4: a packet leaves whenever some credit is left and pays afterwards, taking the level below zero (Xen's chunk check read loosely). */
    static final Mutant CHARGES_AFTER_SENDING = Mutant.decisions("charges-after-sending", spec -> spec.withRateLimiter(limiter((bucket, charge, now) -> {
        TokenBucket accrued = bucket.accruedTo(now);
        if (accrued.level() > 0) {
            return new Admission.Send(accrued.charged(charge));
        }
        long wait = -accrued.level() / accrued.rate().bytes() + 1; // the first instant the level is positive again
        return new Admission.Hold(accrued, accrued.at() + wait);
    })));

    /** QOS-5: a packet that does not conform is answered DROPPED instead of held. */
    static final Mutant DROPS_RATE_LIMITED = Mutant.decisions("drops-rate-limited-packets", spec -> spec.withRateLimiter(limiter((bucket, charge, now) -> {
        TokenBucket accrued = bucket.accruedTo(now);
        return accrued.conforms(charge) ? new Admission.Send(accrued.charged(charge)) : new Admission.Drop(accrued);
    })));

    /** QOS-6: a held packet's due time one nanosecond late (a rounding slip in ceil((s·period − L)/bytes)). */
    static final Mutant DUE_ONE_LATE = Mutant.decisions("due-one-nanosecond-late", spec -> spec.withRateLimiter(limiter((bucket, charge, now) -> {
        Admission admission = RateLimiter.SPEC.admit(bucket, charge, now);
        return admission instanceof Admission.Hold hold ? new Admission.Hold(hold.bucket(), hold.due() + 1) : admission;
    })));

    /** QOS-8: a changed limit starts a full bucket instead of carrying the credit in whole bytes. */
    static final Mutant RETUNE_REFILLS = Mutant.decisions("retune-refills-the-bucket", spec -> spec.withRateLimiter(new RateLimiter() {
        @Override
        public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
            if (rate.unlimited() || current.isEmpty() || current.get().rate().equals(rate)) {
                return RateLimiter.SPEC.configure(current, rate, now);
            }
            return Optional.of(TokenBucket.full(rate, now));
        }

        @Override
        public Admission admit(TokenBucket bucket, long charge, long now) {
            return RateLimiter.SPEC.admit(bucket, charge, now);
        }
    }));

    /** Every QoS mutant. */
    static List<Mutant> all() {
        return List.of(CREDIT_PAST_CAP, CHARGES_AFTER_SENDING, DROPS_RATE_LIMITED, DUE_ONE_LATE, RETUNE_REFILLS);
    }
}
