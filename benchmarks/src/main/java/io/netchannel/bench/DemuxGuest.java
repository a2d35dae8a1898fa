package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The guests of many contexts of one device, receiving bursts of frames from the wire that the
 * device demultiplexes by VLAN and destination MAC (spec 06): the RX side of a fleet, guest work
 * included.
 *
 * <p>A {@link #round()} hands the device one burst of {@value #FRAME_BYTES}-byte frames, back to
 * back in one array, then lets every context's guest reap its RX responses and post the same
 * buffers again (one {@code req_prod} publication per context per burst, {@link RxRingGuest}), as
 * {@link PipelineGuest} does for one context. Each context keeps twice the copies it gets per burst
 * posted, so a burst always finds a buffer. Tagged frames are {@value #FRAME_BYTES} bytes with
 * their tag, so an Access context receives {@value #STRIPPED_BYTES} (DEMUX-10).
 *
 * <p>Three workloads, all fixed at construction from a seeded {@link SplittableRandom} (random
 * locally administered MACs and VIDs, contexts in shuffled id order, frames in shuffled order):
 * <ul>
 *   <li>{@link #unicast}: {@value #CONTEXTS} contexts — {@value #UNTAGGED} Untagged,
 *       {@value #ACCESS} Access with distinct VIDs, {@value #TRUNK} Trunk with
 *       {@value #TRUNK_VIDS} VIDs each — owning {@value #MACS} MACs each; one burst is one frame
 *       for every (MAC, VLAN) pair some context receives on, {@value #UNICAST_BURST} frames.</li>
 *   <li>{@link #missMix}: the same fleet and the same {@value #UNICAST_BURST} hits, shuffled with
 *       as many misses, half to unknown MACs on VLANs in use, half to known MACs on a VLAN their
 *       owner is not a member of: {@value #MISS_MIX_BURST} frames, each miss dropped and counted
 *       {@code WIRE_DROP_NO_CONTEXT} (DEMUX-3, DEMUX-9).</li>
 *   <li>{@link #broadcast}: {@value #BROADCAST_CONTEXTS} contexts, of which {@value #ACCESS_MEMBERS}
 *       Access and {@value #TRUNK_MEMBERS} Trunk are members of one VLAN and the rest are not; one
 *       burst is {@value #BROADCAST_BURST} broadcast frames on that VLAN, each replicated to the
 *       {@value #BROADCAST_MEMBERS} members (DEMUX-4, DEMUX-8).</li>
 * </ul>
 * The source MAC of every frame is owned by no context, so source pruning (DEMUX-7) removes no
 * recipient, and no guest has promiscuous or all-multicast mode on.
 *
 * <p>Nothing here allocates after construction. Every anomaly (an RX status that is not the copy
 * length the context should get, a context that got more or fewer copies than the burst holds for
 * it) is counted, and {@link #verify()} refuses a run in which the device did not do the whole
 * workload: every hit delivered to its recipients only, every miss dropped and counted, no other
 * drop, error or fatal state.
 */
public final class DemuxGuest implements Workload {

    /** Bytes per frame as it arrives (64 on the wire, less the FCS), tag included. */
    public static final int FRAME_BYTES = 60;
    /** An Access recipient's copy: the frame without its 4-byte tag (DEMUX-10). */
    public static final int STRIPPED_BYTES = FRAME_BYTES - 4;

    /** Contexts of the unicast fleet, the provider limit of both bundled devices. */
    public static final int CONTEXTS = 64;
    /** Untagged contexts of the unicast fleet. */
    public static final int UNTAGGED = 32;
    /** Access contexts of the unicast fleet, each on its own VID. */
    public static final int ACCESS = 16;
    /** Trunk contexts of the unicast fleet. */
    public static final int TRUNK = 16;
    /** VIDs per trunk. */
    public static final int TRUNK_VIDS = 4;
    /** VIDs the trunks draw theirs from, so trunks share VLANs as they do in practice. */
    private static final int TRUNK_VLANS = 16;
    /** MACs per context. */
    public static final int MACS = 2;
    /** Frames per unicast burst: one per (MAC, VLAN) pair of the fleet. */
    public static final int UNICAST_BURST = (UNTAGGED + ACCESS + TRUNK * TRUNK_VIDS) * MACS;
    /** Frames per miss-mix burst: the unicast burst and as many misses. */
    public static final int MISS_MIX_BURST = 2 * UNICAST_BURST;

    /** Access members of the broadcast VLAN. */
    public static final int ACCESS_MEMBERS = 4;
    /** Trunk members of the broadcast VLAN. */
    public static final int TRUNK_MEMBERS = 4;
    /** Copies of each broadcast frame. */
    public static final int BROADCAST_MEMBERS = ACCESS_MEMBERS + TRUNK_MEMBERS;
    /** Contexts of the broadcast device: the members and as many non-members. */
    public static final int BROADCAST_CONTEXTS = 2 * BROADCAST_MEMBERS;
    /** Broadcast frames per burst. */
    public static final int BROADCAST_BURST = 32;

    private static final long SEED = 0x6E65_7463_6861_6EL; // "netchan"
    private static final long MAC_BITS = 0xFFFF_FFFF_FFFFL;
    private static final long GROUP_BIT = 0x0100_0000_0000L;
    private static final long LOCAL_BIT = 0x0200_0000_0000L;
    /** The wire's side of every frame: a MAC no context owns. */
    private static final long PEER_MAC = 0x0200_5E00_0099L;
    private static final int TPID_8021Q = 0x8100;
    /** IEEE 802 local experimental EtherType: no protocol the device might look into. */
    private static final int ETHER_TYPE = 0x88B5;
    /** The frame's VLAN for an untagged frame. */
    private static final int UNTAGGED_VLAN = 0;
    private static final int VID_MAX = 4094;

    private final String deviceName;
    private final String workload;
    private final NetchannelDevice device;
    private final CountingSink sink = new CountingSink();
    private final int burst;
    private final int misses;
    /** One burst of frames from the wire, back to back. */
    private final byte[] wire;

    // per context, index = context id
    private final int[] bufferBase;
    /** Copies each context gets per burst, and the length of each (60, or 56 for Access). */
    private final int[] copies;
    private final int[] copyLength;
    /** Each context's guest, reaping its copies and posting the buffers again. */
    private final RxRingGuest[] rx;

    private long rounds;

    /** A context to create: its MACs and its VLAN policy. */
    private record ContextSpec(List<MacAddress> macs, VlanPolicy policy) {
    }

    /** A frame to send: destination, VLAN (0 = untagged) and the contexts that must get a copy. */
    private record FrameSpec(long destination, int vlan, int[] recipients) {
    }

    private DemuxGuest(String deviceName, String workload, List<ContextSpec> contexts, List<FrameSpec> frames) {
        this.deviceName = deviceName;
        this.workload = workload;
        int n = contexts.size();
        burst = frames.size();
        copies = new int[n];
        copyLength = new int[n];
        int missing = 0;
        for (FrameSpec frame : frames) {
            missing += frame.recipients().length == 0 ? 1 : 0;
            for (int context : frame.recipients()) {
                copies[context]++;
            }
        }
        misses = missing;

        bufferBase = new int[n];
        int[] buffers = new int[n];
        int grefs = 0;
        for (int c = 0; c < n; c++) {
            // two rings, then twice the copies per burst (at least two), so a burst always finds a buffer
            bufferBase[c] = grefs + 2;
            buffers[c] = Math.max(2, 2 * copies[c]);
            grefs = bufferBase[c] + buffers[c];
        }
        InMemoryGuestMemory memory = new InMemoryGuestMemory(grefs);
        rx = new RxRingGuest[n];
        for (int c = 0; c < n; c++) {
            PipelineGuest.sharedRingInit(memory.grant(txRingGref(c), c, Access.READ_WRITE));
            byte[] rxRing = memory.grant(rxRingGref(c), c, Access.READ_WRITE);
            PipelineGuest.sharedRingInit(rxRing);
            for (int i = 0; i < buffers[c]; i++) {
                memory.grant(bufferBase[c] + i, c, Access.READ_WRITE);
            }
            copyLength[c] = contexts.get(c).policy() instanceof VlanPolicy.Access ? STRIPPED_BYTES : FRAME_BYTES;
            rx[c] = new RxRingGuest(deviceName, c, rxRing, bufferBase[c], buffers[c], copies[c], copyLength[c]);
        }

        device = PipelineGuest.provider(deviceName).create(new DeviceEnvironment(memory, sink));
        for (int c = 0; c < n; c++) {
            ContextSpec spec = contexts.get(c);
            ContextConfig config = ContextConfig.builder().macs(spec.macs()).vlan(spec.policy())
                    .txRingGref(txRingGref(c)).rxRingGref(rxRingGref(c)).build();
            ControlResult created = device.control(Caller.HOST, new ControlRequest.CreateContext(c, config));
            if (!(created instanceof ControlResult.Ok)) {
                throw new IllegalStateException("device refused a benchmark context: device=" + deviceName + " context="
                        + c + " config=" + config + " result=" + created);
            }
            rx[c].postAll();
        }

        wire = new byte[burst * FRAME_BYTES];
        for (int i = 0; i < burst; i++) {
            writeFrame(wire, i * FRAME_BYTES, frames.get(i), i);
        }
    }

    private int txRingGref(int context) {
        return bufferBase[context] - 2;
    }

    private int rxRingGref(int context) {
        return bufferBase[context] - 1;
    }

    /** The unicast fleet with an all-hit burst of {@value #UNICAST_BURST} frames. */
    public static DemuxGuest unicast(String deviceName) {
        SplittableRandom random = new SplittableRandom(SEED);
        Set<Long> taken = new HashSet<>(List.of(PEER_MAC));
        List<ContextSpec> contexts = fleet(random, taken);
        List<FrameSpec> frames = hits(contexts);
        shuffle(frames, random);
        return new DemuxGuest(deviceName, "unicast", contexts, frames);
    }

    /**
     * The unicast fleet with the all-hit burst and {@value #UNICAST_BURST} misses shuffled into it:
     * half to MACs no context owns, on VLANs in use; half to a context's MAC on a VLAN in use that
     * the context is not a member of.
     */
    public static DemuxGuest missMix(String deviceName) {
        SplittableRandom random = new SplittableRandom(SEED);
        Set<Long> taken = new HashSet<>(List.of(PEER_MAC));
        List<ContextSpec> contexts = fleet(random, taken);
        List<FrameSpec> frames = hits(contexts);
        List<Integer> vlans = vlansInUse(contexts);
        int unknown = UNICAST_BURST / 2;
        for (int i = 0; i < unknown; i++) {
            long mac = freshMac(random, taken); // never handed to a context
            frames.add(new FrameSpec(mac, vlans.get(random.nextInt(vlans.size())), new int[0]));
        }
        for (int i = unknown; i < UNICAST_BURST; i++) {
            int owner = random.nextInt(contexts.size());
            ContextSpec spec = contexts.get(owner);
            int vlan;
            do {
                vlan = vlans.get(random.nextInt(vlans.size()));
            } while (isMember(spec.policy(), vlan));
            frames.add(new FrameSpec(spec.macs().get(random.nextInt(MACS)).bits(), vlan, new int[0]));
        }
        shuffle(frames, random);
        return new DemuxGuest(deviceName, "missMix", contexts, frames);
    }

    /**
     * {@value #BROADCAST_CONTEXTS} contexts: {@value #ACCESS_MEMBERS} Access and
     * {@value #TRUNK_MEMBERS} Trunk members of one VLAN, and as many non-members (Untagged, Access
     * and Trunk on other VLANs); a burst of {@value #BROADCAST_BURST} broadcast frames on the
     * members' VLAN.
     */
    public static DemuxGuest broadcast(String deviceName) {
        SplittableRandom random = new SplittableRandom(SEED);
        Set<Long> taken = new HashSet<>(List.of(PEER_MAC));
        List<Integer> vids = distinctVids(random, 1 + 3 * TRUNK_VIDS);
        int vlan = vids.get(0);
        List<Integer> others = vids.subList(1, vids.size());
        List<ContextSpec> contexts = new ArrayList<>();
        for (int i = 0; i < ACCESS_MEMBERS; i++) {
            contexts.add(new ContextSpec(macs(random, taken), new VlanPolicy.Access(vlan)));
        }
        for (int i = 0; i < TRUNK_MEMBERS; i++) {
            List<Integer> trunk = new ArrayList<>(List.of(vlan));
            trunk.addAll(pick(others, TRUNK_VIDS - 1, random));
            shuffle(trunk, random);
            contexts.add(new ContextSpec(macs(random, taken), new VlanPolicy.Trunk(trunk)));
        }
        for (int i = 0; i < BROADCAST_MEMBERS; i++) { // non-members: the device must pass them by
            VlanPolicy policy = switch (i % 4) {
                case 0, 1 -> VlanPolicy.UNTAGGED;
                case 2 -> new VlanPolicy.Access(others.get(random.nextInt(others.size())));
                default -> new VlanPolicy.Trunk(pick(others, TRUNK_VIDS, random));
            };
            contexts.add(new ContextSpec(macs(random, taken), policy));
        }
        shuffle(contexts, random);
        int[] members = new int[BROADCAST_MEMBERS];
        int count = 0;
        for (int c = 0; c < contexts.size(); c++) {
            if (isMember(contexts.get(c).policy(), vlan)) {
                members[count++] = c;
            }
        }
        if (count != BROADCAST_MEMBERS) {
            throw new IllegalStateException("broadcast setup: " + count + " members, expected " + BROADCAST_MEMBERS);
        }
        List<FrameSpec> frames = new ArrayList<>();
        for (int i = 0; i < BROADCAST_BURST; i++) {
            frames.add(new FrameSpec(MacAddress.BROADCAST.bits(), vlan, members));
        }
        return new DemuxGuest(deviceName, "broadcast", contexts, frames);
    }

    /** 32 Untagged, 16 Access on distinct VIDs, 16 Trunk with 4 VIDs of 16 shared ones, 2 MACs each, ids shuffled. */
    private static List<ContextSpec> fleet(SplittableRandom random, Set<Long> taken) {
        List<Integer> vids = distinctVids(random, ACCESS + TRUNK_VLANS);
        List<Integer> trunkVlans = vids.subList(ACCESS, vids.size());
        List<ContextSpec> contexts = new ArrayList<>();
        for (int i = 0; i < UNTAGGED; i++) {
            contexts.add(new ContextSpec(macs(random, taken), VlanPolicy.UNTAGGED));
        }
        for (int i = 0; i < ACCESS; i++) {
            contexts.add(new ContextSpec(macs(random, taken), new VlanPolicy.Access(vids.get(i))));
        }
        for (int i = 0; i < TRUNK; i++) {
            contexts.add(new ContextSpec(macs(random, taken), new VlanPolicy.Trunk(pick(trunkVlans, TRUNK_VIDS, random))));
        }
        if (contexts.size() != CONTEXTS) {
            throw new IllegalStateException("unicast setup: " + contexts.size() + " contexts, expected " + CONTEXTS);
        }
        shuffle(contexts, random);
        return contexts;
    }

    /** One frame for every (MAC, VLAN) pair a context of {@code contexts} receives unicast on. */
    private static List<FrameSpec> hits(List<ContextSpec> contexts) {
        List<FrameSpec> frames = new ArrayList<>();
        for (int c = 0; c < contexts.size(); c++) {
            ContextSpec spec = contexts.get(c);
            for (MacAddress mac : spec.macs()) {
                for (int vlan : vlansOf(spec.policy())) {
                    frames.add(new FrameSpec(mac.bits(), vlan, new int[] {c}));
                }
            }
        }
        if (frames.size() != UNICAST_BURST) {
            throw new IllegalStateException("unicast setup: " + frames.size() + " hits, expected " + UNICAST_BURST);
        }
        return frames;
    }

    private static List<Integer> vlansOf(VlanPolicy policy) {
        if (policy instanceof VlanPolicy.Access access) {
            return List.of(access.vid());
        }
        if (policy instanceof VlanPolicy.Trunk trunk) {
            return trunk.vids();
        }
        return List.of(UNTAGGED_VLAN);
    }

    /** DEMUX-2, for building the workload: whether {@code policy} makes a context a member of {@code vlan}. */
    private static boolean isMember(VlanPolicy policy, int vlan) {
        return vlansOf(policy).contains(vlan);
    }

    private static List<Integer> vlansInUse(List<ContextSpec> contexts) {
        List<Integer> vlans = new ArrayList<>();
        for (ContextSpec spec : contexts) {
            for (int vlan : vlansOf(spec.policy())) {
                if (!vlans.contains(vlan)) {
                    vlans.add(vlan);
                }
            }
        }
        return vlans;
    }

    private static List<MacAddress> macs(SplittableRandom random, Set<Long> taken) {
        List<MacAddress> macs = new ArrayList<>();
        for (int i = 0; i < MACS; i++) {
            macs.add(new MacAddress(freshMac(random, taken)));
        }
        return macs;
    }

    /** A random locally administered unicast MAC not in {@code taken}, then taken. */
    private static long freshMac(SplittableRandom random, Set<Long> taken) {
        long mac;
        do {
            mac = (random.nextLong() & MAC_BITS & ~GROUP_BIT) | LOCAL_BIT;
        } while (!taken.add(mac));
        return mac;
    }

    private static List<Integer> distinctVids(SplittableRandom random, int count) {
        List<Integer> vids = new ArrayList<>();
        while (vids.size() < count) {
            int vid = 1 + random.nextInt(VID_MAX);
            if (!vids.contains(vid)) {
                vids.add(vid);
            }
        }
        return vids;
    }

    private static List<Integer> pick(List<Integer> from, int count, SplittableRandom random) {
        List<Integer> copy = new ArrayList<>(from);
        shuffle(copy, random);
        return new ArrayList<>(copy.subList(0, count));
    }

    /** Fisher-Yates with the seeded generator, so the order is the same in every fork. */
    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /**
     * One burst: every frame of the workload from the wire, then every context's guest reaps its
     * RX responses and posts the buffers again.
     *
     * @return a value depending on every response read, for the benchmark to consume
     */
    public int round() {
        NetchannelDevice dev = device;
        byte[] frames = wire;
        int n = burst;
        for (int i = 0; i < n; i++) {
            dev.receive(0, frames, i * FRAME_BYTES, FRAME_BYTES);
        }
        int seen = 0;
        for (RxRingGuest guest : rx) {
            seen += guest.reap();
        }
        rounds++;
        return seen;
    }

    /**
     * Checks that every round so far did the whole workload: each context got exactly its copies
     * at their length, every miss was dropped and counted once, nothing else was dropped, sent or
     * failed.
     *
     * @throws IllegalStateException naming what differs
     */
    public void verify() {
        StringBuilder wrong = new StringBuilder();
        long anomalies = 0;
        for (RxRingGuest guest : rx) {
            anomalies += guest.anomalies();
        }
        expect(wrong, "guest anomalies", anomalies, 0);
        expect(wrong, "WIRE_RX_FRAMES", device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES), rounds * burst);
        expect(wrong, "WIRE_DROP_NO_CONTEXT", device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT),
                rounds * misses);
        expect(wrong, "frames on the wire", sink.frames(), 0);
        long delivered = 0;
        for (int c = 0; c < copies.length && wrong.length() < 2000; c++) {
            String at = "context " + c + " ";
            delivered += device.counter(c, Counter.RX_FRAMES);
            expect(wrong, at + "RX_FRAMES", device.counter(c, Counter.RX_FRAMES), rounds * copies[c]);
            expect(wrong, at + "RX_BYTES", device.counter(c, Counter.RX_BYTES), rounds * copies[c] * copyLength[c]);
            expect(wrong, at + "RX_DROP_NO_BUFFER", device.counter(c, Counter.RX_DROP_NO_BUFFER), 0);
            expect(wrong, at + "RX_DROP_BAD_BUFFER", device.counter(c, Counter.RX_DROP_BAD_BUFFER), 0);
            expect(wrong, at + "RX_DROP_FAILED", device.counter(c, Counter.RX_DROP_FAILED), 0);
            expect(wrong, at + "FATAL_ERRORS", device.counter(c, Counter.FATAL_ERRORS), 0);
            if (device.state(c) != ContextState.ACTIVE) {
                wrong.append(' ').append(at).append("state=").append(device.state(c));
            }
        }
        if (wrong.length() == 0) {
            long hits = 0;
            for (int count : copies) {
                hits += count;
            }
            expect(wrong, "copies delivered", delivered, rounds * hits);
        }
        if (wrong.length() > 0) {
            throw new IllegalStateException("device " + deviceName + " did not do the " + workload
                    + " demux workload after " + rounds + " rounds:" + wrong);
        }
    }

    /** Rounds run so far. */
    public long rounds() {
        return rounds;
    }

    private static void expect(StringBuilder wrong, String what, long seen, long expected) {
        if (seen != expected) {
            wrong.append(' ').append(what).append('=').append(seen).append(" (expected ").append(expected).append(')');
        }
    }

    /** Destination, the peer's source, the tag when the frame is on a VLAN, EtherType, payload to 60 bytes. */
    private static void writeFrame(byte[] bytes, int offset, FrameSpec frame, int sequence) {
        new MacAddress(frame.destination()).write(bytes, offset);
        new MacAddress(PEER_MAC).write(bytes, offset + 6);
        int at = offset + 12;
        if (frame.vlan() != UNTAGGED_VLAN) {
            bytes[at] = (byte) (TPID_8021Q >>> 8);
            bytes[at + 1] = (byte) TPID_8021Q;
            bytes[at + 2] = (byte) (frame.vlan() >>> 8); // PCP 0, DEI 0
            bytes[at + 3] = (byte) frame.vlan();
            at += 4;
        }
        bytes[at] = (byte) (ETHER_TYPE >>> 8);
        bytes[at + 1] = (byte) ETHER_TYPE;
        for (int i = at + 2; i < offset + FRAME_BYTES; i++) {
            bytes[i] = (byte) (sequence + i);
        }
    }
}
