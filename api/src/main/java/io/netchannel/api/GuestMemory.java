package io.netchannel.api;

/**
 * The device's only view of guest memory: pages reached through grant references.
 *
 * <p>A grant reference ({@code gref}) names one 4 KiB guest page that a guest (or the host on its
 * behalf) registered for one context, read-only or read-write. The harness implements this
 * interface and audits every call: an access through a grant that is absent, revoked, owned by
 * another context, read-only (for a write) or outside the page is refused with a negative status
 * and recorded as a finding against the device (spec MEM chapter). A device checks with
 * {@link #access(int, int)} before it touches a guest-supplied grant; the look-up itself is never
 * a finding.
 *
 * <p>Multi-byte ring fields are little-endian (spec 00-conventions, byte order).
 */
public interface GuestMemory {

    /** Size of one guest page, the unit of registration (Xen's {@code XEN_PAGE_SIZE}). */
    int PAGE_SIZE = 4096;

    /** Status: the access was performed. */
    int OK = 0;
    /** Status: no grant with that reference exists for that context (never granted or revoked). */
    int NO_GRANT = -1;
    /** Status: a write through a read-only grant. */
    int READ_ONLY = -2;
    /** Status: the byte range leaves the page ({@code offset < 0 || offset + length > PAGE_SIZE}). */
    int OUT_OF_PAGE = -3;

    /** What {@code context} may do with {@code gref} right now. Never a finding. */
    Access access(int context, int gref);

    /**
     * Copies {@code length} bytes at {@code offset} in the granted page into {@code dst}.
     *
     * @return {@link #OK}, or a negative status with nothing copied
     */
    int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length);

    /**
     * Copies {@code length} bytes from {@code src} to {@code offset} in the granted page.
     *
     * @return {@link #OK}, or a negative status with nothing written
     */
    int write(int context, int gref, int offset, byte[] src, int srcOffset, int length);

    /**
     * Reads an unsigned little-endian 32-bit value.
     *
     * @return the value in {@code [0, 2^32)}, or a negative status
     */
    long readU32(int context, int gref, int offset);

    /**
     * Writes a little-endian 32-bit value.
     *
     * @return {@link #OK}, or a negative status with nothing written
     */
    int writeU32(int context, int gref, int offset, int value);

    /**
     * A number that changes whenever any grant is revoked. A device that caches grant look-ups
     * compares it before using its cache, so a revoked grant is never used again (spec MEM chapter).
     */
    long revocationEpoch();
}
