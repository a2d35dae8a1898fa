package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 10 (profile coalescing) on the whole device. Every ring starts at 0
 * with rsp_event 1: the guest wants to hear about the first response.
 */
class CoalescingDeviceTest {

    private static final int TX_MORE_DATA = 4;
    private static final RecordingSink.Notification TX = new RecordingSink.Notification(1, Queue.TX);
    private static final RecordingSink.Notification RX = new RecordingSink.Notification(1, Queue.RX);

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private ControlResult coalesce(Queue queue, Coalescing coalescing) {
        return rig.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.builder().coalescing(queue, coalescing).build()));
    }

    /** Queues and publishes {@code count} 60-byte packets and kicks. */
    private void push(int count) {
        for (int i = 0; i < count; i++) {
            rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
        }
        rig.pushTx(1);
    }

    private void rspEvent(Queue queue, int value) {
        Guest.putU32(queue == Queue.TX ? rig.tx(1) : rig.rx(1), Guest.RSP_EVENT, value);
    }

    private int rspProd(Queue queue) {
        return Guest.u32(queue == Queue.TX ? rig.tx(1) : rig.rx(1), Guest.RSP_PROD);
    }

    private long rspEventReads(Queue queue) {
        int gref = queue == Queue.TX ? Rig.txGref(1) : Rig.rxGref(1);
        return rig.memory.reads().stream().filter(r -> r.gref() == gref && r.offset() == SharedRingLayout.RSP_EVENT).count();
    }

    private void receive() {
        byte[] frame = Rig.frame(Rig.mac(1), 60);
        rig.device.receive(0, frame, 0, frame.length);
    }

    @Nested
    class Decide {

        @Test
        void required_COAL3_eitherValueZeroDecidesAtEveryPublishAsChapter03Does() {
            rig.create(1, 0);
            assertThat(coalesce(Queue.TX, new Coalescing(0, 5_000))).isEqualTo(ControlResult.OK);
            push(1);
            assertThat(rig.sink.notifications()).containsExactly(TX);

            rspEvent(Queue.TX, 2);
            assertThat(coalesce(Queue.TX, new Coalescing(5, 0))).isEqualTo(ControlResult.OK);
            push(1);
            assertThat(rig.sink.notifications()).containsExactly(TX, TX);
        }

        @Test
        void required_COAL4_maxFramesCompletionsDecideAtOnceWhileEveryResponseIsPublishedAtOnce() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(4, 1_000_000));

            push(3);
            assertThat(rspProd(Queue.TX)).as("RING-7: publishing is not delayed").isEqualTo(3);
            assertThat(rig.sink.notifications()).isEmpty();
            assertThat(rspEventReads(Queue.TX)).as("no decision, no read of rsp_event").isZero();

            push(1);
            assertThat(rig.sink.notifications()).containsExactly(TX);
            assertThat(rspEventReads(Queue.TX)).isEqualTo(1);
        }

        @Test
        void required_COAL4_aPacketIsOneCompletionHoweverManySlotsItTakes() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(2, 1_000_000));
            byte[] frame = Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 100);
            rig.data(1, 1, 0, Arrays.copyOfRange(frame, 0, 40));
            rig.data(1, 2, 0, Arrays.copyOfRange(frame, 40, 80));
            rig.data(1, 3, 0, Arrays.copyOfRange(frame, 80, 100));
            rig.queueRaw(1, Rig.dataGref(1, 1), 0, TX_MORE_DATA, 1, 100);
            rig.queueRaw(1, Rig.dataGref(1, 2), 0, TX_MORE_DATA, 2, 40);
            rig.queueRaw(1, Rig.dataGref(1, 3), 0, 0, 3, 20);

            rig.pushTx(1);
            assertThat(rspProd(Queue.TX)).isEqualTo(3);
            assertThat(rig.sink.notifications()).as("three slots, one completion").isEmpty();

            push(1);
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL4_anErrorAndADroppedPacketAreCompletionsToo() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(3, 1_000_000));
            rig.queueRaw(1, Rig.dataGref(1, 0), 0, 0, 1, 13); // DESC-8: ERROR
            rig.queueSimple(1, 1, 2, Rig.frame(MacAddress.BROADCAST, Rig.mac(2), 60)); // TXF-2: DROPPED
            rig.queueSimple(1, 2, 3, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));

            rig.pushTx(1);

            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL5_theDecisionFallsDueAtTheFirstCompletionPlusMaxDelay() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(100, 50_000));
            rig.device.advanceTo(10_000);
            push(1);
            rig.device.advanceTo(30_000);
            push(1); // the first stays at 10 µs

            rig.device.advanceTo(59_999);
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(60_000);
            assertThat(rig.sink.notifications()).containsExactly(TX);
            rig.device.advanceTo(1_000_000_000);
            assertThat(rig.sink.notifications()).as("decided: nothing pending").containsExactly(TX);
        }

        @Test
        void required_COAL6_aDecisionNotifiesOnlyWhenRspEventLiesInTheResponsesSinceTheLastDecision() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(2, 1_000_000));
            rspEvent(Queue.TX, 10);

            push(2); // decision at P = 2: 10 is not in (0, 2]
            assertThat(rig.sink.notifications()).isEmpty();
            assertThat(rspEventReads(Queue.TX)).isEqualTo(1);

            rspEvent(Queue.TX, 2);
            push(2); // P = 4: 2 lies in (0, 4] but not in (2, 4]: D moved to 2 at the last decision
            assertThat(rig.sink.notifications()).isEmpty();

            rspEvent(Queue.TX, 5);
            push(2); // P = 6: 5 lies in (4, 6]
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL6_theDecisionAtTheDeadlineLooksAtRspEventAsItIsThen() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(100, 50_000));
            rspEvent(Queue.TX, 100);
            push(3);
            rspEvent(Queue.TX, 3); // the guest re-arms before the deadline

            rig.device.advanceTo(50_000);

            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL5_completionsOfAResumptionArePublishedAtItsDueTime() {
            long due = 2_465_000; // the 17th 4000-byte frame under 1000 bytes per ms, burst 65535
            rig.create(1, 0, Rig.config(1).toBuilder().txRate(new TxRate(1000, 1_000_000, 65_535)).build());
            coalesce(Queue.TX, new Coalescing(100, 1_000_000));
            for (int i = 0; i < 17; i++) {
                rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 4000));
            }
            rig.pushTx(1);
            rig.device.advanceTo(1_000_000); // the 16 are decided at 1 ms
            assertThat(rig.sink.notifications()).containsExactly(TX);
            rspEvent(Queue.TX, 17);

            rig.device.advanceTo(due + 500_000); // the 17th is published at its due time, not now
            rig.device.advanceTo(due + 999_999);
            assertThat(rig.sink.notifications()).hasSize(1);
            rig.device.advanceTo(due + 1_000_000);
            assertThat(rig.sink.notifications()).containsExactly(TX, TX);
        }

        @Test
        void required_QOS6_atOneTimeTheTxResumptionComesBeforeTheTxDecision() {
            long due = 2_465_000; // the 17th 4000-byte frame under 1000 bytes per ms, burst 65535
            rig.create(1, 0, Rig.config(1).toBuilder().txRate(new TxRate(1000, 1_000_000, 65_535)).build());
            coalesce(Queue.TX, new Coalescing(100, due));
            for (int i = 0; i < 17; i++) {
                rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 4000));
            }
            rig.pushTx(1); // 16 completions pending from 0, the 17th held until the same instant

            rig.device.advanceTo(due);

            List<RecordingSink.Event> events = rig.sink.events;
            assertThat(events).hasSize(18);
            assertThat(events.get(16)).isInstanceOf(RecordingSink.Frame.class);
            assertThat(events.get(17)).as("one decision covering all 17, after the 17th left").isEqualTo(TX);
        }
    }

    @Nested
    class Receive {

        @Test
        void required_COAL4_COAL5_theRxQueueCountsFramesWithResponses() {
            rig.create(1, 0);
            coalesce(Queue.RX, new Coalescing(2, 100_000));

            receive(); // no buffer: dropped without a response, not a completion
            rig.postRx(1, 0, 0);
            rig.postRx(1, 1, 1);
            rig.postRx(1, 2, 2);
            receive();
            assertThat(rspProd(Queue.RX)).isEqualTo(1);
            assertThat(rig.sink.notifications()).isEmpty();
            receive();
            assertThat(rig.sink.notifications()).containsExactly(RX);

            rspEvent(Queue.RX, 3);
            rig.device.advanceTo(1_000);
            receive();
            rig.device.advanceTo(100_999);
            assertThat(rig.sink.notifications()).hasSize(1);
            rig.device.advanceTo(101_000);
            assertThat(rig.sink.notifications()).containsExactly(RX, RX);
        }

        @Test
        void required_COAL5_COAL6_theWorkedExampleOfChapter10() {
            rig.create(1, 0);
            coalesce(Queue.RX, new Coalescing(4, 50_000));
            for (int page = 0; page < 8; page++) {
                rig.postRx(1, page, page);
            }

            rig.device.advanceTo(1_000);
            receive(); // frame 1: pending 1, first 1000, due at 51,000
            rig.device.advanceTo(2_000);
            byte[] twoSlots = Rig.frame(Rig.mac(1), 5_000);
            rig.device.receive(0, twoSlots, 0, twoSlots.length); // frame 2: rsp_prod 3, pending 2
            assertThat(rspProd(Queue.RX)).isEqualTo(3);

            rig.device.advanceTo(50_999);
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(60_000); // 1 ∈ (0, 3]: notify; D = 3
            assertThat(rig.sink.notifications()).containsExactly(RX);

            rig.device.advanceTo(70_000);
            for (int frame = 3; frame <= 6; frame++) {
                receive();
            }
            assertThat(rspProd(Queue.RX)).isEqualTo(7);
            assertThat(rspEventReads(Queue.RX)).as("decided at frame 6").isEqualTo(2);
            assertThat(rig.sink.notifications()).as("1 ∉ (3, 7]: the guest did not re-arm").containsExactly(RX);
            rig.device.advanceTo(1_000_000);
            assertThat(rig.sink.notifications()).as("nothing pending after that decision").containsExactly(RX);
        }

        @Test
        void required_COAL4_aFrameAnsweredErrorForABadBufferIsACompletion() {
            rig.create(1, 0);
            coalesce(Queue.RX, new Coalescing(2, 100_000));
            rig.memory.grant(Rig.dataGref(1, 0), 1, Access.READ_ONLY);
            rig.postRx(1, 0, 0);
            rig.postRx(1, 1, 1);

            receive(); // RX-4: ERROR
            receive();

            assertThat(rig.sink.notifications()).containsExactly(RX);
        }
    }

    @Nested
    class Change {

        @Test
        void required_COAL7_reachingTheNewMaxFramesDecidesInTheControlCall() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            push(3);

            assertThat(coalesce(Queue.TX, new Coalescing(2, 1_000_000))).isEqualTo(ControlResult.OK);

            assertThat(rig.sink.notifications()).containsExactly(TX);
            rig.device.advanceTo(5_000_000);
            assertThat(rig.sink.notifications()).hasSize(1);
        }

        @Test
        void required_COAL7_aNewMaxDelayAlreadyPassedDecidesAtOnceAndImmediateToo() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            push(1);
            rig.device.advanceTo(600_000);

            coalesce(Queue.TX, new Coalescing(10, 500_000));
            assertThat(rig.sink.notifications()).containsExactly(TX);

            rspEvent(Queue.TX, 2);
            push(1);
            coalesce(Queue.TX, Coalescing.IMMEDIATE);
            assertThat(rig.sink.notifications()).containsExactly(TX, TX);
        }

        @Test
        void required_COAL7_otherwiseTheDeadlineBecomesTheFirstPlusTheNewMaxDelay() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            push(1); // first at 0
            rig.device.advanceTo(100_000);

            coalesce(Queue.TX, new Coalescing(10, 300_000));
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(299_999);
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(300_000);
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL7_onlyAQueueWhoseCoalescingChangesIsReevaluated() {
            rig.create(1, 0);
            Coalescing tx = new Coalescing(10, 1_000_000);
            coalesce(Queue.TX, tx);
            push(3);

            GuestConfig rxChanged = GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, new Coalescing(1, 1)).build();
            assertThat(rig.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, rxChanged))).isEqualTo(ControlResult.OK);

            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(1_000_000);
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_PRIV10_anUpdateKeepsTheCoalescing() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(1,
                    Rig.config(1).toBuilder().promiscuousAllowed(true).build()))).isEqualTo(ControlResult.OK);

            push(1);

            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(1_000_000);
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }
    }

    @Nested
    class Discard {

        @Test
        void required_COAL9_aResetDiscardsPendingCompletionsAndDecidesFromTheReattachedRspProd() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            push(3);

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.ResetContext(1))).isEqualTo(ControlResult.OK);
            rig.device.advanceTo(2_000_000);
            assertThat(rig.sink.notifications()).as("discarded without a decision").isEmpty();

            rspEvent(Queue.TX, 2); // in (0, 13] but not in (3, 13]: D is the re-attached rsp_prod 3
            push(10);
            assertThat(rig.sink.notifications()).isEmpty();
            rspEvent(Queue.TX, 14);
            push(10);
            assertThat(rig.sink.notifications()).containsExactly(TX);
        }

        @Test
        void required_COAL9_aContextThatFailsDiscardsItsPendingCompletions() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000_000));
            push(3);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 1000); // RING-11

            rig.device.kick(1, Queue.TX);
            rig.device.advanceTo(5_000_000);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.sink.notifications()).isEmpty();
        }

        @Test
        void required_COAL9_theFatalStopsPublishIsStillADecisionPoint() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(2, 1_000_000));
            push(1);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.queueRaw(1, Rig.dataGref(1, 1), 4000, 0, 2, 200); // DESC-5: fatal

            rig.pushTx(1);

            assertThat(rig.sink.notifications()).as("2 pending at the publish before the stop").containsExactly(TX);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
        }

        @Test
        void required_MEM10_aDeadlineOnARingPageTakenBackIsFatalAndTouchesNothing() {
            rig.create(1, 0);
            coalesce(Queue.TX, new Coalescing(10, 1_000));
            push(1);
            rig.memory.revoke(Rig.txGref(1));
            rig.memory.reads().clear();

            rig.device.advanceTo(1_000);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.memory.reads()).isEmpty();
            assertThat(rig.sink.notifications()).isEmpty();
        }
    }

    @Nested
    class Control {

        @Test
        void required_COAL1_aDeviceNotClaimingCoalescingRefusesAnythingButImmediateNotSupported() {
            rig = new Rig(Set.of(Profile.CORE));
            rig.create(1, 0);

            for (Coalescing coalescing : List.of(new Coalescing(4, 1_000), new Coalescing(0, 5), new Coalescing(-1, 0))) {
                for (Queue queue : Queue.values()) {
                    assertThat(coalesce(queue, coalescing)).as("%s %s", queue, coalescing)
                            .isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
                                assertThat(r.rule()).isEqualTo("COAL-1");
                                assertThat(r.category()).isEqualTo(RejectCategory.NOT_SUPPORTED);
                            });
                }
            }
            assertThat(coalesce(Queue.TX, Coalescing.IMMEDIATE)).isEqualTo(ControlResult.OK);
        }

        @Test
        void required_COAL2_valuesOutOfRangeAreInvalidConfigAfterTheMulticastList() {
            rig.create(1, 0);
            List<Coalescing> invalid = List.of(new Coalescing(-1, 0), new Coalescing(Coalescing.MAX_FRAMES + 1, 10),
                    new Coalescing(1, -1), new Coalescing(1, Coalescing.MAX_DELAY_NANOS + 1));
            for (Coalescing coalescing : invalid) {
                for (Queue queue : Queue.values()) {
                    assertThat(coalesce(queue, coalescing)).as("%s %s", queue, coalescing)
                            .isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
                                assertThat(r.rule()).isEqualTo("COAL-2");
                                assertThat(r.category()).isEqualTo(RejectCategory.INVALID_CONFIG);
                            });
                }
            }
            GuestConfig both = GuestConfig.builder().join(Rig.mac(3)).coalescing(Queue.TX, new Coalescing(-1, 0)).build();
            ControlResult result = rig.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, both));
            assertThat(((ControlResult.Rejected) result).rule()).as("step 5 before step 6").isEqualTo("PRIV-6");
            assertThat(coalesce(Queue.RX, new Coalescing(Coalescing.MAX_FRAMES, Coalescing.MAX_DELAY_NANOS))).isEqualTo(ControlResult.OK);
        }
    }
}
