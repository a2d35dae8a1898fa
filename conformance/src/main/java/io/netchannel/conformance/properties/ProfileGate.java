package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.MethodLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The capability gate of the properties (spec 05, section 10: a test of a profile the device does
 * not claim is skipped with its reason, never silently passed). A property marked
 * {@link Claimed} runs only on a device that claims the profile; one marked {@link NotClaimed}
 * only on a device that does not — the half of a rule that binds such devices, as DEMUX-17's
 * {@code NOT_SUPPORTED} does. jqwik reports the other cases as skipped, naming the profile and
 * the provider. The device is asked through the property class's own {@code provider()}.
 */
public final class ProfileGate implements SkipExecutionHook {

    /** Runs the property only on a device that claims every profile of {@link #value()} ({@link Profile#id()}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @AddLifecycleHook(ProfileGate.class)
    public @interface Claimed {
        /** The profile ids, e.g. {@code l3l4-demux}, or {@code {"tso", "qos"}} for a rule that joins two chapters. */
        String[] value();
    }

    /** Runs the property only on a device that does not claim profile {@link #value()} ({@link Profile#id()}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @AddLifecycleHook(ProfileGate.class)
    public @interface NotClaimed {
        /** The profile id, e.g. {@code l3l4-demux}. */
        String value();
    }

    /** Instantiated by jqwik. */
    public ProfileGate() {
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<Claimed> claimed = context.findAnnotation(Claimed.class);
        Optional<NotClaimed> notClaimed = context.findAnnotation(NotClaimed.class);
        if (claimed.isEmpty() && notClaimed.isEmpty()) {
            return SkipResult.doNotSkip();
        }
        DeviceProvider provider = provider(context);
        if (claimed.isPresent()) {
            for (String id : claimed.get().value()) {
                Profile profile = Profile.fromId(id);
                if (!provider.profiles().contains(profile)) {
                    return SkipResult.skip("requires profile " + profile.id() + ", which provider '" + provider.name() + "' does not claim (claims "
                            + provider.profiles() + ")");
                }
            }
        }
        if (notClaimed.isPresent()) {
            Profile profile = Profile.fromId(notClaimed.get().value());
            if (provider.profiles().contains(profile)) {
                return SkipResult.skip("checks a device that does not claim profile " + profile.id() + "; provider '" + provider.name()
                        + "' claims it");
            }
        }
        return SkipResult.doNotSkip();
    }

    /** The device under test of the property's class; a gate on a class that has none is a mistake of the suite. */
    private static DeviceProvider provider(LifecycleContext context) {
        if (context instanceof MethodLifecycleContext method) {
            Object instance = method.testInstance();
            if (instance instanceof DemuxProperties demux) {
                return demux.provider();
            }
            if (instance instanceof QosProperties qos) {
                return qos.provider();
            }
            if (instance instanceof CoalescingProperties coalescing) {
                return coalescing.provider();
            }
            if (instance instanceof OffloadProperties offload) {
                return offload.provider();
            }
            if (instance instanceof DescriptorProperties descriptor) {
                return descriptor.provider();
            }
            if (instance instanceof RelocationProperties relocation) {
                return relocation.provider();
            }
            if (instance instanceof AdapterProperties adapter) {
                return adapter.provider();
            }
        }
        throw new IllegalStateException("ProfileGate on " + context.label() + ": only the Descriptor, Demux, Qos, Coalescing, Offload, Relocation and Adapter properties name their"
                + " device here");
    }
}
