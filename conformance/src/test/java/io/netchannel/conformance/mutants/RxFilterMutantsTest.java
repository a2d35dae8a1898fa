package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DemuxProperties;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model with its RX filter decision broken ({@link RxFilterMutants}): the DEMUX-14 property
 * that fixes first match and the default fails naming DEMUX-14, and the vector bundle alone
 * catches each.
 */
class RxFilterMutantsTest {

    static class LastMatchDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return RxFilterMutants.LAST_MATCH;
        }
    }

    static class DefaultIgnoredDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return RxFilterMutants.DEFAULT_IGNORED;
        }
    }

    @Test
    void rxLastMatchIsCaughtByDEMUX14() {
        Caught.assertCaught(LastMatchDemuxOnMutant.class, "required_DEMUX14_theFirstRuleWhoseMatchHoldsDecidesAndRxDefaultDecidesWhenNoneHolds",
                "DEMUX-14");
    }

    @Test
    void rxLastMatchIsCaughtByTheGeneralDEMUX14Property() {
        Caught.assertCaught(LastMatchDemuxOnMutant.class, "required_DEMUX14_eachRecipientTakesOrLosesItsCopyExactlyAsItsOwnRxRulesSay", "DEMUX-14");
    }

    @Test
    void ignoringRxDefaultIsCaughtByDEMUX14() {
        Caught.assertCaught(DefaultIgnoredDemuxOnMutant.class, "required_DEMUX14_theFirstRuleWhoseMatchHoldsDecidesAndRxDefaultDecidesWhenNoneHolds",
                "DEMUX-14");
    }

    @Test
    void ignoringRxDefaultIsCaughtByTheGeneralDEMUX14Property() {
        Caught.assertCaught(DefaultIgnoredDemuxOnMutant.class, "required_DEMUX14_eachRecipientTakesOrLosesItsCopyExactlyAsItsOwnRxRulesSay", "DEMUX-14");
    }

    /** The bundled vectors alone catch each: a vector of the l3l4-demux profile fails on it, naming its step and DEMUX-14. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rx-filter-last-match", "rx-default-ignored"})
    void theVectorsCatchEachMutant(String name) {
        Mutant mutant = RxFilterMutants.byName(name);
        VectorBundle bundle = VectorBundle.read(Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
        Optional<Verdict> failed = bundle.tests().stream()
                .map(t -> VectorRunner.run(mutant, t.path(), t.file(), t.group(), t.test()))
                .filter(v -> v.status() == Verdict.Status.FAIL).findFirst();
        assertThat(failed).as("no vector fails on mutant %s", name).isPresent();
        assertThat(failed.get().step()).as(failed.get().describe()).isPositive();
        assertThat(failed.get().reqs()).as(failed.get().describe()).contains("DEMUX-14");
    }
}
