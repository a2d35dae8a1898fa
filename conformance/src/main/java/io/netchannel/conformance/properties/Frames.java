package io.netchannel.conformance.properties;

import io.netchannel.api.MacAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Ethernet, 802.1Q, IPv4, IPv6, TCP and UDP frames for the properties of chapters 06 and 07, in
 * the shapes their generators draw (byte-array addresses, extension-header lists); the header
 * layouts themselves are {@link FrameBytes}'s, shared with the vector generators. Nothing here
 * parses: the oracles read what these write, so the two stay independent.
 */
public final class Frames {

    /** 802.1Q customer tag. */
    public static final int TPID_8021Q = FrameBytes.C_TAG;
    /** 802.1ad service tag. */
    public static final int TPID_8021AD = FrameBytes.S_TAG;
    /** The pre-standard service tag. */
    public static final int TPID_9100 = FrameBytes.OLD_S_TAG;
    /** IPv4. */
    public static final int IPV4 = FrameBytes.IPV4;
    /** IPv6. */
    public static final int IPV6 = FrameBytes.IPV6;
    /** ARP. */
    public static final int ARP = FrameBytes.ARP;
    /** IP protocol numbers. */
    public static final int TCP = FrameBytes.TCP;
    public static final int UDP = FrameBytes.UDP;
    public static final int ICMP = FrameBytes.ICMP;
    public static final int ICMPV6 = 58;
    /** IPv6 extension header types the walk of TXF-7 knows. */
    public static final int HOP_BY_HOP = FrameBytes.HOP_BY_HOP;
    public static final int ROUTING = FrameBytes.ROUTING;
    public static final int FRAGMENT = FrameBytes.FRAGMENT;
    public static final int DEST_OPTIONS = FrameBytes.DESTINATION_OPTIONS;
    /** IPv6 "no next header". */
    public static final int NO_NEXT = FrameBytes.NO_NEXT_HEADER;

    private Frames() {
    }

    /** {@code dst, src, etherType, payload}: an untagged frame. */
    public static byte[] ethernet(MacAddress dst, MacAddress src, int etherType, byte[] payload) {
        return FrameBytes.ether(dst, src, etherType, payload);
    }

    /** {@code frame} with a 4-byte tag {@code tpid, tci} inserted after the source MAC (octet 12). */
    public static byte[] tag(byte[] frame, int tpid, int tci) {
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        put16(tagged, 12, tpid);
        put16(tagged, 14, tci);
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    /** {@code frame} without octets 12..15. */
    public static byte[] untag(byte[] frame) {
        byte[] stripped = new byte[frame.length - 4];
        System.arraycopy(frame, 0, stripped, 0, 12);
        System.arraycopy(frame, 16, stripped, 12, frame.length - 16);
        return stripped;
    }

    /** A TCI: priority {@code pcp} (0..7), drop-eligible bit, VID (0..4095). */
    public static int tci(int pcp, boolean dei, int vid) {
        return (pcp & 7) << 13 | (dei ? 1 << 12 : 0) | (vid & 0xFFF);
    }

    /** {@code length} payload bytes following a pattern seeded by {@code seed}. */
    public static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (seed * 7 + k * 13 + (k >>> 8));
        }
        return bytes;
    }

    /**
     * An IPv4 header of {@code ihl} 32-bit words (options zero) followed by {@code payload}; the
     * version nibble is {@code version}, the fragment offset field {@code fragmentOffset} (13 bits),
     * the total length whatever {@code totalLength} says (TXF-7: it is not consulted).
     */
    public static byte[] ipv4(int version, int ihl, int protocol, int fragmentOffset, int totalLength, byte[] src, byte[] dst, byte[] payload) {
        byte[] options = new byte[Math.max(0, ihl * 4 - 20)];
        byte[] packet = FrameBytes.ipv4Raw((version & 0xF) << 4 | (ihl & 0xF), fragmentOffset & 0x1FFF, src, dst, protocol, options, payload);
        put16(packet, 2, totalLength);
        return packet;
    }

    /** A well-formed IPv4 header (version 4, IHL 5, not a fragment) and {@code payload}. */
    public static byte[] ipv4(int protocol, byte[] src, byte[] dst, byte[] payload) {
        return ipv4(4, 5, protocol, 0, 20 + payload.length, src, dst, payload);
    }

    /**
     * An IPv6 extension header. For {@link #FRAGMENT}, {@code value} is the 13-bit fragment offset;
     * for the others it is the length field (the header is {@code (value + 1) * 8} bytes).
     */
    public record Extension(int type, int value) {
        /** The header's bytes, its next-header octet set to {@code next}. */
        byte[] bytes(int next) {
            return type == FRAGMENT ? FrameBytes.fragment6(next, value & 0x1FFF, false) : FrameBytes.extension(next, value);
        }
    }

    /**
     * An IPv6 header whose first next-header chain is {@code extensions} then {@code protocol},
     * followed by the extension headers and {@code payload}; the version nibble is {@code version}.
     */
    public static byte[] ipv6(int version, byte[] src, byte[] dst, List<Extension> extensions, int protocol, byte[] payload) {
        byte[][] rest = new byte[extensions.size() + 1][];
        for (int k = 0; k < extensions.size(); k++) {
            rest[k] = extensions.get(k).bytes(k + 1 < extensions.size() ? extensions.get(k + 1).type() : protocol);
        }
        rest[extensions.size()] = payload;
        return FrameBytes.ipv6Raw((version & 0xF) << 4, src, dst, extensions.isEmpty() ? protocol : extensions.get(0).type(), rest);
    }

    /** The first bytes of a TCP or UDP header: ports, then {@code rest} pattern bytes. */
    public static byte[] ports(int source, int destination, int rest) {
        byte[] bytes = new byte[4 + rest];
        put16(bytes, 0, source);
        put16(bytes, 2, destination);
        byte[] tail = pattern(rest, source ^ destination);
        System.arraycopy(tail, 0, bytes, 4, rest);
        return bytes;
    }

    /** An IPv4 address. */
    public static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** An IPv6 address: the 16-bit groups given, the rest zero ({@code v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)}). */
    public static byte[] v6(int... groups) {
        byte[] address = new byte[16];
        for (int k = 0; k < groups.length && k < 8; k++) {
            put16(address, 2 * k, groups[k]);
        }
        return address;
    }

    /** The first {@code length} bytes of {@code bytes} (a truncated header). */
    public static byte[] cut(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, Math.max(0, length)));
    }

    static void put16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF);
    }
}
