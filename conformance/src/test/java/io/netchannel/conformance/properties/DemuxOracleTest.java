package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.VlanPolicy;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Worked examples of chapter 06 for {@link DemuxOracle}, written out by hand from the spec's tables (and section 5a's RX rules). */
class DemuxOracleTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");
    private static final MacAddress OUTSIDE = MacAddress.parse("02:99:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** dst, src, then the given octets 12.. (as hex), then zero padding up to {@code length}. */
    private static byte[] frame(MacAddress dst, MacAddress src, String from12, int length) {
        byte[] tail = hex(from12);
        byte[] frame = new byte[Math.max(length, 12 + tail.length)];
        dst.write(frame, 0);
        src.write(frame, 6);
        System.arraycopy(tail, 0, frame, 12, tail.length);
        return java.util.Arrays.copyOf(frame, length);
    }

    // ------------------------------------------------------------------ DEMUX-1, one test per table row

    @Test
    void row1_8100WithVid1To4094AndAtLeast18BytesIsTaggedWithThatVid() {
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0064 0800", 60))).isEqualTo(100);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0001 0800", 18))).isEqualTo(1);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0ffe 0800", 18))).isEqualTo(4094);
        // PCP 7 and DEI set: the VID is the low 12 bits only
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 f014 0800", 64))).isEqualTo(20);
    }

    @Test
    void row2_8100WithVid0Or0xFFFOrShorterThan18BytesBelongsToNoVlan() {
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0000 0800", 64))).isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 e000 0800", 64))).as("priority-tagged, PCP 7").isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0fff 0800", 64))).isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100 0064 08", 17))).as("17 bytes").isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8100", 14))).as("14 bytes").isEqualTo(DemuxOracle.NO_VLAN);
    }

    @Test
    void row3_serviceTagsBelongToNoVlanWhateverFollows() {
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "88a8 0064 8100 0064 0800", 64))).isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "9100 0064 0800", 64))).isEqualTo(DemuxOracle.NO_VLAN);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "88a8", 14))).isEqualTo(DemuxOracle.NO_VLAN);
    }

    @Test
    void row4_anythingElseOfAtLeast14BytesIsUntagged() {
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "0800", 14))).isEqualTo(DemuxOracle.UNTAGGED);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "86dd", 100))).isEqualTo(DemuxOracle.UNTAGGED);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "8101 0064", 60))).as("not quite 0x8100").isEqualTo(DemuxOracle.UNTAGGED);
        assertThat(DemuxOracle.vlanOf(frame(A, OUTSIDE, "0081 0064", 60))).as("byte order matters").isEqualTo(DemuxOracle.UNTAGGED);
    }

    // ------------------------------------------------------------------ DEMUX-2

    @Test
    void membershipTable() {
        VlanPolicy access = new VlanPolicy.Access(10);
        VlanPolicy trunk = new VlanPolicy.Trunk(List.of(10, 20));
        assertThat(DemuxOracle.member(VlanPolicy.UNTAGGED, DemuxOracle.UNTAGGED)).isTrue();
        assertThat(DemuxOracle.member(VlanPolicy.UNTAGGED, 10)).isFalse();
        assertThat(DemuxOracle.member(access, 10)).isTrue();
        assertThat(DemuxOracle.member(access, DemuxOracle.UNTAGGED)).isFalse();
        assertThat(DemuxOracle.member(access, 20)).isFalse();
        assertThat(DemuxOracle.member(trunk, 20)).isTrue();
        assertThat(DemuxOracle.member(trunk, 30)).isFalse();
        assertThat(DemuxOracle.member(trunk, DemuxOracle.UNTAGGED)).isFalse();
        assertThat(DemuxOracle.member(VlanPolicy.UNTAGGED, DemuxOracle.NO_VLAN)).isFalse();
    }

    // ------------------------------------------------------------------ section 4, worked topologies

    private static DemuxOracle.Member member(int ctx, MacAddress mac, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, Set<MacAddress> groups) {
        return new DemuxOracle.Member(ctx, List.of(mac), vlan, promiscuous, allMulticast, groups, false);
    }

    /** ctx 0 Untagged (A), ctx 1 Access(10) (B), ctx 2 Trunk{10,20} (C), ctx 3 Trunk{20} promiscuous, ctx 4 Untagged all-multicast. */
    private static List<DemuxOracle.Member> topology() {
        return List.of(member(0, A, VlanPolicy.UNTAGGED, false, false, Set.of()),
                member(1, B, new VlanPolicy.Access(10), false, false, Set.of(GROUP)),
                member(2, C, new VlanPolicy.Trunk(List.of(10, 20)), false, false, Set.of()),
                member(3, MacAddress.parse("02:00:00:00:00:0d"), new VlanPolicy.Trunk(List.of(20)), true, false, Set.of()),
                member(4, MacAddress.parse("02:00:00:00:00:0e"), VlanPolicy.UNTAGGED, false, true, Set.of()));
    }

    private static List<Integer> recipients(DemuxOracle.Decision decision) {
        return decision.copies().stream().map(DemuxOracle.Copy::context).toList();
    }

    @Test
    void unicastGoesToItsOwnerOnTheOwnersVlanOnly() {
        assertThat(recipients(DemuxOracle.demux(frame(A, OUTSIDE, "0800", 60), topology()))).containsExactly(0);
        // B is Access(10): untagged unicast to B is unknown unicast (DEMUX-3), nobody promiscuous is untagged: dropped (DEMUX-9)
        DemuxOracle.Decision toB = DemuxOracle.demux(frame(B, OUTSIDE, "0800", 60), topology());
        assertThat(toB.dropped()).isTrue();
        assertThat(toB.why()).startsWith("DEMUX-9");
        assertThat(recipients(DemuxOracle.demux(frame(B, OUTSIDE, "8100 000a 0800", 60), topology()))).containsExactly(1);
        // C on VLAN 20: C itself, and ctx 3 which is promiscuous on 20 (DEMUX-6)
        DemuxOracle.Decision toC = DemuxOracle.demux(frame(C, OUTSIDE, "8100 0014 0800", 60), topology());
        assertThat(recipients(toC)).containsExactly(2, 3);
        assertThat(toC.copyFor(2).rule()).isEqualTo("DEMUX-3");
        assertThat(toC.copyFor(3).rule()).isEqualTo("DEMUX-6");
    }

    @Test
    void broadcastReachesEveryMemberOnceButNotItsSender() {
        DemuxOracle.Decision onTen = DemuxOracle.demux(frame(MacAddress.BROADCAST, B, "8100 000a 0806", 60), topology());
        assertThat(recipients(onTen)).as("VLAN 10 members are 1 and 2; 1 sent it").containsExactly(2);
        DemuxOracle.Decision untagged = DemuxOracle.demux(frame(MacAddress.BROADCAST, OUTSIDE, "0806", 60), topology());
        assertThat(recipients(untagged)).containsExactly(0, 4);
        assertThat(untagged.copyFor(0).rule()).isEqualTo("DEMUX-4");
    }

    @Test
    void multicastReachesJoinedAllMulticastAndPromiscuousMembers() {
        // untagged: ctx 0 did not join, ctx 4 is all-multicast
        assertThat(recipients(DemuxOracle.demux(frame(GROUP, OUTSIDE, "0800", 60), topology()))).containsExactly(4);
        // VLAN 10: ctx 1 joined, ctx 2 did not
        assertThat(recipients(DemuxOracle.demux(frame(GROUP, OUTSIDE, "8100 000a 0800", 60), topology()))).containsExactly(1);
        // VLAN 20: nobody joined but ctx 3 is promiscuous
        assertThat(recipients(DemuxOracle.demux(frame(GROUP, OUTSIDE, "8100 0014 0800", 60), topology()))).containsExactly(3);
        // VLAN 30: nobody at all
        assertThat(DemuxOracle.demux(frame(GROUP, OUTSIDE, "8100 001e 0800", 60), topology()).dropped()).isTrue();
    }

    @Test
    void promiscuousNeverSeesItsOwnFramesNorAnotherVlan() {
        MacAddress d = MacAddress.parse("02:00:00:00:00:0d");
        assertThat(recipients(DemuxOracle.demux(frame(OUTSIDE, d, "8100 0014 0800", 60), topology()))).isEmpty();
        assertThat(recipients(DemuxOracle.demux(frame(OUTSIDE, OUTSIDE, "8100 000a 0800", 60), topology()))).isEmpty();
    }

    @Test
    void noVlanMeansDroppedByDemux1EvenForPromiscuousContexts() {
        DemuxOracle.Decision decision = DemuxOracle.demux(frame(MacAddress.BROADCAST, OUTSIDE, "8100 0000 0800", 60), topology());
        assertThat(decision.dropped()).isTrue();
        assertThat(decision.why()).startsWith("DEMUX-1");
    }

    @Test
    void anAccessCopyLosesOctets12To15AndATrunkCopyKeepsThem() {
        byte[] frame = frame(MacAddress.BROADCAST, OUTSIDE, "8100 a00a 0800 4500 0014", 64);
        DemuxOracle.Decision decision = DemuxOracle.demux(frame, topology());
        byte[] access = decision.copyFor(1).bytes();
        assertThat(access).hasSize(60);
        assertThat(java.util.Arrays.copyOfRange(access, 0, 12)).isEqualTo(java.util.Arrays.copyOfRange(frame, 0, 12));
        assertThat(java.util.Arrays.copyOfRange(access, 12, 16)).isEqualTo(hex("0800 4500"));
        assertThat(decision.copyFor(2).bytes()).isEqualTo(frame);
    }

    @Test
    void aFailedRecipientStillCountsAsARecipient() {
        List<DemuxOracle.Member> one = List.of(new DemuxOracle.Member(0, List.of(A), VlanPolicy.UNTAGGED, false, false, Set.of(), true));
        DemuxOracle.Decision decision = DemuxOracle.demux(frame(A, OUTSIDE, "0800", 60), one);
        assertThat(decision.dropped()).isFalse();
        assertThat(decision.copyFor(0).failed()).isTrue();
    }

    // ------------------------------------------------------------------ section 5a, DEMUX-14 to DEMUX-16

    /** 20-byte IPv4 header, {@code protocol}, fragment field {@code fragment}, 10.0.0.1 to 192.0.2.1, then source and destination port. */
    private static String ipv4(int protocol, String fragment, String ports) {
        return "0800 4500 0030 1234 " + fragment + " 40" + String.format("%02x", protocol) + " 0000 0a000001 c0000201 " + ports;
    }

    private static DemuxOracle.Member ruled(int ctx, MacAddress mac, VlanPolicy vlan, List<FilterRule> rules, FilterAction otherwise) {
        return new DemuxOracle.Member(ctx, List.of(mac), vlan, false, false, Set.of(), false, rules, otherwise);
    }

    @Test
    void theFirstRuleThatHoldsDecidesAndTheDefaultWhenNoneDoes() {
        List<FilterRule> rules = List.of(FilterRule.drop(FilterMatch.builder().protocol(17).destinationPort(PortRange.of(53)).build()),
                FilterRule.allow(FilterMatch.builder().protocol(17).build()));
        byte[] dns = frame(A, OUTSIDE, ipv4(17, "0000", "9c40 0035"), 64);
        byte[] other = frame(A, OUTSIDE, ipv4(17, "0000", "9c40 0036"), 64);
        byte[] tcp = frame(A, OUTSIDE, ipv4(6, "0000", "9c40 0035"), 64);
        assertThat(DemuxOracle.rxRule(rules, dns)).as("rules 0 and 1 hold: the first decides").isZero();
        assertThat(DemuxOracle.rxAction(rules, FilterAction.ALLOW, dns)).isEqualTo(FilterAction.DROP);
        assertThat(DemuxOracle.rxAction(rules, FilterAction.DROP, other)).isEqualTo(FilterAction.ALLOW);
        assertThat(DemuxOracle.rxRule(rules, tcp)).as("no rule holds").isEqualTo(2);
        assertThat(DemuxOracle.rxAction(rules, FilterAction.DROP, tcp)).isEqualTo(FilterAction.DROP);
        assertThat(DemuxOracle.rxAction(List.of(), FilterAction.DROP, tcp)).as("no rules: the default alone").isEqualTo(FilterAction.DROP);
    }

    @Test
    void portsOfALaterFragmentNeverHold() {
        List<FilterRule> rules = List.of(FilterRule.drop(FilterMatch.builder().destinationPort(PortRange.of(53)).build()));
        assertThat(DemuxOracle.rxAction(rules, FilterAction.ALLOW, frame(A, OUTSIDE, ipv4(17, "2000", "9c40 0035"), 64)))
                .as("first fragment, MF set: ports read").isEqualTo(FilterAction.DROP);
        assertThat(DemuxOracle.rxAction(rules, FilterAction.ALLOW, frame(A, OUTSIDE, ipv4(17, "00b9", "9c40 0035"), 64)))
                .as("offset 185: no ports").isEqualTo(FilterAction.ALLOW);
    }

    @Test
    void anAccessRecipientsRulesReadTheFrameAsItCameTagIncluded() {
        List<FilterRule> ipv4Only = List.of(FilterRule.allow(FilterMatch.builder().destination(IpPrefix.parse("192.0.2.0/24")).build()));
        DemuxOracle.Member access = ruled(1, B, new VlanPolicy.Access(10), ipv4Only, FilterAction.DROP);
        // one tag: the reader steps over it and finds the IPv4 header; the copy loses the tag
        DemuxOracle.Decision single = DemuxOracle.demux(frame(B, OUTSIDE, "8100 000a " + ipv4(17, "0000", "9c40 0035"), 68), List.of(access));
        assertThat(single.copyFor(1).filtered()).isFalse();
        assertThat(single.copyFor(1).bytes()).hasSize(64);
        // a stacked tag: as it came, the EtherType after the outer tag is 0x8100, so no IPv4 header is read and the default drops it,
        // although the stripped copy would read as IPv4
        DemuxOracle.Decision stacked = DemuxOracle.demux(frame(B, OUTSIDE, "8100 000a 8100 0014 " + ipv4(17, "0000", "9c40 0035"), 72),
                List.of(access));
        assertThat(stacked.copyFor(1).filtered()).isTrue();
        assertThat(DemuxOracle.rxAction(ipv4Only, FilterAction.DROP, stacked.copyFor(1).bytes())).as("what the stripped copy would give")
                .isEqualTo(FilterAction.ALLOW);
    }

    @Test
    void rulesNarrowEachRecipientAloneAndADroppedCopyIsStillARecipient() {
        List<FilterRule> allowAll = List.of(FilterRule.allow(FilterMatch.ANY));
        List<DemuxOracle.Member> members = List.of(ruled(0, A, VlanPolicy.UNTAGGED, List.of(), FilterAction.DROP),
                ruled(1, B, VlanPolicy.UNTAGGED, List.of(), FilterAction.ALLOW), ruled(2, C, new VlanPolicy.Access(10), allowAll, FilterAction.DROP));
        DemuxOracle.Decision broadcast = DemuxOracle.demux(frame(MacAddress.BROADCAST, OUTSIDE, "0806", 60), members);
        assertThat(recipients(broadcast)).as("allow-everything never widens: ctx 2 is on VLAN 10").containsExactly(0, 1);
        assertThat(broadcast.copyFor(0).filtered()).isTrue();
        assertThat(broadcast.copyFor(1).filtered()).isFalse();
        DemuxOracle.Decision toA = DemuxOracle.demux(frame(A, OUTSIDE, "0806", 60), members);
        assertThat(toA.dropped()).as("a copy the rules drop was selected: no WIRE_DROP_NO_CONTEXT").isFalse();
        assertThat(toA.copyFor(0).filtered()).isTrue();
    }

    @Test
    void theRxRulesComeBeforeTheFailedState() {
        DemuxOracle.Member failed = new DemuxOracle.Member(0, List.of(A), VlanPolicy.UNTAGGED, false, false, Set.of(), true, List.of(), FilterAction.DROP);
        DemuxOracle.Copy copy = DemuxOracle.demux(frame(A, OUTSIDE, "0806", 60), List.of(failed)).copyFor(0);
        assertThat(copy.filtered()).isTrue();
        assertThat(copy.toString()).contains("RX_DROP_FILTER");
    }
}
