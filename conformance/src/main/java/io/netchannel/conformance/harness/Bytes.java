package io.netchannel.conformance.harness;

import java.util.HexFormat;

/** Little-endian field access on guest pages and hex for messages. */
public final class Bytes {

    private Bytes() {
    }

    /** Unsigned 16-bit little-endian value at {@code offset}. */
    public static int u16(byte[] page, int offset) {
        return (page[offset] & 0xFF) | (page[offset + 1] & 0xFF) << 8;
    }

    /** Signed 16-bit little-endian value at {@code offset}. */
    public static short s16(byte[] page, int offset) {
        return (short) u16(page, offset);
    }

    /** 32-bit little-endian value at {@code offset}, as an index ({@code int}, compared unsigned). */
    public static int u32(byte[] page, int offset) {
        return (int) AuditedGuestMemory.u32(page, offset);
    }

    /** Writes a 16-bit little-endian value. */
    public static void put16(byte[] page, int offset, int value) {
        page[offset] = (byte) value;
        page[offset + 1] = (byte) (value >>> 8);
    }

    /** Writes a 32-bit little-endian value. */
    public static void put32(byte[] page, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            page[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** The first {@code max} bytes as hex, with an ellipsis when there are more. */
    public static String hex(byte[] bytes, int max) {
        int n = Math.min(bytes.length, max);
        return HexFormat.of().formatHex(bytes, 0, n) + (bytes.length > n ? "…" : "");
    }

    /** An index as the spec writes it, {@code 0x…} unsigned. */
    public static String index(int index) {
        return "0x" + Integer.toHexString(index);
    }
}
