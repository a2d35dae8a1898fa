package io.netchannel.model.demux;

import io.netchannel.api.DeviceLimits;
import io.netchannel.api.VlanPolicy;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The value rules of a host-set VLAN policy (spec 06, section 5, DEMUX-13). */
public final class PolicyRules {

    private PolicyRules() {
    }

    /**
     * Why {@code policy} is unacceptable, as {@code name=value}, or empty when it is acceptable.
     * A Trunk is checked in the spec's order: empty, too many, a VID out of range, a repeated VID.
     */
    public static Optional<String> problem(VlanPolicy policy, DeviceLimits limits) {
        if (policy instanceof VlanPolicy.Access access && !usable(access.vid())) {
            return Optional.of("an Access VID lies in 1..4094: vid=" + access.vid()); // DEMUX-13
        }
        if (!(policy instanceof VlanPolicy.Trunk trunk)) {
            return Optional.empty();
        }
        if (trunk.vids().isEmpty()) {
            return Optional.of("a trunk carries at least one VID: vids=[]"); // DEMUX-13
        }
        if (trunk.vids().size() > limits.maxVlansPerContext()) {
            return Optional.of("too many trunk VIDs: vids=" + trunk.vids().size()
                    + " maxVlansPerContext=" + limits.maxVlansPerContext()); // DEMUX-13
        }
        for (int vid : trunk.vids()) {
            if (!usable(vid)) {
                return Optional.of("a trunk VID lies in 1..4094: vid=" + vid); // DEMUX-13
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (int vid : trunk.vids()) {
            if (!seen.add(vid)) {
                return Optional.of("duplicate trunk VID: vid=" + vid); // DEMUX-13
            }
        }
        return Optional.empty();
    }

    private static boolean usable(int vid) {
        return vid >= FrameVlan.VID_MIN && vid <= FrameVlan.VID_MAX;
    }
}
