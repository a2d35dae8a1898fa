package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties on the forgets-final-check mutant: must fail, naming RING-9 ({@link MutantsTest}). */
class ForgetsFinalCheckRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.FORGETS_FINAL_CHECK;
    }
}
