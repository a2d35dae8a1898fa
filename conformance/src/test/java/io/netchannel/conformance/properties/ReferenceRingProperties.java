package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** RingProperties against the reference provider. */
class ReferenceRingProperties extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("reference");
    }
}
