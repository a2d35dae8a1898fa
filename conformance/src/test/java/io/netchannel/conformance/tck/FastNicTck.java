package io.netchannel.conformance.tck;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** The TCK on the bundled fast NIC: every vector and every property, the differential against the model included. */
class FastNicTck extends NetchannelTck {

    private static final DeviceProvider FAST = Providers.find("fast");

    @Override
    protected DeviceProvider provider() {
        return FAST;
    }
}
