package io.netchannel.model.offload;

import java.util.Optional;

/**
 * Where the headers of a frame the device offloads lie: the one parse of spec 11, section 3
 * (OFF-3). Every offload starts with it; a frame it refuses is not offloaded. Offsets count from
 * the frame's first byte.
 *
 * <pre>
 * Ethernet II, at most one 802.1Q tag          IPv4 (l3), ihl = 4 · IHL bytes
 *  0      destination MAC (6)                   +0  version(4) IHL(4) | TOS | total length (2)
 *  6      source MAC (6)                        +4  identification (2) | flags(3) fragment offset(13)
 *  12     EtherType, or 0x8100 then TCI at 14   +8  TTL | protocol | header checksum (2)
 *  12/16  EtherType 0x0800 or 0x86DD            +12 source address (4)
 *  14/18  l3: the IP header                     +16 destination address (4), then options to ihl
 *
 * IPv6 (l3), 40 bytes                           extension headers 0, 43, 60 (8-byte units)
 *  +0  version(4) traffic class(8) flow(20)     +0  next header | length in 8 bytes, less one
 *  +4  payload length (2) | next | hop limit    +2  routing (43): type | segments left (at +3)
 *  +8  source address (16), +24 destination (16)
 *
 * TCP (l4), thl = 4 · data offset bytes         UDP (l4), 8 bytes
 *  +0  source port | destination port           +0  source port | destination port
 *  +4  sequence number (4)                      +4  length (= end − l4) | checksum (at +6)
 *  +8  acknowledgment number (4)
 *  +12 data offset(4) reserved(3) NS(1) | flags CWR ECE URG ACK PSH RST SYN FIN
 *  +14 window | +16 checksum | +18 urgent pointer, then options to thl
 * </pre>
 *
 * @param l3 where the IP header starts: 14, or 18 after a tag
 * @param version 4 or 6
 * @param l4 where the TCP or UDP header starts
 * @param end where the datagram ends; bytes from here to the frame's end are trailing bytes
 * @param proto 6 (TCP) or 17 (UDP)
 * @param thl the TCP header's length in bytes; 8 for UDP
 */
public record Headers(int l3, int version, int l4, int end, int proto, int thl) {

    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;
    /** Offset of the TCP checksum in the TCP header. */
    public static final int TCP_CHECKSUM = 16;
    /** Offset of the UDP checksum in the UDP header. */
    public static final int UDP_CHECKSUM = 6;
    /** Offset of the TCP sequence number in the TCP header. */
    public static final int TCP_SEQUENCE = 4;
    /** Offset of the TCP data offset byte (data offset, reserved bits, NS) in the TCP header. */
    public static final int TCP_OFFSET_BYTE = 12;
    /** Offset of the TCP flags byte in the TCP header. */
    public static final int TCP_FLAGS = 13;
    /** Offset of the IPv4 total length in the IPv4 header. */
    public static final int IPV4_TOTAL_LENGTH = 2;
    /** Offset of the IPv4 identification in the IPv4 header. */
    public static final int IPV4_ID = 4;
    /** Offset of the IPv4 header checksum in the IPv4 header. */
    public static final int IPV4_CHECKSUM = 10;
    /** Offset of the IPv6 payload length in the IPv6 header. */
    public static final int IPV6_PAYLOAD_LENGTH = 4;
    /** Bytes in an IPv4 header without options. */
    public static final int IPV4_HEADER = 20;
    /** Bytes in the IPv6 fixed header. */
    public static final int IPV6_HEADER = 40;

    private static final int ETHERNET = 14;
    private static final int TAGGED = 18;
    private static final int TYPE_8021Q = 0x8100;
    private static final int TYPE_IPV4 = 0x0800;
    private static final int TYPE_IPV6 = 0x86DD;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int UDP_HEADER = 8;
    private static final int TCP_MIN_HEADER = 20;

