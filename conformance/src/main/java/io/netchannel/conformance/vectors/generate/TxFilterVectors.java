package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.allow;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.drop;
import static io.netchannel.conformance.vectors.generate.Bench.match;
import static io.netchannel.conformance.vectors.generate.Bench.page;
import static io.netchannel.conformance.vectors.generate.Bench.prefix;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.slot;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.Bench.withTag;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;
import static io.netchannel.conformance.properties.FrameBytes.ARP;
import static io.netchannel.conformance.properties.FrameBytes.C_TAG;
import static io.netchannel.conformance.properties.FrameBytes.DESTINATION_OPTIONS;
import static io.netchannel.conformance.properties.FrameBytes.FRAGMENT;
import static io.netchannel.conformance.properties.FrameBytes.HOP_BY_HOP;
import static io.netchannel.conformance.properties.FrameBytes.ICMP;
import static io.netchannel.conformance.properties.FrameBytes.IPV4;
import static io.netchannel.conformance.properties.FrameBytes.IPV6;
import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.NO_NEXT_HEADER;
import static io.netchannel.conformance.properties.FrameBytes.OLD_S_TAG;
import static io.netchannel.conformance.properties.FrameBytes.ROUTING;
import static io.netchannel.conformance.properties.FrameBytes.SCTP;
import static io.netchannel.conformance.properties.FrameBytes.S_TAG;
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
import static io.netchannel.conformance.properties.FrameBytes.ipv4Raw;
import static io.netchannel.conformance.properties.FrameBytes.ipv6;
import static io.netchannel.conformance.properties.FrameBytes.ipv6Raw;
import static io.netchannel.conformance.properties.FrameBytes.tagged;
import static io.netchannel.conformance.properties.FrameBytes.tcp;
import static io.netchannel.conformance.properties.FrameBytes.udp;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Chapter 07 vectors: what a context may send. Source MAC, VLAN tag and filter rules are checked
 * in that order, the first failure alone counts, and a dropped packet is answered DROPPED with its
 * extras NULL (TXF-1 to TXF-5, TXF-9); filter rules decide by first match over fields read from
 * the frame's own bytes, per-rule hit counters follow the rules, and the rule list is bounded
 * (TXF-6 to TXF-8, TXF-10). Frames meant to pass come from a MAC the sending context owns.
 * Test ids start with {@code txfilter}: the id pattern of spec 05 allows no hyphen in its first
 * part, so the folder's name {@code tx-filter} cannot lead an id.
 */
final class TxFilterVectors {

    private static final String CHAPTER = "tx-filter";
    private static final String ID = "txfilter.";

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress A2 = MacAddress.parse("02:00:00:00:00:11");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");
    /** The station on the wire the frames go to, owned by no context. */
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    private static final MacAddress GROUP = MacAddress.parse("33:33:00:00:00:01");
    private static final int MORE = TxRequestLayout.FLAG_MORE_DATA;
    private static final int EXTRA = TxRequestLayout.FLAG_EXTRA_INFO;

