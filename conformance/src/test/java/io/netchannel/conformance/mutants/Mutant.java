package io.netchannel.conformance.mutants;

import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A deliberately broken device: the reference model with its guest-memory view, its sink or its
 * calls wrapped by decorators that break one rule. The model's own code is untouched.
 */
final class Mutant implements DeviceProvider {

    private final String name;
    private final BiFunction<GuestMemory, RingSpy, GuestMemory> memory;
    private final UnaryOperator<DeviceSink> sink;
    private final BiFunction<NetchannelDevice, RingSpy, ForwardingDevice> device;
    private final Decisions decisions;
    private final DeviceProvider reference = Providers.find("reference");

    private Mutant(String name, BiFunction<GuestMemory, RingSpy, GuestMemory> memory, UnaryOperator<DeviceSink> sink,
            BiFunction<NetchannelDevice, RingSpy, ForwardingDevice> device) {
        this(name, memory, sink, device, Decisions.SPEC);
    }

    private Mutant(String name, BiFunction<GuestMemory, RingSpy, GuestMemory> memory, UnaryOperator<DeviceSink> sink,
            BiFunction<NetchannelDevice, RingSpy, ForwardingDevice> device, Decisions decisions) {
        this.name = name;
        this.memory = memory;
        this.sink = sink;
        this.device = device;
        this.decisions = decisions;
    }

    /** A mutant whose data-path decisions (chapters 06 and 07) are replaced; everything else is the model's. */
    static Mutant decisions(String name, UnaryOperator<Decisions> broken) {
        return new Mutant(name, (m, r) -> m, s -> s, ForwardingDevice::new, broken.apply(Decisions.SPEC));
    }

    /** A mutant that corrupts the device's view of guest memory. */
    static Mutant memory(String name, BiFunction<GuestMemory, RingSpy, GuestMemory> memory) {
        return new Mutant(name, memory, s -> s, ForwardingDevice::new);
    }

    /** A mutant that corrupts what leaves the device. */
    static Mutant sink(String name, UnaryOperator<DeviceSink> sink) {
        return new Mutant(name, (m, r) -> m, sink, ForwardingDevice::new);
    }

    /** A mutant that corrupts the device's calls. */
    static Mutant device(String name, BiFunction<NetchannelDevice, RingSpy, ForwardingDevice> device) {
        return new Mutant(name, (m, r) -> m, s -> s, device);
    }

    /** A mutant that corrupts memory and calls together, sharing what they learn. */
    static Mutant both(String name, BiFunction<GuestMemory, RingSpy, GuestMemory> memory,
            BiFunction<NetchannelDevice, RingSpy, ForwardingDevice> device) {
        return new Mutant(name, memory, s -> s, device);
    }

    @Override
    public String name() {
        return "mutant-" + name;
    }

    @Override
    public String identity() {
        return "deliberately broken reference model: " + name;
    }

    @Override
    public Set<Profile> profiles() {
        return reference.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return reference.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        RingSpy rings = new RingSpy();
        DeviceEnvironment wrapped = new DeviceEnvironment(memory.apply(environment.memory(), rings), sink.apply(environment.sink()));
        NetchannelDevice model = decisions == Decisions.SPEC ? reference.create(wrapped)
                : new ReferenceDevice(wrapped, reference.limits(), decisions);
        return device.apply(model, rings);
    }
}
