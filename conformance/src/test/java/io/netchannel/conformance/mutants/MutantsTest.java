package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Tests of the tests (style habit 7): each deliberately broken device must make the property of
 * the rule it breaks fail, and the failure must name that rule. The properties run through the
 * JUnit Platform (engine {@code jqwik}) exactly as in a real run, with fewer tries and no
 * shrinking, since only the verdict and its message matter here.
 */
class MutantsTest {

    @Test
    void offByOneWrapIsCaughtByRING4() {
        assertCaught(OffByOneWrapRingPropertiesOnMutant.class, "required_RING4_indicesWrapAt2To32Invisibly", "RING-4");
    }

    @Test
    void notifyReversedIsCaughtByRING8() {
        assertCaught(NotifyReversedRingPropertiesOnMutant.class, "required_RING8_notifiesExactlyWhenRspEventLiesInOldNew", "RING-8");
    }

    @Test
    void passesProducerIsCaughtByRING5() {
        assertCaught(PassesProducerRingPropertiesOnMutant.class, "required_RING5_neverConsumesAtOrBeyondTheReqProdItRead", "RING-5");
    }

    @Test
    void writesReadOnlyTxIsCaughtByMEM3() {
        assertCaught(WritesReadOnlyTxMemoryPropertiesOnMutant.class, "required_MEM3_neverWritesAReadOnlyGrantAndNeverWritesATxFragment", "MEM-3");
    }

    @Test
    void forgetsFinalCheckIsCaughtByRING9() {
        assertCaught(ForgetsFinalCheckRingPropertiesOnMutant.class, "required_RING9_requestsPublishedBeforeTheReCheckAreProcessedInTheSameKick", "RING-9");
    }

    @Test
    void acceptsPageCrossingIsCaughtByDESC5() {
        assertCaught(AcceptsPageCrossingDescriptorPropertiesOnMutant.class, "required_DESC5_fragmentCrossingItsPageIsFatal", "DESC-5");
    }

    @Test
    void ignoresMoreDataIsCaughtByDESC2() {
        assertCaught(IgnoresMoreDataDescriptorPropertiesOnMutant.class, "required_DESC2_chainIsFirstSlotExtrasThenDataSlotsConcatenated", "DESC-2");
    }

    @Test
    void malformedOkayIsCaughtByDESC11() {
        assertCaught(MalformedOkayDescriptorPropertiesOnMutant.class, "required_DESC11_perPacketErrorAnswersEverySlotAndTheRingGoesOn", "DESC-11");
    }

    @Test
    void forgetsNotificationIsCaughtByRING16() {
        assertCaught(ForgetsNotificationRingPropertiesOnMutant.class, "required_RING16_noLostWakeUpOverAnyInterleaving", "RING-16");
    }

    @Test
    void deliversWithoutBufferIsCaughtByRX3() {
        assertCaught(DeliversWithoutBufferDescriptorPropertiesOnMutant.class, "required_RX3_tooFewBuffersDropsTheFrameAndWritesNothing", "RX-3");
    }

    @Test
    void doubleFetchIsCaughtByDESC1() {
        assertCaught(DoubleFetchDescriptorPropertiesOnMutant.class, "required_DESC1_aRequestRewrittenAfterTheDeviceReadItChangesNothing", "DESC-1");
    }

    @Test
    void reReadingReqProdMidBatchIsCaughtByDESC1() {
        List<String> messages = assertCaught(RereadsReqProdDescriptorPropertiesOnMutant.class,
                "required_DESC1_aRequestRewrittenAfterTheDeviceReadItChangesNothing", "DESC-1");
        assertThat(messages).anyMatch(m -> m.contains("req_prod read once per batch"));
    }

    @Test
    void perPacketFatalIsCaughtByDESC11() {
        assertCaught(PerPacketFatalDescriptorPropertiesOnMutant.class, "required_DESC11_perPacketErrorAnswersEverySlotAndTheRingGoesOn", "DESC-11");
    }

    @Test
    void runtFrameIsCaughtByTX1() {
        assertCaught(RuntFrameDescriptorPropertiesOnMutant.class, "required_TX1_theFrameIsTheBytesAtConsumptionTimeLaterRewritesDoNotMatter", "TX-1");
    }

    @Test
    void guestCreatesContextIsCaughtByPRIV2() {
        assertCaught(GuestCreatesContextPrivilegePropertiesOnMutant.class, "required_PRIV2_aGuestIsRefusedEveryPrivilegedRequestAndNothingChanges", "PRIV-2");
    }

    @Test
    void ignoresRevocationIsCaughtByMEM4() {
        assertCaught(IgnoresRevocationMemoryPropertiesOnMutant.class, "required_MEM4_aRevokedGrantIsNeverUsedAgainEvenAfterUse", "MEM-4");
    }

    @Test
    void notifyReversedIsCaughtByDifferential() {
        assertCaught(NotifyReversedDifferentialPropertiesOnMutant.class, "required_DIFF_everyObservationMatchesTheReferenceModelAfterEveryStep", "RING-8");
    }

