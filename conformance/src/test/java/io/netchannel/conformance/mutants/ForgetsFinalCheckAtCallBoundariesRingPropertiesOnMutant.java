package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties in their call-boundary forms on the forgets-final-check mutant: must fail, naming RING-9 ({@link CallBoundaryFormsTest}). */
class ForgetsFinalCheckAtCallBoundariesRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return new AtCallBoundaries(Mutants.FORGETS_FINAL_CHECK);
    }
}
