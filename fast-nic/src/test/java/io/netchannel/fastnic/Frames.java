package io.netchannel.fastnic;

import io.netchannel.api.MacAddress;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * TCP and UDP frames over IPv4 or IPv6 for the offload examples, with every checksum computed by
 * the naive byte loop of RFC 1071 here, independently of {@link Checksum}. A builder: set what the
 * example needs, {@link #build()} a fresh frame. Test oracles for chapter 11 live here too:
 * {@link #naiveSum}, {@link #l4Sum} and {@link #verifies} on frames this class lays out.
 */
final class Frames {

    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int ECE = 0x40;
    static final int CWR = 0x80;

    MacAddress destination = PEER;
    MacAddress source = Rig.MAC;
    /** An 802.1Q tag with this VID after the source MAC, or -1 for none. */
    int vid = -1;
    boolean ipv6;
    /** 17 for UDP, else TCP. */
    int protocol = 6;
    /** IPv4 options (a multiple of 4 bytes). */
    byte[] ipOptions = {};
    /** IPv6 extension headers, each 8 bytes (its next-header byte is filled in), in order. */
    int[] extensions = {};
    int id = 0x1234;
    int ttl = 64;
    long seq = 1_000_000;
    long ack = 5_000;
    int flags = ACK;
    int window = 8192;
    /** TCP options (a multiple of 4 bytes). */
    byte[] tcpOptions = {};
    byte[] payload = {};
    /** Bytes after the datagram (Ethernet padding). */
    int trailing;
    /** Whether checksums are computed; false leaves both zero. */
    boolean checksums = true;

    Frames payload(int length, int seed) {
        payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + seed);
        }
        return this;
    }

    /** The frame: L2, IP, TCP or UDP, payload, trailing zero bytes. */
    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] macs = new byte[12];
        destination.write(macs, 0);
        source.write(macs, 6);
        out.writeBytes(macs);
        if (vid >= 0) {
            out.writeBytes(new byte[] {(byte) 0x81, 0, (byte) (vid >>> 8), (byte) vid});
        }
        out.writeBytes(ipv6 ? new byte[] {(byte) 0x86, (byte) 0xDD} : new byte[] {8, 0});
        int l3 = out.size();
        byte[] l4 = protocol == 17 ? udp() : tcp();
        byte[] ip;
        if (ipv6) {
            ip = new byte[40 + 8 * extensions.length];
            ip[0] = 0x60;
            ip[1] = 0x01; // traffic class and flow label, not zero
            ip[3] = 0x23;
            put16(ip, 4, ip.length - 40 + l4.length);
            ip[6] = (byte) (extensions.length == 0 ? protocol : extensions[0]);
            ip[7] = (byte) ttl;
            for (int i = 0; i < 16; i++) {
                ip[8 + i] = (byte) (0x20 + i);
                ip[24 + i] = (byte) (0x40 + i);
            }
            for (int e = 0; e < extensions.length; e++) {
                int at = 40 + 8 * e;
                ip[at] = (byte) (e + 1 < extensions.length ? extensions[e + 1] : protocol);
                ip[at + 1] = 0; // 8 bytes
                ip[at + 2] = 1; // option bytes, and for a routing header type 1 with segments left 0 at +3
                ip[at + 4] = (byte) (0x11 * e);
            }
        } else {
            ip = new byte[20 + ipOptions.length];
            ip[0] = (byte) (0x40 | ip.length / 4);
            ip[1] = 0x10;
            put16(ip, 2, ip.length + l4.length);
            put16(ip, 4, id);
            put16(ip, 6, 0x4000); // DF
            ip[8] = (byte) ttl;
            ip[9] = (byte) protocol;
            ip[12] = (byte) 192;
            ip[13] = (byte) 168;
            ip[14] = 7;
            ip[15] = 1;
            ip[16] = 10;
            ip[17] = 9;
            ip[18] = 8;
            ip[19] = 7;
            System.arraycopy(ipOptions, 0, ip, 20, ipOptions.length);
            if (checksums) {
                put16(ip, 10, ~naiveSum(ip, 0, ip.length) & 0xFFFF);
            }
        }
        out.writeBytes(ip);
        out.writeBytes(l4);
        out.writeBytes(new byte[trailing]);
        byte[] frame = out.toByteArray();
        if (checksums) {
            int l4At = l3 + ip.length;
            int field = l4At + (protocol == 17 ? 6 : 16);
            int csum = ~l4Sum(frame, l3, l4At, l4.length, protocol) & 0xFFFF;
            if (protocol == 17 && csum == 0) {
                csum = 0xFFFF;
            }
            put16(frame, field, csum);
        }
        return frame;
    }

    private byte[] tcp() {
        byte[] h = new byte[20 + tcpOptions.length + payload.length];
        put16(h, 0, 40000);
        put16(h, 2, 80);
        put32(h, 4, seq);
        put32(h, 8, ack);
        h[12] = (byte) ((20 + tcpOptions.length) / 4 << 4);
        h[13] = (byte) flags;
        put16(h, 14, window);
        System.arraycopy(tcpOptions, 0, h, 20, tcpOptions.length);
        System.arraycopy(payload, 0, h, 20 + tcpOptions.length, payload.length);
        return h;
    }

    private byte[] udp() {
        byte[] h = new byte[8 + payload.length];
        put16(h, 0, 5353);
        put16(h, 2, 53);
        put16(h, 4, h.length);
        System.arraycopy(payload, 0, h, 8, payload.length);
        return h;
    }

    /** RFC 1071 the plain way: big-endian words, an odd last byte padded, end-around carry. */
    static int naiveSum(byte[] b, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = b[offset + i] & 0xFF;
            int lo = i + 1 < length ? b[offset + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The sum of the pseudo-header and the {@code length} L4 bytes at {@code l4} of a frame whose IP
     * header starts at {@code l3}, the checksum field read as zero.
     */
    static int l4Sum(byte[] frame, int l3, int l4, int length, int protocol) {
        byte[] copy = Arrays.copyOfRange(frame, l4, l4 + length);
        int field = protocol == 17 ? 6 : 16;
        copy[field] = 0;
        copy[field + 1] = 0;
        boolean v6 = (frame[l3] & 0xF0) == 0x60;
        byte[] pseudo = v6 ? new byte[40] : new byte[12];
        if (v6) {
            System.arraycopy(frame, l3 + 8, pseudo, 0, 32);
            put32(pseudo, 32, length);
            pseudo[39] = (byte) protocol;
        } else {
            System.arraycopy(frame, l3 + 12, pseudo, 0, 8);
            pseudo[9] = (byte) protocol;
            put16(pseudo, 10, length);
        }
        long sum = naiveSum(pseudo, 0, pseudo.length) + (long) naiveSum(copy, 0, copy.length);
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The oracle's verdict (section 4) for a frame laid out like {@link #build()} makes them, IP at
     * {@code l3}, L4 at {@code l4}, datagram ending at {@code end}: the IPv4 header sums to 0xFFFF,
     * and the pseudo-header and the L4 bytes with the checksum field sum to 0xFFFF.
     */
    static boolean verifies(byte[] frame, int l3, int l4, int end, int protocol) {
        boolean v6 = (frame[l3] & 0xF0) == 0x60;
        if (!v6 && naiveSum(frame, l3, l4 - l3) != 0xFFFF) {
            return false;
        }
        int field = l4 + (protocol == 17 ? 6 : 16);
        int stored = (frame[field] & 0xFF) << 8 | (frame[field + 1] & 0xFF);
        if (protocol == 17 && stored == 0) {
            return false;
        }
        long sum = l4Sum(frame, l3, l4, end - l4, protocol) + (long) stored;
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF;
    }

    static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long be32(byte[] b, int at) {
        return (long) be16(b, at) << 16 | be16(b, at + 2);
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static void put32(byte[] b, int at, long value) {
        put16(b, at, (int) (value >>> 16));
        put16(b, at + 2, (int) value);
    }
}
