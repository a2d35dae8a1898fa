package io.netchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The privileged configuration of one context, set by the host when it creates or updates it
 * (spec 01, with VLAN policy from 06 and TX filter rules from 07). Later chapters add policy
 * (rate, offload permissions) through the builder, so callers written against the builder keep
 * compiling.
 *
 * @param macs the unicast MAC addresses the context owns, at least one, none a group address
 * @param txRingGref grant reference of the TX ring page, read-write for this context
 * @param rxRingGref grant reference of the RX ring page, read-write for this context
 * @param promiscuousAllowed whether the guest may turn promiscuous mode on
 * @param vlan the context's VLAN policy (spec 06, 07)
 * @param txRules TX filter rules, tried in order, the first match deciding (spec 07)
 * @param txDefault what happens to a frame no rule matches (spec 07)
 */
public record ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed, VlanPolicy vlan,
        List<FilterRule> txRules, FilterAction txDefault) {

    /** Copies the lists; rejects nulls (an empty or illegal list is the device's to reject). */
    public ContextConfig {
        macs = List.copyOf(Objects.requireNonNull(macs, "macs"));
        Objects.requireNonNull(vlan, "vlan");
        txRules = List.copyOf(Objects.requireNonNull(txRules, "txRules"));
        Objects.requireNonNull(txDefault, "txDefault");
    }

    /** The core configuration of chapter 01: untagged, no filter rules, default allow. */
    public ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed) {
        this(macs, txRingGref, rxRingGref, promiscuousAllowed, VlanPolicy.UNTAGGED, List.of(), FilterAction.ALLOW);
    }

    /** A builder starting from no MACs, ring grefs 0, promiscuous not allowed, untagged, no rules, default allow. */
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
        builder.vlan = vlan;
        builder.txRules.addAll(txRules);
        builder.txDefault = txDefault;
        return builder;
    }

    /** Builds a {@link ContextConfig}. */
    public static final class Builder {
        private final List<MacAddress> macs = new ArrayList<>();
        private int txRingGref;
        private int rxRingGref;
        private boolean promiscuousAllowed;
        private VlanPolicy vlan = VlanPolicy.UNTAGGED;
        private final List<FilterRule> txRules = new ArrayList<>();
        private FilterAction txDefault = FilterAction.ALLOW;

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

        /** Sets the VLAN policy. */
        public Builder vlan(VlanPolicy policy) {
            vlan = Objects.requireNonNull(policy, "vlan");
            return this;
        }

        /** Appends a TX filter rule. */
        public Builder txRule(FilterRule rule) {
            txRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Replaces the TX filter rules. */
        public Builder txRules(List<FilterRule> rules) {
            txRules.clear();
            txRules.addAll(rules);
            return this;
        }

        /** Sets the action for frames no rule matches. */
        public Builder txDefault(FilterAction action) {
            txDefault = Objects.requireNonNull(action, "txDefault");
            return this;
        }

        /** The configuration. */
        public ContextConfig build() {
            return new ContextConfig(macs, txRingGref, rxRingGref, promiscuousAllowed, vlan, txRules, txDefault);
        }
    }
}
