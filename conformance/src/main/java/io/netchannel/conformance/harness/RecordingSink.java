package io.netchannel.conformance.harness;

import io.netchannel.api.DeviceSink;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Records what leaves a device: frames (copied, with their port) and notifications, each also in
 * the shared {@link EventLog} so its order against memory writes can be checked (RING-7).
 */
public final class RecordingSink implements DeviceSink {

    /** A frame sent to the wire. */
    public record Frame(int port, byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Frame f && f.port == port && Arrays.equals(f.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * port + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Frame[port=" + port + ", " + bytes.length + " bytes, " + Bytes.hex(bytes, 24) + "]";
        }
    }

    /** A notification of one queue of one context. */
    public record Notification(int context, Queue queue) {
    }

    private final EventLog log;
    private final List<Frame> frames = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final List<java.util.function.Consumer<Notification>> listeners = new ArrayList<>();

    /** A sink recording into {@code log}. */
    public RecordingSink(EventLog log) {
        this.log = log;
    }

    @Override
    public void transmit(int port, byte[] frame, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(frame, offset, offset + length);
        frames.add(new Frame(port, copy));
        log.transmit(port, copy);
    }

    @Override
    public void notify(int context, Queue queue) {
        notifications.add(new Notification(context, queue));
        log.notify(context, queue);
        for (java.util.function.Consumer<Notification> listener : List.copyOf(listeners)) {
            listener.accept(new Notification(context, queue));
        }
    }

    /**
     * Runs {@code listener} on every notification, inside the device call that sends it, as a
     * guest's interrupt handler would run concurrently with the device.
     */
    public void addListener(java.util.function.Consumer<Notification> listener) {
        listeners.add(listener);
    }

    /** Every frame so far, in order. */
    public List<Frame> frames() {
        return Collections.unmodifiableList(frames);
    }

    /** Frames sent on {@code port} so far, in order. */
    public List<byte[]> frames(int port) {
        List<byte[]> onPort = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.port() == port) {
                onPort.add(frame.bytes().clone());
            }
        }
        return onPort;
    }

    /** Every notification so far, in order. */
    public List<Notification> notifications() {
        return Collections.unmodifiableList(notifications);
    }

    /** Notifications of {@code context}'s {@code queue} so far. */
    public long notifications(int context, Queue queue) {
        return notifications.stream().filter(n -> n.context() == context && n.queue() == queue).count();
    }
}
