package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.cat;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.vectors.generate.Bench.checkCounters;
import static io.netchannel.conformance.vectors.generate.Bench.counters;
import static io.netchannel.conformance.vectors.generate.Bench.expectCount;
import static io.netchannel.conformance.vectors.generate.Bench.require;

import io.netchannel.api.Access;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.Patterns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bench of the chapter 09 and 10 generators: a {@link Bench} whose guests publish TX packets
 * the test names, and the check of each device call against what the test says it does — which
 * of each context's published packets the call answers (in ring order, with the status chapters
 * 04 and 07 give them), which wire frames leave in which order, where each switched copy lands,
 * which contexts start a wait (TX_RATE_LIMITED), whose walk stops at a held packet (no req_event
 * write, QOS-5) and whose ring empties (req_event = req_cons + 1, RING-9), and the notifications:
 * RING-8's for immediate queues, or the list the test gives. Nothing else may change: no other
 * counter, response or frame.
 */
final class TimedBench {

    /** What the walk does with a packet once it reaches it. */
    enum Fate {
        /** Answered OKAY and sent (to the wire, switched, or both): it needs credit under a limit. */
        LEAVES,
        /** Answered DROPPED, counted TX_DROP_SPOOF (its source MAC is not the context's): no credit. */
        DROPPED,
        /** Answered ERROR, counted TX_ERRORS (a first slot below 14 bytes, DESC-8): no credit. */
        ERROR,
        /** A multicast-control request (DESC-15), answered OKAY, nothing sent: no credit. */
        MULTICAST
    }

    /**
     * A packet a test publishes: its slots, the frame the guest built (before an Access tag), its
     * fate, and for a packet that leaves the context a copy of it reaches (-1: none) and whether
     * the wire gets it.
     */
    record Packet(String name, List<TxSlot> slots, byte[] frame, Fate fate, int recipient, boolean wire) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** A station on the wire, owned by no context. */
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    /** A MAC no context owns, used as a spoofed source. */
    static final MacAddress STRANGER = MacAddress.parse("02:00:00:00:00:66");

    final Bench bench;
    final Harness harness;
    private final Map<Integer, Deque<Packet>> pending = new TreeMap<>();
    private final Map<Integer, Integer> freeBuffers = new TreeMap<>();

    TimedBench(Bench bench) {
        this.bench = bench;
        this.harness = bench.harness;
        bench.buffers.forEach((ctx, grefs) -> freeBuffers.put(ctx, grefs.size()));
    }

    // ------------------------------------------------------------------ packets

    private MacAddress mac(int ctx) {
        return bench.configs.get(ctx).macs().get(0);
    }

    /** A one-slot packet of {@code frame} at offset 0 of a fresh read-only page. */
    private Packet oneSlot(String name, int ctx, byte[] frame, Fate fate, int recipient, boolean wire) {
        return new Packet(name, List.of(Bench.slot(bench, ctx, frame)), frame, fate, recipient, wire);
    }

    /** A {@code size}-byte frame from {@code ctx} to the wire station (seeded payload). */
    Packet toWire(String name, int ctx, int size, int seed) {
        return oneSlot(name, ctx, ether(PEER, mac(ctx), LOCAL, data(size - 14, seed)), Fate.LEAVES, -1, true);
    }

    /** A {@code size}-byte unicast from {@code ctx} to context {@code to}'s first MAC, switched in VEB (it stays inside). */
    Packet toContext(String name, int ctx, int to, int size, int seed) {
        require(bench.mode == io.netchannel.api.SwitchMode.VEB, "a unicast to a neighbour stays inside in VEB only");
        return oneSlot(name, ctx, ether(mac(to), mac(ctx), LOCAL, data(size - 14, seed)), Fate.LEAVES, to, false);
    }

    /** A {@code size}-byte frame from a source MAC {@code ctx} does not own: DROPPED, TX_DROP_SPOOF (TXF-2). */
    Packet spoofed(String name, int ctx, int size, int seed) {
        return oneSlot(name, ctx, ether(PEER, STRANGER, LOCAL, data(size - 14, seed)), Fate.DROPPED, -1, false);
    }

