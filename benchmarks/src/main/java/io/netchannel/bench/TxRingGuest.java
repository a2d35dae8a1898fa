package io.netchannel.bench;

import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import java.lang.invoke.VarHandle;

/**
 * The guest side of one context's TX ring in a benchmark, as netfront drives it: a burst of
 * single-slot requests, one {@code req_prod} publish and one kick, then the responses reaped and
 * {@code rsp_event} re-armed. Request {@code i} of a burst sends page {@code bufferGref + i} from
 * offset 0. Allocates nothing.
 */
final class TxRingGuest {

    private static final int TX_ENTRY = TxRequestLayout.ENTRY_SIZE;
    private static final int MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final VarHandle U32 = PageViews.U32;
    private static final VarHandle U16 = PageViews.U16;

    private final String deviceName;
    private final NetchannelDevice device;
    private final int context;
    private final byte[] ring;
    private final int bufferGref;
    private final int burst;
    private final int frameBytes;

    private int reqProd;
    private int rspCons;
    private long anomalies;

    /**
     * @param ring the TX ring page, already through {@code SHARED_RING_INIT}
     * @param bufferGref the grant of the first of {@code burst} frame pages
     */
    TxRingGuest(String deviceName, NetchannelDevice device, int context, byte[] ring, int bufferGref, int burst, int frameBytes) {
        this.deviceName = deviceName;
        this.device = device;
        this.context = context;
        this.ring = ring;
        this.bufferGref = bufferGref;
        this.burst = burst;
        this.frameBytes = frameBytes;
    }

    /**
     * One burst to the wire. A response that is not OKAY or echoes the wrong id, or one the kick
     * did not produce, counts as an anomaly.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    int send() {
        int prod = reqProd;
        for (int i = 0; i < burst; i++, prod++) {
            int entry = ENTRIES + (prod & MASK) * TX_ENTRY;
            U32.set(ring, entry + TxRequestLayout.GREF, bufferGref + i);
            U16.set(ring, entry + TxRequestLayout.OFFSET, (short) 0);
            U16.set(ring, entry + TxRequestLayout.FLAGS, (short) 0);
            U16.set(ring, entry + TxRequestLayout.ID, (short) (prod & MASK));
            U16.set(ring, entry + TxRequestLayout.SIZE, (short) frameBytes);
        }
        reqProd = prod;
        U32.setRelease(ring, SharedRingLayout.REQ_PROD, prod); // RING_PUSH_REQUESTS: once per batch
        device.kick(context, Queue.TX);

        int rspProd = (int) U32.getAcquire(ring, SharedRingLayout.RSP_PROD);
        if (rspProd != prod) {
            anomalies += Integer.toUnsignedLong(prod - rspProd); // responses the kick did not produce
            if (Integer.compareUnsigned(rspProd - rspCons, SharedRingLayout.RING_SIZE) > 0) {
                throw new IllegalStateException("TX rsp_prod ran away: device=" + deviceName + " rsp_prod="
                        + Integer.toUnsignedString(rspProd) + " rsp_cons=" + Integer.toUnsignedString(rspCons));
            }
        }
        int seen = 0;
        for (int cons = rspCons; cons != rspProd; cons++) {
            int entry = ENTRIES + (cons & MASK) * TX_ENTRY;
            short status = (short) U16.get(ring, entry + TxResponseLayout.STATUS);
            int id = (short) U16.get(ring, entry + TxResponseLayout.ID) & 0xFFFF;
            if (status != NetifStatus.OKAY || id != (cons & MASK)) {
                anomalies++;
            }
            seen += id;
        }
        rspCons = rspProd;
        U32.setRelease(ring, SharedRingLayout.RSP_EVENT, rspProd + 1); // RING_FINAL_CHECK_FOR_RESPONSES
        return seen;
    }

    /** Responses that were missing, not OKAY or carried the wrong id, so far. */
    long anomalies() {
        return anomalies;
    }
}
