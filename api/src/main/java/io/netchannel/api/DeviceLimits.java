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
 */
public record DeviceLimits(int maxContexts, int maxMacsPerContext, int maxMulticastGroups, int maxContextId) {

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
        if (maxContextId < maxContexts - 1) {
            throw new IllegalArgumentException("context ids must cover maxContexts: maxContextId=" + maxContextId
                    + " maxContexts=" + maxContexts);
        }
    }
}
