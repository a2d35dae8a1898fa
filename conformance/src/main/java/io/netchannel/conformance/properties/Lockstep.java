package io.netchannel.conformance.properties;

import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.vectors.Regressions;
import io.netchannel.conformance.vectors.StepRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reference model and a device under test driven by the same steps, their observations
 * compared after every one (the stateful differential property). A difference fails with the
 * requirement, both providers, the differing observables and every step so far.
 *
 * <p>Any two providers can be held together this way: the property of CTX-10 runs a device with
 * room for every guest against the same device behind a host, with a step that tells each side
 * something different (the host switches in SOFTWARE mode where the device bridges in VEB) and a
 * device counter only one side keeps left out of the comparison.
 *
 * <p>A host forwards {@code advanceTo} to its two paths one after the other (spec 09, section 6),
 * so frames two paths release in one call may leave in another order than on one device. With
 * {@link #framesPerSenderInAdvances()} the frames of each {@code advanceTo} call are compared per
 * sending context — grouped by source MAC, each group in its order — and everything else exactly.
 */
public final class Lockstep {

    /**
     * One step: {@code action} is applied to the expected (reference) side and {@code underTest}
     * to the side under test, the same action for an ordinary step. {@code recordable} is false
     * for a step a vector cannot express (a guest acting during a device call, a request the
     * recorder has no step for, a step that differs by side); from such a step on the sequence
     * is no longer recorded.
     */
    public record Step(String description, Consumer<Harness> action, Consumer<Harness> underTest, boolean recordable) {

        /** The same action on both sides. */
        public Step(String description, Consumer<Harness> action, boolean recordable) {
            this(description, action, action, recordable);
        }

        /** A step a vector can replay. */
        public Step(String description, Consumer<Harness> action) {
            this(description, action, true);
        }

        /** A step that tells the expected side {@code expected} and the side under test {@code observed}. */
        public static Step perSide(String description, Consumer<Harness> expected, Consumer<Harness> observed) {
            return new Step(description, expected, observed, false);
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
    /** Records the expected side as a scenario vector; null when this lockstep writes none. */
    private final StepRecorder recorder;
    /** The requirement every difference violates, or null to name it after the first differing observable. */
    private final String rule;
    /** Device-wide counters left out of the comparison. */
    private final Set<Counter> ignored = EnumSet.noneOf(Counter.class);
    /** Read once, when the sequence starts: a shrinking run that outlives its test still writes where it began. */
    private final Path regressions = Path.of(System.getProperty(REGRESSIONS, "target/netchannel-regressions"));
    private boolean recordable = true;
    /** Whether the frames of an advanceTo call are compared per source MAC. */
    private boolean perSender;
    /** The frames so far as compared, one list per side, and how far into each side's log they reach. */
    private final List<RecordingSink.Frame> modelFrames = new ArrayList<>();
    private final List<RecordingSink.Frame> deviceFrames = new ArrayList<>();
    private int modelLog;
    private int deviceLog;
    /** Whether the step being applied differs by side in its control requests ({@link #applyApart}). */
    private boolean apart;
    /** Where each side's compared control results start: after the last step applied apart. */
    private int modelResults;
    private int deviceResults;

    /** Both sides, fresh; the model's side is recorded so a difference becomes a scenario vector. */
    public Lockstep(DeviceProvider reference, DeviceProvider underTest) {
        this.model = Harness.start(reference);
        this.device = Harness.start(underTest);
        this.recorder = StepRecorder.attach(model);
        this.rule = null;
    }

    /**
     * Both sides, fresh, nothing recorded: {@code underTest} must show what {@code expected} shows,
     * and a difference violates {@code violated}.
     */
    public Lockstep(DeviceProvider expected, DeviceProvider underTest, String violated) {
        this.model = Harness.start(expected);
        this.device = Harness.start(underTest);
        this.recorder = null;
        this.recordable = false;
        this.rule = violated;
    }

    /** The side under test (read it to plan a step that differs by side; never drive it directly). */
    public Harness underTest() {
        return device;
    }

    /** The reference side (read it to plan dependent steps; never drive it directly). */
    public Harness model() {
        return model;
    }

    /**
     * From now on compares the frames of each {@code advanceTo} call per sending context (by source
     * MAC, in order within each), as for a device under a host (spec 09, section 6); frames of
     * every other call stay in one order. Call it before the first step.
     */
    public Lockstep framesPerSenderInAdvances() {
        perSender = true;
        return this;
    }

    /** Leaves the device-wide {@code counter} out of every comparison from now on (a counter only one side keeps). */
    public void ignoreDeviceCounter(Counter counter) {
        ignored.add(counter);
    }

    /**
     * Applies a step whose control requests differ by side — a move on one side, the same exports
     * without the move on the other (spec 12, section 6) — and compares everything observable but
     * the control results the step gave: those after it are compared again, each side's from where
     * the step left it.
     */
    public void applyApart(Step step) {
        apart = true;
        try {
            apply(step);
        } finally {
            apart = false;
        }
    }

    /** Applies {@code step} to both sides and compares everything observable. */
    public void apply(Step step) {
        steps.add(step.description());
        if (!step.recordable() && recordable) {
            model.listen(null); // no vector for this sequence: the recorder need not follow what it cannot express
        }
        recordable &= step.recordable();
        step.action().accept(model);
        step.underTest().accept(device);
        if (apart) {
            modelResults = model.observe().controlResults().size();
            deviceResults = device.observe().controlResults().size();
        }
        if (perSender) {
            modelLog = regroup(model, modelLog, modelFrames);
            deviceLog = regroup(device, deviceLog, deviceFrames);
        }
        Observation expected = comparable(model.observe(), modelFrames, modelResults);
        Observation observed = comparable(device.observe(), deviceFrames, deviceResults);
        List<String> diff = expected.diff(observed);

        if (!diff.isEmpty()) {
            String violated = rule != null ? rule : rules(diff);
            String against = rule != null ? "provider '" + model.provider().name() + "' (" + model.provider().identity() + ")" : "the reference model";
            throw new AssertionError(violated + " (differential) violated by provider '" + device.provider().name() + "' ("
                    + device.provider().identity() + "): it disagrees with " + against + " after step " + steps.size() + "\n  differences"
                    + " (expected: " + model.provider().name() + ", observed: " + device.provider().name() + "):\n    "
                    + String.join("\n    ", diff) + "\n  steps:\n" + numbered() + "  device calls (" + model.provider().name() + " side):\n"
                    + model.trace() + "  " + writeRegression(violated) + "\n");
        }
    }

    /** {@code observation} without the ignored device counters, with {@code frames} as compared when frames are regrouped. */
    private Observation comparable(Observation observation, List<RecordingSink.Frame> frames, int resultsFrom) {
        if (ignored.isEmpty() && !perSender && resultsFrom == 0) {
            return observation;
        }
        List<String> results = observation.controlResults().subList(resultsFrom, observation.controlResults().size());
        Map<Counter, Long> device = new EnumMap<>(Counter.class);
        device.putAll(observation.deviceCounters());
        device.keySet().removeAll(ignored);
        return new Observation(perSender ? frames : observation.frames(), observation.notifications(), results, observation.states(),
                observation.counters(), device, observation.pages(), observation.findings(), observation.filterHits());
    }

    /**
     * Appends to {@code frames} the frames {@code harness} sent since log position {@code from}:
     * those of an advanceTo call grouped by source MAC (a stable sort, so each sender's keep their
     * order), the others as they came. Returns the new log position.
     */
    private static int regroup(Harness harness, int from, List<RecordingSink.Frame> frames) {
        List<Event> events = harness.log().since(from);
        List<RecordingSink.Frame> released = new ArrayList<>();
        boolean advancing = false;
        for (Event event : events) {
            if (event instanceof Event.Call call) {
                flush(released, frames);
                advancing = call.description().startsWith("advance to ");
            } else if (event instanceof Event.Transmit transmit) {
                RecordingSink.Frame frame = new RecordingSink.Frame(transmit.port(), transmit.frame());
                if (advancing) {
                    released.add(frame);
                } else {
                    frames.add(frame);
                }
            }
        }
        flush(released, frames);
        return from + events.size();
    }

    private static void flush(List<RecordingSink.Frame> released, List<RecordingSink.Frame> frames) {
        released.sort(Comparator.comparingLong(Lockstep::sender));
        frames.addAll(released);
        released.clear();
    }

    /** The source MAC of a frame as a number, -1 for a frame too short to carry one. */
    private static long sender(RecordingSink.Frame frame) {
        byte[] bytes = frame.bytes();
        if (bytes.length < 12) {
            return -1;
        }
        long mac = 0;
        for (int k = 6; k < 12; k++) {
            mac = mac << 8 | (bytes[k] & 0xFF);
        }
        return mac;
    }

    /**
     * Writes the model's recording of this sequence as a scenario vector (spec 05, section 8): each
     * failing try overwrites the file, so after shrinking it holds the shrunk sequence.
     */
    private String writeRegression(String rule) {
        if (recorder == null) {
            return "no regression vector: this lockstep compares two providers and records neither";
        }
        if (!recordable) {
            return "no regression vector: a step cannot be expressed as a vector step (a guest rewriting memory during a device call,"
                    + " a request or a per-side step vectors do not carry)";
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
