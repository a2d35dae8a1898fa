package io.netchannel.api.layout;

/**
 * The header of a shared ring page (Xen {@code ring.h}, {@code DEFINE_RING_TYPES}); spec RING-1.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 req_prod  (guest writes)                      |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 req_event (device writes)                     |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 rsp_prod  (device writes)                     |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 rsp_event (guest writes)                      | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 pvt (protocol-private, untouched)             | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 padding, 44 bytes (untouched)                 | 20..63
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 entries[RING_SIZE]                            | 64..
 * </pre>
 *
 * Each field is an unsigned 32-bit free-running index, little-endian.
 */
public final class SharedRingLayout {

    /** Offset of {@code req_prod}. */
    public static final int REQ_PROD;
    /** Offset of {@code req_event}. */
    public static final int REQ_EVENT;
    /** Offset of {@code rsp_prod}. */
    public static final int RSP_PROD;
    /** Offset of {@code rsp_event}. */
    public static final int RSP_EVENT;
    /** Offset of the 4-byte protocol-private field. */
    public static final int PVT;
    /** Offset of the 44 bytes of padding. */
    public static final int PAD;
    /** Size of the padding. */
    public static final int PAD_LENGTH = 44;
    /** Offset of the first entry: the header length. */
    public static final int ENTRIES;
    /** Entries per ring page for both netif rings. */
    public static final int RING_SIZE = 256;
    /** {@code index & SLOT_MASK} is an index's slot. */
    public static final int SLOT_MASK = RING_SIZE - 1;
    /** Value of both event indices after Xen's {@code SHARED_RING_INIT}. */
    public static final int INITIAL_EVENT = 1;

    static {
        int offset = 0;
        REQ_PROD = offset;
        offset += Integer.BYTES;
        REQ_EVENT = offset;
        offset += Integer.BYTES;
        RSP_PROD = offset;
        offset += Integer.BYTES;
        RSP_EVENT = offset;
        offset += Integer.BYTES;
        PVT = offset;
        offset += Integer.BYTES;
        PAD = offset;
        offset += PAD_LENGTH;
        ENTRIES = offset;
    }

    private SharedRingLayout() {
    }

    /** Offset in the page of the entry for {@code index}, for entries of {@code entrySize} bytes. */
    public static int entryOffset(int index, int entrySize) {
        return ENTRIES + (index & SLOT_MASK) * entrySize;
    }

    /**
     * Xen's {@code __CONST_RING_SIZE}: the largest power of two of entries of {@code entrySize}
     * bytes that fit a page after the header.
     */
    public static int ringSizeFor(int entrySize, int pageSize) {
        int fit = (pageSize - ENTRIES) / entrySize;
        return Integer.highestOneBit(fit);
    }
}
