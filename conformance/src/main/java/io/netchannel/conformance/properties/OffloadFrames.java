package io.netchannel.conformance.properties;

import io.netchannel.api.MacAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Frames for chapter 11: TCP and UDP over IPv4 (with and without options) and IPv6 (with the
 * extension headers section 3 walks), with and without one 802.1Q tag, trailing bytes, any
 * checksum field; the near misses the parse must refuse; TCP super-frames for TSO and segment
 * trains for LRO. Every frame is written field by field from a {@link Shape}; nothing here parses,
 * so the oracle and the frames stay independent.
 */
public final class OffloadFrames {

    private OffloadFrames() {
    }

    /** IPv4 addresses of the frames. */
    public static final byte[] SRC4 = {(byte) 192, 0, 2, 1};
    public static final byte[] DST4 = {(byte) 198, 51, 100, 7};
    /** IPv6 addresses of the frames. */
    public static final byte[] SRC6 = Frames.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    public static final byte[] DST6 = Frames.v6(0x2001, 0xdb8, 0xaa, 0, 0, 0, 0xbeef, 2);

    /** How a frame is built. A near miss is a well-built frame with one defect written over it. */
    public enum Defect {
        /** None: the frame parses. */
        NONE,
        /** A second 802.1Q tag (QinQ with 0x8100 inside). */
        DOUBLE_TAG,
        /** An 802.1ad service tag instead of 0x8100. */
        SERVICE_TAG,
        /** An EtherType that is neither IPv4 nor IPv6 (ARP). */
        OTHER_ETHERTYPE,
        /** IPv4 with MF set. */
        MORE_FRAGMENTS,
        /** IPv4 with a fragment offset. */
        FRAGMENT_OFFSET,
        /** IPv4 IHL below 5. */
        SHORT_IHL,
        /** IPv4 total length past the frame's end. */
        TOTAL_TOO_LONG,
        /** IP version nibble other than the EtherType's. */
        WRONG_VERSION,
        /** IPv6 payload length past the frame's end. */
        PAYLOAD_TOO_LONG,
        /** IPv6 hop-by-hop header after another extension header. */
        LATE_HOP_BY_HOP,
        /** IPv6 routing header with segments left 3. */
        ROUTING_SEGMENTS_LEFT,
        /** IPv6 fragment header (44) before the L4 header. */
        FRAGMENT_HEADER,
        /** IPv6 AH (51) before the L4 header. */
        AUTH_HEADER,
        /** An L4 protocol that is neither TCP nor UDP (ICMP). */
        OTHER_PROTOCOL,
        /** UDP length field that differs from the datagram's L4 length. */
        UDP_LENGTH,
        /** TCP data offset below 5. */
        SHORT_TCP_HEADER,
        /** TCP data offset beyond the datagram. */
        LONG_TCP_HEADER,
        /** The frame cut inside its IP header. */
        TRUNCATED
    }

