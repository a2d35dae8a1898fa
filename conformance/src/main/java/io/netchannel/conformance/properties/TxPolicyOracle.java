package io.netchannel.conformance.properties;

import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.VlanPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What becomes of a frame a context sends: chapter 07, section 3 ({@code enforce}) and section 4
 * (reading the frame, matching), read from the rule text alone. Source MAC first (TXF-2), then the
 * VLAN policy (TXF-3 to TXF-5), then the first matching filter rule or the default (TXF-6, TXF-7).
 * It never calls an implementation, so it can judge the reference model too.
 */
public final class TxPolicyOracle {

    /** How a frame ends. */
    public enum Verdict {
        /** Sent to the wire. */
        SENT(null),
        /** Dropped by TXF-2. */
        SPOOF(Counter.TX_DROP_SPOOF),
        /** Dropped by TXF-3, TXF-4 or TXF-5. */
        VLAN(Counter.TX_DROP_VLAN),
        /** Dropped by a DROP rule or default (TXF-6). */
        FILTER(Counter.TX_DROP_FILTER);

        private final Counter counter;

        Verdict(Counter counter) {
            this.counter = counter;
        }

        /** The drop counter of this verdict, null for {@link #SENT}. */
        public Counter counter() {
            return counter;
        }
    }

    /**
     * The decision for one frame.
     *
     * @param verdict how it ends
     * @param rule the index of the deciding rule ({@code rules.size()} for the default), or -1 when the
     *     frame never reached the filter (TXF-1: no rule counter moves)
     * @param wire the bytes on the wire when sent (the tag inserted for Access, TXF-4), else null
     * @param why the rule id that decides
     */
    public record Decision(Verdict verdict, int rule, byte[] wire, String why) {
        @Override
        public String toString() {
            return verdict + " by " + why + (rule >= 0 ? " (filter index " + rule + ")" : "") + (wire != null ? ", " + wire.length + " bytes on the wire" : "");
        }
    }

    /**
     * The fields TXF-7 reads from a frame. Unknown values are -1 (or null for addresses).
     *
     * @param etherType the EtherType (after at most one 802.1Q tag)
     * @param network offset of the network header
     * @param family 4 or 6 when an IP header of that version is readable, else 0
     * @param source the source address of a readable IP header
     * @param destination its destination address
     * @param protocol the IPv4 protocol or the IPv6 final next header, -1 when unknown
     * @param laterFragment a fragment offset other than 0 was seen
     * @param sourcePort TCP/UDP source port, -1 when unknown
     * @param destinationPort TCP/UDP destination port, -1 when unknown
     */
    public record Fields(int etherType, int network, int family, byte[] source, byte[] destination, int protocol, boolean laterFragment,
            int sourcePort, int destinationPort) {
        @Override
        public String toString() {
            return String.format("{etherType 0x%04x, IPv%s, protocol %s%s, ports %s}", etherType, family == 0 ? "? (unreadable or none)" : family,
                    protocol < 0 ? "unknown" : protocol, laterFragment ? " (later fragment)" : "",
                    sourcePort < 0 ? "unknown" : sourcePort + "->" + destinationPort);
        }
    }

    /** The maximum number of IPv6 extension headers the walk of TXF-7 follows. */
    public static final int MAX_EXTENSIONS = 8;

    private TxPolicyOracle() {
    }

    /** Section 3: the decision for {@code frame} sent by a context with this configuration. */
    public static Decision decide(List<MacAddress> macs, VlanPolicy vlan, List<FilterRule> rules, FilterAction defaultAction, byte[] frame) {
        int length = frame.length;
        if (length < 14 || !macs.contains(MacAddress.read(frame, 6))) {
            return new Decision(Verdict.SPOOF, -1, null, "TXF-2");
        }
        int tpid = Frames.u16(frame, 12);
        boolean tagged = tpid == Frames.TPID_8021Q || tpid == Frames.TPID_8021AD || tpid == Frames.TPID_9100;
        byte[] wire;
        if (vlan instanceof VlanPolicy.Access a) {
            if (tagged) {
                return new Decision(Verdict.VLAN, -1, null, "TXF-4");
            }
            wire = Frames.tag(frame, Frames.TPID_8021Q, a.vid()); // PCP 0, DEI 0
        } else if (vlan instanceof VlanPolicy.Trunk t) {
            if (tpid != Frames.TPID_8021Q || length < 18 || !t.vids().contains(Frames.u16(frame, 14) & 0xFFF)) {
                return new Decision(Verdict.VLAN, -1, null, "TXF-5");
            }
            wire = frame.clone();
        } else {
            if (tagged) {
                return new Decision(Verdict.VLAN, -1, null, "TXF-3");
            }
            wire = frame.clone();
        }
        int decided = firstMatch(rules, frame);
        FilterAction action = decided < rules.size() ? rules.get(decided).action() : defaultAction;
        String why = "TXF-6 (" + (decided < rules.size() ? "rule " + decided : "the default") + " says " + action + ")";
        return action == FilterAction.DROP ? new Decision(Verdict.FILTER, decided, null, why) : new Decision(Verdict.SENT, decided, wire, why);
    }

