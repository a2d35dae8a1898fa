package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.mutants.CoreOnlyReference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Profile {@code l3l4-demux} decides which RX filter properties bind a device (spec 06, section 5a;
 * spec 05, section 10): on the reference model claiming core only, DEMUX-17's NOT_SUPPORTED
 * property runs and passes while DEMUX-14 to DEMUX-16 are skipped with the reason; on the
 * reference model as shipped (core and l3l4-demux) it is the other way round.
 */
class DemuxProfileGateTest {

    static class OnCoreOnlyReference extends DemuxProperties {
        private static final DeviceProvider PROVIDER = new CoreOnlyReference();

        @Override
        protected DeviceProvider provider() {
            return PROVIDER;
        }
    }

    static class OnReference extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }
    }

    private static final String NOT_SUPPORTED = "required_DEMUX17_aDeviceWithoutL3l4DemuxRefusesRxRulesNotSupportedAndChangesNothing";
    private static final String INVALID_CONFIG = "required_DEMUX17_moreRxRulesThanMaxFilterRulesAreRejectedInvalidConfigAndChangeNothing";
    private static final List<String> PROFILED = List.of("required_DEMUX14_eachRecipientTakesOrLosesItsCopyExactlyAsItsOwnRxRulesSay",
            "required_DEMUX14_theFirstRuleWhoseMatchHoldsDecidesAndRxDefaultDecidesWhenNoneHolds",
            "required_DEMUX14_anAcceptedUpdateOfTheRxRulesDecidesTheNextCopy",
            "required_DEMUX15_rxRulesReadTheFrameAsItCameExactlyAsTheTxFilterReadsTheSameFrameSent",
            "required_DEMUX16_oneContextsRxRulesNeverChangeAnotherRecipientsCopyNorWidenItsOwn", INVALID_CONFIG);

    private static EngineExecutionResults run(Class<?> type, String property) {
        return EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectMethod(type, method(type, property)))
                .configurationParameter("jqwik.tries.default", "50")
                .configurationParameter("jqwik.database", "target/jqwik-profile-gate-database")
                .execute();
    }

    private static java.lang.reflect.Method method(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("no property " + name);
    }

    @Test
    void aDeviceWithoutTheProfileRefusesRxRulesNotSupported() {
        EngineExecutionResults results = run(OnCoreOnlyReference.class, NOT_SUPPORTED);
        assertThat(results.testEvents().started().count()).as("ran").isEqualTo(1);
        assertThat(results.testEvents().succeeded().count()).as(String.valueOf(failures(results))).isEqualTo(1);
    }

    @Test
    void aDeviceWithoutTheProfileSkipsTheRxRuleRulesNamingTheProfile() {
        for (String property : PROFILED) {
            EngineExecutionResults results = run(OnCoreOnlyReference.class, property);
            List<Event> skipped = results.testEvents().skipped().list();
            assertThat(skipped).as(property + " skipped").hasSize(1);
            assertThat(skipped.get(0).getPayload(String.class)).as("the reason of " + property).get().asString()
                    .contains("l3l4-demux").contains("reference-core-only");
        }
    }

    @Test
    void aDeviceWithTheProfileSkipsTheNotSupportedHalfAndRunsTheRest() {
        List<Event> skipped = run(OnReference.class, NOT_SUPPORTED).testEvents().skipped().list();
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).getPayload(String.class)).get().asString().contains("claims it");
        EngineExecutionResults results = run(OnReference.class, INVALID_CONFIG);
        assertThat(results.testEvents().succeeded().count()).as(String.valueOf(failures(results))).isEqualTo(1);
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")).toList();
    }
}
