package io.netchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The unprivileged configuration a guest sets on its own context (spec 01 and 06). Later chapters
 * add offload enables and coalescing through the builder.
 *
 * @param promiscuous receive every frame on the context's VLANs (only where the host allows it)
 * @param multicast the multicast groups the guest joined
 * @param allMulticast receive every multicast frame on the context's VLANs
 */
public record GuestConfig(boolean promiscuous, List<MacAddress> multicast, boolean allMulticast) {

    /** The configuration of a fresh context: nothing enabled, no groups. */
    public static final GuestConfig DEFAULT = new GuestConfig(false, List.of(), false);

    /** Copies the list; rejects nulls. */
    public GuestConfig {
        multicast = List.copyOf(Objects.requireNonNull(multicast, "multicast"));
    }

    /** A configuration with all-multicast off (chapter 01's form). */
    public GuestConfig(boolean promiscuous, List<MacAddress> multicast) {
        this(promiscuous, multicast, false);
    }

    /** This configuration with the multicast list replaced. */
    public GuestConfig withMulticast(List<MacAddress> groups) {
        return new GuestConfig(promiscuous, groups, allMulticast);
    }

    /** This configuration with promiscuous mode set to {@code on}. */
    public GuestConfig withPromiscuous(boolean on) {
        return new GuestConfig(on, multicast, allMulticast);
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

        private Builder() {
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
            return new GuestConfig(promiscuous, multicast, allMulticast);
        }
    }
}
