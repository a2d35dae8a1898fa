package io.netchannel.model.contexts;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.txfilter.Enforcement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of spec 08, section 4: where a frame the TX path decided goes in each mode. */
class SwitchingTest {

    private static final MacAddress OUTSIDE = MacAddress.parse("02:99:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    private static MacAddress mac(int id) {
        return new MacAddress(0x0200_0000_0000L + id);
    }

    private static LiveContext context(int id, ContextState state, VlanPolicy vlan) {
        ContextConfig host = ContextConfig.builder().mac(mac(id)).txRingGref(2 * id).rxRingGref(2 * id + 1).vlan(vlan).build();
        return new LiveContext(id, state, host, GuestConfig.DEFAULT);
    }

    /** 1 and 2 untagged, 3 on Access 10, 4 on Trunk {10, 20}, 5 untagged and FAILED. */
    private static final List<LiveContext> LIVE = List.of(
            context(1, ContextState.ACTIVE, VlanPolicy.UNTAGGED),
            context(2, ContextState.ACTIVE, VlanPolicy.UNTAGGED),
            context(3, ContextState.ACTIVE, new VlanPolicy.Access(10)),
            context(4, ContextState.ACTIVE, new VlanPolicy.Trunk(List.of(10, 20))),
            context(5, ContextState.FAILED, VlanPolicy.UNTAGGED));

    /** An untagged 60-byte frame from context 1, EtherType 0x0800. */
    private static byte[] untagged(MacAddress destination) {
        byte[] frame = new byte[60];
        destination.write(frame, 0);
        mac(1).write(frame, 6);
        frame[12] = 0x08;
        return frame;
    }

    /** A 64-byte frame from context 1 tagged 0x8100 with TCI {@code tci}. */
    private static byte[] tagged(MacAddress destination, int tci) {
        byte[] frame = new byte[64];
        destination.write(frame, 0);
        mac(1).write(frame, 6);
        frame[12] = (byte) 0x81;
        frame[14] = (byte) (tci >>> 8);
        frame[15] = (byte) tci;
        frame[16] = 0x08;
        return frame;
    }

    private static boolean staysLocal(byte[] frame) {
        return Switching.staysLocal(frame, 0, frame.length, 1, LIVE);
    }

    private static Switching.Route route(SwitchMode mode, byte[] frame) {
        return Switching.route(mode, 1, new Enforcement.Send(frame, 0), LIVE);
    }

    @Test
    void required_CTX6_aFrameStaysLocalOnlyWhenAnotherLiveMemberOfItsVlanOwnsItsDestination() {
        assertThat(staysLocal(untagged(mac(2)))).isTrue();
        assertThat(staysLocal(untagged(mac(5)))).as("a FAILED context is live: its copy is its own loss").isTrue();
        assertThat(staysLocal(tagged(mac(4), 10))).as("a trunk member of VLAN 10").isTrue();
        assertThat(staysLocal(tagged(mac(3), 10))).as("an Access member of VLAN 10").isTrue();
        assertThat(staysLocal(untagged(mac(3)))).as("3 is not on the untagged VLAN").isFalse();
        assertThat(staysLocal(tagged(mac(3), 20))).as("3 is not on VLAN 20").isFalse();
        assertThat(staysLocal(tagged(mac(2), 0x000))).as("a priority tag: no VLAN").isFalse();
        assertThat(staysLocal(untagged(mac(1)))).as("the sender's own MAC").isFalse();
        assertThat(staysLocal(untagged(OUTSIDE))).as("unknown unicast").isFalse();
        assertThat(staysLocal(untagged(MacAddress.BROADCAST))).isFalse();
        assertThat(staysLocal(untagged(GROUP))).isFalse();
    }

    @Test
    void required_CTX6_staysLocalReadsTheFrameAtItsOffset() {
        byte[] frame = untagged(mac(2));
        byte[] padded = new byte[frame.length + 7];
        System.arraycopy(frame, 0, padded, 7, frame.length);
        assertThat(Switching.staysLocal(padded, 7, frame.length, 1, LIVE)).isTrue();
        assertThat(Switching.staysLocal(padded, 7, frame.length, 2, LIVE)).as("from 2 to its own MAC").isFalse();
    }

