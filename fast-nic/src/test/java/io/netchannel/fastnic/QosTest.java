package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples and laws of chapter 09 (TX QoS) on the fast NIC: the control plane's checks,
 * the token bucket's exact arithmetic, holding a packet on the ring and resuming it at its due
 * time, the order of due times across contexts, limit changes, reset and destroy, fairness.
 */
class QosTest {

    /** 1 byte per ns, the smallest burst: a level in bytes is the ns it took to accrue. */
    private static final TxRate ONE_PER_NS = new TxRate(1, 1, TxRate.MIN_BURST);

    private final Fleet fleet = new Fleet();
    private final Traffic traffic = new Traffic(fleet);

    @BeforeEach
    void recordTimes() {
        fleet.sink.clock = fleet.nic::clock;
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private static String rule(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return ((ControlResult.Rejected) result).rule();
    }

    private static RejectCategory category(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return ((ControlResult.Rejected) result).category();
    }

    private long limited(int context) {
        return fleet.nic.counter(context, Counter.TX_RATE_LIMITED);
    }

    private List<Integer> wireLengths() {
        List<Integer> lengths = new ArrayList<>();
        for (byte[] frame : fleet.sink.frames) {
            lengths.add(frame.length);
        }
        return lengths;
    }

    /** Times of the frames on the wire, in order. */
    private List<Long> wireTimes() {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < fleet.sink.events.size(); i++) {
            if (fleet.sink.events.get(i).startsWith("wire")) {
                times.add(fleet.sink.times.get(i));
            }
        }
        return times;
    }

    private void advance(long nanos) {
        fleet.nic.advanceTo(nanos);
    }

    // ------------------------------------------------------------------ control plane

