package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.qos.Admission;
import io.netchannel.model.qos.RateLimiter;
import io.netchannel.model.qos.TokenBucket;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 09 (profile qos) on the whole device. The usual limit is 1000 bytes
 * every millisecond — one byte of credit per microsecond — with the smallest burst, 65535 bytes: a
 * full bucket lets sixteen 4000-byte frames go (64000 bytes) and leaves 1535 bytes, so a
 * seventeenth waits 2465 µs for the missing 2465 bytes.
 */
class QosDeviceTest {

    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    private static final int SIZE = 4000;
    /** When the seventeenth 4000-byte frame of a burst that started full at 0 conforms. */
    private static final long SEVENTEENTH_DUE = 2_465_000;
    private static final short OKAY = 0;
    private static final short ERROR = -1;
    private static final short DROPPED = -2;
    private static final int TX_MORE_DATA = 4;

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private static ContextConfig limited(int context, TxRate rate) {
        return Rig.config(context).toBuilder().txRate(rate).build();
    }

    private static byte[] frame(int context, int length) {
        return Rig.frame(MacAddress.BROADCAST, Rig.mac(context), length);
    }

    /**
     * Queues {@code count} packets of {@code size} bytes, all from data page {@code size % 16} (the
     * device reads a packet's data when it sends it, so packets of one size share a page and other
     * sizes do not overwrite it), ids counting from {@code firstId}.
     */
    private void queue(int context, int count, int size, int firstId) {
        for (int i = 0; i < count; i++) {
            rig.queueSimple(context, size % 16, firstId + i, frame(context, size));
        }
    }

    /**
     * Queues one packet of 65535 bytes as a chain over data pages 0..15: the first slot owns 4096
     * bytes, fourteen slots 4096 and the last 4095.
     */
    private void queueLargest(int context, int id) {
        byte[] frame = frame(context, 0xFFFF);
        for (int page = 0; page < 16; page++) {
            int from = page * 4096;
            rig.data(context, page, 0, Arrays.copyOfRange(frame, from, Math.min(frame.length, from + 4096)));
        }
        rig.queueRaw(context, Rig.dataGref(context, 0), 0, TX_MORE_DATA, id, 0xFFFF);
        for (int page = 1; page < 16; page++) {
            int size = page < 15 ? 4096 : 4095;
            rig.queueRaw(context, Rig.dataGref(context, page), 0, page < 15 ? TX_MORE_DATA : 0, id, size);
        }
    }

