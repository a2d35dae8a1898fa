package io.netchannel.conformance.properties;

import io.netchannel.api.MacAddress;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Ethernet, 802.1Q, IPv4, IPv6, TCP and UDP frames written byte by byte (network order), for the
 * properties of chapters 06 and 07. Nothing here parses: the oracles read what these write, so
 * the two stay independent.
 */
public final class Frames {

    /** 802.1Q customer tag. */
    public static final int TPID_8021Q = 0x8100;
    /** 802.1ad service tag. */
    public static final int TPID_8021AD = 0x88A8;
    /** The pre-standard service tag. */
    public static final int TPID_9100 = 0x9100;
    /** IPv4. */
    public static final int IPV4 = 0x0800;
    /** IPv6. */
    public static final int IPV6 = 0x86DD;
    /** ARP. */
    public static final int ARP = 0x0806;
    /** IP protocol numbers. */
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    /** IPv6 extension header types the walk of TXF-7 knows. */
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DEST_OPTIONS = 60;
    /** IPv6 "no next header". */
    public static final int NO_NEXT = 59;

    private Frames() {
    }

    /** {@code dst, src, etherType, payload}: an untagged frame. */
    public static byte[] ethernet(MacAddress dst, MacAddress src, int etherType, byte[] payload) {
        byte[] frame = new byte[14 + payload.length];
        dst.write(frame, 0);
        src.write(frame, 6);
        put16(frame, 12, etherType);
        System.arraycopy(payload, 0, frame, 14, payload.length);
        return frame;
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
        int header = Math.max(20, ihl * 4);
        byte[] packet = new byte[header + payload.length];
        packet[0] = (byte) ((version & 0xF) << 4 | (ihl & 0xF));
        put16(packet, 2, totalLength);
        put16(packet, 4, 0x1234);
        put16(packet, 6, fragmentOffset & 0x1FFF);
        packet[8] = 64;
        packet[9] = (byte) protocol;
        System.arraycopy(src, 0, packet, 12, 4);
        System.arraycopy(dst, 0, packet, 16, 4);
        System.arraycopy(payload, 0, packet, header, payload.length);
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
            byte[] header = new byte[type == FRAGMENT ? 8 : (value + 1) * 8];
            header[0] = (byte) next;
            if (type == FRAGMENT) {
                put16(header, 2, (value & 0x1FFF) << 3);
            } else {
                header[1] = (byte) value;
                Arrays.fill(header, 2, header.length, (byte) 0x01); // PadN-ish filler, never read
            }
            return header;
        }
    }

    /**
     * An IPv6 header whose first next-header chain is {@code extensions} then {@code protocol},
     * followed by the extension headers and {@code payload}; the version nibble is {@code version}.
     */
    public static byte[] ipv6(int version, byte[] src, byte[] dst, List<Extension> extensions, int protocol, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[40];
        header[0] = (byte) ((version & 0xF) << 4);
        header[6] = (byte) (extensions.isEmpty() ? protocol : extensions.get(0).type());
        header[7] = 64;
        System.arraycopy(src, 0, header, 8, 16);
        System.arraycopy(dst, 0, header, 24, 16);
        out.writeBytes(header);
        for (int k = 0; k < extensions.size(); k++) {
            int next = k + 1 < extensions.size() ? extensions.get(k + 1).type() : protocol;
            out.writeBytes(extensions.get(k).bytes(next));
        }
        out.writeBytes(payload);
        byte[] packet = out.toByteArray();
        put16(packet, 4, packet.length - 40);
        return packet;
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
