package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** TxFilterProperties alone on the 'fast' provider, for running one chapter with -Dtest=TxFilterPropertiesOnFastNic (the TCK runs it too). */
class TxFilterPropertiesOnFastNic extends TxFilterProperties {

    private static final DeviceProvider PROVIDER = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
