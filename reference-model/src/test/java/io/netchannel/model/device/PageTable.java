package io.netchannel.model.device;

import io.netchannel.api.InMemoryGuestMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The api's in-memory grant table, recording what these tests check: every refused access is a
 * finding, and every device read and write is listed so a test can check which bytes the device
 * touched.
 */
final class PageTable extends InMemoryGuestMemory {

    /** One device write, for checking which bytes the device touched. */
    record Write(int context, int gref, int offset, int length) {
    }

    /** One device read, for checking that the device left a page alone. */
    record Read(int context, int gref, int offset, int length) {
    }

    /** Enough grant references for the rigs' numbering (100 per context). */
    private static final int GREFS = 8192;

    private final List<String> findings = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();
    private final List<Read> reads = new ArrayList<>();

    PageTable() {
        super(GREFS);
    }

    List<String> findings() {
        return findings;
    }

    List<Write> writes() {
        return writes;
    }

    List<Read> reads() {
        return reads;
    }

    @Override
    protected void checked(boolean write, int context, int gref, int offset, int length, int status) {
        if (status != OK) {
            findings.add((write ? "write" : "read") + " context=" + context + " gref=" + gref + " offset=" + offset + " length=" + length
                    + " status=" + status);
        } else if (write) {
            writes.add(new Write(context, gref, offset, length));
        } else {
            reads.add(new Read(context, gref, offset, length));
        }
    }
}
