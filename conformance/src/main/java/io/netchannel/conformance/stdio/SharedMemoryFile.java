package io.netchannel.conformance.stdio;

import io.netchannel.api.GuestMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The memory file a bridged device shares with the suite (spec 13, section 5): the Xen
 * {@code grant_entry_v1} table, then the guest pages, mapped with {@link FileChannel#map}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |        flags (u16 LE)         |        domid (u16 LE)         |  grant_entry_v1,
 * +-------------------------------+-------------------------------+  8 bytes per gref
 * |                         frame (u32 LE)                        |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The pages start at {@link #pagesOffset()}, 8 × grantEntries rounded up to 4096; frame
 * <i>k</i> is at {@code pagesOffset + 4096 k}.
 */
public final class SharedMemoryFile implements AutoCloseable {

    /** Bytes of one {@code grant_entry_v1}. */
    public static final int ENTRY_SIZE = 8;
    /** Offset of {@code flags} in an entry. */
    public static final int FLAGS = 0;
    /** Offset of {@code domid} in an entry. */
    public static final int DOMID = 2;
    /** Offset of {@code frame} in an entry. */
    public static final int FRAME = 4;
    /** Xen's {@code GTF_permit_access}: the grant is live. */
    public static final int GTF_PERMIT_ACCESS = 1;
    /** Xen's {@code GTF_readonly}: the grantee may not write. */
    public static final int GTF_READONLY = 1 << 2;
    /** The grant-table size and page count the bridge announces in {@code init}. */
    public static final int DEFAULT_ENTRIES = 65536;
    /** Pages a bridge's memory file holds (16 MiB, sparse until the guest writes them). */
    public static final int DEFAULT_PAGES = 4096;

    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private final Path path;
    private final boolean owned;
    private final int grantEntries;
    private final int pages;
    private final int pagesOffset;
    private final MappedByteBuffer map;

    private SharedMemoryFile(Path path, boolean owned, int grantEntries, int pages) throws IOException {
        this.path = path;
        this.owned = owned;
        this.grantEntries = grantEntries;
        this.pages = pages;
        this.pagesOffset = (ENTRY_SIZE * grantEntries + PAGE - 1) / PAGE * PAGE;
        long size = pagesOffset + (long) PAGE * pages;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a memory file is mapped in one piece, under 2 GiB: grantEntries=" + grantEntries + " pages=" + pages);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (owned) {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.allocate(1), size - 1); // sparse: only the touched pages take memory
            } else if (channel.size() < size) {
                throw new IllegalArgumentException("memory file is smaller than grantEntries and pages say: size=" + channel.size() + " needed=" + size);
            }
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        map.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A fresh zeroed file in {@code dir} (the system temp folder when null), deleted by {@link #close()}. */
    public static SharedMemoryFile create(Path dir, int grantEntries, int pages) {
        if (grantEntries < 1 || pages < 1) {
            throw new IllegalArgumentException("a memory file holds at least one grant and one page: grantEntries=" + grantEntries + " pages=" + pages);
        }
        Path file = null;
        try {
            file = dir == null ? Files.createTempFile("netchannel-guest-", ".mem") : Files.createTempFile(dir, "netchannel-guest-", ".mem");
            return new SharedMemoryFile(file, true, grantEntries, pages);
        } catch (IOException e) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
            throw new UncheckedIOException("cannot create the shared memory file", e);
        }
    }

    /** Maps an existing file, the device's side (left in place by {@link #close()}). */
    public static SharedMemoryFile open(Path file, int grantEntries, int pages) {
        try {
            return new SharedMemoryFile(file, false, grantEntries, pages);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the shared memory file " + file, e);
        }
    }

    /** The file's absolute path, as {@code init} announces it. */
    public Path path() {
        return path.toAbsolutePath();
    }

    /** Entries in the grant table. */
    public int grantEntries() {
        return grantEntries;
    }

    /** Pages after the table. */
    public int pages() {
        return pages;
    }

    /** Where frame 0 starts. */
    public int pagesOffset() {
        return pagesOffset;
    }

    // ------------------------------------------------------------------ grant table

    /** Writes entry {@code gref}. */
    public void writeEntry(int gref, int flags, int domid, int frame) {
        int at = entry(gref);
        map.putShort(at + FLAGS, (short) flags);
        map.putShort(at + DOMID, (short) domid);
        map.putInt(at + FRAME, frame);
    }

    /** Sets only the {@code flags} of {@code gref} (a revoke keeps the frame, as Xen's table does). */
    public void writeFlags(int gref, int flags) {
        map.putShort(entry(gref) + FLAGS, (short) flags);
    }

    /** The whole entry as one little-endian u64 (flags in the low bits), for cheap comparisons. */
    public long entryBits(int gref) {
        return map.getLong(entry(gref));
    }

    /** {@code flags} of {@code gref}. */
    public int flags(int gref) {
        return map.getShort(entry(gref) + FLAGS) & 0xFFFF;
    }

    /** {@code domid} of {@code gref}. */
    public int domid(int gref) {
        return map.getShort(entry(gref) + DOMID) & 0xFFFF;
    }

    /** {@code frame} of {@code gref}, unsigned. */
    public long frame(int gref) {
        return Integer.toUnsignedLong(map.getInt(entry(gref) + FRAME));
    }

    private int entry(int gref) {
        if (gref < 0 || gref >= grantEntries) {
            throw new IllegalArgumentException("gref beyond the grant table: gref=" + Integer.toUnsignedString(gref) + " grantEntries=" + grantEntries);
        }
        return gref * ENTRY_SIZE;
    }

    // ------------------------------------------------------------------ pages

    /** Copies {@code length} bytes of frame {@code frame} at {@code offset} into {@code dst}. */
    public void read(int frame, int offset, byte[] dst, int dstOffset, int length) {
        map.get(at(frame, offset, length), dst, dstOffset, length);
    }

    /** Copies {@code length} bytes from {@code src} to frame {@code frame} at {@code offset}. */
    public void write(int frame, int offset, byte[] src, int srcOffset, int length) {
        map.put(at(frame, offset, length), src, srcOffset, length);
    }

    /** Whole page {@code frame} into {@code dst} (4096 bytes). */
    public void readPage(int frame, byte[] dst) {
        read(frame, 0, dst, 0, PAGE);
    }

    /** Whole page {@code frame} from {@code src} (4096 bytes). */
    public void writePage(int frame, byte[] src) {
        write(frame, 0, src, 0, PAGE);
    }

    private int at(int frame, int offset, int length) {
        if (frame < 0 || frame >= pages || offset < 0 || length < 0 || offset > PAGE - length) {
            throw new IllegalArgumentException("range outside the frames: frame=" + frame + " offset=" + offset + " length=" + length);
        }
        return pagesOffset + frame * PAGE + offset;
    }

    /** Deletes the file if this side created it (the mapping goes with the object; Linux keeps it valid until then). */
    @Override
    public void close() {
        if (owned) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the shared memory file " + path, e);
            }
        }
    }
}
