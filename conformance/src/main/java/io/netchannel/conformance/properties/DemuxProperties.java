package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
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
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 06: receive demux (DEMUX-1 to DEMUX-17). Every frame's recipients and copies come from
 * {@link DemuxOracle} (the spec's {@code demux} procedure read independently), and each copy is
 * judged per context by {@link DemuxBench} as chapter 04 judges one frame (DEMUX-11), never by
 * the order between contexts (DEMUX-12). The RX filter rules of section 5a (DEMUX-14 to DEMUX-16,
 * and DEMUX-17's {@code INVALID_CONFIG}) bind only a device that claims profile
 * {@code l3l4-demux}, and their properties are skipped on any other ({@link ProfileGate}); that
 * device is held to DEMUX-17's {@code NOT_SUPPORTED} instead.
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


    // ------------------------------------------------------------------ RX filter rules (section 5a, profile l3l4-demux)

    /** The profile of section 5a. */
    static final String L3L4_DEMUX = "l3l4-demux";

    /**
     * A frame for the RX rules: its addresses and VLAN as {@link Addressed} picks them, an IP (or
     * other) payload from chapter 07's generators, and now and then a second, inner 802.1Q tag.
     *
     * @param to where it goes, from whom, on which VLAN
     * @param l3 the EtherType and what follows it
     * @param innerVid 0, or the VID of an inner tag after the frame's own (a stacked tag)
     */
    public record Filtered(Addressed to, FrameArbitraries.L3 l3, int innerVid) {

        /** The frame for {@code specs}: tagged with a member VLAN of a picked context when {@link Addressed#onMemberVlan()}. */
        byte[] frame(List<DemuxBench.Spec> specs) {
            DemuxBench.Spec vlanOf = specs.get(Math.floorMod(to.dstIndex() + to.vlanPick(), specs.size()));
            FrameArbitraries.Body body = to.body();
            int vlan = to.onMemberVlan() ? FrameArbitraries.memberVlan(vlanOf.vlan(), to.vlanPick())
                    : body.tag() == FrameArbitraries.Tag.VID ? body.vid() : 0;
            return frame(FrameArbitraries.destination(specs, to.dstKind(), to.dstIndex()), FrameArbitraries.source(specs, to.srcOwned(), to.srcIndex()),
                    vlan, body.pcp());
        }

        /** The frame from {@code src} to {@code dst} on {@code vlan} (0 untagged). */
        byte[] frame(MacAddress dst, MacAddress src, int vlan, int pcp) {
            byte[] frame = Frames.ethernet(dst, src, l3.etherType(), l3.bytes());
            if (vlan != 0 && innerVid != 0) {
                frame = Frames.tag(frame, Frames.TPID_8021Q, Frames.tci(0, false, innerVid));
            }
            return vlan == 0 ? frame : Frames.tag(frame, Frames.TPID_8021Q, Frames.tci(pcp, false, vlan));
        }

        @Override
        public String toString() {
            return l3 + (innerVid != 0 ? " under an inner tag VID " + innerVid : "") + " " + to;
        }
    }

    @Property(tries = 200)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-14", "DEMUX-11", "DEMUX-15"})
    public void required_DEMUX14_eachRecipientTakesOrLosesItsCopyExactlyAsItsOwnRxRulesSay(@ForAll("rxTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("filteredFrames") Filtered> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, buffersFor(frames));
        for (Filtered f : frames) {
            bench.deliver("DEMUX-14", f.frame(specs));
        }
    }

    @Property(tries = 200)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-14", "DEMUX-15"})
    public void required_DEMUX14_theFirstRuleWhoseMatchHoldsDecidesAndRxDefaultDecidesWhenNoneHolds(@ForAll("filterPolicies") VlanPolicy policy,
            @ForAll("ipPayloads") FrameArbitraries.L3 l3, @ForAll FilterAction first, @ForAll FilterAction otherwise, @ForAll boolean catchAll,
            @ForAll @IntRange(min = 0, max = 3) int misses, @ForAll boolean broadcast, @ForAll @IntRange(min = 0, max = 7) int vlanPick) {
        int max = limits().maxFilterRules();
        // the frames: this payload (EtherType T) and a 0x88b5 one (or 0x88b6 when T is 0x88b5)
        int other = l3.etherType() == FrameBytes.LOCAL ? FrameBytes.LOCAL + 1 : FrameBytes.LOCAL;
        int never = 0x9998 == l3.etherType() || 0x9998 == other ? (0x9999 == l3.etherType() || 0x9999 == other ? 0x999A : 0x9999) : 0x9998;
        FilterAction opposite = first == FilterAction.ALLOW ? FilterAction.DROP : FilterAction.ALLOW;
        List<FilterRule> rules = new ArrayList<>();
        for (int k = 0; k < Math.min(misses, Math.max(0, max - 2)); k++) {
            rules.add(new FilterRule(FilterMatch.builder().etherType(never).build(), k % 2 == 0 ? first : opposite)); // never holds here
        }
        boolean holding = rules.size() < max;
        if (holding) {
            rules.add(new FilterRule(FilterMatch.builder().etherType(l3.etherType()).build(), first)); // holds for the payload frame
        }
        boolean any = catchAll && rules.size() < max;
        if (any) {
            rules.add(new FilterRule(FilterMatch.ANY, opposite)); // holds for both frames, but comes later
        }
        List<DemuxBench.Spec> specs = new ArrayList<>();
        specs.add(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), policy, false, false, List.of(), null, DemuxBench.Buffers.GOOD)
                .withRx(rules, otherwise));
        if (maxContexts() >= 2) {
            // a bystander on the same VLANs without rules: it takes every broadcast whatever context 0 decides (DEMUX-16)
            specs.add(new DemuxBench.Spec(1, List.of(FrameArbitraries.mac(1, 0)), policy, false, false, List.of(), null, DemuxBench.Buffers.GOOD));
        }
        DemuxBench bench = DemuxBench.start(provider(), specs, 4);
        int vlan = FrameArbitraries.memberVlan(policy, vlanPick);
        MacAddress dst = broadcast ? MacAddress.BROADCAST : FrameArbitraries.mac(0, 0);
        Filtered payload = new Filtered(null, l3, 0);
        Filtered plain = new Filtered(null, new FrameArbitraries.L3(other, Frames.pattern(46, vlanPick), "EtherType " + other), 0);
        DemuxOracle.Decision matched = bench.deliver("DEMUX-14", payload.frame(dst, FrameArbitraries.STRANGER, vlan, 0));
        DemuxOracle.Decision unmatched = bench.deliver("DEMUX-14", plain.frame(dst, FrameArbitraries.STRANGER, vlan, 0));
        // what the rule text says, written out for these two frames; the bench held the device to the oracle, this holds the oracle to the text
        FilterAction payloadAction = holding ? first : any ? opposite : otherwise;
        FilterAction otherAction = any ? opposite : otherwise;
        Check.equal("DEMUX-14", bench.harness(), "(oracle self-check) context 0's copy of the payload frame dropped, rules " + rules + ", default "
                + otherwise, payloadAction == FilterAction.DROP, matched.copyFor(0).filtered());
        Check.equal("DEMUX-14", bench.harness(), "(oracle self-check) context 0's copy of the EtherType " + other + " frame dropped, rules " + rules
                + ", default " + otherwise, otherAction == FilterAction.DROP, unmatched.copyFor(0).filtered());
    }

    @Property(tries = 150)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-14", "DEMUX-17"})
    public void required_DEMUX14_anAcceptedUpdateOfTheRxRulesDecidesTheNextCopy(@ForAll("rxTopology") List<DemuxBench.Spec> specs,
            @ForAll("rxTables") Tuple2<List<FilterRule>, FilterAction> next, @ForAll @IntRange(min = 0, max = 4) int which,
            @ForAll @Size(min = 1, max = 3) List<@From("filteredFrames") Filtered> frames) {
        DemuxBench bench = DemuxBench.start(provider(), specs, 2 * buffersFor(frames));
        for (Filtered f : frames) {
            bench.deliver("DEMUX-14", f.frame(specs));
        }
        bench.updateRx(which % specs.size(), next.get1(), next.get2());
        for (Filtered f : frames) {
            bench.deliver("DEMUX-14", f.frame(specs));
        }
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-15", "DEMUX-14", "DEMUX-10"})
    public void required_DEMUX15_rxRulesReadTheFrameAsItCameExactlyAsTheTxFilterReadsTheSameFrameSent(@ForAll("filterPolicies") VlanPolicy policy,
            @ForAll("ipPayloads") FrameArbitraries.L3 l3, @ForAll("rxTables") Tuple2<List<FilterRule>, FilterAction> table,
            @ForAll @IntRange(min = 0, max = 7) int vlanPick, @ForAll boolean stacked) {
        if (maxContexts() < 2) {
            return; // the sender of the same frame needs a second context
        }
        List<FilterRule> rules = table.get1();
        FilterAction otherwise = table.get2();
        DemuxBench bench = DemuxBench.start(provider(), List.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), policy, false, false,
                List.of(), null, DemuxBench.Buffers.GOOD).withRx(rules, otherwise)), 4);
        Harness harness = bench.harness();
        int vlan = FrameArbitraries.memberVlan(policy, vlanPick);
        MacAddress sender = FrameArbitraries.mac(1, 0);
        byte[] frame = new Filtered(null, l3, stacked ? 30 : 0).frame(FrameArbitraries.mac(0, 0), sender, vlan, 0);

        // the same rules as TX rules of a sender whose VLAN policy lets this very frame through (TXF-3, TXF-5)
        GuestDriver guest = harness.guest(1);
        ContextConfig sending = ContextConfig.builder().mac(sender).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .vlan(vlan == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(vlan))).txRules(rules).txDefault(otherwise).build();
        Check.equal("TXF-10", harness, "create of the sending ctx 1 with " + rules.size() + " TX rule(s) (set-up)", "Ok",
                Harness.describe(harness.control(Caller.HOST, new ControlRequest.CreateContext(1, sending))));
        int page = harness.grantPage(1, Access.READ_ONLY);
        System.arraycopy(frame, 0, harness.memory().page(page), 0, frame.length);
        long txDrops = harness.counter(1, Counter.TX_DROP_FILTER);
        guest.send(List.of(new TxSlot.Data(page, 0, 0, 1, frame.length)));
        boolean droppedOnTx = harness.counter(1, Counter.TX_DROP_FILTER) - txDrops == 1;

        // ctx 1 owns the source, so demux never gives it the frame (DEMUX-7): the bench's contexts are all there is to judge
        long rxDrops = harness.counter(0, Counter.RX_DROP_FILTER);
        DemuxOracle.Decision decision = bench.deliver("DEMUX-15", frame);
        boolean droppedOnRx = harness.counter(0, Counter.RX_DROP_FILTER) - rxDrops == 1;
        TxPolicyOracle.Fields fields = TxPolicyOracle.read(frame);
        int decided = TxPolicyOracle.firstMatch(rules, frame);
        boolean oracle = (decided < rules.size() ? rules.get(decided).action() : otherwise) == FilterAction.DROP;
        Check.equal("DEMUX-15", harness, "(oracle self-check) the RX verdict is the TX reading's " + fields, oracle, decision.copyFor(0).filtered());
        Check.equal("DEMUX-15", harness, "the same frame " + io.netchannel.conformance.harness.Bytes.hex(frame, 24) + " read as " + fields
                + " under rules " + rules + ", default " + otherwise + ": dropped on TX by ctx 1's rules = dropped on RX by ctx 0's rules",
                droppedOnTx, droppedOnRx);
    }

    @Property(tries = 150)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-16", "DEMUX-14"})
    public void required_DEMUX16_oneContextsRxRulesNeverChangeAnotherRecipientsCopyNorWidenItsOwn(@ForAll("anyTopology") List<DemuxBench.Spec> base,
            @ForAll("rxTables") Tuple2<List<FilterRule>, FilterAction> table, @ForAll @IntRange(min = 0, max = 4) int which,
            @ForAll @Size(min = 1, max = 4) List<@From("filteredFrames") Filtered> frames) {
        int k = which % base.size();
        List<DemuxBench.Spec> with = new ArrayList<>(base);
        with.set(k, base.get(k).withRx(table.get1(), table.get2()));
        DemuxBench filtering = DemuxBench.start(provider(), with, buffersFor(frames));
        DemuxBench plain = DemuxBench.start(provider(), base, buffersFor(frames));
        for (Filtered f : frames) {
            byte[] frame = f.frame(base);
            Map<Integer, long[]> before = new TreeMap<>();
            for (DemuxBench.Spec spec : base) {
                before.put(spec.context(), delta(filtering.harness(), plain.harness(), spec.context(), null));
            }
            filtering.deliver("DEMUX-16", frame);
            plain.deliver("DEMUX-16", frame);
            String head = " [frame " + io.netchannel.conformance.harness.Bytes.hex(frame, 18) + ", ctx " + k + " with RX rules " + table.get1()
                    + ", default " + table.get2() + ", compared with the same device without them]";
            for (DemuxBench.Spec spec : base) {
                int ctx = spec.context();
                long[] moved = delta(filtering.harness(), plain.harness(), ctx, before.get(ctx));
                int half = moved.length / 2;
                if (ctx != k) {
                    Check.equal("DEMUX-16", filtering.harness(), "counters of ctx " + ctx + " " + Arrays.toString(COUNTED) + head,
                            Arrays.toString(Arrays.copyOfRange(moved, half, moved.length)), Arrays.toString(Arrays.copyOf(moved, half)));
                    for (int gref : filtering.pagesOf(ctx)) {
                        Check.that(Arrays.equals(filtering.harness().memory().page(gref), plain.harness().memory().page(gref)), "DEMUX-16",
                                filtering.harness(), "page " + gref + " of ctx " + ctx + " as without ctx " + k + "'s rules" + head, "it differs");
                    }
                } else {
                    Check.that(moved[0] <= moved[half], "DEMUX-16", filtering.harness(), "ctx " + k + " takes a copy only when it would take it "
                            + "without its rules" + head, "RX_FRAMES +" + moved[0] + " with its rules, +" + moved[half] + " without");
                }
            }
            Check.equal("DEMUX-16", filtering.harness(), "WIRE_DROP_NO_CONTEXT with and without ctx " + k + "'s rules" + head,
                    plain.harness().counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT),
                    filtering.harness().counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT));
        }
    }

    /** The per-context counters DEMUX-16 compares. */
    private static final Counter[] COUNTED = {Counter.RX_FRAMES, Counter.RX_BYTES, Counter.RX_DROP_NO_BUFFER, Counter.RX_DROP_BAD_BUFFER,
        Counter.RX_DROP_FAILED, Counter.RX_DROP_FILTER};

    /** {@link #COUNTED} of {@code ctx} on {@code a}, then on {@code b}, minus {@code since} (null: none). */
    private static long[] delta(Harness a, Harness b, int ctx, long[] since) {
        long[] values = new long[2 * COUNTED.length];
        for (int i = 0; i < COUNTED.length; i++) {
            values[i] = a.counter(ctx, COUNTED[i]);
            values[COUNTED.length + i] = b.counter(ctx, COUNTED[i]);
        }
        if (since != null) {
            for (int i = 0; i < values.length; i++) {
                values[i] -= since[i];
            }
        }
        return values;
    }

    @Property(tries = 100)
    @ProfileGate.Claimed(L3L4_DEMUX)
    @Requirement({"DEMUX-17", "PRIV-8"})
    public void required_DEMUX17_moreRxRulesThanMaxFilterRulesAreRejectedInvalidConfigAndChangeNothing(@ForAll @IntRange(min = 1, max = 3) int extra,
            @ForAll boolean update, @ForAll boolean badRing, @ForAll FilterAction otherwise, @ForAll("rxTables") Tuple2<List<FilterRule>, FilterAction> kept,
            @ForAll("filteredFrames") Filtered frame) {
        int max = limits().maxFilterRules();
        List<DemuxBench.Spec> specs = List.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), VlanPolicy.UNTAGGED, false, false, List.of(),
                null, DemuxBench.Buffers.GOOD).withRx(kept.get1(), kept.get2()));
        DemuxBench bench = DemuxBench.start(provider(), specs, 4);
        Harness harness = bench.harness();
        int target = update ? 0 : 1;
        if (!update && maxContexts() < 2) {
            return; // a device of one context id cannot take a second create; the update half still runs
        }
        List<FilterRule> tooMany = new ArrayList<>();
        for (int i = 0; i < max + extra; i++) {
            tooMany.add(new FilterRule(FilterMatch.builder().protocol(i % 256).build(), i % 3 == 0 ? FilterAction.DROP : FilterAction.ALLOW));
        }
        GuestDriver guest = harness.guest(target);
        Observation before = harness.observe();
        // a ring the context cannot use (BAD_RING on a create, PRIV-10 on an update) must not win over the RX rule check (step 4c before 5)
        int tx = badRing ? harness.newGref() : guest.txRing();
        ContextConfig config = ContextConfig.builder().mac(FrameArbitraries.mac(target, 0)).txRingGref(tx).rxRingGref(guest.rxRing())
                .rxRules(tooMany).rxDefault(otherwise).build();
        ControlRequest request = update ? new ControlRequest.UpdateContext(target, config) : new ControlRequest.CreateContext(target, config);
        Check.equal("DEMUX-17", harness, (update ? "update" : "create") + " with " + tooMany.size() + " RX rules, maxFilterRules=" + max
                + (badRing ? " and an unusable TX ring" : ""), "Rejected(INVALID_CONFIG)", Harness.describe(harness.control(Caller.HOST, request)));
        unchanged("DEMUX-17", harness, before);
        if (!update) {
            Check.equal("DEMUX-17", harness, "state of ctx " + target + " after a refused create", ContextState.ABSENT, harness.state(target));
        }
        // ctx 0 keeps the rules it had; then exactly maxFilterRules are accepted and decide the next copy
        bench.deliver("DEMUX-17", frame.frame(specs));
        bench.updateRx(0, tooMany.subList(0, max), otherwise);
        bench.deliver("DEMUX-17", frame.frame(specs));
    }

    @Property(tries = 100)
    @ProfileGate.NotClaimed(L3L4_DEMUX)
    @Requirement({"DEMUX-17", "PRIV-8", "TXF-10"})
    public void required_DEMUX17_aDeviceWithoutL3l4DemuxRefusesRxRulesNotSupportedAndChangesNothing(@ForAll @IntRange(min = 0, max = 3) int count,
            @ForAll FilterAction otherwise, @ForAll boolean update, @ForAll boolean badRing, @ForAll boolean tooManyTx,
            @ForAll @Size(max = 3) List<@From("rxRules") FilterRule> pool) {
        List<FilterRule> rules = new ArrayList<>(pool.subList(0, Math.min(count, pool.size())));
        FilterAction rxDefault = rules.isEmpty() ? FilterAction.DROP : otherwise; // either one makes the configuration need the profile
        DemuxBench bench = DemuxBench.start(provider(), List.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), VlanPolicy.UNTAGGED, false,
                false, List.of(), null, DemuxBench.Buffers.GOOD)), 4);
        Harness harness = bench.harness();
        int target = update ? 0 : 1;
        if (!update && maxContexts() < 2) {
            return;
        }
        int max = limits().maxFilterRules();
        List<FilterRule> txRules = new ArrayList<>();
        for (int i = 0; tooManyTx && i <= max; i++) {
            txRules.add(FilterRule.allow(FilterMatch.builder().protocol(i % 256).build()));
        }
        GuestDriver guest = harness.guest(target);
        Observation before = harness.observe();
        int tx = badRing ? harness.newGref() : guest.txRing();
        ContextConfig config = ContextConfig.builder().mac(FrameArbitraries.mac(target, 0)).txRingGref(tx).rxRingGref(guest.rxRing()).txRules(txRules)
                .rxRules(rules).rxDefault(rxDefault).build();
        ControlRequest request = update ? new ControlRequest.UpdateContext(target, config) : new ControlRequest.CreateContext(target, config);
        // chapter 01, step 4b (TXF-10) comes before step 4c; step 4c before the rings (step 5)
        String expected = tooManyTx ? "Rejected(INVALID_CONFIG)" : "Rejected(NOT_SUPPORTED)";
        Check.equal(tooManyTx ? "DEMUX-17 (TXF-10 first)" : "DEMUX-17", harness, (update ? "update" : "create") + " with " + rules.size()
                + " RX rule(s), RX default " + rxDefault + (tooManyTx ? ", " + txRules.size() + " TX rules" : "") + (badRing ? ", an unusable TX ring" : "")
                + " on a device without " + L3L4_DEMUX, expected, Harness.describe(harness.control(Caller.HOST, request)));
        unchanged("DEMUX-17", harness, before);
        // ctx 0 still takes every copy: a device that ignored the refused rules would still deliver, one that kept them would not
        bench.deliver("DEMUX-17", new FrameArbitraries.Body(FrameArbitraries.Tag.NONE, 0, 0, false, 0x0800, 46, 5).frame(MacAddress.BROADCAST,
                FrameArbitraries.STRANGER));
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

    /** Contexts of any buffers (FAILED ones among them), each with 0 to 4 RX rules and a default (profile l3l4-demux). */
    @Provide
    Arbitrary<List<DemuxBench.Spec>> rxTopology() {
        return Combinators.combine(FrameArbitraries.topology(limits(), 3, Arbitraries.of(DemuxBench.Buffers.class)), rxTables().list().ofSize(5))
                .as((specs, tables) -> {
                    List<DemuxBench.Spec> ruled = new ArrayList<>();
                    for (DemuxBench.Spec s : specs) {
                        ruled.add(s.withRx(tables.get(s.context()).get1(), tables.get(s.context()).get2()));
                    }
                    return ruled;
                });
    }

    /** 0 to 4 rules (at most maxFilterRules) from chapter 07's pools, so that they overlap and hold for the generated frames, and a default. */
    @Provide
    Arbitrary<Tuple2<List<FilterRule>, FilterAction>> rxTables() {
        return Combinators.combine(rxRules().list().ofMaxSize(Math.min(4, limits().maxFilterRules())), Arbitraries.of(FilterAction.class)).as(Tuple::of);
    }

    @Provide
    Arbitrary<FilterRule> rxRules() {
        return FrameArbitraries.rules();
    }

    /** Frames of any destination kind carrying IPv4, IPv6 or other payloads, now and then with a stacked inner tag. */
    @Provide
    Arbitrary<Filtered> filteredFrames() {
        return Combinators.combine(anyAddressed(), FrameArbitraries.l3(), Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.of(FrameArbitraries.VIDS)))).as(Filtered::new);
    }

    @Provide
    Arbitrary<FrameArbitraries.L3> ipPayloads() {
        return FrameArbitraries.l3();
    }

    /** Untagged, Access and Trunk policies a recipient of the RX rule properties may have. */
    @Provide
    Arbitrary<VlanPolicy> filterPolicies() {
        return FrameArbitraries.policies(limits().maxVlansPerContext());
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
