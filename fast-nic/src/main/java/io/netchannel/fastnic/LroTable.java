package io.netchannel.fastnic;

import static io.netchannel.fastnic.BigEndian.be16;
import static io.netchannel.fastnic.BigEndian.be32;
import static io.netchannel.fastnic.BigEndian.putBe16;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The held LRO aggregates (spec 11, section 7): at most one per context, in flat arrays indexed by
 * context id, each in the context's own staging buffer. The buffer is allocated when the guest
 * turns LRO on (a control-plane call) and holds F, the aggregate's first segment, byte for byte as
 * it arrived, followed by the payloads of the segments merged into it, so a one-segment flush
 * delivers exactly what arrived (LRO-5) and a merged flush rewrites a few header fields in place.
 *
 * <pre>
 *  staging: | F's headers: L2 (l3 bytes), IP (20 or 40), TCP (thl)  | F's payload | payload 2 | ... | payload n |
 *           0                                                       headerEnd                               length
 * </pre>
 *
 * The merged frame's TCP checksum comes from partial sums, with no second pass over the payload:
 * each segment's payload sum is taken once, when it is staged (its checksum has to be verified
 * anyway, LRO-2), and added in, byte-swapped when the payload starts at an odd distance from the
 * payload's start (RFC 1071's byte-order independence; only an odd MSS does that). At the flush the
 * pseudo-header and F's TCP header with PSH ORed are summed and added.
 *
 * <p>The header comparison of LRO-3 is one pass of 8-byte words over F's headers: when F is held,
 * a mask is built with 0xFF on every byte that must be equal and 0x00 on the bytes section 7.2
 * leaves out (and the PSH bit), and a segment merges only if {@code (S ^ F) & mask} is 0 in every
 * word. The last word is read ending at the headers' end, overlapping the one before, so no read
 * passes a header (the candidate has a payload behind it anyway).
 *
 * <pre>
 *  left out of the comparison   IPv4 (at l3)           IPv6 (at l3)          TCP (at l4)
 *                               2-3 total length       4-5 payload length    4-7 sequence number
 *                               4-5 identification                           13 the PSH bit (0x08)
 *                               10-11 header checksum                        16-17 checksum
 * </pre>
 *
 * <p>This class keeps the bytes and the merge rule (LRO-3); {@link FastNic} decides when to hold,
 * merge and flush (section 7.3) and delivers.
 */
final class LroTable {

    /** The longest frame a context can be delivered: a switched Access sender's frame keeps its tag for a Trunk recipient. */
    static final int STAGING_BYTES = 0xFFFF + 4;
    /** The longest merged frame (section 7.2). */
    static final int MAX_MERGED = 0xFFFF;
    private static final int PSH = 0x08;
    private static final long NEVER = Long.MAX_VALUE;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Longest headers a candidate has: a tag, IPv6 without extensions and TCP with 40 option bytes. */
    private static final int MAX_HEADERS = 18 + 40 + 60;
    private static final int MASK_WORDS = (MAX_HEADERS + 7) / 8;

    private final byte[][] staging;
    /**
     * Per context, the comparison mask of F's headers in 8-byte words, little-endian like the
     * loads: word k covers bytes 8k to 8k + 7, the last word the 8 bytes ending at headerEnd.
     */
    private final long[][] mask;
    /** Bytes of one mask as it is built. */
    private final byte[] maskBytes = new byte[MASK_WORDS * 8];
    /** lroFlushNanos per context; 0 for LRO off (LRO-1). */
    private final long[] flushNanos;
    /** Segments in the held aggregate, 0 when the context holds none. */
    private final int[] segments;
    /** When the held aggregate is due (first arrival + lroFlushNanos), or {@link #NEVER}. */
    private final long[] due;
    /** Bytes staged: F's headers and every merged payload. */
    private final int[] length;
    private final int[] l3;
    private final int[] l4;
    /** F's headers end here, and its payload starts: l4 + thl. */
    private final int[] headerEnd;
    private final boolean[] ipv4;
    /** F's payload length: the aggregate's MSS. */
    private final int[] mss;
    private final boolean[] psh;
    /** Partial sum of every staged payload, in the merged frame's word alignment. */
    private final int[] payloadSum;
    /** The sequence number the next segment must have: F's plus the payload held, modulo 2^32. */
    private final int[] nextSeq;
    /** The IPv4 identification the next segment must have: F's plus the segments held, modulo 2^16. */
    private final int[] nextId;

