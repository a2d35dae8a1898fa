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
import io.netchannel.api.SwitchMode;

/**
 * Two guests of one device in {@link SwitchMode#VEB} (spec 08, section 4), one sending to the
 * other: the device switches every frame from sender A's TX ring into receiver B's RX ring, and
 * nothing reaches the wire (CTX-6).
 *
 * <p>A {@link #round()} is {@value #BURST} single-slot TX requests of {@value #FRAME_BYTES}-byte
 * unicast frames from A's MAC to B's, both contexts Untagged, published with one
 * {@code req_prod} store and one kick, and A's guest reaping the responses ({@link TxRingGuest});
 * during the kick the device checks each frame's source MAC (TXF-2) and VLAN (TXF-3), finds B as
 * the one owner of its destination on its VLAN, writes it into one of B's posted buffers and keeps
 * it off the wire. Then B's guest reaps the {@value #BURST} RX responses and posts the buffers
 * again with one {@code req_prod} store ({@link RxRingGuest}), keeping two bursts' worth posted so a
 * burst always finds a buffer.
 *
 * <p>Nothing here allocates after construction. {@link #verify()} refuses a run in which any
 * packet was not answered OKAY, not counted in A's {@code TX_FRAMES}, not delivered to B at
 * {@value #FRAME_BYTES} bytes, or reached the wire.
 */
public final class SwitchGuest implements Workload {

    /** Packets per round. */
    public static final int BURST = 32;
    /** Bytes per frame, as the pipeline's: 64 on the wire, less the FCS. */
    public static final int FRAME_BYTES = PipelineGuest.FRAME_BYTES;

    private static final int SENDER = 0;
    private static final int RECEIVER = 1;
    private static final int SENDER_TX_RING_GREF = 1;
    private static final int SENDER_RX_RING_GREF = 2;
    private static final int RECEIVER_TX_RING_GREF = 3;
    private static final int RECEIVER_RX_RING_GREF = 4;
    private static final int TX_BUFFER_GREF = 16;
    private static final int RX_BUFFER_GREF = TX_BUFFER_GREF + BURST;
    /** B's RX buffers kept posted: two bursts, so a burst always finds a buffer. */
    private static final int RX_BUFFERS = 2 * BURST;
    /** A's RX ring gets nothing: two buffers, so a frame wrongly sent back would be counted, not dropped. */
    private static final int SENDER_RX_BUFFER_GREF = RX_BUFFER_GREF + RX_BUFFERS;
    private static final int SENDER_RX_BUFFERS = 2;
    private static final int GREFS = SENDER_RX_BUFFER_GREF + SENDER_RX_BUFFERS;

    private static final MacAddress SENDER_MAC = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress RECEIVER_MAC = MacAddress.parse("02:00:00:00:00:0b");

    private final String deviceName;
    private final NetchannelDevice device;
    private final CountingSink sink = new CountingSink();
    private final TxRingGuest tx;
    private final RxRingGuest rx;
    private final RxRingGuest senderRx;

    private long rounds;

