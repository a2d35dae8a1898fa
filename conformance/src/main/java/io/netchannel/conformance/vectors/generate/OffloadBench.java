package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.checkCounters;
import static io.netchannel.conformance.vectors.generate.Bench.counters;
import static io.netchannel.conformance.vectors.generate.Bench.expectCount;
import static io.netchannel.conformance.vectors.generate.Bench.require;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.Patterns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bench of the chapter 11 generators: a {@link Bench} whose guests send packets with
 * {@code NETTXF_csum_blank}, {@code NETTXF_data_validated} or a GSO extra and receive frames with
 * or without their receive offloads, and the check of each device call against what the test
 * says — written out with {@link Inet}, never read from the model: which packets are answered
 * with which status, which frames leave in which order (their checksums and segments computed
 * here), which RX requests each delivery takes with which response flags and bytes (the GSO extra
 * slot of a merged frame included), the counters, and RING-8's notifications. Nothing else may
 * change.
 */
final class OffloadBench {

    /** A station on the wire, owned by no context. */
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");

    final Bench bench;
    final Harness harness;
    /** The RX buffers each context posted and the device has not yet taken, in ring order: {gref, id}. */
    private final Map<Integer, List<int[]>> posted = new TreeMap<>();

    OffloadBench(Bench bench) {
        this.bench = bench;
        this.harness = bench.harness;
        bench.buffers.forEach((ctx, grefs) -> {
            List<int[]> queue = new ArrayList<>();
            for (int gref : grefs) {
                queue.add(new int[] {gref, gref & 0xFFFF});
            }
            posted.put(ctx, queue);
        });
    }

    MacAddress mac(int ctx) {
        return bench.configs.get(ctx).macs().get(0);
    }

    /** The RX buffers {@code ctx} has posted and the device has not taken. */
    int free(int ctx) {
        return posted.getOrDefault(ctx, List.of()).size();
    }

    // ------------------------------------------------------------------ guest side

    /** Context {@code ctx}'s guest posts {@code count} more buffers (fresh pages filled with 0xee), without a kick. */
    void post(int ctx, int count) {
        GuestDriver guest = harness.guest(ctx);
        for (int k = 0; k < count; k++) {
            int gref = harness.grantPage(ctx, Access.READ_WRITE);
            Arrays.fill(harness.memory().page(gref), Bench.FILL);
            guest.queueRx(gref, gref & 0xFFFF);
            posted.computeIfAbsent(ctx, c -> new ArrayList<>()).add(new int[] {gref, gref & 0xFFFF});
        }
        guest.pushRx();
    }

    /** Context {@code ctx}'s guest reads its responses on {@code queue} and re-arms rsp_event = rsp_cons + 1. */
    void consume(int ctx, Queue queue) {
        harness.guest(ctx).reap(queue);
    }

