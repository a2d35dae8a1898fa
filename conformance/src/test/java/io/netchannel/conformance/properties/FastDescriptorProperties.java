package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** DescriptorProperties against the fast provider. */
class FastDescriptorProperties extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("fast");
    }
}
