package io.netchannel.fastnic;

/** Network byte order reads and writes of the header fields chapter 11 rewrites. */
final class BigEndian {

    private BigEndian() {
    }

    static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static int be32(byte[] b, int at) {
        return be16(b, at) << 16 | be16(b, at + 2);
    }

    static void putBe16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static void putBe32(byte[] b, int at, int value) {
        putBe16(b, at, value >>> 16);
        putBe16(b, at + 2, value);
    }
}
