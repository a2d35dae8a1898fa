package io.netchannel.conformance.mutants;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.conformance.DelegatingDevice;

/**
 * A {@link DelegatingDevice} that tells the {@link RingSpy} which ring
 * pages each created context uses; mutants override the calls they corrupt.
 */
class ForwardingDevice extends DelegatingDevice {

    final NetchannelDevice delegate;
    final RingSpy rings;

    ForwardingDevice(NetchannelDevice delegate, RingSpy rings) {
        super(delegate);
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
}
