package io.netchannel.conformance.relocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.RelocationState;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.StepRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Properties of the codec over seeded random states (spec 12, section 5): every state reads back
 * from its canonical text, the text is a fixed point, and the host and guest sections spell their
 * keys exactly as a vector's {@code create} and {@code set-guest-config} steps do (RELOC-10: one
 * spelling, spec 05's, held together by this test since the two codecs live in separate packages).
 */
class RelocationCodecPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_everyStateReadsBackFromItsCanonicalText() {
        for (long seed = 0; seed < 3000; seed++) {
            RelocationState state = RandomStates.of(seed);
            String canonical = RelocationDocument.canonical(state);
            assertThat(RelocationDocument.read(canonical)).as("seed %d: %s", seed, canonical).isEqualTo(state);
            assertThat(RelocationDocument.normalise(canonical)).as("seed %d", seed).isEqualTo(canonical);
            assertThat(canonical).as("seed %d: no whitespace, no null", seed).doesNotContain(" ", "\n", "null");
        }
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_hostAndGuestSectionsSpellTheVectorStepsKeys() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            RelocationState state = RandomStates.of(seed);
            Harness harness = Harness.start(Providers.find("reference"));
            StepRecorder recorder = StepRecorder.attach(harness);
            harness.control(Caller.HOST, new ControlRequest.CreateContext(0, state.host()));
            harness.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, state.guest()));
            List<Step.Control> controls = new ArrayList<>();
            for (Step step : recorder.steps()) {
                if (step.control() != null) {
                    controls.add(step.control());
                }
            }
            assertThat(controls).hasSize(2);
            assertThat(section(controls.get(0))).as("seed %d: host", seed).isEqualTo(Canonical.text(DocumentWriter.host(state.host())));
            assertThat(section(controls.get(1))).as("seed %d: guest", seed).isEqualTo(Canonical.text(DocumentWriter.guest(state.guest())));
        }
    }

    /** A recorded control step without caller, request and ctx, in canonical text. */
    private static String section(Step.Control control) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(JSON.writeValueAsString(control));
        tree.remove(List.of("caller", "request", "ctx"));
        return Canonical.text(Parse.tree(JSON.writeValueAsString(tree)));
    }
}
