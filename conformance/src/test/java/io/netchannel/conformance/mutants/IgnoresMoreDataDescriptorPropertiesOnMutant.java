package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the ignores-more-data mutant: must fail, naming DESC-2 ({@link MutantsTest}). */
class IgnoresMoreDataDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.IGNORES_MORE_DATA;
    }
}
