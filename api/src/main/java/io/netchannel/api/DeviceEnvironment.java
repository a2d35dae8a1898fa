package io.netchannel.api;

import java.util.Objects;

/**
 * What the harness hands a device it creates.
 *
 * @param memory the audited view of guest memory
 * @param sink where frames and notifications go
 */
public record DeviceEnvironment(GuestMemory memory, DeviceSink sink) {

    /** Rejects nulls. */
    public DeviceEnvironment {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(sink, "sink");
    }
}
