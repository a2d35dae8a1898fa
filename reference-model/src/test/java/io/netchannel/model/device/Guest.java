package io.netchannel.model.device;

/**
 * The guest side of the ring pages, written by hand from the Xen layout figures (not from the
 * api's layout constants, so a wrong constant shows): header fields at 0/4/8/12, entries from 64,
 * TX entries of 12 bytes, RX entries of 8.
 */
final class Guest {

    static final int REQ_PROD = 0;
    static final int REQ_EVENT = 4;
    static final int RSP_PROD = 8;
    static final int RSP_EVENT = 12;

    private Guest() {
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int off) {
        return u16(b, off) | u16(b, off + 2) << 16;
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int off, int v) {
        putU16(b, off, v);
        putU16(b, off + 2, v >>> 16);
    }

    static int txEntry(int index) {
        return 64 + (index & 255) * 12;
    }

    static int rxEntry(int index) {
        return 64 + (index & 255) * 8;
    }

    /** Writes a netif_tx_request at ring index {@code index}. */
    static void txRequest(byte[] ring, int index, int gref, int offset, int flags, int id, int size) {
        int at = txEntry(index);
        putU32(ring, at, gref);
        putU16(ring, at + 4, offset);
        putU16(ring, at + 6, flags);
        putU16(ring, at + 8, id);
        putU16(ring, at + 10, size);
    }

    /** Writes a netif_extra_info at ring index {@code index}; {@code payload} is bytes 2..7. */
    static void extra(byte[] ring, int index, int type, int flags, byte[] payload) {
        int at = txEntry(index);
        ring[at] = (byte) type;
        ring[at + 1] = (byte) flags;
        System.arraycopy(payload, 0, ring, at + 2, payload.length);
    }

    static int txResponseId(byte[] ring, int index) {
        return u16(ring, txEntry(index));
    }

    static short txResponseStatus(byte[] ring, int index) {
        return (short) u16(ring, txEntry(index) + 2);
    }

    /** Writes a netif_rx_request at ring index {@code index}. */
    static void rxRequest(byte[] ring, int index, int id, int gref) {
        int at = rxEntry(index);
        putU16(ring, at, id);
        putU32(ring, at + 4, gref);
    }

    /** The four fields of the RX response at {@code index}: id, offset, flags, status. */
    static int[] rxResponse(byte[] ring, int index) {
        int at = rxEntry(index);
        return new int[] {u16(ring, at), u16(ring, at + 2), u16(ring, at + 4), (short) u16(ring, at + 6)};
    }
}