    /**
     * One frame as its fields say.
     *
     * @param vid 0 for untagged, else the 802.1Q tag's VID
     * @param version 4 or 6
     * @param ipOptionWords IPv4 option words (0 to 10)
     * @param extensions IPv6 extension headers before L4, as types (0, 43, 60), each 8 bytes × (units + 1)
     * @param units the extension headers' length field
     * @param proto 6 or 17
     * @param tcpOptionWords TCP option words (0 to 10)
     * @param tcpFlags the TCP flags byte
     * @param seq the TCP sequence number
     * @param ipId the IPv4 identification
     * @param payload L4 payload length
     * @param trailing bytes after the datagram (Ethernet padding)
     * @param checksum what the checksum field holds as built (-1: the correct value)
     * @param seed the payload pattern and header filler
     * @param defect the defect written over it
     */
    public record Shape(int vid, int version, int ipOptionWords, List<Integer> extensions, int units, int proto, int tcpOptionWords,
            int tcpFlags, long seq, int ipId, int payload, int trailing, int checksum, int seed, Defect defect) {

        /** Copies the list. */
        public Shape {
            extensions = List.copyOf(extensions);
        }

        /** This shape with another payload length. */
        public Shape withPayload(int length) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, seq, ipId, length, trailing, checksum, seed,
                    defect);
        }

        /** This shape with another defect. */
        public Shape withDefect(Defect other) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, seq, ipId, payload, trailing, checksum, seed,
                    other);
        }

        /** This shape with other TCP flags. */
        public Shape withFlags(int flags) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, flags, seq, ipId, payload, trailing, checksum, seed,
                    defect);
        }

        /** This shape with another sequence number and IPv4 identification. */
        public Shape at(long sequence, int id) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, sequence & 0xFFFF_FFFFL, id & 0xFFFF,
                    payload, trailing, checksum, seed, defect);
        }

        /** This shape with no trailing bytes. */
        public Shape exact() {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, seq, ipId, payload, 0, checksum, seed,
                    defect);
        }

        /** This shape with the checksum field as built set to {@code value} (-1: correct). */
        public Shape withChecksum(int value) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, seq, ipId, payload, trailing, value, seed,
                    defect);
        }

        /** This shape with another payload pattern. */
        public Shape withSeed(int value) {
            return new Shape(vid, version, ipOptionWords, extensions, units, proto, tcpOptionWords, tcpFlags, seq, ipId, payload, trailing, checksum, value,
                    defect);
        }

        /** Bytes of headers from the frame's start to the TCP or UDP payload. */
        public int headerLength() {
            int l2 = vid == 0 ? 14 : 18;
            int l3 = version == 4 ? 20 + 4 * ipOptionWords : 40 + extensions.size() * 8 * (units + 1);
            int l4 = proto == OffloadOracle.TCP ? 20 + 4 * tcpOptionWords : 8;
            return l2 + l3 + l4;
        }

        /** The frame's length. */
        public int length() {
            return headerLength() + payload + trailing;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            text.append(vid == 0 ? "untagged" : "VID " + vid).append(" IPv").append(version);
            if (version == 4 && ipOptionWords > 0) {
                text.append("+").append(ipOptionWords * 4).append("B options");
            }
            if (version == 6 && !extensions.isEmpty()) {
                text.append(" ext ").append(extensions).append("x").append(8 * (units + 1)).append("B");
            }
            text.append(proto == OffloadOracle.TCP ? " TCP" : " UDP");
            if (proto == OffloadOracle.TCP) {
                text.append(String.format(" flags 0x%02x seq %d", tcpFlags, seq));
                if (tcpOptionWords > 0) {
                    text.append(" +").append(tcpOptionWords * 4).append("B options");
                }
            }
            if (version == 4) {
                text.append(" id ").append(ipId);
            }
            text.append(" payload ").append(payload);
            if (trailing > 0) {
                text.append(" +").append(trailing).append(" trailing");
            }
            text.append(checksum < 0 ? " checksum correct" : String.format(" checksum field 0x%04x", checksum));
            if (defect != Defect.NONE) {
                text.append(" defect ").append(defect);
            }
            return text.toString();
        }
    }

    /** The frame of {@code shape} from {@code source} to {@code destination}. */
    public static byte[] build(Shape s, MacAddress destination, MacAddress source) {
        byte[] f = new byte[s.length()];
        destination.write(f, 0);
        source.write(f, 6);
        int at = 12;
        if (s.vid() != 0) {
            OffloadOracle.put16(f, at, 0x8100);
            OffloadOracle.put16(f, at + 2, (s.seed() & 0x7) << 13 | s.vid());
            at += 4;
        }
        OffloadOracle.put16(f, at, s.version() == 4 ? 0x0800 : 0x86DD);
        int l3 = at + 2;
        int l4;
        int end = s.headerLength() + s.payload();
        if (s.version() == 4) {
            int ihl = 5 + s.ipOptionWords();
            f[l3] = (byte) (0x40 | ihl);
            f[l3 + 1] = (byte) (s.seed() & 0xFC); // DSCP, ECN 0
            OffloadOracle.put16(f, l3 + 2, end - l3);
            OffloadOracle.put16(f, l3 + 4, s.ipId());
            f[l3 + 6] = 0x40; // DF
            f[l3 + 8] = (byte) (32 + (s.seed() & 0x1F)); // TTL
            f[l3 + 9] = (byte) s.proto();
            System.arraycopy(SRC4, 0, f, l3 + 12, 4);
            System.arraycopy(DST4, 0, f, l3 + 16, 4);
            for (int k = 0; k < s.ipOptionWords() * 4; k++) {
                f[l3 + 20 + k] = 1; // NOP options
            }
            l4 = l3 + 4 * ihl;
        } else {
            f[l3] = 0x60;
            f[l3 + 1] = (byte) (s.seed() >>> 4 & 0x0F); // flow label bits
            f[l3 + 2] = (byte) (s.seed() * 31);
            f[l3 + 3] = (byte) (s.seed() * 17);
            OffloadOracle.put16(f, l3 + 4, end - l3 - 40);
            f[l3 + 6] = (byte) (s.extensions().isEmpty() ? s.proto() : s.extensions().get(0));
            f[l3 + 7] = (byte) (40 + (s.seed() & 0x1F)); // hop limit
            System.arraycopy(SRC6, 0, f, l3 + 8, 16);
            System.arraycopy(DST6, 0, f, l3 + 24, 16);
            int x = l3 + 40;
            for (int k = 0; k < s.extensions().size(); k++) {
                f[x] = (byte) (k + 1 < s.extensions().size() ? s.extensions().get(k + 1) : s.proto());
                f[x + 1] = (byte) s.units();
                if (s.extensions().get(k) == 43) {
                    f[x + 2] = 0; // routing type 0 ... segments left 0 (byte 3)
                    f[x + 3] = 0;
                } else {
                    f[x + 2] = 1; // PadN over the rest
                    f[x + 3] = (byte) (8 * (s.units() + 1) - 4);
                }
                x += 8 * (s.units() + 1);
            }
            l4 = x;
        }
        int payloadAt;
        if (s.proto() == OffloadOracle.TCP) {
            OffloadOracle.put16(f, l4, 40000 + (s.seed() & 0xFF));
            OffloadOracle.put16(f, l4 + 2, 80);
            OffloadOracle.put32(f, l4 + 4, s.seq());
            OffloadOracle.put32(f, l4 + 8, 0x1000_0000L + s.seed());
            f[l4 + 12] = (byte) ((5 + s.tcpOptionWords()) << 4);
            f[l4 + 13] = (byte) s.tcpFlags();
            OffloadOracle.put16(f, l4 + 14, 0x7210);
            for (int k = 0; k < s.tcpOptionWords(); k++) {
                int o = l4 + 20 + 4 * k;
                if (k == 0 && s.tcpOptionWords() >= 3) {
                    f[o] = 1;
                    f[o + 1] = 1;
                    f[o + 2] = 8; // timestamps, 10 bytes
                    f[o + 3] = 10;
                } else if (k == 1 && s.tcpOptionWords() >= 3) {
                    OffloadOracle.put32(f, o, 0x0102_0304L + s.seed());
                } else if (k == 2 && s.tcpOptionWords() >= 3) {
                    OffloadOracle.put32(f, o, 0x0A0B_0C0DL);
                } else {
                    f[o] = 1;
                    f[o + 1] = 1;
                    f[o + 2] = 1;
                    f[o + 3] = 1;
                }
            }
            payloadAt = l4 + 20 + 4 * s.tcpOptionWords();
        } else {
            OffloadOracle.put16(f, l4, 5000 + (s.seed() & 0xFF));
            OffloadOracle.put16(f, l4 + 2, 53);
            OffloadOracle.put16(f, l4 + 4, end - l4);
            payloadAt = l4 + 8;
        }
        for (int k = 0; k < s.payload(); k++) {
            f[payloadAt + k] = (byte) (s.seed() * 7 + k * 13 + (k >>> 8));
        }
        for (int k = end; k < f.length; k++) {
            f[k] = (byte) (0xA5 ^ k);
        }
        // checksums: the IPv4 header's always correct as built, the L4 field as the shape says
        if (s.version() == 4) {
            OffloadOracle.Parsed p = new OffloadOracle.Parsed(l3, 4, l4, end, s.proto(), s.proto() == OffloadOracle.TCP ? payloadAt - l4 : 0);
            OffloadOracle.put16(f, l3 + 10, OffloadOracle.ipv4HeaderChecksum(f, p));
        }
        OffloadOracle.Parsed p = new OffloadOracle.Parsed(l3, s.version(), l4, end, s.proto(), s.proto() == OffloadOracle.TCP ? payloadAt - l4 : 0);
        int field = s.checksum() < 0 ? OffloadOracle.l4Checksum(f, p) : s.checksum();
        OffloadOracle.put16(f, p.checksumAt(), field);
        return applyDefect(f, s, l3, l4);
    }

    private static byte[] applyDefect(byte[] f, Shape s, int l3, int l4) {
        switch (s.defect()) {
            case NONE -> {
                return f;
            }
            case DOUBLE_TAG -> {
                byte[] twice = Frames.tag(f, 0x8100, 7);
                return s.vid() != 0 ? twice : Frames.tag(twice, 0x8100, 8);
            }
            case SERVICE_TAG -> {
                if (s.vid() != 0) {
                    OffloadOracle.put16(f, 12, 0x88A8);
                    return f;
                }
                return Frames.tag(f, 0x88A8, 7);
            }
            case OTHER_ETHERTYPE -> OffloadOracle.put16(f, l3 - 2, 0x0806);
            case WRONG_VERSION -> f[l3] = (byte) ((s.version() == 4 ? 0x60 : 0x40) | (f[l3] & 0x0F));
            case TRUNCATED -> {
                return java.util.Arrays.copyOf(f, l3 + (s.version() == 4 ? 19 : 39) - (s.seed() & 7));
            }
            default -> {
                if (s.version() == 4) {
                    v4Defect(f, s, l3, l4);
                } else {
                    v6Defect(f, s, l3, l4);
                }
            }
        }
        return f;
    }

    private static void v4Defect(byte[] f, Shape s, int l3, int l4) {
        switch (s.defect()) {
            case MORE_FRAGMENTS -> f[l3 + 6] |= 0x20;
            case FRAGMENT_OFFSET -> OffloadOracle.put16(f, l3 + 6, 0x4000 | 1 + (s.seed() & 0xFF));
            case SHORT_IHL -> f[l3] = (byte) (0x40 | (s.seed() & 3) + 1);
            case TOTAL_TOO_LONG -> OffloadOracle.put16(f, l3 + 2, f.length - l3 + 1 + (s.seed() & 0x3F));
            default -> l4Defect(f, s, l4, l3 + 9);
        }
    }

    private static void v6Defect(byte[] f, Shape s, int l3, int l4) {
        switch (s.defect()) {
            case PAYLOAD_TOO_LONG -> OffloadOracle.put16(f, l3 + 4, f.length - l3 - 40 + 1 + (s.seed() & 0x3F));
            case LATE_HOP_BY_HOP, ROUTING_SEGMENTS_LEFT, FRAGMENT_HEADER, AUTH_HEADER -> {
                // rewrite the chain as two 8-byte headers: the first a destination-options header
                // (or a routing header with segments left), the second the defect
                int[] chain = switch (s.defect()) {
                    case LATE_HOP_BY_HOP -> new int[] {60, 0};
                    case ROUTING_SEGMENTS_LEFT -> new int[] {43, 60};
                    case FRAGMENT_HEADER -> new int[] {60, 44};
                    default -> new int[] {0, 51};
                };
                // the shape has two 8-byte destination-options headers here (nearMisses makes it so)
                int x = l3 + 40;
                f[l3 + 6] = (byte) chain[0];
                f[x] = (byte) chain[1];
                f[x + 1] = 0;
                f[x + 2] = 1;
                f[x + 3] = (byte) (chain[0] == 43 ? 3 : 4);
                if (chain[0] == 43) {
                    f[x + 2] = 0;
                }
                f[x + 8] = (byte) s.proto();
                f[x + 9] = 0;
                f[x + 10] = 1;
                f[x + 11] = 4;
            }
            default -> l4Defect(f, s, l4, l3 + 6);
        }
    }

    private static void l4Defect(byte[] f, Shape s, int l4, int protoAt) {
        switch (s.defect()) {
            case OTHER_PROTOCOL -> {
                if (s.version() == 6 && !s.extensions().isEmpty()) {
                    // the last extension header names the L4 protocol
                    f[l4 - 8 * (s.units() + 1)] = 1;
                    return;
                }
                f[protoAt] = (byte) (s.version() == 4 ? 1 : 58);
            }
            case UDP_LENGTH -> {
                if (s.proto() == OffloadOracle.UDP) {
                    OffloadOracle.put16(f, l4 + 4, OffloadOracle.be16(f, l4 + 4) + 1 + (s.seed() & 7));
                } else {
                    f[l4 + 12] = (byte) ((f[l4 + 12] & 0x0F) | ((s.seed() & 3) << 4)); // TCP: a data offset below 5 instead
                }
            }
            case SHORT_TCP_HEADER -> {
                if (s.proto() == OffloadOracle.TCP) {
                    f[l4 + 12] = (byte) ((f[l4 + 12] & 0x0F) | ((s.seed() & 3) << 4));
                } else {
                    OffloadOracle.put16(f, l4 + 4, 7 - (s.seed() & 7)); // UDP: a length below 8
                }
            }
            case LONG_TCP_HEADER -> {
                if (s.proto() == OffloadOracle.TCP) {
                    // a data offset past the datagram: the shape keeps the payload at most 30 bytes, so room/4 + 1 words overshoot
                    int end = s.headerLength() + s.payload();
                    int room = end - l4;
                    int words = Math.min(15, room / 4 + 1);
                    f[l4 + 12] = (byte) ((f[l4 + 12] & 0x0F) | (words << 4));
                } else {
                    OffloadOracle.put16(f, l4 + 4, OffloadOracle.be16(f, l4 + 4) - 1);
                }
            }
            default -> throw new IllegalStateException("no defect " + s.defect() + " for IPv" + s.version());
        }
    }

    // ------------------------------------------------------------------ arbitraries

    /** VIDs of tagged frames. */
    public static final List<Integer> VIDS = List.of(5, 100, 4094);

    /** IPv6 extension header chains section 3 walks. */
    private static Arbitrary<List<Integer>> chains() {
        return Arbitraries.of(List.of(), List.of(), List.of(0), List.of(60), List.of(43), List.of(0, 60), List.of(0, 43, 60), List.of(60, 43));
    }

    /** Sequence numbers, near the wrap now and then. */
    public static Arbitrary<Long> sequences() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(0, 0xFFFF_FFFFL)),
                Tuple.of(1, Arbitraries.longs().between(0xFFFF_FFFFL - 70_000, 0xFFFF_FFFFL)));
    }

    /** IPv4 identifications, near the wrap now and then. */
    public static Arbitrary<Integer> ids() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 0xFFFF)), Tuple.of(1, Arbitraries.integers().between(0xFFF0, 0xFFFF)));
    }

    /** TCP flag bytes: ACK-based mostly, every bit now and then. */
    public static Arbitrary<Integer> tcpFlags() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(OffloadOracle.ACK, OffloadOracle.ACK | OffloadOracle.PSH)),
                Tuple.of(3, Arbitraries.integers().between(0, 0xFF).map(b -> b | OffloadOracle.ACK)), Tuple.of(1, Arbitraries.integers().between(0, 0xFF)));
    }

    /** Payload lengths up to {@code max}, short ones and empties among them. */
    public static Arbitrary<Integer> payloads(int max) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(0, 1, 2, 3)), Tuple.of(4, Arbitraries.integers().between(0, Math.min(max, 1500))),
                Tuple.of(2, Arbitraries.integers().between(0, max)));
    }

    /**
     * Frames that parse: TCP or UDP, IPv4 or IPv6, options and extension headers, tagged or not,
     * trailing bytes now and then, the checksum field holding anything, payloads up to {@code maxPayload}.
     */
    public static Arbitrary<Shape> parseable(int maxPayload) {
        Arbitrary<Integer> vid = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(VIDS)));
        Arbitrary<Integer> version = Arbitraries.of(4, 6);
        Arbitrary<Integer> ipOptions = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 10)));
        Arbitrary<Integer> units = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 3)));
        Arbitrary<Integer> proto = Arbitraries.of(OffloadOracle.TCP, OffloadOracle.UDP);
        Arbitrary<Integer> tcpOptions = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(3)),
                Tuple.of(1, Arbitraries.integers().between(1, 10)));
        Arbitrary<Integer> trailing = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 40)));
        Arbitrary<Integer> checksum = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF)), Tuple.of(1, Arbitraries.of(0, 0xFFFF)),
                Tuple.of(1, Arbitraries.just(-1)));
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Tuple.Tuple8<Integer, Integer, Integer, List<Integer>, Integer, Integer, Integer, Integer>> first = Combinators.combine(vid, version,
                ipOptions, chains(), units, proto, tcpOptions, tcpFlags()).as(Tuple::of);
        Arbitrary<Tuple.Tuple6<Long, Integer, Integer, Integer, Integer, Integer>> second = Combinators.combine(sequences(), ids(), payloads(maxPayload),
                trailing, checksum, seed).as(Tuple::of);
        return Combinators.combine(first, second).as((a, b) -> new Shape(a.get1(), a.get2(), a.get2() == 4 ? a.get3() : 0, a.get2() == 6 ? a.get4() : List.of(),
                a.get5(), a.get6(), a.get7(), a.get8(), b.get1(), b.get2(), b.get3(), b.get4(), b.get5(), b.get6(), Defect.NONE));
    }

    /** {@link #parseable} with one defect that the parse of section 3 refuses. */
    public static Arbitrary<Shape> nearMisses(int maxPayload) {
        return Combinators.combine(parseable(maxPayload), Arbitraries.of(Defect.class).filter(d -> d != Defect.NONE)).as((shape, defect) -> {
            Shape s = shape;
            if (defect == Defect.LATE_HOP_BY_HOP || defect == Defect.ROUTING_SEGMENTS_LEFT || defect == Defect.FRAGMENT_HEADER
                    || defect == Defect.AUTH_HEADER || defect == Defect.PAYLOAD_TOO_LONG) {
                s = new Shape(s.vid(), 6, 0, List.of(60, 60), 0, s.proto(), s.tcpOptionWords(), s.tcpFlags(), s.seq(), s.ipId(), s.payload(), s.trailing(),
                        s.checksum(), s.seed(), defect);
            } else if (defect == Defect.MORE_FRAGMENTS || defect == Defect.FRAGMENT_OFFSET || defect == Defect.SHORT_IHL
                    || defect == Defect.TOTAL_TOO_LONG) {
                s = new Shape(s.vid(), 4, s.ipOptionWords(), List.of(), 0, s.proto(), s.tcpOptionWords(), s.tcpFlags(), s.seq(), s.ipId(), s.payload(),
                        s.trailing(), s.checksum(), s.seed(), defect);
            } else if (defect == Defect.LONG_TCP_HEADER) {
                s = new Shape(s.vid(), s.version(), s.ipOptionWords(), s.extensions(), s.units(), OffloadOracle.TCP, 0, s.tcpFlags(), s.seq(), s.ipId(),
                        Math.min(s.payload(), 30), 0, s.checksum(), s.seed(), defect);
            } else {
                s = s.withDefect(defect);
            }
            return s;
        });
    }

    /**
     * TCP super-frames for TSO that pass TSO-1: no trailing bytes, payload up to {@code maxPayload},
     * with an MSS drawn so that the frame leaves as 1 to many segments.
     */
    public static Arbitrary<Shape> superFrames(int maxPayload) {
        return parseable(maxPayload).map(s -> new Shape(s.vid(), s.version(), s.ipOptionWords(), s.extensions(), s.units(), OffloadOracle.TCP,
                s.tcpOptionWords(), s.tcpFlags(), s.seq(), s.ipId(), s.payload(), 0, s.checksum(), s.seed(), Defect.NONE))
                .filter(s -> s.length() <= OffloadOracle.MAX_FRAME);
    }

    /** Super-frames that LRO can merge back: IPv4 without options or IPv6 without extension headers, ACK or ACK+PSH, TCP options any. */
    public static Arbitrary<Shape> mergeable(int minPayload, int maxPayload) {
        Arbitrary<Integer> payload = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(minPayload, Math.min(maxPayload, 6000))),
                Tuple.of(1, Arbitraries.integers().between(minPayload, maxPayload)));
        return Combinators.combine(superFrames(10), Arbitraries.of(OffloadOracle.ACK, OffloadOracle.ACK | OffloadOracle.PSH), payload)
                .as((s, flags, length) -> new Shape(s.vid(), s.version(), 0, List.of(), 0, OffloadOracle.TCP, s.tcpOptionWords(), flags, s.seq(), s.ipId(),
                        length, 0, s.checksum(), s.seed(), Defect.NONE))
                .filter(s -> s.length() <= OffloadOracle.MAX_FRAME);
    }

    /** MSS values for {@code payload} bytes: from 1 to beyond the payload, the segment count kept at most {@code maxSegments}. */
    public static Arbitrary<Integer> mss(int payload, int maxSegments) {
        int least = Math.max(1, (payload + maxSegments - 1) / maxSegments);
        Arbitrary<Integer> spread = Arbitraries.integers().between(least, Math.max(least, payload + 100));
        Arbitrary<Integer> exact = Arbitraries.integers().between(1, maxSegments).map(k -> Math.max(least, Math.max(1, payload / k)));
        return Arbitraries.frequencyOf(Tuple.of(3, spread), Tuple.of(2, exact), Tuple.of(1, Arbitraries.of(1448, 1460, 536, 9000).filter(m -> m >= least)));
    }

    /** A list of {@code count} consecutive segments of one flow from {@code first}: sequence and ID advancing, payload {@code sizes}. */
    public static List<Shape> train(Shape first, List<Integer> sizes) {
        List<Shape> train = new ArrayList<>();
        long seq = first.seq();
        int id = first.ipId();
        for (int size : sizes) {
            train.add(first.withPayload(size).at(seq, id));
            seq += size;
            id++;
        }
        return train;
    }
}
