package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.txfilter.Enforcement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Worked examples of chapters 06 and 07 on the whole device, read back the way a guest would. */
class DemuxAndFilterDeviceTest {

    private static final int TX_MORE_DATA = 4;
    private static final int TX_EXTRA_INFO = 8;
    private static final short DROPPED = -2;
    private static final short NULL = 1;
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress OTHER_GROUP = MacAddress.parse("01:00:5e:00:00:02");

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private static ContextConfig config(int context, VlanPolicy vlan) {
        return Rig.config(context).toBuilder().vlan(vlan).build();
    }

    /** {@code frame} with octets 12–15 overwritten by the tag 0x8100, TCI {@code tci}. */
    private static byte[] tagged(byte[] frame, int tci) {
        frame[12] = (byte) 0x81;
        frame[13] = 0x00;
        frame[14] = (byte) (tci >>> 8);
        frame[15] = (byte) tci;
        return frame;
    }

    /** {@code frame} with octets 12–13 set to {@code etherType}. */
    private static byte[] etherType(byte[] frame, int etherType) {
        frame[12] = (byte) (etherType >>> 8);
        frame[13] = (byte) etherType;
        return frame;
    }

    private byte[] received(int context, int page, int length) {
        return Arrays.copyOf(rig.memory.page(Rig.dataGref(context, page)), length);
    }

    private void failTx(int context) {
        Guest.putU32(rig.tx(context), Guest.REQ_PROD, 1000); // RING-11
        rig.device.kick(context, Queue.TX);
        assertThat(rig.device.state(context)).isEqualTo(ContextState.FAILED);
    }

    @Nested
    class Receive {

        @Test
        void required_DEMUX4_broadcastIsReplicatedToEveryMemberOfItsVlanEachInItsOwnBuffers() {
            rig.create(1, 0).create(2, 0).create(3, 0, config(3, new VlanPolicy.Access(10)));
            for (int context = 1; context <= 3; context++) {
                rig.postRx(context, 0, 40 + context);
            }
            byte[] frame = Rig.frame(MacAddress.BROADCAST, 60);

            rig.device.receive(0, frame, 0, frame.length);

            for (int context = 1; context <= 2; context++) {
                assertThat(received(context, 0, 60)).isEqualTo(frame);
                assertThat(Guest.rxResponse(rig.rx(context), 0)).containsExactly(40 + context, 0, 0, 60);
                assertThat(rig.device.counter(context, Counter.RX_FRAMES)).isEqualTo(1);
                assertThat(rig.device.counter(context, Counter.RX_BYTES)).isEqualTo(60);
            }
            assertThat(Guest.u32(rig.rx(3), Guest.RSP_PROD)).as("DEMUX-2: not on its VLAN").isZero();
            assertThat(rig.device.counter(3, Counter.RX_FRAMES)).isZero();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
            assertThat(rig.sink.notifications()).containsExactlyInAnyOrder(
                    new RecordingSink.Notification(1, Queue.RX), new RecordingSink.Notification(2, Queue.RX));
        }

        @Test
        void required_DEMUX10_anAccessRecipientGetsTheFrameWithoutItsTagAndATrunkWithIt() {
            rig.create(1, 0, config(1, new VlanPolicy.Access(10))).create(2, 0, config(2, new VlanPolicy.Trunk(List.of(10, 20))));
            rig.postRx(1, 0, 7);
            rig.postRx(2, 0, 8);
            byte[] frame = tagged(Rig.frame(MacAddress.BROADCAST, 64), 0x000A);
            byte[] stripped = new byte[60];
            System.arraycopy(frame, 0, stripped, 0, 12);
            System.arraycopy(frame, 16, stripped, 12, 48);

            rig.device.receive(0, frame, 0, frame.length);

            assertThat(received(1, 0, 60)).isEqualTo(stripped);
            assertThat(rig.memory.page(Rig.dataGref(1, 0))[60]).as("nothing beyond the copy").isZero();
            assertThat(Guest.rxResponse(rig.rx(1), 0)).containsExactly(7, 0, 0, 60);
            assertThat(rig.device.counter(1, Counter.RX_BYTES)).isEqualTo(60);
            assertThat(received(2, 0, 64)).isEqualTo(frame);
            assertThat(rig.device.counter(2, Counter.RX_BYTES)).isEqualTo(64);
        }

