package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for chapters 06 and 07: context topologies (MACs, VLAN policies, guest settings,
 * buffers), wire frames with every TPID and TCI DEMUX-1 distinguishes, IPv4/IPv6/TCP/UDP frames
 * with options, extension headers, fragments and truncations for TXF-7, and filter rules drawn
 * from the same small pools of addresses, protocols and ports so that rules overlap and match.
 */
public final class FrameArbitraries {

    private FrameArbitraries() {
    }

    // ------------------------------------------------------------------ pools

    /** VIDs the demux topologies use; 55 is in no policy of {@link #POLICIES}. */
    public static final List<Integer> VIDS = List.of(1, 10, 20, 30, 4094, 55);

    /** The VLAN policies of demux topologies. */
    public static final List<VlanPolicy> POLICIES = List.of(VlanPolicy.UNTAGGED, new VlanPolicy.Access(10), new VlanPolicy.Access(20),
            new VlanPolicy.Access(4094), new VlanPolicy.Trunk(List.of(10, 20)), new VlanPolicy.Trunk(List.of(20, 30)), new VlanPolicy.Trunk(List.of(10)),
            new VlanPolicy.Trunk(List.of(1, 4094, 30)));

    /** Multicast groups contexts join. */
    public static final List<MacAddress> GROUPS = List.of(MacAddress.parse("01:00:5e:00:00:01"), MacAddress.parse("01:00:5e:00:00:02"),
            MacAddress.parse("33:33:00:00:00:01"));

    /** A group nobody joins. */
    public static final MacAddress UNHEARD_GROUP = MacAddress.parse("01:00:5e:7f:00:09");

    /** A unicast MAC no context owns. */
    public static final MacAddress STRANGER = MacAddress.parse("02:aa:00:00:00:01");

    /** MAC {@code j} of context {@code ctx}. */
    public static MacAddress mac(int ctx, int j) {
        return new MacAddress(0x020000000000L | (long) (ctx + 1) << 8 | (j + 1));
    }

    // ------------------------------------------------------------------ demux topologies

    /** The shape of one context before it has an id. */
    record Shape(int macs, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, List<MacAddress> groups, MacAddress inBand,
            DemuxBench.Buffers buffers) {
    }

    /** A VLAN policy from {@link #POLICIES}, trunks cut to {@code maxVlans}. */
    public static Arbitrary<VlanPolicy> policies(int maxVlans) {
        return Arbitraries.of(POLICIES).map(p -> p instanceof VlanPolicy.Trunk t && t.vids().size() > maxVlans
                ? new VlanPolicy.Trunk(t.vids().subList(0, maxVlans)) : p);
    }

    /**
     * 2 to 5 contexts (as many as the device serves), with ids 0.., distinct MACs, policies from
     * {@link #POLICIES}, promiscuous mode with weight {@code promiscuous} in 10, groups (no more
     * than the device filters exactly) and all-multicast, and buffers from {@code buffers}.
     */
    public static Arbitrary<List<DemuxBench.Spec>> topology(DeviceLimits limits, int promiscuous, Arbitrary<DemuxBench.Buffers> buffers) {
        // within the exact multicast table: a longer list may rightly over-deliver (CTX-3), which only the chapter 08 checks allow for
        int maxGroups = limits.exactMulticastGroups();
        Arbitrary<List<MacAddress>> groups = maxGroups == 0 ? Arbitraries.just(List.of())
                : Arbitraries.of(GROUPS).set().ofMaxSize(Math.min(2, maxGroups)).map(List::copyOf);
        Arbitrary<Shape> shape = Combinators.combine(Arbitraries.integers().between(1, Math.min(2, limits.maxMacsPerContext())),
                policies(limits.maxVlansPerContext()), Arbitraries.integers().between(0, 9).map(k -> k < promiscuous),
                Arbitraries.integers().between(0, 4).map(k -> k == 0), groups, Arbitraries.of(GROUPS).injectNull(0.8), buffers)
                .as((macs, vlan, promisc, allMulti, joined, inBand, buf) -> new Shape(macs, vlan, promisc, allMulti, joined,
                        inBand != null && joined.size() < maxGroups && !joined.contains(inBand) ? inBand : null, buf));
        int most = Math.max(1, Math.min(5, Math.min(limits.maxContexts(), limits.maxContextId() + 1)));
        return shape.list().ofMinSize(Math.min(2, most)).ofMaxSize(most).map(shapes -> {
            List<DemuxBench.Spec> specs = new ArrayList<>();
            for (int ctx = 0; ctx < shapes.size(); ctx++) {
                Shape s = shapes.get(ctx);
                List<MacAddress> macs = new ArrayList<>();
                for (int j = 0; j < s.macs(); j++) {
                    macs.add(mac(ctx, j));
                }
                specs.add(new DemuxBench.Spec(ctx, macs, s.vlan(), s.promiscuous(), s.allMulticast(), s.groups(), s.inBand(), s.buffers()));
            }
            return specs;
        });
    }