    /** TXF-6: the index of the first rule whose match holds for {@code frame}, or {@code rules.size()}. */
    public static int firstMatch(List<FilterRule> rules, byte[] frame) {
        Fields fields = read(frame);
        for (int i = 0; i < rules.size(); i++) {
            if (matches(rules.get(i).match(), fields)) {
                return i;
            }
        }
        return rules.size();
    }

    /** TXF-7: whether every present field of {@code match} holds for {@code fields}. */
    public static boolean matches(FilterMatch match, Fields fields) {
        if (match.etherType().isPresent() && match.etherType().getAsInt() != fields.etherType()) {
            return false;
        }
        if (!address(match.source(), fields.family(), fields.source()) || !address(match.destination(), fields.family(), fields.destination())) {
            return false;
        }
        if (match.protocol().isPresent() && (fields.protocol() < 0 || match.protocol().getAsInt() != fields.protocol())) {
            return false;
        }
        return port(match.sourcePort(), fields.sourcePort()) && port(match.destinationPort(), fields.destinationPort());
    }

    private static boolean address(Optional<IpPrefix> prefix, int family, byte[] address) {
        if (prefix.isEmpty()) {
            return true;
        }
        IpPrefix p = prefix.get();
        if (family == 0 || (p.isIpv6() ? 6 : 4) != family) {
            return false;
        }
        byte[] net = p.address();
        for (int bit = 0; bit < p.length(); bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (net[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean port(Optional<PortRange> range, int port) {
        return range.isEmpty() || (port >= 0 && port >= range.get().low() && port <= range.get().high());
    }

    /** TXF-7, "Reading the frame": the fields of {@code frame} as the guest sent it. */
    public static Fields read(byte[] frame) {
        int length = frame.length;
        int etherType = Frames.u16(frame, 12);
        int network = 14;
        if (etherType == Frames.TPID_8021Q && length >= 18) {
            etherType = Frames.u16(frame, 16);
            network = 18;
        }
        int available = length - network;
        if (etherType == Frames.IPV4 && available >= 20) {
            int version = (frame[network] & 0xFF) >>> 4;
            int ihl = frame[network] & 0xF;
            if (version == 4 && ihl >= 5 && available >= ihl * 4) {
                int protocol = frame[network + 9] & 0xFF;
                boolean later = (Frames.u16(frame, network + 6) & 0x1FFF) != 0;
                byte[] source = Arrays.copyOfRange(frame, network + 12, network + 16);
                byte[] destination = Arrays.copyOfRange(frame, network + 16, network + 20);
                return withPorts(etherType, network, 4, source, destination, protocol, later, frame, network + ihl * 4);
            }
        }
        if (etherType == Frames.IPV6 && available >= 40 && (frame[network] & 0xFF) >>> 4 == 6) {
            byte[] source = Arrays.copyOfRange(frame, network + 8, network + 24);
            byte[] destination = Arrays.copyOfRange(frame, network + 24, network + 40);
            int next = frame[network + 6] & 0xFF;
            int at = network + 40;
            boolean later = false;
            int walked = 0;
            while (true) {
                boolean skippable = next == Frames.HOP_BY_HOP || next == Frames.ROUTING || next == Frames.DEST_OPTIONS;
                if (!skippable && next != Frames.FRAGMENT) {
                    return withPorts(etherType, network, 6, source, destination, next, later, frame, at);
                }
                if (walked == MAX_EXTENSIONS) {
                    return new Fields(etherType, network, 6, source, destination, -1, later, -1, -1); // a ninth header: unknown
                }
                walked++;
                int size;
                if (next == Frames.FRAGMENT) {
                    size = 8;
                    if (at + size > length) {
                        return new Fields(etherType, network, 6, source, destination, -1, later, -1, -1);
                    }
                    later |= (Frames.u16(frame, at + 2) >>> 3) != 0;
                } else {
                    if (at + 2 > length) {
                        return new Fields(etherType, network, 6, source, destination, -1, later, -1, -1);
                    }
                    size = ((frame[at + 1] & 0xFF) + 1) * 8;
                    if (at + size > length) {
                        // the header to skip runs past the end of the frame
                        return new Fields(etherType, network, 6, source, destination, -1, later, -1, -1);
                    }
                }
                next = frame[at] & 0xFF;
                at += size;
            }
        }
        return new Fields(etherType, network, 0, null, null, -1, false, -1, -1);
    }

    private static Fields withPorts(int etherType, int network, int family, byte[] source, byte[] destination, int protocol, boolean later,
            byte[] frame, int transport) {
        boolean ports = (protocol == Frames.TCP || protocol == Frames.UDP) && !later && transport + 4 <= frame.length;
        return new Fields(etherType, network, family, source, destination, protocol, later, ports ? Frames.u16(frame, transport) : -1,
                ports ? Frames.u16(frame, transport + 2) : -1);
    }
}
