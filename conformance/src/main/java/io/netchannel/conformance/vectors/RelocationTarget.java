package io.netchannel.conformance.vectors;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.Providers;
import java.util.Objects;
import java.util.Set;

/**
 * Where a {@code relocate} step moves the contexts (spec 05, section 5.6): {@code provider} makes
 * the fresh device, and {@code to} says which one it is, {@value Step.Relocate#DEVICE} (the
 * implementation under test) or {@value Step.Relocate#REFERENCE} (the reference model), so the
 * recorder can write the step and a runner can build it again.
 *
 * @param to {@value Step.Relocate#DEVICE} or {@value Step.Relocate#REFERENCE}
 * @param provider the provider of the fresh device, behind the reference host in a host group
 */
public record RelocationTarget(String to, DeviceProvider provider) implements DeviceProvider {

    /** Rejects an unknown target. */
    public RelocationTarget {
        Objects.requireNonNull(provider, "provider");
        if (!Step.Relocate.DEVICE.equals(to) && !Step.Relocate.REFERENCE.equals(to)) {
            throw new IllegalArgumentException("relocate.to is \"device\" or \"reference\": to=" + to);
        }
    }

    /** The reference model, claiming every profile it implements: what {@code to: reference} moves to (spec 05, section 5.6). */
    public static DeviceProvider reference() {
        return Providers.find("reference");
    }

    /**
     * The target {@code relocate} names for a test run on {@code device} in {@code group}: a fresh
     * {@code device}, or a fresh reference model, behind the reference host with the group's
     * {@code deviceContexts} when the group has a {@code host} section.
     */
    public static RelocationTarget of(Step.Relocate relocate, DeviceProvider device, VectorFile.Group group) {
        DeviceProvider bare = Step.Relocate.REFERENCE.equals(relocate.to()) ? reference() : device;
        return new RelocationTarget(relocate.to(), group.host() == null ? bare : new HostedProvider(bare, group.host().deviceContexts()));
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public String identity() {
        return provider.identity();
    }

    @Override
    public Set<Profile> profiles() {
        return provider.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return provider.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return provider.create(environment);
    }
}