    /** A VLAN {@code policy} is a member of, picked by {@code k}: 0 for untagged, else a VID (DEMUX-2). */
    public static int memberVlan(VlanPolicy policy, int k) {
        if (policy instanceof VlanPolicy.Access a) {
            return a.vid();
        }
        if (policy instanceof VlanPolicy.Trunk t) {
            return t.vids().get(Math.floorMod(k, t.vids().size()));
        }
        return 0;
    }

    // ------------------------------------------------------------------ wire frames

    /** How the TPID position of a wire frame is filled. */
    public enum Tag {
        /** No tag: an EtherType that is no TPID. */
        NONE,
        /** 0x8100 with the VID given. */
        VID,
        /** 0x8100 with VID 0 (priority tag). */
        PRIORITY,
        /** 0x8100 with VID 0xFFF. */
        RESERVED,
        /** 0x88A8. */
        SERVICE,
        /** 0x9100. */
        SERVICE_9100,
        /** 0x8100 in a frame of 14 to 17 bytes. */
        SHORT
    }

    /**
     * The VLAN-and-payload half of a wire frame; the destination and source are the property's.
     *
     * @param tag how octets 12.. are filled
     * @param vid the VID for {@link Tag#VID}
     * @param pcp priority bits (0..7)
     * @param dei the drop-eligible bit
     * @param etherType the EtherType (inner one for a tagged frame)
     * @param payload payload bytes after the EtherType
     * @param seed payload pattern
     */
    public record Body(Tag tag, int vid, int pcp, boolean dei, int etherType, int payload, int seed) {
        /** This body with the VLAN {@code vlan}: 0 untagged, else tagged with that VID. */
        public Body onVlan(int vlan) {
            return new Body(vlan == 0 ? Tag.NONE : Tag.VID, vlan, pcp, dei, etherType, payload, seed);
        }

        /** This body with {@code length} payload bytes. */
        public Body withPayload(int length) {
            return new Body(tag, vid, pcp, dei, etherType, length, seed);
        }

