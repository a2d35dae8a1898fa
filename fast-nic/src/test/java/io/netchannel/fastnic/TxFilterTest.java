package io.netchannel.fastnic;

import static io.netchannel.fastnic.Fleet.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 07 (TX enforcement and filtering). The sender is context 1
 * ({@code 02:00:00:00:00:01}); context 2 ({@code 02:00:00:00:00:02}) exists so that its MAC is
 * taken. Frames are written out by hand; the expected outcomes come from the spec's text.
 */
class TxFilterTest {

    private static final int CTX = 1;
    private static final int OTHER = 2;

    // ---------------------------------------------------------------- frames from context 1
    private static final String ETH = "020000000099 020000000001";
    /** IPv4 UDP 192.168.0.1:54321 -> 10.1.2.3:53. */
    private static final String UDP_10_53 = ETH + " 0800 4500 0020 0000 0000 4011 0000 c0a80001 0a010203 d431 0035 000c 0000 61626364";
    /** IPv4 UDP 192.168.0.1:54321 -> 10.1.2.3:54. */
    private static final String UDP_10_54 = ETH + " 0800 4500 0020 0000 0000 4011 0000 c0a80001 0a010203 d431 0036 000c 0000 61626364";
    /** IPv4 TCP 192.168.0.1:50000 -> 10.1.2.3:80. */
    private static final String TCP_10_80 = ETH
            + " 0800 4500 0028 0000 0000 4006 0000 c0a80001 0a010203 c350 0050 00000000 00000000 5002 0000 0000 0000";
    /** IPv4 TCP 192.168.0.1:50000 -> 192.168.1.1:80. */
    private static final String TCP_192_80 = ETH
            + " 0800 4500 0028 0000 0000 4006 0000 c0a80001 c0a80101 c350 0050 00000000 00000000 5002 0000 0000 0000";
    /** ARP request. */
    private static final String ARP = "ffffffffffff 020000000001 0806 0001 0800 0604 0001 020000000001 c0a80001 000000000000 c0a80101";
    /** IPv6 header, 2001:db8::1 -> 2001:db8::2, its next header left for the caller. */
    private static final String IPV6 = ETH + " 86dd 60000000 0020 %s 40 20010db8000000000000000000000001 20010db8000000000000000000000002";
    /** TCP 40000 -> 443, 20 bytes. */
    private static final String TCP_443 = "9c40 01bb 00000000 00000000 5002 0000 0000 0000";

    private final Fleet fleet = new Fleet();

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private static FilterMatch.Builder match() {
        return FilterMatch.builder();
    }

    private void create(ContextConfig.Builder config) {
        fleet.create(CTX, config);
        fleet.create(OTHER, Fleet.config(OTHER));
    }

    private short send(String frame) {
        return fleet.txStatus(CTX, fleet.send(CTX, hex(frame)));
    }

    private long counter(Counter counter) {
        return fleet.nic.counter(CTX, counter);
    }

    private long[] hits(int rules) {
        long[] hits = new long[rules + 1];
        for (int i = 0; i <= rules; i++) {
            hits[i] = fleet.nic.filterHits(CTX, i);
        }
        return hits;
    }

    // ================================================================ TXF-2 source MAC

