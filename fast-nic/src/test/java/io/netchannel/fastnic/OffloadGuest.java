package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The guest side of the offload examples on a {@link Fleet}: TX packets of up to 64 KiB in page
 * slots with {@code NETTXF_csum_blank} or a GSO extra, and RX deliveries read back slot by slot.
 * Context {@code c}'s TX pages are grefs {@code 500 + 20c ..}; its RX buffers come from
 * {@link Fleet#post}, so the k-th buffer posted on a context sits at RX index k.
 */
final class OffloadGuest {

    private static final int PAGE = 4096;

    final Fleet fleet;
    private final int[] txNext = new int[64];
    /** Grefs of the buffers posted per context, by RX index. */
    private final List<List<Integer>> posted = new ArrayList<>();

    OffloadGuest(Fleet fleet) {
        this.fleet = fleet;
        for (int c = 0; c < 64; c++) {
            posted.add(new ArrayList<>());
        }
    }

    /**
     * Queues {@code frame} on {@code context}'s TX ring in whole-page slots with first-slot
     * {@code flags}, and a GSO extra when {@code mss} is not 0; publishes and kicks. Returns the
     * index of the first slot.
     */
    int send(int context, byte[] frame, int flags, int mss, int gsoType) {
        byte[] ring = fleet.tx(context);
        int slots = (frame.length + PAGE - 1) / PAGE;
        int first = txNext[context];
        for (int i = 0; i < slots; i++) {
            int gref = 500 + 20 * context + i;
            int chunk = Math.min(PAGE, frame.length - i * PAGE);
            byte[] page = fleet.memory.grant(gref, context, Access.READ_ONLY);
            System.arraycopy(frame, i * PAGE, page, 0, chunk);
            int slotFlags = i < slots - 1 ? TxRequestLayout.FLAG_MORE_DATA : 0;
            if (i == 0) {
                slotFlags |= flags | (mss != 0 ? TxRequestLayout.FLAG_EXTRA_INFO : 0);
            }
            int index = txNext[context]++;
            Pages.putTxRequest(ring, index, gref, 0, slotFlags, 0x100 + index, i == 0 ? frame.length : chunk);
            if (i == 0 && mss != 0) {
                int extra = txNext[context]++;
                Pages.putExtra(ring, extra, ExtraInfoLayout.TYPE_GSO, 0, new byte[] {(byte) mss, (byte) (mss >>> 8), (byte) gsoType, 0, 0, 0});
            }
        }
        Pages.setReqProd(ring, txNext[context]);
        fleet.nic.kick(context, Queue.TX);
        return first;
    }

    /** The next TX index of {@code context}. */
    int txNext(int context) {
        return txNext[context];
    }

    /** Posts {@code count} fresh writable buffers on {@code context}'s RX ring. */
    void post(int context, int count) {
        for (int i = 0; i < count; i++) {
            posted.get(context).add(fleet.post(context));
        }
    }

    /** The gref of the buffer posted at RX index {@code index}. */
    int buffer(int context, int index) {
        return posted.get(context).get(index);
    }

    /** The flags of the RX response at {@code index}. */
    int rxFlags(int context, int index) {
        return Pages.u16(fleet.rx(context), Pages.rxEntry(index) + RxResponseLayout.FLAGS);
    }

    /** The status of the RX response at {@code index}. */
    short rxStatus(int context, int index) {
        return (short) Pages.u16(fleet.rx(context), Pages.rxEntry(index) + RxResponseLayout.STATUS);
    }

    /** The 8 bytes of the RX entry at {@code index}. */
    byte[] rxEntry(int context, int index) {
        int at = Pages.rxEntry(index);
        return Arrays.copyOfRange(fleet.rx(context), at, at + 8);
    }

    /**
     * Reads one delivery starting at RX index {@code index}: the data slots' bytes in order (the
     * GSO extra's slot, second when the first has extra_info, skipped), each response carrying its
     * request's id; returns the frame.
     */
    byte[] delivery(int context, int index) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean extra = (rxFlags(context, index) & RxResponseLayout.FLAG_EXTRA_INFO) != 0;
        int at = index;
        while (true) {
            int flags = rxFlags(context, at);
            out.writeBytes(fleet.received(buffer(context, at)));
            boolean more = (flags & RxResponseLayout.FLAG_MORE_DATA) != 0;
            at += at == index && extra ? 2 : 1;
            if (!more) {
                return out.toByteArray();
            }
            assertThat(at - index).as("a delivery takes at most 18 slots").isLessThan(18);
        }
    }
}
