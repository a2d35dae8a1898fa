package io.netchannel.fastnic;

import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;

/** Little-endian field access on test pages: the guest driver's side of the ring layout. */
final class Pages {

    private Pages() {
    }

    static int u16(byte[] page, int at) {
        return (page[at] & 0xFF) | (page[at + 1] & 0xFF) << 8;
    }

    static int u32(byte[] page, int at) {
        return u16(page, at) | u16(page, at + 2) << 16;
    }

    static void putU16(byte[] page, int at, int value) {
        page[at] = (byte) value;
        page[at + 1] = (byte) (value >>> 8);
    }

    static void putU32(byte[] page, int at, int value) {
        putU16(page, at, value);
        putU16(page, at + 2, value >>> 16);
    }

    static int txEntry(int index) {
        return SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE);
    }

    static int rxEntry(int index) {
        return SharedRingLayout.entryOffset(index, RxRequestLayout.ENTRY_SIZE);
    }

    /** Writes a TX request into the slot of {@code index}. */
    static void putTxRequest(byte[] ring, int index, int gref, int offset, int flags, int id, int size) {
        int at = txEntry(index);
        putU32(ring, at + TxRequestLayout.GREF, gref);
        putU16(ring, at + TxRequestLayout.OFFSET, offset);
        putU16(ring, at + TxRequestLayout.FLAGS, flags);
        putU16(ring, at + TxRequestLayout.ID, id);
        putU16(ring, at + TxRequestLayout.SIZE, size);
    }

    /** Writes an extra-info slot (8 bytes) into the slot of {@code index}. */
    static void putExtra(byte[] ring, int index, int type, int flags, byte[] payload6) {
        int at = txEntry(index);
        ring[at] = (byte) type;
        ring[at + 1] = (byte) flags;
        System.arraycopy(payload6, 0, ring, at + 2, 6);
    }

    /** Writes an RX request into the slot of {@code index}. */
    static void putRxRequest(byte[] ring, int index, int id, int gref) {
        int at = rxEntry(index);
        putU16(ring, at + RxRequestLayout.ID, id);
        putU32(ring, at + RxRequestLayout.GREF, gref);
    }

    static int txResponseId(byte[] ring, int index) {
        return u16(ring, txEntry(index));
    }

    static short txResponseStatus(byte[] ring, int index) {
        return (short) u16(ring, txEntry(index) + 2);
    }

    static void setReqProd(byte[] ring, int value) {
        putU32(ring, SharedRingLayout.REQ_PROD, value);
    }

    static void setRspEvent(byte[] ring, int value) {
        putU32(ring, SharedRingLayout.RSP_EVENT, value);
    }

    static int rspProd(byte[] ring) {
        return u32(ring, SharedRingLayout.RSP_PROD);
    }

    static int reqEvent(byte[] ring) {
        return u32(ring, SharedRingLayout.REQ_EVENT);
    }
}
