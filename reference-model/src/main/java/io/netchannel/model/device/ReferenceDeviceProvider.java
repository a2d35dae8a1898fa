package io.netchannel.model.device;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import java.util.Set;

/** Provides the reference model as the device named {@code reference}, claiming every profile it implements ({@link ReferenceDevice#PROFILES}). */
public final class ReferenceDeviceProvider implements DeviceProvider {

    /** The limits the reference model declares. */
    public static final DeviceLimits LIMITS = new DeviceLimits(64, 8, 64, 4095);

    /** For {@link java.util.ServiceLoader}. */
    public ReferenceDeviceProvider() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String identity() {
        return "Netchannel reference model 0.1.0";
    }

    @Override
    public Set<Profile> profiles() {
        return ReferenceDevice.PROFILES;
    }

    @Override
    public DeviceLimits limits() {
        return LIMITS;
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return new ReferenceDevice(environment, LIMITS);
    }
}
