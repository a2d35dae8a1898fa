package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the malformed-okay mutant: must fail, naming DESC-11 ({@link MutantsTest}). */
class MalformedOkayDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.MALFORMED_OKAY;
    }
}
