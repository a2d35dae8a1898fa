package io.netchannel.fastnic;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import java.util.Set;

/** Makes {@link FastNic} devices; found by {@link java.util.ServiceLoader} under the name {@code fast}. */
public final class FastNicProvider implements DeviceProvider {

    /** The name {@code netchannel certify --impl} selects. */
    public static final String NAME = "fast";

    /**
     * The reference model's limits, so the same vectors and generated sequences fit both devices
     * and the differential property compares like with like.
     */
    public static final DeviceLimits LIMITS = new DeviceLimits(64, 8, 64, 4095);

    /** For {@link java.util.ServiceLoader}. */
    public FastNicProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String identity() {
        return "Netchannel fast NIC 0.1.0";
    }

    @Override
    public Set<Profile> profiles() {
        return Set.of(Profile.CORE, Profile.L3L4_DEMUX, Profile.QOS, Profile.COALESCING, Profile.CHECKSUM, Profile.TSO,
                Profile.LRO, Profile.RELOCATION); // spec 06 section 5a, 09, 10, 11, 12
    }

    @Override
    public DeviceLimits limits() {
        return LIMITS;
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return new FastNic(environment, LIMITS);
    }
}
