package io.netchannel.model.descriptor;

import io.netchannel.api.layout.RxResponseLayout;

/**
 * A {@code netif_rx_response}: all 8 bytes of the entry of the request whose buffer it fills
 * (spec RING-3, RX-2).
 *
 * @param id the echoed request id (u16)
 * @param offset where the data starts in the buffer page
 * @param flags {@code NETRXF_*}
 * @param status bytes in this slot, or a negative {@code NETIF_RSP_*}
 */
public record RxResponse(int id, int offset, int flags, short status) {

    /** The 8 bytes of the response. */
    public byte[] encode() {
        byte[] bytes = new byte[RxResponseLayout.LENGTH];
        LittleEndian.putU16(bytes, RxResponseLayout.ID, id);
        LittleEndian.putU16(bytes, RxResponseLayout.OFFSET, offset);
        LittleEndian.putU16(bytes, RxResponseLayout.FLAGS, flags);
        LittleEndian.putU16(bytes, RxResponseLayout.STATUS, status);
        return bytes;
    }
}
