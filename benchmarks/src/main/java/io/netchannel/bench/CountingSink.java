package io.netchannel.bench;

import io.netchannel.api.DeviceSink;
import io.netchannel.api.Queue;

/**
 * A wire and interrupt controller that only counts: frames, their bytes and notifications. It
 * keeps no copy of a frame, so the benchmark measures the device and not a harness buffer.
 */
public final class CountingSink implements DeviceSink {

    private long frames;
    private long bytes;
    private long notifications;

    @Override
    public void transmit(int port, byte[] frame, int offset, int length) {
        frames++;
        bytes += length;
    }

    @Override
    public void notify(int context, Queue queue) {
        notifications++;
    }

    /** Frames transmitted so far. */
    public long frames() {
        return frames;
    }

    /** Bytes of those frames. */
    public long bytes() {
        return bytes;
    }

    /** Notifications sent so far. */
    public long notifications() {
        return notifications;
    }
}
