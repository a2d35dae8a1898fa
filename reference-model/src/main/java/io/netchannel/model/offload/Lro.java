package io.netchannel.model.offload;

import io.netchannel.api.GuestMemory;
import java.util.Arrays;

/**
 * Large receive offload (spec 11, section 7, profile lro): which frames may be held (LRO-2), when
 * one merges into the held aggregate (LRO-3), and the merged frame a flush delivers (LRO-5). When
 * to hold, merge and flush is the device's, following section 7.3 step by step. Each condition of
 * section 7.2 is public on its own so that a deliberately broken device can leave one out.
 *
 * <p>What must be equal between a segment S and the aggregate's first segment F:
 *
 * <pre>
 * region                  compared                          except
 * 0 .. l3 − 1             MACs, tag, EtherType              —
 * IPv4 header (20)        every byte                        total length (2–3), ID (4–5), checksum (10–11)
 * IPv6 header (40)        every byte                        payload length (4–5)
 * TCP header (thl)        every byte, options included      sequence (4–7), checksum (16–17), PSH bit
 * </pre>
 */
public final class Lro {

    /** The longest frame a delivery can carry (RX-6). */
    public static final int MAX_MERGED = 0xFFFF;

    private static final int ACK = Segmentation.ACK;
    private static final int ACK_PSH = Segmentation.ACK | Segmentation.PSH;

    private Lro() {
    }

    /**
     * LRO-2: a TCP frame that parses and verifies, IPv4 without options or IPv6 without extension
     * headers, filling the frame exactly, with at least one payload byte and flags ACK or ACK+PSH
     * only (byte {@code l4 + 13} is 0x10 or 0x18, and the NS and reserved bits of {@code l4 + 12}
     * are 0).
     */
    public static boolean candidate(byte[] frame) {
        Headers headers = Headers.parse(frame).orElse(null);
        if (headers == null || !headers.tcp() || !Checksums.verifies(frame)) {
            return false;
        }
        int plainHeader = headers.ipv4() ? Headers.IPV4_HEADER : Headers.IPV6_HEADER;
        if (headers.ipHeaderLength() != plainHeader || headers.end() != frame.length || headers.payloadLength() < 1) {
            return false;
        }
        int flags = BigEndian.u8(frame, headers.l4() + Headers.TCP_FLAGS);
        int reserved = BigEndian.u8(frame, headers.l4() + Headers.TCP_OFFSET_BYTE) & 0x0F;
        return (flags == ACK || flags == ACK_PSH) && reserved == 0;
    }

    /** Whether a TCP frame has PSH. */
    public static boolean psh(byte[] frame) {
        Headers headers = Checksums.parsed(frame);
        return (BigEndian.u8(frame, headers.l4() + Headers.TCP_FLAGS) & Segmentation.PSH) != 0;
    }

    /** A TCP frame's payload length. */
    public static int payloadLength(byte[] frame) {
        return Checksums.parsed(frame).payloadLength();
    }

    /** RX-2: the posted requests a frame of {@code length} bytes takes, {@code ceil(length / 4096)}. */
    public static int slots(int length) {
        return (length + GuestMemory.PAGE_SIZE - 1) / GuestMemory.PAGE_SIZE;
    }

    /** LRO-5: the posted requests a merged frame of {@code length} bytes takes, its data slots and the GSO extra's. */
    public static int mergedSlots(int length) {
        return slots(length) + 1;
    }

    /**
     * LRO-3: candidate {@code segment} merges into {@code aggregate} exactly when all of section
     * 7.2 holds.
     *
     * @param available {@code req_prod − req_cons} on the context's RX ring, req_prod as read once for the call
     */
    public static boolean merges(Aggregate aggregate, byte[] segment, long available) {
        return sameFlow(aggregate, segment) && idFollows(aggregate, segment) && sequenceFollows(aggregate, segment)
                && fits(aggregate, segment, available);
    }

