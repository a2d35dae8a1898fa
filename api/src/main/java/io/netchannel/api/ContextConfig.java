package io.netchannel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The privileged configuration of one context, set by the host when it creates or updates it
 * (spec 01, with VLAN policy and RX filter rules from 06, TX filter rules from 07 and the TX rate from 09). Later
 * chapters add policy (offload permissions) through the builder, so callers written against the builder keep
 * compiling.
 *
 * @param macs the unicast MAC addresses the context owns, at least one, none a group address
 * @param txRingGref grant reference of the TX ring page, read-write for this context
 * @param rxRingGref grant reference of the RX ring page, read-write for this context
 * @param promiscuousAllowed whether the guest may turn promiscuous mode on
 * @param vlan the context's VLAN policy (spec 06, 07)
 * @param txRules TX filter rules, tried in order, the first match deciding (spec 07)
 * @param txDefault what happens to a frame no rule matches (spec 07)
 * @param rxRules RX filter rules, tried in order on each copy demux gives this context, the first
 *     match deciding (spec 06, profile {@code l3l4-demux})
 * @param rxDefault what happens to a copy no RX rule matches (spec 06, profile {@code l3l4-demux})
 * @param txRate the context's TX rate limit, {@link TxRate#UNLIMITED} for none (spec 09, profile {@code qos})
 */
public record ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed, VlanPolicy vlan,
        List<FilterRule> txRules, FilterAction txDefault, List<FilterRule> rxRules, FilterAction rxDefault, TxRate txRate) {

    /** Copies the lists; rejects nulls (an empty or illegal list is the device's to reject). */
    public ContextConfig {
        macs = List.copyOf(Objects.requireNonNull(macs, "macs"));
        Objects.requireNonNull(vlan, "vlan");
        txRules = List.copyOf(Objects.requireNonNull(txRules, "txRules"));
        Objects.requireNonNull(txDefault, "txDefault");
        rxRules = List.copyOf(Objects.requireNonNull(rxRules, "rxRules"));
        Objects.requireNonNull(rxDefault, "rxDefault");
        Objects.requireNonNull(txRate, "txRate");
    }

    /** The configuration of chapters 01 and 06 to 08: no TX rate limit. */
    public ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed, VlanPolicy vlan,
            List<FilterRule> txRules, FilterAction txDefault, List<FilterRule> rxRules, FilterAction rxDefault) {
        this(macs, txRingGref, rxRingGref, promiscuousAllowed, vlan, txRules, txDefault, rxRules, rxDefault, TxRate.UNLIMITED);
    }

    /** The configuration of chapters 01, 06 and 07: no RX rules, every copy allowed. */
    public ContextConfig(List<MacAddress> macs, int txRingGref, int rxRingGref, boolean promiscuousAllowed, VlanPolicy vlan,
            List<FilterRule> txRules, FilterAction txDefault) {
        this(macs, txRingGref, rxRingGref, promiscuousAllowed, vlan, txRules, txDefault, List.of(), FilterAction.ALLOW);
    }

    /** Whether the configuration needs profile {@code qos}: it sets a TX rate limit. */
    public boolean limitsRate() {
        return !txRate.unlimited();
    }

    /** Whether the configuration needs profile {@code l3l4-demux}: it has RX rules or an RX default other than allow. */
    public boolean filtersReceive() {
        return !rxRules.isEmpty() || rxDefault != FilterAction.ALLOW;
    }

    /** The core configuration of chapter 01: untagged, no filter rules, defaults allow. */
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
        builder.rxRules.addAll(rxRules);
        builder.rxDefault = rxDefault;
        builder.txRate = txRate;
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
        private final List<FilterRule> rxRules = new ArrayList<>();
        private FilterAction rxDefault = FilterAction.ALLOW;
        private TxRate txRate = TxRate.UNLIMITED;

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

        /** Appends an RX filter rule (profile {@code l3l4-demux}). */
        public Builder rxRule(FilterRule rule) {
            rxRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Replaces the RX filter rules (profile {@code l3l4-demux}). */
        public Builder rxRules(List<FilterRule> rules) {
            rxRules.clear();
            rxRules.addAll(rules);
            return this;
        }

        /** Sets the action for copies no RX rule matches (profile {@code l3l4-demux}). */
        public Builder rxDefault(FilterAction action) {
            rxDefault = Objects.requireNonNull(action, "rxDefault");
            return this;
        }

        /** Sets the TX rate limit (profile {@code qos}); {@link TxRate#UNLIMITED} for none. */
        public Builder txRate(TxRate rate) {
            txRate = Objects.requireNonNull(rate, "txRate");
            return this;
        }

        /** The configuration. */
        public ContextConfig build() {
            return new ContextConfig(macs, txRingGref, rxRingGref, promiscuousAllowed, vlan, txRules, txDefault, rxRules, rxDefault,
                    txRate);
        }
    }
}
