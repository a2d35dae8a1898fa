package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import java.lang.invoke.VarHandle;

/**
 * One guest receiving a TCP/IPv4 stream with large receive offload on (spec 11, section 7) and
 * RX checksum offload on: a {@link #round()} is {@value #SEGMENTS} in-order segments of
 * {@value #MSS} payload bytes arriving from the wire, the last with PSH. The device verifies and
 * holds the first, merges the next 44 (LRO-3) and, at the PSH, flushes one merged frame of
 * {@value #MERGED_BYTES} bytes — the most 1448-byte segments that fit 65535 — into the
 * {@value #SLOTS} posted buffers: 16 data slots and the GSO extra (LRO-5). The guest then reaps
 * them and posts the buffers again.
 *
 * <p>{@link #verify()} refuses a run in which a round did not deliver exactly one merged frame of
 * that length with the GSO extra and NETRXF_data_validated, or any segment was dropped. Nothing here
 * allocates after construction.
 */
public final class LroGuest implements Workload {

    /** Payload bytes per segment. */
    public static final int MSS = 1448;
    /** Segments per aggregate: 54 + 45 · 1448 = 65214 bytes; a 46th would pass 65535. */
    public static final int SEGMENTS = (0xFFFF - TcpFrames.HEADERS) / MSS;
    /** The merged frame's length. */
    public static final int MERGED_BYTES = TcpFrames.HEADERS + SEGMENTS * MSS;
    /** Posted requests one merged frame takes: its data slots and the GSO extra's. */
    public static final int SLOTS = (MERGED_BYTES + 4095) / 4096 + 1;

    private static final int CONTEXT = 0;
    private static final int TX_RING_GREF = 1;
    private static final int RX_RING_GREF = 2;
    private static final int BUFFER_GREF = 16;
    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");
    private static final int RX_ENTRY = RxRequestLayout.ENTRY_SIZE;
    private static final int MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final int FIRST_FLAGS = RxResponseLayout.FLAG_EXTRA_INFO | RxResponseLayout.FLAG_MORE_DATA
            | RxResponseLayout.FLAG_DATA_VALIDATED;
    private static final VarHandle U32 = PageViews.U32;
    private static final VarHandle U16 = PageViews.U16;

    private final String deviceName;
    private final NetchannelDevice device;
    private final byte[] ring;
    private final byte[][] segments = new byte[SEGMENTS][];
    private int reqProd;
    private int rspCons;
    private long rounds;
    private long anomalies;

