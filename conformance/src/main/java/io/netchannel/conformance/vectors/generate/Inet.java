package io.netchannel.conformance.vectors.generate;

import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generator's own reading of chapter 11, written from the spec's text and pseudo-code and
 * sharing no code with the model: frames built field by field, section 3's parse, RFC 1071 and
 * section 4's checksum, CSUM-5's verification, TSO's segments (section 6) and LRO's candidates,
 * merging and merged frame (section 7). The offload generators compute every checksum and segment
 * they expect with it and refuse to write a vector when the model disagrees, so a model bug cannot
 * become a vector.
 */
final class Inet {

    static final int IPV4 = 0x0800;
    static final int IPV6 = 0x86DD;
    static final int C_TAG = 0x8100;
    static final int S_TAG = 0x88A8;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int DESTINATION_OPTIONS = 60;

    /** TCP flag bits of byte 13. */
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int ECE = 0x40;
    static final int CWR = 0x80;

    private Inet() {
    }

    // ------------------------------------------------------------------ bytes

    static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    static long be32(byte[] b, int at) {
        return (long) be16(b, at) << 16 | be16(b, at + 2);
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static void put32(byte[] b, int at, long value) {
        put16(b, at, (int) (value >>> 16) & 0xFFFF);
        put16(b, at + 2, (int) value & 0xFFFF);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code length} bytes {@code seed + 7k}: neighbours differ, so a byte out of place shows. */
    static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (seed + 7 * k);
        }
        return bytes;
    }

    static byte[] address(String text) {
        return IpPrefix.parse(text + (text.contains(":") ? "/128" : "/32")).address();
    }

    // ------------------------------------------------------------------ RFC 1071

    /** The 16-bit ones' complement sum of {@code b[from..to)} added to {@code sum}, an odd last byte padded with zero. */
    static int sum(int sum, byte[] b, int from, int to) {
        long acc = sum;
        int k = from;
        for (; k + 1 < to; k += 2) {
            acc += be16(b, k);
        }
        if (k < to) {
            acc += (b[k] & 0xFF) << 8;
        }
        while (acc > 0xFFFF) {
            acc = (acc & 0xFFFF) + (acc >>> 16); // end-around carry
        }
        return (int) acc;
    }

    static int sum(byte[] b) {
        return sum(0, b, 0, b.length);
    }

    // ------------------------------------------------------------------ section 3: the parse

    /** What section 3's parse yields; {@code thl} is 0 for UDP. */
    record Parsed(int l3, int version, int l4, int end, int proto, int thl) {

        /** Where the L4 checksum lies (section 4). */
        int checksumAt() {
            return proto == TCP ? l4 + 16 : l4 + 6;
        }
    }

    /** Section 3's parse, line by line; null where it says FAIL. */
    static Parsed parse(byte[] f) {
        int length = f.length;
        if (length < 14) {
            return null;
        }
        int type = be16(f, 12);
        int l3 = 14;
        if (type == C_TAG) {
            if (length < 18) {
                return null;
            }
            type = be16(f, 16);
            l3 = 18;
        }
        int version;
        int proto;
        int l4;
        int end;
        if (type == IPV4) {
            if (length < l3 + 20 || (f[l3] & 0xFF) >> 4 != 4) {
                return null;
            }
            int ihl = 4 * (f[l3] & 0x0F);
            if (ihl < 20 || l3 + ihl > length) {
                return null;
            }
            int total = be16(f, l3 + 2);
            if (total < ihl || l3 + total > length) {
                return null;
            }
            if ((be16(f, l3 + 6) & 0x3FFF) != 0) {
                return null;
            }
            version = 4;
            proto = f[l3 + 9] & 0xFF;
            l4 = l3 + ihl;
            end = l3 + total;
        } else if (type == IPV6) {
            if (length < l3 + 40 || (f[l3] & 0xFF) >> 4 != 6) {
                return null;
            }
            end = l3 + 40 + be16(f, l3 + 4);
            if (end > length) {
                return null;
            }
            version = 6;
            proto = f[l3 + 6] & 0xFF;
            l4 = l3 + 40;
            boolean first = true;
            while (proto == HOP_BY_HOP || proto == ROUTING || proto == DESTINATION_OPTIONS) {
                if (proto == HOP_BY_HOP && !first) {
                    return null;
                }
                if (l4 + 8 > end) {
                    return null;
                }
                if (proto == ROUTING && f[l4 + 3] != 0) {
                    return null;
                }
                int next = f[l4] & 0xFF;
                l4 = l4 + 8 * ((f[l4 + 1] & 0xFF) + 1);
                proto = next;
                first = false;
                if (l4 > end) {
                    return null;
                }
            }
        } else {
            return null;
        }
        int thl = 0;
        if (proto == TCP) {
            if (end - l4 < 20) {
                return null;
            }
            thl = 4 * ((f[l4 + 12] & 0xFF) >> 4);
            if (thl < 20 || thl > end - l4) {
                return null;
            }
        } else if (proto == UDP) {
            if (end - l4 < 8 || be16(f, l4 + 4) != end - l4) {
                return null;
            }
        } else {
            return null;
        }
        return new Parsed(l3, version, l4, end, proto, thl);
    }

    // ------------------------------------------------------------------ section 4: the checksum

    /** The ones' complement sum of the pseudo-header of section 4's table. */
    private static int pseudoHeader(byte[] f, Parsed p) {
        int length = p.end() - p.l4();
        if (p.version() == 4) {
            int s = sum(0, f, p.l3() + 12, p.l3() + 20); // source and destination addresses
            return sum(s, new byte[] {0, (byte) p.proto(), (byte) (length >>> 8), (byte) length}, 0, 4);
        }
        int s = sum(0, f, p.l3() + 8, p.l3() + 40);
        return sum(s, new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0, 0, 0, (byte) p.proto()}, 0, 8);
    }

    /** The ones' complement sum of the pseudo-header and the L4 bytes, the checksum field read as {@code field}. */
    private static int l4Sum(byte[] f, Parsed p, int field) {
        byte[] l4 = Arrays.copyOfRange(f, p.l4(), p.end());
        put16(l4, p.checksumAt() - p.l4(), field);
        return sum(pseudoHeader(f, p), l4, 0, l4.length);
    }

    /** Section 4: the L4 checksum of a parsed frame, the field read as zero; a UDP 0x0000 becomes 0xFFFF (CSUM-2). */
    static int l4Checksum(byte[] f, Parsed p) {
        int csum = ~l4Sum(f, p, 0) & 0xFFFF;
        if (p.proto() == UDP && csum == 0) {
            csum = 0xFFFF;
        }
        return csum;
    }

    /** A copy of {@code frame}, which must parse, with its L4 checksum written (CSUM-1). */
    static byte[] withL4Checksum(byte[] frame) {
        Parsed p = require(parse(frame), "the frame parses");
        byte[] out = frame.clone();
        put16(out, p.checksumAt(), l4Checksum(frame, p));
        return out;
    }

    /** A copy of {@code frame}, which must parse, with {@code value} in its L4 checksum field. */
    static byte[] withL4Field(byte[] frame, int value) {
        Parsed p = require(parse(frame), "the frame parses");
        byte[] out = frame.clone();
        put16(out, p.checksumAt(), value);
        return out;
    }

    /** The L4 checksum field of a parsed frame. */
    static int l4Field(byte[] frame) {
        Parsed p = require(parse(frame), "the frame parses");
        return be16(frame, p.checksumAt());
    }

    /**
     * A copy of {@code frame}, which must parse, with byte {@code at} set to {@code value} and its
     * checksums made right again: the IPv4 header checksum (IPv4) and the L4 checksum.
     */
    static byte[] retouched(byte[] frame, int at, int value) {
        byte[] f = frame.clone();
        f[at] = (byte) value;
        Parsed p = require(parse(f), "the retouched frame parses");
        if (p.version() == 4) {
            put16(f, p.l3() + 10, 0);
            put16(f, p.l3() + 10, ipv4HeaderChecksum(f, p.l3()));
        }
        return withL4Checksum(f);
    }

    /** The IPv4 header checksum of the {@code ihl} bytes at {@code l3}, its field read as zero (RFC 1071). */
    static int ipv4HeaderChecksum(byte[] f, int l3) {
        int ihl = 4 * (f[l3] & 0x0F);
        byte[] header = Arrays.copyOfRange(f, l3, l3 + ihl);
        header[10] = 0;
        header[11] = 0;
        return ~sum(header) & 0xFFFF;
    }

    /** CSUM-5: the frame parses, its IPv4 header sums to 0xFFFF, and its TCP or (non-zero) UDP checksum sums to 0xFFFF. */
    static boolean verifies(byte[] f) {
        Parsed p = parse(f);
        if (p == null) {
            return false;
        }
        if (p.version() == 4 && sum(0, f, p.l3(), p.l4()) != 0xFFFF) {
            return false;
        }
        int field = be16(f, p.checksumAt());
        if (p.proto() == UDP && field == 0) {
            return false;
        }
        return l4Sum(f, p, field) == 0xFFFF;
    }

    // ------------------------------------------------------------------ frame building

    /** Destination, source, an optional 802.1Q tag (TCI {@code tci}, null for none), the EtherType, the payload. */
    static byte[] ether(MacAddress destination, MacAddress source, Integer tci, int etherType, byte[] payload) {
        byte[] macs = new byte[12];
        destination.write(macs, 0);
        source.write(macs, 6);
        byte[] tag = tci == null ? new byte[0] : new byte[] {(byte) 0x81, 0, (byte) (tci >>> 8), (byte) (tci & 0xFF)};
        return cat(macs, tag, new byte[] {(byte) (etherType >>> 8), (byte) etherType}, payload);
    }

    /**
     * An IPv4 header with {@code options} (a multiple of 4 bytes), then {@code rest}: version 4,
     * TOS {@code tos}, total length counted, identification {@code id}, flags and fragment offset
     * {@code fragment}, TTL {@code ttl}, a correct header checksum.
     */
    record V4(String source, String destination, int tos, int id, int fragment, int ttl, byte[] options) {

        /** 10.0.0.1 to 10.0.0.2, TOS 0, DF set, TTL 64, no options. */
        static V4 of(int id) {
            return new V4("10.0.0.1", "10.0.0.2", 0, id, 0x4000, 64, new byte[0]);
        }

        V4 withOptions(byte[] more) {
            return new V4(source, destination, tos, id, fragment, ttl, more);
        }

        V4 withFragment(int field) {
            return new V4(source, destination, tos, id, field, ttl, options);
        }

        V4 withTtl(int value) {
            return new V4(source, destination, tos, id, fragment, value, options);
        }

        V4 withId(int value) {
            return new V4(source, destination, tos, value, fragment, ttl, options);
        }

        V4 withTos(int value) {
            return new V4(source, destination, value, id, fragment, ttl, options);
        }

        byte[] header(int protocol, byte[] rest) {
            require(options.length % 4 == 0 && options.length <= 40, "IPv4 options come in 4-byte words, at most 40 bytes");
            byte[] h = new byte[20 + options.length];
            h[0] = (byte) (0x40 | h.length / 4);
            h[1] = (byte) tos;
            put16(h, 2, h.length + rest.length);
            put16(h, 4, id);
            put16(h, 6, fragment);
            h[8] = (byte) ttl;
            h[9] = (byte) protocol;
            System.arraycopy(address(source), 0, h, 12, 4);
            System.arraycopy(address(destination), 0, h, 16, 4);
            System.arraycopy(options, 0, h, 20, options.length);
            put16(h, 10, ~sum(h) & 0xFFFF);
            return cat(h, rest);
        }
    }

    /** An IPv6 header: traffic class 0, flow label {@code flow}, payload length counted, next header, hop limit 64, then {@code rest}. */
    static byte[] ipv6(String source, String destination, int flow, int next, byte[] rest) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        h[1] = (byte) (flow >>> 16 & 0x0F);
        h[2] = (byte) (flow >>> 8);
        h[3] = (byte) flow;
        put16(h, 4, rest.length);
        h[6] = (byte) next;
        h[7] = 64;
        System.arraycopy(address(source), 0, h, 8, 16);
        System.arraycopy(address(destination), 0, h, 24, 16);
        return cat(h, rest);
    }

    static byte[] ipv6(int next, byte[] rest) {
        return ipv6("2001:db8::1", "2001:db8::2", 0x12345, next, rest);
    }

    /**
     * An IPv6 extension header of {@code units + 1} 8-byte units: next header, length, then for a
     * routing header type 0 and segments left {@code segmentsLeft}, else a PadN option filling it.
     */
    static byte[] extension(int type, int next, int units, int segmentsLeft) {
        byte[] h = new byte[(units + 1) * 8];
        h[0] = (byte) next;
        h[1] = (byte) units;
        if (type == ROUTING) {
            h[2] = 0; // routing type 0 (deprecated, RFC 5095), parsed by its length only
            h[3] = (byte) segmentsLeft;
        } else {
            h[2] = 1; // PadN
            h[3] = (byte) (h.length - 4);
        }
        return h;
    }

    /** An IPv6 fragment header: next header, offset 0, M set, identification 0x01020304. */
    static byte[] fragment6(int next) {
        return new byte[] {(byte) next, 0, 0, 1, 1, 2, 3, 4};
    }

    /** A TCP header: ports, sequence, acknowledgment, flags (byte 13), window, urgent pointer, options (multiple of 4), checksum 0. */
    record Tcp(int sourcePort, int destinationPort, long seq, long ack, int flags, int window, int urgent, byte[] options) {

        /** Ports 40000 to 80, sequence {@code seq}, ack 0x01020304, ACK, window 0x2000, no options. */
        static Tcp of(long seq) {
            return new Tcp(40000, 80, seq, 0x01020304L, ACK, 0x2000, 0, new byte[0]);
        }

        Tcp withFlags(int value) {
            return new Tcp(sourcePort, destinationPort, seq, ack, value, window, urgent, options);
        }

        Tcp withSeq(long value) {
            return new Tcp(sourcePort, destinationPort, value, ack, flags, window, urgent, options);
        }

        Tcp withOptions(byte[] value) {
            return new Tcp(sourcePort, destinationPort, seq, ack, flags, window, urgent, value);
        }

        Tcp withPorts(int source, int destination) {
            return new Tcp(source, destination, seq, ack, flags, window, urgent, options);
        }

        Tcp withWindow(int value) {
            return new Tcp(sourcePort, destinationPort, seq, ack, flags, value, urgent, options);
        }

        Tcp withAck(long value) {
            return new Tcp(sourcePort, destinationPort, seq, value, flags, window, urgent, options);
        }

        Tcp withUrgent(int value) {
            return new Tcp(sourcePort, destinationPort, seq, ack, flags, window, value, options);
        }

        byte[] segment(byte[] data) {
            require(options.length % 4 == 0 && options.length <= 40, "TCP options come in 4-byte words, at most 40 bytes");
            byte[] h = new byte[20 + options.length];
            put16(h, 0, sourcePort);
            put16(h, 2, destinationPort);
            put32(h, 4, seq);
            put32(h, 8, ack);
            h[12] = (byte) (h.length / 4 << 4);
            h[13] = (byte) flags;
            put16(h, 14, window);
            put16(h, 18, urgent);
            System.arraycopy(options, 0, h, 20, options.length);
            return cat(h, data);
        }
    }

    /** A UDP header, length counted, checksum 0, then {@code data}. */
    static byte[] udp(int sourcePort, int destinationPort, byte[] data) {
        byte[] h = new byte[8];
        put16(h, 0, sourcePort);
        put16(h, 2, destinationPort);
        put16(h, 4, 8 + data.length);
        return cat(h, data);
    }

    /** The TCP timestamps option (kind 8) padded with two NOPs: 12 bytes. */
    static byte[] timestamps(long value, long echo) {
        byte[] o = new byte[12];
        o[0] = 1;
        o[1] = 1;
        o[2] = 8;
        o[3] = 10;
        put32(o, 4, value);
        put32(o, 8, echo);
        return o;
    }

    /** An IPv4 option word: NOP, NOP, NOP, End of list — 4 bytes that change nothing. */
    static byte[] ipv4Nops(int words) {
        byte[] o = new byte[4 * words];
        Arrays.fill(o, (byte) 1);
        o[o.length - 1] = 0;
        return o;
    }

    /** The IP layers the offload vectors carry TCP and UDP over: each parses (section 3). */
    enum Net {
        IPV4("IPv4", false),
        IPV4_OPTIONS("IPv4 with 12 bytes of options (IHL 8)", false),
        IPV4_MAX_OPTIONS("IPv4 with 40 bytes of options (IHL 15)", false),
        IPV6("IPv6", true),
        IPV6_HOP_BY_HOP("IPv6 with a hop-by-hop header", true),
        IPV6_DESTINATION("IPv6 with a 16-byte destination-options header", true),
        IPV6_ROUTING("IPv6 with a routing header, segments left 0", true),
        IPV6_CHAIN("IPv6 with hop-by-hop, routing (segments left 0) and destination-options headers", true);

        final String text;
        final boolean six;

        Net(String text, boolean six) {
            this.text = text;
            this.six = six;
        }

        /** The name in a test id: ipv4, ipv4-options, ipv6-hop-by-hop, ... */
        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        int etherType() {
            return six ? Inet.IPV6 : Inet.IPV4;
        }

        /** The IP packet carrying {@code l4} of protocol {@code proto}; IPv4 identification {@code id}. */
        byte[] packet(int proto, byte[] l4, int id) {
            return switch (this) {
                case IPV4 -> V4.of(id).header(proto, l4);
                case IPV4_OPTIONS -> V4.of(id).withOptions(ipv4Nops(3)).header(proto, l4);
                case IPV4_MAX_OPTIONS -> V4.of(id).withOptions(ipv4Nops(10)).header(proto, l4);
                case IPV6 -> ipv6(proto, l4);
                case IPV6_HOP_BY_HOP -> ipv6(HOP_BY_HOP, cat(extension(HOP_BY_HOP, proto, 0, 0), l4));
                case IPV6_DESTINATION -> ipv6(DESTINATION_OPTIONS, cat(extension(DESTINATION_OPTIONS, proto, 1, 0), l4));
                case IPV6_ROUTING -> ipv6(ROUTING, cat(extension(ROUTING, proto, 0, 0), l4));
                case IPV6_CHAIN -> ipv6(HOP_BY_HOP, cat(extension(HOP_BY_HOP, ROUTING, 0, 0), extension(ROUTING, DESTINATION_OPTIONS, 0, 0),
                        extension(DESTINATION_OPTIONS, proto, 0, 0), l4));
            };
        }
    }

    // ------------------------------------------------------------------ section 6: TSO

    /** TSO-2 to TSO-4: the segments of {@code superFrame} (which must parse as TCP and fill the frame) with MSS {@code mss}. */
    static List<byte[]> segment(byte[] superFrame, int mss) {
        Parsed p = require(parse(superFrame), "a GSO super-frame parses");
        require(p.proto() == TCP && p.end() == superFrame.length, "a GSO super-frame is TCP and fills its frame");
        int headers = p.l4() + p.thl();
        int total = p.end() - headers;
        int k = Math.max(1, (total + mss - 1) / mss);
        long seq = be32(superFrame, p.l4() + 4);
        int flags = superFrame[p.l4() + 13] & 0xFF;
        int id = p.version() == 4 ? be16(superFrame, p.l3() + 4) : 0;
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int from = i * mss;
            int to = Math.min(total, (i + 1) * mss);
            byte[] s = cat(Arrays.copyOf(superFrame, headers), Arrays.copyOfRange(superFrame, headers + from, headers + to));
            int own = to - from;
            if (p.version() == 4) {
                int ihl = p.l4() - p.l3();
                put16(s, p.l3() + 2, ihl + p.thl() + own);
                put16(s, p.l3() + 4, (id + i) & 0xFFFF);
                put16(s, p.l3() + 10, 0);
                put16(s, p.l3() + 10, ipv4HeaderChecksum(s, p.l3()));
            } else {
                put16(s, p.l3() + 4, (p.l4() - p.l3() - 40) + p.thl() + own);
            }
            put32(s, p.l4() + 4, (seq + (long) i * mss) & 0xFFFF_FFFFL);
            int f = flags;
            if (i != k - 1) {
                f &= ~(FIN | PSH);
            }
            if (i != 0) {
                f &= ~CWR;
            }
            s[p.l4() + 13] = (byte) f;
            s = withL4Checksum(s);
            segments.add(s);
        }
        return segments;
    }

    // ------------------------------------------------------------------ section 7: LRO

    /** The TCP payload length of a parsed TCP frame. */
    static int tcpPayload(byte[] f) {
        Parsed p = require(parse(f), "a TCP frame");
        return p.end() - p.l4() - p.thl();
    }

    /** LRO-2: a candidate for holding and merging. */
    static boolean candidate(byte[] f) {
        Parsed p = parse(f);
        if (p == null || p.proto() != TCP || !verifies(f)) {
            return false;
        }
        boolean plainIp = p.version() == 4 ? p.l4() - p.l3() == 20 : p.l4() == p.l3() + 40;
        int flags = f[p.l4() + 13] & 0xFF;
        return plainIp && p.end() == f.length && p.end() - p.l4() - p.thl() >= 1 && (flags == ACK || flags == (ACK | PSH))
                && (f[p.l4() + 12] & 0x0F) == 0;
    }

    /**
     * Section 7.2 without the RX ring's room, which the caller knows: whether candidate {@code s}
     * merges into {@code aggregate} (its segments in arrival order).
     */
    static boolean merges(List<byte[]> aggregate, byte[] s) {
        byte[] first = aggregate.get(0);
        Parsed pf = parse(first);
        Parsed ps = parse(s);
        if (ps.l3() != pf.l3() || ps.version() != pf.version() || ps.thl() != pf.thl() || ps.l4() != pf.l4()) {
            return false;
        }
        if (!Arrays.equals(first, 0, pf.l3(), s, 0, ps.l3())) {
            return false;
        }
        int n = aggregate.size();
        int l3 = pf.l3();
        for (int k = l3; k < pf.l4(); k++) {
            int at = k - l3;
            boolean free = pf.version() == 4 ? at == 2 || at == 3 || at == 4 || at == 5 || at == 10 || at == 11 : at == 4 || at == 5;
            if (!free && first[k] != s[k]) {
                return false;
            }
        }
        if (pf.version() == 4 && be16(s, l3 + 4) != ((be16(first, l3 + 4) + n) & 0xFFFF)) {
            return false;
        }
        for (int k = pf.l4(); k < pf.l4() + pf.thl(); k++) {
            int at = k - pf.l4();
            if (at >= 4 && at <= 7 || at == 16 || at == 17) {
                continue;
            }
            int mask = at == 13 ? ~PSH & 0xFF : 0xFF;
            if ((first[k] & mask) != (s[k] & mask)) {
                return false;
            }
        }
        long held = 0;
        for (byte[] segment : aggregate) {
            held += tcpPayload(segment);
        }
        if (be32(s, pf.l4() + 4) != ((be32(first, pf.l4() + 4) + held) & 0xFFFF_FFFFL)) {
            return false;
        }
        if (tcpPayload(s) > tcpPayload(first)) {
            return false;
        }
        return mergedLength(aggregate) + tcpPayload(s) <= 0xFFFF; // the merged frame at most 65535 bytes
    }

    /** The length of the merged frame of {@code aggregate}: the first segment's headers and every payload. */
    static int mergedLength(List<byte[]> aggregate) {
        byte[] first = aggregate.get(0);
        Parsed p = parse(first);
        int length = p.l4() + p.thl();
        for (byte[] segment : aggregate) {
            length += tcpPayload(segment);
        }
        return length;
    }

    /** LRO-5: what a flush of {@code aggregate} delivers; for one segment the segment itself. */
    static byte[] merged(List<byte[]> aggregate) {
        byte[] first = aggregate.get(0);
        if (aggregate.size() == 1) {
            return first.clone();
        }
        Parsed p = parse(first);
        int headers = p.l4() + p.thl();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first, 0, headers);
        boolean psh = false;
        for (byte[] segment : aggregate) {
            Parsed ps = parse(segment);
            out.write(segment, ps.l4() + ps.thl(), ps.end() - ps.l4() - ps.thl());
            psh |= (segment[ps.l4() + 13] & PSH) != 0;
        }
        byte[] m = out.toByteArray();
        int datagram = m.length - p.l3();
        if (p.version() == 4) {
            put16(m, p.l3() + 2, datagram);
            put16(m, p.l3() + 10, 0);
            put16(m, p.l3() + 10, ipv4HeaderChecksum(m, p.l3()));
        } else {
            put16(m, p.l3() + 4, datagram - 40);
        }
        if (psh) {
            m[p.l4() + 13] |= PSH;
        }
        return withL4Checksum(m);
    }

    /** Lowercase hex of {@code b}, cut after 200 bytes, for messages. */
    static String hex(byte[] b) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < Math.min(b.length, 200); k++) {
            text.append(String.format("%02x", b[k] & 0xFF));
        }
        return text + (b.length > 200 ? "… (" + b.length + " bytes)" : "");
    }

    static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("vector generator: " + what);
        }
        return value;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("vector generator: " + what);
        }
    }
}
