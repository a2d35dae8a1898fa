package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** DemuxProperties alone on the 'fast' provider, for running one chapter with -Dtest=DemuxPropertiesOnFastNic (the TCK runs it too). */
class DemuxPropertiesOnFastNic extends DemuxProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