    /** A device of the provider named {@code deviceName} in VEB mode with the two contexts, B's RX buffers posted. */
    public SwitchGuest(String deviceName) {
        this.deviceName = deviceName;
        InMemoryGuestMemory memory = new InMemoryGuestMemory(GREFS);
        byte[] senderTxRing = memory.grant(SENDER_TX_RING_GREF, SENDER, Access.READ_WRITE);
        byte[] senderRxRing = memory.grant(SENDER_RX_RING_GREF, SENDER, Access.READ_WRITE);
        byte[] receiverTxRing = memory.grant(RECEIVER_TX_RING_GREF, RECEIVER, Access.READ_WRITE);
        byte[] receiverRxRing = memory.grant(RECEIVER_RX_RING_GREF, RECEIVER, Access.READ_WRITE);
        for (byte[] ring : new byte[][] {senderTxRing, senderRxRing, receiverTxRing, receiverRxRing}) {
            PipelineGuest.sharedRingInit(ring);
        }
        for (int i = 0; i < BURST; i++) {
            // netfront grants TX pages read-only: the device only reads them
            PipelineGuest.writeFrame(memory.grant(TX_BUFFER_GREF + i, SENDER, Access.READ_ONLY), 0, RECEIVER_MAC,
                    SENDER_MAC, i);
        }
        for (int i = 0; i < RX_BUFFERS; i++) {
            memory.grant(RX_BUFFER_GREF + i, RECEIVER, Access.READ_WRITE);
        }
        for (int i = 0; i < SENDER_RX_BUFFERS; i++) {
            memory.grant(SENDER_RX_BUFFER_GREF + i, SENDER, Access.READ_WRITE);
        }

        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, sink));
        control(new ControlRequest.SetSwitchMode(SwitchMode.VEB), "switch mode VEB");
        control(new ControlRequest.CreateContext(SENDER, ContextConfig.builder().mac(SENDER_MAC)
                .txRingGref(SENDER_TX_RING_GREF).rxRingGref(SENDER_RX_RING_GREF).build()), "sender context");
        control(new ControlRequest.CreateContext(RECEIVER, ContextConfig.builder().mac(RECEIVER_MAC)
                .txRingGref(RECEIVER_TX_RING_GREF).rxRingGref(RECEIVER_RX_RING_GREF).build()), "receiver context");
        tx = new TxRingGuest(deviceName, device, SENDER, senderTxRing, TX_BUFFER_GREF, BURST, FRAME_BYTES);
        rx = new RxRingGuest(deviceName, RECEIVER, receiverRxRing, RX_BUFFER_GREF, RX_BUFFERS, BURST, FRAME_BYTES);
        senderRx = new RxRingGuest(deviceName, SENDER, senderRxRing, SENDER_RX_BUFFER_GREF, SENDER_RX_BUFFERS, 0,
                FRAME_BYTES);
        rx.postAll();
        senderRx.postAll();
    }

    private void control(ControlRequest request, String what) {
        ControlResult result = device.control(Caller.HOST, request);
        if (!(result instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark's " + what + ": device=" + deviceName
                    + " request=" + request + " result=" + result);
        }
    }

    /**
     * One burst of {@value #BURST} packets from A's TX ring switched into B's RX ring, both
     * guests' work included. A's RX ring is not read here: it must stay empty, which
     * {@link #verify()} checks through the device's counters.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    @Override
    public int round() {
        int seen = tx.send() + rx.reap();
        rounds++;
        return seen;
    }

    /**
     * Checks that every round so far did the whole workload: every packet answered OKAY and
     * counted once in A's {@code TX_FRAMES}, delivered to B at {@value #FRAME_BYTES} bytes (a
     * burst's worth every round), none back to A, none on the wire, no drop, error or fatal state.
     *
     * @throws IllegalStateException naming what differs
     */
    @Override
    public void verify() {
        senderRx.reap(); // counts as anomalies any frame switched back to the sender
        long packets = rounds * BURST;
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", tx.anomalies() + rx.anomalies() + senderRx.anomalies(), 0);
        expect(wrong, "frames on the wire", sink.frames(), 0);
        expect(wrong, "sender TX_FRAMES", device.counter(SENDER, Counter.TX_FRAMES), packets);
        expect(wrong, "sender TX_BYTES", device.counter(SENDER, Counter.TX_BYTES), packets * FRAME_BYTES);
        expect(wrong, "receiver RX_FRAMES", device.counter(RECEIVER, Counter.RX_FRAMES), packets);
        expect(wrong, "receiver RX_BYTES", device.counter(RECEIVER, Counter.RX_BYTES), packets * FRAME_BYTES);
        expect(wrong, "sender RX_FRAMES", device.counter(SENDER, Counter.RX_FRAMES), 0);
        expect(wrong, "WIRE_RX_FRAMES", device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES), 0);
        expect(wrong, "WIRE_DROP_NO_CONTEXT", device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT), 0);
        expect(wrong, "HOST_SWITCHED_FRAMES", device.counter(Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES), 0);
        for (Counter zero : new Counter[] {Counter.TX_ERRORS, Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN,
            Counter.TX_DROP_FILTER, Counter.RX_DROP_NO_BUFFER, Counter.RX_DROP_BAD_BUFFER, Counter.RX_DROP_FAILED,
            Counter.FATAL_ERRORS}) {
            expect(wrong, "sender " + zero, device.counter(SENDER, zero), 0);
            expect(wrong, "receiver " + zero, device.counter(RECEIVER, zero), 0);
        }
        for (int context : new int[] {SENDER, RECEIVER}) {
            if (device.state(context) != ContextState.ACTIVE) {
                wrong.append(" context ").append(context).append(" state=").append(device.state(context));
            }
        }
        if (wrong.length() > 0) {
            throw new IllegalStateException("device " + deviceName + " did not do the VEB switch workload after "
                    + rounds + " rounds:" + wrong);
        }
    }

    /** Rounds run so far. */
    public long rounds() {
        return rounds;
    }

    private static void expect(StringBuilder wrong, String what, long seen, long expected) {
        if (seen != expected) {
            wrong.append(' ').append(what).append('=').append(seen).append(" (expected ").append(expected).append(')');
        }
    }
}
