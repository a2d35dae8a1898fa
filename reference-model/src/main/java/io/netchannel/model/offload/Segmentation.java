package io.netchannel.model.offload;

import io.netchannel.api.layout.ExtraInfoLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TCP segmentation offload (spec 11, section 6, profile tso): which GSO packets the device
 * refuses (TSO-1) and the frames it sends for the others (TSO-2 to TSO-4).
 *
 * <p>Segment {@code i} of {@code k}, {@code M} the MSS and {@code P} the payload length:
 *
 * <pre>
 * bytes 0 .. l4 + thl − 1        the super-frame's headers (L2 with its tag, IP with options or
 *                                extension headers, TCP with options), copied, then rewritten:
 *   IPv4 total length            ihl + thl + payload of i                   TSO-3
 *   IPv4 identification          (id + i) mod 2^16                          TSO-3
 *   IPv4 header checksum         computed over the segment's header         TSO-3
 *   IPv6 payload length          (l4 − l3 − 40) + thl + payload of i        TSO-3
 *   TCP sequence number          (seq + i·M) mod 2^32                       TSO-4
 *   TCP FIN, PSH                 the super-frame's on i = k − 1, else clear TSO-4
 *   TCP CWR                      the super-frame's on i = 0, else clear     TSO-4
 *   TCP checksum                 section 4 over the segment                 TSO-4
 * bytes l4 + thl ..              payload bytes i·M .. min(P, (i+1)·M) − 1   TSO-2
 * </pre>
 */
public final class Segmentation {

    /** TCP FIN. */
    public static final int FIN = 0x01;
    /** TCP PSH. */
    public static final int PSH = 0x08;
    /** TCP ACK. */
    public static final int ACK = 0x10;
    /** TCP CWR. */
    public static final int CWR = 0x80;

    private Segmentation() {
    }

    /**
     * TSO-1, on the frame as the guest built it, before chapter 07: it parses as TCP, its IP
     * version is the GSO type's, and its datagram ends at the frame's end.
     *
     * @param gsoType the GSO extra's type, 1 (TCPv4) or 2 (TCPv6)
     * @return the refusal, or empty when the device segments the packet
     */
    public static Optional<Refusal> problem(byte[] guestFrame, int gsoType) {
        Optional<Headers> parsed = Headers.parse(guestFrame);
        if (parsed.isEmpty()) {
            return refuse("the frame does not parse (section 3): length=" + guestFrame.length);
        }
        Headers headers = parsed.get();
        if (!headers.tcp()) {
            return refuse("a GSO packet is TCP: proto=" + headers.proto());
        }
        int version = gsoType == ExtraInfoLayout.GSO_TYPE_TCPV4 ? 4 : 6;
        if (headers.version() != version) {
            return refuse("IP version differs from the GSO type: version=" + headers.version() + " gsoType=" + gsoType);
        }
        if (headers.end() != guestFrame.length) {
            return refuse("trailing bytes after the datagram: end=" + headers.end() + " length=" + guestFrame.length);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String detail) {
        return Optional.of(new Refusal("TSO-1", detail));
    }

    /** TSO-2: {@code k = max(1, ceil(P / M))}. */
    public static int segmentCount(int payload, int mss) {
        return Math.max(1, (payload + mss - 1) / mss);
    }

    /**
     * TSO-2 to TSO-4: the {@code k} frames of a super-frame, in order. Every byte the table above
     * does not name is the super-frame's.
     *
     * @param frame a frame that parses as TCP (the wire frame chapter 07 produced)
     * @param mss the GSO size, at least 1
     * @throws IllegalArgumentException when the frame does not parse as TCP
     */
    public static List<byte[]> segments(byte[] frame, int mss) {
        Headers headers = Checksums.parsed(frame);
        if (!headers.tcp() || mss < 1) {
            throw new IllegalArgumentException("segmentation needs a TCP frame and an MSS of at least 1: proto="
                    + headers.proto() + " mss=" + mss);
        }
        int l3 = headers.l3();
        int l4 = headers.l4();
        int headerEnd = headers.payloadOffset();
        int payload = headers.payloadLength();
        int k = segmentCount(payload, mss);
        long sequence = BigEndian.u32(frame, l4 + Headers.TCP_SEQUENCE);
        int flags = BigEndian.u8(frame, l4 + Headers.TCP_FLAGS);
        List<byte[]> segments = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int start = i * mss;
            int bytes = Math.min(payload, start + mss) - start; // 0 for the one segment of an empty payload
            byte[] segment = new byte[headerEnd + bytes];
            System.arraycopy(frame, 0, segment, 0, headerEnd);
            System.arraycopy(frame, headerEnd + start, segment, headerEnd, bytes); // TSO-2
            if (headers.ipv4()) {
                int id = BigEndian.u16(frame, l3 + Headers.IPV4_ID);
                BigEndian.putU16(segment, l3 + Headers.IPV4_TOTAL_LENGTH, headers.ipHeaderLength() + headers.thl() + bytes); // TSO-3
                BigEndian.putU16(segment, l3 + Headers.IPV4_ID, (id + i) & 0xFFFF); // TSO-3
            } else {
                int extensions = headers.ipHeaderLength() - Headers.IPV6_HEADER;
                BigEndian.putU16(segment, l3 + Headers.IPV6_PAYLOAD_LENGTH, extensions + headers.thl() + bytes); // TSO-3
            }
            BigEndian.putU32(segment, l4 + Headers.TCP_SEQUENCE, (sequence + (long) start) & 0xFFFF_FFFFL); // TSO-4
            int segmentFlags = flags;
            if (i != k - 1) {
                segmentFlags &= ~(FIN | PSH); // TSO-4: FIN and PSH on the last segment only
            }
            if (i != 0) {
                segmentFlags &= ~CWR; // TSO-4: CWR on the first segment only
            }
            segment[l4 + Headers.TCP_FLAGS] = (byte) segmentFlags;
            Headers rewritten = Checksums.parsed(segment);
            if (rewritten.ipv4()) {
                Checksums.writeIpv4HeaderChecksum(segment, rewritten); // TSO-3
            }
            Checksums.writeL4Checksum(segment, rewritten); // TSO-4, as CSUM-1 says
            segments.add(segment);
        }
        return segments;
    }
}
