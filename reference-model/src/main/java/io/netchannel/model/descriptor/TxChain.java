package io.netchannel.model.descriptor;

import io.netchannel.api.layout.NetifStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slots of one TX packet in ring order (spec DESC-2): the first slot, its extra-info slots,
 * then its data slots.
 *
 * @param first the first slot; its size is the whole packet length
 * @param extras the extra-info slots, in ring order
 * @param data the data slots after the first, in chain order
 */
public record TxChain(TxRequest first, List<ExtraInfo> extras, List<TxRequest> data) {

    /** Copies the lists. */
    public TxChain {
        extras = List.copyOf(extras);
        data = List.copyOf(data);
    }

    /** Ring slots the packet occupies. */
    public int slotCount() {
        return 1 + extras.size() + data.size();
    }

    /** Sum of the data slots' sizes (the first slot excluded). */
    public long dataSlotBytes() {
        long sum = 0;
        for (TxRequest slot : data) {
            sum += slot.size();
        }
        return sum;
    }

    /** The last extra of {@code type}: a later extra of the same type replaces an earlier one. */
    public Optional<ExtraInfo> extra(int type) {
        Optional<ExtraInfo> found = Optional.empty();
        for (ExtraInfo extra : extras) {
            if (extra.type() == type) {
                found = Optional.of(extra);
            }
        }
        return found;
    }

    /**
     * The responses for every slot in ring order: {@code status} for the first and each data slot,
     * NULL for each extra (DESC-11, TX-1, DESC-15, and DROPPED for a frame chapter 07 drops, TXF-9).
     */
    public List<TxResponse> responses(short status) {
        List<TxResponse> responses = new ArrayList<>(slotCount());
        responses.add(new TxResponse(first.id(), status));
        for (ExtraInfo extra : extras) {
            responses.add(new TxResponse(extra.responseId(), NetifStatus.NULL));
        }
        for (TxRequest slot : data) {
            responses.add(new TxResponse(slot.id(), status));
        }
        return responses;
    }
}
