package io.netchannel.conformance.mutants;

import static io.netchannel.conformance.mutants.Caught.assertCaught;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.CoalescingProperties;
import org.junit.jupiter.api.Test;

/**
 * Tests of the chapter 10 properties: each broken coalescer in {@link CoalescingMutants} makes a
 * property fail naming the rule it breaks — the oracle-free "no lost wake-up" laws for the timer
 * that never fires, the count per batch and the restarted delay, the oracle for a deadline one
 * nanosecond late.
 */
class CoalescingMutantsTest {

    static class TimerNeverFiresCoalescingOnMutant extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return CoalescingMutants.TIMER_NEVER_FIRES;
        }
    }

    static class CountsPerBatchCoalescingOnMutant extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return CoalescingMutants.COUNTS_PER_BATCH;
        }
    }

    static class DeadlineOneLateCoalescingOnMutant extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return CoalescingMutants.DEADLINE_ONE_LATE;
        }
    }

    static class DelayRestartsCoalescingOnMutant extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return CoalescingMutants.DELAY_RESTARTS;
        }
    }

    private static final String DECIDES =
            "required_COAL4_theDeviceDecidesAtMaxFramesCompletionsOrMaxDelayAfterTheFirstAndNotifiesIffRspEventLiesInDP";
    private static final String WOKEN = "required_COAL8_aGuestThatReArmsIsWokenWithinMaxDelayOfEveryResponseAtMaxFramesAndNeverForNothing";

    @Test
    void aTimerThatNeverFiresIsCaughtByCOAL8() {
        assertCaught(TimerNeverFiresCoalescingOnMutant.class, WOKEN, "COAL-8");
    }

    @Test
    void countingOnePerBatchIsCaughtByCOAL4() {
        assertCaught(CountsPerBatchCoalescingOnMutant.class, WOKEN, "COAL-4");
    }

    @Test
    void aDeadlineOneNanosecondLateIsCaughtByCOAL5() {
        assertCaught(DeadlineOneLateCoalescingOnMutant.class, DECIDES, "COAL-5");
    }

    @Test
    void aDelayRestartedAtEachPublishIsCaughtByCOAL8() {
        assertCaught(DelayRestartsCoalescingOnMutant.class, WOKEN, "COAL-8");
    }
}
