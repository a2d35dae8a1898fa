package io.netchannel.conformance.harness;

import io.netchannel.api.Queue;
import java.util.HexFormat;

/** One entry of the {@link EventLog}: what the device or the guest did, in the order it happened. */
public sealed interface Event permits Event.MemoryAccess, Event.Transmit, Event.Notify, Event.GuestStep, Event.Call {

    /** Position in the log; strictly increasing. */
    long seq();

    /** Whether a device access read or wrote. */
    enum Kind { READ, WRITE }

    /**
     * A device access through {@link io.netchannel.api.GuestMemory}.
     *
     * @param status the status returned to the device ({@code 0} when performed)
     * @param value for a 4-byte access, the little-endian value read or written; else 0
     */
    record MemoryAccess(long seq, Kind kind, int context, int gref, int offset, int length, int status, long value)
            implements Event {

        /** True when the access covers any byte of {@code [from, from + count)} in {@code page}. */
        public boolean touches(int page, int from, int count) {
            return gref == page && offset < from + count && from < offset + length;
        }

        /** True when this is exactly the 4-byte header field at {@code field} of {@code page}. */
        public boolean isField(int page, int field) {
            return gref == page && offset == field && length == 4;
        }

        @Override
        public String toString() {
            return "#" + seq + " " + kind + " ctx=" + context + " gref=" + gref + " [" + offset + ", +" + length + ")"
                    + (length == 4 ? " value=" + value : "") + (status != 0 ? " status=" + status : "");
        }
    }

    /** A frame the device sent, copied. */
    record Transmit(long seq, int port, byte[] frame) implements Event {
        @Override
        public String toString() {
            return "#" + seq + " TRANSMIT port=" + port + " " + frame.length + " bytes " + HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 32))
                    + (frame.length > 32 ? "…" : "");
        }
    }

    /** A notification the device sent. */
    record Notify(long seq, int context, Queue queue) implements Event {
        @Override
        public String toString() {
            return "#" + seq + " NOTIFY ctx=" + context + " " + queue;
        }
    }

    /** Something the guest did, written into the log so its order against device accesses shows. */
    record GuestStep(long seq, String description) implements Event {
        @Override
        public String toString() {
            return "#" + seq + " GUEST " + description;
        }
    }

    /** The harness called the device. */
    record Call(long seq, String description) implements Event {
        @Override
        public String toString() {
            return "#" + seq + " CALL " + description;
        }
    }
}
