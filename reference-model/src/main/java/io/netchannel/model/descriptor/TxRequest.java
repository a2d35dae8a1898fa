package io.netchannel.model.descriptor;

import io.netchannel.api.layout.TxRequestLayout;

/**
 * A {@code netif_tx_request} as the device copied it from the ring (spec RING-2, DESC-1). The
 * 16-bit fields are held unsigned in {@code int}s.
 *
 * @param gref grant reference of the page holding the fragment (u32 bits)
 * @param offset byte offset of the fragment in that page
 * @param flags {@code NETTXF_*}
 * @param id the guest's cookie, echoed in the response
 * @param size first slot: the whole packet length; later slots: the fragment length
 */
public record TxRequest(int gref, int offset, int flags, int id, int size) {

    /** Decodes the 12 bytes of a TX ring entry. */
    public static TxRequest decode(byte[] entry) {
        return new TxRequest(
                LittleEndian.u32(entry, TxRequestLayout.GREF),
                LittleEndian.u16(entry, TxRequestLayout.OFFSET),
                LittleEndian.u16(entry, TxRequestLayout.FLAGS),
                LittleEndian.u16(entry, TxRequestLayout.ID),
                LittleEndian.u16(entry, TxRequestLayout.SIZE));
    }

    /** True when the packet continues in another data slot ({@code NETTXF_more_data}). */
    public boolean moreData() {
        return (flags & TxRequestLayout.FLAG_MORE_DATA) != 0;
    }

    /** True when extra-info slots follow this first slot ({@code NETTXF_extra_info}). */
    public boolean extraInfo() {
        return (flags & TxRequestLayout.FLAG_EXTRA_INFO) != 0;
    }
}
