package io.netchannel.model.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of spec 06, section 4: who takes a frame, and the copy each one gets. */
class DemuxTest {

    private static final MacAddress OUTSIDE = MacAddress.parse("02:99:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress OTHER_GROUP = MacAddress.parse("01:00:5e:00:00:02");

    private static MacAddress mac(int id) {
        return new MacAddress(0x0200_0000_0000L + id);
    }

    private static LiveContext context(int id, VlanPolicy vlan, GuestConfig guest) {
        ContextConfig host = ContextConfig.builder().mac(mac(id)).txRingGref(2 * id).rxRingGref(2 * id + 1)
                .promiscuousAllowed(true).vlan(vlan).build();
        return new LiveContext(id, ContextState.ACTIVE, host, guest);
    }

    private static LiveContext context(int id, VlanPolicy vlan) {
        return context(id, vlan, GuestConfig.DEFAULT);
    }

    private static final VlanPolicy ACCESS_10 = new VlanPolicy.Access(10);

    /**
     * 1: plain; 2: joined GROUP; 3: all-multicast; 4: promiscuous — all untagged. 5: Access 10;
     * 6: Trunk {10, 20}; 7: Access 10, promiscuous.
     */
    private static final List<LiveContext> SWITCH = List.of(
            context(1, VlanPolicy.UNTAGGED),
            context(2, VlanPolicy.UNTAGGED, GuestConfig.builder().join(GROUP).build()),
            context(3, VlanPolicy.UNTAGGED, GuestConfig.builder().allMulticast(true).build()),
            context(4, VlanPolicy.UNTAGGED, GuestConfig.builder().promiscuous(true).build()),
            context(5, ACCESS_10),
            context(6, new VlanPolicy.Trunk(List.of(10, 20))),
            context(7, ACCESS_10, GuestConfig.builder().promiscuous(true).build()));

    /** An untagged 60-byte frame, EtherType 0x0800. */
    private static byte[] untagged(MacAddress destination, MacAddress source) {
        byte[] frame = new byte[60];
        destination.write(frame, 0);
        source.write(frame, 6);
        frame[12] = 0x08;
        return frame;
    }

    /** A 64-byte frame tagged 0x8100 with {@code vid}, inner EtherType 0x0800. */
    private static byte[] tagged(MacAddress destination, MacAddress source, int vid) {
        byte[] frame = new byte[64];
        destination.write(frame, 0);
        source.write(frame, 6);
        frame[12] = (byte) 0x81;
        frame[14] = (byte) (vid >>> 8);
        frame[15] = (byte) vid;
        frame[16] = 0x08;
        return frame;
    }

    private static List<Integer> recipients(byte[] frame, List<LiveContext> live) {
        return Demux.recipients(frame, 0, frame.length, live);
    }

    @Test
    void required_DEMUX4_broadcastReachesEveryMemberOfItsVlan() {
        assertThat(recipients(untagged(MacAddress.BROADCAST, OUTSIDE), SWITCH)).containsExactly(1, 2, 3, 4);
        assertThat(recipients(tagged(MacAddress.BROADCAST, OUTSIDE, 10), SWITCH)).containsExactly(5, 6, 7);
        assertThat(recipients(tagged(MacAddress.BROADCAST, OUTSIDE, 20), SWITCH)).containsExactly(6);
        assertThat(recipients(tagged(MacAddress.BROADCAST, OUTSIDE, 30), SWITCH)).as("DEMUX-9: a VLAN nobody carries").isEmpty();
    }

    @Test
    void required_DEMUX7_broadcastReachesEveryMemberButTheOwnerOfTheSourceMac() {
        assertThat(recipients(untagged(MacAddress.BROADCAST, mac(2)), SWITCH)).containsExactly(1, 3, 4);
        assertThat(recipients(untagged(MacAddress.BROADCAST, mac(4)), SWITCH)).as("promiscuous or not").containsExactly(1, 2, 3);
        assertThat(recipients(tagged(MacAddress.BROADCAST, mac(7), 10), SWITCH)).containsExactly(5, 6);
    }

    @Test
    void required_DEMUX7_aUnicastFrameToItsOwnSenderIsDropped() {
        assertThat(recipients(untagged(mac(1), mac(1)), List.of(context(1, VlanPolicy.UNTAGGED)))).isEmpty();
    }

    @Test
    void required_DEMUX5_multicastReachesJoinedAllMulticastAndPromiscuousMembersOnly() {
        assertThat(recipients(untagged(GROUP, OUTSIDE), SWITCH)).containsExactly(2, 3, 4);
        assertThat(recipients(untagged(OTHER_GROUP, OUTSIDE), SWITCH)).containsExactly(3, 4);
        assertThat(recipients(tagged(GROUP, OUTSIDE, 10), SWITCH)).as("joined on another VLAN does not count").containsExactly(7);
    }

    @Test
    void required_DEMUX3_unicastReachesItsOwnerOnTheOwnersVlan() {
        assertThat(recipients(untagged(mac(1), OUTSIDE), SWITCH)).containsExactly(1, 4); // 4 is promiscuous
        assertThat(recipients(tagged(mac(5), OUTSIDE, 10), SWITCH)).containsExactly(5, 7);
        assertThat(recipients(tagged(mac(6), OUTSIDE, 20), SWITCH)).containsExactly(6);
        assertThat(recipients(untagged(mac(3), OUTSIDE), SWITCH)).as("all-multicast is not promiscuous").containsExactly(3, 4);
    }

    @Test
    void required_DEMUX3_unicastToAnOwnerNotOnTheFramesVlanReachesNobody() {
        List<LiveContext> live = List.of(context(1, VlanPolicy.UNTAGGED), context(5, ACCESS_10), context(6, new VlanPolicy.Trunk(List.of(20))));
        assertThat(recipients(tagged(mac(1), OUTSIDE, 10), live)).isEmpty();
        assertThat(recipients(untagged(mac(5), OUTSIDE), live)).isEmpty();
        assertThat(recipients(tagged(mac(5), OUTSIDE, 20), live)).isEmpty();
        assertThat(recipients(tagged(mac(6), OUTSIDE, 10), live)).isEmpty();
        assertThat(recipients(untagged(mac(9), OUTSIDE), live)).as("DEMUX-9: nobody's MAC").isEmpty();
    }

    @Test
    void required_DEMUX6_promiscuousMirrorsItsVlansAndNothingMore() {
        assertThat(recipients(untagged(mac(9), OUTSIDE), SWITCH)).containsExactly(4);
        assertThat(recipients(tagged(mac(9), OUTSIDE, 10), SWITCH)).containsExactly(7);
        assertThat(recipients(tagged(mac(9), OUTSIDE, 20), SWITCH)).isEmpty();
    }

    @Test
    void required_DEMUX1_aFrameWithNoVlanReachesNobodyEvenPromiscuous() {
        byte[] priority = tagged(MacAddress.BROADCAST, OUTSIDE, 0);
        byte[] reserved = tagged(MacAddress.BROADCAST, OUTSIDE, 0xFFF);
        byte[] service = tagged(MacAddress.BROADCAST, OUTSIDE, 10);
        service[12] = (byte) 0x88;
        service[13] = (byte) 0xA8;
        for (byte[] frame : List.of(priority, reserved, service)) {
            assertThat(recipients(frame, SWITCH)).isEmpty();
        }
    }

    @Test
    void required_DEMUX8_aContextSelectedForSeveralReasonsTakesOneCopy() {
        LiveContext everything = context(1, VlanPolicy.UNTAGGED,
                GuestConfig.builder().promiscuous(true).allMulticast(true).join(GROUP).join(GROUP).build());
        assertThat(recipients(untagged(GROUP, OUTSIDE), List.of(everything))).containsExactly(1);
    }

    @Test
    void required_DEMUX11_failedContextsAreStillRecipients() {
        LiveContext failed = new LiveContext(3, ContextState.FAILED, context(3, VlanPolicy.UNTAGGED).host(), GuestConfig.DEFAULT);
        assertThat(recipients(untagged(MacAddress.BROADCAST, OUTSIDE), List.of(context(1, VlanPolicy.UNTAGGED), failed)))
                .containsExactly(1, 3);
    }

    @Test
    void recipientsComeInAscendingIdWhateverTheOrderOfTheView() {
        List<LiveContext> shuffled = new ArrayList<>(SWITCH);
        Collections.reverse(shuffled);
        assertThat(recipients(untagged(MacAddress.BROADCAST, OUTSIDE), shuffled)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void required_DEMUX10_anAccessCopyLosesOctets12To15() {
        byte[] frame = new byte[22];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        byte[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21};

        assertThat(Demux.copyFor(ACCESS_10, frame, 0, frame.length)).isEqualTo(expected);
    }

    @Test
    void required_DEMUX10_anAccessCopyOfATaggedFrameIsTheUntaggedFrameFourBytesShorter() {
        byte[] wire = tagged(mac(5), OUTSIDE, 10);
        byte[] copy = Demux.copyFor(ACCESS_10, wire, 0, wire.length);

        assertThat(copy).hasSize(wire.length - 4);
        assertThat(copy[12]).isEqualTo((byte) 0x08);
        assertThat(copy[13]).isEqualTo((byte) 0x00);
    }

    @Test
    void required_DEMUX10_untaggedAndTrunkCopiesAreTheFrameAsItArrived() {
        byte[] wire = new byte[80];
        byte[] frame = tagged(MacAddress.BROADCAST, OUTSIDE, 20);
        System.arraycopy(frame, 0, wire, 7, frame.length);

        assertThat(Demux.copyFor(new VlanPolicy.Trunk(List.of(20)), wire, 7, frame.length)).isEqualTo(frame);
        assertThat(Demux.copyFor(VlanPolicy.UNTAGGED, wire, 7, frame.length)).isEqualTo(frame);
        assertThat(Demux.copyFor(ACCESS_10, wire, 7, frame.length)).as("the slice, not the array").hasSize(frame.length - 4);
    }
}
