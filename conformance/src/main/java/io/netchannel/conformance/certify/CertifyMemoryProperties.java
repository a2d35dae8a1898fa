package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.MemoryProperties;

/** {@link MemoryProperties} against the implementation under certification. */
public class CertifyMemoryProperties extends MemoryProperties {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }
}
