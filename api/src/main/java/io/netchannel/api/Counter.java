package io.netchannel.api;

/**
 * The counters every device keeps, per context or device-wide. Conformance compares counter deltas
 * after every step, so each counter has one precise meaning (spec chapter that defines it in
 * brackets).
 */
public enum Counter {
    /** Frames of this context that left its TX path: sent to the wire, switched to other guests, or both, once each [TX, CTX]. */
    TX_FRAMES,
    /** Bytes of those frames [TX]. */
    TX_BYTES,
    /** TX packets answered with ERROR responses (a per-packet error) [DESC]. */
    TX_ERRORS,
    /** Fatal errors that stopped this context [RING, DESC]. */
    FATAL_ERRORS,
    /** Frames written into this context's RX buffers [RX]. */
    RX_FRAMES,
    /** Bytes of those frames [RX]. */
    RX_BYTES,
    /** Frames for this context dropped because too few RX buffers were posted [RX]. */
    RX_DROP_NO_BUFFER,
    /** Frames for this context dropped because a posted RX buffer was not writable [RX]. */
    RX_DROP_BAD_BUFFER,
    /** Frames for this context dropped because it is in the FAILED state [RX]. */
    RX_DROP_FAILED,
    /** Frames this context sent with a source MAC it does not own, dropped [TXF-2]. */
    TX_DROP_SPOOF,
    /** Frames this context sent with a VLAN tag its policy forbids, or without one it requires, dropped [TXF-3..5]. */
    TX_DROP_VLAN,
    /** Frames this context sent that a filter rule or the default dropped [TXF-6]. */
    TX_DROP_FILTER,
    /** Copies for this context that one of its RX filter rules or its RX default dropped [DEMUX-14, profile l3l4-demux]. */
    RX_DROP_FILTER,
    /**
     * Times this context's TX walk stopped at a packet its rate limit did not yet allow, once per
     * wait: a wait lasts from such a stop until a walk empties the ring, or the context fails, is
     * reset or destroyed [QOS-7, profile qos].
     */
    TX_RATE_LIMITED,
    /** Device-wide: frames received from the wire [RX]. */
    WIRE_RX_FRAMES,
    /** Device-wide: frames from the wire that no context takes, dropped [RX-1, RX-6, DEMUX-9]. */
    WIRE_DROP_NO_CONTEXT,
    /**
     * Device-wide: frames from a guest that the host's software path switched to other guests,
     * once per frame however many guests took it [CTX-7, CTX-10]. A device on its own never counts
     * it; a host composing a device with its software path does.
     */
    HOST_SWITCHED_FRAMES;

    /** The context argument of {@link NetchannelDevice#counter(int, Counter)} for device-wide counters. */
    public static final int DEVICE = -1;
}