    LroTable(int contexts) {
        staging = new byte[contexts][];
        mask = new long[contexts][];
        flushNanos = new long[contexts];
        segments = new int[contexts];
        due = new long[contexts];
        Arrays.fill(due, NEVER);
        length = new int[contexts];
        l3 = new int[contexts];
        l4 = new int[contexts];
        headerEnd = new int[contexts];
        ipv4 = new boolean[contexts];
        mss = new int[contexts];
        psh = new boolean[contexts];
        payloadSum = new int[contexts];
        nextSeq = new int[contexts];
        nextId = new int[contexts];
    }

    /**
     * Sets a context's flush delay (control plane; no aggregate is held). Turning LRO on allocates
     * its staging buffer once; a destroy ({@code 0} with {@code release}) gives it back.
     */
    void configure(int context, long nanos, boolean release) {
        flushNanos[context] = nanos;
        if (nanos != 0 && staging[context] == null) {
            staging[context] = new byte[STAGING_BYTES];
            mask[context] = new long[MASK_WORDS];
        } else if (release) {
            staging[context] = null;
            mask[context] = null;
        }
    }

    boolean on(int context) {
        return flushNanos[context] != 0;
    }

    long flushNanos(int context) {
        return flushNanos[context];
    }

    int segments(int context) {
        return segments[context];
    }

    long due(int context) {
        return due[context];
    }

    byte[] staging(int context) {
        return staging[context];
    }

    /** Bytes of the held aggregate (the merged frame's length once {@link #finishMerged} ran). */
    int length(int context) {
        return length[context];
    }

    int mss(int context) {
        return mss[context];
    }

    boolean ipv4(int context) {
        return ipv4[context];
    }

    /** Forgets the held aggregate; its bytes stay readable in the staging buffer until the next {@link #stage}. */
    void release(int context) {
        segments[context] = 0;
        due[context] = NEVER;
    }

    /**
     * LRO-3, section 7.2, without the ring-room condition (the caller's): the candidate {@code s}
     * (parsed, {@code payload} bytes) of the {@code frameLength} bytes at {@code offset} of
     * {@code f} merges into the held aggregate: same bytes before the IP header; the IP header
     * equal but for lengths, identification and header checksum, with the identification F's plus
     * the segments held; the TCP header equal but for sequence, checksum and PSH, with the sequence
     * F's plus the payload held; a payload no longer than F's; the merged frame at most 65535
     * bytes.
     */
    boolean merges(int context, byte[] f, int offset, HeaderParse s, int payload) {
        final int ip = l3[context];
        final int tcp = l4[context];
        final int end = headerEnd[context];
        if (s.l3 != ip || s.l4 != tcp || s.l4 + s.thl != end || payload > mss[context]
                || length[context] + payload > MAX_MERGED) {
            return false;
        }
        if (be32(f, offset + tcp + 4) != nextSeq[context]
                || ipv4[context] && be16(f, offset + ip + 4) != nextId[context]) {
            return false; // the sequence number and ID (TSO-3's) the next segment must have
        }
        // every header byte but the fields section 7.2 leaves out: one XOR per 8-byte word, the
        // last word ending at the headers' end
        final byte[] a = staging[context];
        final long[] m = mask[context];
        final int last = end - 8;
        long differ = ((long) LONGS.get(f, offset + last) ^ (long) LONGS.get(a, last)) & m[(end + 7 >>> 3) - 1];
        for (int at = 0; at < last; at += 8) {
            differ |= ((long) LONGS.get(f, offset + at) ^ (long) LONGS.get(a, at)) & m[at >>> 3];
        }
        return differ == 0;
    }

    /**
     * Copies the {@code payload} bytes at {@code at} of {@code f} behind the held aggregate's bytes,
     * without appending them yet, and returns their partial sum in their own alignment (the sum a
     * verification of their segment needs).
     */
    int stagePayload(int context, byte[] f, int at, int payload) {
        return Checksum.copyAndSum(f, at, staging[context], length[context], payload);
    }

