package io.netchannel.conformance.stdio;

/**
 * A bridged device broke the protocol (spec 13, section 3): it timed out, printed garbage,
 * answered out of turn, died or gave up. The harness records it as a contract finding, so the test
 * fails and the run goes on; the message starts with the {@link #verdict()} and carries the last
 * transcript lines and the tail of the device's stderr.
 */
public final class BridgeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The bridge's verdicts and the error codes a device may send. */
    public enum Verdict {
        /** No reply within the per-call limit; the process was killed. */
        TIMEOUT("timeout"),
        /** A line that is not a JSON object, a reply of the wrong type or turn, or output between requests. */
        GARBAGE("garbage"),
        /** The process exited or could not be started. */
        DIED("died"),
        /** The device answered {@code error} with code {@code crash}. */
        CRASH("crash"),
        /** The device answered {@code error} with code {@code malformed-request}. */
        MALFORMED_REQUEST("malformed-request"),
        /** The device answered {@code not-supported} to a call that has nothing to refuse. */
        NOT_SUPPORTED("not-supported");

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        /** The verdict as the draft spells it. */
        public String code() {
            return code;
        }
    }

    private final Verdict verdict;

    BridgeFailure(Verdict verdict, String message) {
        super(verdict.code() + ": " + message, null, false, false);
        this.verdict = verdict;
    }

    /** Why the device failed. */
    public Verdict verdict() {
        return verdict;
    }
}
