package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxResponseLayout;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Worked examples of frames arriving from the wire (spec chapter DESC, RX rules). */
class ReceiveTest {

    private static final int BUF_A = 20;
    private static final int BUF_B = 21;

    private final Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private byte[] postBuffer(int index, int id, int gref, Access access) {
        byte[] page = rig.memory.grant(gref, Rig.CTX, access);
        Pages.putRxRequest(rig.rx, index, id, gref);
        Pages.setReqProd(rig.rx, index + 1);
        return page;
    }

    @Test
    void required_RX2_frameOf6000BytesTakesTwoSlotsWithMoreDataOnTheFirst() {
        byte[] a = postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE);
        byte[] b = postBuffer(1, 0xBB, BUF_B, Access.READ_WRITE);
        byte[] frame = Rig.frameTo(Rig.MAC, 6000);

        rig.nic.receive(0, frame, 0, frame.length);

        assertThat(Arrays.copyOf(a, 4096)).isEqualTo(Arrays.copyOfRange(frame, 0, 4096));
        assertThat(Arrays.copyOf(b, 1904)).isEqualTo(Arrays.copyOfRange(frame, 4096, 6000));
        assertThat(b[1904]).as("MEM-7: only the bytes the response reports").isZero();
        assertResponse(0, 0xAA, RxResponseLayout.FLAG_MORE_DATA, 4096);
        assertResponse(1, 0xBB, 0, 1904);
        assertThat(Pages.rspProd(rig.rx)).isEqualTo(2);
        assertThat(Pages.reqEvent(rig.rx)).as("req_event is written at attach only").isEqualTo(1);
        assertThat(rig.sink.notifications).containsExactly("1/RX");
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_BYTES)).isEqualTo(6000);
        assertThat(rig.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(1);
    }

    @Test
    void required_RX3_tooFewBuffersDropsTheFrameAndTouchesNothing() {
        byte[] frame = Rig.frameTo(Rig.MAC, 6000);
        rig.nic.receive(0, frame, 0, frame.length);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);

        postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE); // one buffer, two needed
        byte[] before = rig.rx.clone();
        rig.nic.receive(0, frame, 0, frame.length);

        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_NO_BUFFER)).isEqualTo(2);
        assertThat(rig.rx).isEqualTo(before);
        assertThat(rig.memory.touches(BUF_A)).isZero();
        assertThat(rig.sink.notifications).isEmpty();
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_FRAMES)).isZero();
    }

    @Test
    void required_RX4_unwritableBufferAnswersErrorAndWritesNoBuffer() {
        postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE);
        postBuffer(1, 0xBB, BUF_B, Access.READ_ONLY);
        byte[] frame = Rig.frameTo(Rig.MAC, 5000);

        rig.nic.receive(0, frame, 0, frame.length);

        assertResponse(0, 0xAA, 0, NetifStatus.ERROR);
        assertResponse(1, 0xBB, 0, NetifStatus.ERROR);
        assertThat(rig.memory.touches(BUF_A)).isZero();
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_BAD_BUFFER)).isEqualTo(1);
        assertThat(Pages.rspProd(rig.rx)).isEqualTo(2);
    }

    @Test
    void required_RX6_runtsGiantsOtherPortsAndUnownedAddressesAreWireDrops() {
        postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE);
        byte[] frame = Rig.frameTo(Rig.MAC, 100);
        rig.nic.receive(0, frame, 0, 13);
        rig.nic.receive(1, frame, 0, 100);
        rig.nic.receive(0, new byte[70000], 0, 65536);
        byte[] unknown = Rig.frameTo(MacAddress.parse("02:00:00:00:00:99"), 100);
        rig.nic.receive(0, unknown, 0, 100);
        // DEMUX-5, DEMUX-9: a group nobody joined (a broadcast now reaches every member, chapter 06).
        byte[] unheard = Rig.frameTo(MacAddress.parse("01:00:5e:00:00:fb"), 100);
        rig.nic.receive(0, unheard, 0, 100);

        assertThat(rig.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(5);
        assertThat(rig.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(5);
        assertThat(rig.memory.touches(BUF_A)).isZero();
    }

    @Test
    void required_RX5_framesForAFailedContextCountRxDropFailed() {
        Pages.setReqProd(rig.tx, 300); // RING-11 on the next TX kick
        rig.nic.kick(Rig.CTX, io.netchannel.api.Queue.TX);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE);

        byte[] frame = Rig.frameTo(Rig.MAC, 100);
        rig.nic.receive(0, frame, 0, frame.length);

        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_FAILED)).isEqualTo(1);
        assertThat(rig.memory.touches(BUF_A)).isZero();
    }

    @Test
    void required_MEM10_deliveryToARevokedRxRingIsFatalAndCountsRxDropFailed() {
        postBuffer(0, 0xAA, BUF_A, Access.READ_WRITE);
        rig.memory.revoke(Rig.RX_RING);

        byte[] frame = Rig.frameTo(Rig.MAC, 100);
        rig.nic.receive(0, frame, 0, frame.length);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).isEqualTo(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_FAILED)).isEqualTo(1);
    }

    @Test
    void required_RING11_rxProducerFarAheadIsFatal() {
        Pages.setReqProd(rig.rx, 257);
        byte[] frame = Rig.frameTo(Rig.MAC, 100);
        rig.nic.receive(0, frame, 0, frame.length);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_DROP_FAILED)).isEqualTo(1);
    }

    private void assertResponse(int index, int id, int flags, int status) {
        int at = Pages.rxEntry(index);
        assertThat(Pages.u16(rig.rx, at + RxResponseLayout.ID)).isEqualTo(id);
        assertThat(Pages.u16(rig.rx, at + RxResponseLayout.OFFSET)).isZero();
        assertThat(Pages.u16(rig.rx, at + RxResponseLayout.FLAGS)).isEqualTo(flags);
        assertThat((short) Pages.u16(rig.rx, at + RxResponseLayout.STATUS)).isEqualTo((short) status);
    }
}
