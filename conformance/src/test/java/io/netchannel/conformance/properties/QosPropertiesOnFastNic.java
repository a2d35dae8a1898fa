package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** QosProperties alone on the 'fast' provider, for running one chapter with -Dtest=QosPropertiesOnFastNic (the TCK runs it too). */
class QosPropertiesOnFastNic extends QosProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
