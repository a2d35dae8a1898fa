package io.netchannel.conformance.vectors;

/**
 * The fill pattern of spec 05, section 5: byte k of a page filled with seed s is
 * (31·s + 7·k + floor(k / 256)) mod 256 — different on every page and every offset, so a byte
 * copied from the wrong place shows, yet a whole page fits in one line of YAML.
 */
public final class Patterns {

    private Patterns() {
    }

    /** The pattern byte at page offset {@code k} for {@code seed}. */
    public static byte at(long seed, int k) {
        return (byte) (seed * 31 + k * 7L + (k >>> 8));
    }

    /** Fills {@code page} with the pattern of {@code seed}. */
    public static void fill(byte[] page, long seed) {
        for (int k = 0; k < page.length; k++) {
            page[k] = at(seed, k);
        }
    }
}
