package io.netchannel.fastnic;

import static io.netchannel.api.layout.TxRequestLayout.FLAG_EXTRA_INFO;
import static io.netchannel.api.layout.TxRequestLayout.FLAG_MORE_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Worked examples of the TX kick (spec chapters RING and DESC). */
class TransmitTest {

    private static final int DATA_A = 10;
    private static final int DATA_B = 11;
    private static final int NOT_GRANTED = 999;

    private final Rig rig = new Rig();
    private final byte[] pageA = rig.dataPage(DATA_A, 1, 0);
    private final byte[] pageB = rig.dataPage(DATA_B, 7, 3);

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    @Test
    void required_TX1_validTwoSlotPacketGoesOutByteForByte() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 0x1234, 100);
        Pages.putTxRequest(rig.tx, 1, DATA_B, 100, 0, 0x5678, 40);
        byte[] before = rig.tx.clone();
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        byte[] expected = new byte[100];
        System.arraycopy(pageA, 0, expected, 0, 60); // first slot's own length: 100 - 40
        System.arraycopy(pageB, 100, expected, 60, 40);
        assertThat(rig.sink.frames).containsExactly(expected);
        assertThat(rig.sink.ports).containsExactly(0);
        // RING-2, DESC-14: id at 0 echoes the request's id, status at 2; bytes 4..11 untouched.
        assertThat(Pages.txResponseId(rig.tx, 0)).isEqualTo(0x1234);
        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.OKAY);
        assertThat(Pages.txResponseId(rig.tx, 1)).isEqualTo(0x5678);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.OKAY);
        for (int slot = 0; slot < 2; slot++) {
            int at = Pages.txEntry(slot);
            assertThat(Arrays.copyOfRange(rig.tx, at + 4, at + 12)).isEqualTo(Arrays.copyOfRange(before, at + 4, at + 12));
        }
        assertThat(Pages.rspProd(rig.tx)).isEqualTo(2);
        assertThat(Pages.reqEvent(rig.tx)).as("RING-9").isEqualTo(3);
        assertThat(rig.sink.notifications).as("RING-8: rsp_event 1 lies in (0, 2]").containsExactly("1/TX");
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_BYTES)).isEqualTo(100);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_ERRORS)).isZero();
    }

    @Test
    void required_DESC8_shortFirstSlotIsPerPacketError() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 7, 20);
        Pages.putTxRequest(rig.tx, 1, DATA_B, 0, 0, 8, 10); // own length 10 < 14
        Pages.putTxRequest(rig.tx, 2, DATA_A, 0, 0, 9, 60); // the next packet still goes out
        Pages.setReqProd(rig.tx, 3);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseId(rig.tx, 1)).isEqualTo(8);
        assertThat(Pages.txResponseStatus(rig.tx, 2)).isEqualTo(NetifStatus.OKAY);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_ERRORS)).isEqualTo(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(rig.sink.frames).hasSize(1);
        assertThat(rig.sink.frames.get(0)).hasSize(60);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
        assertThat(Pages.rspProd(rig.tx)).isEqualTo(3);
    }

    @Test
    void required_DESC5_pageCrossingSlotFailsContextAfterPublishingEarlierPackets() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.putTxRequest(rig.tx, 1, DATA_A, 4000, 0, 2, 200); // 4000 + 200 > 4096
        Pages.putTxRequest(rig.tx, 2, DATA_A, 0, 0, 3, 60);
        Pages.setReqProd(rig.tx, 3);
        int crossing = Pages.txEntry(1);
        byte[] crossingBefore = Arrays.copyOfRange(rig.tx, crossing, crossing + 12);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).isEqualTo(1);
        assertThat(rig.sink.frames).as("DESC-12: the earlier packet still goes out").hasSize(1);
        assertThat(Pages.rspProd(rig.tx)).isEqualTo(1);
        assertThat(rig.sink.notifications).containsExactly("1/TX");
        assertThat(Arrays.copyOfRange(rig.tx, crossing, crossing + 12)).as("DESC-12: not answered").isEqualTo(crossingBefore);
        assertThat(Pages.reqEvent(rig.tx)).as("no final check after a fatal error").isEqualTo(1);

        byte[] after = rig.tx.clone();
        rig.nic.kick(Rig.CTX, Queue.TX);
        assertThat(rig.tx).as("RING-13: a failed context ignores kicks").isEqualTo(after);
    }

    @Test
    void required_DESC5_dataSlotCrossingItsPageIsFatalEvenWhenEmpty() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 1, 60);
        Pages.putTxRequest(rig.tx, 1, NOT_GRANTED, 4097, 0, 2, 0);
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.sink.frames).isEmpty();
        assertThat(Pages.rspProd(rig.tx)).isZero();
    }

    @Test
    void required_RING11_producerIndex257AheadIsFatal() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.setReqProd(rig.tx, 257);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).isEqualTo(1);
        assertThat(rig.sink.frames).isEmpty();
        assertThat(Pages.rspProd(rig.tx)).isZero();
        assertThat(Pages.txResponseId(rig.tx, 0)).as("the request is left as the guest wrote it").isEqualTo(DATA_A);
    }

    @Test
    void required_RING12_fullRingAcrossTheWrapIsConsumed() {
        int start = -100; // 2^32 - 100: the indices wrap halfway through (RING-4)
        Rig wrapped = new Rig(start);
        wrapped.dataPage(DATA_A, 1, 0);
        for (int i = 0; i < 256; i++) {
            Pages.putTxRequest(wrapped.tx, start + i, DATA_A, 0, 0, i, 14 + i); // offset 0: the context's source MAC
        }
        Pages.setReqProd(wrapped.tx, start + 256);

        wrapped.nic.kick(Rig.CTX, Queue.TX);

        assertThat(wrapped.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
        assertThat(wrapped.sink.frames).hasSize(256);
        assertThat(wrapped.sink.frames.get(255)).hasSize(14 + 255);
        assertThat(Pages.rspProd(wrapped.tx)).isEqualTo(start + 256);
        assertThat(Pages.reqEvent(wrapped.tx)).isEqualTo(start + 257);
        assertThat(Pages.txResponseId(wrapped.tx, start + 255)).isEqualTo(255);
        assertThat(wrapped.sink.notifications).containsExactly("1/TX");
        assertThat(wrapped.memory.findings()).isEmpty();
    }

    @Test
    void required_RING8_notifiesOnlyWhenRspEventLiesInThePublishedWindow() {
        Pages.setRspEvent(rig.tx, 3);
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.setReqProd(rig.tx, 1);
        rig.nic.kick(Rig.CTX, Queue.TX); // 0 -> 1: 3 not in (0, 1]
        assertThat(rig.sink.notifications).isEmpty();

        Pages.putTxRequest(rig.tx, 1, DATA_A, 0, 0, 2, 60);
        Pages.putTxRequest(rig.tx, 2, DATA_A, 0, 0, 3, 60);
        Pages.setReqProd(rig.tx, 3);
        rig.nic.kick(Rig.CTX, Queue.TX); // 1 -> 3: 3 in (1, 3]
        assertThat(rig.sink.notifications).containsExactly("1/TX");

        Pages.putTxRequest(rig.tx, 3, DATA_A, 0, 0, 4, 60);
        Pages.setReqProd(rig.tx, 4);
        rig.nic.kick(Rig.CTX, Queue.TX); // 3 -> 4: 3 not in (3, 4]
        assertThat(rig.sink.notifications).hasSize(1);

        Pages.setRspEvent(rig.tx, 4);
        rig.nic.kick(Rig.CTX, Queue.TX); // nothing new: an empty push never notifies
        assertThat(rig.sink.notifications).hasSize(1);
        assertThat(rig.sink.frames).hasSize(4);
    }

    @Test
    void required_RING9_requestPublishedWhileTheEventIsArmedIsProcessedInTheSameKick() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.setReqProd(rig.tx, 1);
        // The guest publishes a second packet just after the device writes req_event: it sees
        // req_event = 2 <= its new req_prod and would not kick, so the device must find it.
        rig.memory.onceAfterWriteU32(Rig.TX_RING, SharedRingLayout.REQ_EVENT, () -> {
            Pages.putTxRequest(rig.tx, 1, DATA_A, 0, 0, 2, 70);
            Pages.setReqProd(rig.tx, 2);
        });

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.sink.frames).hasSize(2);
        assertThat(Pages.rspProd(rig.tx)).isEqualTo(2);
        assertThat(Pages.reqEvent(rig.tx)).isEqualTo(3);
    }

    @Test
    void required_DESC11_extrasAnsweredNullKeepingTheirFirstTwoBytes() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_EXTRA_INFO | FLAG_MORE_DATA, 0x0A0A, 70);
        Pages.putExtra(rig.tx, 1, ExtraInfoLayout.TYPE_HASH, ExtraInfoLayout.FLAG_MORE, new byte[6]);
        Pages.putExtra(rig.tx, 2, ExtraInfoLayout.TYPE_HASH, 0, new byte[6]);
        Pages.putTxRequest(rig.tx, 3, DATA_B, 0, 0, 0x0B0B, 10);
        Pages.setReqProd(rig.tx, 4);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.OKAY);
        assertThat(Pages.txResponseId(rig.tx, 1)).isEqualTo(ExtraInfoLayout.TYPE_HASH | ExtraInfoLayout.FLAG_MORE << 8);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.NULL);
        assertThat(Pages.txResponseId(rig.tx, 2)).isEqualTo(ExtraInfoLayout.TYPE_HASH);
        assertThat(Pages.txResponseStatus(rig.tx, 2)).isEqualTo(NetifStatus.NULL);
        assertThat(Pages.txResponseId(rig.tx, 3)).isEqualTo(0x0B0B);
        assertThat(Pages.txResponseStatus(rig.tx, 3)).isEqualTo(NetifStatus.OKAY);
        assertThat(rig.sink.frames).hasSize(1);
        assertThat(rig.sink.frames.get(0)).hasSize(70);
    }

    @Test
    void required_TSO1_gsoExtraOnAFrameThatIsNotTcpIsAPerPacketError() {
        // DESC-16 does not apply: this device claims tso. The frame is not TCP/IP, so TSO-1 refuses it.
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_EXTRA_INFO, 1, 60);
        Pages.putExtra(rig.tx, 1, ExtraInfoLayout.TYPE_GSO, 0, new byte[] {(byte) 0xA8, 0x05, 1, 0, 0, 0});
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.NULL);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_ERRORS)).isEqualTo(1);
        assertThat(rig.sink.frames).isEmpty();
    }

    @Test
    void required_DESC4_gsoExtraWithSizeZeroIsFatal() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_EXTRA_INFO, 1, 60);
        Pages.putExtra(rig.tx, 1, ExtraInfoLayout.TYPE_GSO, 0, new byte[] {0, 0, 1, 0, 0, 0});
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
    }

    @Test
    void required_DESC3_chainRunningPastReqProdIsFatal() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 1, 60);
        Pages.setReqProd(rig.tx, 1);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).isEqualTo(1);
    }

    @Test
    void required_DESC6_eighteenDataSlotsPassNineteenErrTwentyOneKill() {
        assertThat(sendWithEmptyDataSlots(18)).isEqualTo(NetifStatus.OKAY);
        assertThat(sendWithEmptyDataSlots(19)).isEqualTo(NetifStatus.ERROR);
        assertThat(sendWithEmptyDataSlots(20)).isEqualTo(NetifStatus.ERROR);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
        sendWithEmptyDataSlots(21);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.sink.frames).hasSize(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_ERRORS)).isEqualTo(2);
    }

    /** DESC-10: empty data slots name a grant that does not exist, and must never touch it. */
    private short sendWithEmptyDataSlots(int dataSlots) {
        int start = Pages.rspProd(rig.tx);
        Pages.putTxRequest(rig.tx, start, DATA_A, 0, FLAG_MORE_DATA, 1, 60);
        for (int i = 1; i <= dataSlots; i++) {
            Pages.putTxRequest(rig.tx, start + i, NOT_GRANTED, 0, i < dataSlots ? FLAG_MORE_DATA : 0, 1 + i, 0);
        }
        Pages.setReqProd(rig.tx, start + 1 + dataSlots);
        rig.nic.kick(Rig.CTX, Queue.TX);
        return Pages.txResponseStatus(rig.tx, start);
    }

    @Test
    void required_DESC9_unreadableFragmentGrantIsPerPacketErrorAndUntouched() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 1, 70);
        Pages.putTxRequest(rig.tx, 1, NOT_GRANTED, 0, 0, 2, 10);
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.ERROR);
        assertThat(rig.memory.touches(DATA_A)).as("nothing of a refused packet is read").isZero();
        assertThat(rig.sink.frames).isEmpty();
    }

    @Test
    void required_DESC7_fragmentLargerThanWhatRemainsIsPerPacketError() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_MORE_DATA, 1, 60);
        Pages.putTxRequest(rig.tx, 1, DATA_B, 0, 0, 2, 61);
        Pages.setReqProd(rig.tx, 2);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.ERROR);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
    }

    @Test
    void required_DESC15_multicastAddAndDelAreControlRequests() {
        byte[] group = {0x01, 0x00, 0x5E, 0x00, 0x00, 0x01};
        byte[] unicast = {0x02, 0x00, 0x5E, 0x00, 0x00, 0x01};
        // ADD of a group with more_data set: the flag is not followed.
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, FLAG_EXTRA_INFO | FLAG_MORE_DATA, 1, 0);
        Pages.putExtra(rig.tx, 1, ExtraInfoLayout.TYPE_MCAST_ADD, 0, group);
        // ADD of a unicast address: ERROR.
        Pages.putTxRequest(rig.tx, 2, DATA_A, 0, FLAG_EXTRA_INFO, 2, 0);
        Pages.putExtra(rig.tx, 3, ExtraInfoLayout.TYPE_MCAST_ADD, 0, unicast);
        // DEL: OKAY.
        Pages.putTxRequest(rig.tx, 4, DATA_A, 0, FLAG_EXTRA_INFO, 3, 0);
        Pages.putExtra(rig.tx, 5, ExtraInfoLayout.TYPE_MCAST_DEL, 0, group);
        Pages.setReqProd(rig.tx, 6);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.OKAY);
        assertThat(Pages.txResponseStatus(rig.tx, 1)).isEqualTo(NetifStatus.NULL);
        assertThat(Pages.txResponseStatus(rig.tx, 2)).isEqualTo(NetifStatus.ERROR);
        assertThat(Pages.txResponseStatus(rig.tx, 3)).isEqualTo(NetifStatus.NULL);
        assertThat(Pages.txResponseStatus(rig.tx, 4)).isEqualTo(NetifStatus.OKAY);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_ERRORS)).isEqualTo(1);
        assertThat(rig.sink.frames).isEmpty();
        assertThat(rig.memory.touches(DATA_A)).isZero();
    }

    @Test
    void required_MEM10_revokedRingPageFailsTheContextWithoutTouchingIt() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.setReqProd(rig.tx, 1);
        rig.nic.kick(Rig.CTX, Queue.TX); // the ring check is now cached
        rig.memory.revoke(Rig.TX_RING);

        rig.nic.kick(Rig.CTX, Queue.TX);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).isEqualTo(1);
    }

    @Test
    void required_RING15_rxKicksAndKicksOfAbsentContextsChangeNothing() {
        Pages.putTxRequest(rig.tx, 0, DATA_A, 0, 0, 1, 60);
        Pages.setReqProd(rig.tx, 1);
        byte[] before = rig.tx.clone();

        rig.nic.kick(Rig.CTX, Queue.RX);
        rig.nic.kick(7, Queue.TX);
        rig.nic.kick(-1, Queue.TX);
        rig.nic.kick(1 << 20, Queue.TX);

        assertThat(rig.tx).isEqualTo(before);
        assertThat(rig.sink.frames).isEmpty();
        assertThat(rig.memory.touches(Rig.TX_RING)).as("only the attach write").isEqualTo(3);
    }
}
