package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DemuxProperties;
import io.netchannel.conformance.properties.TxFilterProperties;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Tests of the chapter 06 and 07 properties: each wrong reading of the spec in {@link WrappedPolicyMutants}
 * makes the property of the rule it breaks fail, and the failure names that rule.
 */
class WrappedPolicyMutantsTest {

    static class LastMatchTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.LAST_MATCH;
        }
    }

    static class SpoofPassesTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.SPOOF_PASSES;
        }
    }

    static class DroppedAsErrorTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.DROPPED_AS_ERROR;
        }
    }

    static class HitsSurviveUpdateTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.HITS_SURVIVE_UPDATE;
        }
    }

    static class NoRuleLimitTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.NO_RULE_LIMIT;
        }
    }

    static class AccessAsTrunkTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.ACCESS_AS_TRUNK;
        }
    }

    static class AccessAsTrunkDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.ACCESS_AS_TRUNK;
        }
    }

    static class IgnoresVlansDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.IGNORES_VLANS;
        }
    }

    static class PriorityAsUntaggedDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.PRIORITY_AS_UNTAGGED;
        }
    }

    static class ReflectsToSenderDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.REFLECTS_TO_SENDER;
        }
    }

    static class MulticastFloodsDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.MULTICAST_FLOODS;
        }
    }

    static class AcceptsReservedVidDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.ACCEPTS_RESERVED_VID;
        }
    }

    static class RuleLimitOffByOneTxFilterOnMutant extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.RULE_LIMIT_OFF_BY_ONE;
        }
    }

    static class RejectsEdgeVidsDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return WrappedPolicyMutants.REJECTS_EDGE_VIDS;
        }
    }

    /** Chapter 04's mutant: a frame is written although the recipient posted too few buffers. */
    static class DeliversWithoutBufferDemuxOnMutant extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return Mutants.DELIVERS_WITHOUT_BUFFER;
        }
    }

    @Test
    void ruleLimitOffByOneIsCaughtByTXF10() {
        assertCaught(RuleLimitOffByOneTxFilterOnMutant.class, "required_TXF10_exactlyMaxFilterRulesIsAcceptedAndEachCountsItsOwnFrames", "TXF-10");
    }

    @Test
    void rejectingEdgeVidsIsCaughtByDEMUX13() {
        assertCaught(RejectsEdgeVidsDemuxOnMutant.class, "required_DEMUX13_aValidVlanPolicyIsAcceptedAndRulesTheNextFrame", "DEMUX-13");
    }

    @Test
    void deliveringWithoutBuffersIsCaughtByDEMUX11() {
        assertCaught(DeliversWithoutBufferDemuxOnMutant.class, "required_DEMUX11_eachRecipientKeepsOrLosesItsOwnCopyWhateverTheOthersBuffersOrState",
                "DEMUX-11");
    }

    @Test
    void ignoringVlansIsCaughtByDEMUX3() {
        assertCaught(IgnoresVlansDemuxOnMutant.class, "required_DEMUX3_unicastReachesItsOwnerOnTheOwnersVlansAndNoOtherContext", "DEMUX-3");
    }

    @Test
    void lastMatchIsCaughtByTXF6() {
        assertCaught(LastMatchTxFilterOnMutant.class, "required_TXF6_theFirstMatchingRuleOrTheDefaultDecidesAndOnlyItsCounterMoves", "TXF-6");
    }

    @Test
    void spoofPassesIsCaughtByTXF2() {
        assertCaught(SpoofPassesTxFilterOnMutant.class, "required_TXF2_noFrameLeavesWithASourceMacOrVlanItsSenderDoesNotOwn", "TXF-2");
    }

    @Test
    void spoofPassesIsCaughtByTXF1() {
        assertCaught(SpoofPassesTxFilterOnMutant.class,
                "required_TXF1_sourceThenVlanThenFilterOnlyTheFirstFailingCheckCountsAndMulticastControlIsNotChecked", "TXF-2");
    }

    @Test
    void droppedAsErrorIsCaughtByTXF9() {
        assertCaught(DroppedAsErrorTxFilterOnMutant.class, "required_TXF2_noFrameLeavesWithASourceMacOrVlanItsSenderDoesNotOwn", "TXF-9");
    }

    @Test
    void hitsSurvivingAnUpdateAreCaughtByTXF8() {
        assertCaught(HitsSurviveUpdateTxFilterOnMutant.class, "required_TXF8_anUpdateThatChangesTheRulesOrDefaultZeroesFilterHitsAndAnIdenticalOneKeepsThem",
                "TXF-8");
    }

    @Test
    void noRuleLimitIsCaughtByTXF10() {
        assertCaught(NoRuleLimitTxFilterOnMutant.class, "required_TXF10_moreThanMaxFilterRulesIsRejectedInvalidConfigAndChangesNothing", "TXF-10");
    }

    @Test
    void accessAsTrunkIsCaughtByTXF4() {
        assertCaught(AccessAsTrunkTxFilterOnMutant.class, "required_TXF4_anAccessContextsFramesLeaveWithExactlyItsTagInsertedAndCountWithIt", "TXF-4");
    }

    @Test
    void accessAsTrunkIsCaughtByDEMUX10() {
        assertCaught(AccessAsTrunkDemuxOnMutant.class, "required_DEMUX10_accessCopiesLoseTheirTagAndCountTheShorterLengthTrunkCopiesArriveAsSent",
                "DEMUX-10");
    }

    @Test
    void ignoringVlansIsCaughtByDEMUX2() {
        assertCaught(IgnoresVlansDemuxOnMutant.class, "required_DEMUX2_everyFrameReachesExactlyTheMembersOfItsVlanThatSelectIt", "DEMUX-2");
    }

    @Test
    void ignoringVlansIsCaughtByDEMUX9() {
        assertCaught(IgnoresVlansDemuxOnMutant.class, "required_DEMUX9_unicastOffItsOwnersVlanReachesOnlyPromiscuousMembersElseIsDropped", "DEMUX-9");
    }

    @Test
    void priorityTagAsUntaggedIsCaughtByDEMUX1() {
        assertCaught(PriorityAsUntaggedDemuxOnMutant.class, "required_DEMUX1_theVlanIsReadFromOctets12To15ExactlyAndFramesOfNoVlanTouchNoContext",
                "DEMUX-1");
    }

    @Test
    void reflectingToTheSenderIsCaughtByDEMUX7() {
        assertCaught(ReflectsToSenderDemuxOnMutant.class, "required_DEMUX4_broadcastReachesEveryMemberOnceAndNeverTheContextOwningItsSource", "DEMUX-7");
    }

    @Test
    void floodingMulticastIsCaughtByDEMUX5() {
        assertCaught(MulticastFloodsDemuxOnMutant.class, "required_DEMUX5_multicastReachesJoinedAllMulticastAndPromiscuousMembersOnly", "DEMUX-5");
    }

    @Test
    void acceptingAReservedVidIsCaughtByDEMUX13() {
        assertCaught(AcceptsReservedVidDemuxOnMutant.class, "required_DEMUX13_anInvalidVlanPolicyIsRejectedInvalidConfigAndChangesNothing", "DEMUX-13");
    }

    private static void assertCaught(Class<?> onMutant, String property, String rule) {
        List<String> messages = Caught.assertCaught(onMutant, property, rule);
        assertThat(messages).as("the failure is the mutant's").allMatch(message -> message.contains("provider 'mutant-"));
    }
}
