package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.properties.ContextsProperties;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Tests of the chapter 08 properties: each wrong reading of the switch modes in {@link SwitchMutants}
 * makes the property of the rule it breaks fail naming that rule, and so does a host whose software
 * path breaks CTX-11. The chapter 08 vectors ({@code vectors/contexts}) catch each switch mutant
 * on their own too.
 */
class SwitchMutantsTest {

    static class VebLeaksContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return SwitchMutants.VEB_LEAKS_LOCAL_UNICAST;
        }
    }

    static class VepaSwitchesContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return SwitchMutants.VEPA_SWITCHES_LOCALLY;
        }
    }

    static class SwitchesBeforeChecksContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return SwitchMutants.SWITCHES_BEFORE_ANTI_SPOOFING;
        }
    }

    static class SkipsReceiverVlanContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return SwitchMutants.SKIPS_RECEIVER_VLAN;
        }
    }

    /** The model alone against the model behind a host whose software path echoes broadcasts. */
    static class HostEchoesContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }

        @Override
        protected DeviceProvider hosted(int deviceContexts) {
            return SwitchMutants.HOST_ECHOES_BROADCAST.withDeviceContexts(deviceContexts);
        }
    }

    /** The model alone against the model behind a host whose software path doubles broadcasts. */
    static class HostDoublesContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }

        @Override
        protected DeviceProvider hosted(int deviceContexts) {
            return SwitchMutants.HOST_DOUBLES_BROADCAST.withDeviceContexts(deviceContexts);
        }
    }

    private static final String VEB = "required_CTX6_inVebASentFrameReachesTheContextsDemuxPicksNeverItsSenderAndTheWireUnlessUnicastToAnotherMember";
    private static final String VEPA = "required_CTX5_inVepaASentFrameGoesToTheWireExactlyAsDecidedAndToNoContext";
    private static final String CHECKS_FIRST =
            "required_CTX8_aFrameTheSendersChecksDropReachesNobodyAndNoneReachesAGuestOrTheWireWithASourceOrVlanItsSenderDoesNotOwn";
    private static final String HOST = "required_CTX10_aHostServingGuestsOnItsDeviceAndInSoftwareShowsWhatOneDeviceWithRoomForEveryGuestShows";

    @Test
    void vebLeakingLocalUnicastToTheWireIsCaughtByCTX6() {
        assertCaught(VebLeaksContextsOnMutant.class, VEB, "CTX-6");
    }

    @Test
    void vepaSwitchingLocallyIsCaughtByCTX5() {
        assertCaught(VepaSwitchesContextsOnMutant.class, VEPA, "CTX-5");
    }

    @Test
    void switchingBeforeTheChecksIsCaughtByCTX8() {
        assertCaught(SwitchesBeforeChecksContextsOnMutant.class, CHECKS_FIRST, "CTX-8");
    }

    @Test
    void aSwitchedFrameSkippingTheReceiversVlanIsCaughtByCTX6() {
        List<String> messages = assertCaught(SkipsReceiverVlanContextsOnMutant.class, VEB, "CTX-6");
        assertThat(messages).as("the context that got the copy is one the frame's VLAN leaves out").anyMatch(m -> m.contains("DEMUX-2"));
    }

    @Test
    void aSoftwarePathEchoingBroadcastsIsCaughtByCTX10() {
        assertCaught(HostEchoesContextsOnMutant.class, HOST, "CTX-10");
    }

    @Test
    void aSoftwarePathDoublingBroadcastsIsCaughtByCTX10() {
        assertCaught(HostDoublesContextsOnMutant.class, HOST, "CTX-10");
    }

    /** Task of the differential property too: guests send to each other while the host flips VEPA and VEB. */
    @Test
    void theDifferentialPropertyComparesTheBridgeStepByStep() {
        AnyDifferentialPropertiesOnMutant.mutant = SwitchMutants.VEB_LEAKS_LOCAL_UNICAST;
        EngineExecutionResults results = EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectClass(AnyDifferentialPropertiesOnMutant.class))
                .configurationParameter("jqwik.tries.default", "1000")
                .configurationParameter("jqwik.shrinking.default", "OFF")
                .configurationParameter("jqwik.database", "target/jqwik-mutants-database-switch")
                .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
                .execute();
        List<String> messages = results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .map(thrown -> thrown.map(Caught::messageOf).orElse(""))
                .toList();
        assertThat(messages).as("the differential property let the leaking bridge through").isNotEmpty();
        assertThat(messages).as("the failure is the mutant's and lists the steps with the switch mode")
                .allMatch(m -> m.contains("provider 'mutant-veb-leaks-local-unicast-to-wire'") && m.contains("sets switch mode VEB"));
    }

    /** The bundled vectors alone catch each switch mutant: some vector fails on it, naming its step. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"veb-leaks-local-unicast-to-wire", "vepa-switches-locally", "switches-before-anti-spoofing",
        "switched-frame-skips-receiver-vlan"})
    void theVectorsCatchEachSwitchMutant(String name) {
        Path vectors = Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors");
        Assumptions.assumeTrue(Files.isDirectory(vectors.resolve("contexts")), "the bundle has no chapter 08 vectors (vectors/contexts)");
        Mutant mutant = SwitchMutants.all().stream().filter(m -> m.name().equals("mutant-" + name)).findFirst().orElseThrow();
        VectorBundle bundle = VectorBundle.read(vectors);
        Optional<Verdict> failed = bundle.tests().stream()
                .map(t -> VectorRunner.run(mutant, t.path(), t.file(), t.group(), t.test()))
                .filter(v -> v.status() == Verdict.Status.FAIL).findFirst();
        assertThat(failed).as("no vector fails on mutant %s", name).isPresent();
        assertThat(failed.get().step()).as(failed.get().describe()).isPositive();
    }

    private static List<String> assertCaught(Class<?> onMutant, String property, String rule) {
        List<String> messages = Caught.assertCaught(onMutant, property, rule);
        assertThat(messages).as("the failure is the mutant's").allMatch(message -> message.contains("provider 'mutant-"));
        return messages;
    }
}
