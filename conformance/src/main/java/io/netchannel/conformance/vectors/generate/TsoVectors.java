package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.Inet.ACK;
import static io.netchannel.conformance.vectors.generate.Inet.TCP;
import static io.netchannel.conformance.vectors.generate.Inet.UDP;
import static io.netchannel.conformance.vectors.generate.OffloadBench.PEER;
import static io.netchannel.conformance.vectors.generate.OffloadBench.Want.nothing;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.A;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.B;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.C;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.CHAPTER;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.CHECKSUM;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.D;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.TSO;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chapter 11, section 6 (profile {@code tso}): a GSO packet that is not TCP of its type, or does not
 * fill its frame, is a per-packet error judged before chapter 07 (TSO-1); otherwise it leaves as
 * max(1, ceil(P / M)) frames carrying the super-frame's headers and consecutive payload (TSO-2),
 * with the IP lengths, IPv4 identification and checksum (TSO-3), TCP sequence number, FIN, PSH and
 * CWR and checksum (TSO-4) rewritten, policed and charged once, answered once, counted per frame
 * and tagged per frame (TSO-5).
 *
 * <p>Every expected segment is {@link Inet#segment}'s, computed from the super-frame the guest
 * wrote; the model's frames must equal them byte for byte before a vector is written.
 */
final class TsoVectors {

    private static final int TCPV4 = ExtraInfoLayout.GSO_TYPE_TCPV4;
    private static final int TCPV6 = ExtraInfoLayout.GSO_TYPE_TCPV6;
    private static final int CSUM_BLANK = TxRequestLayout.FLAG_CSUM_BLANK;

    private TsoVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(tso());
    }

    /** A TCP super-frame from {@code source} to the wire station over {@code net} with {@code tcp} and {@code length} payload bytes. */
    static byte[] superFrame(MacAddress destination, MacAddress source, Integer tci, Inet.Net net, Inet.Tcp tcp, int length, int id, int seed) {
        return Inet.ether(destination, source, tci, net.etherType(), net.packet(TCP, tcp.segment(Inet.payload(length, seed)), id));
    }

    private static byte[] superFrame(Inet.Net net, int length, int seed) {
        return superFrame(PEER, A, null, net, Inet.Tcp.of(0x1000L * seed).withFlags(ACK | Inet.PSH), length, 0x100 + seed, seed);
    }

    /** The frames {@code ctx} with {@code vlan} puts on the wire for {@code frame} segmented at {@code mss}. */
    private static List<byte[]> segments(VlanPolicy vlan, byte[] frame, int mss) {
        List<byte[]> sent = new ArrayList<>();
        for (byte[] segment : Inet.segment(frame, mss)) {
            sent.add(OffloadBench.onWire(vlan, segment));
        }
        return sent;
    }

    /** Context {@code ctx} sends {@code frame} with a GSO extra (MSS {@code mss}, type {@code type}) and first-slot flags {@code flags}. */
    private static Consumer<OffloadBench> segmented(int ctx, byte[] frame, int mss, int type, int flags) {
        require(Inet.parse(frame) != null, "the super-frame parses");
        return t -> {
            OffloadBench.Packet packet = t.packet(ctx, frame, Math.min(frame.length, 4096), flags, mss, type);
            t.publish(ctx, packet);
            t.kick(ctx, nothing().sends(ctx, packet, true, segments(t.bench.configs.get(ctx).vlan(), frame, mss)));
        };
    }

    private static Consumer<OffloadBench> segmented(int ctx, byte[] frame, int mss, int type) {
        return segmented(ctx, frame, mss, type, 0);
    }

    /** Context {@code ctx} sends {@code frame} with a GSO extra that TSO-1 refuses: a per-packet error. */
    private static Consumer<OffloadBench> refused(int ctx, byte[] frame, int mss, int type) {
        return t -> {
            OffloadBench.Packet packet = t.packet(ctx, frame, Math.min(frame.length, 4096), 0, mss, type);
            t.publish(ctx, packet);
            t.kick(ctx, nothing().errors(ctx, packet));
        };
    }

    /** The first {@code l4 + thl} bytes of a super-frame with {@code payload} zero bytes: the headers a patterned packet's first slot holds. */
    private static byte[] headers(byte[] frameWithZeros) {
        Inet.Parsed p = Inet.parse(frameWithZeros);
        return Arrays.copyOf(frameWithZeros, p.l4() + p.thl());
    }

    private static final String BENCH = "context 0 untagged (02:00:00:00:00:01), context 1 Trunk(10) (02:00:00:00:00:02), context 2 Access(20) "
            + "(02:00:00:00:00:03), context 3 untagged (02:00:00:00:00:04) with one TX rule, drop TCP to port 81, default allow; no RX "
            + "buffers; rings on pages 1 to 8; the device in VEPA. Super-frames go to the wire station 02:00:00:00:00:99";

    private static OffloadBench bench() {
        ContextConfig filtered = Bench.shape(UNTAGGED, D).txRules(List.of(FilterRule.drop(Bench.match().protocol(TCP)
                .destinationPort(PortRange.parse("81")).build()))).build();
        return new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 0, A), Bench.member(1, trunk(10), 0, B), Bench.member(2, access(20), 0, C),
                new Bench.Member(3, 0, filtered)));
    }

    private static VectorBundle.Entry tso() {
        String id = CHAPTER + ".tso.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "tso",
                "TCP segmentation offload (chapter 11, section 6): a TX packet with a GSO extra of MSS M and payload P leaves as max(1, "
                        + "ceil(P / M)) frames, each the super-frame's headers (tag, IP options or extension headers, TCP options) with the next M "
                        + "payload bytes; IPv4 total length, identification (id + i) and header checksum, or IPv6 payload length, are rewritten "
                        + "(TSO-3); the sequence number advances by M, FIN and PSH stay on the last segment, CWR on the first, and the TCP checksum "
                        + "is computed (TSO-4); the packet is validated, policed and charged once, answered OKAY once, and its segments leave in "
                        + "order, each tagged as a frame of its own, TX_FRAMES and TX_BYTES counting each (TSO-5). A GSO packet that is not TCP of "
                        + "its type or that does not fill its frame is a per-packet error, judged before chapter 07 (TSO-1).");
        file.note("Segments", "BASIC", "a super-frame cut into MSS-sized segments (TSO-2 to TSO-4)", "the receiver gets a stream other than the "
                + "one the guest sent, or segments whose headers or checksums are wrong");
        file.note("OneFrame", "EDGE_CASE", "a payload no larger than the MSS, or none: one frame, its checksums computed (TSO-2)", "a device sends "
                + "nothing, or an unfinished super-frame");
        file.note("Wrap", "EDGE_CASE", "an identification or sequence number that wraps during the segments (TSO-3, TSO-4)", "segments after the "
                + "wrap carry wrong fields");
        file.note("InvalidGso", "MALFORMED", "a GSO packet TSO-1 refuses: not TCP, the wrong IP version for its type, not parsed, or trailing bytes",
                "an unsegmented or half-segmented super-frame reaches the wire, or the guest is told it left");
        file.note("Policy", "EDGE_CASE", "chapter 07 judges the super-frame once: a spoofed source, a tag, a filter rule (TSO-5)", "one decision per "
                + "segment, with hit counters and drops counted several times");
        file.note("AccessTag", "EDGE_CASE", "an Access context: every segment gets the tag (TSO-5, TXF-4)", "some segments leave untagged");
        file.note("ManySlots", "EDGE_CASE", "a super-frame in several data slots, payload from pages of the fill pattern", "segments cut at slot "
                + "boundaries instead of MSS boundaries");
        file.note("Switched", "BASIC", "segments switched to a neighbour in VEB (TSO-5)", "a neighbour receives the super-frame whole");
        file.note("Charged", "BASIC", "a rate-limited context: the packet pays its first slot's size once (TSO-5, QOS-4)", "a guest's TSO traffic "
                + "is charged per segment, headers counted again for each");

        FileBuilder.GroupBuilder<OffloadBench> g = file.group(BENCH, TsoVectors::bench).requiring(CHECKSUM, TSO);
        g.test(Meta.valid(id + "tcpv4-three-segments", "3000 payload bytes with MSS 1000 over IPv4: three frames of 1054 bytes, IDs id, id+1, "
                        + "id+2, sequence numbers seq, seq+1000, seq+2000, PSH on the last only", "TSO-2", "TSO-3", "TSO-4", "TSO-5").flags("Segments"),
                segmented(0, superFrame(Inet.Net.IPV4, 3000, 1), 1000, TCPV4))
                .test(Meta.valid(id + "tcpv4-last-segment-short", "2500 payload bytes with MSS 1000: frames of 1000, 1000 and 500 payload bytes",
                        "TSO-2", "TSO-3", "TSO-4").flags("Segments"), segmented(0, superFrame(Inet.Net.IPV4, 2500, 2), 1000, TCPV4))
                .test(Meta.valid(id + "tcpv6-three-segments", "3000 payload bytes with MSS 1000 over IPv6 (GSO type TCPv6): payload length "
                        + "rewritten per segment", "TSO-2", "TSO-3", "TSO-4").flags("Segments"), segmented(0, superFrame(Inet.Net.IPV6, 3000, 3), 1000, TCPV6))
                .test(Meta.valid(id + "tcpv6-extension-headers", "IPv6 with hop-by-hop, routing and destination-options headers, 2000 bytes with MSS "
                                + "700: every segment copies the 24 bytes of extension headers, payload length = 24 + 20 + its payload", "TSO-2",
                                "TSO-3").flags("Segments"),
                        segmented(0, superFrame(Inet.Net.IPV6_CHAIN, 2000, 4), 700, TCPV6))
                .test(Meta.valid(id + "tcpv4-ip-options-copied", "IPv4 with 12 bytes of options: copied into every segment, total length and "
                        + "header checksum per segment", "TSO-2", "TSO-3").flags("Segments"), segmented(0, superFrame(Inet.Net.IPV4_OPTIONS, 2100, 5),
                        1000, TCPV4))
                .test(Meta.valid(id + "tcp-options-copied", "a TCP header with the timestamps option (data offset 8): copied into every segment",
                                "TSO-2", "TSO-4").flags("Segments"),
                        segmented(0, superFrame(PEER, A, null, Inet.Net.IPV4, Inet.Tcp.of(6).withOptions(Inet.timestamps(0x11223344L, 0x55667788L)),
                                2000, 0x600, 6), 988, TCPV4))
                .test(Meta.valid(id + "payload-equals-mss", "1448 payload bytes with MSS 1448: one frame, the super-frame with its checksums "
                        + "computed", "TSO-2", "TSO-4").flags("OneFrame"), segmented(0, superFrame(Inet.Net.IPV4, 1448, 7), 1448, TCPV4))
                .test(Meta.valid(id + "payload-below-mss", "100 payload bytes with MSS 1448: one frame", "TSO-2").flags("OneFrame"),
                        segmented(0, superFrame(Inet.Net.IPV6, 100, 8), 1448, TCPV6))
                .test(Meta.valid(id + "no-payload", "a GSO packet carrying a bare TCP header: one frame, max(1, 0)", "TSO-2").flags("OneFrame"),
                        segmented(0, superFrame(Inet.Net.IPV4, 0, 9), 536, TCPV4))
                .test(Meta.valid(id + "mss-one", "5 payload bytes with MSS 1: five frames of one byte each", "TSO-2", "TSO-4").flags("Segments"),
                        segmented(0, superFrame(Inet.Net.IPV4, 5, 10), 1, TCPV4))
                .test(Meta.valid(id + "id-wraps", "IPv4 identification 0xfffe and three segments: IDs 0xfffe, 0xffff, 0x0000", "TSO-3").flags("Wrap"),
                        segmented(0, superFrame(PEER, A, null, Inet.Net.IPV4, Inet.Tcp.of(11), 3000, 0xFFFE, 11), 1000, TCPV4))
                .test(Meta.valid(id + "sequence-wraps", "sequence number 0xfffffc00 and three segments of 1000: sequence numbers 0xfffffc00, "
                        + "0xffffffe8 and 0x000003d0, wrapping past 2^32", "TSO-4").flags("Wrap"), segmented(0, superFrame(PEER, A, null, Inet.Net.IPV4,
                        Inet.Tcp.of(0xFFFF_FC00L), 3000, 0x700, 12), 1000, TCPV4))
                .test(Meta.valid(id + "flags-fin-psh-last-cwr-first", "flags ACK, PSH, FIN, CWR, ECE and URG (urgent pointer 5): the first segment "
                                + "keeps CWR, the last FIN and PSH, every segment ACK, ECE, URG and the urgent pointer", "TSO-4").flags("Segments"),
                        segmented(0, superFrame(PEER, A, null, Inet.Net.IPV4, Inet.Tcp.of(13).withFlags(ACK | Inet.PSH | Inet.FIN | Inet.CWR | Inet.ECE
                                | Inet.URG).withUrgent(5), 2500, 0x800, 13), 1000, TCPV4))
                .test(Meta.valid(id + "csum-blank-makes-no-difference", "the same super-frame with csum_blank and data_validated: the same "
                        + "segments", "TSO-4", "CSUM-4").flags("Segments"), segmented(0, superFrame(Inet.Net.IPV4, 3000, 1), 1000, TCPV4,
                        CSUM_BLANK | TxRequestLayout.FLAG_DATA_VALIDATED))
                .test(Meta.valid(id + "tagged-trunk", "Trunk context 1 sends a super-frame tagged VID 10: every segment carries the tag", "TSO-2",
                        "TSO-5", "TXF-5").flags("Segments"), segmented(1, superFrame(PEER, B, 10, Inet.Net.IPV4, Inet.Tcp.of(14), 2000, 0x900, 14),
                        1000, TCPV4))
                .test(Meta.valid(id + "access-tag-per-segment", "Access(20) context 2 sends an untagged super-frame: every segment leaves with the "
                        + "tag inserted, TX_BYTES counting each tagged frame", "TSO-5", "TXF-4").flags("AccessTag"),
                        segmented(2, superFrame(PEER, C, null, Inet.Net.IPV6, Inet.Tcp.of(15), 2000, 0, 15), 1000, TCPV6))
                .test(Meta.valid(id + "many-slots", "54 header bytes and 20000 payload bytes in five data slots of the fill pattern, MSS 1448: 14 "
                                + "segments cut at MSS boundaries, not slot boundaries", "TSO-2", "DESC-2").flags("ManySlots", "Segments"),
                        t -> {
                            byte[] headers = headers(superFrame(PEER, A, null, Inet.Net.IPV4, Inet.Tcp.of(16).withFlags(ACK | Inet.PSH), 20000, 0xA00, 16));
                            OffloadBench.Packet packet = t.patterned(0, headers, 20000, 0, 1448, TCPV4);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, true, segments(UNTAGGED, packet.frame(), 1448)));
                        })
                .test(Meta.valid(id + "segments-then-next-packet", "a GSO packet then a plain frame in one kick: the three segments leave "
                                + "consecutively, then the plain frame", "TSO-5", "TX-3").flags("Segments"),
                        t -> {
                            byte[] big = superFrame(Inet.Net.IPV4, 3000, 17);
                            byte[] small = ChecksumVectors.frame(PEER, A, null, Inet.Net.IPV4, UDP, 30, 18);
                            OffloadBench.Packet first = t.packet(0, big, big.length, 0, 1000, TCPV4);
                            OffloadBench.Packet second = t.packet(0, small, 0);
                            t.publish(0, first, second);
                            t.kick(0, nothing().sends(0, first, true, Inet.segment(big, 1000)).sends(0, second, small));
                        });

        byte[] udp = ChecksumVectors.frame(PEER, A, null, Inet.Net.IPV4, UDP, 2000, 20);
        byte[] v6 = superFrame(Inet.Net.IPV6, 2000, 21);
        byte[] v4 = superFrame(Inet.Net.IPV4, 2000, 22);
        Object[][] invalid = {
            {"tcpv4-type-on-ipv6", "an IPv6 super-frame with GSO type TCPv4", v6, TCPV4},
            {"tcpv6-type-on-ipv4", "an IPv4 super-frame with GSO type TCPv6", v4, TCPV6},
            {"udp", "a UDP datagram with GSO type TCPv4", udp, TCPV4},
            {"not-parsed", "a frame of EtherType 0x88b5", Inet.ether(PEER, A, null, 0x88B5, Inet.payload(2000, 23)), TCPV4},
            {"ipv4-fragment", "an IPv4 first fragment (MF set) carrying TCP", withFragment(v4), TCPV4},
            {"ipv6-fragment-header", "IPv6 with a fragment header before TCP", Inet.ether(PEER, A, null, Inet.IPV6, Inet.ipv6(Inet.FRAGMENT,
                    Inet.cat(Inet.fragment6(TCP), Inet.Tcp.of(24).segment(Inet.payload(2000, 24))))), TCPV6},
            {"trailing-bytes", "a TCP super-frame followed by 6 bytes of padding", Inet.cat(v4, new byte[6]), TCPV4},
        };
        for (Object[] c : invalid) {
            g.test(Meta.invalid(id + "refused-" + c[0], c[1] + ", MSS 1000: a per-packet error, ERROR and TX_ERRORS, nothing sent", error("packet"),
                    "TSO-1", "OFF-3").flags("InvalidGso"), refused(0, (byte[]) c[2], 1000, (Integer) c[3]));
        }
        g.test(Meta.invalid(id + "refused-before-policy", "a UDP datagram with a GSO extra from another source MAC: ERROR (TSO-1), not "
                                + "TX_DROP_SPOOF, since the GSO check comes before chapter 07", error("packet"), "TSO-1", "TXF-1").flags("InvalidGso", "Policy"),
                        refused(0, ChecksumVectors.frame(PEER, D, null, Inet.Net.IPV4, UDP, 2000, 25), 1000, TCPV4))
                .test(Meta.invalid(id + "spoofed-dropped-once", "a valid super-frame from another source MAC: one decision, DROPPED, TX_DROP_SPOOF "
                                + "counted once, nothing sent", error("packet"), "TSO-5", "TXF-2").flags("Policy"),
                        t -> {
                            OffloadBench.Packet packet = t.packet(0, superFrame(PEER, D, null, Inet.Net.IPV4, Inet.Tcp.of(26), 3000, 0xB00, 26), 3054, 0,
                                    1000, TCPV4);
                            t.publish(0, packet);
                            t.kick(0, nothing().drops(0, packet, Counter.TX_DROP_SPOOF));
                        })
                .test(Meta.invalid(id + "tagged-from-untagged-dropped-once", "untagged context 0 sends a super-frame tagged VID 10: TX_DROP_VLAN "
                                + "once", error("packet"), "TSO-5", "TXF-3").flags("Policy"),
                        t -> {
                            OffloadBench.Packet packet = t.packet(0, superFrame(PEER, A, 10, Inet.Net.IPV4, Inet.Tcp.of(27), 3000, 0xC00, 27), 3058, 0,
                                    1000, TCPV4);
                            t.publish(0, packet);
                            t.kick(0, nothing().drops(0, packet, Counter.TX_DROP_VLAN));
                        })
                .test(Meta.invalid(id + "filter-drops-once", "context 3 sends a super-frame to TCP port 81: its rule drops the packet once, "
                                + "TX_DROP_FILTER 1 and the rule's hit counter 1", error("packet"), "TSO-5", "TXF-6", "TXF-8").flags("Policy"),
                        t -> {
                            long hits = t.harness.filterHits(3, 0);
                            OffloadBench.Packet packet = t.packet(3, superFrame(PEER, D, null, Inet.Net.IPV4, Inet.Tcp.of(28).withPorts(40000, 81), 3000,
                                    0xD00, 28), 3054, 0, 1000, TCPV4);
                            t.publish(3, packet);
                            t.kick(3, nothing().drops(3, packet, Counter.TX_DROP_FILTER));
                            require(t.harness.filterHits(3, 0) == hits + 1, "the rule decides the super-frame once (TSO-5)");
                        })
                .test(Meta.valid(id + "filter-allows-once", "context 3 sends a super-frame to port 80: the default allows it once (its hit counter "
                                + "grows by 1) and three segments leave", "TSO-5", "TXF-8").flags("Policy", "Segments"),
                        t -> {
                            long hits = t.harness.filterHits(3, 1);
                            byte[] frame = superFrame(PEER, D, null, Inet.Net.IPV4, Inet.Tcp.of(29), 3000, 0xE00, 29);
                            OffloadBench.Packet packet = t.packet(3, frame, frame.length, 0, 1000, TCPV4);
                            t.publish(3, packet);
                            t.kick(3, nothing().sends(3, packet, true, Inet.segment(frame, 1000)));
                            require(t.harness.filterHits(3, 1) == hits + 1, "the default decides the super-frame once (TSO-5)");
                        })
                .done();

        file.group("context 0 untagged (02:00:00:00:00:01); context 1 untagged (02:00:00:00:00:02) with eight RX buffers (pages 110 to 117) and "
                                + "rxChecksum on; rings on pages 1 to 4; then the host sets VEB",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 0, A), Bench.member(1, UNTAGGED, 8, B))
                                    .in(SwitchMode.VEB));
                            t.offloads(1, new Offloads(true, 0));
                            return t;
                        })
                .requiring(CHECKSUM, TSO)
                .test(Meta.valid(id + "switched-segments", "context 0 sends a 3000-byte super-frame with MSS 1000 to context 1: three frames "
                                + "switched, each delivered on its own, each marked NETRXF_data_validated", "TSO-5", "TSO-2", "CSUM-5", "CTX-6")
                                .flags("Switched"),
                        t -> {
                            byte[] frame = superFrame(B, A, null, Inet.Net.IPV4, Inet.Tcp.of(30), 3000, 0xF00, 30);
                            OffloadBench.Packet packet = t.packet(0, frame, frame.length, 0, 1000, TCPV4);
                            t.publish(0, packet);
                            List<byte[]> segments = Inet.segment(frame, 1000);
                            OffloadBench.Want want = nothing().sends(0, packet, false, segments);
                            for (byte[] segment : segments) {
                                require(Inet.verifies(segment), "every segment verifies (section 6)");
                                want.delivers(1, segment, true);
                            }
                            t.kick(0, want);
                        })
                .done();

        file.group("context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535; context 1 untagged "
                                + "(02:00:00:00:00:02) with no RX buffer, the sink; rings on pages 1 to 4; then the host sets VEB",
                        () -> new OffloadBench(Bench.start(new Bench.Member(0, 0, Bench.shape(UNTAGGED, A).txRate(new TxRate(1000, 1_000_000, 65_535))
                                .build()), Bench.member(1, UNTAGGED, 0, B)).in(SwitchMode.VEB)))
                .requiring(CHECKSUM, TSO, Profile.QOS.id())
                .test(Meta.valid(id + "charged-once", "the bucket holds 65535 bytes: two 32000-byte GSO packets (MSS 1448, 23 segments of up to 1502 "
                                + "bytes each, 33188 bytes on the wire) pay 32000 each and leave, and so does a 60-byte frame; a 2000-byte frame then "
                                + "waits for credit (TX_RATE_LIMITED). Charged per segment, the second would have waited", "TSO-5", "QOS-4")
                                .flags("Charged", "Switched"),
                        t -> {
                            List<OffloadBench.Packet> packets = new ArrayList<>();
                            OffloadBench.Want want = nothing();
                            for (int k = 0; k < 2; k++) {
                                byte[] headers = headers(superFrame(B, A, null, Inet.Net.IPV4, Inet.Tcp.of(31 + k), 32000 - 54, 0x1000 * (k + 1), 31));
                                OffloadBench.Packet packet = t.patterned(0, headers, 32000 - 54, 0, 1448, TCPV4);
                                List<byte[]> segments = Inet.segment(packet.frame(), 1448);
                                require(segments.size() == 23 && segments.stream().mapToInt(s -> s.length).sum() == 33188, "23 segments, 33188 bytes");
                                packets.add(packet);
                                want.sends(0, packet, false, segments).counts(1, Counter.RX_DROP_NO_BUFFER, segments.size());
                            }
                            byte[] paid = ChecksumVectors.frame(PEER, A, null, Inet.Net.IPV4, UDP, 60 - 42, 33);
                            byte[] held = ChecksumVectors.frame(PEER, A, null, Inet.Net.IPV4, UDP, 2000 - 42, 34);
                            OffloadBench.Packet third = t.packet(0, paid, 0);
                            packets.add(third);
                            packets.add(t.packet(0, held, 0));
                            t.publish(0, packets.toArray(new OffloadBench.Packet[0]));
                            t.kick(0, want.sends(0, third, paid).counts(0, Counter.TX_RATE_LIMITED, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    /** {@code frame} (untagged IPv4) as a first fragment: MF set, its header checksum right again. */
    private static byte[] withFragment(byte[] frame) {
        byte[] f = frame.clone();
        Inet.put16(f, 20, 0x2000);
        Inet.put16(f, 24, 0);
        Inet.put16(f, 24, Inet.ipv4HeaderChecksum(f, 14));
        return f;
    }
}
