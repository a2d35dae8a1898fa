package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.FILL;
import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.allow;
import static io.netchannel.conformance.vectors.generate.Bench.checkCounters;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.counters;
import static io.netchannel.conformance.vectors.generate.Bench.drop;
import static io.netchannel.conformance.vectors.generate.Bench.expectCopies;
import static io.netchannel.conformance.vectors.generate.Bench.expectCount;
import static io.netchannel.conformance.vectors.generate.Bench.fail;
import static io.netchannel.conformance.vectors.generate.Bench.match;
import static io.netchannel.conformance.vectors.generate.Bench.plain;
import static io.netchannel.conformance.vectors.generate.Bench.prefix;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.replicated;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.rx;
import static io.netchannel.conformance.vectors.generate.Bench.slot;
import static io.netchannel.conformance.vectors.generate.Bench.snapshot;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.Bench.txStatus;
import static io.netchannel.conformance.vectors.generate.Bench.untouched;
import static io.netchannel.conformance.vectors.generate.Bench.wire;
import static io.netchannel.conformance.properties.FrameBytes.ARP;
import static io.netchannel.conformance.properties.FrameBytes.C_TAG;
import static io.netchannel.conformance.properties.FrameBytes.DESTINATION_OPTIONS;
import static io.netchannel.conformance.properties.FrameBytes.FRAGMENT;
import static io.netchannel.conformance.properties.FrameBytes.HOP_BY_HOP;
import static io.netchannel.conformance.properties.FrameBytes.IPV4;
import static io.netchannel.conformance.properties.FrameBytes.IPV6;
import static io.netchannel.conformance.properties.FrameBytes.TCP;
import static io.netchannel.conformance.properties.FrameBytes.UDP;
import static io.netchannel.conformance.properties.FrameBytes.arp;
import static io.netchannel.conformance.properties.FrameBytes.cat;
import static io.netchannel.conformance.properties.FrameBytes.cut;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.dot1q;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.properties.FrameBytes.extension;
import static io.netchannel.conformance.properties.FrameBytes.fragment6;
import static io.netchannel.conformance.properties.FrameBytes.ipv4;
import static io.netchannel.conformance.properties.FrameBytes.ipv6;
import static io.netchannel.conformance.properties.FrameBytes.tagged;
import static io.netchannel.conformance.properties.FrameBytes.tcp;
import static io.netchannel.conformance.properties.FrameBytes.udp;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Chapter 06, section 5a vectors (profile {@code l3l4-demux}): each copy demux selects for a
 * context is judged by that context's RX rules, first match deciding and {@code rxDefault} when
 * none does, a dropped copy counted RX_DROP_FILTER and no buffer touched (DEMUX-14); the match
 * reads the frame as it came, before an Access strip, exactly as chapter 07 reads a sent frame
 * (DEMUX-15); rules never widen demux nor touch another recipient, for frames from the wire and
 * frames switched in VEB alike (DEMUX-16); RX tables are bounded (DEMUX-17). Every group needs
 * the profile: a device that does not claim it refuses RX rules (DEMUX-17's NOT_SUPPORTED half,
 * which the properties check, since no vector of a claimed profile can). As in
 * {@link DemuxVectors}, each test's outcome is written out here from the chapter's text and the
 * model must agree before the recording becomes a vector.
 */
final class RxFilterVectors {

    private static final String CHAPTER = "demux";
    private static final String PROFILE = Profile.L3L4_DEMUX.id();

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");
    /** A station on the wire, owned by no context. */
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    private static final MacAddress BROADCAST = MacAddress.BROADCAST;
    private static final MacAddress G1 = MacAddress.parse("01:00:5e:00:00:01");

