package io.netchannel.model.privilege;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.TxRate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The value rules of host and guest configurations (spec PRIV-4, PRIV-6, PRIV-10, QOS-2, COAL-2, OFF-2). */
public final class ConfigRules {

    private ConfigRules() {
    }

    /**
     * Why a context's MAC list is unacceptable, or empty when it is acceptable.
     *
     * @param macs the MACs the context would own
     * @param self the context asking; its own current MACs do not count as another's
     * @param existing the host configuration of every existing context
     * @param limits the device's limits
     */
    public static Optional<String> macProblem(List<MacAddress> macs, int self, Map<Integer, ContextConfig> existing, DeviceLimits limits) {
        // PRIV-6, in this order: none, too many, duplicate, group, owned by another context
        if (macs.isEmpty()) {
            return Optional.of("a context owns at least one MAC: macs=[]");
        }
        if (macs.size() > limits.maxMacsPerContext()) {
            return Optional.of("too many MACs: macs=" + macs.size() + " maxMacsPerContext=" + limits.maxMacsPerContext());
        }
        Set<MacAddress> seen = new HashSet<>();
        for (MacAddress mac : macs) {
            if (!seen.add(mac)) {
                return Optional.of("duplicate MAC: mac=" + mac);
            }
        }
        for (MacAddress mac : macs) {
            if (mac.isMulticast()) {
                return Optional.of("a group address cannot be owned: mac=" + mac);
            }
        }
        for (Map.Entry<Integer, ContextConfig> other : existing.entrySet()) {
            if (other.getKey() == self) {
                continue;
            }
            for (MacAddress mac : macs) {
                if (other.getValue().macs().contains(mac)) {
                    return Optional.of("MAC owned by another context: mac=" + mac + " context=" + other.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** True when a guest may have promiscuous mode as {@code guest} asks under {@code host}. */
    public static boolean promiscuousPermitted(GuestConfig guest, ContextConfig host) {
        return !guest.promiscuous() || host.promiscuousAllowed(); // PRIV-4
    }

    /** Why a guest multicast list is unacceptable, or empty when it is acceptable (duplicates collapse). */
    public static Optional<String> multicastProblem(List<MacAddress> groups, DeviceLimits limits) {
        for (MacAddress group : groups) {
            if (!group.isMulticast()) {
                return Optional.of("not a group address: multicast=" + group); // PRIV-6
            }
        }
        int distinct = distinct(groups).size();
        if (distinct > limits.maxMulticastGroups()) {
            return Optional.of("too many multicast groups: groups=" + distinct + " maxMulticastGroups=" + limits.maxMulticastGroups()); // PRIV-6
        }
        return Optional.empty();
    }

    /** {@code groups} with later duplicates removed, first occurrences in order. */
    public static List<MacAddress> distinct(List<MacAddress> groups) {
        List<MacAddress> result = new ArrayList<>();
        for (MacAddress group : groups) {
            if (!result.contains(group)) {
                result.add(group);
            }
        }
        return result;
    }

    /**
     * The guest configuration a context keeps under a new host configuration: promiscuous mode is
     * switched off when the host no longer allows it (PRIV-10).
     */
    public static GuestConfig keptUnder(ContextConfig host, GuestConfig guest) {
        if (guest.promiscuous() && !host.promiscuousAllowed()) {
            return guest.withPromiscuous(false); // PRIV-10: all-multicast and the groups stay
        }
        return guest;
    }

    /**
     * QOS-2: why a TX rate limit is out of range, or empty when it is {@link TxRate#UNLIMITED} or
     * every field is in its range (bytes, then period, then burst).
     */
    public static Optional<String> rateProblem(TxRate rate) {
        if (rate.valid()) {
            return Optional.empty();
        }
        if (rate.bytes() < 1 || rate.bytes() > TxRate.MAX_BYTES) {
            return Optional.of("TX rate bytes out of 1.." + TxRate.MAX_BYTES + ": bytes=" + rate.bytes());
        }
        if (rate.periodNanos() < 1 || rate.periodNanos() > TxRate.MAX_PERIOD_NANOS) {
            return Optional.of("TX rate period out of 1.." + TxRate.MAX_PERIOD_NANOS + " ns: periodNanos=" + rate.periodNanos());
        }
        return Optional.of("TX rate burst out of " + TxRate.MIN_BURST + ".." + TxRate.MAX_BURST + ": burstBytes=" + rate.burstBytes());
    }

    /**
     * COAL-2: why a queue's coalescing is out of range, or empty when both queues' values are in
     * range (TX first, then RX).
     */
    public static Optional<String> coalescingProblem(GuestConfig guest) {
        for (Queue queue : Queue.values()) {
            Coalescing coalescing = guest.coalescing(queue);
            if (!coalescing.valid()) {
                return Optional.of(queue + " coalescing out of range (maxFrames 0.." + Coalescing.MAX_FRAMES + ", maxDelayNanos 0.."
                        + Coalescing.MAX_DELAY_NANOS + "): maxFrames=" + coalescing.maxFrames() + " maxDelayNanos="
                        + coalescing.maxDelayNanos());
            }
        }
        return Optional.empty();
    }

    /** OFF-2: why the LRO flush delay is out of range, or empty when it lies in 0..1,000,000,000 ns. */
    public static Optional<String> offloadsProblem(Offloads offloads) {
        if (offloads.valid()) {
            return Optional.empty();
        }
        return Optional.of("LRO flush delay out of 0.." + Offloads.MAX_LRO_FLUSH_NANOS + " ns: lroFlushNanos=" + offloads.lroFlushNanos());
    }
}
