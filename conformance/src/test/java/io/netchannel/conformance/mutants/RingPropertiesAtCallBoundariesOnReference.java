package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.properties.RingProperties;

/** RingProperties in their call-boundary forms on the reference model: must pass ({@link CallBoundaryFormsTest}). */
class RingPropertiesAtCallBoundariesOnReference extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return new AtCallBoundaries(Providers.find("reference"));
    }
}
