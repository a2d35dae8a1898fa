package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounds checked by default: random ring bytes and producer indices never make the device throw,
 * hang or touch memory it may not (MEM-1..5), whatever state they drive the context into.
 */
class HostileRingTest {

    private static final long SEED = 0x5EED_2026L;

    @Test
    void required_MEM2_MEM5_randomRingContentNeverThrowsNorStrays() {
        Random random = new Random(SEED);
        Rig rig = new Rig();
        // A few real grants so some random grefs hit: read-only, read-write, another context's.
        rig.dataPage(3, 1, 0);
        rig.memory.grant(4, Rig.CTX, Access.READ_WRITE);
        rig.memory.grant(5, 2, Access.READ_WRITE);
        int failures = 0;
        for (int round = 0; round < 3000; round++) {
            scribble(random, rig.tx);
            scribble(random, rig.rx);
            int prod = random.nextBoolean() ? Pages.rspProd(rig.tx) + random.nextInt(258) : random.nextInt();
            Pages.setReqProd(rig.tx, prod);
            Pages.setReqProd(rig.rx, Pages.rspProd(rig.rx) + random.nextInt(20));
            rig.nic.kick(Rig.CTX, Queue.TX);
            byte[] frame = Rig.frameTo(Rig.MAC, 14 + random.nextInt(9000));
            rig.nic.receive(0, frame, 0, frame.length);
            if (rig.nic.state(Rig.CTX) == ContextState.FAILED) {
                failures++;
                // The host re-attaches after the guest drew rsp_prod up to its req_prod.
                Pages.putU32(rig.tx, SharedRingLayout.RSP_PROD, Pages.u32(rig.tx, SharedRingLayout.REQ_PROD));
                Pages.putU32(rig.rx, SharedRingLayout.RSP_PROD, Pages.u32(rig.rx, SharedRingLayout.REQ_PROD));
                assertThat(rig.nic.control(Caller.HOST, new ControlRequest.ResetContext(Rig.CTX))).isEqualTo(ControlResult.OK);
            }
        }
        assertThat(rig.memory.findings()).isEmpty();
        assertThat(failures).as("the random rings reached the fatal paths").isPositive();
        assertThat(rig.sink.frames.size()).as("and the valid ones").isPositive();
    }

    /** Random bytes over the entries, with grefs mostly small so some of them exist. */
    private static void scribble(Random random, byte[] ring) {
        for (int at = SharedRingLayout.ENTRIES; at < ring.length; at++) {
            ring[at] = (byte) random.nextInt();
        }
        for (int slot = 0; slot < SharedRingLayout.RING_SIZE; slot++) {
            int entry = Pages.txEntry(slot);
            if (random.nextInt(4) != 0) {
                Pages.putU32(ring, entry, random.nextInt(6)); // TX gref, or RX id + pad
                Pages.putU16(ring, entry + 4, random.nextInt(4200)); // TX offset
                Pages.putU16(ring, entry + 6, random.nextInt(16)); // TX flags
                Pages.putU16(ring, entry + 10, random.nextInt(200)); // TX size
            }
            if (slot < 170) {
                Pages.putU32(ring, Pages.rxEntry(slot) + 4, random.nextInt(6)); // RX gref
            }
        }
    }
}
