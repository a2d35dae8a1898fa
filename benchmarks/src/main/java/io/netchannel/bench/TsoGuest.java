package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import java.lang.invoke.VarHandle;

/**
 * One guest sending 64 KiB TCP/IPv4 super-frames with a GSO extra (spec 11, section 6) through a
 * device's real TX path: a {@link #round()} writes one packet's 17 requests — the first slot, the
 * GSO extra (MSS {@value #MSS}, TCPv4), 15 more data slots — publishes, kicks, and reaps the
 * responses. The device reads the 16 pages, checks the frame (TSO-1), enforces the source MAC, and
 * sends the {@value #SEGMENTS} segments to a {@link CountingSink}. The pages are written once, at
 * construction: {@value #FRAME_BYTES} bytes, {@value #PAYLOAD_BYTES} of them payload.
 *
 * <p>{@link #verify()} refuses a run in which a response was not OKAY (NULL for the extra), a
 * segment is missing, or the wire bytes differ from 46 segments' worth. Nothing here allocates after
 * construction.
 */
public final class TsoGuest implements Workload {

    /** The largest packet a TX request can describe. */
    public static final int FRAME_BYTES = 0xFFFF;
    /** TCP payload bytes per super-frame. */
    public static final int PAYLOAD_BYTES = FRAME_BYTES - TcpFrames.HEADERS;
    /** Ethernet MTU 1500 less 52 bytes of IPv4 and TCP headers with timestamps, Linux's usual MSS. */
    public static final int MSS = 1448;
    /** ceil(65481 / 1448). */
    public static final int SEGMENTS = (PAYLOAD_BYTES + MSS - 1) / MSS;
    /** Wire bytes per super-frame: every segment repeats the 54 header bytes. */
    public static final long WIRE_BYTES = (long) SEGMENTS * TcpFrames.HEADERS + PAYLOAD_BYTES;

    private static final int PAGES = (FRAME_BYTES + 4095) / 4096;
    private static final int SLOTS = PAGES + 1;
    private static final int CONTEXT = 0;
    private static final int TX_RING_GREF = 1;
    private static final int RX_RING_GREF = 2;
    private static final int PAGE_GREF = 16;
    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");
    private static final int TX_ENTRY = TxRequestLayout.ENTRY_SIZE;
    private static final int MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final VarHandle U32 = PageViews.U32;
    private static final VarHandle U16 = PageViews.U16;

    private final String deviceName;
    private final NetchannelDevice device;
    private final CountingSink sink = new CountingSink();
    private final byte[] ring;
    private int reqProd;
    private long rounds;
    private long anomalies;

    /** A device of the provider named {@code deviceName} with one untagged context. */
    public TsoGuest(String deviceName) {
        this.deviceName = deviceName;
        InMemoryGuestMemory memory = new InMemoryGuestMemory(PAGE_GREF + PAGES);
        ring = memory.grant(TX_RING_GREF, CONTEXT, Access.READ_WRITE);
        PipelineGuest.sharedRingInit(ring);
        PipelineGuest.sharedRingInit(memory.grant(RX_RING_GREF, CONTEXT, Access.READ_WRITE));
        byte[] frame = TcpFrames.build(PEER_MAC, GUEST_MAC, 0x1000, 1_000_000, TcpFrames.ACK | TcpFrames.PSH, PAYLOAD_BYTES, 3);
        for (int i = 0; i < PAGES; i++) {
            byte[] page = memory.grant(PAGE_GREF + i, CONTEXT, Access.READ_ONLY);
            System.arraycopy(frame, i * 4096, page, 0, Math.min(4096, FRAME_BYTES - i * 4096));
        }
        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, sink));
        ContextConfig config = ContextConfig.builder().mac(GUEST_MAC).txRingGref(TX_RING_GREF).rxRingGref(RX_RING_GREF).build();
        ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(CONTEXT, config));
        if (!(created instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark context: device=" + deviceName + " result=" + created);
        }
    }

    /** One 64 KiB send: 17 requests, one publish, one kick, the responses reaped. */
    @Override
    public int round() {
        byte[] page = ring;
        int prod = reqProd;
        int start = prod;
        request(page, prod++, PAGE_GREF, TxRequestLayout.FLAG_EXTRA_INFO | TxRequestLayout.FLAG_MORE_DATA, FRAME_BYTES);
        int extra = ENTRIES + (prod++ & MASK) * TX_ENTRY;
        page[extra + ExtraInfoLayout.TYPE] = (byte) ExtraInfoLayout.TYPE_GSO;
        page[extra + ExtraInfoLayout.FLAGS] = 0;
        U16.set(page, extra + ExtraInfoLayout.GSO_SIZE, (short) MSS);
        page[extra + ExtraInfoLayout.GSO_TYPE] = (byte) ExtraInfoLayout.GSO_TYPE_TCPV4;
        page[extra + ExtraInfoLayout.GSO_PAD] = 0;
        U16.set(page, extra + ExtraInfoLayout.GSO_FEATURES, (short) 0);
        for (int i = 1; i < PAGES; i++) {
            int size = Math.min(4096, FRAME_BYTES - i * 4096);
            request(page, prod++, PAGE_GREF + i, i < PAGES - 1 ? TxRequestLayout.FLAG_MORE_DATA : 0, size);
        }
        reqProd = prod;
        U32.setRelease(page, SharedRingLayout.REQ_PROD, prod);
        device.kick(CONTEXT, Queue.TX);
        int rspProd = (int) U32.getAcquire(page, SharedRingLayout.RSP_PROD);
        if (rspProd != prod) {
            anomalies++;
        }
        int seen = 0;
        for (int cons = start; cons != rspProd && cons - start < SLOTS; cons++) {
            int entry = ENTRIES + (cons & MASK) * TX_ENTRY;
            short status = (short) U16.get(page, entry + TxResponseLayout.STATUS);
            if (status != (cons == start + 1 ? NetifStatus.NULL : NetifStatus.OKAY)) {
                anomalies++;
            }
            seen += status;
        }
        U32.setRelease(page, SharedRingLayout.RSP_EVENT, rspProd + 1);
        rounds++;
        return seen;
    }

    private static void request(byte[] page, int index, int gref, int flags, int size) {
        int entry = ENTRIES + (index & MASK) * TX_ENTRY;
        U32.set(page, entry + TxRequestLayout.GREF, gref);
        U16.set(page, entry + TxRequestLayout.OFFSET, (short) 0);
        U16.set(page, entry + TxRequestLayout.FLAGS, (short) flags);
        U16.set(page, entry + TxRequestLayout.ID, (short) (index & MASK));
        U16.set(page, entry + TxRequestLayout.SIZE, (short) size);
    }

    @Override
    public void verify() {
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", anomalies, 0);
        expect(wrong, "segments on the wire", sink.frames(), rounds * SEGMENTS);
        expect(wrong, "bytes on the wire", sink.bytes(), rounds * WIRE_BYTES);
        expect(wrong, "TX_FRAMES", device.counter(CONTEXT, Counter.TX_FRAMES), rounds * SEGMENTS);
        expect(wrong, "TX_ERRORS", device.counter(CONTEXT, Counter.TX_ERRORS), 0);
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
