package io.netchannel.model.descriptor;

import io.netchannel.api.layout.RxRequestLayout;

/**
 * A {@code netif_rx_request} as the device copied it from the ring: a free buffer posted by the
 * guest (spec RING-3, DESC-1).
 *
 * @param id the guest's cookie, echoed in the response
 * @param gref grant reference of the buffer page (u32 bits)
 */
public record RxRequest(int id, int gref) {

    /** Decodes the 8 bytes of an RX ring entry; the pad field is ignored. */
    public static RxRequest decode(byte[] entry) {
        return new RxRequest(LittleEndian.u16(entry, RxRequestLayout.ID), LittleEndian.u32(entry, RxRequestLayout.GREF));
    }
}
