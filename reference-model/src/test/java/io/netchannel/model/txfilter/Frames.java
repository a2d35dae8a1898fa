package io.netchannel.model.txfilter;

import java.util.HexFormat;

/**
 * Frames written out by hand, octet by octet, as hex with spaces between the fields (the spaces
 * are for the reader). Addresses: 02:00:00:00:00:02 ← 02:00:00:00:00:01; 10.0.0.1 → 10.0.0.2;
 * 2001:db8::1 → 2001:db8::2.
 */
final class Frames {

    /** Destination and source MAC. */
    static final String MACS = "020000000002 020000000001 ";
    /** An IPv4 header, IHL 5, TCP, no fragment: version/IHL, TOS, total length, id, flags/offset, TTL, protocol, checksum, source, destination. */
    static final String IPV4_TCP = "45 00 0028 0000 0000 40 06 0000 0a000001 0a000002 ";
    /** TCP source port 1234, destination port 80, and the rest of a 20-byte header. */
    static final String TCP_1234_TO_80 = "04d2 0050 00000000 00000000 5000 0000 0000 0000";
    /** The IPv6 fixed header up to next header: version 6, flow 0, payload length 20. */
    static final String IPV6_START = "60000000 0014 ";
    /** IPv6 hop limit, source and destination. */
    static final String IPV6_REST = "40 20010db8000000000000000000000001 20010db8000000000000000000000002 ";

    private Frames() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** An IPv4/TCP frame from port 1234 to 80. */
    static byte[] ipv4Tcp() {
        return hex(MACS + "0800 " + IPV4_TCP + TCP_1234_TO_80);
    }

    /** An IPv6 frame whose fixed header names {@code next}, followed by {@code rest}. */
    static byte[] ipv6(String next, String rest) {
        return hex(MACS + "86dd " + IPV6_START + next + " " + IPV6_REST + rest);
    }
}
