package io.netchannel.fastnic;

import io.netchannel.api.DeviceSink;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records frames and notifications in the order the device produced them. With {@link #recording}
 * off it only counts, so a test measuring the device's allocation measures nothing of its own.
 */
final class RecordingSink implements DeviceSink {

    final List<byte[]> frames = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final List<String> notifications = new ArrayList<>();
    /** Frames ({@code "wire <length>"}) and notifications ({@code "<context>/<queue>"}) in one order. */
    final List<String> events = new ArrayList<>();
    /** The device time of each entry of {@link #events}, when {@link #clock} is set. */
    final List<Long> times = new ArrayList<>();
    boolean recording = true;
    /** Where the device's clock is read for {@link #times}; null records no times. */
    LongSupplier clock;
    long frameCount;
    long notificationCount;

    @Override
    public void transmit(int port, byte[] frame, int offset, int length) {
        frameCount++;
        if (recording) {
            ports.add(port);
            frames.add(Arrays.copyOfRange(frame, offset, offset + length));
            events.add("wire " + length);
            time();
        }
    }

    @Override
    public void notify(int context, Queue queue) {
        notificationCount++;
        if (recording) {
            notifications.add(context + "/" + queue);
            events.add(context + "/" + queue);
            time();
        }
    }

    private void time() {
        if (clock != null) {
            times.add(clock.getAsLong());
        }
    }
}
