package io.netchannel.conformance.vectors;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.vectors.generate.Generators;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code netchannel vectors verify} (spec 05, section 8): the files are what the generators record
 * today, byte for byte, and every test passes on the reference model with an error scope that
 * agrees with what the model did.
 */
public final class VectorSelfCheck {

    private VectorSelfCheck() {
    }

    /** Files whose bytes differ from a fresh recording, or that a recording lacks or adds; empty when none. */
    public static List<String> drift(VectorBundle bundle, Map<String, byte[]> onDisk) {
        Map<String, byte[]> fresh = new TreeMap<>();
        for (VectorBundle.Entry entry : Generators.generate()) {
            fresh.put(entry.path(), VectorCodec.write(entry.file()).getBytes(StandardCharsets.UTF_8));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : fresh.entrySet()) {
            byte[] disk = onDisk.get(entry.getKey());
            if (disk == null) {
                problems.add(entry.getKey() + ": generated but not in the bundle");
            } else if (!java.util.Arrays.equals(disk, entry.getValue())) {
                problems.add(entry.getKey() + ": differs from a fresh recording at line " + firstDifferentLine(disk, entry.getValue()));
            }
        }
        for (String path : onDisk.keySet()) {
            if (!fresh.containsKey(path) && !path.startsWith("regressions/")) {
                problems.add(path + ": in the bundle but no generator writes it");
            }
        }
        return problems;
    }

    private static int firstDifferentLine(byte[] a, byte[] b) {
        String[] left = new String(a, StandardCharsets.UTF_8).split("\n", -1);
        String[] right = new String(b, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].equals(right[i])) {
                return i + 1;
            }
        }
        return Math.min(left.length, right.length) + 1;
    }

    /** Replays every test on {@code model}; returns the verdicts that are not PASS, and error scopes that disagree. */
    public static List<String> replay(VectorBundle bundle, DeviceProvider model) {
        List<String> problems = new ArrayList<>();
        for (VectorBundle.Located located : bundle.tests()) {
            Verdict verdict = VectorRunner.run(model, located.path(), located.file(), located.group(), located.test());
            if (verdict.status() != Verdict.Status.PASS) {
                problems.add(located.path() + " " + verdict.describe());
                continue;
            }
            String scope = scopeProblem(located.test());
            if (scope != null) {
                problems.add(located.path() + " " + located.test().id() + ": " + scope);
            }
        }
        return problems;
    }

    /** Whether an invalid test's error scope agrees with its expectations (spec 05, section 6). */
    static String scopeProblem(VectorFile.Test test) {
        if (!"invalid".equals(test.result()) || test.steps() == null) {
            return null;
        }
        if (test.error() == null) {
            return "an invalid test names its error scope";
        }
        boolean failed = false;
        boolean rejected = false;
        boolean perPacket = false;
        for (Step step : test.steps()) {
            Step.Expect expect = step.expect();
            if (expect == null) {
                continue;
            }
            if (expect.states() != null) {
                failed |= expect.states().stream().anyMatch(s -> "FAILED".equals(s.state()));
            }
            if ("rejected".equals(expect.outcome()) && (test.error().category() == null || test.error().category().equals(expect.category()))) {
                rejected = true;
            }
            if (expect.counters() != null) {
                perPacket |= expect.counters().stream().anyMatch(c -> c.counter().equals("TX_ERRORS") || c.counter().startsWith("RX_DROP")
                        || c.counter().equals("WIRE_DROP_NO_CONTEXT"));
            }
        }
        return switch (test.error().scope()) {
            case "context" -> failed ? null : "scope context, but no context becomes FAILED";
            case "request" -> rejected ? null : "scope request, but no control request is rejected with category " + test.error().category();
            case "packet" -> perPacket && !failed ? null : "scope packet, but " + (failed ? "a context fails" : "no error or drop is counted");
            default -> "unknown scope " + test.error().scope();
        };
    }
}
