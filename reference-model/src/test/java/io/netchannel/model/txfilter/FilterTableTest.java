package io.netchannel.model.txfilter;

import static io.netchannel.model.txfilter.Frames.MACS;
import static io.netchannel.model.txfilter.Frames.TCP_1234_TO_80;
import static io.netchannel.model.txfilter.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.PortRange;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching (TXF-7), first match (TXF-6) and the rule bound (TXF-10). */
class FilterTableTest {

    private static final FrameHeader IPV4_TCP_80 = FrameHeader.read(Frames.ipv4Tcp());
    private static final FrameHeader IPV6_HOP_BY_HOP_TCP_80 = FrameHeader.read(Frames.ipv6("00", "06 00 0000 00000000 " + TCP_1234_TO_80));
    private static final FrameHeader ARP = FrameHeader.read(hex(MACS + "0806 0001 0800 06 04 0001"));
    private static final FrameHeader IHL_4 = FrameHeader.read(hex(MACS + "0800 44 00 0028 0000 0000 40 06 0000 0a000001 0a000002 "
            + TCP_1234_TO_80));
    private static final FrameHeader LATER_FRAGMENT = FrameHeader.read(hex(MACS + "0800 45 00 0028 0000 0001 40 06 0000 0a000001 0a000002 "
            + TCP_1234_TO_80));

    private static boolean holds(FilterMatch match, FrameHeader header) {
        return FilterTable.holds(match, header);
    }

    @Test
    void required_TXF7_anyMatchesEveryFrameEvenAnUnreadableOne() {
        for (FrameHeader header : List.of(IPV4_TCP_80, IPV6_HOP_BY_HOP_TCP_80, ARP, IHL_4, LATER_FRAGMENT, FrameHeader.read(new byte[0]))) {
            assertThat(holds(FilterMatch.ANY, header)).isTrue();
        }
    }

    @Test
    void required_TXF7_everyPresentFieldMustHold() {
        FilterMatch tcpTo80From10 = FilterMatch.builder().etherType(0x0800).source(IpPrefix.parse("10.0.0.0/8"))
                .destination(IpPrefix.parse("10.0.0.2/32")).protocol(6).sourcePort(new PortRange(1024, 65535))
                .destinationPort(PortRange.of(80)).build();
        assertThat(holds(tcpTo80From10, IPV4_TCP_80)).isTrue();
        assertThat(holds(FilterMatch.builder().etherType(0x0800).protocol(17).build(), IPV4_TCP_80)).as("one field fails").isFalse();
        assertThat(holds(FilterMatch.builder().destination(IpPrefix.parse("192.168.0.0/16")).build(), IPV4_TCP_80)).isFalse();
        assertThat(holds(FilterMatch.builder().sourcePort(new PortRange(0, 1023)).build(), IPV4_TCP_80)).isFalse();
    }

    @Test
    void required_TXF7_anUnreadableIpv4HeaderNeverMatchesAProtocolRule() {
        assertThat(holds(FilterMatch.builder().protocol(6).build(), IHL_4)).isFalse();
        assertThat(holds(FilterMatch.builder().source(IpPrefix.parse("0.0.0.0/0")).build(), IHL_4)).isFalse();
        assertThat(holds(FilterMatch.builder().destinationPort(new PortRange(0, 65535)).build(), IHL_4)).isFalse();
        assertThat(holds(FilterMatch.builder().etherType(0x0800).build(), IHL_4)).as("its EtherType is still read").isTrue();
    }

    @Test
    void required_TXF7_ipv6WithAHopByHopHeaderThenTcp80MatchesDestinationPort80() {
        assertThat(holds(FilterMatch.builder().destinationPort(PortRange.of(80)).build(), IPV6_HOP_BY_HOP_TCP_80)).isTrue();
        assertThat(holds(FilterMatch.builder().protocol(6).build(), IPV6_HOP_BY_HOP_TCP_80)).as("not the hop-by-hop value 0").isTrue();
        assertThat(holds(FilterMatch.builder().protocol(0).build(), IPV6_HOP_BY_HOP_TCP_80)).isFalse();
    }

