package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.contexts.Switching;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.txfilter.TxChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 08, section 4 on the whole device: where a frame one context sends
 * goes in VEPA and VEB, read back the way the guests and the wire would see it. Context 1 is the
 * sender "A" throughout.
 */
class SwitchingDeviceTest {

    private static final short OKAY = 0;
    private static final short DROPPED = -2;
    /** A unicast MAC no context owns. */
    private static final MacAddress OUTSIDE = MacAddress.parse("02:99:00:00:00:01");

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private static ContextConfig config(int context, VlanPolicy vlan) {
        return Rig.config(context).toBuilder().vlan(vlan).promiscuousAllowed(true).build();
    }

    private void mode(SwitchMode mode) {
        assertThat(rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(mode))).isEqualTo(ControlResult.OK);
    }

    private void promiscuous(int context) {
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        assertThat(rig.device.control(Caller.guest(context), new ControlRequest.SetGuestConfig(context, promiscuous)))
                .isEqualTo(ControlResult.OK);
    }

    /** Context 1 sends {@code frame} from data page {@code page} as one slot and kicks. */
    private int send(int page, byte[] frame) {
        int index = rig.queueSimple(1, page, 0x40 + page, frame);
        rig.pushTx(1);
        return index;
    }

    private byte[] received(int context, int page, int length) {
        return Arrays.copyOf(rig.memory.page(Rig.dataGref(context, page)), length);
    }

    private int rxDelivered(int context) {
        return Guest.u32(rig.rx(context), Guest.RSP_PROD);
    }

    private List<byte[]> wire() {
        List<byte[]> frames = new ArrayList<>();
        for (RecordingSink.Frame frame : rig.sink.frames()) {
            assertThat(frame.port()).isZero();
            frames.add(frame.bytes());
        }
        return frames;
    }

    /** The sink's events as text, frames by destination MAC, to check their order. */
    private List<String> events() {
        List<String> events = new ArrayList<>();
        for (RecordingSink.Event event : rig.sink.events) {
            if (event instanceof RecordingSink.Frame frame) {
                events.add("wire " + MacAddress.read(frame.bytes(), 0));
            } else if (event instanceof RecordingSink.Notification notification) {
                events.add("notify " + notification.context() + " " + notification.queue());
            }
        }
        return events;
    }

    /** {@code frame} with an 802.1Q tag carrying {@code vid} inserted after the source MAC. */
    private static byte[] withTag(byte[] frame, int vid) {
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[14] = (byte) (vid >>> 8);
        tagged[15] = (byte) vid;
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    @Nested
    class Vepa {

        @Test
        void required_CTX4_CTX5_aDeviceStartsInVepaAndSendsUnicastToAnotherContextOnTheWireOnly() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 7);
            byte[] frame = Rig.frame(Rig.mac(2), Rig.mac(1), 60);

            send(0, frame);

            assertThat(wire()).singleElement().isEqualTo(frame);
            assertThat(rxDelivered(2)).as("B's RX ring untouched").isZero();
            assertThat(received(2, 0, 60)).containsOnly(0);
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isZero();
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(OKAY);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
        }

        @Test
        void required_CTX4_switchingBackFromVebToVepaAppliesToTheNextFrameDecided() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 7);
            rig.postRx(2, 1, 8);
            mode(SwitchMode.VEB);
            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(wire()).isEmpty();
            rig.queueSimple(1, 1, 0x41, Rig.frame(Rig.mac(2), Rig.mac(1), 70));
            rig.publishTx(1); // published under VEB, decided under VEPA

            mode(SwitchMode.VEPA);
            rig.device.kick(1, Queue.TX);

            assertThat(wire()).singleElement().satisfies(frame -> assertThat(frame).hasSize(70));
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).as("the second frame went out only").isEqualTo(1);
            assertThat(rxDelivered(2)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(2);
        }
    }

    @Nested
    class Veb {

        @Test
        void required_CTX6_CTX9_unicastToAnotherContextReachesItAndNotTheWire() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 7);
            mode(SwitchMode.VEB);
            byte[] frame = Rig.frame(Rig.mac(2), Rig.mac(1), 60);

            send(0, frame);

            assertThat(received(2, 0, 60)).isEqualTo(frame);
            assertThat(Guest.rxResponse(rig.rx(2), 0)).containsExactly(7, 0, 0, 60);
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(2, Counter.RX_BYTES)).isEqualTo(60);
            assertThat(wire()).isEmpty();
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(OKAY);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(60);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).as("not from the wire").isZero();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
        }

        @Test
        void required_CTX6_broadcastReachesEveryOtherMemberOfItsVlanOnceNeverTheSenderAndTheWireOnce() {
            rig.create(1, 0).create(2, 0).create(3, 0).create(4, 0, config(4, new VlanPolicy.Access(10)));
            for (int context = 1; context <= 4; context++) {
                rig.postRx(context, 0, 10 + context);
                rig.postRx(context, 1, 20 + context);
            }
            mode(SwitchMode.VEB);
            byte[] frame = Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60);

            send(0, frame);

            for (int context = 2; context <= 3; context++) {
                assertThat(received(context, 0, 60)).isEqualTo(frame);
                assertThat(rxDelivered(context)).as("context %d: one copy", context).isEqualTo(1);
                assertThat(rig.device.counter(context, Counter.RX_FRAMES)).isEqualTo(1);
            }
            assertThat(rxDelivered(1)).as("DEMUX-7: never back to its sender").isZero();
            assertThat(rxDelivered(4)).as("DEMUX-2: not on its VLAN").isZero();
            assertThat(wire()).singleElement().isEqualTo(frame);
            assertThat(events()).as("local copies at the frame's place in the ring walk, then the wire, then the TX answer")
                    .containsExactly("notify 2 RX", "notify 3 RX", "wire ff:ff:ff:ff:ff:ff", "notify 1 TX");
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).as("CTX-9: once, switched and sent").isEqualTo(1);
        }

        @Test
        void required_CTX6_unknownUnicastGoesToTheWireAndToAPromiscuousMemberOfItsVlanOnly() {
            rig.create(1, 0).create(2, 0).create(3, 0, config(3, VlanPolicy.UNTAGGED))
                    .create(4, 0, config(4, new VlanPolicy.Access(10)));
            promiscuous(3);
            promiscuous(4);
            for (int context = 1; context <= 4; context++) {
                rig.postRx(context, 0, 10 + context);
            }
            mode(SwitchMode.VEB);
            byte[] frame = Rig.frame(OUTSIDE, Rig.mac(1), 60);

            send(0, frame);

            assertThat(wire()).singleElement().isEqualTo(frame);
            assertThat(received(3, 0, 60)).isEqualTo(frame);
            assertThat(rig.device.counter(3, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rxDelivered(1)).isZero();
            assertThat(rxDelivered(2)).isZero();
            assertThat(rxDelivered(4)).as("promiscuous, but on VLAN 10").isZero();
        }

        @Test
        void required_CTX6_unicastToTheSendersOwnMacGoesToTheWireAndNotBackToIt() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(1, 0, 1);
            rig.postRx(2, 0, 2);
            mode(SwitchMode.VEB);
            byte[] frame = Rig.frame(Rig.mac(1), Rig.mac(1), 60);

            send(0, frame);

            assertThat(wire()).singleElement().isEqualTo(frame);
            assertThat(rxDelivered(1)).isZero();
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(rxDelivered(2)).isZero();
        }

        @Test
        void required_CTX6_anAccessSendersFrameIsSwitchedWithItsTagStrippedForAccessAndKeptForTrunk() {
            rig.create(1, 0, config(1, new VlanPolicy.Access(10)))
                    .create(2, 0, config(2, new VlanPolicy.Access(10)))
                    .create(3, 0, config(3, new VlanPolicy.Trunk(List.of(10))))
                    .create(4, 0, config(4, new VlanPolicy.Access(20)));
            promiscuous(4);
            for (int context = 2; context <= 4; context++) {
                rig.postRx(context, 0, 10 + context);
            }
            mode(SwitchMode.VEB);
            byte[] toB = Rig.frame(Rig.mac(2), Rig.mac(1), 60);
            byte[] toC = Rig.frame(Rig.mac(3), Rig.mac(1), 60);

            send(0, toB);
            send(1, toC);

            assertThat(received(2, 0, 60)).as("TXF-4 inserted the tag, DEMUX-10 stripped it").isEqualTo(toB);
            assertThat(rig.device.counter(2, Counter.RX_BYTES)).isEqualTo(60);
            assertThat(received(3, 0, 64)).as("a trunk receives VID 10 tagged").isEqualTo(withTag(toC, 10));
            assertThat(rig.device.counter(3, Counter.RX_BYTES)).isEqualTo(64);
            assertThat(rxDelivered(4)).as("promiscuous on VLAN 20").isZero();
            assertThat(wire()).as("both unicasts stay local").isEmpty();
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).as("CTX-9: the tagged length").isEqualTo(128);
        }

        @Test
        void required_CTX8_aSpoofedFrameIsDroppedBeforeSwitchingAndReachesNobody() {
            rig.create(1, 0).create(2, 0, config(2, VlanPolicy.UNTAGGED));
            promiscuous(2);
            rig.postRx(2, 0, 2);
            mode(SwitchMode.VEB);

            send(0, Rig.frame(Rig.mac(2), 60)); // its source is not 02:00:00:00:00:01

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(DROPPED);
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isZero();
            assertThat(rxDelivered(2)).isZero();
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isZero();
            assertThat(wire()).isEmpty();
        }

        @Test
        void required_CTX6_aRecipientWithoutBuffersLosesItsCopyAndTheFrameStillStaysLocal() {
            rig.create(1, 0).create(2, 0);
            mode(SwitchMode.VEB);

            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(rig.device.counter(2, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
            assertThat(wire()).isEmpty();
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(OKAY);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
        }

        @Test
        void required_CTX6_aFailedRecipientCountsItsCopyDroppedAndTheSenderGoesOn() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 2);
            Guest.putU32(rig.tx(2), Guest.REQ_PROD, 1000); // RING-11
            rig.device.kick(2, Queue.TX);
            assertThat(rig.device.state(2)).isEqualTo(ContextState.FAILED);
            mode(SwitchMode.VEB);

            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(rig.device.counter(2, Counter.RX_DROP_FAILED)).isEqualTo(1);
            assertThat(rxDelivered(2)).isZero();
            assertThat(wire()).as("a FAILED owner is still live: the frame stays local").isEmpty();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }
    }

    @Nested
    class Control {

        @Test
        void required_PRIV2_aGuestCannotSetTheSwitchModeAndTheModeStays() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 2);
            rig.postRx(2, 1, 3);

            ControlResult asked = rig.device.control(Caller.guest(1), new ControlRequest.SetSwitchMode(SwitchMode.VEB));
            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(asked).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected -> {
                assertThat(rejected.rule()).isEqualTo("PRIV-2");
                assertThat(rejected.category()).isEqualTo(RejectCategory.PRIVILEGE);
            });
            assertThat(wire()).as("still VEPA").hasSize(1);
            assertThat(rxDelivered(2)).isZero();

            mode(SwitchMode.VEB);
            ControlResult back = rig.device.control(Caller.guest(2), new ControlRequest.SetSwitchMode(SwitchMode.VEPA));
            send(1, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(back).isInstanceOf(ControlResult.Rejected.class);
            assertThat(wire()).as("still VEB").hasSize(1);
            assertThat(rxDelivered(2)).isEqualTo(1);
        }

        @Test
        void required_CTX7_aBareDeviceRefusesSoftwareAndKeepsItsMode() {
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 2);
            mode(SwitchMode.VEB);

            ControlResult asked = rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.SOFTWARE));
            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(asked).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected -> {
                assertThat(rejected.rule()).isEqualTo("CTX-7");
                assertThat(rejected.category()).isEqualTo(RejectCategory.NOT_SUPPORTED);
                assertThat(rejected.detail()).startsWith("mode=SOFTWARE");
            });
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).as("still VEB").isEqualTo(1);
            assertThat(wire()).isEmpty();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES)).as("a bare device never counts it").isZero();
        }

        @Test
        void required_CTX4_settingTheModeItHasIsAccepted() {
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEPA))).isEqualTo(ControlResult.OK);
            mode(SwitchMode.VEB);
            mode(SwitchMode.VEB);
        }
    }

    @Nested
    class Seam {

        @Test
        void aSwitchPolicySeesTheGuestsFrameBeforeTheChecksAndTheDeviceActsOnItsRoute() {
            // a device that switches before anti-spoofing: the guest's frame goes local whatever the checks said
            rig = new Rig(Decisions.SPEC.withSwitching((mode, sender, guestFrame, enforcement, live) ->
                    new Switching.Route(guestFrame, null)));
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 2);
            byte[] spoofed = Rig.frame(Rig.mac(2), 60);

            send(0, spoofed);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo(DROPPED);
            assertThat(rig.device.counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(received(2, 0, 60)).isEqualTo(spoofed);
            assertThat(wire()).isEmpty();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isZero();
        }

        @Test
        void aLocalFrameOutsideTheWireLengthsIsSkipped() {
            rig = new Rig(Decisions.SPEC.withSwitching((mode, sender, guestFrame, enforcement, live) ->
                    new Switching.Route(Arrays.copyOf(guestFrame, 13), null)));
            rig.create(1, 0).create(2, 0, config(2, VlanPolicy.UNTAGGED));
            promiscuous(2);
            rig.postRx(2, 0, 2);

            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(rxDelivered(2)).isZero();
            assertThat(rig.device.counter(2, Counter.RX_DROP_NO_BUFFER)).isZero();
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
        }

        @Test
        void aPolicyThatSwitchesAFrameBackToItsSenderStopsTheWalkWhenTheDeliveryFailsIt() {
            // every context takes every switched frame, and the sender has no RX ring it may write
            rig = new Rig(Decisions.SPEC
                    .withRecipients((frame, offset, length, live) -> live.stream().map(c -> c.id()).toList())
                    .withSwitching((mode, sender, guestFrame, enforcement, live) -> new Switching.Route(guestFrame, null)));
            rig.create(1, 0);
            rig.memory.revoke(Rig.rxGref(1));
            rig.queueSimple(1, 0, 1, Rig.frame(OUTSIDE, Rig.mac(1), 60));
            rig.queueSimple(1, 1, 2, Rig.frame(OUTSIDE, Rig.mac(1), 60));

            rig.pushTx(1);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).as("the walk stopped after the first packet").isEqualTo(1);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).as("RING-13: nothing more written").isZero();
        }

        @Test
        void theThreePartConstructorSwitchesAsTheSpecSays() {
            rig = new Rig(new Decisions(Demux::recipients, Demux::copyFor, (context, host, frame) -> TxChecks.enforce(host, frame)));
            rig.create(1, 0).create(2, 0);
            rig.postRx(2, 0, 2);
            mode(SwitchMode.VEB);

            send(0, Rig.frame(Rig.mac(2), Rig.mac(1), 60));

            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(wire()).isEmpty();
        }
    }
}
