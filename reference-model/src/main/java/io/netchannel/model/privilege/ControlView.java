package io.netchannel.model.privilege;

import io.netchannel.api.Access;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.Profile;
import io.netchannel.model.ring.RingHeader;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the control plane may learn about the device while it decides a request. Nothing here
 * changes state: the grant look-up is never a finding, and a ring header is read only after the
 * control plane has seen that the grant is read-write.
 */
public interface ControlView {

    /** What the device can hold. */
    DeviceLimits limits();

    /** Whether the device claims {@code profile}; a configuration needing one it does not claim is refused (DEMUX-17, QOS-1, COAL-1, OFF-1). */
    boolean claims(Profile profile);

    /** The host configuration of every existing context (ACTIVE or FAILED), by id. */
    SortedMap<Integer, ContextConfig> contexts();

    /** What {@code context} may do with {@code gref} right now. */
    Access access(int context, int gref);

    /**
     * Reads req_prod and rsp_prod of the ring page {@code gref}, which the caller has checked is
     * read-write for {@code context}.
     *
     * @return the two indices, or empty when guest memory refused a read
     */
    Optional<RingHeader> readHeader(int context, int gref);
}
