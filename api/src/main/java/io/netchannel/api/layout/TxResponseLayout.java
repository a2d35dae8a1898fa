package io.netchannel.api.layout;

/**
 * {@code netif_tx_response}, 4 bytes in a 12-byte TX entry (Xen {@code netif.h}); spec RING-2.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              id               |        status (signed)        |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TxResponseLayout {

    /** Offset of {@code id} (u16). */
    public static final int ID;
    /** Offset of {@code status} (s16, {@link NetifStatus}). */
    public static final int STATUS;
    /** Bytes in a response. */
    public static final int LENGTH;

    static {
        int offset = 0;
        ID = offset;
        offset += Short.BYTES;
        STATUS = offset;
        offset += Short.BYTES;
        LENGTH = offset;
    }

    private TxResponseLayout() {
    }
}
