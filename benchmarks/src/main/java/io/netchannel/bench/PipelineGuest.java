package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.layout.SharedRingLayout;
import java.lang.invoke.VarHandle;
import java.util.ServiceLoader;

/**
 * One guest driving one context of a device through a 64-byte pipeline, the way a netfront
 * driver would: the work of both directions, guest side and device side, for one burst.
 *
 * <p>A {@link #round()} is {@value #BURST} packets each way:
 * <ol>
 *   <li>TX: the guest writes {@value #BURST} single-slot TX requests of {@value #FRAME_BYTES}
 *       bytes into the TX ring, publishes {@code req_prod} once and kicks; the device reads and
 *       validates each request, checks the source MAC, copies the frame out of guest memory and
 *       sends it to the wire; the guest then reaps the {@value #BURST} TX responses.</li>
 *   <li>RX: {@value #BURST} frames of {@value #FRAME_BYTES} bytes for the context's MAC arrive
 *       from the wire; the device demultiplexes each by destination MAC, takes a posted RX buffer
 *       and writes the frame and its response; the guest then reaps the responses and posts the
 *       same buffers again, publishing {@code req_prod} once.</li>
 * </ol>
 *
 * <p>{@value #FRAME_BYTES} bytes is a minimum Ethernet frame as the device sees it (the api
 * carries frames without the 4-byte FCS): 64 bytes on the wire, the size that defines the 10 GbE
 * line rate of 14.88 Mpps.
 *
 * <p>Nothing here allocates after construction. Every anomaly (a response that is not OKAY, an RX
 * status that is not the frame length, a response missing after the call that should have
 * produced it) is counted, and {@link #verify()} refuses a run in which the device did not do the
 * whole workload, so no figure comes from a device that dropped or refused packets.
 */
public final class PipelineGuest {

    /** Packets per direction per round. */
    public static final int BURST = 32;
    /** Bytes per frame: 64 on the wire, less the FCS. */
    public static final int FRAME_BYTES = 60;

    private static final int CONTEXT = 0;
    private static final int TX_RING_GREF = 1;
    private static final int RX_RING_GREF = 2;
    private static final int TX_BUFFER_GREF = 16;
    private static final int RX_BUFFER_GREF = TX_BUFFER_GREF + BURST;
    /** RX buffers kept posted: two bursts, so a burst always finds a buffer. */
    private static final int RX_BUFFERS = 2 * BURST;
    private static final int GREFS = RX_BUFFER_GREF + RX_BUFFERS;

    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");
    /** IEEE 802 local experimental EtherType: no protocol the device might look into. */
    private static final int ETHER_TYPE = 0x88B5;

    private static final VarHandle U32 = PageViews.U32;

    private final String deviceName;
    private final NetchannelDevice device;
    private final CountingSink sink = new CountingSink();
    private final TxRingGuest tx;
    private final RxRingGuest rx;
    /** Bursts of frames arriving from the wire, back to back in one array as a NIC's RX burst. */
    private final byte[] wire = new byte[BURST * FRAME_BYTES];

    private long rounds;

