package io.netchannel.fastnic;

import io.netchannel.api.Access;
import io.netchannel.api.InMemoryGuestMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The api's in-memory grant table with what these tests need on top: every refused access is a
 * finding (a test that expects a well-behaved device asserts there are none), accesses are
 * counted per gref, and a guest step can run right after a given 32-bit write.
 */
final class TestMemory extends InMemoryGuestMemory {

    private static final int GREFS = 1024;

    private final List<String> findings = new ArrayList<>();
    /** Accesses (reads and writes, not look-ups) per gref, to show what was never touched. */
    private final int[] touches = new int[GREFS];
    private int hookGref = -1;
    private int hookOffset;
    private Runnable hook;

    TestMemory() {
        super(GREFS);
    }

    /** Grants page {@code gref} to {@code context}, zeroed, and returns it for the test to fill. */
    @Override
    public byte[] grant(int gref, int context, Access access) {
        byte[] page = super.grant(gref, context, access);
        java.util.Arrays.fill(page, (byte) 0);
        return page;
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

    List<String> findings() {
        return findings;
    }

    int touches(int gref) {
        return touches[gref];
    }

    @Override
    protected void checked(boolean write, int context, int gref, int offset, int length, int status) {
        switch (status) {
            case OK -> touches[gref]++;
            case NO_GRANT -> findings.add("no grant: context=" + context + " gref=" + gref);
            case READ_ONLY -> findings.add("write through read-only grant: context=" + context + " gref=" + gref);
            default -> findings.add("out of page: gref=" + gref + " offset=" + offset + " length=" + length);
        }
    }

    @Override
    protected void written(int gref, int offset) {
        if (hook != null && gref == hookGref && offset == hookOffset) {
            Runnable action = hook;
            hook = null;
            action.run();
        }
    }
}
