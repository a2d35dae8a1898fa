package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** QosProperties alone on the 'reference' provider, for running one chapter with -Dtest=QosPropertiesOnReference (the TCK runs it too). */
class QosPropertiesOnReference extends QosProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
