package io.netchannel.model.ring;

import io.netchannel.api.layout.SharedRingLayout;

/**
 * Checks a producer index read from a shared ring page against the device's own response
 * producer (Xen {@code RING_REQUEST_PROD_OVERFLOW}). A guest can publish at most one ring of
 * requests that the device has not yet answered; anything more is hostile or corrupt.
 */
public final class ProducerCheck {

    private ProducerCheck() {
    }

    /**
     * True when {@code reqProd} runs more than a ring ahead of {@code rspProdPvt}. Exactly one full
     * ring (256 outstanding) is not an overflow.
     */
    public static boolean overflows(int reqProd, int rspProdPvt) {
        // RING-11 (more than 256 ahead is fatal), RING-12 (exactly 256 is a full, valid ring)
        return RingIndex.difference(reqProd, rspProdPvt) > SharedRingLayout.RING_SIZE;
    }

    /**
     * True when a device may attach to a ring whose shared header holds {@code reqProd} and
     * {@code rspProd}.
     */
    public static boolean canAttach(int reqProd, int rspProd) {
        return !overflows(reqProd, rspProd); // RING-14
    }

    /** Requests published and not yet consumed: {@code (reqProd − reqCons) mod 2^32}. */
    public static long unconsumed(int reqProd, int reqCons) {
        return RingIndex.difference(reqProd, reqCons); // RING-4
    }
}
