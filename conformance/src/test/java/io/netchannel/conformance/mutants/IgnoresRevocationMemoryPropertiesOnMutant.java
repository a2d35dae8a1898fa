package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.MemoryProperties;

/** MemoryProperties on the ignores-revocation mutant: must fail, naming MEM-4 ({@link MutantsTest}). */
class IgnoresRevocationMemoryPropertiesOnMutant extends MemoryProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.IGNORES_REVOCATION;
    }
}
