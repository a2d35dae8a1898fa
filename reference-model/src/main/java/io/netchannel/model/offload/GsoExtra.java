package io.netchannel.model.offload;

import io.netchannel.api.layout.ExtraInfoLayout;

/**
 * The {@code netif_extra_info} a merged LRO delivery carries in its second slot (LRO-5):
 * {@code XEN_NETIF_EXTRA_TYPE_GSO}, flags 0, the MSS, the GSO type, pad 0, features 0.
 *
 * <pre>
 *  byte 0     1       2 .. 3            4          5     6 .. 7
 * +--------+-------+-----------------+----------+-----+-------------+
 * | type 1 | flags | size = MSS (le) | GSO type | pad | features 0  |
 * |        |   0   |                 |  1 or 2  |  0  |   (le)      |
 * +--------+-------+-----------------+----------+-----+-------------+
 * </pre>
 *
 * @param size the aggregate's MSS, 1..65535
 * @param type {@code XEN_NETIF_GSO_TYPE_TCPV4} (1) or {@code TCPV6} (2)
 */
public record GsoExtra(int size, int type) {

    /** Rejects a size outside 1..65535 and a type other than TCPv4 or TCPv6. */
    public GsoExtra {
        if (size < 1 || size > 0xFFFF) {
            throw new IllegalArgumentException("a GSO size is 1..65535: size=" + size);
        }
        if (type != ExtraInfoLayout.GSO_TYPE_TCPV4 && type != ExtraInfoLayout.GSO_TYPE_TCPV6) {
            throw new IllegalArgumentException("a GSO type is TCPV4 (1) or TCPV6 (2): type=" + type);
        }
    }

    /** The extra of a merged delivery of {@code aggregate}: its MSS and the GSO type of its IP version. */
    public static GsoExtra of(Aggregate aggregate) {
        return new GsoExtra(aggregate.mss(), aggregate.gsoType());
    }

    /** The 8 bytes written into the slot, little-endian as {@code netif.h} lays them out. */
    public byte[] encode() {
        byte[] entry = new byte[ExtraInfoLayout.LENGTH];
        entry[ExtraInfoLayout.TYPE] = (byte) ExtraInfoLayout.TYPE_GSO;
        entry[ExtraInfoLayout.FLAGS] = 0; // no further extra
        entry[ExtraInfoLayout.GSO_SIZE] = (byte) size;
        entry[ExtraInfoLayout.GSO_SIZE + 1] = (byte) (size >>> 8);
        entry[ExtraInfoLayout.GSO_TYPE] = (byte) type;
        entry[ExtraInfoLayout.GSO_PAD] = 0;
        entry[ExtraInfoLayout.GSO_FEATURES] = 0;
        entry[ExtraInfoLayout.GSO_FEATURES + 1] = 0;
        return entry;
    }
}
