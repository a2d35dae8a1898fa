package io.netchannel.model.device;

import static io.netchannel.model.device.Offload.ERROR;
import static io.netchannel.model.device.Offload.REMOTE;
import static io.netchannel.model.device.Offload.RX_DATA_VALIDATED;
import static io.netchannel.model.device.Offload.RX_EXTRA_INFO;
import static io.netchannel.model.device.Offload.RX_MORE_DATA;
import static io.netchannel.model.device.Offload.buffer;
import static io.netchannel.model.device.Offload.mac;
import static io.netchannel.model.device.Offload.rxRspProd;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.contexts.Host;
import io.netchannel.model.offload.TestFrames;
import io.netchannel.model.qos.Admission;
import io.netchannel.model.qos.RateLimiter;
import io.netchannel.model.qos.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Chapter 11 on the receive side, on the whole device: RX checksum marking (CSUM-5, CSUM-6) on
 * every delivery path, and large receive offload (LRO-1 to LRO-8). Segments of the usual flow carry
 * 1000 payload bytes each, from sequence 5000 and IPv4 ID 7: 1054-byte frames.
 */
class RxOffloadDeviceTest {

    private static final long FLUSH = 50_000;
    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    /** Segment {@code index} of the usual flow from {@code source} to {@code destination}. */
    private static TestFrames.Builder flow(byte[] destination, byte[] source, int index) {
        return TestFrames.tcp().macs(destination, source).payload(TestFrames.payload(1000, index)).seq(5000 + 1000L * index).id(7 + index);
    }

    /** Segment {@code index} of the usual flow from the wire to context 1. */
    private static byte[] segment(int index) {
        return flow(mac(1), REMOTE, index).build();
    }

    /** The frame LRO makes of segments {@code 0..count − 1} of the usual flow to context 1, built from the figures. */
    private static byte[] mergedOf(int count) {
        byte[] payload = new byte[0];
        for (int i = 0; i < count; i++) {
            payload = TestFrames.concat(payload, TestFrames.payload(1000, i));
        }
        return TestFrames.tcp().macs(mac(1), REMOTE).payload(payload).seq(5000).id(7).build();
    }

    private void receive(byte[] frame) {
        rig.device.receive(0, frame, 0, frame.length);
    }

    private long counter(int context, Counter counter) {
        return rig.device.counter(context, counter);
    }

    private int[] response(int context, int index) {
        return Guest.rxResponse(rig.rx(context), index);
    }

    /** Posts {@code count} buffers on data pages 10, 11, …, ids equal to the pages. */
    private void post(int context, int count) {
        for (int i = 0; i < count; i++) {
            rig.postRx(context, 10 + i, 10 + i);
        }
    }

