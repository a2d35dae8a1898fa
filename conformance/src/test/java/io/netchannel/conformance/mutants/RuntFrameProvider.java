package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import java.util.Set;

/** The runt-frame mutant as a vendor's provider class would look: public, no-argument constructor (for --provider-class). */
public final class RuntFrameProvider implements DeviceProvider {

    private final DeviceProvider mutant = Mutants.RUNT_FRAME;

    @Override
    public String name() {
        return mutant.name();
    }

    @Override
    public String identity() {
        return mutant.identity();
    }

    @Override
    public Set<Profile> profiles() {
        return mutant.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return mutant.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return mutant.create(environment);
    }
}
