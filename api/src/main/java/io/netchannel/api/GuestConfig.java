package io.netchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The unprivileged configuration a guest sets on its own context (spec 01, 06, 10 and 11).
 *
 * @param promiscuous receive every frame on the context's VLANs (only where the host allows it)
 * @param multicast the multicast groups the guest joined
 * @param allMulticast receive every multicast frame on the context's VLANs
 * @param txCoalescing notification coalescing of the TX queue (spec 10, profile {@code coalescing})
 * @param rxCoalescing notification coalescing of the RX queue (spec 10, profile {@code coalescing})
 * @param offloads the receive offloads the guest enabled (spec 11, profiles {@code checksum} and {@code lro})
 */
public record GuestConfig(boolean promiscuous, List<MacAddress> multicast, boolean allMulticast, Coalescing txCoalescing,
        Coalescing rxCoalescing, Offloads offloads) {

    /** The configuration of a fresh context: nothing enabled, no groups, no coalescing. */
    public static final GuestConfig DEFAULT = new GuestConfig(false, List.of(), false);

    /** Copies the list; rejects nulls. */
    public GuestConfig {
        multicast = List.copyOf(Objects.requireNonNull(multicast, "multicast"));
        Objects.requireNonNull(txCoalescing, "txCoalescing");
        Objects.requireNonNull(rxCoalescing, "rxCoalescing");
        Objects.requireNonNull(offloads, "offloads");
    }

    /** A configuration without receive offloads (chapter 10's form). */
    public GuestConfig(boolean promiscuous, List<MacAddress> multicast, boolean allMulticast, Coalescing txCoalescing,
            Coalescing rxCoalescing) {
        this(promiscuous, multicast, allMulticast, txCoalescing, rxCoalescing, Offloads.NONE);
    }

    /** A configuration without coalescing (chapter 06's form). */
    public GuestConfig(boolean promiscuous, List<MacAddress> multicast, boolean allMulticast) {
        this(promiscuous, multicast, allMulticast, Coalescing.IMMEDIATE, Coalescing.IMMEDIATE, Offloads.NONE);
    }

    /** A configuration with all-multicast off (chapter 01's form). */
    public GuestConfig(boolean promiscuous, List<MacAddress> multicast) {
        this(promiscuous, multicast, false);
    }

    /** This configuration with the multicast list replaced. */
    public GuestConfig withMulticast(List<MacAddress> groups) {
        return new GuestConfig(promiscuous, groups, allMulticast, txCoalescing, rxCoalescing, offloads);
    }

    /** This configuration with promiscuous mode set to {@code on}. */
    public GuestConfig withPromiscuous(boolean on) {
        return new GuestConfig(on, multicast, allMulticast, txCoalescing, rxCoalescing, offloads);
    }

    /** This configuration with the coalescing of {@code queue} replaced. */
    public GuestConfig withCoalescing(Queue queue, Coalescing coalescing) {
        return queue == Queue.TX
                ? new GuestConfig(promiscuous, multicast, allMulticast, coalescing, rxCoalescing, offloads)
                : new GuestConfig(promiscuous, multicast, allMulticast, txCoalescing, coalescing, offloads);
    }

    /** This configuration with the receive offloads replaced. */
    public GuestConfig withOffloads(Offloads replacement) {
        return new GuestConfig(promiscuous, multicast, allMulticast, txCoalescing, rxCoalescing, replacement);
    }

    /** The coalescing of {@code queue}. */
    public Coalescing coalescing(Queue queue) {
        return queue == Queue.TX ? txCoalescing : rxCoalescing;
    }

    /** Whether the configuration needs profile {@code coalescing}: a queue has a value other than 0. */
    public boolean coalesces() {
        return !txCoalescing.equals(Coalescing.IMMEDIATE) || !rxCoalescing.equals(Coalescing.IMMEDIATE);
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GuestConfig}. */
    public static final class Builder {
        private boolean promiscuous;
        private boolean allMulticast;
        private final List<MacAddress> multicast = new ArrayList<>();
        private Coalescing txCoalescing = Coalescing.IMMEDIATE;
        private Coalescing rxCoalescing = Coalescing.IMMEDIATE;
        private Offloads offloads = Offloads.NONE;

        private Builder() {
        }

        /** Sets the receive offloads (profiles {@code checksum} and {@code lro}). */
        public Builder offloads(Offloads value) {
            offloads = Objects.requireNonNull(value, "offloads");
            return this;
        }

        /** Sets the coalescing of {@code queue} (profile {@code coalescing}). */
        public Builder coalescing(Queue queue, Coalescing coalescing) {
            Objects.requireNonNull(coalescing, "coalescing");
            if (queue == Queue.TX) {
                txCoalescing = coalescing;
            } else {
                rxCoalescing = coalescing;
            }
            return this;
        }

        /** Sets promiscuous mode. */
        public Builder promiscuous(boolean on) {
            promiscuous = on;
            return this;
        }

        /** Sets all-multicast mode. */
        public Builder allMulticast(boolean on) {
            allMulticast = on;
            return this;
        }

        /** Adds a multicast group. */
        public Builder join(MacAddress group) {
            multicast.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /** The configuration. */
        public GuestConfig build() {
            return new GuestConfig(promiscuous, multicast, allMulticast, txCoalescing, rxCoalescing, offloads);
        }
    }
}
