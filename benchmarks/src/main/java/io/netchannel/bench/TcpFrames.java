package io.netchannel.bench;

import io.netchannel.api.MacAddress;

/**
 * Untagged TCP/IPv4 frames for the offload benchmarks (spec 11), no IP or TCP options, with both
 * checksums computed by {@link #byteLoopSum}, the plain RFC 1071 loop, at set-up time only.
 *
 * <pre>
 *  0        6        12   14             34             54
 *  | dst    | src    |0800| IPv4 (20)    | TCP (20)     | payload ...
 * </pre>
 */
final class TcpFrames {

    /** Ethernet, IPv4 and TCP headers without options. */
    static final int HEADERS = 54;
    static final int ACK = 0x10;
    static final int PSH = 0x08;

    private TcpFrames() {
    }

    /**
     * A frame of {@code HEADERS + payload} bytes from {@code src} to {@code dst}: IPv4 id
     * {@code id}, DF, TTL 64, TCP ports 40000 to 80, sequence {@code seq}, {@code flags}, payload
     * byte i = {@code (i * 31 + seed)}.
     */
    static byte[] build(MacAddress dst, MacAddress src, int id, long seq, int flags, int payload, int seed) {
        byte[] f = new byte[HEADERS + payload];
        dst.write(f, 0);
        src.write(f, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        put16(f, 16, 20 + 20 + payload);
        put16(f, 18, id);
        put16(f, 20, 0x4000);
        f[22] = 64;
        f[23] = 6;
        f[26] = (byte) 192;
        f[27] = (byte) 168;
        f[28] = 1;
        f[29] = 1;
        f[30] = 10;
        f[31] = 0;
        f[32] = 0;
        f[33] = 2;
        put16(f, 34, 40000);
        put16(f, 36, 80);
        put16(f, 38, (int) (seq >>> 16));
        put16(f, 40, (int) seq);
        put16(f, 44, 1);
        f[46] = 0x50;
        f[47] = (byte) flags;
        put16(f, 48, 65535);
        for (int i = 0; i < payload; i++) {
            f[HEADERS + i] = (byte) (i * 31 + seed);
        }
        put16(f, 24, ~byteLoopSum(f, 14, 20) & 0xFFFF);
        byte[] pseudo = new byte[12];
        System.arraycopy(f, 26, pseudo, 0, 8);
        pseudo[9] = 6;
        put16(pseudo, 10, 20 + payload);
        long sum = byteLoopSum(pseudo, 0, 12) + (long) byteLoopSum(f, 34, 20 + payload);
        put16(f, 50, ~fold(sum) & 0xFFFF);
        return f;
    }

    /**
     * RFC 1071 the plain way, the checksum benchmark's byte-loop peer: big-endian 16-bit words
     * built from two byte loads each, an odd last byte padded with zero, carries folded at the end.
     */
    static int byteLoopSum(byte[] b, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        for (; i < end - 1; i += 2) {
            sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return fold(sum);
    }

    private static int fold(long sum) {
        long s = sum;
        while (s > 0xFFFF) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    private static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }
}
