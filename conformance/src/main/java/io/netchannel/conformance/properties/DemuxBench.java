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
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A device with several contexts on VLANs, their guest settings and RX buffers, and the spec's
 * verdict on every frame from the wire: {@link DemuxOracle} names the recipients and their copies,
 * and each recipient's copy is then judged as chapter 04, section 4.2 judges a single frame
 * (buffers consumed, responses, bytes, counters). Everything is compared per context (DEMUX-12).
 * A context may carry RX filter rules (profile {@code l3l4-demux}, spec 06 section 5a): a copy they
 * drop counts RX_DROP_FILTER and touches no buffer (DEMUX-14).
 */
public final class DemuxBench {

    /** What a context has to receive into. */
    public enum Buffers {
        /** Writable buffers, plenty. */
        GOOD,
        /** No buffer posted. */
        NONE,
        /** A read-only buffer first, then writable ones (RX-4). */
        BAD,
        /** Buffers posted, then the context is made FAILED by a hostile TX req_prod (RX-5). */
        FAILED
    }

    /**
     * One context of the bench.
     *
     * @param context its id
     * @param macs the MACs it owns (distinct from every other context's)
     * @param vlan its VLAN policy
     * @param promiscuous its guest turns promiscuous mode on (the host allows it)
     * @param allMulticast its guest turns all-multicast on
     * @param groups groups its guest joins by configuration
     * @param inBand a group it joins in band with MCAST_ADD (DESC-15), or null
     * @param buffers what it has to receive into
     * @param rxRules its RX filter rules (profile {@code l3l4-demux}); none on other devices
     * @param rxDefault what decides a copy no RX rule matches
     */
    public record Spec(int context, List<MacAddress> macs, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, List<MacAddress> groups,
            MacAddress inBand, Buffers buffers, List<FilterRule> rxRules, FilterAction rxDefault) {
        /** Copies the lists. */
        public Spec {
            macs = List.copyOf(macs);
            groups = List.copyOf(groups);
            rxRules = List.copyOf(rxRules);
            java.util.Objects.requireNonNull(rxDefault, "rxDefault");
        }

        /** A context without RX rules (every device can be given one). */
        public Spec(int context, List<MacAddress> macs, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, List<MacAddress> groups,
                MacAddress inBand, Buffers buffers) {
            this(context, macs, vlan, promiscuous, allMulticast, groups, inBand, buffers, List.of(), FilterAction.ALLOW);
        }

        /** This context with the RX rules and default given (profile {@code l3l4-demux}). */
        public Spec withRx(List<FilterRule> rules, FilterAction otherwise) {
            return new Spec(context, macs, vlan, promiscuous, allMulticast, groups, inBand, buffers, rules, otherwise);
        }

        /** Whether the context has RX rules or an RX default other than allow. */
        public boolean filtersReceive() {
            return !rxRules.isEmpty() || rxDefault != FilterAction.ALLOW;
        }

        @Override
        public String toString() {
            return "ctx " + context + " " + macs + " " + vlan + (promiscuous ? " promiscuous" : "") + (allMulticast ? " all-multicast" : "")
                    + (groups.isEmpty() ? "" : " groups " + groups) + (inBand == null ? "" : " in-band " + inBand) + " buffers " + buffers
                    + (filtersReceive() ? " RX rules " + rxRules + " default " + rxDefault : "");
        }
    }

    /** Filler of buffer pages. */
    public static final byte FILL = (byte) 0xEE;

    private record Posted(int gref, int id) {
    }

    private final Harness harness;
    private final Map<Integer, Spec> specs = new TreeMap<>();
    private final Map<Integer, Set<MacAddress>> groups = new TreeMap<>();
    private final Map<Integer, Deque<Posted>> posted = new TreeMap<>();
    private final Map<Integer, Set<Integer>> buffers = new TreeMap<>();
    private final Set<Integer> failed = new HashSet<>();

    private DemuxBench(DeviceProvider provider) {
        harness = Harness.start(provider);
    }

