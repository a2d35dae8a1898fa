package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the runt-frame mutant: must fail, naming TX-1 ({@link MutantsTest}). */
class RuntFrameDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.RUNT_FRAME;
    }
}
