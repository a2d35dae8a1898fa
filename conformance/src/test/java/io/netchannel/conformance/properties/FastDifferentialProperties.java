package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** The fast NIC against the reference model, step by step (jqwik's default tries: 1000 sequences in the build). */
class FastDifferentialProperties extends DifferentialProperties {

    @Override
    protected DeviceProvider provider() {
        return Providers.find("fast");
    }
}
