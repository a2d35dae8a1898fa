package io.netchannel.model.device;

import io.netchannel.api.GuestMemory;
import io.netchannel.model.ring.RingIndex;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One ring page as the device reaches it: through {@link GuestMemory}, for its context, by its
 * grant (MEM-1). Every method reports a refused access as an empty or false result, which the
 * device treats as a fatal error of the context; it happens only if the grant changed under the
 * device, because the device checked the grant before it started.
 */
final class RingPage {

    private final GuestMemory memory;
    private final int context;
    private final int gref;

    RingPage(GuestMemory memory, int context, int gref) {
        this.memory = memory;
        this.context = context;
        this.gref = gref;
    }

    /** The header field at {@code offset} as index bits, or empty when the read was refused. */
    OptionalInt readIndex(int offset) {
        long value = memory.readU32(context, gref, offset);
        return value < 0 ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    /** Writes a header field; false when the write was refused. */
    boolean writeIndex(int offset, int value) {
        return memory.writeU32(context, gref, offset, value) == GuestMemory.OK;
    }

    /** A private copy of the entry for {@code index} (DESC-1), or empty when the read was refused. */
    Optional<byte[]> readEntry(int index, int entrySize) {
        byte[] entry = new byte[entrySize];
        int status = memory.read(context, gref, RingIndex.entryOffset(index, entrySize), entry, 0, entrySize);
        return status == GuestMemory.OK ? Optional.of(entry) : Optional.empty();
    }

    /** Writes {@code bytes} at the start of the entry for {@code index}; false when refused. */
    boolean writeEntry(int index, int entrySize, byte[] bytes) {
        return memory.write(context, gref, RingIndex.entryOffset(index, entrySize), bytes, 0, bytes.length) == GuestMemory.OK;
    }
}
