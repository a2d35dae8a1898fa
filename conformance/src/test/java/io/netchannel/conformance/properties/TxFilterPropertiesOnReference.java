package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** TxFilterProperties alone on the 'reference' provider, for running one chapter with -Dtest=TxFilterPropertiesOnReference (the TCK runs it too). */
class TxFilterPropertiesOnReference extends TxFilterProperties {

    private static final DeviceProvider PROVIDER = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