    /**
     * Issue 3: the differential property alone fails on every mutant, and its report prints the
     * action sequence that reproduces the difference. Off-by-one-wrap needs the rings started near
     * slot 255, double-fetch the guest that rewrites requests after the device read them.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"off-by-one-wrap", "notify-reversed", "passes-producer",
        "writes-read-only-tx-grant", "forgets-final-check", "accepts-page-crossing", "ignores-more-data", "malformed-okay",
        "forgets-notification", "delivers-without-buffer", "double-fetch", "per-packet-error-is-fatal", "runt-frame",
        "guest-creates-context", "ignores-revocation"})
    void theDifferentialPropertyCatchesEachDataPathMutant(String name) throws java.io.IOException {
        AnyDifferentialPropertiesOnMutant.mutant = Mutants.byName(name);
        java.nio.file.Path regressions = java.nio.file.Path.of("target", "mutant-regressions", name);
        System.setProperty(io.netchannel.conformance.properties.Lockstep.REGRESSIONS, regressions.toString());
        EngineExecutionResults results = EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectClass(AnyDifferentialPropertiesOnMutant.class))
                .configurationParameter("jqwik.tries.default", "1000")
                // no shrinking: jqwik 1.9.3's bounded shrink runs on the common pool and, when it times out,
                // races the property's end (a ConcurrentModificationException or a lost store in place of the
                // verdict); this test asks whether a mutant is caught and reproduced, and the unshrunk sequence
                // answers both (the differential itself still shrinks when it runs on a device)
                .configurationParameter("jqwik.shrinking.default", "OFF")
                // a database and failure replay of their own: a sample remembered from another mutant must not run here
                .configurationParameter("jqwik.database", "target/jqwik-mutants-database-" + name)
                .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
                .execute();
        List<String> messages = results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .map(thrown -> thrown.map(Caught::messageOf).orElse(""))
                .toList();
        assertThat(messages).as("the differential property let mutant %s through", name).isNotEmpty();
        assertThat(messages).as("the differential failure on %s prints the steps that reproduce it", name)
                .anyMatch(message -> message.contains("step"));
        assertThat(messages).as("the failure is this mutant's, not one remembered from another run")
                .allMatch(message -> message.contains("provider 'mutant-" + name + "'"));
        System.clearProperty(io.netchannel.conformance.properties.Lockstep.REGRESSIONS);
        // the shrunk sequence was written as a scenario vector: it passes on the model and fails on the mutant
        java.nio.file.Path vector = regressions.resolve("differential-mutant-" + name + ".yaml");
        if (java.nio.file.Files.exists(vector)) {
            io.netchannel.conformance.vectors.VectorFile file = io.netchannel.conformance.vectors.VectorCodec.read(vector.toString(),
                    java.nio.file.Files.readString(vector));
            var group = file.groups().get(0);
            var test = group.tests().get(0);
            assertThat(io.netchannel.conformance.vectors.VectorRunner.run(io.netchannel.conformance.harness.Providers.find("reference"),
                    vector.toString(), file, group, test).status()).as("regression vector of %s on the model", name)
                    .isEqualTo(io.netchannel.conformance.vectors.Verdict.Status.PASS);
            assertThat(io.netchannel.conformance.vectors.VectorRunner.run(Mutants.byName(name), vector.toString(), file, group, test).status())
                    .as("regression vector of %s on the mutant", name).isEqualTo(io.netchannel.conformance.vectors.Verdict.Status.FAIL);
        } else {
            assertThat(messages).as("a failure without a vector says why").anyMatch(m -> m.contains("no regression vector: "));
        }
    }

    /** The bundled vectors alone catch every mutant: some vector fails on it, naming its step and requirements. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"off-by-one-wrap", "notify-reversed", "passes-producer",
        "writes-read-only-tx-grant", "forgets-final-check", "accepts-page-crossing", "ignores-more-data", "malformed-okay",
        "forgets-notification", "delivers-without-buffer", "double-fetch", "per-packet-error-is-fatal", "runt-frame",
        "guest-creates-context", "ignores-revocation"})
    void theVectorsCatchEachMutant(String name) {
        Mutant mutant = Mutants.byName(name);
        var bundle = io.netchannel.conformance.vectors.VectorBundle.read(java.nio.file.Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
        java.util.Optional<io.netchannel.conformance.vectors.Verdict> failed = bundle.tests().stream()
                .map(t -> io.netchannel.conformance.vectors.VectorRunner.run(mutant, t.path(), t.file(), t.group(), t.test()))
                .filter(v -> v.status() == io.netchannel.conformance.vectors.Verdict.Status.FAIL).findFirst();
        assertThat(failed).as("no vector fails on mutant %s", name).isPresent();
        assertThat(failed.get().step()).as(failed.get().describe()).isPositive();
    }

    private static List<String> assertCaught(Class<?> onMutant, String property, String rule) {
        return Caught.assertCaught(onMutant, property, rule);
    }
}
