package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Guest memory for benchmarks: one flat {@code byte[]} per grant, no audit log, no revocation.
 *
 * <p>The conformance harness records every access so a stray one becomes a finding; here that
 * bookkeeping would be measured instead of the device. What stays is what the contract makes a
 * device rely on: the status codes of {@link GuestMemory} (a grant of another context, a write
 * through a read-only grant and a range outside the page are refused, not performed), so a
 * device behaves here as it does under audit. The guest side of a benchmark reaches its own
 * pages directly through {@link #page(int)}.
 */
public final class FlatGuestMemory implements GuestMemory {

    /** Little-endian u32 view of a page: ring fields are little-endian (spec 00-conventions). */
    static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian 64-bit view of a page, for whole descriptors. */
    static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian u16 view of a page. */
    static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] pages;
    private final int[] owner;
    private final Access[] access;

    /** Memory with room for grant references {@code 0 .. grefs - 1}, none granted. */
    public FlatGuestMemory(int grefs) {
        if (grefs < 1) {
            throw new IllegalArgumentException("guest memory holds at least one grant: grefs=" + grefs);
        }
        pages = new byte[grefs][];
        owner = new int[grefs];
        access = new Access[grefs];
        Arrays.fill(access, Access.NONE);
    }

    /** Grants a fresh zeroed page as {@code gref} to {@code context}; returns the page for the guest side. */
    public byte[] grant(int gref, int context, Access mode) {
        if (gref < 0 || gref >= pages.length) {
            throw new IllegalArgumentException("gref out of range 0.." + (pages.length - 1) + ": gref=" + gref);
        }
        if (access[gref] != Access.NONE) {
            throw new IllegalArgumentException("gref already granted: gref=" + gref);
        }
        byte[] page = new byte[PAGE_SIZE];
        pages[gref] = page;
        owner[gref] = context;
        access[gref] = mode;
        return page;
    }

    /** The guest's own view of a granted page. */
    public byte[] page(int gref) {
        return pages[gref];
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
        if (status != OK) {
            return status;
        }
        return Integer.toUnsignedLong((int) U32.get(pages[gref], offset));
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        int status = check(context, gref, offset, Integer.BYTES, true);
        if (status == OK) {
            U32.set(pages[gref], offset, value);
        }
        return status;
    }

    /** Nothing is ever revoked here, so a device's grant cache never goes stale. */
    @Override
    public long revocationEpoch() {
        return 0;
    }

    private int check(int context, int gref, int offset, int length, boolean write) {
        Access mode = access(context, gref);
        if (mode == Access.NONE) {
            return NO_GRANT;
        }
        if (write && mode != Access.READ_WRITE) {
            return READ_ONLY;
        }
        if (offset < 0 || length < 0 || offset > PAGE_SIZE - length) {
            return OUT_OF_PAGE;
        }
        return OK;
    }
}
