package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.VlanPolicy;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of chapter 07 for {@link TxPolicyOracle}, written out by hand from the spec's text. */
class TxPolicyOracleTest {

    private static final MacAddress OWN = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress OTHER = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress DST = MacAddress.parse("02:99:00:00:00:09");
    private static final List<MacAddress> MACS = List.of(OWN);

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** DST, {@code src}, then the octets from 12 on. */
    private static byte[] frame(MacAddress src, String from12) {
        byte[] tail = hex(from12);
        byte[] frame = new byte[12 + tail.length];
        DST.write(frame, 0);
        src.write(frame, 6);
        System.arraycopy(tail, 0, frame, 12, tail.length);
        return frame;
    }

    private static TxPolicyOracle.Decision decide(VlanPolicy vlan, byte[] frame) {
        return TxPolicyOracle.decide(MACS, vlan, List.of(), FilterAction.ALLOW, frame);
    }

    // ------------------------------------------------------------------ TXF-2 to TXF-5

    @Test
    void aSourceTheContextDoesNotOwnIsSpoof() {
        TxPolicyOracle.Decision d = decide(VlanPolicy.UNTAGGED, frame(OTHER, "0800 00"));
        assertThat(d.verdict()).isEqualTo(TxPolicyOracle.Verdict.SPOOF);
        assertThat(d.rule()).isEqualTo(-1);
        assertThat(decide(VlanPolicy.UNTAGGED, frame(OWN, "0800 00")).verdict()).isEqualTo(TxPolicyOracle.Verdict.SENT);
    }

    @Test
    void anUntaggedContextSendsNoTagOfAnyKind() {
        for (String tpid : List.of("8100", "88a8", "9100")) {
            TxPolicyOracle.Decision d = decide(VlanPolicy.UNTAGGED, frame(OWN, tpid + " 000a 0800"));
            assertThat(d.verdict()).as(tpid).isEqualTo(TxPolicyOracle.Verdict.VLAN);
            assertThat(d.why()).isEqualTo("TXF-3");
        }
        assertThat(decide(VlanPolicy.UNTAGGED, frame(OWN, "8101 000a")).wire()).isEqualTo(frame(OWN, "8101 000a"));
    }

    @Test
    void anAccessFrameGetsExactly8100AndItsVidAfterTheSourceMac() {
        byte[] sent = frame(OWN, "0800 4500 0014");
        TxPolicyOracle.Decision d = decide(new VlanPolicy.Access(100), sent);
        assertThat(d.verdict()).isEqualTo(TxPolicyOracle.Verdict.SENT);
        assertThat(d.wire()).isEqualTo(frame(OWN, "8100 0064 0800 4500 0014"));
        assertThat(d.wire()).hasSize(sent.length + 4);
        assertThat(decide(new VlanPolicy.Access(4094), frame(OWN, "86dd")).wire()).isEqualTo(frame(OWN, "8100 0ffe 86dd"));
        // a guest that tags its own frame, even with the right VID, is refused
        assertThat(decide(new VlanPolicy.Access(100), frame(OWN, "8100 0064 0800")).why()).isEqualTo("TXF-4");
        assertThat(decide(new VlanPolicy.Access(100), frame(OWN, "9100 0064 0800")).why()).isEqualTo("TXF-4");
    }

    @Test
    void aTrunkFrameNeeds8100AVidOfItsSetAndEighteenBytes() {
        VlanPolicy trunk = new VlanPolicy.Trunk(List.of(10, 20));
        assertThat(decide(trunk, frame(OWN, "8100 000a 0800")).wire()).isEqualTo(frame(OWN, "8100 000a 0800"));
        assertThat(decide(trunk, frame(OWN, "8100 e014 0800")).verdict()).as("PCP 7, VID 20").isEqualTo(TxPolicyOracle.Verdict.SENT);
        assertThat(decide(trunk, frame(OWN, "8100 001e 0800")).why()).as("VID 30").isEqualTo("TXF-5");
        assertThat(decide(trunk, frame(OWN, "8100 0000 0800")).why()).as("priority tag").isEqualTo("TXF-5");
        assertThat(decide(trunk, frame(OWN, "0800 0000 0000")).why()).as("untagged").isEqualTo("TXF-5");
        assertThat(decide(trunk, frame(OWN, "88a8 000a 0800")).why()).as("service tag").isEqualTo("TXF-5");
        assertThat(decide(trunk, frame(OWN, "8100 000a 08")).why()).as("17 bytes").isEqualTo("TXF-5");
    }

    // ------------------------------------------------------------------ TXF-1: order

