package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.MemoryProperties;

/** MemoryProperties on the writes-read-only-tx mutant: must fail, naming MEM-3 ({@link MutantsTest}). */
class WritesReadOnlyTxMemoryPropertiesOnMutant extends MemoryProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.WRITES_READ_ONLY_TX;
    }
}
