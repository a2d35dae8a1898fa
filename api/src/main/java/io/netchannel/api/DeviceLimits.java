package io.netchannel.api;

/**
 * What a device can hold, declared by its provider. Vectors and properties that need more are
 * skipped with a reason, never silently passed.
 *
 * @param maxContexts contexts the device can serve at once (creates beyond it get
 *     {@link ControlResult.NoContextAvailable})
 * @param maxMacsPerContext unicast MAC addresses one context may own
 * @param maxMulticastGroups multicast groups one context may join (Xen netback: 64)
 * @param maxContextId largest context id the device accepts (ids are {@code 0..maxContextId})
 * @param maxVlansPerContext VIDs one trunk context may carry (i40e: 16 per untrusted VF)
 * @param maxFilterRules TX filter rules one context may hold
 * @param exactMulticastGroups groups per context the device filters exactly; a context that joined
 *     more may also receive other multicast frames of its own VLANs (spec 08, CTX-3), as a NIC
 *     does when its perfect filter overflows into a hash filter. Equal to
 *     {@code maxMulticastGroups} for a device whose multicast filter never overflows.
 */
public record DeviceLimits(int maxContexts, int maxMacsPerContext, int maxMulticastGroups, int maxContextId, int maxVlansPerContext,
        int maxFilterRules, int exactMulticastGroups) {

    /** The core minimum for trunk VIDs and filter rules (spec 00, the {@code CoreLimits} preset). */
    public static final int CORE_VLANS_PER_CONTEXT = 8;
    /** The core minimum for filter rules per context. */
    public static final int CORE_FILTER_RULES = 16;

    /** Chapter 01's limits, with the core minimum of trunk VIDs and filter rules and an exact multicast filter. */
    public DeviceLimits(int maxContexts, int maxMacsPerContext, int maxMulticastGroups, int maxContextId) {
        this(maxContexts, maxMacsPerContext, maxMulticastGroups, maxContextId, CORE_VLANS_PER_CONTEXT, CORE_FILTER_RULES);
    }

    /** Limits with a multicast filter that is exact up to {@code maxMulticastGroups}. */
    public DeviceLimits(int maxContexts, int maxMacsPerContext, int maxMulticastGroups, int maxContextId, int maxVlansPerContext,
            int maxFilterRules) {
        this(maxContexts, maxMacsPerContext, maxMulticastGroups, maxContextId, maxVlansPerContext, maxFilterRules,
                maxMulticastGroups);
    }

    /** These limits with an exact multicast table of {@code groups} per context. */
    public DeviceLimits withExactMulticastGroups(int groups) {
        return new DeviceLimits(maxContexts, maxMacsPerContext, maxMulticastGroups, maxContextId, maxVlansPerContext,
                maxFilterRules, groups);
    }

    /** These limits with room for {@code contexts} live contexts (ids still {@code 0..maxContextId}). */
    public DeviceLimits withMaxContexts(int contexts) {
        return new DeviceLimits(contexts, maxMacsPerContext, maxMulticastGroups, Math.max(maxContextId, contexts - 1),
                maxVlansPerContext, maxFilterRules, exactMulticastGroups);
    }

    /** Rejects limits below what the core profile needs. */
    public DeviceLimits {
        if (maxContexts < 1) {
            throw new IllegalArgumentException("a device serves at least one context: maxContexts=" + maxContexts);
        }
        if (maxMacsPerContext < 1) {
            throw new IllegalArgumentException("a context owns at least one MAC: maxMacsPerContext=" + maxMacsPerContext);
        }
        if (maxMulticastGroups < 0) {
            throw new IllegalArgumentException("maxMulticastGroups must not be negative: maxMulticastGroups=" + maxMulticastGroups);
        }
        if (maxVlansPerContext < 1) {
            throw new IllegalArgumentException("a trunk carries at least one VID: maxVlansPerContext=" + maxVlansPerContext);
        }
        if (maxFilterRules < 0) {
            throw new IllegalArgumentException("maxFilterRules must not be negative: maxFilterRules=" + maxFilterRules);
        }
        if (exactMulticastGroups < 0 || exactMulticastGroups > maxMulticastGroups) {
            throw new IllegalArgumentException("exactMulticastGroups must be in 0..maxMulticastGroups: exactMulticastGroups="
                    + exactMulticastGroups + " maxMulticastGroups=" + maxMulticastGroups);
        }
        if (maxContextId < maxContexts - 1) {
            throw new IllegalArgumentException("context ids must cover maxContexts: maxContextId=" + maxContextId
                    + " maxContexts=" + maxContexts);
        }
    }
}
