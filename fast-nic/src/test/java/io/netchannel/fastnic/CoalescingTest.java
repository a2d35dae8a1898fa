package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 10 (notification coalescing) on the fast NIC: maxFrames and maxDelay
 * on both queues, completions counted per packet or frame, the decision's event-index test,
 * parameter changes in the control call, and what a failure or reset discards.
 */
class CoalescingTest {

    private static final int CTX = 1;

    private final Fleet fleet = new Fleet();
    private final Traffic traffic = new Traffic(fleet);
    private final byte[] toCtx = Rig.frameTo(Fleet.mac(CTX), 100);

    @BeforeEach
    void oneContext() {
        fleet.create(CTX, Fleet.config(CTX));
        fleet.sink.clock = fleet.nic::clock;
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private void coalesce(Queue queue, int maxFrames, long maxDelayNanos) {
        fleet.guest(CTX, GuestConfig.builder().coalescing(queue, new Coalescing(maxFrames, maxDelayNanos)).build());
    }

    /** One frame from the wire into a freshly posted buffer of the context. */
    private void receive() {
        fleet.post(CTX);
        fleet.wire(toCtx);
    }

    private List<String> notifications() {
        return fleet.sink.notifications;
    }

    @Test
    void required_COAL2_valuesOutOfRangeAreInvalidConfigAndChangeNothing() {
        List<Coalescing> invalid = List.of(new Coalescing(Coalescing.MAX_FRAMES + 1, 1000),
                new Coalescing(-1, 1000), new Coalescing(1, Coalescing.MAX_DELAY_NANOS + 1), new Coalescing(1, -1));
        fleet.update(CTX, Fleet.config(CTX).promiscuousAllowed(true));
        for (Queue queue : Queue.values()) {
            for (Coalescing value : invalid) {
                GuestConfig config = GuestConfig.builder().promiscuous(true).coalescing(queue, value).build();
                ControlResult result = fleet.nic.control(Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX, config));
                assertThat(result).as("%s %s", queue, value).isInstanceOf(ControlResult.Rejected.class);
                assertThat(((ControlResult.Rejected) result).rule()).isEqualTo("COAL-2");
                assertThat(((ControlResult.Rejected) result).category()).isEqualTo(RejectCategory.INVALID_CONFIG);
            }
        }
        // Nothing was applied: promiscuous is still off (a frame to another MAC is not received).
        fleet.post(CTX);
        fleet.wire(Rig.frameTo(MacAddress.parse("02:00:00:00:00:42"), 100));
        assertThat(fleet.nic.counter(CTX, io.netchannel.api.Counter.RX_FRAMES)).isZero();
        // The extremes are valid.
        coalesce(Queue.RX, Coalescing.MAX_FRAMES, Coalescing.MAX_DELAY_NANOS);
        coalesce(Queue.TX, 0, Coalescing.MAX_DELAY_NANOS);
    }

    @Test
    void required_COAL3_eitherValueZeroIsImmediateAsRing8() {
        fleet.guest(CTX, GuestConfig.builder().coalescing(Queue.RX, new Coalescing(0, 5000))
                .coalescing(Queue.TX, new Coalescing(5, 0)).build());
        receive();
        traffic.send(CTX, 100);
        assertThat(notifications()).containsExactly("1/RX", "1/TX");
        // Not re-armed: the next publishes do not cross rsp_event = 1 again (RING-8).
        receive();
        traffic.send(CTX, 100);
        assertThat(notifications()).hasSize(2);
        fleet.nic.advanceTo(1_000_000);
        assertThat(notifications()).hasSize(2);
    }

    @Test
    void required_COAL4_maxFramesCompletionsDecideAtOnceOnRx() {
        coalesce(Queue.RX, 3, 1_000_000);
        receive();
        receive();
        assertThat(notifications()).isEmpty();
        receive();
        assertThat(notifications()).containsExactly("1/RX");
        assertThat(fleet.sink.times).containsExactly(0L);
        // The guest re-arms rsp_event = rsp_cons + 1 and the next three frames decide again.
        Pages.setRspEvent(fleet.rx(CTX), 4);
        receive();
        receive();
        assertThat(notifications()).hasSize(1);
        receive();
        assertThat(notifications()).hasSize(2);
    }

