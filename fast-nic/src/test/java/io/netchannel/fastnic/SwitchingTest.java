package io.netchannel.fastnic;

import static io.netchannel.fastnic.Fleet.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
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
import io.netchannel.api.layout.NetifStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 08's switch modes (CTX-4..CTX-9) on a bare device, each frame written
 * out by hand. Seven contexts: A, B and G untagged (B may be promiscuous), C and F Access(10), D
 * Trunk(10), E Access(20); context X owns {@code 02:00:00:00:00:0X}, and
 * {@code 02:00:00:00:00:99} is a station outside the device.
 */
class SwitchingTest {

    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;
    private static final int E = 5;
    private static final int F = 6;
    private static final int G = 7;
    private static final int[] ALL = {A, B, C, D, E, F, G};

    /** A to B, untagged, 22 bytes. */
    private static final String A_TO_B = "020000000002 020000000001 0800 0011223344556677";
    /** A broadcast from A (an ARP request's start), 22 bytes. */
    private static final String A_BROADCAST = "ffffffffffff 020000000001 0806 0001080006040001";

    private final Fleet fleet = new Fleet();

    @BeforeEach
    void sevenContexts() {
        fleet.create(A, Fleet.config(A));
        fleet.create(B, Fleet.config(B).promiscuousAllowed(true));
        fleet.create(C, Fleet.config(C).vlan(new VlanPolicy.Access(10)));
        fleet.create(D, Fleet.config(D).vlan(new VlanPolicy.Trunk(List.of(10))));
        fleet.create(E, Fleet.config(E).vlan(new VlanPolicy.Access(20)));
        fleet.create(F, Fleet.config(F).vlan(new VlanPolicy.Access(10)));
        fleet.create(G, Fleet.config(G));
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private ControlResult setMode(Caller caller, SwitchMode mode) {
        return fleet.nic.control(caller, new ControlRequest.SetSwitchMode(mode));
    }

    private void veb() {
        assertThat(setMode(Caller.HOST, SwitchMode.VEB)).isEqualTo(ControlResult.OK);
    }

    private void postEverywhere(int buffers) {
        for (int context : ALL) {
            for (int i = 0; i < buffers; i++) {
                fleet.post(context);
            }
        }
    }

    private long[] rxFrames() {
        long[] frames = new long[ALL.length];
        for (int i = 0; i < ALL.length; i++) {
            frames[i] = fleet.nic.counter(ALL[i], Counter.RX_FRAMES);
        }
        return frames;
    }

    private short send(int context, String frame) {
        return fleet.txStatus(context, fleet.send(context, hex(frame)));
    }

    /** CTX-6: a switched frame counts on no wire counter, whatever happens to it. */
    private void assertNoWireCounters() {
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).as("WIRE_RX_FRAMES").isZero();
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).as("WIRE_DROP_NO_CONTEXT").isZero();
    }

    private static ControlResult.Rejected rejected(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return (ControlResult.Rejected) result;
    }

    // ================================================================ CTX-4 the request

    @Test
    void required_CTX4_PRIV2_aGuestMayNotSetTheSwitchMode() {
        postEverywhere(1);
        ControlResult.Rejected veb = rejected(setMode(Caller.guest(A), SwitchMode.VEB));
        assertThat(veb.rule()).isEqualTo("PRIV-2");
        assertThat(veb.category()).isEqualTo(RejectCategory.PRIVILEGE);
        ControlResult.Rejected software = rejected(setMode(Caller.guest(A), SwitchMode.SOFTWARE));
        assertThat(software.rule()).as("privilege is checked before the mode").isEqualTo("PRIV-2");
        assertThat(software.category()).isEqualTo(RejectCategory.PRIVILEGE);

        send(A, A_TO_B);

        assertThat(fleet.sink.frames).as("still VEPA").containsExactly(hex(A_TO_B));
        assertThat(rxFrames()).containsExactly(0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void required_CTX7_aBareDeviceRefusesSoftwareAndKeepsItsMode() {
        postEverywhere(1);
        veb();

        ControlResult.Rejected software = rejected(setMode(Caller.HOST, SwitchMode.SOFTWARE));

        assertThat(software.rule()).isEqualTo("CTX-7");
        assertThat(software.category()).isEqualTo(RejectCategory.NOT_SUPPORTED);
        assertThat(software.detail()).startsWith("mode=SOFTWARE");
        send(A, A_TO_B);
        assertThat(fleet.sink.frames).as("still VEB: the frame stays local").isEmpty();
        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 0);
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES)).as("a bare device never counts it").isZero();
    }

    @Test
    void required_CTX4_theModeAppliesFromTheNextFrameAndMaySetTheModeItHas() {
        postEverywhere(3);
        veb();
        veb(); // already set: still OK
        send(A, A_TO_B);
        assertThat(fleet.sink.frames).isEmpty();
        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 0);

        assertThat(setMode(Caller.HOST, SwitchMode.VEPA)).isEqualTo(ControlResult.OK);
        send(A, A_TO_B);
        assertThat(fleet.sink.frames).containsExactly(hex(A_TO_B));
        assertThat(rxFrames()).as("VEPA delivers nothing itself").containsExactly(0, 1, 0, 0, 0, 0, 0);

        veb();
        send(A, A_TO_B);
        assertThat(fleet.sink.frames).hasSize(1);
        assertThat(rxFrames()).containsExactly(0, 2, 0, 0, 0, 0, 0);
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).as("CTX-9: every route counts").isEqualTo(3);
        assertThat(fleet.nic.counter(A, Counter.TX_BYTES)).isEqualTo(3 * 22);
    }

    // ================================================================ CTX-5 VEPA

    @Test
    void required_CTX5_aDeviceStartsInVepaAndSendsEveryFrameToTheWireOnly() {
        int b = fleet.post(B);
        postEverywhere(1);

        assertThat(send(A, A_TO_B)).isEqualTo(NetifStatus.OKAY);
        send(A, A_BROADCAST);

        assertThat(fleet.sink.frames).containsExactly(hex(A_TO_B), hex(A_BROADCAST));
        assertThat(fleet.sink.ports).containsExactly(0, 0);
        assertThat(fleet.answered(b)).isFalse();
        assertThat(rxFrames()).containsExactly(0, 0, 0, 0, 0, 0, 0);
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).isEqualTo(2);
        assertNoWireCounters();
    }

    // ================================================================ CTX-6 VEB

    @Test
    void required_CTX6_unicastToAnotherContextIsDeliveredAndStaysOffTheWire() {
        int b = fleet.post(B);

        veb();
        assertThat(send(A, A_TO_B)).isEqualTo(NetifStatus.OKAY);

        assertThat(fleet.received(b)).isEqualTo(hex(A_TO_B));
        assertThat(fleet.sink.frames).isEmpty();
        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 0);
        assertThat(fleet.nic.counter(B, Counter.RX_BYTES)).isEqualTo(22);
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(fleet.nic.counter(A, Counter.TX_BYTES)).isEqualTo(22);
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_DEMUX4_DEMUX7_broadcastReachesEveryOtherMemberOnceAndTheWireOnce() {
        postEverywhere(2);
        veb();

        send(A, A_BROADCAST);

        assertThat(rxFrames()).as("B and G, never A").containsExactly(0, 1, 0, 0, 0, 0, 1);
        assertThat(fleet.sink.frames).containsExactly(hex(A_BROADCAST));
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).isEqualTo(1);
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_DEMUX6_unknownUnicastGoesToTheWireAndThePromiscuousMemberOnly() {
        postEverywhere(1);
        fleet.guest(B, GuestConfig.builder().promiscuous(true).build());
        veb();

        String toStranger = "020000000099 020000000001 0800 00112233";
        send(A, toStranger);

        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 0);
        assertThat(fleet.sink.frames).containsExactly(hex(toStranger));
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_DEMUX6_unicastToAnotherContextStaysLocalAlsoWithAPromiscuousMirror() {
        postEverywhere(1);
        fleet.guest(B, GuestConfig.builder().promiscuous(true).build());
        veb();

        send(A, "020000000007 020000000001 0800 00112233"); // to G; B mirrors it

        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 1);
        assertThat(fleet.sink.frames).isEmpty();
    }

    @Test
    void required_CTX6_DEMUX7_aFrameToTheSendersOwnMacGoesToTheWireOnly() {
        postEverywhere(1);
        veb();

        String toSelf = "020000000001 020000000001 0800 00112233";
        send(A, toSelf);

        assertThat(fleet.sink.frames).containsExactly(hex(toSelf));
        assertThat(rxFrames()).containsExactly(0, 0, 0, 0, 0, 0, 0);
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_DEMUX10_accessSenderReachesItsVlanUntaggedOnAccessAndTaggedOnTrunks() {
        int d = fleet.post(D);
        int f = fleet.post(F);
        postEverywhere(1);
        veb();

        String broadcast = "ffffffffffff 020000000003 0806 0001080006040001";
        send(C, broadcast);

        String tagged = "ffffffffffff 020000000003 8100 000a 0806 0001080006040001";
        assertThat(fleet.received(f)).as("Access(10): the tag TXF-4 inserted is stripped again").isEqualTo(hex(broadcast));
        assertThat(fleet.received(d)).as("Trunk{10}: tagged").isEqualTo(hex(tagged));
        assertThat(rxFrames()).as("D and F; not E on VLAN 20, not the untagged contexts")
                .containsExactly(0, 0, 0, 1, 0, 1, 0);
        assertThat(fleet.sink.frames).as("the wire gets the tagged frame, whole after the stripped copy")
                .containsExactly(hex(tagged));
        assertThat(fleet.nic.counter(C, Counter.TX_BYTES)).isEqualTo(26);
        assertThat(fleet.nic.counter(F, Counter.RX_BYTES)).isEqualTo(22);
        assertThat(fleet.nic.counter(D, Counter.RX_BYTES)).isEqualTo(26);
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_DEMUX3_unicastStaysLocalOnlyWhenItsOwnerIsOnTheFramesVlan() {
        postEverywhere(1);
        veb();

        send(C, "020000000004 020000000003 0800 00112233"); // to D on 10: local
        assertThat(fleet.sink.frames).isEmpty();
        send(C, "020000000006 020000000003 0800 00112233"); // to F on 10: local, untagged
        assertThat(fleet.sink.frames).isEmpty();
        send(C, "020000000005 020000000003 0800 00112233"); // to E, which is on 20: the wire only
        send(A, "020000000003 020000000001 0800 00112233"); // untagged to C, which is on 10: the wire only

        assertThat(rxFrames()).containsExactly(0, 0, 0, 1, 0, 1, 0);
        assertThat(fleet.sink.frames).containsExactly(
                hex("020000000005 020000000003 8100 000a 0800 00112233"),
                hex("020000000003 020000000001 0800 00112233"));
        assertNoWireCounters();
    }

    @Test
    void required_CTX8_aFrameTheTxChecksDropReachesNeitherTheContextsNorTheWire() {
        postEverywhere(1);
        veb();

        assertThat(send(A, "ffffffffffff 020000000099 0806 0001080006040001")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send(A, "020000000007 020000000002 0800 00112233")).as("B's MAC as source")
                .isEqualTo(NetifStatus.DROPPED);
        assertThat(send(A, "ffffffffffff 020000000001 8100 000a 0806 0001080006040001")).as("tagged from an untagged context")
                .isEqualTo(NetifStatus.DROPPED);

        assertThat(rxFrames()).containsExactly(0, 0, 0, 0, 0, 0, 0);
        assertThat(fleet.sink.frames).isEmpty();
        assertThat(fleet.nic.counter(A, Counter.TX_DROP_SPOOF)).isEqualTo(2);
        assertThat(fleet.nic.counter(A, Counter.TX_DROP_VLAN)).isEqualTo(1);
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).isZero();
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_RX3_aReceiverWithoutBuffersLosesItsCopyAndTheFrameStaysLocal() {
        veb();

        assertThat(send(A, A_TO_B)).isEqualTo(NetifStatus.OKAY);

        assertThat(fleet.nic.counter(B, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
        assertThat(fleet.nic.counter(B, Counter.RX_FRAMES)).isZero();
        assertThat(fleet.sink.frames).isEmpty();
        assertThat(fleet.nic.counter(A, Counter.TX_FRAMES)).isEqualTo(1);
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_RX5_aFailedReceiverIsStillLiveSoItsUnicastStaysLocal() {
        postEverywhere(1);
        Pages.setReqProd(fleet.tx(B), 300); // RING-11 on B's next kick
        fleet.nic.kick(B, Queue.TX);
        assertThat(fleet.nic.state(B)).isEqualTo(ContextState.FAILED);
        veb();

        send(A, A_TO_B);
        send(A, A_BROADCAST);

        assertThat(fleet.nic.counter(B, Counter.RX_DROP_FAILED)).isEqualTo(2);
        assertThat(rxFrames()).containsExactly(0, 0, 0, 0, 0, 0, 1);
        assertThat(fleet.sink.frames).containsExactly(hex(A_BROADCAST));
        assertNoWireCounters();
    }

    @Test
    void required_CTX6_localDeliveryHappensAtTheFramesPlaceInTheRingWalkBeforeItsWireCopy() {
        postEverywhere(1);
        fleet.guest(B, GuestConfig.builder().join(MacAddress.parse("01:00:5e:00:00:01")).build());
        veb();
        fleet.sink.events.clear();

        byte[] multicast = hex("01005e000001 020000000001 0800 00112233"); // B joined it; also the wire
        byte[] toG = hex("020000000007 020000000001 0800 0011223344"); // G only
        int first = fleet.sendBatch(A, multicast, toG);

        assertThat(fleet.sink.events).as("packet 0 to B then the wire, packet 1 to G, then A's TX responses")
                .containsExactly("2/RX", "wire 18", "7/RX", "1/TX");
        assertThat(fleet.txStatus(A, first)).isEqualTo(NetifStatus.OKAY);
        assertThat(fleet.txStatus(A, first + 1)).isEqualTo(NetifStatus.OKAY);
        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void required_CTX6_aLargestAccessFrameWithItsTagIsTooLongToSwitchAndGoesToTheWireOnly() {
        // 65535 bytes from C; TXF-4 makes it 65539 on the wire, longer than any frame RX-6 lets in.
        byte[] frame = new byte[0xFFFF];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31);
        }
        System.arraycopy(hex("020000000004 020000000003 0800"), 0, frame, 0, 14);
        for (int i = 0; i < 17; i++) {
            fleet.post(D);
            fleet.post(F);
        }
        veb();

        assertThat(fleet.txStatus(C, fleet.sendChain(C, frame))).isEqualTo(NetifStatus.OKAY);

        assertThat(fleet.nic.counter(D, Counter.RX_FRAMES)).isZero();
        assertThat(fleet.nic.counter(F, Counter.RX_FRAMES)).isZero();
        assertThat(fleet.sink.frames).as("not switched, so not kept local either").hasSize(1);
        assertThat(fleet.sink.frames.get(0)).hasSize(65539);
        assertThat(Arrays.copyOf(fleet.sink.frames.get(0), 18)).isEqualTo(hex("020000000004 020000000003 8100 000a 0800"));
        assertNoWireCounters();
    }
}
