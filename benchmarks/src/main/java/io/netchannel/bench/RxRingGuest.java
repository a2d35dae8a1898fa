package io.netchannel.bench;

import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import java.lang.invoke.VarHandle;

/**
 * The guest side of one context's RX ring in a benchmark, as netfront drives it: a fixed set of
 * buffers kept posted, and after each burst the responses reaped, each buffer posted again at
 * once, {@code req_prod} published once and {@code rsp_event} re-armed. Buffer {@code id} is page
 * {@code bufferGref + id}. The RX counterpart of {@link TxRingGuest}. Allocates nothing.
 */
final class RxRingGuest {

    private static final int RX_ENTRY = RxRequestLayout.ENTRY_SIZE;
    private static final int MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final VarHandle U32 = PageViews.U32;
    private static final VarHandle U16 = PageViews.U16;

    private final String deviceName;
    private final int context;
    private final byte[] ring;
    private final int bufferGref;
    private final int buffers;
    private final int perBurst;
    private final int frameBytes;

    private int reqProd;
    private int rspCons;
    private long anomalies;

    /**
     * @param ring the RX ring page, already through {@code SHARED_RING_INIT}
     * @param bufferGref the grant of the first of {@code buffers} writable pages
     * @param perBurst the frames the context must get per burst
     * @param frameBytes the length each of them must arrive with
     * @throws IllegalArgumentException if the ring cannot hold {@code buffers} requests
     */
    RxRingGuest(String deviceName, int context, byte[] ring, int bufferGref, int buffers, int perBurst, int frameBytes) {
        if (buffers > SharedRingLayout.RING_SIZE) {
            throw new IllegalArgumentException("more RX buffers than the ring can post: context=" + context
                    + " buffers=" + buffers + " ring=" + SharedRingLayout.RING_SIZE);
        }
        this.deviceName = deviceName;
        this.context = context;
        this.ring = ring;
        this.bufferGref = bufferGref;
        this.buffers = buffers;
        this.perBurst = perBurst;
        this.frameBytes = frameBytes;
    }

    /** Posts every buffer and publishes {@code req_prod} once; called once, after the context exists. */
    void postAll() {
        for (int id = 0; id < buffers; id++) {
            post(id);
        }
        U32.setRelease(ring, SharedRingLayout.REQ_PROD, reqProd);
    }

    /**
     * Reaps the responses of one burst and posts their buffers again. A burst that delivered
     * another number of frames than {@code perBurst} counts the difference as anomalies; a
     * response with another length or an id that was never posted counts one.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    int reap() {
        byte[] page = ring;
        int cons = rspCons;
        int rspProd = (int) U32.getAcquire(page, SharedRingLayout.RSP_PROD);
        int delivered = rspProd - cons;
        if (delivered != perBurst) {
            anomalies += Math.abs((long) perBurst - Integer.toUnsignedLong(delivered));
            if (Integer.compareUnsigned(delivered, SharedRingLayout.RING_SIZE) > 0) {
                throw new IllegalStateException("RX rsp_prod ran away: device=" + deviceName + " context=" + context
                        + " rsp_prod=" + Integer.toUnsignedString(rspProd) + " rsp_cons=" + Integer.toUnsignedString(cons));
            }
        }
        int length = frameBytes;
        int posted = buffers;
        int seen = 0;
        for (; cons != rspProd; cons++) {
            int entry = ENTRIES + (cons & MASK) * RX_ENTRY;
            int id = (short) U16.get(page, entry + RxResponseLayout.ID) & 0xFFFF;
            short status = (short) U16.get(page, entry + RxResponseLayout.STATUS);
            if (status != length || id >= posted) {
                anomalies++;
            }
            seen += status;
            post(id % posted); // recycle the buffer at once
        }
        rspCons = rspProd;
        U32.setRelease(page, SharedRingLayout.REQ_PROD, reqProd);
        U32.setRelease(page, SharedRingLayout.RSP_EVENT, rspProd + 1);
        return seen;
    }

    private void post(int id) {
        int prod = reqProd;
        int entry = ENTRIES + (prod & MASK) * RX_ENTRY;
        U16.set(ring, entry + RxRequestLayout.ID, (short) id);
        U16.set(ring, entry + RxRequestLayout.PAD, (short) 0);
        U32.set(ring, entry + RxRequestLayout.GREF, bufferGref + id);
        reqProd = prod + 1;
    }

    /** Frames the context must get per burst. */
    int perBurst() {
        return perBurst;
    }

    /** The length each of them must arrive with. */
    int frameBytes() {
        return frameBytes;
    }

    /** Missing or surplus frames, and responses with the wrong length or id, so far. */
    long anomalies() {
        return anomalies;
    }
}
