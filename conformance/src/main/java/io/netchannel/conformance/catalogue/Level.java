package io.netchannel.conformance.catalogue;

/** RFC 2119 requirement levels. */
public enum Level {
    /** An absolute requirement. */
    MUST,
    /** Recommended; a device may deviate for a stated reason and declare it. */
    SHOULD,
    /** Truly optional. */
    MAY
}
