package io.netchannel.model.qos;

import io.netchannel.api.TxRate;
import java.util.Optional;

/**
 * The seam through which the reference device makes every rate decision of chapter 09, so that a
 * deliberately broken device (a conformance mutant) can replace it and keep everything else.
 * {@link #SPEC} is the spec's behaviour; the device owns the rest: which packets are asked (only
 * those the TX checks let through, CTX-8), holding a packet on the ring, waiting, resuming at the
 * due time, counting TX_RATE_LIMITED.
 *
 * <p>A mutant expresses, for example: credit past the cap (accrual without the min); charging after
 * sending (answer {@link Admission.Send} whenever the level is positive and let the charge take it
 * below zero); dropping instead of holding (answer {@link Admission.Drop}).
 */
public interface RateLimiter {

    /** The spec's limiter: {@link TokenBucket} as chapter 09 defines it. */
    RateLimiter SPEC = new SpecRateLimiter();

    /**
     * The bucket a context has once its limit is {@code rate} at {@code now}: at create
     * ({@code current} empty), and at every update (QOS-3, QOS-8). The spec: no bucket when
     * unlimited, a full one when there was none, {@link TokenBucket#retunedTo} otherwise (the same
     * limit leaves the bucket untouched).
     *
     * @param current the context's bucket before, empty when it had no limit or is new
     * @param rate the new limit, valid (the control plane checked QOS-2), possibly unlimited
     * @param now the device time
     * @return the bucket to keep, empty exactly when {@code rate} is unlimited
     */
    Optional<TokenBucket> configure(Optional<TokenBucket> current, TxRate rate, long now);

    /**
     * Whether a packet of {@code charge} bytes leaves at {@code now} (QOS-3 to QOS-5). Asked once
     * for each packet the TX checks let through at each walk that reaches it, and never for packets
     * answered ERROR or DROPPED by the checks, multicast control or fatal packets.
     *
     * @param bucket the context's bucket as last kept, {@code at ≤ now}
     * @param charge the {@code size} field of the packet's first request (a tag the device inserts
     *     is not charged), 0 to 65535
     * @param now the device time
     * @return {@link Admission.Send}, or {@link Admission.Hold} with a due time after {@code now};
     *     the spec never answers {@link Admission.Drop}
     */
    Admission admit(TokenBucket bucket, long charge, long now);
}
