package io.netchannel.api;

/** What a context may do with a grant reference. */
public enum Access {
    /** No such grant for this context: never granted, revoked, or owned by another context. */
    NONE,
    /** The device may read the page. */
    READ_ONLY,
    /** The device may read and write the page. */
    READ_WRITE;

    /** True when the device may read through the grant. */
    public boolean readable() {
        return this != NONE;
    }

    /** True when the device may write through the grant. */
    public boolean writable() {
        return this == READ_WRITE;
    }
}