    private RxFilterVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(rxFilter(), rxFilterConfig());
    }

    // ------------------------------------------------------------------ bench

    /** A context with RX rules {@code rxRules} and default {@code rxDefault}. */
    private static Bench.Member member(int id, VlanPolicy vlan, int buffers, List<FilterRule> rxRules, FilterAction rxDefault, MacAddress... macs) {
        return new Bench.Member(id, buffers, Bench.shape(vlan, macs).rxRules(rxRules).rxDefault(rxDefault).build());
    }

    private static Bench.Member promiscuousAllowed(int id, VlanPolicy vlan, int buffers, List<FilterRule> rxRules, FilterAction rxDefault,
            MacAddress... macs) {
        return new Bench.Member(id, buffers, Bench.shape(vlan, macs).promiscuousAllowed(true).rxRules(rxRules).rxDefault(rxDefault).build());
    }

    private static ContextConfig config(Harness h, int ctx, VlanPolicy vlan, boolean promiscuousAllowed, List<FilterRule> rxRules,
            FilterAction rxDefault, List<MacAddress> macs) {
        GuestDriver guest = h.guest(ctx);
        return ContextConfig.builder().macs(macs).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).promiscuousAllowed(promiscuousAllowed)
                .vlan(vlan).rxRules(rxRules).rxDefault(rxDefault).build();
    }

    /** The host updates {@code ctx} to the RX rules and default given, keeping the rest of its configuration. */
    private static void updateRx(Bench bench, int ctx, List<FilterRule> rules, FilterAction rxDefault, String expected) {
        ContextConfig now = bench.configs.get(ctx);
        control(bench, Caller.HOST, new ControlRequest.UpdateContext(ctx, now.toBuilder().rxRules(rules).rxDefault(rxDefault).build()), expected);
    }

    // ------------------------------------------------------------------ the chapter's answers

    /**
     * Context {@code ctx} sends {@code frame} in one slot and kicks, in VEB mode: it is answered
     * OKAY and counted once on the sender (CTX-9), switched to {@code outcome}'s recipients as a
     * frame from the wire would be, without a wire counter (CTX-6), and sent on port 0 when
     * {@code toWire}.
     */
    private static void send(Bench bench, int ctx, String outcome, boolean toWire, byte[] frame) {
        require(bench.mode == SwitchMode.VEB, "these frames are switched in VEB");
        Harness h = bench.harness;
        GuestDriver guest = h.guest(ctx);
        TxSlot.Data slot = slot(bench, ctx, frame);
        int start = guest.txReqProdPvt();
        guest.queue(List.of(slot));
        guest.pushTx();
        Map<Integer, Map<Counter, Long>> before = counters(bench);
        Map<Integer, Counter> recipients = Bench.recipients(outcome);
        Map<Integer, List<byte[]>> pages = snapshot(bench, recipients);
        int framesBefore = h.sink().frames().size();
        h.kick(ctx, Queue.TX);

        short status = txStatus(guest, start);
        require(status == NetifStatus.OKAY, "context " + ctx + "'s packet is answered OKAY, the model answered " + status);
        require(!recipients.containsKey(ctx), "never back to the sender (DEMUX-7)");
        require(bench.configs.get(ctx).vlan() == UNTAGGED, "an untagged sender: the frame demuxed is the frame it sent");
        Map<Integer, Map<Counter, Long>> expected = new TreeMap<>();
        expectCount(expected, ctx, Counter.TX_FRAMES, 1);
        expectCount(expected, ctx, Counter.TX_BYTES, frame.length);
        expectCopies(bench, expected, recipients, frame);
        String what = "context " + ctx + " sends a frame of " + frame.length + " bytes in VEB";
        checkCounters(bench, before, expected, what);
        untouched(bench, recipients, pages, what);
        List<RecordingSink.Frame> sent = h.sink().frames().subList(framesBefore, h.sink().frames().size());
        require(sent.size() == (toWire ? 1 : 0), what + ": " + sent.size() + " frame(s) on the wire, the spec says " + (toWire ? 1 : 0));
        require(!toWire || Arrays.equals(sent.get(0).bytes(), frame), what + ": the wire gets the frame as sent");
    }

    private static Consumer<Bench> veb(int ctx, String outcome, boolean toWire, byte[] frame) {
        return bench -> send(bench, ctx, outcome, toWire, frame);
    }

    // ------------------------------------------------------------------ frames

    private static byte[] udp4(MacAddress dst, MacAddress src, String from, String to, int sourcePort, int destinationPort, int seed) {
        return ether(dst, src, IPV4, ipv4(from, to, UDP, udp(sourcePort, destinationPort, data(18, seed))));
    }

    private static byte[] tcp4(MacAddress dst, MacAddress src, String from, String to, int sourcePort, int destinationPort, int seed) {
        return ether(dst, src, IPV4, ipv4(from, to, TCP, cat(tcp(sourcePort, destinationPort), data(6, seed))));
    }

    private static byte[] udp6(MacAddress dst, MacAddress src, String from, String to, int sourcePort, int destinationPort, int seed) {
        return ether(dst, src, IPV6, ipv6(from, to, UDP, udp(sourcePort, destinationPort, data(8, seed))));
    }

    private static byte[] arpFrame(MacAddress dst, MacAddress src) {
        return ether(dst, src, ARP, arp(src, "198.51.100.10", "198.51.100.1"), new byte[18]);
    }

    private static void notes(FileBuilder file) {
        file.note("ReplicationOrder", "IMPL_DEFINED", "the frame has several recipients; the device may handle the copies in any order between "
                + "them (DEMUX-12), and the runner compares notifications, counters and memory context by context",
                "a runner that compared the interleaving of contexts would fail a device that replicates in parallel");
        file.note("FirstMatch", "EDGE_CASE", "several RX rules hold for the frame: the first in list order decides (DEMUX-14)",
                "two devices give the same host table different meanings");
        file.note("DefaultDecides", "BASIC", "no RX rule holds: rxDefault decides (DEMUX-14)", "a copy no rule selects is delivered or dropped wrongly");
        file.note("Unreadable", "MALFORMED", "a header a rule needs cannot be read (truncated, too many IPv6 extension headers): the field does not "
                + "hold (DEMUX-15)", "an unreadable header satisfies a rule, so a guest receives what its host meant to keep out");
        file.note("LaterFragment", "EDGE_CASE", "an IPv4 or IPv6 fragment with a non-zero offset: its ports are never read, so no port rule holds "
                + "(DEMUX-15)", "bytes that only look like ports decide a copy");
        file.note("AsItCame", "EDGE_CASE", "the recipient is Access or Trunk: its rules read the frame as it came, tag included, and an Access "
                + "recipient then gets the copy without its tag (DEMUX-15, DEMUX-10)",
                "a rule is matched on the stripped copy, so stacked tags make it see headers the frame as sent never had there");
        file.note("OtherRecipient", "ISOLATION_BREACH", "one recipient's RX rules drop its copy, another recipient of the same frame has other "
                + "rules or none (DEMUX-16)", "one guest's filter costs another guest its frame");
        file.note("NoWidening", "ISOLATION_BREACH", "a context whose RX rules allow everything, and a frame section 4 does not select for it "
                + "(DEMUX-16)", "RX rules become a way around MAC and VLAN isolation");
        file.note("FilterFirst", "EDGE_CASE", "the recipient whose rules drop its copy has no buffer, or is FAILED: RX_DROP_FILTER, not the "
                + "buffer or state drop (DEMUX-14)", "devices disagree on the counter, or read a ring they had no reason to touch");
        file.note("Switched", "BASIC", "the frame is switched from another context in VEB mode (chapter 08, CTX-6): the receiver's RX rules apply "
                + "as to a frame from the wire", "guest-to-guest traffic bypasses the receiver's filter");
    }

    // ------------------------------------------------------------------ demux/rx-filter.yaml

    /** Context 0's table: ARP, TCP below 1024 except SSH from 10/8, DNS answers, UDP 5000-5999 to one IPv6 /64, no other IPv6; default drop. */
    private static final List<FilterRule> HOST_TABLE = List.of(
            allow(match().etherType(ARP)),
            drop(match().etherType(IPV4).source(prefix("10.0.0.0/8")).protocol(TCP).destinationPort(PortRange.of(22))),
            allow(match().etherType(IPV4).protocol(TCP).destinationPort(new PortRange(1, 1023))),
            allow(match().etherType(IPV4).protocol(UDP).sourcePort(PortRange.of(53))),
            allow(match().etherType(IPV6).destination(prefix("2001:db8:0:1::/64")).protocol(UDP).destinationPort(new PortRange(5000, 5999))),
            drop(match().etherType(IPV6)));

    /** Context 1's table: nothing from 192.0.2.0/24; default allow. */
    private static final List<FilterRule> BLOCK_LIST = List.of(drop(match().source(prefix("192.0.2.0/24"))));

    /** Context 2's table (Access(10)): IPv4 to 198.51.100.0/24; default drop. */
    private static final List<FilterRule> ACCESS_TABLE = List.of(allow(match().destination(prefix("198.51.100.0/24"))));

    /** Context 3's table (Trunk[10, 20]): only frames whose EtherType after the outer tag is 0x8100; default drop. */
    private static final List<FilterRule> STACKED_ONLY = List.of(allow(match().etherType(C_TAG)));

    private static VectorBundle.Entry rxFilter() {
        String id = CHAPTER + ".rx-filter.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "rx-filter",
                "RX filter rules (profile l3l4-demux): each copy section 4 selects for a context is judged by that context's rules in list "
                        + "order, the first whose match holds deciding and rxDefault when none does; a dropped copy counts RX_DROP_FILTER on "
                        + "that context and touches none of its memory, before its buffers or its FAILED state are looked at (DEMUX-14). The "
                        + "match reads the frame as it came, tag included, exactly as chapter 07 reads a sent frame: EtherType after one 802.1Q "
                        + "tag, IPv4 and IPv6 with extension headers, ports only in a first fragment, an unreadable field never holding "
                        + "(DEMUX-15). Rules never widen demux and never change another recipient's copy, for frames from the wire and frames "
                        + "switched in VEB (DEMUX-16; spec 06, section 5a).");
        notes(file);
        matching(file, id);
        recipients(file, id);
        losers(file, id);
        switched(file, id);
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void matching(FileBuilder file, String id) {
        file.group("context 0 untagged (MAC 02:00:00:00:00:01): RX rules [0] allow ARP, [1] drop IPv4 TCP from 10.0.0.0/8 to port 22, [2] allow "
                        + "IPv4 TCP to ports 1-1023, [3] allow IPv4 UDP from port 53, [4] allow IPv6 UDP to 2001:db8:0:1::/64 ports 5000-5999, [5] "
                        + "drop IPv6, default drop; context 1 untagged (02:00:00:00:00:02): [0] drop source 192.0.2.0/24, default allow; context 2 "
                        + "Access(10) (02:00:00:00:00:03): [0] allow destination 198.51.100.0/24, default drop; context 3 Trunk[10, 20] "
                        + "(02:00:00:00:00:04): [0] allow EtherType 0x8100, default drop; rings on pages 1 to 8; two RX buffers each (pages 100 + "
                        + "10 x id + k, filled with 0xee); frames come from 02:00:00:00:00:99",
                        () -> Bench.start(member(0, UNTAGGED, 2, HOST_TABLE, FilterAction.DROP, A), member(1, UNTAGGED, 2, BLOCK_LIST, FilterAction.ALLOW, B),
                                member(2, access(10), 2, ACCESS_TABLE, FilterAction.DROP, C), member(3, trunk(10, 20), 2, STACKED_ONLY, FilterAction.DROP, D)))
                .requiring(PROFILE)
                .test(Meta.valid(id + "arp-allowed-by-ethertype", "an ARP request to context 0: rule 0 (EtherType 0x0806) allows it", "DEMUX-14", "DEMUX-15"),
                        rx("0", arpFrame(A, PEER)))
                .test(Meta.invalid(id + "ssh-from-10-8-first-match-drops", "TCP from 10.1.2.3 to port 22: rules 1 and 2 hold, rule 1 drops the copy, "
                                + "RX_DROP_FILTER on context 0", error("packet"), "DEMUX-14", "DEMUX-15").flags("FirstMatch"),
                        rx("0:RX_DROP_FILTER", tcp4(A, PEER, "10.1.2.3", "192.0.2.1", 40000, 22, 1)))
                .test(Meta.valid(id + "ssh-from-elsewhere-allowed", "TCP from 203.0.113.5 to port 22: rule 1 does not hold (source), rule 2 allows it",
                        "DEMUX-14", "DEMUX-15").flags("FirstMatch"), rx("0", tcp4(A, PEER, "203.0.113.5", "192.0.2.1", 40000, 22, 2)))
                .test(Meta.invalid(id + "tcp-port-8080-default-drop", "TCP to port 8080: no rule holds, the default drops it", error("packet"),
                        "DEMUX-14").flags("DefaultDecides"), rx("0:RX_DROP_FILTER", tcp4(A, PEER, "203.0.113.5", "192.0.2.1", 40000, 8080, 3)))
                .test(Meta.valid(id + "udp-from-port-53-allowed", "UDP from port 53 (a DNS answer): rule 3 allows it", "DEMUX-14", "DEMUX-15"),
                        rx("0", udp4(A, PEER, "203.0.113.53", "192.0.2.1", 53, 40001, 4)))
                .test(Meta.invalid(id + "udp-to-port-53-default-drop", "UDP to port 53 from port 5353: rule 3 reads the source port, so the default "
                        + "drops it", error("packet"), "DEMUX-14", "DEMUX-15").flags("DefaultDecides"),
                        rx("0:RX_DROP_FILTER", udp4(A, PEER, "203.0.113.53", "192.0.2.1", 5353, 53, 5)))
                .test(Meta.invalid(id + "ethertype-0x88b5-default-drop", "a 0x88b5 frame: no rule holds, the default drops it", error("packet"),
                        "DEMUX-14").flags("DefaultDecides"), rx("0:RX_DROP_FILTER", plain(A, PEER, 6)))
                .test(Meta.valid(id + "ipv6-in-prefix-and-port-range", "IPv6 UDP to 2001:db8:0:1::10 port 5000: rule 4 allows it before rule 5",
                        "DEMUX-14", "DEMUX-15").flags("FirstMatch"), rx("0", udp6(A, PEER, "2001:db8::99", "2001:db8:0:1::10", 40000, 5000, 7)))
                .test(Meta.invalid(id + "ipv6-outside-prefix-rule-5-drops", "IPv6 UDP to 2001:db8:0:2::10 port 5000: rule 4 does not hold (prefix), "
                                + "rule 5 drops it", error("packet"), "DEMUX-14", "DEMUX-15"),
                        rx("0:RX_DROP_FILTER", udp6(A, PEER, "2001:db8::99", "2001:db8:0:2::10", 40000, 5000, 8)))
                .test(Meta.valid(id + "ipv6-extension-headers-walked", "IPv6 with Hop-by-Hop and Destination Options headers, then UDP to port 5500: "
                        + "the ports are read after the walk, rule 4 allows it", "DEMUX-15", "DEMUX-14"),
                        rx("0", ether(A, PEER, IPV6, ipv6("2001:db8::99", "2001:db8:0:1::10", HOP_BY_HOP, extension(DESTINATION_OPTIONS, 0),
                                extension(UDP, 1), udp(40000, 5500, data(8, 9))))))
                .test(Meta.invalid(id + "ipv6-nine-extension-headers", "IPv6 with nine Destination Options headers before UDP to port 5000: the "
                                + "protocol cannot be read, rule 4 does not hold, rule 5 drops it", error("packet"), "DEMUX-15", "DEMUX-14")
                                .flags("Unreadable"),
                        rx("0:RX_DROP_FILTER", ether(A, PEER, IPV6, ipv6("2001:db8::99", "2001:db8:0:1::10", DESTINATION_OPTIONS,
                                cat(Collections.nCopies(8, extension(DESTINATION_OPTIONS, 0)).toArray(new byte[0][])), extension(UDP, 0),
                                udp(40000, 5000, data(8, 10))))))
                .test(Meta.invalid(id + "ipv6-later-fragment-no-ports", "an IPv6 fragment at offset 100 (8-byte units) whose next header is UDP: its "
                                + "ports are not read, rule 4 does not hold, rule 5 drops it", error("packet"), "DEMUX-15", "DEMUX-14")
                                .flags("LaterFragment"),
                        rx("0:RX_DROP_FILTER", ether(A, PEER, IPV6, ipv6("2001:db8::99", "2001:db8:0:1::10", FRAGMENT, fragment6(UDP, 100, false),
                                udp(40000, 5000, data(8, 11))))))
                .test(Meta.invalid(id + "ipv4-later-fragment-no-ports", "an IPv4 fragment at offset 185 whose first bytes read as UDP from port 53: "
                                + "ports are only in a first fragment, rule 3 does not hold, the default drops it", error("packet"), "DEMUX-15", "DEMUX-14")
                                .flags("LaterFragment"),
                        rx("0:RX_DROP_FILTER", ether(A, PEER, IPV4, ipv4(5, 0x00B9, "203.0.113.53", "192.0.2.1", UDP, new byte[0],
                                udp(53, 40001, data(18, 12))))))
                .test(Meta.valid(id + "ipv4-first-fragment-ports-read", "an IPv4 first fragment (MF set, offset 0), UDP from port 53: rule 3 allows it",
                        "DEMUX-15", "DEMUX-14"),
                        rx("0", ether(A, PEER, IPV4, ipv4(5, 0x2000, "203.0.113.53", "192.0.2.1", UDP, new byte[0], udp(53, 40001, data(18, 13))))))
                .test(Meta.invalid(id + "block-list-source-prefix", "IPv4 from 192.0.2.9 to context 1: its rule 0 drops it", error("packet"), "DEMUX-14",
                        "DEMUX-15"), rx("1:RX_DROP_FILTER", udp4(B, PEER, "192.0.2.9", "198.51.100.2", 40000, 7, 14)))
                .test(Meta.valid(id + "block-list-other-source", "IPv4 from 192.0.3.9 to context 1: rule 0 does not hold, the default allows it",
                        "DEMUX-14").flags("DefaultDecides"), rx("1", udp4(B, PEER, "192.0.3.9", "198.51.100.2", 40000, 7, 15)))
                .test(Meta.valid(id + "ipv4-prefix-never-holds-for-ipv6", "IPv6 to context 1: an IPv4 source prefix never holds for it, the default "
                        + "allows it", "DEMUX-15", "DEMUX-14").flags("DefaultDecides"),
                        rx("1", udp6(B, PEER, "2001:db8::99", "2001:db8::2", 40000, 7, 16)))
                .test(Meta.valid(id + "truncated-ipv4-header-never-holds", "EtherType 0x0800 with 16 bytes of IPv4 header, source 192.0.2.9 among "
                                + "them: the header cannot be read, rule 0 does not hold, the default allows it", "DEMUX-15", "DEMUX-14")
                                .flags("Unreadable"),
                        rx("1", cut(udp4(B, PEER, "192.0.2.9", "198.51.100.2", 40000, 7, 17), 30)))
                .test(Meta.valid(id + "access-rule-reads-tagged-frame", "VID 10 IPv4 to 198.51.100.7 for Access(10) context 2: rule 0 holds on the "
                                + "frame as it came (the reader steps over the tag); the copy arrives without its tag", "DEMUX-15", "DEMUX-14", "DEMUX-10")
                                .flags("AsItCame"),
                        rx("2", dot1q(C, PEER, 0x000A, IPV4, ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 18))))))
                .test(Meta.invalid(id + "access-stacked-tag-read-as-it-came", "VID 10, then an inner 0x8100 tag (VID 20), then IPv4 to 198.51.100.7, "
                                + "for Access(10) context 2: as it came the EtherType is 0x8100 and no IPv4 header is read, so rule 0 does not hold and "
                                + "the default drops it (the stripped copy would have read as IPv4)", error("packet"), "DEMUX-15", "DEMUX-14")
                                .flags("AsItCame"),
                        rx("2:RX_DROP_FILTER", tagged(C, PEER, C_TAG, 0x000A, C_TAG, new byte[] {0x00, 0x14, 0x08, 0x00},
                                ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 19))))))
                .test(Meta.invalid(id + "access-default-drop", "VID 10 IPv4 to 203.0.113.1 for context 2: rule 0 does not hold, the default drops it "
                        + "before any copy is made", error("packet"), "DEMUX-14").flags("DefaultDecides"),
                        rx("2:RX_DROP_FILTER", dot1q(C, PEER, 0x000A, IPV4, ipv4("198.51.100.5", "203.0.113.1", UDP, udp(40000, 7, data(18, 20))))))
                .test(Meta.valid(id + "trunk-stacked-tag-allowed", "VID 20, then an inner 0x8100 tag, to trunk context 3: the EtherType read after the "
                                + "outer tag is 0x8100, rule 0 allows it, delivered as it came", "DEMUX-15", "DEMUX-14").flags("AsItCame"),
                        rx("3", tagged(D, PEER, C_TAG, 0x0014, C_TAG, new byte[] {0x00, 0x1E, 0x08, 0x00},
                                ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 21))))))
                .test(Meta.invalid(id + "trunk-single-tag-default-drop", "VID 20 IPv4 to context 3: the EtherType after the tag is 0x0800, the "
                                + "default drops it", error("packet"), "DEMUX-15", "DEMUX-14").flags("AsItCame"),
                        rx("3:RX_DROP_FILTER", dot1q(D, PEER, 0x0014, IPV4, ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 22))))))
                .done();
    }

    /** Context 0's rules in the recipients group: drop UDP, default allow. */
    private static final List<FilterRule> NO_UDP = List.of(drop(match().protocol(UDP)));
    /** Context 1's: only DHCP (UDP to ports 67 and 68). */
    private static final List<FilterRule> DHCP_ONLY = List.of(allow(match().etherType(IPV4).protocol(UDP).destinationPort(new PortRange(67, 68))));
    /** Context 3's: a rule that allows everything. */
    private static final List<FilterRule> ALLOW_ALL = List.of(allow(match()));

    private static void recipients(FileBuilder file, String id) {
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        file.group("context 0 untagged (MAC 02:00:00:00:00:01, promiscuous allowed): RX rule [0] drop UDP, default allow; context 1 untagged "
                        + "(02:00:00:00:00:02): [0] allow IPv4 UDP to ports 67-68, default drop; context 2 untagged (02:00:00:00:00:03): no RX rules; "
                        + "context 3 Access(10) (02:00:00:00:00:04): [0] allow everything, default drop; rings on pages 1 to 8; two RX buffers each "
                        + "(pages 100 + 10 x id + k, filled with 0xee); frames come from 02:00:00:00:00:99 unless a test says otherwise",
                        () -> Bench.start(promiscuousAllowed(0, UNTAGGED, 2, NO_UDP, FilterAction.ALLOW, A), member(1, UNTAGGED, 2, DHCP_ONLY, FilterAction.DROP, B),
                                member(2, UNTAGGED, 2, List.of(), FilterAction.ALLOW, C), member(3, access(10), 2, ALLOW_ALL, FilterAction.DROP, D)))
                .requiring(PROFILE)
                .test(replicated(id + "broadcast-dhcp-one-drops", "a DHCP broadcast (UDP 68 to 67): context 0's rule drops its copy, context 1's "
                                + "allows, context 2 has no rules; each copy on its own", "DEMUX-14", "DEMUX-16", "DEMUX-4").flags("ReplicationOrder", "OtherRecipient"),
                        rx("0:RX_DROP_FILTER 1 2", udp4(BROADCAST, PEER, "0.0.0.0", "255.255.255.255", 68, 67, 30)))
                .test(replicated(id + "broadcast-arp-another-drops", "an ARP broadcast: context 0's default allows it, context 1's default drops it, "
                                + "context 2 takes it", "DEMUX-14", "DEMUX-16", "DEMUX-4").flags("ReplicationOrder", "OtherRecipient"),
                        rx("0 1:RX_DROP_FILTER 2", arpFrame(BROADCAST, PEER)))
                .test(replicated(id + "multicast-every-recipient-drops", "contexts 0 and 1 join 01:00:5e:00:00:01; UDP to it on port 5000: both rule "
                                + "tables drop their copies, yet the frame had recipients, so no WIRE_DROP_NO_CONTEXT", "DEMUX-14", "DEMUX-9", "DEMUX-5")
                                .flags("ReplicationOrder"),
                        b -> {
                            control(b, Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.builder().join(G1).build()), "Ok");
                            control(b, Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.builder().join(G1).build()), "Ok");
                            wire(b, "0:RX_DROP_FILTER 1:RX_DROP_FILTER", udp4(G1, PEER, "203.0.113.5", "239.0.0.1", 40000, 5000, 31));
                        })
                .test(Meta.valid(id + "allow-all-never-widens-unicast", "DHCP unicast to context 1: context 1 takes it; context 3 (allow everything, "
                        + "another VLAN) and context 0 (not promiscuous) get nothing", "DEMUX-16", "DEMUX-3").flags("NoWidening"),
                        rx("1", udp4(B, PEER, "198.51.100.1", "198.51.100.20", 67, 68, 32)))
                .test(Meta.invalid(id + "allow-all-never-crosses-vlans", "VID 20 unicast to context 3's MAC: context 3 (Access(10), allow everything) "
                                + "is no member, nobody takes it, WIRE_DROP_NO_CONTEXT", error("packet"), "DEMUX-16", "DEMUX-2", "DEMUX-9").flags("NoWidening"),
                        rx("", dot1q(D, PEER, 0x0014, IPV4, ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 33))))))
                .test(Meta.invalid(id + "allow-all-never-reflects", "a VID 10 broadcast from context 3's own MAC: its only member owns the source and "
                                + "is pruned whatever its rules", error("packet"), "DEMUX-16", "DEMUX-7", "DEMUX-9").flags("NoWidening"),
                        rx("", dot1q(BROADCAST, D, 0x000A, ARP, arp(D, "198.51.100.4", "198.51.100.1"), new byte[18])))
                .test(Meta.valid(id + "allow-all-access-copy-stripped", "VID 10 unicast to context 3: its allow-everything rule takes it, the copy "
                        + "arrives without its tag", "DEMUX-14", "DEMUX-10"),
                        rx("3", dot1q(D, PEER, 0x000A, IPV4, ipv4("203.0.113.5", "198.51.100.7", UDP, udp(40000, 7, data(18, 34))))))
                .test(replicated(id + "promiscuous-rules-allow", "guest 0 turns promiscuous on; TCP unicast to context 2: context 0's default allows its "
                                + "copy, context 2 takes its own", "DEMUX-14", "DEMUX-6", "DEMUX-16").flags("ReplicationOrder"),
                        b -> {
                            control(b, Caller.guest(0), new ControlRequest.SetGuestConfig(0, promiscuous), "Ok");
                            wire(b, "0 2", tcp4(C, PEER, "203.0.113.5", "198.51.100.3", 40000, 443, 35));
                        })
                .test(replicated(id + "promiscuous-rules-drop", "guest 0 turns promiscuous on; UDP unicast to context 2: context 0's rule drops its copy, "
                                + "context 2 still takes its own", "DEMUX-14", "DEMUX-6", "DEMUX-16").flags("ReplicationOrder", "OtherRecipient"),
                        b -> {
                            control(b, Caller.guest(0), new ControlRequest.SetGuestConfig(0, promiscuous), "Ok");
                            wire(b, "0:RX_DROP_FILTER 2", udp4(C, PEER, "203.0.113.5", "198.51.100.3", 40000, 53, 36));
                        })
                .done();
    }

    private static void losers(FileBuilder file, String id) {
        file.group("context 0 untagged (MAC 02:00:00:00:00:01): RX rule [0] drop UDP, default allow, no RX buffer; context 1 untagged "
                        + "(02:00:00:00:00:02): no RX rules, two RX buffers; context 2 untagged (02:00:00:00:00:03): [0] drop UDP, default allow, two "
                        + "RX buffers, then FAILED on a TX req_prod 100000 ahead (RING-11); rings on pages 1 to 6; buffers on pages 100 + 10 x id + k, "
                        + "filled with 0xee; frames come from 02:00:00:00:00:99",
                        () -> {
                            Bench bench = Bench.start(member(0, UNTAGGED, 0, NO_UDP, FilterAction.ALLOW, A), member(1, UNTAGGED, 2, List.of(),
                                    FilterAction.ALLOW, B), member(2, UNTAGGED, 2, NO_UDP, FilterAction.ALLOW, C));
                            fail(bench, 2);
                            return bench;
                        })
                .requiring(PROFILE)
                .test(replicated(id + "filter-before-buffers-and-state", "a UDP broadcast: context 0 (no buffer) and FAILED context 2 lose their copies "
                                + "to their rules, RX_DROP_FILTER, not RX_DROP_NO_BUFFER or RX_DROP_FAILED; context 1 takes its copy",
                                "DEMUX-14", "DEMUX-11", "DEMUX-16").flags("ReplicationOrder", "FilterFirst"),
                        rx("0:RX_DROP_FILTER 1 2:RX_DROP_FILTER", udp4(BROADCAST, PEER, "203.0.113.5", "255.255.255.255", 40000, 9, 40)))
                .test(replicated(id + "allowed-then-buffers-and-state", "an ARP broadcast: the rules allow every copy; context 0 has no buffer "
                                + "(RX_DROP_NO_BUFFER), context 1 takes its copy, FAILED context 2 counts RX_DROP_FAILED", "DEMUX-14", "DEMUX-11", "RX-3",
                                "RX-5").flags("ReplicationOrder", "FilterFirst"),
                        rx("0:RX_DROP_NO_BUFFER 1 2:RX_DROP_FAILED", arpFrame(BROADCAST, PEER)))
                .done();
    }

    /** Context 0's rules in the VEB group: drop UDP to port 9 (discard), default allow. */
    private static final List<FilterRule> NO_DISCARD = List.of(drop(match().protocol(UDP).destinationPort(PortRange.of(9))));
    /** Context 2's: TCP only. */
    private static final List<FilterRule> TCP_ONLY = List.of(allow(match().protocol(TCP)));

    private static void switched(FileBuilder file, String id) {
        file.group("VEB: context 0 untagged (MAC 02:00:00:00:00:01): RX rule [0] drop UDP to port 9, default allow; context 1 untagged "
                        + "(02:00:00:00:00:02): no RX rules, the sender; context 2 untagged (02:00:00:00:00:03): [0] allow TCP, default drop; rings "
                        + "on pages 1 to 6; two RX buffers each (pages 100 + 10 x id + k, filled with 0xee); then the host sets switch mode veb",
                        () -> {
                            Bench bench = Bench.start(member(0, UNTAGGED, 2, NO_DISCARD, FilterAction.ALLOW, A), member(1, UNTAGGED, 2, List.of(),
                                    FilterAction.ALLOW, B), member(2, UNTAGGED, 2, TCP_ONLY, FilterAction.DROP, C));
                            control(bench, Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB), "Ok");
                            return bench;
                        })
                .requiring(PROFILE)
                .test(Meta.invalid(id + "switched-unicast-dropped", "context 1 sends UDP to context 0's port 9: the frame stays inside (CTX-6) and "
                                + "context 0's rule drops it, RX_DROP_FILTER; nothing reaches the wire", error("packet"), "DEMUX-14", "DEMUX-16", "CTX-6")
                                .flags("Switched"),
                        veb(1, "0:RX_DROP_FILTER", false, udp4(A, B, "198.51.100.2", "198.51.100.1", 40000, 9, 50)))
                .test(Meta.valid(id + "switched-unicast-allowed", "context 1 sends UDP to context 0's port 7: context 0's default allows it",
                        "DEMUX-14", "CTX-6").flags("Switched"),
                        veb(1, "0", false, udp4(A, B, "198.51.100.2", "198.51.100.1", 40000, 7, 51)))
                .test(Meta.invalid(id + "switched-unicast-default-drop", "context 1 sends UDP to context 2: context 2's default drops it, nothing on "
                                + "the wire", error("packet"), "DEMUX-14", "CTX-6").flags("Switched"),
                        veb(1, "2:RX_DROP_FILTER", false, udp4(C, B, "198.51.100.2", "198.51.100.3", 40000, 7, 52)))
                .test(replicated(id + "switched-broadcast-both-allow", "context 1 broadcasts TCP: contexts 0 and 2 allow their copies, and the frame "
                                + "goes to the wire", "DEMUX-14", "DEMUX-16", "CTX-6").flags("ReplicationOrder", "Switched"),
                        veb(1, "0 2", true, tcp4(BROADCAST, B, "198.51.100.2", "198.51.100.255", 40000, 80, 53)))
                .test(replicated(id + "switched-broadcast-one-drops", "context 1 broadcasts UDP to port 7: context 0 allows its copy, context 2's "
                                + "default drops its own; the wire gets the frame", "DEMUX-14", "DEMUX-16", "CTX-6")
                                .flags("ReplicationOrder", "Switched", "OtherRecipient"),
                        veb(1, "0 2:RX_DROP_FILTER", true, udp4(BROADCAST, B, "198.51.100.2", "198.51.100.255", 40000, 7, 54)))
                .test(replicated(id + "switched-broadcast-both-drop", "context 1 broadcasts UDP to port 9: both receivers' rules drop their copies; "
                                + "the wire still gets the frame", "DEMUX-14", "DEMUX-16", "CTX-6").flags("ReplicationOrder", "Switched"),
                        veb(1, "0:RX_DROP_FILTER 2:RX_DROP_FILTER", true, udp4(BROADCAST, B, "198.51.100.2", "198.51.100.255", 40000, 9, 55)))
                .test(Meta.invalid(id + "wire-frame-same-rules", "the same UDP to port 9 from the wire to context 0: its rule drops it as it drops the "
                        + "switched one", error("packet"), "DEMUX-14").flags("Switched"),
                        rx("0:RX_DROP_FILTER", udp4(A, PEER, "198.51.100.2", "198.51.100.1", 40000, 9, 56)))
                .done();
    }

    // ------------------------------------------------------------------ demux/rx-filter-config.yaml

    /** {@code count} rules none of which holds for the frames of these tests (UDP to ports 60000 + k), then nothing else. */
    private static List<FilterRule> unmatched(int count) {
        List<FilterRule> rules = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            rules.add(drop(match().protocol(UDP).destinationPort(PortRange.of(60000 + k))));
        }
        return rules;
    }

    /** {@code count} rules: {@code count - 1} that never hold here, then [last] drop IPv4. */
    private static List<FilterRule> endingInNoIpv4(int count) {
        List<FilterRule> rules = new ArrayList<>(unmatched(count - 1));
        rules.add(drop(match().etherType(IPV4)));
        return rules;
    }

    private static final List<FilterRule> NO_IPV4 = List.of(drop(match().etherType(IPV4)));

    private static VectorBundle.Entry rxFilterConfig() {
        String id = CHAPTER + ".rx-filter-config.";
        int max = Generators.model().limits().maxFilterRules();
        if (max != 16) {
            throw new IllegalStateException("these vectors assume maxFilterRules = 16, the model has " + max);
        }
        FileBuilder file = FileBuilder.frame(CHAPTER, "rx-filter-config",
                "The host's RX rules (profile l3l4-demux): create and update check them right after the TX rules and before the ring grants; "
                        + "more than maxFilterRules RX rules is INVALID_CONFIG and changes nothing; an accepted update applies to the next copy; "
                        + "RX rules never touch what the context sends (spec 06, section 5a; spec 01, section 4, step 4c; DEMUX-17, DEMUX-14, "
                        + "PRIV-8). A device without the profile refuses any RX rule or an RX default of drop with NOT_SUPPORTED, which no "
                        + "vector of this profile can show: the properties check it.");
        file.note("TooManyRules", "RESOURCE_EXHAUSTION", "more RX rules than maxFilterRules (DEMUX-17)", "a host fills the device's RX filter tables");
        file.note("CoreLimits", "IMPL_DEFINED", "assumes the reference model's maxFilterRules = 16 (the core preset fixes only the lower bound)",
                "meaningful only for a device with exactly this limit");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides",
                "two devices would give the same request different answers");
        file.note("RuleChange", "BASIC", "an update changes a live context's RX rules or default; the next copy follows the new ones",
                "copies keep following rules the host replaced");
        file.group("context 0 untagged (MAC 02:00:00:00:00:01, rings 1 and 2, no RX rules, three RX buffers 100 to 102 filled with 0xee); ring "
                        + "pages 3 and 4 granted to context 1, which does not exist; frames come from 02:00:00:00:00:99",
                        () -> {
                            Bench bench = Bench.start(member(0, UNTAGGED, 3, List.of(), FilterAction.ALLOW, A));
                            bench.harness.guest(1);
                            return bench;
                        })
                .requiring(PROFILE)
                .test(Meta.invalid(id + "create-seventeen-rules", "a create of context 1 with 17 RX rules is refused and creates nothing: the same create "
                                + "with 16 then answers ok", rejected("INVALID_CONFIG"), "DEMUX-17", "PRIV-8").flags("TooManyRules", "CoreLimits"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, false, unmatched(17),
                                    FilterAction.ALLOW, List.of(B))), refused("INVALID_CONFIG"));
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, false, unmatched(16),
                                    FilterAction.ALLOW, List.of(B))), "Ok");
                        })
                .test(Meta.invalid(id + "create-sixteen-rules-last-decides", "context 1 created with 16 RX rules, the 16th dropping IPv4: UDP to it is "
                                + "dropped by rule 15, ARP allowed by the default", error("packet"), "DEMUX-17", "DEMUX-14"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, false, endingInNoIpv4(16),
                                    FilterAction.ALLOW, List.of(B))), "Ok");
                            Arrays.fill(b.harness.grant(150, 1, Access.READ_WRITE), FILL);
                            b.harness.guest(1).post(150);
                            b.buffers.put(1, List.of(150));
                            wire(b, "1:RX_DROP_FILTER", udp4(B, PEER, "203.0.113.5", "198.51.100.2", 40000, 7, 60));
                            wire(b, "1", arpFrame(B, PEER));
                        })
                .test(Meta.valid(id + "update-sixteen-rules-accepted", "context 0 updated with 16 RX rules (maxFilterRules of the core preset), none "
                                + "holding for UDP to port 7: accepted, and the next such frame arrives by the default", "DEMUX-17", "DEMUX-14"),
                        b -> {
                            updateRx(b, 0, unmatched(16), FilterAction.ALLOW, "Ok");
                            wire(b, "0", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 68));
                        })
                .test(Meta.invalid(id + "update-seventeen-rules", "context 0 updated with 17 RX rules, the 17th dropping IPv4: refused; the next IPv4 "
                                + "frame still arrives", rejected("INVALID_CONFIG"), "DEMUX-17", "PRIV-8").flags("TooManyRules", "CoreLimits"),
                        b -> {
                            updateRx(b, 0, endingInNoIpv4(17), FilterAction.ALLOW, refused("INVALID_CONFIG"));
                            wire(b, "0", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 61));
                        })
                .test(Meta.invalid(id + "create-seventeen-rules-read-only-ring", "17 RX rules and a read-only TX ring: INVALID_CONFIG, the RX rule "
                                + "check (step 4c) before the ring grants (step 5)", rejected("INVALID_CONFIG"), "DEMUX-17", "MEM-6")
                                .flags("OrderOfChecks", "TooManyRules", "CoreLimits"),
                        b -> {
                            int readOnly = b.harness.grantPage(1, Access.READ_ONLY);
                            ContextConfig config = ContextConfig.builder().mac(B).txRingGref(readOnly).rxRingGref(b.harness.guest(1).rxRing())
                                    .rxRules(unmatched(17)).build();
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config), refused("INVALID_CONFIG"));
                        })
                .test(Meta.invalid(id + "create-seventeen-rules-by-guest", "guest 1 creates its context with 17 RX rules: PRIVILEGE comes first",
                                rejected("PRIVILEGE"), "DEMUX-17", "PRIV-2").flags("OrderOfChecks", "TooManyRules"),
                        b -> control(b, Caller.guest(1), new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, false, unmatched(17),
                                FilterAction.ALLOW, List.of(B))), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "update-adds-rules", "context 0 updated with [0] drop IPv4: the next IPv4 copy is dropped, an ARP request still "
                                + "arrives", error("packet"), "DEMUX-14").flags("RuleChange"),
                        b -> {
                            updateRx(b, 0, NO_IPV4, FilterAction.ALLOW, "Ok");
                            wire(b, "0:RX_DROP_FILTER", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 62));
                            wire(b, "0", arpFrame(A, PEER));
                        })
                .test(Meta.invalid(id + "update-default-drop", "context 0 updated with no rules and RX default drop: every copy is dropped",
                                error("packet"), "DEMUX-14").flags("RuleChange"),
                        b -> {
                            updateRx(b, 0, List.of(), FilterAction.DROP, "Ok");
                            wire(b, "0:RX_DROP_FILTER", arpFrame(A, PEER));
                            wire(b, "0:RX_DROP_FILTER", plain(A, PEER, 63));
                        })
                .test(Meta.invalid(id + "update-removes-rules", "context 0 updated with [0] drop IPv4, then back to no rules: an IPv4 copy is dropped, "
                                + "then the next one arrives", error("packet"), "DEMUX-14").flags("RuleChange"),
                        b -> {
                            updateRx(b, 0, NO_IPV4, FilterAction.ALLOW, "Ok");
                            wire(b, "0:RX_DROP_FILTER", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 64));
                            updateRx(b, 0, List.of(), FilterAction.ALLOW, "Ok");
                            wire(b, "0", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 65));
                        })
                .test(Meta.invalid(id + "update-refused-keeps-rules", "context 0 updated with [0] drop IPv4, then with 17 rules (refused): IPv4 is still "
                                + "dropped by the rules it has", rejected("INVALID_CONFIG"), "DEMUX-17", "DEMUX-14", "PRIV-8")
                                .flags("RuleChange", "TooManyRules", "CoreLimits"),
                        b -> {
                            updateRx(b, 0, NO_IPV4, FilterAction.ALLOW, "Ok");
                            updateRx(b, 0, unmatched(17), FilterAction.ALLOW, refused("INVALID_CONFIG"));
                            wire(b, "0:RX_DROP_FILTER", udp4(A, PEER, "203.0.113.5", "198.51.100.1", 40000, 7, 66));
                        })
                .test(Meta.valid(id + "rx-rules-do-not-filter-tx", "context 0 updated with RX default drop sends an IPv4 frame: it leaves on port 0, "
                                + "RX rules judge only copies demux selects", "DEMUX-14"),
                        b -> {
                            updateRx(b, 0, List.of(), FilterAction.DROP, "Ok");
                            Harness h = b.harness;
                            int page = h.grantPage(0, Access.READ_ONLY);
                            byte[] sent = udp4(PEER, A, "198.51.100.1", "203.0.113.5", 7, 40000, 67);
                            System.arraycopy(sent, 0, h.memory().page(page), 0, sent.length);
                            int frames = h.sink().frames().size();
                            h.guest(0).send(List.of(new TxSlot.Data(page, 0, 0, 1, sent.length)));
                            require(h.sink().frames().size() == frames + 1 && Arrays.equals(h.sink().frames().get(frames).bytes(), sent),
                                    "the frame leaves as sent");
                            require(h.counter(0, Counter.RX_DROP_FILTER) == 0, "no copy was judged");
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
