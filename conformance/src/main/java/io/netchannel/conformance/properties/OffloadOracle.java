package io.netchannel.conformance.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 11 read from the rule text alone: the parse of section 3, the checksum of section 4
 * (its own RFC 1071 sum and RFC 1624 update), segmentation (section 6) and the LRO candidate,
 * merge and merged-frame rules (section 7). It never calls an implementation, so it can judge
 * the reference model too; the properties use it for expected bytes and check the laws
 * (payloads concatenate, fields step, checksums verify) beside it.
 */
public final class OffloadOracle {

    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** TCP flag bits (byte 13 of the TCP header). */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** The GSO types of a GSO extra. */
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 2;
    /** Largest frame a delivery or a merge may produce. */
    public static final int MAX_FRAME = 65535;
    /** Bytes per RX buffer. */
    public static final int PAGE = 4096;

    private OffloadOracle() {
    }

    /**
     * What the parse of section 3 yields.
     *
     * @param l3 offset of the IP header
     * @param version 4 or 6
     * @param l4 offset of the TCP or UDP header
     * @param end offset one past the datagram (bytes from here on are trailing bytes)
     * @param proto 6 or 17
     * @param thl the TCP header length (0 for UDP)
     */
    public record Parsed(int l3, int version, int l4, int end, int proto, int thl) {

        /** Whether the datagram is TCP. */
        public boolean tcp() {
            return proto == TCP;
        }

        /** Offset of the checksum field: {@code l4 + 16} for TCP, {@code l4 + 6} for UDP. */
        public int checksumAt() {
            return l4 + (proto == TCP ? 16 : 6);
        }

        /** Offset of the TCP payload. */
        public int payloadAt() {
            return l4 + thl;
        }

        /** TCP payload length. */
        public int payload() {
            return end - l4 - thl;
        }

        /** Offset of the IP header's options or extension headers to the L4 header: {@code l4 - l3} less the fixed header. */
        public int ipExtra() {
            return l4 - l3 - (version == 4 ? 20 : 40);
        }
    }

    // ------------------------------------------------------------------ section 3: the parse

    /** Section 3: the offsets of {@code frame}, or null when the parse fails (OFF-3). */
    public static Parsed parse(byte[] frame) {
        return parse(frame, frame.length);
    }

