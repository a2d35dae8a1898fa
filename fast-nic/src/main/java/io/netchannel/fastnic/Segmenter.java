package io.netchannel.fastnic;

import static io.netchannel.fastnic.BigEndian.be16;
import static io.netchannel.fastnic.BigEndian.be32;
import static io.netchannel.fastnic.BigEndian.putBe16;
import static io.netchannel.fastnic.BigEndian.putBe32;

/**
 * TCP segmentation offload (spec 11, section 6) from a header template, in place.
 *
 * <p>{@link #prepare} keeps the super-frame's headers (bytes 0 to {@code H - 1}, {@code H = l4 +
 * thl}: L2 with any tag, IP with options or extension headers, TCP with options) as a template,
 * with the fields that differ between segments set to zero, and sums the template's constant words
 * once. {@link #build} then makes segment {@code i} right in the frame buffer: its payload already
 * lies at {@code H + i·M}, so the segment starts at {@code i·M} and only its {@code H} header bytes
 * are written there, over bytes of earlier segments that have already left (they lie below
 * {@code H + i·M}, where segment {@code i}'s payload starts). Segments must be built, and sent,
 * in order, and nothing else may write the frame buffer in between.
 *
 * <p>Per segment (TSO-3, TSO-4), offsets from the segment's start:
 *
 * <pre>
 *  field                      at          segment i of k
 *  IPv4 total length          l3 + 2      (H - l3) + payload(i)
 *  IPv4 identification        l3 + 4      (id + i) mod 2^16
 *  IPv4 header checksum       l3 + 10     ~(ipBase + total length + identification)
 *  IPv6 payload length        l3 + 4      (H - l3 - 40) + payload(i)
 *  TCP sequence number        l4 + 4      (seq + i·M) mod 2^32
 *  TCP flags                  l4 + 13     FIN, PSH (0x01, 0x08) only if i = k - 1; CWR (0x80) only if i = 0
 *  TCP checksum               l4 + 16     ~(tcpBase + sequence + flags + L4 length + payload sum)
 * </pre>
 *
 * Each checksum is a fresh computation, not an update of the guest's value: the constant words are
 * summed once (fields read as 0, as section 4 reads the checksum field), and the segment's own words
 * and its payload's sum (taken over the payload where it lies, one pass over the super-frame's
 * payload in all) are added to that integer sum before the one fold, so the result equals a
 * computation over the whole segment.
 */
final class Segmenter {

    private static final int FIN_PSH = 0x09;
    private static final int CWR = 0x80;

    /** The super-frame's headers, varying fields zeroed. */
    private final byte[] template;
    private int headerLength;
    private int l3;
    private int l4;
    private boolean ipv4;
    private int mss;
    private int payload;
    private int segments;
    private int id;
    private int seq;
    private int flags;
    /** Partial sum of the IPv4 header with total length, identification and checksum read as 0. */
    private int ipBase;
    /** Partial sum of the pseudo-header's addresses and protocol and the TCP header with sequence, flags and checksum read as 0. */
    private int tcpBase;
    private int builtLength;

    /** Room for headers as long as the longest wire frame. */
    Segmenter(int maxFrame) {
        template = new byte[maxFrame];
    }

    /**
     * Takes the template of the super-frame in the first {@code wireLength} bytes of {@code frame},
     * whose headers {@code parse} found {@code shift} bytes earlier (before a tag was inserted, TXF-4),
     * to be cut at {@code mss} payload bytes. Returns k = max(1, ceil(P / M)) (TSO-2).
     */
    int prepare(byte[] frame, int wireLength, int shift, HeaderParse parse, int mss) {
        l3 = parse.l3 + shift;
        l4 = parse.l4 + shift;
        ipv4 = parse.ipv4;
        headerLength = l4 + parse.thl;
        this.mss = mss;
        payload = wireLength - headerLength;
        segments = Math.max(1, (payload + mss - 1) / mss);
        final byte[] t = template;
        System.arraycopy(frame, 0, t, 0, headerLength);
        seq = be32(t, l4 + 4);
        flags = t[l4 + 13] & 0xFF;
        putBe32(t, l4 + 4, 0);
        t[l4 + 13] = 0;
        putBe16(t, l4 + 16, 0);
        if (ipv4) {
            id = be16(t, l3 + 4);
            putBe16(t, l3 + 2, 0);
            putBe16(t, l3 + 4, 0);
            putBe16(t, l3 + 10, 0);
            ipBase = Checksum.sum(t, l3, l4 - l3);
        } else {
            putBe16(t, l3 + 4, 0);
        }
        int addresses = ipv4 ? Checksum.sum(t, l3 + 12, 8) : Checksum.sum(t, l3 + 8, 32);
        tcpBase = Checksum.add(Checksum.addWords(addresses, HeaderParse.PROTO_TCP), Checksum.sum(t, l4, parse.thl));
        return segments;
    }

    /**
     * Writes the headers of segment {@code i} (0 &lt;= i &lt; k, in order) in front of its payload
     * and returns the segment's offset in {@code frame}; its length is {@link #length()}.
     */
    int build(byte[] frame, int i) {
        final int h = headerLength;
        final int at = i * mss;
        final int bytes = Math.min(mss, payload - at);
        System.arraycopy(template, 0, frame, at, h);
        if (ipv4) {
            int total = h - l3 + bytes;
            int ident = (id + i) & 0xFFFF;
            putBe16(frame, at + l3 + 2, total);
            putBe16(frame, at + l3 + 4, ident);
            putBe16(frame, at + l3 + 10, Checksum.complement(Checksum.addWords(Checksum.addWords(ipBase, total), ident)));
        } else {
            putBe16(frame, at + l3 + 4, h - l3 - 40 + bytes);
        }
        int sequence = seq + at; // modulo 2^32
        int f = flags;
        if (i != segments - 1) {
            f &= ~FIN_PSH;
        }
        if (i != 0) {
            f &= ~CWR;
        }
        putBe32(frame, at + l4 + 4, sequence);
        frame[at + l4 + 13] = (byte) f;
        int sum = Checksum.addWords(tcpBase, sequence & 0xFFFFFFFFL);
        sum = Checksum.addWords(sum, f + h - l4 + bytes); // the flags byte's word and the L4 length
        sum = Checksum.add(sum, Checksum.sum(frame, at + h, bytes));
        putBe16(frame, at + l4 + 16, Checksum.complement(sum));
        builtLength = h + bytes;
        return at;
    }

    /** The length of the segment {@link #build} built last. */
    int length() {
        return builtLength;
    }
}