        @Test
        void required_DEMUX11_aRecipientWithoutBuffersOrFailedLosesOnlyItsOwnCopy() {
            rig.create(1, 0).create(2, 0).create(3, 0);
            rig.postRx(2, 0, 9);
            rig.postRx(3, 0, 9);
            failTx(3);

            rig.device.receive(0, Rig.frame(MacAddress.BROADCAST, 60), 0, 60);

            assertThat(rig.device.counter(1, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(3, Counter.RX_DROP_FAILED)).isEqualTo(1);
            assertThat(Guest.u32(rig.rx(3), Guest.RSP_PROD)).isZero();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
        }

        @Test
        void required_DEMUX7_aFrameWithAContextsSourceMacIsNeverReflectedToIt() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(1, 0, 1);
            rig.postRx(2, 0, 2);

            rig.device.receive(0, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60), 0, 60);

            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isZero();
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
        }

        @Test
        void required_DEMUX9_aFrameNobodyTakesCountsNoContextOnceAndTouchesNothing() {
            rig.create(1, 0).create(2, 0, config(2, new VlanPolicy.Access(10)));
            rig.postRx(1, 0, 1);
            rig.postRx(2, 0, 2);
            rig.memory.writes().clear();

            rig.device.receive(0, tagged(Rig.frame(MacAddress.BROADCAST, 60), 30), 0, 60); // VLAN 30: nobody's
            rig.device.receive(0, tagged(Rig.frame(MacAddress.BROADCAST, 60), 0xE000), 0, 60); // DEMUX-1: priority tag
            rig.device.receive(0, Rig.frame(Rig.mac(2), 60), 0, 60); // DEMUX-3: 2 is on VLAN 10 only

            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(3);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(3);
            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.sink.events).isEmpty();
        }

        @Test
        void required_DEMUX5_allMulticastSurvivesInBandJoinsAndAnUpdate() {
            rig.create(1, 0);
            rig.postRx(1, 0, 1);
            rig.postRx(1, 1, 2);
            rig.postRx(1, 2, 3);
            GuestConfig allMulticast = GuestConfig.builder().allMulticast(true).build();
            assertThat(rig.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, allMulticast))).isEqualTo(ControlResult.OK);

            rig.device.receive(0, Rig.frame(GROUP, 60), 0, 60);
            rig.queueRaw(1, 0, 0, TX_EXTRA_INFO, 5, 0);
            rig.queueExtra(1, 2, 0, new byte[] {0x01, 0, 0x5e, 0, 0, 0x01}); // MCAST_ADD GROUP
            rig.pushTx(1);
            rig.device.receive(0, Rig.frame(OTHER_GROUP, 60), 0, 60);
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(1,
                    Rig.config(1).toBuilder().mac(MacAddress.parse("02:00:00:00:01:01")).build()))).isEqualTo(ControlResult.OK);
            rig.device.receive(0, Rig.frame(OTHER_GROUP, 60), 0, 60);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isZero();
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isEqualTo(3);
        }

        @Test
        void required_DEMUX5_aMulticastGoesToTheContextsThatJoinedIt() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(1, 0, 1);
            rig.postRx(2, 0, 2);
            rig.queueRaw(2, 0, 0, TX_EXTRA_INFO, 5, 0);
            rig.queueExtra(2, 2, 0, new byte[] {0x01, 0, 0x5e, 0, 0, 0x01}); // MCAST_ADD GROUP
            rig.pushTx(2);

            rig.device.receive(0, Rig.frame(GROUP, 60), 0, 60);

            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
        }
    }

    @Nested
    class Transmit {

        @Test
        void required_TXF9_aDroppedFrameAnswersDroppedOnFirstAndDataSlotsAndNullOnExtras() {
            rig.create(1, 0);
            byte[] spoofed = Rig.frame(MacAddress.BROADCAST, 100); // its source is not 02:00:00:00:00:01
            rig.data(1, 0, 0, Arrays.copyOfRange(spoofed, 0, 60));
            rig.data(1, 1, 0, Arrays.copyOfRange(spoofed, 60, 100));
            rig.queueRaw(1, Rig.dataGref(1, 0), 0, TX_EXTRA_INFO | TX_MORE_DATA, 0x11, 100);
            rig.queueExtra(1, 4, 0, new byte[6]); // HASH: accepted and ignored
            rig.queueRaw(1, Rig.dataGref(1, 1), 0, 0, 0x12, 40);
            rig.queueSimple(1, 2, 0x13, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));

            rig.pushTx(1);

            assertThat(Guest.txResponseId(rig.tx(1), 0)).isEqualTo(0x11);
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(DROPPED);
            assertThat(Guest.txResponseStatus(rig.tx(1), 1)).isEqualTo(NULL);
            assertThat(Guest.txResponseId(rig.tx(1), 2)).isEqualTo(0x12);
            assertThat(Guest.txResponseStatus(rig.tx(1), 2)).isEqualTo(DROPPED);
            assertThat(Guest.txResponseStatus(rig.tx(1), 3)).as("the next packet goes").isZero();
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(4);
            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_DROP_VLAN)).isZero();
            assertThat(rig.device.counter(1, Counter.TX_ERRORS)).isZero();
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(60);
            assertThat(rig.device.filterHits(1, 0)).as("the default saw only the second frame").isEqualTo(1);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_TXF4_anAccessContextsFrameLeavesTaggedAndCountsTheTaggedLength() {
            rig.create(1, 0, config(1, new VlanPolicy.Access(0x123)));
            byte[] frame = Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60);
            byte[] expected = new byte[64];
            System.arraycopy(frame, 0, expected, 0, 12);
            expected[12] = (byte) 0x81;
            expected[13] = 0x00;
            expected[14] = 0x01;
            expected[15] = 0x23;
            System.arraycopy(frame, 12, expected, 16, 48);
            rig.queueSimple(1, 0, 1, frame);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).singleElement().satisfies(f -> assertThat(f.bytes()).isEqualTo(expected));
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isZero();
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(64);
        }

        @Test
        void required_TXF5_aTrunkFrameOnAVidOutsideItsSetIsDroppedVlan() {
            rig.create(1, 0, config(1, new VlanPolicy.Trunk(List.of(10))));
            rig.queueSimple(1, 0, 1, tagged(Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60), 20));
            rig.queueSimple(1, 1, 2, tagged(Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60), 10));

            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(DROPPED);
            assertThat(Guest.txResponseStatus(rig.tx(1), 1)).isZero();
            assertThat(rig.device.counter(1, Counter.TX_DROP_VLAN)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.filterHits(1, 0)).as("a VLAN drop never reaches the rules").isEqualTo(1);
        }

        @Test
        void required_TXF8_filterHitsCountTheDecidingRuleAndResetOnlyWhenTheRulesOrDefaultChange() {
            // Rig frames carry EtherType 0x575e
            ContextConfig firewall = Rig.config(1).toBuilder()
                    .txRule(FilterRule.drop(FilterMatch.builder().etherType(0x86DD).build()))
                    .txRule(FilterRule.allow(FilterMatch.builder().etherType(0x575E).build()))
                    .txDefault(FilterAction.DROP).build();
            rig.create(1, 0, firewall);
            assertThat(rig.device.filterHits(1, 0)).isZero();
            send(0x575E);
            send(0x575E);
            send(0x86DD);
            send(0x0806);

            assertThat(rig.device.filterHits(1, 0)).isEqualTo(1);
            assertThat(rig.device.filterHits(1, 1)).as("ALLOW decisions count too").isEqualTo(2);
            assertThat(rig.device.filterHits(1, 2)).as("the default").isEqualTo(1);
            assertThat(rig.device.filterHits(1, 3)).as("out of range").isZero();
            assertThat(rig.device.filterHits(1, -1)).isZero();
            assertThat(rig.device.filterHits(2, 0)).as("absent").isZero();
            assertThat(rig.device.counter(1, Counter.TX_DROP_FILTER)).isEqualTo(2);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(2);

            update(firewall.toBuilder().mac(MacAddress.parse("02:00:00:00:01:01")).build());
            assertThat(rig.device.filterHits(1, 1)).as("equal rules and default: kept").isEqualTo(2);

            update(firewall.toBuilder().txDefault(FilterAction.ALLOW).build());
            assertThat(rig.device.filterHits(1, 0)).isZero();
            assertThat(rig.device.filterHits(1, 1)).isZero();
            assertThat(rig.device.filterHits(1, 2)).isZero();
            send(0x0806);
            assertThat(rig.device.filterHits(1, 2)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).as("the default now allows it").isEqualTo(3);

            update(firewall.toBuilder().txDefault(FilterAction.ALLOW).txRule(FilterRule.allow(FilterMatch.ANY)).build());
            assertThat(rig.device.filterHits(1, 2)).isZero();
            send(0x0806);
            assertThat(rig.device.filterHits(1, 2)).as("the new rule 2").isEqualTo(1);
            assertThat(rig.device.filterHits(1, 3)).isZero();

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.DestroyContext(1))).isEqualTo(ControlResult.OK);
            assertThat(rig.device.filterHits(1, 2)).isZero();
        }

        @Test
        void required_TXF8_spoofedAndVlanDroppedFramesMoveNoRuleCounter() {
            rig.create(1, 0, Rig.config(1).toBuilder().txRule(FilterRule.allow(FilterMatch.ANY)).build());
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, 60));
            rig.queueSimple(1, 1, 2, tagged(Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60), 10));

            rig.pushTx(1);

            assertThat(rig.device.filterHits(1, 0)).isZero();
            assertThat(rig.device.filterHits(1, 1)).isZero();
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_DROP_VLAN)).isEqualTo(1);
        }

        private int nextPage;

        private void send(int etherType) {
            rig.queueSimple(1, nextPage++ % 20, 0, etherType(Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60), etherType));
            rig.pushTx(1);
        }

        private void update(ContextConfig config) {
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(1, config))).isEqualTo(ControlResult.OK);
        }
    }

    @Nested
    class Seam {

        @Test
        void aRecipientSelectorReplacesDemuxAndTheDeviceDeliversWhatItNames() {
            List<List<Integer>> seen = new ArrayList<>();
            rig = new Rig(Decisions.SPEC.withRecipients((frame, offset, length, live) -> {
                List<Integer> everyone = new ArrayList<>();
                for (LiveContext context : live) {
                    everyone.add(context.id());
                }
                seen.add(everyone);
                return everyone; // ignores VLANs and MACs
            }));
            rig.create(1, 0).create(2, 0, config(2, new VlanPolicy.Access(10)));
            rig.postRx(1, 0, 1);
            rig.postRx(2, 0, 2);

            rig.device.receive(0, Rig.frame(Rig.mac(9), 60), 0, 60);

            assertThat(seen).containsExactly(List.of(1, 2));
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(2, Counter.RX_BYTES)).as("the spec's copy still strips for Access").isEqualTo(56);
        }

        @Test
        void aTxPolicyReplacesTheChecksAndTheDeviceActsOnItsVerdict() {
            rig = new Rig(Decisions.SPEC.withTxPolicy((context, host, frame) -> new Enforcement.Send(frame, 0)));
            rig.create(1, 0);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, 60)); // spoofed

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isZero();
            assertThat(rig.device.filterHits(1, 0)).isEqualTo(1);
        }
    }
}
