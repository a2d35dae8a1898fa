package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** {@link DescriptorProperties} against the implementation under certification. */
public class CertifyDescriptorProperties extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }
}
