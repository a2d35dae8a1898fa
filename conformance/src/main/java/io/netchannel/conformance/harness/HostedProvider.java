package io.netchannel.conformance.harness;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.model.contexts.Host;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A device under test behind the reference host (spec 08, section 5): the device holds at most
 * {@code deviceContexts} contexts and the host's software path serves the rest. Vectors with a
 * {@code host} section and the property of CTX-10 run the device this way, so the same guests meet
 * a device that has room for them and one that does not.
 */
public final class HostedProvider implements DeviceProvider {

    private final DeviceProvider device;
    private final int deviceContexts;
    private final int softwareContexts;

    /**
     * @param device the implementation that plays the hardware
     * @param deviceContexts how many contexts the host lets the device hold, 0 to its own limit
     */
    public HostedProvider(DeviceProvider device, int deviceContexts) {
        this.device = Objects.requireNonNull(device, "device");
        if (deviceContexts < 0 || deviceContexts > device.limits().maxContexts()) {
            throw new IllegalArgumentException("deviceContexts must be in 0.." + device.limits().maxContexts()
                    + " for " + device.name() + ": deviceContexts=" + deviceContexts);
        }
        this.deviceContexts = deviceContexts;
        // the software path can hold every guest the device could, so the host never has less room
        this.softwareContexts = device.limits().maxContexts();
    }

    /** The implementation playing the hardware. */
    public DeviceProvider device() {
        return device;
    }

    /** The contexts the device may hold. */
    public int deviceContexts() {
        return deviceContexts;
    }

    @Override
    public String name() {
        return device.name() + "+host" + deviceContexts;
    }

    @Override
    public String identity() {
        return device.identity() + " behind the reference host (" + deviceContexts + " device contexts, "
                + softwareContexts + " in software)";
    }

    @Override
    public Set<Profile> profiles() {
        return device.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return device.limits().withMaxContexts(deviceContexts + softwareContexts);
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        Set<Profile> claimed = softwareProfiles(device.profiles());
        return new Host(environment, device.limits(), deviceContexts, device::create, softwareContexts,
                (env, limits) -> new ReferenceDevice(env, limits, Decisions.SPEC, claimed));
    }

    /**
     * What the software path claims: the device's profiles the model implements, core always. A
     * host whose software path accepted what its device refuses (a limit on a device without qos)
     * would answer a guest differently depending on where it landed (CTX-10). Relocation is
     * claimed whatever the device claims: export and import are the host's own requests, no guest
     * sees them, and the host's fallback needs its software path to take the state a device
     * without relocation refuses (spec 12, section 8; RELOC-12).
     */
    static Set<Profile> softwareProfiles(Set<Profile> device) {
        Set<Profile> claimed = EnumSet.of(Profile.CORE, Profile.RELOCATION);
        for (Profile profile : device) {
            if (ReferenceDevice.PROFILES.contains(profile)) {
                claimed.add(profile);
            }
        }
        return claimed;
    }
}
