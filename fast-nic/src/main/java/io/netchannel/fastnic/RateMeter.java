package io.netchannel.fastnic;

/**
 * The TX token buckets of the fast NIC (spec 09, QOS-3): per context a level in byte·ns units
 * (credit in bytes × periodNanos, so accrual at {@code bytes} per {@code periodNanos} is an exact
 * integer product) and the time it was last brought up to date. Primitive arrays indexed by
 * context id, no allocation after construction, no division on the path of a packet that leaves.
 *
 * <p>{@link FastNic} decides every rate-limited packet with {@link #take}; the class is public so
 * that the benchmarks time exactly the code the NIC runs.
 *
 * <p>Overflow: for a valid limit (bytes &lt; 2^31, period &lt; 2^32, burst &lt; 2^31) the full
 * level {@code burst·period} and every charge {@code size·period} are below 2^63, and accrual
 * multiplies only when the product cannot exceed what is missing to full.
 */
public final class RateMeter {

    /** Longs per context in {@link #state}: one 64-byte line, so a decision touches one line. */
    private static final int STRIDE = 8;
    /** Credit per period in bytes; 0 for a context without a limit. */
    private static final int BYTES = 0;
    private static final int PERIOD = 1;
    private static final int BURST = 2;
    /** {@code burst · period}: the level of a full bucket. */
    private static final int FULL = 3;
    private static final int LEVEL = 4;
    private static final int AT = 5;

    /** Per context, at {@code context * STRIDE}: the fields above. */
    private final long[] state;

    /** Buckets for context ids {@code 0 .. contexts - 1}, none limited. */
    public RateMeter(int contexts) {
        state = new long[contexts * STRIDE];
    }

    /**
     * Gives {@code context} a limit of {@code creditBytes} every {@code periodNanos} with a cap of
     * {@code burstBytes} and a full bucket at {@code now} (RFC 2697: "initially the token buckets
     * are full"). The values must be a valid limit ({@code TxRate.valid()}, not unlimited).
     */
    public void limit(int context, long creditBytes, long periodNanos, long burstBytes, long now) {
        int base = context * STRIDE;
        state[base + BYTES] = creditBytes;
        state[base + PERIOD] = periodNanos;
        state[base + BURST] = burstBytes;
        state[base + FULL] = burstBytes * periodNanos;
        state[base + LEVEL] = burstBytes * periodNanos;
        state[base + AT] = now;
    }

    /**
     * QOS-8: a context that had a limit gets another. Accrues under the old limit to {@code now},
     * carries the credit in whole bytes capped at the new burst, and keeps that at {@code now}.
     */
    public void change(int context, long creditBytes, long periodNanos, long burstBytes, long now) {
        int base = context * STRIDE;
        long old = accrue(state[base + LEVEL], now - state[base + AT], state[base + BYTES], state[base + FULL]);
        long carried = Math.min(old / state[base + PERIOD], burstBytes);
        limit(context, creditBytes, periodNanos, burstBytes, now);
        state[base + LEVEL] = carried * periodNanos;
    }

    /**
     * RELOC-7: gives {@code context} the limit, with {@code level} (byte·ns units, at most
     * {@code burstBytes · periodNanos}) as of {@code now}: an imported bucket.
     */
    public void restore(int context, long creditBytes, long periodNanos, long burstBytes, long level, long now) {
        limit(context, creditBytes, periodNanos, burstBytes, now);
        state[context * STRIDE + LEVEL] = level;
    }

    /**
     * RELOC-2: the level of {@code context} brought up to {@code now} (at or after {@link #at(int)}),
     * without storing it: an export reads the bucket and changes nothing.
     */
    public long levelAt(int context, long now) {
        int base = context * STRIDE;
        return accrue(state[base + LEVEL], now - state[base + AT], state[base + BYTES], state[base + FULL]);
    }

    /** Removes the limit of {@code context}: no bucket (QOS-8, destroy). */
    public void clear(int context) {
        int base = context * STRIDE;
        for (int i = 0; i < STRIDE; i++) {
            state[base + i] = 0;
        }
    }

    /** Whether {@code context} has a limit. */
    public boolean limited(int context) {
        return state[context * STRIDE + BYTES] != 0;
    }

    /** Whether {@code context}'s limit is exactly this one (an unlimited context has all zeros). */
    public boolean hasLimit(int context, long creditBytes, long periodNanos, long burstBytes) {
        int base = context * STRIDE;
        return state[base + BYTES] == creditBytes && state[base + PERIOD] == periodNanos && state[base + BURST] == burstBytes;
    }

    /**
     * QOS-3, QOS-4: brings the bucket of {@code context} up to {@code now}, and when its level covers
     * {@code charge} bytes charges them and answers true (the packet may leave); otherwise answers
     * false and the level, brought up to date, is kept for {@link #due}.
     */
    public boolean take(int context, long now, int charge) {
        final long[] s = state;
        final int base = context * STRIDE;
        long current = accrue(s[base + LEVEL], now - s[base + AT], s[base + BYTES], s[base + FULL]);
        s[base + AT] = now;
        long cost = charge * s[base + PERIOD];
        boolean conforms = current >= cost;
        s[base + LEVEL] = conforms ? current - cost : current;
        return conforms;
    }

    /**
     * QOS-5: after {@link #take} refused {@code charge} bytes, the first time at which they
     * conform: {@code at + ceil((charge·period − level) / bytes)}, always later than the refusal;
     * {@link Long#MAX_VALUE} if that lies beyond the range of the clock.
     */
    public long due(int context, int charge) {
        int base = context * STRIDE;
        long at = state[base + AT];
        long missing = charge * state[base + PERIOD] - state[base + LEVEL];
        long due = at + (missing - 1) / state[base + BYTES] + 1;
        return due < at ? Long.MAX_VALUE : due;
    }

    /** The level of {@code context} in byte·ns units, as of {@link #at(int)}. */
    public long level(int context) {
        return state[context * STRIDE + LEVEL];
    }

    /** The time the level of {@code context} was last brought up to date. */
    public long at(int context) {
        return state[context * STRIDE + AT];
    }

    /**
     * QOS-3 accrual: {@code min(level + elapsed·bytes, full)} exactly, for {@code elapsed ≥ 0},
     * {@code bytes ≥ 1} and {@code 0 ≤ level ≤ full < 2^63}. The product is used only when it fits
     * in 63 bits; when it does not, it exceeds {@code full − level} and the result is {@code full}.
     */
    public static long accrue(long level, long elapsed, long bytes, long full) {
        long product = elapsed * bytes;
        // elapsed < 2^32 and bytes < 2^31 keep the product below 2^63; only a longer gap needs the high half
        if ((elapsed >>> 32) != 0 && (Math.multiplyHigh(elapsed, bytes) != 0 || product < 0)) {
            return full;
        }
        return product >= full - level ? full : level + product;
    }
}
