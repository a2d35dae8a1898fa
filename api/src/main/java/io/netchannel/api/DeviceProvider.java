package io.netchannel.api;

import java.util.Set;

/**
 * Names an implementation and makes fresh devices of it. Registered in
 * {@code META-INF/services/io.netchannel.api.DeviceProvider} and found by
 * {@link java.util.ServiceLoader}; {@code netchannel certify --impl NAME} picks one by
 * {@link #name()}.
 */
public interface DeviceProvider {

    /** Short unique name, e.g. {@code reference} or {@code fast}. */
    String name();

    /** Vendor, product and version for the certification report. */
    String identity();

    /** The profiles the device claims; always contains {@link Profile#CORE}. */
    Set<Profile> profiles();

    /** What the device can hold. */
    DeviceLimits limits();

    /**
     * A fresh device with no contexts, its clock at 0. Every test gets its own device, so no state
     * leaks between tests.
     */
    NetchannelDevice create(DeviceEnvironment environment);
}
