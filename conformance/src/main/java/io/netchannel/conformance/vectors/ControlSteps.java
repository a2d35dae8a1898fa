package io.netchannel.conformance.vectors;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;

/**
 * The control-step translation of spec 05 section 5.3 ({@link Controls}) for code outside this
 * package: the stdio bridge writes a control request in exactly a vector step's form (spec 13
 * draft, section 3), and its reference adapter reads it back.
 */
public final class ControlSteps {

    private ControlSteps() {
    }

    /** {@code request} by {@code caller} as a control step, every defaulted key of chapters 06 to 12 left out. */
    public static Step.Control of(Caller caller, ControlRequest request) {
        return Controls.of(caller, request);
    }

    /** The request {@code control} stands for; an IllegalArgumentException names the field that cannot be read. */
    public static ControlRequest request(Step.Control control) {
        Controls.check(control);
        return Controls.request(control);
    }
}
