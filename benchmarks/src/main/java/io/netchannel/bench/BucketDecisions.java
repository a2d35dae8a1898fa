package io.netchannel.bench;

import io.netchannel.api.TxRate;
import io.netchannel.fastnic.RateMeter;
import io.netchannel.model.qos.TokenBucket;

/**
 * The token-bucket decision of spec 09 (accrue to now, conforms, charge) for a stream of 60-byte
 * packets offered at the 10 GbE line rate of 64-byte frames (one every 67.2 ns) to a context
 * limited to 0.75 bytes per ns (6 Gbit/s): about 84 % of the packets conform, the level hovers
 * near empty, so both answers and the uncapped accrual are exercised. The fast NIC's decision is
 * {@link RateMeter#take}, the very method its TX path calls; the reference model's is
 * {@link TokenBucket#accruedTo}, {@link TokenBucket#conforms} and {@link TokenBucket#charged}, as
 * its rate limiter composes them. A refused packet is offered again with the next one (a held
 * packet's due time is not part of the decision measured here).
 *
 * <p>{@link #verify()} checks the run against the window law (QOS-3) and that both answers were
 * given, so no figure comes from a decision that always says yes or always no.
 */
final class BucketDecisions {

    /** Packets per {@link #burst()}. */
    static final int BURST = 64;
    /** Bytes charged per packet: a 64-byte frame without its FCS. */
    static final int CHARGE = 60;
    /** 0.75 bytes per ns, the smallest burst. */
    static final TxRate RATE = new TxRate(3, 4, TxRate.MIN_BURST);

    private final boolean fast;
    private final RateMeter meter = new RateMeter(1);
    private TokenBucket bucket;
    private long now;
    private long sent;
    private long refused;

    /** Decisions of the fast NIC ({@code "fast"}) or of the reference model ({@code "reference"}). */
    BucketDecisions(String device) {
        switch (device) {
            case "fast" -> fast = true;
            case "reference" -> fast = false;
            default -> throw new IllegalArgumentException("device is fast or reference: device=" + device);
        }
        meter.limit(0, RATE.bytes(), RATE.periodNanos(), RATE.burstBytes(), 0);
        bucket = TokenBucket.full(RATE, 0);
    }

    /**
     * {@value #BURST} decisions, time moving 67 or 68 ns before each (67.2 ns on average).
     *
     * @return packets that conformed, for the benchmark to consume
     */
    int burst() {
        return fast ? fastBurst() : modelBurst();
    }

    private int fastBurst() {
        RateMeter m = meter;
        long t = now;
        int conformed = 0;
        for (int i = 0; i < BURST; i++) {
            t += (i % 5 == 0) ? 68 : 67;
            if (m.take(0, t, CHARGE)) {
                conformed++;
            }
        }
        now = t;
        sent += conformed;
        refused += BURST - conformed;
        return conformed;
    }

    private int modelBurst() {
        TokenBucket b = bucket;
        long t = now;
        int conformed = 0;
        for (int i = 0; i < BURST; i++) {
            t += (i % 5 == 0) ? 68 : 67;
            b = b.accruedTo(t);
            if (b.conforms(CHARGE)) {
                b = b.charged(CHARGE);
                conformed++;
            }
        }
        bucket = b;
        now = t;
        sent += conformed;
        refused += BURST - conformed;
        return conformed;
    }

    /**
     * Checks the window law over the whole run (sent·60·period ≤ burst·period + bytes·elapsed),
     * that the limit was used (at least the rate's share minus a burst went out) and that both
     * answers occurred.
     *
     * @throws IllegalStateException naming what differs
     */
    void verify() {
        long allowed = RATE.burstBytes() * RATE.periodNanos() + RATE.bytes() * now;
        long used = sent * CHARGE * RATE.periodNanos();
        long floor = RATE.bytes() * now - RATE.burstBytes() * RATE.periodNanos() - CHARGE * RATE.periodNanos();
        if (used > allowed || used < floor || sent == 0 || refused == 0) {
            throw new IllegalStateException("token bucket decisions out of bounds: device=" + (fast ? "fast" : "reference")
                    + " sent=" + sent + " refused=" + refused + " now=" + now + " used=" + used + " allowed=" + allowed
                    + " floor=" + floor);
        }
    }
}
