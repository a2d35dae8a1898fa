package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Worked examples of the whole device, each reading guest memory the way a guest would. */
class ReferenceDeviceTest {

    private static final int TX_MORE_DATA = 4;
    private static final int TX_EXTRA_INFO = 8;

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    @Test
    void provider_isFoundByServiceLoaderWithItsDeclaredIdentity() {
        List<DeviceProvider> found = new ArrayList<>();
        for (DeviceProvider provider : ServiceLoader.load(DeviceProvider.class)) {
            found.add(provider);
        }
        assertThat(found).anySatisfy(provider -> {
            assertThat(provider.name()).isEqualTo("reference");
            assertThat(provider.identity()).isEqualTo("Netchannel reference model 0.1.0");
            assertThat(provider.profiles()).containsExactlyInAnyOrder(Profile.CORE, Profile.QOS, Profile.CHECKSUM, Profile.TSO, Profile.LRO,
                    Profile.COALESCING, Profile.RELOCATION, Profile.L3L4_DEMUX);
            assertThat(provider.limits().maxContexts()).isEqualTo(64);
            assertThat(provider.limits().maxMacsPerContext()).isEqualTo(8);
            assertThat(provider.limits().maxMulticastGroups()).isEqualTo(64);
            assertThat(provider.limits().maxContextId()).isEqualTo(4095);
        });
    }

    @Nested
    class Attach {

