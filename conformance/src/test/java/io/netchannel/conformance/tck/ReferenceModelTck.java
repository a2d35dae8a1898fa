package io.netchannel.conformance.tck;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/** The TCK as a vendor would use it, on the reference model: every vector and every property must pass. */
class ReferenceModelTck extends NetchannelTck {

    private static final DeviceProvider MODEL = Providers.find("reference");

    @Override
    protected DeviceProvider provider() {
        return MODEL;
    }
}
