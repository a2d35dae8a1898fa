package io.netchannel.model.qos;

import java.util.Objects;

/**
 * What the rate limiter makes of a packet the TX checks let through (spec 09). Each answer carries
 * the bucket the device keeps afterwards.
 */
public sealed interface Admission permits Admission.Send, Admission.Hold, Admission.Drop {

    /** The context's bucket after this admission. */
    TokenBucket bucket();

    /**
     * The packet leaves now; {@code bucket} is already charged (QOS-4: before the frame leaves).
     *
     * @param bucket the bucket after accrual and the charge
     */
    record Send(TokenBucket bucket) implements Admission {
        /** Rejects null. */
        public Send {
            Objects.requireNonNull(bucket, "bucket");
        }
    }

    /**
     * The packet stays on the ring, unconsumed, until {@code due} (QOS-5, QOS-6): the device
     * publishes the responses before it, writes no req_event and resumes the walk at {@code due}.
     *
     * @param bucket the bucket accrued to the stop, not charged
     * @param due when the device tries again; later than the stop
     */
    record Hold(TokenBucket bucket, long due) implements Admission {
        /** Rejects null. */
        public Hold {
            Objects.requireNonNull(bucket, "bucket");
        }
    }

    /**
     * Not the spec's answer, which never drops (QOS-5): the device consumes the packet, answers it
     * DROPPED and counts nothing. It exists so a broken device can be built.
     *
     * @param bucket the bucket the broken limiter keeps
     */
    record Drop(TokenBucket bucket) implements Admission {
        /** Rejects null. */
        public Drop {
            Objects.requireNonNull(bucket, "bucket");
        }
    }
}
