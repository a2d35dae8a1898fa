package io.netchannel.api.layout;

/** Response status codes ({@code NETIF_RSP_*}, Xen {@code netif.h}). */
public final class NetifStatus {

    /** {@code NETIF_RSP_DROPPED}. */
    public static final short DROPPED = -2;
    /** {@code NETIF_RSP_ERROR}: the slot's packet was refused. */
    public static final short ERROR = -1;
    /** {@code NETIF_RSP_OKAY}: the slot is released. */
    public static final short OKAY = 0;
    /** {@code NETIF_RSP_NULL}: the answer to an extra-info slot. */
    public static final short NULL = 1;

    private NetifStatus() {
    }
}
