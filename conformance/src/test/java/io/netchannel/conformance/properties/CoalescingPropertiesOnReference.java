package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** CoalescingProperties alone on the 'reference' provider, for running one chapter with -Dtest=CoalescingPropertiesOnReference (the TCK runs it too). */
class CoalescingPropertiesOnReference extends CoalescingProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
