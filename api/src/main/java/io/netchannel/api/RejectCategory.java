package io.netchannel.api;

/** Why a control request was refused; the part of a rejection that conformance compares. */
public enum RejectCategory {
    /** The caller lacks the privilege, or a guest acted on a context not its own. */
    PRIVILEGE,
    /** The request names a context that does not exist. */
    NO_SUCH_CONTEXT,
    /** A create names a context id already in use. */
    CONTEXT_EXISTS,
    /** A configuration value is out of its allowed range (e.g. a group MAC as an owned address). */
    INVALID_CONFIG,
    /** A ring page grant is unusable, or the shared ring state cannot be attached. */
    BAD_RING,
    /** The request needs a profile the device does not implement. */
    NOT_SUPPORTED
}
