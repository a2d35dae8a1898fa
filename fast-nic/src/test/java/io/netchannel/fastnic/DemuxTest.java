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
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 06 (receive demux), each frame written out by hand. Five contexts:
 * A and B untagged, C Access(10), D Trunk(10, 20), E Access(20) allowed to be promiscuous; context
 * X owns {@code 02:00:00:00:00:0X}, and {@code 02:00:00:00:00:99} is a station outside the device.
 */
class DemuxTest {

    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;
    private static final int E = 5;
    private static final int[] ALL = {A, B, C, D, E};

    private final Fleet fleet = new Fleet();

    @BeforeEach
    void fiveContexts() {
        fleet.create(A, Fleet.config(A));
        fleet.create(B, Fleet.config(B));
        fleet.create(C, Fleet.config(C).vlan(new VlanPolicy.Access(10)));
        fleet.create(D, Fleet.config(D).vlan(new VlanPolicy.Trunk(List.of(10, 20))));
        fleet.create(E, Fleet.config(E).vlan(new VlanPolicy.Access(20)).promiscuousAllowed(true));
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private long rx(int context) {
        return fleet.nic.counter(context, Counter.RX_FRAMES);
    }

    private long wireDrops() {
        return fleet.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
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
            frames[i] = rx(ALL[i]);
        }
        return frames;
    }

    @Test
    void required_DEMUX1_DEMUX2_eachRowOfTheVlanTable() {
        postEverywhere(4);

        // untagged (EtherType 0x0800): the untagged contexts A and B
        fleet.wire(hex("ffffffffffff 020000000099 0800 00112233445566778899aabbccddeeff"));
        assertThat(rxFrames()).containsExactly(1, 1, 0, 0, 0);
        // 0x8100, TCI 0xA00A: PCP 5, VID 10 (the low 12 bits) -> C and D
        fleet.wire(hex("ffffffffffff 020000000099 8100 a00a 0800 0011223344556677"));
        assertThat(rxFrames()).containsExactly(1, 1, 1, 1, 0);
        // 0x8100 VID 20 -> D and E
        fleet.wire(hex("ffffffffffff 020000000099 8100 0014 0800 0011223344556677"));
        assertThat(rxFrames()).containsExactly(1, 1, 1, 2, 1);
        assertThat(wireDrops()).isZero();

        fleet.wire(hex("ffffffffffff 020000000099 8100 0000 0800 0011223344556677")); // VID 0: priority-tagged
        fleet.wire(hex("ffffffffffff 020000000099 8100 e000 0800 0011223344556677")); // VID 0 with PCP 7
        fleet.wire(hex("ffffffffffff 020000000099 8100 0fff 0800 0011223344556677")); // VID 0xFFF, reserved
        fleet.wire(hex("ffffffffffff 020000000099 88a8 000a 0800 0011223344556677")); // 802.1ad service tag
        fleet.wire(hex("ffffffffffff 020000000099 9100 000a 0800 0011223344556677")); // 0x9100 service tag
        fleet.wire(hex("ffffffffffff 020000000099 8100 000a 08")); // 17 bytes: too short for a tag
        fleet.wire(hex("ffffffffffff 020000000099 8100 0ffe 0800 0011223344556677")); // VID 4094: nobody's (DEMUX-9)

        assertThat(rxFrames()).as("no VLAN, no context touched").containsExactly(1, 1, 1, 2, 1);
        assertThat(wireDrops()).isEqualTo(7);
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(10);
        // RING-8: rsp_event stays 1, so each context is woken by its first copy only, in ascending order.
        assertThat(fleet.sink.notifications).containsExactly("1/RX", "2/RX", "3/RX", "4/RX", "5/RX");
    }

    @Test
    void required_DEMUX4_DEMUX7_broadcastReachesEveryMemberButTheSourceOwner() {
        postEverywhere(2);

        fleet.wire(hex("ffffffffffff 020000000001 0806 0001080006040001")); // from A's MAC
        assertThat(rxFrames()).as("B only: A sent it").containsExactly(0, 1, 0, 0, 0);

        fleet.wire(hex("ffffffffffff 020000000004 8100 000a 0806 0001080006040001")); // VID 10 from D's MAC
        assertThat(rxFrames()).as("C only: D sent it").containsExactly(0, 1, 1, 0, 0);

        assertThat(wireDrops()).isZero();
    }

