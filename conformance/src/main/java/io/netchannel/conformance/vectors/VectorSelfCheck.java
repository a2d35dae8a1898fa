package io.netchannel.conformance.vectors;

import io.netchannel.api.DeviceProvider;
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

    /**
     * Files whose bytes differ from {@code recorded} (a fresh run of the generators), or that the
     * recording lacks or adds; empty when none.
     */
    public static List<String> drift(Map<String, byte[]> onDisk, List<VectorBundle.Entry> recorded) {
        Map<String, byte[]> fresh = new TreeMap<>();
        for (VectorBundle.Entry entry : recorded) {
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

    /**
     * Replays every test on {@code model}, the reference model; returns the verdicts that are not
     * PASS, and error scopes that disagree. A test whose reserved flags expect a device without a
     * profile the model claims ({@code QosNotOffered}, spec 05 section 3.1) is replayed on the
     * model claiming all but that profile ({@link ReferenceClaiming}), as it was recorded.
     */
    public static List<String> replay(VectorBundle bundle, DeviceProvider model) {
        List<String> problems = new ArrayList<>();
        for (VectorBundle.Located located : bundle.tests()) {
            java.util.Set<io.netchannel.api.Profile> notOffered = new java.util.TreeSet<>(VectorRunner.notOffered(located.test()));
            notOffered.retainAll(model.profiles());
            DeviceProvider device = notOffered.isEmpty() ? model : ReferenceClaiming.without(notOffered);
            Verdict verdict = VectorRunner.run(device, located.path(), located.file(), located.group(), located.test());
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

    /**
     * What the schema cannot express (spec 05, section 8.4): tcIds numbered 1, 2, 3 in each file,
     * ids unique in the bundle, a scenario's last id part equal to its group, group and chapter
     * matching the file's place, flags declared in notes, requirement ids known, writes inside
     * their page, time never going back.
     */
    public static List<String> lint(VectorBundle bundle, java.util.Set<String> requirementIds) {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (VectorBundle.Entry entry : bundle.entries()) {
            VectorFile file = entry.file();
            String where = entry.path();
            String expected = "regression".equals(file.chapter()) ? "regressions/" + file.group() + ".yaml"
                    : "scenario".equals(file.kind()) ? file.chapter() + "/scenarios/" + file.group() + ".yaml" : file.chapter() + "/" + file.group() + ".yaml";
            if (!where.equals(expected)) {
                problems.add(where + ": chapter " + file.chapter() + " and group " + file.group() + " belong in " + expected);
            }
            int number = 0;
            for (VectorFile.Group group : file.groups()) {
                List<Step> setup = group.setup() == null ? List.of() : group.setup();
                for (VectorFile.Test test : group.tests()) {
                    String at = where + " " + test.id();
                    if (test.tcId() != ++number) {
                        problems.add(at + ": tcId " + test.tcId() + ", expected " + number);
                    }
                    if (!ids.add(test.id())) {
                        problems.add(at + ": id used twice in the bundle");
                    }
                    if ("scenario".equals(file.kind()) && !test.id().endsWith("." + file.group())) {
                        problems.add(at + ": a scenario's id ends with its group " + file.group());
                    }
                    for (String flag : test.flags() == null ? List.<String>of() : test.flags()) {
                        if (!file.notes().containsKey(flag)) {
                            problems.add(at + ": flag " + flag + " is not declared in notes");
                        }
                    }
                    List<String> cited = new ArrayList<>(test.reqs());
                    if (test.allows() != null) {
                        cited.add(test.allows());
                    }
                    for (String req : cited) {
                        if (!requirementIds.contains(req)) {
                            problems.add(at + ": requirement " + req + " is not in spec/requirements.yaml");
                        }
                    }
                    List<Step> steps = new ArrayList<>(setup);
                    if (test.steps() != null) {
                        steps.addAll(test.steps());
                    }
                    long now = 0;
                    for (int i = 0; i < steps.size(); i++) {
                        Step step = steps.get(i);
                        if (step.write() != null && step.write().offset() + step.write().bytes().length > io.netchannel.api.GuestMemory.PAGE_SIZE) {
                            problems.add(at + " step " + (i + 1) + ": write runs past its page");
                        }
                        if (step.advanceTo() != null) {
                            if (step.advanceTo() < now) {
                                problems.add(at + " step " + (i + 1) + ": advanceTo goes back from " + now + " to " + step.advanceTo());
                            }
                            now = step.advanceTo();
                        }
                    }
                }
            }
            if (number != file.numberOfTests()) {
                problems.add(where + ": numberOfTests " + file.numberOfTests() + " but " + number + " tests");
            }
        }
        return problems;
    }

    /** Whether an invalid test's error scope agrees with its expectations (spec 05, section 6). */
    static String scopeProblem(VectorFile.Test test) {
        if (test.expect() != null) {
            // a document test (spec 05, section 4.4): scope document exactly when the reader must refuse
            boolean refused = test.expect().defect() != null;
            boolean invalid = "invalid".equals(test.result());
            if (refused != invalid || (invalid && (test.error() == null || !"document".equals(test.error().scope())))) {
                return "a document test is invalid with scope document exactly when it expects a defect";
            }
            return null;
        }
        if (!"invalid".equals(test.result()) || test.steps() == null) {
            return null;
        }
        if (test.error() == null) {
            return "an invalid test names its error scope";
        }
        Effects effects = Effects.of(test.steps());
        boolean failed = effects.failed();
        boolean perPacket = effects.counted();
        boolean rejected = effects.rejected().stream().anyMatch(c -> test.error().category() == null || test.error().category().equals(c));
        return switch (test.error().scope()) {
            case "context" -> failed ? null : "scope context, but no context becomes FAILED";
            case "request" -> rejected ? null : "scope request, but no control request is rejected with category " + test.error().category();
            case "packet" -> perPacket && !failed ? null : "scope packet, but " + (failed ? "a context fails" : "no error or drop is counted");
            case "document" -> "scope document belongs to a document test";
            default -> "unknown scope " + test.error().scope();
        };
    }

    /**
     * What a test's expectations show, as error scopes see it (spec 05, section 6.3): a context
     * failing, an error or drop counted (TX_ERRORS, RX_DROP_*, TX_DROP_*, WIRE_DROP_NO_CONTEXT),
     * control requests rejected (their categories), a relocate step's exports and imports included.
     */
    record Effects(boolean failed, boolean counted, List<String> rejected) {

        static Effects of(List<Step> steps) {
            boolean failed = false;
            boolean counted = false;
            List<String> rejected = new ArrayList<>();
            for (Step step : steps) {
                Step.Expect expect = step.expect();
                if (expect == null) {
                    continue;
                }
                if (expect.states() != null) {
                    failed |= expect.states().stream().anyMatch(s -> "FAILED".equals(s.state()));
                }
                if ("rejected".equals(expect.outcome())) {
                    rejected.add(expect.category());
                }
                if (expect.moves() != null) {
                    for (Step.Move move : expect.moves()) {
                        for (Step.Answer answer : java.util.Arrays.asList(move.exported(), move.imported())) {
                            if (answer != null && "rejected".equals(answer.outcome())) {
                                rejected.add(answer.category());
                            }
                        }
                    }
                }
                if (expect.counters() != null) {
                    counted |= expect.counters().stream().anyMatch(c -> c.counter().equals("TX_ERRORS") || c.counter().startsWith("RX_DROP")
                            || c.counter().startsWith("TX_DROP") || c.counter().equals("WIRE_DROP_NO_CONTEXT"));
                }
            }
            return new Effects(failed, counted, rejected);
        }
    }
}