    /** A device of the provider named {@code deviceName} with one context, its rings set up and RX buffers posted. */
    public PipelineGuest(String deviceName) {
        this.deviceName = deviceName;
        io.netchannel.api.InMemoryGuestMemory memory = new io.netchannel.api.InMemoryGuestMemory(GREFS);
        byte[] txRing = memory.grant(TX_RING_GREF, CONTEXT, Access.READ_WRITE);
        byte[] rxRing = memory.grant(RX_RING_GREF, CONTEXT, Access.READ_WRITE);
        sharedRingInit(txRing);
        sharedRingInit(rxRing);
        for (int i = 0; i < BURST; i++) {
            // netfront grants TX pages read-only: the device only reads them
            byte[] page = memory.grant(TX_BUFFER_GREF + i, CONTEXT, Access.READ_ONLY);
            writeFrame(page, 0, PEER_MAC, GUEST_MAC, i);
            writeFrame(wire, i * FRAME_BYTES, GUEST_MAC, PEER_MAC, i);
        }
        for (int i = 0; i < RX_BUFFERS; i++) {
            memory.grant(RX_BUFFER_GREF + i, CONTEXT, Access.READ_WRITE);
        }
        device = provider(deviceName).create(new DeviceEnvironment(memory, sink));
        ContextConfig config = ContextConfig.builder()
                .mac(GUEST_MAC).txRingGref(TX_RING_GREF).rxRingGref(RX_RING_GREF).build();
        ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(CONTEXT, config));
        if (!(created instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark context: device=" + deviceName
                    + " result=" + created);
        }
        tx = new TxRingGuest(deviceName, device, CONTEXT, txRing, TX_BUFFER_GREF, BURST, FRAME_BYTES);
        rx = new RxRingGuest(deviceName, CONTEXT, rxRing, RX_BUFFER_GREF, RX_BUFFERS, BURST, FRAME_BYTES);
        rx.postAll();
    }

    /** Finds the provider named {@code name} through {@link ServiceLoader}, as {@code netchannel certify} does. */
    static DeviceProvider provider(String name) {
        StringBuilder known = new StringBuilder();
        for (DeviceProvider provider : ServiceLoader.load(DeviceProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            known.append(known.length() == 0 ? "" : ", ").append(provider.name());
        }
        throw new IllegalArgumentException("no device provider named " + name + " (known: " + known + ")");
    }

    /**
     * One burst each way: {@value #BURST} packets from the guest to the wire and {@value #BURST}
     * from the wire into the guest, guest work included.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    public int round() {
        return tx.send() + receiveBurst();
    }

    private int receiveBurst() {
        NetchannelDevice dev = device;
        byte[] frames = wire;
        for (int i = 0; i < BURST; i++) {
            dev.receive(0, frames, i * FRAME_BYTES, FRAME_BYTES);
        }
        int seen = rx.reap();
        rounds++;
        return seen;
    }

    /**
     * Checks that every round so far did the whole workload: all TX packets on the wire and
     * answered OKAY, all RX frames delivered, no error, drop or fatal state.
     *
     * @throws IllegalStateException naming what differs
     */
    public void verify() {
        long packets = rounds * BURST;
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", rx.anomalies() + tx.anomalies(), 0);
        expect(wrong, "frames on the wire", sink.frames(), packets);
        expect(wrong, "bytes on the wire", sink.bytes(), packets * FRAME_BYTES);
        expect(wrong, "TX_FRAMES", device.counter(CONTEXT, Counter.TX_FRAMES), packets);
        expect(wrong, "RX_FRAMES", device.counter(CONTEXT, Counter.RX_FRAMES), packets);
        expect(wrong, "TX_ERRORS", device.counter(CONTEXT, Counter.TX_ERRORS), 0);
        expect(wrong, "FATAL_ERRORS", device.counter(CONTEXT, Counter.FATAL_ERRORS), 0);
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

    /** Rounds run so far. */
    public long rounds() {
        return rounds;
    }

    /** Notifications the device sent so far. */
    public long notifications() {
        return sink.notifications();
    }

    private static void expect(StringBuilder wrong, String what, long seen, long expected) {
        if (seen != expected) {
            wrong.append(' ').append(what).append('=').append(seen).append(" (expected ").append(expected).append(')');
        }
    }

    /** {@code SHARED_RING_INIT}: indices 0, both event indices 1. */
    static void sharedRingInit(byte[] page) {
        U32.set(page, SharedRingLayout.REQ_PROD, 0);
        U32.set(page, SharedRingLayout.RSP_PROD, 0);
        U32.set(page, SharedRingLayout.REQ_EVENT, SharedRingLayout.INITIAL_EVENT);
        U32.set(page, SharedRingLayout.RSP_EVENT, SharedRingLayout.INITIAL_EVENT);
    }

    /**
     * An untagged {@value #FRAME_BYTES}-byte frame at {@code offset} from {@code src} to
     * {@code dst}, EtherType {@value #ETHER_TYPE}, its payload derived from {@code sequence}.
     */
    static void writeFrame(byte[] bytes, int offset, MacAddress dst, MacAddress src, int sequence) {
        dst.write(bytes, offset);
        src.write(bytes, offset + 6);
        bytes[offset + 12] = (byte) (ETHER_TYPE >>> 8);
        bytes[offset + 13] = (byte) ETHER_TYPE;
        for (int i = 14; i < FRAME_BYTES; i++) {
            bytes[offset + i] = (byte) (sequence + i);
        }
    }
}