    /**
     * Section 7.2, first three conditions without the ID and sequence: the bytes before the IP
     * header equal F's, the IP header equals F's but for lengths, ID and checksum, and the TCP
     * header equals F's but for sequence, checksum and PSH.
     */
    public static boolean sameFlow(Aggregate aggregate, byte[] segment) {
        byte[] first = aggregate.first();
        Headers f = aggregate.headers();
        Headers s = Headers.parse(segment).orElse(null);
        if (s == null || !s.tcp() || s.l3() != f.l3() || s.version() != f.version() || s.l4() != f.l4() || s.thl() != f.thl()) {
            return false;
        }
        if (!Arrays.equals(first, 0, f.l3(), segment, 0, f.l3())) {
            return false; // MACs, tag, EtherType
        }
        byte[] fIp = Arrays.copyOfRange(first, f.l3(), f.l4());
        byte[] sIp = Arrays.copyOfRange(segment, s.l3(), s.l4());
        if (f.ipv4()) {
            clear(fIp, sIp, Headers.IPV4_TOTAL_LENGTH, 2);
            clear(fIp, sIp, Headers.IPV4_ID, 2);
            clear(fIp, sIp, Headers.IPV4_CHECKSUM, 2);
        } else {
            clear(fIp, sIp, Headers.IPV6_PAYLOAD_LENGTH, 2);
        }
        if (!Arrays.equals(fIp, sIp)) {
            return false;
        }
        byte[] fTcp = Arrays.copyOfRange(first, f.l4(), f.payloadOffset());
        byte[] sTcp = Arrays.copyOfRange(segment, s.l4(), s.payloadOffset());
        clear(fTcp, sTcp, Headers.TCP_SEQUENCE, 4);
        clear(fTcp, sTcp, Headers.TCP_CHECKSUM, 2);
        fTcp[Headers.TCP_FLAGS] &= (byte) ~Segmentation.PSH;
        sTcp[Headers.TCP_FLAGS] &= (byte) ~Segmentation.PSH;
        return Arrays.equals(fTcp, sTcp);
    }

    /** Section 7.2: for IPv4, S's identification is {@code (F's + n) mod 2^16}; always true for IPv6. */
    public static boolean idFollows(Aggregate aggregate, byte[] segment) {
        Headers f = aggregate.headers();
        if (!f.ipv4()) {
            return true;
        }
        int expected = (BigEndian.u16(aggregate.first(), f.l3() + Headers.IPV4_ID) + aggregate.count()) & 0xFFFF;
        return BigEndian.u16(segment, f.l3() + Headers.IPV4_ID) == expected;
    }

    /** Section 7.2: S's sequence number is {@code (F's + payload bytes in A) mod 2^32}: no gap, no overlap. */
    public static boolean sequenceFollows(Aggregate aggregate, byte[] segment) {
        Headers f = aggregate.headers();
        long expected = (BigEndian.u32(aggregate.first(), f.l4() + Headers.TCP_SEQUENCE) + aggregate.payloadBytes()) & 0xFFFF_FFFFL;
        return BigEndian.u32(segment, f.l4() + Headers.TCP_SEQUENCE) == expected;
    }

    /**
     * Section 7.2, last three conditions: S's payload is no longer than the MSS, the merged frame is
     * at most 65535 bytes, and the RX ring has room for its delivery ({@code ceil(L / 4096) + 1}
     * posted requests).
     */
    public static boolean fits(Aggregate aggregate, byte[] segment, long available) {
        int payload = payloadLength(segment);
        int merged = aggregate.length() + payload;
        return payload <= aggregate.mss() && merged <= MAX_MERGED && mergedSlots(merged) <= available;
    }

    /**
     * LRO-5: the merged frame of an aggregate of {@code n ≥ 2} segments: F's bytes up to the end of
     * its TCP header, then every payload in order; IPv4 total length and header checksum or IPv6
     * payload length rewritten, PSH set if any segment had it, the TCP checksum computed. IPv4
     * identification, sequence number and every other byte stay F's. For one segment: the
     * segment, byte for byte.
     */
    public static byte[] merged(Aggregate aggregate) {
        if (aggregate.count() == 1) {
            return aggregate.first();
        }
        byte[] first = aggregate.first();
        Headers f = aggregate.headers();
        byte[] merged = new byte[aggregate.length()];
        System.arraycopy(first, 0, merged, 0, f.payloadOffset());
        int at = f.payloadOffset();
        for (byte[] payload : aggregate.payloads()) {
            System.arraycopy(payload, 0, merged, at, payload.length);
            at += payload.length;
        }
        int ipLength = merged.length - f.l3();
        if (f.ipv4()) {
            BigEndian.putU16(merged, f.l3() + Headers.IPV4_TOTAL_LENGTH, ipLength);
        } else {
            BigEndian.putU16(merged, f.l3() + Headers.IPV6_PAYLOAD_LENGTH, ipLength - Headers.IPV6_HEADER);
        }
        if (aggregate.psh()) {
            merged[f.l4() + Headers.TCP_FLAGS] |= (byte) Segmentation.PSH;
        }
        Headers headers = Checksums.parsed(merged);
        if (headers.ipv4()) {
            Checksums.writeIpv4HeaderChecksum(merged, headers);
        }
        Checksums.writeL4Checksum(merged, headers);
        return merged;
    }

    /** Zeroes {@code length} bytes at {@code at} in both arrays: a field the comparison leaves out. */
    private static void clear(byte[] a, byte[] b, int at, int length) {
        Arrays.fill(a, at, at + length, (byte) 0);
        Arrays.fill(b, at, at + length, (byte) 0);
    }
}
