package io.netchannel.model.txfilter;

import io.netchannel.api.Counter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * What the checks of chapter 07 make of one frame a context sends: it leaves as {@link Send} or
 * is dropped as {@link Drop} (TXF-1, TXF-9). {@link #rule()} is the filter index that decided it
 * (TXF-8), or {@link #NOT_FILTERED} when an earlier check dropped it.
 */
public sealed interface Enforcement permits Enforcement.Send, Enforcement.Drop {

    /** The rule index of a frame the filter rules never saw. */
    int NOT_FILTERED = -1;

    /** The index whose {@code filterHits} counter this frame moves, or {@link #NOT_FILTERED}. */
    int rule();

    /**
     * The frame leaves: {@code wire} is what goes out (with the tag an Access context gets, TXF-4).
     *
     * @param wire the bytes to send
     * @param rule the deciding filter index, {@code 0..n}
     */
    record Send(byte[] wire, int rule) implements Enforcement {
        /** Copies the bytes; rejects a negative rule index. */
        public Send {
            wire = wire.clone();
            if (rule < 0) {
                throw new IllegalArgumentException("a sent frame was decided by a rule or the default: rule=" + rule);
            }
        }

        /** The bytes to send (a copy). */
        @Override
        public byte[] wire() {
            return wire.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Send send && send.rule == rule && Arrays.equals(send.wire, wire);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(wire) + rule;
        }

        @Override
        public String toString() {
            return "Send[wire=" + HexFormat.of().formatHex(wire) + ", rule=" + rule + "]";
        }
    }

    /**
     * The frame is dropped, its slots answered DROPPED, and {@code reason} counted (TXF-9).
     *
     * @param reason TX_DROP_SPOOF, TX_DROP_VLAN or TX_DROP_FILTER
     * @param rule the deciding filter index for TX_DROP_FILTER, else {@link #NOT_FILTERED}
     */
    record Drop(Counter reason, int rule) implements Enforcement {
        private static final Set<Counter> REASONS = Set.of(Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER);

        /** Rejects a counter that is not a TX drop reason and an index below {@link #NOT_FILTERED}. */
        public Drop {
            Objects.requireNonNull(reason, "reason");
            if (!REASONS.contains(reason)) {
                throw new IllegalArgumentException("a TX drop counts TX_DROP_SPOOF, TX_DROP_VLAN or TX_DROP_FILTER: reason=" + reason);
            }
            if (rule < NOT_FILTERED) {
                throw new IllegalArgumentException("a rule index is -1 or more: rule=" + rule);
            }
        }
    }
}
