package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
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

import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chapter 11, sections 3 to 5 (profile {@code checksum}): which frames the device parses (OFF-3),
 * the L4 checksum it writes for {@code NETTXF_csum_blank} (CSUM-1), 0xFFFF for a UDP zero
 * (CSUM-2), the per-packet error for a frame it cannot parse, judged before chapter 07 (CSUM-3),
 * {@code NETTXF_data_validated} without effect (CSUM-4), and on receive
 * {@code NETRXF_data_validated} exactly on the frames that verify, for guests that asked
 * (CSUM-5, CSUM-6).
 *
 * <p>Every expected checksum is {@link Inet#withL4Checksum}'s, and RFC 1071's worked example and
 * the UDP zero are checked against their known values before a vector is written.
 */
final class ChecksumVectors {

    private static final int CSUM_BLANK = TxRequestLayout.FLAG_CSUM_BLANK;
    private static final int DATA_VALIDATED = TxRequestLayout.FLAG_DATA_VALIDATED;

    private ChecksumVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(tx(), rx());
    }

    // ------------------------------------------------------------------ frames

    /** A TCP segment (ports 40000 to 80, ACK) or UDP datagram (ports 40000 to 53) of {@code length} data bytes, checksum field 0. */
    static byte[] l4(int proto, int length, int seed) {
        byte[] data = Inet.payload(length, seed);
        return proto == TCP ? Inet.Tcp.of(0x10000L * seed).segment(data) : Inet.udp(40000, 53, data);
    }

    /** A frame from {@code source} to {@code destination} (802.1Q TCI {@code tci} unless null) over {@code net}, checksum field 0. */
    static byte[] frame(MacAddress destination, MacAddress source, Integer tci, Inet.Net net, int proto, int length, int seed) {
        return Inet.ether(destination, source, tci, net.etherType(), net.packet(proto, l4(proto, length, seed), 0x100 + seed));
    }

    /** A TCP frame from the wire station to {@code mac} over {@code net} whose checksums verify. */
    static byte[] tcpTo(MacAddress mac, Inet.Net net, int length, int seed) {
        return Inet.withL4Checksum(frame(mac, PEER, null, net, TCP, length, seed));
    }

    private static String name(int proto) {
        return proto == TCP ? "tcp" : "udp";
    }

    /** The RFC 1071 section 3 example: these eight bytes sum to 0xddf2, checksum 0x220d. */
    static final byte[] RFC1071 = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};

    /**
     * A UDP datagram over IPv4 whose data is RFC 1071's eight bytes and whose pseudo-header and
     * header sum to 0xffff (ones' complement zero): 10.0.0.1 port 60356 to 10.0.0.2 port 7, so
     * the L4 checksum is the example's own, 0x220d.
     */
    static byte[] rfc1071Frame(MacAddress destination, MacAddress source) {
        require(Inet.sum(RFC1071) == 0xddf2 && (~Inet.sum(RFC1071) & 0xFFFF) == 0x220d, "RFC 1071 section 3: the bytes sum to ddf2, checksum 220d");
        byte[] frame = Inet.ether(destination, source, null, Inet.IPV4, Inet.V4.of(0x1071).header(UDP, Inet.udp(60356, 7, RFC1071)));
        require(Inet.l4Field(Inet.withL4Checksum(frame)) == 0x220d, "the datagram's checksum is RFC 1071's 0x220d");
        return frame;
    }

    /**
     * A UDP datagram whose checksum computes to 0x0000 (so is sent 0xFFFF, CSUM-2): two data bytes
     * chosen so that the pseudo-header, header and data sum to 0xffff.
     */
    static byte[] udpZero(MacAddress destination, MacAddress source, Inet.Net net) {
        byte[] trial = Inet.ether(destination, source, null, net.etherType(), net.packet(UDP, Inet.udp(40000, 53, new byte[] {0, 0, 0x11, 0x22}), 0x200));
        Inet.Parsed p = Inet.parse(trial);
        int partial = ~Inet.l4Checksum(trial, p) & 0xFFFF; // the ones' complement sum with the two bytes at 0
        int word = 0xFFFF - partial; // adding it makes the sum 0xffff, so the checksum 0x0000
        byte[] frame = Inet.ether(destination, source, null, net.etherType(), net.packet(UDP, Inet.udp(40000, 53,
                new byte[] {(byte) (word >>> 8), (byte) word, 0x11, 0x22}), 0x200));
        Inet.Parsed q = Inet.parse(frame);
        byte[] l4 = Arrays.copyOfRange(frame, q.l4(), q.end());
        require(Inet.l4Checksum(frame, q) == 0xFFFF && l4.length == 12, "the datagram's checksum computes to zero and is written 0xffff");
        return frame;
    }

    /** A TCP segment whose checksum computes to 0x0000, which stays 0x0000 (only UDP's zero is special, CSUM-2). */
    static byte[] tcpZero(MacAddress destination, MacAddress source) {
        byte[] base = Inet.ether(destination, source, null, Inet.IPV4, Inet.V4.of(0x300).header(TCP, Inet.Tcp.of(77).segment(new byte[] {0, 0, 5, 6})));
        int partial = ~Inet.l4Checksum(base, Inet.parse(base)) & 0xFFFF;
        int word = 0xFFFF - partial;
        byte[] frame = Inet.ether(destination, source, null, Inet.IPV4, Inet.V4.of(0x300).header(TCP, Inet.Tcp.of(77).segment(
                new byte[] {(byte) (word >>> 8), (byte) word, 5, 6})));
        require(Inet.l4Field(Inet.withL4Checksum(frame)) == 0x0000, "the segment's checksum computes to 0x0000");
        return frame;
    }

    // ------------------------------------------------------------------ offload/checksum-tx.yaml

    private static final String TX_BENCH = "context 0 untagged (02:00:00:00:00:01), context 1 Trunk(10, 20) (02:00:00:00:00:02), context 2 "
            + "Access(30) (02:00:00:00:00:03), no RX buffers; rings on pages 1 to 6; the device in VEPA, so every frame goes to the wire. "
            + "Frames go to the wire station 02:00:00:00:00:99";

    private static OffloadBench txBench(DeviceProvider device) {
        return new OffloadBench(Bench.start(device, Bench.member(0, UNTAGGED, 0, A), Bench.member(1, trunk(10, 20), 0, B),
                Bench.member(2, access(30), 0, C)));
    }

    /** Context {@code ctx} sends {@code frame} in one slot with {@code flags}; it leaves as {@code sent}. */
    private static Consumer<OffloadBench> leaves(int ctx, byte[] frame, int flags, byte[] sent) {
        return t -> {
            OffloadBench.Packet packet = t.packet(ctx, frame, flags);
            t.publish(ctx, packet);
            t.kick(ctx, nothing().sends(ctx, packet, sent));
        };
    }

    /** Context {@code ctx} sends {@code frame} with csum_blank; it leaves with its L4 checksum computed here (CSUM-1). */
    private static Consumer<OffloadBench> completed(int ctx, byte[] frame) {
        return leaves(ctx, frame, CSUM_BLANK, Inet.withL4Checksum(frame));
    }

    /** Context {@code ctx} sends {@code frame}, which section 3 does not parse, with csum_blank: a per-packet error (CSUM-3). */
    private static Consumer<OffloadBench> unparsed(int ctx, byte[] frame) {
        require(Inet.parse(frame) == null, "section 3 does not parse the frame");
        return t -> {
            OffloadBench.Packet packet = t.packet(ctx, frame, CSUM_BLANK);
            t.publish(ctx, packet);
            t.kick(ctx, nothing().errors(ctx, packet));
        };
    }

    private static VectorBundle.Entry tx() {
        String id = CHAPTER + ".checksum-tx.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "checksum-tx",
                "TX checksum offload (chapter 11, sections 3 to 5.1): a valid packet whose first slot carries NETTXF_csum_blank leaves with its "
                        + "TCP or UDP checksum computed over the pseudo-header and the bytes l4 to end - 1, the field read as zero, and nothing else "
                        + "changed (CSUM-1); a UDP checksum that computes to 0 leaves as 0xffff (CSUM-2); a csum_blank frame section 3 does not parse "
                        + "is a per-packet error judged before chapter 07 (CSUM-3); NETTXF_data_validated changes nothing (CSUM-4). Section 3's "
                        + "line: Ethernet II with at most one 802.1Q tag, IPv4 with options and no fragment, IPv6 with hop-by-hop first, routing "
                        + "with segments left 0 and destination options, then TCP or UDP with consistent lengths (OFF-3).");
        file.note("ParsedLayers", "BASIC", "TCP or UDP over one of the IP layers section 3 parses, with or without a tag (OFF-3, CSUM-1)",
                "devices complete checksums on different sets of frames, or write different bytes");
        file.note("Unparsed", "MALFORMED", "a csum_blank frame section 3 does not parse (CSUM-3)", "a frame leaves with a blank checksum, or is "
                + "dropped while the guest is told it left");
        file.note("GuestField", "EDGE_CASE", "the guest left something other than zero in the checksum field (CSUM-1)", "devices that add to the "
                + "field instead of replacing it write different bytes");
        file.note("OnesComplementZero", "EDGE_CASE", "a checksum that computes to 0x0000 (CSUM-2)", "a UDP datagram leaves saying \"no checksum\"");
        file.note("Padding", "EDGE_CASE", "bytes after the datagram's end (Ethernet padding), which no offload reads or changes (OFF-3)",
                "a device sums or rewrites padding and sends a wrong checksum");
        file.note("Rfc1071", "BASIC", "RFC 1071 section 3's worked example inside a UDP datagram", "a device's checksum arithmetic is wrong");
        file.note("Policy", "EDGE_CASE", "a checksum packet that chapter 07 also judges: tag insertion, a spoofed source (CSUM-3 before TXF-1)",
                "the checksum check and the policy disagree on which answer the guest gets");
        OffloadVectors.notOfferedNotes(file);

        FileBuilder.GroupBuilder<OffloadBench> g = file.group(TX_BENCH, () -> txBench(Generators.model())).requiring(CHECKSUM);
        for (Inet.Net net : Inet.Net.values()) {
            for (int proto : new int[] {TCP, UDP}) {
                byte[] frame = frame(PEER, A, null, net, proto, 40, net.ordinal() * 2 + proto);
                g.test(Meta.valid(id + name(proto) + "-" + net.id(), "context 0 sends " + name(proto).toUpperCase(java.util.Locale.ROOT) + " over "
                                + net.text + " with csum_blank and field 0: it leaves with its checksum computed, nothing else changed", "CSUM-1", "OFF-3")
                                .flags("ParsedLayers"),
                        completed(0, frame));
            }
        }
        for (Inet.Net net : List.of(Inet.Net.IPV4, Inet.Net.IPV4_OPTIONS, Inet.Net.IPV6, Inet.Net.IPV6_CHAIN)) {
            for (int proto : new int[] {TCP, UDP}) {
                byte[] frame = frame(PEER, B, 10, net, proto, 40, 50 + net.ordinal() * 2 + proto);
                g.test(Meta.valid(id + name(proto) + "-" + net.id() + "-tagged", "Trunk context 1 sends " + name(proto).toUpperCase(java.util.Locale.ROOT)
                                + " over " + net.text + " behind an 802.1Q tag (VID 10) with csum_blank: the parse skips the tag, the checksum is "
                                + "computed, the frame leaves tagged", "CSUM-1", "OFF-3", "TXF-5").flags("ParsedLayers"),
                        completed(1, frame));
            }
        }
        byte[] options = Inet.ether(PEER, A, null, Inet.IPV4, Inet.V4.of(0x77).header(TCP, Inet.Tcp.of(5).withOptions(Inet.timestamps(1, 2))
                .segment(Inet.payload(30, 3))));
        g.test(Meta.valid(id + "tcp-options", "a TCP header with the timestamps option (data offset 8): the checksum covers the options", "CSUM-1", "OFF-3")
                        .flags("ParsedLayers"), completed(0, options))
                .test(Meta.valid(id + "rfc1071-worked-example", "a UDP datagram carrying RFC 1071's bytes 00 01 f2 03 f4 f5 f6 f7, its pseudo-header "
                                + "and header summing to 0xffff: the field is written 0x220d, the example's checksum", "CSUM-1").flags("Rfc1071"),
                        completed(0, rfc1071Frame(PEER, A)))
                .test(Meta.valid(id + "udp-zero-sent-as-ffff-ipv4", "a UDP datagram over IPv4 whose checksum computes to 0x0000 leaves with 0xffff",
                        "CSUM-2", "CSUM-1").flags("OnesComplementZero"), completed(0, udpZero(PEER, A, Inet.Net.IPV4)))
                .test(Meta.valid(id + "udp-zero-sent-as-ffff-ipv6", "a UDP datagram over IPv6 whose checksum computes to 0x0000 leaves with 0xffff",
                        "CSUM-2", "CSUM-1").flags("OnesComplementZero"), completed(0, udpZero(PEER, A, Inet.Net.IPV6)))
                .test(Meta.valid(id + "tcp-zero-stays-zero", "a TCP segment whose checksum computes to 0x0000 leaves with 0x0000: only UDP's zero "
                        + "means \"no checksum\"", "CSUM-1", "CSUM-2").flags("OnesComplementZero"), completed(0, tcpZero(PEER, A)));
        byte[] tcp = frame(PEER, A, null, Inet.Net.IPV4, TCP, 40, 60);
        byte[] pseudo = pseudoSum(tcp);
        g.test(Meta.valid(id + "guest-garbage-in-field", "the guest left 0xbeef in the TCP checksum field: it is replaced, not added to", "CSUM-1")
                        .flags("GuestField"), completed(0, Inet.withL4Field(tcp, 0xBEEF)))
                .test(Meta.valid(id + "guest-pseudo-header-sum-in-field", "the guest left the pseudo-header sum in the field, as Linux does: the same "
                        + "bytes leave as for a field of 0", "CSUM-1").flags("GuestField"), completed(0, pseudo))
                .test(Meta.valid(id + "guest-correct-checksum-in-field", "the guest already wrote the right checksum: it leaves unchanged", "CSUM-1")
                        .flags("GuestField"), completed(0, Inet.withL4Checksum(tcp)));
        byte[] smallUdp = Inet.ether(PEER, A, null, Inet.IPV4, Inet.V4.of(0x401).header(UDP, Inet.udp(40000, 53, Inet.payload(4, 9))));
        byte[] paddedUdp = Inet.cat(smallUdp, filled(60 - smallUdp.length, 0x5A));
        byte[] ack = Inet.ether(PEER, A, null, Inet.IPV4, Inet.V4.of(0x402).header(TCP, Inet.Tcp.of(9).segment(new byte[0])));
        byte[] paddedAck = Inet.cat(ack, filled(60 - ack.length, 0xA5));
        g.test(Meta.valid(id + "udp-padding-untouched", "a 46-byte UDP datagram in a 60-byte frame, padded with 0x5a: the checksum covers the "
                        + "datagram only and the padding leaves as it was", "CSUM-1", "OFF-3").flags("Padding"), completed(0, paddedUdp))
                .test(Meta.valid(id + "tcp-padding-untouched", "a 54-byte TCP acknowledgment padded to 60 bytes with 0xa5: the checksum covers the "
                        + "40-byte datagram only", "CSUM-1", "OFF-3").flags("Padding"), completed(0, paddedAck))
                .test(Meta.valid(id + "field-in-second-slot", "the first slot holds 30 bytes, so the TCP checksum field lies in the data slot: it is "
                                + "computed all the same", "CSUM-1", "DESC-2").flags("ParsedLayers"),
                        t -> {
                            OffloadBench.Packet packet = t.packet(0, tcp, 30, CSUM_BLANK, 0, 0);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, Inet.withL4Checksum(tcp)));
                        })
                .test(Meta.valid(id + "large-frame-five-slots", "a 16000-byte UDP datagram over IPv6 with csum_blank, its 62 header bytes in the "
                                + "first slot and its data in four slots of the fill pattern: the checksum covers every slot's bytes", "CSUM-1", "DESC-2")
                                .flags("ParsedLayers"),
                        t -> {
                            byte[] zeros = frame(PEER, A, null, Inet.Net.IPV6, UDP, 16000 - 62, 61);
                            OffloadBench.Packet packet = t.patterned(0, Arrays.copyOf(zeros, 62), 16000 - 62, CSUM_BLANK, 0, 0);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, Inet.withL4Checksum(packet.frame())));
                        })
                .test(Meta.valid(id + "csum-blank-and-data-validated", "csum_blank and data_validated together: the checksum is computed, "
                        + "data_validated changes nothing", "CSUM-4", "CSUM-1"), leaves(0, tcp, CSUM_BLANK | DATA_VALIDATED, Inet.withL4Checksum(tcp)))
                .test(Meta.valid(id + "data-validated-alone-wrong-checksum", "data_validated without csum_blank on a segment whose field holds "
                        + "0xbeef: it leaves exactly as queued, the device neither checks nor trusts the claim", "CSUM-4"),
                        leaves(0, Inet.withL4Field(tcp, 0xBEEF), DATA_VALIDATED, Inet.withL4Field(tcp, 0xBEEF)))
                .test(Meta.valid(id + "no-flag-wrong-checksum", "no checksum flag on a segment whose field holds 0xbeef: it leaves exactly as queued",
                        "CSUM-4", "TX-1"), leaves(0, Inet.withL4Field(tcp, 0xBEEF), 0, Inet.withL4Field(tcp, 0xBEEF)))
                .test(Meta.valid(id + "no-flag-udp-zero-field", "no checksum flag on a UDP datagram with field 0: it leaves with 0, \"no checksum\"",
                        "CSUM-4"), leaves(0, frame(PEER, A, null, Inet.Net.IPV4, UDP, 20, 62), 0, frame(PEER, A, null, Inet.Net.IPV4, UDP, 20, 62)))
                .test(Meta.valid(id + "access-tag-inserted", "Access(30) context 2 sends an untagged TCP segment with csum_blank: it leaves with "
                                + "the tag inserted and the checksum computed; TX_BYTES counts 4 more bytes", "CSUM-1", "TXF-4").flags("Policy"),
                        t -> {
                            byte[] sent = frame(PEER, C, null, Inet.Net.IPV4, TCP, 40, 63);
                            OffloadBench.Packet packet = t.packet(2, sent, CSUM_BLANK);
                            t.publish(2, packet);
                            t.kick(2, nothing().sends(2, packet, Bench.withTag(Inet.withL4Checksum(sent), 30)));
                        })
                .test(Meta.invalid(id + "spoofed-source-dropped", "a csum_blank segment that parses but carries another source MAC: chapter 07 "
                                + "drops it, TX_DROP_SPOOF", error("packet"), "TXF-2", "CSUM-1").flags("Policy"),
                        t -> {
                            OffloadBench.Packet packet = t.packet(0, frame(PEER, D, null, Inet.Net.IPV4, TCP, 40, 64), CSUM_BLANK);
                            t.publish(0, packet);
                            t.kick(0, nothing().drops(0, packet, Counter.TX_DROP_SPOOF));
                        });

        byte[] udp = frame(PEER, A, null, Inet.Net.IPV4, UDP, 20, 70);
        Object[][] broken = {
            {"local-ethertype", "EtherType 0x88b5", Inet.ether(PEER, A, null, 0x88B5, Inet.payload(46, 1))},
            {"arp", "an ARP request (EtherType 0x0806)", Inet.ether(PEER, A, null, 0x0806, Inet.payload(28, 2))},
            {"two-8021q-tags", "two 802.1Q tags (0x8100 inside 0x8100)", doubleTag(udp, 0x8100)},
            {"service-tag", "an 802.1ad service tag (0x88a8) before the 802.1Q tag", serviceTag(udp)},
            {"ipv4-more-fragments", "an IPv4 first fragment (MF set)", ipv4With(udp, 0x2000)},
            {"ipv4-fragment-offset", "an IPv4 fragment at offset 185 (8-byte units)", ipv4With(udp, 185)},
            {"ipv4-ihl-4", "an IPv4 header with IHL 4", setByte(udp, 14, 0x44)},
            {"ipv4-version-6", "EtherType 0x0800 with version 6 in the header", setByte(udp, 14, 0x65)},
            {"ipv4-total-length-beyond-frame", "IPv4 total length 4 bytes beyond the frame", add16(udp, 16, 4)},
            {"ipv4-total-length-below-ihl", "IPv4 total length 19, below the header", set16(udp, 16, 19)},
            {"ipv4-icmp", "IPv4 protocol 1 (ICMP)", setByte(udp, 23, 1)},
            {"ipv4-truncated-header", "a frame of 30 bytes with EtherType 0x0800: no room for the IPv4 header", Arrays.copyOf(udp, 30)},
            {"ipv6-fragment-header", "IPv6 with a fragment header before UDP", Inet.ether(PEER, A, null, Inet.IPV6, Inet.ipv6(Inet.FRAGMENT,
                    Inet.cat(Inet.fragment6(UDP), Inet.udp(40000, 53, Inet.payload(20, 3)))))},
            {"ipv6-routing-segments-left-1", "IPv6 with a routing header whose segments left is 1: the final address is unknown",
                Inet.ether(PEER, A, null, Inet.IPV6, Inet.ipv6(Inet.ROUTING, Inet.cat(Inet.extension(Inet.ROUTING, UDP, 0, 1), Inet.udp(40000, 53,
                        Inet.payload(20, 4)))))},
            {"ipv6-hop-by-hop-not-first", "IPv6 with destination options, then a hop-by-hop header", Inet.ether(PEER, A, null, Inet.IPV6,
                    Inet.ipv6(Inet.DESTINATION_OPTIONS, Inet.cat(Inet.extension(Inet.DESTINATION_OPTIONS, Inet.HOP_BY_HOP, 0, 0),
                            Inet.extension(Inet.HOP_BY_HOP, UDP, 0, 0), Inet.udp(40000, 53, Inet.payload(20, 5)))))},
            {"ipv6-authentication-header", "IPv6 next header 51 (AH)", Inet.ether(PEER, A, null, Inet.IPV6, Inet.ipv6(51,
                    Inet.cat(Inet.extension(Inet.DESTINATION_OPTIONS, UDP, 1, 0), Inet.udp(40000, 53, Inet.payload(20, 6)))))},
            {"ipv6-jumbogram", "IPv6 payload length 0 (a jumbogram)", set16(frame(PEER, A, null, Inet.Net.IPV6, UDP, 20, 71), 18, 0)},
            {"ipv6-payload-beyond-frame", "IPv6 payload length 1 byte beyond the frame", add16(frame(PEER, A, null, Inet.Net.IPV6, UDP, 20, 72), 18, 1)},
            {"ipv6-extension-beyond-datagram", "IPv6 hop-by-hop header whose length runs past the datagram", setByte(frame(PEER, A, null,
                    Inet.Net.IPV6_HOP_BY_HOP, UDP, 4, 73), 55, 4)},
            {"udp-length-mismatch", "a UDP length field 1 short of the datagram", add16(udp, 38, -1)},
            {"tcp-data-offset-4", "a TCP data offset of 4 words", setByte(frame(PEER, A, null, Inet.Net.IPV4, TCP, 40, 74), 46, 0x40)},
            {"tcp-data-offset-beyond-datagram", "a TCP data offset of 15 words in a 30-byte segment", setByte(frame(PEER, A, null, Inet.Net.IPV4,
                    TCP, 10, 75), 46, 0xF0)},
            {"tcp-shorter-than-header", "IPv4 carrying 12 bytes of protocol 6", Inet.ether(PEER, A, null, Inet.IPV4, Inet.V4.of(0x500).header(TCP,
                    Inet.payload(12, 7)))},
            {"tagged-frame-17-bytes", "a 17-byte frame with EtherType 0x8100: no room for the tag", Arrays.copyOf(Bench.withTag(udp, 10), 17)},
        };
        for (Object[] c : broken) {
            int ctx = ((String) c[0]).startsWith("service") || ((String) c[0]).startsWith("two-") || ((String) c[0]).startsWith("tagged") ? 1 : 0;
            g.test(Meta.invalid(id + "unparsed-" + c[0], (ctx == 1 ? "Trunk context 1 sends " : "context 0 sends ") + c[1] + " with csum_blank: "
                            + "a per-packet error, ERROR and TX_ERRORS, nothing sent", error("packet"), "CSUM-3", "OFF-3").flags("Unparsed"),
                    unparsed(ctx, (byte[]) c[2]));
        }
        g.test(Meta.invalid(id + "unparsed-judged-before-vlan-check", "untagged context 0 sends a double-tagged UDP frame with csum_blank: ERROR "
                                + "(CSUM-3), not TX_DROP_VLAN, since the parse comes before chapter 07", error("packet"), "CSUM-3", "TXF-1", "TXF-3")
                                .flags("Unparsed", "Policy"),
                        unparsed(0, doubleTag(udp, 0x8100)))
                .test(Meta.invalid(id + "unparsed-judged-before-spoof-check", "context 0 sends an IPv4 fragment from another source MAC with "
                                + "csum_blank: ERROR (CSUM-3), not TX_DROP_SPOOF", error("packet"), "CSUM-3", "TXF-1", "TXF-2").flags("Unparsed", "Policy"),
                        unparsed(0, ipv4With(frame(PEER, D, null, Inet.Net.IPV4, UDP, 20, 76), 0x2000)))
                .test(Meta.invalid(id + "error-between-valid-packets", "three csum_blank packets in one kick, the middle one an IPv4 fragment: the "
                                + "first and last leave with their checksums computed, the middle one alone is answered ERROR", error("packet"), "CSUM-3",
                                "CSUM-1", "DESC-11", "TX-3").flags("Unparsed"),
                        t -> {
                            byte[] first = frame(PEER, A, null, Inet.Net.IPV4, TCP, 40, 77);
                            byte[] last = frame(PEER, A, null, Inet.Net.IPV6, UDP, 40, 78);
                            OffloadBench.Packet one = t.packet(0, first, CSUM_BLANK);
                            OffloadBench.Packet two = t.packet(0, ipv4With(udp, 0x2000), CSUM_BLANK);
                            OffloadBench.Packet three = t.packet(0, last, CSUM_BLANK);
                            t.publish(0, one, two, three);
                            t.kick(0, nothing().sends(0, one, Inet.withL4Checksum(first)).errors(0, two).sends(0, three, Inet.withL4Checksum(last)));
                        })
                .test(Meta.valid(id + "high-flag-bits-ignored", "flags 0xfff3 (csum_blank, data_validated and bits 4 to 15) on a TCP segment: the "
                                + "checksum is computed and the other bits change nothing", "CSUM-1", "CSUM-4", "TX-1"),
                        leaves(0, tcp, 0xFFF3, Inet.withL4Checksum(tcp)))
                .test(Meta.invalid(id + "unparsed-high-flag-bits", "flags 0xfff3 on a 60-byte frame of EtherType 0x88b5, as in "
                                + "descriptor.tx-validation.checksum-and-high-flag-bits-ignored: on a device that claims checksum it is a per-packet "
                                + "error", error("packet"), "CSUM-3").flags("Unparsed"),
                        t -> {
                            byte[] local = Inet.ether(PEER, A, null, 0x88B5, Inet.payload(46, 8));
                            OffloadBench.Packet packet = t.packet(0, local, 0xFFF3);
                            t.publish(0, packet);
                            t.kick(0, nothing().errors(0, packet));
                        })
                .test(Meta.valid(id + "unparsed-without-csum-blank-leaves", "the IPv4 fragment without csum_blank leaves exactly as queued",
                        "CSUM-4", "TX-1"), leaves(0, ipv4With(udp, 0x2000), 0, ipv4With(udp, 0x2000)))
                .done();

        String without = "the reference model claiming every profile but checksum, tso and lro (OFF-1): ";
        file.group(without + TX_BENCH, () -> txBench(ReferenceClaiming.without(Profile.CHECKSUM)))
                .test(Meta.valid(id + "csum-blank-ignored-not-offered", "a device without checksum ignores csum_blank: the TCP segment leaves "
                                + "with its field 0, as queued", "CSUM-4", "TX-1").flags(VectorRunner.WITHOUT_CHECKSUM),
                        leaves(0, tcp, CSUM_BLANK, tcp))
                .test(Meta.valid(id + "csum-blank-unparsed-ignored-not-offered", "a device without checksum ignores csum_blank on a frame it could "
                                + "not parse: the IPv4 fragment leaves as queued", "TX-1").flags(VectorRunner.WITHOUT_CHECKSUM),
                        leaves(0, ipv4With(udp, 0x2000), CSUM_BLANK, ipv4With(udp, 0x2000)))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** {@code frame} (untagged, IPv4 at 14) with the pseudo-header's ones' complement sum in its L4 checksum field, as Linux leaves it. */
    private static byte[] pseudoSum(byte[] frame) {
        Inet.Parsed p = Inet.parse(frame);
        byte[] zeroData = frame.clone();
        // the pseudo-header sum is the sum of everything with the L4 bytes read as zero
        Arrays.fill(zeroData, p.l4(), p.end(), (byte) 0);
        int pseudo = ~Inet.l4Checksum(zeroData, p) & 0xFFFF;
        return Inet.withL4Field(frame, pseudo);
    }

    /** {@code frame} (untagged) with two tags: {@code outer} VID 10, then 0x8100 VID 20. */
    private static byte[] doubleTag(byte[] frame, int outer) {
        byte[] inner = Bench.withTag(frame, 20);
        byte[] both = Bench.withTag(inner, 10);
        Inet.put16(both, 12, outer);
        return both;
    }

    /** {@code frame} (untagged) behind an 802.1ad service tag (VID 10) and an 802.1Q tag (VID 20). */
    private static byte[] serviceTag(byte[] frame) {
        return doubleTag(frame, Inet.S_TAG);
    }

    /** {@code frame} (IPv4 at 14) with flags and fragment offset {@code field} and its IPv4 header checksum made right again. */
    private static byte[] ipv4With(byte[] frame, int field) {
        byte[] f = set16(frame, 20, field);
        Inet.put16(f, 24, 0);
        Inet.put16(f, 24, Inet.ipv4HeaderChecksum(f, 14));
        return f;
    }

    private static byte[] setByte(byte[] frame, int at, int value) {
        byte[] f = frame.clone();
        f[at] = (byte) value;
        return f;
    }

    private static byte[] set16(byte[] frame, int at, int value) {
        byte[] f = frame.clone();
        Inet.put16(f, at, value);
        return f;
    }

    private static byte[] add16(byte[] frame, int at, int delta) {
        return set16(frame, at, Inet.be16(frame, at) + delta);
    }

    // ------------------------------------------------------------------ offload/checksum-rx.yaml

    private static final String RX_BENCH = "context 0 untagged (02:00:00:00:00:01), context 1 Trunk(10) (02:00:00:00:00:02) and context 2 "
            + "Access(20) (02:00:00:00:00:03), each with rxChecksum on; context 3 untagged (02:00:00:00:00:04) with its offloads off; four RX "
            + "buffers each (pages 100 + 10 x id + k, filled with 0xee); rings on pages 1 to 8. Frames come from the wire station "
            + "02:00:00:00:00:99";

    private static OffloadBench rxBench() {
        OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 4, A), Bench.member(1, trunk(10), 4, B),
                Bench.member(2, access(20), 4, C), Bench.member(3, UNTAGGED, 4, D)));
        for (int ctx = 0; ctx < 3; ctx++) {
            t.offloads(ctx, new Offloads(true, 0));
        }
        return t;
    }

    /** {@code frame} from the wire to {@code ctx}, delivered as {@code delivered}, marked exactly when {@link Inet#verifies} says. */
    private static Consumer<OffloadBench> arrives(int ctx, byte[] frame, byte[] delivered, boolean marked) {
        require(marked == (ctx != 3 && Inet.verifies(delivered)), "the test's flag is CSUM-5's: marked exactly when the delivered frame verifies");
        return t -> t.wire(frame, nothing().delivers(ctx, delivered, marked));
    }

    private static Consumer<OffloadBench> arrives(int ctx, byte[] frame, boolean marked) {
        return arrives(ctx, frame, frame, marked);
    }

    private static VectorBundle.Entry rx() {
        String id = CHAPTER + ".checksum-rx.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "checksum-rx",
                "RX checksum offload (chapter 11, section 5.2): for a guest that enabled rxChecksum, a delivered frame's first response carries "
                        + "NETRXF_data_validated (0x1) exactly when the frame, as written to the guest, parses, its IPv4 header checksum verifies "
                        + "and its TCP or UDP checksum verifies, a UDP checksum of zero never verifying; NETRXF_csum_blank is never set (CSUM-5). "
                        + "Every frame is delivered whether or not it verifies, and a guest without rxChecksum gets no NETRXF_data_validated "
                        + "(CSUM-6). The same holds for frames switched from another context.");
        file.note("Verified", "BASIC", "a frame whose checksums verify (CSUM-5)", "a guest's stack checks again what the device said it checked, "
                + "or trusts a flag on a frame the device did not check");
        file.note("NotVerified", "EDGE_CASE", "a frame whose checksums do not verify, or that section 3 does not parse (CSUM-5, CSUM-6)",
                "a corrupted frame reaches the guest marked as verified, or is dropped instead of delivered");
        file.note("OnesComplementZero", "EDGE_CASE", "a UDP checksum field of 0, or 0xffff where 0x0000 was due (CSUM-5)", "devices disagree on "
                + "\"no checksum\" and on the two zeros of ones' complement");
        file.note("Padding", "EDGE_CASE", "bytes after the datagram's end (Ethernet padding), which no checksum covers (OFF-3)",
                "a padded frame is marked wrongly");
        file.note("Switched", "BASIC", "a frame switched from another context in VEB (chapter 08)", "a guest can tell a neighbour's frame from the "
                + "wire's by its flags");

        FileBuilder.GroupBuilder<OffloadBench> g = file.group(RX_BENCH, ChecksumVectors::rxBench).requiring(CHECKSUM);
        for (Inet.Net net : Inet.Net.values()) {
            for (int proto : new int[] {TCP, UDP}) {
                byte[] frame = Inet.withL4Checksum(frame(A, PEER, null, net, proto, 40, 100 + net.ordinal() * 2 + proto));
                g.test(Meta.valid(id + name(proto) + "-" + net.id() + "-verified", name(proto).toUpperCase(java.util.Locale.ROOT) + " over " + net.text
                        + " whose checksums verify: delivered to context 0 with NETRXF_data_validated", "CSUM-5", "OFF-3").flags("Verified"),
                        arrives(0, frame, true));
            }
        }
        byte[] tcp = tcpTo(A, Inet.Net.IPV4, 40, 130);
        byte[] udp = Inet.withL4Checksum(frame(A, PEER, null, Inet.Net.IPV4, UDP, 20, 131));
        byte[] udp6 = Inet.withL4Checksum(frame(A, PEER, null, Inet.Net.IPV6, UDP, 20, 132));
        byte[] tagged = Inet.withL4Checksum(frame(B, PEER, 10, Inet.Net.IPV6, TCP, 40, 133));
        byte[] access = tcpTo(C, Inet.Net.IPV4, 40, 134);
        g.test(Meta.valid(id + "tagged-trunk-verified", "TCP over IPv6 behind an 802.1Q tag (VID 10) to Trunk context 1, delivered tagged: the "
                        + "parse skips the tag, the frame is marked", "CSUM-5", "OFF-3").flags("Verified"), arrives(1, tagged, true))
                .test(Meta.valid(id + "tagged-access-stripped-verified", "TCP over IPv4 tagged VID 20 to Access context 2, delivered without its tag "
                        + "(DEMUX-10) and marked: verified in the form written to the guest", "CSUM-5", "DEMUX-10").flags("Verified"),
                        arrives(2, Bench.withTag(access, 20), access, true))
                .test(Meta.valid(id + "tcp-bad-checksum-delivered-unmarked", "a TCP segment whose checksum field is one off: delivered all the same, "
                                + "without NETRXF_data_validated", "CSUM-6", "CSUM-5").flags("NotVerified"),
                        arrives(0, Inet.withL4Field(tcp, Inet.l4Field(tcp) ^ 1), false))
                .test(Meta.valid(id + "udp-bad-checksum-delivered-unmarked", "a UDP datagram over IPv6 whose payload has one bit flipped: delivered "
                                + "unmarked", "CSUM-6", "CSUM-5").flags("NotVerified"),
                        arrives(0, setByte(udp6, udp6.length - 1, udp6[udp6.length - 1] ^ 0x10), false))
                .test(Meta.valid(id + "ipv4-header-checksum-wrong-unmarked", "TCP over IPv4 with a correct TCP checksum but a wrong IPv4 header "
                        + "checksum: delivered unmarked", "CSUM-5", "CSUM-6").flags("NotVerified"), arrives(0, add16(tcp, 24, 1), false))
                .test(Meta.valid(id + "udp-zero-ipv4-unmarked", "UDP over IPv4 with checksum field 0 (\"no checksum\"): delivered, never marked",
                        "CSUM-5", "CSUM-6").flags("OnesComplementZero"), arrives(0, Inet.withL4Field(udp, 0), false))
                .test(Meta.valid(id + "udp-zero-ipv6-unmarked", "UDP over IPv6 with checksum field 0, which RFC 8200 forbids: delivered, never marked",
                        "CSUM-5", "CSUM-6").flags("OnesComplementZero"), arrives(0, Inet.withL4Field(udp6, 0), false))
                .test(Meta.valid(id + "udp-ffff-for-zero-verified", "a UDP datagram whose checksum computes to 0, sent as 0xffff: marked", "CSUM-5",
                        "CSUM-2").flags("OnesComplementZero"), arrives(0, Inet.withL4Checksum(udpZero(A, PEER, Inet.Net.IPV4)), true))
                .test(Meta.valid(id + "tcp-ffff-for-zero-verified", "a TCP segment whose checksum computes to 0 but carries 0xffff, the other zero: "
                        + "marked", "CSUM-5").flags("OnesComplementZero"), arrives(0, Inet.withL4Field(tcpZero(A, PEER), 0xFFFF), true))
                .test(Meta.valid(id + "tcp-zero-field-verified", "a TCP segment whose checksum is 0x0000 and says so: marked", "CSUM-5")
                        .flags("OnesComplementZero"), arrives(0, Inet.withL4Checksum(tcpZero(A, PEER)), true))
                .test(Meta.valid(id + "padded-udp-verified", "a 46-byte UDP datagram padded to 60 bytes with 0x5a: the padding is not summed, "
                                + "the frame is marked", "CSUM-5", "OFF-3").flags("Padding", "Verified"),
                        arrives(0, Inet.cat(Inet.withL4Checksum(Inet.ether(A, PEER, null, Inet.IPV4, Inet.V4.of(0x601).header(UDP,
                                Inet.udp(40000, 53, Inet.payload(4, 9))))), filled(14, 0x5A)), true))
                .test(Meta.valid(id + "non-ip-unmarked", "a frame with EtherType 0x88b5: delivered unmarked", "CSUM-5", "OFF-3").flags("NotVerified"),
                        arrives(0, Inet.ether(A, PEER, null, 0x88B5, Inet.payload(46, 3)), false))
                .test(Meta.valid(id + "ipv4-fragment-unmarked", "an IPv4 first fragment (MF set) whose UDP checksum would verify: not parsed, "
                        + "delivered unmarked", "CSUM-5", "OFF-3").flags("NotVerified"), arrives(0, ipv4With(udp, 0x2000), false))
                .test(Meta.valid(id + "ipv6-fragment-header-unmarked", "IPv6 with a fragment header: not parsed, delivered unmarked", "CSUM-5",
                        "OFF-3").flags("NotVerified"),
                        arrives(0, Inet.ether(A, PEER, null, Inet.IPV6, Inet.ipv6(Inet.FRAGMENT, Inet.cat(Inet.fragment6(UDP), Inet.udp(40000, 53,
                                Inet.payload(20, 3))))), false))
                .test(Meta.valid(id + "ipv6-routing-segments-left-unmarked", "IPv6 with a routing header whose segments left is 2: not parsed, "
                                + "delivered unmarked", "CSUM-5", "OFF-3").flags("NotVerified"),
                        arrives(0, Inet.ether(A, PEER, null, Inet.IPV6, Inet.ipv6(Inet.ROUTING, Inet.cat(Inet.extension(Inet.ROUTING, TCP, 0, 2),
                                Inet.Tcp.of(5).segment(Inet.payload(20, 4))))), false))
                .test(Meta.valid(id + "large-frame-flag-on-first-slot", "a 6000-byte TCP segment that verifies takes two buffers: "
                                + "NETRXF_data_validated on the first slot only, with NETRXF_more_data", "CSUM-5", "RX-2").flags("Verified"),
                        arrives(0, tcpTo(A, Inet.Net.IPV4, 6000 - 54, 135), true))
                .test(Meta.valid(id + "rx-checksum-off-unmarked", "a TCP segment that verifies, to context 3, which did not enable rxChecksum: "
                        + "delivered without NETRXF_data_validated", "CSUM-6").flags("Verified"), arrives(3, tcpTo(D, Inet.Net.IPV4, 40, 136), false))
                .test(Meta.valid(id + "rx-checksum-turned-off", "context 0's guest turns rxChecksum off: its next frame that verifies arrives "
                                + "unmarked", "CSUM-6", "OFF-1").flags("Verified"),
                        t -> {
                            t.control(io.netchannel.api.Caller.guest(0), new io.netchannel.api.ControlRequest.SetGuestConfig(0,
                                    io.netchannel.api.GuestConfig.DEFAULT), "Ok", nothing());
                            t.wire(tcp, nothing().delivers(0, tcp, false));
                        })
                .done();

        file.group("contexts 0 and 1 untagged (02:00:00:00:00:01, 02:00:00:00:00:02), context 1 with four RX buffers (pages 110 to 113) and "
                                + "rxChecksum on; rings on pages 1 to 4; then the host sets VEB",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 0, A), Bench.member(1, UNTAGGED, 4, B))
                                    .in(SwitchMode.VEB));
                            t.offloads(1, new Offloads(true, 0));
                            return t;
                        })
                .requiring(CHECKSUM)
                .test(Meta.valid(id + "switched-csum-blank-verified", "context 0 sends a TCP segment to context 1 with csum_blank: it is switched "
                                + "with its checksum computed and arrives marked", "CSUM-5", "CSUM-1", "CTX-6").flags("Switched", "Verified"),
                        t -> {
                            byte[] sent = frame(B, A, null, Inet.Net.IPV4, TCP, 40, 140);
                            byte[] done = Inet.withL4Checksum(sent);
                            OffloadBench.Packet packet = t.packet(0, sent, CSUM_BLANK);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, false, List.of(done)).delivers(1, done, true));
                        })
                .test(Meta.valid(id + "switched-wrong-checksum-unmarked", "context 0 sends a UDP datagram to context 1 with a wrong checksum and "
                                + "no flag: switched as queued and delivered unmarked", "CSUM-6", "CSUM-4", "CTX-6").flags("Switched", "NotVerified"),
                        t -> {
                            byte[] sent = Inet.withL4Field(frame(B, A, null, Inet.Net.IPV6, UDP, 40, 141), 0x1234);
                            OffloadBench.Packet packet = t.packet(0, sent, 0);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, false, List.of(sent)).delivers(1, sent, false));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
