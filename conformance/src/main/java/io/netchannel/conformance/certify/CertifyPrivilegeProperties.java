package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.PrivilegeProperties;

/** {@link PrivilegeProperties} against the implementation under certification. */
public class CertifyPrivilegeProperties extends PrivilegeProperties {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }
}
