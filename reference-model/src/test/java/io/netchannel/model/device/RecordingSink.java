package io.netchannel.model.device;

import io.netchannel.api.DeviceSink;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A test sink recording frames and notifications in the order the device produced them. */
final class RecordingSink implements DeviceSink {

    /** Something that left the device. */
    sealed interface Event permits Frame, Notification {
    }

    /** A frame to the wire. */
    record Frame(int port, byte[] bytes) implements Event {
    }

    /** A notification of a context's queue. */
    record Notification(int context, Queue queue) implements Event {
    }

    final List<Event> events = new ArrayList<>();
    /** Runs after each notification, to let a test guest act at that moment. */
    Runnable onNotify = () -> { };

    @Override
    public void transmit(int port, byte[] frame, int offset, int length) {
        events.add(new Frame(port, Arrays.copyOfRange(frame, offset, offset + length)));
    }

    @Override
    public void notify(int context, Queue queue) {
        events.add(new Notification(context, queue));
        onNotify.run();
    }

    List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Frame frame) {
                frames.add(frame);
            }
        }
        return frames;
    }

    List<Notification> notifications() {
        List<Notification> notifications = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Notification notification) {
                notifications.add(notification);
            }
        }
        return notifications;
    }
}