    /**
     * A bench with the given contexts created, configured, and given {@code buffersEach} buffers
     * (those whose {@link Buffers} say so).
     */
    public static DemuxBench start(DeviceProvider provider, List<Spec> specs, int buffersEach) {
        DemuxBench bench = new DemuxBench(provider);
        for (Spec spec : specs) {
            bench.create(spec, buffersEach);
        }
        return bench;
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The contexts, by id. */
    public Map<Integer, Spec> specs() {
        return specs;
    }

    /** The host creates the context of {@code spec} (which must be accepted) and its guest sets it up. */
    public void create(Spec spec, int buffersEach) {
        int ctx = spec.context();
        GuestDriver guest = harness.guest(ctx);
        ContextConfig config = config(spec);
        ControlResult created = harness.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
        Check.equal(spec.filtersReceive() ? "DEMUX-17" : "DEMUX-13", harness, "create " + spec + " (set-up; a valid VLAN policy"
                + (spec.filtersReceive() ? " and at most maxFilterRules RX rules are" : " is") + " accepted)", "Ok", Harness.describe(created));
        specs.put(ctx, spec);
        groups.put(ctx, new LinkedHashSet<>(spec.groups()));
        posted.put(ctx, new ArrayDeque<>());
        buffers.put(ctx, new HashSet<>());
        if (spec.promiscuous() || spec.allMulticast() || !spec.groups().isEmpty()) {
            GuestConfig guestConfig = new GuestConfig(spec.promiscuous(), spec.groups(), spec.allMulticast());
            ControlResult set = harness.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, guestConfig));
            Check.equal("PRIV-3", harness, "guest " + ctx + " sets " + guestConfig + " (set-up)", "Ok", Harness.describe(set));
        }
        if (spec.inBand() != null) {
            joinInBand(ctx, spec.inBand());
        }
        switch (spec.buffers()) {
            case GOOD -> post(ctx, buffersEach);
            case NONE -> {
            }
            case BAD -> {
                int readOnly = harness.grantPage(ctx, Access.READ_ONLY);
                Arrays.fill(harness.memory().page(readOnly), FILL);
                buffers.get(ctx).add(readOnly);
                queue(ctx, readOnly);
                post(ctx, buffersEach);
            }
            case FAILED -> {
                post(ctx, buffersEach);
                // RING-11: a TX producer index more than a ring ahead is fatal
                guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.txReqProdPvt() + SharedRingLayout.RING_SIZE + 44);
                harness.kick(ctx, Queue.TX);
                Check.equal("RING-11", harness, "state of ctx " + ctx + " after a hostile TX req_prod (set-up)", ContextState.FAILED, harness.state(ctx));
                failed.add(ctx);
            }
        }
    }

    /**
     * The host updates {@code ctx} to VLAN policy {@code vlan}, keeping everything else; the update
     * must be accepted, and the policy rules the next frame (chapter 06, section 5).
     */
    public void update(int ctx, VlanPolicy vlan) {
        Spec spec = specs.get(ctx);
        Spec updated = new Spec(ctx, spec.macs(), vlan, spec.promiscuous(), spec.allMulticast(), spec.groups(), spec.inBand(), spec.buffers(),
                spec.rxRules(), spec.rxDefault());
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.UpdateContext(ctx, config(updated)));
        Check.equal("DEMUX-13", harness, "update of ctx " + ctx + " to " + vlan + " (a valid VLAN policy is accepted)", "Ok", Harness.describe(result));
        specs.put(ctx, updated);
    }

    /**
     * The host updates {@code ctx} to the RX rules and default given, keeping everything else; the
     * update must be accepted (at most maxFilterRules rules, DEMUX-17), and the rules decide the
     * next copy (chapter 06, section 5a).
     */
    public void updateRx(int ctx, List<FilterRule> rules, FilterAction otherwise) {
        Spec updated = specs.get(ctx).withRx(rules, otherwise);
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.UpdateContext(ctx, config(updated)));
        Check.equal("DEMUX-17", harness, "update of ctx " + ctx + " to RX rules " + rules + ", default " + otherwise
                + " (at most maxFilterRules rules are accepted)", "Ok", Harness.describe(result));
        specs.put(ctx, updated);
    }

    /** The host's configuration of the context of {@code spec}: its MACs, rings, VLAN policy and RX rules. */
    public ContextConfig config(Spec spec) {
        GuestDriver guest = harness.guest(spec.context());
        return ContextConfig.builder().macs(spec.macs()).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .promiscuousAllowed(spec.promiscuous()).vlan(spec.vlan()).rxRules(spec.rxRules()).rxDefault(spec.rxDefault()).build();
    }

    /** The pages of {@code ctx} a copy may touch: its rings and every buffer it posted. */
    public Set<Integer> pagesOf(int ctx) {
        Set<Integer> pages = new java.util.TreeSet<>(buffers.get(ctx));
        pages.add(harness.guest(ctx).txRing());
        pages.add(harness.guest(ctx).rxRing());
        return pages;
    }

    /** DESC-15: the guest of {@code ctx} joins {@code group} with a MCAST_ADD request. */
    private void joinInBand(int ctx, MacAddress group) {
        GuestDriver guest = harness.guest(ctx);
        int page = harness.grantPage(ctx, Access.READ_ONLY);
        int first = guest.txReqProdPvt();
        guest.queue(List.of(new TxSlot.Data(page, 0, TxRequestLayout.FLAG_EXTRA_INFO, 0x4D, 60),
                TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, group, false)));
        guest.pushTx();
        harness.kick(ctx, Queue.TX);
        List<GuestDriver.TxResponse> responses = guest.takeTxResponses();
        Check.equal("DESC-15", harness, "responses to ctx " + ctx + "'s MCAST_ADD of " + group + " (set-up)",
                List.of(new GuestDriver.TxResponse(first, 0x4D, NetifStatus.OKAY), new GuestDriver.TxResponse(first + 1,
                        ExtraInfoLayout.TYPE_MCAST_ADD, NetifStatus.NULL)), responses);
        groups.get(ctx).add(group);
    }

    /** Posts {@code count} fresh writable buffers for {@code ctx} and publishes them. */
    public void post(int ctx, int count) {
        for (int k = 0; k < count; k++) {
            int gref = harness.grantPage(ctx, Access.READ_WRITE);
            Arrays.fill(harness.memory().page(gref), FILL);
            buffers.get(ctx).add(gref);
            queue(ctx, gref);
        }
        if (harness.guest(ctx).pushRx()) {
            harness.kick(ctx, Queue.RX);
        }
    }

    private void queue(int ctx, int gref) {
        harness.guest(ctx).queueRx(gref, gref & 0xFFFF);
        posted.get(ctx).add(new Posted(gref, gref & 0xFFFF));
    }

    /** The contexts as {@link DemuxOracle} sees them now. */
    public List<DemuxOracle.Member> members() {
        List<DemuxOracle.Member> members = new ArrayList<>();
        for (Spec spec : specs.values()) {
            members.add(new DemuxOracle.Member(spec.context(), spec.macs(), spec.vlan(), spec.promiscuous(), spec.allMulticast(),
                    groups.get(spec.context()), failed.contains(spec.context()), spec.rxRules(), spec.rxDefault()));
        }
        return members;
    }

    /** Why the oracle leaves {@code spec} out of {@code frame}'s recipients, as a rule id. */
    private static String whyNot(DemuxOracle.Member member, byte[] frame, DemuxOracle.Decision decision) {
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
        return dst.isMulticast() ? "DEMUX-5" : decision.dropped() ? "DEMUX-9" : "DEMUX-3";
    }

    /**
     * A frame arrives on port 0; checks every context's outcome against the oracle, naming
     * {@code rule} (the property's) and the rule that decides each context.
     *
     * @return the oracle's decision
     */
    public DemuxOracle.Decision deliver(String rule, byte[] frame) {
        List<DemuxOracle.Member> members = members();
        DemuxOracle.Decision decision = DemuxOracle.demux(frame, members);
        long wireBefore = harness.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES);
        long dropBefore = harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        Map<Integer, long[]> before = new TreeMap<>();
        for (int ctx : specs.keySet()) {
            before.put(ctx, counters(ctx));
        }
        int logFrom = harness.log().size();

        harness.receive(0, frame);

        String head = rule + " [frame " + frame.length + " bytes " + io.netchannel.conformance.harness.Bytes.hex(frame, 18) + ", expected " + decision
                + "; contexts " + specs.values() + "]";
        Check.noFindings(rule, harness);
        Check.equal(rule + " (RX-5)", harness, "WIRE_RX_FRAMES delta " + head, 1L, harness.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES) - wireBefore);
        // who got a copy first (counters of every context), then what each copy holds
        List<Plan> plans = new ArrayList<>();
        for (DemuxOracle.Member member : members) {
            plans.add(counted(head, member, frame, decision.copyFor(member.context()), whyNot(member, frame, decision), before.get(member.context()),
                    decision.vlan() > 0));
        }
        Check.equal((decision.dropped() ? decision.why().substring(0, decision.why().indexOf(':')) : "DEMUX-9") + " " + head, harness,
                "WIRE_DROP_NO_CONTEXT delta", decision.dropped() ? 1L : 0L, harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT) - dropBefore);
        List<Event.MemoryAccess> accesses = EventLog.accesses(harness.log().since(logFrom));
        if (decision.dropped()) {
            Check.that(accesses.isEmpty(), decision.why().substring(0, decision.why().indexOf(':')) + " " + head, harness,
                    "no context touched by a dropped frame", accesses);
        }
        for (Plan plan : plans) {
            delivered(plan, accesses);
        }
        return decision;
    }

    /** What one context should have done with a frame, once its counters were checked. */
    private record Plan(DemuxOracle.Member member, DemuxOracle.Copy copy, String tag, String what, List<Posted> used, boolean bad) {
    }

    private Plan counted(String head, DemuxOracle.Member member, byte[] frame, DemuxOracle.Copy copy, String whyNot, long[] before, boolean tagged) {
        int ctx = member.context();
        long[] after = counters(ctx);
        long[] expected = new long[after.length];
        String decides;
        List<Posted> used = new ArrayList<>();
        boolean bad = false;
        String outcome;
        if (copy == null) {
            decides = whyNot;
            outcome = "no copy";
        } else if (copy.filtered()) {
            int index = DemuxOracle.rxRule(member.rxRules(), frame);
            decides = copy.rule() + ", DEMUX-14 (" + (index < member.rxRules().size() ? "RX rule " + index : "rxDefault") + " drops it), DEMUX-15";
            outcome = "RX_DROP_FILTER";
            expected[5] = 1;
        } else if (copy.failed()) {
            decides = copy.rule() + ", RX-5";
            outcome = "RX_DROP_FAILED";
            expected[4] = 1;
        } else {
            int needed = (copy.bytes().length + 4095) / 4096;
            Deque<Posted> queue = posted.get(ctx);
            if (queue.size() < needed) {
                decides = copy.rule() + ", DEMUX-11, RX-3";
                outcome = "RX_DROP_NO_BUFFER";
                expected[2] = 1;
            } else {
                for (int k = 0; k < needed; k++) {
                    used.add(queue.poll());
                }
                bad = used.stream().anyMatch(p -> !harness.memory().access(ctx, p.gref()).writable());
                if (bad) {
                    decides = copy.rule() + ", DEMUX-11, RX-4";
                    outcome = "RX_DROP_BAD_BUFFER";
                    expected[3] = 1;
                } else {
                    decides = copy.rule() + (tagged ? ", DEMUX-10" : "") + (member.rxRules().isEmpty() && member.rxDefault() == FilterAction.ALLOW ? ""
                            : ", DEMUX-14 (" + rxWhy(member, frame) + " allows it), DEMUX-15");
                    outcome = "a copy of " + copy.bytes().length + " bytes";
                    expected[0] = 1;
                    expected[1] = copy.bytes().length;
                }
            }
        }
        String tag = decides + " " + head;
        String what = " of ctx " + ctx + " (expected " + outcome + ")";
        String[] names = {"RX_FRAMES", "RX_BYTES", "RX_DROP_NO_BUFFER", "RX_DROP_BAD_BUFFER", "RX_DROP_FAILED", "RX_DROP_FILTER"};
        for (int k = 0; k < names.length; k++) {
            long delta = after[k] - before[k];
            String id = k == 0 && delta > 1 ? "DEMUX-8, " + tag : tag;
            Check.equal(id, harness, names[k] + " delta" + what, expected[k], delta);
        }
        return new Plan(member, copy, tag, what, used, bad);
    }

    private static String rxWhy(DemuxOracle.Member member, byte[] frame) {
        int index = DemuxOracle.rxRule(member.rxRules(), frame);
        return index < member.rxRules().size() ? "RX rule " + index : "rxDefault";
    }

    private void delivered(Plan plan, List<Event.MemoryAccess> accesses) {
        DemuxOracle.Member member = plan.member();
        DemuxOracle.Copy copy = plan.copy();
        String tag = plan.tag();
        String what = plan.what();
        List<Posted> used = plan.used();
        boolean bad = plan.bad();
        int ctx = member.context();
        GuestDriver guest = harness.guest(ctx);
        // responses: exactly the consumed requests, in order (chapter 04, 4.2)
        List<String> want = new ArrayList<>();
        for (int k = 0; k < used.size(); k++) {
            int bytes = Math.min(4096, copy.bytes().length - 4096 * k);
            want.add("{id " + used.get(k).id() + ", offset 0, flags " + (bad || k == used.size() - 1 ? 0 : RxResponseLayout.FLAG_MORE_DATA) + ", status "
                    + (bad ? NetifStatus.ERROR : bytes) + "}");
        }
        List<String> seen = new ArrayList<>();
        for (GuestDriver.RxResponse response : guest.takeRxResponses()) {
            seen.add("{id " + response.id() + ", offset " + response.offset() + ", flags " + response.flags() + ", status " + response.status() + "}");
        }
        Check.equal(tag, harness, "RX responses" + what, want, seen);
        if (!used.isEmpty() && !bad) {
            for (int k = 0; k < used.size(); k++) {
                int bytes = Math.min(4096, copy.bytes().length - 4096 * k);
                byte[] page = harness.memory().page(used.get(k).gref());
                byte[] wantBytes = Arrays.copyOfRange(copy.bytes(), 4096 * k, 4096 * k + bytes);
                Check.that(Arrays.equals(Arrays.copyOf(page, bytes), wantBytes), tag, harness,
                        "buffer gref=" + used.get(k).gref() + what + " holds copy bytes " + 4096 * k + ".." + (4096 * k + bytes - 1) + ": "
                                + io.netchannel.conformance.harness.Bytes.hex(wantBytes, 20),
                        io.netchannel.conformance.harness.Bytes.hex(Arrays.copyOf(page, bytes), 20));
            }
        }
        // pages of this context: none touched unless it is a recipient that consumed buffers; a FAILED one is never touched (RING-13)
        Set<Integer> mine = new HashSet<>(buffers.get(ctx));
        mine.add(guest.txRing());
        mine.add(guest.rxRing());
        Set<Integer> writable = new HashSet<>();
        if (!used.isEmpty()) {
            writable.add(guest.rxRing());
            if (!bad) {
                used.forEach(p -> writable.add(p.gref()));
            }
        }
        for (Event.MemoryAccess access : accesses) {
            if (!mine.contains(access.gref())) {
                continue;
            }
            if (copy != null && copy.filtered() && buffers.get(ctx).contains(access.gref())) {
                throw Check.failure(tag, harness, "no buffer of ctx " + ctx + " read or written for a copy its RX rules drop" + what, access);
            }
            if (member.failed()) {
                throw Check.failure("RING-13, " + tag, harness, "no access to the pages of FAILED ctx " + ctx, access);
            }
            Check.that(access.kind() == Event.Kind.READ || writable.contains(access.gref()), tag, harness,
                    "no write to the pages of ctx " + ctx + " beyond its own consumed buffers and RX ring" + what, access);
        }
    }

    private long[] counters(int ctx) {
        return new long[] {harness.counter(ctx, Counter.RX_FRAMES), harness.counter(ctx, Counter.RX_BYTES), harness.counter(ctx, Counter.RX_DROP_NO_BUFFER),
            harness.counter(ctx, Counter.RX_DROP_BAD_BUFFER), harness.counter(ctx, Counter.RX_DROP_FAILED), harness.counter(ctx, Counter.RX_DROP_FILTER)};
    }

    /** The MACs of every context, in context order. */
    public List<MacAddress> allMacs() {
        List<MacAddress> all = new ArrayList<>();
        specs.values().forEach(s -> all.addAll(s.macs()));
        return all;
    }
}
