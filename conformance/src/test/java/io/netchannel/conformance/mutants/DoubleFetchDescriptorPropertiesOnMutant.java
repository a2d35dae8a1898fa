package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the double-fetch mutant: must fail, naming DESC-1 ({@link MutantsTest}). */
class DoubleFetchDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.DOUBLE_FETCH;
    }
}