    /** Section 3 over the first {@code length} bytes of {@code frame}. */
    public static Parsed parse(byte[] f, int length) {
        int len = length;
        if (len < 14) {
            return null;
        }
        int type = be16(f, 12);
        int l3 = 14;
        if (type == 0x8100) {
            if (len < 18) {
                return null;
            }
            type = be16(f, 16);
            l3 = 18;
        }
        int version;
        int proto;
        int l4;
        int end;
        if (type == 0x0800) {
            if (len < l3 + 20 || (f[l3] & 0xFF) >> 4 != 4) {
                return null;
            }
            int ihl = 4 * (f[l3] & 0x0F);
            if (ihl < 20 || l3 + ihl > len) {
                return null;
            }
            int total = be16(f, l3 + 2);
            if (total < ihl || l3 + total > len) {
                return null;
            }
            if ((be16(f, l3 + 6) & 0x3FFF) != 0) {
                return null;
            }
            version = 4;
            proto = f[l3 + 9] & 0xFF;
            l4 = l3 + ihl;
            end = l3 + total;
        } else if (type == 0x86DD) {
            if (len < l3 + 40 || (f[l3] & 0xFF) >> 4 != 6) {
                return null;
            }
            end = l3 + 40 + be16(f, l3 + 4);
            if (end > len) {
                return null;
            }
            version = 6;
            proto = f[l3 + 6] & 0xFF;
            l4 = l3 + 40;
            boolean first = true;
            while (proto == 0 || proto == 43 || proto == 60) {
                if (proto == 0 && !first) {
                    return null;
                }
                if (l4 + 8 > end) {
                    return null;
                }
                if (proto == 43 && f[l4 + 3] != 0) {
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

    /**
     * RFC 1071: the 16-bit ones' complement sum of {@code bytes[from..to)} added to {@code sum},
     * an odd last byte padded with zero, folded to 16 bits (0x0000 only when everything is zero).
     */
    public static int sum(int sum, byte[] bytes, int from, int to) {
        long s = sum;
        int k = from;
        for (; k + 1 < to; k += 2) {
            s += (bytes[k] & 0xFF) << 8 | (bytes[k + 1] & 0xFF);
        }
        if (k < to) {
            s += (bytes[k] & 0xFF) << 8;
        }
        return fold(s);
    }

    /** Ones' complement addition of two 16-bit values. */
    public static int add(int a, int b) {
        return fold((long) a + b);
    }

    private static int fold(long value) {
        long s = value;
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The sum of the pseudo-header of section 4's table. */
    public static int pseudoHeaderSum(byte[] f, Parsed p) {
        int length = p.end() - p.l4();
        if (p.version() == 4) {
            int s = sum(0, f, p.l3() + 12, p.l3() + 20);
            s = add(s, p.proto());
            return add(s, length);
        }
        int s = sum(0, f, p.l3() + 8, p.l3() + 40);
        s = add(s, length >>> 16);
        s = add(s, length & 0xFFFF);
        return add(s, p.proto());
    }

    /** The sum of the pseudo-header and the L4 bytes with the checksum field read as zero. */
    private static int l4SumWithoutField(byte[] f, Parsed p) {
        int at = p.checksumAt();
        int s = pseudoHeaderSum(f, p);
        s = sum(s, f, p.l4(), at);
        return sum(s, f, at + 2, p.end());
    }

    /** The ones' complement of that sum, before CSUM-2 (RFC 1071's value, 0x0000 allowed). */
    public static int rawL4Checksum(byte[] f, Parsed p) {
        return ~l4SumWithoutField(f, p) & 0xFFFF;
    }

    /** CSUM-1 and CSUM-2: the two bytes every device writes into the checksum field. */
    public static int l4Checksum(byte[] f, Parsed p) {
        int csum = rawL4Checksum(f, p);
        return p.proto() == UDP && csum == 0 ? 0xFFFF : csum;
    }

    /** The IPv4 header checksum of a parsed IPv4 frame, field read as zero (RFC 1071). */
    public static int ipv4HeaderChecksum(byte[] f, Parsed p) {
        int s = sum(0, f, p.l3(), p.l3() + 10);
        s = sum(s, f, p.l3() + 12, p.l4());
        return ~s & 0xFFFF;
    }

    /** RFC 1624, equation 3: {@code HC' = ~(~HC + ~m + m')}. */
    public static int incremental(int hc, int m, int changed) {
        int s = add(~hc & 0xFFFF, ~m & 0xFFFF);
        s = add(s, changed & 0xFFFF);
        return ~s & 0xFFFF;
    }

    /** CSUM-5: the frame parses, its IPv4 header checksum verifies, and its TCP or UDP checksum verifies (UDP zero never). */
    public static boolean verifies(byte[] f) {
        Parsed p = parse(f);
        if (p == null) {
            return false;
        }
        if (p.version() == 4 && sum(0, f, p.l3(), p.l4()) != 0xFFFF) {
            return false;
        }
        if (p.proto() == UDP && be16(f, p.checksumAt()) == 0) {
            return false;
        }
        int s = pseudoHeaderSum(f, p);
        return sum(s, f, p.l4(), p.end()) == 0xFFFF;
    }

    /** CSUM-1: a copy of a parsed frame with its L4 checksum field written; null when it does not parse. */
    public static byte[] complete(byte[] f) {
        Parsed p = parse(f);
        if (p == null) {
            return null;
        }
        byte[] out = f.clone();
        put16(out, p.checksumAt(), l4Checksum(out, p));
        return out;
    }

    /** A copy of a parsed frame with its IPv4 header checksum (if IPv4) and its L4 checksum computed: a frame that verifies. */
    public static byte[] valid(byte[] f) {
        Parsed p = parse(f);
        if (p == null) {
            return null;
        }
        byte[] out = f.clone();
        if (p.version() == 4) {
            put16(out, p.l3() + 10, ipv4HeaderChecksum(out, p));
        }
        put16(out, p.checksumAt(), l4Checksum(out, p));
        return out;
    }

    // ------------------------------------------------------------------ section 6: segmentation

    /** TSO-1: why a GSO packet with this frame and GSO type is a per-packet error, or null when it is not. */
    public static String tsoRefusal(byte[] f, int gsoType) {
        Parsed p = parse(f);
        if (p == null) {
            return "the frame does not parse (section 3)";
        }
        if (!p.tcp()) {
            return "not TCP (proto " + p.proto() + ")";
        }
        if ((gsoType == GSO_TCPV4) != (p.version() == 4)) {
            return "IPv" + p.version() + " under GSO type " + gsoType;
        }
        if (p.end() != f.length) {
            return (f.length - p.end()) + " trailing byte(s) after the datagram";
        }
        return null;
    }

    /** The number of segments TSO-2 makes of {@code payload} bytes with MSS {@code mss}. */
    public static int segments(int payload, int mss) {
        return Math.max(1, (payload + mss - 1) / mss);
    }

    /** TSO-2 to TSO-4: the frames a GSO packet with this super-frame and MSS leaves as (it must pass TSO-1). */
    public static List<byte[]> segment(byte[] f, int mss) {
        Parsed p = parse(f);
        if (p == null || !p.tcp()) {
            throw new IllegalArgumentException("not a TCP frame that parses");
        }
        int header = p.payloadAt();
        int payload = p.payload();
        int k = segments(payload, mss);
        long seq = be32(f, p.l4() + 4);
        int id = p.version() == 4 ? be16(f, p.l3() + 4) : 0;
        int flags = f[p.l4() + 13] & 0xFF;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int from = (int) Math.min(payload, (long) i * mss);
            int to = (int) Math.min(payload, (long) (i + 1) * mss);
            byte[] s = new byte[header + to - from];
            System.arraycopy(f, 0, s, 0, header);
            System.arraycopy(f, header + from, s, header, to - from);
            int piece = to - from;
            if (p.version() == 4) {
                put16(s, p.l3() + 2, (p.l4() - p.l3()) + p.thl() + piece);
                put16(s, p.l3() + 4, (id + i) & 0xFFFF);
            } else {
                put16(s, p.l3() + 4, (p.l4() - p.l3() - 40) + p.thl() + piece);
            }
            put32(s, p.l4() + 4, seq + (long) i * mss);
            int segFlags = flags;
            if (i != k - 1) {
                segFlags &= ~(FIN | PSH);
            }
            if (i != 0) {
                segFlags &= ~CWR;
            }
            s[p.l4() + 13] = (byte) segFlags;
            Parsed q = new Parsed(p.l3(), p.version(), p.l4(), s.length, TCP, p.thl());
            if (p.version() == 4) {
                put16(s, p.l3() + 10, ipv4HeaderChecksum(s, q));
            }
            put16(s, q.checksumAt(), l4Checksum(s, q));
            out.add(s);
        }
        return out;
    }

    // ------------------------------------------------------------------ section 7: LRO

    /** LRO-2: whether {@code f} may be held or merged. */
    public static boolean candidate(byte[] f) {
        Parsed p = parse(f);
        if (p == null || !p.tcp() || !verifies(f)) {
            return false;
        }
        if (p.l4() - p.l3() != (p.version() == 4 ? 20 : 40)) {
            return false;
        }
        if (p.end() != f.length || p.payload() < 1) {
            return false;
        }
        int flags = f[p.l4() + 13] & 0xFF;
        return (flags == ACK || flags == (ACK | PSH)) && (f[p.l4() + 12] & 0x0F) == 0;
    }

    /** The TCP payload length of a candidate (or any TCP frame that parses). */
    public static int payload(byte[] f) {
        return parse(f).payload();
    }

    /** Whether a TCP frame that parses carries PSH. */
    public static boolean psh(byte[] f) {
        Parsed p = parse(f);
        return (f[p.l4() + 13] & PSH) != 0;
    }

    /**
     * LRO-3 without the ring condition: whether candidate {@code s} merges into the aggregate
     * {@code held} (candidates, first one first), the merged frame at most 65535 bytes.
     */
    public static boolean merges(List<byte[]> held, byte[] s) {
        byte[] f = held.get(0);
        Parsed pf = parse(f);
        Parsed ps = parse(s);
        if (pf.l3() != ps.l3() || !Arrays.equals(f, 0, pf.l3(), s, 0, ps.l3())) {
            return false;
        }
        int n = held.size();
        int ipLength = pf.version() == 4 ? 20 : 40;
        if (ps.version() != pf.version()) {
            return false;
        }
        for (int k = 0; k < ipLength; k++) {
            boolean lengthOrChecksum = pf.version() == 4 ? k == 2 || k == 3 || k == 4 || k == 5 || k == 10 || k == 11 : k == 4 || k == 5;
            if (!lengthOrChecksum && f[pf.l3() + k] != s[ps.l3() + k]) {
                return false;
            }
        }
        if (pf.version() == 4 && be16(s, ps.l3() + 4) != ((be16(f, pf.l3() + 4) + n) & 0xFFFF)) {
            return false;
        }
        if (ps.thl() != pf.thl()) {
            return false;
        }
        for (int k = 0; k < pf.thl(); k++) {
            if (k >= 4 && k <= 7 || k == 16 || k == 17) {
                continue;
            }
            int a = f[pf.l4() + k] & 0xFF;
            int b = s[ps.l4() + k] & 0xFF;
            if (k == 13) {
                a &= ~PSH;
                b &= ~PSH;
            }
            if (a != b) {
                return false;
            }
        }
        long bytes = 0;
        for (byte[] segment : held) {
            bytes += payload(segment);
        }
        if (be32(s, ps.l4() + 4) != ((be32(f, pf.l4() + 4) + bytes) & 0xFFFF_FFFFL)) {
            return false;
        }
        if (ps.payload() > pf.payload()) {
            return false;
        }
        return mergedLength(held) + ps.payload() <= MAX_FRAME;
    }

    /** The length of the merged frame of {@code held}. */
    public static int mergedLength(List<byte[]> held) {
        Parsed pf = parse(held.get(0));
        int length = pf.payloadAt();
        for (byte[] segment : held) {
            length += payload(segment);
        }
        return length;
    }

    /** Requests a delivery of a frame of {@code length} bytes takes: {@code ceil(L/4096)}, one more with a GSO extra. */
    public static int requests(int length, boolean extra) {
        return (length + PAGE - 1) / PAGE + (extra ? 1 : 0);
    }

    /** LRO-5: the merged frame of an aggregate of two or more segments. */
    public static byte[] merge(List<byte[]> held) {
        byte[] f = held.get(0);
        Parsed p = parse(f);
        byte[] out = new byte[mergedLength(held)];
        System.arraycopy(f, 0, out, 0, p.payloadAt());
        int at = p.payloadAt();
        boolean psh = false;
        for (byte[] segment : held) {
            Parsed q = parse(segment);
            System.arraycopy(segment, q.payloadAt(), out, at, q.payload());
            at += q.payload();
            psh |= (segment[q.l4() + 13] & PSH) != 0;
        }
        if (p.version() == 4) {
            put16(out, p.l3() + 2, out.length - p.l3());
        } else {
            put16(out, p.l3() + 4, out.length - p.l3() - 40);
        }
        if (psh) {
            out[p.l4() + 13] |= PSH;
        }
        Parsed q = new Parsed(p.l3(), p.version(), p.l4(), out.length, TCP, p.thl());
        if (p.version() == 4) {
            put16(out, p.l3() + 10, ipv4HeaderChecksum(out, q));
        }
        put16(out, q.checksumAt(), l4Checksum(out, q));
        return out;
    }

    /** The GSO type of an aggregate whose first segment is {@code f}. */
    public static int gsoType(byte[] f) {
        return parse(f).version() == 4 ? GSO_TCPV4 : GSO_TCPV6;
    }

    // ------------------------------------------------------------------ bytes

    /** Big-endian 16 bits. */
    public static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /** Big-endian 32 bits, unsigned. */
    public static long be32(byte[] b, int at) {
        return (long) be16(b, at) << 16 | be16(b, at + 2);
    }

    /** Writes big-endian 16 bits. */
    public static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    /** Writes big-endian 32 bits. */
    public static void put32(byte[] b, int at, long value) {
        put16(b, at, (int) (value >>> 16) & 0xFFFF);
        put16(b, at + 2, (int) value & 0xFFFF);
    }
}
