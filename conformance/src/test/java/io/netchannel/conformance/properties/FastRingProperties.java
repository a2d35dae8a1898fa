package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** RingProperties against the fast provider. */
class FastRingProperties extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("fast");
    }
}
