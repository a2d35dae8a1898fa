package io.netchannel.model.qos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.TxRate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The token bucket of chapter 09 against its laws, checked in exact arithmetic ({@link BigInteger}
 * where a product could pass 2^63): the window law, accrual, the due time, the retune rule, and no
 * overflow at the extreme limits.
 */
class TokenBucketTest {

    /** 1000 bytes per ms (one byte per µs), the smallest burst. */
    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    private static final TxRate EXTREME = new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MAX_BURST);

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /** min(level + (t − at)·bytes, burst·period), exactly. */
    private static BigInteger accrued(TokenBucket bucket, long t) {
        BigInteger cap = big(bucket.rate().burstBytes()).multiply(big(bucket.rate().periodNanos()));
        return big(bucket.level()).add(big(t).subtract(big(bucket.at())).multiply(big(bucket.rate().bytes()))).min(cap);
    }

    @Provide
    Arbitrary<TxRate> anyRate() {
        return Combinators.combine(
                Arbitraries.longs().between(1, TxRate.MAX_BYTES),
                Arbitraries.longs().between(1, TxRate.MAX_PERIOD_NANOS),
                Arbitraries.longs().between(TxRate.MIN_BURST, TxRate.MAX_BURST)).as(TxRate::new);
    }

    /** Rates under which 14..65535-byte packets a few µs apart do wait. */
    @Provide
    Arbitrary<TxRate> slowRate() {
        return Combinators.combine(
                Arbitraries.longs().between(1, 10_000),
                Arbitraries.longs().between(1, 10_000_000),
                Arbitraries.longs().between(TxRate.MIN_BURST, 300_000)).as(TxRate::new);
    }

    /** A bucket of {@code rate} with any level in [0, capacity] at any time up to 2^61. */
    private static Arbitrary<TokenBucket> bucketOf(TxRate rate) {
        long cap = rate.burstBytes() * rate.periodNanos();
        return Combinators.combine(Arbitraries.longs().between(0, cap), Arbitraries.longs().between(0, 1L << 61))
                .as((level, at) -> new TokenBucket(rate, level, at));
    }

    @Provide
    Arbitrary<TokenBucket> anyBucket() {
        return anyRate().flatMap(TokenBucketTest::bucketOf);
    }

    // ------------------------------------------------------------------ QOS-3: start full, accrue with the cap

    @Test
    void required_QOS3_aNewBucketIsFull() {
        TokenBucket bucket = TokenBucket.full(RATE, 7);

        assertThat(bucket.level()).isEqualTo(65_535L * 1_000_000);
        assertThat(bucket.at()).isEqualTo(7);
        assertThat(bucket.conforms(65_535)).isTrue();
        assertThat(bucket.charged(65_535).conforms(1)).isFalse();
    }

    @Property
    void required_QOS3_accrualIsExactAndCapped(@ForAll("anyBucket") TokenBucket bucket, @ForAll @LongRange(min = 0, max = 1L << 62) long elapsed) {
        TokenBucket later = bucket.accruedTo(bucket.at() + elapsed);

        assertThat(big(later.level())).isEqualTo(accrued(bucket, bucket.at() + elapsed));
        assertThat(later.at()).isEqualTo(bucket.at() + elapsed);
    }

    @Property
    void required_QOS3_accrualIsAdditive(@ForAll("anyBucket") TokenBucket bucket, @ForAll @LongRange(min = 0, max = 1L << 60) long first,
            @ForAll @LongRange(min = 0, max = 1L << 60) long second) {
        long t1 = bucket.at() + first;
        long t2 = t1 + second;

        assertThat(bucket.accruedTo(t1).accruedTo(t2)).isEqualTo(bucket.accruedTo(t2));
    }

    @Test
    void required_QOS3_accrualBelowTheCapAddsBytesPerNanosecond() {
        TokenBucket empty = new TokenBucket(RATE, 0, 1_000);

        assertThat(empty.accruedTo(1_000).level()).isZero();
        assertThat(empty.accruedTo(1_001).level()).as("a thousandth of a byte, kept exactly").isEqualTo(1_000);
        assertThat(empty.accruedTo(1_000 + 65_534_999).level()).isEqualTo(65_534_999_000L);
        assertThat(empty.accruedTo(1_000 + 65_535_000).level()).isEqualTo(65_535_000_000L);
        assertThat(empty.accruedTo(Long.MAX_VALUE).level()).isEqualTo(65_535_000_000L);
    }

    @Test
    void required_QOS3_timeNeverGoesBackwards() {
        assertThatThrownBy(() -> new TokenBucket(RATE, 0, 10).accruedTo(9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void required_QOS2_aBucketNeedsAValidLimit() {
        assertThatThrownBy(() -> TokenBucket.full(TxRate.UNLIMITED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenBucket.full(new TxRate(1, 1, 100), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void required_QOS3_noOverflowAtTheExtremeValidLimits() {
        BigInteger cap = big(TxRate.MAX_BURST).multiply(big(TxRate.MAX_PERIOD_NANOS));
        TokenBucket full = TokenBucket.full(EXTREME, 0);
        assertThat(big(full.capacity())).isEqualTo(cap);
        assertThat(cap.bitLength()).as("burst·period < 2^63").isLessThan(64);

        TokenBucket empty = new TokenBucket(EXTREME, 0, 0);
        long needed = cap.add(big(TxRate.MAX_BYTES - 1)).divide(big(TxRate.MAX_BYTES)).longValueExact();
        assertThat(big(empty.accruedTo(needed - 1).level())).isEqualTo(big(needed - 1).multiply(big(TxRate.MAX_BYTES)));
        assertThat(empty.accruedTo(needed).level()).isEqualTo(full.capacity());
        assertThat(empty.accruedTo(Long.MAX_VALUE).level()).isEqualTo(full.capacity());
        assertThat(empty.accruedTo(Long.MAX_VALUE).accruedTo(Long.MAX_VALUE).level()).isEqualTo(full.capacity());

        TokenBucket spent = full.charged(0xFFFF);
        assertThat(big(spent.level())).isEqualTo(cap.subtract(big(0xFFFF).multiply(big(TxRate.MAX_PERIOD_NANOS))));
        assertThat(empty.dueFor(0xFFFF)).isEqualTo(big(0xFFFF).multiply(big(TxRate.MAX_PERIOD_NANOS))
                .add(big(TxRate.MAX_BYTES - 1)).divide(big(TxRate.MAX_BYTES)).longValueExact());
        assertThat(new TokenBucket(EXTREME, 0, Long.MAX_VALUE - 1).dueFor(0xFFFF)).as("saturates, never wraps").isEqualTo(Long.MAX_VALUE);
    }

    // ------------------------------------------------------------------ QOS-4, QOS-5: conform, charge, due

    @Property
    void required_QOS5_theDueTimeIsTheEarliestTimeThePacketConforms(@ForAll("anyBucket") TokenBucket bucket,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int charge) {
        long due = bucket.dueFor(charge);
        BigInteger cost = big(charge).multiply(big(bucket.rate().periodNanos()));

        if (big(bucket.level()).compareTo(cost) >= 0) {
            assertThat(due).isEqualTo(bucket.at());
            assertThat(bucket.conforms(charge)).isTrue();
            return;
        }
        assertThat(bucket.conforms(charge)).isFalse();
        assertThat(due).isGreaterThan(bucket.at());
        assertThat(accrued(bucket, due)).as("conforms at due").isGreaterThanOrEqualTo(cost);
        assertThat(accrued(bucket, due - 1)).as("not at due − 1").isLessThan(cost);
        if (due < Long.MAX_VALUE) {
            assertThat(bucket.accruedTo(due).conforms(charge)).isTrue();
            assertThat(bucket.accruedTo(due - 1).conforms(charge)).isFalse();
        }
    }

    @Test
    void required_QOS5_xensSixtyFourKibPacketWaitsForTheExactComputedTime() {
        // rate = "20000,20000": 20000 bytes every 20 ms = one byte per µs, burst 128 KiB
        TxRate xen = TxRate.xen(20_000, 20_000);
        assertThat(xen).isEqualTo(new TxRate(20_000, 20_000_000, 131_072));
        TokenBucket bucket = TokenBucket.full(xen, 0).charged(65_535).charged(65_535); // 2 bytes left

        assertThat(bucket.conforms(65_535)).isFalse();
        long due = bucket.dueFor(65_535);

        assertThat(due).as("65533 missing bytes at one per µs").isEqualTo(65_533_000);
        assertThat(bucket.accruedTo(due - 1).level()).as("spec 09, 4.1").isEqualTo(1_310_699_980_000L);
        assertThat(bucket.accruedTo(due).conforms(65_535)).isTrue();
        assertThat(bucket.accruedTo(due).charged(65_535).level()).isZero();
        Admission admission = RateLimiter.SPEC.admit(bucket, 65_535, 1_000);
        assertThat(admission).isEqualTo(new Admission.Hold(bucket.accruedTo(1_000), 65_533_000));
        assertThat(RateLimiter.SPEC.admit(admission.bucket(), 65_535, due)).isInstanceOf(Admission.Send.class);
    }

    @Test
    void required_QOS3_aSubMillisecondPeriodIsKeptNotTruncated() {
        // spec 09, 4.2: 1500 bytes every 500 µs; after the burst, one 1500-byte packet per period
        TxRate rate = new TxRate(1500, 500_000, 65_535);
        TokenBucket bucket = TokenBucket.full(rate, 0).charged(65_535);
        long t = 0;
        for (int packet = 1; packet <= 5; packet++) {
            long due = bucket.dueFor(1500);
            assertThat(due).isEqualTo(t + 500_000);
            bucket = bucket.accruedTo(due).charged(1500);
            t = due;
        }
        assertThat(bucket.level()).isZero();
    }

    /** One packet's fate under the spec's limiter: when it left. */
    private record Sent(long time, int charge) {
    }

    /**
     * The device's FIFO: each packet is tried when it arrives or when the one before it left,
     * whichever is later; a held packet is tried again at its due time and must then leave.
     */
    private static List<Sent> run(TxRate rate, List<long[]> arrivals) {
        Optional<TokenBucket> bucket = RateLimiter.SPEC.configure(Optional.empty(), rate, 0);
        List<Sent> sent = new ArrayList<>();
        long arrival = 0;
        long previous = 0;
        for (long[] packet : arrivals) {
            arrival += packet[0];
            int charge = (int) packet[1];
            long t = Math.max(arrival, previous);
            Admission admission = RateLimiter.SPEC.admit(bucket.get(), charge, t);
            if (admission instanceof Admission.Hold hold) {
                assertThat(hold.due()).isGreaterThan(t);
                assertThat(RateLimiter.SPEC.admit(hold.bucket(), charge, hold.due() - 1)).as("QOS-5: not before due")
                        .isInstanceOf(Admission.Hold.class);
                t = hold.due();
                admission = RateLimiter.SPEC.admit(hold.bucket(), charge, t);
            }
            assertThat(admission).as("QOS-5: at its due time the packet leaves").isInstanceOf(Admission.Send.class);
            bucket = Optional.of(admission.bucket());
            sent.add(new Sent(t, charge));
            previous = t;
        }
        return sent;
    }

    /**
     * QOS-3's window law for every window whose ends are send times (enough: widening a window
     * without taking in a send only loosens it): the charges of sends in [a, b] total at most
     * burst + bytes·(b − a)/period, compared as charges·period ≤ burst·period + bytes·(b − a).
     */
    private static boolean windowLawHolds(TxRate rate, List<Sent> sent) {
        for (int i = 0; i < sent.size(); i++) {
            if (i > 0 && sent.get(i - 1).time() == sent.get(i).time()) {
                continue; // the window from this time starts at the first send of that time
            }
            BigInteger charges = BigInteger.ZERO;
            for (int j = i; j < sent.size(); j++) {
                charges = charges.add(big(sent.get(j).charge()));
                if (j + 1 < sent.size() && sent.get(j + 1).time() == sent.get(j).time()) {
                    continue; // the window to this time ends at its last send
                }
                BigInteger allowed = big(rate.burstBytes()).multiply(big(rate.periodNanos()))
                        .add(big(rate.bytes()).multiply(big(sent.get(j).time() - sent.get(i).time())));
                if (charges.multiply(big(rate.periodNanos())).compareTo(allowed) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Provide
    Arbitrary<List<long[]>> arrivals() {
        Arbitrary<long[]> packet = Combinators.combine(
                Arbitraries.longs().between(0, 2_000_000),
                Arbitraries.integers().between(14, 0xFFFF)).as((gap, size) -> new long[] {gap, size});
        return packet.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property
    void required_QOS3_theWindowLawHoldsForRandomHistories(@ForAll("slowRate") TxRate rate, @ForAll("arrivals") List<long[]> arrivals) {
        List<Sent> sent = run(rate, arrivals);

        assertThat(sent).hasSize(arrivals.size());
        assertThat(windowLawHolds(rate, sent)).isTrue();
    }

    @Test
    void theWindowLawCheckCatchesCreditPastTheBurst() {
        List<Sent> twoBursts = List.of(new Sent(0, 65_535), new Sent(0, 1));
        List<Sent> tooSoon = List.of(new Sent(0, 65_535), new Sent(999, 1));

        assertThat(windowLawHolds(RATE, twoBursts)).isFalse();
        assertThat(windowLawHolds(RATE, tooSoon)).isFalse();
        assertThat(windowLawHolds(RATE, List.of(new Sent(0, 65_535), new Sent(1_000, 1)))).isTrue();
    }

    @Property
    void required_QOS5_theSpecNeverDropsAndSendsAtOnceWhatConforms(@ForAll("anyBucket") TokenBucket bucket,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int charge, @ForAll @LongRange(min = 0, max = 1L << 40) long later) {
        long now = bucket.at() + later;
        Admission admission = RateLimiter.SPEC.admit(bucket, charge, now);

        assertThat(admission).isNotInstanceOf(Admission.Drop.class);
        if (bucket.accruedTo(now).conforms(charge)) {
            assertThat(admission).isEqualTo(new Admission.Send(bucket.accruedTo(now).charged(charge)));
        } else {
            assertThat(admission).isEqualTo(new Admission.Hold(bucket.accruedTo(now), bucket.accruedTo(now).dueFor(charge)));
        }
    }

    // ------------------------------------------------------------------ QOS-8: changing the limit

    @Test
    void required_QOS8_theSameLimitLeavesTheBucketUntouched() {
        TokenBucket bucket = new TokenBucket(RATE, 1_535_000_000L, 0);

        assertThat(bucket.retunedTo(RATE, 1_000_500)).isSameAs(bucket);
        assertThat(RateLimiter.SPEC.configure(Optional.of(bucket), RATE, 1_000_500)).containsSame(bucket);
    }

    @Test
    void required_QOS8_anotherLimitCarriesTheAccruedCreditInWholeBytes() {
        TokenBucket bucket = new TokenBucket(RATE, 1_535_000_000L, 0); // 1535 bytes at 0
        TxRate faster = new TxRate(1000, 100_000, 65_535);

        TokenBucket retuned = bucket.retunedTo(faster, 1_000_500); // 2535.5 bytes accrued

        assertThat(retuned).isEqualTo(new TokenBucket(faster, 2535L * 100_000, 1_000_500));
    }

    @Test
    void required_QOS8_theCarriedCreditIsCappedAtTheNewBurst() {
        TxRate large = new TxRate(1000, 1_000_000, 200_000);
        TxRate small = new TxRate(7, 3, 65_535);

        assertThat(TokenBucket.full(large, 0).retunedTo(small, 10)).isEqualTo(new TokenBucket(small, 65_535L * 3, 10));
        assertThat(TokenBucket.full(small, 0).retunedTo(large, 10)).as("never more than was there")
                .isEqualTo(new TokenBucket(large, 65_535L * 1_000_000, 10));
    }

    @Property
    void required_QOS8_retuningNeverCreatesCredit(@ForAll("anyBucket") TokenBucket bucket, @ForAll("anyRate") TxRate next,
            @ForAll @LongRange(min = 0, max = 1L << 40) long later) {
        long now = bucket.at() + later;
        TokenBucket retuned = bucket.retunedTo(next, now);
        if (next.equals(bucket.rate())) {
            assertThat(retuned).isSameAs(bucket);
            return;
        }
        BigInteger carried = big(retuned.level());
        BigInteger period = big(next.periodNanos());

        assertThat(carried.mod(period)).as("whole bytes").isZero();
        assertThat(carried.divide(period)).isLessThanOrEqualTo(big(next.burstBytes()));
        assertThat(carried.divide(period).multiply(big(bucket.rate().periodNanos())))
                .as("no more credit than accrued").isLessThanOrEqualTo(accrued(bucket, now));
        assertThat(carried.divide(period)).isEqualTo(accrued(bucket, now).divide(big(bucket.rate().periodNanos())).min(big(next.burstBytes())));
        assertThat(retuned.at()).isEqualTo(now);
    }

    @Test
    void required_QOS8_theSpecLimiterStartsFullDropsTheBucketWhenUnlimitedAndRetunesOtherwise() {
        assertThat(RateLimiter.SPEC.configure(Optional.empty(), TxRate.UNLIMITED, 5)).isEmpty();
        assertThat(RateLimiter.SPEC.configure(Optional.empty(), RATE, 5)).contains(TokenBucket.full(RATE, 5));
        TokenBucket bucket = new TokenBucket(RATE, 0, 0);
        assertThat(RateLimiter.SPEC.configure(Optional.of(bucket), TxRate.UNLIMITED, 5)).isEmpty();
        TxRate other = new TxRate(1, 1, 65_535);
        assertThat(RateLimiter.SPEC.configure(Optional.of(bucket), other, 5)).contains(bucket.retunedTo(other, 5));
    }
}
