package io.netchannel.model.offload;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement sum of a run of bytes taken as
 * big-endian 16-bit words, an odd last byte padded with a zero byte, and its incremental update
 * (RFC 1624, equation 3). Sums are kept folded to 16 bits, so a sum is a value in 0..0xFFFF and
 * 0x0000 comes only from bytes that are all zero.
 *
 * <p>Ones' complement addition is associative and commutative, so a sum over several runs is the
 * sum of their sums as long as every run but the last has an even length (a word never straddles
 * two runs). The frame code of this package sums the pseudo-header and the L4 bytes that way.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /**
     * The ones' complement sum of {@code bytes[offset, offset + length)} added to {@code sum}.
     *
     * @param sum a folded sum to add to (0 to start)
     * @return the folded 16-bit sum
     */
    public static int sum(int sum, byte[] bytes, int offset, int length) {
        long total = sum & 0xFFFF;
        int end = offset + length;
        int at = offset;
        for (; at + 1 < end; at += 2) {
            total += (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
        }
        if (at < end) {
            total += (bytes[at] & 0xFF) << 8; // RFC 1071: an odd last byte is padded with zero
        }
        return fold(total);
    }

    /** The ones' complement sum of {@code bytes[offset, offset + length)}. */
    public static int sum(byte[] bytes, int offset, int length) {
        return sum(0, bytes, offset, length);
    }

    /** The ones' complement sum of two 16-bit values: their sum with the carry added back in. */
    public static int add(int a, int b) {
        return fold((long) (a & 0xFFFF) + (b & 0xFFFF));
    }

    /** Folds a sum of 16-bit words to 16 bits by adding the carries back in (end-around carry). */
    public static int fold(long total) {
        long folded = total;
        while (folded > 0xFFFF) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) folded;
    }

    /** The checksum of a sum: its ones' complement, {@code ~sum & 0xFFFF}. */
    public static int complement(int sum) {
        return ~sum & 0xFFFF;
    }

    /** The checksum of {@code bytes[offset, offset + length)}: the complement of their sum. */
    public static int checksum(byte[] bytes, int offset, int length) {
        return complement(sum(bytes, offset, length));
    }

    /**
     * RFC 1624, equation 3: the checksum {@code hc} after one 16-bit word it covers changed from
     * {@code m} to {@code mPrime}, {@code HC' = ~(~HC + ~m + m')} in ones' complement arithmetic.
     * Spec 11, section 4.2: a device may use it where the result equals a full computation; the
     * model always computes in full and keeps this for the laws its tests check.
     */
    public static int update(int hc, int m, int mPrime) {
        return complement(add(add(complement(hc), complement(m)), mPrime & 0xFFFF));
    }
}