    @Test
    void required_COAL5_maxDelayFromTheFirstPendingCompletion() {
        coalesce(Queue.RX, 10, 1000);
        fleet.nic.advanceTo(100);
        receive(); // first pending at 100: decision due at 1100
        fleet.nic.advanceTo(600);
        receive(); // does not move the deadline
        fleet.nic.advanceTo(1099);
        assertThat(notifications()).isEmpty();
        fleet.nic.advanceTo(2000);
        assertThat(notifications()).containsExactly("1/RX");
        assertThat(fleet.sink.times).containsExactly(1100L);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("COAL: publishing is not delayed").isEqualTo(2);
        // A decision with nothing new never comes: nothing pending, no deadline.
        fleet.nic.advanceTo(10_000);
        assertThat(notifications()).hasSize(1);
    }

    @Test
    void required_COAL4_txCompletionsArePacketsNotSlotsAndDecideAfterEachBatch() {
        coalesce(Queue.TX, 3, 1_000_000);
        traffic.queue(CTX, 9000); // 3 slots
        traffic.queue(CTX, 5000); // 2 slots
        traffic.kick(CTX);
        assertThat(Pages.rspProd(fleet.tx(CTX))).isEqualTo(5);
        assertThat(notifications()).as("2 completions of 5 slots").isEmpty();
        // A multicast-control request is a completion too.
        int mcast = traffic.next(CTX);
        Pages.putTxRequest(fleet.tx(CTX), mcast, 0, 0, TxRequestLayout.FLAG_EXTRA_INFO, 7, 0);
        Pages.putExtra(fleet.tx(CTX), mcast + 1, ExtraInfoLayout.TYPE_MCAST_ADD, 0, Fleet.hex("01005e000001"));
        Pages.setReqProd(fleet.tx(CTX), mcast + 2);
        fleet.nic.kick(CTX, Queue.TX);
        assertThat(notifications()).containsExactly("1/TX");
    }

    @Test
    void required_COAL4_aBatchIsThePacketsUpToOneReadOfReqProd() {
        coalesce(Queue.TX, 2, 1_000_000);
        traffic.queue(CTX, 100);
        traffic.queue(CTX, 100);
        traffic.queue(CTX, 100);
        // The guest publishes the third packet right after the device arms req_event: a second batch.
        fleet.memory.onceAfterWriteU32(Fleet.txRing(CTX), SharedRingLayout.REQ_EVENT, () -> traffic.publish(CTX));
        Pages.setReqProd(fleet.tx(CTX), 2);
        fleet.nic.kick(CTX, Queue.TX);
        assertThat(Pages.rspProd(fleet.tx(CTX))).isEqualTo(3);
        assertThat(notifications()).as("decided after the first batch of 2; the third is pending").containsExactly("1/TX");
        Pages.setRspEvent(fleet.tx(CTX), 3);
        fleet.nic.advanceTo(999_999);
        assertThat(notifications()).hasSize(1);
        fleet.nic.advanceTo(1_000_000);
        assertThat(notifications()).hasSize(2);
    }

    @Test
    void required_COAL6_aDecisionNotifiesOnlyWhenRspEventLiesInDP() {
        coalesce(Queue.RX, 2, 1000);
        Pages.setRspEvent(fleet.rx(CTX), 5); // the guest wants the fifth response
        receive();
        receive(); // decision: 5 is not in (0, 2]
        assertThat(notifications()).isEmpty();
        receive();
        receive(); // decision: 5 is not in (2, 4]
        assertThat(notifications()).isEmpty();
        receive();
        fleet.nic.advanceTo(1000); // deadline decision: 5 lies in (4, 5]
        assertThat(notifications()).containsExactly("1/RX");
    }

