package io.netchannel.conformance.vectors.generate;

import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.StepRecorder;
import java.util.List;
import java.util.function.Supplier;

/**
 * A set-up (a bench, a harness) built under recording: the steps it took are the set-up part, the
 * steps after {@link #mark()} the test part.
 *
 * @param <T> what the set-up returns
 */
public final class Recording<T> {

    private final T subject;
    private final StepRecorder recorder;
    private int mark;

    private Recording(T subject, StepRecorder recorder) {
        this.subject = subject;
        this.recorder = recorder;
        this.mark = recorder.steps().size();
    }

    /** Runs {@code setUp}, recording the harness it starts (exactly one). */
    public static <T> Recording<T> of(Supplier<T> setUp) {
        StepRecorder[] recorder = new StepRecorder[1];
        Harness.whenStarted(harness -> {
            if (recorder[0] != null) {
                throw new IllegalStateException("a recorded set-up starts one harness, not two");
            }
            recorder[0] = StepRecorder.attach(harness);
        });
        T subject;
        try {
            subject = setUp.get();
        } finally {
            Harness.whenStarted(null);
        }
        if (recorder[0] == null) {
            throw new IllegalStateException("the set-up started no harness");
        }
        return new Recording<>(subject, recorder[0]);
    }

    /** What the set-up returned. */
    public T subject() {
        return subject;
    }

    /** Ends the set-up part here (taken at construction; call again to move it). */
    public void mark() {
        mark = recorder.steps().size();
    }

    /** The steps before the mark. */
    public List<Step> setUp() {
        return recorder.steps().subList(0, mark);
    }

    /** The steps after the mark; fails if the model caused a finding (a generator bug, never a vector). */
    public List<Step> sinceMark() {
        if (!recorder.findings().isEmpty()) {
            throw new IllegalStateException("the reference model caused a finding while recording: " + recorder.findings());
        }
        return recorder.steps().subList(mark, recorder.steps().size());
    }

    /** Every step. */
    public List<Step> all() {
        return recorder.steps();
    }
}
