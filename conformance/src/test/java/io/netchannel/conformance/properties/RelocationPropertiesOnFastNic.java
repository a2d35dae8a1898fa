package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/**
 * RelocationProperties alone on the 'fast' provider, for running one chapter with -Dtest=RelocationPropertiesOnFastNic (the TCK runs it
 * too). With the other make's class it covers the four journeys: reference to reference, fast to fast, fast to reference and
 * reference to fast.
 */
class RelocationPropertiesOnFastNic extends RelocationProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
