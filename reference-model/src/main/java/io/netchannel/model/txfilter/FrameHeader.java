package io.netchannel.model.txfilter;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fields a filter rule can look at, read from the frame the guest sent (spec 07, section 4,
 * TXF-7). A field that cannot be read is empty; nothing is assumed.
 *
 * <pre>
 *  Ethernet  | dst MAC 0..5 | src MAC 6..11 | [0x8100 TCI 12..15] | EtherType | network header
 *  IPv4      | 0 ver/IHL | .. | 6-7 flags/fragment offset | 9 protocol | 12-15 src | 16-19 dst | IHL*4 ..
 *  IPv6      | 0 ver | .. | 6 next header | 8-23 src | 24-39 dst | 40 .. extension headers
 *  TCP/UDP   | 0-1 source port | 2-3 destination port
 * </pre>
 *
 * @param etherType octets 12–13, or 16–17 after one 802.1Q tag; empty for a frame under 14 bytes
 * @param source the IP source address, when the IPv4 or IPv6 header is readable
 * @param destination the IP destination address, when the IPv4 or IPv6 header is readable
 * @param protocol the IPv4 protocol, or the IPv6 header after the extension headers, when known
 * @param laterFragment the frame is a fragment other than the first
 * @param sourcePort the TCP or UDP source port, when known
 * @param destinationPort the TCP or UDP destination port, when known
 */
public record FrameHeader(OptionalInt etherType, Optional<IpAddress> source, Optional<IpAddress> destination, OptionalInt protocol,
        boolean laterFragment, OptionalInt sourcePort, OptionalInt destinationPort) {

    /** EtherType of IPv4. */
    public static final int IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int IPV6 = 0x86DD;
    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;
    /** The most IPv6 extension headers the walk passes. */
    public static final int MAX_EXTENSION_HEADERS = 8;

    private static final int TPID_8021Q = 0x8100;
    private static final int ETHER_HEADER = 14;
    private static final int TAGGED_ETHER_HEADER = 18;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int FRAGMENT_HEADER = 8;
    private static final int PORTS = 4;

    /** Rejects nulls. */
    public FrameHeader {
        Objects.requireNonNull(etherType, "etherType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sourcePort, "sourcePort");
        Objects.requireNonNull(destinationPort, "destinationPort");
    }

    /** The header fields of {@code frame}, the whole array being the frame. */
    public static FrameHeader read(byte[] frame) {
        if (frame.length < ETHER_HEADER) {
            return new FrameHeader(OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), false,
                    OptionalInt.empty(), OptionalInt.empty());
        }
        int etherType = u16(frame, 12);
        int network = ETHER_HEADER;
        if (etherType == TPID_8021Q && frame.length >= TAGGED_ETHER_HEADER) {
            etherType = u16(frame, 16); // at most one tag is looked through
            network = TAGGED_ETHER_HEADER;
        }
        if (etherType == IPV4) {
            return ipv4(frame, network);
        }
        if (etherType == IPV6) {
            return ipv6(frame, network);
        }
        return etherOnly(etherType);
    }

    private static FrameHeader etherOnly(int etherType) {
        return new FrameHeader(OptionalInt.of(etherType), Optional.empty(), Optional.empty(), OptionalInt.empty(), false,
                OptionalInt.empty(), OptionalInt.empty());
    }

    /** Readable with 20 bytes, version 4, IHL at least 5 and IHL × 4 bytes present; total length ignored. */
    private static FrameHeader ipv4(byte[] frame, int network) {
        int available = frame.length - network;
        if (available < IPV4_MIN_HEADER || (frame[network] & 0xF0) != 0x40) {
            return etherOnly(IPV4);
        }
        int headerLength = (frame[network] & 0x0F) * 4;
        if (headerLength < IPV4_MIN_HEADER || headerLength > available) {
            return etherOnly(IPV4); // TXF-7: an unreadable header yields no field
        }
        int protocol = frame[network + 9] & 0xFF;
        boolean later = (u16(frame, network + 6) & 0x1FFF) != 0;
        return withPorts(IPV4, IpAddress.read(frame, network + 12, 4), IpAddress.read(frame, network + 16, 4),
                OptionalInt.of(protocol), later, frame, network + headerLength);
    }

    /**
     * Readable with 40 bytes and version 6. The protocol is the first next-header value that is not
     * Hop-by-Hop, Routing, Destination Options or Fragment, found within 8 extension headers each
     * lying wholly inside the frame; otherwise it is unknown and the addresses stay known.
     */
    private static FrameHeader ipv6(byte[] frame, int network) {
        if (frame.length - network < IPV6_HEADER || (frame[network] & 0xF0) != 0x60) {
            return etherOnly(IPV6);
        }
        IpAddress source = IpAddress.read(frame, network + 8, 16);
        IpAddress destination = IpAddress.read(frame, network + 24, 16);
        int next = frame[network + 6] & 0xFF;
        int at = network + IPV6_HEADER;
        boolean later = false;
        for (int walked = 0; isExtension(next); walked++) {
            int size;
            if (walked == MAX_EXTENSION_HEADERS) {
                size = -1; // TXF-7: more headers than the walk passes
            } else if (next == FRAGMENT) {
                size = FRAGMENT_HEADER;
            } else {
                size = at + 2 <= frame.length ? ((frame[at + 1] & 0xFF) + 1) * 8 : -1;
            }
            if (size < 0 || at + size > frame.length) {
                return withPorts(IPV6, source, destination, OptionalInt.empty(), later, frame, at); // TXF-7: protocol unknown
            }
            if (next == FRAGMENT) {
                later = later || (u16(frame, at + 2) >>> 3) != 0;
            }
            next = frame[at] & 0xFF;
            at += size;
        }
        return withPorts(IPV6, source, destination, OptionalInt.of(next), later, frame, at);
    }

    private static boolean isExtension(int next) {
        return next == HOP_BY_HOP || next == ROUTING || next == DESTINATION_OPTIONS || next == FRAGMENT;
    }

    /** Ports are known for TCP and UDP, not a later fragment, with 4 bytes after the last header. */
    private static FrameHeader withPorts(int etherType, IpAddress source, IpAddress destination, OptionalInt protocol,
            boolean later, byte[] frame, int transport) {
        boolean known = protocol.isPresent() && (protocol.getAsInt() == TCP || protocol.getAsInt() == UDP)
                && !later && transport + PORTS <= frame.length;
        return new FrameHeader(OptionalInt.of(etherType), Optional.of(source), Optional.of(destination), protocol, later,
                known ? OptionalInt.of(u16(frame, transport)) : OptionalInt.empty(),
                known ? OptionalInt.of(u16(frame, transport + 2)) : OptionalInt.empty());
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
