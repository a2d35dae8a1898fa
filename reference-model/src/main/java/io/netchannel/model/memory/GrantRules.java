package io.netchannel.model.memory;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import java.util.Optional;

/**
 * Decides, from the {@link Access} a context has to a grant, whether the device may read or write
 * through it, and whether a pair of grants may serve as a context's rings. The device asks
 * {@link GuestMemory#access(int, int)} first and touches the page only when these rules say yes.
 */
public final class GrantRules {

    private GrantRules() {
    }

    /** True when the device may read through a grant with this access. */
    public static boolean mayRead(Access access) {
        return access.readable(); // MEM-2: never through an absent, revoked or foreign grant
    }

    /** True when the device may write through a grant with this access. */
    public static boolean mayWrite(Access access) {
        return access.writable(); // MEM-3: never through a read-only grant
    }

    /** True when a grant with this access may hold a ring page: rings are written by both sides. */
    public static boolean mayHoldRing(Access access) {
        return access == Access.READ_WRITE; // MEM-6, MEM-10
    }

    /** True when {@code length} bytes at {@code offset} lie inside one page. */
    public static boolean insidePage(long offset, long length) {
        // MEM-5: offset ≥ 0 and offset + length ≤ 4096
        return offset >= 0 && length >= 0 && offset + length <= GuestMemory.PAGE_SIZE;
    }

    /**
     * Why a pair of ring grants cannot serve a context, or empty when they can: each must be
     * read-write for the context, and the two must differ.
     *
     * @return a detail for people ({@code name=value}), or empty
     */
    public static Optional<String> ringGrantProblem(int txGref, Access tx, int rxGref, Access rx) {
        if (!mayHoldRing(tx)) {
            return Optional.of("TX ring grant is not read-write: txRingGref=" + txGref + " access=" + tx); // MEM-6
        }
        if (!mayHoldRing(rx)) {
            return Optional.of("RX ring grant is not read-write: rxRingGref=" + rxGref + " access=" + rx); // MEM-6
        }
        if (txGref == rxGref) {
            return Optional.of("TX and RX rings share a page: txRingGref=rxRingGref=" + txGref); // MEM-6
        }
        return Optional.empty();
    }
}
