package io.netchannel.conformance.properties;

import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Frames built by hand, field by field, for the vectors and properties of chapters 06 and 07: Ethernet, 802.1Q
 * and service tags, IPv4 (any IHL, fragments), IPv6 with extension headers, TCP and UDP. Each
 * builder writes exactly the bytes its name says, so a test's comment can say what its frame is.
 * Checksums are left 0: no rule of the core profile reads them.
 */
public final class FrameBytes {

    public static final int IPV4 = 0x0800;
    public static final int IPV6 = 0x86DD;
    public static final int ARP = 0x0806;
    /** IEEE 802 local experimental EtherType 1: the payload of frames whose upper layers do not matter. */
    public static final int LOCAL = 0x88B5;
    public static final int C_TAG = 0x8100;
    public static final int S_TAG = 0x88A8;
    public static final int OLD_S_TAG = 0x9100;

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int NO_NEXT_HEADER = 59;

    private FrameBytes() {
    }

    /** The bytes of {@code parts} one after the other. */
    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code length} payload bytes that differ from their neighbours: {@code seed + 7k}. */
    public static byte[] data(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (seed + 7 * k);
        }
        return bytes;
    }

    /** The first {@code length} bytes of {@code frame}. */
    public static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] macs(MacAddress destination, MacAddress source) {
        byte[] bytes = new byte[12];
        destination.write(bytes, 0);
        source.write(bytes, 6);
        return bytes;
    }

    /** Destination, source, EtherType, then the payload parts. */
    public static byte[] ether(MacAddress destination, MacAddress source, int etherType, byte[]... payload) {
        return cat(macs(destination, source), u16(etherType), cat(payload));
    }

    /** Destination, source, an 802.1Q tag (0x8100 and {@code tci}), the EtherType, then the payload parts. */
    public static byte[] dot1q(MacAddress destination, MacAddress source, int tci, int etherType, byte[]... payload) {
        return tagged(destination, source, C_TAG, tci, etherType, payload);
    }

    /** Destination, source, a tag {@code tpid} and {@code tci}, the EtherType, then the payload parts. */
    public static byte[] tagged(MacAddress destination, MacAddress source, int tpid, int tci, int etherType, byte[]... payload) {
        return cat(macs(destination, source), u16(tpid), u16(tci), u16(etherType), cat(payload));
    }

    /** The octets of an IPv4 or IPv6 address in text form. */
    public static byte[] address(String text) {
        return IpPrefix.parse(text + (text.contains(":") ? "/128" : "/32")).address();
    }

    /** An IPv4 header of IHL 5, no fragmentation, TTL 64, total length set, and then {@code payload}. */
    public static byte[] ipv4(String source, String destination, int protocol, byte[] payload) {
        return ipv4(5, 0, source, destination, protocol, new byte[0], payload);
    }

    /**
     * An IPv4 header: version 4 and {@code ihl}, flags and fragment offset {@code fragment} (the
     * 16 bits of octets 6–7), TTL 64, then {@code options} and {@code payload}. The total length
     * counts what follows; the header checksum is 0.
     */
    public static byte[] ipv4(int ihl, int fragment, String source, String destination, int protocol, byte[] options, byte[] payload) {
        return ipv4Raw(0x40 | ihl, fragment, source, destination, protocol, options, payload);
    }

    /** An IPv4-like header whose first octet is {@code versionIhl} exactly. */
    public static byte[] ipv4Raw(int versionIhl, int fragment, String source, String destination, int protocol, byte[] options, byte[] payload) {
        return ipv4Raw(versionIhl, fragment, address(source), address(destination), protocol, options, payload);
    }

    /** As {@link #ipv4Raw(int, int, String, String, int, byte[], byte[])}, with the address octets. */
    public static byte[] ipv4Raw(int versionIhl, int fragment, byte[] source, byte[] destination, int protocol, byte[] options, byte[] payload) {
        byte[] header = new byte[20];
        header[0] = (byte) versionIhl;
        int total = 20 + options.length + payload.length;
        header[2] = (byte) (total >>> 8);
        header[3] = (byte) total;
        header[4] = 0x12;
        header[5] = 0x34;
        header[6] = (byte) (fragment >>> 8);
        header[7] = (byte) fragment;
        header[8] = 64;
        header[9] = (byte) protocol;
        System.arraycopy(source, 0, header, 12, 4);
        System.arraycopy(destination, 0, header, 16, 4);
        return cat(header, options, payload);
    }

    /**
     * An IPv6 header (version 6, traffic class and flow label 0, hop limit 64), its payload length
     * counting {@code rest}, next header {@code next}, then {@code rest}.
     */
    public static byte[] ipv6(String source, String destination, int next, byte[]... rest) {
        return ipv6Raw(0x60, source, destination, next, rest);
    }

    /** An IPv6-like header whose first octet is {@code first} exactly. */
    public static byte[] ipv6Raw(int first, String source, String destination, int next, byte[]... rest) {
        return ipv6Raw(first, address(source), address(destination), next, rest);
    }

    /** As {@link #ipv6Raw(int, String, String, int, byte[]...)}, with the address octets. */
    public static byte[] ipv6Raw(int first, byte[] source, byte[] destination, int next, byte[]... rest) {
        byte[] tail = cat(rest);
        byte[] header = new byte[40];
        header[0] = (byte) first;
        header[4] = (byte) (tail.length >>> 8);
        header[5] = (byte) tail.length;
        header[6] = (byte) next;
        header[7] = 64;
        System.arraycopy(source, 0, header, 8, 16);
        System.arraycopy(destination, 0, header, 24, 16);
        return cat(header, tail);
    }

    /**
     * A Hop-by-Hop, Routing or Destination Options header: next header, header extension length
     * {@code units} ((units + 1) × 8 bytes in all), then PadN options filling it.
     */
    public static byte[] extension(int next, int units) {
        byte[] header = new byte[(units + 1) * 8];
        header[0] = (byte) next;
        header[1] = (byte) units;
        header[2] = 1; // PadN
        header[3] = (byte) (header.length - 4);
        return header;
    }

    /** An IPv6 Fragment header: next header, fragment offset in 8-byte units, the M flag, identification 0x01020304. */
    public static byte[] fragment6(int next, int offset, boolean more) {
        int field = offset << 3 | (more ? 1 : 0);
        return new byte[] {(byte) next, 0, (byte) (field >>> 8), (byte) field, 1, 2, 3, 4};
    }

    /** A UDP header (length set, checksum 0), then {@code payload}. */
    public static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        return cat(u16(sourcePort), u16(destinationPort), u16(8 + payload.length), u16(0), payload);
    }

    /** A 20-byte TCP header, SYN, window 0xffff, checksum 0. */
    public static byte[] tcp(int sourcePort, int destinationPort) {
        return cat(u16(sourcePort), u16(destinationPort), new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});
    }

    /** An ARP request (Ethernet, IPv4) from {@code senderMac} / {@code sender} for {@code target}. */
    public static byte[] arp(MacAddress senderMac, String sender, String target) {
        byte[] body = new byte[28];
        body[1] = 1; // hardware type Ethernet
        body[2] = 0x08; // protocol type IPv4
        body[4] = 6;
        body[5] = 4;
        body[7] = 1; // request
        senderMac.write(body, 8);
        System.arraycopy(address(sender), 0, body, 14, 4);
        System.arraycopy(address(target), 0, body, 24, 4);
        return body;
    }
}