    /**
     * Section 3's parse of {@code frame}, all of whose bytes are the frame ({@code L} is its
     * length). It reads no byte at or past {@code L}, and none past the datagram's end once it
     * knows it (OFF-3).
     *
     * @return the offsets, or empty when the device does not offload this frame
     */
    public static Optional<Headers> parse(byte[] frame) {
        int length = frame.length;
        if (length < ETHERNET) {
            return Optional.empty();
        }
        int type = BigEndian.u16(frame, 12);
        int l3 = ETHERNET;
        if (type == TYPE_8021Q) { // one 802.1Q tag; a second (0x8100, 0x88A8) fails below
            if (length < TAGGED) {
                return Optional.empty();
            }
            type = BigEndian.u16(frame, 16);
            l3 = TAGGED;
        }
        int version;
        int proto;
        int l4;
        int end;
        if (type == TYPE_IPV4) {
            if (length < l3 + IPV4_HEADER || BigEndian.u8(frame, l3) >> 4 != 4) {
                return Optional.empty();
            }
            int ihl = 4 * (BigEndian.u8(frame, l3) & 0x0F);
            if (ihl < IPV4_HEADER || l3 + ihl > length) {
                return Optional.empty();
            }
            int total = BigEndian.u16(frame, l3 + IPV4_TOTAL_LENGTH);
            if (total < ihl || l3 + total > length) {
                return Optional.empty();
            }
            if ((BigEndian.u16(frame, l3 + 6) & 0x3FFF) != 0) {
                return Optional.empty(); // MF set or offset other than 0: a fragment
            }
            version = 4;
            proto = BigEndian.u8(frame, l3 + 9);
            l4 = l3 + ihl;
            end = l3 + total;
        } else if (type == TYPE_IPV6) {
            if (length < l3 + IPV6_HEADER || BigEndian.u8(frame, l3) >> 4 != 6) {
                return Optional.empty();
            }
            end = l3 + IPV6_HEADER + BigEndian.u16(frame, l3 + IPV6_PAYLOAD_LENGTH);
            if (end > length) {
                return Optional.empty();
            }
            version = 6;
            proto = BigEndian.u8(frame, l3 + 6);
            l4 = l3 + IPV6_HEADER;
            boolean first = true;
            while (proto == HOP_BY_HOP || proto == ROUTING || proto == DESTINATION_OPTIONS) {
                if (proto == HOP_BY_HOP && !first) {
                    return Optional.empty(); // hop-by-hop only directly after the fixed header
                }
                if (l4 + 8 > end) {
                    return Optional.empty();
                }
                if (proto == ROUTING && BigEndian.u8(frame, l4 + 3) != 0) {
                    return Optional.empty(); // segments left: the final destination is not the header's
                }
                proto = BigEndian.u8(frame, l4);
                l4 = l4 + 8 * (BigEndian.u8(frame, l4 + 1) + 1);
                first = false;
                if (l4 > end) {
                    return Optional.empty();
                }
            }
        } else {
            return Optional.empty(); // another EtherType, or a second tag
        }
        int thl;
        if (proto == TCP) {
            if (end - l4 < TCP_MIN_HEADER) {
                return Optional.empty();
            }
            thl = 4 * (BigEndian.u8(frame, l4 + TCP_OFFSET_BYTE) >> 4);
            if (thl < TCP_MIN_HEADER || thl > end - l4) {
                return Optional.empty();
            }
        } else if (proto == UDP) {
            if (end - l4 < UDP_HEADER || BigEndian.u16(frame, l4 + 4) != end - l4) {
                return Optional.empty();
            }
            thl = UDP_HEADER;
        } else {
            return Optional.empty(); // fragment header, AH, ESP, ICMP, anything else
        }
        return Optional.of(new Headers(l3, version, l4, end, proto, thl));
    }

    /** Whether the datagram is TCP. */
    public boolean tcp() {
        return proto == TCP;
    }

    /** Whether the datagram is IPv4. */
    public boolean ipv4() {
        return version == 4;
    }

    /** The L4 length: the TCP or UDP header and its payload, {@code end − l4}. */
    public int l4Length() {
        return end - l4;
    }

    /** Where the TCP or UDP checksum field lies in the frame. */
    public int checksumOffset() {
        return l4 + (tcp() ? TCP_CHECKSUM : UDP_CHECKSUM);
    }

    /** Where the payload starts: after the TCP header with its options, or the UDP header. */
    public int payloadOffset() {
        return l4 + thl;
    }

    /** The payload length: {@code end − l4 − thl}. */
    public int payloadLength() {
        return end - l4 - thl;
    }

    /** The IP header's length, options or extension headers included: {@code l4 − l3}. */
    public int ipHeaderLength() {
        return l4 - l3;
    }

    /**
     * The ones' complement sum of the pseudo-header (section 4), in order: IPv4 source (4),
     * destination (4), a zero byte, proto, L4 length (2); IPv6 source (16), destination (16), L4
     * length (4), three zero bytes, proto.
     */
    public int pseudoHeaderSum(byte[] frame) {
        int sum;
        if (ipv4()) {
            sum = InternetChecksum.sum(frame, l3 + 12, 8); // source and destination addresses
            sum = InternetChecksum.add(sum, proto); // 0x00, proto
            return InternetChecksum.add(sum, l4Length());
        }
        sum = InternetChecksum.sum(frame, l3 + 8, 32); // source and destination addresses
        sum = InternetChecksum.add(sum, l4Length() >>> 16);
        sum = InternetChecksum.add(sum, l4Length() & 0xFFFF);
        return InternetChecksum.add(sum, proto); // 0x000000, proto
    }
}
