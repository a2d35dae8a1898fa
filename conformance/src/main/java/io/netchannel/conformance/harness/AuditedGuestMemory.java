package io.netchannel.conformance.harness;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guest memory a device under test sees (spec chapter 02). Pages belong to the guest; a grant
 * lends one page to one context. Every device access is checked, performed or refused with the
 * api's negative status, and written to the {@link EventLog}; every refused or rule-breaking
 * attempt becomes a {@link Finding}. Hooks let a test run guest actions between two device
 * accesses, as a concurrent or hostile guest would.
 */
public final class AuditedGuestMemory implements GuestMemory {

    /** Accesses one device call may make before the harness calls it a runaway loop. */
    public static final int ACCESS_BUDGET_PER_CALL = 200_000;

    /** A guest action run right after a device access. */
    @FunctionalInterface
    public interface AccessHook {
        /** Called after {@code access} was performed (or refused). */
        void after(Event.MemoryAccess access);
    }

    /** Which device writes a page allows, and the rule a forbidden one breaks. */
    @FunctionalInterface
    public interface WriteRule {
        /** True when the device may write {@code length} bytes at {@code offset}. */
        boolean allows(int offset, int length);
    }

    private record Grant(int context, Access access) {
    }

    private record Restriction(String rule, WriteRule allowed, String what) {
    }

    /** Thrown inside a device call that exceeds {@link #ACCESS_BUDGET_PER_CALL}; the harness catches it. */
    static final class RunawayDevice extends Error {
        private static final long serialVersionUID = 1L;

        RunawayDevice(String message) {
            super(message, null, false, false);
        }
    }

    private final EventLog log;
    private final Map<Integer, byte[]> pages = new TreeMap<>();
    private final Map<Integer, Grant> grants = new HashMap<>();
    private final Set<Long> revoked = new HashSet<>();
    private final Map<Integer, Restriction> restrictions = new HashMap<>();
    private final List<AccessHook> hooks = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private long epoch;
    private int accessesThisCall;

    /** Memory recording into {@code log}. */
    public AuditedGuestMemory(EventLog log) {
        this.log = log;
    }

    // ------------------------------------------------------------------ host and guest side

    /** Grants a fresh zeroed page as {@code gref} to {@code context}; returns the page (the guest's handle). */
    public byte[] grant(int gref, int context, Access access) {
        byte[] page = pages.computeIfAbsent(gref, g -> new byte[PAGE_SIZE]);
        grant(gref, context, access, page);
        return page;
    }

    /** Grants {@code page} (already the guest's) as {@code gref} to {@code context}. */
    public void grant(int gref, int context, Access access, byte[] page) {
        if (access == Access.NONE) {
            throw new IllegalArgumentException("a grant is READ_ONLY or READ_WRITE: gref=" + gref);
        }
        if (page.length != PAGE_SIZE) {
            throw new IllegalArgumentException("a page has 4096 bytes: length=" + page.length);
        }
        pages.put(gref, page);
        grants.put(gref, new Grant(context, access));
        revoked.remove(key(gref, context));
    }

    /** Revokes {@code gref}; the page stays the guest's. Bumps {@link #revocationEpoch()}. */
    public void revoke(int gref) {
        Grant grant = grants.remove(gref);
        if (grant != null) {
            revoked.add(key(gref, grant.context()));
            epoch++;
        }
    }

    /** The guest's own view of the page behind {@code gref} (granted now or before). */
    public byte[] page(int gref) {
        byte[] page = pages.get(gref);
        if (page == null) {
            throw new IllegalArgumentException("no page was ever granted as gref=" + gref);
        }
        return page;
    }

    /** Every page ever granted, by gref, as the guest sees it. */
    public Map<Integer, byte[]> pages() {
        return Collections.unmodifiableMap(pages);
    }

    /** The context a live grant belongs to, or {@code -1}. */
    public int owner(int gref) {
        Grant grant = grants.get(gref);
        return grant == null ? -1 : grant.context();
    }

    /**
     * Device writes to {@code gref} outside {@code allowed} become findings of {@code rule} (the
     * write is still performed: the harness refuses only what the api says it refuses).
     */
    public void restrictWrites(int gref, String rule, String what, WriteRule allowed) {
        restrictions.put(gref, new Restriction(rule, allowed, what));
    }

    /** Lifts a restriction set with {@link #restrictWrites}. */
    public void unrestrict(int gref) {
        restrictions.remove(gref);
    }

    /** Runs {@code hook} after every device access from now on. */
    public void addHook(AccessHook hook) {
        hooks.add(hook);
    }

