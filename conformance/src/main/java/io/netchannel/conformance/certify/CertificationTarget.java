package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.cli.Providers;

/** The implementation a certification run targets, named by the system property {@value #PROPERTY}. */
public final class CertificationTarget {

    /** System property naming the provider under certification. */
    public static final String PROPERTY = "netchannel.certify.impl";

    private CertificationTarget() {
    }

    /** The provider under certification; {@code fast} when none is named. */
    public static DeviceProvider provider() {
        return Providers.find(System.getProperty(PROPERTY, "fast"));
    }
}