    private ControlResult update(int context, ContextConfig config) {
        return rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(context, config));
    }

    private int rspProd(int context) {
        return Guest.u32(rig.tx(context), Guest.RSP_PROD);
    }

    private int reqEvent(int context) {
        return Guest.u32(rig.tx(context), Guest.REQ_EVENT);
    }

    private List<MacAddress> senders() {
        return rig.sink.frames().stream().map(f -> MacAddress.read(f.bytes(), 6)).toList();
    }

    @Nested
    class Hold {

        @Test
        void required_QOS5_aPacketBeyondTheCreditStaysOnTheRingUnansweredAndReqEventIsNotWritten() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 100);
            rig.publishTx(1);
            byte[] heldEntry = Arrays.copyOfRange(rig.tx(1), Guest.txEntry(16), Guest.txEntry(16) + 12);

            rig.device.kick(1, Queue.TX);

            assertThat(rig.sink.frames()).hasSize(16);
            assertThat(rspProd(1)).as("the sixteen before it are answered and published").isEqualTo(16);
            assertThat(Guest.txResponseStatus(rig.tx(1), 15)).isEqualTo(OKAY);
            assertThat(Arrays.copyOfRange(rig.tx(1), Guest.txEntry(16), Guest.txEntry(16) + 12))
                    .as("the held packet's slot is not answered").isEqualTo(heldEntry);
            assertThat(reqEvent(1)).as("req_event as attach left it: not re-armed while rate limited").isEqualTo(1);
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.TX));
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(16);
            assertThat(rig.device.counter(1, Counter.TX_ERRORS)).isZero();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_QOS6_theWalkResumesInsideAdvanceToAtExactlyTheDueTime() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 100);
            rig.pushTx(1);
            Guest.putU32(rig.tx(1), Guest.RSP_EVENT, 17); // the guest consumed 16 and waits for the next
            rig.sink.events.clear();

            rig.device.advanceTo(SEVENTEENTH_DUE - 1);
            assertThat(rig.sink.events).as("one nanosecond early: one unit of byte·ns short").isEmpty();
            assertThat(rspProd(1)).isEqualTo(16);

            rig.device.advanceTo(SEVENTEENTH_DUE + 500);

            assertThat(rig.sink.events).containsExactly(
                    new RecordingSink.Frame(0, rig.sink.frames().get(0).bytes()),
                    new RecordingSink.Notification(1, Queue.TX));
            assertThat(rig.sink.frames().get(0).bytes()).isEqualTo(frame(1, SIZE));
            assertThat(Guest.txResponseId(rig.tx(1), 16)).isEqualTo(116);
            assertThat(Guest.txResponseStatus(rig.tx(1), 16)).isEqualTo(OKAY);
            assertThat(rspProd(1)).isEqualTo(17);
            assertThat(reqEvent(1)).as("the resumption ends as a kick does: RING-9").isEqualTo(18);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }

        @Test
        void required_QOS6_theResumptionRunsAtTheDueTimeNotAtTheEndOfTheAdvance() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);

            // the 17th leaves at 2465 µs and empties the bucket, which is full again 65535 µs later
            rig.device.advanceTo(100_000_000);
            assertThat(rig.sink.frames()).hasSize(17);
            queue(1, 16, SIZE, 17);
            rig.pushTx(1);

            assertThat(rig.sink.frames()).as("a full burst: the 17th was charged at its due time").hasSize(33);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }

        @Test
        void required_QOS7_txRateLimitedCountsOncePerWaitNotOncePerStop() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 18, SIZE, 0);
            rig.pushTx(1); // the 17th waits until 2465 µs, the 18th then needs 4000 µs more

            rig.device.advanceTo(SEVENTEENTH_DUE);
            assertThat(rig.sink.frames()).hasSize(17);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).as("stopped again, still the same wait").isEqualTo(1);
            assertThat(reqEvent(1)).as("stopped again: not re-armed").isEqualTo(1);

            rig.device.advanceTo(SEVENTEENTH_DUE + 4_000_000);
            assertThat(rig.sink.frames()).hasSize(18);
            assertThat(reqEvent(1)).isEqualTo(19);

            queue(1, 1, SIZE, 18);
            rig.pushTx(1); // the bucket is empty: a new wait

            assertThat(rig.sink.frames()).hasSize(18);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(2);
        }

        @Test
        void required_QOS6_aKickWhileWaitingWalksAndStopsAgainWithNothingObservable() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            rig.device.advanceTo(1_000_000);
            queue(1, 3, 60, 17); // more behind the held packet
            rig.memory.writes().clear();
            rig.sink.events.clear();

            rig.pushTx(1);

            assertThat(rig.memory.writes()).as("no response, no index, no req_event").isEmpty();
            assertThat(rig.sink.events).isEmpty();
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);

            rig.device.advanceTo(SEVENTEENTH_DUE + 179_999); // then 60 µs for each 60-byte frame
            assertThat(rig.sink.frames()).extracting(f -> f.bytes().length).containsExactly(SIZE, 60, 60);
            rig.device.advanceTo(SEVENTEENTH_DUE + 180_000);
            assertThat(rig.sink.frames()).hasSize(4);
            assertThat(rspProd(1)).isEqualTo(20);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }

        @Test
        void required_QOS6_theResumptionReadsTheHeldPacketAgainSoARewrittenPacketDecides() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            // the guest shrinks the held packet to 1535 bytes, exactly the credit left
            rig.data(1, 17, 0, frame(1, 1535));
            Guest.txRequest(rig.tx(1), 16, Rig.dataGref(1, 17), 0, 0, 77, 1535);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(17);
            assertThat(rig.sink.frames().get(16).bytes()).isEqualTo(frame(1, 1535));
            assertThat(Guest.txResponseId(rig.tx(1), 16)).isEqualTo(77);
            rig.device.advanceTo(10_000_000);
            assertThat(rig.sink.frames()).as("no resumption after the wait ended").hasSize(17);
        }

        @Test
        void required_QOS3_onlyPacketsTheChecksLetThroughAreChargedAndAConformingLevelIsInclusive() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 16, SIZE, 0); // 1535 bytes of credit left
            rig.queueSimple(1, 17, 16, frame(2, SIZE)); // spoofed: DROPPED by TXF-2
            rig.queueRaw(1, Rig.dataGref(1, 18), 0, 0, 17, 13); // DESC-8: ERROR
            rig.queueSimple(1, 19, 18, frame(1, 1535)); // exactly the credit
            rig.queueSimple(1, 16, 19, frame(1, 14)); // nothing left

            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 16)).isEqualTo(DROPPED);
            assertThat(Guest.txResponseStatus(rig.tx(1), 17)).isEqualTo(ERROR);
            assertThat(Guest.txResponseStatus(rig.tx(1), 18)).isEqualTo(OKAY);
            assertThat(rig.sink.frames()).hasSize(17);
            assertThat(rspProd(1)).isEqualTo(19);
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);

            rig.device.advanceTo(13_999);
            assertThat(rig.sink.frames()).hasSize(17);
            rig.device.advanceTo(14_000); // 14 bytes at one byte per µs
            assertThat(rig.sink.frames()).hasSize(18);
        }

        @Test
        void required_QOS3_theChargeIsTheGuestsSizeWithoutTheTagTheDeviceInserts() {
            // 16 × 4095 = 65520 fits the burst; charged with the 4-byte tag it would be 65584
            ContextConfig access = limited(1, RATE).toBuilder().vlan(new VlanPolicy.Access(10)).build();
            rig.create(1, 0, access);
            queue(1, 17, 4095, 0);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(16);
            assertThat(rig.sink.frames().get(0).bytes()).as("tagged on the wire").hasSize(4099);
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(16 * 4099);
            rig.device.advanceTo(4_079_999); // missing: 4095 − 15 = 4080 bytes
            assertThat(rig.sink.frames()).hasSize(16);
            rig.device.advanceTo(4_080_000);
            assertThat(rig.sink.frames()).hasSize(17);
        }

        @Test
        void required_QOS5_xensSixtyFourKibPacketWaitsForItsCreditAndIsNeverDropped() {
            // rate = "20000,20000": 20000 bytes every 20 ms, burst 128 KiB; two 65535-byte packets
            // leave 2 bytes, so the third waits for 65533 bytes at one byte per µs
            rig.create(1, 0, limited(1, TxRate.xen(20_000, 20_000)));
            queueLargest(1, 1);
            queueLargest(1, 2);
            queueLargest(1, 3);

            rig.pushTx(1);
            assertThat(rig.sink.frames()).hasSize(2);
            assertThat(rspProd(1)).isEqualTo(32);

            rig.device.advanceTo(65_532_999);
            assertThat(rig.sink.frames()).hasSize(2);
            rig.device.advanceTo(65_533_000);

            assertThat(rig.sink.frames()).hasSize(3);
            assertThat(rig.sink.frames().get(2).bytes()).isEqualTo(frame(1, 0xFFFF));
            for (int slot = 32; slot < 48; slot++) {
                assertThat(Guest.txResponseStatus(rig.tx(1), slot)).isEqualTo(OKAY);
            }
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }
    }

    @Nested
    class Fairness {

        @Test
        void required_QOS9_anUnlimitedContextSendsDuringItsKickWhileAnotherWaits() {
            rig.create(1, 0, limited(1, RATE)).create(2, 0);
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            rig.sink.events.clear();

            queue(2, 40, SIZE, 0);
            rig.pushTx(2);

            assertThat(rig.sink.frames()).hasSize(40);
            assertThat(senders()).containsOnly(Rig.mac(2));
            assertThat(Guest.u32(rig.tx(2), Guest.RSP_PROD)).isEqualTo(40);
            assertThat(rig.device.counter(2, Counter.TX_RATE_LIMITED)).isZero();
            assertThat(rspProd(1)).isEqualTo(16);
        }

        @Test
        void required_QOS6_contextsReleasedInOneAdvanceGoInOrderOfDueTimeThenContextId() {
            rig.create(1, 0, limited(1, RATE)).create(2, 0, limited(2, RATE)).create(3, 0, limited(3, RATE));
            queue(1, 17, SIZE, 0); // due 2465 µs
            queue(2, 16, SIZE, 0);
            rig.queueSimple(2, 17, 16, frame(2, 2000)); // 465 bytes short: due 465 µs
            queue(3, 17, SIZE, 0); // due 2465 µs, as context 1
            rig.pushTx(3);
            rig.pushTx(2);
            rig.pushTx(1);
            rig.sink.events.clear();

            rig.device.advanceTo(3_000_000);

            assertThat(senders()).containsExactly(Rig.mac(2), Rig.mac(1), Rig.mac(3));
        }
    }

    @Nested
    class Retune {

        @Test
        void required_QOS8_unlimitedToLimitedStartsFullAndBackToUnlimitedReleasesTheWaitInTheControlCall() {
            rig.create(1, 0);
            rig.device.advanceTo(5_000_000);
            assertThat(update(1, limited(1, RATE))).isEqualTo(ControlResult.OK);
            queue(1, 20, SIZE, 0);
            rig.pushTx(1);
            assertThat(rig.sink.frames()).as("a full bucket: the whole burst").hasSize(16);
            assertThat(reqEvent(1)).isEqualTo(1);

            assertThat(update(1, Rig.config(1))).isEqualTo(ControlResult.OK);

            assertThat(rig.sink.frames()).as("released inside the update").hasSize(20);
            assertThat(rspProd(1)).isEqualTo(20);
            assertThat(reqEvent(1)).isEqualTo(21);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
            rig.device.advanceTo(100_000_000);
            assertThat(rig.sink.frames()).hasSize(20);
        }

        @Test
        void required_QOS8_anotherLimitCarriesTheCreditInWholeBytesCappedAndReevaluatesAtOnce() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1); // 1535 bytes left at 0
            rig.device.advanceTo(1_000_500); // 2535.5 bytes: the half byte is not carried

            // ten bytes per µs: 2535 carried, 1465 missing, 146.5 µs
            TxRate faster = new TxRate(1000, 100_000, 65_535);
            assertThat(update(1, limited(1, faster))).isEqualTo(ControlResult.OK);
            assertThat(rig.sink.frames()).as("re-evaluated: still short").hasSize(16);

            rig.device.advanceTo(1_000_500 + 146_499);
            assertThat(rig.sink.frames()).hasSize(16);
            rig.device.advanceTo(1_000_500 + 146_500);
            assertThat(rig.sink.frames()).hasSize(17);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }

        @Test
        void required_QOS8_aSlowerLimitPostponesTheResumption() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            rig.device.advanceTo(2_000_000); // 3535 bytes

            // one byte per ms: 3535 carried, 465 missing, 465 ms
            assertThat(update(1, limited(1, new TxRate(1, 1_000_000, 65_535)))).isEqualTo(ControlResult.OK);
            rig.device.advanceTo(SEVENTEENTH_DUE);
            assertThat(rig.sink.frames()).as("the old due time no longer holds").hasSize(16);
            rig.device.advanceTo(466_999_999);
            assertThat(rig.sink.frames()).hasSize(16);
            rig.device.advanceTo(467_000_000);
            assertThat(rig.sink.frames()).hasSize(17);
        }

        @Test
        void required_QOS8_theSameLimitLeavesBucketAndWaitUntouched() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            // the guest shrinks the held packet; a re-evaluation would send it now
            rig.data(1, 17, 0, frame(1, 100));
            Guest.txRequest(rig.tx(1), 16, Rig.dataGref(1, 17), 0, 0, 77, 100);
            rig.memory.writes().clear();

            assertThat(update(1, limited(1, RATE).toBuilder().promiscuousAllowed(true).build())).isEqualTo(ControlResult.OK);

            assertThat(rig.sink.frames()).as("no re-evaluation").hasSize(16);
            assertThat(rig.memory.writes()).isEmpty();
            rig.device.advanceTo(SEVENTEENTH_DUE - 1);
            assertThat(rig.sink.frames()).as("the due time computed at the stop still holds").hasSize(16);
            rig.device.advanceTo(SEVENTEENTH_DUE);
            assertThat(rig.sink.frames()).hasSize(17);
        }

        @Test
        void required_RING13_aContextThatFailsWhileWaitingIsNotResumed() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 1000); // RING-11 at the next look
            rig.device.kick(1, Queue.TX);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            rig.memory.writes().clear();
            rig.memory.reads().clear();

            rig.device.advanceTo(SEVENTEENTH_DUE + 1_000_000);

            assertThat(rig.memory.reads()).isEmpty();
            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.sink.frames()).hasSize(16);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
        }

        @Test
        void required_QOS8_resetEndsTheWaitAndKeepsTheBucketAndDestroyForgetsIt() {
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            rig.device.advanceTo(1_000_000); // 2535 bytes

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.ResetContext(1))).isEqualTo(ControlResult.OK);
            rig.device.advanceTo(SEVENTEENTH_DUE + 1_000_000);
            assertThat(rig.sink.frames()).as("no resumption after a reset; the next kick walks").hasSize(16);

            rig.pushTx(1); // the bucket kept its level: 1535 + 3465 = 5000 bytes by now
            assertThat(rig.sink.frames()).hasSize(17);
            queue(1, 1, SIZE, 17);
            rig.pushTx(1); // 1000 left
            assertThat(rig.sink.frames()).hasSize(17);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).as("a new wait after the reset").isEqualTo(2);

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.DestroyContext(1))).isEqualTo(ControlResult.OK);
            rig.device.advanceTo(100_000_000);
            assertThat(rig.sink.frames()).as("no timer outlives its context").hasSize(17);
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);
            rig.pushTx(1);
            assertThat(rig.sink.frames()).as("created again: full").hasSize(17 + 16);
        }
    }

    @Nested
    class Control {

        @Test
        void required_QOS1_aDeviceNotClaimingQosRefusesATxRateNotSupportedOnCreateAndUpdate() {
            rig = new Rig(Set.of(Profile.CORE));
            rig.create(1, 0);
            rig.memory.grant(Rig.txGref(2), 2, Access.READ_WRITE);
            rig.memory.grant(Rig.rxGref(2), 2, Access.READ_WRITE);

            ControlResult create = rig.device.control(Caller.HOST, new ControlRequest.CreateContext(2, limited(2, RATE)));
            ControlResult update = update(1, limited(1, RATE));
            ControlResult invalid = update(1, limited(1, new TxRate(0, 1, 65_535)));

            for (ControlResult result : List.of(create, update, invalid)) {
                assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
                    assertThat(r.rule()).isEqualTo("QOS-1");
                    assertThat(r.category()).isEqualTo(RejectCategory.NOT_SUPPORTED);
                });
            }
            assertThat(rig.device.state(2)).isEqualTo(ContextState.ABSENT);
            assertThat(update(1, limited(1, TxRate.UNLIMITED))).as("unlimited needs no profile").isEqualTo(ControlResult.OK);
        }

        @Test
        void required_QOS2_limitsOutsideTheRangesAreInvalidConfigAndTheBoundsAreAccepted() {
            rig.create(1, 0);
            List<TxRate> invalid = List.of(
                    new TxRate(0, 1, 65_535), new TxRate(TxRate.MAX_BYTES + 1, 1, 65_535),
                    new TxRate(1, 0, 65_535), new TxRate(1, TxRate.MAX_PERIOD_NANOS + 1, 65_535),
                    new TxRate(1, 1, 65_534), new TxRate(1, 1, TxRate.MAX_BURST + 1),
                    new TxRate(-1, 0, 0));
            for (TxRate rate : invalid) {
                assertThat(update(1, limited(1, rate))).as("rate=%s", rate).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
                    assertThat(r.rule()).isEqualTo("QOS-2");
                    assertThat(r.category()).isEqualTo(RejectCategory.INVALID_CONFIG);
                });
            }
            assertThat(update(1, limited(1, new TxRate(1, 1, 65_535)))).isEqualTo(ControlResult.OK);
            assertThat(update(1, limited(1, new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MAX_BURST))))
                    .isEqualTo(ControlResult.OK);
        }

        @Test
        void required_QOS2_theRateIsCheckedAfterTheRxRulesAndBeforeTheRingGrants() {
            rig.create(1, 0);
            ContextConfig both = limited(1, new TxRate(1, 1, 1)).toBuilder().rxRules(Collections.nCopies(
                    ReferenceDeviceProvider.LIMITS.maxFilterRules() + 1, FilterRule.allow(FilterMatch.ANY))).build();
            ContextConfig rateAndRing = limited(1, new TxRate(1, 1, 1)).toBuilder().txRingGref(Rig.txGref(9)).build();

            assertThat(((ControlResult.Rejected) update(1, both)).rule()).isEqualTo("DEMUX-17");
            assertThat(((ControlResult.Rejected) update(1, rateAndRing)).rule()).isEqualTo("QOS-2");
        }
    }

    @Nested
    class Seam {

        @Test
        void aLimiterThatDropsInsteadOfHoldingMakesTheDeviceAnswerDroppedAndCountNothing() {
            RateLimiter dropping = new RateLimiter() {
                @Override
                public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
                    return RateLimiter.SPEC.configure(current, rate, now);
                }

                @Override
                public Admission admit(TokenBucket bucket, long charge, long now) {
                    Admission spec = RateLimiter.SPEC.admit(bucket, charge, now);
                    return spec instanceof Admission.Hold hold ? new Admission.Drop(hold.bucket()) : spec;
                }
            };
            rig = new Rig(Decisions.SPEC.withRateLimiter(dropping));
            rig.create(1, 0, limited(1, RATE));
            queue(1, 17, SIZE, 0);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(16);
            assertThat(Guest.txResponseStatus(rig.tx(1), 16)).isEqualTo(DROPPED);
            assertThat(rspProd(1)).isEqualTo(17);
            assertThat(reqEvent(1)).isEqualTo(18);
            for (Counter counter : List.of(Counter.TX_RATE_LIMITED, Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN,
                    Counter.TX_DROP_FILTER, Counter.TX_ERRORS)) {
                assertThat(rig.device.counter(1, counter)).as(counter.name()).isZero();
            }
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(16);
        }

        @Test
        void aContextWithoutALimitNeverAsksTheLimiter() {
            RateLimiter refusing = new RateLimiter() {
                @Override
                public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
                    return RateLimiter.SPEC.configure(current, rate, now);
                }

                @Override
                public Admission admit(TokenBucket bucket, long charge, long now) {
                    throw new AssertionError("asked for an unlimited context");
                }
            };
            rig = new Rig(Decisions.SPEC.withRateLimiter(refusing));
            rig.create(1, 0);
            queue(1, 40, SIZE, 0);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(40);
        }
    }
}