    private TxFilterVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(sourceAndVlan(), rules(), headerFields());
    }

    // ------------------------------------------------------------------ bench

    /** A context without filter rules, default allow, no RX buffers. */
    private static Bench.Member member(int id, VlanPolicy vlan, MacAddress... macs) {
        return new Bench.Member(id, 0, Bench.shape(vlan, macs).build());
    }

    /** A context with filter rules {@code rules} and default {@code fallback}, no RX buffers. */
    private static Bench.Member filtering(int id, VlanPolicy vlan, List<FilterRule> rules, FilterAction fallback, MacAddress... macs) {
        return new Bench.Member(id, 0, Bench.shape(vlan, macs).txRules(rules).txDefault(fallback).build());
    }

    private static ContextConfig config(Harness h, int ctx, VlanPolicy vlan, List<FilterRule> rules, FilterAction fallback, List<MacAddress> macs) {
        GuestDriver guest = h.guest(ctx);
        return ContextConfig.builder().macs(macs).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).vlan(vlan).txRules(rules)
                .txDefault(fallback).build();
    }

    /** A TX packet and the frame it makes (null for a multicast-control packet). */
    private record Packet(List<TxSlot> slots, byte[] frame) {
    }

    /** A one-slot packet: {@code frame} at offset 0 of a fresh page granted read-only to {@code ctx}. */
    private static Packet one(Bench bench, int ctx, byte[] frame) {
        return new Packet(List.of(slot(bench, ctx, frame)), frame);
    }

    /**
     * {@code frame} as a chain: its first {@code split} bytes in one page, the rest in another, a
     * HASH extra between the first slot and the data slot.
     */
    private static Packet chain(Bench bench, int ctx, byte[] frame, int split) {
        int first = page(bench, ctx, Arrays.copyOf(frame, split));
        int second = page(bench, ctx, Arrays.copyOfRange(frame, split, frame.length));
        List<TxSlot> slots = List.of(new TxSlot.Data(first, 0, MORE | EXTRA, bench.nextId++, frame.length),
                TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, false, 0x5A), new TxSlot.Data(second, 0, 0, bench.nextId++, frame.length - split));
        return new Packet(slots, frame);
    }

    /** A MCAST_ADD of {@code group} whose 60-byte first slot points at {@code bytes} (never read as a frame). */
    private static Packet mcast(Bench bench, int ctx, byte[] bytes, MacAddress group) {
        int page = page(bench, ctx, bytes);
        return new Packet(List.of(new TxSlot.Data(page, 0, EXTRA, bench.nextId++, 60),
                TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, group, false)), null);
    }

    private static boolean isFiltering(ContextConfig config) {
        return config != null && (!config.txRules().isEmpty() || config.txDefault() == FilterAction.DROP);
    }

    /**
     * Context {@code ctx} publishes {@code packets} and kicks once; each packet's verdict in
     * {@code expected} (comma-separated) is checked against the model: {@code SENT}, {@code SPOOF},
     * {@code VLAN}, {@code ERROR} (a chapter 04 per-packet error), {@code MCAST} (a
     * multicast-control packet), and for a filtering context {@code SENT@i} or {@code FILTER@i},
     * i the index of the deciding rule. Checks the responses, the frames on the wire (the tag of
     * an Access context inserted here), the counters and the filter hits.
     */
    private static void send(Bench bench, int ctx, String expected, Packet... packets) {
        String[] verdicts = expected.split(",\\s*");
        require(verdicts.length == packets.length, "one verdict per packet: " + expected);
        Harness h = bench.harness;
        GuestDriver guest = h.guest(ctx);
        ContextConfig config = bench.configs.get(ctx);
        boolean filtering = isFiltering(config);
        int max = Generators.model().limits().maxFilterRules();
        long[] hitsBefore = new long[max + 1];
        for (int i = 0; i <= max; i++) {
            hitsBefore[i] = h.filterHits(ctx, i);
        }
        Map<Counter, Long> before = new TreeMap<>();
        for (Counter counter : Counter.values()) {
            if (counter != Counter.WIRE_RX_FRAMES && counter != Counter.WIRE_DROP_NO_CONTEXT) {
                before.put(counter, h.counter(ctx, counter));
            }
        }
        int framesBefore = h.sink().frames().size();
        int start = guest.txReqProdPvt();
        for (Packet packet : packets) {
            guest.queue(packet.slots());
        }
        guest.pushTx();
        h.kick(ctx, Queue.TX);

        Map<Counter, Long> delta = new TreeMap<>();
        long[] hits = new long[max + 1];
        List<byte[]> wire = new ArrayList<>();
        int index = start;
        for (int p = 0; p < packets.length; p++) {
            String[] verdict = verdicts[p].split("@");
            String kind = verdict[0];
            if (verdict.length > 1) {
                require(filtering, "a rule index for context " + ctx + ", which does not filter");
                hits[Integer.parseInt(verdict[1])]++;
            } else {
                require(!filtering || !kind.equals("SENT"), "the deciding rule of a frame context " + ctx + " sends: " + verdicts[p]);
            }
            short status = switch (kind) {
                case "SENT", "MCAST" -> NetifStatus.OKAY;
                case "SPOOF", "VLAN", "FILTER" -> NetifStatus.DROPPED;
                case "ERROR" -> NetifStatus.ERROR;
                default -> throw new IllegalArgumentException("verdict " + kind);
            };
            switch (kind) {
                case "SENT" -> {
                    byte[] out = config.vlan() instanceof VlanPolicy.Access port ? withTag(packets[p].frame(), port.vid()) : packets[p].frame();
                    wire.add(out);
                    delta.merge(Counter.TX_FRAMES, 1L, Long::sum);
                    delta.merge(Counter.TX_BYTES, (long) out.length, Long::sum);
                }
                case "SPOOF" -> delta.merge(Counter.TX_DROP_SPOOF, 1L, Long::sum);
                case "VLAN" -> delta.merge(Counter.TX_DROP_VLAN, 1L, Long::sum);
                case "FILTER" -> delta.merge(Counter.TX_DROP_FILTER, 1L, Long::sum);
                case "ERROR" -> delta.merge(Counter.TX_ERRORS, 1L, Long::sum);
                default -> {
                }
            }
            for (TxSlot slot : packets[p].slots()) {
                int at = SharedRingLayout.entryOffset(index++, TxRequestLayout.ENTRY_SIZE);
                short want = slot instanceof TxSlot.Extra ? NetifStatus.NULL : status;
                short seen = Bytes.s16(guest.txPage(), at + TxResponseLayout.STATUS);
                require(seen == want && Bytes.u16(guest.txPage(), at + TxResponseLayout.ID) == slot.echoedId(),
                        "packet " + (p + 1) + " (" + verdicts[p] + ") of context " + ctx + ": a slot answered " + seen + ", the spec says " + want);
            }
        }
        List<RecordingSink.Frame> sent = h.sink().frames().subList(framesBefore, h.sink().frames().size());
        require(sent.size() == wire.size(), "context " + ctx + " sent " + sent.size() + " frames, the spec says " + wire.size() + " (" + expected + ")");
        for (int k = 0; k < wire.size(); k++) {
            require(sent.get(k).port() == 0 && Arrays.equals(sent.get(k).bytes(), wire.get(k)), "frame " + (k + 1) + " on the wire as the spec builds it");
        }
        for (Map.Entry<Counter, Long> entry : before.entrySet()) {
            long change = h.counter(ctx, entry.getKey()) - entry.getValue();
            require(change == delta.getOrDefault(entry.getKey(), 0L), "context " + ctx + " " + entry.getKey() + " moved " + change + " (" + expected + ")");
        }
        if (filtering) {
            for (int i = 0; i <= max; i++) {
                require(h.filterHits(ctx, i) - hitsBefore[i] == hits[i], "filterHits(" + ctx + ", " + i + ") moved " + (h.filterHits(ctx, i) - hitsBefore[i])
                        + ", the spec says " + hits[i] + " (" + expected + ")");
            }
        }
    }

    /** A test action: context {@code ctx} sends {@code frames}, one packet each, in one kick. */
    private static Consumer<Bench> tx(int ctx, String expected, byte[]... frames) {
        return bench -> send(bench, ctx, expected, packets(bench, ctx, frames));
    }

    private static Packet[] packets(Bench bench, int ctx, byte[]... frames) {
        Packet[] packets = new Packet[frames.length];
        for (int k = 0; k < frames.length; k++) {
            packets[k] = one(bench, ctx, frames[k]);
        }
        return packets;
    }

    /** A 60-byte frame (EtherType 0x88b5) from {@code source} to the peer. */
    private static byte[] plain(MacAddress source, int seed) {
        return ether(PEER, source, LOCAL, data(46, seed));
    }

    /** A 64-byte 802.1Q frame with TCI {@code tci}, EtherType 0x88b5 inside, from {@code source} to the peer. */
    private static byte[] tag(MacAddress source, int tci, int seed) {
        return dot1q(PEER, source, tci, LOCAL, data(46, seed));
    }

    private static void commonNotes(FileBuilder file) {
        file.note("Spoofing", "SPOOFING", "a frame whose source MAC the sending context does not own (TXF-2)", "a guest sends as another guest or host");
        file.note("VlanHopping", "ISOLATION_BREACH", "a frame whose tag the sender's VLAN policy forbids, or without the tag it needs (TXF-3 to TXF-5)",
                "a guest reaches a VLAN the host did not give it");
        file.note("OrderOfChecks", "EDGE_CASE", "the frame fails more than one check; the first in chapter 07's order (source MAC, VLAN, rules) "
                + "alone counts, and the descriptor checks of chapter 04 come before all", "two devices would count the same drop under different reasons");
        file.note("DroppedResponses", "BASIC", "a dropped multi-slot packet: every data slot answered DROPPED, every extra NULL (TXF-9)",
                "the guest cannot tell a policy drop from a malformed packet, or loses a slot");
        file.note("MulticastControl", "BASIC", "a MCAST_ADD packet is not a frame: no source, VLAN or rule check applies (TXF-1)",
                "a guest cannot manage its multicast groups under a strict policy");
        file.note("CoreLimits", "IMPL_DEFINED", "assumes the reference model's maxFilterRules = 16 (the core preset fixes only the lower bound)",
                "meaningful only for a device with exactly this limit");
        file.note("UnreadableHeader", "MALFORMED", "a header the device cannot read (too short, wrong version, IHL below 5, truncated extension "
                + "headers, more than eight of them): a field that needs it does not hold (TXF-7)",
                "a crafted header satisfies a rule it should not, or bypasses a firewall of ALLOW rules");
        file.note("Fragment", "EDGE_CASE", "an IPv4 or IPv6 fragment other than the first: the protocol is known, the ports are not (TXF-7)",
                "a later fragment's payload is read as ports");
        file.note("ExtensionHeaders", "EDGE_CASE", "IPv6 Hop-by-Hop, Routing, Destination Options and Fragment headers walked to the protocol (TXF-7)",
                "the protocol or ports of an IPv6 frame are read from the wrong offset");
        file.note("TaggedFrame", "EDGE_CASE", "a trunk's 802.1Q frame: the EtherType and headers are read after one tag (TXF-7)",
                "rules see the tag instead of the frame");
    }

    // ------------------------------------------------------------------ TXF-1 to TXF-5, TXF-9

    private static VectorBundle.Entry sourceAndVlan() {
        String id = ID + "source-and-vlan.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "source-and-vlan",
                "Source MAC and VLAN enforcement on TX: a frame from a MAC the context does not own is dropped (TX_DROP_SPOOF); an untagged "
                        + "context sends no tag, an Access context's frames get its tag inserted, a trunk sends only its own VIDs (TX_DROP_VLAN); the "
                        + "source check comes first; a dropped packet is answered DROPPED, its extras NULL, and TX_ERRORS does not move; a "
                        + "multicast-control packet is not checked (spec 07, section 3; TXF-1 to TXF-5, TXF-9). Each frame is one slot at offset 0 "
                        + "of a fresh page granted read-only, sent to 02:00:00:00:00:99.");
        commonNotes(file);
        file.note("TagLookalike", "EDGE_CASE", "an EtherType next to 0x8100 or 0x8100 byte-swapped: not a tag", "a device that tests the TPID loosely "
                + "refuses or lets through the wrong frames");
        file.note("ShortTag", "MALFORMED", "0x8100 at octets 12-13 of a frame shorter than 18 bytes", "a truncated tag is read past the frame");
        file.note("ServiceTag", "EDGE_CASE", "a 0x88A8 or 0x9100 service tag", "a guest sends stacked VLANs the core profile does not carry");
        file.group("context 0 untagged (MACs 02:00:00:00:00:01 and 02:00:00:00:00:11), context 1 Access(300) (02:00:00:00:00:02), context 2 "
                                + "Trunk[300, 4094] (02:00:00:00:00:03), context 3 untagged (02:00:00:00:00:04); no filter rules; rings on pages 1 to 8",
                        () -> Bench.start(member(0, UNTAGGED, A, A2), member(1, access(300), B), member(2, trunk(300, 4094), C), member(3, UNTAGGED, D)))
                .test(Meta.valid(id + "own-mac", "context 0 sends 60 bytes from 02:00:00:00:00:01: on the wire as sent, TX_BYTES 60", "TXF-2", "TXF-1", "TX-1"),
                        tx(0, "SENT", plain(A, 1)))
                .test(Meta.valid(id + "own-second-mac", "context 0 sends from its second MAC 02:00:00:00:00:11: sent", "TXF-2"), tx(0, "SENT", plain(A2, 2)))
                .test(Meta.valid(id + "own-mac-to-broadcast", "context 0 sends a broadcast from its own MAC: sent; only the source is checked", "TXF-2"),
                        tx(0, "SENT", ether(MacAddress.BROADCAST, A, LOCAL, data(46, 3))))
                .test(Meta.invalid(id + "spoof-neighbour-mac", "context 0 sends from context 3's MAC: DROPPED, TX_DROP_SPOOF, nothing on the wire",
                        error("packet"), "TXF-2", "TXF-9").flags("Spoofing"), tx(0, "SPOOF", plain(D, 4)))
                .test(Meta.invalid(id + "spoof-unowned-mac", "context 0 sends from 02:00:00:00:00:99, which no context owns: dropped", error("packet"),
                        "TXF-2", "TXF-9").flags("Spoofing"), tx(0, "SPOOF", plain(PEER, 5)))
                .test(Meta.invalid(id + "spoof-local-bit-cleared", "context 0 sends from 00:00:00:00:00:01, its MAC with the local bit cleared: dropped",
                        error("packet"), "TXF-2").flags("Spoofing"), tx(0, "SPOOF", plain(MacAddress.parse("00:00:00:00:00:01"), 6)))
                .test(Meta.invalid(id + "spoof-group-source", "context 0 sends from the group address 03:00:00:00:00:01: dropped", error("packet"), "TXF-2")
                        .flags("Spoofing"), tx(0, "SPOOF", plain(MacAddress.parse("03:00:00:00:00:01"), 7)))
                .test(Meta.invalid(id + "spoof-broadcast-source", "context 0 sends from ff:ff:ff:ff:ff:ff: dropped", error("packet"), "TXF-2")
                        .flags("Spoofing"), tx(0, "SPOOF", plain(MacAddress.BROADCAST, 8)))
                .test(Meta.invalid(id + "spoof-from-access-context", "Access context 1 sends from context 0's MAC: dropped, no tag reaches the wire",
                        error("packet"), "TXF-2", "TXF-9").flags("Spoofing"), tx(1, "SPOOF", plain(A, 9)))
                .test(Meta.invalid(id + "spoof-from-trunk-context", "trunk context 2 sends VID 300 from context 1's MAC: dropped", error("packet"), "TXF-2")
                        .flags("Spoofing"), tx(2, "SPOOF", tag(B, 0x012C, 10)))
                .test(Meta.invalid(id + "spoof-chain-with-extra", "a spoofed 100-byte frame in a 40-byte first slot, a HASH extra and a 60-byte data slot: "
                        + "DROPPED, NULL, DROPPED", error("packet"), "TXF-2", "TXF-9", "DESC-2").flags("Spoofing", "DroppedResponses"),
                        b -> send(b, 0, "SPOOF", chain(b, 0, ether(PEER, D, LOCAL, data(86, 11)), 40)))
                .test(Meta.invalid(id + "spoof-between-valid", "own, spoofed, own in one kick: OKAY, DROPPED, OKAY; two frames on the wire",
                        error("packet"), "TXF-2", "TXF-9", "TX-3").flags("Spoofing"),
                        tx(0, "SENT, SPOOF, SENT", plain(A, 12), plain(B, 13), plain(A2, 14)))
                .test(Meta.invalid(id + "spoofed-runt-is-a-descriptor-error", "a 13-byte first slot with a foreign source: ERROR and TX_ERRORS (DESC-8), "
                        + "not TX_DROP_SPOOF", error("packet"), "TXF-1", "DESC-8").flags("OrderOfChecks"),
                        tx(0, "ERROR", cut(plain(D, 15), 13)))
                .test(Meta.invalid(id + "untagged-sends-8100", "untagged context 0 sends 0x8100 with VID 300: DROPPED, TX_DROP_VLAN", error("packet"),
                        "TXF-3", "TXF-9").flags("VlanHopping"), tx(0, "VLAN", tag(A, 0x012C, 16)))
                .test(Meta.invalid(id + "untagged-sends-priority-tag", "untagged context 0 sends 0x8100 with TCI 0xa000 (VID 0): dropped", error("packet"),
                        "TXF-3").flags("VlanHopping"), tx(0, "VLAN", tag(A, 0xA000, 17)))
                .test(Meta.invalid(id + "untagged-sends-88a8", "untagged context 0 sends 0x88a8 with S-VID 300: dropped", error("packet"), "TXF-3")
                        .flags("VlanHopping", "ServiceTag"), tx(0, "VLAN", tagged(PEER, A, S_TAG, 0x012C, LOCAL, data(46, 18))))
                .test(Meta.invalid(id + "untagged-sends-9100", "untagged context 0 sends 0x9100 with VID 300: dropped", error("packet"), "TXF-3")
                        .flags("VlanHopping", "ServiceTag"), tx(0, "VLAN", tagged(PEER, A, OLD_S_TAG, 0x012C, LOCAL, data(46, 19))))
                .test(Meta.invalid(id + "untagged-sends-8100-14-bytes", "untagged context 0 sends 14 bytes ending in 0x8100: dropped, whatever its length",
                        error("packet"), "TXF-3").flags("VlanHopping", "ShortTag"), tx(0, "VLAN", ether(PEER, A, C_TAG)))
                .test(Meta.valid(id + "untagged-sends-8101", "untagged context 0 sends EtherType 0x8101: not a tag, sent", "TXF-3").flags("TagLookalike"),
                        tx(0, "SENT", ether(PEER, A, 0x8101, data(46, 20))))
                .test(Meta.valid(id + "untagged-sends-0081", "untagged context 0 sends EtherType 0x0081: not a tag, sent", "TXF-3").flags("TagLookalike"),
                        tx(0, "SENT", ether(PEER, A, 0x0081, data(46, 21))))
                .test(Meta.invalid(id + "vlan-drop-chain-with-extra", "a tagged 100-byte frame from untagged context 0 as first slot, HASH extra, data slot: "
                        + "DROPPED, NULL, DROPPED", error("packet"), "TXF-3", "TXF-9").flags("VlanHopping", "DroppedResponses"),
                        b -> send(b, 0, "VLAN", chain(b, 0, dot1q(PEER, A, 0x012C, LOCAL, data(82, 22)), 18)))
                .test(Meta.valid(id + "access-tag-inserted", "Access(300) context 1 sends 60 bytes: 64 on the wire with 8100 012c after the source, "
                        + "TX_BYTES 64", "TXF-4", "TX-1"), tx(1, "SENT", plain(B, 23)))
                .test(Meta.valid(id + "access-tag-inserted-14-bytes", "Access context 1 sends a bare 14-byte header: 18 bytes on the wire", "TXF-4"),
                        tx(1, "SENT", ether(PEER, B, LOCAL)))
                .test(Meta.valid(id + "access-tag-inserted-ipv4", "Access context 1 sends an IPv4/UDP frame: the tag goes before EtherType 0x0800", "TXF-4"),
                        tx(1, "SENT", ether(PEER, B, IPV4, ipv4("198.51.100.2", "203.0.113.1", UDP, udp(5000, 53, data(12, 24))))))
                .test(Meta.valid(id + "access-tag-inserted-chain", "Access context 1 sends 1514 bytes as 14-byte first slot, HASH extra and 1500-byte slot: "
                        + "1518 on the wire", "TXF-4", "DESC-2", "TX-1"), b -> send(b, 1, "SENT", chain(b, 1, ether(PEER, B, LOCAL, data(1500, 25)), 14)))
                .test(Meta.invalid(id + "access-sends-own-vid", "Access(300) context 1 sends a frame already tagged VID 300: dropped", error("packet"), "TXF-4")
                        .flags("VlanHopping"), tx(1, "VLAN", tag(B, 0x012C, 26)))
                .test(Meta.invalid(id + "access-sends-other-vid", "Access context 1 sends VID 4094: dropped", error("packet"), "TXF-4").flags("VlanHopping"),
                        tx(1, "VLAN", tag(B, 0x0FFE, 27)))
                .test(Meta.invalid(id + "access-sends-88a8", "Access context 1 sends a 0x88a8 service tag: dropped", error("packet"), "TXF-4")
                        .flags("VlanHopping", "ServiceTag"), tx(1, "VLAN", tagged(PEER, B, S_TAG, 0x0014, LOCAL, data(46, 28))))
                .test(Meta.invalid(id + "access-sends-9100", "Access context 1 sends a 0x9100 tag: dropped", error("packet"), "TXF-4")
                        .flags("VlanHopping", "ServiceTag"), tx(1, "VLAN", tagged(PEER, B, OLD_S_TAG, 0x0014, LOCAL, data(46, 29))))
                .test(Meta.invalid(id + "access-sends-8100-14-bytes", "Access context 1 sends 14 bytes ending in 0x8100: dropped", error("packet"), "TXF-4")
                        .flags("VlanHopping", "ShortTag"), tx(1, "VLAN", ether(PEER, B, C_TAG)))
                .test(Meta.valid(id + "trunk-vid-300", "Trunk[300, 4094] context 2 sends VID 300: on the wire as sent", "TXF-5"), tx(2, "SENT", tag(C, 0x012C, 30)))
                .test(Meta.valid(id + "trunk-vid-4094", "trunk context 2 sends VID 4094: sent", "TXF-5"), tx(2, "SENT", tag(C, 0x0FFE, 31)))
                .test(Meta.valid(id + "trunk-vid-300-priority-bits", "trunk context 2 sends TCI 0xb12c (PCP 5, DEI 1, VID 300): sent unchanged", "TXF-5"),
                        tx(2, "SENT", tag(C, 0xB12C, 32)))
                .test(Meta.valid(id + "trunk-18-bytes", "trunk context 2 sends 18 bytes: 0x8100, VID 300, EtherType 0x88b5: sent", "TXF-5"),
                        tx(2, "SENT", dot1q(PEER, C, 0x012C, LOCAL)))
                .test(Meta.invalid(id + "trunk-17-bytes", "trunk context 2 sends 17 bytes with 0x8100 and VID 300: dropped", error("packet"), "TXF-5")
                        .flags("ShortTag"), tx(2, "VLAN", cut(dot1q(PEER, C, 0x012C, LOCAL), 17)))
                .test(Meta.invalid(id + "trunk-vid-not-in-set", "trunk context 2 sends VID 20: dropped", error("packet"), "TXF-5").flags("VlanHopping"),
                        tx(2, "VLAN", tag(C, 0x0014, 33)))
                .test(Meta.invalid(id + "trunk-vid-0", "trunk context 2 sends a priority tag (VID 0): dropped", error("packet"), "TXF-5").flags("VlanHopping"),
                        tx(2, "VLAN", tag(C, 0x0000, 34)))
                .test(Meta.invalid(id + "trunk-vid-4095", "trunk context 2 sends VID 4095: dropped", error("packet"), "TXF-5").flags("VlanHopping"),
                        tx(2, "VLAN", tag(C, 0x0FFF, 35)))
                .test(Meta.invalid(id + "trunk-untagged", "trunk context 2 sends an untagged frame: dropped", error("packet"), "TXF-5").flags("VlanHopping"),
                        tx(2, "VLAN", plain(C, 36)))
                .test(Meta.invalid(id + "trunk-88a8-vid-300", "trunk context 2 sends 0x88a8 with S-VID 300: dropped, only 0x8100 is a trunk tag",
                        error("packet"), "TXF-5").flags("VlanHopping", "ServiceTag"), tx(2, "VLAN", tagged(PEER, C, S_TAG, 0x012C, LOCAL, data(46, 37))))
                .test(Meta.invalid(id + "trunk-9100-vid-300", "trunk context 2 sends 0x9100 with VID 300: dropped", error("packet"), "TXF-5")
                        .flags("VlanHopping", "ServiceTag"), tx(2, "VLAN", tagged(PEER, C, OLD_S_TAG, 0x012C, LOCAL, data(46, 38))))
                .test(Meta.invalid(id + "spoofed-and-tagged-untagged-context", "untagged context 0 sends VID 300 from context 1's MAC: only TX_DROP_SPOOF",
                        error("packet"), "TXF-1", "TXF-2", "TXF-3", "TXF-9").flags("OrderOfChecks", "Spoofing", "VlanHopping"),
                        tx(0, "SPOOF", tag(B, 0x012C, 39)))
                .test(Meta.invalid(id + "spoofed-and-tagged-access-context", "Access context 1 sends a tagged frame from 02:00:00:00:00:99: only TX_DROP_SPOOF",
                        error("packet"), "TXF-1", "TXF-2", "TXF-4", "TXF-9").flags("OrderOfChecks", "Spoofing", "VlanHopping"),
                        tx(1, "SPOOF", tag(PEER, 0x012C, 40)))
                .test(Meta.invalid(id + "spoofed-and-wrong-vid-trunk-context", "trunk context 2 sends VID 20 from context 0's MAC: only TX_DROP_SPOOF",
                        error("packet"), "TXF-1", "TXF-2", "TXF-5", "TXF-9").flags("OrderOfChecks", "Spoofing", "VlanHopping"),
                        tx(2, "SPOOF", tag(A, 0x0014, 41)))
                .test(Meta.valid(id + "mcast-add-from-access-context", "Access context 1 sends MCAST_ADD 33:33:00:00:00:01: OKAY and NULL, nothing counted",
                        "TXF-1", "DESC-15").flags("MulticastControl"), b -> send(b, 1, "MCAST", mcast(b, 1, plain(B, 42), GROUP)))
                .test(Meta.valid(id + "mcast-add-from-trunk-context", "trunk context 2 sends MCAST_ADD, its first slot over an untagged frame: OKAY",
                        "TXF-1", "DESC-15").flags("MulticastControl"), b -> send(b, 2, "MCAST", mcast(b, 2, plain(C, 43), GROUP)))
                .test(Meta.valid(id + "mcast-add-over-spoofed-tagged-bytes", "context 0 sends MCAST_ADD whose first slot holds a tagged frame from context 1's "
                        + "MAC: OKAY, the bytes are never a frame", "TXF-1", "DESC-15").flags("MulticastControl"),
                        b -> send(b, 0, "MCAST", mcast(b, 0, tag(B, 0x012C, 44), GROUP)))
                .test(Meta.invalid(id + "mcast-add-between-drops", "spoofed frame, MCAST_ADD, tagged frame from context 0 in one kick: DROPPED, OKAY and NULL, "
                        + "DROPPED", error("packet"), "TXF-1", "TXF-9", "DESC-15").flags("MulticastControl", "Spoofing", "VlanHopping"),
                        b -> send(b, 0, "SPOOF, MCAST, VLAN", one(b, 0, plain(C, 45)), mcast(b, 0, plain(A, 46), GROUP), one(b, 0, tag(A, 0x012C, 47))))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ rules and matches

    private static byte[] v4(MacAddress mac, String from, String to, int protocol, byte[] l4) {
        return ether(PEER, mac, IPV4, ipv4(from, to, protocol, l4));
    }

    private static byte[] v6(MacAddress mac, String from, String to, int next, byte[]... rest) {
        return ether(PEER, mac, IPV6, ipv6(from, to, next, rest));
    }

    private static byte[] udp4(MacAddress mac, String to, int sourcePort, int destinationPort) {
        return v4(mac, "198.51.100.10", to, UDP, udp(sourcePort, destinationPort, data(8, destinationPort)));
    }

    private static byte[] tcp4(MacAddress mac, String to, int sourcePort, int destinationPort) {
        return v4(mac, "198.51.100.10", to, TCP, tcp(sourcePort, destinationPort));
    }

    private static byte[] arpFrom(MacAddress mac) {
        return ether(MacAddress.BROADCAST, mac, ARP, arp(mac, "198.51.100.10", "198.51.100.1"));
    }

    private static byte[] ipv6Udp(MacAddress mac) {
        return v6(mac, "2001:db8::10", "2001:db8::1", UDP, udp(5000, 53, data(8, 1)));
    }

    private static VectorBundle.Entry rules() {
        String id = ID + "rules.";
        int max = Generators.model().limits().maxFilterRules();
        if (max != 16) {
            throw new IllegalStateException("these vectors assume maxFilterRules = 16, the model has " + max);
        }
        FileBuilder file = FileBuilder.frame(CHAPTER, "rules",
                "TX filter rules: tried in list order, the first that holds decides, the default when none does; DROP answers DROPPED and "
                        + "counts TX_DROP_FILTER; filterHits counts per deciding rule (the default at index n) and returns to 0 when an update "
                        + "changes the rules or the default, or a destroy; at most maxFilterRules rules (spec 07, section 4; TXF-6, TXF-8, TXF-10, "
                        + "with the order of TXF-1). Each frame is one slot at offset 0 of a fresh page granted read-only, from the sender's MAC.");
        commonNotes(file);
        file.note("FirstMatch", "EDGE_CASE", "a frame several rules match: the first decides (TXF-6)", "devices disagree on overlapping rules");
        file.note("DefaultDecides", "BASIC", "no rule matches: the default decides and counts at index n (TXF-6, TXF-8)",
                "a frame no rule selects is handled or counted wrongly");
        file.note("HitReset", "EDGE_CASE", "an update or destroy that resets, or keeps, the filter hits (TXF-8)", "an operator reads counts of rules that no "
                + "longer exist, or loses counts on an unrelated update");
        file.note("TooManyRules", "RESOURCE_EXHAUSTION", "more filter rules than maxFilterRules (TXF-10)", "a host fills the device's filter tables");
        firstMatch(file, id);
        counters(file, id);
        limits(file, id);
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static final List<FilterRule> WEB = List.of(
            allow(match().etherType(IPV4).protocol(TCP).destinationPort(PortRange.of(80))),
            drop(match().etherType(IPV4).protocol(TCP)),
            allow(match().etherType(IPV4).destination(prefix("192.0.2.0/24"))),
            drop(match().etherType(IPV4)));

    private static final List<FilterRule> DNS_ONLY = List.of(
            allow(match().etherType(ARP)),
            allow(match().etherType(IPV4).protocol(UDP).destinationPort(PortRange.of(53))));

    private static final List<FilterRule> CATCH_ALL = List.of(allow(match().etherType(LOCAL)), drop(match()));

    private static final List<FilterRule> IPV4_ONLY = List.of(allow(match().etherType(IPV4)));

    private static void firstMatch(FileBuilder file, String id) {
        file.group("context 0 untagged (02:00:00:00:00:01): [0] allow IPv4 TCP port 80, [1] drop IPv4 TCP, [2] allow IPv4 to 192.0.2.0/24, [3] drop "
                                + "IPv4, default allow; context 1 untagged (02:00:00:00:00:02): [0] allow ARP, [1] allow IPv4 UDP port 53, default drop; "
                                + "context 2 untagged (02:00:00:00:00:03): [0] allow 0x88b5, [1] drop everything, default allow; context 3 Access(300) "
                                + "(02:00:00:00:00:04): [0] allow IPv4, default drop; rings on pages 1 to 8",
                        () -> Bench.start(filtering(0, UNTAGGED, WEB, FilterAction.ALLOW, A), filtering(1, UNTAGGED, DNS_ONLY, FilterAction.DROP, B),
                                filtering(2, UNTAGGED, CATCH_ALL, FilterAction.ALLOW, C), filtering(3, access(300), IPV4_ONLY, FilterAction.DROP, D)))
                .test(Meta.valid(id + "first-of-four-matches", "TCP to 192.0.2.1 port 80 matches rules 0 to 3: rule 0 allows it, filterHits(0, 0) + 1",
                        "TXF-6", "TXF-8").flags("FirstMatch"), tx(0, "SENT@0", tcp4(A, "192.0.2.1", 40000, 80)))
                .test(Meta.invalid(id + "first-of-three-matches-drops", "TCP to 192.0.2.1 port 443 matches rules 1 to 3: rule 1 drops it, TX_DROP_FILTER",
                        error("packet"), "TXF-6", "TXF-8", "TXF-9").flags("FirstMatch"), tx(0, "FILTER@1", tcp4(A, "192.0.2.1", 40000, 443)))
                .test(Meta.valid(id + "first-of-two-matches", "UDP to 192.0.2.1 port 53 matches rules 2 and 3: rule 2 allows it", "TXF-6", "TXF-8")
                        .flags("FirstMatch"), tx(0, "SENT@2", udp4(A, "192.0.2.1", 5000, 53)))
                .test(Meta.invalid(id + "last-rule-drops", "UDP to 198.51.100.1 matches rule 3 only: dropped", error("packet"), "TXF-6", "TXF-8"),
                        tx(0, "FILTER@3", udp4(A, "198.51.100.1", 5000, 53)))
                .test(Meta.valid(id + "default-allow-arp", "an ARP request matches no rule: the default allows it, filterHits(0, 4) + 1", "TXF-6", "TXF-8")
                        .flags("DefaultDecides"), tx(0, "SENT@4", arpFrom(A)))
                .test(Meta.valid(id + "default-allow-ipv6", "IPv6 UDP matches no IPv4 rule: default allow", "TXF-6", "TXF-8").flags("DefaultDecides"),
                        tx(0, "SENT@4", ipv6Udp(A)))
                .test(Meta.invalid(id + "one-kick-three-rules", "ports 80, 443 and 53 to 192.0.2.1 in one kick: OKAY, DROPPED, OKAY; rules 0, 1 and 2 count",
                        error("packet"), "TXF-6", "TXF-8", "TXF-9").flags("FirstMatch"),
                        tx(0, "SENT@0, FILTER@1, SENT@2", tcp4(A, "192.0.2.1", 40000, 80), tcp4(A, "192.0.2.1", 40000, 443), udp4(A, "192.0.2.1", 5000, 53)))
                .test(Meta.valid(id + "allow-list-arp", "context 1 sends an ARP request: rule 0 allows it", "TXF-6", "TXF-8"), tx(1, "SENT@0", arpFrom(B)))
                .test(Meta.valid(id + "allow-list-dns", "context 1 sends UDP to port 53: rule 1 allows it", "TXF-6", "TXF-8"),
                        tx(1, "SENT@1", udp4(B, "203.0.113.53", 5000, 53)))
                .test(Meta.invalid(id + "default-drop-tcp", "context 1 sends TCP to port 53: no rule, the default drops it, filterHits(1, 2) + 1",
                        error("packet"), "TXF-6", "TXF-8", "TXF-9").flags("DefaultDecides"), tx(1, "FILTER@2", tcp4(B, "203.0.113.53", 40000, 53)))
                .test(Meta.invalid(id + "default-drop-ipv6-and-88b5", "context 1 sends IPv6 and an 0x88b5 frame: both dropped by the default",
                        error("packet"), "TXF-6", "TXF-8").flags("DefaultDecides"), tx(1, "FILTER@2, FILTER@2", ipv6Udp(B), plain(B, 1)))
                .test(Meta.invalid(id + "filter-drop-chain-with-extra", "context 1 sends a 100-byte TCP frame as first slot, HASH extra, data slot: "
                        + "DROPPED, NULL, DROPPED", error("packet"), "TXF-6", "TXF-9").flags("DroppedResponses"),
                        b -> send(b, 1, "FILTER@2", chain(b, 1, v4(B, "198.51.100.10", "203.0.113.53", TCP, cat(tcp(40000, 53), data(46, 2))), 34)))
                .test(Meta.valid(id + "match-all-rule-first", "context 2 sends 0x88b5: rule 0 allows it before the match-all rule", "TXF-6", "TXF-8")
                        .flags("FirstMatch"), tx(2, "SENT@0", plain(C, 3)))
                .test(Meta.invalid(id + "match-all-rule-before-default", "context 2 sends ARP and IPv4: the empty match of rule 1 drops both; the default "
                        + "never decides", error("packet"), "TXF-6", "TXF-7", "TXF-8"), tx(2, "FILTER@1, FILTER@1", arpFrom(C), udp4(C, "203.0.113.1", 5000, 53)))
                .test(Meta.valid(id + "access-rules-see-untagged-frame", "Access(300) context 3 sends IPv4: rule 0 (EtherType 0x0800) holds on the frame the "
                        + "guest sent; it leaves tagged", "TXF-6", "TXF-7", "TXF-4"), tx(3, "SENT@0", udp4(D, "203.0.113.1", 5000, 53)))
                .test(Meta.invalid(id + "access-default-drop", "Access context 3 sends ARP: the default drops it", error("packet"), "TXF-6", "TXF-8")
                        .flags("DefaultDecides"), tx(3, "FILTER@1", arpFrom(D)))
                .test(Meta.invalid(id + "vlan-drop-before-rules", "Access context 3 sends tagged IPv4: TX_DROP_VLAN, and no rule counts it", error("packet"),
                        "TXF-1", "TXF-4", "TXF-8", "TXF-9").flags("OrderOfChecks", "VlanHopping"),
                        tx(3, "VLAN", dot1q(PEER, D, 0x012C, IPV4, ipv4("198.51.100.10", "203.0.113.1", UDP, udp(5000, 53, data(8, 4))))))
                .test(Meta.invalid(id + "spoof-drop-before-rules", "context 1 sends DNS from context 0's MAC: TX_DROP_SPOOF, and no rule counts it",
                        error("packet"), "TXF-1", "TXF-2", "TXF-8", "TXF-9").flags("OrderOfChecks", "Spoofing"),
                        tx(1, "SPOOF", udp4(A, "203.0.113.53", 5000, 53)))
                .test(Meta.valid(id + "mcast-add-not-filtered", "context 1 (default drop) sends MCAST_ADD: OKAY, no rule counts it", "TXF-1", "DESC-15")
                        .flags("MulticastControl"), b -> send(b, 1, "MCAST", mcast(b, 1, plain(B, 5), GROUP)))
                .test(Meta.invalid(id + "runt-before-rules", "context 1 sends a 13-byte first slot: ERROR and TX_ERRORS (DESC-8), no rule counts it",
                        error("packet"), "TXF-1", "DESC-8").flags("OrderOfChecks"), tx(1, "ERROR", cut(arpFrom(B), 13)))
                .done();
    }

    private static final List<FilterRule> ARP_DROP_IPV4_ALLOW = List.of(drop(match().etherType(ARP)), allow(match().etherType(IPV4)));

    private static void update(Bench b, int ctx, VlanPolicy vlan, List<FilterRule> rules, FilterAction fallback, String expected, MacAddress... macs) {
        control(b, Caller.HOST, new ControlRequest.UpdateContext(ctx, config(b.harness, ctx, vlan, rules, fallback, List.of(macs))), expected);
    }

    /** {@code count} rules: rule k drops EtherType 0x9000 + k, the last allows 0x88b5. */
    private static List<FilterRule> many(int count) {
        List<FilterRule> all = new ArrayList<>();
        for (int k = 0; k < count - 1; k++) {
            all.add(drop(match().etherType(0x9000 + k)));
        }
        all.add(allow(match().etherType(LOCAL)));
        return all;
    }

    private static void counters(FileBuilder file, String id) {
        file.group("context 0 untagged (02:00:00:00:00:01): [0] drop ARP, [1] allow IPv4, default drop; context 1 untagged (02:00:00:00:00:02) "
                                + "with no rules; rings on pages 1 to 4",
                        () -> Bench.start(filtering(0, UNTAGGED, ARP_DROP_IPV4_ALLOW, FilterAction.DROP, A), member(1, UNTAGGED, B)))
                .test(Meta.valid(id + "hits-add-up", "two IPv4 frames in one kick: filterHits(0, 1) + 2", "TXF-8"),
                        tx(0, "SENT@1, SENT@1", udp4(A, "203.0.113.1", 5000, 53), udp4(A, "203.0.113.2", 5000, 53)))
                .test(Meta.invalid(id + "hits-per-rule-and-default", "ARP, IPv4, IPv6 in one kick: rule 0, rule 1 and the default (index 2) count one each",
                        error("packet"), "TXF-8", "TXF-6").flags("DefaultDecides"), tx(0, "FILTER@0, SENT@1, FILTER@2", arpFrom(A),
                        udp4(A, "203.0.113.1", 5000, 53), ipv6Udp(A)))
                .test(Meta.valid(id + "identical-update-keeps-hits", "an IPv4 frame, an update with the same rules and default, another IPv4 frame: "
                        + "filterHits(0, 1) reaches 2", "TXF-8").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, ARP_DROP_IPV4_ALLOW, FilterAction.DROP, "Ok", A);
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.valid(id + "update-new-rules-resets", "two IPv4 frames, then an update to [0] allow IPv4: the update lists filterHits(0, 1) - 2; the "
                        + "next IPv4 frame counts on the new rule 0", "TXF-8").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1, SENT@1", packets(b, 0, udp4(A, "203.0.113.1", 5000, 53), udp4(A, "203.0.113.2", 5000, 53)));
                            update(b, 0, UNTAGGED, IPV4_ONLY, FilterAction.DROP, "Ok", A);
                            send(b, 0, "SENT@0", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.valid(id + "update-default-only-resets", "an IPv4 frame, then an update that changes only the default to allow: hits reset; IPv6 "
                        + "then counts on the default, index 2", "TXF-8").flags("HitReset", "DefaultDecides"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, ARP_DROP_IPV4_ALLOW, FilterAction.ALLOW, "Ok", A);
                            send(b, 0, "SENT@2", one(b, 0, ipv6Udp(A)));
                        })
                .test(Meta.valid(id + "update-action-only-resets", "an IPv4 frame, then an update turning rule 0 into allow ARP: hits reset; ARP is sent by rule 0",
                        "TXF-8", "TXF-6").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, List.of(allow(match().etherType(ARP)), allow(match().etherType(IPV4))), FilterAction.DROP, "Ok", A);
                            send(b, 0, "SENT@0", one(b, 0, arpFrom(A)));
                        })
                .test(Meta.valid(id + "update-macs-keeps-hits", "an IPv4 frame, then an update adding MAC 02:00:00:00:00:11 with the same rules: hits kept; "
                        + "IPv4 from the new MAC makes filterHits(0, 1) 2", "TXF-8", "TXF-2").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, ARP_DROP_IPV4_ALLOW, FilterAction.DROP, "Ok", A, A2);
                            send(b, 0, "SENT@1", one(b, 0, udp4(A2, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.valid(id + "update-vlan-keeps-hits", "an IPv4 frame, then an update to Access(300) with the same rules: hits kept; the next IPv4 "
                        + "frame leaves tagged and counts on rule 1", "TXF-8", "TXF-4").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, access(300), ARP_DROP_IPV4_ALLOW, FilterAction.DROP, "Ok", A);
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.valid(id + "update-stops-filtering", "an IPv4 frame, then an update with no rules and default allow: the update lists the reset; "
                        + "ARP is then sent and no hits are listed", "TXF-8").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, List.of(), FilterAction.ALLOW, "Ok", A);
                            send(b, 0, "SENT", one(b, 0, arpFrom(A)));
                        })
                .test(Meta.invalid(id + "update-starts-filtering", "context 1 sends ARP unfiltered, then gets [0] drop ARP: its next ARP counts filterHits(1, 0) "
                        + "from 0", error("packet"), "TXF-8", "TXF-6"),
                        b -> {
                            send(b, 1, "SENT", one(b, 1, arpFrom(B)));
                            update(b, 1, UNTAGGED, List.of(drop(match().etherType(ARP))), FilterAction.ALLOW, "Ok", B);
                            send(b, 1, "FILTER@0", one(b, 1, arpFrom(B)));
                        })
                .test(Meta.valid(id + "destroy-resets", "an IPv4 frame, destroy (filterHits(0, 1) - 1), create again with the same rules: the next IPv4 frame "
                        + "counts from 0", "TXF-8", "PRIV-9").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            control(b, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            control(b, Caller.HOST, new ControlRequest.CreateContext(0, config(b.harness, 0, UNTAGGED, ARP_DROP_IPV4_ALLOW,
                                    FilterAction.DROP, List.of(A))), "Ok");
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.valid(id + "reset-keeps-hits", "an IPv4 frame, a host reset of the context, another IPv4 frame: filterHits(0, 1) reaches 2",
                        "TXF-8", "RING-14").flags("HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            control(b, Caller.HOST, new ControlRequest.ResetContext(0), "Ok");
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.invalid(id + "refused-update-keeps-rules-and-hits", "an IPv4 frame, an update with 17 rules (refused), then ARP: still dropped by "
                        + "rule 0, hits kept", rejected("INVALID_CONFIG"), "TXF-10", "TXF-8", "PRIV-8").flags("CoreLimits", "TooManyRules", "HitReset"),
                        b -> {
                            send(b, 0, "SENT@1", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                            update(b, 0, UNTAGGED, many(17), FilterAction.ALLOW, refused("INVALID_CONFIG"), A);
                            send(b, 0, "FILTER@0", one(b, 0, arpFrom(A)));
                        })
                .done();
    }

    private static void limits(FileBuilder file, String id) {
        file.group("context 0 untagged (02:00:00:00:00:01): [0] allow IPv4, default drop; rings on pages 1 and 2; pages 3 and 4 granted to context 1 "
                        + "as rings, which does not exist",
                        () -> {
                            Bench bench = Bench.start(filtering(0, UNTAGGED, IPV4_ONLY, FilterAction.DROP, A));
                            bench.harness.guest(1);
                            return bench;
                        })
                .test(Meta.valid(id + "create-sixteen-rules", "context 1 with 16 rules (the core preset's minimum), the last allowing 0x88b5: an 0x88b5 frame "
                        + "counts on rule 15", "TXF-10", "TXF-8"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, many(16), FilterAction.DROP,
                                    List.of(B))), "Ok");
                            send(b, 1, "SENT@15", one(b, 1, plain(B, 1)));
                        })
                .test(Meta.invalid(id + "sixteen-rules-default-index-16", "context 1 with 16 rules and default drop: ARP and EtherType 0x900e count on "
                        + "index 16 and rule 14", error("packet"), "TXF-10", "TXF-8", "TXF-6").flags("DefaultDecides"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, many(16), FilterAction.DROP,
                                    List.of(B))), "Ok");
                            send(b, 1, "FILTER@16, FILTER@14", packets(b, 1, arpFrom(B), ether(PEER, B, 0x900E, data(46, 2))));
                        })
                .test(Meta.invalid(id + "create-seventeen-rules", "context 1 with 17 rules: INVALID_CONFIG, it stays absent", rejected("INVALID_CONFIG"),
                        "TXF-10", "PRIV-8").flags("CoreLimits", "TooManyRules"),
                        b -> control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, many(17), FilterAction.ALLOW,
                                List.of(B))), refused("INVALID_CONFIG")))
                .test(Meta.invalid(id + "create-seventeen-rules-read-only-ring", "17 rules and a read-only TX ring: INVALID_CONFIG, the rule count first",
                        rejected("INVALID_CONFIG"), "TXF-10", "MEM-6").flags("CoreLimits", "TooManyRules", "OrderOfChecks"),
                        b -> {
                            int readOnly = b.harness.grantPage(1, Access.READ_ONLY);
                            ContextConfig config = ContextConfig.builder().mac(B).txRingGref(readOnly).rxRingGref(b.harness.guest(1).rxRing())
                                    .txRules(many(17)).build();
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config), refused("INVALID_CONFIG"));
                        })
                .test(Meta.invalid(id + "create-seventeen-rules-by-guest", "guest 1 creates its context with 17 rules: PRIVILEGE comes first",
                        rejected("PRIVILEGE"), "TXF-10", "PRIV-2").flags("TooManyRules", "OrderOfChecks"),
                        b -> control(b, Caller.guest(1), new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, many(17), FilterAction.ALLOW,
                                List.of(B))), refused("PRIVILEGE")))
                .test(Meta.valid(id + "update-sixteen-rules", "context 0 updated to 16 rules: an 0x88b5 frame counts on rule 15", "TXF-10", "TXF-8"),
                        b -> {
                            update(b, 0, UNTAGGED, many(16), FilterAction.DROP, "Ok", A);
                            send(b, 0, "SENT@15", one(b, 0, plain(A, 3)));
                        })
                .test(Meta.invalid(id + "update-seventeen-rules", "context 0 updated to 17 rules: refused; IPv4 still counts on rule 0", rejected("INVALID_CONFIG"),
                        "TXF-10", "PRIV-8").flags("CoreLimits", "TooManyRules"),
                        b -> {
                            update(b, 0, UNTAGGED, many(17), FilterAction.ALLOW, refused("INVALID_CONFIG"), A);
                            send(b, 0, "SENT@0", one(b, 0, udp4(A, "203.0.113.1", 5000, 53)));
                        })
                .test(Meta.invalid(id + "no-rules-default-drop", "context 1 with no rules and default drop: IPv4 and ARP both count on index 0 and are dropped",
                        error("packet"), "TXF-6", "TXF-8").flags("DefaultDecides"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config(b.harness, 1, UNTAGGED, List.of(), FilterAction.DROP,
                                    List.of(B))), "Ok");
                            send(b, 1, "FILTER@0, FILTER@0", packets(b, 1, udp4(B, "203.0.113.1", 5000, 53), arpFrom(B)));
                        })
                .done();
    }

    // ------------------------------------------------------------------ TXF-7

    private static final String BOTH = "context 0 untagged (02:00:00:00:00:01) and context 1 Trunk[100] (02:00:00:00:00:02), both with ";

    private static Bench both(List<FilterRule> rules, FilterAction fallback) {
        return Bench.start(filtering(0, UNTAGGED, rules, fallback, A), filtering(1, trunk(100), rules, fallback, B));
    }

    /** {@code inner} (an EtherType and what follows) as trunk context 1 sends it: 0x8100, VID 100. */
    private static byte[] onTrunk(int etherType, byte[] network) {
        return dot1q(PEER, B, 100, etherType, network);
    }

    private static VectorBundle.Entry headerFields() {
        String id = ID + "header-fields.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "header-fields",
                "How rules read a frame: the EtherType after at most one 802.1Q tag; IPv4 and IPv6 prefixes of their own family, /0 included, on a "
                        + "readable header only; the protocol, walking up to eight IPv6 extension headers; ports of TCP and UDP, not of later "
                        + "fragments; a field that cannot be read never holds (spec 07, section 4; TXF-7). Each group gives contexts 0 and 1 the "
                        + "same rules; the index that decided each frame shows which fields held. Frames are one slot at offset 0 of a fresh "
                        + "read-only page.");
        commonNotes(file);
        file.note("FamilyMismatch", "EDGE_CASE", "an address prefix of the other IP family, or a frame without an IP header (TXF-7)",
                "an IPv6 or non-IP frame satisfies an IPv4 rule, or the reverse");
        file.note("PrefixBoundary", "EDGE_CASE", "addresses at the edge of a prefix, on and off a byte boundary", "prefix matching is off by a bit");
        file.note("PortBoundary", "EDGE_CASE", "ports at the ends of a range and next to them", "port ranges are off by one");
        etherTypes(file, id);
        ipv4Prefixes(file, id);
        ipv6Prefixes(file, id);
        protocolsAndPorts(file, id);
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void etherTypes(FileBuilder file, String id) {
        List<FilterRule> rules = List.of(allow(match().etherType(IPV4)), allow(match().etherType(C_TAG)));
        byte[] udp = ipv4("198.51.100.10", "203.0.113.1", UDP, udp(5000, 53, data(8, 1)));
        file.group(BOTH + "[0] allow EtherType 0x0800, [1] allow EtherType 0x8100, default drop; rings on pages 1 to 4", () -> both(rules, FilterAction.DROP))
                .test(Meta.valid(id + "ethertype-ipv4", "context 0 sends IPv4/UDP: EtherType 0x0800, rule 0", "TXF-7"), tx(0, "SENT@0", ether(PEER, A, IPV4, udp)))
                .test(Meta.invalid(id + "ethertype-arp", "context 0 sends ARP: EtherType 0x0806, no rule, the default drops it", error("packet"), "TXF-7", "TXF-6"),
                        tx(0, "FILTER@2", arpFrom(A)))
                .test(Meta.valid(id + "ethertype-after-tag", "trunk context 1 sends VID 100 then IPv4: the EtherType is octets 16-17, rule 0", "TXF-7")
                        .flags("TaggedFrame"), tx(1, "SENT@0", onTrunk(IPV4, udp)))
                .test(Meta.invalid(id + "tag-is-not-the-ethertype", "trunk context 1 sends VID 100 then ARP: EtherType 0x0806, not 0x8100; dropped by the default",
                        error("packet"), "TXF-7").flags("TaggedFrame"), tx(1, "FILTER@2", onTrunk(ARP, arp(B, "198.51.100.10", "198.51.100.1"))))
                .test(Meta.valid(id + "one-tag-looked-through", "trunk context 1 sends VID 100, then 0x8100 VID 5, then IPv4: the EtherType is the inner 0x8100, "
                        + "rule 1", "TXF-7").flags("TaggedFrame"), tx(1, "SENT@1", onTrunk(C_TAG, cat(new byte[] {0, 5, 8, 0}, udp))))
                .test(Meta.valid(id + "ethertype-holds-unreadable-ipv4", "context 0 sends EtherType 0x0800 with IHL 4: the header is unreadable, the EtherType "
                        + "still holds", "TXF-7").flags("UnreadableHeader"),
                        tx(0, "SENT@0", ether(PEER, A, IPV4, ipv4(4, 0, "198.51.100.10", "203.0.113.1", UDP, new byte[0], udp(5000, 53, data(8, 2))))))
                .test(Meta.valid(id + "ethertype-holds-bare-header", "context 0 sends a bare 14-byte header with EtherType 0x0800: rule 0", "TXF-7")
                        .flags("UnreadableHeader"), tx(0, "SENT@0", ether(PEER, A, IPV4)))
                .test(Meta.invalid(id + "ethertype-ipv6", "context 0 sends IPv6: EtherType 0x86dd, dropped by the default", error("packet"), "TXF-7"),
                        tx(0, "FILTER@2", ipv6Udp(A)))
                .done();
    }

    private static byte[] udpFrom(String source, String destination) {
        return ether(PEER, A, IPV4, ipv4(source, destination, UDP, udp(5000, 5001, data(8, 3))));
    }

    private static void ipv4Prefixes(FileBuilder file, String id) {
        List<FilterRule> rules = List.of(allow(match().source(prefix("10.0.0.0/8"))), allow(match().destination(prefix("192.168.1.128/25"))),
                allow(match().destination(prefix("203.0.113.7/32"))), drop(match().source(prefix("0.0.0.0/0"))));
        file.group(BOTH + "[0] allow source 10.0.0.0/8, [1] allow destination 192.168.1.128/25, [2] allow destination 203.0.113.7/32, [3] drop "
                        + "source 0.0.0.0/0, default allow; IPv4/UDP frames 5000 to 5001; rings on pages 1 to 4", () -> both(rules, FilterAction.ALLOW))
                .test(Meta.valid(id + "ipv4-source-in-slash-8", "from 10.200.3.4: rule 0", "TXF-7"), tx(0, "SENT@0", udpFrom("10.200.3.4", "198.51.100.1")))
                .test(Meta.invalid(id + "ipv4-source-below-slash-8", "from 9.255.255.255: not in 10.0.0.0/8; 0.0.0.0/0 drops it", error("packet"), "TXF-7")
                        .flags("PrefixBoundary"), tx(0, "FILTER@3", udpFrom("9.255.255.255", "198.51.100.1")))
                .test(Meta.invalid(id + "ipv4-source-above-slash-8", "from 11.0.0.0: rule 3 drops it", error("packet"), "TXF-7").flags("PrefixBoundary"),
                        tx(0, "FILTER@3", udpFrom("11.0.0.0", "198.51.100.1")))
                .test(Meta.valid(id + "ipv4-destination-first-of-slash-25", "to 192.168.1.128: rule 1", "TXF-7").flags("PrefixBoundary"),
                        tx(0, "SENT@1", udpFrom("198.51.100.10", "192.168.1.128")))
                .test(Meta.valid(id + "ipv4-destination-last-of-slash-25", "to 192.168.1.255: rule 1", "TXF-7").flags("PrefixBoundary"),
                        tx(0, "SENT@1", udpFrom("198.51.100.10", "192.168.1.255")))
                .test(Meta.invalid(id + "ipv4-destination-below-slash-25", "to 192.168.1.127, one bit outside the /25: rule 3 drops it", error("packet"), "TXF-7")
                        .flags("PrefixBoundary"), tx(0, "FILTER@3", udpFrom("198.51.100.10", "192.168.1.127")))
                .test(Meta.valid(id + "ipv4-destination-slash-32", "to 203.0.113.7: rule 2", "TXF-7"), tx(0, "SENT@2", udpFrom("198.51.100.10", "203.0.113.7")))
                .test(Meta.invalid(id + "ipv4-destination-next-to-slash-32", "to 203.0.113.6: rule 3 drops it", error("packet"), "TXF-7").flags("PrefixBoundary"),
                        tx(0, "FILTER@3", udpFrom("198.51.100.10", "203.0.113.6")))
                .test(Meta.valid(id + "slash-0-needs-an-ipv4-header", "ARP: no IPv4 header, so not even 0.0.0.0/0 holds; the default allows it", "TXF-7")
                        .flags("FamilyMismatch"), tx(0, "SENT@4", arpFrom(A)))
                .test(Meta.valid(id + "ipv6-never-in-ipv4-prefix", "IPv6 from a00:1::1 (its first octets read 10.0.0.1 as IPv4): no IPv4 prefix holds, default",
                        "TXF-7").flags("FamilyMismatch"), tx(0, "SENT@4", v6(A, "a00:1::1", "2001:db8::1", UDP, udp(5000, 5001, data(8, 4)))))
                .test(Meta.valid(id + "ipv4-ihl-4-unreadable", "IHL 4 from 10.1.1.1: unreadable, no prefix holds, default", "TXF-7").flags("UnreadableHeader"),
                        tx(0, "SENT@4", ether(PEER, A, IPV4, ipv4(4, 0, "10.1.1.1", "198.51.100.1", UDP, new byte[0], udp(5000, 5001, data(8, 5))))))
                .test(Meta.valid(id + "ipv4-version-6-unreadable", "EtherType 0x0800 with version nibble 6, from 10.1.1.1: unreadable, default", "TXF-7")
                        .flags("UnreadableHeader"),
                        tx(0, "SENT@4", ether(PEER, A, IPV4, ipv4Raw(0x65, 0, "10.1.1.1", "198.51.100.1", UDP, new byte[0], udp(5000, 5001, data(8, 6))))))
                .test(Meta.valid(id + "ipv4-19-bytes-unreadable", "an IPv4 header cut to 19 bytes, from 10.1.1.1: unreadable, default", "TXF-7")
                        .flags("UnreadableHeader"), tx(0, "SENT@4", cut(udpFrom("10.1.1.1", "198.51.100.1"), 14 + 19)))
                .test(Meta.valid(id + "ipv4-20-bytes-readable", "a bare 20-byte IPv4 header from 10.0.0.1, nothing after it: readable, rule 0", "TXF-7"),
                        tx(0, "SENT@0", cut(udpFrom("10.0.0.1", "198.51.100.1"), 14 + 20)))
                .test(Meta.valid(id + "ipv4-ihl-15-not-present", "IHL 15 with 28 bytes after the Ethernet header, from 10.1.1.1: unreadable, default",
                        "TXF-7").flags("UnreadableHeader"),
                        tx(0, "SENT@4", ether(PEER, A, IPV4, ipv4(15, 0, "10.1.1.1", "198.51.100.1", UDP, new byte[0], udp(5000, 5001, new byte[0])))))
                .test(Meta.valid(id + "ipv4-ihl-6-readable", "IHL 6 (four option bytes) from 10.1.1.1: readable, rule 0", "TXF-7"),
                        tx(0, "SENT@0", ether(PEER, A, IPV4, ipv4(6, 0, "10.1.1.1", "198.51.100.1", UDP, new byte[] {1, 1, 1, 0}, udp(5000, 5001, data(8, 7))))))
                .test(Meta.valid(id + "ipv4-after-tag", "trunk context 1 sends VID 100 then IPv4 from 10.9.9.9: the header starts at octet 18, rule 0", "TXF-7")
                        .flags("TaggedFrame"), tx(1, "SENT@0", onTrunk(IPV4, ipv4("10.9.9.9", "198.51.100.1", UDP, udp(5000, 5001, data(8, 8))))))
                .test(Meta.invalid(id + "ipv4-after-tag-outside", "trunk context 1 sends VID 100 then IPv4 from 11.9.9.9: rule 3 drops it", error("packet"),
                        "TXF-7").flags("TaggedFrame"), tx(1, "FILTER@3", onTrunk(IPV4, ipv4("11.9.9.9", "198.51.100.1", UDP, udp(5000, 5001, data(8, 9))))))
                .done();
    }

    private static byte[] udp6(String source, String destination) {
        return v6(A, source, destination, UDP, udp(5000, 5001, data(8, 10)));
    }

    private static void ipv6Prefixes(FileBuilder file, String id) {
        List<FilterRule> rules = List.of(allow(match().source(prefix("2001:db8::/32"))), allow(match().destination(prefix("ff02::1/128"))),
                drop(match().destination(prefix("::/0"))));
        byte[] nine = nineOptions(UDP);
        file.group(BOTH + "[0] allow source 2001:db8::/32, [1] allow destination ff02::1/128, [2] drop destination ::/0, default allow; IPv6/UDP frames "
                        + "5000 to 5001; rings on pages 1 to 4", () -> both(rules, FilterAction.ALLOW))
                .test(Meta.valid(id + "ipv6-source-in-slash-32", "from 2001:db8:1::5: rule 0", "TXF-7"), tx(0, "SENT@0", udp6("2001:db8:1::5", "2001:db9::1")))
                .test(Meta.valid(id + "ipv6-source-last-of-slash-32", "from 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff: rule 0", "TXF-7").flags("PrefixBoundary"),
                        tx(0, "SENT@0", udp6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::1")))
                .test(Meta.invalid(id + "ipv6-source-outside", "from 2001:db9::5: ::/0 drops it", error("packet"), "TXF-7").flags("PrefixBoundary"),
                        tx(0, "FILTER@2", udp6("2001:db9::5", "2001:db9::1")))
                .test(Meta.valid(id + "ipv6-destination-slash-128", "to ff02::1: rule 1", "TXF-7"), tx(0, "SENT@1", udp6("2001:db9::5", "ff02::1")))
                .test(Meta.invalid(id + "ipv6-destination-next-to-slash-128", "to ff02::2: rule 2 drops it", error("packet"), "TXF-7").flags("PrefixBoundary"),
                        tx(0, "FILTER@2", udp6("2001:db9::5", "ff02::2")))
                .test(Meta.valid(id + "ipv4-never-in-ipv6-slash-0", "IPv4: ::/0 holds for IPv6 headers only; the default allows it", "TXF-7").flags("FamilyMismatch"),
                        tx(0, "SENT@3", udpFrom("198.51.100.10", "203.0.113.1")))
                .test(Meta.valid(id + "ipv6-39-bytes-unreadable", "an IPv6 header cut to 39 bytes, from 2001:db9::5: unreadable, default", "TXF-7")
                        .flags("UnreadableHeader"), tx(0, "SENT@3", cut(udp6("2001:db9::5", "2001:db9::1"), 14 + 39)))
                .test(Meta.valid(id + "ipv6-version-4-unreadable", "EtherType 0x86dd with version nibble 4, from 2001:db9::5: unreadable, default", "TXF-7")
                        .flags("UnreadableHeader"),
                        tx(0, "SENT@3", ether(PEER, A, IPV6, ipv6Raw(0x40, "2001:db9::5", "2001:db9::1", UDP, udp(5000, 5001, data(8, 11))))))
                .test(Meta.valid(id + "ipv6-40-bytes-readable", "a bare 40-byte IPv6 header from 2001:db8::1, next header 59: readable, rule 0", "TXF-7"),
                        tx(0, "SENT@0", v6(A, "2001:db8::1", "2001:db9::1", NO_NEXT_HEADER)))
                .test(Meta.invalid(id + "ipv6-nine-extension-headers-addresses-known", "nine Destination Options headers from 2001:db9::5: the protocol is "
                        + "unknown, the addresses are not; ::/0 drops it", error("packet"), "TXF-7").flags("ExtensionHeaders"),
                        tx(0, "FILTER@2", v6(A, "2001:db9::5", "2001:db9::1", DESTINATION_OPTIONS, nine)))
                .test(Meta.valid(id + "ipv6-truncated-extension-addresses-known", "a Hop-by-Hop header cut short, from 2001:db8::5: the source still holds, rule 0",
                        "TXF-7").flags("ExtensionHeaders", "UnreadableHeader"),
                        tx(0, "SENT@0", cut(v6(A, "2001:db8::5", "2001:db9::1", HOP_BY_HOP, extension(UDP, 1), udp(5000, 5001, data(8, 12))), 14 + 40 + 10)))
                .test(Meta.valid(id + "ipv6-after-tag", "trunk context 1 sends VID 100 then IPv6 from 2001:db8::9: rule 0", "TXF-7").flags("TaggedFrame"),
                        tx(1, "SENT@0", onTrunk(IPV6, ipv6("2001:db8::9", "2001:db9::1", UDP, udp(5000, 5001, data(8, 13))))))
                .done();
    }

    /** Nine Destination Options headers of 8 bytes, the last naming {@code next}. */
    private static byte[] nineOptions(int next) {
        return options(9, next);
    }

    /** {@code count} Destination Options headers of 8 bytes chained, the last naming {@code next}. */
    private static byte[] options(int count, int next) {
        byte[][] all = new byte[count][];
        for (int k = 0; k < count; k++) {
            all[k] = extension(k == count - 1 ? next : DESTINATION_OPTIONS, 0);
        }
        return cat(all);
    }

    private static byte[] v4Ports(int fragment, int protocol, byte[] l4) {
        return ether(PEER, A, IPV4, ipv4(5, fragment, "198.51.100.10", "203.0.113.1", protocol, new byte[0], l4));
    }

    private static byte[] v6Ports(int next, byte[]... rest) {
        return v6(A, "2001:db8::1", "2001:db8::2", next, rest);
    }

    private static void protocolsAndPorts(FileBuilder file, String id) {
        List<FilterRule> rules = List.of(allow(match().destinationPort(PortRange.of(80))), allow(match().sourcePort(new PortRange(1000, 2000))),
                drop(match().protocol(UDP)), drop(match().protocol(TCP)));
        byte[] looksLikePort80 = udp(40000, 80, data(8, 14));
        file.group(BOTH + "[0] allow destination port 80, [1] allow source ports 1000-2000, [2] drop protocol 17 (UDP), [3] drop protocol 6 (TCP), "
                        + "default allow; IPv4 frames from 198.51.100.10 to 203.0.113.1, IPv6 from 2001:db8::1 to 2001:db8::2; rings on pages 1 to 4",
                        () -> both(rules, FilterAction.ALLOW))
                .test(Meta.valid(id + "tcp-destination-port-80", "TCP 40000 to 80: rule 0", "TXF-7"), tx(0, "SENT@0", v4Ports(0, TCP, tcp(40000, 80))))
                .test(Meta.valid(id + "udp-destination-port-80", "UDP 40000 to 80: a port rule without a protocol holds for UDP too, rule 0", "TXF-7"),
                        tx(0, "SENT@0", v4Ports(0, UDP, looksLikePort80)))
                .test(Meta.invalid(id + "tcp-destination-port-81", "TCP 40000 to 81: rule 3 drops it", error("packet"), "TXF-7").flags("PortBoundary"),
                        tx(0, "FILTER@3", v4Ports(0, TCP, tcp(40000, 81))))
                .test(Meta.invalid(id + "udp-source-port-999", "UDP 999 to 53: below the range, rule 2 drops it", error("packet"), "TXF-7").flags("PortBoundary"),
                        tx(0, "FILTER@2", v4Ports(0, UDP, udp(999, 53, data(8, 15)))))
                .test(Meta.valid(id + "udp-source-port-1000", "UDP 1000 to 53: rule 1", "TXF-7").flags("PortBoundary"),
                        tx(0, "SENT@1", v4Ports(0, UDP, udp(1000, 53, data(8, 16)))))
                .test(Meta.valid(id + "udp-source-port-2000", "UDP 2000 to 53: rule 1", "TXF-7").flags("PortBoundary"),
                        tx(0, "SENT@1", v4Ports(0, UDP, udp(2000, 53, data(8, 17)))))
                .test(Meta.invalid(id + "udp-source-port-2001", "UDP 2001 to 53: above the range, rule 2 drops it", error("packet"), "TXF-7").flags("PortBoundary"),
                        tx(0, "FILTER@2", v4Ports(0, UDP, udp(2001, 53, data(8, 18)))))
                .test(Meta.valid(id + "sctp-has-no-ports", "SCTP (132) whose first bytes read 40000 and 80: ports are TCP's and UDP's only, default",
                        "TXF-7"), tx(0, "SENT@4", v4Ports(0, SCTP, looksLikePort80)))
                .test(Meta.valid(id + "icmp-protocol-1", "ICMP: protocol 1, no rule, default", "TXF-7"), tx(0, "SENT@4", v4Ports(0, ICMP, data(16, 19))))
                .test(Meta.invalid(id + "ipv4-later-fragment", "UDP at fragment offset 185 whose bytes read port 80: the protocol holds (rule 2), the ports do not",
                        error("packet"), "TXF-7").flags("Fragment"), tx(0, "FILTER@2", v4Ports(0x00B9, UDP, looksLikePort80)))
                .test(Meta.invalid(id + "ipv4-later-fragment-more-fragments", "UDP with MF set at offset 185: a later fragment, rule 2", error("packet"), "TXF-7")
                        .flags("Fragment"), tx(0, "FILTER@2", v4Ports(0x20B9, UDP, looksLikePort80)))
                .test(Meta.valid(id + "ipv4-first-fragment", "UDP with MF set at offset 0: the first fragment's ports are read, rule 0", "TXF-7").flags("Fragment"),
                        tx(0, "SENT@0", v4Ports(0x2000, UDP, looksLikePort80)))
                .test(Meta.valid(id + "ipv4-dont-fragment", "UDP with DF set: not a fragment, rule 0", "TXF-7"), tx(0, "SENT@0", v4Ports(0x4000, UDP, looksLikePort80)))
                .test(Meta.invalid(id + "udp-three-bytes", "UDP with only 3 bytes after the IPv4 header: ports unknown, the protocol holds, rule 2",
                        error("packet"), "TXF-7").flags("UnreadableHeader"), tx(0, "FILTER@2", v4Ports(0, UDP, cut(looksLikePort80, 3))))
                .test(Meta.valid(id + "udp-four-bytes", "UDP with exactly 4 bytes after the IPv4 header, 1500 to 53: rule 1", "TXF-7"),
                        tx(0, "SENT@1", v4Ports(0, UDP, cut(udp(1500, 53, new byte[0]), 4))))
                .test(Meta.valid(id + "ipv4-ihl-6-ports-after-options", "IHL 6, options 01 01 01 00, TCP 40000 to 80: ports read after the options, rule 0",
                        "TXF-7"),
                        tx(0, "SENT@0", ether(PEER, A, IPV4, ipv4(6, 0, "198.51.100.10", "203.0.113.1", TCP, new byte[] {1, 1, 1, 0}, tcp(40000, 80)))))
                .test(Meta.valid(id + "ipv4-ihl-4-protocol-unknown", "IHL 4 and TCP 40000 to 443: the header is unreadable, so rule 3 does not hold; default",
                        "TXF-7").flags("UnreadableHeader"),
                        tx(0, "SENT@4", ether(PEER, A, IPV4, ipv4(4, 0, "198.51.100.10", "203.0.113.1", TCP, new byte[0], tcp(40000, 443)))))
                .test(Meta.valid(id + "ipv6-tcp-port-80", "IPv6 TCP 40000 to 80: rule 0", "TXF-7"), tx(0, "SENT@0", v6Ports(TCP, tcp(40000, 80))))
                .test(Meta.valid(id + "ipv6-hop-by-hop-tcp-port-80", "IPv6, Hop-by-Hop (8 bytes), TCP 40000 to 80: rule 0", "TXF-7").flags("ExtensionHeaders"),
                        tx(0, "SENT@0", v6Ports(HOP_BY_HOP, extension(TCP, 0), tcp(40000, 80))))
                .test(Meta.invalid(id + "ipv6-hop-by-hop-tcp-port-443", "IPv6, Hop-by-Hop, TCP 40000 to 443: protocol 6 after the walk, rule 3 drops it",
                        error("packet"), "TXF-7").flags("ExtensionHeaders"), tx(0, "FILTER@3", v6Ports(HOP_BY_HOP, extension(TCP, 0), tcp(40000, 443))))
                .test(Meta.valid(id + "ipv6-three-kinds-udp", "IPv6, Hop-by-Hop (16 bytes), Routing (8), Destination Options (8), UDP 1500 to 53: rule 1",
                        "TXF-7").flags("ExtensionHeaders"),
                        tx(0, "SENT@1", v6Ports(HOP_BY_HOP, extension(ROUTING, 1), extension(DESTINATION_OPTIONS, 0), extension(UDP, 0),
                                udp(1500, 53, data(8, 20)))))
                .test(Meta.valid(id + "ipv6-eight-extension-headers", "IPv6, Hop-by-Hop and seven Destination Options headers, UDP 1500 to 53: walked, rule 1",
                        "TXF-7").flags("ExtensionHeaders"),
                        tx(0, "SENT@1", v6Ports(HOP_BY_HOP, extension(DESTINATION_OPTIONS, 0), options(7, UDP), udp(1500, 53, data(8, 21)))))
                .test(Meta.valid(id + "ipv6-nine-extension-headers", "IPv6, nine Destination Options headers, UDP 999 to 53: the protocol is unknown, rule 2 does "
                        + "not hold; default", "TXF-7").flags("ExtensionHeaders", "UnreadableHeader"),
                        tx(0, "SENT@4", v6Ports(DESTINATION_OPTIONS, nineOptions(UDP), udp(999, 53, data(8, 22)))))
                .test(Meta.valid(id + "ipv6-fragment-header-is-the-ninth", "IPv6, eight Destination Options and a Fragment header (offset 0), UDP 999 to 53: "
                        + "the Fragment header counts, protocol unknown; default", "TXF-7").flags("ExtensionHeaders", "Fragment", "UnreadableHeader"),
                        tx(0, "SENT@4", v6Ports(DESTINATION_OPTIONS, options(8, FRAGMENT), fragment6(UDP, 0, true), udp(999, 53, data(8, 23)))))
                .test(Meta.valid(id + "ipv6-truncated-extension-header", "IPv6, a 16-byte Hop-by-Hop header with 10 bytes present: protocol unknown; default",
                        "TXF-7").flags("ExtensionHeaders", "UnreadableHeader"),
                        tx(0, "SENT@4", cut(v6Ports(HOP_BY_HOP, extension(UDP, 1), udp(999, 53, data(8, 24))), 14 + 40 + 10)))
                .test(Meta.invalid(id + "ipv6-extension-header-ends-the-frame", "IPv6 and an 8-byte Hop-by-Hop header naming UDP, nothing after: protocol 17 "
                        + "known, ports not; rule 2", error("packet"), "TXF-7").flags("ExtensionHeaders"),
                        tx(0, "FILTER@2", v6Ports(HOP_BY_HOP, extension(UDP, 0))))
                .test(Meta.invalid(id + "ipv6-later-fragment", "IPv6, Fragment header at offset 100, UDP bytes reading port 80: protocol 17, no ports; rule 2",
                        error("packet"), "TXF-7").flags("ExtensionHeaders", "Fragment"), tx(0, "FILTER@2", v6Ports(FRAGMENT, fragment6(UDP, 100, false),
                        looksLikePort80)))
                .test(Meta.valid(id + "ipv6-first-fragment", "IPv6, Fragment header at offset 0 with M set, UDP 40000 to 80: ports read, rule 0", "TXF-7")
                        .flags("ExtensionHeaders", "Fragment"), tx(0, "SENT@0", v6Ports(FRAGMENT, fragment6(UDP, 0, true), looksLikePort80)))
                .test(Meta.valid(id + "ipv6-truncated-fragment-header", "IPv6 and a Fragment header cut after 4 bytes: protocol unknown; default", "TXF-7")
                        .flags("ExtensionHeaders", "UnreadableHeader"), tx(0, "SENT@4", cut(v6Ports(FRAGMENT, fragment6(UDP, 0, false)), 14 + 40 + 4)))
                .test(Meta.valid(id + "ipv6-no-next-header", "IPv6 with next header 59: protocol 59, no rule; default", "TXF-7"),
                        tx(0, "SENT@4", v6Ports(NO_NEXT_HEADER, data(8, 25))))
                .test(Meta.valid(id + "tagged-udp-source-port-1500", "trunk context 1 sends VID 100, IPv4, UDP 1500 to 53: rule 1", "TXF-7").flags("TaggedFrame"),
                        tx(1, "SENT@1", onTrunk(IPV4, ipv4("198.51.100.10", "203.0.113.1", UDP, udp(1500, 53, data(8, 26))))))
                .test(Meta.valid(id + "tagged-ipv6-hop-by-hop-tcp-80", "trunk context 1 sends VID 100, IPv6, Hop-by-Hop, TCP 40000 to 80: rule 0", "TXF-7")
                        .flags("TaggedFrame", "ExtensionHeaders"),
                        tx(1, "SENT@0", onTrunk(IPV6, ipv6("2001:db8::1", "2001:db8::2", HOP_BY_HOP, extension(TCP, 0), tcp(40000, 80)))))
                .done();
    }
}
