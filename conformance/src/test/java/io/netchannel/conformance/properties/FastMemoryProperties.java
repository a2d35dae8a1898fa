package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** MemoryProperties against the fast provider. */
class FastMemoryProperties extends MemoryProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("fast");
    }
}
