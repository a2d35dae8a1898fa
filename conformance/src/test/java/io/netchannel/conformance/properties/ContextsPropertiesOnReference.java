package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** ContextsProperties alone on the 'reference' provider, for running one chapter with -Dtest=ContextsPropertiesOnReference (the TCK runs it too). */
class ContextsPropertiesOnReference extends ContextsProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
