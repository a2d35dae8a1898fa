package io.netchannel.model.descriptor;

/** Little-endian fields in ring entries (spec 00-conventions, byte order; Xen is little-endian on x86 and Arm). */
public final class LittleEndian {

    private LittleEndian() {
    }

    /** The unsigned byte at {@code offset}. */
    public static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }

    /** The unsigned 16-bit value at {@code offset}. */
    public static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    /** The 32-bit value at {@code offset}, as the bits of an {@code int}. */
    public static int u32(byte[] bytes, int offset) {
        return u16(bytes, offset) | u16(bytes, offset + 2) << 16;
    }

    /** Writes the low 16 bits of {@code value} at {@code offset}. */
    public static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }
}
