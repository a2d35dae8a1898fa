package io.netchannel.fastnic;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * A small audited grant table for tests: grefs index an array (so look-ups never allocate), each
 * grant one page owned by one context. Every refused access is recorded as a finding, and a test
 * that expects a well-behaved device asserts there are none.
 */
final class TestMemory implements GuestMemory {

    private static final int GREFS = 1024;

    private final byte[][] pages = new byte[GREFS][];
    private final int[] owners = new int[GREFS];
    private final Access[] rights = new Access[GREFS];
    private final List<String> findings = new ArrayList<>();
    /** Accesses (reads and writes, not look-ups) per gref, to show what was never touched. */
    private final int[] touches = new int[GREFS];
    private long epoch;
    private int hookGref = -1;
    private int hookOffset;
    private Runnable hook;

    /** Grants a fresh zeroed page to {@code context} and returns it for the test to fill. */
    byte[] grant(int gref, int context, Access access) {
        pages[gref] = new byte[PAGE_SIZE];
        owners[gref] = context;
        rights[gref] = access;
        return pages[gref];
    }

    /** Takes a grant back; the epoch moves so a device's cache drops it. */
    void revoke(int gref) {
        pages[gref] = null;
        rights[gref] = null;
        epoch++;
    }

    /**
     * Runs {@code action} once, right after the device's next 32-bit write at {@code offset} of
     * {@code gref}: a guest step interleaved with the device, as on another CPU.
     */
    void onceAfterWriteU32(int gref, int offset, Runnable action) {
        hookGref = gref;
        hookOffset = offset;
        hook = action;
    }

    byte[] page(int gref) {
        return pages[gref];
    }

    List<String> findings() {
        return findings;
    }

    int touches(int gref) {
        return touches[gref];
    }

    @Override
    public Access access(int context, int gref) {
        if (gref < 0 || gref >= GREFS || rights[gref] == null || owners[gref] != context) {
            return Access.NONE;
        }
        return rights[gref];
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
        int status = check(context, gref, offset, 4, false);
        return status == OK ? Pages.u32(pages[gref], offset) & 0xFFFF_FFFFL : status;
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        int status = check(context, gref, offset, 4, true);
        if (status == OK) {
            Pages.putU32(pages[gref], offset, value);
            if (hook != null && gref == hookGref && offset == hookOffset) {
                Runnable action = hook;
                hook = null;
                action.run();
            }
        }
        return status;
    }

    @Override
    public long revocationEpoch() {
        return epoch;
    }

    private int check(int context, int gref, int offset, int length, boolean write) {
        Access access = access(context, gref);
        if (access == Access.NONE) {
            findings.add("no grant: context=" + context + " gref=" + gref);
            return NO_GRANT;
        }
        if (write && !access.writable()) {
            findings.add("write through read-only grant: context=" + context + " gref=" + gref);
            return READ_ONLY;
        }
        if (offset < 0 || length < 0 || offset + length > PAGE_SIZE) {
            findings.add("out of page: gref=" + gref + " offset=" + offset + " length=" + length);
            return OUT_OF_PAGE;
        }
        touches[gref]++;
        return OK;
    }
}
