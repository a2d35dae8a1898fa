package io.netchannel.model.offload;

import java.util.Optional;

/**
 * The checksums of spec 11, section 4: the L4 checksum a device writes (CSUM-1, CSUM-2), the IPv4
 * header checksum it writes when it rewrites a header (TSO-3, LRO-5), and whether a frame's
 * checksums verify (CSUM-5). Each step is public so that a deliberately broken device can be
 * built from the others.
 */
public final class Checksums {

    private Checksums() {
    }

    /**
     * The ones' complement sum of the pseudo-header and the bytes {@code l4} to {@code end − 1},
     * the checksum field read as zero. The field lies at an even distance from {@code l4} (16 or
     * 6), so the two runs around it keep the word alignment.
     */
    public static int l4Sum(byte[] frame, Headers headers) {
        int field = headers.checksumOffset();
        int sum = headers.pseudoHeaderSum(frame);
        sum = InternetChecksum.sum(sum, frame, headers.l4(), field - headers.l4());
        return InternetChecksum.sum(sum, frame, field + 2, headers.end() - field - 2);
    }

    /**
     * CSUM-1: the L4 checksum of a parsed frame, whatever its checksum field holds; CSUM-2: a UDP
     * checksum that computes to 0x0000 is 0xFFFF (RFC 768). A TCP checksum is never 0xFFFF, because
     * the pseudo-header's proto makes the sum non-zero.
     */
    public static int l4Checksum(byte[] frame, Headers headers) {
        int checksum = InternetChecksum.complement(l4Sum(frame, headers)); // CSUM-1
        if (headers.proto() == Headers.UDP && checksum == 0x0000) {
            return 0xFFFF; // CSUM-2
        }
        return checksum;
    }

    /** The IPv4 header checksum of a parsed IPv4 frame, computed over its {@code ihl} bytes with the field read as zero (RFC 791). */
    public static int ipv4HeaderChecksum(byte[] frame, Headers headers) {
        int field = headers.l3() + Headers.IPV4_CHECKSUM;
        int sum = InternetChecksum.sum(frame, headers.l3(), Headers.IPV4_CHECKSUM);
        sum = InternetChecksum.sum(sum, frame, field + 2, headers.l4() - field - 2);
        return InternetChecksum.complement(sum);
    }

    /**
     * CSUM-5, section 4: the frame parses; for IPv4 the ones' complement sum of its header is
     * 0xFFFF; and the sum of the pseudo-header and the L4 bytes, checksum field included, is 0xFFFF
     * — never for UDP with a checksum field of 0 ("no checksum" over IPv4, forbidden over IPv6).
     * A field holding 0xFFFF where 0x0000 was due verifies: both are ones' complement zeros.
     */
    public static boolean verifies(byte[] frame) {
        Optional<Headers> parsed = Headers.parse(frame);
        if (parsed.isEmpty()) {
            return false;
        }
        Headers headers = parsed.get();
        if (headers.ipv4() && InternetChecksum.sum(frame, headers.l3(), headers.ipHeaderLength()) != 0xFFFF) {
            return false;
        }
        int field = headers.checksumOffset();
        if (headers.proto() == Headers.UDP && BigEndian.u16(frame, field) == 0) {
            return false; // CSUM-5: a UDP checksum of zero never verifies
        }
        int sum = InternetChecksum.sum(headers.pseudoHeaderSum(frame), frame, headers.l4(), headers.l4Length());
        return sum == 0xFFFF;
    }

    /**
     * CSUM-1: a copy of {@code frame} with its L4 checksum written; two bytes change, nothing else.
     *
     * @throws IllegalArgumentException when the frame does not parse (section 3)
     */
    public static byte[] withL4Checksum(byte[] frame) {
        byte[] copy = frame.clone();
        writeL4Checksum(copy, parsed(copy));
        return copy;
    }

    /**
     * A copy of an IPv4 {@code frame} with its IPv4 header checksum written (TSO-3).
     *
     * @throws IllegalArgumentException when the frame does not parse or is not IPv4
     */
    public static byte[] withIpv4HeaderChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        Headers headers = parsed(copy);
        if (!headers.ipv4()) {
            throw new IllegalArgumentException("not an IPv4 frame: version=" + headers.version());
        }
        writeIpv4HeaderChecksum(copy, headers);
        return copy;
    }

    /** Writes the L4 checksum into {@code frame} in place. */
    static void writeL4Checksum(byte[] frame, Headers headers) {
        BigEndian.putU16(frame, headers.checksumOffset(), l4Checksum(frame, headers));
    }

    /** Writes the IPv4 header checksum into {@code frame} in place. */
    static void writeIpv4HeaderChecksum(byte[] frame, Headers headers) {
        BigEndian.putU16(frame, headers.l3() + Headers.IPV4_CHECKSUM, ipv4HeaderChecksum(frame, headers));
    }

    static Headers parsed(byte[] frame) {
        return Headers.parse(frame).orElseThrow(() ->
                new IllegalArgumentException("the frame does not parse (spec 11, section 3): length=" + frame.length));
    }
}
