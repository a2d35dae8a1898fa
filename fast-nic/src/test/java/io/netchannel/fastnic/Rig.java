package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.SharedRingLayout;

/**
 * One fast NIC on test memory with context {@link #CTX} created on two freshly initialised rings
 * (Xen SHARED_RING_INIT: indices 0, both event indices 1), as a guest driver would leave them.
 */
final class Rig {

    static final int CTX = 1;
    static final int TX_RING = 1;
    static final int RX_RING = 2;
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    final TestMemory memory = new TestMemory();
    final RecordingSink sink = new RecordingSink();
    final FastNic nic = new FastNic(new DeviceEnvironment(memory, sink), FastNicProvider.LIMITS);
    final byte[] tx;
    final byte[] rx;

    /** Rings attached at index 0. */
    Rig() {
        this(0);
    }

    /** Rings attached at {@code start}, to exercise the 32-bit wrap. */
    Rig(int start) {
        tx = initRing(TX_RING, CTX, start);
        rx = initRing(RX_RING, CTX, start);
        assertThat(create(CTX, MAC, TX_RING, RX_RING)).isEqualTo(ControlResult.OK);
    }

    byte[] initRing(int gref, int context, int start) {
        byte[] ring = memory.grant(gref, context, Access.READ_WRITE);
        Pages.putU32(ring, SharedRingLayout.REQ_PROD, start);
        Pages.putU32(ring, SharedRingLayout.RSP_PROD, start);
        Pages.putU32(ring, SharedRingLayout.REQ_EVENT, start + 1);
        Pages.putU32(ring, SharedRingLayout.RSP_EVENT, start + 1);
        return ring;
    }

    ControlResult create(int context, MacAddress mac, int txGref, int rxGref) {
        ContextConfig config = ContextConfig.builder().mac(mac).txRingGref(txGref).rxRingGref(rxGref).build();
        return nic.control(Caller.HOST, new ControlRequest.CreateContext(context, config));
    }

    /**
     * A read-only data page whose byte i is {@code (i * step + seed) & 0xFF}, except bytes 6..11,
     * which hold {@link #MAC}: a frame that starts at offset 0 carries the context's own source
     * address and passes TXF-2.
     */
    byte[] dataPage(int gref, int step, int seed) {
        byte[] page = memory.grant(gref, CTX, Access.READ_ONLY);
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (i * step + seed);
        }
        MAC.write(page, 6);
        return page;
    }

    /** A frame of {@code length} bytes addressed to {@code destination}, payload byte i = i * 13. */
    static byte[] frameTo(MacAddress destination, int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) (i * 13);
        }
        destination.write(frame, 0);
        return frame;
    }
}
