package io.netchannel.conformance.harness;

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

    /**
     * An instance of {@code className}, loaded from {@code classpath} on top of this suite's own
     * classes (so the vendor's jar sees the same api).
     *
     * @throws UnknownProviderException naming what went wrong: missing jar, class, constructor or type
     */
    public static DeviceProvider load(String className, List<java.nio.file.Path> classpath) {
        List<java.net.URL> urls = new ArrayList<>();
        for (java.nio.file.Path entry : classpath) {
            if (!java.nio.file.Files.exists(entry)) {
                throw new UnknownProviderException("--classpath entry does not exist: " + entry);
            }
            try {
                urls.add(entry.toUri().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new UnknownProviderException("--classpath entry is not a valid path: " + entry);
            }
        }
        @SuppressWarnings("resource") // the provider's classes must stay loadable for the whole run
        ClassLoader loader = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new), Providers.class.getClassLoader());
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UnknownProviderException("cannot load --provider-class " + className + " from " + classpath + ": " + e);
        }
        if (!DeviceProvider.class.isAssignableFrom(type)) {
            throw new UnknownProviderException(className + " does not implement " + DeviceProvider.class.getName());
        }
        try {
            return (DeviceProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnknownProviderException("cannot instantiate " + className + " (it needs a public no-argument constructor): " + e);
        }
    }

    /** No provider has the requested name. */
    public static final class UnknownProviderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownProviderException(String message) {
            super(message);
        }
    }
}
