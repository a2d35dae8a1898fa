package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The call-boundary forms of RING-9 and RING-16, which judge a device that cannot see a guest
 * action during its call (a bridged one): the model passes them, and the mutants that forget the
 * final check or a notification fail them, naming the rule.
 */
class CallBoundaryFormsTest {

    private static final String RING9 = "required_RING9_requestsPublishedBeforeTheReCheckAreProcessedInTheSameKick";
    private static final String RING16 = "required_RING16_noLostWakeUpOverAnyInterleaving";

    @Test
    void theModelPassesBothForms() {
        for (String property : List.of(RING9, RING16)) {
            EngineExecutionResults results = EngineTestKit.engine("jqwik")
                    .selectors(DiscoverySelectors.selectMethod(RingPropertiesAtCallBoundariesOnReference.class, method(property)))
                    .configurationParameter("jqwik.tries.default", "300")
                    .configurationParameter("jqwik.database", "target/jqwik-call-boundaries-database")
                    .execute();
            assertThat(results.testEvents().succeeded().count()).as("%s on the model at call boundaries: %s", property,
                    results.testEvents().failed().list()).isEqualTo(1);
        }
    }

    @Test
    void forgettingTheFinalCheckIsCaughtByRING9() {
        Caught.assertCaught(ForgetsFinalCheckAtCallBoundariesRingPropertiesOnMutant.class, RING9, "RING-9");
    }

    @Test
    void forgettingANotificationIsCaughtByRING16() {
        Caught.assertCaught(ForgetsNotificationAtCallBoundariesRingPropertiesOnMutant.class, RING16, "RING-16");
    }

    private static java.lang.reflect.Method method(String name) {
        return java.util.Arrays.stream(io.netchannel.conformance.properties.RingProperties.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }
}
