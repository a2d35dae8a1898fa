package io.netchannel.api.layout;

/**
 * {@code netif_extra_info}, 8 bytes, occupying a whole TX or RX slot (Xen {@code netif.h}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |     flags     |   GSO: size (MSS)             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | GSO: type     |   GSO: pad    |   GSO: features               |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                 |  MCAST_ADD / MCAST_DEL: addr[6] at 2..7       |
 * </pre>
 */
public final class ExtraInfoLayout {

    /** Offset of {@code type} (u8). */
    public static final int TYPE = 0;
    /** Offset of {@code flags} (u8). */
    public static final int FLAGS = 1;
    /** Offset of the GSO MSS (u16). */
    public static final int GSO_SIZE = 2;
    /** Offset of the GSO type (u8). */
    public static final int GSO_TYPE = 4;
    /** Offset of the GSO pad (u8). */
    public static final int GSO_PAD = 5;
    /** Offset of the GSO features (u16; none defined). */
    public static final int GSO_FEATURES = 6;
    /** Offset of the multicast address (6 bytes, wire order). */
    public static final int MCAST_ADDR = 2;
    /** Bytes in an extra-info slot. */
    public static final int LENGTH = 8;

    /** {@code XEN_NETIF_EXTRA_TYPE_NONE}: never valid. */
    public static final int TYPE_NONE = 0;
    /** {@code XEN_NETIF_EXTRA_TYPE_GSO}. */
    public static final int TYPE_GSO = 1;
    /** {@code XEN_NETIF_EXTRA_TYPE_MCAST_ADD}. */
    public static final int TYPE_MCAST_ADD = 2;
    /** {@code XEN_NETIF_EXTRA_TYPE_MCAST_DEL}. */
    public static final int TYPE_MCAST_DEL = 3;
    /** {@code XEN_NETIF_EXTRA_TYPE_HASH}. */
    public static final int TYPE_HASH = 4;
    /** {@code XEN_NETIF_EXTRA_TYPE_MAX}: types at or above it are invalid. */
    public static final int TYPE_MAX = 5;

    /** {@code XEN_NETIF_EXTRA_FLAG_MORE}: another extra-info slot follows. */
    public static final int FLAG_MORE = 1;

    /** {@code XEN_NETIF_GSO_TYPE_NONE}. */
    public static final int GSO_TYPE_NONE = 0;
    /** {@code XEN_NETIF_GSO_TYPE_TCPV4}. */
    public static final int GSO_TYPE_TCPV4 = 1;
    /** {@code XEN_NETIF_GSO_TYPE_TCPV6}. */
    public static final int GSO_TYPE_TCPV6 = 2;

    private ExtraInfoLayout() {
    }
}
