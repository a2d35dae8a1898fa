package io.netchannel.fastnic;

/**
 * Spec 11, section 3: the one parse of a frame's headers every offload starts with (OFF-3), and
 * the checksum verdict of section 4 (CSUM-5). A reusable cursor: {@link #parse} fills its public
 * fields, offsets relative to the frame's first byte, and allocates nothing.
 *
 * <pre>
 *  frame:  | L2: 14, or 18 with one 802.1Q tag | IPv4 (ihl) or IPv6 (40 + ext) | TCP (thl) or UDP (8) | payload | trailing |
 *          0                                   l3                              l4                     l4+thl   end        L
 *
 *  IPv4 header (l3):                       IPv6 header (l3):            TCP header (l4):
 *   0 version/ihl  1 tos  2-3 total length   0-3 version, class, flow    0-1 src port  2-3 dst port
 *   4-5 id  6-7 flags, fragment offset       4-5 payload length          4-7 sequence  8-11 acknowledgment
 *   8 ttl  9 protocol  10-11 header csum     6 next header  7 hop limit  12 data offset (hi 4 bits), NS
 *   12-15 source  16-19 destination          8-23 source                 13 flags (CWR ECE URG ACK PSH RST SYN FIN)
 *   20.. options                             24-39 destination           14-15 window  16-17 csum  18-19 urgent
 *                                                                        UDP (l4): 4-5 length  6-7 csum
 * </pre>
 *
 * Extension headers walked (hop-by-hop only first, routing with segments left 0, destination
 * options) are 8-byte units: next header at +0, length in 8-byte units less one at +1.
 */
final class HeaderParse {

    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    /** Byte offsets of the checksum fields within the L4 header. */
    static final int TCP_CHECKSUM = 16;
    static final int UDP_CHECKSUM = 6;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int TPID_8021Q = 0x8100;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DEST_OPTIONS = 60;

    /** Where the IP header starts: 14, or 18 after one tag. */
    int l3;
    /** True for IPv4, false for IPv6. */
    boolean ipv4;
    /** Where the TCP or UDP header starts. */
    int l4;
    /** One past the datagram's last byte; bytes from here to the frame's end are trailing bytes. */
    int end;
    /** 6 (TCP) or 17 (UDP). */
    int proto;
    /** TCP header length in bytes (20 to 60); 8 for UDP. */
    int thl;

    /**
     * Section 3's parse of the {@code length} bytes at {@code offset} of {@code f}: true with the
     * fields set, or false (FAIL). Reads no byte at or past the datagram's end beyond the headers
     * the pseudo-code itself reads (OFF-3).
     */
    boolean parse(byte[] f, int offset, int length) {
        final int len = length;
        if (len < 14) {
            return false;
        }
        int type = be16(f, offset + 12);
        int l3 = 14;
        if (type == TPID_8021Q) { // one 802.1Q tag; a second tag (0x8100, 0x88A8) fails below
            if (len < 18) {
                return false;
            }
            type = be16(f, offset + 16);
            l3 = 18;
        }
        int proto;
        int l4;
        int end;
        if (type == ETHERTYPE_IPV4) {
            if (len < l3 + 20 || (f[offset + l3] & 0xFF) >>> 4 != 4) {
                return false;
            }
            int ihl = 4 * (f[offset + l3] & 0x0F);
            if (ihl < 20 || l3 + ihl > len) {
                return false;
            }
            int total = be16(f, offset + l3 + 2);
            if (total < ihl || l3 + total > len) {
                return false;
            }
            if ((be16(f, offset + l3 + 6) & 0x3FFF) != 0) {
                return false; // MF set or offset not 0: a fragment
            }
            proto = f[offset + l3 + 9] & 0xFF;
            l4 = l3 + ihl;
            end = l3 + total;
            ipv4 = true;
        } else if (type == ETHERTYPE_IPV6) {
            if (len < l3 + 40 || (f[offset + l3] & 0xFF) >>> 4 != 6) {
                return false;
            }
            end = l3 + 40 + be16(f, offset + l3 + 4);
            if (end > len) {
                return false;
            }
            proto = f[offset + l3 + 6] & 0xFF;
            l4 = l3 + 40;
            boolean first = true;
            while (proto == HOP_BY_HOP || proto == ROUTING || proto == DEST_OPTIONS) { // each step moves l4 on by 8 or more
                if (proto == HOP_BY_HOP && !first) {
                    return false;
                }
                if (l4 + 8 > end) {
                    return false;
                }
                if (proto == ROUTING && f[offset + l4 + 3] != 0) {
                    return false; // segments left: the final address is unknown
                }
                proto = f[offset + l4] & 0xFF;
                l4 += 8 * ((f[offset + l4 + 1] & 0xFF) + 1);
                first = false;
                if (l4 > end) {
                    return false;
                }
            }
            ipv4 = false;
        } else {
            return false;
        }
        if (proto == PROTO_TCP) {
            if (end - l4 < 20) {
                return false;
            }
            int headerLength = 4 * ((f[offset + l4 + 12] & 0xFF) >>> 4);
            if (headerLength < 20 || headerLength > end - l4) {
                return false;
            }
            thl = headerLength;
        } else if (proto == PROTO_UDP) {
            if (end - l4 < 8 || be16(f, offset + l4 + 4) != end - l4) {
                return false;
            }
            thl = 8;
        } else {
            return false;
        }
        this.l3 = l3;
        this.l4 = l4;
        this.end = end;
        this.proto = proto;
        return true;
    }

