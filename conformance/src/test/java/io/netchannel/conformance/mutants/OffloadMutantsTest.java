package io.netchannel.conformance.mutants;

import static io.netchannel.conformance.mutants.Caught.assertCaught;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.OffloadProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Tests of the chapter 11 properties: each broken offloader in {@link OffloadMutants} makes the
 * property of the rule it breaks fail naming that rule; the gap merge is caught twice, by the
 * oracle of section 7.3 and by the re-segmentation law of LRO-8. The differential property, whose
 * random sequences now carry csum_blank and GSO packets, guest offload settings and RX segment
 * trains, catches each on its own too — all but the UDP one: a datagram whose checksum computes
 * to zero is a one-in-65536 event a random sequence does not meet; CSUM-2's property builds them.
 */
class OffloadMutantsTest {

    static class PshOnEverySegmentOffloadOnMutant extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return OffloadMutants.PSH_ON_EVERY_SEGMENT;
        }
    }

    static class SameIpIdOffloadOnMutant extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return OffloadMutants.SAME_IP_ID;
        }
    }

    static class UdpZeroLeftZeroOffloadOnMutant extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return OffloadMutants.UDP_ZERO_LEFT_ZERO;
        }
    }

    static class MergesAcrossAGapOffloadOnMutant extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return OffloadMutants.MERGES_ACROSS_A_GAP;
        }
    }

    static class ValidatesBadChecksumsOffloadOnMutant extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return OffloadMutants.VALIDATES_BAD_CHECKSUMS;
        }
    }

    private static final String SEGMENTS = "required_TSO2_TSO3_TSO4_aGsoPacketLeavesAsSegmentsWhosePayloadsConcatenateToItsOwnEachAValidFrameWhoseFieldsStep";
    private static final String UDP_ZERO = "required_CSUM2_aUdpChecksumThatComputesToZeroIsSentAsFFFF";
    private static final String TRAINS = "required_LRO3_LRO4_everyDeliveryOfASegmentTrainIsTheOneSection7GivesAtTheTimeItGivesIt";
    private static final String RESEGMENT = "required_LRO8_theDeliveriesReSegmentIntoTheArrivedFramesInArrivalOrderNoneLaterThanItsFirstArrivalPlusTheDelay";
    private static final String FLIPPED = "required_CSUM5_aFrameWithOneBitFlippedInTheBytesItsChecksumsCoverIsNeverMarkedValidated";

    @Test
    void pshOnEverySegmentIsCaughtByTheSegmentLawsTSO4() {
        assertCaught(PshOnEverySegmentOffloadOnMutant.class, SEGMENTS, "TSO-4");
    }

    @Test
    void anIpIdNotIncrementedIsCaughtByTheSegmentLawsTSO3() {
        assertCaught(SameIpIdOffloadOnMutant.class, SEGMENTS, "TSO-3");
    }

    @Test
    void aUdpZeroChecksumLeftZeroIsCaughtByCSUM2() {
        assertCaught(UdpZeroLeftZeroOffloadOnMutant.class, UDP_ZERO, "CSUM-2");
    }

    @Test
    void mergingAcrossASequenceGapIsCaughtBySection7sOracleLRO3() {
        assertCaught(MergesAcrossAGapOffloadOnMutant.class, TRAINS, "LRO-3");
    }

    @Test
    void mergingAcrossASequenceGapIsCaughtByTheReSegmentationLawLRO8() {
        assertCaught(MergesAcrossAGapOffloadOnMutant.class, RESEGMENT, "LRO-3");
    }

    @Test
    void aBadChecksumMarkedValidatedIsCaughtByCSUM5() {
        assertCaught(ValidatesBadChecksumsOffloadOnMutant.class, FLIPPED, "CSUM-5");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"psh-on-every-segment", "ip-id-not-incremented", "lro-merges-across-a-sequence-gap", "marks-bad-checksums-validated"})
    void theDifferentialPropertyCatchesEachOffloadMutant(String name) {
        Mutant mutant = OffloadMutants.all().stream().filter(m -> m.name().equals("mutant-" + name)).findFirst().orElseThrow();
        AnyDifferentialPropertiesOnMutant.mutant = mutant;
        EngineExecutionResults results = EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectClass(AnyDifferentialPropertiesOnMutant.class))
                .configurationParameter("jqwik.tries.default", "1000")
                .configurationParameter("jqwik.shrinking.default", "OFF")
                .configurationParameter("jqwik.database", "target/jqwik-mutants-database-" + name)
                .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
                .execute();
        List<String> messages = results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .map(thrown -> thrown.map(Caught::messageOf).orElse(""))
                .toList();
        assertThat(messages).as("the differential property let mutant %s through", name).isNotEmpty();
        assertThat(messages).as("the failure is this mutant's and lists its steps").allMatch(m -> m.contains("provider 'mutant-" + name + "'") && m.contains("steps"));
    }
}
