package io.netchannel.model.offload;

import io.netchannel.api.GuestMemory;
import io.netchannel.api.layout.RxResponseLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a delivery writes into the posted RX requests it takes, slot by slot, in ring order. Without
 * a GSO extra it is chapter 04's layout (RX-2) with CSUM-5's flag on the first slot; a merged LRO
 * delivery puts its GSO extra second, as netback lays out an RX packet with extras (LRO-5):
 *
 * <table>
 * <caption>a merged delivery of L bytes, ceil(L / 4096) + 1 slots</caption>
 * <tr><th>slot</th><th>entry written</th><th>flags</th><th>status</th></tr>
 * <tr><td>first data slot</td><td>RX response, offset 0</td><td>extra_info, more_data if more data slots follow,
 *     data_validated (CSUM-5)</td><td>bytes in the slot</td></tr>
 * <tr><td>next slot</td><td>{@link GsoExtra}; its buffer is not written</td><td>—</td><td>—</td></tr>
 * <tr><td>further data slots</td><td>RX responses as RX-2</td><td>more_data except on the last</td><td>bytes in the slot</td></tr>
 * </table>
 */
public final class RxLayout {

    private RxLayout() {
    }

    /** One slot of a delivery. */
    public sealed interface Slot permits Data, Extra {
    }

    /**
     * A data slot: frame bytes {@code [start, start + bytes)} go to offset 0 of the request's
     * buffer, then a response {id, offset 0, {@code flags}, status {@code bytes}} into its entry.
     */
    public record Data(int start, int bytes, int flags) implements Slot {
    }

    /** The GSO extra slot: {@link GsoExtra#encode()} is written into the entry; the buffer is not touched. */
    public record Extra(GsoExtra gso) implements Slot {
        /** Rejects a null extra. */
        public Extra {
            Objects.requireNonNull(gso, "gso");
        }
    }

    /**
     * The slots of a delivery of a {@code length}-byte frame.
     *
     * @param validated whether the first data slot carries {@code NETRXF_data_validated} (CSUM-5)
     * @param gso the extra of a merged LRO delivery, empty for a frame delivered as chapter 04 says
     */
    public static List<Slot> of(int length, boolean validated, Optional<GsoExtra> gso) {
        int dataSlots = Math.max(1, Lro.slots(length));
        List<Slot> slots = new ArrayList<>(dataSlots + 1);
        for (int k = 0; k < dataSlots; k++) {
            int start = k * GuestMemory.PAGE_SIZE;
            int bytes = Math.min(length - start, GuestMemory.PAGE_SIZE);
            int flags = k < dataSlots - 1 ? RxResponseLayout.FLAG_MORE_DATA : 0; // RX-2
            if (k == 0 && validated) {
                flags |= RxResponseLayout.FLAG_DATA_VALIDATED; // CSUM-5: the first slot's flags
            }
            if (k == 0 && gso.isPresent()) {
                flags |= RxResponseLayout.FLAG_EXTRA_INFO; // LRO-5
            }
            slots.add(new Data(start, bytes, flags));
            if (k == 0 && gso.isPresent()) {
                slots.add(new Extra(gso.get())); // LRO-5: the extra right after the first data slot
            }
        }
        return slots;
    }
}
