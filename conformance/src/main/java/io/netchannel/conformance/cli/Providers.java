package io.netchannel.conformance.cli;

import io.netchannel.api.DeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds device providers through {@link ServiceLoader}. */
public final class Providers {

    private Providers() {
    }

    /** Every provider on the class path, in class-path order. */
    public static List<DeviceProvider> all() {
        List<DeviceProvider> all = new ArrayList<>();
        ServiceLoader.load(DeviceProvider.class).forEach(all::add);
        return all;
    }

    /**
     * The provider called {@code name}.
     *
     * @throws UnknownProviderException naming the providers that do exist
     */
    public static DeviceProvider find(String name) {
        List<String> names = new ArrayList<>();
        for (DeviceProvider provider : all()) {
            if (provider.name().equals(name)) {
                return provider;
            }
            names.add(provider.name());
        }
        throw new UnknownProviderException("no device provider named '" + name + "' on the class path (found: "
                + String.join(", ", names) + ")");
    }

    /** No provider has the requested name. */
    public static final class UnknownProviderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownProviderException(String message) {
            super(message);
        }
    }
}
