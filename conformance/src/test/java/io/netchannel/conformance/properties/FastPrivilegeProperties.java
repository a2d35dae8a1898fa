package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** PrivilegeProperties against the fast provider. */
class FastPrivilegeProperties extends PrivilegeProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("fast");
    }
}
