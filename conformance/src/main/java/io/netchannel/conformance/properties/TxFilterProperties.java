package io.netchannel.conformance.properties;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple4;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 07: TX enforcement and filtering (TXF-1 to TXF-10). Each packet is first decided by
 * chapter 04 ({@link TxOracle}); each frame it yields by {@link TxPolicyOracle}, the spec's
 * {@code enforce} procedure and TXF-7's reading of the frame, written independently of any
 * implementation. {@link TxPolicyBench} compares responses, wire frames, counters and every
 * {@code filterHits} counter, and checks each wire frame against the sender's policy on its own.
 */
public abstract class TxFilterProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private DeviceLimits limits() {
        return provider().limits();
    }

    /** A unicast MAC no context owns. */
    static final MacAddress STRANGER = MacAddress.parse("02:cc:00:00:00:05");

    /** VIDs senders' policies and frames use. */
    static final List<Integer> TX_VIDS = List.of(10, 20, 30, 4094);

    /**
     * A sender's policy before it has an id.
     *
     * @param macs how many MACs it owns
     * @param vlan its VLAN policy
     */
    public record Sender(int macs, VlanPolicy vlan) {
    }

    /**
     * One frame a sender writes: its source, tag, destination, payload and packet shape.
     *
     * @param srcKind 0 one of its own MACs, 1 the other context's, 2 a stranger's, 3 a group address
     * @param srcIndex which one
     * @param tag the tag in its TPID position ({@link FrameArbitraries.Tag#VID} uses {@code vid}, or a VID of the sender's own when {@code ownVid})
     * @param ownVid whether a {@link FrameArbitraries.Tag#VID} tag takes a VID of the sender's policy
     * @param vid the VID otherwise
     * @param pcp priority bits of the tag
     * @param l3 what follows the addresses
     * @param shape packet shape: data slots (low 2 bits) and a HASH extra (bit 2)
     */
    public record Written(int srcKind, int srcIndex, FrameArbitraries.Tag tag, boolean ownVid, int vid, int pcp, FrameArbitraries.L3 l3, int shape) {

        /** The frame {@code ctx} (configured as {@code self}) writes; {@code other} is the other context's MAC list. */
        byte[] frame(ContextConfig self, List<MacAddress> other) {
            MacAddress src = switch (srcKind) {
                case 0 -> self.macs().get(Math.floorMod(srcIndex, self.macs().size()));
                case 1 -> other.get(Math.floorMod(srcIndex, other.size()));
                case 2 -> STRANGER;
                default -> MacAddress.parse("01:00:5e:00:00:01");
            };
            byte[] plain = Frames.ethernet(srcIndex % 2 == 0 ? MacAddress.BROADCAST : STRANGER, src, l3.etherType(), l3.bytes());
            int tagVid = ownVid ? FrameArbitraries.memberVlan(self.vlan(), srcIndex) : vid;
            if (tagVid == 0) {
                tagVid = vid; // an untagged policy has no VID of its own
            }
            return retag(plain, tagVid);
        }

        private byte[] retag(byte[] plain, int tagVid) {
            return switch (tag) {
                case NONE -> plain;
                case VID -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, false, tagVid));
                case PRIORITY -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, false, 0));
                case RESERVED -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, false, 0xFFF));
                case SERVICE -> Frames.tag(plain, Frames.TPID_8021AD, Frames.tci(pcp, false, tagVid));
                case SERVICE_9100 -> Frames.tag(plain, Frames.TPID_9100, Frames.tci(pcp, false, tagVid));
                case SHORT -> java.util.Arrays.copyOf(Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, false, tagVid)), 14 + Math.floorMod(srcIndex, 4));
            };
        }

        /** The packet carrying {@link #frame}. */
        TxPolicyBench.Packet packet(ContextConfig self, List<MacAddress> other) {
            return new TxPolicyBench.Packet(frame(self, other), shape & 3, (shape & 4) != 0, false, null);
        }
    }

    /** The tag a frame compliant with {@code vlan} carries: a VID of a trunk's, none otherwise. */
    private static FrameArbitraries.Tag compliantTag(VlanPolicy vlan) {
        return vlan instanceof VlanPolicy.Trunk ? FrameArbitraries.Tag.VID : FrameArbitraries.Tag.NONE;
    }

    /** Two contexts with the given senders' policies and rules; returns the bench. */
    private TxPolicyBench twoSenders(List<Sender> senders, List<List<FilterRule>> rules, List<FilterAction> defaults) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        int contexts = Math.min(senders.size(), Math.min(limits().maxContexts(), limits().maxContextId() + 1));
        for (int ctx = 0; ctx < contexts; ctx++) {
            Sender s = senders.get(ctx);
            List<MacAddress> macs = new ArrayList<>();
            for (int j = 0; j < Math.min(s.macs(), limits().maxMacsPerContext()); j++) {
                macs.add(FrameArbitraries.mac(ctx, j));
            }
            bench.create(ctx, bench.config(ctx).macs(macs).vlan(s.vlan()).txRules(rules.get(ctx)).txDefault(defaults.get(ctx)).build());
        }
        return bench;
    }

    private static List<MacAddress> otherMacs(TxPolicyBench bench, int ctx) {
        ContextConfig other = bench.configOf(1 - ctx);
        return other == null ? List.of(MacAddress.parse("02:00:00:00:77:01")) : other.macs();
    }

    // ------------------------------------------------------------------ source and VLAN

    @Property(tries = 200)
    @Requirement({"TXF-2", "TXF-3", "TXF-4", "TXF-5", "TXF-9"})
    public void required_TXF2_noFrameLeavesWithASourceMacOrVlanItsSenderDoesNotOwn(@ForAll @Size(min = 2, max = 2) List<@From("senders") Sender> senders,
            @ForAll @Size(min = 1, max = 3) List<@From("sendersBatches") Tuple2<Integer, List<Written>>> batches) {
        TxPolicyBench bench = twoSenders(senders, List.of(List.of(), List.of()), List.of(FilterAction.ALLOW, FilterAction.ALLOW));
        for (Tuple.Tuple2<Integer, List<Written>> batch : batches) {
            int ctx = Math.min(batch.get1(), bench.configOf(1) == null ? 0 : 1);
            List<TxPolicyBench.Packet> packets = new ArrayList<>();
            for (Written w : batch.get2()) {
                packets.add(w.packet(bench.configOf(ctx), otherMacs(bench, ctx)));
            }
            bench.send("TXF-2", ctx, packets);
        }
    }

    @Property(tries = 150)
    @Requirement({"TXF-4", "TX-1", "TXF-9"})
    public void required_TXF4_anAccessContextsFramesLeaveWithExactlyItsTagInsertedAndCountWithIt(@ForAll @IntRange(min = 1, max = 4094) int vid,
            @ForAll @Size(min = 1, max = 6) List<@From("accessWritten") Written> written) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        ContextConfig config = bench.config(0).mac(FrameArbitraries.mac(0, 0)).vlan(new VlanPolicy.Access(vid)).build();
        bench.create(0, config);
        List<TxPolicyBench.Packet> packets = new ArrayList<>();
        for (Written w : written) {
            packets.add(w.packet(config, List.of(STRANGER)));
        }
        TxPolicyBench.Sent sent = bench.send("TXF-4", 0, packets);
        for (int k = 0; k < packets.size(); k++) {
            TxPolicyOracle.Decision d = sent.chapter07().get(k);
            byte[] frame = packets.get(k).frame();
            if (d != null && d.verdict() == TxPolicyOracle.Verdict.SENT) {
                Check.that(d.wire().length == frame.length + 4 && Frames.u16(d.wire(), 12) == 0x8100 && Frames.u16(d.wire(), 14) == vid, "TXF-4",
                        bench.harness(), "(oracle self-check) the wire frame is the guest's with 8100 " + vid + " inserted", d);
            }
        }
    }

    // ------------------------------------------------------------------ filter rules

    @Property(tries = 250)
    @Requirement({"TXF-6", "TXF-7", "TXF-8"})
    public void required_TXF6_theFirstMatchingRuleOrTheDefaultDecidesAndOnlyItsCounterMoves(@ForAll("txPolicies") VlanPolicy vlan,
            @ForAll("ruleLists") List<FilterRule> rules, @ForAll FilterAction defaultAction,
            @ForAll @Size(min = 1, max = 3) List<@Size(min = 1, max = 5) List<@From("ipWritten") Written>> batches) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        ContextConfig config = bench.config(0).macs(List.of(FrameArbitraries.mac(0, 0), FrameArbitraries.mac(0, 1)).subList(0,
                Math.min(2, limits().maxMacsPerContext()))).vlan(vlan).txRules(rules).txDefault(defaultAction).build();
        bench.create(0, config);
        for (List<Written> batch : batches) {
            List<TxPolicyBench.Packet> packets = new ArrayList<>();
            for (Written w : batch) {
                packets.add(compliant(w, vlan).packet(config, List.of(STRANGER)));
            }
            bench.send("TXF-6", 0, packets);
        }
    }

    /** {@code w} with the tag its sender's policy needs (frames that pass TXF-2 to TXF-5 reach the rules). */
    private static Written compliant(Written w, VlanPolicy vlan) {
        if (w.srcKind() != 0) {
            return w; // the odd spoofed frame: it must not move a rule counter
        }
        return new Written(0, w.srcIndex(), compliantTag(vlan), true, w.vid(), w.pcp(), w.l3(), w.shape());
    }

    @Property(tries = 150)
    @Requirement({"TXF-8", "TXF-6"})
    public void required_TXF8_anUpdateThatChangesTheRulesOrDefaultZeroesFilterHitsAndAnIdenticalOneKeepsThem(@ForAll("txPolicies") VlanPolicy vlan,
            @ForAll("ruleLists") List<FilterRule> rules, @ForAll FilterAction defaultAction, @ForAll @IntRange(min = 0, max = 6) int change,
            @ForAll("ruleLists") List<FilterRule> more, @ForAll @Size(min = 1, max = 5) List<@From("ipWritten") Written> first,
            @ForAll @Size(min = 1, max = 5) List<@From("ipWritten") Written> second) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        ContextConfig config = bench.config(0).mac(FrameArbitraries.mac(0, 0)).vlan(vlan).txRules(rules).txDefault(defaultAction).build();
        bench.create(0, config);
        List<TxPolicyBench.Packet> packets = new ArrayList<>();
        for (Written w : first) {
            packets.add(compliant(w, vlan).packet(config, List.of(STRANGER)));
        }
        bench.send("TXF-8", 0, packets);
        int max = limits().maxFilterRules();
        List<FilterRule> changed = new ArrayList<>(TxPolicyBench.copyOf(rules));
        FilterAction newDefault = defaultAction;
        ContextConfig.Builder next = config.toBuilder();
        switch (change) {
            case 0 -> next.promiscuousAllowed(true); // rules and default identical (fresh objects): counters kept
            case 1 -> newDefault = TxPolicyBench.other(defaultAction);
            case 2 -> {
                if (!more.isEmpty() && changed.size() < max) {
                    changed.add(more.get(0));
                } else {
                    newDefault = TxPolicyBench.other(defaultAction);
                }
            }
            case 3 -> {
                if (!changed.isEmpty()) {
                    changed.remove(0);
                }
            }
            case 4 -> {
                if (!changed.isEmpty()) {
                    FilterRule r = changed.get(changed.size() - 1);
                    changed.set(changed.size() - 1, new FilterRule(r.match(), TxPolicyBench.other(r.action())));
                }
            }
            case 5 -> Collections.reverse(changed);
            default -> {
                if (limits().maxMacsPerContext() >= 2) {
                    next.mac(FrameArbitraries.mac(0, 1)); // another MAC, same rules and default: counters kept
                }
            }
        }
        ContextConfig updated = next.txRules(changed).txDefault(newDefault).build();
        bench.update(0, updated);
        packets = new ArrayList<>();
        for (Written w : second) {
            packets.add(compliant(w, vlan).packet(updated, List.of(STRANGER)));
        }
        bench.send("TXF-8", 0, packets);
    }

    // ------------------------------------------------------------------ order and answers

    @Property(tries = 200)
    @Requirement({"TXF-1", "TXF-9", "TXF-6"})
    public void required_TXF1_sourceThenVlanThenFilterOnlyTheFirstFailingCheckCountsAndMulticastControlIsNotChecked(
            @ForAll("txPolicies") VlanPolicy vlan, @ForAll("ruleLists") List<FilterRule> rules, @ForAll boolean dropAllFirst,
            @ForAll @Size(min = 1, max = 6) List<@From("orderCases") Tuple4<Boolean, Boolean, Integer, Written>> cases) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        List<FilterRule> list = new ArrayList<>(rules);
        if (dropAllFirst && list.size() < limits().maxFilterRules()) {
            list.add(0, FilterRule.drop(FilterMatch.ANY));
        }
        ContextConfig config = bench.config(0).mac(FrameArbitraries.mac(0, 0)).vlan(vlan).txRules(list).txDefault(FilterAction.DROP).build();
        bench.create(0, config);
        List<TxPolicyBench.Packet> packets = new ArrayList<>();
        List<String> intended = new ArrayList<>();
        for (Tuple.Tuple4<Boolean, Boolean, Integer, Written> c : cases) {
            boolean spoof = c.get1();
            boolean vlanBad = c.get2();
            int kind = c.get3(); // 0 a frame, 1 a malformed packet (chapter 04 first), 2 a multicast-control packet
            Written w = c.get4();
            FrameArbitraries.Tag tag = vlanBad ? (vlan instanceof VlanPolicy.Trunk ? violatingTrunkTag(w) : FrameArbitraries.Tag.VID) : compliantTag(vlan);
            boolean ownVid = !(vlanBad && vlan instanceof VlanPolicy.Trunk && tag == FrameArbitraries.Tag.VID);
            Written shaped = new Written(spoof ? 2 : 0, w.srcIndex(), tag, ownVid, 55, w.pcp(), w.l3(), w.shape());
            byte[] frame = shaped.frame(config, List.of(STRANGER));
            if (kind == 2) {
                packets.add(new TxPolicyBench.Packet(frame, 0, false, false, FrameArbitraries.GROUPS.get(w.srcIndex() % FrameArbitraries.GROUPS.size())));
                intended.add("MULTICAST");
            } else if (kind == 1 && frame.length >= 20) {
                packets.add(new TxPolicyBench.Packet(frame, 1 + (w.shape() & 1), false, true, null));
                intended.add("ERROR");
            } else {
                packets.add(new TxPolicyBench.Packet(frame, w.shape() & 3, (w.shape() & 4) != 0, false, null));
                intended.add(spoof ? "SPOOF" : vlanBad ? "VLAN" : "FILTER-or-SENT");
            }
        }
        TxPolicyBench.Sent sent = bench.send("TXF-1", 0, packets);
        for (int k = 0; k < packets.size(); k++) {
            TxPolicyOracle.Decision d = sent.chapter07().get(k);
            String got = d == null ? sent.chapter04().get(k).kind().name() : d.verdict().name();
            boolean agrees = switch (intended.get(k)) {
                case "MULTICAST" -> got.startsWith("MULTICAST");
                case "ERROR" -> got.equals("ERROR");
                case "FILTER-or-SENT" -> got.equals("FILTER") || got.equals("SENT");
                default -> got.equals(intended.get(k));
            };
            Check.that(agrees, "TXF-1", bench.harness(), "(oracle self-check) packet " + k + " meant to be " + intended.get(k), got + " " + d);
        }
    }

    /** A tag a trunk forbids: a VID outside its set, none at all, a service tag, or a short frame. */
    private static FrameArbitraries.Tag violatingTrunkTag(Written w) {
        return List.of(FrameArbitraries.Tag.VID, FrameArbitraries.Tag.NONE, FrameArbitraries.Tag.SERVICE, FrameArbitraries.Tag.SERVICE_9100,
                FrameArbitraries.Tag.PRIORITY, FrameArbitraries.Tag.SHORT).get(Math.floorMod(w.srcIndex() + w.pcp(), 6));
    }

    // ------------------------------------------------------------------ limits

    @Property(tries = 100)
    @Requirement({"TXF-10", "PRIV-8"})
    public void required_TXF10_moreThanMaxFilterRulesIsRejectedInvalidConfigAndChangesNothing(@ForAll @IntRange(min = 1, max = 3) int extra,
            @ForAll boolean update, @ForAll boolean badRing, @ForAll("ruleLists") List<FilterRule> seed, @ForAll("ipWritten") Written after) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        int max = limits().maxFilterRules();
        List<FilterRule> kept = seed.subList(0, Math.min(seed.size(), max));
        ContextConfig config = bench.config(0).mac(FrameArbitraries.mac(0, 0)).txRules(kept).build();
        bench.create(0, config);
        bench.send("TXF-10", 0, List.of(compliant(after, VlanPolicy.UNTAGGED).packet(config, List.of(STRANGER))));
        int target = update ? 0 : 1;
        if (!update && Math.min(limits().maxContexts(), limits().maxContextId() + 1) < 2) {
            return;
        }
        Harness harness = bench.harness();
        ContextConfig.Builder builder = update ? config.toBuilder() : bench.config(1).mac(FrameArbitraries.mac(1, 0));
        Observation before = harness.observe();
        long[] hits = bench.hits(0);
        List<FilterRule> tooMany = new ArrayList<>();
        for (int k = 0; k < max + extra; k++) {
            tooMany.add(seed.isEmpty() ? FilterRule.allow(FilterMatch.builder().etherType(k & 0xFFFF).build()) : seed.get(k % seed.size()));
        }
        builder.txRules(tooMany);
        if (badRing) {
            builder.txRingGref(harness.newGref()); // BAD_RING on a create, PRIV-10 on an update: the rule count is checked first (step 4b)
        }
        ControlRequest request = update ? new ControlRequest.UpdateContext(target, builder.build()) : new ControlRequest.CreateContext(target, builder.build());
        ControlResult result = harness.control(Caller.HOST, request);
        Check.equal("TXF-10", harness, (update ? "update" : "create") + " with " + tooMany.size() + " rules (maxFilterRules " + max + ")"
                + (badRing ? " and an unusable TX ring" : ""), "Rejected(INVALID_CONFIG)", Harness.describe(result));
        DemuxProperties.unchanged("TXF-10", harness, before);
        Check.equal("TXF-10", harness, "filterHits of ctx 0 after a refused request", java.util.Arrays.toString(hits),
                java.util.Arrays.toString(bench.hits(0)));
        bench.checkHits("TXF-10 (PRIV-8)", 0, "after a refused request");
        if (!update) {
            Check.equal("TXF-10", harness, "state of ctx 1 after a refused create", ContextState.ABSENT, harness.state(1));
        }
        // the old rules still decide
        bench.send("TXF-10", 0, List.of(compliant(after, VlanPolicy.UNTAGGED).packet(config, List.of(STRANGER))));
    }

    @Property(tries = 50)
    @Requirement({"TXF-10", "TXF-8"})
    public void required_TXF10_exactlyMaxFilterRulesIsAcceptedAndEachCountsItsOwnFrames(@ForAll("ipWritten") Written written, @ForAll boolean update) {
        TxPolicyBench bench = TxPolicyBench.start(provider());
        int max = limits().maxFilterRules();
        List<FilterRule> rules = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            // rule k matches the frames whose UDP destination port is k (none of the pools' ports but 0, 22, 53, 80, ...)
            rules.add(FilterRule.allow(FilterMatch.builder().protocol(Frames.UDP).destinationPort(io.netchannel.api.PortRange.of(k)).build()));
        }
        ContextConfig config = bench.config(0).mac(FrameArbitraries.mac(0, 0)).txRules(update ? List.of() : rules).build();
        bench.create(0, config);
        if (update) {
            config = config.toBuilder().txRules(rules).build();
            bench.update("TXF-10", 0, config);
        }
        List<TxPolicyBench.Packet> packets = new ArrayList<>();
        packets.add(compliant(written, VlanPolicy.UNTAGGED).packet(config, List.of(STRANGER)));
        packets.add(TxPolicyBench.Packet.of(Frames.ethernet(STRANGER, FrameArbitraries.mac(0, 0), Frames.IPV4,
                Frames.ipv4(Frames.UDP, Frames.v4(10, 0, 0, 1), Frames.v4(10, 0, 0, 2), Frames.ports(5000, Math.max(0, max - 1), 8)))));
        bench.send("TXF-10", 0, packets);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Sender> senders() {
        return Combinators.combine(Arbitraries.integers().between(1, 2), txPolicies()).as(Sender::new);
    }

    @Provide
    Arbitrary<VlanPolicy> txPolicies() {
        int max = limits().maxVlansPerContext();
        return Arbitraries.oneOf(Arbitraries.just(VlanPolicy.UNTAGGED), Arbitraries.of(TX_VIDS).map(VlanPolicy.Access::new),
                Arbitraries.integers().between(1, 4094).map(VlanPolicy.Access::new),
                Arbitraries.of(TX_VIDS).set().ofMinSize(1).ofMaxSize(Math.min(max, TX_VIDS.size())).map(vids -> new VlanPolicy.Trunk(List.copyOf(vids))));
    }

    private static Arbitrary<Written> written(Arbitrary<Integer> srcKinds, int[] tagWeights, Arbitrary<FrameArbitraries.L3> l3) {
        List<Tuple.Tuple2<Integer, FrameArbitraries.Tag>> tags = new ArrayList<>();
        for (FrameArbitraries.Tag tag : FrameArbitraries.Tag.values()) {
            if (tagWeights[tag.ordinal()] > 0) {
                tags.add(Tuple.of(tagWeights[tag.ordinal()], tag));
            }
        }
        Arbitrary<Integer> vids = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(10, 20, 30, 4094, 55)), Tuple.of(1, Arbitraries.integers().between(1, 4094)));
        return Combinators.combine(srcKinds, Arbitraries.integers().between(0, 9), Arbitraries.frequency(tags), Arbitraries.of(true, false), vids,
                Arbitraries.integers().between(0, 7), l3, Arbitraries.integers().between(0, 7))
                .as(Written::new);
    }

    private static Arbitrary<FrameArbitraries.L3> plainL3() {
        return Combinators.combine(FrameArbitraries.etherTypes().filter(t -> t != Frames.TPID_8021Q && t != Frames.TPID_8021AD && t != Frames.TPID_9100),
                FrameArbitraries.payloads()).as((type, n) -> new FrameArbitraries.L3(type, Frames.pattern(n, type), String.format("EtherType 0x%04x", type)));
    }

    /** Frames of every source and tag, mostly from the sender's own MACs. */
    @Provide
    Arbitrary<Tuple.Tuple2<Integer, List<Written>>> sendersBatches() {
        Arbitrary<Integer> src = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(2, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)));
        Arbitrary<Written> w = written(src, new int[] {4, 5, 1, 1, 1, 1, 1}, Arbitraries.frequencyOf(Tuple.of(3, plainL3()), Tuple.of(1, FrameArbitraries.l3())));
        return Combinators.combine(Arbitraries.integers().between(0, 1), w.list().ofMinSize(1).ofMaxSize(6)).as(Tuple::of);
    }

    /** Frames an access context writes: mostly untagged from its own MAC, now and then tagged or spoofed. */
    @Provide
    Arbitrary<Written> accessWritten() {
        Arbitrary<Integer> src = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(2)));
        return written(src, new int[] {12, 2, 1, 0, 1, 1, 1}, Arbitraries.frequencyOf(Tuple.of(2, plainL3()), Tuple.of(1, FrameArbitraries.l3())));
    }

    /** IPv4, IPv6 and other frames from the sender's own MAC (one in twenty spoofed). */
    @Provide
    Arbitrary<Written> ipWritten() {
        Arbitrary<Integer> src = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(2)));
        return written(src, new int[] {1, 1, 0, 0, 0, 0, 0}, FrameArbitraries.l3());
    }

    /** Rule lists up to 8 rules (or the device's maximum), overlapping, from the pools. */
    @Provide
    Arbitrary<List<FilterRule>> ruleLists() {
        return FrameArbitraries.rules().list().ofMaxSize(Math.min(8, limits().maxFilterRules()));
    }

    /** (spoofed, VLAN-violating, kind, frame): kind 0 a frame, 1 a malformed packet, 2 a multicast-control packet. */
    @Provide
    Arbitrary<Tuple.Tuple4<Boolean, Boolean, Integer, Written>> orderCases() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2))), ipWritten())
                .as(Tuple::of);
    }
}
