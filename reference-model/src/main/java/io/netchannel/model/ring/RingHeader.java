package io.netchannel.model.ring;

/**
 * The two producer indices of a shared ring header the device reads when it attaches to a ring
 * (spec RING-14).
 *
 * @param reqProd the guest's request producer (offset 0)
 * @param rspProd the shared response producer (offset 8)
 */
public record RingHeader(int reqProd, int rspProd) {

    /** True when a device may attach to this ring (RING-14). */
    public boolean attachable() {
        return ProducerCheck.canAttach(reqProd, rspProd);
    }

    /** The device-side ring state right after attaching at {@link #rspProd()}. */
    public BackRing attach() {
        return BackRing.attachedAt(rspProd);
    }
}
