package io.netchannel.conformance.properties;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 06: receive demux (DEMUX-1 to DEMUX-13). Every frame's recipients and copies come from
 * {@link DemuxOracle} (the spec's {@code demux} procedure read independently), and each copy is
 * judged per context by {@link DemuxBench} as chapter 04 judges one frame (DEMUX-11), never by
 * the order between contexts (DEMUX-12).
 */
public abstract class DemuxProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private DeviceLimits limits() {
        return provider().limits();
    }

    /**
     * Where a frame comes from and goes to, relative to a topology.
     *
     * @param dstKind 0 an owned MAC, 1 broadcast, 2 a joinable group, 3 a stranger, 4 an unheard group
     * @param dstIndex which one
     * @param srcOwned whether the source is a context's MAC (else a stranger's)
     * @param srcIndex which one
     * @param vlanPick picks a VLAN of a context's policy when {@code onMemberVlan}
     * @param onMemberVlan send on a VLAN the addressed (or a random) context is a member of, not the body's
     * @param body tag and payload
     */
    public record Addressed(int dstKind, int dstIndex, boolean srcOwned, int srcIndex, int vlanPick, boolean onMemberVlan, FrameArbitraries.Body body) {

        /** The frame for {@code specs}: on the VLAN of the context {@code vlanOf} when {@link #onMemberVlan}. */
        byte[] frame(List<DemuxBench.Spec> specs, DemuxBench.Spec vlanOf) {
            FrameArbitraries.Body b = onMemberVlan ? body.onVlan(FrameArbitraries.memberVlan(vlanOf.vlan(), vlanPick)) : body;
            return b.frame(FrameArbitraries.destination(specs, dstKind, dstIndex), FrameArbitraries.source(specs, srcOwned, srcIndex));
        }

        /** The frame for {@code specs}, on a member VLAN of the context picked by {@code dstIndex}. */
        byte[] frame(List<DemuxBench.Spec> specs) {
            return frame(specs, specs.get(Math.floorMod(dstIndex + vlanPick, specs.size())));
        }
    }

    private static int buffersFor(List<?> frames) {
        return 2 * frames.size() + 2;
    }

    // ------------------------------------------------------------------ everything at once

    @Property(tries = 200)
    @Requirement({"DEMUX-2", "DEMUX-3", "DEMUX-4", "DEMUX-5", "DEMUX-6", "DEMUX-7", "DEMUX-8", "DEMUX-9"})
    public void required_DEMUX2_everyFrameReachesExactlyTheMembersOfItsVlanThatSelectIt(@ForAll("anyTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("anyAddressed") Addressed> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Addressed a : frames) {
            DemuxOracle.Decision decision = bench.deliver("DEMUX-2", a.frame(specs));
            for (DemuxOracle.Copy copy : decision.copies()) {
                Check.that(DemuxOracle.member(bench.specs().get(copy.context()).vlan(), decision.vlan()), "DEMUX-2", bench.harness(),
                        "(oracle self-check) copies only to members of the frame's VLAN", decision);
            }
        }
    }

    // ------------------------------------------------------------------ unicast

    @Property(tries = 150)
    @Requirement({"DEMUX-2", "DEMUX-3", "DEMUX-9"})
    public void required_DEMUX3_unicastReachesItsOwnerOnTheOwnersVlansAndNoOtherContext(@ForAll("quietTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("unicastAddressed") Addressed> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Addressed a : frames) {
            byte[] frame = a.frame(specs, owner(specs, a));
            DemuxOracle.Decision decision = bench.deliver("DEMUX-3", frame);
            DemuxBench.Spec owner = owner(specs, a);
            boolean owed = DemuxOracle.member(owner.vlan(), decision.vlan()) && !owner.macs().contains(MacAddress.read(frame, 6));
            Check.that(decision.copies().size() == (owed ? 1 : 0) && (!owed || decision.copies().get(0).context() == owner.context()), "DEMUX-3",
                    bench.harness(), "(oracle self-check) without promiscuous contexts a unicast frame has its owner as only recipient, or none", decision);
        }
    }

    @Property(tries = 150)
    @Requirement({"DEMUX-9", "DEMUX-3", "DEMUX-6"})
    public void required_DEMUX9_unicastOffItsOwnersVlanReachesOnlyPromiscuousMembersElseIsDropped(@ForAll("promiscuousTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("unicastAddressed") Addressed> frames, @ForAll @IntRange(min = 0, max = 6) int offVlan) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Addressed a : frames) {
            DemuxBench.Spec owner = owner(specs, a);
            List<Integer> outside = new ArrayList<>();
            for (int vlan : List.of(0, 1, 10, 20, 30, 4094, 55)) {
                if (!DemuxOracle.member(owner.vlan(), vlan)) {
                    outside.add(vlan);
                }
            }
            byte[] frame = a.body().onVlan(outside.get(offVlan % outside.size())).frame(owner.macs().get(Math.floorMod(a.dstIndex(), owner.macs().size())),
                    FrameArbitraries.source(specs, a.srcOwned(), a.srcIndex()));
            DemuxOracle.Decision decision = bench.deliver("DEMUX-9", frame);
            Check.that(decision.copyFor(owner.context()) == null && decision.copies().stream().allMatch(c -> c.rule().equals("DEMUX-6")), "DEMUX-9",
                    bench.harness(), "(oracle self-check) unicast off its owner's VLAN goes to promiscuous members only", decision);
        }
    }

    private static DemuxBench.Spec owner(List<DemuxBench.Spec> specs, Addressed a) {
        MacAddress dst = FrameArbitraries.destination(specs, 0, a.dstIndex());
        return specs.stream().filter(s -> s.macs().contains(dst)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ the frame's VLAN

    @Property(tries = 250)
    @Requirement({"DEMUX-1", "DEMUX-2", "DEMUX-9"})
    public void required_DEMUX1_theVlanIsReadFromOctets12To15ExactlyAndFramesOfNoVlanTouchNoContext(@ForAll("tpidBodies") FrameArbitraries.Body body,
            @ForAll @IntRange(min = 1, max = 4) int dstKind, @ForAll @IntRange(min = 0, max = 3) int accessVid) {
        int vlans = Math.min(limits().maxVlansPerContext(), 4);
        List<Integer> trunk = List.of(1, 10, 4094, 30).subList(0, vlans);
        List<DemuxBench.Spec> specs = new ArrayList<>();
        specs.add(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), VlanPolicy.UNTAGGED, true, false, List.of(), null, DemuxBench.Buffers.GOOD));
        specs.add(new DemuxBench.Spec(1, List.of(FrameArbitraries.mac(1, 0)), new VlanPolicy.Trunk(trunk), true, false, List.of(), null,
                DemuxBench.Buffers.GOOD));
        if (maxContexts() >= 3) {
            specs.add(new DemuxBench.Spec(2, List.of(FrameArbitraries.mac(2, 0)), new VlanPolicy.Access(List.of(20, 4094, 1, 55).get(accessVid)), true,
                    false, List.of(), null, DemuxBench.Buffers.GOOD));
        }
        specs = specs.subList(0, Math.min(specs.size(), maxContexts()));
        DemuxBench bench = DemuxBench.start(provider(), specs, 3);
        byte[] frame = body.frame(FrameArbitraries.destination(specs, dstKind, 0), FrameArbitraries.STRANGER);
        bench.deliver("DEMUX-1", frame);
    }

    private int maxContexts() {
        return Math.min(limits().maxContexts(), limits().maxContextId() + 1);
    }

    // ------------------------------------------------------------------ replication

    @Property(tries = 200)
    @Requirement({"DEMUX-4", "DEMUX-7", "DEMUX-8"})
    public void required_DEMUX4_broadcastReachesEveryMemberOnceAndNeverTheContextOwningItsSource(@ForAll("anyTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("broadcastAddressed") Addressed> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Addressed a : frames) {
            byte[] frame = a.frame(specs);
            DemuxOracle.Decision decision = bench.deliver("DEMUX-4", frame);
            MacAddress src = MacAddress.read(frame, 6);
            for (DemuxBench.Spec spec : specs) {
                boolean owed = DemuxOracle.member(spec.vlan(), decision.vlan()) && !spec.macs().contains(src);
                Check.that(owed == (decision.copyFor(spec.context()) != null), "DEMUX-4", bench.harness(),
                        "(oracle self-check) a broadcast goes to every member but its sender", decision);
            }
        }
    }

    @Property(tries = 200)
    @Requirement({"DEMUX-5", "DEMUX-6", "DEMUX-7", "DESC-15"})
    public void required_DEMUX5_multicastReachesJoinedAllMulticastAndPromiscuousMembersOnly(@ForAll("listeningTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("multicastAddressed") Addressed> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Addressed a : frames) {
            bench.deliver("DEMUX-5", a.frame(specs));
        }
    }

    // ------------------------------------------------------------------ copies

    @Property(tries = 150)
    @Requirement({"DEMUX-10", "DEMUX-2"})
    public void required_DEMUX10_accessCopiesLoseTheirTagAndCountTheShorterLengthTrunkCopiesArriveAsSent(
            @ForAll("vlanMixTopology") List<DemuxBench.Spec> specs, @ForAll @Size(min = 1, max = 3) List<@From("anyAddressed") Addressed> frames,
            @ForAll("boundaryPayloads") List<Integer> payloads) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (int k = 0; k < frames.size(); k++) {
            Addressed a = frames.get(k);
            FrameArbitraries.Body body = a.body().onVlan(VLAN_MIX).withPayload(payloads.get(k % payloads.size()));
            byte[] frame = body.frame(FrameArbitraries.destination(specs, a.dstKind(), a.dstIndex()), FrameArbitraries.source(specs, a.srcOwned(), a.srcIndex()));
            DemuxOracle.Decision decision = bench.deliver("DEMUX-10", frame);
            for (DemuxOracle.Copy copy : decision.copies()) {
                boolean access = bench.specs().get(copy.context()).vlan() instanceof VlanPolicy.Access;
                Check.equal("DEMUX-10", bench.harness(), "(oracle self-check) copy length for ctx " + copy.context(), frame.length - (access ? 4 : 0),
                        copy.bytes().length);
            }
        }
    }

    /** The VID every context of {@link #vlanMixTopology} deals with. */
    static final int VLAN_MIX = 20;

    @Property(tries = 150)
    @Requirement({"DEMUX-11", "RX-3", "RX-4", "RX-5"})
    public void required_DEMUX11_eachRecipientKeepsOrLosesItsOwnCopyWhateverTheOthersBuffersOrState(@ForAll("bufferTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 3) List<@From("replicatedAddressed") Addressed> frames, @ForAll("replicatedAddressed") Addressed last) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames) + 2);
        for (Addressed a : frames) {
            bench.deliver("DEMUX-11", a.frame(specs));
        }
        // the context that had nothing posts buffers now: the next copy is its again (RX-3)
        for (DemuxBench.Spec spec : specs) {
            if (spec.buffers() == DemuxBench.Buffers.NONE) {
                bench.post(spec.context(), 2);
            }
        }
        bench.deliver("DEMUX-11", last.frame(specs));
    }

    // ------------------------------------------------------------------ configuration

    @Property(tries = 150)
    @Requirement({"DEMUX-13", "PRIV-8"})
    public void required_DEMUX13_anInvalidVlanPolicyIsRejectedInvalidConfigAndChangesNothing(@ForAll("invalidPolicies") VlanPolicy policy,
            @ForAll boolean update, @ForAll boolean badRing) {
        DemuxBench bench = DemuxBench.start(provider(), List.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), VlanPolicy.UNTAGGED, false,
                false, List.of(), null, DemuxBench.Buffers.GOOD)), 4);
        Harness harness = bench.harness();
        int target = update ? 0 : 1;
        if (!update && maxContexts() < 2) {
            return; // a device of one context id cannot take a second create; the update half still runs
        }
        GuestDriver guest = harness.guest(target);
        Observation before = harness.observe();
        // a ring the context cannot use (BAD_RING on a create, PRIV-10 on an update) must not win over the VLAN check (step 4a before 5)
        int tx = badRing ? harness.newGref() : guest.txRing();
        ContextConfig config = ContextConfig.builder().mac(update ? FrameArbitraries.mac(0, 0) : FrameArbitraries.mac(1, 0)).txRingGref(tx)
                .rxRingGref(guest.rxRing()).vlan(policy).build();
        ControlRequest request = update ? new ControlRequest.UpdateContext(target, config) : new ControlRequest.CreateContext(target, config);
        ControlResult result = harness.control(Caller.HOST, request);
        Check.equal("DEMUX-13", harness, (update ? "update" : "create") + " with VLAN policy " + policy + (badRing ? " and an unusable TX ring" : ""),
                "Rejected(INVALID_CONFIG)", Harness.describe(result));
        unchanged("DEMUX-13", harness, before);
        if (!update) {
            Check.equal("DEMUX-13", harness, "state of ctx " + target + " after a refused create", ContextState.ABSENT, harness.state(target));
        }
        // ctx 0 is still Untagged: an untagged broadcast reaches it, a tagged one does not
        bench.deliver("DEMUX-13", new FrameArbitraries.Body(FrameArbitraries.Tag.NONE, 0, 0, false, 0x0800, 46, 3).frame(MacAddress.BROADCAST,
                FrameArbitraries.STRANGER));
        bench.deliver("DEMUX-13", new FrameArbitraries.Body(FrameArbitraries.Tag.VID, 10, 0, false, 0x0800, 46, 4).frame(MacAddress.BROADCAST,
                FrameArbitraries.STRANGER));
    }

    @Property(tries = 150)
    @Requirement({"DEMUX-13", "DEMUX-2"})
    public void required_DEMUX13_aValidVlanPolicyIsAcceptedAndRulesTheNextFrame(@ForAll("validPolicies") VlanPolicy policy, @ForAll boolean update,
            @ForAll @IntRange(min = 0, max = 15) int pick, @ForAll("demuxBodies") FrameArbitraries.Body body) {
        DemuxBench bench = DemuxBench.start(provider(), List.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), VlanPolicy.UNTAGGED, false,
                false, List.of(), null, DemuxBench.Buffers.GOOD)), 6);
        int target = 0;
        if (update || maxContexts() < 2) {
            bench.update(0, policy);
        } else {
            target = 1;
            bench.create(new DemuxBench.Spec(1, List.of(FrameArbitraries.mac(1, 0)), policy, false, false, List.of(), null, DemuxBench.Buffers.GOOD), 6);
        }
        bench.deliver("DEMUX-13", body.onVlan(FrameArbitraries.memberVlan(policy, pick)).frame(MacAddress.BROADCAST, FrameArbitraries.STRANGER));
        bench.deliver("DEMUX-13", body.frame(FrameArbitraries.mac(target, 0), FrameArbitraries.STRANGER));
        bench.deliver("DEMUX-13", body.onVlan(0).frame(MacAddress.BROADCAST, FrameArbitraries.STRANGER));
    }

    /**
     * PRIV-8 after a refused request: every observable as before (states, counters, pages, frames,
     * notifications), the refusal itself aside.
     */
    static void unchanged(String rule, Harness harness, Observation before) {
        Observation after = harness.observe();
        List<String> results = new ArrayList<>(after.controlResults());
        results.remove(results.size() - 1);
        Map<Integer, ContextState> states = new TreeMap<>(after.states());
        states.keySet().retainAll(before.states().keySet());
        Map<Integer, Map<Counter, Long>> counters = new TreeMap<>(after.counters());
        counters.keySet().retainAll(before.counters().keySet());
        Map<Integer, byte[]> pages = new TreeMap<>(after.pages());
        pages.keySet().retainAll(before.pages().keySet());
        Observation comparable = new Observation(after.frames(), after.notifications(), results, states, counters, after.deviceCounters(), pages,
                after.findings());
        List<String> diff = before.diff(comparable);
        Check.that(diff.isEmpty(), rule + " (PRIV-8)", harness, "nothing changed by a refused request", diff);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<DemuxBench.Spec>> anyTopology() {
        return FrameArbitraries.topology(limits(), 3, Arbitraries.just(DemuxBench.Buffers.GOOD));
    }

    @Provide
    Arbitrary<List<DemuxBench.Spec>> quietTopology() {
        return FrameArbitraries.topology(limits(), 0, Arbitraries.just(DemuxBench.Buffers.GOOD));
    }

    @Provide
    Arbitrary<List<DemuxBench.Spec>> promiscuousTopology() {
        return FrameArbitraries.topology(limits(), 5, Arbitraries.just(DemuxBench.Buffers.GOOD));
    }

    @Provide
    Arbitrary<List<DemuxBench.Spec>> listeningTopology() {
        return FrameArbitraries.topology(limits(), 2, Arbitraries.just(DemuxBench.Buffers.GOOD));
    }

    @Provide
    Arbitrary<List<DemuxBench.Spec>> bufferTopology() {
        return FrameArbitraries.topology(limits(), 3, Arbitraries.of(DemuxBench.Buffers.class));
    }

    /** Contexts that all deal with VID {@value #VLAN_MIX}, as access, trunk, untagged or another access VLAN. */
    @Provide
    Arbitrary<List<DemuxBench.Spec>> vlanMixTopology() {
        int maxVlans = limits().maxVlansPerContext();
        List<VlanPolicy> policies = List.of(new VlanPolicy.Access(VLAN_MIX), new VlanPolicy.Access(VLAN_MIX),
                new VlanPolicy.Trunk(maxVlans >= 2 ? List.of(10, VLAN_MIX) : List.of(VLAN_MIX)), new VlanPolicy.Trunk(List.of(VLAN_MIX)),
                VlanPolicy.UNTAGGED, new VlanPolicy.Access(10));
        return Combinators.combine(anyTopology(), Arbitraries.of(policies).list().ofSize(5)).as((specs, chosen) -> {
            List<DemuxBench.Spec> mixed = new ArrayList<>();
            for (DemuxBench.Spec s : specs) {
                mixed.add(new DemuxBench.Spec(s.context(), s.macs(), chosen.get(s.context()), s.promiscuous(), s.allMulticast(), s.groups(), s.inBand(),
                        s.buffers()));
            }
            return mixed;
        });
    }

    /** Payload lengths that put a tagged frame on either side of one 4096-byte buffer once its tag is gone. */
    @Provide
    Arbitrary<List<Integer>> boundaryPayloads() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(0, 200)), Tuple.of(1, Arbitraries.integers().between(4070, 4090)))
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private Arbitrary<Addressed> addressed(Arbitrary<Integer> dstKinds, Arbitrary<Boolean> onMember, Arbitrary<FrameArbitraries.Body> bodies) {
        return Combinators.combine(dstKinds, Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 3).map(k -> k > 0),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 7), onMember, bodies)
                .as(Addressed::new);
    }

    @Provide
    Arbitrary<Addressed> anyAddressed() {
        return addressed(Arbitraries.integers().between(0, 4), Arbitraries.of(true, true, false), FrameArbitraries.demuxBodies());
    }

    @Provide
    Arbitrary<Addressed> unicastAddressed() {
        return addressed(Arbitraries.just(0), Arbitraries.of(true, true, false), FrameArbitraries.demuxBodies());
    }

    @Provide
    Arbitrary<Addressed> broadcastAddressed() {
        return addressed(Arbitraries.just(1), Arbitraries.of(true, true, true, false), FrameArbitraries.demuxBodies());
    }

    @Provide
    Arbitrary<Addressed> multicastAddressed() {
        return addressed(Arbitraries.of(2, 2, 2, 4), Arbitraries.of(true, true, true, false), FrameArbitraries.demuxBodies());
    }

    @Provide
    Arbitrary<Addressed> replicatedAddressed() {
        return addressed(Arbitraries.of(1, 1, 2, 0), Arbitraries.of(true, true, true, false), FrameArbitraries.demuxBodies());
    }

    @Provide
    Arbitrary<FrameArbitraries.Body> demuxBodies() {
        return FrameArbitraries.demuxBodies();
    }

    /** Every TPID and TCI DEMUX-1 tells apart, short frames included, VIDs in and out of the topology's sets. */
    @Provide
    Arbitrary<FrameArbitraries.Body> tpidBodies() {
        Arbitrary<Integer> vids = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(1, 10, 20, 30, 4094, 55)), Tuple.of(1, Arbitraries.of(0, 0xFFF)),
                Tuple.of(1, Arbitraries.integers().between(1, 4094)));
        Arbitrary<FrameArbitraries.Body> bodies = FrameArbitraries.bodies(new int[] {2, 6, 2, 2, 2, 2, 2}, vids);
        // and untagged frames whose EtherType is anything at all (the table's last row)
        Arbitrary<FrameArbitraries.Body> anyType = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 255)).as((type, payload, seed) -> new FrameArbitraries.Body(FrameArbitraries.Tag.NONE, 0, 0, false, type,
                        payload, seed));
        return Arbitraries.frequencyOf(Tuple.of(5, bodies), Tuple.of(1, anyType));
    }

    @Provide
    Arbitrary<VlanPolicy> invalidPolicies() {
        int max = limits().maxVlansPerContext();
        Arbitrary<Integer> good = Arbitraries.integers().between(1, 4094);
        Arbitrary<Integer> reserved = Arbitraries.of(0, 0xFFF);
        Arbitrary<VlanPolicy> access = reserved.map(VlanPolicy.Access::new);
        Arbitrary<VlanPolicy> empty = Arbitraries.just(new VlanPolicy.Trunk(List.of()));
        Arbitrary<VlanPolicy> withReserved = Combinators.combine(good.set().ofMaxSize(Math.max(0, max - 1)), reserved, Arbitraries.integers().between(0, 8))
                .as((vids, bad, at) -> {
                    List<Integer> list = new ArrayList<>(vids);
                    list.add(Math.min(at, list.size()), bad);
                    return new VlanPolicy.Trunk(list);
                });
        Arbitrary<VlanPolicy> repeated = Combinators.combine(good.set().ofMinSize(1).ofMaxSize(Math.max(1, max - 1)), Arbitraries.integers().between(0, 8))
                .as((vids, at) -> {
                    List<Integer> list = new ArrayList<>(vids);
                    list.add(Math.min(at, list.size()), list.get(at % list.size()));
                    return new VlanPolicy.Trunk(list);
                });
        Arbitrary<VlanPolicy> tooMany = Arbitraries.integers().between(1, 3).flatMap(extra -> good.set().ofSize(max + extra).map(vids ->
                new VlanPolicy.Trunk(List.copyOf(vids))));
        return Arbitraries.oneOf(access, empty, withReserved, repeated, tooMany);
    }

    @Provide
    Arbitrary<VlanPolicy> validPolicies() {
        int max = limits().maxVlansPerContext();
        Arbitrary<Integer> vid = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(1, 4094)), Tuple.of(3, Arbitraries.integers().between(1, 4094)));
        return Arbitraries.oneOf(Arbitraries.just(VlanPolicy.UNTAGGED), vid.map(VlanPolicy.Access::new),
                vid.set().ofMinSize(1).ofMaxSize(max).map(vids -> new VlanPolicy.Trunk(List.copyOf(vids))));
    }
}
