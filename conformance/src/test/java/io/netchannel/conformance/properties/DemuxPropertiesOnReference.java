package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** DemuxProperties alone on the 'reference' provider, for running one chapter with -Dtest=DemuxPropertiesOnReference (the TCK runs it too). */
class DemuxPropertiesOnReference extends DemuxProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
