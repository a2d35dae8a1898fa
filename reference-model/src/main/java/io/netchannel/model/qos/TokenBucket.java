package io.netchannel.model.qos;

import io.netchannel.api.TxRate;
import java.util.Objects;

/**
 * A context's token bucket (spec 09, QOS-3), exact integers throughout. The level is credit in
 * byte·ns units: credit in bytes × {@code periodNanos}, so that accrual at {@code bytes} per
 * period is {@code bytes} per nanosecond and no fraction of a byte is ever rounded away.
 *
 * <p>Every value for a valid limit fits a {@code long}: the capacity {@code burst·period} is at most
 * (2^31 − 1)(2^32 − 1) &lt; 2^63, and accrual never forms a product that could pass it (the guarded
 * form of {@link #accruedTo(long)}).
 *
 * @param rate the limit, valid and not {@link TxRate#UNLIMITED} (QOS-2)
 * @param level the credit × {@code periodNanos}; the spec keeps it in {@code [0, capacity()]}. Any
 *     value from {@code −capacity()} up is accepted so that a deliberately broken limiter (a
 *     conformance mutant) can be expressed: credit past the cap, or a level gone negative.
 * @param at the device time in ns the level was last brought up to date, not negative
 */
public record TokenBucket(TxRate rate, long level, long at) {

    /** Checks the limit, the level's domain and the time. */
    public TokenBucket {
        Objects.requireNonNull(rate, "rate");
        if (rate.unlimited() || !rate.valid()) {
            throw new IllegalArgumentException("a bucket needs a valid limit (QOS-2): rate=" + rate);
        }
        if (level < -capacityOf(rate)) {
            throw new IllegalArgumentException("level below −burst·period: level=" + level + " rate=" + rate);
        }
        if (at < 0) {
            throw new IllegalArgumentException("time starts at 0: at=" + at);
        }
    }

    /** A full bucket at {@code now} (QOS-3; RFC 2697: "initially the token buckets are full"). */
    public static TokenBucket full(TxRate rate, long now) {
        return new TokenBucket(rate, capacityOf(rate), now);
    }

    /** The cap on the level: {@code burst·period}, below 2^63 for every valid limit. */
    public long capacity() {
        return capacityOf(rate);
    }

    private static long capacityOf(TxRate rate) {
        return rate.burstBytes() * rate.periodNanos();
    }

    /**
     * QOS-3: the bucket brought up to {@code t}: {@code level := min(level + (t − at)·bytes,
     * capacity)}, {@code at := t}.
     *
     * @throws IllegalArgumentException when {@code t} is before {@link #at()}
     */
    public TokenBucket accruedTo(long t) {
        if (t < at) {
            throw new IllegalArgumentException("time never goes backwards: t=" + t + " at=" + at);
        }
        long cap = capacity();
        if (level >= cap) {
            return new TokenBucket(rate, cap, t); // the min with the cap; only a broken limiter is ever above it
        }
        long elapsed = t - at;
        // QOS-3, guarded: once elapsed reaches ceil((cap − level)/bytes) the result is the cap, and
        // no product is formed; cap − level ≤ 2·cap < 2^64, so it is exact as an unsigned value
        if (Long.compareUnsigned(elapsed, ceilDivUnsigned(cap - level, rate.bytes())) >= 0) {
            return new TokenBucket(rate, cap, t);
        }
        // below the cap, elapsed·bytes < cap − level, so the sum is exact (and for a negative level
        // whose gain passes 2^63, the wrapping sum is still the exact value, which fits)
        return new TokenBucket(rate, level + elapsed * rate.bytes(), t);
    }

    /**
     * QOS-3: whether a packet of {@code charge} bytes conforms now: {@code level ≥ charge·period}.
     * Call it on the bucket accrued to the moment of the decision.
     *
     * @param charge 0 to {@link TxRate#MAX_BURST} bytes (the device charges a request's 16-bit size)
     */
    public boolean conforms(long charge) {
        return level >= cost(charge);
    }

    /** QOS-4: the bucket after charging {@code charge} bytes, taken before the frame leaves. */
    public TokenBucket charged(long charge) {
        return new TokenBucket(rate, level - cost(charge), at);
    }

    /**
     * QOS-5: the earliest time at which a packet of {@code charge} bytes conforms, for a bucket
     * accrued to the stop time: {@code at + ceil((charge·period − level)/bytes)}, or {@link #at()}
     * when it conforms already. Later than {@link #at()} whenever it does not conform. Saturates at
     * {@link Long#MAX_VALUE}, a time never reached.
     */
    public long dueFor(long charge) {
        if (level >= cost(charge)) {
            return at;
        }
        long missing = cost(charge) - level; // ≤ charge·period + capacity < 2^64: exact as unsigned
        long wait = ceilDivUnsigned(missing, rate.bytes());
        if (Long.compareUnsigned(wait, Long.MAX_VALUE - at) > 0) {
            return Long.MAX_VALUE;
        }
        return at + wait;
    }

    /**
     * QOS-8: the bucket after the host changes the limit to {@code next} at {@code now}. The same
     * limit leaves the bucket untouched; another limit carries the credit accrued to {@code now}
     * in whole bytes, capped at the new burst: {@code min(floor(level/period), burst')·period'}.
     * (Unlimited → limited starts {@link #full}; limited → unlimited has no bucket: the caller's.)
     *
     * @param next a valid limit, not unlimited
     */
    public TokenBucket retunedTo(TxRate next, long now) {
        if (next.equals(rate)) {
            return this; // QOS-8: not even accrued, so no fraction of a byte is lost
        }
        long credit = Math.floorDiv(accruedTo(now).level, rate.periodNanos());
        // the lower clamp matters only for a broken limiter's negative level
        long carried = Math.max(-next.burstBytes(), Math.min(credit, next.burstBytes()));
        return new TokenBucket(next, carried * next.periodNanos(), now);
    }

    private long cost(long charge) {
        if (charge < 0 || charge > TxRate.MAX_BURST) {
            throw new IllegalArgumentException("a charge is 0.." + TxRate.MAX_BURST + " bytes: charge=" + charge);
        }
        return charge * rate.periodNanos(); // < 2^63
    }

    /** {@code ceil(dividend / divisor)}, the dividend read as unsigned, the divisor positive. */
    private static long ceilDivUnsigned(long dividend, long divisor) {
        long quotient = Long.divideUnsigned(dividend, divisor);
        return Long.remainderUnsigned(dividend, divisor) == 0 ? quotient : quotient + 1;
    }
}