    @Test
    void required_COAL7_aChangeReevaluatesWhatIsPendingInTheControlCall() {
        coalesce(Queue.RX, 10, 10_000);
        receive();
        receive();
        // A smaller maxFrames already reached: decided in the call.
        coalesce(Queue.RX, 2, 10_000);
        assertThat(notifications()).containsExactly("1/RX");
        assertThat(fleet.sink.times).containsExactly(0L);

        Pages.setRspEvent(fleet.rx(CTX), 3);
        fleet.nic.advanceTo(1000);
        receive(); // pending since 1000
        fleet.nic.advanceTo(3000);
        // A shorter delay already passed (1000 + 1500 <= 3000): decided in the call.
        coalesce(Queue.RX, 10, 1500);
        assertThat(notifications()).hasSize(2);
        assertThat(fleet.sink.times).containsExactly(0L, 3000L);

        Pages.setRspEvent(fleet.rx(CTX), 4);
        receive(); // pending since 3000, due at 4500
        coalesce(Queue.RX, 10, 5000); // the deadline moves to 3000 + 5000
        fleet.nic.advanceTo(7999);
        assertThat(notifications()).hasSize(2);
        fleet.nic.advanceTo(8000);
        assertThat(fleet.sink.times).containsExactly(0L, 3000L, 8000L);

        Pages.setRspEvent(fleet.rx(CTX), 5);
        receive();
        coalesce(Queue.RX, 0, 0); // immediate: decided in the call
        assertThat(notifications()).hasSize(4);
        // An unchanged setting changes nothing.
        Pages.setRspEvent(fleet.rx(CTX), 6);
        coalesce(Queue.RX, 3, 100);
        receive();
        coalesce(Queue.RX, 3, 100);
        assertThat(notifications()).hasSize(4);
        fleet.nic.advanceTo(8100);
        assertThat(notifications()).hasSize(5);
    }

    @Test
    void required_COAL9_resetAndFailureDiscardPendingCompletions() {
        fleet.guest(CTX, GuestConfig.builder().coalescing(Queue.RX, new Coalescing(10, 1000))
                .coalescing(Queue.TX, new Coalescing(10, 1000)).build());
        receive();
        traffic.send(CTX, 100);
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.ResetContext(CTX))).isEqualTo(ControlResult.OK);
        fleet.nic.advanceTo(5000);
        assertThat(notifications()).as("discarded by the reset").isEmpty();

        // After the reset D is the re-attached rsp_prod: the next decision covers only new responses.
        Pages.setRspEvent(fleet.rx(CTX), 2);
        receive(); // rsp_prod 2, pending since 5000
        fleet.nic.advanceTo(6000);
        assertThat(notifications()).containsExactly("1/RX");

        // A fatal error discards the TX queue's pending completions without a decision.
        Pages.setRspEvent(fleet.tx(CTX), 2);
        traffic.send(CTX, 100);
        fleet.memory.revoke(Fleet.txRing(CTX)); // MEM-10 at the next kick
        fleet.nic.kick(CTX, Queue.TX);
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        fleet.nic.advanceTo(100_000);
        assertThat(notifications()).hasSize(1);
    }

    @Test
    void required_COAL5_aDeadlineDecisionChecksTheRingGrantFirst() {
        coalesce(Queue.RX, 10, 1000);
        receive();
        fleet.memory.revoke(Fleet.rxRing(CTX));
        fleet.nic.advanceTo(1000);
        assertThat(fleet.nic.state(CTX)).as("MEM-10: rsp_event is not read through a revoked grant").isEqualTo(ContextState.FAILED);
        assertThat(fleet.nic.counter(CTX, io.netchannel.api.Counter.FATAL_ERRORS)).isEqualTo(1);
        assertThat(notifications()).isEmpty();
    }

    @Test
    void required_COAL9_aPublishBeforeAFatalStopIsStillADecisionPoint() {
        coalesce(Queue.TX, 2, 1_000_000);
        traffic.queue(CTX, 100);
        traffic.queue(CTX, 100);
        int bad = traffic.next(CTX);
        Pages.putTxRequest(fleet.tx(CTX), bad, 0, 4000, 0, 1, 200); // DESC-5: crosses its page, fatal
        Pages.setReqProd(fleet.tx(CTX), bad + 1);
        fleet.nic.kick(CTX, Queue.TX);
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        assertThat(notifications()).as("two completions reach maxFrames at the publish before the stop").containsExactly("1/TX");
    }

    @Test
    void required_COAL5_aRateLimitStopIsADecisionPoint() {
        assertThat(fleet.update(CTX, Fleet.config(CTX).txRate(new TxRate(1, 1, TxRate.MIN_BURST)))).isEqualTo(ControlResult.OK);
        coalesce(Queue.TX, 2, 1_000_000);
        traffic.queue(CTX, 65_535);
        traffic.queue(CTX, 1000);
        traffic.queue(CTX, 1000);
        traffic.kick(CTX);
        assertThat(notifications()).as("one completion at the stop: pending").isEmpty();
        fleet.nic.advanceTo(1000);
        // The resumption publishes the second packet (2 pending: decided), then stops at the third.
        assertThat(notifications()).containsExactly("1/TX");
        assertThat(fleet.sink.times).containsExactly(0L, 1000L, 1000L);
    }
}
