package io.netchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The privileged configuration of one context, set by the host when it creates or updates it
 * (spec PRIV chapter). Later chapters add policy (VLAN, rate, filters, offload permissions)
 * through the builder, so callers written against this version keep compiling.
 *
 * @param macs the unicast MAC addresses the context owns, at least one, none a group address
 * @param txRingGref grant reference of the TX ring page, read-write for this context
 * @param rxRingGref grant reference of the RX ring page, read-write for this context
 * @param promiscuousAllowed whether the guest may turn promiscuous mode on
 */
public record ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed) {

    /** Copies the list; rejects nulls (an empty or illegal list is the device's to reject). */
    public ContextConfig {
        macs = List.copyOf(Objects.requireNonNull(macs, "macs"));
    }

    /** A builder starting from no MACs, ring grefs 0 and promiscuous mode not allowed. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.macs.addAll(macs);
        builder.txRingGref = txRingGref;
        builder.rxRingGref = rxRingGref;
        builder.promiscuousAllowed = promiscuousAllowed;
        return builder;
    }

    /** Builds a {@link ContextConfig}. */
    public static final class Builder {
        private final List<MacAddress> macs = new ArrayList<>();
        private int txRingGref;
        private int rxRingGref;
        private boolean promiscuousAllowed;

        private Builder() {
        }

        /** Adds an owned MAC address. */
        public Builder mac(MacAddress mac) {
            macs.add(Objects.requireNonNull(mac, "mac"));
            return this;
        }

        /** Replaces the owned MAC addresses. */
        public Builder macs(List<MacAddress> list) {
            macs.clear();
            macs.addAll(list);
            return this;
        }

        /** Sets the grant reference of the TX ring page. */
        public Builder txRingGref(int gref) {
            txRingGref = gref;
            return this;
        }

        /** Sets the grant reference of the RX ring page. */
        public Builder rxRingGref(int gref) {
            rxRingGref = gref;
            return this;
        }

        /** Sets whether the guest may enable promiscuous mode. */
        public Builder promiscuousAllowed(boolean allowed) {
            promiscuousAllowed = allowed;
            return this;
        }

        /** The configuration. */
        public ContextConfig build() {
            return new ContextConfig(macs, txRingGref, rxRingGref, promiscuousAllowed);
        }
    }
}
