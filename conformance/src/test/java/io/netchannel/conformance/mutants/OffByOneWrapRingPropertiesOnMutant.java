package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties on the off-by-one-wrap mutant: must fail, naming RING-4 ({@link MutantsTest}). */
class OffByOneWrapRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.OFF_BY_ONE_WRAP;
    }
}
