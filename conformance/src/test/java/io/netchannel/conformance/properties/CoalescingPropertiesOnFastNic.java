package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** CoalescingProperties alone on the 'fast' provider, for running one chapter with -Dtest=CoalescingPropertiesOnFastNic (the TCK runs it too). */
class CoalescingPropertiesOnFastNic extends CoalescingProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