    /** A device of the provider named {@code deviceName} with one context whose guest turned LRO on. */
    public LroGuest(String deviceName) {
        this.deviceName = deviceName;
        InMemoryGuestMemory memory = new InMemoryGuestMemory(BUFFER_GREF + SLOTS);
        PipelineGuest.sharedRingInit(memory.grant(TX_RING_GREF, CONTEXT, Access.READ_WRITE));
        ring = memory.grant(RX_RING_GREF, CONTEXT, Access.READ_WRITE);
        PipelineGuest.sharedRingInit(ring);
        for (int i = 0; i < SLOTS; i++) {
            memory.grant(BUFFER_GREF + i, CONTEXT, Access.READ_WRITE);
        }
        for (int i = 0; i < SEGMENTS; i++) {
            int flags = TcpFrames.ACK | (i == SEGMENTS - 1 ? TcpFrames.PSH : 0);
            segments[i] = TcpFrames.build(GUEST_MAC, PEER_MAC, 0x2000 + i, 7_000_000L + (long) i * MSS, flags, MSS, i);
        }
        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, new CountingSink()));
        ContextConfig config = ContextConfig.builder().mac(GUEST_MAC).txRingGref(TX_RING_GREF).rxRingGref(RX_RING_GREF).build();
        ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(CONTEXT, config));
        ControlResult offloads = device.control(Caller.guest(CONTEXT), new ControlRequest.SetGuestConfig(CONTEXT,
                GuestConfig.builder().offloads(new Offloads(true, Offloads.MAX_LRO_FLUSH_NANOS)).build()));
        if (!(created instanceof ControlResult.Ok) || !(offloads instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark context: device=" + deviceName + " create="
                    + created + " offloads=" + offloads);
        }
        post();
    }

    /** One aggregate: 45 segments in, one merged frame reaped, its buffers posted again. */
    @Override
    public int round() {
        NetchannelDevice dev = device;
        byte[][] frames = segments;
        for (int i = 0; i < SEGMENTS; i++) {
            dev.receive(0, frames[i], 0, frames[i].length);
        }
        byte[] page = ring;
        int cons = rspCons;
        int rspProd = (int) U32.getAcquire(page, SharedRingLayout.RSP_PROD);
        if (rspProd - cons != SLOTS) {
            anomalies++;
        }
        int first = ENTRIES + (cons & MASK) * RX_ENTRY;
        int extra = ENTRIES + ((cons + 1) & MASK) * RX_ENTRY;
        int last = ENTRIES + ((cons + SLOTS - 1) & MASK) * RX_ENTRY;
        if ((short) U16.get(page, first + RxResponseLayout.FLAGS) != FIRST_FLAGS
                || page[extra + ExtraInfoLayout.TYPE] != ExtraInfoLayout.TYPE_GSO
                || (short) U16.get(page, extra + ExtraInfoLayout.GSO_SIZE) != MSS
                || (short) U16.get(page, last + RxResponseLayout.STATUS) != MERGED_BYTES - (SLOTS - 2) * 4096) {
            anomalies++;
        }
        int seen = (short) U16.get(page, last + RxResponseLayout.STATUS);
        rspCons = rspProd;
        post();
        rounds++;
        return seen;
    }

    /** Posts the {@value #SLOTS} buffers again, ids 0 to 16, and publishes req_prod and rsp_event. */
    private void post() {
        byte[] page = ring;
        int prod = reqProd;
        for (int id = 0; id < SLOTS; id++, prod++) {
            int entry = ENTRIES + (prod & MASK) * RX_ENTRY;
            U16.set(page, entry + RxRequestLayout.ID, (short) id);
            U16.set(page, entry + RxRequestLayout.PAD, (short) 0);
            U32.set(page, entry + RxRequestLayout.GREF, BUFFER_GREF + id);
        }
        reqProd = prod;
        U32.setRelease(page, SharedRingLayout.REQ_PROD, prod);
        U32.setRelease(page, SharedRingLayout.RSP_EVENT, rspCons + 1);
    }

    @Override
    public void verify() {
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", anomalies, 0);
        expect(wrong, "RX_FRAMES", device.counter(CONTEXT, Counter.RX_FRAMES), rounds * SEGMENTS);
        expect(wrong, "RX_BYTES", device.counter(CONTEXT, Counter.RX_BYTES), rounds * MERGED_BYTES);
        expect(wrong, "RX_DROP_NO_BUFFER", device.counter(CONTEXT, Counter.RX_DROP_NO_BUFFER), 0);
        expect(wrong, "RX_DROP_BAD_BUFFER", device.counter(CONTEXT, Counter.RX_DROP_BAD_BUFFER), 0);
        expect(wrong, "WIRE_DROP_NO_CONTEXT", device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT), 0);
        if (device.state(CONTEXT) != ContextState.ACTIVE) {
            wrong.append(" state=").append(device.state(CONTEXT));
        }
        if (wrong.length() > 0) {
            throw new IllegalStateException("device " + deviceName + " did not do the benchmark workload after "
                    + rounds + " rounds:" + wrong);
        }
    }

    private static void expect(StringBuilder wrong, String what, long seen, long expected) {
        if (seen != expected) {
            wrong.append(' ').append(what).append('=').append(seen).append(" (expected ").append(expected).append(')');
        }
    }
}
