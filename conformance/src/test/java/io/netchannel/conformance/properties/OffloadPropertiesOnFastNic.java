package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** OffloadProperties alone on the 'fast' provider, for running one chapter with -Dtest=OffloadPropertiesOnFastNic (the TCK runs it too). */
class OffloadPropertiesOnFastNic extends OffloadProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