    @Test
    void required_CTX8_aDroppedFrameGoesNowhereInEveryMode() {
        for (SwitchMode mode : SwitchMode.values()) {
            Switching.Route route = Switching.route(mode, 1, new Enforcement.Drop(Counter.TX_DROP_SPOOF, Enforcement.NOT_FILTERED), LIVE);
            assertThat(route).as("%s", mode).isSameAs(Switching.Route.NOWHERE);
            assertThat(route.nowhere()).isTrue();
        }
    }

    @Test
    void required_CTX5_vepaSendsEveryFrameToTheWireOnly() {
        byte[] frame = untagged(mac(2));
        Switching.Route route = route(SwitchMode.VEPA, frame);
        assertThat(route.local()).isNull();
        assertThat(route.wire()).isEqualTo(frame);
        assertThat(route.nowhere()).isFalse();
    }

    @Test
    void required_CTX6_vebKeepsUnicastToAnotherLiveMemberLocal() {
        byte[] frame = untagged(mac(2));
        Switching.Route route = route(SwitchMode.VEB, frame);
        assertThat(route.local()).isEqualTo(frame);
        assertThat(route.wire()).isNull();
    }

    @Test
    void required_CTX6_vebSwitchesAndSendsUnicastToAnOwnerOnAnotherVlan() {
        byte[] frame = untagged(mac(3)); // 3 is on Access 10, the frame untagged
        Switching.Route route = route(SwitchMode.VEB, frame);
        assertThat(route.local()).isEqualTo(frame);
        assertThat(route.wire()).isEqualTo(frame);
    }

    @Test
    void required_CTX6_vebSwitchesAndSendsMulticastAndBroadcast() {
        for (MacAddress group : List.of(GROUP, MacAddress.BROADCAST)) {
            byte[] frame = untagged(group);
            Switching.Route route = route(SwitchMode.VEB, frame);
            assertThat(route.local()).as("%s", group).isEqualTo(frame);
            assertThat(route.wire()).as("%s", group).isEqualTo(frame);
            assertThat(route.wire()).as("two arrays: one demuxed, one sent").isNotSameAs(route.local());
        }
    }

    @Test
    void required_CTX6_vebSwitchesAndSendsAFrameToTheSendersOwnMac() {
        byte[] frame = untagged(mac(1));
        Switching.Route route = route(SwitchMode.VEB, frame);
        assertThat(route.local()).isEqualTo(frame);
        assertThat(route.wire()).isEqualTo(frame);
    }

    @Test
    void required_CTX7_softwareRoutesAsVeb() {
        for (byte[] frame : List.of(untagged(mac(2)), untagged(OUTSIDE), untagged(GROUP))) {
            Switching.Route veb = route(SwitchMode.VEB, frame);
            Switching.Route software = route(SwitchMode.SOFTWARE, frame);
            assertThat(software.local()).isEqualTo(veb.local());
            assertThat(software.wire()).isEqualTo(veb.wire());
        }
    }

    @Test
    void required_CTX6_aFrameLongerThanAnyContextMayReceiveGoesToTheWireOnly() {
        byte[] longest = java.util.Arrays.copyOf(tagged(mac(4), 10), 0xFFFF + 4); // an Access sender's 65535 bytes, tagged
        assertThat(staysLocal(longest)).as("context 4 owns it on VLAN 10, but it is too long to switch").isFalse();
        Switching.Route route = route(SwitchMode.VEB, longest);
        assertThat(route.local()).isNull();
        assertThat(route.wire()).isEqualTo(longest);
        byte[] fits = java.util.Arrays.copyOf(tagged(mac(4), 10), 0xFFFF);
        assertThat(route(SwitchMode.VEB, fits).local()).as("65535 bytes still switch").isEqualTo(fits);
        assertThat(route(SwitchMode.VEB, fits).wire()).isNull();
    }
}
