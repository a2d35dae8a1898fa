package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DemuxProperties;
import io.netchannel.conformance.properties.TxFilterProperties;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model with one chapter 06 or 07 decision broken ({@link PolicyMutants}): the property of the
 * rule it breaks fails naming that rule, and the vector bundle alone catches each.
 */
class PolicyMutantsTest {

    static class IgnoresVlanDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return PolicyMutants.IGNORES_VLAN;
        }
    }

    static class ReplicatesToSenderDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return PolicyMutants.REPLICATES_TO_SENDER;
        }
    }

    static class KeepsAccessTagDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return PolicyMutants.KEEPS_ACCESS_TAG;
        }
    }

    static class LetsSpoofThroughTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return PolicyMutants.LETS_SPOOF_THROUGH;
        }
    }

    static class LastMatchTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return PolicyMutants.LAST_MATCH;
        }
    }

    @Test
    void ignoringVlansIsCaughtByDEMUX3() {
        Caught.assertCaught(IgnoresVlanDemuxOnMutant.class, "required_DEMUX3_unicastReachesItsOwnerOnTheOwnersVlansAndNoOtherContext", "DEMUX-");
    }

    @Test
    void replicatingToTheSenderIsCaughtByDEMUX7() {
        Caught.assertCaught(ReplicatesToSenderDemuxOnMutant.class, "required_DEMUX4_broadcastReachesEveryMemberOnceAndNeverTheContextOwningItsSource",
                "DEMUX-7");
    }

    @Test
    void keepingTheAccessTagIsCaughtByDEMUX10() {
        Caught.assertCaught(KeepsAccessTagDemuxOnMutant.class, "required_DEMUX10_accessCopiesLoseTheirTagAndCountTheShorterLengthTrunkCopiesArriveAsSent",
                "DEMUX-10");
    }

    @Test
    void lettingASpoofedSourceThroughIsCaughtByTXF2() {
        Caught.assertCaught(LetsSpoofThroughTxFilterOnMutant.class, "required_TXF2_noFrameLeavesWithASourceMacOrVlanItsSenderDoesNotOwn", "TXF-2");
    }

    @Test
    void lastMatchIsCaughtByTXF6() {
        Caught.assertCaught(LastMatchTxFilterOnMutant.class, "required_TXF6_theFirstMatchingRuleOrTheDefaultDecidesAndOnlyItsCounterMoves", "TXF-6");
    }

    /** The bundled vectors alone catch each: some vector fails on it, naming its step. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ignores-vlan-on-demux", "replicates-to-sender", "keeps-access-tag", "lets-spoofed-source-through", "filter-last-match"})
    void theVectorsCatchEachMutant(String name) {
        Mutant mutant = Mutants.byName(name);
        VectorBundle bundle = VectorBundle.read(Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
        Optional<Verdict> failed = bundle.tests().stream()
                .map(t -> VectorRunner.run(mutant, t.path(), t.file(), t.group(), t.test()))
                .filter(v -> v.status() == Verdict.Status.FAIL).findFirst();
        assertThat(failed).as("no vector fails on mutant %s", name).isPresent();
        assertThat(failed.get().step()).as(failed.get().describe()).isPositive();
    }
}