    /** A 13-byte first slot: a per-packet error (DESC-8). */
    Packet runt(String name, int ctx) {
        return oneSlot(name, ctx, Arrays.copyOf(ether(PEER, mac(ctx), LOCAL), 13), Fate.ERROR, -1, false);
    }

    /** A multicast-control request joining {@code group} (DESC-15): a first slot of size 0 and the extra. */
    Packet multicastAdd(String name, int ctx, MacAddress group) {
        int page = harness.grantPage(ctx, Access.READ_ONLY);
        TxSlot first = new TxSlot.Data(page, 0, TxRequestLayout.FLAG_EXTRA_INFO, bench.nextId++, 0);
        return new Packet(name, List.of(first, TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, group, false)), new byte[0], Fate.MULTICAST,
                -1, false);
    }

    /**
     * A {@code size}-byte packet in several slots: a 14-byte header (destination {@code to}, the
     * context's MAC, EtherType 0x88b5) in its own page, then data slots of up to 4096 bytes from
     * one page filled with the fill pattern of its gref, so the guest's writes are two lines.
     */
    Packet big(String name, int ctx, MacAddress to, int recipient, boolean wire, int size) {
        require(size > 14 && size <= 0xFFFF, "a packet of 15 to 65535 bytes: " + size);
        byte[] header = ether(to, mac(ctx), LOCAL);
        int headerPage = Bench.page(bench, ctx, header);
        int dataPage = harness.grantPage(ctx, Access.READ_ONLY);
        Patterns.fill(harness.memory().page(dataPage), Integer.toUnsignedLong(dataPage));
        List<TxSlot> slots = new ArrayList<>();
        slots.add(new TxSlot.Data(headerPage, 0, TxRequestLayout.FLAG_MORE_DATA, bench.nextId++, size));
        List<byte[]> parts = new ArrayList<>(List.of(header));
        int rest = size - header.length;
        while (rest > 0) {
            int length = Math.min(rest, 4096);
            rest -= length;
            slots.add(new TxSlot.Data(dataPage, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, bench.nextId++, length));
            parts.add(Arrays.copyOf(harness.memory().page(dataPage), length));
        }
        require(slots.size() - 1 <= TxRequestLayout.SLOTS_ALWAYS_ACCEPTED, "at most 18 data slots (DESC-6)");
        return new Packet(name, slots, cat(parts.toArray(new byte[0][])), Fate.LEAVES, recipient, wire);
    }

    /** A {@code size}-byte packet to context {@code sink}, switched in VEB; the sink posted no buffer, so the copy costs RX_DROP_NO_BUFFER and writes nothing. */
    Packet drain(String name, int ctx, int sink, int size) {
        require(bench.mode == io.netchannel.api.SwitchMode.VEB, "a drain is switched in VEB");
        require(freeBuffers.getOrDefault(sink, 0) == 0, "the sink posted no buffer");
        return big(name, ctx, mac(sink), sink, false, size);
    }

    // ------------------------------------------------------------------ guest side

    /** Context {@code ctx}'s guest writes {@code packets} into its TX ring and publishes them (no kick). */
    void publish(int ctx, Packet... packets) {
        GuestDriver guest = harness.guest(ctx);
        Deque<Packet> queue = pending.computeIfAbsent(ctx, c -> new ArrayDeque<>());
        for (Packet packet : packets) {
            guest.queue(packet.slots());
            queue.add(packet);
        }
        guest.pushTx();
    }

    /** Context {@code ctx}'s guest reads its responses on {@code queue} and re-arms rsp_event = rsp_cons + 1 (chapter 03's guest). */
    void consume(int ctx, Queue queue) {
        harness.guest(ctx).reap(queue);
    }

    /** The guest rewrote the request(s) of {@code ctx}'s last pending packet: from now on the test expects {@code packet} there. */
    void rewritten(int ctx, Packet packet) {
        Deque<Packet> queue = pending.get(ctx);
        require(queue != null && !queue.isEmpty(), "context " + ctx + " has a pending packet to rewrite");
        require(queue.peekLast().slots().size() == packet.slots().size(), "a rewrite keeps the packet's slots");
        queue.pollLast();
        queue.add(packet);
    }

    // ------------------------------------------------------------------ calls and their outcome

    /** What one device call does, as the test says it. */
    static final class Outcome {
        private final List<int[]> sends = new ArrayList<>();
        private final Set<Integer> holds = new TreeSet<>();
        private final Set<Integer> waits = new TreeSet<>();
        private final Set<Integer> attaches = new TreeSet<>();
        private final Map<Integer, Map<Counter, Long>> extra = new TreeMap<>();
        private final Map<Integer, Integer> rx = new TreeMap<>();
        private List<RecordingSink.Notification> notifications;

        /** Nothing at all: no response, frame, counter, notification or req_event write. */
        static Outcome nothing() {
            return new Outcome();
        }

        /** The next {@code count} packets {@code ctx} published are answered in this call, after those of earlier {@code sends}. */
        Outcome sends(int ctx, int count) {
            sends.add(new int[] {ctx, count});
            return this;
        }

        /** {@code ctx}'s walk ends at a packet that does not conform: no req_event write (QOS-5). */
        Outcome holds(int ctx) {
            holds.add(ctx);
            return this;
        }

        /** {@code ctx}'s walk ends at a packet that does not conform, and a wait begins: TX_RATE_LIMITED + 1 (QOS-7). */
        Outcome startsWait(int ctx) {
            waits.add(ctx);
            return holds(ctx);
        }

        /** {@code ctx} meets a fatal error in this call: FATAL_ERRORS + 1, no response, no req_event write (the state is the recording's). */
        Outcome fails(int ctx) {
            holds.add(ctx);
            return counts(ctx, Counter.FATAL_ERRORS, 1);
        }

        /** {@code ctx} is attached in this call (create, reset): its req_event is RING-14's, not checked here. */
        Outcome attaches(int ctx) {
            attaches.add(ctx);
            return this;
        }

        /** A frame of {@code length} bytes from the wire is delivered to {@code ctx} (RX_FRAMES, RX_BYTES, ceil(length / 4096) responses). */
        Outcome delivers(int ctx, int length) {
            rx.merge(ctx, (length + 4095) / 4096, Integer::sum);
            return counts(ctx, Counter.RX_FRAMES, 1).counts(ctx, Counter.RX_BYTES, length);
        }

        /** A frame for {@code ctx} meets a buffer it cannot write: {@code slots} ERROR responses, RX_DROP_BAD_BUFFER (RX-4). */
        Outcome badBuffer(int ctx, int slots) {
            rx.merge(ctx, slots, Integer::sum);
            return counts(ctx, Counter.RX_DROP_BAD_BUFFER, 1);
        }

        /** Another counter the call moves. */
        Outcome counts(int ctx, Counter counter, long delta) {
            expectCount(extra, ctx, counter, delta);
            return this;
        }

        /** The notifications the call sends, per context in order; without this, RING-8's for every queue. */
        Outcome notifies(RecordingSink.Notification... expected) {
            notifications = List.of(expected);
            return this;
        }
    }

    /** A notification of {@code ctx}'s {@code queue}. */
    static RecordingSink.Notification note(int ctx, Queue queue) {
        return new RecordingSink.Notification(ctx, queue);
    }

    /**
     * Runs {@code call} ({@code what} names it in failures) and checks it did exactly {@code outcome}:
     * the packets answered with their statuses, the frames in order, the copies, the counters, the
     * req_event writes and the notifications.
     */
    void call(String what, Runnable call, Outcome outcome) {
        Map<Integer, Map<Counter, Long>> before = counters(bench);
        Map<Integer, RingHeaders> tx = RingHeaders.read(harness, Queue.TX);
        Map<Integer, RingHeaders> rx = RingHeaders.read(harness, Queue.RX);
        int framesBefore = harness.sink().frames().size();
        int notesBefore = harness.sink().notifications().size();
        call.run();

        Map<Integer, Map<Counter, Long>> expected = new TreeMap<>();
        outcome.extra.forEach((ctx, counts) -> counts.forEach((counter, delta) -> expectCount(expected, ctx, counter, delta)));
        List<byte[]> wire = new ArrayList<>();
        Map<Integer, Integer> txSlots = new TreeMap<>();
        Map<Integer, Integer> rxSlots = new TreeMap<>(outcome.rx);
        for (int[] send : outcome.sends) {
            int ctx = send[0];
            Deque<Packet> queue = pending.get(ctx);
            require(queue != null && queue.size() >= send[1], what + ": context " + ctx + " has " + (queue == null ? 0 : queue.size())
                    + " packet(s) pending, the test answers " + send[1]);
            GuestDriver guest = harness.guest(ctx);
            VlanPolicy policy = bench.configs.get(ctx).vlan();
            for (int k = 0; k < send[1]; k++) {
                Packet packet = queue.poll();
                int index = tx.get(ctx).rspProd() + txSlots.getOrDefault(ctx, 0);
                txSlots.merge(ctx, packet.slots().size(), Integer::sum);
                short status = Bench.txStatus(guest, index);
                short wanted = switch (packet.fate()) {
                    case LEAVES, MULTICAST -> NetifStatus.OKAY;
                    case DROPPED -> NetifStatus.DROPPED;
                    case ERROR -> NetifStatus.ERROR;
                };
                require(status == wanted, what + ": " + packet + " of context " + ctx + " is answered " + wanted + ", the model answered " + status);
                switch (packet.fate()) {
                    case LEAVES -> {
                        byte[] sent = policy instanceof VlanPolicy.Access port ? Bench.withTag(packet.frame(), port.vid()) : packet.frame();
                        expectCount(expected, ctx, Counter.TX_FRAMES, 1);
                        expectCount(expected, ctx, Counter.TX_BYTES, sent.length);
                        if (packet.wire()) {
                            wire.add(sent);
                        }
                        int to = packet.recipient();
                        if (to >= 0) {
                            if (freeBuffers.getOrDefault(to, 0) > 0) {
                                require(sent.length <= 4096 + 4, "a copy fits one RX buffer here");
                                freeBuffers.merge(to, -1, Integer::sum);
                                rxSlots.merge(to, 1, Integer::sum);
                                expectCount(expected, to, Counter.RX_FRAMES, 1);
                                expectCount(expected, to, Counter.RX_BYTES, Bench.copyLength(bench.configs.get(to).vlan(), sent));
                            } else {
                                expectCount(expected, to, Counter.RX_DROP_NO_BUFFER, 1);
                            }
                        }
                    }
                    case DROPPED -> expectCount(expected, ctx, Counter.TX_DROP_SPOOF, 1);
                    case ERROR -> expectCount(expected, ctx, Counter.TX_ERRORS, 1);
                    case MULTICAST -> {
                        short extra = Bench.txStatus(guest, index + 1);
                        require(extra == NetifStatus.NULL, what + ": the extra slot of " + packet + " is answered NULL, the model answered " + extra);
                    }
                }
            }
        }
        for (int ctx : outcome.waits) {
            expectCount(expected, ctx, Counter.TX_RATE_LIMITED, 1);
        }
        checkCounters(bench, before, expected, what);

        List<RecordingSink.Frame> sent = harness.sink().frames().subList(framesBefore, harness.sink().frames().size());
        require(sent.size() == wire.size(), what + ": " + sent.size() + " frame(s) on the wire, the test says " + wire.size());
        for (int k = 0; k < wire.size(); k++) {
            require(sent.get(k).port() == 0 && Arrays.equals(sent.get(k).bytes(), wire.get(k)), what + ": wire frame " + (k + 1)
                    + " is the test's frame " + (k + 1) + " (" + wire.get(k).length + " bytes), in that order");
        }

        Map<Integer, RingHeaders> txAfter = RingHeaders.read(harness, Queue.TX);
        Map<Integer, RingHeaders> rxAfter = RingHeaders.read(harness, Queue.RX);
        List<RecordingSink.Notification> ring8 = new ArrayList<>();
        for (int ctx : txAfter.keySet()) {
            RingHeaders was = tx.get(ctx);
            RingHeaders now = txAfter.get(ctx);
            if (was == null || outcome.attaches.contains(ctx)) {
                continue;
            }
            int moved = now.rspProd() - was.rspProd();
            require(moved == txSlots.getOrDefault(ctx, 0), what + ": context " + ctx + "'s TX rsp_prod moved by " + moved + ", the test answers "
                    + txSlots.getOrDefault(ctx, 0) + " slot(s)");
            if (outcome.holds.contains(ctx) || !txSlots.containsKey(ctx)) {
                require(now.reqEvent() == was.reqEvent(), what + ": context " + ctx + "'s walk " + (outcome.holds.contains(ctx) ? "stops at a held packet: "
                        + "no req_event write (QOS-5)" : "answers nothing: req_event stays") + ", it went from " + was.reqEvent() + " to " + now.reqEvent());
            } else {
                require(now.reqEvent() == now.rspProd() + 1, what + ": context " + ctx + "'s ring is empty: req_event = req_cons + 1 = "
                        + (now.rspProd() + 1) + " (RING-9), it is " + now.reqEvent());
            }
            if (RingHeaders.ring8(was.rspProd(), now.rspProd(), now.rspEvent())) {
                ring8.add(note(ctx, Queue.TX));
            }
            RingHeaders rxWas = rx.get(ctx);
            RingHeaders rxNow = rxAfter.get(ctx);
            int rxMoved = rxNow.rspProd() - rxWas.rspProd();
            require(rxMoved == rxSlots.getOrDefault(ctx, 0), what + ": context " + ctx + "'s RX rsp_prod moved by " + rxMoved + ", the test delivers "
                    + rxSlots.getOrDefault(ctx, 0));
            if (RingHeaders.ring8(rxWas.rspProd(), rxNow.rspProd(), rxNow.rspEvent())) {
                ring8.add(note(ctx, Queue.RX));
            }
        }
        List<RecordingSink.Notification> notified = harness.sink().notifications().subList(notesBefore, harness.sink().notifications().size());
        List<RecordingSink.Notification> wanted = outcome.notifications != null ? outcome.notifications : ring8;
        require(byContext(notified).equals(byContext(wanted)), what + ": notifications " + notified + ", the test says " + wanted);
    }

    /** The queues notified, in order, by context: the order between contexts is free (spec 05, section 6.2). */
    private static Map<Integer, List<Queue>> byContext(List<RecordingSink.Notification> notifications) {
        Map<Integer, List<Queue>> grouped = new LinkedHashMap<>();
        for (RecordingSink.Notification n : notifications) {
            grouped.computeIfAbsent(n.context(), c -> new ArrayList<>()).add(n.queue());
        }
        return new TreeMap<>(grouped);
    }

    /** {@code ctx}'s guest kicks its TX queue. */
    void kick(int ctx, Outcome outcome) {
        call("kick TX of context " + ctx + " at " + harness.now() + " ns", () -> harness.kick(ctx, Queue.TX), outcome);
    }

    /** A frame arrives on port 0; WIRE_RX_FRAMES + 1 joins the outcome. */
    void wire(byte[] frame, Outcome outcome) {
        call("a " + frame.length + "-byte frame from the wire at " + harness.now() + " ns", () -> harness.receive(0, frame),
                outcome.counts(Counter.DEVICE, Counter.WIRE_RX_FRAMES, 1));
    }

    /** Time moves to {@code t}. */
    void advanceTo(long t, Outcome outcome) {
        call("advanceTo(" + t + ")", () -> harness.advanceTo(t), outcome);
    }
}
