package io.netchannel.bench;

import io.netchannel.api.GuestMemory;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer descriptor ring on one shared page in the api layout: the
 * {@link SharedRingLayout} header with free-running 32-bit indices and 12-byte
 * {@link TxRequestLayout} entries, little-endian, as Xen's {@code ring.h} lays them out.
 *
 * <p>The producer writes requests with {@link #put} and publishes {@code req_prod} (release); the
 * consumer reads {@code req_prod} (acquire), reads entries with {@link #get} and hands the slots
 * back by publishing {@code rsp_prod} (release), the slot-freeing half of a response. Each side
 * keeps its private index in a local while it works, publishes it when it chooses and stores it
 * back at the end ({@link #producerIndex(int)}, {@link #consumerIndex(int)}), so the caller
 * decides between per-request and per-batch publication (Xen's {@code RING_PUSH_REQUESTS} after
 * every request or once per batch), as a driver and a device do.
 */
final class PageRing {

    private static final VarHandle U32 = PageViews.U32;
    private static final VarHandle U64 = PageViews.U64;
    /** Entries in the ring. */
    static final int SIZE = SharedRingLayout.RING_SIZE;
    private static final int MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final int ENTRY = TxRequestLayout.ENTRY_SIZE;

    // A request is written and read as two words: a 64-bit one at GREF (gref, offset, flags) and a
    // 32-bit one at ID (id, size). The shifts come from the layout, which must keep those fields there.
    private static final int OFFSET_SHIFT = 8 * (TxRequestLayout.OFFSET - TxRequestLayout.GREF);
    private static final int FLAGS_SHIFT = 8 * (TxRequestLayout.FLAGS - TxRequestLayout.GREF);
    private static final int SIZE_SHIFT = 8 * (TxRequestLayout.SIZE - TxRequestLayout.ID);

    static {
        if (OFFSET_SHIFT != 32 || FLAGS_SHIFT != 48 || SIZE_SHIFT != 16) {
            throw new IllegalStateException("TxRequestLayout no longer packs gref|offset|flags and id|size into two words");
        }
    }

    /** The shared page. */
    final byte[] page = new byte[GuestMemory.PAGE_SIZE];

    /** The producer's private {@code req_prod_pvt}. */
    private int reqProd;
    /** The consumer's private {@code req_cons}. */
    private int reqCons;

    /** The producer's next index. */
    int producerIndex() {
        return reqProd;
    }

    /** Slots the consumer has handed back beyond {@code prod}: reads {@code rsp_prod} (acquire). */
    int freeSlots(int prod) {
        return SIZE - (prod - (int) U32.getAcquire(page, SharedRingLayout.RSP_PROD));
    }

    /** Writes request {@code index} (not yet published). */
    static void put(byte[] page, int index, int gref, int offset, int flags, int id, int size) {
        int entry = ENTRIES + (index & MASK) * ENTRY;
        U64.set(page, entry + TxRequestLayout.GREF, Integer.toUnsignedLong(gref)
                | (long) (offset & 0xFFFF) << OFFSET_SHIFT | (long) (flags & 0xFFFF) << FLAGS_SHIFT);
        U32.set(page, entry + TxRequestLayout.ID, (id & 0xFFFF) | size << SIZE_SHIFT);
    }

    /** Publishes the requests before {@code prod} ({@code req_prod}, release). */
    void publishRequests(int prod) {
        U32.setRelease(page, SharedRingLayout.REQ_PROD, prod);
    }

    /** Keeps the producer's index for its next batch (its private state, never shared). */
    void producerIndex(int prod) {
        reqProd = prod;
    }

    /** The consumer's next index. */
    int consumerIndex() {
        return reqCons;
    }

    /** The producer's published index ({@code req_prod}, acquire). */
    int published() {
        return (int) U32.getAcquire(page, SharedRingLayout.REQ_PROD);
    }

    /** Reads request {@code index} and folds its five fields into one number for the caller to consume. */
    static int get(byte[] page, int index) {
        int entry = ENTRIES + (index & MASK) * ENTRY;
        long head = (long) U64.get(page, entry + TxRequestLayout.GREF);
        int tail = (int) U32.get(page, entry + TxRequestLayout.ID);
        int gref = (int) head;
        int offset = (int) (head >>> OFFSET_SHIFT) & 0xFFFF;
        int flags = (int) (head >>> FLAGS_SHIFT) & 0xFFFF;
        int id = tail & 0xFFFF;
        int size = tail >>> SIZE_SHIFT;
        return gref + offset + flags + id + size;
    }

    /** Hands the slots before {@code cons} back to the producer ({@code rsp_prod}, release). */
    void publishConsumed(int cons) {
        U32.setRelease(page, SharedRingLayout.RSP_PROD, cons);
    }

    /** Keeps the consumer's index for its next batch (its private state, never shared). */
    void consumerIndex(int cons) {
        reqCons = cons;
    }
}
