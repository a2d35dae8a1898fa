package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import java.util.List;

/**
 * One guest sending through an Access context whose host set eight TX filter rules (spec 07): the
 * TX half of {@link PipelineGuest} with the whole enforcement path in it.
 *
 * <p>A {@link #round()} is {@value #BURST} single-slot TX requests of {@value #FRAME_BYTES}-byte
 * IPv4/TCP frames with the context's source MAC, published with one {@code req_prod} store and
 * one kick, and the guest reaping the {@value #BURST} responses, exactly as
 * {@link TxRingGuest}. For each packet the device checks the source MAC (TXF-2),
 * checks that the frame carries no tag (TXF-4), tries the {@value #RULES} rules in order — the
 * frames fail the first seven on their EtherType, protocol, address prefixes or ports and match the
 * eighth, an ALLOW, so every rule is evaluated (TXF-6, TXF-7) — counts the hit (TXF-8), inserts the 802.1Q tag of VID
 * {@value #VID} and sends {@value #WIRE_BYTES} bytes to the wire. The default is DROP, so a frame
 * the device misreads is dropped and fails {@link #verify()} rather than passing unfiltered.
 *
 * <p>Nothing here allocates after construction. {@link #verify()} refuses a run in which any
 * packet was not sent, was not answered OKAY, left with another length or tag, or was decided by
 * another rule than the last.
 */
public final class TxFilterGuest implements Workload {

    /** Packets per round. */
    public static final int BURST = 32;
    /** Bytes of each frame as the guest sends it: 64 less the FCS, untagged. */
    public static final int FRAME_BYTES = 60;
    /** Bytes of each frame on the wire: the tag inserted (TXF-4). */
    public static final int WIRE_BYTES = FRAME_BYTES + 4;
    /** The context's port VLAN. */
    public static final int VID = 100;
    /** Filter rules of the context. */
    public static final int RULES = 8;
    /** The rule every frame matches: the last. */
    public static final int DECIDING_RULE = RULES - 1;

    private static final int CONTEXT = 0;
    private static final int TX_RING_GREF = 1;
    private static final int RX_RING_GREF = 2;
    private static final int TX_BUFFER_GREF = 16;
    private static final int GREFS = TX_BUFFER_GREF + BURST;

    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int TCP = 6;
    private static final int UDP = 17;
    /** The frames' addresses and ports: 10.0.0.1:40000+i to 10.0.1.2:443. */
    private static final byte[] SOURCE_IP = {10, 0, 0, 1};
    private static final byte[] DESTINATION_IP = {10, 0, 1, 2};
    private static final int SOURCE_PORT = 40_000;
    private static final int DESTINATION_PORT = 443;

    private final String deviceName;
    private final NetchannelDevice device;
    private final TagCheckingSink sink = new TagCheckingSink();
    private final TxRingGuest tx;

    private long rounds;

    /**
     * A wire that counts frames and bytes, and the frames that are not {@value #WIRE_BYTES} bytes
     * with {@code 81 00} and VID {@value #VID} after the source MAC. It keeps no copy.
     */
    private static final class TagCheckingSink implements DeviceSink {
        private long frames;
        private long bytes;
        private long wrong;
        private long notifications;

        @Override
        public void transmit(int port, byte[] frame, int offset, int length) {
            frames++;
            bytes += length;
            if (port != 0 || length != WIRE_BYTES || frame[offset + 12] != (byte) 0x81 || frame[offset + 13] != 0
                    || frame[offset + 14] != (byte) (VID >>> 8) || frame[offset + 15] != (byte) VID) {
                wrong++;
            }
        }

        @Override
        public void notify(int context, Queue queue) {
            notifications++;
        }
    }

