package io.netchannel.conformance.vectors;

import java.util.List;

/**
 * What one vector test came to on one device (spec 05, section 10).
 *
 * @param id the test id
 * @param reqs the requirements it checks
 * @param status the verdict
 * @param file the vector file, relative to the bundle
 * @param step the 1-based step a failure happened at (group set-up steps counted first), or 0
 * @param detail expected versus observed for a failure, the reason for a skip
 */
public record Verdict(String id, List<String> reqs, Status status, String file, int step, String detail) {

    /** The verdicts of spec 05, section 10. */
    public enum Status {
        PASS, FAIL, SKIP, UNTESTED
    }

    /** One line for a terminal or a report. */
    public String describe() {
        return status + " " + id + " " + reqs + (step > 0 ? " at step " + step : "") + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
