package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A device with a sending context ({@value #TX}) and a receiving context ({@value #RX}) for the
 * offload properties of chapter 11: it writes frames of any length into fresh pages of the sender
 * and queues them with {@code NETTXF_csum_blank}, {@code NETTXF_data_validated} or a GSO extra,
 * posts fresh RX buffers for the receiver, and reads what the receiver was given back as
 * {@link Delivery deliveries}: the frame gathered from its data slots, the first slot's flags, and
 * the GSO extra slot of an LRO delivery (chapter 11, section 7.4).
 */
public final class OffloadBench {

    /** The sending context. */
    public static final int TX = 0;
    /** The receiving context. */
    public static final int RX = 1;
    /** MAC of {@link #TX}. */
    public static final MacAddress TX_MAC = MacAddress.parse("02:00:00:00:0b:01");
    /** MAC of {@link #RX}. */
    public static final MacAddress RX_MAC = MacAddress.parse("02:00:00:00:0b:02");
    /** A unicast MAC nobody owns: frames to it leave on the wire. */
    public static final MacAddress STRANGER = MacAddress.parse("02:00:00:00:0b:63");
    /** Filler of RX buffer pages. */
    public static final byte FILL = (byte) 0xEE;

    private final Harness harness;
    private final GuestDriver tx;
    private final GuestDriver rx;
    private final Map<Integer, Integer> postedAt = new HashMap<>();
    private int outstanding;

    private OffloadBench(DeviceProvider provider, ContextConfig.Builder txConfig, VlanPolicy rxVlan) {
        harness = Harness.start(provider);
        tx = harness.guest(TX);
        rx = harness.guest(RX);
        create(TX, txConfig.mac(TX_MAC));
        create(RX, ContextConfig.builder().mac(RX_MAC).vlan(rxVlan));
    }

    /** A fresh device with both contexts created under the given VLAN policies. */
    public static OffloadBench start(DeviceProvider provider, VlanPolicy txVlan, VlanPolicy rxVlan) {
        return new OffloadBench(provider, ContextConfig.builder().vlan(txVlan), rxVlan);
    }

    /** A fresh device whose sender has the configuration {@code txConfig} builds (its MAC and rings added here). */
    public static OffloadBench start(DeviceProvider provider, ContextConfig.Builder txConfig, VlanPolicy rxVlan) {
        return new OffloadBench(provider, txConfig, rxVlan);
    }

    private void create(int ctx, ContextConfig.Builder builder) {
        GuestDriver guest = harness.guest(ctx);
        ContextConfig config = builder.txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).build();
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
        Check.equal("PRIV-1", harness, "create ctx " + ctx + " with " + config.vlan() + " (set-up)", "Ok", Harness.describe(result));
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The guest driver of {@code ctx}. */
    public GuestDriver guest(int ctx) {
        return harness.guest(ctx);
    }

    /** The guest of {@code ctx} sets its offloads (the rest of its configuration default); returns the answer. */
    public ControlResult offloads(int ctx, Offloads offloads) {
        return harness.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, GuestConfig.builder().offloads(offloads).build()));
    }

    /** {@link #offloads}, which must be accepted. */
    public void enable(int ctx, Offloads offloads, String rule) {
        Check.equal(rule, harness, "SetGuestConfig of ctx " + ctx + " with " + offloads + " (set-up)", "Ok", Harness.describe(offloads(ctx, offloads)));
    }

    /** The host sets the switch mode, which must be accepted. */
    public void switchMode(SwitchMode mode) {
        Check.equal("CTX-4", harness, "SetSwitchMode(" + mode + ") (set-up)", "Ok",
                Harness.describe(harness.control(Caller.HOST, new ControlRequest.SetSwitchMode(mode))));
    }

    // ------------------------------------------------------------------ TX

    /**
     * Writes {@code frame} into fresh pages granted read-only to {@link #TX} and returns the slots
     * that queue it: the first slot (flags {@code flags}, its own fragment {@code firstOwn} bytes
     * at most, at an offset drawn from {@code split}), a GSO extra when {@code gso} is not null,
     * then data slots of at most 4096 bytes (at most 18 of them).
     */
    public List<TxSlot> place(byte[] frame, int flags, TxSlot.Extra gso, int firstOwn, int split) {
        int length = frame.length;
        int own = Math.min(length, Math.max(14, Math.min(4096, firstOwn)));
        int rest = length - own;
        int least = Math.max(1, (rest + 17) / 18); // DESC-6: at most 18 data slots are always accepted
        int chunk = Math.min(4096, Math.max(least, 4096 - (split & 0xFFF)));
        int offset = Math.min(4096 - own, (split >>> 12) & 0xFFF);
        int id = 0x100 + (split & 0x7FFF);
        List<TxSlot> slots = new ArrayList<>();
        int firstGref = harness.grantPage(TX, Access.READ_ONLY);
        System.arraycopy(frame, 0, harness.memory().page(firstGref), offset, own);
        int firstFlags = flags & ~(TxRequestLayout.FLAG_MORE_DATA | TxRequestLayout.FLAG_EXTRA_INFO);
        if (rest > 0) {
            firstFlags |= TxRequestLayout.FLAG_MORE_DATA;
        }
        if (gso != null) {
            firstFlags |= TxRequestLayout.FLAG_EXTRA_INFO;
        }
        slots.add(new TxSlot.Data(firstGref, offset, firstFlags, id, length));
        if (gso != null) {
            slots.add(TxSlot.Extra.gso(gso.gsoSize(), gso.gsoType(), false));
        }
        int at = own;
        int k = 1;
        while (at < length) {
            int size = Math.min(chunk, length - at);
            int gref = harness.grantPage(TX, Access.READ_ONLY);
            System.arraycopy(frame, at, harness.memory().page(gref), 0, size);
            at += size;
            slots.add(new TxSlot.Data(gref, 0, at < length ? TxRequestLayout.FLAG_MORE_DATA : 0, id + k++, size));
        }
        return slots;
    }

    /** The slots of {@code frame} queued whole in one first slot when it fits, else as {@link #place} cuts it. */
    public List<TxSlot> place(byte[] frame, int flags, TxSlot.Extra gso) {
        return place(frame, flags, gso, 4096, 0);
    }

    /** What one kick of {@link #TX} showed. */
    public record Sent(List<List<GuestDriver.TxResponse>> responses, List<byte[]> frames, Map<Counter, Long> delta) {

        /** The first response's status of packet {@code k}. */
        public short status(int k) {
            return responses.get(k).get(0).status();
        }
    }

    /** The counters the TX properties compare. */
    public static final List<Counter> TX_COUNTERS = List.of(Counter.TX_FRAMES, Counter.TX_BYTES, Counter.TX_ERRORS, Counter.FATAL_ERRORS,
            Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER);

    /** The counters the RX properties compare. */
    public static final List<Counter> RX_COUNTERS = List.of(Counter.RX_FRAMES, Counter.RX_BYTES, Counter.RX_DROP_NO_BUFFER, Counter.RX_DROP_BAD_BUFFER,
            Counter.RX_DROP_FAILED);

    /** Current values of {@code counters} of {@code ctx}. */
    public Map<Counter, Long> counters(int ctx, List<Counter> counters) {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : counters) {
            values.put(counter, harness.counter(ctx, counter));
        }
        return values;
    }

    /** {@code after − before}, counter by counter. */
    public static Map<Counter, Long> delta(Map<Counter, Long> before, Map<Counter, Long> after) {
        Map<Counter, Long> delta = new EnumMap<>(Counter.class);
        for (Map.Entry<Counter, Long> entry : after.entrySet()) {
            delta.put(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L));
        }
        return delta;
    }

    /** Queues the packets on {@link #TX}, publishes, kicks, and reads the responses and every frame that left on the wire. */
    public Sent send(List<List<TxSlot>> packets) {
        int framesBefore = harness.sink().frames().size();
        Map<Counter, Long> before = counters(TX, TX_COUNTERS);
        tx.takeTxResponses();
        for (List<TxSlot> packet : packets) {
            tx.queue(packet);
        }
        tx.pushTx();
        harness.kick(TX, Queue.TX);
        List<GuestDriver.TxResponse> all = tx.takeTxResponses();
        tx.finalCheckTx();
        List<List<GuestDriver.TxResponse>> responses = new ArrayList<>();
        int at = 0;
        for (List<TxSlot> packet : packets) {
            responses.add(all.subList(Math.min(at, all.size()), Math.min(at + packet.size(), all.size())));
            at += packet.size();
        }
        List<byte[]> frames = new ArrayList<>();
        for (var frame : harness.sink().frames().subList(framesBefore, harness.sink().frames().size())) {
            if (frame.port() == 0) {
                frames.add(frame.bytes());
            }
        }
        return new Sent(responses, frames, delta(before, counters(TX, TX_COUNTERS)));
    }

    // ------------------------------------------------------------------ RX

    /** Posts {@code count} fresh buffers (pages granted read-write to {@link #RX}, filled with {@link #FILL}) and publishes them. */
    public void post(int count) {
        for (int k = 0; k < count; k++) {
            int gref = harness.grantPage(RX, Access.READ_WRITE);
            Arrays.fill(harness.memory().page(gref), FILL);
            int index = rx.queueRx(gref, gref & 0xFFFF);
            postedAt.put(index, gref);
        }
        outstanding += count;
        if (rx.pushRx()) {
            harness.kick(RX, Queue.RX);
        }
    }

    /** Requests posted and not yet answered. */
    public int outstanding() {
        return outstanding;
    }

    /**
     * One delivery as the guest reads it.
     *
     * @param index the ring index of its first slot
     * @param flags the first slot's flags
     * @param status the first slot's status
     * @param frame the bytes gathered from its data slots (empty for an error)
     * @param gso the GSO extra slot's 8 bytes, or null when the first slot has no NETRXF_extra_info
     * @param slots the slots it took, the extra slot included
     * @param problem what is wrong with its layout (ids, offsets, statuses, flags of later slots), or null
     */
    public record Delivery(int index, int flags, short status, byte[] frame, byte[] gso, int slots, String problem) {

        /** The GSO size of the extra, or -1. */
        public int mss() {
            return gso == null ? -1 : Bytes.u16(gso, ExtraInfoLayout.GSO_SIZE);
        }

        /** Whether NETRXF_data_validated is set. */
        public boolean validated() {
            return (flags & RxResponseLayout.FLAG_DATA_VALIDATED) != 0;
        }

        @Override
        public String toString() {
            return "{at " + Bytes.index(index) + ", flags 0x" + Integer.toHexString(flags) + ", " + (status < 0 ? "status " + status : frame.length + " bytes "
                    + Bytes.hex(frame, 16)) + (gso != null ? ", GSO extra " + Bytes.hex(gso, 8) : "") + ", " + slots + " slot(s)"
                    + (problem != null ? ", " + problem : "") + "}";
        }
    }

    /** Every delivery {@link #RX} was given since the last call, in ring order. */
    public List<Delivery> deliveries() {
        byte[] ring = rx.rxPage();
        int rspProd = Bytes.u32(ring, SharedRingLayout.RSP_PROD);
        List<Delivery> deliveries = new ArrayList<>();
        int index = rx.rxRspCons();
        while (index != rspProd) {
            int first = index;
            int at = SharedRingLayout.entryOffset(index, RxResponseLayout.LENGTH);
            int flags = Bytes.u16(ring, at + RxResponseLayout.FLAGS);
            short status = Bytes.s16(ring, at + RxResponseLayout.STATUS);
            String problem = check(ring, index, at, true);
            index++;
            byte[] gso = null;
            if ((flags & RxResponseLayout.FLAG_EXTRA_INFO) != 0 && index != rspProd) {
                int x = SharedRingLayout.entryOffset(index, RxResponseLayout.LENGTH);
                gso = Arrays.copyOfRange(ring, x, x + ExtraInfoLayout.LENGTH);
                index++;
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            if (status > 0) {
                bytes.write(buffer(first), 0, Math.min(status, 4096));
            }
            int more = flags;
            while ((more & RxResponseLayout.FLAG_MORE_DATA) != 0 && index != rspProd) {
                int y = SharedRingLayout.entryOffset(index, RxResponseLayout.LENGTH);
                more = Bytes.u16(ring, y + RxResponseLayout.FLAGS);
                short s = Bytes.s16(ring, y + RxResponseLayout.STATUS);
                if (problem == null) {
                    problem = check(ring, index, y, false);
                }
                if (s > 0) {
                    bytes.write(buffer(index), 0, Math.min(s, 4096));
                }
                index++;
            }
            deliveries.add(new Delivery(first, flags, status, bytes.toByteArray(), gso, index - first, problem));
        }
        int consumed = index - rx.rxRspCons();
        outstanding -= consumed;
        rx.takeRxResponses();
        rx.finalCheckRx();
        return deliveries;
    }

    /** The posted buffer of ring index {@code index} (a page of {@link #FILL} when none was posted there). */
    private byte[] buffer(int index) {
        Integer gref = postedAt.get(index);
        return gref == null ? new byte[4096] : harness.memory().page(gref);
    }

    /** RX-2: the response at {@code index} echoes its request's id at offset 0; later slots carry no flag but more_data. */
    private String check(byte[] ring, int index, int at, boolean first) {
        Integer gref = postedAt.get(index);
        int id = Bytes.u16(ring, at + RxResponseLayout.ID);
        if (gref == null || id != (gref & 0xFFFF)) {
            return "the response at " + Bytes.index(index) + " has id " + id + " where its request's was " + (gref == null ? "none" : gref & 0xFFFF);
        }
        if (Bytes.u16(ring, at + RxResponseLayout.OFFSET) != 0) {
            return "the response at " + Bytes.index(index) + " has offset " + Bytes.u16(ring, at + RxResponseLayout.OFFSET);
        }
        int flags = Bytes.u16(ring, at + RxResponseLayout.FLAGS);
        if (!first && (flags & ~RxResponseLayout.FLAG_MORE_DATA) != 0) {
            return "a later data slot at " + Bytes.index(index) + " has flags 0x" + Integer.toHexString(flags);
        }
        return null;
    }
}
