package io.netchannel.model.descriptor;

import io.netchannel.api.layout.TxResponseLayout;

/**
 * A {@code netif_tx_response}: 4 bytes written at the start of the entry of the request it
 * answers; bytes 4..11 of the entry are left as they were (spec RING-2, TX-2).
 *
 * @param id the echoed id (u16)
 * @param status a {@code NETIF_RSP_*} value
 */
public record TxResponse(int id, short status) {

    /** The 4 bytes of the response. */
    public byte[] encode() {
        byte[] bytes = new byte[TxResponseLayout.LENGTH];
        LittleEndian.putU16(bytes, TxResponseLayout.ID, id);
        LittleEndian.putU16(bytes, TxResponseLayout.STATUS, status);
        return bytes;
    }
}
