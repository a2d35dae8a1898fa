package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties on the passes-producer mutant: must fail, naming RING-5 ({@link MutantsTest}). */
class PassesProducerRingPropertiesOnMutant extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.PASSES_PRODUCER;
    }
}
