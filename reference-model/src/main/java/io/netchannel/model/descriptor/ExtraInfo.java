package io.netchannel.model.descriptor;

import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.ExtraInfoLayout;

/**
 * A {@code netif_extra_info} slot as the device copied it from the TX ring. Every view of the
 * union is decoded; which one means something depends on {@link #type()}.
 *
 * @param type {@code XEN_NETIF_EXTRA_TYPE_*}
 * @param flags {@code XEN_NETIF_EXTRA_FLAG_*}
 * @param gsoSize GSO view: the MSS
 * @param gsoType GSO view: {@code XEN_NETIF_GSO_TYPE_*}
 * @param address MCAST_ADD / MCAST_DEL view: the group address
 */
public record ExtraInfo(int type, int flags, int gsoSize, int gsoType, MacAddress address) {

    /** Decodes the first 8 bytes of a TX ring entry. */
    public static ExtraInfo decode(byte[] entry) {
        return new ExtraInfo(
                LittleEndian.u8(entry, ExtraInfoLayout.TYPE),
                LittleEndian.u8(entry, ExtraInfoLayout.FLAGS),
                LittleEndian.u16(entry, ExtraInfoLayout.GSO_SIZE),
                LittleEndian.u8(entry, ExtraInfoLayout.GSO_TYPE),
                MacAddress.read(entry, ExtraInfoLayout.MCAST_ADDR));
    }

    /** True when another extra-info slot follows ({@code XEN_NETIF_EXTRA_FLAG_MORE}). */
    public boolean more() {
        return (flags & ExtraInfoLayout.FLAG_MORE) != 0;
    }

    /**
     * The id field of this slot's response: the u16 at offset 0 as read, i.e. {@code type | flags << 8}.
     * An extra slot has no id of its own; the response leaves those bytes as the guest wrote them.
     */
    public int responseId() {
        return type | flags << 8; // DESC-14
    }
}