    /** A limiter that holds every packet until {@code until} and lets everything through from then on. */
    private static RateLimiter holdUntil(long until) {
        return new RateLimiter() {
            @Override
            public Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now) {
                return RateLimiter.SPEC.configure(current, rate, now);
            }

            @Override
            public Admission admit(TokenBucket bucket, long charge, long now) {
                return now < until ? new Admission.Hold(bucket, until) : new Admission.Send(bucket);
            }
        };
    }

    @Nested
    class ChecksumMarking {

        @Test
        void required_CSUM5_aFrameThatVerifiesIsMarkedInItsFirstSlotOnly() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, true, 0);
            post(1, 3);
            receive(TestFrames.tcp().macs(mac(1), REMOTE).payload(TestFrames.payload(9000 - 54, 1)).build());

            assertThat(response(1, 0)[2]).isEqualTo(RX_MORE_DATA | RX_DATA_VALIDATED);
            assertThat(response(1, 1)[2]).isEqualTo(RX_MORE_DATA);
            assertThat(response(1, 2)[2]).isZero();
        }

        @Test
        void required_CSUM6_aFrameThatDoesNotVerifyIsDeliveredWithoutTheFlag() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, true, 0);
            post(1, 6);
            List<byte[]> frames = List.of(
                    TestFrames.tcp().macs(mac(1), REMOTE).sum(TestFrames.Sum.WRONG).build(),
                    TestFrames.tcp().macs(mac(1), REMOTE).wrongIpChecksum().build(),
                    TestFrames.udp().macs(mac(1), REMOTE).sum(TestFrames.Sum.ZERO).build(),
                    TestFrames.udp().macs(mac(1), REMOTE).ipv6().sum(TestFrames.Sum.ZERO).build(),
                    TestFrames.tcp().macs(mac(1), REMOTE).fragment(0x2000).build(),
                    Rig.frame(Rig.mac(1), 60));
            for (byte[] frame : frames) {
                receive(frame);
            }

            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(6);
            for (int i = 0; i < 6; i++) {
                assertThat(response(1, i)[2]).as("frame %d", i).isZero();
                assertThat(buffer(rig, 1, 10 + i, frames.get(i).length)).isEqualTo(frames.get(i));
            }
        }

        @Test
        void required_CSUM6_aGuestThatDidNotAskGetsNoFlag() {
            rig.create(1, 0);
            post(1, 2);
            receive(TestFrames.tcp().macs(mac(1), REMOTE).build());
            Offload.offloads(rig, 1, true, 0);
            receive(TestFrames.tcp().macs(mac(1), REMOTE).build());

            assertThat(response(1, 0)[2]).isZero();
            assertThat(response(1, 1)[2]).as("asked from the next frame on").isEqualTo(RX_DATA_VALIDATED);
        }

        @Test
        void required_CSUM5_anAccessGuestsStrippedCopyIsJudgedAsWritten() {
            rig.create(1, 0, Rig.config(1).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            Offload.offloads(rig, 1, true, 0);
            post(1, 1);
            receive(TestFrames.udp().macs(mac(1), REMOTE).vlan(10).build());

            assertThat(response(1, 0)[3]).as("the tag stripped").isEqualTo(14 + 20 + 8 + 100);
            assertThat(response(1, 0)[2]).isEqualTo(RX_DATA_VALIDATED);
        }

        @Test
        void required_CSUM5_aSwitchedFrameIsMarkedAsAFrameFromTheWire() {
            rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB));
            rig.create(1, 0).create(2, 0);
            Offload.offloads(rig, 2, true, 0);
            post(2, 2);
            Offload.queue(rig, 1, 0, Offload.tcpFrom(1, mac(2)).sum(TestFrames.Sum.ZERO).build(), Offload.TX_CSUM_BLANK, 0, 0, 1);
            Offload.queue(rig, 1, 2, Offload.tcpFrom(1, mac(2)).sum(TestFrames.Sum.WRONG).build(), 0, 0, 0, 2);
            rig.pushTx(1);

            assertThat(response(2, 0)[2]).as("completed by CSUM-1, then verified").isEqualTo(RX_DATA_VALIDATED);
            assertThat(response(2, 1)[2]).isZero();
        }

        @Test
        void required_CSUM5_theHostsSoftwarePathMarksAsTheDeviceDoes() {
            rig = new Rig(environment -> new Host(environment, ReferenceDeviceProvider.LIMITS, 1,
                    env -> new ReferenceDevice(env, ReferenceDeviceProvider.LIMITS), 4,
                    (env, limits) -> new ReferenceDevice(env, limits)));
            rig.create(1, 0).create(2, 0); // 1 on the device, 2 in software
            for (int context : new int[] {1, 2}) {
                Offload.offloads(rig, context, true, 0);
                rig.postRx(context, 10, 10);
            }
            receive(TestFrames.tcp().macs(TestFrames.hex("ffffffffffff"), REMOTE).build());

            assertThat(response(1, 0)[2]).isEqualTo(RX_DATA_VALIDATED);
            assertThat(response(2, 0)[2]).isEqualTo(RX_DATA_VALIDATED);
        }
    }

    @Nested
    class LargeReceive {

        @Test
        void required_LRO1_withoutLroEveryFrameIsDeliveredAsItComes() {
            rig.create(1, 0);
            post(1, 2);
            receive(segment(0));
            receive(segment(1));

            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(2);
            assertThat(response(1, 0)).containsExactly(10, 0, 0, 1054);
            assertThat(response(1, 1)).containsExactly(11, 0, 0, 1054);
        }

        @Test
        void required_LRO4_LRO5_heldSegmentsAreDeliveredMergedAtTheirDueTime() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, true, FLUSH);
            post(1, 4);
            rig.device.advanceTo(1_000);
            receive(segment(0));
            receive(segment(1));
            receive(segment(2));
            rig.device.advanceTo(1_000 + FLUSH - 1);
            assertThat(rxRspProd(rig, 1)).as("held").isZero();
            assertThat(rig.memory.writes()).noneMatch(write -> write.gref() == Rig.dataGref(1, 10));

            rig.device.advanceTo(1_000 + FLUSH);

            byte[] merged = mergedOf(3);
            assertThat(merged).hasSize(3054);
            assertThat(rxRspProd(rig, 1)).as("one data slot and the extra").isEqualTo(2);
            assertThat(response(1, 0)).containsExactly(10, 0, RX_EXTRA_INFO | RX_DATA_VALIDATED, 3054);
            // netif_extra_info: type 1, flags 0, size 1000 (0x03e8 little-endian), GSO type 1, pad 0, features 0
            assertThat(java.util.Arrays.copyOfRange(rig.rx(1), Guest.rxEntry(1), Guest.rxEntry(1) + 8))
                    .isEqualTo(TestFrames.bytes(1, 0, 0xe8, 0x03, 1, 0, 0, 0));
            assertThat(buffer(rig, 1, 10, 3054)).isEqualTo(merged);
            assertThat(rig.memory.writes()).as("the extra slot's buffer is not written")
                    .noneMatch(write -> write.gref() == Rig.dataGref(1, 11));
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(3);
            assertThat(counter(1, Counter.RX_BYTES)).isEqualTo(3054);
            assertThat(rig.sink.notifications()).containsExactly(Offload.rxNotification(1));
        }

        @Test
        void required_LRO5_aMergedFrameOverSeveralPagesLaysOutItsSlotsAsNetbackDoes() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 4);
            for (int i = 0; i < 9; i++) {
                receive(segment(i)); // 9054 bytes merged: three data slots and the extra, all four posted
            }
            rig.device.advanceTo(FLUSH);

            assertThat(response(1, 0)).containsExactly(10, 0, RX_EXTRA_INFO | RX_MORE_DATA, 4096);
            assertThat(response(1, 2)).containsExactly(12, 0, RX_MORE_DATA, 4096);
            assertThat(response(1, 3)).containsExactly(13, 0, 0, 9054 - 8192);
            assertThat(TestFrames.concat(buffer(rig, 1, 10, 4096), buffer(rig, 1, 12, 4096), buffer(rig, 1, 13, 9054 - 8192)))
                    .isEqualTo(mergedOf(9));
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(9);
        }

        @Test
        void required_LRO5_aSingleHeldSegmentIsDeliveredByteForByte() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 1);
            receive(segment(0));
            rig.device.advanceTo(FLUSH);

            assertThat(response(1, 0)).containsExactly(10, 0, 0, 1054);
            assertThat(buffer(rig, 1, 10, 1054)).isEqualTo(segment(0));
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
        }

        @Test
        void required_LRO4_aMergedPushOrShortSegmentEndsTheAggregateAtOnce() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 4);
            receive(segment(0));
            receive(flow(mac(1), REMOTE, 1).flags(TestFrames.ACK | TestFrames.PSH).build());
            assertThat(counter(1, Counter.RX_FRAMES)).as("PSH").isEqualTo(2);
            byte[] delivered = buffer(rig, 1, 10, 2054);
            assertThat(delivered[47] & 0xFF).as("PSH ORed in").isEqualTo(TestFrames.ACK | TestFrames.PSH);

            receive(segment(2));
            receive(flow(mac(1), REMOTE, 3).payload(new byte[10]).id(10).build());
            assertThat(counter(1, Counter.RX_FRAMES)).as("short").isEqualTo(4);
            assertThat(rxRspProd(rig, 1)).isEqualTo(4);
        }

        @Test
        void required_LRO4_aCandidateWithPushIsDeliveredAtOnce() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 1);
            byte[] pushed = flow(mac(1), REMOTE, 0).flags(TestFrames.ACK | TestFrames.PSH).build();
            receive(pushed);

            assertThat(response(1, 0)).containsExactly(10, 0, 0, 1054);
            assertThat(buffer(rig, 1, 10, 1054)).isEqualTo(pushed);
        }

        @Test
        void required_LRO4_LRO8_aFrameThatIsNotACandidateFlushesTheAggregateFirst() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 3);
            receive(segment(0));
            receive(segment(1));
            byte[] udp = TestFrames.udp().macs(mac(1), REMOTE).build();
            receive(udp);

            assertThat(response(1, 0)[3]).isEqualTo(2054);
            assertThat(response(1, 2)).containsExactly(12, 0, 0, udp.length);
            assertThat(buffer(rig, 1, 12, udp.length)).isEqualTo(udp);
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(3);
        }

        @Test
        void required_LRO3_aSegmentAfterAGapStartsANewAggregate() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 2);
            receive(segment(0));
            rig.device.advanceTo(10);
            receive(flow(mac(1), REMOTE, 2).id(8).build()); // sequence 7000 where 6000 was due

            assertThat(response(1, 0)).as("the first, alone").containsExactly(10, 0, 0, 1054);
            rig.device.advanceTo(FLUSH);
            assertThat(rxRspProd(rig, 1)).as("the second is due at 10 + FLUSH").isEqualTo(1);
            rig.device.advanceTo(10 + FLUSH);
            assertThat(rxRspProd(rig, 1)).isEqualTo(2);
        }

        @Test
        void required_LRO3_mergingNeedsRoomForTheMergedDeliveryAndHoldingForTheSegment() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 1);
            receive(segment(0)); // fits the one buffer: held
            assertThat(rxRspProd(rig, 1)).isZero();
            receive(segment(1)); // merged it would take two slots: segment 0 goes alone, segment 1 finds no buffer

            assertThat(response(1, 0)).containsExactly(10, 0, 0, 1054);
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(counter(1, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
            receive(segment(2)); // nothing posted: delivered at once, which drops it
            assertThat(counter(1, Counter.RX_DROP_NO_BUFFER)).isEqualTo(2);
        }

        @Test
        void required_LRO4_aDueAggregateIsNeverExtendedWhicheverContextRunsFirst() {
            long due = 100_000;
            for (int[] pair : new int[][] {{1, 2}, {2, 1}}) {
                int sender = pair[0];
                int receiver = pair[1];
                rig = new Rig(Decisions.SPEC.withRateLimiter(holdUntil(due)));
                rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB));
                rig.create(sender, 0, Rig.config(sender).toBuilder().txRate(RATE).build()).create(receiver, 0);
                Offload.offloads(rig, receiver, false, due);
                post(receiver, 4);
                for (int i = 0; i < 2; i++) {
                    byte[] frame = flow(mac(receiver), mac(sender), i).build();
                    receive(frame);
                }
                Offload.queue(rig, sender, 0, flow(mac(receiver), mac(sender), 2).build(), 0, 0, 0, 1);
                rig.pushTx(sender);
                assertThat(counter(sender, Counter.TX_RATE_LIMITED)).isEqualTo(1);

                rig.device.advanceTo(due);

                assertThat(counter(receiver, Counter.RX_FRAMES)).as("sender %d: the aggregate of two alone", sender).isEqualTo(2);
                assertThat(rxRspProd(rig, receiver)).isEqualTo(2);
                rig.device.advanceTo(2 * due);
                assertThat(counter(receiver, Counter.RX_FRAMES)).as("the switched segment held anew").isEqualTo(3);
                assertThat(Guest.rxResponse(rig.rx(receiver), 2)).containsExactly(12, 0, 0, 1054);
            }
        }

        @Test
        void required_LRO7_atOneTimeTheTxResumptionThenTheFlushThenTheDecisions() {
            long due = 100_000;
            rig = new Rig(Decisions.SPEC.withRateLimiter(holdUntil(due)));
            rig.create(1, 0, Rig.config(1).toBuilder().txRate(RATE).build());
            Offload.offloads(rig, 1, Offload.guest(false, due).coalescing(Queue.RX, new Coalescing(100, due)).build());
            post(1, 2);
            receive(TestFrames.udp().macs(mac(1), REMOTE).build()); // RX completion pending from 0: decision due at 100 µs
            receive(segment(0)); // held, due at 100 µs
            Offload.queue(rig, 1, 0, Offload.tcpFrom(1, REMOTE).build(), 0, 0, 0, 1);
            rig.pushTx(1); // held by the limiter until 100 µs
            List<String> seen = new ArrayList<>();
            rig.sink.onNotify = () -> seen.add("rx rsp_prod " + rxRspProd(rig, 1));

            rig.device.advanceTo(due);

            assertThat(rig.sink.events).hasSize(3);
            assertThat(rig.sink.events.get(0)).isInstanceOf(RecordingSink.Frame.class);
            assertThat(rig.sink.events.subList(1, 3)).containsExactly(new RecordingSink.Notification(1, Queue.TX),
                    Offload.rxNotification(1));
            assertThat(seen).as("TX resumption before the flush, the flush before the RX decision")
                    .containsExactly("rx rsp_prod 1", "rx rsp_prod 2");
        }

        @Test
        void required_LRO6_aMergedDeliveryToABadBufferAnswersEverySlotAndCountsEachSegment() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 2);
            rig.memory.grant(Rig.dataGref(1, 10), 1, Access.READ_ONLY);
            for (int i = 0; i < 3; i++) {
                receive(segment(i));
            }
            rig.device.advanceTo(FLUSH);

            assertThat(response(1, 0)).containsExactly(10, 0, 0, ERROR);
            assertThat(response(1, 1)).as("the extra slot answered too").containsExactly(11, 0, 0, ERROR);
            assertThat(counter(1, Counter.RX_DROP_BAD_BUFFER)).isEqualTo(3);
            assertThat(counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(rig.sink.notifications()).as("one completion").containsExactly(Offload.rxNotification(1));
        }

        @Test
        void required_LRO6_aFlushThatFindsTooFewRequestsDropsEverySegmentAndConsumesNone() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 2);
            receive(segment(0));
            receive(segment(1));
            Guest.putU32(rig.rx(1), Guest.REQ_PROD, 1); // the guest takes a request back

            rig.device.advanceTo(FLUSH);

            assertThat(counter(1, Counter.RX_DROP_NO_BUFFER)).isEqualTo(2);
            assertThat(rxRspProd(rig, 1)).isZero();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_LRO6_aContextThatFailsDropsItsAggregateIntoRxDropFailed() {
            rig.create(1, 0).create(2, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 4);
            receive(segment(0));
            receive(segment(1));
            rig.memory.revoke(Rig.rxGref(1));
            receive(segment(2)); // MEM-10 before anything else

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(counter(1, Counter.RX_DROP_FAILED)).isEqualTo(3);
            assertThat(counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);

            Offload.offloads(rig, 2, false, FLUSH);
            rig.postRx(2, 10, 10);
            byte[] toTwo = flow(mac(2), REMOTE, 0).build();
            receive(toTwo);
            rig.memory.revoke(Rig.rxGref(2));
            rig.device.advanceTo(FLUSH); // the flush at the due time checks the grant first
            assertThat(counter(2, Counter.RX_DROP_FAILED)).isEqualTo(1);
            assertThat(rig.device.state(2)).isEqualTo(ContextState.FAILED);
        }

        @Test
        void required_LRO6_aFatalTxErrorDropsTheAggregateToo() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 4);
            receive(segment(0));
            receive(segment(1));
            rig.queueRaw(1, Rig.dataGref(1, 0), 4000, 0, 1, 200); // DESC-5: crosses its page
            rig.pushTx(1);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(counter(1, Counter.RX_DROP_FAILED)).isEqualTo(2);
            rig.device.advanceTo(10 * FLUSH);
            assertThat(rxRspProd(rig, 1)).isZero();
        }

        @Test
        void required_LRO4_anAcceptedControlRequestFlushesFirstUnderTheConfigurationItWasBuiltWith() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, true, FLUSH);
            post(1, 8);
            receive(segment(0));
            receive(segment(1));
            ControlResult refused = Offload.offloads(rig, 1, true, -1);
            assertThat(refused).isInstanceOf(ControlResult.Rejected.class);
            rig.device.kick(1, Queue.TX);
            rig.device.kick(1, Queue.RX);
            assertThat(rxRspProd(rig, 1)).as("a refused request and kicks flush nothing").isZero();

            assertThat(Offload.offloads(rig, 1, false, FLUSH)).isEqualTo(ControlResult.OK);
            assertThat(response(1, 0)).as("flushed with the old rxChecksum").containsExactly(10, 0, RX_EXTRA_INFO | RX_DATA_VALIDATED, 2054);

            receive(segment(2));
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(1, Rig.config(1)))).isEqualTo(ControlResult.OK);
            assertThat(response(1, 2)).as("update").containsExactly(12, 0, 0, 1054);

            receive(segment(3));
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.ResetContext(1))).isEqualTo(ControlResult.OK);
            assertThat(response(1, 3)).as("reset").containsExactly(13, 0, 0, 1054);
            receive(TestFrames.udp().macs(mac(1), REMOTE).build());
            assertThat(rxRspProd(rig, 1)).as("re-attached after the flush's responses").isEqualTo(5);
            assertThat(response(1, 3)[3]).isEqualTo(1054);
        }

        @Test
        void required_LRO4_aRequestOnAnotherContextFlushesNothingAndADestroyDiscards() {
            rig.create(1, 0).create(2, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 2);
            receive(segment(0));
            Offload.offloads(rig, 2, true, 0);
            rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(2, Rig.config(2)));
            assertThat(rxRspProd(rig, 1)).isZero();

            int writes = rig.memory.writes().size();
            rig.device.control(Caller.HOST, new ControlRequest.DestroyContext(1));
            rig.device.advanceTo(10 * FLUSH);

            assertThat(rig.memory.writes()).as("discarded, never written").hasSize(writes);
            assertThat(counter(1, Counter.RX_FRAMES)).isZero();
        }

        @Test
        void required_LRO6_aMergedDeliveryIsOneCompletion() {
            rig.create(1, 0);
            Offload.offloads(rig, 1, Offload.guest(false, FLUSH).coalescing(Queue.RX, new Coalescing(2, 10 * FLUSH)).build());
            post(1, 4);
            for (int i = 0; i < 3; i++) {
                receive(segment(i));
            }
            rig.device.advanceTo(FLUSH);
            assertThat(rxRspProd(rig, 1)).isEqualTo(2);
            assertThat(rig.sink.notifications()).as("three segments, one completion").isEmpty();

            receive(TestFrames.udp().macs(mac(1), REMOTE).build());
            assertThat(rig.sink.notifications()).containsExactly(Offload.rxNotification(1));
        }

        @Test
        void required_DEMUX11_eachRecipientHoldsItsOwnCopy() {
            rig.create(1, 0).create(2, 0);
            Offload.offloads(rig, 1, false, FLUSH);
            post(1, 2);
            post(2, 2);
            byte[] broadcast = TestFrames.hex("ffffffffffff");
            receive(flow(broadcast, REMOTE, 0).build());
            receive(flow(broadcast, REMOTE, 1).build());

            assertThat(counter(2, Counter.RX_FRAMES)).as("no LRO: at once").isEqualTo(2);
            assertThat(counter(1, Counter.RX_FRAMES)).isZero();
            rig.device.advanceTo(FLUSH);
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(2);
            assertThat(rxRspProd(rig, 1)).isEqualTo(2);
        }

        @Test
        void required_LRO1_aDeviceWithoutLroRefusesItAndDeliversEveryFrame() {
            rig = new Rig(java.util.Set.of(io.netchannel.api.Profile.CORE, io.netchannel.api.Profile.CHECKSUM));
            rig.create(1, 0);
            assertThat(Offload.offloads(rig, 1, true, FLUSH)).isInstanceOf(ControlResult.Rejected.class);
            post(1, 2);
            receive(segment(0));
            receive(segment(1));
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(2);
        }
    }

    /** A context whose unicast MAC is {@code mac} and whose config the tests reuse. */
    static ContextConfig config(int context, MacAddress mac) {
        return Rig.config(context).toBuilder().macs(List.of(mac)).build();
    }
}
