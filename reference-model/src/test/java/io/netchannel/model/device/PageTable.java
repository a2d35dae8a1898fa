package io.netchannel.model.device;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only grant table: pages by grant reference, each with an owning context and an access.
 * Every access the device attempts is checked and recorded; a refused one is a finding.
 */
final class PageTable implements GuestMemory {

    /** One device write, for checking which bytes the device touched. */
    record Write(int context, int gref, int offset, int length) {
    }

    private record Grant(int owner, Access access, byte[] page) {
    }

    private final Map<Integer, Grant> grants = new HashMap<>();
    private final Map<Integer, byte[]> pages = new HashMap<>();
    private final List<String> findings = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();
    private long epoch;

    /** Grants page {@code gref} to {@code owner}; the page keeps its bytes across re-grants. */
    void grant(int gref, int owner, Access access) {
        byte[] page = pages.computeIfAbsent(gref, g -> new byte[PAGE_SIZE]);
        grants.put(gref, new Grant(owner, access, page));
    }

    /** Revokes a grant; the page's bytes stay for the guest. */
    void revoke(int gref) {
        grants.remove(gref);
        epoch++;
    }

    /** The guest's own view of a page (not audited). */
    byte[] page(int gref) {
        return pages.computeIfAbsent(gref, g -> new byte[PAGE_SIZE]);
    }

    List<String> findings() {
        return findings;
    }

    List<Write> writes() {
        return writes;
    }

    @Override
    public Access access(int context, int gref) {
        Grant grant = grants.get(gref);
        return grant == null || grant.owner() != context ? Access.NONE : grant.access();
    }

    private int check(String what, int context, int gref, int offset, int length, boolean write) {
        Access access = access(context, gref);
        int status = OK;
        if (!access.readable()) {
            status = NO_GRANT;
        } else if (write && !access.writable()) {
            status = READ_ONLY;
        } else if (offset < 0 || length < 0 || offset + length > PAGE_SIZE) {
            status = OUT_OF_PAGE;
        }
        if (status != OK) {
            findings.add(what + " context=" + context + " gref=" + gref + " offset=" + offset + " length=" + length
                    + " status=" + status);
        }
        return status;
    }

    @Override
    public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
        int status = check("read", context, gref, offset, length, false);
        if (status == OK) {
            System.arraycopy(grants.get(gref).page(), offset, dst, dstOffset, length);
        }
        return status;
    }

    @Override
    public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
        int status = check("write", context, gref, offset, length, true);
        if (status == OK) {
            System.arraycopy(src, srcOffset, grants.get(gref).page(), offset, length);
            writes.add(new Write(context, gref, offset, length));
        }
        return status;
    }

    @Override
    public long readU32(int context, int gref, int offset) {
        int status = check("readU32", context, gref, offset, 4, false);
        if (status != OK) {
            return status;
        }
        return Guest.u32(grants.get(gref).page(), offset) & 0xFFFF_FFFFL;
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        int status = check("writeU32", context, gref, offset, 4, true);
        if (status == OK) {
            Guest.putU32(grants.get(gref).page(), offset, value);
            writes.add(new Write(context, gref, offset, 4));
        }
        return status;
    }

    @Override
    public long revocationEpoch() {
        return epoch;
    }
}
