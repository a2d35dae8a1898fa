package io.netchannel.api.layout;

/**
 * {@code netif_tx_request}, 12 bytes (Xen {@code netif.h}); spec RING-2. A TX ring entry is 12
 * bytes: the larger of request and response.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             gref                              |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            offset             |             flags             |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              id               |             size              |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@code size} is the whole packet length in the first slot, the fragment length in later slots.
 */
public final class TxRequestLayout {

    /** Offset of {@code gref} (u32). */
    public static final int GREF;
    /** Offset of {@code offset} (u16). */
    public static final int OFFSET;
    /** Offset of {@code flags} (u16, {@code NETTXF_*}). */
    public static final int FLAGS;
    /** Offset of {@code id} (u16). */
    public static final int ID;
    /** Offset of {@code size} (u16). */
    public static final int SIZE;
    /** Bytes in a request. */
    public static final int LENGTH;
    /** Bytes in a TX ring entry (request and response share it). */
    public static final int ENTRY_SIZE = 12;

    /** {@code NETTXF_csum_blank}: the L4 checksum is blank; the device completes it. */
    public static final int FLAG_CSUM_BLANK = 1;
    /** {@code NETTXF_data_validated}: the data was already validated against its checksum. */
    public static final int FLAG_DATA_VALIDATED = 1 << 1;
    /** {@code NETTXF_more_data}: the packet continues in the next data slot. */
    public static final int FLAG_MORE_DATA = 1 << 2;
    /** {@code NETTXF_extra_info}: extra-info slots follow this first slot. */
    public static final int FLAG_EXTRA_INFO = 1 << 3;

    /** {@code XEN_NETIF_NR_SLOTS_MIN}: data slots after the first that a device always accepts. */
    public static final int SLOTS_ALWAYS_ACCEPTED = 18;
    /** Data slots after the first above which a packet is fatal (Xen netback {@code fatal_skb_slots}). */
    public static final int SLOTS_FATAL_ABOVE = 20;
    /** Shortest first slot: an Ethernet header. */
    public static final int MIN_FIRST_SLOT = 14;

    static {
        int offset = 0;
        GREF = offset;
        offset += Integer.BYTES;
        OFFSET = offset;
        offset += Short.BYTES;
        FLAGS = offset;
        offset += Short.BYTES;
        ID = offset;
        offset += Short.BYTES;
        SIZE = offset;
        offset += Short.BYTES;
        LENGTH = offset;
    }

    private TxRequestLayout() {
    }
}