    @Test
    void required_DEMUX3_unicastReachesItsOwnerOnTheOwnersVlanOnly() {
        postEverywhere(2);
        fleet.wire(hex("020000000001 020000000099 0800 00112233")); // to A, untagged
        fleet.wire(hex("020000000003 020000000099 0800 00112233")); // to C, untagged: C is on VLAN 10 only
        fleet.wire(hex("020000000003 020000000099 8100 000a 0800 00112233")); // to C on 10
        fleet.wire(hex("020000000003 020000000099 8100 0014 0800 00112233")); // to C on 20: E is not promiscuous
        fleet.wire(hex("020000000004 020000000099 8100 0014 0800 00112233")); // to D on 20
        fleet.wire(hex("020000000004 020000000099 0800 00112233")); // to D untagged
        fleet.wire(hex("020000000001 020000000001 0800 00112233")); // A to A: pruned (DEMUX-7)

        assertThat(rxFrames()).containsExactly(1, 0, 1, 1, 0);
        assertThat(wireDrops()).isEqualTo(4);
    }

    @Test
    void required_DEMUX5_multicastReachesJoinedListenersAndAllMulticastOnly() {
        postEverywhere(4);
        fleet.guest(B, GuestConfig.builder().join(MacAddress.parse("01:00:5e:00:00:01")).build());
        fleet.guest(A, GuestConfig.builder().allMulticast(true).build());

        fleet.wire(hex("01005e000001 020000000099 0800 00112233")); // joined by B, A hears all
        assertThat(rxFrames()).containsExactly(1, 1, 0, 0, 0);
        fleet.wire(hex("01005e000002 020000000099 0800 00112233")); // nobody joined: A only
        assertThat(rxFrames()).containsExactly(2, 1, 0, 0, 0);
        fleet.wire(hex("01005e000001 020000000099 8100 000a 0800 00112233")); // on VLAN 10 nobody listens
        assertThat(wireDrops()).isEqualTo(1);

        fleet.guest(A, GuestConfig.DEFAULT);
        fleet.wire(hex("01005e000002 020000000099 0800 00112233"));
        assertThat(wireDrops()).as("all-multicast off: unheard").isEqualTo(2);
        assertThat(rxFrames()).containsExactly(2, 1, 0, 0, 0);
    }

    @Test
    void required_DEMUX5_inBandJoinKeepsAllMulticast() {
        fleet.post(A);
        fleet.post(A);
        fleet.guest(A, GuestConfig.builder().allMulticast(true).build());
        // DESC-15: MCAST_ADD 01:00:5e:00:00:03 on A's TX ring.
        byte[] ring = fleet.tx(A);
        Pages.putTxRequest(ring, 0, 0, 0, TxRequestLayout.FLAG_EXTRA_INFO, 7, 0);
        Pages.putExtra(ring, 1, ExtraInfoLayout.TYPE_MCAST_ADD, 0, hex("01005e000003"));
        Pages.setReqProd(ring, 2);
        fleet.nic.kick(A, Queue.TX);
        assertThat(Pages.txResponseStatus(ring, 0)).isEqualTo(NetifStatus.OKAY);

        fleet.wire(hex("01005e000002 020000000099 0800 00112233")); // not joined: all-multicast is still on
        fleet.wire(hex("01005e000003 020000000099 0800 00112233"));
        assertThat(rx(A)).isEqualTo(2);
        assertThat(rx(B)).isZero();
    }

    @Test
    void required_DEMUX6_promiscuousMirrorsItsOwnVlanOnly() {
        postEverywhere(4);
        fleet.guest(E, GuestConfig.builder().promiscuous(true).build());

        fleet.wire(hex("020000000004 020000000099 8100 0014 0800 00112233")); // to D on 20: D and E
        assertThat(rxFrames()).containsExactly(0, 0, 0, 1, 1);
        fleet.wire(hex("020000000001 020000000099 0800 00112233")); // to A untagged: E is not a member
        fleet.wire(hex("020000000003 020000000099 8100 000a 0800 00112233")); // to C on 10: E is not a member
        assertThat(rxFrames()).containsExactly(1, 0, 1, 1, 1);
        fleet.wire(hex("020000000077 020000000099 8100 0014 0800 00112233")); // unknown unicast on 20: E
        fleet.wire(hex("01005e0000fb 020000000099 8100 0014 0800 00112233")); // unjoined group on 20: E
        assertThat(rxFrames()).containsExactly(1, 0, 1, 1, 3);
        fleet.wire(hex("020000000004 020000000005 8100 0014 0800 00112233")); // from E to D: not back to E
        assertThat(rxFrames()).containsExactly(1, 0, 1, 2, 3);
        assertThat(wireDrops()).isZero();

        // PRIV-10: the host withdraws the right; promiscuous mode is switched off.
        assertThat(fleet.update(E, Fleet.config(E).vlan(new VlanPolicy.Access(20)))).isEqualTo(ControlResult.OK);
        fleet.wire(hex("020000000077 020000000099 8100 0014 0800 00112233"));
        assertThat(wireDrops()).isEqualTo(1);
        assertThat(rx(E)).isEqualTo(3);
    }