    @Test
    void required_TXF7_aLaterFragmentMatchesItsProtocolButNeverAPortRule() {
        assertThat(holds(FilterMatch.builder().protocol(6).build(), LATER_FRAGMENT)).isTrue();
        assertThat(holds(FilterMatch.builder().destinationPort(PortRange.of(80)).build(), LATER_FRAGMENT)).isFalse();
        assertThat(holds(FilterMatch.builder().sourcePort(new PortRange(0, 65535)).build(), LATER_FRAGMENT)).isFalse();
    }

    @Test
    void required_TXF7_aZeroLengthPrefixMatchesAnyAddressOfItsFamilyOnly() {
        FilterMatch anyV4 = FilterMatch.builder().source(IpPrefix.parse("0.0.0.0/0")).build();
        FilterMatch anyV6 = FilterMatch.builder().destination(IpPrefix.parse("::/0")).build();

        assertThat(holds(anyV4, IPV4_TCP_80)).isTrue();
        assertThat(holds(anyV4, IPV6_HOP_BY_HOP_TCP_80)).isFalse();
        assertThat(holds(anyV4, ARP)).isFalse();
        assertThat(holds(anyV6, IPV6_HOP_BY_HOP_TCP_80)).isTrue();
        assertThat(holds(anyV6, IPV4_TCP_80)).isFalse();
        assertThat(holds(anyV6, ARP)).isFalse();
        assertThat(holds(FilterMatch.builder().source(IpPrefix.parse("2001:db8::/32")).build(), IPV6_HOP_BY_HOP_TCP_80)).isTrue();
        assertThat(holds(FilterMatch.builder().source(IpPrefix.parse("2001:db9::/32")).build(), IPV6_HOP_BY_HOP_TCP_80)).isFalse();
    }

    @Test
    void required_TXF6_theFirstMatchingRuleDecidesAndTheDefaultHasIndexN() {
        List<FilterRule> rules = List.of(
                FilterRule.drop(FilterMatch.builder().protocol(17).build()),
                FilterRule.allow(FilterMatch.builder().destinationPort(PortRange.of(80)).build()),
                FilterRule.drop(FilterMatch.builder().protocol(6).build()),
                FilterRule.allow(FilterMatch.ANY));

        assertThat(FilterTable.decidingIndex(rules, IPV4_TCP_80)).as("rules 1, 2 and 3 match; 1 is first").isEqualTo(1);
        assertThat(FilterTable.decidingIndex(rules, LATER_FRAGMENT)).as("no port: rule 2").isEqualTo(2);
        assertThat(FilterTable.decidingIndex(rules, ARP)).isEqualTo(3);
        assertThat(FilterTable.decidingIndex(rules.subList(0, 3), ARP)).as("none: the default").isEqualTo(3);
        assertThat(FilterTable.decidingIndex(List.of(), IPV4_TCP_80)).isZero();
    }

    @Test
    void required_TXF6_theDefaultsActionBelongsToIndexN() {
        List<FilterRule> rules = List.of(FilterRule.drop(FilterMatch.ANY), FilterRule.allow(FilterMatch.ANY));

        assertThat(FilterTable.action(rules, FilterAction.ALLOW, 0)).isEqualTo(FilterAction.DROP);
        assertThat(FilterTable.action(rules, FilterAction.DROP, 1)).isEqualTo(FilterAction.ALLOW);
        assertThat(FilterTable.action(rules, FilterAction.DROP, 2)).isEqualTo(FilterAction.DROP);
        assertThat(FilterTable.action(List.of(), FilterAction.ALLOW, 0)).isEqualTo(FilterAction.ALLOW);
    }

    @Test
    void required_TXF10_moreRulesThanTheLimitIsAProblem() {
        DeviceLimits limits = new DeviceLimits(4, 2, 2, 7, 8, 2);
        List<FilterRule> two = Collections.nCopies(2, FilterRule.allow(FilterMatch.ANY));
        List<FilterRule> three = Collections.nCopies(3, FilterRule.allow(FilterMatch.ANY));

        assertThat(FilterTable.problem(two, limits)).isEmpty();
        assertThat(FilterTable.problem(three, limits)).hasValueSatisfying(p -> assertThat(p).contains("txRules=3").contains("maxFilterRules=2"));
        assertThat(FilterTable.problem(List.of(), new DeviceLimits(4, 2, 2, 7, 8, 0))).isEmpty();
    }
}