    /** The offset of the parsed frame's L4 checksum field, relative to the frame. */
    int checksumAt() {
        return l4 + (proto == PROTO_TCP ? TCP_CHECKSUM : UDP_CHECKSUM);
    }

    /**
     * The partial sum of the pseudo-header (spec 11, section 4) of the parsed frame at
     * {@code offset} of {@code f}, for an L4 length of {@code l4Length}: IPv4 source and
     * destination, a zero byte and {@code proto}, the 16-bit length; IPv6 source and destination,
     * the 32-bit length, three zero bytes and {@code proto}. In 16-bit words the two orders differ
     * only in where zeros stand, so both sum the addresses, {@code proto} and the length.
     */
    int pseudoSum(byte[] f, int offset, int l4Length) {
        int addresses = ipv4 ? Checksum.sum(f, offset + l3 + 12, 8) : Checksum.sum(f, offset + l3 + 8, 32);
        return Checksum.addWords(addresses, (long) proto + l4Length);
    }

    /**
     * CSUM-5, section 4: the {@code length} bytes at {@code offset} of {@code f} parse, the IPv4
     * header (if IPv4) sums to 0xFFFF, and the pseudo-header and L4 bytes, checksum field included,
     * sum to 0xFFFF; a UDP checksum field of 0 never verifies. Overwrites the parse fields.
     */
    boolean verifies(byte[] f, int offset, int length) {
        if (!parse(f, offset, length)) {
            return false;
        }
        if (ipv4 && Checksum.sum(f, offset + l3, l4 - l3) != 0xFFFF) {
            return false;
        }
        if (proto == PROTO_UDP && be16(f, offset + l4 + UDP_CHECKSUM) == 0) {
            return false; // IPv4: no checksum; IPv6: not allowed (RFC 8200 section 8.1)
        }
        int l4Length = end - l4;
        return Checksum.add(pseudoSum(f, offset, l4Length), Checksum.sum(f, offset + l4, l4Length)) == 0xFFFF;
    }

    /**
     * CSUM-1, CSUM-2: writes the L4 checksum of the parsed frame at {@code offset} of {@code f}
     * into its field: computed with the field read as zero, and 0xFFFF for a UDP checksum that
     * computes to zero. Only those two bytes change.
     */
    void fillChecksum(byte[] f, int offset) {
        int at = offset + checksumAt();
        f[at] = 0;
        f[at + 1] = 0;
        int l4Length = end - l4;
        int csum = Checksum.complement(Checksum.add(pseudoSum(f, offset, l4Length), Checksum.sum(f, offset + l4, l4Length)));
        if (proto == PROTO_UDP && csum == 0) {
            csum = 0xFFFF; // RFC 768
        }
        f[at] = (byte) (csum >>> 8);
        f[at + 1] = (byte) csum;
    }

    /** A big-endian u16. */
    static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