    /** Context {@code ctx}'s guest sets its receive offloads (the rest of its guest configuration default), answered ok. */
    void offloads(int ctx, Offloads offloads) {
        Bench.control(bench, Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, GuestConfig.DEFAULT.withOffloads(offloads)), "Ok");
    }

    // ------------------------------------------------------------------ TX packets

    /** A TX packet: its slots and the frame they carry, as the guest built it. */
    record Packet(List<TxSlot> slots, byte[] frame) {

        /** The number of slots answered. */
        int size() {
            return slots.size();
        }
    }

    /**
     * {@code frame} as one packet of {@code ctx}: the first {@code own} bytes in the first slot
     * (a fresh read-only page, offset 0), the rest in data slots of at most 4096 bytes, each on a
     * fresh page; first-slot flags {@code flags}, and a GSO extra of MSS {@code mss} and type
     * {@code gsoType} when {@code mss} is above 0.
     */
    Packet packet(int ctx, byte[] frame, int own, int flags, int mss, int gsoType) {
        require(own >= 1 && own <= Math.min(frame.length, 4096), "the first slot holds 1 to 4096 bytes of the frame");
        List<TxSlot> slots = new ArrayList<>();
        boolean more = own < frame.length;
        int first = Bench.page(bench, ctx, Arrays.copyOf(frame, own));
        int firstFlags = flags | (more ? TxRequestLayout.FLAG_MORE_DATA : 0) | (mss > 0 ? TxRequestLayout.FLAG_EXTRA_INFO : 0);
        slots.add(new TxSlot.Data(first, 0, firstFlags, bench.nextId++, frame.length));
        if (mss > 0) {
            slots.add(TxSlot.Extra.gso(mss, gsoType, false));
        }
        int at = own;
        while (at < frame.length) {
            int length = Math.min(4096, frame.length - at);
            int gref = Bench.page(bench, ctx, Arrays.copyOfRange(frame, at, at + length));
            at += length;
            slots.add(new TxSlot.Data(gref, 0, at < frame.length ? TxRequestLayout.FLAG_MORE_DATA : 0, bench.nextId++, length));
        }
        require(slots.stream().filter(s -> s instanceof TxSlot.Data).count() - 1 <= TxRequestLayout.SLOTS_ALWAYS_ACCEPTED, "at most 18 data slots");
        return new Packet(slots, frame);
    }

    /** {@code frame} in one slot with first-slot flags {@code flags}. */
    Packet packet(int ctx, byte[] frame, int flags) {
        return packet(ctx, frame, Math.min(frame.length, 4096), flags, 0, 0);
    }

    /**
     * A large packet: {@code headers} in the first slot, then {@code payload} bytes from data slots
     * of pages filled with their own fill pattern (spec 05, section 5.2), so the guest's writes are
     * one line a page. {@code headers} must count the payload in its lengths; the frame is
     * {@code headers} followed by the pattern bytes.
     */
    Packet patterned(int ctx, byte[] headers, int payload, int flags, int mss, int gsoType) {
        int first = Bench.page(bench, ctx, headers);
        List<TxSlot> slots = new ArrayList<>();
        slots.add(new TxSlot.Data(first, 0, flags | TxRequestLayout.FLAG_MORE_DATA | (mss > 0 ? TxRequestLayout.FLAG_EXTRA_INFO : 0), bench.nextId++,
                headers.length + payload));
        if (mss > 0) {
            slots.add(TxSlot.Extra.gso(mss, gsoType, false));
        }
        List<byte[]> parts = new ArrayList<>(List.of(headers));
        int rest = payload;
        while (rest > 0) {
            int length = Math.min(4096, rest);
            rest -= length;
            int gref = harness.grantPage(ctx, Access.READ_ONLY);
            Patterns.fill(harness.memory().page(gref), Integer.toUnsignedLong(gref));
            slots.add(new TxSlot.Data(gref, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, bench.nextId++, length));
            parts.add(Arrays.copyOf(harness.memory().page(gref), length));
        }
        require(slots.size() - (mss > 0 ? 2 : 1) <= TxRequestLayout.SLOTS_ALWAYS_ACCEPTED, "at most 18 data slots");
        return new Packet(slots, Inet.cat(parts.toArray(new byte[0][])));
    }

    /** Context {@code ctx}'s guest queues raw {@code slots} and publishes them (no kick). */
    void publishSlots(int ctx, List<TxSlot> slots) {
        GuestDriver guest = harness.guest(ctx);
        guest.queue(slots);
        guest.pushTx();
    }

    /** Context {@code ctx}'s guest queues {@code packets} and publishes them (no kick). */
    void publish(int ctx, Packet... packets) {
        GuestDriver guest = harness.guest(ctx);
        for (Packet packet : packets) {
            guest.queue(packet.slots());
        }
        guest.pushTx();
    }

    // ------------------------------------------------------------------ expectations

    /** One RX delivery: the bytes written, the GSO extra (mss 0: none), whether the first slot says data_validated, the segments it counts. */
    private record Delivery(int ctx, byte[] frame, int mss, int gsoType, boolean validated, int segments) {
    }

    /** One TX packet's answer. */
    private record Answer(int ctx, Packet packet, short status) {
    }

    /** What one device call does, as the test says it. */
    static final class Want {
        private final List<Answer> answers = new ArrayList<>();
        private final List<byte[]> wire = new ArrayList<>();
        private final List<Delivery> deliveries = new ArrayList<>();
        private final Map<Integer, Integer> badBuffers = new TreeMap<>();
        private final Map<Integer, Map<Counter, Long>> counts = new TreeMap<>();
        private List<RecordingSink.Notification> notifications;

        static Want nothing() {
            return new Want();
        }

        /**
         * {@code packet} of {@code ctx} is answered OKAY and leaves as {@code frames} (the frames as
         * the wire or a neighbour sees them, tags included): TX_FRAMES by their number, TX_BYTES by
         * their lengths; to the wire when {@code wire}.
         */
        Want sends(int ctx, Packet packet, boolean wire, List<byte[]> frames) {
            answers.add(new Answer(ctx, packet, NetifStatus.OKAY));
            for (byte[] frame : frames) {
                counts(ctx, Counter.TX_FRAMES, 1);
                counts(ctx, Counter.TX_BYTES, frame.length);
                if (wire) {
                    this.wire.add(frame);
                }
            }
            return this;
        }

        /** {@code packet} leaves to the wire as {@code frames}. */
        Want sends(int ctx, Packet packet, byte[]... frames) {
            return sends(ctx, packet, true, List.of(frames));
        }

        /** {@code packet} is a per-packet error: every slot ERROR (extras NULL), TX_ERRORS + 1. */
        Want errors(int ctx, Packet packet) {
            answers.add(new Answer(ctx, packet, NetifStatus.ERROR));
            return counts(ctx, Counter.TX_ERRORS, 1);
        }

        /** {@code packet} is dropped by chapter 07 on {@code counter}: every slot DROPPED (extras NULL). */
        Want drops(int ctx, Packet packet, Counter counter) {
            answers.add(new Answer(ctx, packet, NetifStatus.DROPPED));
            return counts(ctx, counter, 1);
        }

        /** {@code frame} is delivered to {@code ctx} as chapter 04 says, data_validated in its first slot when {@code validated}. */
        Want delivers(int ctx, byte[] frame, boolean validated) {
            deliveries.add(new Delivery(ctx, frame, 0, 0, validated, 1));
            return this;
        }

        /** The aggregate of {@code segments} is flushed to {@code ctx} (LRO-5): one segment as chapter 04, several as one merged frame. */
        Want flushes(int ctx, List<byte[]> segments, boolean validated) {
            byte[] merged = Inet.merged(segments);
            if (segments.size() == 1) {
                deliveries.add(new Delivery(ctx, merged, 0, 0, validated, 1));
            } else {
                Inet.Parsed p = Inet.parse(merged);
                deliveries.add(new Delivery(ctx, merged, Inet.tcpPayload(segments.get(0)), p.version() == 4 ? ExtraInfoLayout.GSO_TYPE_TCPV4
                        : ExtraInfoLayout.GSO_TYPE_TCPV6, validated, segments.size()));
            }
            return this;
        }

        /** The aggregate of {@code segments} for {@code ctx} meets an unwritable buffer among the {@code slots} its delivery takes: all ERROR (RX-4, LRO-6). */
        Want badBuffer(int ctx, int slots, int segments) {
            badBuffers.merge(ctx, slots, Integer::sum);
            return counts(ctx, Counter.RX_DROP_BAD_BUFFER, segments);
        }

        /** Another counter the call moves. */
        Want counts(int ctx, Counter counter, long delta) {
            expectCount(counts, ctx, counter, delta);
            return this;
        }

        /** The notifications the call sends, per context in order; without this, RING-8's for each queue that published. */
        Want notifies(RecordingSink.Notification... expected) {
            notifications = List.of(expected);
            return this;
        }
    }

    static RecordingSink.Notification note(int ctx, Queue queue) {
        return new RecordingSink.Notification(ctx, queue);
    }

    // ------------------------------------------------------------------ calls

    /** {@code ctx}'s guest kicks its TX queue. */
    void kick(int ctx, Want want) {
        call("kick TX of context " + ctx, () -> harness.kick(ctx, Queue.TX), want);
    }

    /** A frame arrives on port 0; WIRE_RX_FRAMES + 1 joins the expectation. */
    void wire(byte[] frame, Want want) {
        call("a " + frame.length + "-byte frame from the wire at " + harness.now() + " ns", () -> harness.receive(0, frame),
                want.counts(Counter.DEVICE, Counter.WIRE_RX_FRAMES, 1));
    }

    /** Time moves to {@code t}. */
    void advanceTo(long t, Want want) {
        call("advanceTo(" + t + ")", () -> harness.advanceTo(t), want);
    }

    /** A control request answered {@code expected} ("Ok", "Rejected(CATEGORY)"), checked as any call. */
    void control(Caller caller, ControlRequest request, String expected, Want want) {
        call(request + " by " + caller, () -> Bench.control(bench, caller, request, expected), want);
    }

    /** Runs {@code call} ({@code what} names it) and checks it did exactly {@code want}. */
    void call(String what, Runnable call, Want want) {
        Map<Integer, Map<Counter, Long>> before = counters(bench);
        Map<Integer, RingHeaders> tx = RingHeaders.read(harness, Queue.TX);
        Map<Integer, RingHeaders> rx = RingHeaders.read(harness, Queue.RX);
        Map<Integer, byte[]> buffers = new HashMap<>();
        posted.values().forEach(queue -> queue.forEach(b -> buffers.put(b[0], harness.memory().page(b[0]).clone())));
        int framesBefore = harness.sink().frames().size();
        int notesBefore = harness.sink().notifications().size();
        call.run();

        Map<Integer, Map<Counter, Long>> expected = new TreeMap<>();
        want.counts.forEach((ctx, counts) -> counts.forEach((counter, delta) -> expectCount(expected, ctx, counter, delta)));

        // TX: each answered packet's slots, from the rsp_prod before the call, in ring order
        Map<Integer, Integer> txSlots = new TreeMap<>();
        for (Answer answer : want.answers) {
            GuestDriver guest = harness.guest(answer.ctx());
            int index = tx.get(answer.ctx()).rspProd() + txSlots.getOrDefault(answer.ctx(), 0);
            for (TxSlot slot : answer.packet().slots()) {
                int at = SharedRingLayout.entryOffset(index++, TxRequestLayout.ENTRY_SIZE);
                short status = Bytes.s16(guest.txPage(), at + TxResponseLayout.STATUS);
                int id = Bytes.u16(guest.txPage(), at + TxResponseLayout.ID);
                short wanted = slot instanceof TxSlot.Extra ? NetifStatus.NULL : answer.status();
                require(status == wanted && id == slot.echoedId(), what + ": context " + answer.ctx() + "'s slot " + slot + " is answered {id "
                        + slot.echoedId() + ", " + wanted + "}, the model answered {id " + id + ", " + status + "}");
            }
            txSlots.merge(answer.ctx(), answer.packet().size(), Integer::sum);
        }

        // RX: each delivery's requests, in ring order per context
        Map<Integer, Integer> rxSlots = new TreeMap<>();
        for (Delivery d : want.deliveries) {
            expectCount(expected, d.ctx(), Counter.RX_FRAMES, d.segments());
            expectCount(expected, d.ctx(), Counter.RX_BYTES, d.frame().length);
            checkDelivery(what, d, rx.get(d.ctx()).rspProd() + rxSlots.getOrDefault(d.ctx(), 0), buffers);
            rxSlots.merge(d.ctx(), slotsOf(d), Integer::sum);
        }
        for (Map.Entry<Integer, Integer> bad : want.badBuffers.entrySet()) {
            int ctx = bad.getKey();
            GuestDriver guest = harness.guest(ctx);
            int index = rx.get(ctx).rspProd() + rxSlots.getOrDefault(ctx, 0);
            for (int k = 0; k < bad.getValue(); k++) {
                int[] buffer = take(ctx);
                int at = SharedRingLayout.entryOffset(index + k, RxResponseLayout.LENGTH);
                require(Bytes.u16(guest.rxPage(), at + RxResponseLayout.ID) == buffer[1] && Bytes.s16(guest.rxPage(), at + RxResponseLayout.STATUS)
                        == NetifStatus.ERROR, what + ": context " + ctx + "'s RX slot " + (index + k) + " is answered {id " + buffer[1] + ", ERROR}");
                require(Arrays.equals(harness.memory().page(buffer[0]), buffers.get(buffer[0])), what + ": a delivery that meets a bad buffer writes "
                        + "no buffer (RX-4)");
            }
            rxSlots.merge(ctx, bad.getValue(), Integer::sum);
        }
        checkCounters(bench, before, expected, what);

        List<RecordingSink.Frame> sent = harness.sink().frames().subList(framesBefore, harness.sink().frames().size());
        require(sent.size() == want.wire.size(), what + ": " + sent.size() + " frame(s) on the wire, the test says " + want.wire.size());
        for (int k = 0; k < want.wire.size(); k++) {
            require(sent.get(k).port() == 0 && Arrays.equals(sent.get(k).bytes(), want.wire.get(k)), what + ": wire frame " + (k + 1) + " is "
                    + Inet.hex(want.wire.get(k)) + ", the model sent " + Inet.hex(sent.get(k).bytes()));
        }

        Map<Integer, RingHeaders> txAfter = RingHeaders.read(harness, Queue.TX);
        Map<Integer, RingHeaders> rxAfter = RingHeaders.read(harness, Queue.RX);
        List<RecordingSink.Notification> ring8 = new ArrayList<>();
        for (int ctx : txAfter.keySet()) {
            RingHeaders was = tx.get(ctx);
            RingHeaders now = txAfter.get(ctx);
            if (was == null || !bench.configs.containsKey(ctx)) {
                continue;
            }
            int moved = now.rspProd() - was.rspProd();
            require(moved == txSlots.getOrDefault(ctx, 0), what + ": context " + ctx + "'s TX rsp_prod moved by " + moved + ", the test answers "
                    + txSlots.getOrDefault(ctx, 0) + " slot(s)");
            if (RingHeaders.ring8(was.rspProd(), now.rspProd(), now.rspEvent())) {
                ring8.add(note(ctx, Queue.TX));
            }
            RingHeaders rxWas = rx.get(ctx);
            RingHeaders rxNow = rxAfter.get(ctx);
            int rxMoved = rxNow.rspProd() - rxWas.rspProd();
            require(rxMoved == rxSlots.getOrDefault(ctx, 0), what + ": context " + ctx + "'s RX rsp_prod moved by " + rxMoved + ", the test "
                    + "takes " + rxSlots.getOrDefault(ctx, 0) + " slot(s)");
            if (RingHeaders.ring8(rxWas.rspProd(), rxNow.rspProd(), rxNow.rspEvent())) {
                ring8.add(note(ctx, Queue.RX));
            }
        }
        List<RecordingSink.Notification> notified = harness.sink().notifications().subList(notesBefore, harness.sink().notifications().size());
        List<RecordingSink.Notification> wanted = want.notifications != null ? want.notifications : ring8;
        require(byContext(notified).equals(byContext(wanted)), what + ": notifications " + notified + ", the test says " + wanted);
    }

    private static int slotsOf(Delivery d) {
        return (d.frame().length + 4095) / 4096 + (d.mss() > 0 ? 1 : 0);
    }

    private int[] take(int ctx) {
        List<int[]> queue = posted.get(ctx);
        require(queue != null && !queue.isEmpty(), "context " + ctx + " has a posted buffer left");
        return queue.remove(0);
    }

    /**
     * One delivery of {@code d} from RX ring index {@code index}: the first data slot (with
     * NETRXF_extra_info when merged, and data_validated as the test says), the GSO extra slot of
     * a merged frame (type 1, flags 0, size the MSS, the GSO type, pad and features 0, its buffer
     * untouched), then the other data slots, NETRXF_more_data on every data slot but the last.
     */
    private void checkDelivery(String what, Delivery d, int index, Map<Integer, byte[]> buffers) {
        GuestDriver guest = harness.guest(d.ctx());
        byte[] ring = guest.rxPage();
        int dataSlots = (d.frame().length + 4095) / 4096;
        int at = 0;
        int slot = index;
        for (int k = 0; k < dataSlots; k++) {
            int[] buffer = take(d.ctx());
            int entry = SharedRingLayout.entryOffset(slot++, RxResponseLayout.LENGTH);
            int length = Math.min(4096, d.frame().length - at);
            int flags = (k < dataSlots - 1 ? RxResponseLayout.FLAG_MORE_DATA : 0)
                    | (k == 0 && d.mss() > 0 ? RxResponseLayout.FLAG_EXTRA_INFO : 0)
                    | (k == 0 && d.validated() ? RxResponseLayout.FLAG_DATA_VALIDATED : 0);
            int seenId = Bytes.u16(ring, entry + RxResponseLayout.ID);
            int seenOffset = Bytes.u16(ring, entry + RxResponseLayout.OFFSET);
            int seenFlags = Bytes.u16(ring, entry + RxResponseLayout.FLAGS);
            int seenStatus = Bytes.s16(ring, entry + RxResponseLayout.STATUS);
            require(seenId == buffer[1] && seenOffset == 0 && seenFlags == flags && seenStatus == length, what + ": context " + d.ctx()
                    + "'s RX response at " + (slot - 1) + " is {id " + buffer[1] + ", offset 0, flags 0x" + Integer.toHexString(flags) + ", status "
                    + length + "}, the model wrote {id " + seenId + ", offset " + seenOffset + ", flags 0x" + Integer.toHexString(seenFlags)
                    + ", status " + seenStatus + "}");
            byte[] page = harness.memory().page(buffer[0]);
            require(Arrays.equals(page, 0, length, d.frame(), at, at + length) && Arrays.equals(page, length, 4096, buffers.get(buffer[0]), length, 4096),
                    what + ": context " + d.ctx() + "'s buffer " + buffer[0] + " holds bytes " + at + " to " + (at + length - 1) + " of "
                            + Inet.hex(d.frame()) + " and nothing else changed; it holds " + Inet.hex(Arrays.copyOf(page, length)));
            at += length;
            if (k == 0 && d.mss() > 0) {
                int[] extra = take(d.ctx());
                int x = SharedRingLayout.entryOffset(slot++, RxResponseLayout.LENGTH);
                byte[] wanted = new byte[ExtraInfoLayout.LENGTH];
                wanted[ExtraInfoLayout.TYPE] = ExtraInfoLayout.TYPE_GSO;
                Bytes.put16(wanted, ExtraInfoLayout.GSO_SIZE, d.mss());
                wanted[ExtraInfoLayout.GSO_TYPE] = (byte) d.gsoType();
                byte[] seen = Arrays.copyOfRange(ring, x, x + ExtraInfoLayout.LENGTH);
                require(Arrays.equals(seen, wanted), what + ": context " + d.ctx() + "'s GSO extra slot is " + Inet.hex(wanted) + ", the model wrote "
                        + Inet.hex(seen));
                require(Arrays.equals(harness.memory().page(extra[0]), buffers.get(extra[0])), what + ": the GSO extra slot's buffer is not written");
            }
        }
    }

    /** The queues notified, in order, by context: the order between contexts is free (spec 05, section 6.2). */
    private static Map<Integer, List<Queue>> byContext(List<RecordingSink.Notification> notifications) {
        Map<Integer, List<Queue>> grouped = new LinkedHashMap<>();
        for (RecordingSink.Notification n : notifications) {
            grouped.computeIfAbsent(n.context(), c -> new ArrayList<>()).add(n.queue());
        }
        return new TreeMap<>(grouped);
    }

    /** The frame {@code ctx} with policy {@code vlan} sends for {@code frame} (TXF-4: an Access context's frame gains its tag). */
    static byte[] onWire(VlanPolicy vlan, byte[] frame) {
        return vlan instanceof VlanPolicy.Access access ? Bench.withTag(frame, access.vid()) : frame;
    }
}
