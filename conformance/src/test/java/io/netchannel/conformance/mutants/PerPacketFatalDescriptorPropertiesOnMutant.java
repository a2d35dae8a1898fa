package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the per-packet-fatal mutant: must fail, naming DESC-11 ({@link MutantsTest}). */
class PerPacketFatalDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.PER_PACKET_FATAL;
    }
}
