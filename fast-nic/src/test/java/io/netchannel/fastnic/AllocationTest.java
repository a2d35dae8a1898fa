package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Counter;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.TxRequestLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The data paths allocate nothing per packet: a TX kick of a two-slot packet and the delivery of
 * a two-slot frame, measured with the JVM's per-thread allocation counter after warm-up.
 */
class AllocationTest {

    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 20_000;

    private final Rig rig = new Rig();
    private final byte[] frame = Rig.frameTo(Rig.MAC, 5000);
    private int round;

    @Test
    void kickAndReceiveAllocateNothingPerPacket() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        rig.sink.recording = false;
        rig.dataPage(10, 1, 0);
        rig.dataPage(11, 3, 0);
        rig.memory.grant(20, Rig.CTX, Access.READ_WRITE);
        rig.memory.grant(21, Rig.CTX, Access.READ_WRITE);

        for (int i = 0; i < WARM_UP; i++) {
            step();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < MEASURED; i++) {
            step();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        long packets = WARM_UP + MEASURED;
        assertThat(rig.memory.findings()).isEmpty();
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_FRAMES)).isEqualTo(packets);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_FRAMES)).isEqualTo(packets);
        assertThat(rig.sink.notificationCount).isEqualTo(2 * packets);
        // Goal A1 (performance anchors): under one byte per packet; the allocation counter's own
        // call may cost a few bytes, so the bound is the number of packets, not zero.
        assertThat(allocated).as("bytes allocated over %d TX packets and %d RX frames", MEASURED, MEASURED)
                .isLessThan(MEASURED);
    }

    /** The guest posts a two-slot TX packet and two RX buffers, asks to be woken for both, and the device runs. */
    private void step() {
        int at = 2 * round;
        Pages.putTxRequest(rig.tx, at, 10, 0, TxRequestLayout.FLAG_MORE_DATA, round, 1000);
        Pages.putTxRequest(rig.tx, at + 1, 11, 0, 0, round, 400);
        Pages.setReqProd(rig.tx, at + 2);
        Pages.setRspEvent(rig.tx, at + 2);
        rig.nic.kick(Rig.CTX, Queue.TX);
        Pages.putRxRequest(rig.rx, at, round, 20);
        Pages.putRxRequest(rig.rx, at + 1, round, 21);
        Pages.setReqProd(rig.rx, at + 2);
        Pages.setRspEvent(rig.rx, at + 2);
        rig.nic.receive(0, frame, 0, frame.length);
        round++;
    }
}
