package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DifferentialProperties;

/** {@link DifferentialProperties} against the implementation under certification. */
public class CertifyDifferentialProperties extends DifferentialProperties {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }
}
