package io.netchannel.conformance.harness;

import io.netchannel.api.DeviceProvider;

/**
 * A provider whose devices see the guest's actions only at call boundaries (spec 13: through
 * the bridge, guest actions happen at call boundaries). A device in another process reads the
 * memory file during its call and the bridge replays its accesses afterwards, so an
 * {@link AuditedGuestMemory} hook or a sink listener that acts for the guest runs after the device
 * has already looked. The properties whose point is a guest action during a call run in their
 * call-boundary form on such a device. Not part of the device contract: the suite's own knowledge
 * of how it reaches a device.
 */
public interface GuestAtCallBoundaries {

    /** False for a provider implementing this interface: its devices cannot see a guest action made during one of their calls. */
    static boolean seesMidCallGuestActions(DeviceProvider provider) {
        return !(provider instanceof GuestAtCallBoundaries);
    }
}
