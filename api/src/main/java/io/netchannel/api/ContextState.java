package io.netchannel.api;

/** The lifecycle state of a context, as the host sees it. */
public enum ContextState {
    /** Never created, or destroyed. */
    ABSENT,
    /** Created and serving its rings. */
    ACTIVE,
    /**
     * Stopped by a fatal error (a malformed ring or descriptor that costs the whole context). The
     * device touches none of its pages and delivers nothing to it until the host resets it.
     */
    FAILED
}
