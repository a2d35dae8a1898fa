package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
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
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * Chapter 08: contexts, inter-VM traffic and fallback (CTX-1 to CTX-12). Where a sent frame goes
 * comes from {@link SwitchOracle} — the sender's checks by {@link TxPolicyOracle}, the receivers
 * by {@link DemuxOracle} — and {@link SwitchBench} judges every context's copy as chapters 04 and
 * 06 do. The host's fallback (CTX-10 to CTX-12) is checked as an equality: the device with room
 * for every guest and the same device behind the reference host, limited to a few contexts, are
 * driven by the same random steps and must show the same observations after each.
 */
public abstract class ContextsProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    /**
     * The implementation under test behind a host whose device holds at most {@code deviceContexts}
     * contexts and whose software path serves the rest (spec 08, section 5).
     */
    protected DeviceProvider hosted(int deviceContexts) {
        return new HostedProvider(provider(), deviceContexts);
    }

    private DeviceLimits limits() {
        return provider().limits();
    }

    /** Contexts the device can hold at once, as far as its ids reach. */
    private int contexts() {
        return Math.min(limits().maxContexts(), limits().maxContextId() + 1);
    }

    /** The provider {@code host} names: the device alone for -1, else behind a host holding that many device contexts. */
    private DeviceProvider subject(int host) {
        return host < 0 ? provider() : hosted(Math.min(host, limits().maxContexts()));
    }

    /** Whether the subject {@code host} names has a software path, and so takes SOFTWARE (CTX-7). */
    private boolean softwarePath(int host) {
        return host >= 0 || provider() instanceof HostedProvider;
    }

    /** VEB on the device alone, SOFTWARE behind a host: the two modes that switch between guests. */
    private static SwitchMode switching(int host) {
        return host < 0 ? SwitchMode.VEB : SwitchMode.SOFTWARE;
    }

    /** A unicast MAC no context owns, as a destination. */
    static final MacAddress UNKNOWN = FrameArbitraries.STRANGER;
    /** A unicast MAC no context owns, as a source. */
    static final MacAddress FOREIGN = MacAddress.parse("02:bb:00:00:00:07");

    /**
     * One frame a guest writes, relative to the contexts the host configured.
     *
     * @param dstKind 0 another context's MAC, 1 its own, 2 broadcast, 3 a joinable group, 4 an unheard group, 5 an unknown unicast MAC
     * @param dstIndex which one
     * @param srcKind 0 one of its own MACs, 1 another context's (spoofed), 2 one nobody owns (spoofed)
     * @param vlanKind 0 the tag its policy asks for, 1 a VLAN of the addressed context, 2 one of untagged, 10, 20, 30, 55
     * @param vlanPick which VLAN or MAC
     * @param l3 what follows the addresses
     */
    public record Outgoing(int dstKind, int dstIndex, int srcKind, int vlanKind, int vlanPick, FrameArbitraries.L3 l3) {

        /** The frame context {@code sender} writes, given {@code contexts} as the host configured them. */
        public byte[] frame(int sender, List<DemuxOracle.Member> contexts) {
            DemuxOracle.Member self = null;
            List<DemuxOracle.Member> others = new ArrayList<>();
            List<MacAddress> otherMacs = new ArrayList<>();
            for (DemuxOracle.Member member : contexts) {
                if (member.context() == sender) {
                    self = member;
                } else {
                    others.add(member);
                    otherMacs.addAll(member.macs());
                }
            }
            List<MacAddress> own = self == null ? List.of() : self.macs();
            MacAddress dst = switch (dstKind) {
                case 0 -> otherMacs.isEmpty() ? UNKNOWN : otherMacs.get(Math.floorMod(dstIndex, otherMacs.size()));
                case 1 -> own.isEmpty() ? UNKNOWN : own.get(Math.floorMod(dstIndex, own.size()));
                case 2 -> MacAddress.BROADCAST;
                case 3 -> FrameArbitraries.GROUPS.get(Math.floorMod(dstIndex, FrameArbitraries.GROUPS.size()));
                case 4 -> FrameArbitraries.UNHEARD_GROUP;
                default -> UNKNOWN;
            };
            MacAddress src = switch (srcKind) {
                case 0 -> own.isEmpty() ? FOREIGN : own.get(Math.floorMod(vlanPick, own.size()));
                case 1 -> otherMacs.isEmpty() ? FOREIGN : otherMacs.get(Math.floorMod(dstIndex + 1, otherMacs.size()));
                default -> FOREIGN;
            };
            VlanPolicy ownPolicy = self == null ? VlanPolicy.UNTAGGED : self.vlan();
            int compliant = ownPolicy instanceof VlanPolicy.Trunk ? FrameArbitraries.memberVlan(ownPolicy, vlanPick) : 0;
            int vid = switch (vlanKind) {
                case 0 -> compliant;
                case 1 -> {
                    DemuxOracle.Member owner = others.stream().filter(m -> m.macs().contains(dst)).findFirst().orElse(null);
                    yield owner == null ? compliant : FrameArbitraries.memberVlan(owner.vlan(), vlanPick);
                }
                default -> List.of(0, 10, 20, 30, 55).get(Math.floorMod(vlanPick, 5));
            };
            byte[] plain = Frames.ethernet(dst, src, l3.etherType(), l3.bytes());
            return vid == 0 ? plain : Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(0, false, vid));
        }
    }

    private static List<byte[]> frames(SwitchBench bench, int sender, List<Outgoing> outgoing) {
        List<DemuxOracle.Member> members = bench.members();
        List<byte[]> frames = new ArrayList<>();
        for (Outgoing o : outgoing) {
            frames.add(o.frame(sender, members));
        }
        return frames;
    }

    /** An ACTIVE context of the bench picked by {@code pick}, or -1 when none can send. */
    private static int sender(SwitchBench bench, int pick) {
        List<Integer> active = bench.active();
        return active.isEmpty() ? -1 : active.get(Math.floorMod(pick, active.size()));
    }

    private static List<SwitchBench.Node> nodes(List<DemuxBench.Spec> specs) {
        return specs.stream().map(SwitchBench.Node::of).toList();
    }

    private static int buffersFor(List<Tuple2<Integer, List<Outgoing>>> sends) {
        int frames = 0;
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            frames += send.get2().size();
        }
        return frames + 2;
    }

    // ------------------------------------------------------------------ CTX-5, CTX-6, CTX-7: where a sent frame goes

    @Property(tries = 150)
    @Requirement({"CTX-6", "CTX-9", "DEMUX-7", "DEMUX-10", "DEMUX-11"})
    public void required_CTX6_inVebASentFrameReachesTheContextsDemuxPicksNeverItsSenderAndTheWireUnlessUnicastToAnotherMember(
            @ForAll("switchTopology") List<DemuxBench.Spec> specs, @ForAll @Size(min = 1, max = 4) List<@From("sends") Tuple2<Integer, List<Outgoing>>> sends) {
        SwitchBench bench = SwitchBench.start(provider(), nodes(specs), buffersFor(sends));
        bench.setMode("CTX-6", SwitchMode.VEB);
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            int sender = sender(bench, send.get1());
            if (sender < 0) {
                return; // every context FAILED: nobody sends
            }
            SwitchBench.Sent sent = bench.send("CTX-6", sender, frames(bench, sender, send.get2()));
            for (SwitchOracle.Route route : sent.routes()) {
                Check.that(route.local() == null || route.local().copyFor(sender) == null, "CTX-6", bench.harness(),
                        "(oracle self-check) a switched frame never returns to its sender (DEMUX-7)", route);
            }
        }
    }

    @Property(tries = 100)
    @Requirement({"CTX-5", "CTX-4", "CTX-9"})
    public void required_CTX5_inVepaASentFrameGoesToTheWireExactlyAsDecidedAndToNoContext(@ForAll("switchTopology") List<DemuxBench.Spec> specs,
            @ForAll @Size(min = 1, max = 4) List<@From("sends") Tuple2<Integer, List<Outgoing>>> sends, @ForAll boolean afterVeb) {
        SwitchBench bench = SwitchBench.start(provider(), nodes(specs), buffersFor(sends));
        if (afterVeb) {
            bench.setMode("CTX-5", SwitchMode.VEB);
            bench.setMode("CTX-5", SwitchMode.VEPA);
        } // else: a device starts in VEPA (CTX-4)
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            int sender = sender(bench, send.get1());
            if (sender < 0) {
                return;
            }
            bench.send("CTX-5", sender, frames(bench, sender, send.get2()));
        }
    }

    @Property(tries = 100)
    @Requirement({"CTX-7", "CTX-6", "CTX-10", "CTX-11"})
    public void required_CTX7_aHostInSoftwareModeGivesEveryGuestAndTheWireWhatVebGivesAndCountsEachSwitchedFrame(
            @ForAll("switchTopology") List<DemuxBench.Spec> specs, @ForAll @Size(min = 1, max = 4) List<@From("sends") Tuple2<Integer, List<Outgoing>>> sends,
            @ForAll @IntRange(min = 0, max = 3) int deviceContexts) {
        SwitchBench bench = SwitchBench.start(subject(deviceContexts), nodes(specs), buffersFor(sends));
        bench.setMode("CTX-7", SwitchMode.SOFTWARE);
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            int sender = sender(bench, send.get1());
            if (sender < 0) {
                return;
            }
            bench.send("CTX-7", sender, frames(bench, sender, send.get2()));
        }
    }

    // ------------------------------------------------------------------ CTX-8: checks before switching

    @Property(tries = 150)
    @Requirement({"CTX-8", "TXF-1", "TXF-2", "TXF-9"})
    public void required_CTX8_aFrameTheSendersChecksDropReachesNobodyAndNoneReachesAGuestOrTheWireWithASourceOrVlanItsSenderDoesNotOwn(
            @ForAll("filteringTopology") List<SwitchBench.Node> nodes,
            @ForAll @Size(min = 1, max = 4) List<@From("hostileSends") Tuple2<Integer, List<Outgoing>>> sends, @ForAll @IntRange(min = -1, max = 3) int host) {
        SwitchBench bench = SwitchBench.start(subject(host), nodes, buffersFor(sends));
        bench.setMode("CTX-8", switching(host));
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            int sender = sender(bench, send.get1());
            if (sender < 0) {
                return;
            }
            SwitchBench.Sent sent = bench.send("CTX-8", sender, frames(bench, sender, send.get2()));
            for (SwitchOracle.Route route : sent.routes()) {
                boolean dropped = route.tx().verdict() != TxPolicyOracle.Verdict.SENT;
                Check.that(!dropped || route.local() == null && route.wire() == null, "CTX-8", bench.harness(),
                        "(oracle self-check) a frame the checks drop is routed nowhere", route);
            }
        }
    }

    // ------------------------------------------------------------------ CTX-4, CTX-9: the mode and the counters

    @Property(tries = 100)
    @Requirement({"CTX-4", "CTX-7", "PRIV-2", "PRIV-8"})
    public void required_CTX4_aGuestCannotSetTheSwitchModeAndABareDeviceRefusesSoftwareKeepingItsMode(@ForAll("switchTopology") List<DemuxBench.Spec> specs,
            @ForAll SwitchMode first, @ForAll SwitchMode asked, @ForAll @IntRange(min = 0, max = 7) int pick,
            @ForAll @Size(min = 1, max = 3) List<@From("sends") Tuple2<Integer, List<Outgoing>>> sends) {
        SwitchBench bench = SwitchBench.start(provider(), nodes(specs), 2 * buffersFor(sends));
        Harness harness = bench.harness();
        boolean host = softwarePath(-1);
        // the host's own request: VEPA and VEB are taken; a device alone refuses SOFTWARE and keeps VEPA
        Observation before = harness.observe();
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.SetSwitchMode(first));
        if (first == SwitchMode.SOFTWARE && !host) {
            Check.equal("CTX-7", harness, "the host asks a device alone for SetSwitchMode(SOFTWARE)", "Rejected(NOT_SUPPORTED)", Harness.describe(result));
            DemuxProperties.unchanged("CTX-7", harness, before);
        } else {
            Check.equal("CTX-4", harness, "the host sets switch mode " + first, "Ok", Harness.describe(result));
            bench.expectMode(first);
        }
        traffic("CTX-4", bench, sends.subList(0, (sends.size() + 1) / 2));
        // a guest's request: refused PRIVILEGE, nothing changes, the mode still rules the next frame
        int guest = sender(bench, pick);
        if (guest < 0) {
            return;
        }
        before = harness.observe();
        result = harness.control(Caller.guest(guest), new ControlRequest.SetSwitchMode(asked));
        Check.equal("CTX-4 (PRIV-2)", harness, "guest " + guest + " asks for SetSwitchMode(" + asked + ")", "Rejected(PRIVILEGE)", Harness.describe(result));
        DemuxProperties.unchanged("CTX-4", harness, before);
        traffic("CTX-4", bench, sends.subList((sends.size() + 1) / 2, sends.size()));
    }

    private static void traffic(String rule, SwitchBench bench, List<Tuple2<Integer, List<Outgoing>>> sends) {
        for (Tuple2<Integer, List<Outgoing>> send : sends) {
            int sender = sender(bench, send.get1());
            if (sender >= 0) {
                bench.send(rule, sender, frames(bench, sender, send.get2()));
            }
        }
    }

    /**
     * One step of the CTX-9 property: the host sets a mode, a guest sends, or a frame arrives from
     * the wire.
     *
     * @param kind 0 the host sets {@code mode}, 1 a guest sends {@code send}, 2 {@code wire} arrives
     * @param mode the mode asked for
     * @param send the sender pick and frames
     * @param wire the frame from the wire
     */
    public record Traffic(int kind, SwitchMode mode, Tuple2<Integer, List<Outgoing>> send, DemuxProperties.Addressed wire) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "SetSwitchMode(" + mode + ")";
                case 1 -> "guest #" + send.get1() + " sends " + send.get2();
                default -> "wire " + wire;
            };
        }
    }

    @Property(tries = 100)
    @Requirement({"CTX-9", "CTX-4", "CTX-7", "TX-1"})
    public void required_CTX9_eachSentFrameCountsOnceOnItsSenderEachCopyOnItsReceiverAndWireCountersOnlyWireFrames(
            @ForAll("switchTopology") List<DemuxBench.Spec> specs, @ForAll @Size(min = 2, max = 8) List<@From("traffic") Traffic> steps,
            @ForAll @IntRange(min = -1, max = 3) int host) {
        int buffers = 2;
        for (Traffic t : steps) {
            buffers += t.kind() == 1 ? t.send().get2().size() : 1;
        }
        DeviceProvider subject = subject(host);
        SwitchBench bench = SwitchBench.start(subject, nodes(specs), buffers);
        Harness harness = bench.harness();
        for (Traffic t : steps) {
            switch (t.kind()) {
                case 0 -> {
                    Observation before = harness.observe();
                    ControlResult result = harness.control(Caller.HOST, new ControlRequest.SetSwitchMode(t.mode()));
                    if (t.mode() == SwitchMode.SOFTWARE && !softwarePath(host)) {
                        Check.equal("CTX-7", harness, "SetSwitchMode(SOFTWARE) on a device alone", "Rejected(NOT_SUPPORTED)", Harness.describe(result));
                        DemuxProperties.unchanged("CTX-7", harness, before);
                    } else {
                        Check.equal("CTX-4", harness, "the host sets switch mode " + t.mode(), "Ok", Harness.describe(result));
                        bench.expectMode(t.mode()); // CTX-4: from the next frame decided
                    }
                }
                case 1 -> {
                    int sender = sender(bench, t.send().get1());
                    if (sender >= 0) {
                        bench.send("CTX-9", sender, frames(bench, sender, t.send().get2()));
                    }
                }
                default -> bench.deliver("CTX-9", t.wire().frame(specs));
            }
        }
    }

    // ------------------------------------------------------------------ CTX-1, CTX-2, CTX-3: limits are budgets

    /** VIDs the trunks and access contexts of a full device use: 10, 20, ... as many as a trunk holds, and four more. */
    private List<Integer> fullVids() {
        List<Integer> vids = new ArrayList<>();
        for (int k = 1; k <= limits().maxVlansPerContext() + 4 && 10 * k <= 4094; k++) {
            vids.add(10 * k);
        }
        return vids;
    }

    /** Group {@code k} of a full device's pool. */
    static MacAddress group(int k) {
        return new MacAddress(0x01005E000000L + k);
    }

    /** Source MAC {@code j} of context {@code ctx} of a full device (distinct for any number of contexts and MACs). */
    static MacAddress fullMac(int ctx, int j) {
        return new MacAddress(0x020000000000L | (long) (ctx + 1) << 12 | (j + 1));
    }

    /**
     * One context of a full device before it has an id.
     *
     * @param vlanKind 0 untagged, 1 access, 2 a trunk of maxVlansPerContext VIDs
     * @param offset where its VIDs and groups start in the pools
     * @param rules whether it holds maxFilterRules rules
     * @param groupsKind 0 none, 1 at most exactMulticastGroups, 2 one more, 3 maxMulticastGroups
     * @param promiscuous whether its guest is promiscuous
     * @param allMulticast whether its guest is all-multicast
     * @param buffers what it receives into
     */
    record Budget(int vlanKind, int offset, boolean rules, int groupsKind, boolean promiscuous, boolean allMulticast, DemuxBench.Buffers buffers) {
    }

    private SwitchBench.Node budgeted(int ctx, Budget b, int ruleSeed, FilterAction txDefault) {
        DeviceLimits l = limits();
        List<MacAddress> macs = new ArrayList<>();
        for (int j = 0; j < l.maxMacsPerContext(); j++) {
            macs.add(fullMac(ctx, j));
        }
        List<Integer> pool = fullVids();
        VlanPolicy vlan = switch (b.vlanKind()) {
            case 0 -> VlanPolicy.UNTAGGED;
            case 1 -> new VlanPolicy.Access(pool.get(b.offset() % pool.size()));
            default -> {
                List<Integer> vids = new ArrayList<>();
                for (int k = 0; k < Math.min(l.maxVlansPerContext(), pool.size()); k++) {
                    vids.add(pool.get((b.offset() + k) % pool.size()));
                }
                yield new VlanPolicy.Trunk(vids);
            }
        };
        int exact = l.exactMulticastGroups();
        int count = switch (b.groupsKind()) {
            case 0 -> 0;
            case 1 -> exact == 0 ? 0 : 1 + b.offset() % exact;
            case 2 -> Math.min(exact + 1, l.maxMulticastGroups());
            default -> l.maxMulticastGroups();
        };
        List<MacAddress> groups = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            groups.add(group(3 * b.offset() + k));
        }
        List<FilterRule> rules = new ArrayList<>();
        if (b.rules()) {
            for (int k = 0; k < l.maxFilterRules(); k++) {
                FilterMatch match = FilterMatch.builder().protocol(Frames.UDP).destinationPort(PortRange.of(k)).build();
                rules.add((k + ruleSeed) % 3 == 0 ? FilterRule.drop(match) : FilterRule.allow(match));
            }
        }
        DemuxBench.Spec spec = new DemuxBench.Spec(ctx, macs, vlan, b.promiscuous(), b.allMulticast(), groups, null, b.buffers());
        return new SwitchBench.Node(spec, rules, b.rules() ? txDefault : FilterAction.ALLOW);
    }

    /**
     * One frame on a full device: from the wire, or sent by a guest (UDP to a port its rules may
     * decide).
     *
     * @param wire from the wire, else sent
     * @param dstKind 0 a context's MAC, 1 broadcast, 2 a group of the pool, 3 an unknown unicast MAC, 4 an unheard group
     * @param dstIndex which one
     * @param vlanPick the VLAN: the sender's own (or, from the wire, one of the pool) mostly, now and then another
     * @param srcPick a wire frame's source: a context's MAC or a foreign one; a sent frame's: its own mostly
     * @param port the UDP destination port
     */
    public record Full(boolean wire, int dstKind, int dstIndex, int vlanPick, int srcPick, int port) {

        byte[] frame(SwitchBench bench, int sender, List<Integer> vids, int groups) {
            List<MacAddress> all = new ArrayList<>();
            bench.nodes().values().forEach(n -> all.addAll(n.spec().macs()));
            MacAddress dst = switch (dstKind) {
                case 0 -> all.get(Math.floorMod(dstIndex, all.size()));
                case 1 -> MacAddress.BROADCAST;
                case 2 -> group(Math.floorMod(dstIndex, groups + 24));
                case 3 -> UNKNOWN;
                default -> FrameArbitraries.UNHEARD_GROUP;
            };
            byte[] udp = Frames.ipv4(Frames.UDP, Frames.v4(10, 0, 0, 1), Frames.v4(10, 0, 0, 2), Frames.ports(5000, port, 8 + Math.floorMod(dstIndex, 40)));
            MacAddress src;
            int vid;
            if (wire) {
                src = srcPick % 3 == 0 ? all.get(Math.floorMod(srcPick, all.size())) : FOREIGN;
                vid = vlanPick % 5 == 0 ? 0 : vlanPick % 7 == 0 ? 55 : vids.get(Math.floorMod(vlanPick, vids.size()));
            } else {
                SwitchBench.Node self = bench.nodes().get(sender);
                List<MacAddress> own = self.spec().macs();
                src = srcPick % 9 == 0 ? all.get(Math.floorMod(srcPick, all.size())) : own.get(Math.floorMod(srcPick, own.size()));
                vid = self.spec().vlan() instanceof VlanPolicy.Trunk ? FrameArbitraries.memberVlan(self.spec().vlan(), vlanPick) : 0;
                if (vlanPick % 11 == 0) {
                    vid = vids.get(Math.floorMod(vlanPick / 11, vids.size())); // now and then a VLAN its policy may forbid
                }
            }
            byte[] plain = Frames.ethernet(dst, src, Frames.IPV4, udp);
            return vid == 0 ? plain : Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(0, false, vid));
        }
    }

    @Property(tries = 20)
    @Requirement({"CTX-1", "CTX-2", "CTX-3", "PRIV-7", "DEMUX-13", "TXF-10"})
    public void required_CTX1_aDeviceFullToItsDeclaredLimitsAcceptsEveryRequestRefusesOnlyOneContextMoreAndDecidesEveryFrameExactly(
            @ForAll("fullDevices") List<SwitchBench.Node> nodes, @ForAll @Size(min = 4, max = 10) List<@From("fullTraffic") Full> traffic,
            @ForAll boolean veb) {
        // CTX-1: every create and guest configuration within the budgets is accepted (the bench checks each)
        SwitchBench bench = SwitchBench.start(provider(), nodes, traffic.size() + 2);
        Harness harness = bench.harness();
        int extra = nodes.size();
        if (extra <= limits().maxContextId()) {
            GuestDriver guest = harness.guest(extra);
            ContextConfig config = ContextConfig.builder().mac(MacAddress.parse("02:cc:cc:00:00:01")).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                    .build();
            Observation before = harness.observe();
            ControlResult result = harness.control(Caller.HOST, new ControlRequest.CreateContext(extra, config));
            Check.equal("CTX-1 (PRIV-7)", harness, "a create beyond maxContexts=" + limits().maxContexts() + " (ctx " + extra + ")", "NoContextAvailable",
                    Harness.describe(result));
            DemuxProperties.unchanged("CTX-1", harness, before);
        }
        if (veb) {
            bench.setMode("CTX-2", SwitchMode.VEB);
        }
        // CTX-2: every frame decided exactly, but for the copies CTX-3 allows (the bench accepts those)
        List<Integer> vids = fullVids();
        for (Full f : traffic) {
            if (f.wire()) {
                bench.deliver("CTX-2", f.frame(bench, -1, vids, limits().maxMulticastGroups()));
            } else {
                int sender = sender(bench, f.srcPick() + f.dstIndex());
                if (sender >= 0) {
                    bench.send("CTX-2", sender, List.of(f.frame(bench, sender, vids, limits().maxMulticastGroups())));
                }
            }
        }
    }

    // ------------------------------------------------------------------ CTX-10, CTX-11, CTX-12: the host's fallback

    /** Steps per sequence of the host property at most. */
    public static final int HOST_STEPS = 40;

    @Property(tries = 150)
    @Requirement({"CTX-10", "CTX-11", "CTX-12", "CTX-7"})
    public void required_CTX10_aHostServingGuestsOnItsDeviceAndInSoftwareShowsWhatOneDeviceWithRoomForEveryGuestShows(
            @ForAll("hostChains") ActionChain<Lockstep> chain) {
        chain.run();
    }

    /** Context ids the host property uses: five, or as many as the device holds. */
    private int hostContexts() {
        return Math.min(5, contexts());
    }

    /**
     * Random host, guest, wire and time steps on the device alone and behind the host. On a device
     * that claims {@code qos} or {@code coalescing} a chain also gives TX limits and coalescing, and
     * moves time (chapters 09 and 10), in one of two shapes that keep a host's two paths
     * indistinguishable (spec 09, section 6): either one context is timed and the switch mode
     * changes freely — a frame released by an advance then reaches others at the call's end, as on
     * one device within the same call, and only that context has events — or every context may be
     * timed and the device stays in VEPA, so an advance only sends to the wire. The frames of an
     * advance are compared per sending context.
     */
    @Provide
    Arbitrary<ActionChain<Lockstep>> hostChains() {
        DeviceProvider device = provider();
        int n = hostContexts();
        // a device whose multicast filter is exact only up to a size could rightly differ from the software path past it (CTX-3)
        int groups = Math.min(3, limits().exactMulticastGroups());
        List<VlanPolicy> policies = FrameArbitraries.POLICIES.subList(0, 6).stream()
                .map(p -> p instanceof VlanPolicy.Trunk t && t.vids().size() > limits().maxVlansPerContext() ? new VlanPolicy.Trunk(t.vids().subList(0,
                        limits().maxVlansPerContext())) : p).toList();
        int macs = Math.min(2, limits().maxMacsPerContext());
        boolean qos = device.profiles().contains(Profile.QOS);
        boolean coalescing = device.profiles().contains(Profile.COALESCING);
        // -2: nothing timed; -1: every context may be timed, VEPA throughout; k: only context k timed
        Arbitrary<Integer> timedChoice = qos || coalescing ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-2)), Tuple.of(2, Arbitraries.just(-1)),
                Tuple.of(3, Arbitraries.integers().between(0, n - 1))) : Arbitraries.just(-2);
        return Combinators.combine(Arbitraries.integers().between(0, Math.min(3, limits().maxContexts())), timedChoice).flatAs((h, timed) -> {
            DeviceProvider host = hosted(h);
            Timing timing = new Timing(timed, qos, coalescing);
            ActionChainArbitrary<Lockstep> chain = ActionChain.<Lockstep>startWith(
                            () -> new Lockstep(device, host, "CTX-10").framesPerSenderInAdvances())
                    .withAction(4, steps(hostCreate(n, macs, policies, timing)))
                    .withAction(1, steps(hostDestroy(n)))
                    .withAction(2, steps(hostGuestConfig(n, groups, timing)))
                    .withAction(4, steps(hostPost(n)))
                    .withAction(4, steps(hostWire(n, macs)))
                    .withAction(6, steps(hostSend(n)))
                    .withAction(1, steps(hostKick(n)))
                    .withAction(2, steps(hostConsume(n)))
                    .withAction(1, steps(hostFatal(n)));
            if (timed != -1) {
                chain = chain.withAction(3, hostMode(n));
            }
            if (timed != -2) {
                chain = chain.withAction(3, steps(DifferentialProperties.time())).withAction(1, DifferentialProperties.ticks());
            }
            if (timed != -2 && qos) {
                chain = chain.withAction(5, (Action.Dependent<Lockstep>) lockstep -> {
                    // mostly a context the host last gave a limit, else a live one, read off the side without a host
                    List<Integer> limited = new ArrayList<>();
                    for (int ctx = 0; ctx < n; ctx++) {
                        ContextConfig config = lockstep.model().config(ctx);
                        if (config != null && config.limitsRate()) {
                            limited.add(ctx);
                        }
                    }
                    List<Integer> active = new ArrayList<>();
                    for (int ctx = 0; ctx < n; ctx++) {
                        if (lockstep.model().state(ctx) == ContextState.ACTIVE) {
                            active.add(ctx);
                        }
                    }
                    Arbitrary<Integer> any = active.isEmpty() ? timing.sender(n) : Arbitraries.of(active);
                    Arbitrary<Integer> who = limited.isEmpty() ? any : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(limited)), Tuple.of(1, any));
                    return hostBulk(n, who).map(step -> Transformer.mutate(step.description(), state -> state.apply(step)));
                });
            }
            return chain.withMaxTransformations(HOST_STEPS);
        });
    }

    /**
     * Which contexts of a host chain get limits and coalescing: {@code timed} -1 for all, a
     * context id for that one, -2 for none; each only as far as the device claims the profile.
     */
    private record Timing(int timed, boolean qos, boolean coalescing) {
        boolean covers(int ctx) {
            return timed == -1 || timed == ctx;
        }

        Arbitrary<TxRate> rate(int ctx) {
            return qos && covers(ctx) ? DifferentialProperties.rates() : Arbitraries.just(TxRate.UNLIMITED);
        }

        Arbitrary<Coalescing> coalescing(int ctx) {
            return coalescing && covers(ctx) ? DifferentialProperties.coalescings() : Arbitraries.just(Coalescing.IMMEDIATE);
        }

        /** A context for a create or a large send: the timed one half the time, else any. */
        Arbitrary<Integer> sender(int n) {
            return timed >= 0 ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(timed)), Tuple.of(1, Arbitraries.integers().between(0, n - 1)))
                    : Arbitraries.integers().between(0, n - 1);
        }
    }

    /**
     * A guest sends 1 to 4 frames of up to 65535 bytes, built as {@link #hostSend} builds its
     * frames and padded, each over as many fresh pages as it needs (as many as its ring has room
     * for), and kicks: enough to pass a 64 KiB burst.
     */
    private static Arbitrary<Lockstep.Step> hostBulk(int n, Arbitrary<Integer> senders) {
        Arbitrary<Outgoing> o = outgoing(plainL3(), new int[] {5, 0, 2, 1, 0, 2}, new int[] {1, 0, 0}, new int[] {1, 0, 0});
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(60, 9000)),
                Tuple.of(3, Arbitraries.integers().between(9000, 65_535)));
        return Combinators.combine(senders, Combinators.combine(o, sizes).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4))
                .as((ctx, list) -> new Lockstep.Step("guest " + ctx + " sends " + list.size() + " large frame(s) " + list, h -> {
                    GuestDriver guest = h.guest(ctx);
                    guest.takeTxResponses(); // room on the ring: a guest never publishes more than it holds
                    List<DemuxOracle.Member> members = configured(h, n);
                    for (Tuple2<Outgoing, Integer> item : list) {
                        byte[] head = item.get1().frame(ctx, members);
                        byte[] frame = java.util.Arrays.copyOf(head, Math.max(head.length, item.get2()));
                        if (Integer.toUnsignedLong(guest.txReqProdPvt() - guest.txRspCons()) + (frame.length + 4095) / 4096 > SharedRingLayout.RING_SIZE) {
                            break;
                        }
                        List<TxSlot> slots = new ArrayList<>();
                        for (int at = 0; at < frame.length; at += 4096) {
                            int length = Math.min(4096, frame.length - at);
                            int gref = h.grantPage(ctx, Access.READ_ONLY);
                            System.arraycopy(frame, at, h.memory().page(gref), 0, length);
                            boolean more = at + length < frame.length;
                            slots.add(new TxSlot.Data(gref, 0, more ? TxRequestLayout.FLAG_MORE_DATA : 0, gref & 0xFFFF,
                                    at == 0 ? frame.length : length));
                        }
                        guest.queue(slots);
                    }
                    guest.pushTx();
                    h.kick(ctx, Queue.TX);
                }, false));
    }

    private static Action.Independent<Lockstep> steps(Arbitrary<Lockstep.Step> steps) {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Lockstep>> transformer() {
                return steps.map(step -> Transformer.mutate(step.description(), lockstep -> lockstep.apply(step)));
            }
        };
    }

    /**
     * The host sets a mode (now and then a guest tries to). SOFTWARE goes to the host only: the
     * device alone is told VEB, which CTX-7 says SOFTWARE must look like, and HOST_SWITCHED_FRAMES,
     * which only the host counts, is no longer compared.
     */
    private static Action.Independent<Lockstep> hostMode(int n) {
        Arbitrary<Integer> caller = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, n - 1)));
        Arbitrary<Transformer<Lockstep>> transformers = Combinators.combine(Arbitraries.of(SwitchMode.class), caller).as((mode, who) -> {
            if (who < 0 && mode == SwitchMode.SOFTWARE) {
                Lockstep.Step step = Lockstep.Step.perSide("host sets SOFTWARE on the host, VEB on the device alone (HOST_SWITCHED_FRAMES no longer compared)",
                        h -> h.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB)),
                        h -> h.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.SOFTWARE)));
                return Transformer.<Lockstep>mutate(step.description(), lockstep -> {
                    lockstep.ignoreDeviceCounter(Counter.HOST_SWITCHED_FRAMES);
                    lockstep.apply(step);
                });
            }
            Caller by = who < 0 ? Caller.HOST : Caller.guest(who);
            Lockstep.Step step = new Lockstep.Step((who < 0 ? "host" : "guest " + who) + " sets " + mode,
                    h -> h.control(by, new ControlRequest.SetSwitchMode(mode)), false);
            return Transformer.<Lockstep>mutate(step.description(), lockstep -> lockstep.apply(step));
        });
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Lockstep>> transformer() {
                return transformers;
            }
        };
    }

    private static Arbitrary<Integer> context(int n) {
        return Arbitraries.integers().between(0, n - 1);
    }

    /** The host creates a context with one or two MACs of its own (now and then another context's), a VLAN policy, promiscuity allowed or not. */
    private static Arbitrary<Lockstep.Step> hostCreate(int n, int macs, List<VlanPolicy> policies, Timing timing) {
        Arbitrary<Integer> macKind = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
        return timing.sender(n).flatMap(ctx -> Combinators.combine(macKind, Arbitraries.of(policies), Arbitraries.of(true, false), timing.rate(ctx))
                .as((kind, policy, promiscuous, rate) -> {
            List<MacAddress> owned = switch (kind) {
                case 0 -> List.of(FrameArbitraries.mac(ctx, 0));
                case 1 -> macs >= 2 ? List.of(FrameArbitraries.mac(ctx, 0), FrameArbitraries.mac(ctx, 1)) : List.of(FrameArbitraries.mac(ctx, 0));
                default -> List.of(FrameArbitraries.mac((ctx + 1) % n, 0)); // another context's: PRIV-6 if that one lives
            };
            return new Lockstep.Step("host creates ctx " + ctx + " with " + owned + " " + policy + (promiscuous ? " (promiscuous allowed)" : "")
                    + (rate.unlimited() ? "" : ", " + rate), h -> {
                        GuestDriver guest = h.guest(ctx);
                        ContextConfig config = ContextConfig.builder().macs(owned).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).vlan(policy)
                                .promiscuousAllowed(promiscuous).txRate(rate).build();
                        h.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
                    }, false);
        }));
    }

    private static Arbitrary<Lockstep.Step> hostDestroy(int n) {
        return Combinators.combine(context(n), Arbitraries.of(true, true, false)).as((ctx, destroy) -> new Lockstep.Step("host " + (destroy ? "destroys"
                : "resets") + " ctx " + ctx, h -> h.control(Caller.HOST, destroy ? new ControlRequest.DestroyContext(ctx)
                : new ControlRequest.ResetContext(ctx)), false));
    }

    private static Arbitrary<Lockstep.Step> hostGuestConfig(int n, int maxGroups, Timing timing) {
        return context(n).flatMap(ctx -> Combinators.combine(Arbitraries.of(true, false, false), Arbitraries.integers().between(0, maxGroups),
                Arbitraries.of(true, false, false, false), timing.coalescing(ctx), timing.coalescing(ctx)).as((promiscuous, groups, allMulticast, tx, rx) ->
                        new Lockstep.Step("guest " + ctx + " sets promiscuous=" + promiscuous + " groups=" + FrameArbitraries.GROUPS.subList(0, groups)
                                + " all-multicast=" + allMulticast + (tx.equals(Coalescing.IMMEDIATE) ? "" : " TX " + tx)
                                + (rx.equals(Coalescing.IMMEDIATE) ? "" : " RX " + rx), h -> {
                                    GuestConfig.Builder config = GuestConfig.builder().promiscuous(promiscuous).allMulticast(allMulticast)
                                            .coalescing(Queue.TX, tx).coalescing(Queue.RX, rx);
                                    FrameArbitraries.GROUPS.subList(0, groups).forEach(config::join);
                                    h.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, config.build()));
                                }, false)));
    }

    private static Arbitrary<Lockstep.Step> hostPost(int n) {
        return Combinators.combine(context(n), Arbitraries.integers().between(1, 4)).as((ctx, count) -> new Lockstep.Step("guest " + ctx + " posts "
                + count + " fresh RX buffer(s)", h -> {
                    int[] grefs = new int[count];
                    for (int k = 0; k < count; k++) {
                        grefs[k] = h.grantPage(ctx, Access.READ_WRITE);
                    }
                    h.guest(ctx).post(grefs);
                }, false));
    }

    /**
     * A frame from the wire.
     *
     * @param dstKind 0 a MAC of the contexts' pool, 1 broadcast, 2 a joinable group, 3 an unheard group, 4 an unknown unicast MAC
     * @param dstIndex which one
     * @param srcIndex a context's MAC as source when below 2 x the contexts, else a foreign one
     * @param vlan untagged (0) or the VID
     * @param payload payload bytes
     * @param special 0 an ordinary frame, 1 a runt of fewer than 14 bytes, 2 on port 1
     */
    public record WireFrame(int dstKind, int dstIndex, int srcIndex, int vlan, int payload, int special) {
        byte[] frame(int n, int macs) {
            MacAddress dst = switch (dstKind) {
                case 0 -> FrameArbitraries.mac(Math.floorMod(dstIndex, n), Math.floorMod(dstIndex / n, macs));
                case 1 -> MacAddress.BROADCAST;
                case 2 -> FrameArbitraries.GROUPS.get(Math.floorMod(dstIndex, FrameArbitraries.GROUPS.size()));
                case 3 -> FrameArbitraries.UNHEARD_GROUP;
                default -> UNKNOWN;
            };
            MacAddress src = srcIndex < 2 * n ? FrameArbitraries.mac(srcIndex % n, Math.min(srcIndex / n, macs - 1)) : FOREIGN;
            byte[] plain = Frames.ethernet(dst, src, Frames.IPV4, Frames.pattern(payload, dstIndex + payload));
            byte[] frame = vlan == 0 ? plain : Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(0, false, vlan));
            return special == 1 ? java.util.Arrays.copyOf(frame, payload % 14) : frame;
        }
    }

    private static Arbitrary<Lockstep.Step> hostWire(int n, int macs) {
        Arbitrary<Integer> special = Arbitraries.frequencyOf(Tuple.of(18, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
        Arbitrary<WireFrame> frames = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 4 * n), Arbitraries.of(0, 0, 10, 20, 30, 55), Arbitraries.integers().between(0, 200), special)
                .as(WireFrame::new);
        return frames.map(w -> new Lockstep.Step("wire frame " + w, h -> {
            byte[] frame = w.frame(n, macs);
            h.receive(w.special() == 2 ? 1 : 0, frame);
        }, false));
    }

    /** The contexts as the host configured them (what a guest is told), for writing frames. */
    private static List<DemuxOracle.Member> configured(Harness h, int n) {
        List<DemuxOracle.Member> members = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ContextConfig config = h.config(k);
            if (config != null) {
                members.add(new DemuxOracle.Member(k, config.macs(), config.vlan(), false, false, Set.of(), false));
            }
        }
        return members;
    }

    private static Arbitrary<Lockstep.Step> hostSend(int n) {
        return Combinators.combine(context(n), outgoing(plainL3(), new int[] {5, 1, 2, 2, 1, 1}, new int[] {8, 1, 1}, new int[] {6, 2, 2}).list()
                .ofMinSize(1).ofMaxSize(3)).as((ctx, outgoing) -> new Lockstep.Step("guest " + ctx + " sends " + outgoing, h -> {
                    GuestDriver guest = h.guest(ctx);
                    List<DemuxOracle.Member> members = configured(h, n);
                    for (Outgoing o : outgoing) {
                        byte[] frame = o.frame(ctx, members);
                        int gref = h.grantPage(ctx, Access.READ_ONLY);
                        System.arraycopy(frame, 0, h.memory().page(gref), 0, frame.length);
                        guest.queue(List.of(new TxSlot.Data(gref, 0, 0, gref & 0xFFFF, frame.length)));
                    }
                    guest.pushTx();
                    h.kick(ctx, Queue.TX);
                }, false));
    }

    private static Arbitrary<Lockstep.Step> hostKick(int n) {
        return Combinators.combine(Arbitraries.integers().between(-1, n), Arbitraries.of(Queue.TX, Queue.RX))
                .as((ctx, queue) -> new Lockstep.Step("kick " + queue + " of ctx " + ctx, h -> h.kick(ctx, queue), false));
    }

    private static Arbitrary<Lockstep.Step> hostConsume(int n) {
        return context(n).map(ctx -> new Lockstep.Step("guest " + ctx + " reads its responses and re-arms rsp_event", h -> {
            GuestDriver guest = h.guest(ctx);
            guest.reap(Queue.TX);
            guest.reap(Queue.RX);
        }, false));
    }

    /** A guest makes its context FAILED (RING-11): a FAILED recipient still counts its copies (RX-5). */
    private static Arbitrary<Lockstep.Step> hostFatal(int n) {
        return context(n).map(ctx -> new Lockstep.Step("guest " + ctx + " writes TX req_prod a ring and more ahead, and kicks", h -> {
            GuestDriver guest = h.guest(ctx);
            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + SharedRingLayout.RING_SIZE + 3);
            h.kick(ctx, Queue.TX);
        }, false));
    }

    // ------------------------------------------------------------------ generators

    /** 2 to 5 contexts on the demux topologies' VLANs, some promiscuous, some without buffers, now and then one FAILED. */
    @Provide
    Arbitrary<List<DemuxBench.Spec>> switchTopology() {
        return FrameArbitraries.topology(limits(), 3, Arbitraries.of(DemuxBench.Buffers.GOOD, DemuxBench.Buffers.GOOD, DemuxBench.Buffers.GOOD,
                DemuxBench.Buffers.GOOD, DemuxBench.Buffers.NONE, DemuxBench.Buffers.FAILED));
    }

    /** {@link #switchTopology} with TX filter rules and defaults. */
    @Provide
    Arbitrary<List<SwitchBench.Node>> filteringTopology() {
        Arbitrary<List<FilterRule>> rules = FrameArbitraries.rules().list().ofMaxSize(Math.min(4, limits().maxFilterRules()));
        Arbitrary<FilterAction> defaults = Arbitraries.frequency(Tuple.of(3, FilterAction.ALLOW), Tuple.of(1, FilterAction.DROP));
        return Combinators.combine(switchTopology(), Combinators.combine(rules, defaults).as(Tuple::of).list().ofSize(5)).as((specs, filters) -> {
            List<SwitchBench.Node> nodes = new ArrayList<>();
            for (DemuxBench.Spec spec : specs) {
                Tuple2<List<FilterRule>, FilterAction> filter = filters.get(spec.context());
                nodes.add(new SwitchBench.Node(spec, filter.get1(), filter.get2()));
            }
            return nodes;
        });
    }

    /** Payloads without a TPID where the EtherType goes, so the tag is the frame's own choice. */
    private static Arbitrary<FrameArbitraries.L3> plainL3() {
        Arbitrary<Integer> types = FrameArbitraries.etherTypes().filter(t -> t != Frames.TPID_8021Q && t != Frames.TPID_8021AD && t != Frames.TPID_9100);
        return Combinators.combine(types, Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, 255))
                .as((type, n, seed) -> new FrameArbitraries.L3(type, Frames.pattern(n, seed), String.format("EtherType 0x%04x", type)));
    }

    private static Arbitrary<Outgoing> outgoing(Arbitrary<FrameArbitraries.L3> l3, int[] dstWeights, int[] srcWeights, int[] vlanWeights) {
        return Combinators.combine(weighted(dstWeights), Arbitraries.integers().between(0, 20), weighted(srcWeights), weighted(vlanWeights),
                Arbitraries.integers().between(0, 9), l3).as(Outgoing::new);
    }

    private static Arbitrary<Integer> weighted(int[] weights) {
        List<Tuple2<Integer, Integer>> choices = new ArrayList<>();
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] > 0) {
                choices.add(Tuple.of(weights[k], k));
            }
        }
        return Arbitraries.frequency(choices);
    }

    /** A sender pick and 1 to 4 frames: mostly to neighbours, broadcast and groups, mostly from its own MAC on its own VLAN. */
    @Provide
    Arbitrary<Tuple2<Integer, List<Outgoing>>> sends() {
        Arbitrary<Outgoing> o = outgoing(plainL3(), new int[] {5, 1, 2, 2, 1, 1}, new int[] {12, 1, 1}, new int[] {6, 2, 1});
        return Combinators.combine(Arbitraries.integers().between(0, 9), o.list().ofMinSize(1).ofMaxSize(4)).as(Tuple::of);
    }

    /** {@link #sends} with spoofed sources, wrong tags and IP payloads the filter rules decide, in large shares. */
    @Provide
    Arbitrary<Tuple2<Integer, List<Outgoing>>> hostileSends() {
        Arbitrary<FrameArbitraries.L3> l3 = Arbitraries.frequencyOf(Tuple.of(1, plainL3()), Tuple.of(2, FrameArbitraries.l3()));
        Arbitrary<Outgoing> o = outgoing(l3, new int[] {5, 1, 2, 2, 1, 1}, new int[] {5, 3, 2}, new int[] {4, 3, 3});
        return Combinators.combine(Arbitraries.integers().between(0, 9), o.list().ofMinSize(1).ofMaxSize(5)).as(Tuple::of);
    }

    @Provide
    Arbitrary<Traffic> traffic() {
        Arbitrary<Traffic> modes = Arbitraries.of(SwitchMode.class).map(m -> new Traffic(0, m, null, null));
        Arbitrary<Traffic> sent = sends().map(s -> new Traffic(1, null, s, null));
        Arbitrary<DemuxProperties.Addressed> addressed = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 3).map(k -> k > 0), Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 7),
                Arbitraries.of(true, true, false), FrameArbitraries.demuxBodies().filter(b -> b.payload() <= 1500))
                .as(DemuxProperties.Addressed::new);
        Arbitrary<Traffic> wire = addressed.map(a -> new Traffic(2, null, null, a));
        return Arbitraries.frequencyOf(Tuple.of(2, modes), Tuple.of(5, sent), Tuple.of(3, wire));
    }

    /** maxContexts contexts, each with maxMacsPerContext MACs, trunks of maxVlansPerContext VIDs, full rule tables and group lists among them. */
    @Provide
    Arbitrary<List<SwitchBench.Node>> fullDevices() {
        int n = contexts();
        boolean ruled = limits().maxFilterRules() > 0;
        Arbitrary<DemuxBench.Buffers> buffers = Arbitraries.frequency(Tuple.of(18, DemuxBench.Buffers.GOOD), Tuple.of(1, DemuxBench.Buffers.NONE),
                Tuple.of(1, DemuxBench.Buffers.FAILED));
        Arbitrary<Budget> budget = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 11),
                Arbitraries.of(true, false, false).map(r -> r && ruled), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 9).map(k -> k == 0),
                Arbitraries.integers().between(0, 9).map(k -> k == 0), buffers).as(Budget::new);
        return Combinators.combine(budget.list().ofSize(n), Arbitraries.integers().between(0, 2), Arbitraries.of(FilterAction.class)).as((budgets, seed, dflt) -> {
            List<SwitchBench.Node> nodes = new ArrayList<>();
            for (int ctx = 0; ctx < n; ctx++) {
                Budget b = budgets.get(ctx);
                // every table at its limit somewhere, whatever was drawn: a full trunk, a full rule table, a full and an overflowing group list
                b = switch (ctx) {
                    case 0 -> new Budget(2, b.offset(), b.rules(), b.groupsKind(), b.promiscuous(), b.allMulticast(), DemuxBench.Buffers.GOOD);
                    case 1 -> new Budget(b.vlanKind(), b.offset(), ruled, b.groupsKind(), b.promiscuous(), b.allMulticast(), DemuxBench.Buffers.GOOD);
                    case 2 -> new Budget(b.vlanKind(), b.offset(), b.rules(), 3, b.promiscuous(), b.allMulticast(), b.buffers());
                    case 3 -> new Budget(b.vlanKind(), b.offset(), b.rules(), 2, b.promiscuous(), b.allMulticast(), b.buffers());
                    default -> b;
                };
                nodes.add(budgeted(ctx, b, seed, dflt));
            }
            return nodes;
        });
    }

    @Provide
    Arbitrary<Full> fullTraffic() {
        Arbitrary<Integer> dst = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(4, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)), Tuple.of(1, Arbitraries.just(4)));
        return Combinators.combine(Arbitraries.of(true, false), dst, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 20)).as(Full::new);
    }
}
