package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.vectors.Regressions;
import io.netchannel.conformance.vectors.StepRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference model and a device under test driven by the same steps, their observations
 * compared after every one (the stateful differential property). A difference fails with the
 * requirement, both providers, the differing observables and every step so far.
 */
public final class Lockstep {

    /**
     * One step applied to both sides; {@code recordable} is false for a step whose guest acts
     * during a device call (a memory hook), which a vector cannot express.
     */
    public record Step(String description, Consumer<Harness> action, boolean recordable) {

        /** A step a vector can replay. */
        public Step(String description, Consumer<Harness> action) {
            this(description, action, true);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** System property naming the folder shrunk counterexamples are written to as scenario vectors. */
    public static final String REGRESSIONS = "netchannel.regressions.dir";

    private final Harness model;
    private final Harness device;
    private final List<String> steps = new ArrayList<>();
    private final StepRecorder recorder;
    /** Read once, when the sequence starts: a shrinking run that outlives its test still writes where it began. */
    private final Path regressions = Path.of(System.getProperty(REGRESSIONS, "target/netchannel-regressions"));
    private boolean recordable = true;

    /** Both sides, fresh; the model's side is recorded so a difference becomes a scenario vector. */
    public Lockstep(DeviceProvider reference, DeviceProvider underTest) {
        this.model = Harness.start(reference);
        this.device = Harness.start(underTest);
        this.recorder = StepRecorder.attach(model);
    }

    /** The reference side (read it to plan dependent steps; never drive it directly). */
    public Harness model() {
        return model;
    }

    /** Applies {@code step} to both sides and compares everything observable. */
    public void apply(Step step) {
        steps.add(step.description());
        recordable &= step.recordable();
        step.action().accept(model);
        step.action().accept(device);
        Observation expected = model.observe();
        Observation observed = device.observe();
        List<String> diff = expected.diff(observed);
        if (!diff.isEmpty()) {
            String rule = rules(diff);
            throw new AssertionError(rule + " (differential) violated by provider '" + device.provider().name() + "' ("
                    + device.provider().identity() + "): it disagrees with the reference model after step " + steps.size() + "\n  differences:\n    "
                    + String.join("\n    ", diff) + "\n  steps:\n" + numbered() + "  device calls (reference side):\n" + model.trace()
                    + "  " + writeRegression(rule) + "\n");
        }
    }

    /**
     * Writes the model's recording of this sequence as a scenario vector (spec 05, section 8): each
     * failing try overwrites the file, so after shrinking it holds the shrunk sequence.
     */
    private String writeRegression(String rule) {
        if (!recordable) {
            return "no regression vector: a step rewrites guest memory during a device call, which vectors cannot express";
        }
        Path dir = regressions;
        String name = "differential-" + device.provider().name().replaceAll("[^a-z0-9-]", "-");
        try {
            Path written = Regressions.write(dir, name, rule, device.provider().name(), recorder.steps());
            return "regression vector: " + written + " (replay: ./netchannel vectors verify --dir <bundle with it under regressions/>)";
        } catch (RuntimeException e) {
            return "no regression vector: " + e.getMessage();
        }
    }

    private String numbered() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("  %3d. %s%n", i + 1, steps.get(i)));
        }
        return text.toString();
    }

    /** The requirements a difference most directly touches, so the message names a rule. */
    private static String rules(List<String> diff) {
        String first = diff.get(0);
        if (first.startsWith("frame")) {
            return "TX-1";
        } else if (first.startsWith("notification")) {
            return "RING-8";
        } else if (first.startsWith("control result")) {
            return "PRIV-5";
        } else if (first.startsWith("state")) {
            return "RING-13";
        } else if (first.startsWith("counter") || first.startsWith("device counter")) {
            return "RX-5";
        } else if (first.startsWith("page")) {
            return "TX-2";
        } else if (first.startsWith("filter hits")) {
            return "TXF-8";
        }
        return "MEM-2";
    }

    @Override
    public String toString() {
        return "Lockstep[" + steps.size() + " steps: " + model.provider().name() + " vs " + device.provider().name() + "]";
    }
}
