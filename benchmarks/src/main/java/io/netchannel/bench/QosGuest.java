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
import io.netchannel.api.TxRate;

/**
 * One guest sending 64-byte frames (60 bytes without the FCS) from one context's TX ring to the
 * wire, the TX half of {@link PipelineGuest}, with or without a TX rate limit: the QoS overhead on
 * the real path. A {@link #round()} is {@value #BURST} single-slot requests, one publish, one
 * kick, the responses reaped, and then the clock moved on by the time those frames take at the
 * 10 GbE line rate, so a limited context accrues credit as it would on a real link.
 *
 * <p>The limit, 12 500 bytes per µs (100 Gbit/s) with a 1 MB burst, is far above what the guest
 * offers (0.89 bytes per ns), so the bucket decides every packet and never holds one:
 * {@link #verify()} refuses a run with a single TX_RATE_LIMITED, a missing frame or response.
 * Nothing here allocates after construction.
 */
public final class QosGuest implements Workload {

    /** Packets per round. */
    public static final int BURST = 32;
    /** Bytes per frame: 64 on the wire, less the FCS. */
    public static final int FRAME_BYTES = PipelineGuest.FRAME_BYTES;
    /** A limit that never holds the benchmark's traffic: 100 Gbit/s, 1 MB burst. */
    public static final TxRate NEVER_HOLDS = new TxRate(12_500, 1_000, 1_000_000);
    /** The time {@value #BURST} 64-byte frames take on 10 GbE, 67.2 ns each, rounded up. */
    private static final long ROUND_NANOS = (BURST * 672 + 9) / 10;

    private static final int CONTEXT = 0;
    private static final int TX_RING_GREF = 1;
    private static final int RX_RING_GREF = 2;
    private static final int TX_BUFFER_GREF = 16;
    private static final int GREFS = TX_BUFFER_GREF + BURST;
    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");

    private final String deviceName;
    private final NetchannelDevice device;
    private final CountingSink sink = new CountingSink();
    private final TxRingGuest tx;
    private long now;
    private long rounds;

    /**
     * A device of the provider named {@code deviceName} with one context, limited when
     * {@code limited} is true.
     */
    public QosGuest(String deviceName, boolean limited) {
        this.deviceName = deviceName;
        InMemoryGuestMemory memory = new InMemoryGuestMemory(GREFS);
        byte[] txRing = memory.grant(TX_RING_GREF, CONTEXT, Access.READ_WRITE);
        byte[] rxRing = memory.grant(RX_RING_GREF, CONTEXT, Access.READ_WRITE);
        PipelineGuest.sharedRingInit(txRing);
        PipelineGuest.sharedRingInit(rxRing);
        for (int i = 0; i < BURST; i++) {
            PipelineGuest.writeFrame(memory.grant(TX_BUFFER_GREF + i, CONTEXT, Access.READ_ONLY), 0, PEER_MAC, GUEST_MAC, i);
        }
        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, sink));
        ContextConfig config = ContextConfig.builder().mac(GUEST_MAC).txRingGref(TX_RING_GREF).rxRingGref(RX_RING_GREF)
                .txRate(limited ? NEVER_HOLDS : TxRate.UNLIMITED).build();
        ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(CONTEXT, config));
        if (!(created instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark context: device=" + deviceName
                    + " result=" + created);
        }
        tx = new TxRingGuest(deviceName, device, CONTEXT, txRing, TX_BUFFER_GREF, BURST, FRAME_BYTES);
    }

    /** One burst to the wire, then the clock moves on by the burst's time at line rate. */
    @Override
    public int round() {
        int seen = tx.send();
        now += ROUND_NANOS;
        device.advanceTo(now);
        rounds++;
        return seen;
    }

    @Override
    public void verify() {
        long packets = rounds * BURST;
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", tx.anomalies(), 0);
        expect(wrong, "frames on the wire", sink.frames(), packets);
        expect(wrong, "TX_FRAMES", device.counter(CONTEXT, Counter.TX_FRAMES), packets);
        expect(wrong, "TX_RATE_LIMITED", device.counter(CONTEXT, Counter.TX_RATE_LIMITED), 0);
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