    @Test
    void required_TXF2_TXF9_spoofedSourceIsAnsweredDroppedOnFirstAndDataSlotsNullOnExtras() {
        create(Fleet.config(CTX));
        byte[] page = fleet.memory.grant(10, CTX, Access.READ_ONLY);
        System.arraycopy(hex(ETH.replace("020000000001", "020000000077") + " 0800 0102030405060708090a0b0c0d0e0f10"), 0, page, 0, 30);
        byte[] ring = fleet.tx(CTX);
        // first slot: 40 bytes in all, 30 of its own; one hash extra; a data slot of 10 bytes
        Pages.putTxRequest(ring, 0, 10, 0, TxRequestLayout.FLAG_EXTRA_INFO | TxRequestLayout.FLAG_MORE_DATA, 0x0A0A, 40);
        Pages.putExtra(ring, 1, ExtraInfoLayout.TYPE_HASH, 0, new byte[6]);
        Pages.putTxRequest(ring, 2, 10, 100, 0, 0x0B0B, 10);
        Pages.setReqProd(ring, 3);

        fleet.nic.kick(CTX, Queue.TX);

        assertThat(Pages.txResponseId(ring, 0)).isEqualTo(0x0A0A);
        assertThat(Pages.txResponseStatus(ring, 0)).isEqualTo(NetifStatus.DROPPED);
        assertThat(Pages.txResponseStatus(ring, 1)).isEqualTo(NetifStatus.NULL);
        assertThat(Pages.txResponseId(ring, 2)).isEqualTo(0x0B0B);
        assertThat(Pages.txResponseStatus(ring, 2)).isEqualTo(NetifStatus.DROPPED);
        assertThat(Pages.rspProd(ring)).isEqualTo(3);
        assertThat(fleet.sink.frames).isEmpty();
        assertThat(counter(Counter.TX_DROP_SPOOF)).isEqualTo(1);
        assertThat(counter(Counter.TX_ERRORS)).as("a policy drop is not an error").isZero();
        assertThat(counter(Counter.TX_FRAMES)).isZero();
        assertThat(counter(Counter.TX_BYTES)).isZero();
        assertThat(hits(0)).containsExactly(0);
    }

    @Test
    void required_TXF2_anotherContextsMacIsSpoofingAndEveryOwnMacMaySend() {
        fleet.create(OTHER, Fleet.config(OTHER));
        fleet.create(CTX, Fleet.config(CTX).mac(MacAddress.parse("02:00:00:00:01:01")));

        assertThat(send("020000000099 020000000002 0800 00112233")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send("020000000099 030000000001 0800 00112233")).as("a group source").isEqualTo(NetifStatus.DROPPED);
        assertThat(send("020000000099 020000000101 0800 00112233")).isEqualTo(NetifStatus.OKAY);
        assertThat(send("020000000099 020000000001 0800 00112233")).isEqualTo(NetifStatus.OKAY);

        assertThat(counter(Counter.TX_DROP_SPOOF)).isEqualTo(2);
        assertThat(counter(Counter.TX_FRAMES)).isEqualTo(2);
        assertThat(fleet.sink.frames).hasSize(2);
    }

    // ================================================================ TXF-3..5 VLAN

    @Test
    void required_TXF3_untaggedContextMaySendNoTagAndSpoofingCountsFirst() {
        create(Fleet.config(CTX).txDefault(FilterAction.DROP));
        assertThat(send(ETH + " 8100 000a 0800 00112233")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 88a8 000a 0800 00112233")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 9100 000a 0800 00112233")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send("020000000099 020000000077 8100 000a 0800 00112233")).isEqualTo(NetifStatus.DROPPED);