    @Test
    void onlyTheFirstFailingCheckCounts() {
        List<FilterRule> dropAll = List.of(FilterRule.drop(FilterMatch.ANY));
        TxPolicyOracle.Decision all = TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, dropAll, FilterAction.DROP, frame(OTHER, "8100 000a 0800"));
        assertThat(all.verdict()).isEqualTo(TxPolicyOracle.Verdict.SPOOF);
        assertThat(all.rule()).as("no rule counter moves").isEqualTo(-1);
        TxPolicyOracle.Decision vlanAndFilter = TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, dropAll, FilterAction.DROP, frame(OWN, "8100 000a 0800"));
        assertThat(vlanAndFilter.verdict()).isEqualTo(TxPolicyOracle.Verdict.VLAN);
        assertThat(vlanAndFilter.rule()).isEqualTo(-1);
        TxPolicyOracle.Decision filter = TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, dropAll, FilterAction.ALLOW, frame(OWN, "0800"));
        assertThat(filter.verdict()).isEqualTo(TxPolicyOracle.Verdict.FILTER);
        assertThat(filter.rule()).isZero();
    }

    // ------------------------------------------------------------------ TXF-6: first match

    @Test
    void theFirstMatchingRuleDecidesAndTheDefaultIsIndexN() {
        List<FilterRule> rules = List.of(FilterRule.allow(FilterMatch.builder().protocol(6).build()), FilterRule.drop(FilterMatch.builder().etherType(0x0800).build()));
        byte[] tcp = Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(6, Frames.v4(10, 0, 0, 1), Frames.v4(10, 0, 0, 2), Frames.ports(1234, 80, 0)));
        byte[] udp = Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(17, Frames.v4(10, 0, 0, 1), Frames.v4(10, 0, 0, 2), Frames.ports(1234, 80, 0)));
        byte[] arp = Frames.ethernet(DST, OWN, 0x0806, new byte[28]);
        assertThat(TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, rules, FilterAction.DROP, tcp)).extracting(d -> d.verdict(), d -> d.rule())
                .containsExactly(TxPolicyOracle.Verdict.SENT, 0);
        assertThat(TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, rules, FilterAction.ALLOW, udp)).extracting(d -> d.verdict(), d -> d.rule())
                .containsExactly(TxPolicyOracle.Verdict.FILTER, 1);
        assertThat(TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, rules, FilterAction.DROP, arp)).extracting(d -> d.verdict(), d -> d.rule())
                .containsExactly(TxPolicyOracle.Verdict.FILTER, 2);
        // last-match would say ALLOW's opposite here: the order of overlapping rules matters
        List<FilterRule> reversed = new java.util.ArrayList<>(rules);
        Collections.reverse(reversed);
        assertThat(TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, reversed, FilterAction.ALLOW, tcp).verdict()).isEqualTo(TxPolicyOracle.Verdict.FILTER);
        assertThat(TxPolicyOracle.decide(MACS, VlanPolicy.UNTAGGED, List.of(), FilterAction.ALLOW, arp).rule()).isZero();
    }

    @Test
    void rulesSeeTheFrameBeforeAnAccessTagIsInserted() {
        List<FilterRule> rules = List.of(FilterRule.drop(FilterMatch.builder().etherType(0x8100).build()), FilterRule.allow(FilterMatch.builder().etherType(0x0800).build()));
        TxPolicyOracle.Decision d = TxPolicyOracle.decide(MACS, new VlanPolicy.Access(7), rules, FilterAction.DROP, frame(OWN, "0800 45"));
        assertThat(d.verdict()).isEqualTo(TxPolicyOracle.Verdict.SENT);
        assertThat(d.rule()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ TXF-7: reading the frame

    @Test
    void ipv6HopByHopThenTcpIsWalkedToItsPorts() {
        // 40-byte header with next header 0, an 8-byte Hop-by-Hop header (length field 0) naming TCP, then ports 1234 -> 443
        byte[] ipv6 = hex("6000 0000 000c 0040"
                + "2001 0db8 0000 0000 0000 0000 0000 0001"
                + "2001 0db8 0000 0000 0000 0000 0000 0002"
                + "0600 0000 0000 0000"
                + "04d2 01bb");
        byte[] frame = Frames.ethernet(DST, OWN, 0x86DD, ipv6);
        TxPolicyOracle.Fields fields = TxPolicyOracle.read(frame);
        assertThat(fields.family()).isEqualTo(6);
        assertThat(fields.protocol()).isEqualTo(6);
        assertThat(fields.sourcePort()).isEqualTo(1234);
        assertThat(fields.destinationPort()).isEqualTo(443);
        FilterMatch https = FilterMatch.builder().protocol(6).destinationPort(PortRange.of(443)).source(IpPrefix.parse("2001:db8::/32")).build();
        assertThat(TxPolicyOracle.matches(https, fields)).isTrue();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().protocol(0).build(), fields)).as("the Hop-by-Hop header is no protocol").isFalse();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("10.0.0.0/8")).build(), fields)).as("IPv4 prefix, IPv6 frame")
                .isFalse();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("0.0.0.0/0")).build(), fields)).as("even /0 needs its family")
                .isFalse();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("::/0")).build(), fields)).isTrue();
        // the same through a trunk tag: EtherType at 16, the header at 18
        byte[] tagged = Frames.tag(frame, 0x8100, 10);
        assertThat(TxPolicyOracle.read(tagged).destinationPort()).isEqualTo(443);
        assertThat(TxPolicyOracle.read(tagged).etherType()).isEqualTo(0x86DD);
    }

    @Test
    void ipv6ExtensionHeadersFragmentsAndTheLimitOfEight() {
        byte[] src = Frames.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
        byte[] dst = Frames.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2);
        List<Frames.Extension> eight = Collections.nCopies(8, new Frames.Extension(Frames.DEST_OPTIONS, 0));
        TxPolicyOracle.Fields ok = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, Frames.ipv6(6, src, dst, eight, 17, Frames.ports(53, 53, 0))));
        assertThat(ok.protocol()).isEqualTo(17);
        assertThat(ok.destinationPort()).isEqualTo(53);
        List<Frames.Extension> nine = Collections.nCopies(9, new Frames.Extension(Frames.DEST_OPTIONS, 0));
        TxPolicyOracle.Fields tooMany = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, Frames.ipv6(6, src, dst, nine, 17, Frames.ports(53, 53, 0))));
        assertThat(tooMany.protocol()).isEqualTo(-1);
        assertThat(tooMany.family()).as("addresses stay known").isEqualTo(6);
        // a routing header of 16 bytes (length field 1), then a later fragment: protocol known, ports not
        TxPolicyOracle.Fields later = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, Frames.ipv6(6, src, dst,
                List.of(new Frames.Extension(Frames.ROUTING, 1), new Frames.Extension(Frames.FRAGMENT, 185)), 6, Frames.ports(1, 2, 0))));
        assertThat(later.protocol()).isEqualTo(6);
        assertThat(later.laterFragment()).isTrue();
        assertThat(later.destinationPort()).isEqualTo(-1);
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().destinationPort(new PortRange(0, 65535)).build(), later))
                .as("a rule asking for a port never matches unknown ports").isFalse();
        // the first fragment (offset 0) has its ports
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, Frames.ipv6(6, src, dst, List.of(new Frames.Extension(Frames.FRAGMENT, 0)), 6,
                Frames.ports(1, 2, 0)))).destinationPort()).isEqualTo(2);
        // a destination-options header that runs past the end of the frame: protocol unknown
        byte[] cut = Frames.cut(Frames.ipv6(6, src, dst, List.of(new Frames.Extension(Frames.DEST_OPTIONS, 2)), 6, Frames.ports(1, 2, 0)), 40 + 20);
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, cut)).protocol()).isEqualTo(-1);
        // ports need 4 bytes after the last header
        byte[] three = Frames.cut(Frames.ipv6(6, src, dst, List.of(), 6, Frames.ports(1, 2, 0)), 43);
        TxPolicyOracle.Fields short3 = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, three));
        assertThat(short3.protocol()).isEqualTo(6);
        assertThat(short3.sourcePort()).isEqualTo(-1);
        // version 4 in an IPv6 EtherType: unreadable
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x86DD, Frames.ipv6(4, src, dst, List.of(), 6, Frames.ports(1, 2, 0)))).family()).isZero();
    }

    @Test
    void ipv4HeaderLengthFragmentsAndTruncation() {
        byte[] a = Frames.v4(10, 1, 2, 3);
        byte[] b = Frames.v4(192, 168, 1, 1);
        // IHL 6: the ports start 24 bytes in; the total length (here nonsense) is not consulted
        TxPolicyOracle.Fields withOptions = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(4, 6, 17, 0, 3, a, b, Frames.ports(68, 67, 0))));
        assertThat(withOptions.destinationPort()).isEqualTo(67);
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("10.0.0.0/8")).destination(IpPrefix.parse("192.168.1.0/24")).build(),
                withOptions)).isTrue();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("10.1.2.2/31")).build(), withOptions)).isTrue();
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().source(IpPrefix.parse("10.1.2.4/31")).build(), withOptions)).isFalse();
        // IHL 4 or version 6: unreadable, so no address or protocol holds
        TxPolicyOracle.Fields ihl4 = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(4, 4, 6, 0, 40, a, b, Frames.ports(1, 2, 0))));
        assertThat(ihl4.family()).isZero();
        assertThat(ihl4.protocol()).isEqualTo(-1);
        assertThat(TxPolicyOracle.matches(FilterMatch.builder().etherType(0x0800).build(), ihl4)).as("the EtherType is still read").isTrue();
        // IHL 15 needs 60 bytes of header
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.cut(Frames.ipv4(4, 15, 6, 0, 60, a, b, new byte[0]), 59))).family()).isZero();
        // a later fragment keeps its protocol, loses its ports
        TxPolicyOracle.Fields later = TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(4, 5, 6, 1, 40, a, b, Frames.ports(1, 2, 0))));
        assertThat(later.protocol()).isEqualTo(6);
        assertThat(later.sourcePort()).isEqualTo(-1);
        // 19 bytes of header: unreadable
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.cut(Frames.ipv4(6, a, b, new byte[0]), 19))).family()).isZero();
        // ICMP has no ports even with bytes to spare
        assertThat(TxPolicyOracle.read(Frames.ethernet(DST, OWN, 0x0800, Frames.ipv4(1, a, b, Frames.ports(1, 2, 8)))).sourcePort()).isEqualTo(-1);
    }
}
