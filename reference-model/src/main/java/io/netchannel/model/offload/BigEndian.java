package io.netchannel.model.offload;

/** Network byte order reads and writes of frame fields (spec 11, section 3: bytes are big-endian). */
final class BigEndian {

    private BigEndian() {
    }

    static int u8(byte[] frame, int at) {
        return frame[at] & 0xFF;
    }

    static int u16(byte[] frame, int at) {
        return (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
    }

    static long u32(byte[] frame, int at) {
        return (long) u16(frame, at) << 16 | u16(frame, at + 2);
    }

    static void putU16(byte[] frame, int at, int value) {
        frame[at] = (byte) (value >>> 8);
        frame[at + 1] = (byte) value;
    }

    static void putU32(byte[] frame, int at, long value) {
        putU16(frame, at, (int) (value >>> 16));
        putU16(frame, at + 2, (int) value);
    }
}
