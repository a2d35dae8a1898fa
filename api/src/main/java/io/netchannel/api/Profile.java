package io.netchannel.api;

import java.util.Locale;

/**
 * A named set of requirements a device claims (spec 00-conventions, profiles). {@link #CORE} is
 * required of every device; the others are claimed as the device supports them.
 */
public enum Profile {
    /** Memory registration, rings, descriptor validation, demux, TX enforcement. Required. */
    CORE("core"),
    /** TX rate limiting. */
    QOS("qos"),
    /** TX checksum completion and RX checksum validation. */
    CHECKSUM("checksum"),
    /** TCP segmentation offload. */
    TSO("tso"),
    /** Large receive offload. */
    LRO("lro"),
    /** Interrupt coalescing. */
    COALESCING("coalescing"),
    /** Export and import of the device-independent state document. */
    RELOCATION("relocation"),
    /** Receive demux by L3/L4 rules. */
    L3L4_DEMUX("l3l4-demux"),
    /**
     * The adapter protocol of spec 13: claimed for a device by the {@code stdio} bridge that runs
     * it out of process, never by an in-process device.
     */
    ADAPTER("adapter");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    /** The profile's name as the spec, vectors and CLI write it. */
    public String id() {
        return id;
    }

    /** The profile named {@code id}, e.g. {@code l3l4-demux}. */
    public static Profile fromId(String id) {
        for (Profile profile : values()) {
            if (profile.id.equals(id.toLowerCase(Locale.ROOT))) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown profile: profile=" + id + " (known: core, qos, checksum, tso, lro, coalescing, relocation, l3l4-demux)");
    }
}
