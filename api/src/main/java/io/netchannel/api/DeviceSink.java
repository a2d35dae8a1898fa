package io.netchannel.api;

/**
 * Where a device sends what leaves it: frames to the wire and notifications to guests. The harness
 * supplies it; calls are synchronous and happen inside the device call that caused them, in the
 * order the device performs them.
 */
public interface DeviceSink {

    /**
     * A frame leaves on {@code port}. The sink copies the bytes before returning, so the device may
     * reuse its buffer at once.
     */
    void transmit(int port, byte[] frame, int offset, int length);

    /** A notification (an interrupt, Xen's event-channel send) for one queue of one context. */
    void notify(int context, Queue queue);
}