    /** A device of the provider named {@code deviceName} with the one Access context and its rules. */
    public TxFilterGuest(String deviceName) {
        this.deviceName = deviceName;
        InMemoryGuestMemory memory = new InMemoryGuestMemory(GREFS);
        byte[] txRing = memory.grant(TX_RING_GREF, CONTEXT, Access.READ_WRITE);
        PipelineGuest.sharedRingInit(txRing);
        PipelineGuest.sharedRingInit(memory.grant(RX_RING_GREF, CONTEXT, Access.READ_WRITE));
        for (int i = 0; i < BURST; i++) {
            writeFrame(memory.grant(TX_BUFFER_GREF + i, CONTEXT, Access.READ_ONLY), SOURCE_PORT + i);
        }
        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, sink));
        ContextConfig config = ContextConfig.builder()
                .mac(GUEST_MAC).txRingGref(TX_RING_GREF).rxRingGref(RX_RING_GREF)
                .vlan(new VlanPolicy.Access(VID)).txRules(rules()).txDefault(FilterAction.DROP).build();
        ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(CONTEXT, config));
        if (!(created instanceof ControlResult.Ok)) {
            throw new IllegalStateException("device refused the benchmark context: device=" + deviceName
                    + " result=" + created);
        }
        tx = new TxRingGuest(deviceName, device, CONTEXT, txRing, TX_BUFFER_GREF, BURST, FRAME_BYTES);
    }

    /**
     * A host firewall in the usual shape, ALLOW rules before a DROP default. The frames
     * (IPv4/TCP 10.0.0.1:40000.. to 10.0.1.2:443) fail rules 0 to 6, most of them on the last
     * field the rule names, and match rule 7.
     */
    static List<FilterRule> rules() {
        List<FilterRule> rules = List.of(
                FilterRule.drop(FilterMatch.builder().etherType(ETHERTYPE_IPV6).build()),
                FilterRule.allow(FilterMatch.builder().etherType(ETHERTYPE_IPV4).protocol(UDP)
                        .destinationPort(PortRange.of(53)).build()),
                FilterRule.drop(FilterMatch.builder().protocol(TCP).destinationPort(PortRange.of(22)).build()),
                FilterRule.drop(FilterMatch.builder().source(IpPrefix.parse("192.168.0.0/16")).build()),
                FilterRule.drop(FilterMatch.builder().protocol(TCP).destination(IpPrefix.parse("10.0.2.0/24")).build()),
                FilterRule.allow(FilterMatch.builder().protocol(UDP).sourcePort(new PortRange(1024, 65_535))
                        .destinationPort(PortRange.of(123)).build()),
                FilterRule.drop(FilterMatch.builder().protocol(TCP).sourcePort(new PortRange(0, 1023)).build()),
                FilterRule.allow(FilterMatch.builder().etherType(ETHERTYPE_IPV4)
                        .source(IpPrefix.parse("10.0.0.0/8")).destination(IpPrefix.parse("10.0.1.0/24"))
                        .protocol(TCP).destinationPort(PortRange.of(DESTINATION_PORT)).build()));
        if (rules.size() != RULES) {
            throw new IllegalStateException("rules=" + rules.size() + " expected " + RULES);
        }
        return rules;
    }

    /**
     * One burst of {@value #BURST} packets from the TX ring to the wire, guest work included.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    public int round() {
        int seen = tx.send();
        rounds++;
        return seen;
    }

    /**
     * Checks that every round so far did the whole workload: every packet answered OKAY, on the
     * wire at {@value #WIRE_BYTES} bytes with the context's tag, decided by rule
     * {@value #DECIDING_RULE} and by no other, nothing dropped.
     *
     * @throws IllegalStateException naming what differs
     */
    public void verify() {
        long packets = rounds * BURST;
        StringBuilder wrong = new StringBuilder();
        expect(wrong, "guest anomalies", tx.anomalies(), 0);
        expect(wrong, "frames on the wire", sink.frames, packets);
        expect(wrong, "bytes on the wire", sink.bytes, packets * WIRE_BYTES);
        expect(wrong, "frames on the wire without the tag or at another length", sink.wrong, 0);
        expect(wrong, "TX_FRAMES", device.counter(CONTEXT, Counter.TX_FRAMES), packets);
        expect(wrong, "TX_BYTES", device.counter(CONTEXT, Counter.TX_BYTES), packets * WIRE_BYTES);
        expect(wrong, "TX_ERRORS", device.counter(CONTEXT, Counter.TX_ERRORS), 0);
        expect(wrong, "TX_DROP_SPOOF", device.counter(CONTEXT, Counter.TX_DROP_SPOOF), 0);
        expect(wrong, "TX_DROP_VLAN", device.counter(CONTEXT, Counter.TX_DROP_VLAN), 0);
        expect(wrong, "TX_DROP_FILTER", device.counter(CONTEXT, Counter.TX_DROP_FILTER), 0);
        expect(wrong, "FATAL_ERRORS", device.counter(CONTEXT, Counter.FATAL_ERRORS), 0);
        for (int rule = 0; rule <= RULES; rule++) { // RULES is the default's index
            expect(wrong, "filterHits(" + rule + ")", device.filterHits(CONTEXT, rule),
                    rule == DECIDING_RULE ? packets : 0);
        }
        if (device.state(CONTEXT) != ContextState.ACTIVE) {
            wrong.append(" state=").append(device.state(CONTEXT));
        }
        if (wrong.length() > 0) {
            throw new IllegalStateException("device " + deviceName + " did not do the TX filter workload after "
                    + rounds + " rounds:" + wrong);
        }
    }

    /** Rounds run so far. */
    public long rounds() {
        return rounds;
    }

    /** Notifications the device sent so far. */
    public long notifications() {
        return sink.notifications;
    }

    private static void expect(StringBuilder wrong, String what, long seen, long expected) {
        if (seen != expected) {
            wrong.append(' ').append(what).append('=').append(seen).append(" (expected ").append(expected).append(')');
        }
    }

    /**
     * An untagged IPv4/TCP frame of {@value #FRAME_BYTES} bytes: Ethernet (14), IPv4 without
     * options (20, header checksum set), TCP without options (20, a SYN), 6 bytes of padding.
     */
    private static void writeFrame(byte[] bytes, int sourcePort) {
        PEER_MAC.write(bytes, 0);
        GUEST_MAC.write(bytes, 6);
        putBe16(bytes, 12, ETHERTYPE_IPV4);
        int ip = 14;
        bytes[ip] = 0x45; // version 4, IHL 5
        putBe16(bytes, ip + 2, 40); // total length: IP and TCP headers
        putBe16(bytes, ip + 4, sourcePort); // identification
        putBe16(bytes, ip + 6, 0x4000); // DF, fragment offset 0
        bytes[ip + 8] = 64; // TTL
        bytes[ip + 9] = TCP;
        System.arraycopy(SOURCE_IP, 0, bytes, ip + 12, 4);
        System.arraycopy(DESTINATION_IP, 0, bytes, ip + 16, 4);
        putBe16(bytes, ip + 10, ipv4Checksum(bytes, ip));
        int tcp = ip + 20;
        putBe16(bytes, tcp, sourcePort);
        putBe16(bytes, tcp + 2, DESTINATION_PORT);
        bytes[tcp + 12] = 0x50; // data offset 5
        bytes[tcp + 13] = 0x02; // SYN
        putBe16(bytes, tcp + 14, 65_535); // window
    }

    /** RFC 1071 over the 20-byte header at {@code at}, its checksum field zero. */
    private static int ipv4Checksum(byte[] bytes, int at) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((bytes[at + i] & 0xFF) << 8) | (bytes[at + i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static void putBe16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }
}
