package io.netchannel.model.descriptor;

import java.util.Optional;

/**
 * The unconsumed requests of a TX ring, as the chain validator reads them: slot {@code k} is the
 * entry at {@code req_cons + k}. The validator asks for slots in order, each at most once, and only
 * below the number published (spec DESC-1, RING-5).
 */
@FunctionalInterface
public interface TxSlots {

    /** The 12 bytes of slot {@code k}, or empty when guest memory refused the read. */
    Optional<byte[]> read(int k);
}
