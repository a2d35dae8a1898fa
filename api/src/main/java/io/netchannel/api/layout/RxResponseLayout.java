package io.netchannel.api.layout;

/**
 * {@code netif_rx_response}, 8 bytes (Xen {@code netif.h}); spec RING-3. Written into the slot of
 * the request whose buffer it fills.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              id               |            offset             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             flags             |        status (signed)        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@code status} is the byte count in this slot, or a negative {@link NetifStatus}.
 */
public final class RxResponseLayout {

    /** Offset of {@code id} (u16). */
    public static final int ID;
    /** Offset of {@code offset} (u16). */
    public static final int OFFSET;
    /** Offset of {@code flags} (u16, {@code NETRXF_*}). */
    public static final int FLAGS;
    /** Offset of {@code status} (s16). */
    public static final int STATUS;
    /** Bytes in a response. */
    public static final int LENGTH;

    /** {@code NETRXF_data_validated}. Note the order is the reverse of the TX checksum flags. */
    public static final int FLAG_DATA_VALIDATED = 1;
    /** {@code NETRXF_csum_blank}. */
    public static final int FLAG_CSUM_BLANK = 1 << 1;
    /** {@code NETRXF_more_data}: the frame continues in the next slot. */
    public static final int FLAG_MORE_DATA = 1 << 2;
    /** {@code NETRXF_extra_info}: extra-info slots follow. */
    public static final int FLAG_EXTRA_INFO = 1 << 3;
    /** {@code NETRXF_gso_prefix} (deprecated in Xen; never set by a Netchannel device). */
    public static final int FLAG_GSO_PREFIX = 1 << 4;

    static {
        int offset = 0;
        ID = offset;
        offset += Short.BYTES;
        OFFSET = offset;
        offset += Short.BYTES;
        FLAGS = offset;
        offset += Short.BYTES;
        STATUS = offset;
        offset += Short.BYTES;
        LENGTH = offset;
    }

    private RxResponseLayout() {
    }
}
