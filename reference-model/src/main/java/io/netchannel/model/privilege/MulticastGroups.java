package io.netchannel.model.privilege;

import io.netchannel.api.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Joining and leaving multicast groups from the TX ring (spec DESC-15, Xen's MCAST_ADD and
 * MCAST_DEL extras). The list is the same one the guest configuration sets.
 */
public final class MulticastGroups {

    private MulticastGroups() {
    }

    /**
     * The list after joining {@code group}, or empty when the join is refused (ERROR): the address is
     * not a group address, or it is new and the list is full. Joining a group already joined
     * changes nothing and succeeds.
     */
    public static Optional<List<MacAddress>> join(List<MacAddress> joined, MacAddress group, int maxGroups) {
        if (!group.isMulticast()) {
            return Optional.empty(); // DESC-15: not a group address
        }
        if (joined.contains(group)) {
            return Optional.of(joined); // DESC-15: already joined
        }
        if (joined.size() >= maxGroups) {
            return Optional.empty(); // DESC-15: list full
        }
        List<MacAddress> result = new ArrayList<>(joined);
        result.add(group);
        return Optional.of(List.copyOf(result));
    }

    /** The list after leaving {@code group}; leaving a group not joined changes nothing (always OKAY). */
    public static List<MacAddress> leave(List<MacAddress> joined, MacAddress group) {
        List<MacAddress> result = new ArrayList<>(joined);
        result.remove(group); // DESC-15
        return List.copyOf(result);
    }
}
