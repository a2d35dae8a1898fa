package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** ContextsProperties alone on the 'fast' provider, for running one chapter with -Dtest=ContextsPropertiesOnFastNic (the TCK runs it too). */
class ContextsPropertiesOnFastNic extends ContextsProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
