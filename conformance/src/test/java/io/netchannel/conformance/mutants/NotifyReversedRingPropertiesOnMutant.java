package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties on the notify-reversed mutant: must fail, naming RING-8 ({@link MutantsTest}). */
class NotifyReversedRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.NOTIFY_REVERSED;
    }
}
