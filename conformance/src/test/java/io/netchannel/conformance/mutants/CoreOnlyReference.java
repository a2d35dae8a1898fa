package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import java.util.Set;

/**
 * The reference model claiming core only: a correct device without {@code l3l4-demux}, whose
 * control plane refuses RX rules NOT_SUPPORTED (DEMUX-17) and whose profile-gated vectors and
 * properties must be skipped, never passed.
 */
public final class CoreOnlyReference implements DeviceProvider {

    private final DeviceProvider model = Providers.find("reference");

    @Override
    public String name() {
        return "reference-core-only";
    }

    @Override
    public String identity() {
        return "the reference model claiming core only";
    }

    @Override
    public Set<Profile> profiles() {
        return Set.of(Profile.CORE);
    }

    @Override
    public DeviceLimits limits() {
        return model.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return new ReferenceDevice(environment, model.limits(), Decisions.SPEC, Set.of(Profile.CORE));
    }
}
