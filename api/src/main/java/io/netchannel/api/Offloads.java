package io.netchannel.api;

/**
 * The receive-side offloads a guest enables on its own context (spec 11). Transmit offloads need
 * no enabling: a guest asks for them per packet, with {@code NETTXF_csum_blank} or a GSO extra,
 * on a device that claims {@code checksum} or {@code tso}.
 *
 * <p>The constructor takes any values; the device checks them: a value the device's profiles do
 * not cover is {@link RejectCategory#NOT_SUPPORTED} (OFF-1), a flush delay out of range
 * {@link RejectCategory#INVALID_CONFIG} (OFF-2).
 *
 * @param rxChecksum mark received frames whose checksums the device verified with
 *     {@code NETRXF_data_validated} (profile {@code checksum}, CSUM-5)
 * @param lroFlushNanos 0 for no large receive offload; otherwise LRO is on and a held aggregate is
 *     delivered at the latest this long after its first segment arrived, 1 to
 *     {@link #MAX_LRO_FLUSH_NANOS} (profile {@code lro}, LRO-4)
 */
public record Offloads(boolean rxChecksum, long lroFlushNanos) {

    /** Nothing enabled: frames arrive as chapter 04 delivers them. */
    public static final Offloads NONE = new Offloads(false, 0);

    /** Largest {@link #lroFlushNanos()}: one second. */
    public static final long MAX_LRO_FLUSH_NANOS = 1_000_000_000L;

    /** Whether large receive offload is on. */
    public boolean lro() {
        return lroFlushNanos != 0;
    }

    /** Whether the device accepts the flush delay (OFF-2). */
    public boolean valid() {
        return lroFlushNanos >= 0 && lroFlushNanos <= MAX_LRO_FLUSH_NANOS;
    }

    /** These offloads with RX checksum marking set to {@code on}. */
    public Offloads withRxChecksum(boolean on) {
        return new Offloads(on, lroFlushNanos);
    }

    /** These offloads with the LRO flush delay replaced (0 turns LRO off). */
    public Offloads withLro(long flushNanos) {
        return new Offloads(rxChecksum, flushNanos);
    }
}