    /** Appends the payload {@link #stagePayload} staged, with its partial sum, as the aggregate's next segment. */
    void append(int context, int payload, int sum, boolean withPsh) {
        int at = length[context] - headerEnd[context];
        payloadSum[context] = Checksum.add(payloadSum[context], (at & 1) == 0 ? sum : Checksum.swap(sum));
        length[context] += payload;
        segments[context]++;
        psh[context] |= withPsh;
        nextSeq[context] += payload;
        nextId[context] = (nextId[context] + 1) & 0xFFFF;
    }

    /**
     * Copies a whole frame ({@code frameLength} bytes at {@code offset} of {@code f}, parsed as
     * {@code s}) into the staging buffer and returns its payload's partial sum; {@link #hold} then
     * makes it F of a new aggregate.
     */
    int stage(int context, byte[] f, int offset, int frameLength, HeaderParse s) {
        byte[] a = staging[context];
        int end = s.l4 + s.thl;
        System.arraycopy(f, offset, a, 0, end);
        return Checksum.copyAndSum(f, offset + end, a, end, frameLength - end);
    }

    /** The frame {@link #stage} staged becomes the held aggregate's first segment, due at {@code dueAt}. */
    void hold(int context, HeaderParse s, int frameLength, int sum, long dueAt) {
        segments[context] = 1;
        due[context] = dueAt;
        length[context] = frameLength;
        l3[context] = s.l3;
        l4[context] = s.l4;
        headerEnd[context] = s.l4 + s.thl;
        ipv4[context] = s.ipv4;
        mss[context] = frameLength - headerEnd[context];
        psh[context] = false; // a candidate with PSH is never held
        payloadSum[context] = sum;
        final byte[] a = staging[context];
        nextSeq[context] = be32(a, s.l4 + 4) + mss[context];
        nextId[context] = s.ipv4 ? (be16(a, s.l3 + 4) + 1) & 0xFFFF : 0;
        buildMask(context, s);
    }

    /** The comparison mask of the headers just held (see the class comment). */
    private void buildMask(int context, HeaderParse s) {
        final byte[] b = maskBytes;
        final int end = s.l4 + s.thl;
        Arrays.fill(b, 0, end, (byte) 0xFF);
        if (s.ipv4) {
            clear(b, s.l3 + 2, 4); // total length, identification
            clear(b, s.l3 + 10, 2); // header checksum
        } else {
            clear(b, s.l3 + 4, 2); // payload length
        }
        clear(b, s.l4 + 4, 4); // sequence number
        clear(b, s.l4 + 16, 2); // checksum
        b[s.l4 + 13] = (byte) ~PSH;
        final long[] m = mask[context];
        final int words = (end + 7) >>> 3;
        for (int k = 0; k < words; k++) {
            m[k] = (long) LONGS.get(b, Math.min(k << 3, end - 8));
        }
    }

    private static void clear(byte[] b, int at, int count) {
        Arrays.fill(b, at, at + count, (byte) 0);
    }

    /**
     * LRO-5 for n &gt;= 2: rewrites the staged F into the merged frame, in place — IPv4 total
     * length and header checksum or IPv6 payload length, PSH ORed, the TCP checksum — and returns
     * its length. The identification, sequence number and every other byte stay F's.
     */
    int finishMerged(int context) {
        final byte[] a = staging[context];
        final int total = length[context];
        final int ip = l3[context];
        final int tcp = l4[context];
        final int end = headerEnd[context];
        if (ipv4[context]) {
            // RFC 1624 eq. 3 is exact here: F's header verified, and the new length differs (Checksum.update).
            int old = be16(a, ip + 2);
            int updated = total - ip;
            putBe16(a, ip + 10, Checksum.update(be16(a, ip + 10), old, updated));
            putBe16(a, ip + 2, updated);
        } else {
            putBe16(a, ip + 4, total - ip - 40);
        }
        if (psh[context]) {
            a[tcp + 13] |= PSH;
        }
        putBe16(a, tcp + HeaderParse.TCP_CHECKSUM, 0);
        int addresses = ipv4[context] ? Checksum.sum(a, ip + 12, 8) : Checksum.sum(a, ip + 8, 32);
        int sum = Checksum.addWords(addresses, (long) HeaderParse.PROTO_TCP + (total - tcp));
        sum = Checksum.add(sum, Checksum.sum(a, tcp, end - tcp));
        sum = Checksum.add(sum, payloadSum[context]);
        putBe16(a, tcp + HeaderParse.TCP_CHECKSUM, Checksum.complement(sum));
        return total;
    }
}
