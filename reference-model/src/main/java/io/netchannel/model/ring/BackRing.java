package io.netchannel.model.ring;

/**
 * The device's private indices on one ring (Xen's back ring): the next request to consume, the
 * next response slot to fill, and the response producer it last published.
 *
 * @param reqCons the next request the device consumes
 * @param rspProdPvt the next response slot the device fills
 * @param published the rsp_prod value the device last wrote to the shared header
 */
public record BackRing(int reqCons, int rspProdPvt, int published) {

    /** The state after attaching at the shared {@code rspProd} (RING-14: req_cons = rsp_prod_pvt = rsp_prod). */
    public static BackRing attachedAt(int rspProd) {
        return new BackRing(rspProd, rspProd, rspProd); // RING-14
    }

    /**
     * The state after consuming {@code slots} requests and answering each one in its own slot
     * (TX-2, RX-2): both private indices advance together.
     */
    public BackRing answered(int slots) {
        return new BackRing(reqCons + slots, rspProdPvt + slots, published);
    }

    /** True when responses were filled that the shared header does not yet show. */
    public boolean hasUnpublished() {
        return rspProdPvt != published;
    }

    /** The state after writing rsp_prod = rsp_prod_pvt to the shared header. */
    public BackRing publishedAll() {
        return new BackRing(reqCons, rspProdPvt, rspProdPvt);
    }
}
