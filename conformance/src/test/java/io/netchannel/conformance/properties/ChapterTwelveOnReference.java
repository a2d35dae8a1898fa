package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/**
 * RelocationProperties on the reference model as shipped, for {@link RelocationProfileGateTest}. Named apart from
 * "Relocation" so that {@code -Dtest='*Relocation*'} does not run every property on it a second time.
 */
class ChapterTwelveOnReference extends RelocationProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
