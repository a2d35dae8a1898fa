package io.netchannel.api;

import java.util.Locale;

/**
 * A 48-bit IEEE 802 MAC address held in the low 48 bits of a long, first octet most significant
 * (the order it has on the wire).
 */
public record MacAddress(long bits) implements Comparable<MacAddress> {

    /** The all-ones broadcast address. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    /** Rejects values wider than 48 bits. */
    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: bits=0x" + Long.toHexString(bits));
        }
    }

    /** Parses {@code 02:00:00:00:00:01} (colons or dashes, either case). */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("a MAC address is six hex octets separated by ':': mac=" + text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2) {
                throw new IllegalArgumentException("each MAC octet is two hex digits: mac=" + text);
            }
            try {
                bits = (bits << 8) | Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a hex octet in MAC address: mac=" + text, e);
            }
        }
        return new MacAddress(bits);
    }

    /** Reads six octets at {@code offset}. */
    public static MacAddress read(byte[] bytes, int offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (bytes[offset + i] & 0xFF);
        }
        return new MacAddress(bits);
    }

    /** Writes six octets at {@code offset}. */
    public void write(byte[] bytes, int offset) {
        for (int i = 0; i < 6; i++) {
            bytes[offset + i] = (byte) (bits >>> (40 - 8 * i));
        }
    }

    /** True for group addresses (I/G bit, the low bit of the first octet): multicast and broadcast. */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    /** True for the broadcast address. */
    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", (bits >>> (40 - 8 * i)) & 0xFF));
        }
        return text.toString();
    }
}
