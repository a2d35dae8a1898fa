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
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Contexts with VLAN policies and TX filter rules sending frames the test wrote byte by byte; the
 * spec's verdict on every packet: chapter 04 decides whether it is a frame ({@link TxOracle}),
 * then {@link TxPolicyOracle} decides what chapter 07 does with it. Responses, wire frames, the
 * drop and TX counters and every {@code filterHits} counter are compared after each kick.
 */
public final class TxPolicyBench {

    /**
     * One TX packet carrying {@code frame}.
     *
     * @param frame the frame bytes (14..4096), written at offset 0 of a fresh read-only page
     * @param dataSlots how many data slots follow the first (0..3), splitting the frame
     * @param hash whether a HASH extra (accepted and ignored) rides along
     * @param malformed whether the first slot's size is made smaller than the data slots' (DESC-7)
     * @param multicastAdd a group to add in band (a multicast-control packet, DESC-15), or null
     */
    public record Packet(byte[] frame, int dataSlots, boolean hash, boolean malformed, MacAddress multicastAdd) {
        /** Copies the frame. */
        public Packet {
            frame = frame.clone();
        }

        /** A plain one-slot packet. */
        public static Packet of(byte[] frame) {
            return new Packet(frame, 0, false, false, null);
        }

        @Override
        public String toString() {
            return (multicastAdd != null ? "MCAST_ADD " + multicastAdd + " " : "") + frame.length + "-byte frame " + Bytes.hex(frame, 18)
                    + (dataSlots > 0 ? " in " + (dataSlots + 1) + " slots" : "") + (hash ? " +hash" : "") + (malformed ? " (DESC-7 malformed)" : "");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Packet p && Arrays.equals(p.frame, frame) && p.dataSlots == dataSlots && p.hash == hash && p.malformed == malformed
                    && java.util.Objects.equals(p.multicastAdd, multicastAdd);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frame);
        }
    }

    private final Harness harness;
    private final Map<Integer, ContextConfig> configs = new TreeMap<>();
    private final Map<Integer, TxOracle> oracles = new TreeMap<>();
    private final Map<Integer, long[]> hits = new TreeMap<>();

    private TxPolicyBench(DeviceProvider provider) {
        harness = Harness.start(provider);
    }

    /** A fresh device. */
    public static TxPolicyBench start(DeviceProvider provider) {
        return new TxPolicyBench(provider);
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** A configuration for {@code ctx} over its guest's rings. */
    public ContextConfig.Builder config(int ctx) {
        GuestDriver guest = harness.guest(ctx);
        return ContextConfig.builder().txRingGref(guest.txRing()).rxRingGref(guest.rxRing());
    }

    /** Creates {@code ctx} with {@code config}, which must be accepted. */
    public void create(int ctx, ContextConfig config) {
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
        Check.equal("TXF-10", harness, "create ctx " + ctx + " with " + config.vlan() + ", " + config.txRules().size() + " rule(s) (set-up)", "Ok",
                Harness.describe(result));
        configs.put(ctx, config);
        GuestDriver guest = harness.guest(ctx);
        DeviceProvider provider = harness.provider();
        oracles.put(ctx, new TxOracle(gref -> harness.memory().access(ctx, gref), gref -> gref == guest.txRing() || gref == guest.rxRing(),
                gref -> harness.memory().page(gref), provider.profiles().contains(Profile.TSO), provider.limits().maxMulticastGroups()));
        hits.put(ctx, new long[config.txRules().size() + 1]);
        checkHits("TXF-8", ctx, "after create");
    }

    /**
     * Updates {@code ctx} to {@code config}, which must be accepted; the expected filter counters
     * return to 0 when the rules or the default change (TXF-8).
     */
    public void update(int ctx, ContextConfig config) {
        update("TXF-8", ctx, config);
    }

    /** {@link #update(int, ContextConfig)}, naming {@code rule} if the update is refused. */
    public void update(String rule, int ctx, ContextConfig config) {
        ContextConfig old = configs.get(ctx);
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.UpdateContext(ctx, config));
        Check.equal(rule, harness, "update ctx " + ctx + " with " + config.vlan() + ", " + config.txRules().size() + " rule(s)", "Ok",
                Harness.describe(result));
        configs.put(ctx, config);
        boolean same = old.txRules().equals(config.txRules()) && old.txDefault() == config.txDefault();
        if (!same) {
            hits.put(ctx, new long[config.txRules().size() + 1]);
        }
        checkHits("TXF-8", ctx, same ? "after an update that keeps the rules and the default" : "after an update that changes the rules or the default");
    }

    /** The configuration of {@code ctx}. */
    public ContextConfig configOf(int ctx) {
        return configs.get(ctx);
    }

    /** What one {@link #send} decided, packet by packet (null for packets chapter 07 does not see). */
    public record Sent(List<TxOracle.Outcome> chapter04, List<TxPolicyOracle.Decision> chapter07) {
    }

    /**
     * {@code ctx}'s guest queues {@code packets}, publishes them and kicks once; every observable is
     * checked against the oracles, failures naming {@code rule} and the rule deciding the packet.
     */
    public Sent send(String rule, int ctx, List<Packet> packets) {
        GuestDriver guest = harness.guest(ctx);
        ContextConfig config = configs.get(ctx);
        int start = guest.txReqProdPvt();
        int id = start & 0x7FFF;
        for (Packet packet : packets) {
            guest.queue(slots(ctx, packet, id));
            id += 8;
        }
        List<byte[]> entries = new ArrayList<>();
        for (int index = start; index != guest.txReqProdPvt(); index++) {
            int at = SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE);
            entries.add(Arrays.copyOfRange(guest.txPage(), at, at + TxRequestLayout.ENTRY_SIZE));
        }
        TxOracle oracle = oracles.get(ctx);
        List<TxOracle.Outcome> outcomes = new ArrayList<>();
        List<TxPolicyOracle.Decision> decisions = new ArrayList<>();
        List<TxOracle.Response> responses = new ArrayList<>();
        List<RecordingSink.Frame> wire = new ArrayList<>();
        long[] expectHits = hits.get(ctx).clone();
        long[] delta = new long[Counter.values().length];
        int pos = 0;
        while (pos < entries.size()) {
            TxOracle.Outcome outcome = oracle.decide(entries, pos);
            Check.that(outcome.kind() != TxOracle.Kind.FATAL, rule, harness, "no fatal packet among " + packets + " (test set-up)", outcome);
            outcomes.add(outcome);
            pos += outcome.slots();
            if (outcome.kind() != TxOracle.Kind.VALID) {
                decisions.add(null); // a per-packet error (chapter 04) or multicast control: not checked (TXF-1)
                responses.addAll(outcome.responses());
                if (outcome.kind() == TxOracle.Kind.ERROR || outcome.kind() == TxOracle.Kind.MULTICAST_ERROR) {
                    delta[Counter.TX_ERRORS.ordinal()]++;
                }
                continue;
            }
            TxPolicyOracle.Decision decision = TxPolicyOracle.decide(config.macs(), config.vlan(), config.txRules(), config.txDefault(), outcome.frame());
            decisions.add(decision);
            if (decision.rule() >= 0) {
                expectHits[decision.rule()]++;
            }
            if (decision.verdict() == TxPolicyOracle.Verdict.SENT) {
                responses.addAll(outcome.responses());
                wire.add(new RecordingSink.Frame(0, decision.wire()));
                delta[Counter.TX_FRAMES.ordinal()]++;
                delta[Counter.TX_BYTES.ordinal()] += decision.wire().length;
            } else {
                for (TxOracle.Response response : outcome.responses()) {
                    responses.add(response.status() == NetifStatus.NULL ? response : new TxOracle.Response(response.id(), NetifStatus.DROPPED));
                }
                delta[decision.verdict().counter().ordinal()]++;
            }
        }
        long[] before = counters(ctx);
        int framesBefore = harness.sink().frames().size();

        guest.pushTx();
        harness.kick(ctx, Queue.TX);

        String head = " [ctx " + ctx + " " + config.macs() + " " + config.vlan() + ", rules " + config.txRules() + ", default " + config.txDefault()
                + "; packets " + packets + "; chapter 07 decisions " + decisions + "]";
        Check.noFindings(rule, harness);
        Check.equal(rule + head, harness, "state of ctx " + ctx, ContextState.ACTIVE, harness.state(ctx));
        List<RecordingSink.Frame> frames = harness.sink().frames().subList(framesBefore, harness.sink().frames().size());
        for (RecordingSink.Frame frame : frames) {
            policyOnTheWire(rule, head, config, frame.bytes());
        }
        if (!frames.equals(wire)) {
            String first = "";
            for (int k = 0; k < Math.max(frames.size(), wire.size()); k++) {
                if (k >= frames.size() || k >= wire.size() || !frames.get(k).equals(wire.get(k))) {
                    first = "first difference at wire frame #" + (k + 1);
                    break;
                }
            }
            throw Check.failure(decidingRules(decisions, rule) + head, harness, wire.size() + " frame(s) on the wire: " + wire,
                    frames.size() + " frame(s): " + frames + " (" + first + ")");
        }
        List<TxOracle.Response> seen = new ArrayList<>();
        for (GuestDriver.TxResponse response : guest.takeTxResponses()) {
            seen.add(new TxOracle.Response(response.id(), response.status()));
        }
        if (!seen.equals(responses)) {
            int k = 0;
            while (k < Math.min(seen.size(), responses.size()) && seen.get(k).equals(responses.get(k))) {
                k++;
            }
            throw Check.failure("TXF-9, " + decidingRules(decisions, rule) + head, harness, "TX responses " + responses,
                    seen + " (first difference at response #" + (k + 1) + ")");
        }
        long[] after = counters(ctx);
        for (Counter counter : List.of(Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER, Counter.TX_FRAMES, Counter.TX_BYTES,
                Counter.TX_ERRORS, Counter.FATAL_ERRORS)) {
            String ids = switch (counter) {
                case TX_DROP_SPOOF -> "TXF-2";
                case TX_DROP_VLAN -> "TXF-3..5";
                case TX_DROP_FILTER -> "TXF-6";
                case TX_FRAMES, TX_BYTES -> "TX-1, TXF-4";
                default -> "TXF-9";
            };
            Check.equal(ids + ", " + rule + head, harness, counter + " delta of ctx " + ctx, delta[counter.ordinal()],
                    after[counter.ordinal()] - before[counter.ordinal()]);
        }
        hits.put(ctx, expectHits);
        checkHits("TXF-8, " + rule + head, ctx, "after the kick");
        return new Sent(outcomes, decisions);
    }

    private static String decidingRules(List<TxPolicyOracle.Decision> decisions, String rule) {
        List<String> ids = new ArrayList<>();
        for (TxPolicyOracle.Decision decision : decisions) {
            if (decision != null) {
                String id = decision.why().split(" ")[0];
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        if (!ids.contains(rule)) {
            ids.add(0, rule);
        }
        return String.join(", ", ids);
    }

    /** TXF-2 to TXF-5, checked on the wire frame alone: whatever else went wrong, policy holds. */
    private void policyOnTheWire(String rule, String head, ContextConfig config, byte[] frame) {
        Check.that(frame.length >= 14 && config.macs().contains(MacAddress.read(frame, 6)), "TXF-2, " + rule + head, harness,
                "every wire frame of the context has one of its source MACs " + config.macs(), "a frame from " + (frame.length >= 12
                        ? MacAddress.read(frame, 6) : "?") + ": " + Bytes.hex(frame, 24));
        int tpid = frame.length >= 14 ? Frames.u16(frame, 12) : -1;
        if (config.vlan() instanceof VlanPolicy.Access a) {
            Check.that(frame.length >= 18 && tpid == Frames.TPID_8021Q && Frames.u16(frame, 14) == a.vid(), "TXF-4, " + rule + head, harness,
                    "an access context's frames leave with exactly the tag 8100 " + String.format("%04x", a.vid()), Bytes.hex(frame, 24));
        } else if (config.vlan() instanceof VlanPolicy.Trunk t) {
            Check.that(frame.length >= 18 && tpid == Frames.TPID_8021Q && t.vids().contains(Frames.u16(frame, 14) & 0xFFF), "TXF-5, " + rule + head,
                    harness, "a trunk context's frames leave tagged with a VID of " + t.vids(), Bytes.hex(frame, 24));
        } else {
            Check.that(tpid != Frames.TPID_8021Q && tpid != Frames.TPID_8021AD && tpid != Frames.TPID_9100, "TXF-3, " + rule + head, harness,
                    "an untagged context's frames leave untagged", Bytes.hex(frame, 24));
        }
    }

    /** The filter counters of {@code ctx} equal the expected ones; one past the default, and -1, read 0. */
    public void checkHits(String rule, int ctx, String when) {
        long[] expected = hits.get(ctx);
        long[] seen = new long[expected.length];
        for (int i = 0; i < expected.length; i++) {
            seen[i] = harness.filterHits(ctx, i);
        }
        Check.equal(rule, harness, "filterHits(" + ctx + ", 0.." + (expected.length - 1) + ") " + when + " (the last is the default's)",
                Arrays.toString(expected), Arrays.toString(seen));
        Check.equal(rule, harness, "filterHits(" + ctx + ", " + expected.length + ") and filterHits(" + ctx + ", -1), indices out of range", "0, 0",
                harness.filterHits(ctx, expected.length) + ", " + harness.filterHits(ctx, -1));
    }

    /** The expected filter counters of {@code ctx}. */
    public long[] hits(int ctx) {
        return hits.get(ctx).clone();
    }

    private List<TxSlot> slots(int ctx, Packet packet, int id) {
        byte[] frame = packet.frame();
        int length = frame.length;
        int gref = harness.grantPage(ctx, Access.READ_ONLY);
        System.arraycopy(frame, 0, harness.memory().page(gref), 0, length);
        List<TxSlot> slots = new ArrayList<>();
        if (packet.multicastAdd() != null) {
            slots.add(new TxSlot.Data(gref, 0, TxRequestLayout.FLAG_EXTRA_INFO, id, length));
            slots.add(TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, packet.multicastAdd(), false));
            return slots;
        }
        int data = Math.max(0, Math.min(3, packet.dataSlots()));
        int chunk = data == 0 ? 0 : (length - 14) / (data + 1);
        int own = length - data * chunk;
        int rest = data * chunk;
        int size = packet.malformed() && rest > 0 ? rest - 1 : length;
        int flags = (data > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0) | (packet.hash() ? TxRequestLayout.FLAG_EXTRA_INFO : 0);
        slots.add(new TxSlot.Data(gref, 0, flags, id, size));
        if (packet.hash()) {
            slots.add(TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, false, 0x33));
        }
        for (int k = 0; k < data; k++) {
            slots.add(new TxSlot.Data(gref, own + k * chunk, k + 1 < data ? TxRequestLayout.FLAG_MORE_DATA : 0, id + 1 + k, chunk));
        }
        return slots;
    }

    private long[] counters(int ctx) {
        long[] values = new long[Counter.values().length];
        for (Counter counter : Counter.values()) {
            if (counter != Counter.WIRE_RX_FRAMES && counter != Counter.WIRE_DROP_NO_CONTEXT) {
                values[counter.ordinal()] = harness.counter(ctx, counter);
            }
        }
        return values;
    }

    /** Rules equal to {@code rules} but built from fresh objects (an identical update must not be told apart by identity). */
    public static List<FilterRule> copyOf(List<FilterRule> rules) {
        List<FilterRule> copy = new ArrayList<>();
        for (FilterRule rule : rules) {
            io.netchannel.api.FilterMatch m = rule.match();
            copy.add(new FilterRule(new io.netchannel.api.FilterMatch(m.etherType(), m.source().map(p -> new io.netchannel.api.IpPrefix(p.address(), p.length())),
                    m.destination().map(p -> new io.netchannel.api.IpPrefix(p.address(), p.length())), m.protocol(),
                    m.sourcePort().map(r -> new io.netchannel.api.PortRange(r.low(), r.high())),
                    m.destinationPort().map(r -> new io.netchannel.api.PortRange(r.low(), r.high()))), rule.action()));
        }
        return copy;
    }

    /** The action a context falls back on. */
    public static FilterAction other(FilterAction action) {
        return action == FilterAction.ALLOW ? FilterAction.DROP : FilterAction.ALLOW;
    }
}