    @Test
    void required_QOS2_aRateOutOfRangeIsInvalidConfigOnCreateAndUpdate() {
        List<TxRate> invalid = List.of(
                new TxRate(0, 1, TxRate.MIN_BURST), // not all zeros, so not UNLIMITED
                new TxRate(1, 0, TxRate.MIN_BURST),
                new TxRate(1, 1, TxRate.MIN_BURST - 1),
                new TxRate(TxRate.MAX_BYTES + 1, 1, TxRate.MIN_BURST),
                new TxRate(1, TxRate.MAX_PERIOD_NANOS + 1, TxRate.MIN_BURST),
                new TxRate(1, 1, TxRate.MAX_BURST + 1),
                new TxRate(-1, 1, TxRate.MIN_BURST));
        fleet.create(2, Fleet.config(2));
        for (TxRate rate : invalid) {
            ControlResult created = fleet.nic.control(Caller.HOST,
                    new ControlRequest.CreateContext(1, Fleet.config(1).txRate(rate).build()));
            assertThat(category(created)).as("create with %s", rate).isEqualTo(RejectCategory.INVALID_CONFIG);
            assertThat(rule(created)).isEqualTo("QOS-2");
            ControlResult updated = fleet.update(2, Fleet.config(2).txRate(rate));
            assertThat(category(updated)).as("update with %s", rate).isEqualTo(RejectCategory.INVALID_CONFIG);
            assertThat(rule(updated)).isEqualTo("QOS-2");
        }
        assertThat(fleet.nic.state(1)).isEqualTo(ContextState.ABSENT);
        // The extremes are valid: the level burst·period still fits in 63 bits.
        fleet.create(1, Fleet.config(1).txRate(new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MAX_BURST)));
        assertThat(fleet.update(2, Fleet.config(2).txRate(ONE_PER_NS))).isEqualTo(ControlResult.OK);
        assertThat(fleet.update(2, Fleet.config(2).txRate(TxRate.xen(20_000, 20_000)))).isEqualTo(ControlResult.OK);
    }

    @Test
    void required_QOS2_theRateIsCheckedAfterTheRxRules() {
        // Step 4c (too many RX rules) answers before step 4d.
        var config = Fleet.config(1).txRate(new TxRate(0, 1, 1));
        for (int i = 0; i <= FastNicProvider.LIMITS.maxFilterRules(); i++) {
            config.rxRule(io.netchannel.api.FilterRule.allow(io.netchannel.api.FilterMatch.builder().protocol(6).build()));
        }
        ControlResult result = fleet.nic.control(Caller.HOST, new ControlRequest.CreateContext(1, config.build()));
        assertThat(rule(result)).isEqualTo("DEMUX-17");
    }

    // ------------------------------------------------------------------ the bucket

    @Test
    void required_QOS5_xensSixtyFourKiBCaseGoesAtTheExactComputedTimeAndIsNeverDropped() {
        // Xen "rate=20000,20000": 20000 bytes every 20 ms, burst max(128 KiB, 20000) = 131072 bytes.
        fleet.create(1, Fleet.config(1).txRate(TxRate.xen(20_000, 20_000)));
        traffic.queue(1, 65_535);
        traffic.queue(1, 65_535);
        int third = traffic.queue(1, 65_535);
        traffic.kick(1);

        // A full bucket sends two: 131072 - 2 * 65535 = 2 bytes left.
        assertThat(wireLengths()).containsExactly(65_535, 65_535);
        assertThat(limited(1)).isEqualTo(1);
        assertThat(Pages.rspProd(fleet.tx(1))).as("the third is not consumed").isEqualTo(third);
        // 65533 bytes missing at 20000 bytes per 20 000 000 ns: exactly 65 533 000 ns.
        long due = 65_533L * 20_000_000L / 20_000L;
        advance(due - 1);
        assertThat(fleet.sink.frames).hasSize(2);
        advance(due + 1_000_000);
        assertThat(wireLengths()).containsExactly(65_535, 65_535, 65_535);
        assertThat(wireTimes()).containsExactly(0L, 0L, due);
        for (int slot = 0; slot < traffic.next(1); slot++) {
            assertThat(fleet.txStatus(1, slot)).isEqualTo(NetifStatus.OKAY);
        }
        assertThat(Pages.rspProd(fleet.tx(1))).isEqualTo(traffic.next(1));
        assertThat(limited(1)).isEqualTo(1);
        assertThat(fleet.nic.counter(1, Counter.TX_ERRORS)).isZero();
    }

    @Test
    void required_QOS5_aHeldPacketIsNotConsumedTheEarlierOnesArePublishedAndReqEventIsLeftAlone() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        Pages.putU32(fleet.tx(1), SharedRingLayout.REQ_EVENT, 77); // a marker the device must not overwrite
        traffic.queue(1, 60_000);
        int held = traffic.queue(1, 6_000); // 5535 bytes left: held, due at 465
        traffic.queue(1, 100); // behind it: waits too
        int heldAt = Pages.txEntry(held);
        byte[] heldBefore = Arrays.copyOfRange(fleet.tx(1), heldAt, heldAt + 12);
        traffic.kick(1);

        assertThat(wireLengths()).containsExactly(60_000);
        assertThat(Pages.rspProd(fleet.tx(1))).as("QOS-5: earlier responses published").isEqualTo(held);
        assertThat(fleet.sink.notifications).as("RING-8 at the stop").containsExactly("1/TX");
        assertThat(Arrays.copyOfRange(fleet.tx(1), heldAt, heldAt + 12)).as("held: not answered").isEqualTo(heldBefore);
        assertThat(Pages.reqEvent(fleet.tx(1))).as("no req_event write while rate limited").isEqualTo(77);
        assertThat(limited(1)).isEqualTo(1);

        // A kick while waiting walks, finds the head still not conforming and changes nothing.
        advance(100);
        byte[] ring = fleet.tx(1).clone();
        int events = fleet.sink.events.size();
        fleet.nic.kick(1, io.netchannel.api.Queue.TX);
        assertThat(fleet.tx(1)).isEqualTo(ring);
        assertThat(fleet.sink.events).hasSize(events);
        assertThat(limited(1)).as("QOS-7: once per wait").isEqualTo(1);

        advance(464);
        assertThat(fleet.sink.frames).hasSize(1);
        Pages.setRspEvent(fleet.tx(1), held + 1);
        // At 465 the 6000-byte packet leaves with the level at 0; the 100-byte one then waits
        // until 565: the same wait, since no walk emptied the ring. Both are due by 1000.
        advance(1000);
        assertThat(wireLengths()).containsExactly(60_000, 6_000, 100);
        assertThat(wireTimes()).containsExactly(0L, 465L, 565L);
        assertThat(limited(1)).as("QOS-7: one wait until the ring is empty").isEqualTo(1);
        assertThat(fleet.sink.notifications).containsExactly("1/TX", "1/TX");
        assertThat(Pages.rspProd(fleet.tx(1))).isEqualTo(traffic.next(1));
        assertThat(Pages.reqEvent(fleet.tx(1))).as("RING-9 once the ring is empty").isEqualTo(traffic.next(1) + 1);
        assertThat(fleet.sink.events).containsExactly("wire 60000", "1/TX", "wire 6000", "1/TX", "wire 100");
        assertThat(fleet.sink.times.get(3)).as("notified at the publish of 465").isEqualTo(465L);

        // The ring was emptied at 565 (RING-9): the next stop begins a new wait.
        traffic.send(1, 1000);
        assertThat(limited(1)).as("QOS-7: a new wait").isEqualTo(2);
    }

    @Test
    void required_QOS3_errorsDropsAndMulticastControlTakeNoCreditAndNeverWait() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.send(1, 65_535); // the bucket is empty at time 0
        int ungranted = traffic.queue(1, 100);
        Pages.putU32(fleet.tx(1), Pages.txEntry(ungranted) + TxRequestLayout.GREF, 999); // ungranted page: ERROR (DESC-9)
        traffic.kick(1);
        assertThat(fleet.txStatus(1, ungranted)).isEqualTo(NetifStatus.ERROR);

        fleet.update(1, Fleet.config(1).txRate(ONE_PER_NS).txDefault(io.netchannel.api.FilterAction.DROP));
        int dropped = traffic.send(1, 100);
        assertThat(fleet.txStatus(1, dropped)).isEqualTo(NetifStatus.DROPPED);
        assertThat(fleet.nic.counter(1, Counter.TX_DROP_FILTER)).isEqualTo(1);
        assertThat(fleet.nic.filterHits(1, 0)).as("the default decided it once").isEqualTo(1);
        assertThat(limited(1)).isZero();
        assertThat(Pages.rspProd(fleet.tx(1))).isEqualTo(traffic.next(1));

        // The bucket is still empty at 0, and full only 65535 ns later: neither took credit.
        fleet.update(1, Fleet.config(1).txRate(ONE_PER_NS));
        advance(65_534);
        int last = traffic.send(1, 65_535);
        assertThat(limited(1)).isEqualTo(1);
        advance(65_535);
        assertThat(fleet.txStatus(1, last)).isEqualTo(NetifStatus.OKAY);
        assertThat(wireTimes()).containsExactly(0L, 65_535L);
    }

    @Test
    void required_QOS4_theChargeIsTheFirstRequestsSizeWithoutTheAccessTag() {
        fleet.create(1, Fleet.config(1).vlan(new VlanPolicy.Access(100)).txRate(ONE_PER_NS));
        for (int i = 0; i < 65; i++) {
            traffic.queue(1, 1000);
        }
        traffic.queue(1, 535); // exactly what is left if the tags were free
        traffic.queue(1, 14);
        traffic.kick(1);
        assertThat(fleet.sink.frames).hasSize(66);
        assertThat(fleet.nic.counter(1, Counter.TX_BYTES)).as("TXF-4: with the tags").isEqualTo(65 * 1004 + 539);
        assertThat(limited(1)).isEqualTo(1);
        advance(13);
        assertThat(fleet.sink.frames).hasSize(66);
        advance(14);
        assertThat(fleet.sink.frames).hasSize(67);
    }

    @Test
    void required_QOS3_windowLawPromptnessAndNoDropOnRandomHistories() {
        long resumed = 0;
        for (long seed = 1; seed <= 40; seed++) {
            resumed += windowLaw(seed);
        }
        assertThat(resumed).as("frames that left at a due time, over all histories").isGreaterThan(500);
    }

    /**
     * One random history of kicks and time steps on one limited context; then, with exact integer
     * arithmetic: every window [a, b] between two leave times carries at most burst + bytes·(b − a)/period
     * (QOS-3); an independent bucket simulation finds every frame conforming when it left (QOS-4)
     * and every frame that left at a due time not conforming one nanosecond earlier (QOS-6); and
     * every packet left, answered OKAY (QOS-5). Returns how many frames left at a due time.
     */
    private long windowLaw(long seed) {
        Fleet f = new Fleet();
        Traffic t = new Traffic(f);
        f.sink.clock = f.nic::clock;
        Random random = new Random(seed);
        TxRate rate = new TxRate(1 + random.nextInt(5000), 1 + random.nextInt(5000),
                TxRate.MIN_BURST + random.nextInt(200_000));
        f.create(1, Fleet.config(1).txRate(rate));
        long now = 0;
        int packets = 0;
        Set<Long> kickTimes = new HashSet<>();
        for (int step = 0; step < 300; step++) {
            int action = random.nextInt(10);
            if (action < 4 && Integer.compareUnsigned(t.next(1) - Pages.rspProd(f.tx(1)), 200) < 0) {
                int size = random.nextInt(8) == 0 ? 65_535 : 14 + random.nextInt(9000);
                t.queue(1, size);
                packets++;
                if (random.nextBoolean()) {
                    t.kick(1);
                    kickTimes.add(now);
                }
            } else if (action < 5) {
                t.kick(1);
                kickTimes.add(now);
            } else {
                // A step of up to half the time a 64 KiB packet needs, so the bucket rarely fills.
                long bound = Math.max(1, 65_535L * rate.periodNanos() / rate.bytes() / 2);
                now += 1 + (long) (random.nextDouble() * bound);
                f.nic.advanceTo(now);
            }
        }
        t.kick(1);
        kickTimes.add(now);
        now += 300L * 65_535 * rate.periodNanos() / rate.bytes() + 1;
        f.nic.advanceTo(now);

        String where = "seed " + seed + " " + rate;
        assertThat(f.sink.frames).as(where).hasSize(packets);
        for (int slot = 0; slot < t.next(1); slot++) {
            assertThat(f.txStatus(1, slot)).as(where).isEqualTo(NetifStatus.OKAY);
        }
        List<Long> times = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < f.sink.events.size(); i++) {
            if (f.sink.events.get(i).startsWith("wire")) {
                times.add(f.sink.times.get(i));
                sizes.add((long) Integer.parseInt(f.sink.events.get(i).substring(5)));
            }
        }
        BigInteger bytes = BigInteger.valueOf(rate.bytes());
        BigInteger period = BigInteger.valueOf(rate.periodNanos());
        BigInteger burst = BigInteger.valueOf(rate.burstBytes());
        int n = times.size();
        for (int i = 0; i < n; i++) {
            BigInteger sum = BigInteger.ZERO;
            for (int j = i; j < n; j++) {
                sum = sum.add(BigInteger.valueOf(sizes.get(j)));
                BigInteger window = BigInteger.valueOf(times.get(j) - times.get(i));
                // sum <= burst + bytes * window / period, multiplied out by period
                assertThat(sum.multiply(period)).as("%s: window [%d, %d]", where, times.get(i), times.get(j))
                        .isLessThanOrEqualTo(burst.multiply(period).add(bytes.multiply(window)));
            }
        }
        // An independent bucket in BigInteger: conforming at each leave, not one ns before a due time.
        BigInteger full = burst.multiply(period);
        BigInteger level = full;
        long at = 0;
        long dueFrames = 0;
        for (int i = 0; i < n; i++) {
            long time = times.get(i);
            BigInteger cost = BigInteger.valueOf(sizes.get(i)).multiply(period);
            boolean resumed = !kickTimes.contains(time) && (i == 0 || times.get(i - 1).longValue() != time);
            if (resumed) {
                dueFrames++;
                BigInteger before = level.add(bytes.multiply(BigInteger.valueOf(time - 1 - at))).min(full);
                assertThat(before).as("%s: frame %d due at %d, not earlier", where, i, time).isLessThan(cost);
            }
            level = level.add(bytes.multiply(BigInteger.valueOf(time - at))).min(full);
            at = time;
            assertThat(level).as("%s: frame %d at %d conforms", where, i, time).isGreaterThanOrEqualTo(cost);
            level = level.subtract(cost);
        }
        assertThat(f.memory.findings()).as(where).isEmpty();
        return dueFrames;
    }

    // ------------------------------------------------------------------ the timeline

    @Test
    void required_QOS6_dueTimesRunInOrderOfTimeThenContextAndNewOnesJoinTheSameAdvance() {
        for (int context = 1; context <= 3; context++) {
            fleet.create(context, Fleet.config(context).txRate(ONE_PER_NS));
        }
        // Each empties its bucket at 0; then 3 waits for 500, 1 for 700 and 2 for 500 then 300 more.
        traffic.queue(3, 65_535);
        traffic.queue(3, 500);
        traffic.kick(3);
        traffic.queue(1, 65_535);
        traffic.queue(1, 700);
        traffic.kick(1);
        traffic.queue(2, 65_535);
        traffic.queue(2, 500);
        traffic.queue(2, 300);
        traffic.kick(2);
        fleet.sink.frames.clear();
        fleet.sink.events.clear();
        fleet.sink.times.clear();

        advance(1000);

        List<String> order = new ArrayList<>();
        for (byte[] frame : fleet.sink.frames) {
            order.add("ctx " + frame[11] + " " + frame.length);
        }
        assertThat(order).containsExactly("ctx 2 500", "ctx 3 500", "ctx 1 700", "ctx 2 300");
        assertThat(wireTimes()).containsExactly(500L, 500L, 700L, 800L);
        assertThat(fleet.nic.clock()).isEqualTo(1000);
    }

    @Test
    void required_QOS6_atOneTimeTheTxResumptionComesBeforeTheTxThenTheRxDecision() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        fleet.guest(1, io.netchannel.api.GuestConfig.builder()
                .coalescing(io.netchannel.api.Queue.TX, new io.netchannel.api.Coalescing(100, 1000))
                .coalescing(io.netchannel.api.Queue.RX, new io.netchannel.api.Coalescing(100, 1000)).build());
        fleet.post(1);
        fleet.wire(Rig.frameTo(Fleet.mac(1), 64)); // RX pending since 0: decision due at 1000
        traffic.queue(1, 65_535);
        traffic.queue(1, 1000); // held: due at 1000; the TX decision is due at 1000 too
        traffic.kick(1);
        assertThat(fleet.sink.notifications).isEmpty();

        advance(5000);

        assertThat(fleet.sink.events).containsExactly("wire 65535", "wire 1000", "1/TX", "1/RX");
        assertThat(fleet.sink.times).containsExactly(0L, 1000L, 1000L, 1000L);
    }

    // ------------------------------------------------------------------ changes, reset, destroy

    @Test
    void required_QOS8_anUpdateToUnlimitedSendsTheBacklogInTheControlCall() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.queue(1, 65_535);
        traffic.queue(1, 2000);
        traffic.queue(1, 3000);
        traffic.kick(1);
        advance(100);
        assertThat(fleet.sink.frames).hasSize(1);

        assertThat(fleet.update(1, Fleet.config(1))).isEqualTo(ControlResult.OK);

        assertThat(wireLengths()).containsExactly(65_535, 2000, 3000);
        assertThat(wireTimes()).containsExactly(0L, 100L, 100L);
        assertThat(Pages.rspProd(fleet.tx(1))).isEqualTo(traffic.next(1));
        assertThat(Pages.reqEvent(fleet.tx(1))).as("RING-9 after the re-evaluation").isEqualTo(traffic.next(1) + 1);
        advance(1_000_000);
        assertThat(fleet.sink.frames).hasSize(3);
        assertThat(limited(1)).isEqualTo(1);
    }

    @Test
    void required_QOS8_anUpdateWithTheSameRateLeavesBucketAndWaitAlone() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.queue(1, 65_535);
        traffic.queue(1, 2000);
        traffic.kick(1);
        advance(100);
        assertThat(fleet.update(1, Fleet.config(1).txRate(ONE_PER_NS).promiscuousAllowed(true))).isEqualTo(ControlResult.OK);
        assertThat(fleet.sink.frames).hasSize(1);
        advance(1999);
        assertThat(fleet.sink.frames).hasSize(1);
        advance(2000);
        assertThat(wireTimes()).containsExactly(0L, 2000L);
        assertThat(limited(1)).isEqualTo(1);
    }

    @Test
    void required_QOS8_limitedToLimitedCarriesWholeBytesCappedAtTheNewBurst() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.send(1, 65_535);
        advance(100);
        // 100 bytes of credit under the old limit; at half a byte per ns, 150 bytes need 100 ns more.
        assertThat(fleet.update(1, Fleet.config(1).txRate(new TxRate(1, 2, 70_000)))).isEqualTo(ControlResult.OK);
        traffic.send(1, 150);
        assertThat(fleet.sink.frames).hasSize(1);
        advance(199);
        assertThat(fleet.sink.frames).hasSize(1);
        advance(200);
        assertThat(wireTimes()).containsExactly(0L, 200L);

        // A full 200000-byte bucket moved to a 65535-byte burst keeps 65535 bytes.
        fleet.create(2, Fleet.config(2).txRate(new TxRate(1, 1, 200_000)));
        fleet.update(2, Fleet.config(2).txRate(new TxRate(1, 3, TxRate.MIN_BURST)));
        traffic.queue(2, 65_535);
        traffic.queue(2, 20);
        traffic.kick(2);
        assertThat(limited(2)).isEqualTo(1);
        advance(200 + 59);
        assertThat(fleet.sink.frames).hasSize(3);
        advance(200 + 60);
        assertThat(fleet.sink.frames).hasSize(4);
    }

    @Test
    void required_QOS8_limitedToLimitedWhileWaitingReevaluatesAtOnce() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.queue(1, 65_535);
        traffic.queue(1, 1000);
        traffic.kick(1);
        advance(600);
        // 600 bytes carried; at 2 bytes per ns the remaining 400 take 200 ns: due at 800, not 1000.
        assertThat(fleet.update(1, Fleet.config(1).txRate(new TxRate(2, 1, TxRate.MIN_BURST)))).isEqualTo(ControlResult.OK);
        assertThat(fleet.sink.frames).hasSize(1);
        assertThat(limited(1)).as("the wait continues").isEqualTo(1);
        advance(799);
        assertThat(fleet.sink.frames).hasSize(1);
        advance(800);
        assertThat(wireTimes()).containsExactly(0L, 800L);
    }

    @Test
    void required_QOS8_resetKeepsTheBucketAndEndsTheWaitDestroyDropsIt() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        traffic.queue(1, 65_535);
        int held = traffic.queue(1, 1000);
        traffic.kick(1);
        advance(100);
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.ResetContext(1))).isEqualTo(ControlResult.OK);
        // The wait ended: its due time passes without a walk; the re-attach answered nothing new.
        advance(5000);
        assertThat(fleet.sink.frames).hasSize(1);
        assertThat(Pages.rspProd(fleet.tx(1))).isEqualTo(held);
        // The next kick walks; the bucket kept its level (0 at time 0), so 5000 bytes are there.
        traffic.kick(1);
        assertThat(wireTimes()).containsExactly(0L, 5000L);
        traffic.queue(1, 4001);
        traffic.kick(1);
        assertThat(limited(1)).as("a new wait after the reset").isEqualTo(2);
        advance(5001);
        assertThat(fleet.sink.frames).hasSize(3);

        // Destroy removes the bucket: a new create starts full.
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.DestroyContext(1))).isEqualTo(ControlResult.OK);
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        Traffic fresh = new Traffic(fleet);
        fresh.send(1, 65_535);
        assertThat(fleet.sink.frames).hasSize(4);
        assertThat(limited(1)).isZero();
    }

    @Test
    void required_QOS9_anUnlimitedContextIsNotHeldBehindAWaitingOne() {
        fleet.create(1, Fleet.config(1).txRate(ONE_PER_NS));
        fleet.create(2, Fleet.config(2));
        traffic.queue(1, 65_535);
        traffic.queue(1, 65_535);
        traffic.kick(1);
        for (int i = 0; i < 100; i++) {
            traffic.send(2, 65_535);
        }
        assertThat(fleet.nic.counter(2, Counter.TX_FRAMES)).isEqualTo(100);
        assertThat(fleet.nic.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(limited(2)).isZero();
    }
}
