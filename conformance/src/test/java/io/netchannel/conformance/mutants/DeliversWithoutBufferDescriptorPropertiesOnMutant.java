package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the delivers-without-buffer mutant: must fail, naming RX-3 ({@link MutantsTest}). */
class DeliversWithoutBufferDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.DELIVERS_WITHOUT_BUFFER;
    }
}
