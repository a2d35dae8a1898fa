package io.netchannel.model.offload;

import io.netchannel.api.layout.ExtraInfoLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The segments of one TCP flow a context holds back for large receive offload (spec 11, section
 * 7): at least one candidate (LRO-2), merged in arrival order (LRO-3), and the time it is due
 * (LRO-4). F is the first segment: its headers are the merged frame's and its payload length the
 * MSS. A segment that merged differs from F's headers only in fields the merged frame rewrites
 * (section 7.2), so the aggregate keeps F whole and of the others their payloads.
 *
 * <p>Immutable. Appending shares the earlier payloads, so an aggregate of many small segments
 * costs time in proportion to its bytes, as a guest can make it hold up to 65481 one-byte
 * segments.
 */
public final class Aggregate {

    /** The payloads after F's, newest first, sharing their tails between an aggregate and its successor. */
    private record Payloads(byte[] payload, Payloads earlier) {
    }

    private final byte[] first;
    private final Headers headers;
    private final Payloads later;
    private final int count;
    private final int payloadBytes;
    private final long due;
    private final boolean psh;

    private Aggregate(byte[] first, Headers headers, Payloads later, int count, int payloadBytes, long due, boolean psh) {
        this.first = first;
        this.headers = headers;
        this.later = later;
        this.count = count;
        this.payloadBytes = payloadBytes;
        this.due = due;
        this.psh = psh;
    }

    /**
     * LRO-4: a new aggregate of one candidate, due at {@code due} (its arrival + lroFlushNanos).
     *
     * @throws IllegalArgumentException when {@code first} does not parse as TCP
     */
    public static Aggregate of(byte[] first, long due) {
        byte[] copy = first.clone();
        Headers headers = Checksums.parsed(copy);
        if (!headers.tcp()) {
            throw new IllegalArgumentException("an aggregate is of TCP segments: proto=" + headers.proto());
        }
        return new Aggregate(copy, headers, null, 1, headers.payloadLength(), due, Lro.psh(copy));
    }

    /**
     * This aggregate with {@code segment} appended: its payload after the others, its PSH ORed in
     * (section 7.3). Whether it may merge is {@link Lro#merges}'s question.
     *
     * @throws IllegalArgumentException when {@code segment} does not parse as TCP
     */
    public Aggregate appended(byte[] segment) {
        Headers parsed = Checksums.parsed(segment);
        if (!parsed.tcp()) {
            throw new IllegalArgumentException("an aggregate is of TCP segments: proto=" + parsed.proto());
        }
        byte[] payload = Arrays.copyOfRange(segment, parsed.payloadOffset(), parsed.end());
        return new Aggregate(first, headers, new Payloads(payload, later), count + 1, payloadBytes + payload.length, due,
                psh || Lro.psh(segment));
    }

    /** F, the first segment, byte for byte as it arrived (a copy). */
    public byte[] first() {
        return first.clone();
    }

    /** The parse of F. */
    public Headers headers() {
        return headers;
    }

    /** n, the number of segments held. */
    public int count() {
        return count;
    }

    /** When the aggregate is flushed at the latest: first arrival + lroFlushNanos (LRO-4). */
    public long due() {
        return due;
    }

    /** Whether any segment had PSH (the merged frame carries it, LRO-5). */
    public boolean psh() {
        return psh;
    }

    /** The aggregate's MSS: F's payload length (section 7.2). */
    public int mss() {
        return headers.payloadLength();
    }

    /** The payload bytes of all segments held. */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** The length of the merged frame: F's headers and every payload. For one segment, F's length. */
    public int length() {
        return count == 1 ? first.length : headers.payloadOffset() + payloadBytes;
    }

    /** The GSO type of a merged delivery's extra: {@code TCPV4} (1) for IPv4, {@code TCPV6} (2) for IPv6 (LRO-5). */
    public int gsoType() {
        return headers.ipv4() ? ExtraInfoLayout.GSO_TYPE_TCPV4 : ExtraInfoLayout.GSO_TYPE_TCPV6;
    }

    /** Every segment's payload in arrival order, F's first (copies). */
    public List<byte[]> payloads() {
        List<byte[]> payloads = new ArrayList<>(count);
        for (Payloads node = later; node != null; node = node.earlier()) {
            payloads.add(node.payload().clone());
        }
        payloads.add(Arrays.copyOfRange(first, headers.payloadOffset(), headers.end()));
        Collections.reverse(payloads);
        return payloads;
    }

    /** Equal when F, every payload, the due time and PSH are equal. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Aggregate aggregate) || aggregate.count != count || aggregate.due != due || aggregate.psh != psh
                || !Arrays.equals(aggregate.first, first)) {
            return false;
        }
        List<byte[]> mine = payloads();
        List<byte[]> theirs = aggregate.payloads();
        for (int i = 0; i < count; i++) {
            if (!Arrays.equals(mine.get(i), theirs.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(first), count, payloadBytes, due, psh);
    }

    @Override
    public String toString() {
        return "Aggregate[segments=" + count + ", payloadBytes=" + payloadBytes + ", due=" + due + ", psh=" + psh + "]";
    }
}
