package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.GuestAtCallBoundaries;
import java.util.Set;

/**
 * An in-process provider announced as seeing the guest only at call boundaries, so the
 * properties run their call-boundary forms on it: how those forms are checked against the model
 * and the mutants without a device process.
 */
record AtCallBoundaries(DeviceProvider provider) implements DeviceProvider, GuestAtCallBoundaries {

    @Override
    public String name() {
        return provider.name() + "-at-call-boundaries";
    }

    @Override
    public String identity() {
        return provider.identity() + ", guest actions at call boundaries only";
    }

    @Override
    public Set<Profile> profiles() {
        return provider.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return provider.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return provider.create(environment);
    }
}
