package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties on the forgets-notification mutant: must fail, naming RING-16 ({@link MutantsTest}). */
class ForgetsNotificationRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.FORGETS_NOTIFICATION;
    }
}
