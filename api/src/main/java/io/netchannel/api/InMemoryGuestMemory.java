package io.netchannel.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A plain in-memory {@link GuestMemory} for unit tests and benchmarks of a device: grant
 * references {@code 0 .. capacity − 1} index arrays (a look-up never allocates), each grant is one
 * page owned by one context, and every access gets exactly the statuses the contract defines. It
 * keeps no audit log — the conformance harness's {@code AuditedGuestMemory} does that — but a
 * subclass sees every checked access through {@link #checked}.
 *
 * <p>The guest side reaches its pages directly through {@link #page(int)}. A page is the guest's:
 * it keeps its bytes when its grant is revoked and when it is granted again, as in Xen.
 */
public class InMemoryGuestMemory implements GuestMemory {

    /** Ring fields are little-endian u32 (spec 00-conventions). */
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] pages;
    private final int[] owner;
    private final Access[] access;
    private long epoch;

    /** Memory for grant references {@code 0 .. capacity − 1}, none granted. */
    public InMemoryGuestMemory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("guest memory holds at least one grant: capacity=" + capacity);
        }
        pages = new byte[capacity][];
        owner = new int[capacity];
        access = new Access[capacity];
        java.util.Arrays.fill(access, Access.NONE);
    }

    /** Grants page {@code gref} to {@code context} (a zeroed page the first time); returns the page. */
    public byte[] grant(int gref, int context, Access mode) {
        if (gref < 0 || gref >= pages.length) {
            throw new IllegalArgumentException("gref out of range 0.." + (pages.length - 1) + ": gref=" + gref);
        }
        if (mode == Access.NONE) {
            throw new IllegalArgumentException("a grant is READ_ONLY or READ_WRITE: gref=" + gref);
        }
        if (pages[gref] == null) {
            pages[gref] = new byte[PAGE_SIZE];
        }
        owner[gref] = context;
        access[gref] = mode;
        return pages[gref];
    }

    /** Revokes {@code gref}'s grant; the page stays the guest's, and {@link #revocationEpoch()} moves. */
    public void revoke(int gref) {
        if (gref >= 0 && gref < pages.length && access[gref] != Access.NONE) {
            access[gref] = Access.NONE;
            epoch++;
        }
    }

    /** The guest's own view of page {@code gref}, or null if it was never granted. */
    public byte[] page(int gref) {
        return gref >= 0 && gref < pages.length ? pages[gref] : null;
    }

    @Override
    public Access access(int context, int gref) {
        if (gref < 0 || gref >= pages.length || owner[gref] != context) {
            return Access.NONE;
        }
        return access[gref];
    }

    @Override
    public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
        int status = check(context, gref, offset, length, false);
        if (status == OK) {
            System.arraycopy(pages[gref], offset, dst, dstOffset, length);
        }
        return status;
    }

    @Override
    public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
        int status = check(context, gref, offset, length, true);
        if (status == OK) {
            System.arraycopy(src, srcOffset, pages[gref], offset, length);
        }
        return status;
    }

    @Override
    public long readU32(int context, int gref, int offset) {
        int status = check(context, gref, offset, Integer.BYTES, false);
        return status == OK ? Integer.toUnsignedLong((int) U32.get(pages[gref], offset)) : status;
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        int status = check(context, gref, offset, Integer.BYTES, true);
        if (status == OK) {
            U32.set(pages[gref], offset, value);
            written(gref, offset);
        }
        return status;
    }

    @Override
    public long revocationEpoch() {
        return epoch;
    }

    /**
     * Called for every read or write the device attempts, with the status it gets, before the
     * bytes move; a test double records findings or counts touches here. Does nothing by default.
     */
    protected void checked(boolean write, int context, int gref, int offset, int length, int status) {
    }

    /** Called after a successful {@link #writeU32}; a test double runs a guest step here. Does nothing by default. */
    protected void written(int gref, int offset) {
    }

    private int check(int context, int gref, int offset, int length, boolean write) {
        Access mode = access(context, gref);
        int status;
        if (mode == Access.NONE) {
            status = NO_GRANT;
        } else if (write && mode != Access.READ_WRITE) {
            status = READ_ONLY;
        } else if (offset < 0 || length < 0 || offset > PAGE_SIZE - length) {
            status = OUT_OF_PAGE;
        } else {
            status = OK;
        }
        checked(write, context, gref, offset, length, status);
        return status;
    }
}
