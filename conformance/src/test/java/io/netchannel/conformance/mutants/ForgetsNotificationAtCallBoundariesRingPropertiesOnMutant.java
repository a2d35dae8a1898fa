package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties in their call-boundary forms on the forgets-notification mutant: must fail, naming RING-16 ({@link CallBoundaryFormsTest}). */
class ForgetsNotificationAtCallBoundariesRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return new AtCallBoundaries(Mutants.FORGETS_NOTIFICATION);
    }
}
