package io.netchannel.conformance.harness;

import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A model guest driver for one context, written the way a Xen netfront is: it initialises its ring
 * pages as {@code SHARED_RING_INIT} does, writes requests as real bytes at the layout offsets,
 * publishes with {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY} and kicks only when that says so, and
 * reads responses and re-arms {@code rsp_event} with the final check. It writes guest pages
 * directly (the guest's own memory), never through the device's audited view.
 */
public final class GuestDriver {

    /** A TX response as the guest reads it. */
    public record TxResponse(int index, int id, short status) {
    }

    /** An RX response as the guest reads it. */
    public record RxResponse(int index, int id, int offset, int flags, short status) {
    }

    private final Harness harness;
    private final int context;
    private final int txRing;
    private final int rxRing;
    private int txReqProdPvt;
    private int txRspCons;
    private int rxReqProdPvt;
    private int rxRspCons;

    GuestDriver(Harness harness, int context, int txRing, int rxRing) {
        this.harness = harness;
        this.context = context;
        this.txRing = txRing;
        this.rxRing = rxRing;
    }

    /** The context this driver owns. */
    public int context() {
        return context;
    }

    /** Grant of the TX ring page. */
    public int txRing() {
        return txRing;
    }

    /** Grant of the RX ring page. */
    public int rxRing() {
        return rxRing;
    }

    /** The TX ring page as the guest sees it. */
    public byte[] txPage() {
        return harness.memory().page(txRing);
    }

    /** The RX ring page as the guest sees it. */
    public byte[] rxPage() {
        return harness.memory().page(rxRing);
    }

    /**
     * Initialises both ring pages: {@code SHARED_RING_INIT} moved to a start index (Xen's
     * {@code FRONT_RING_ATTACH}): producer indices at the start, event indices one past it, the
     * private field and padding zero. With start 0 this is exactly {@code SHARED_RING_INIT}.
     */
    public void initRings(int txStart, int rxStart) {
        init(txPage(), txStart);
        init(rxPage(), rxStart);
        txReqProdPvt = txStart;
        txRspCons = txStart;
        rxReqProdPvt = rxStart;
        rxRspCons = rxStart;
        harness.note("ctx " + context + " SHARED_RING_INIT tx@" + Bytes.index(txStart) + " rx@" + Bytes.index(rxStart));
    }

    private static void init(byte[] page, int start) {
        java.util.Arrays.fill(page, 0, SharedRingLayout.ENTRIES, (byte) 0);
        Bytes.put32(page, SharedRingLayout.REQ_PROD, start);
        Bytes.put32(page, SharedRingLayout.RSP_PROD, start);
        Bytes.put32(page, SharedRingLayout.REQ_EVENT, start + SharedRingLayout.INITIAL_EVENT);
        Bytes.put32(page, SharedRingLayout.RSP_EVENT, start + SharedRingLayout.INITIAL_EVENT);
    }

    // ------------------------------------------------------------------ TX

    /** The next TX index the guest will fill. */
    public int txReqProdPvt() {
        return txReqProdPvt;
    }

    /** The next TX response the guest will read. */
    public int txRspCons() {
        return txRspCons;
    }

    /** Writes the slots of {@code packet} into the ring at the private producer index (not yet published). */
    public int queue(List<? extends TxSlot> packet) {
        int first = txReqProdPvt;
        for (TxSlot slot : packet) {
            writeTxEntry(txReqProdPvt, slot);
            txReqProdPvt++;
        }
        harness.note("ctx " + context + " queue " + packet.size() + " TX slot(s) at " + Bytes.index(first) + ": " + packet);
        return first;
    }

    /**
     * Writes {@code source} as the source MAC of the frame {@code packet} carries (frame bytes 6 to
     * 11), as the guest's network stack does before it queues a frame: a context sends only from a
     * MAC it owns (spec 07, TXF-2). The bytes go into the first slot's own fragment at its offset
     * plus 6; only those inside that fragment (its own length is the size field less the data
     * slots' sizes) and inside its page are written, and only into a page this context may read
     * that is not one of its ring pages. A multicast-control packet carries no frame and is left
     * alone. Nothing is queued.
     *
     * @return how many of the six bytes were written
     */
    public int writeSource(List<? extends TxSlot> packet, MacAddress source) {
        return writeMac(packet, source, 6, "source");
    }

    /**
     * Writes {@code destination} as the destination MAC of the frame {@code packet} carries (frame
     * bytes 0 to 5), under the same conditions as {@link #writeSource}: a guest addresses a
     * neighbour, a group or everyone before it queues the frame. Nothing is queued.
     *
     * @return how many of the six bytes were written
     */
    public int writeDestination(List<? extends TxSlot> packet, MacAddress destination) {
        return writeMac(packet, destination, 0, "destination");
    }

    private int writeMac(List<? extends TxSlot> packet, MacAddress address, int at, String what) {
        if (packet.isEmpty() || !(packet.get(0) instanceof TxSlot.Data first)) {
            return 0;
        }
        long rest = 0;
        for (TxSlot slot : packet.subList(1, packet.size())) {
            if (slot instanceof TxSlot.Extra extra && (extra.type() == ExtraInfoLayout.TYPE_MCAST_ADD || extra.type() == ExtraInfoLayout.TYPE_MCAST_DEL)) {
                return 0;
            }
            if (slot instanceof TxSlot.Data data) {
                rest += data.size() & 0xFFFF;
            }
        }
        long own = (first.size() & 0xFFFF) - rest;
        int gref = first.gref();
        if (gref == txRing || gref == rxRing || !harness.memory().access(context, gref).readable()) {
            return 0;
        }
        byte[] page = harness.memory().page(gref);
        byte[] mac = new byte[6];
        address.write(mac, 0);
        int written = 0;
        for (int k = 0; k < mac.length; k++) {
            int offset = (first.offset() & 0xFFFF) + at + k;
            if (at + k >= own || offset >= page.length) {
                break;
            }
            page[offset] = mac[k];
            written++;
        }
        if (written > 0) {
            harness.note("ctx " + context + " writes " + what + " MAC " + address + " into gref=" + gref + " at offset " + ((first.offset() & 0xFFFF) + at)
                    + (written < 6 ? " (" + written + " byte(s) inside the first slot)" : ""));
        }
        return written;
    }

    /**
     * {@link #writeSource} with this context's own MAC: the first the host gave it
     * ({@link Harness#macs}); nothing when it has none.
     */
    public int writeOwnSource(List<? extends TxSlot> packet) {
        List<MacAddress> own = harness.macs(context);
        return own.isEmpty() ? 0 : writeSource(packet, own.get(0));
    }

    /** Writes one TX entry at {@code index} without moving any index (a hostile or repairing guest). */
    public void writeTxEntry(int index, TxSlot slot) {
        System.arraycopy(slot.entry(), 0, txPage(), SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE),
                TxRequestLayout.ENTRY_SIZE);
    }

    /**
     * {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY} on the TX ring: publish {@code req_prod}, then
     * read {@code req_event}; true when the device must be kicked.
     */
    public boolean pushTx() {
        return push(txPage(), txReqProdPvt, "TX");
    }

    /** Queues the packets, pushes, and kicks the device if the push says so. */
    @SafeVarargs
    public final void send(List<? extends TxSlot>... packets) {
        for (List<? extends TxSlot> packet : packets) {
            queue(packet);
        }
        if (pushTx()) {
            harness.kick(context, Queue.TX);
        }
    }

    /** Reads every TX response published since the last read. */
    public List<TxResponse> takeTxResponses() {
        byte[] page = txPage();
        int rspProd = Bytes.u32(page, SharedRingLayout.RSP_PROD);
        List<TxResponse> responses = new ArrayList<>();
        long available = Integer.toUnsignedLong(rspProd - txRspCons);
        if (available > SharedRingLayout.RING_SIZE) {
            // Xen RING_RESPONSE_PROD_OVERFLOW: a hardened front end refuses the ring
            harness.memory().addFinding(new Finding("RING-6", context, txRing, SharedRingLayout.RSP_PROD, 4,
                    "TX rsp_prod " + Bytes.index(rspProd) + " is " + available + " ahead of the guest's rsp_cons " + Bytes.index(txRspCons)));
            return responses;
        }
        while (txRspCons != rspProd) {
            int at = SharedRingLayout.entryOffset(txRspCons, TxRequestLayout.ENTRY_SIZE);
            responses.add(new TxResponse(txRspCons, Bytes.u16(page, at + TxResponseLayout.ID), Bytes.s16(page, at + TxResponseLayout.STATUS)));
            txRspCons++;
        }
        return responses;
    }

    /** Reads every response on {@code queue} and re-arms {@code rsp_event = rsp_cons + 1}, as chapter 03's guest does. */
    public void reap(Queue queue) {
        if (queue == Queue.TX) {
            takeTxResponses();
            finalCheckTx();
        } else {
            takeRxResponses();
            finalCheckRx();
        }
    }

    /** {@code RING_FINAL_CHECK_FOR_RESPONSES} on TX: arms {@code rsp_event = rsp_cons + 1}; true when more responses are already there. */
    public boolean finalCheckTx() {
        Bytes.put32(txPage(), SharedRingLayout.RSP_EVENT, txRspCons + 1);
        harness.note("ctx " + context + " TX rsp_event := " + Bytes.index(txRspCons + 1));
        return Bytes.u32(txPage(), SharedRingLayout.RSP_PROD) != txRspCons;
    }

    // ------------------------------------------------------------------ RX

    /** The next RX index the guest will fill. */
    public int rxReqProdPvt() {
        return rxReqProdPvt;
    }

    /** The next RX response the guest will read. */
    public int rxRspCons() {
        return rxRspCons;
    }

    /** Writes an RX request (a free buffer) at the private producer index (not yet published). */
    public int queueRx(int gref, int id) {
        int index = rxReqProdPvt++;
        int at = SharedRingLayout.entryOffset(index, RxRequestLayout.ENTRY_SIZE);
        byte[] page = rxPage();
        Bytes.put16(page, at + RxRequestLayout.ID, id);
        Bytes.put16(page, at + RxRequestLayout.PAD, 0);
        Bytes.put32(page, at + RxRequestLayout.GREF, gref);
        harness.note("ctx " + context + " post RX buffer gref=" + gref + " id=" + id + " at " + Bytes.index(index));
        return index;
    }

    /** Push-and-check on the RX ring; true when the device should be kicked. */
    public boolean pushRx() {
        return push(rxPage(), rxReqProdPvt, "RX");
    }

    /** Posts buffers and publishes them, kicking the RX queue if the push says so (a hint the device may ignore). */
    public void post(int... grefs) {
        for (int gref : grefs) {
            queueRx(gref, gref & 0xFFFF);
        }
        if (pushRx()) {
            harness.kick(context, Queue.RX);
        }
    }

    /** Reads every RX response published since the last read. */
    public List<RxResponse> takeRxResponses() {
        byte[] page = rxPage();
        int rspProd = Bytes.u32(page, SharedRingLayout.RSP_PROD);
        List<RxResponse> responses = new ArrayList<>();
        long available = Integer.toUnsignedLong(rspProd - rxRspCons);
        if (available > SharedRingLayout.RING_SIZE) {
            harness.memory().addFinding(new Finding("RING-6", context, rxRing, SharedRingLayout.RSP_PROD, 4,
                    "RX rsp_prod " + Bytes.index(rspProd) + " is " + available + " ahead of the guest's rsp_cons " + Bytes.index(rxRspCons)));
            return responses;
        }
        while (rxRspCons != rspProd) {
            int at = SharedRingLayout.entryOffset(rxRspCons, RxResponseLayout.LENGTH);
            responses.add(new RxResponse(rxRspCons, Bytes.u16(page, at + RxResponseLayout.ID), Bytes.u16(page, at + RxResponseLayout.OFFSET),
                    Bytes.u16(page, at + RxResponseLayout.FLAGS), Bytes.s16(page, at + RxResponseLayout.STATUS)));
            rxRspCons++;
        }
        return responses;
    }

    /** Final check on RX: arms {@code rsp_event = rsp_cons + 1}; true when more responses are already there. */
    public boolean finalCheckRx() {
        Bytes.put32(rxPage(), SharedRingLayout.RSP_EVENT, rxRspCons + 1);
        return Bytes.u32(rxPage(), SharedRingLayout.RSP_PROD) != rxRspCons;
    }

    // ------------------------------------------------------------------ raw header access

    /** Reads a header field (an offset of {@link SharedRingLayout}) of the {@code queue} ring. */
    public int header(Queue queue, int field) {
        return Bytes.u32(queue == Queue.TX ? txPage() : rxPage(), field);
    }

    /** Writes a header field as a (possibly hostile) guest; moves no private index. */
    public void setHeader(Queue queue, int field, int value) {
        Bytes.put32(queue == Queue.TX ? txPage() : rxPage(), field, value);
        harness.note("ctx " + context + " " + queue + " header[" + field + "] := " + Bytes.index(value));
    }

    private boolean push(byte[] page, int newProd, String ring) {
        int old = Bytes.u32(page, SharedRingLayout.REQ_PROD);
        Bytes.put32(page, SharedRingLayout.REQ_PROD, newProd);
        int event = Bytes.u32(page, SharedRingLayout.REQ_EVENT);
        boolean notify = Integer.compareUnsigned(newProd - event, newProd - old) < 0;
        harness.note("ctx " + context + " " + ring + " req_prod " + Bytes.index(old) + " -> " + Bytes.index(newProd)
                + ", req_event " + Bytes.index(event) + (notify ? ": kick" : ": no kick"));
        return notify;
    }
}
