package io.netchannel.conformance.mutants;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;

/**
 * A {@link NetchannelDevice} that forwards every call and tells the {@link RingSpy} which ring
 * pages each created context uses; mutants override the calls they corrupt.
 */
class ForwardingDevice implements NetchannelDevice {

    final NetchannelDevice delegate;
    final RingSpy rings;

    ForwardingDevice(NetchannelDevice delegate, RingSpy rings) {
        this.delegate = delegate;
        this.rings = rings;
    }

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        ControlResult result = delegate.control(caller, request);
        if (result instanceof ControlResult.Ok && request instanceof ControlRequest.CreateContext create) {
            rings.attach(create.context(), create.config().txRingGref(), create.config().rxRingGref());
        }
        return result;
    }

    @Override
    public void kick(int context, Queue queue) {
        delegate.kick(context, queue);
    }

    @Override
    public void receive(int port, byte[] frame, int offset, int length) {
        delegate.receive(port, frame, offset, length);
    }

    @Override
    public void advanceTo(long nanos) {
        delegate.advanceTo(nanos);
    }

    @Override
    public ContextState state(int context) {
        return delegate.state(context);
    }

    @Override
    public long counter(int context, Counter counter) {
        return delegate.counter(context, counter);
    }

    @Override
    public long filterHits(int context, int rule) {
        return delegate.filterHits(context, rule);
    }
}
