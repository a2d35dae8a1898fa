package io.netchannel.api;

/**
 * A smart L2 NIC serving many guests through per-context netchannel rings.
 *
 * <p>Inputs are control-plane requests (privileged and unprivileged), doorbell kicks, frames
 * arriving from the wire and the passage of time. Outputs go to the {@link DeviceSink} given at
 * construction (frames to the wire, notifications), into guest memory (ring responses and
 * received data, through {@link GuestMemory}), and into counters read with
 * {@link #counter(int, Counter)}.
 *
 * <p>Every method is called from one thread, never concurrently, and must return: a device may
 * not block, spin waiting for guest memory to change, or read the wall clock. Bad guest input is
 * answered as the spec says (an error response, a fatal context state, a counted drop), never by
 * throwing.
 */
public interface NetchannelDevice {

    /**
     * Applies a control-plane request on behalf of {@code caller}.
     *
     * @return {@link ControlResult.Ok} when applied; {@link ControlResult.NoContextAvailable} when
     *     a context cannot be created because the device has none left (spec PRIV-7); a
     *     {@link ControlResult.Rejected} naming the rule otherwise, with no state changed
     */
    ControlResult control(Caller caller, ControlRequest request);

    /**
     * The guest's doorbell for one queue of one context: the device reads the ring in guest memory
     * and processes what it finds. A kick for an absent or failed context, or with nothing new on
     * the ring, is harmless.
     */
    void kick(int context, Queue queue);

    /**
     * A frame arrives from the wire on {@code port}. The bytes are the Ethernet frame from the
     * destination MAC to the end of the payload, without preamble or FCS. The device must not keep
     * a reference to {@code frame} after returning.
     */
    void receive(int port, byte[] frame, int offset, int length);

    /**
     * Moves the device's clock to {@code nanos}. Time never goes backwards; the harness starts it
     * at 0. Timers (rate-limit credit, coalescing, LRO flush) fire from here only.
     */
    void advanceTo(long nanos);

    /** The current state of a context; {@link ContextState#ABSENT} for an id never created. */
    ContextState state(int context);

    /**
     * A counter's value: per context, or device-wide with {@link Counter#DEVICE}. Counters start
     * at 0 when a context is created and only grow.
     */
    long counter(int context, Counter counter);

    /**
     * How many frames of {@code context} TX filter rule {@code rule} decided (spec 07, TXF-8):
     * {@code rule} indexes the context's {@link ContextConfig#txRules()}, and the index one past the
     * last rule counts the frames the default decided. 0 for an absent context or an index out of
     * range. The counters start at 0 when the context is created and again whenever an update
     * changes its rules or default.
     */
    long filterHits(int context, int rule);
}