        /** The frame from {@code src} to {@code dst}. */
        public byte[] frame(MacAddress dst, MacAddress src) {
            byte[] plain = Frames.ethernet(dst, src, etherType, Frames.pattern(payload, seed));
            return switch (tag) {
                case NONE -> plain;
                case VID -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, dei, vid));
                case PRIORITY -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, dei, 0));
                case RESERVED -> Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, dei, 0xFFF));
                case SERVICE -> Frames.tag(plain, Frames.TPID_8021AD, Frames.tci(pcp, dei, vid));
                case SERVICE_9100 -> Frames.tag(plain, Frames.TPID_9100, Frames.tci(pcp, dei, vid));
                case SHORT -> java.util.Arrays.copyOf(Frames.tag(plain, Frames.TPID_8021Q, Frames.tci(pcp, dei, vid)), 14 + Math.floorMod(seed, 4));
            };
        }
    }

    /** An EtherType for a frame's payload: IP, ARP, or any 16-bit value. */
    public static Arbitrary<Integer> etherTypes() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(Frames.IPV4, Frames.IPV6, Frames.ARP)), Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
    }

    /** Payload lengths: mostly short, sometimes a full Ethernet payload. */
    public static Arbitrary<Integer> payloads() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0, 120)), Tuple.of(1, Arbitraries.integers().between(121, 1500)));
    }

    /** A body whose tag is drawn with the given weights (in {@link Tag} order) and whose VID comes from {@code vids}. */
    public static Arbitrary<Body> bodies(int[] tagWeights, Arbitrary<Integer> vids) {
        List<Tuple.Tuple2<Integer, Tag>> tags = new ArrayList<>();
        for (Tag tag : Tag.values()) {
            if (tagWeights[tag.ordinal()] > 0) {
                tags.add(Tuple.of(tagWeights[tag.ordinal()], tag));
            }
        }
        return Combinators.combine(Arbitraries.frequency(tags), vids, Arbitraries.integers().between(0, 7),
                Arbitraries.of(true, false), etherTypes(), payloads(), Arbitraries.integers().between(0, 255))
                .as(Body::new);
    }

    /** Bodies on the demux VIDs, mostly untagged or tagged with a VID of {@link #VIDS}. */
    public static Arbitrary<Body> demuxBodies() {
        return bodies(new int[] {4, 6, 1, 1, 1, 1, 1}, Arbitraries.of(VIDS));
    }

    /**
     * A destination for a topology, picked by {@code kind} (0 an owned MAC, 1 broadcast, 2 a
     * joinable group, 3 a stranger, 4 an unheard group) and {@code index}.
     */
    public static MacAddress destination(List<DemuxBench.Spec> specs, int kind, int index) {
        List<MacAddress> owned = new ArrayList<>();
        specs.forEach(s -> owned.addAll(s.macs()));
        return switch (kind) {
            case 0 -> owned.get(Math.floorMod(index, owned.size()));
            case 1 -> MacAddress.BROADCAST;
            case 2 -> GROUPS.get(Math.floorMod(index, GROUPS.size()));
            case 3 -> STRANGER;
            default -> UNHEARD_GROUP;
        };
    }

    /** A source for a topology: an owned MAC picked by {@code index} when {@code owned}, else a stranger's. */
    public static MacAddress source(List<DemuxBench.Spec> specs, boolean owned, int index) {
        List<MacAddress> all = new ArrayList<>();
        specs.forEach(s -> all.addAll(s.macs()));
        return owned ? all.get(Math.floorMod(index, all.size())) : MacAddress.parse("02:bb:00:00:00:07");
    }

    // ------------------------------------------------------------------ IP frames for TXF-7

    /** IPv4 addresses of the pools. */
    public static final List<byte[]> V4 = List.of(Frames.v4(10, 0, 0, 1), Frames.v4(10, 0, 1, 2), Frames.v4(10, 1, 0, 3), Frames.v4(192, 168, 1, 1),
            Frames.v4(192, 168, 1, 200));
    /** IPv6 addresses of the pools. */
    public static final List<byte[]> V6 = List.of(Frames.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), Frames.v6(0x2001, 0xdb8, 0, 1, 0, 0, 0, 2),
            Frames.v6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 3), Frames.v6(0xfe80, 0, 0, 0, 0, 0, 0, 1), Frames.v6(0xff02, 0, 0, 0, 0, 0, 0, 1));
    /** Ports of the pools. */
    public static final List<Integer> PORTS = List.of(0, 22, 53, 80, 443, 1024, 8080, 65535);
    /** Protocols of the pools. */
    public static final List<Integer> PROTOCOLS = List.of(Frames.TCP, Frames.UDP, Frames.ICMP, Frames.ICMPV6, 47, Frames.NO_NEXT);

    /** What follows the MAC addresses of a frame a guest sends: an EtherType and its payload. */
    public record L3(int etherType, byte[] bytes, String what) {
        @Override
        public String toString() {
            return what + " (" + bytes.length + " bytes)";
        }
    }

    private static Arbitrary<byte[]> transport() {
        return Combinators.combine(Arbitraries.of(PORTS), Arbitraries.of(PORTS), Arbitraries.integers().between(0, 24))
                .as(Frames::ports);
    }

    /** Truncation: usually none, sometimes the first {@code n} bytes only. */
    private static Arbitrary<Integer> cuts() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Integer.MAX_VALUE)), Tuple.of(1, Arbitraries.integers().between(0, 80)));
    }

    /** IP protocols: TCP and UDP (the ones with ports) most often, then the pool, then anything. */
    private static Arbitrary<Integer> protocols() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(Frames.TCP, Frames.UDP)), Tuple.of(3, Arbitraries.of(PROTOCOLS)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
    }

    /** IPv4 packets: good headers mostly, else wrong versions, short or long IHL, later fragments, truncations. */
    public static Arbitrary<L3> ipv4() {
        Arbitrary<Integer> version = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(4)), Tuple.of(1, Arbitraries.integers().between(0, 15)));
        Arbitrary<Integer> ihl = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(5)), Tuple.of(2, Arbitraries.integers().between(6, 15)),
                Tuple.of(1, Arbitraries.integers().between(0, 4)));
        Arbitrary<Integer> fragment = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 0x1FFF)));
        Arbitrary<Integer> protocol = protocols();
        return Combinators.combine(version, ihl, protocol, fragment, Arbitraries.of(V4), Arbitraries.of(V4), transport(), cuts())
                .as((v, h, p, f, src, dst, l4, cut) -> {
                    byte[] packet = Frames.cut(Frames.ipv4(v, h, p, f, 0xFFFF & (20 + l4.length + 7 * f), src, dst, l4), cut);
                    return new L3(Frames.IPV4, packet, "IPv4 v" + v + " ihl " + h + " proto " + p + " frag " + f + (cut != Integer.MAX_VALUE ? " cut " + cut : ""));
                });
    }

    /** An IPv6 extension header of the kinds TXF-7 walks, now and then a later fragment. */
    private static Arbitrary<Frames.Extension> extension() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, 2).map(len -> new Frames.Extension(Frames.HOP_BY_HOP, len))),
                Tuple.of(1, Arbitraries.integers().between(0, 1).map(len -> new Frames.Extension(Frames.ROUTING, len))),
                Tuple.of(2, Arbitraries.integers().between(0, 2).map(len -> new Frames.Extension(Frames.DEST_OPTIONS, len))),
                Tuple.of(2, Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 0x1FFF)))
                        .map(offset -> new Frames.Extension(Frames.FRAGMENT, offset))));
    }

    /** IPv6 packets: 0 to 3 extension headers, sometimes exactly 8 or 9, wrong versions, truncations. */
    public static Arbitrary<L3> ipv6() {
        Arbitrary<Integer> version = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(6)), Tuple.of(1, Arbitraries.integers().between(0, 15)));
        Arbitrary<List<Frames.Extension>> chain = Arbitraries.frequencyOf(Tuple.of(8, extension().list().ofMaxSize(3)),
                Tuple.of(1, Arbitraries.integers().between(8, 9).map(n -> java.util.Collections.nCopies(n, new Frames.Extension(Frames.DEST_OPTIONS, 0)))));
        Arbitrary<Integer> protocol = protocols();
        return Combinators.combine(version, Arbitraries.of(V6), Arbitraries.of(V6), chain, protocol, transport(), cuts())
                .as((v, src, dst, extensions, p, l4, cut) -> {
                    byte[] packet = Frames.cut(Frames.ipv6(v, src, dst, extensions, p, l4), cut == Integer.MAX_VALUE ? cut : 30 + cut);
                    return new L3(Frames.IPV6, packet, "IPv6 v" + v + " " + extensions + " proto " + p + (cut != Integer.MAX_VALUE ? " cut " + (30 + cut) : ""));
                });
    }

    /** Anything else: ARP, or any EtherType with any bytes (0x0800 and 0x86DD with garbage included). */
    public static Arbitrary<L3> otherL3() {
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(Frames.ARP, Frames.IPV4, Frames.IPV6)),
                Tuple.of(3, Arbitraries.integers().between(0, 0xFFFF).filter(t -> t != Frames.TPID_8021Q && t != Frames.TPID_8021AD && t != Frames.TPID_9100))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((type, bytes) -> new L3(type, bytes, String.format("EtherType 0x%04x", type)));
    }

    /** IPv4, IPv6 and other payloads. */
    public static Arbitrary<L3> l3() {
        return Arbitraries.frequencyOf(Tuple.of(4, ipv4()), Tuple.of(4, ipv6()), Tuple.of(1, otherL3()));
    }

    // ------------------------------------------------------------------ filter rules

    /** A prefix around a pool address, any length, host bits cleared. */
    public static Arbitrary<IpPrefix> prefixes() {
        Arbitrary<IpPrefix> v4 = Combinators.combine(Arbitraries.of(V4), Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0, 8, 16, 24, 32)),
                Tuple.of(1, Arbitraries.integers().between(0, 32)))).as(FrameArbitraries::masked);
        Arbitrary<IpPrefix> v6 = Combinators.combine(Arbitraries.of(V6), Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0, 16, 32, 48, 64, 128)),
                Tuple.of(1, Arbitraries.integers().between(0, 128)))).as(FrameArbitraries::masked);
        return Arbitraries.oneOf(v4, v6);
    }

    /** {@code address}/{@code length} with the bits beyond the length cleared. */
    public static IpPrefix masked(byte[] address, int length) {
        byte[] net = address.clone();
        for (int bit = length; bit < net.length * 8; bit++) {
            net[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(net, length);
    }

    /** A port range around a pool port. */
    public static Arbitrary<PortRange> portRanges() {
        return Combinators.combine(Arbitraries.of(PORTS), Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(0, 100)),
                Tuple.of(1, Arbitraries.integers().between(0, 65535))), Arbitraries.integers().between(0, 50))
                .as((port, up, down) -> new PortRange(Math.max(0, port - down), Math.min(65535, port + up)));
    }

    /** A match with each field present now and then, values from the pools; now and then {@link FilterMatch#ANY}. */
    public static Arbitrary<FilterMatch> matches() {
        Arbitrary<OptionalInt> etherType = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(OptionalInt.empty())),
                Tuple.of(3, Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(Frames.IPV4, Frames.IPV6, Frames.ARP)),
                        Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF))).map(OptionalInt::of)));
        Arbitrary<OptionalInt> protocol = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(OptionalInt.empty())),
                Tuple.of(3, Arbitraries.of(PROTOCOLS).map(OptionalInt::of)));
        Arbitrary<FilterMatch> built = Combinators.combine(etherType, prefixes().optional(0.25), prefixes().optional(0.25), protocol,
                portRanges().optional(0.2), portRanges().optional(0.3))
                .as((e, s, d, p, sp, dp) -> new FilterMatch(e, s, d, p, sp, dp));
        return Arbitraries.frequencyOf(Tuple.of(9, built), Tuple.of(1, Arbitraries.just(FilterMatch.ANY)));
    }

    /** A rule: a match and ALLOW or DROP. */
    public static Arbitrary<FilterRule> rules() {
        return Combinators.combine(matches(), Arbitraries.of(FilterAction.class)).as(FilterRule::new);
    }
}
