package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** MemoryProperties against the reference provider. */
class ReferenceMemoryProperties extends MemoryProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("reference");
    }
}
