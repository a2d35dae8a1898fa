package io.netchannel.conformance.harness;

import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one ordered record of a run: device memory accesses, frames, notifications, guest steps and
 * harness calls share one sequence, so orders the spec fixes (RING-7) can be checked.
 */
public final class EventLog {

    private final List<Event> events = new ArrayList<>();
    private long next;
    private int callStart;

    /** Everything so far, in order. */
    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** The events since the start of the last device call (the call marker included). */
    public List<Event> lastCall() {
        return Collections.unmodifiableList(events.subList(callStart, events.size()));
    }

    /** Events from position {@code from} (a value of {@link #size()}) to now. */
    public List<Event> since(int from) {
        return Collections.unmodifiableList(events.subList(from, events.size()));
    }

    /** Number of events so far. */
    public int size() {
        return events.size();
    }

    void call(String description) {
        callStart = events.size();
        events.add(new Event.Call(next++, description));
    }

    Event.MemoryAccess access(Event.Kind kind, int context, int gref, int offset, int length, int status, long value) {
        Event.MemoryAccess access = new Event.MemoryAccess(next++, kind, context, gref, offset, length, status, value);
        events.add(access);
        return access;
    }

    void transmit(int port, byte[] frame) {
        events.add(new Event.Transmit(next++, port, frame));
    }

    void notify(int context, Queue queue) {
        events.add(new Event.Notify(next++, context, queue));
    }

    /** Records a guest action. */
    public void guest(String description) {
        events.add(new Event.GuestStep(next++, description));
    }

    /** Device memory accesses among {@code list}. */
    public static List<Event.MemoryAccess> accesses(List<Event> list) {
        List<Event.MemoryAccess> accesses = new ArrayList<>();
        for (Event event : list) {
            if (event instanceof Event.MemoryAccess access) {
                accesses.add(access);
            }
        }
        return accesses;
    }
}
