package io.netchannel.conformance.vectors;

import java.util.HexFormat;

/** Lowercase hex without separators, the only byte notation in vectors. */
public final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    /** Bytes as lowercase hex. */
    public static String encode(byte[] bytes, int offset, int length) {
        return FORMAT.formatHex(bytes, offset, offset + length);
    }

    /** Bytes as lowercase hex. */
    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** The bytes of {@code hex}; an odd length or a character outside 0-9a-f is an error naming it. */
    public static byte[] decode(String hex) {
        if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not lowercase hex of whole bytes: " + (hex.length() > 40 ? hex.substring(0, 40) + "…" : hex));
        }
        return FORMAT.parseHex(hex);
    }
}
