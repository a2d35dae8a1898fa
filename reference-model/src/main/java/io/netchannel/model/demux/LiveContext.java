package io.netchannel.model.demux;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.GuestConfig;
import java.util.Objects;

/**
 * What demux sees of one live context (ACTIVE or FAILED): a FAILED context is still a recipient,
 * it only drops its copy (spec 06, section 3).
 *
 * @param id the context id
 * @param state ACTIVE or FAILED
 * @param host its host configuration: MACs and VLAN policy
 * @param guest its guest configuration: promiscuous, all-multicast, multicast list
 */
public record LiveContext(int id, ContextState state, ContextConfig host, GuestConfig guest) {

    /** Rejects nulls. */
    public LiveContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
    }
}
