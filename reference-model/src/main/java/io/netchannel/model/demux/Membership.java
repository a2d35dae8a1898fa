package io.netchannel.model.demux;

import io.netchannel.api.VlanPolicy;

/** Which VLANs a context belongs to under its host-set policy (spec 06, section 3, DEMUX-2). */
public final class Membership {

    private Membership() {
    }

    /** True when a context with {@code policy} is a member of {@code vlan}; never of {@link FrameVlan.None}. */
    public static boolean isMember(VlanPolicy policy, FrameVlan vlan) {
        if (policy instanceof VlanPolicy.Untagged) {
            return vlan instanceof FrameVlan.Untagged; // DEMUX-2
        }
        if (!(vlan instanceof FrameVlan.Tagged tagged)) {
            return false; // DEMUX-2: Access and Trunk take tagged frames only
        }
        if (policy instanceof VlanPolicy.Access access) {
            return access.vid() == tagged.vid(); // DEMUX-2
        }
        return ((VlanPolicy.Trunk) policy).vids().contains(tagged.vid()); // DEMUX-2
    }
}
