package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Contexts that send to each other and receive from the wire, with VLAN policies, TX filter rules,
 * guest settings and RX buffers, and the spec's verdict on every frame: {@link TxPolicyOracle}
 * decides what the sender's TX path does with it (chapter 07), {@link SwitchOracle} where it goes
 * (chapter 08), {@link DemuxOracle} which contexts take it and with which bytes (chapter 06). After
 * each kick or wire frame the bench compares the wire, the sender's responses, counters and filter
 * hits, and each context's RX responses, buffer bytes and counters, context by context (DEMUX-12).
 *
 * <p>A device that declares {@code exactMulticastGroups} below {@code maxMulticastGroups} may give
 * a context whose multicast list is longer one extra copy of a multicast frame of its own VLANs
 * (CTX-3); the bench accepts exactly those copies, and nothing else beyond the oracles'.
 */
public final class SwitchBench {

    /**
     * One context of the bench: its demux side ({@link DemuxBench.Spec}: MACs, VLAN policy, guest
     * settings, buffers) and its TX filter.
     *
     * @param spec the context as demux sees it; {@link DemuxBench.Buffers#BAD} is not used here
     * @param rules its TX filter rules
     * @param txDefault its filter default
     */
    public record Node(DemuxBench.Spec spec, List<FilterRule> rules, FilterAction txDefault) {
        /** Copies the rules. */
        public Node {
            rules = List.copyOf(rules);
            if (spec.buffers() == DemuxBench.Buffers.BAD) {
                throw new IllegalArgumentException("the switch bench posts good buffers, none, or fails the context: buffers=" + spec.buffers());
            }
        }

        /** A context that filters nothing. */
        public static Node of(DemuxBench.Spec spec) {
            return new Node(spec, List.of(), FilterAction.ALLOW);
        }

        /** Its id. */
        public int context() {
            return spec.context();
        }

        @Override
        public String toString() {
            return spec + (rules.isEmpty() && txDefault == FilterAction.ALLOW ? "" : " rules " + rules.size() + " default " + txDefault);
        }
    }

    /**
     * What one {@link SwitchBench#send} decided and saw.
     *
     * @param routes the route of each frame, in order
     * @param wire the frames sent on the wire
     * @param received the bytes each context received, by context, in order
     */
    public record Sent(List<SwitchOracle.Route> routes, List<byte[]> wire, Map<Integer, List<byte[]>> received) {
    }

    private record Posted(int gref, int id) {
    }

    /** A copy a context is owed ({@code optional} false) or may get (CTX-3), of frame {@code frame} of the step. */
    private record Owed(int frame, DemuxOracle.Copy copy, boolean optional) {
    }

    /** A copy a context got, of frame {@code frame} of the step, into buffer {@code gref}. */
    private record Got(int frame, int context, int gref, byte[] bytes) {
    }

    /** The counters the bench follows, per context. */
    private static final List<Counter> FOLLOWED = List.of(Counter.TX_FRAMES, Counter.TX_BYTES, Counter.TX_ERRORS, Counter.FATAL_ERRORS,
            Counter.RX_FRAMES, Counter.RX_BYTES, Counter.RX_DROP_NO_BUFFER, Counter.RX_DROP_BAD_BUFFER, Counter.RX_DROP_FAILED, Counter.TX_DROP_SPOOF,
            Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER, Counter.HOST_SWITCHED_FRAMES);

    /** The largest frame the bench sends or delivers: one RX buffer holds every copy. */
    public static final int MAX_FRAME = 4096 - 4;

    private final Harness harness;
    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final Map<Integer, Set<MacAddress>> groups = new TreeMap<>();
    private final Map<Integer, Deque<Posted>> posted = new TreeMap<>();
    private final Set<Integer> failed = new TreeSet<>();
    private final Map<Integer, long[]> hits = new TreeMap<>();
    private final int exactGroups;
    private SwitchMode mode = SwitchMode.VEPA;

    private SwitchBench(DeviceProvider provider) {
        harness = Harness.start(provider);
        exactGroups = provider.limits().exactMulticastGroups();
    }