        assertThat(counter(Counter.TX_DROP_VLAN)).isEqualTo(3);
        assertThat(counter(Counter.TX_DROP_SPOOF)).as("the first failing check alone").isEqualTo(1);
        assertThat(counter(Counter.TX_DROP_FILTER)).isZero();
        assertThat(hits(0)).as("a frame dropped before the rules moves no rule counter").containsExactly(0);
    }

    @Test
    void required_TXF4_accessContextGetsItsTagInsertedAfterTheSourceMac() {
        create(Fleet.config(CTX).vlan(new VlanPolicy.Access(0x123))
                .txRule(FilterRule.drop(match().etherType(0x8100).build())));

        assertThat(send(ETH + " 0800 01020304")).isEqualTo(NetifStatus.OKAY);

        // 81 00, TCI 0x0123: PCP 0, DEI 0, VID 0x123.
        assertThat(fleet.sink.frames).containsExactly(hex(ETH + " 8100 0123 0800 01020304"));
        assertThat(counter(Counter.TX_BYTES)).as("the wire length, with the tag").isEqualTo(22);
        assertThat(hits(1)).as("rules see the frame the guest sent, untagged").containsExactly(0, 1);

        assertThat(send(ETH + " 8100 0123 0800 01020304")).as("an access guest sends no tag").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 88a8 0123 0800 01020304")).isEqualTo(NetifStatus.DROPPED);
        assertThat(counter(Counter.TX_DROP_VLAN)).isEqualTo(2);
        assertThat(fleet.sink.frames).hasSize(1);
        assertThat(counter(Counter.TX_FRAMES)).isEqualTo(1);
    }

    @Test
    void required_TXF5_trunkSendsItsOwnVidsOnlyAndAsTheyAre() {
        create(Fleet.config(CTX).vlan(new VlanPolicy.Trunk(List.of(10, 20))));

        assertThat(send(ETH + " 8100 000a 0800 00112233")).isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 8100 e014 0800 00112233")).as("VID 20, PCP 7").isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 8100 001e 0800 00112233")).as("VID 30 is not in the set").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 0800 00112233")).as("untagged").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 88a8 000a 0800 00112233")).isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 8100 000a")).as("16 bytes: shorter than a tagged header").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 8100 0000 0800 00112233")).as("VID 0").isEqualTo(NetifStatus.DROPPED);

        assertThat(fleet.sink.frames).containsExactly(hex(ETH + " 8100 000a 0800 00112233"), hex(ETH + " 8100 e014 0800 00112233"));
        assertThat(counter(Counter.TX_DROP_VLAN)).isEqualTo(5);
        assertThat(counter(Counter.TX_BYTES)).isEqualTo(44);
    }

    // ================================================================ TXF-6..8 rules

    @Test
    void required_TXF6_TXF8_firstMatchDecidesAndOnlyItCounts() {
        create(Fleet.config(CTX)
                .txRule(FilterRule.drop(match().etherType(0x0806).build()))
                .txRule(FilterRule.allow(match().protocol(17).destinationPort(PortRange.of(53)).build()))
                .txRule(FilterRule.drop(match().destination(IpPrefix.parse("10.0.0.0/8")).build())));

        assertThat(send(ARP)).isEqualTo(NetifStatus.DROPPED); // rule 0
        assertThat(send(UDP_10_53)).as("rule 1 before rule 2").isEqualTo(NetifStatus.OKAY); // rule 1
        assertThat(send(TCP_10_80)).isEqualTo(NetifStatus.DROPPED); // rule 2
        assertThat(send(TCP_192_80)).isEqualTo(NetifStatus.OKAY); // default ALLOW
        assertThat(send(UDP_10_54)).isEqualTo(NetifStatus.DROPPED); // rule 2

        assertThat(hits(3)).containsExactly(1, 1, 2, 1);
        assertThat(fleet.nic.filterHits(CTX, 4)).as("past the default").isZero();
        assertThat(fleet.nic.filterHits(CTX, -1)).isZero();
        assertThat(fleet.nic.filterHits(7, 0)).as("absent context").isZero();
        assertThat(counter(Counter.TX_DROP_FILTER)).isEqualTo(3);
        assertThat(counter(Counter.TX_FRAMES)).isEqualTo(2);
        assertThat(counter(Counter.TX_ERRORS)).isZero();
        assertThat(fleet.sink.frames).containsExactly(hex(UDP_10_53), hex(TCP_192_80));
    }

    @Test
    void required_TXF7_ipv6WalksHopByHopToTheTcpPorts() {
        create(Fleet.config(CTX).txDefault(FilterAction.DROP)
                .txRule(FilterRule.drop(match().protocol(6).destinationPort(PortRange.of(443)).build()))
                .txRule(FilterRule.allow(match().source(IpPrefix.parse("2001:db8::/32")).build())));

        // Hop-by-Hop of 8 bytes (length 0, PadN 4), then TCP to 443: rule 0.
        assertThat(send(IPV6.formatted("00") + " 06 00 0104 00000000 " + TCP_443)).isEqualTo(NetifStatus.DROPPED);
        // Hop-by-Hop of 16 bytes (length 1, PadN 12), then TCP to 443: rule 0.
        assertThat(send(IPV6.formatted("00") + " 06 01 010c 000000000000000000000000 " + TCP_443)).isEqualTo(NetifStatus.DROPPED);
        // Hop-by-Hop of 16 bytes of which the frame holds 10: protocol unknown, addresses known: rule 1.
        assertThat(send(IPV6.formatted("00") + " 06 01 010c 000000000000")).isEqualTo(NetifStatus.OKAY);
        // Fragment header with offset 1: a later fragment, the bytes after it are no ports: rule 1.
        assertThat(send(IPV6.formatted("2c") + " 06 00 0008 00000001 " + TCP_443)).isEqualTo(NetifStatus.OKAY);
        // IPv4 UDP: neither rule (an IPv6 prefix never matches IPv4): default DROP.
        assertThat(send(UDP_10_53)).isEqualTo(NetifStatus.DROPPED);

        assertThat(hits(2)).containsExactly(2, 2, 1);
        assertThat(counter(Counter.TX_DROP_FILTER)).isEqualTo(3);
    }

    @Test
    void required_TXF7_ipv6WalkPassesAtMostEightExtensionHeaders() {
        create(Fleet.config(CTX).txRule(FilterRule.drop(match().protocol(6).build())));
        String dest = " 3c 00 0104 00000000"; // Destination Options, 8 bytes, next: another one
        String last = " 06 00 0104 00000000"; // Destination Options, 8 bytes, next: TCP

        assertThat(send(IPV6.formatted("3c") + dest.repeat(7) + last + " " + TCP_443)).as("8 headers").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(IPV6.formatted("3c") + dest.repeat(8) + last + " " + TCP_443)).as("9 headers: protocol unknown")
                .isEqualTo(NetifStatus.OKAY);
        assertThat(hits(1)).containsExactly(1, 1);
    }

    @Test
    void required_TXF7_unreadableIpv4HeaderNeverMatchesProtocolOrPrefix() {
        create(Fleet.config(CTX)
                .txRule(FilterRule.drop(match().protocol(17).build()))
                .txRule(FilterRule.drop(match().source(IpPrefix.parse("0.0.0.0/0")).build())));
        String udp = " 4011 0000 c0a80001 0a010203 d431 0035 000c 0000";

        assertThat(send(ETH + " 0800 4400 0020 0000 0000" + udp)).as("IHL 4").isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 0800 6500 0020 0000 0000" + udp)).as("version 6 under 0x0800").isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 0800 4500 0020 0000 0000 4011 0000 c0a80001 0a0102")).as("19 bytes").isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 0800 4f00 0020 0000 0000" + udp + " 0000000000000000000000000000000000000000"))
                .as("IHL 15: 60 bytes, 48 present").isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 0800 4500 0020 0000 0000" + udp)).as("readable UDP: rule 0").isEqualTo(NetifStatus.DROPPED);
        assertThat(send(ETH + " 0800 4500 0020 0000 0000 4001 0000 c0a80001 0a010203 0800 0000")).as("readable ICMP: rule 1")
                .isEqualTo(NetifStatus.DROPPED);

        assertThat(hits(2)).containsExactly(1, 1, 4);
    }

    @Test
    void required_TXF7_portsNeedAFirstFragmentAndFourBytesAfterTheHeader() {
        create(Fleet.config(CTX)
                .txRule(FilterRule.allow(match().destinationPort(PortRange.of(53)).build()))
                .txRule(FilterRule.drop(match().protocol(17).build())));

        // IHL 6: a 4-byte option (four NOPs) before the UDP header.
        assertThat(send(ETH + " 0800 4600 0024 0000 0000 4011 0000 c0a80001 0a010203 01010101 d431 0035 000c 0000"))
                .isEqualTo(NetifStatus.OKAY);
        // MF set, offset 0: the first fragment still has its ports.
        assertThat(send(ETH + " 0800 4500 0020 0000 2000 4011 0000 c0a80001 0a010203 d431 0035 000c 0000"))
                .isEqualTo(NetifStatus.OKAY);
        // offset 1: a later fragment; protocol known, ports not.
        assertThat(send(ETH + " 0800 4500 0020 0000 0001 4011 0000 c0a80001 0a010203 d431 0035 000c 0000"))
                .isEqualTo(NetifStatus.DROPPED);
        // three bytes after the header: no ports.
        assertThat(send(ETH + " 0800 4500 0020 0000 0000 4011 0000 c0a80001 0a010203 d43100")).isEqualTo(NetifStatus.DROPPED);

        assertThat(hits(2)).containsExactly(2, 2, 0);
    }

    @Test
    void required_TXF7_etherTypeIsReadAfterOneTag() {
        create(Fleet.config(CTX).vlan(new VlanPolicy.Trunk(List.of(10))).txDefault(FilterAction.DROP)
                .txRule(FilterRule.drop(match().etherType(0x8100).build()))
                .txRule(FilterRule.allow(match().etherType(0x0800).protocol(17).destinationPort(PortRange.of(53)).build())));

        String udp = " 4500 0020 0000 0000 4011 0000 c0a80001 0a010203 d431 0035 000c 0000";
        assertThat(send(ETH + " 8100 000a 0800" + udp)).isEqualTo(NetifStatus.OKAY);
        assertThat(send(ETH + " 8100 000a 0806 0001 0800 0604 0001")).isEqualTo(NetifStatus.DROPPED);

        assertThat(hits(2)).containsExactly(0, 1, 1);
        assertThat(fleet.sink.frames).containsExactly(hex(ETH + " 8100 000a 0800" + udp));
    }

    @Test
    void required_TXF1_multicastControlIsNoFrameAndSkipsEnforcement() {
        create(Fleet.config(CTX).txDefault(FilterAction.DROP));
        byte[] ring = fleet.tx(CTX);
        Pages.putTxRequest(ring, 0, 0, 0, TxRequestLayout.FLAG_EXTRA_INFO, 1, 0);
        Pages.putExtra(ring, 1, ExtraInfoLayout.TYPE_MCAST_ADD, 0, hex("01005e000001"));
        Pages.setReqProd(ring, 2);

        fleet.nic.kick(CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(ring, 0)).isEqualTo(NetifStatus.OKAY);
        assertThat(counter(Counter.TX_DROP_FILTER)).isZero();
        assertThat(counter(Counter.TX_DROP_SPOOF)).isZero();
        assertThat(hits(0)).containsExactly(0);
    }

    @Test
    void required_TXF8_countersResetOnlyWhenTheRulesOrTheDefaultChange() {
        FilterRule arp = FilterRule.drop(match().etherType(0x0806).build());
        create(Fleet.config(CTX).txRule(arp));
        send(ARP);
        send(UDP_10_53);
        assertThat(hits(1)).containsExactly(1, 1);

        // Same rules (equal, not the same objects) and default, another VLAN policy: kept.
        assertThat(fleet.update(CTX, Fleet.config(CTX).vlan(new VlanPolicy.Access(5))
                .txRule(FilterRule.drop(match().etherType(0x0806).build())))).isEqualTo(ControlResult.OK);
        assertThat(hits(1)).containsExactly(1, 1);

        // Default changed: back to 0.
        assertThat(fleet.update(CTX, Fleet.config(CTX).txRule(arp).txDefault(FilterAction.DROP))).isEqualTo(ControlResult.OK);
        assertThat(hits(1)).containsExactly(0, 0);
        send(UDP_10_53);
        assertThat(hits(1)).containsExactly(0, 1);

        // Rules changed: back to 0, and the new list decides.
        assertThat(fleet.update(CTX, Fleet.config(CTX).txDefault(FilterAction.DROP))).isEqualTo(ControlResult.OK);
        assertThat(hits(0)).containsExactly(0);
        assertThat(fleet.nic.filterHits(CTX, 1)).isZero();
        assertThat(counter(Counter.TX_DROP_FILTER)).as("counters of chapter 04 and 07 are kept").isEqualTo(2);
    }
}
