package io.netchannel.conformance.mutants;

import static io.netchannel.conformance.mutants.Caught.assertCaught;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.QosProperties;
import org.junit.jupiter.api.Test;

/**
 * Tests of the chapter 09 properties: each broken rate limiter in {@link QosMutants} makes the
 * property of the rule it breaks fail naming that rule. The window law (QOS-3) catches both ways
 * of sending past the bucket without an oracle.
 */
class QosMutantsTest {

    static class CreditPastCapQosOnMutant extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return QosMutants.CREDIT_PAST_CAP;
        }
    }

    static class ChargesAfterSendingQosOnMutant extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return QosMutants.CHARGES_AFTER_SENDING;
        }
    }

    static class DropsRateLimitedQosOnMutant extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return QosMutants.DROPS_RATE_LIMITED;
        }
    }

    static class DueOneLateQosOnMutant extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return QosMutants.DUE_ONE_LATE;
        }
    }

    static class RetuneRefillsQosOnMutant extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return QosMutants.RETUNE_REFILLS;
        }
    }

    private static final String WINDOW = "required_QOS3_overEveryWindowTheBytesThatLeftAreAtMostBurstPlusRateTimesTheWindow";
    private static final String HELD =
            "required_QOS5_everyPacketTheChecksLetThroughLeavesExactlyOnceInRingOrderAnsweredOkayAndIsHeldUnansweredUntilThen";

    private static final String RELEASE = "required_QOS6_aHeldPacketLeavesAtTheAdvanceThatReachesItsDueTimeNotEarlierAndEachWaitCountsOnce";
    private static final String CHANGE = "required_QOS8_aLimitChangedAtRunTimeCarriesWholeBytesReEvaluatesAWaitAndResetKeepsTheBucket";

    @Test
    void creditGrowingPastTheCapIsCaughtByTheWindowLawQOS3() {
        assertCaught(CreditPastCapQosOnMutant.class, WINDOW, "QOS-3");
    }

    @Test
    void chargingAfterSendingIsCaughtByTheWindowLawQOS3() {
        assertCaught(ChargesAfterSendingQosOnMutant.class, WINDOW, "QOS-3");
    }

    @Test
    void droppingARateLimitedPacketIsCaughtByQOS5() {
        assertCaught(DropsRateLimitedQosOnMutant.class, HELD, "QOS-5");
    }

    @Test
    void aDueTimeOneNanosecondLateIsCaughtByQOS6() {
        assertCaught(DueOneLateQosOnMutant.class, RELEASE, "QOS-6");
    }

    @Test
    void aChangedLimitThatRefillsTheBucketIsCaughtByQOS8() {
        assertCaught(RetuneRefillsQosOnMutant.class, CHANGE, "QOS-8");
    }
}
