package io.netchannel.conformance.properties;

import io.netchannel.api.Counter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Section 7.3 of chapter 11 for one receiving context with LRO on, read from the rule text: what
 * it holds, when it flushes, what each flush and each frame delivers, and the counters (LRO-2 to
 * LRO-7). It follows the RX requests the guest posts and the deliveries take, so it knows the
 * room section 7.2 asks for. Every frame it is given is one chapter 04 would deliver to the
 * context now (no demux here).
 */
public final class LroOracle {

    /**
     * One expected delivery, or a drop.
     *
     * @param frame the frame written to the guest's buffers
     * @param mss the GSO extra's size for a merged frame, -1 for a frame delivered as chapter 04 says
     * @param segments how many frames it ends (LRO-6)
     * @param counter the counter they end in
     * @param validated whether NETRXF_data_validated is due (CSUM-5)
     */
    public record Expected(byte[] frame, int mss, int segments, Counter counter, boolean validated) {

        /** Requests the delivery takes (0 for a drop). */
        public int requests() {
            return counter == Counter.RX_FRAMES ? OffloadOracle.requests(frame.length, mss >= 0) : 0;
        }

        @Override
        public String toString() {
            return (counter == Counter.RX_FRAMES ? "deliver " : counter + " for ") + frame.length + " bytes"
                    + (mss >= 0 ? " merged from " + segments + " segments, MSS " + mss : "") + (validated ? ", data_validated" : "");
        }
    }

    private final long flushNanos;
    private final boolean rxChecksum;
    private final List<byte[]> held = new ArrayList<>();
    private long due;
    private long available;
    private boolean failed;
    private final Map<Counter, Long> counters = new EnumMap<>(Counter.class);

    /** A context with LRO flush delay {@code flushNanos} (0: LRO off) and RX checksum marking {@code rxChecksum}. */
    public LroOracle(long flushNanos, boolean rxChecksum) {
        this.flushNanos = flushNanos;
        this.rxChecksum = rxChecksum;
        for (Counter counter : OffloadBench.RX_COUNTERS) {
            counters.put(counter, 0L);
        }
    }

    /** The guest posted {@code count} requests. */
    public void post(int count) {
        available += count;
    }

    /** The held aggregate's due time, or {@link Long#MAX_VALUE} when nothing is held. */
    public long due() {
        return held.isEmpty() ? Long.MAX_VALUE : due;
    }

    /** Segments held now. */
    public int held() {
        return held.size();
    }

    /** Requests posted and not yet taken. */
    public long available() {
        return available;
    }

    /** The counters of the context as the oracle has them (RX_FRAMES, RX_BYTES, the three drops). */
    public Map<Counter, Long> counters() {
        return counters;
    }

    /** Section 7.3: frame {@code s} arrives at {@code now}. */
    public List<Expected> receive(byte[] s, long now) {
        List<Expected> out = new ArrayList<>();
        if (failed) {
            out.add(drop(s, -1, 1, Counter.RX_DROP_FAILED));
            return out;
        }
        if (flushNanos == 0) {
            out.add(single(s));
            return out;
        }
        if (!held.isEmpty() && due <= now) {
            flush(out); // LRO-4: never extend a due aggregate
        }
        if (!OffloadOracle.candidate(s)) {
            flush(out); // LRO-8: arrival order kept
            out.add(single(s));
            return out;
        }
        if (!held.isEmpty() && OffloadOracle.merges(held, s)
                && OffloadOracle.requests(OffloadOracle.mergedLength(held) + OffloadOracle.payload(s), true) <= available) {
            held.add(s);
            if (OffloadOracle.psh(s) || OffloadOracle.payload(s) < OffloadOracle.payload(held.get(0))) {
                flush(out);
            }
            return out;
        }
        flush(out);
        if (OffloadOracle.psh(s) || OffloadOracle.requests(s.length, false) > available) {
            out.add(single(s));
            return out;
        }
        held.add(s);
        due = now + flushNanos;
        return out;
    }

    /** Time reaches {@code now}: the aggregate flushes at its due time (LRO-7). */
    public List<Expected> advanceTo(long now) {
        List<Expected> out = new ArrayList<>();
        if (!held.isEmpty() && due <= now) {
            flush(out);
        }
        return out;
    }

    /** An accepted update, reset or SetGuestConfig of the context: the aggregate flushes first (LRO-4). */
    public List<Expected> control() {
        List<Expected> out = new ArrayList<>();
        flush(out);
        return out;
    }

    /** The context enters FAILED: its aggregate ends in RX_DROP_FAILED (LRO-6), and so does every frame until a reset. */
    public List<Expected> fail() {
        List<Expected> out = new ArrayList<>();
        if (!held.isEmpty()) {
            out.add(drop(held.size() == 1 ? held.get(0) : OffloadOracle.merge(held), -1, held.size(), Counter.RX_DROP_FAILED));
            held.clear();
        }
        failed = true;
        return out;
    }

    /** An accepted reset: the context is ACTIVE again. */
    public void reset() {
        failed = false;
    }

    /** Section 7.4: the held aggregate is delivered and forgotten. */
    private void flush(List<Expected> out) {
        if (held.isEmpty()) {
            return;
        }
        if (held.size() == 1) {
            out.add(single(held.get(0)));
        } else {
            byte[] merged = OffloadOracle.merge(held);
            int mss = OffloadOracle.payload(held.get(0));
            if (OffloadOracle.requests(merged.length, true) > available) {
                out.add(drop(merged, mss, held.size(), Counter.RX_DROP_NO_BUFFER));
            } else {
                available -= OffloadOracle.requests(merged.length, true);
                count(Counter.RX_FRAMES, held.size());
                count(Counter.RX_BYTES, merged.length);
                out.add(new Expected(merged, mss, held.size(), Counter.RX_FRAMES, rxChecksum && OffloadOracle.verifies(merged)));
            }
        }
        held.clear();
    }

    /** Chapter 04, section 4.2: one frame, its own delivery. */
    private Expected single(byte[] s) {
        if (OffloadOracle.requests(s.length, false) > available) {
            return drop(s, -1, 1, Counter.RX_DROP_NO_BUFFER);
        }
        available -= OffloadOracle.requests(s.length, false);
        count(Counter.RX_FRAMES, 1);
        count(Counter.RX_BYTES, s.length);
        return new Expected(s, -1, 1, Counter.RX_FRAMES, rxChecksum && OffloadOracle.verifies(s));
    }

    private Expected drop(byte[] frame, int mss, int segments, Counter counter) {
        count(counter, segments);
        return new Expected(frame, mss, segments, counter, false);
    }

    private void count(Counter counter, long by) {
        counters.merge(counter, by, Long::sum);
    }
}
