package io.netchannel.api;

/**
 * A context's TX rate limit, set by the host (spec 09, profile {@code qos}): {@code bytes} of
 * credit every {@code periodNanos}, accrued continuously at nanosecond resolution, the balance
 * capped at {@code burstBytes}. A packet leaves only when the balance covers its whole length, so
 * over any window of T nanoseconds a context sends at most {@code burstBytes + bytes·T/periodNanos}
 * bytes (QOS-3).
 *
 * <p>The constructor takes any values so that a test can express an illegal limit; the device
 * checks the ranges and answers {@link RejectCategory#INVALID_CONFIG} (QOS-2).
 *
 * @param bytes credit added per period, 1 to {@link #MAX_BYTES}
 * @param periodNanos the period, 1 to {@link #MAX_PERIOD_NANOS} nanoseconds
 * @param burstBytes the cap on accumulated credit, {@link #MIN_BURST} to {@link #MAX_BURST}
 */
public record TxRate(long bytes, long periodNanos, long burstBytes) {

    /** No limit: every packet the checks let through leaves at once. The only value with zeros. */
    public static final TxRate UNLIMITED = new TxRate(0, 0, 0);

    /** Largest credit per period: 2^31 − 1 bytes. */
    public static final long MAX_BYTES = Integer.MAX_VALUE;
    /** Longest period: 2^32 − 1 ns, about 4.29 s (the level, credit × period, then fits in 63 bits). */
    public static final long MAX_PERIOD_NANOS = 0xFFFF_FFFFL;
    /**
     * Smallest burst: the largest packet a TX request can describe ({@code XEN_NETIF_MAX_TX_SIZE},
     * 65535 bytes), so every packet eventually conforms (QOS-5).
     */
    public static final long MIN_BURST = 0xFFFF;
    /** Largest burst: 2^31 − 1 bytes. */
    public static final long MAX_BURST = Integer.MAX_VALUE;
    /** Xen netback's smallest burst, 128 KiB ({@code tx_add_credit}). */
    public static final long XEN_MIN_BURST = 131_072;

    /** Whether this is {@link #UNLIMITED}. */
    public boolean unlimited() {
        return bytes == 0 && periodNanos == 0 && burstBytes == 0;
    }

    /** Whether the device accepts this limit (QOS-2): unlimited, or every field in its range. */
    public boolean valid() {
        return unlimited() || (bytes >= 1 && bytes <= MAX_BYTES && periodNanos >= 1 && periodNanos <= MAX_PERIOD_NANOS
                && burstBytes >= MIN_BURST && burstBytes <= MAX_BURST);
    }

    /**
     * Xen's {@code rate = "<bytes>,<usecs>"} with netback's burst of max(128 KiB, bytes). Unlike
     * netback, the period keeps its microseconds (netback truncates it to whole milliseconds).
     */
    public static TxRate xen(long bytes, long usecs) {
        return new TxRate(bytes, usecs * 1_000, Math.max(XEN_MIN_BURST, bytes));
    }
}
