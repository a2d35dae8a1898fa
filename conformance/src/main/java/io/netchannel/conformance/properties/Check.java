package io.netchannel.conformance.properties;

import io.netchannel.conformance.harness.Finding;
import io.netchannel.conformance.harness.Harness;
import java.util.List;
import java.util.Objects;

/**
 * Failure messages for the implementer (style habit 8): the requirement, the provider, what was
 * expected, what was seen, and the steps that replay it.
 */
public final class Check {

    private Check() {
    }

    /** Fails with a conformance message unless {@code ok}. */
    public static void that(boolean ok, String rule, Harness harness, Object expected, Object observed) {
        if (!ok) {
            throw failure(rule, harness, expected, observed);
        }
    }

    /** Fails unless {@code expected} equals {@code observed}. */
    public static void equal(String rule, Harness harness, String what, Object expected, Object observed) {
        if (!Objects.equals(expected, observed)) {
            throw failure(rule, harness, what + " = " + expected, what + " = " + observed);
        }
    }

    /** Fails when the harness recorded any finding (a refused or forbidden access, a throw, a runaway). */
    public static void noFindings(String rule, Harness harness) {
        List<Finding> findings = harness.memory().findings();
        if (!findings.isEmpty()) {
            StringBuilder seen = new StringBuilder();
            for (Finding finding : findings.subList(0, Math.min(5, findings.size()))) {
                seen.append("\n    ").append(finding);
            }
            if (findings.size() > 5) {
                seen.append("\n    … ").append(findings.size() - 5).append(" more");
            }
            throw failure(rule + " (finding: " + findings.get(0).rule() + ")", harness, "no forbidden guest-memory access, no throw",
                    findings.size() + " finding(s):" + seen);
        }
    }

    /** The conformance failure for {@code rule}. */
    public static AssertionError failure(String rule, Harness harness, Object expected, Object observed) {
        return new AssertionError(rule + " violated by provider '" + harness.provider().name() + "' (" + harness.provider().identity() + ")"
                + "\n  expected: " + expected
                + "\n  observed: " + observed
                + "\n  steps (replay them, or rerun with the seed jqwik reports):\n" + harness.trace());
    }
}
