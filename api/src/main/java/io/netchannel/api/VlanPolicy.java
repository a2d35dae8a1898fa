package io.netchannel.api;

import java.util.List;
import java.util.Objects;

/**
 * How a context takes part in IEEE 802.1Q VLANs, set by the host (spec 06 and 07). The device,
 * not the record, rejects values it cannot serve (a reserved VID, an empty or oversized trunk):
 * the records accept any 12-bit VID so that a vector can ask for one.
 *
 * <table>
 *   <caption>what each policy means on the wire and in the guest</caption>
 *   <tr><th>policy</th><th>frames it receives</th><th>frames it may send</th><th>tag seen by the guest</th></tr>
 *   <tr><td>{@link Untagged}</td><td>untagged</td><td>untagged</td><td>none</td></tr>
 *   <tr><td>{@link Access}</td><td>tagged with its VID, tag stripped</td><td>untagged; the device inserts the tag</td><td>none</td></tr>
 *   <tr><td>{@link Trunk}</td><td>tagged with a VID of its set</td><td>tagged with a VID of its set</td><td>the wire's tag</td></tr>
 * </table>
 */
public sealed interface VlanPolicy permits VlanPolicy.Untagged, VlanPolicy.Access, VlanPolicy.Trunk {

    /** The policy of a context that knows nothing of VLANs, the default. */
    VlanPolicy UNTAGGED = new Untagged();

    /** Largest value a 12-bit VLAN identifier field can hold. */
    int VID_FIELD_MAX = 0xFFF;

    /** Untagged traffic only. */
    record Untagged() implements VlanPolicy {
    }

    /**
     * A port VLAN ({@code ip link ... vf N vlan VID}): the guest sees untagged frames, the wire
     * carries VID {@code vid}.
     */
    record Access(int vid) implements VlanPolicy {
        /** Rejects values that do not fit the 12-bit field. */
        public Access {
            checkField(vid);
        }
    }

    /** A trunk: the guest sends and receives 802.1Q-tagged frames of the VIDs in {@code vids}. */
    record Trunk(List<Integer> vids) implements VlanPolicy {
        /** Copies the list; rejects nulls and values that do not fit the 12-bit field. */
        public Trunk {
            vids = List.copyOf(Objects.requireNonNull(vids, "vids"));
            for (int vid : vids) {
                checkField(vid);
            }
        }
    }

    private static void checkField(int vid) {
        if (vid < 0 || vid > VID_FIELD_MAX) {
            throw new IllegalArgumentException("a VLAN id is a 12-bit field: vid=" + vid);
        }
    }
}