    /** A fresh device of {@code provider} with the contexts of {@code nodes}, each GOOD one with {@code buffersEach} buffers posted. */
    public static SwitchBench start(DeviceProvider provider, List<Node> nodes, int buffersEach) {
        SwitchBench bench = new SwitchBench(provider);
        for (Node node : nodes) {
            bench.create("CTX-1", node, buffersEach);
        }
        return bench;
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The switch mode the bench expects the device to be in. */
    public SwitchMode mode() {
        return mode;
    }

    /** The contexts, by id. */
    public Map<Integer, Node> nodes() {
        return java.util.Collections.unmodifiableMap(nodes);
    }

    /** The ids of the ACTIVE contexts (the ones that can send). */
    public List<Integer> active() {
        List<Integer> ids = new ArrayList<>();
        for (int ctx : nodes.keySet()) {
            if (!failed.contains(ctx)) {
                ids.add(ctx);
            }
        }
        return ids;
    }

    /**
     * The host creates the context of {@code node}, which must be accepted (failures name
     * {@code rule}), and its guest sets it up: guest settings, buffers, or a fatal TX index.
     */
    public void create(String rule, Node node, int buffersEach) {
        DemuxBench.Spec spec = node.spec();
        int ctx = spec.context();
        GuestDriver guest = harness.guest(ctx);
        ContextConfig config = ContextConfig.builder().macs(spec.macs()).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .promiscuousAllowed(spec.promiscuous()).vlan(spec.vlan()).txRules(node.rules()).txDefault(node.txDefault()).build();
        ControlResult created = harness.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
        Check.equal(rule, harness, "create " + node + " (set-up within the declared limits)", "Ok", Harness.describe(created));
        nodes.put(ctx, node);
        Set<MacAddress> joined = new LinkedHashSet<>(spec.groups());
        if (spec.inBand() != null) {
            joined.add(spec.inBand()); // joined by configuration here: the demux side is the same (DESC-15)
        }
        groups.put(ctx, joined);
        posted.put(ctx, new ArrayDeque<>());
        hits.put(ctx, new long[node.rules().size() + 1]);
        if (spec.promiscuous() || spec.allMulticast() || !joined.isEmpty()) {
            GuestConfig guestConfig = new GuestConfig(spec.promiscuous(), List.copyOf(joined), spec.allMulticast());
            ControlResult set = harness.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, guestConfig));
            Check.equal(rule, harness, "guest " + ctx + " sets promiscuous=" + spec.promiscuous() + ", all-multicast=" + spec.allMulticast() + ", "
                    + joined.size() + " group(s) (set-up within the declared limits)", "Ok", Harness.describe(set));
        }
        switch (spec.buffers()) {
            case GOOD -> post(ctx, buffersEach);
            case NONE -> {
            }
            default -> {
                post(ctx, buffersEach);
                // RING-11: a TX producer index more than a ring ahead is fatal
                guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.txReqProdPvt() + SharedRingLayout.RING_SIZE + 44);
                harness.kick(ctx, Queue.TX);
                Check.equal("RING-11", harness, "state of ctx " + ctx + " after a hostile TX req_prod (set-up)", ContextState.FAILED, harness.state(ctx));
                failed.add(ctx);
            }
        }
    }

    /** The host sets the switch mode, which must be accepted (CTX-4); the bench expects it from the next frame on. */
    public void setMode(String rule, SwitchMode next) {
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.SetSwitchMode(next));
        Check.equal(rule + " (CTX-4)", harness, "the host sets switch mode " + next, "Ok", Harness.describe(result));
        mode = next;
    }

    /** The bench expects {@code next} from now on (after a request whose answer the property judged itself). */
    public void expectMode(SwitchMode next) {
        mode = next;
    }

    /** Posts {@code count} fresh writable buffers for {@code ctx} and publishes them. */
    public void post(int ctx, int count) {
        GuestDriver guest = harness.guest(ctx);
        for (int k = 0; k < count; k++) {
            int gref = harness.grantPage(ctx, Access.READ_WRITE);
            Arrays.fill(harness.memory().page(gref), DemuxBench.FILL);
            guest.queueRx(gref, gref & 0xFFFF);
            posted.get(ctx).add(new Posted(gref, gref & 0xFFFF));
        }
        if (guest.pushRx()) {
            harness.kick(ctx, Queue.RX);
        }
    }

    /** The contexts as {@link DemuxOracle} sees them now. */
    public List<DemuxOracle.Member> members() {
        List<DemuxOracle.Member> members = new ArrayList<>();
        for (Node node : nodes.values()) {
            DemuxBench.Spec spec = node.spec();
            members.add(new DemuxOracle.Member(spec.context(), spec.macs(), spec.vlan(), spec.promiscuous(), spec.allMulticast(),
                    groups.get(spec.context()), failed.contains(spec.context())));
        }
        return members;
    }

    // ------------------------------------------------------------------ a guest sends

    /**
     * The guest of {@code ctx} queues one single-slot packet per frame, publishes them and kicks
     * once; every observable is checked against the oracles, failures naming {@code rule} and the
     * rules that decide each frame.
     */
    public Sent send(String rule, int ctx, List<byte[]> frames) {
        Node node = nodes.get(ctx);
        Check.that(node != null && !failed.contains(ctx), rule, harness, "(test set-up) the sender is an ACTIVE context of the bench", "ctx " + ctx);
        GuestDriver guest = harness.guest(ctx);
        List<DemuxOracle.Member> live = members();
        List<SwitchOracle.Route> routes = new ArrayList<>();
        List<GuestDriver.TxResponse> responses = new ArrayList<>();
        List<RecordingSink.Frame> wire = new ArrayList<>();
        Map<Integer, List<Owed>> owed = new TreeMap<>();
        Map<Integer, long[]> low = zero();
        Map<Integer, long[]> high = zero();
        long[] expectHits = hits.get(ctx).clone();
        long switchedLow = 0;
        long switchedHigh = 0;
        int start = guest.txReqProdPvt();
        for (int k = 0; k < frames.size(); k++) {
            byte[] frame = frames.get(k);
            Check.that(frame.length >= 14 && frame.length <= MAX_FRAME, rule, harness, "(test set-up) frames of 14.." + MAX_FRAME + " bytes",
                    frame.length);
            TxPolicyOracle.Decision tx = TxPolicyOracle.decide(node.spec().macs(), node.spec().vlan(), node.rules(), node.txDefault(), frame);
            SwitchOracle.Route route = SwitchOracle.route(mode, ctx, tx, live);
            routes.add(route);
            int id = (start + k) & 0xFFFF;
            int gref = harness.grantPage(ctx, Access.READ_ONLY);
            System.arraycopy(frame, 0, harness.memory().page(gref), 0, frame.length);
            guest.queue(List.of(new TxSlot.Data(gref, 0, 0, id, frame.length)));
            boolean sent = tx.verdict() == TxPolicyOracle.Verdict.SENT;
            responses.add(new GuestDriver.TxResponse(start + k, id, sent ? NetifStatus.OKAY : NetifStatus.DROPPED)); // TXF-9
            if (tx.rule() >= 0) {
                expectHits[tx.rule()]++;
            }
            if (sent) {
                add(low, high, ctx, Counter.TX_FRAMES, 1, 1); // CTX-9: once, whatever the route
                add(low, high, ctx, Counter.TX_BYTES, tx.wire().length, tx.wire().length);
            } else {
                add(low, high, ctx, tx.verdict().counter(), 1, 1);
            }
            if (route.wire() != null) {
                wire.add(new RecordingSink.Frame(0, route.wire()));
            }
            if (route.local() != null) {
                List<DemuxOracle.Copy> extra = SwitchOracle.mayAlsoReceive(route.wire() != null ? route.wire() : tx.wire(), live, route.local(), exactGroups);
                owe(owed, k, route.local().copies(), false);
                owe(owed, k, extra, true);
                if (mode == SwitchMode.SOFTWARE) {
                    switchedLow += route.switched() ? 1 : 0;
                    switchedHigh += route.switched() || !extra.isEmpty() ? 1 : 0;
                }
            }
        }
        StringBuilder decided = new StringBuilder();
        for (int k = 0; k < routes.size(); k++) {
            decided.append("\n      frame #").append(k + 1).append(" ").append(Bytes.hex(frames.get(k), 18)).append(": ").append(routes.get(k));
        }
        String head = " [mode " + mode + "; ctx " + ctx + " " + node + " sends " + frames.size() + " frame(s):" + decided + "\n    " + contexts() + "]";
        Map<Integer, long[]> before = counters();
        long[] deviceBefore = deviceCounters();
        int framesBefore = harness.sink().frames().size();
        int logFrom = harness.log().size();

        guest.pushTx();
        harness.kick(ctx, Queue.TX);

        String tag = rule + ", " + decidingRules(routes) + head;
        Check.noFindings(rule, harness);
        Check.equal(tag, harness, "state of ctx " + ctx, ContextState.ACTIVE, harness.state(ctx));
        List<RecordingSink.Frame> seen = harness.sink().frames().subList(framesBefore, harness.sink().frames().size());
        for (RecordingSink.Frame frame : seen) {
            onlyTheSendersOwn(tag, node, frame.bytes(), "on the wire");
        }
        if (!seen.equals(wire)) {
            throw Check.failure(tag, harness, wire.size() + " frame(s) on the wire: " + wire, seen.size() + " frame(s): " + seen);
        }
        List<GuestDriver.TxResponse> answered = guest.takeTxResponses();
        Check.equal("TXF-9, " + tag, harness, "TX responses of ctx " + ctx, responses, answered);
        hits.put(ctx, expectHits);
        long[] seenHits = new long[expectHits.length];
        for (int i = 0; i < seenHits.length; i++) {
            seenHits[i] = harness.filterHits(ctx, i);
        }
        Check.equal("TXF-8, " + tag, harness, "filterHits(" + ctx + ", 0.." + (seenHits.length - 1) + ")", Arrays.toString(expectHits),
                Arrays.toString(seenHits));
        long[] deviceAfter = deviceCounters();
        Check.equal("CTX-9, " + tag, harness, "WIRE_RX_FRAMES and WIRE_DROP_NO_CONTEXT deltas (frames from the wire only)", "0, 0",
                (deviceAfter[0] - deviceBefore[0]) + ", " + (deviceAfter[1] - deviceBefore[1]));
        long switched = deviceAfter[2] - deviceBefore[2];
        Check.that(switched >= switchedLow && switched <= switchedHigh, "CTX-7, " + tag, harness, "HOST_SWITCHED_FRAMES delta " + range(switchedLow,
                switchedHigh) + (mode == SwitchMode.SOFTWARE ? " (one per frame switched to at least one context)" : " (counted in SOFTWARE mode only)"),
                switched);
        Map<Integer, List<Got>> got = judge(tag, owed, low, high, before, whyNot(routes));
        inPlace(tag, got, routes, logFrom);
        Map<Integer, List<byte[]>> received = new TreeMap<>();
        got.forEach((context, copies) -> received.put(context, copies.stream().map(Got::bytes).toList()));
        for (Map.Entry<Integer, List<byte[]>> entry : received.entrySet()) {
            for (byte[] copy : entry.getValue()) {
                onlyTheSendersOwn(tag, node, copy, "in ctx " + entry.getKey() + "'s buffer");
            }
        }
        List<byte[]> sentBytes = seen.stream().map(RecordingSink.Frame::bytes).toList();
        return new Sent(routes, sentBytes, received);
    }

    /**
     * CTX-8, checked on one frame alone whatever else went wrong: it carries one of the sender's
     * source MACs (TXF-2), and on the wire the VLAN its sender's policy gives it (TXF-3 to TXF-5).
     */
    private void onlyTheSendersOwn(String tag, Node sender, byte[] frame, String where) {
        Check.that(frame.length >= 14 && sender.spec().macs().contains(MacAddress.read(frame, 6)), "CTX-8, TXF-2, " + tag, harness,
                "every frame of ctx " + sender.context() + " " + where + " has one of its source MACs " + sender.spec().macs(),
                "a frame from " + (frame.length >= 12 ? MacAddress.read(frame, 6) : "?") + ": " + Bytes.hex(frame, 24));
        if (!where.equals("on the wire")) {
            return; // a copy's tag is the receiver's business (DEMUX-10)
        }
        int tpid = Frames.u16(frame, 12);
        VlanPolicy vlan = sender.spec().vlan();
        boolean ok = vlan instanceof VlanPolicy.Access a ? frame.length >= 18 && tpid == Frames.TPID_8021Q && Frames.u16(frame, 14) == a.vid()
                : vlan instanceof VlanPolicy.Trunk t ? frame.length >= 18 && tpid == Frames.TPID_8021Q && t.vids().contains(Frames.u16(frame, 14) & 0xFFF)
                : tpid != Frames.TPID_8021Q && tpid != Frames.TPID_8021AD && tpid != Frames.TPID_9100;
        Check.that(ok, "CTX-8, TXF-3..5, " + tag, harness, "every frame of ctx " + sender.context() + " on the wire carries the VLAN its policy " + vlan
                + " gives it", Bytes.hex(frame, 24));
    }

    // ------------------------------------------------------------------ a frame from the wire

    /**
     * A frame arrives on port 0; every context's outcome is checked against {@link DemuxOracle}
     * (and the copies CTX-3 allows), failures naming {@code rule}.
     *
     * @return the oracle's decision
     */
    public DemuxOracle.Decision deliver(String rule, byte[] frame) {
        Check.that(frame.length >= 14 && frame.length <= MAX_FRAME, rule, harness, "(test set-up) frames of 14.." + MAX_FRAME + " bytes", frame.length);
        List<DemuxOracle.Member> live = members();
        DemuxOracle.Decision decision = DemuxOracle.demux(frame, live);
        List<DemuxOracle.Copy> extra = SwitchOracle.mayAlsoReceive(frame, live, decision, exactGroups);
        Map<Integer, List<Owed>> owed = new TreeMap<>();
        owe(owed, 0, decision.copies(), false);
        owe(owed, 0, extra, true);
        String head = " [wire frame " + frame.length + " bytes " + Bytes.hex(frame, 18) + ", expected " + decision
                + (extra.isEmpty() ? "" : ", may also reach (CTX-3) " + extra) + "; " + contexts() + "]";
        Map<Integer, long[]> before = counters();
        long[] deviceBefore = deviceCounters();
        int framesBefore = harness.sink().frames().size();

        harness.receive(0, frame);

        String tag = rule + head;
        Check.noFindings(rule, harness);
        Check.equal(tag, harness, "frames sent", 0, harness.sink().frames().size() - framesBefore);
        Map<Integer, List<String>> why = new TreeMap<>();
        for (DemuxOracle.Member member : live) {
            DemuxOracle.Copy copy = decision.copyFor(member.context());
            why.put(member.context(), List.of(copy != null ? "a copy by " + copy.rule() : "no copy (" + whyNot(member, frame, decision)
                    + (extra.stream().anyMatch(c -> c.context() == member.context()) ? "; CTX-3 allows one" : "") + ")"));
        }
        // each context first: its copy names the rule that decides it
        judge(tag, owed, zero(), zero(), before, why);
        long[] deviceAfter = deviceCounters();
        Check.equal("RX-5, " + tag, harness, "WIRE_RX_FRAMES delta", 1L, deviceAfter[0] - deviceBefore[0]);
        long dropped = deviceAfter[1] - deviceBefore[1];
        long dropLow = decision.dropped() && extra.isEmpty() ? 1 : 0;
        long dropHigh = decision.dropped() ? 1 : 0;
        Check.that(dropped >= dropLow && dropped <= dropHigh, (decision.dropped() ? "DEMUX-9" : "DEMUX-3..6") + ", " + tag, harness,
                "WIRE_DROP_NO_CONTEXT delta " + range(dropLow, dropHigh), dropped);
        Check.equal("CTX-9, " + tag, harness, "HOST_SWITCHED_FRAMES delta (a frame from the wire is not switched)", 0L, deviceAfter[2] - deviceBefore[2]);
        return decision;
    }

    // ------------------------------------------------------------------ judging each context

    private static void owe(Map<Integer, List<Owed>> owed, int frame, List<DemuxOracle.Copy> copies, boolean optional) {
        for (DemuxOracle.Copy copy : copies) {
            if (copy.bytes().length > 4096) {
                throw new IllegalStateException("(test set-up) every copy fits one RX buffer: " + copy);
            }
            owed.computeIfAbsent(copy.context(), c -> new ArrayList<>()).add(new Owed(frame, copy, optional));
        }
        owed.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.frame(), b.frame())));
    }

    /**
     * Every context's RX side: the copies it is owed arrive in order, each in the next posted
     * buffer, with its bytes; an optional one (CTX-3) may arrive; no other copy arrives; counters
     * move accordingly (a copy without a buffer is RX_DROP_NO_BUFFER, one for a FAILED context
     * RX_DROP_FAILED, DEMUX-11). {@code low} and {@code high} hold the bounds of the other
     * counters' deltas already fixed by the caller.
     */
    private Map<Integer, List<Got>> judge(String tag, Map<Integer, List<Owed>> owed, Map<Integer, long[]> low, Map<Integer, long[]> high,
            Map<Integer, long[]> before, Map<Integer, List<String>> why) {
        Map<Integer, long[]> after = counters();
        Map<Integer, List<Got>> got = new TreeMap<>();
        for (int ctx : nodes.keySet()) {
            String what = " ctx " + ctx + " (" + String.join("; ", why.getOrDefault(ctx, List.of())) + ")" + (nodes.size() > FEW ? " " + nodes.get(ctx) : "")
                    + " ";
            List<GuestDriver.RxResponse> responses = harness.guest(ctx).takeRxResponses();
            Deque<Posted> queue = posted.get(ctx);
            List<Got> mine = new ArrayList<>();
            int next = 0;
            for (Owed o : owed.getOrDefault(ctx, List.of())) {
                DemuxOracle.Copy copy = o.copy();
                String rule = (o.optional() ? "CTX-3" : copy.rule()) + ", " + tag;
                if (copy.failed()) {
                    add(low, high, ctx, Counter.RX_DROP_FAILED, o.optional() ? 0 : 1, 1); // RX-5
                    continue;
                }
                if (queue.isEmpty()) {
                    add(low, high, ctx, Counter.RX_DROP_NO_BUFFER, o.optional() ? 0 : 1, 1); // RX-3, DEMUX-11
                    continue;
                }
                Posted buffer = queue.peek();
                GuestDriver.RxResponse response = next < responses.size() ? responses.get(next) : null;
                byte[] page = harness.memory().page(buffer.gref());
                boolean arrived = response != null && response.id() == buffer.id() && response.status() == copy.bytes().length && response.flags() == 0
                        && response.offset() == 0 && Arrays.equals(Arrays.copyOf(page, copy.bytes().length), copy.bytes());
                if (arrived) {
                    queue.poll();
                    next++;
                    mine.add(new Got(o.frame(), ctx, buffer.gref(), copy.bytes()));
                    add(low, high, ctx, Counter.RX_FRAMES, 1, 1);
                    add(low, high, ctx, Counter.RX_BYTES, copy.bytes().length, copy.bytes().length);
                } else if (!o.optional()) {
                    throw Check.failure(rule, harness, "in" + what + "the copy of frame #" + (o.frame() + 1) + " (" + copy + ", "
                            + Bytes.hex(copy.bytes(), 20) + ") as response {id " + buffer.id() + ", offset 0, flags 0, status " + copy.bytes().length
                            + "} into buffer gref=" + buffer.gref(), response == null ? "no further RX response" : "response " + response + " and buffer "
                            + Bytes.hex(page, 20));
                }
            }
            if (next < responses.size()) {
                throw Check.failure(tag, harness, "no further copy in" + what, (responses.size() - next) + " more RX response(s): "
                        + responses.subList(next, responses.size()) + ", the first buffer holding " + (queue.isEmpty() ? "?"
                        : Bytes.hex(harness.memory().page(queue.peek().gref()), 20)));
            }
            long[] b = before.get(ctx);
            long[] a = after.get(ctx);
            long[] lo = low.getOrDefault(ctx, new long[FOLLOWED.size()]);
            long[] hi = high.getOrDefault(ctx, new long[FOLLOWED.size()]);
            for (int i = 0; i < FOLLOWED.size(); i++) {
                Counter counter = FOLLOWED.get(i);
                if (counter == Counter.HOST_SWITCHED_FRAMES) {
                    continue; // device-wide, checked by the caller
                }
                long delta = a[i] - b[i];
                String id = counter == Counter.RX_FRAMES && delta > hi[i] ? "DEMUX-8, CTX-9, " + tag : "CTX-9, " + tag;
                Check.that(delta >= lo[i] && delta <= hi[i], id, harness, counter + " delta of" + what + range(lo[i], hi[i]), delta);
            }
            got.put(ctx, mine);
        }
        return got;
    }

    /**
     * CTX-6's order: a switched copy is delivered at its frame's place in the TX ring walk — after
     * the frames before it went to the wire, before its own frame does.
     */
    private void inPlace(String tag, Map<Integer, List<Got>> got, List<SwitchOracle.Route> routes, int logFrom) {
        List<Event> events = harness.log().since(logFrom);
        List<Long> transmits = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Event.Transmit transmit) {
                transmits.add(transmit.seq());
            }
        }
        long[] sentAt = new long[routes.size()];
        int t = 0;
        for (int k = 0; k < routes.size(); k++) {
            sentAt[k] = routes.get(k).wire() != null && t < transmits.size() ? transmits.get(t++) : -1;
        }
        for (List<Got> copies : got.values()) {
            for (Got copy : copies) {
                long written = -1;
                for (Event event : events) {
                    if (event instanceof Event.MemoryAccess access && access.kind() == Event.Kind.WRITE && access.gref() == copy.gref()) {
                        written = access.seq();
                        break;
                    }
                }
                if (written < 0) {
                    continue;
                }
                int k = copy.frame();
                Check.that(sentAt[k] < 0 || written < sentAt[k], "CTX-6, " + tag, harness, "the copy of frame #" + (k + 1) + " for ctx " + copy.context()
                        + " is delivered before that frame goes to the wire", "written at event #" + written + ", sent at event #" + sentAt[k]);
                for (int j = 0; j < k; j++) {
                    Check.that(sentAt[j] < 0 || written > sentAt[j], "CTX-6, " + tag, harness, "the copy of frame #" + (k + 1) + " for ctx " + copy.context()
                            + " is delivered at its place in the TX ring walk, after frame #" + (j + 1) + " went to the wire", "written at event #" + written
                            + ", frame #" + (j + 1) + " sent at event #" + sentAt[j]);
                }
            }
        }
    }

    /** Why each context gets or does not get each frame, for messages. */
    private Map<Integer, List<String>> whyNot(List<SwitchOracle.Route> routes) {
        Map<Integer, List<String>> why = new TreeMap<>();
        List<DemuxOracle.Member> live = members();
        for (DemuxOracle.Member member : live) {
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < routes.size(); k++) {
                SwitchOracle.Route route = routes.get(k);
                String reason;
                if (route.local() == null) {
                    reason = "no copy (" + route.why().substring(0, route.why().indexOf(':')) + ")";
                } else {
                    DemuxOracle.Copy copy = route.local().copyFor(member.context());
                    reason = copy != null ? "a copy by " + copy.rule() : "no copy (" + whyNot(member, route.tx().wire(), route.local()) + ")";
                }
                lines.add("frame #" + (k + 1) + ": " + reason);
            }
            why.put(member.context(), lines);
        }
        return why;
    }

    /** Why the oracle leaves {@code member} out of {@code frame}'s recipients, as a rule id. */
    static String whyNot(DemuxOracle.Member member, byte[] frame, DemuxOracle.Decision decision) {
        if (decision.vlan() == DemuxOracle.NO_VLAN) {
            return "DEMUX-1";
        }
        if (!DemuxOracle.member(member.vlan(), decision.vlan())) {
            return "DEMUX-2";
        }
        if (member.macs().contains(MacAddress.read(frame, 6))) {
            return "DEMUX-7";
        }
        MacAddress dst = MacAddress.read(frame, 0);
        return dst.isMulticast() ? "DEMUX-5" : "DEMUX-3";
    }

    private static String decidingRules(List<SwitchOracle.Route> routes) {
        Set<String> ids = new LinkedHashSet<>();
        for (SwitchOracle.Route route : routes) {
            ids.add(route.why().substring(0, route.why().indexOf(':')));
            ids.add(route.tx().why().split(" ")[0]);
        }
        return String.join(", ", ids);
    }

    /** Up to this many contexts a message lists them all; beyond, each failure shows its own. */
    private static final int FEW = 8;

    private String contexts() {
        return nodes.size() <= FEW ? "contexts " + nodes.values() : nodes.size() + " contexts (the one that fails is shown)";
    }

    private static String range(long low, long high) {
        return low == high ? "= " + low : "in " + low + ".." + high;
    }

    private Map<Integer, long[]> zero() {
        Map<Integer, long[]> map = new TreeMap<>();
        for (int ctx : nodes.keySet()) {
            map.put(ctx, new long[FOLLOWED.size()]);
        }
        return map;
    }

    private static void add(Map<Integer, long[]> low, Map<Integer, long[]> high, int ctx, Counter counter, long from, long to) {
        int i = FOLLOWED.indexOf(counter);
        low.get(ctx)[i] += from;
        high.get(ctx)[i] += to;
    }

    private Map<Integer, long[]> counters() {
        Map<Integer, long[]> values = new TreeMap<>();
        for (int ctx : nodes.keySet()) {
            long[] v = new long[FOLLOWED.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = harness.counter(ctx, FOLLOWED.get(i));
            }
            values.put(ctx, v);
        }
        return values;
    }

    /** WIRE_RX_FRAMES, WIRE_DROP_NO_CONTEXT and HOST_SWITCHED_FRAMES. */
    private long[] deviceCounters() {
        return new long[] {harness.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES), harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT),
            harness.counter(Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES)};
    }
}
