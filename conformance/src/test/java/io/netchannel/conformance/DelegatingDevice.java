package io.netchannel.conformance;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A device that forwards every call to another; a test overrides the calls it breaks on purpose
 * (a device that misstates its export, imports a damaged state, throws).
 */
public class DelegatingDevice implements NetchannelDevice {

    private final NetchannelDevice device;

    public DelegatingDevice(NetchannelDevice device) {
        this.device = device;
    }

    /** Devices of {@code inner}, each wrapped by {@code wrap}, under the name {@code name}. */
    public static DeviceProvider wrapping(DeviceProvider inner, String name, UnaryOperator<NetchannelDevice> wrap) {
        return new DeviceProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String identity() {
                return inner.identity() + " (" + name + ", broken on purpose)";
            }

            @Override
            public Set<Profile> profiles() {
                return inner.profiles();
            }

            @Override
            public DeviceLimits limits() {
                return inner.limits();
            }

            @Override
            public NetchannelDevice create(DeviceEnvironment environment) {
                return wrap.apply(inner.create(environment));
            }
        };
    }

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        return device.control(caller, request);
    }

    @Override
    public void kick(int context, Queue queue) {
        device.kick(context, queue);
    }

    @Override
    public void receive(int port, byte[] frame, int offset, int length) {
        device.receive(port, frame, offset, length);
    }

    @Override
    public void advanceTo(long nanos) {
        device.advanceTo(nanos);
    }

    @Override
    public ContextState state(int context) {
        return device.state(context);
    }

    @Override
    public long counter(int context, Counter counter) {
        return device.counter(context, counter);
    }

    @Override
    public long filterHits(int context, int rule) {
        return device.filterHits(context, rule);
    }
}
