package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** PrivilegeProperties against the reference provider. */
class ReferencePrivilegeProperties extends PrivilegeProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("reference");
    }
}
