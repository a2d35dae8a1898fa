package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RingProperties;

/** {@link RingProperties} against the implementation under certification. */
public class CertifyRingProperties extends RingProperties {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }
}
