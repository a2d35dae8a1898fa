package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** OffloadProperties alone on the 'reference' provider, for running one chapter with -Dtest=OffloadPropertiesOnReference (the TCK runs it too). */
class OffloadPropertiesOnReference extends OffloadProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
