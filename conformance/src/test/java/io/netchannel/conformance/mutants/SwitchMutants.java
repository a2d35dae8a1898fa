package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.SwitchMode;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.model.contexts.Host;
import io.netchannel.model.contexts.Switching;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.demux.FrameVlan;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.demux.Membership;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.model.txfilter.Enforcement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Broken readings of chapter 08: the reference model with its {@link Decisions#switching()} (or,
 * for the last one, the recipients of switched frames) replaced, and a host whose software path
 * breaks CTX-11. {@link SwitchMutantsTest} names the property and rule that catch each.
 */
final class SwitchMutants {

    private SwitchMutants() {
    }

    /** CTX-6: in VEB a unicast to another member is delivered to it and sent on the wire as well. */
    static final Mutant VEB_LEAKS_LOCAL_UNICAST = Mutant.decisions("veb-leaks-local-unicast-to-wire",
            spec -> spec.withSwitching((mode, sender, guestFrame, enforcement, live) -> {
                Switching.Route route = Switching.route(mode, sender, enforcement, live);
                return route.local() != null && route.wire() == null ? new Switching.Route(route.local(), route.local().clone()) : route;
            }));

    /** CTX-5: in VEPA the device also delivers a sent frame to its other contexts itself. */
    static final Mutant VEPA_SWITCHES_LOCALLY = Mutant.decisions("vepa-switches-locally",
            spec -> spec.withSwitching((mode, sender, guestFrame, enforcement, live) -> {
                if (mode == SwitchMode.VEPA && enforcement instanceof Enforcement.Send send) {
                    return new Switching.Route(send.wire(), send.wire().clone());
                }
                return Switching.route(mode, sender, enforcement, live);
            }));

    /** CTX-8: switches the frame as the guest built it before its checks, so a dropped frame still reaches the others. */
    static final Mutant SWITCHES_BEFORE_ANTI_SPOOFING = Mutant.decisions("switches-before-anti-spoofing",
            spec -> spec.withSwitching((mode, sender, guestFrame, enforcement, live) -> {
                if (mode != SwitchMode.VEPA && enforcement instanceof Enforcement.Drop) {
                    return new Switching.Route(guestFrame, null);
                }
                return Switching.route(mode, sender, enforcement, live);
            }));

    /** The frame {@link #SKIPS_RECEIVER_VLAN}'s switching last handed to the demux, told apart from wire frames by identity. */
    private static final ThreadLocal<byte[]> SWITCHED = new ThreadLocal<>();

    /**
     * CTX-6 (DEMUX-2): a switched frame reaches the contexts that would take it whatever their VLAN
     * (the device's bridge forgets membership); frames from the wire are demuxed as the spec says.
     */
    static final Mutant SKIPS_RECEIVER_VLAN = Mutant.decisions("switched-frame-skips-receiver-vlan", spec -> spec
            .withSwitching((mode, sender, guestFrame, enforcement, live) -> {
                Switching.Route route = Switching.route(mode, sender, enforcement, live);
                SWITCHED.set(route.local());
                return route;
            })
            .withRecipients((frame, offset, length, live) -> {
                if (frame != SWITCHED.get()) {
                    return Demux.recipients(frame, offset, length, live);
                }
                SWITCHED.remove();
                List<Integer> taken = new ArrayList<>();
                for (LiveContext context : live) {
                    // the spec's demux for this context alone, its VLAN policy made to fit the frame
                    LiveContext blind = new LiveContext(context.id(), context.state(),
                            context.host().toBuilder().vlan(PolicyMutants.policyOf(frame, offset, length)).build(), context.guest());
                    if (!Demux.recipients(frame, offset, length, List.of(blind)).isEmpty()) {
                        taken.add(context.id());
                    }
                }
                return taken;
            }));

    /** Every switch mutant on the model's data path. */
    static List<Mutant> all() {
        return List.of(VEB_LEAKS_LOCAL_UNICAST, VEPA_SWITCHES_LOCALLY, SWITCHES_BEFORE_ANTI_SPOOFING, SKIPS_RECEIVER_VLAN);
    }

    // ------------------------------------------------------------------ hosts whose software path breaks CTX-11

    /** CTX-11: the host's software path gives a broadcast back to the context that owns its source (no DEMUX-7 there). */
    static final BrokenHost HOST_ECHOES_BROADCAST = new BrokenHost("host-software-path-echoes-broadcast", (frame, offset, length, live) -> {
        List<Integer> taken = new ArrayList<>(Demux.recipients(frame, offset, length, live));
        if (MacAddress.read(frame, offset).isBroadcast()) {
            FrameVlan vlan = FrameVlan.of(frame, offset, length);
            MacAddress source = MacAddress.read(frame, offset + 6);
            for (LiveContext context : live) {
                if (context.host().macs().contains(source) && Membership.isMember(context.host().vlan(), vlan) && !taken.contains(context.id())) {
                    taken.add(context.id());
                }
            }
        }
        return taken.stream().sorted().toList();
    });

    /** CTX-11: the host's software path gives each of its contexts two copies of a broadcast. */
    static final BrokenHost HOST_DOUBLES_BROADCAST = new BrokenHost("host-software-path-doubles-broadcast", (frame, offset, length, live) -> {
        List<Integer> taken = Demux.recipients(frame, offset, length, live);
        if (!MacAddress.read(frame, offset).isBroadcast()) {
            return taken;
        }
        List<Integer> twice = new ArrayList<>();
        for (int id : taken) {
            twice.add(id);
            twice.add(id); // the device delivers one copy per listed id
        }
        return twice;
    });

    /**
     * The reference model behind the reference host, its software path a model whose recipients
     * are {@code software}'s: what {@link io.netchannel.conformance.harness.HostedProvider} builds,
     * with one decision of the software path broken.
     */
    static final class BrokenHost implements DeviceProvider {
        private final String name;
        private final Decisions.RecipientSelector software;
        private final DeviceProvider device = Providers.find("reference");
        private final int deviceContexts;

        private BrokenHost(String name, Decisions.RecipientSelector software) {
            this(name, software, 0);
        }

        private BrokenHost(String name, Decisions.RecipientSelector software, int deviceContexts) {
            this.name = name;
            this.software = software;
            this.deviceContexts = deviceContexts;
        }

        /** This host with at most {@code contexts} contexts on the device. */
        BrokenHost withDeviceContexts(int contexts) {
            return new BrokenHost(name, software, contexts);
        }

        @Override
        public String name() {
            return "mutant-" + name + "+host" + deviceContexts;
        }

        @Override
        public String identity() {
            return "the reference model behind a deliberately broken host: " + name;
        }

        @Override
        public Set<Profile> profiles() {
            return device.profiles();
        }

        @Override
        public DeviceLimits limits() {
            return device.limits().withMaxContexts(deviceContexts + device.limits().maxContexts());
        }

        @Override
        public NetchannelDevice create(DeviceEnvironment environment) {
            Decisions broken = Decisions.SPEC.withRecipients(software);
            return new Host(environment, device.limits(), deviceContexts, device::create, device.limits().maxContexts(),
                    (env, limits) -> new ReferenceDevice(env, limits, broken));
        }
    }
}
