package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.TxRate;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The token bucket's integer arithmetic (QOS-3): exact against BigInteger, no overflow at the extremes. */
class RateMeterTest {

    private static long exactAccrue(long level, long elapsed, long bytes, long full) {
        BigInteger sum = BigInteger.valueOf(level).add(BigInteger.valueOf(elapsed).multiply(BigInteger.valueOf(bytes)));
        return sum.min(BigInteger.valueOf(full)).longValueExact();
    }

    @Test
    void required_QOS3_accrualIsExactAndNeverOverflowsAtTheExtremes() {
        long bytes = TxRate.MAX_BYTES;
        long full = TxRate.MAX_BURST * TxRate.MAX_PERIOD_NANOS;
        assertThat(full).isPositive();
        long[] levels = {0, 1, full / 2, full - 1, full};
        long[] elapsed = {0, 1, 2, full / bytes - 1, full / bytes, full / bytes + 1, 1L << 32, 1L << 40, Long.MAX_VALUE / 2,
            Long.MAX_VALUE};
        for (long level : levels) {
            for (long e : elapsed) {
                assertThat(RateMeter.accrue(level, e, bytes, full)).as("level=%d elapsed=%d", level, e)
                        .isEqualTo(exactAccrue(level, e, bytes, full));
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long b = 1 + random.nextInt(Integer.MAX_VALUE);
            long period = 1 + (random.nextLong() & 0xFFFF_FFFFL) % TxRate.MAX_PERIOD_NANOS;
            long burst = TxRate.MIN_BURST + random.nextInt((int) (TxRate.MAX_BURST - TxRate.MIN_BURST));
            long f = burst * period;
            long level = (random.nextLong() & Long.MAX_VALUE) % (f + 1);
            long e = random.nextInt(4) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1 << 20);
            assertThat(RateMeter.accrue(level, e, b, f)).isEqualTo(exactAccrue(level, e, b, f));
        }
    }

    @Test
    void required_QOS5_theDueTimeIsTheFirstNanosecondTheChargeConforms() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long bytes = 1 + random.nextInt(100_000);
            long period = 1 + random.nextInt(1_000_000);
            long burst = TxRate.MIN_BURST + random.nextInt(100_000);
            int first = 14 + random.nextInt(0xFFFF - 13);
            int second = 14 + random.nextInt(0xFFFF - 13);
            long start = random.nextInt(1 << 30);
            RateMeter meter = emptied(bytes, period, burst, start, first);
            long due = meter.due(0, first);
            assertThat(due).isGreaterThan(start);
            assertThat(emptied(bytes, period, burst, start, first).take(0, due - 1, first)).isFalse();
            assertThat(meter.take(0, due, first)).isTrue();
            // Accrual is compositional: bringing the level up to date in between changes nothing.
            RateMeter stepped = emptied(bytes, period, burst, start, first);
            assertThat(stepped.take(0, due, first)).isTrue();
            long later = due + random.nextInt(1 << 20);
            assertThat(stepped.take(0, due + (later - due) / 2, 0)).isTrue();
            assertThat(stepped.take(0, later, second)).isEqualTo(meter.take(0, later, second));
            assertThat(stepped.level(0)).isEqualTo(meter.level(0));
        }
    }

    /** A full bucket at {@code start} from which packets of {@code size} are taken until one is refused. */
    private static RateMeter emptied(long bytes, long period, long burst, long start, int size) {
        RateMeter meter = new RateMeter(1);
        meter.limit(0, bytes, period, burst, start);
        int taken = 0;
        while (meter.take(0, start, size)) {
            taken++;
        }
        assertThat(taken).as("a full bucket holds at least one packet (QOS-5)").isPositive();
        return meter;
    }

    @Test
    void required_QOS8_aChangeCarriesWholeBytesCappedAtTheNewBurst() {
        RateMeter meter = new RateMeter(1);
        meter.limit(0, 3, 7, 100_000, 0);
        assertThat(meter.take(0, 0, 99_990)).isTrue(); // 10 bytes left: 70 byte·ns
        meter.change(0, 1, 2, TxRate.MIN_BURST, 5); // + 5 ns * 3 = 85 byte·ns: 12 whole bytes
        assertThat(meter.level(0)).isEqualTo(12 * 2);
        assertThat(meter.at(0)).isEqualTo(5);
        meter.change(0, 1, 1, 200_000, 1_000_000_000L);
        assertThat(meter.level(0)).as("was full at 65535 bytes, carried whole").isEqualTo(TxRate.MIN_BURST);
        meter.change(0, 1, 4, TxRate.MIN_BURST, 2_000_000_000L);
        assertThat(meter.level(0)).as("capped at the new burst").isEqualTo(TxRate.MIN_BURST * 4);
    }
}
