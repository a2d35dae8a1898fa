package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import io.netchannel.conformance.vectors.Hex;

/**
 * The device side of the memory file (spec 13, section 5): grants are checked by reading
 * their {@code grant_entry_v1} as the hypervisor would, pages are reached through the entry's
 * frame, and every read and write attempted — performed or refused — is reported in the reply's
 * {@code accesses}, a write with its {@code data}. A grant look-up ({@link #access}) is not
 * reported. {@link #revocationEpoch()} moves when {@link #startCall} finds a live grant gone or
 * changed since the previous call.
 */
final class FileGuestMemory implements GuestMemory {

    private final SharedMemoryFile file;
    private final long[] seen;
    private final Sequence sequence;
    private ArrayNode accesses;
    private long epoch;

    /** One counter per reply, shared by accesses, frames and notifications (the {@code seq} of section 3). */
    static final class Sequence {
        private long next;

        long next() {
            return next++;
        }

        void reset() {
            next = 0;
        }
    }

    FileGuestMemory(SharedMemoryFile file, Sequence sequence) {
        this.file = file;
        this.sequence = sequence;
        this.seen = new long[file.grantEntries()];
    }

    /** Starts a call: accesses go to {@code into}; a grant revoked or changed since the last call moves the epoch. */
    void startCall(ArrayNode into) {
        this.accesses = into;
        boolean moved = false;
        for (int gref = 0; gref < seen.length; gref++) {
            long bits = file.entryBits(gref);
            if (bits != seen[gref]) {
                moved |= (seen[gref] & SharedMemoryFile.GTF_PERMIT_ACCESS) != 0;
                seen[gref] = bits;
            }
        }
        if (moved) {
            epoch++;
        }
    }

    @Override
    public Access access(int context, int gref) {
        if (gref < 0 || gref >= file.grantEntries()) {
            return Access.NONE;
        }
        int flags = file.flags(gref);
        if ((flags & SharedMemoryFile.GTF_PERMIT_ACCESS) == 0 || file.domid(gref) != context || file.frame(gref) >= file.pages()) {
            return Access.NONE;
        }
        return (flags & SharedMemoryFile.GTF_READONLY) != 0 ? Access.READ_ONLY : Access.READ_WRITE;
    }

    @Override
    public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
        int status = check(context, gref, offset, length, false);
        report(context, gref, offset, length, false, null, 0);
        if (status == OK) {
            file.read((int) file.frame(gref), offset, dst, dstOffset, length);
        }
        return status;
    }

    @Override
    public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
        int status = check(context, gref, offset, length, true);
        report(context, gref, offset, length, true, status == OK ? src : null, srcOffset);
        if (status == OK) {
            file.write((int) file.frame(gref), offset, src, srcOffset, length);
        }
        return status;
    }

    @Override
    public long readU32(int context, int gref, int offset) {
        byte[] bytes = new byte[4];
        int status = read(context, gref, offset, bytes, 0, 4);
        return status == OK ? (bytes[0] & 0xFFL) | (bytes[1] & 0xFFL) << 8 | (bytes[2] & 0xFFL) << 16 | (bytes[3] & 0xFFL) << 24 : status;
    }

    @Override
    public int writeU32(int context, int gref, int offset, int value) {
        byte[] bytes = {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
        return write(context, gref, offset, bytes, 0, 4);
    }

    @Override
    public long revocationEpoch() {
        return epoch;
    }

    private int check(int context, int gref, int offset, int length, boolean write) {
        Access access = access(context, gref);
        if (access == Access.NONE) {
            return NO_GRANT;
        }
        if (offset < 0 || length < 0 || offset > PAGE_SIZE - length) {
            return OUT_OF_PAGE;
        }
        return write && !access.writable() ? READ_ONLY : OK;
    }

    private void report(int context, int gref, int offset, int length, boolean write, byte[] data, int dataOffset) {
        if (accesses == null) {
            return;
        }
        ObjectNode access = accesses.addObject();
        access.put("ctx", context);
        access.put("gref", Integer.toUnsignedLong(gref));
        access.put("offset", offset);
        access.put("length", length);
        access.put("write", write);
        if (data != null) {
            access.put("data", Hex.encode(data, dataOffset, length));
        }
        access.put("seq", sequence.next());
    }
}