    @Test
    void required_DEMUX10_accessCopyLosesItsTagTrunkCopyKeepsIt() {
        int c = fleet.post(C);
        int d = fleet.post(D);

        // VID 10 with PCP 3 (TCI 0x600A), 26 bytes.
        fleet.wire(hex("ffffffffffff 020000000099 8100 600a 0800 0102030405060708"));

        assertThat(fleet.received(c)).isEqualTo(hex("ffffffffffff 020000000099 0800 0102030405060708"));
        assertThat(fleet.received(d)).isEqualTo(hex("ffffffffffff 020000000099 8100 600a 0800 0102030405060708"));
        assertThat(fleet.nic.counter(C, Counter.RX_BYTES)).isEqualTo(22);
        assertThat(fleet.nic.counter(D, Counter.RX_BYTES)).isEqualTo(26);
    }

    @Test
    void required_DEMUX10_DEMUX11_strippedCopyNeedsOneBufferLessAndRecipientsAreIndependent() {
        // 4100 bytes tagged 10: C's copy is 4096 bytes (one slot), D's stays 4100 (two slots).
        byte[] frame = new byte[4100];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 7);
        }
        System.arraycopy(hex("ffffffffffff 020000000099 8100 000a"), 0, frame, 0, 16);
        int c = fleet.post(C);
        int d = fleet.post(D); // one buffer: too few for D

        fleet.wire(frame);

        byte[] expected = new byte[4096];
        System.arraycopy(frame, 0, expected, 0, 12);
        System.arraycopy(frame, 16, expected, 12, 4084);
        assertThat(fleet.received(c)).isEqualTo(expected);
        assertThat(fleet.nic.counter(C, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(fleet.answered(d)).isFalse();
        assertThat(fleet.nic.counter(D, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
        assertThat(fleet.memory.touches(d)).isZero();
        assertThat(wireDrops()).isZero();
    }

    @Test
    void required_DEMUX11_failedRecipientLosesOnlyItsCopy() {
        postEverywhere(2);
        Pages.setReqProd(fleet.tx(A), 300); // RING-11 on A's next kick
        fleet.nic.kick(A, Queue.TX);
        assertThat(fleet.nic.state(A)).isEqualTo(ContextState.FAILED);

        fleet.wire(hex("ffffffffffff 020000000099 0800 00112233"));
        fleet.wire(hex("020000000001 020000000099 0800 00112233"));

        assertThat(fleet.nic.counter(A, Counter.RX_DROP_FAILED)).isEqualTo(2);
        assertThat(rxFrames()).containsExactly(0, 1, 0, 0, 0);
        assertThat(wireDrops()).as("a FAILED recipient is still a recipient").isZero();
    }

    @Test
    void required_PRIV9_DEMUX2_destroyAndUpdateChangeTheMembersFromTheNextFrame() {
        postEverywhere(3);
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.DestroyContext(B))).isEqualTo(ControlResult.OK);
        fleet.wire(hex("ffffffffffff 020000000099 0800 00112233"));
        assertThat(rxFrames()).containsExactly(1, 0, 0, 0, 0);

        assertThat(fleet.update(A, Fleet.config(A).vlan(new VlanPolicy.Access(10)))).isEqualTo(ControlResult.OK);
        fleet.wire(hex("ffffffffffff 020000000099 0800 00112233"));
        assertThat(wireDrops()).as("no untagged context is left").isEqualTo(1);
        fleet.wire(hex("ffffffffffff 020000000099 8100 000a 0800 00112233"));
        assertThat(rxFrames()).containsExactly(2, 0, 1, 1, 0);
        assertThat(fleet.nic.counter(A, Counter.RX_BYTES)).as("14 + 4, then 14 + 4 stripped").isEqualTo(36);
    }
}