    /** Removes {@code hook}. */
    public void removeHook(AccessHook hook) {
        hooks.remove(hook);
    }

    /** Removes every hook. */
    public void clearHooks() {
        hooks.clear();
    }

    /** Everything the device did wrong so far, in order. */
    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    /** Records a finding that the harness, not this memory, detected. */
    public void addFinding(Finding finding) {
        findings.add(finding);
    }

    void startCall() {
        accessesThisCall = 0;
    }

    // ------------------------------------------------------------------ the device's view

    @Override
    public Access access(int context, int gref) {
        Grant grant = grants.get(gref);
        return grant != null && grant.context() == context ? grant.access() : Access.NONE;
    }

    @Override
    public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
        int status = check(Event.Kind.READ, context, gref, offset, length);
        long value = 0;
        if (status == OK) {
            byte[] page = pages.get(gref);
            System.arraycopy(page, offset, dst, dstOffset, length);
            value = length == 4 ? u32(page, offset) : 0;
        }
        return finish(Event.Kind.READ, context, gref, offset, length, status, value);
    }

    @Override
    public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
        int status = check(Event.Kind.WRITE, context, gref, offset, length);
        long value = 0;
        if (status == OK) {
            restricted(context, gref, offset, length);
            byte[] page = pages.get(gref);
            System.arraycopy(src, srcOffset, page, offset, length);
            value = length == 4 ? u32(page, offset) : 0;
        }
        return finish(Event.Kind.WRITE, context, gref, offset, length, status, value);
    }

    @Override
    public long readU32(int context, int gref, int offset) {
        int status = check(Event.Kind.READ, context, gref, offset, 4);
        long value = status == OK ? u32(pages.get(gref), offset) : 0;
        finish(Event.Kind.READ, context, gref, offset, 4, status, value);
        return status == OK ? value : status;
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        int status = check(Event.Kind.WRITE, context, gref, offset, 4);
        if (status == OK) {
            restricted(context, gref, offset, 4);
            byte[] page = pages.get(gref);
            for (int i = 0; i < 4; i++) {
                page[offset + i] = (byte) (value >>> (8 * i));
            }
        }
        return finish(Event.Kind.WRITE, context, gref, offset, 4, status, Integer.toUnsignedLong(value));
    }

    @Override
    public long revocationEpoch() {
        return epoch;
    }

    private int check(Event.Kind kind, int context, int gref, int offset, int length) {
        if (++accessesThisCall > ACCESS_BUDGET_PER_CALL) {
            throw new RunawayDevice("more than " + ACCESS_BUDGET_PER_CALL + " guest-memory accesses in one call");
        }
        Grant grant = grants.get(gref);
        if (grant == null || grant.context() != context) {
            boolean wasRevoked = revoked.contains(key(gref, context));
            String rule = wasRevoked ? "MEM-4" : "MEM-2";
            String why = wasRevoked ? "access through a revoked grant"
                    : grant == null ? "access through a grant that does not exist" : "access through a grant owned by context " + grant.context();
            findings.add(new Finding(rule, context, gref, offset, length, kind + ": " + why));
            return NO_GRANT;
        }
        if (offset < 0 || length < 0 || (long) offset + length > PAGE_SIZE) {
            findings.add(new Finding("MEM-5", context, gref, offset, length, kind + ": the byte range leaves the 4096-byte page"));
            return OUT_OF_PAGE;
        }
        if (kind == Event.Kind.WRITE && !grant.access().writable()) {
            findings.add(new Finding("MEM-3", context, gref, offset, length, "WRITE through a read-only grant"));
            return READ_ONLY;
        }
        return OK;
    }

    private void restricted(int context, int gref, int offset, int length) {
        Restriction restriction = restrictions.get(gref);
        if (restriction != null && !restriction.allowed().allows(offset, length)) {
            findings.add(new Finding(restriction.rule(), context, gref, offset, length, "WRITE " + restriction.what()));
        }
    }

    private int finish(Event.Kind kind, int context, int gref, int offset, int length, int status, long value) {
        Event.MemoryAccess access = log.access(kind, context, gref, offset, length, status, value);
        for (AccessHook hook : List.copyOf(hooks)) {
            hook.after(access);
        }
        return status;
    }

    private static long key(int gref, int context) {
        return ((long) gref << 32) | (context & 0xFFFF_FFFFL);
    }

    static long u32(byte[] page, int offset) {
        return (page[offset] & 0xFFL) | (page[offset + 1] & 0xFFL) << 8 | (page[offset + 2] & 0xFFL) << 16
                | (page[offset + 3] & 0xFFL) << 24;
    }
}
