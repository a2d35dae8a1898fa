package io.netchannel.api.layout;

/**
 * {@code netif_rx_request}, 8 bytes (Xen {@code netif.h}): a free buffer posted by the guest;
 * spec RING-3.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              id               |              pad              |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             gref                              |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class RxRequestLayout {

    /** Offset of {@code id} (u16). */
    public static final int ID;
    /** Offset of {@code pad} (u16, ignored). */
    public static final int PAD;
    /** Offset of {@code gref} (u32). */
    public static final int GREF;
    /** Bytes in a request. */
    public static final int LENGTH;
    /** Bytes in an RX ring entry (request and response are both 8). */
    public static final int ENTRY_SIZE = 8;

    static {
        int offset = 0;
        ID = offset;
        offset += Short.BYTES;
        PAD = offset;
        offset += Short.BYTES;
        GREF = offset;
        offset += Integer.BYTES;
        LENGTH = offset;
    }

    private RxRequestLayout() {
    }
}
