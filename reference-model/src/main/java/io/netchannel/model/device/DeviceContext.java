package io.netchannel.model.device;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.GuestConfig;
import io.netchannel.model.ring.BackRing;

/**
 * Everything the device holds for one context except its counters.
 *
 * @param host the privileged configuration
 * @param guest the unprivileged configuration
 * @param state ACTIVE or FAILED
 * @param tx the device's indices on the TX ring
 * @param rx the device's indices on the RX ring
 */
record DeviceContext(ContextConfig host, GuestConfig guest, ContextState state, BackRing tx, BackRing rx) {

    DeviceContext withHost(ContextConfig value) {
        return new DeviceContext(value, guest, state, tx, rx);
    }

    DeviceContext withGuest(GuestConfig value) {
        return new DeviceContext(host, value, state, tx, rx);
    }

    DeviceContext withState(ContextState value) {
        return new DeviceContext(host, guest, value, tx, rx);
    }

    DeviceContext withTx(BackRing value) {
        return new DeviceContext(host, guest, state, value, rx);
    }

    DeviceContext withRx(BackRing value) {
        return new DeviceContext(host, guest, state, tx, value);
    }
}