        @Test
        void required_RING14_createWritesOnlyReqEventAtRspProdPlusOne() {
            rig.memory.grant(Rig.txGref(1), 1, Access.READ_WRITE);
            rig.memory.grant(Rig.rxGref(1), 1, Access.READ_WRITE);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 40);
            Guest.putU32(rig.tx(1), Guest.RSP_PROD, 30);
            Guest.putU32(rig.rx(1), Guest.REQ_PROD, 7);
            Guest.putU32(rig.rx(1), Guest.RSP_PROD, 7);
            byte[] txBefore = rig.tx(1).clone();
            byte[] rxBefore = rig.rx(1).clone();

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.CreateContext(1, Rig.config(1)))).isEqualTo(ControlResult.OK);

            Guest.putU32(txBefore, Guest.REQ_EVENT, 31);
            Guest.putU32(rxBefore, Guest.REQ_EVENT, 8);
            assertThat(rig.tx(1)).isEqualTo(txBefore);
            assertThat(rig.rx(1)).isEqualTo(rxBefore);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_RING14_ringMoreThanFullAtAttachIsBadRingAndNothingIsWritten() {
            rig.memory.grant(Rig.txGref(1), 1, Access.READ_WRITE);
            rig.memory.grant(Rig.rxGref(1), 1, Access.READ_WRITE);
            Guest.putU32(rig.rx(1), Guest.REQ_PROD, 257);

            ControlResult result = rig.device.control(Caller.HOST, new ControlRequest.CreateContext(1, Rig.config(1)));

            assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class,
                    rejected -> assertThat(rejected.category()).isEqualTo(RejectCategory.BAD_RING));
            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ABSENT);
        }

        @Test
        void required_RING14_resetReattachesAFailedContextAtTheSharedRspProd() {
            rig.create(1, 0);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 300); // RING-11
            rig.device.kick(1, Queue.TX);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);

            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 0);
            Guest.putU32(rig.tx(1), Guest.RSP_PROD, 0);
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.ResetContext(1))).isEqualTo(ControlResult.OK);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1); // counters kept
            rig.queueSimple(1, 0, 9, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.pushTx(1);
            assertThat(rig.sink.frames()).hasSize(1);
        }
    }

    @Nested
    class Transmit {

        @Test
        void required_TX1_onePacketOneFrameResponsesPublishedAndNotified() {
            rig.create(1, 0);
            byte[] frame = Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60);
            rig.queueSimple(1, 0, 0x1234, frame);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.sink.frames().get(0).port()).isZero();
            assertThat(rig.sink.frames().get(0).bytes()).isEqualTo(frame);
            assertThat(Guest.txResponseId(rig.tx(1), 0)).isEqualTo(0x1234);
            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo((short) 0);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(1);
            assertThat(Guest.u32(rig.tx(1), Guest.REQ_EVENT)).isEqualTo(2); // RING-9
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.TX));
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(60);
        }

        @Test
        void required_RING2_responseOverwritesOnlyTheFirstFourBytesOfItsEntry() {
            rig.create(1, 0);
            rig.queueSimple(1, 0, 0x0102, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.publishTx(1);
            byte[] expected = rig.tx(1).clone();

            rig.device.kick(1, Queue.TX);

            Guest.putU16(expected, Guest.txEntry(0), 0x0102);
            Guest.putU16(expected, Guest.txEntry(0) + 2, 0);
            Guest.putU32(expected, Guest.RSP_PROD, 1);
            Guest.putU32(expected, Guest.REQ_EVENT, 2);
            assertThat(rig.tx(1)).isEqualTo(expected);
        }

        @Test
        void required_DESC2_chainedFragmentsConcatenateAndTheFirstSlotOwnsSizeMinusTheRest() {
            rig.create(1, 0);
            byte[] frame = Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 100);
            rig.data(1, 0, 10, Arrays.copyOfRange(frame, 0, 40));
            rig.data(1, 1, 4000, Arrays.copyOfRange(frame, 40, 96));
            rig.data(1, 2, 0, Arrays.copyOfRange(frame, 96, 100));
            rig.queueRaw(1, Rig.dataGref(1, 0), 10, TX_MORE_DATA, 1, 100);
            rig.queueRaw(1, Rig.dataGref(1, 1), 4000, TX_MORE_DATA, 2, 56);
            rig.queueRaw(1, 999_999, 0, TX_MORE_DATA, 3, 0); // DESC-10: never looked at
            rig.queueRaw(1, Rig.dataGref(1, 2), 0, 0, 4, 4);

            rig.pushTx(1);

            assertThat(rig.sink.frames()).singleElement().satisfies(f -> assertThat(f.bytes()).isEqualTo(frame));
            for (int i = 0; i < 4; i++) {
                assertThat(Guest.txResponseId(rig.tx(1), i)).isEqualTo(i + 1);
                assertThat(Guest.txResponseStatus(rig.tx(1), i)).isEqualTo((short) 0);
            }
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(4);
        }

        @Test
        void required_DESC11_perPacketErrorAnswersEverySlotAndTheRingKeepsWorking() {
            rig.create(1, 0);
            rig.queueRaw(1, Rig.dataGref(1, 0), 0, TX_EXTRA_INFO | TX_MORE_DATA, 7, 13); // DESC-8: 13 bytes own
            rig.queueExtra(1, 4, 0, new byte[6]); // HASH extra: id bytes are type | flags << 8
            rig.queueRaw(1, Rig.dataGref(1, 1), 0, 0, 8, 0);
            rig.queueSimple(1, 2, 9, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));

            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo((short) -1);
            assertThat(Guest.txResponseId(rig.tx(1), 1)).isEqualTo(4);
            assertThat(Guest.txResponseStatus(rig.tx(1), 1)).isEqualTo((short) 1);
            assertThat(Guest.txResponseStatus(rig.tx(1), 2)).isEqualTo((short) -1);
            assertThat(Guest.txResponseId(rig.tx(1), 2)).isEqualTo(8);
            assertThat(Guest.txResponseStatus(rig.tx(1), 3)).isEqualTo((short) 0);
            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.device.counter(1, Counter.TX_ERRORS)).isEqualTo(1);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_DESC12_fatalPacketPublishesEarlierResponsesThenStopsTheContext() {
            rig.create(1, 0);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.queueRaw(1, Rig.dataGref(1, 1), 4000, 0, 2, 200); // DESC-5
            rig.publishTx(1);
            byte[] fatalEntry = Arrays.copyOfRange(rig.tx(1), Guest.txEntry(1), Guest.txEntry(1) + 12);

            rig.device.kick(1, Queue.TX);

            assertThat(rig.sink.events).containsExactly(
                    new RecordingSink.Frame(0, rig.sink.frames().get(0).bytes()),
                    new RecordingSink.Notification(1, Queue.TX));
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(1);
            assertThat(Arrays.copyOfRange(rig.tx(1), Guest.txEntry(1), Guest.txEntry(1) + 12)).isEqualTo(fatalEntry);
            assertThat(Guest.u32(rig.tx(1), Guest.REQ_EVENT)).as("no req_event write after a fatal error").isEqualTo(1);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
        }

        @Test
        void required_RING8_rspEventBeyondThePushSuppressesTheNotification() {
            rig.create(1, 0);
            Guest.putU32(rig.tx(1), Guest.RSP_EVENT, 3);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.pushTx(1);
            assertThat(rig.sink.notifications()).isEmpty();

            rig.queueSimple(1, 0, 2, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.queueSimple(1, 0, 3, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.pushTx(1); // rsp_prod 1 → 3 covers event 3
            assertThat(rig.sink.notifications()).hasSize(1);
        }

        @Test
        void required_RING9_requestsPublishedDuringTheNotificationAreProcessedInTheSameKick() {
            rig.create(1, 0);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.sink.onNotify = () -> {
                rig.sink.onNotify = () -> { };
                rig.queueSimple(1, 1, 2, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 61));
                rig.publishTx(1); // req_event still says "wake me at 1", so the guest does not kick
            };

            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(2);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(2);
            assertThat(Guest.u32(rig.tx(1), Guest.REQ_EVENT)).isEqualTo(3);
        }

        @Test
        void required_RING12_aCompletelyFullRingIsFullyConsumed() {
            rig.create(1, 0);
            for (int i = 0; i < 256; i++) {
                rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            }
            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(256);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(256);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_RING11_producerMoreThanARingAheadIsFatalAndTouchesNothing() {
            rig.create(1, 0);
            rig.memory.writes().clear();
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 257);

            rig.device.kick(1, Queue.TX);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.sink.events).isEmpty();
        }

        @Test
        void required_RING4_indicesWrapAt2To32Invisibly() {
            rig.create(1, -2); // 2^32 − 2
            for (int i = 0; i < 4; i++) {
                rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            }
            rig.pushTx(1);

            assertThat(rig.sink.frames()).hasSize(4);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).isEqualTo(2);
            assertThat(Guest.txResponseId(rig.tx(1), -1)).isEqualTo(1); // slot 255
            assertThat(Guest.txResponseId(rig.tx(1), 0)).isEqualTo(2);
            assertThat(rig.sink.notifications()).hasSize(1); // rsp_event 2^32 − 1 lies in (2^32 − 2, 2]
        }

        @Test
        void required_RING13_aFailedContextIsIgnoredWhileOthersCarryOn() {
            rig.create(1, 0).create(2, 0);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 1000);
            rig.device.kick(1, Queue.TX);
            rig.memory.writes().clear();

            rig.device.kick(1, Queue.TX);
            rig.queueSimple(2, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(2), 60));
            rig.pushTx(2);

            assertThat(rig.memory.writes()).allSatisfy(w -> assertThat(w.context()).isEqualTo(2));
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
            assertThat(rig.device.state(2)).isEqualTo(ContextState.ACTIVE);
            assertThat(rig.sink.frames()).hasSize(1);
        }

        @Test
        void required_RING15_spuriousKicksChangeNothing() {
            rig.create(1, 0);
            rig.memory.writes().clear();
            byte[] before = rig.tx(1).clone();

            rig.device.kick(1, Queue.TX);
            rig.device.kick(1, Queue.RX);
            rig.device.kick(5, Queue.TX);

            assertThat(rig.tx(1)).isEqualTo(before);
            assertThat(rig.sink.events).isEmpty();
        }

        @Test
        void required_MEM10_revokedTxRingMakesTheNextKickFatalWithoutTouchingThePage() {
            rig.create(1, 0);
            rig.memory.revoke(Rig.txGref(1));

            rig.device.kick(1, Queue.TX);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
        }

        @Test
        void required_DESC15_multicastAddOfANonGroupAddressAnswersErrorAndSendsNothing() {
            rig.create(1, 0);
            rig.queueRaw(1, 0, 0, TX_EXTRA_INFO | TX_MORE_DATA, 5, 0);
            rig.queueExtra(1, 2, 0, new byte[] {0x02, 0, 0, 0, 0, 1}); // MCAST_ADD of a unicast address
            rig.queueRaw(1, Rig.dataGref(1, 0), 0, 0, 6, 60); // a new packet: more_data above is not followed
            rig.data(1, 0, 0, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));

            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo((short) -1);
            assertThat(Guest.txResponseId(rig.tx(1), 0)).isEqualTo(5);
            assertThat(Guest.txResponseStatus(rig.tx(1), 1)).isEqualTo((short) 1);
            assertThat(Guest.txResponseStatus(rig.tx(1), 2)).isEqualTo((short) 0);
            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.device.counter(1, Counter.TX_ERRORS)).isEqualTo(1);
        }

        @Test
        void required_DESC15_multicastAddOfAGroupAnswersOkay() {
            rig.create(1, 0);
            rig.queueRaw(1, 0, 0, TX_EXTRA_INFO, 5, 0);
            rig.queueExtra(1, 2, 0, new byte[] {0x01, 0, 0x5e, 0, 0, 1});

            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).isEqualTo((short) 0);
            assertThat(Guest.txResponseStatus(rig.tx(1), 1)).isEqualTo((short) 1);
            assertThat(rig.sink.frames()).isEmpty();
            assertThat(rig.device.counter(1, Counter.TX_ERRORS)).isZero();
        }
    }

    @Nested
    class Receive {

        @Test
        void required_RX2_oneSlotFrameIsWrittenAtOffsetZeroAndAnswered() {
            rig.create(1, 0);
            rig.postRx(1, 3, 0x77);
            byte[] frame = Rig.frame(Rig.mac(1), 100);

            rig.device.receive(0, frame, 0, frame.length);

            assertThat(Arrays.copyOf(rig.memory.page(Rig.dataGref(1, 3)), 100)).isEqualTo(frame);
            assertThat(Guest.rxResponse(rig.rx(1), 0)).containsExactly(0x77, 0, 0, 100);
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isEqualTo(1);
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.RX));
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.RX_BYTES)).isEqualTo(100);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(1);
        }

        @Test
        void required_RX2_aFrameLongerThanAPageTakesSeveralSlotsWithMoreData() {
            rig.create(1, 0);
            rig.postRx(1, 0, 10);
            rig.postRx(1, 1, 11);
            byte[] frame = Rig.frame(Rig.mac(1), 5000);

            rig.device.receive(0, frame, 0, frame.length);

            assertThat(rig.memory.page(Rig.dataGref(1, 0))).isEqualTo(Arrays.copyOf(frame, 4096));
            assertThat(Arrays.copyOf(rig.memory.page(Rig.dataGref(1, 1)), 904)).isEqualTo(Arrays.copyOfRange(frame, 4096, 5000));
            assertThat(Guest.rxResponse(rig.rx(1), 0)).containsExactly(10, 0, 4, 4096);
            assertThat(Guest.rxResponse(rig.rx(1), 1)).containsExactly(11, 0, 0, 904);
        }

        @Test
        void required_RX3_tooFewBuffersDropsTheFrameAndWritesNothing() {
            rig.create(1, 0);
            rig.postRx(1, 0, 10);
            rig.memory.writes().clear();
            byte[] frame = Rig.frame(Rig.mac(1), 5000);

            rig.device.receive(0, frame, 0, frame.length);

            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.device.counter(1, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);
        }

        @Test
        void required_RX4_unwritableBufferAnswersErrorAndWritesNoBuffer() {
            rig.create(1, 0);
            rig.memory.grant(Rig.dataGref(1, 1), 1, Access.READ_ONLY);
            rig.postRx(1, 0, 10);
            rig.postRx(1, 1, 11);
            byte[] frame = Rig.frame(Rig.mac(1), 5000);

            rig.device.receive(0, frame, 0, frame.length);

            assertThat(rig.memory.page(Rig.dataGref(1, 0))).containsOnly(0);
            assertThat(Guest.rxResponse(rig.rx(1), 0)).containsExactly(10, 0, 0, -1);
            assertThat(Guest.rxResponse(rig.rx(1), 1)).containsExactly(11, 0, 0, -1);
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isEqualTo(2);
            assertThat(rig.device.counter(1, Counter.RX_DROP_BAD_BUFFER)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isZero();
        }

        @Test
        void required_RX5_framesForAFailedContextCountRxDropFailed() {
            rig.create(1, 0);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 1000);
            rig.device.kick(1, Queue.TX);
            rig.postRx(1, 0, 10);

            rig.device.receive(0, Rig.frame(Rig.mac(1), 60), 0, 60);

            assertThat(rig.device.counter(1, Counter.RX_DROP_FAILED)).isEqualTo(1);
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isZero();
        }

        @Test
        void required_RX6_runtsGiantsOtherPortsAndUnknownOrUnheardGroupMacsCountNoContext() {
            rig.create(1, 0);
            rig.postRx(1, 0, 10);
            byte[] giant = Rig.frame(Rig.mac(1), 65536);

            rig.device.receive(0, Rig.frame(Rig.mac(1), 13), 0, 13);
            rig.device.receive(0, giant, 0, giant.length);
            rig.device.receive(1, Rig.frame(Rig.mac(1), 60), 0, 60);
            rig.device.receive(0, Rig.frame(Rig.mac(9), 60), 0, 60);
            rig.device.receive(0, Rig.frame(MacAddress.parse("01:00:5e:00:00:01"), 60), 0, 60); // DEMUX-5: nobody joined it

            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(5);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(5);
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isZero();
        }

        @Test
        void required_MEM10_revokedRxRingMakesTheDeliveryFatal() {
            rig.create(1, 0);
            rig.memory.revoke(Rig.rxGref(1));

            rig.device.receive(0, Rig.frame(Rig.mac(1), 60), 0, 60);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            assertThat(rig.device.counter(1, Counter.RX_DROP_FAILED)).isEqualTo(1);
            assertThat(rig.device.counter(1, Counter.FATAL_ERRORS)).isEqualTo(1);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void required_PRIV9_destroyFreesIdMacsAndCounters() {
            rig.create(1, 0);
            rig.queueSimple(1, 0, 1, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
            rig.pushTx(1);
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.DestroyContext(1))).isEqualTo(ControlResult.OK);

            assertThat(rig.device.state(1)).isEqualTo(ContextState.ABSENT);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isZero();
            rig.device.receive(0, Rig.frame(Rig.mac(1), 60), 0, 60);
            assertThat(rig.device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(1);
        }

        @Test
        void required_PRIV7_createsBeyondTheLimitAnswerNoContextAvailable() {
            for (int id = 0; id < 64; id++) {
                rig.memory.grant(2 * id, id, Access.READ_WRITE);
                rig.memory.grant(2 * id + 1, id, Access.READ_WRITE);
                ContextConfig config = ContextConfig.builder()
                        .mac(Rig.mac(id)).txRingGref(2 * id).rxRingGref(2 * id + 1).build();
                assertThat(rig.device.control(Caller.HOST, new ControlRequest.CreateContext(id, config))).isEqualTo(ControlResult.OK);
            }
            rig.memory.grant(500, 64, Access.READ_WRITE);
            rig.memory.grant(501, 64, Access.READ_WRITE);
            ContextConfig config = ContextConfig.builder().mac(Rig.mac(64)).txRingGref(500).rxRingGref(501).build();

            assertThat(rig.device.control(Caller.HOST, new ControlRequest.CreateContext(64, config)))
                    .isInstanceOf(ControlResult.NoContextAvailable.class);
            assertThat(rig.device.state(64)).isEqualTo(ContextState.ABSENT);
        }

        @Test
        void advanceTo_rejectsTimeGoingBackwards() {
            rig.device.advanceTo(10);
            rig.device.advanceTo(10);
            assertThatThrownBy(() -> rig.device.advanceTo(9)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
