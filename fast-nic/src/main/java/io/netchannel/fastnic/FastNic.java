package io.netchannel.fastnic;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bundled fast software NIC: the core profile (chapters PRIV, MEM, RING, DESC, DEMUX, TXF),
 * profile {@code l3l4-demux} (chapter 06, section 5a), profile {@code qos} (chapter 09), profile
 * {@code coalescing} (chapter 10), profiles {@code checksum}, {@code tso} and {@code lro}
 * (chapter 11) and profile {@code relocation} (chapter 12, its document-only rules in
 * {@link Relocation}), with allocation-free data paths.
 *
 * <p>State lives in flat arrays indexed by context id, or by ring id {@code 2 * context + queue}
 * where TX and RX share a rule. A TX kick decodes each 12-byte ring entry from one reusable scratch
 * array, keeps the slot fields of the packet being decided in preallocated int arrays, assembles
 * the frame in one preallocated 64 KiB buffer, checks it against the context's source MACs, VLAN
 * policy and filter rules compiled into primitive arrays (chapter 07), and publishes responses once
 * per batch. A received frame is demultiplexed (chapter 06) through per-VLAN member lists the
 * control plane precomputes and an open-addressing {@link MacTable} for the unicast owner and the
 * source owner, judged by each recipient's RX rules (compiled and matched as the TX rules are, its
 * headers read at most once per frame), and copied straight from the caller's array into each
 * recipient's buffers (from one scratch buffer, tag removed, for Access recipients). In VEB mode
 * (chapter 08) a frame the TX path lets through runs through the same demux straight from the TX
 * assembly buffer before it goes to the wire, unless it stays local. A rate-limited context's
 * packet is charged in its {@link RateMeter} bucket after the checks and before switching, or held
 * on the ring until its due time; a publish is a coalescing decision point, and advanceTo runs the
 * due resumptions and deadlines in the order QOS-6 fixes, found among the contexts with an armed
 * timer. Offloads (chapter 11) parse a frame once with a reusable {@link HeaderParse}, sum eight
 * bytes at a time ({@link Checksum}), segment a GSO packet in place in the TX assembly buffer from a
 * header template ({@link Segmenter}), and hold each LRO context's aggregate in a staging buffer
 * allocated when the guest turns LRO on ({@link LroTable}), flushing it at the points section 7.3
 * fixes and at its due time as an event of advanceTo. Only control-plane calls allocate.
 *
 * <p>Every index read from a ring is treated as hostile: loops are bounded by the ring size, every
 * grant a guest names is checked with {@link GuestMemory#access(int, int)} before it is touched, and
 * no ring content makes this class throw.
 */
public final class FastNic implements NetchannelDevice {

    // ---------------------------------------------------------------- layout, copied to constants

    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int RING_SIZE = SharedRingLayout.RING_SIZE;
    private static final int SLOT_MASK = SharedRingLayout.SLOT_MASK;
    private static final int ENTRIES = SharedRingLayout.ENTRIES;
    private static final int TX_ENTRY = TxRequestLayout.ENTRY_SIZE;
    private static final int RX_ENTRY = RxRequestLayout.ENTRY_SIZE;

    /** The u16 size field bounds a TX packet, and the wire path bounds a received frame (RX-6). */
    private static final int MAX_FRAME = 0xFFFF;
    /** An Ethernet header: the shortest first TX slot (DESC-8) and the shortest frame (RX-6). */
    private static final int ETH_HLEN = TxRequestLayout.MIN_FIRST_SLOT;
    /** Data slots after the first above which a packet is fatal (DESC-6). */
    private static final int SLOTS_FATAL_ABOVE = TxRequestLayout.SLOTS_FATAL_ABOVE;
    /** Data slots after the first above which a packet is a per-packet error (DESC-6). */
    private static final int SLOTS_ACCEPTED = TxRequestLayout.SLOTS_ALWAYS_ACCEPTED;
    /** The I/G bit of a MAC held first-octet-most-significant in a long. */
    private static final long GROUP_BIT = 0x0100_0000_0000L;
    /** Wire port of every TX frame in core (TX-1) and the only port frames arrive on (RX-6). */
    private static final int PORT = 0;

    /**
     * Rounds of RING-9's final check one kick may run. A passive guest memory never needs a second
     * round; the bound only keeps a memory that produces on every read from holding the caller
     * forever (the contract says every call must return).
     */
    private static final int MAX_FINAL_CHECK_ROUNDS = 4096;

    private static final byte ABSENT = 0;
    private static final byte ACTIVE = 1;
    private static final byte FAILED = 2;

    private static final int TX = 0;
    private static final int RX = 1;

    private static final int COUNTERS = Counter.values().length;
    private static final int TX_FRAMES = Counter.TX_FRAMES.ordinal();
    private static final int TX_BYTES = Counter.TX_BYTES.ordinal();
    private static final int TX_ERRORS = Counter.TX_ERRORS.ordinal();
    private static final int FATAL_ERRORS = Counter.FATAL_ERRORS.ordinal();
    private static final int RX_FRAMES = Counter.RX_FRAMES.ordinal();
    private static final int RX_BYTES = Counter.RX_BYTES.ordinal();
    private static final int RX_DROP_NO_BUFFER = Counter.RX_DROP_NO_BUFFER.ordinal();
    private static final int RX_DROP_BAD_BUFFER = Counter.RX_DROP_BAD_BUFFER.ordinal();
    private static final int RX_DROP_FAILED = Counter.RX_DROP_FAILED.ordinal();
    private static final int TX_DROP_SPOOF = Counter.TX_DROP_SPOOF.ordinal();
    private static final int TX_DROP_VLAN = Counter.TX_DROP_VLAN.ordinal();
    private static final int TX_DROP_FILTER = Counter.TX_DROP_FILTER.ordinal();
    private static final int RX_DROP_FILTER = Counter.RX_DROP_FILTER.ordinal();
    private static final int TX_RATE_LIMITED = Counter.TX_RATE_LIMITED.ordinal();

    // ---------------------------------------------------------------- QoS (chapter 09) and coalescing (chapter 10)

    /** A timer that is not armed: no due time, no coalescing deadline. */
    private static final long NEVER = Long.MAX_VALUE;
    /** {@link #transmitPacket}: the packet was consumed (answered, and sent when OKAY). */
    private static final int CONSUMED = 0;
    /** {@link #transmitPacket}: a fatal error, nothing of the packet answered, sent or consumed (DESC-12). */
    private static final int FATAL = 1;
    /** {@link #transmitPacket}: the packet would leave but does not conform yet; not consumed (QOS-5). */
    private static final int HELD = 2;
    /** Timed events of one context at one time, in the order chapter 09, section 6 fixes (QOS-6, LRO-7). */
    private static final int EVENT_TX_RESUME = 0;
    private static final int EVENT_LRO_FLUSH = 1;
    private static final int EVENT_TX_DECIDE = 2;
    private static final int EVENT_RX_DECIDE = 3;

    // ---------------------------------------------------------------- VLANs (chapter 06, 07)

    /** 802.1Q customer tag, and the service tags outside the core profile (DEMUX-1, TXF-3). */
    private static final int TPID_8021Q = 0x8100;
    private static final int TPID_8021AD = 0x88A8;
    private static final int TPID_QINQ = 0x9100;
    /** A tagged frame: 14 bytes of Ethernet header and the 4-byte tag. */
    private static final int TAGGED_HLEN = 18;
    /** The octets a tag takes (DEMUX-10, TXF-4). */
    private static final int TAG = 4;
    /**
     * Slots one delivered frame can take: a frame from the wire is at most 65535 bytes (16 slots),
     * but a switched frame (CTX-6) is the wire frame of a TX packet, which an Access sender's tag
     * can make 65539 bytes, and a Trunk recipient keeps that tag: 17 slots.
     */
    private static final int MAX_RX_SLOTS = (MAX_FRAME + TAG + PAGE - 1) / PAGE;
    /** Lowest and highest VID a frame or a policy may name (DEMUX-1, DEMUX-13). */
    private static final int VID_MIN = 1;
    private static final int VID_MAX = 4094;
    /** Index of the VLAN-keyed tables for untagged frames: VID 0 never names a VLAN (DEMUX-1). */
    private static final int UNTAGGED_VLAN = 0;
    /** Size of the VLAN-keyed tables: index 0 for untagged, 1..4094 for VIDs (4095 stays empty). */
    private static final int VLAN_SLOTS = VlanPolicy.VID_FIELD_MAX + 1;
    /** {@link #vlanOf} for a frame that belongs to no VLAN. */
    private static final int NO_VLAN = -1;

    private static final byte POLICY_UNTAGGED = 0;
    private static final byte POLICY_ACCESS = 1;
    private static final byte POLICY_TRUNK = 2;

    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final int[] NO_CONTEXTS = new int[0];

    // ---------------------------------------------------------------- filter rules (chapter 07; RX: 06, section 5a)

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int IPV4_HLEN = 20;
    private static final int IPV6_HLEN = 40;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int IPV6_ROUTING = 43;
    private static final int IPV6_FRAGMENT = 44;
    private static final int IPV6_DEST_OPTIONS = 60;
    private static final int IPV6_FRAGMENT_HLEN = 8;
    /** Extension headers one IPv6 walk may pass (TXF-7). */
    private static final int IPV6_MAX_EXTENSIONS = 8;
    /** A field the frame does not give: protocol or port unknown (TXF-7). */
    private static final int UNKNOWN = -1;
    /** Address family of a readable IP header, or of a prefix. */
    private static final byte FAMILY_NONE = 0;
    private static final byte FAMILY_IPV4 = 4;
    private static final byte FAMILY_IPV6 = 6;
    /** Octets one compiled prefix takes in its rule set. */
    private static final int PREFIX_BYTES = 16;
    /** {@link #enforce} for a frame that may leave. */
    private static final int SEND = -1;

    private static final ControlResult NO_CONTEXT_AVAILABLE = new ControlResult.NoContextAvailable();

    // ---------------------------------------------------------------- environment

    private final GuestMemory memory;
    private final DeviceSink sink;
    private final DeviceLimits limits;

    // ---------------------------------------------------------------- per context, index = context id

    private final byte[] state;
    private final long[] counters;
    /** The host configuration as the host last set it (create, update, import), for an export (RELOC-2). */
    private final ContextConfig[] hostConfig;
    /** Owned unicast MACs, replaced whole by create and update (control plane). */
    private final long[][] macs;
    private final boolean[] promiscuousAllowed;
    /** Guest promiscuous mode (DEMUX-6), switched off by PRIV-10. */
    private final boolean[] promiscuous;
    /** Joined multicast groups in {@code [0, groupCount)}; the array is sized at create, so DESC-15 never allocates. */
    private final long[][] groups;
    private final int[] groupCount;
    /** Guest all-multicast mode (DEMUX-5). */
    private final boolean[] allMulticast;
    /** VLAN policy, compiled (DEMUX-2): its kind, the Access VID, the Trunk VIDs as a list and a 4096-bit map. */
    private final byte[] policy;
    private final int[] accessVid;
    private final int[][] trunkVids;
    private final long[][] trunkBits;
    /** TX filter rules compiled at create and update, with their hit counters (TXF-6..8). */
    private final RuleSet[] txRules;
    /**
     * RX filter rules compiled at create and update (DEMUX-14), or null when the context has none
     * and its RX default is ALLOW: the demux then pays one null check for them.
     */
    private final RuleSet[] rxRules;
    /** TX token buckets (QOS-3); a context without a limit has none. Each context's bucket and wait are its own (QOS-9). */
    private final RateMeter rates;
    /**
     * QOS-5, QOS-7: the TX walk stopped at a packet its limit did not yet allow, and no walk has
     * emptied the ring since (nor did the context fail, or was reset or destroyed). Counted once per wait.
     */
    private final boolean[] waiting;
    /** QOS-6: when the TX walk of a waiting context resumes, or {@link #NEVER}. */
    private final long[] txDue;
    /**
     * Contexts with an armed timer (a due time or a coalescing deadline) in {@code [0, timedCount)},
     * and each context's place in that list or -1, so advanceTo looks only at them.
     */
    private final int[] timed;
    private final int[] timedSlot;
    private int timedCount;
    /** CSUM-5: the guest enabled RX checksum offload ({@code Offloads.rxChecksum}). */
    private final boolean[] rxChecksum;
    /** LRO (chapter 11, section 7): each context's flush delay and held aggregate, with its due time (LRO-7). */
    private final LroTable lro;

    // ---------------------------------------------------------------- per ring, index = 2 * context + queue

    private final int[] ringGref;
    /**
     * The device's req_cons. It is also rsp_prod_pvt whenever no packet is being decided: every
     * consumed request gets its response before the next packet starts (DESC-11, TX-1, RX-2), and a
     * fatal error ends the context, so one counter serves both.
     */
    private final int[] ringCons;
    /** The rsp_prod value last written to the shared page: the "old" of RING-8. */
    private final int[] ringPublished;
    /** {@link GuestMemory#revocationEpoch()} when the ring grant was last seen read-write. */
    private final long[] ringCheckedEpoch;
    private final boolean[] ringChecked;
    /** The queue's coalescing as the guest set it (control plane: tells whether a SetGuestConfig changes it, COAL-7). */
    private final Coalescing[] coalescing;
    /** COAL-4: completions that make the device decide at once; 0 when the queue is immediate (COAL-3). */
    private final int[] coalFrames;
    /** COAL-5: the longest a completion waits for its decision. */
    private final long[] coalDelay;
    /** COAL-6: D, the rsp_prod value at the last decision (the "old" of RING-8 when immediate). */
    private final int[] ringDecided;
    /** Completions published since the last decision, and when the first of them was published. */
    private final int[] pending;
    private final long[] pendingSince;
    /**
     * COAL-5: when the decision is due, or {@link #NEVER}; armed whenever something is pending and
     * the queue is not immediate, so no wake-up is lost (COAL-8).
     */
    private final long[] coalDue;

    // ---------------------------------------------------------------- device-wide

    private final MacTable macTable;
    /**
     * Per VLAN (index 0 = untagged, else the VID): the live contexts that are members, ascending,
     * and those of them whose guest has promiscuous mode on. Rebuilt by the control plane whenever
     * a policy, a guest's promiscuous flag or the set of live contexts changes (DEMUX-2, DEMUX-6).
     */
    private final int[][] vlanMembers = new int[VLAN_SLOTS][];
    private final int[][] vlanPromiscuous = new int[VLAN_SLOTS][];
    private int liveContexts;
    /**
     * CTX-4: true in VEB, false in VEPA (the starting mode). SOFTWARE is never set here: a bare
     * device refuses it (CTX-7).
     */
    private boolean bridging;
    private long wireRxFrames;
    private long wireDropNoContext;
    private long now;

    // ---------------------------------------------------------------- scratch for the data paths

    /** One ring entry as read (DESC-1: the private copy every decision is made on). */
    private final byte[] entry = new byte[TX_ENTRY];
    /** One RX response, written as the whole 8-byte entry. */
    private final byte[] rxResponse = new byte[RX_ENTRY];
    /** The frame being assembled from a TX chain, with room for the tag an Access context gets (TXF-4). */
    private final byte[] frame = new byte[MAX_FRAME + TAG];
    /** Length of the frame {@link #enforce} lets through, tag included. */
    private int wireLength;
    /**
     * The TX filter rule (or default, at its count) that decided the frame {@link #enforce} checked
     * last, or -1 when a source or VLAN check decided it first. Its hit is counted only when the
     * packet is consumed, so a packet held by the rate limit (QOS-5) is counted once, when it goes.
     */
    private int txDecided;
    /** QOS-5: the due time {@link #transmitPacket} computed for the packet it held. */
    private long heldDue;
    /**
     * The fields of the frame being filtered (TXF-7, DEMUX-15), set by {@link #readHeaders}: a sent
     * frame in {@link #frame}, or a frame being demuxed wherever it lies. The addresses stay in
     * {@link #headerBytes}, at absolute indices.
     */
    private byte[] headerBytes;
    private int headerEtherType;
    private byte headerFamily;
    private int headerSourceAt;
    private int headerDestinationAt;
    private int headerProtocol;
    private int headerSourcePort;
    private int headerDestinationPort;
    /** The recipients of the frame being demultiplexed, ascending (at most every live context). */
    private final int[] recipients;
    /**
     * A delivered frame without its tag, for Access recipients (DEMUX-10). Never the same array as
     * {@link #frame}: a switched frame (CTX-6) is demuxed straight from {@link #frame} and still has
     * to go to the wire, tag and all, after its Access recipients got their stripped copies.
     */
    private final byte[] stripped = new byte[MAX_FRAME];
    /** Response id per slot of the TX chain being decided; a chain is at most a whole ring. */
    private final int[] chainId = new int[RING_SIZE];
    /** Data slots after the first of the TX chain being decided (at most 20 survive DESC-6). */
    private final int[] dataGref = new int[SLOTS_FATAL_ABOVE];
    private final int[] dataOffset = new int[SLOTS_FATAL_ABOVE];
    private final int[] dataSize = new int[SLOTS_FATAL_ABOVE];
    /** RX requests the frame being delivered consumes: its data slots and, for a merged LRO frame, the GSO extra's (LRO-5). */
    private final int[] rxId = new int[MAX_RX_SLOTS + 1];
    private final int[] rxGref = new int[MAX_RX_SLOTS + 1];
    /** Chapter 11, section 3: the TX path's parse of the frame it offloads (CSUM-3, TSO-1). */
    private final HeaderParse txParse = new HeaderParse();
    /** The RX path's parse of an LRO candidate (LRO-2). */
    private final HeaderParse rxParse = new HeaderParse();
    /** The parse behind CSUM-5 verdicts, apart from {@link #rxParse} so a verdict never disturbs a candidate's fields. */
    private final HeaderParse verifyParse = new HeaderParse();
    /** TSO (TSO-2..4): segments a GSO packet in place in {@link #frame}. */
    private final Segmenter segmenter = new Segmenter(MAX_FRAME + TAG);
    /** The GSO extra of the TX packet being decided (a later one replaces an earlier): MSS and type. */
    private int gsoSize;
    private int gsoType;
    /**
     * CSUM-5 verdicts on the frame being demultiplexed, in the two forms its recipients get (as it
     * came, and stripped of its tag for Access recipients), so several recipients verify it once.
     * Keyed by array, offset and length; cleared by each demux.
     */
    private final byte[][] verdictBytes = new byte[2][];
    private final int[] verdictOffset = new int[2];
    private final int[] verdictLength = new int[2];
    private final boolean[] verdict = new boolean[2];

    /** A device with no contexts and its clock at 0, serving within {@code limits}. */
    public FastNic(DeviceEnvironment environment, DeviceLimits limits) {
        Objects.requireNonNull(environment, "environment");
        this.memory = environment.memory();
        this.sink = environment.sink();
        this.limits = Objects.requireNonNull(limits, "limits");
        int ids = limits.maxContextId() + 1;
        state = new byte[ids];
        counters = new long[ids * COUNTERS];
        hostConfig = new ContextConfig[ids];
        macs = new long[ids][];
        promiscuousAllowed = new boolean[ids];
        promiscuous = new boolean[ids];
        groups = new long[ids][];
        groupCount = new int[ids];
        allMulticast = new boolean[ids];
        policy = new byte[ids];
        accessVid = new int[ids];
        trunkVids = new int[ids][];
        trunkBits = new long[ids][];
        txRules = new RuleSet[ids];
        rxRules = new RuleSet[ids];
        rates = new RateMeter(ids);
        waiting = new boolean[ids];
        txDue = new long[ids];
        Arrays.fill(txDue, NEVER);
        timed = new int[ids];
        timedSlot = new int[ids];
        Arrays.fill(timedSlot, -1);
        rxChecksum = new boolean[ids];
        lro = new LroTable(ids);
        recipients = new int[limits.maxContexts()];
        Arrays.fill(vlanMembers, NO_CONTEXTS);
        Arrays.fill(vlanPromiscuous, NO_CONTEXTS);
        ringGref = new int[ids * 2];
        ringCons = new int[ids * 2];
        ringPublished = new int[ids * 2];
        ringCheckedEpoch = new long[ids * 2];
        ringChecked = new boolean[ids * 2];
        coalescing = new Coalescing[ids * 2];
        Arrays.fill(coalescing, Coalescing.IMMEDIATE);
        coalFrames = new int[ids * 2];
        coalDelay = new long[ids * 2];
        ringDecided = new int[ids * 2];
        pending = new int[ids * 2];
        pendingSince = new long[ids * 2];
        coalDue = new long[ids * 2];
        Arrays.fill(coalDue, NEVER);
        macTable = new MacTable(limits.maxContexts() * limits.maxMacsPerContext());
    }

    // ================================================================ control plane

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        if (request instanceof ControlRequest.SetGuestConfig set) {
            return setGuestConfig(caller, set.context(), set.config());
        }
        // PRIV-1, PRIV-2: every other request is the host's, and the privilege is checked first.
        if (!(caller instanceof Caller.Host)) {
            return reject("PRIV-2", RejectCategory.PRIVILEGE,
                    "only the host may " + action(request) + ": caller=" + caller);
        }
        if (request instanceof ControlRequest.SetSwitchMode set) {
            return setSwitchMode(set.mode()); // device-wide: no context id to check
        }
        // RELOC-1 (export and import, step 2): this device claims relocation, so neither is NOT_SUPPORTED.
        int context = request.context();
        if (!inRange(context)) {
            return reject("PRIV-5", RejectCategory.INVALID_CONFIG, "context id out of range 0.."
                    + limits.maxContextId() + ": context=" + context);
        }
        if (request instanceof ControlRequest.CreateContext create) {
            return create(context, create.config());
        }
        if (request instanceof ControlRequest.ImportContext importing) {
            return importContext(context, importing.state());
        }
        if (state[context] == ABSENT) {
            return reject("PRIV-5", RejectCategory.NO_SUCH_CONTEXT, "no such context: context=" + context);
        }
        if (request instanceof ControlRequest.UpdateContext update) {
            return update(context, update.config());
        }
        if (request instanceof ControlRequest.ResetContext) {
            return reset(context);
        }
        if (request instanceof ControlRequest.DestroyContext) {
            return destroy(context);
        }
        if (request instanceof ControlRequest.ExportContext) {
            return exportContext(context);
        }
        throw new IllegalArgumentException("unknown control request: request=" + request);
    }

    /**
     * CTX-4, CTX-7: VEPA and VEB are accepted, also when already set, and apply from the next frame
     * the TX path decides; SOFTWARE needs a host's software path, which a bare device does not have.
     */
    private ControlResult setSwitchMode(SwitchMode mode) {
        if (mode == SwitchMode.SOFTWARE) {
            return reject("CTX-7", RejectCategory.NOT_SUPPORTED,
                    "mode=SOFTWARE: only a host switches in software; this device switches in VEPA or VEB");
        }
        bridging = mode == SwitchMode.VEB;
        return ControlResult.OK;
    }

    private ControlResult create(int context, ContextConfig config) {
        if (state[context] != ABSENT) {
            return reject("PRIV-5", RejectCategory.CONTEXT_EXISTS, "context id in use: context=" + context);
        }
        ControlResult hostRejected = checkHost(context, config); // steps 4 to 4d
        if (hostRejected != null) {
            return hostRejected;
        }
        int tx = config.txRingGref();
        int rx = config.rxRingGref();
        RingAttach rings = ringAttach(context, tx, rx);
        if (rings.refused() != null) {
            return rings.refused();
        }
        // PRIV-7: checked last, after every refusal; FAILED contexts count as live. CTX-1, CTX-2: every
        // table is sized from the declared limits at construction, so no request within them finds it full.
        if (liveContexts >= limits.maxContexts()) {
            return NO_CONTEXT_AVAILABLE;
        }
        install(context, config);
        attach(context, ring(context, TX), tx, rings.txRspProd());
        attach(context, ring(context, RX), rx, rings.rxRspProd());
        rebuildMacTable();
        rebuildDemux();
        return ControlResult.OK;
    }

    /**
     * Chapter 01, steps 4 to 4d of a create (PRIV-6, DEMUX-13, TXF-10, DEMUX-17, QOS-1, QOS-2), also
     * steps 4 and 4a of an update and step 5 of an import (RELOC-5): the first refusal, or null.
     */
    private ControlResult checkHost(int context, ContextConfig config) {
        ControlResult macsRejected = checkMacs(context, config.macs());
        return macsRejected != null ? macsRejected : checkPolicy(config);
    }

    /**
     * The accepted part of a create and an import that their rings do not take: {@code context} is
     * live and ACTIVE under {@code config}, with {@code GuestConfig.DEFAULT}, every counter 0 and a
     * full bucket; the caller attaches the rings and rebuilds the device-wide tables.
     */
    private void install(int context, ContextConfig config) {
        state[context] = ACTIVE;
        liveContexts++;
        clearCounters(context);
        hostConfig[context] = config;
        macs[context] = macBits(config.macs());
        promiscuousAllowed[context] = config.promiscuousAllowed();
        promiscuous[context] = false;
        allMulticast[context] = false;
        groups[context] = new long[limits.maxMulticastGroups()];
        groupCount[context] = 0;
        setPolicy(context, config.vlan());
        txRules[context] = new RuleSet(config.txRules(), config.txDefault()); // TXF-8: hits start at 0
        rxRules[context] = compileRx(config);
        TxRate rate = config.txRate();
        if (!rate.unlimited()) {
            rates.limit(context, rate.bytes(), rate.periodNanos(), rate.burstBytes(), now); // QOS-3: starts full
        }
    }

    private ControlResult update(int context, ContextConfig config) {
        ControlResult hostRejected = checkHost(context, config); // steps 4 and 4a: a create's 4 to 4d
        if (hostRejected != null) {
            return hostRejected;
        }
        // PRIV-10: ring pages change only by destroy and create.
        int tx = ringGref[ring(context, TX)];
        int rx = ringGref[ring(context, RX)];
        if (config.txRingGref() != tx || config.rxRingGref() != rx) {
            return reject("PRIV-10", RejectCategory.INVALID_CONFIG, "an update keeps the ring grants: txRingGref="
                    + config.txRingGref() + " rxRingGref=" + config.rxRingGref() + " current=" + tx + "/" + rx);
        }
        ControlResult grantsRejected = checkRingGrants(context, tx, rx); // MEM-6 "(or updating)"
        if (grantsRejected != null) {
            return grantsRejected;
        }
        flushHeld(context); // LRO-4: accepted; the aggregate goes under the configuration it was built with
        hostConfig[context] = config;
        macs[context] = macBits(config.macs());
        promiscuousAllowed[context] = config.promiscuousAllowed();
        if (!config.promiscuousAllowed()) {
            promiscuous[context] = false; // PRIV-10: never leave a guest above its rights
        }
        setPolicy(context, config.vlan()); // applies from the next frame
        if (!txRules[context].sameAs(config.txRules(), config.txDefault())) {
            txRules[context] = new RuleSet(config.txRules(), config.txDefault()); // TXF-8: counters back to 0
        }
        rxRules[context] = compileRx(config); // DEMUX-17: from the next copy
        boolean rateChanged = setRate(context, config.txRate());
        rebuildMacTable();
        rebuildDemux();
        if (rateChanged && waiting[context]) {
            walkTx(context); // QOS-8: re-evaluated at once, its output belongs to this call
        }
        return ControlResult.OK;
    }

    /**
     * QOS-8: an update's TX rate. The same limit keeps the bucket and any wait; limited to limited
     * carries the credit in whole bytes, capped at the new burst; a new limit starts full; no limit
     * removes the bucket. Returns whether the limit changed.
     */
    private boolean setRate(int context, TxRate rate) {
        if (rates.hasLimit(context, rate.bytes(), rate.periodNanos(), rate.burstBytes())) {
            return false;
        }
        if (rate.unlimited()) {
            rates.clear(context);
        } else if (rates.limited(context)) {
            rates.change(context, rate.bytes(), rate.periodNanos(), rate.burstBytes(), now);
        } else {
            rates.limit(context, rate.bytes(), rate.periodNanos(), rate.burstBytes(), now);
        }
        return true;
    }

    private ControlResult reset(int context) {
        int txRing = ring(context, TX);
        int rxRing = ring(context, RX);
        int tx = ringGref[txRing];
        int rx = ringGref[rxRing];
        // MEM-2, MEM-10: a ring grant the guest took back is not touched, not even to re-attach.
        RingAttach rings = ringAttach(context, tx, rx);
        if (rings.refused() != null) {
            return rings.refused();
        }
        // LRO-4: accepted, so the held aggregate is flushed before the reset changes anything. Its
        // publish moves rsp_prod on from the value RING-14 read, and the RX ring is re-attached where
        // the flush left it (the value a re-read would give), so no flushed slot is consumed twice.
        int rxRspProd = rings.rxRspProd();
        int published = ringPublished[rxRing];
        flushHeld(context);
        if (ringPublished[rxRing] != published) {
            rxRspProd = ringPublished[rxRing];
        }
        attach(context, txRing, tx, rings.txRspProd()); // COAL-9: pending discarded, D re-attached
        attach(context, rxRing, rx, rxRspProd);
        state[context] = ACTIVE; // counters and guest configuration are kept
        endWait(context); // QOS-8: the bucket is kept, the next kick walks
        return ControlResult.OK;
    }

    private ControlResult destroy(int context) {
        state[context] = ABSENT;
        liveContexts--;
        clearCounters(context);
        hostConfig[context] = null;
        macs[context] = null;
        promiscuousAllowed[context] = false;
        promiscuous[context] = false;
        allMulticast[context] = false;
        groups[context] = null;
        groupCount[context] = 0;
        policy[context] = POLICY_UNTAGGED;
        accessVid[context] = 0;
        trunkVids[context] = null;
        trunkBits[context] = null;
        txRules[context] = null; // filterHits read 0 from now on
        rxRules[context] = null;
        rates.clear(context); // QOS-8: a new create starts full
        lro.release(context); // LRO-4: a destroy discards the held aggregate
        lro.configure(context, 0, true);
        rxChecksum[context] = false; // a later create starts from Offloads.NONE
        endWait(context);
        for (int queue = TX; queue <= RX; queue++) {
            int ring = ring(context, queue);
            ringGref[ring] = 0;
            ringCons[ring] = 0;
            ringPublished[ring] = 0;
            ringChecked[ring] = false;
            discardPending(ring); // COAL-9
            ringDecided[ring] = 0;
            setCoalescing(ring, Coalescing.IMMEDIATE);
        }
        updateTimed(context);
        rebuildMacTable(); // PRIV-9: its MACs no longer receive
        rebuildDemux();
        return ControlResult.OK;
    }

    private ControlResult setGuestConfig(Caller caller, int context, GuestConfig config) {
        // PRIV-3: the host, or the guest of this very context.
        if (caller instanceof Caller.Guest guest && guest.context() != context) {
            return reject("PRIV-3", RejectCategory.PRIVILEGE, "a guest configures its own context only: caller="
                    + caller + " context=" + context);
        }
        if (!inRange(context)) {
            return reject("PRIV-5", RejectCategory.INVALID_CONFIG, "context id out of range 0.."
                    + limits.maxContextId() + ": context=" + context);
        }
        if (state[context] == ABSENT) {
            return reject("PRIV-5", RejectCategory.NO_SUCH_CONTEXT, "no such context: context=" + context);
        }
        ControlResult guestRejected = checkGuest(context, promiscuousAllowed[context], config); // steps 4 to 7
        if (guestRejected != null) {
            return guestRejected;
        }
        flushHeld(context); // LRO-4: accepted; flushed under the configuration it was built with, before any change
        applyGuest(context, config);
        rebuildDemux(); // the promiscuous lists
        // COAL-7: a queue whose coalescing changes is re-evaluated in this call, TX first.
        changeCoalescing(context, Queue.TX, config.txCoalescing());
        changeCoalescing(context, Queue.RX, config.rxCoalescing());
        return ControlResult.OK;
    }

    /**
     * Steps 4 to 7 of a SetGuestConfig (PRIV-4, PRIV-6, COAL-2, OFF-2) for {@code context}, whose host
     * configuration allows promiscuous mode or not; also step 6 of an import, against the imported
     * host section (RELOC-6). The first refusal, or null.
     */
    private ControlResult checkGuest(int context, boolean allowed, GuestConfig config) {
        if (config.promiscuous() && !allowed) {
            return reject("PRIV-4", RejectCategory.PRIVILEGE, "the host does not allow promiscuous mode: context=" + context);
        }
        List<MacAddress> list = config.multicast();
        for (MacAddress group : list) {
            if (!group.isMulticast()) {
                return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "multicast list holds a non-group address: mac=" + group);
            }
        }
        int count = distinctGroups(list, new long[list.size()]);
        if (count > limits.maxMulticastGroups()) {
            return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "too many multicast groups: groups=" + count
                    + " maxMulticastGroups=" + limits.maxMulticastGroups());
        }
        // Step 6: this device claims coalescing, so a value is never NOT_SUPPORTED (COAL-1); ranges are checked.
        for (Queue queue : Queue.values()) {
            Coalescing wanted = config.coalescing(queue);
            if (!wanted.valid()) {
                return reject("COAL-2", RejectCategory.INVALID_CONFIG, "coalescing has maxFrames 0.." + Coalescing.MAX_FRAMES
                        + " and maxDelayNanos 0.." + Coalescing.MAX_DELAY_NANOS + ": queue=" + queue + " coalescing=" + wanted);
            }
        }
        // Step 7: this device claims checksum and lro, so neither is NOT_SUPPORTED (OFF-1); the delay's range is checked.
        Offloads offloads = config.offloads();
        if (!offloads.valid()) {
            return reject("OFF-2", RejectCategory.INVALID_CONFIG, "LRO flush delay out of 0.." + Offloads.MAX_LRO_FLUSH_NANOS
                    + " ns: lroFlushNanos=" + offloads.lroFlushNanos());
        }
        return null;
    }

    /**
     * The accepted part of a SetGuestConfig and an import that no queue's coalescing takes: the
     * promiscuous and all-multicast flags, the multicast list and the offloads. The caller rebuilds
     * the demux lists and sets the coalescing.
     */
    private void applyGuest(int context, GuestConfig config) {
        promiscuous[context] = config.promiscuous();
        allMulticast[context] = config.allMulticast();
        groupCount[context] = distinctGroups(config.multicast(), groups[context]); // checked: it fits
        Offloads offloads = config.offloads();
        rxChecksum[context] = offloads.rxChecksum(); // CSUM-5, from the next delivery
        lro.configure(context, offloads.lroFlushNanos(), false); // LRO-1: the staging buffer is allocated here, once
    }

    /**
     * PRIV-6: the group addresses of {@code list} with duplicates collapsed, each where it first
     * appears (the order a relocation document keeps), into {@code into}; returns how many. Writes
     * past the room of {@code into} never happen for a list {@link #checkGuest} accepted.
     */
    private static int distinctGroups(List<MacAddress> list, long[] into) {
        int count = 0;
        for (MacAddress group : list) {
            if (indexOf(into, count, group.bits()) < 0) {
                into[count++] = group.bits();
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- relocation (chapter 12)

    /**
     * ExportContext after its checks (steps 1 to 4 of section 4.1): the held LRO aggregate is
     * flushed as at the start of an update, with its notification decisions (RELOC-3), then the
     * context is read, changing nothing (RELOC-2).
     */
    private ControlResult exportContext(int context) {
        flushHeld(context);
        return new ControlResult.Exported(snapshot(context));
    }

    /** RELOC-2, section 3.3: the context's state at this instant, every time a duration back or ahead from now. */
    private RelocationState snapshot(int context) {
        List<MacAddress> joined = new ArrayList<>(groupCount[context]);
        for (int i = 0; i < groupCount[context]; i++) {
            joined.add(new MacAddress(groups[context][i]));
        }
        int txRing = ring(context, TX);
        int rxRing = ring(context, RX);
        GuestConfig guest = new GuestConfig(promiscuous[context], joined, allMulticast[context], coalescing[txRing],
                coalescing[rxRing], new Offloads(rxChecksum[context], lro.flushNanos(context)));
        Optional<RelocationState.Credit> credit = rates.limited(context)
                ? Optional.of(Relocation.credit(rates.levelAt(context, now), txDue[context], now))
                : Optional.empty();
        RelocationState.Runtime runtime = new RelocationState.Runtime(
                state[context] == FAILED ? ContextState.FAILED : ContextState.ACTIVE,
                RelocationState.Ring.at(ringCons[txRing]), RelocationState.Ring.at(ringCons[rxRing]), credit,
                Relocation.completions(ringDecided[txRing], pending[txRing], pendingSince[txRing], now),
                Relocation.completions(ringDecided[rxRing], pending[rxRing], pendingSince[rxRing], now),
                Relocation.counters(counters, context * COUNTERS), Relocation.hits(txRules[context].hits));
        return new RelocationState(hostConfig[context], guest, runtime);
    }

    /**
     * ImportContext after steps 1 to 3 (section 4.2): steps 4 to 10 in order, the first that fails
     * deciding the answer with nothing changed (RELOC-5); accepted, the context as the document
     * says (RELOC-7), without a write to guest memory, a notification decision or a ring walk.
     */
    private ControlResult importContext(int context, RelocationState document) {
        if (state[context] != ABSENT) {
            return reject("PRIV-5", RejectCategory.CONTEXT_EXISTS, "context id in use: context=" + context);
        }
        ContextConfig host = document.host();
        GuestConfig guest = document.guest();
        RelocationState.Runtime runtime = document.runtime();
        ControlResult refused = checkHost(context, host); // step 5: a create's 4 to 4d
        if (refused == null) {
            refused = checkGuest(context, host.promiscuousAllowed(), guest); // step 6, RELOC-6: as Caller.guest(c)
        }
        if (refused == null) {
            refused = Relocation.checkRuntime(document); // step 7
        }
        int tx = host.txRingGref();
        int rx = host.rxRingGref();
        boolean active = runtime.state() == ContextState.ACTIVE;
        if (refused == null && !active) {
            refused = checkRingGrants(context, tx, rx); // step 8; a FAILED state skips step 9
        }
        if (refused == null && active) {
            RingAttach rings = ringAttach(context, tx, rx); // step 8, then both headers read, none written
            refused = rings.refused() != null ? rings.refused()
                    : Relocation.checkPosition(runtime, rings.txRspProd(), rings.rxRspProd()); // step 9
        }
        if (refused != null) {
            return refused;
        }
        if (liveContexts >= limits.maxContexts()) {
            return NO_CONTEXT_AVAILABLE; // step 10, PRIV-7
        }
        install(context, host);
        applyGuest(context, guest);
        restore(context, guest, runtime);
        rebuildMacTable();
        rebuildDemux();
        return ControlResult.OK;
    }

    /**
     * RELOC-7 for a context {@link #install} and {@link #applyGuest} set up: its state, ring
     * positions, each queue's coalescing as {@code guest} sets it, bucket and wait, each queue's D, pending and first = now − age, its counters and
     * filter counters. Writes nothing to guest memory (the ring headers are already the guest's).
     */
    private void restore(int context, GuestConfig guest, RelocationState.Runtime runtime) {
        state[context] = runtime.state() == ContextState.FAILED ? FAILED : ACTIVE;
        int base = context * COUNTERS;
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters[base + counter.ordinal()] = runtime.counter(counter);
        }
        long[] hits = txRules[context].hits;
        for (int i = 0; i < hits.length; i++) {
            hits[i] = runtime.filterHits().get(i);
        }
        if (runtime.credit().isPresent()) {
            RelocationState.Credit credit = runtime.credit().get();
            TxRate rate = hostConfig[context].txRate();
            rates.restore(context, rate.bytes(), rate.periodNanos(), rate.burstBytes(), credit.level(), now);
            if (credit.waiting()) {
                waiting[context] = true; // QOS-7: the wait continues, already counted
                txDue[context] = later(now, credit.resumeInNanos().getAsLong());
            }
        }
        for (Queue queue : Queue.values()) {
            int ring = ring(context, queue.ordinal());
            RelocationState.Completions completions = runtime.completions(queue);
            int at = runtime.ring(queue).rspProd();
            ringGref[ring] = queue == Queue.TX ? hostConfig[context].txRingGref() : hostConfig[context].rxRingGref();
            ringCons[ring] = at;
            ringPublished[ring] = at;
            ringChecked[ring] = false;
            setCoalescing(ring, guest.coalescing(queue));
            ringDecided[ring] = completions.decided();
            pending[ring] = (int) completions.pending(); // below maxFrames, checked
            if (completions.pending() != 0) {
                pendingSince[ring] = now - completions.ageNanos();
                coalDue[ring] = later(pendingSince[ring], coalDelay[ring]); // COAL-5, after now: age < maxDelay
            }
        }
        updateTimed(context);
    }

    /**
     * COAL-7: a changed coalescing applies to what is pending now. The decision is taken at once
     * when the new values would already have taken it; otherwise the deadline moves to
     * {@code first + maxDelay}.
     */
    private void changeCoalescing(int context, Queue queue, Coalescing wanted) {
        int ring = ring(context, queue.ordinal());
        if (wanted.equals(coalescing[ring])) {
            return;
        }
        setCoalescing(ring, wanted);
        if (pending[ring] == 0) {
            return;
        }
        int frames = coalFrames[ring];
        long deadline = later(pendingSince[ring], coalDelay[ring]);
        if (frames == 0 || pending[ring] >= frames || now >= deadline) {
            decideApart(context, ring, queue); // a notification belongs to this call
        } else {
            coalDue[ring] = deadline;
        }
        updateTimed(context);
    }

    /** Stores a checked coalescing for {@code ring}; either value 0 makes the queue immediate (COAL-3). */
    private void setCoalescing(int ring, Coalescing value) {
        coalescing[ring] = value;
        coalFrames[ring] = value.immediate() ? 0 : value.maxFrames();
        coalDelay[ring] = value.immediate() ? 0 : value.maxDelayNanos();
    }

    /** Where create and reset attach both rings, or why they may not (control plane only: allocation is fine). */
    private record RingAttach(ControlResult refused, int txRspProd, int rxRspProd) {
    }

    /**
     * MEM-6 then RING-14 for both rings: the grants are checked first, then each header is read
     * once, and both rings are judged before either is written, so a refusal writes nothing.
     */
    private RingAttach ringAttach(int context, int tx, int rx) {
        ControlResult grantsRejected = checkRingGrants(context, tx, rx);
        if (grantsRejected != null) {
            return new RingAttach(grantsRejected, 0, 0);
        }
        long txAttach = attachPoint(context, tx);
        if (txAttach < 0) {
            return new RingAttach(reject("RING-14", RejectCategory.BAD_RING, "TX ring req_prod more than "
                    + RING_SIZE + " ahead of rsp_prod: txRingGref=" + tx), 0, 0);
        }
        long rxAttach = attachPoint(context, rx);
        if (rxAttach < 0) {
            return new RingAttach(reject("RING-14", RejectCategory.BAD_RING, "RX ring req_prod more than "
                    + RING_SIZE + " ahead of rsp_prod: rxRingGref=" + rx), 0, 0);
        }
        return new RingAttach(null, (int) txAttach, (int) rxAttach);
    }

    /** MEM-6: the two ring grants are distinct pages, both read-write for {@code context}. */
    private ControlResult checkRingGrants(int context, int tx, int rx) {
        if (memory.access(context, tx) != Access.READ_WRITE) {
            return reject("MEM-6", RejectCategory.BAD_RING, "TX ring grant not read-write for the context: txRingGref=" + tx);
        }
        if (memory.access(context, rx) != Access.READ_WRITE) {
            return reject("MEM-6", RejectCategory.BAD_RING, "RX ring grant not read-write for the context: rxRingGref=" + rx);
        }
        if (tx == rx) {
            return reject("MEM-6", RejectCategory.BAD_RING, "TX and RX rings must be two pages: txRingGref=rxRingGref=" + tx);
        }
        return null;
    }

    /** PRIV-6 for a context's own MAC list; {@code context}'s current MACs do not count as taken. */
    private ControlResult checkMacs(int context, List<MacAddress> list) {
        if (list.isEmpty()) {
            return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "a context owns at least one MAC: macs=[]");
        }
        if (list.size() > limits.maxMacsPerContext()) {
            return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "too many MACs: macs=" + list.size()
                    + " maxMacsPerContext=" + limits.maxMacsPerContext());
        }
        for (int i = 0; i < list.size(); i++) {
            MacAddress mac = list.get(i);
            if (mac.isMulticast()) {
                return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "an owned MAC must be unicast: mac=" + mac);
            }
            if (list.subList(0, i).contains(mac)) {
                return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "duplicate MAC: mac=" + mac);
            }
            int owner = macTable.get(MacTable.key(0, mac.bits()));
            if (owner != MacTable.MISSING && owner != context) {
                return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "MAC owned by another context: mac="
                        + mac + " owner=" + owner);
            }
        }
        return null;
    }

    /**
     * DEMUX-13, TXF-10 then DEMUX-17 (chapter 01, steps 4a to 4c of a create, 4a of an update): the
     * VLAN policy names only usable VIDs, a trunk a bounded set without repeats, and both rule lists
     * fit. This device claims {@code l3l4-demux}, so RX rules are never NOT_SUPPORTED here.
     */
    private ControlResult checkPolicy(ContextConfig config) {
        VlanPolicy vlan = config.vlan();
        if (vlan instanceof VlanPolicy.Access access) {
            if (access.vid() < VID_MIN || access.vid() > VID_MAX) {
                return reject("DEMUX-13", RejectCategory.INVALID_CONFIG, "an Access VID lies in 1..4094: vid=" + access.vid());
            }
        } else if (vlan instanceof VlanPolicy.Trunk trunk) {
            List<Integer> vids = trunk.vids();
            if (vids.isEmpty()) {
                return reject("DEMUX-13", RejectCategory.INVALID_CONFIG, "a trunk carries at least one VID: vids=[]");
            }
            if (vids.size() > limits.maxVlansPerContext()) {
                return reject("DEMUX-13", RejectCategory.INVALID_CONFIG, "too many trunk VIDs: vids=" + vids.size()
                        + " maxVlansPerContext=" + limits.maxVlansPerContext());
            }
            for (int vid : vids) {
                if (vid < VID_MIN || vid > VID_MAX) {
                    return reject("DEMUX-13", RejectCategory.INVALID_CONFIG, "a trunk VID lies in 1..4094: vid=" + vid);
                }
            }
            long[] seen = new long[VLAN_SLOTS / Long.SIZE];
            for (int vid : vids) {
                if (testBit(seen, vid)) {
                    return reject("DEMUX-13", RejectCategory.INVALID_CONFIG, "duplicate trunk VID: vid=" + vid);
                }
                seen[vid >>> 6] |= 1L << vid;
            }
        }
        if (config.txRules().size() > limits.maxFilterRules()) {
            return reject("TXF-10", RejectCategory.INVALID_CONFIG, "too many TX filter rules: txRules=" + config.txRules().size()
                    + " maxFilterRules=" + limits.maxFilterRules());
        }
        if (config.rxRules().size() > limits.maxFilterRules()) {
            return reject("DEMUX-17", RejectCategory.INVALID_CONFIG, "rxRules=" + config.rxRules().size()
                    + " exceeds maxFilterRules=" + limits.maxFilterRules());
        }
        // Step 4d: this device claims qos, so a limit is never NOT_SUPPORTED (QOS-1); its range is checked.
        TxRate rate = config.txRate();
        if (!rate.valid()) {
            return reject("QOS-2", RejectCategory.INVALID_CONFIG, "a TX rate has bytes 1.." + TxRate.MAX_BYTES
                    + ", periodNanos 1.." + TxRate.MAX_PERIOD_NANOS + " and burstBytes " + TxRate.MIN_BURST + ".."
                    + TxRate.MAX_BURST + ": txRate=" + rate);
        }
        return null;
    }

    /** DEMUX-14: a checked configuration's RX rules compiled, or null when they let every copy through untouched. */
    private static RuleSet compileRx(ContextConfig config) {
        return config.filtersReceive() ? new RuleSet(config.rxRules(), config.rxDefault()) : null;
    }

    /** Compiles a checked VLAN policy into the per-context tables. */
    private void setPolicy(int context, VlanPolicy vlan) {
        trunkVids[context] = null;
        trunkBits[context] = null;
        accessVid[context] = 0;
        if (vlan instanceof VlanPolicy.Access access) {
            policy[context] = POLICY_ACCESS;
            accessVid[context] = access.vid();
        } else if (vlan instanceof VlanPolicy.Trunk trunk) {
            policy[context] = POLICY_TRUNK;
            int[] vids = new int[trunk.vids().size()];
            long[] bits = new long[VLAN_SLOTS / Long.SIZE];
            for (int i = 0; i < vids.length; i++) {
                vids[i] = trunk.vids().get(i);
                bits[vids[i] >>> 6] |= 1L << vids[i];
            }
            trunkVids[context] = vids;
            trunkBits[context] = bits;
        } else {
            policy[context] = POLICY_UNTAGGED;
        }
    }

    /**
     * Rebuilds the per-VLAN member and promiscuous lists from the live contexts, each list in
     * ascending context id (DEMUX-2, DEMUX-6). Control plane only.
     */
    private void rebuildDemux() {
        int[] members = new int[VLAN_SLOTS];
        int[] promiscuousMembers = new int[VLAN_SLOTS];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                for (int vlan = 0; vlan < VLAN_SLOTS; vlan++) {
                    vlanMembers[vlan] = members[vlan] == 0 ? NO_CONTEXTS : new int[members[vlan]];
                    vlanPromiscuous[vlan] = promiscuousMembers[vlan] == 0 ? NO_CONTEXTS : new int[promiscuousMembers[vlan]];
                    members[vlan] = 0;
                    promiscuousMembers[vlan] = 0;
                }
            }
            for (int context = 0; context < state.length; context++) {
                if (state[context] == ABSENT) {
                    continue;
                }
                int count = policy[context] == POLICY_TRUNK ? trunkVids[context].length : 1;
                for (int i = 0; i < count; i++) {
                    int vlan = switch (policy[context]) {
                        case POLICY_ACCESS -> accessVid[context];
                        case POLICY_TRUNK -> trunkVids[context][i];
                        default -> UNTAGGED_VLAN;
                    };
                    if (pass == 1) {
                        vlanMembers[vlan][members[vlan]] = context;
                        if (promiscuous[context]) {
                            vlanPromiscuous[vlan][promiscuousMembers[vlan]] = context;
                        }
                    }
                    members[vlan]++;
                    if (promiscuous[context]) {
                        promiscuousMembers[vlan]++;
                    }
                }
            }
        }
    }

    /**
     * RING-14: the shared rsp_prod to attach at, or -1 when req_prod runs more than a ring ahead of
     * it (or the page cannot be read). Reads only.
     */
    private long attachPoint(int context, int gref) {
        long reqProd = memory.readU32(context, gref, SharedRingLayout.REQ_PROD);
        long rspProd = memory.readU32(context, gref, SharedRingLayout.RSP_PROD);
        if (reqProd < 0 || rspProd < 0 || aheadMoreThanRing((int) reqProd, (int) rspProd)) {
            return -1;
        }
        return rspProd;
    }

    /** RING-14: req_cons = rsp_prod_pvt = rsp_prod, and req_event = req_cons + 1, the only write. */
    private void attach(int context, int ring, int gref, int rspProd) {
        ringGref[ring] = gref;
        ringCons[ring] = rspProd;
        ringPublished[ring] = rspProd;
        ringDecided[ring] = rspProd; // COAL-6: D at attach and re-attach
        discardPending(ring); // COAL-9
        ringChecked[ring] = false;
        memory.writeU32(context, gref, SharedRingLayout.REQ_EVENT, rspProd + 1);
    }

    private void rebuildMacTable() {
        macTable.clear();
        for (int context = 0; context < state.length; context++) {
            if (state[context] != ABSENT) {
                for (long mac : macs[context]) {
                    macTable.put(MacTable.key(0, mac), context);
                }
            }
        }
    }

    private void clearCounters(int context) {
        int base = context * COUNTERS;
        for (int i = 0; i < COUNTERS; i++) {
            counters[base + i] = 0;
        }
    }

    private static long[] macBits(List<MacAddress> list) {
        long[] bits = new long[list.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = list.get(i).bits();
        }
        return bits;
    }

    private static ControlResult reject(String rule, RejectCategory category, String detail) {
        return new ControlResult.Rejected(rule, category, detail);
    }

    /** What a privileged request does, for PRIV-2's detail. */
    private static String action(ControlRequest request) {
        if (request instanceof ControlRequest.CreateContext) {
            return "create a context";
        }
        if (request instanceof ControlRequest.UpdateContext) {
            return "update a context";
        }
        if (request instanceof ControlRequest.ResetContext) {
            return "reset a context";
        }
        if (request instanceof ControlRequest.SetSwitchMode) {
            return "set the switch mode";
        }
        if (request instanceof ControlRequest.ExportContext) {
            return "export a context";
        }
        if (request instanceof ControlRequest.ImportContext) {
            return "import a context";
        }
        return "destroy a context";
    }

    // ================================================================ TX

    @Override
    public void kick(int context, Queue queue) {
        // RING-15: an RX kick has no pending work in core; absent and failed contexts ignore kicks.
        if (queue != Queue.TX || !inRange(context)) {
            return;
        }
        walkTx(context); // QOS-5: also while waiting, at the kick's time
    }

    /**
     * The TX walk of chapter 03, section 7, for a kick, a resumption at a due time (QOS-6) or the
     * re-evaluation after a limit changed (QOS-8). Each batch (the packets up to one read of
     * req_prod) ends in a publish, which is a coalescing decision point (COAL-3..5); so do a
     * rate-limit stop and a fatal stop.
     */
    private void walkTx(int context) {
        if (state[context] != ACTIVE) {
            return; // absent and failed contexts ignore kicks
        }
        final int ring = ring(context, TX);
        final int gref = ringGref[ring];
        if (txDue[context] != NEVER) {
            txDue[context] = NEVER; // this walk sets a new due time if it stops again
            updateTimed(context);
        }
        if (!ringUsable(context, ring)) {
            fail(context); // MEM-10: the ring page is not touched
            return;
        }
        long read = memory.readU32(context, gref, SharedRingLayout.REQ_PROD);
        for (int round = 0; round < MAX_FINAL_CHECK_ROUNDS; round++) {
            // RING-11: an impossible producer index (ringCons is rsp_prod_pvt here).
            if (read < 0 || aheadMoreThanRing((int) read, ringCons[ring])) {
                fail(context);
                return;
            }
            final int prod = (int) read;
            int completed = 0;
            // RING-5: never past the req_prod read; each packet consumes at least one slot and at
            // most prod - cons, which RING-11 bounds by the ring size.
            while (ringCons[ring] != prod) {
                int outcome = transmitPacket(context, ring, gref, prod);
                if (outcome == CONSUMED) {
                    completed++; // COAL: one completion per packet, however many slots
                } else if (outcome == HELD) {
                    publish(context, ring, Queue.TX, completed); // QOS-5: earlier packets are answered now
                    hold(context);
                    return; // no req_event write while rate limited
                } else {
                    publish(context, ring, Queue.TX, completed); // DESC-12: earlier packets still go out
                    fail(context);
                    return;
                }
            }
            publish(context, ring, Queue.TX, completed);
            // RING-9: arm the event, then look again so nothing published meanwhile is lost.
            int cons = ringCons[ring];
            memory.writeU32(context, gref, SharedRingLayout.REQ_EVENT, cons + 1);
            read = memory.readU32(context, gref, SharedRingLayout.REQ_PROD);
            if (read == Integer.toUnsignedLong(cons)) {
                waiting[context] = false; // QOS-7: the walk passed every packet; a later stop is a new wait
                return;
            }
        }
    }

    /**
     * QOS-5, QOS-7: the walk stopped at a packet that does not conform yet; the context waits for
     * {@link #heldDue}. A wait lasts until a walk empties the ring (RING-9), a fatal error, a reset
     * or a destroy, so a resumption that sends the held packet and stops at the next one continues
     * it and counts nothing.
     */
    private void hold(int context) {
        if (!waiting[context]) {
            waiting[context] = true;
            counters[context * COUNTERS + TX_RATE_LIMITED]++; // QOS-7: once per wait
        }
        txDue[context] = heldDue; // QOS-6: strictly later than now
        updateTimed(context);
    }

    /** QOS-5: the context no longer waits (reset, destroy, a fatal stop); no resumption is left armed. */
    private void endWait(int context) {
        waiting[context] = false;
        txDue[context] = NEVER;
        updateTimed(context);
    }

    /**
     * Decides the TX packet at req_cons, writes its responses and sends its frame: {@link #CONSUMED};
     * {@link #FATAL} with nothing of the packet answered, sent or consumed (DESC-12); or
     * {@link #HELD} when it would leave but its context's limit does not allow it yet, again with
     * nothing answered, sent or consumed (QOS-5).
     */
    private int transmitPacket(int context, int ring, int gref, int prod) {
        final int cons = ringCons[ring];
        int idx = cons;
        if (!readTxEntry(context, gref, idx)) {
            return FATAL;
        }
        idx++;
        final int firstGref = s32(entry, TxRequestLayout.GREF);
        final int firstOffset = u16(entry, TxRequestLayout.OFFSET);
        final int firstFlags = u16(entry, TxRequestLayout.FLAGS);
        final int firstSize = u16(entry, TxRequestLayout.SIZE);
        chainId[0] = requestId(entry);
        int slots = 1;

        // DESC-2: extra-info slots follow the first, chained by XEN_NETIF_EXTRA_FLAG_MORE.
        boolean gso = false;
        boolean mcastAdd = false;
        boolean mcastDel = false;
        long addGroup = 0;
        long delGroup = 0;
        if ((firstFlags & TxRequestLayout.FLAG_EXTRA_INFO) != 0) {
            int extraFlags;
            do {
                if (idx == prod) {
                    return FATAL; // DESC-3: the chain runs past req_prod
                }
                if (!readTxEntry(context, gref, idx)) {
                    return FATAL;
                }
                idx++;
                int type = entry[ExtraInfoLayout.TYPE] & 0xFF;
                extraFlags = entry[ExtraInfoLayout.FLAGS] & 0xFF;
                if (type == ExtraInfoLayout.TYPE_NONE || type >= ExtraInfoLayout.TYPE_MAX) {
                    return FATAL; // DESC-4
                }
                if (type == ExtraInfoLayout.TYPE_GSO) {
                    int kind = entry[ExtraInfoLayout.GSO_TYPE] & 0xFF;
                    int mss = u16(entry, ExtraInfoLayout.GSO_SIZE);
                    if (mss == 0 || (kind != ExtraInfoLayout.GSO_TYPE_TCPV4 && kind != ExtraInfoLayout.GSO_TYPE_TCPV6)) {
                        return FATAL; // DESC-4
                    }
                    gso = true; // a later GSO extra replaces an earlier one
                    gsoSize = mss;
                    gsoType = kind;
                } else if (type == ExtraInfoLayout.TYPE_MCAST_ADD) {
                    mcastAdd = true; // a later extra of the same type replaces the earlier
                    addGroup = mac48(entry, ExtraInfoLayout.MCAST_ADDR);
                } else if (type == ExtraInfoLayout.TYPE_MCAST_DEL) {
                    mcastDel = true;
                    delGroup = mac48(entry, ExtraInfoLayout.MCAST_ADDR);
                }
                // TYPE_HASH is accepted and ignored (DESC-16).
                chainId[slots++] = extraId(entry);
            } while ((extraFlags & ExtraInfoLayout.FLAG_MORE) != 0);
        }
        final int extras = slots - 1;

        // DESC-15: a multicast-control request; its more_data flag is not followed.
        if (mcastAdd || mcastDel) {
            short status;
            if (mcastAdd) {
                status = joinGroup(context, addGroup) ? NetifStatus.OKAY : NetifStatus.ERROR;
            } else {
                leaveGroup(context, delGroup);
                status = NetifStatus.OKAY;
            }
            writeTxResponses(context, gref, cons, slots, extras, status);
            ringCons[ring] = idx;
            if (status == NetifStatus.ERROR) {
                counters[context * COUNTERS + TX_ERRORS]++;
            }
            return CONSUMED; // QOS-3: multicast control takes no credit and never waits
        }

        // DESC-2: data slots chained by more_data on the preceding data slot.
        int dataSlots = 0;
        int rest = 0;
        int prevFlags = firstFlags;
        while ((prevFlags & TxRequestLayout.FLAG_MORE_DATA) != 0) {
            if (idx == prod) {
                return FATAL; // DESC-3
            }
            if (dataSlots == SLOTS_FATAL_ABOVE) {
                return FATAL; // DESC-6: more than 20 data slots
            }
            if (!readTxEntry(context, gref, idx)) {
                return FATAL;
            }
            idx++;
            int offset = u16(entry, TxRequestLayout.OFFSET);
            int size = u16(entry, TxRequestLayout.SIZE);
            if (offset + size > PAGE) {
                return FATAL; // DESC-5, zero-size slots included
            }
            dataGref[dataSlots] = s32(entry, TxRequestLayout.GREF);
            dataOffset[dataSlots] = offset;
            dataSize[dataSlots] = size;
            dataSlots++;
            chainId[slots++] = requestId(entry);
            rest += size;
            prevFlags = u16(entry, TxRequestLayout.FLAGS);
        }

        // DESC-13: every fatal rule is decided before any per-packet rule.
        boolean error = dataSlots > SLOTS_ACCEPTED; // DESC-6: 19 or 20 data slots
        int ownLength = 0;
        if (rest > firstSize) {
            error = true; // DESC-7
        } else {
            ownLength = firstSize - rest;
            if (firstOffset + ownLength > PAGE) {
                return FATAL; // DESC-5 on the first slot's own length
            }
            if (ownLength < ETH_HLEN) {
                error = true; // DESC-8
            }
        }
        // DESC-16 does not apply: this device claims tso.
        if (!error) {
            error = !assembleFrame(context, firstGref, firstOffset, ownLength, dataSlots);
        }
        // Chapter 11 on a packet chapter 04 found valid, before chapter 07 looks at it: a GSO packet
        // must parse as TCP of its GSO type and fill its frame (TSO-1); a csum_blank packet must parse
        // (CSUM-3), and its checksum is filled in now (CSUM-1, CSUM-2): chapter 07 reads no checksum
        // field, and a packet held by its rate limit is read from the ring again when it resumes.
        boolean segment = false;
        if (!error && (gso || (firstFlags & TxRequestLayout.FLAG_CSUM_BLANK) != 0)) {
            HeaderParse parse = txParse;
            if (!parse.parse(frame, 0, firstSize)) {
                error = true; // CSUM-3, TSO-1
            } else if (gso) {
                segment = parse.proto == HeaderParse.PROTO_TCP && parse.end == firstSize
                        && parse.ipv4 == (gsoType == ExtraInfoLayout.GSO_TYPE_TCPV4);
                error = !segment; // TSO-1
            } else {
                parse.fillChecksum(frame, 0); // CSUM-1, CSUM-2; NETTXF_data_validated changes nothing (CSUM-4)
            }
        }
        // TXF-1: a valid frame passes source MAC, VLAN and filter checks before it leaves.
        int dropped = error ? SEND : enforce(context, firstSize);
        // CTX-8, QOS-3, QOS-4: only a packet the checks let through needs credit, charged its first
        // request's size (an inserted tag is free) before it leaves; one that does not conform yet
        // is held, unconsumed (QOS-5). ERROR and DROPPED packets never wait.
        if (!error && dropped == SEND && rates.limited(context) && !rates.take(context, now, firstSize)) {
            heldDue = rates.due(context, firstSize);
            return HELD;
        }
        if (!error && txDecided >= 0) {
            txRules[context].hits[txDecided]++; // TXF-8: counted when the packet is consumed
        }

        short status = error ? NetifStatus.ERROR : dropped != SEND ? NetifStatus.DROPPED : NetifStatus.OKAY;
        writeTxResponses(context, gref, cons, slots, extras, status);
        ringCons[ring] = idx;
        int base = context * COUNTERS;
        if (error) {
            counters[base + TX_ERRORS]++; // DESC-11
        } else if (dropped != SEND) {
            counters[base + dropped]++; // TXF-9: exactly one reason, nothing sent
        } else if (segment) {
            sendSegments(context, wireLength - firstSize);
        } else {
            // CTX-6: in VEB the other contexts get the frame first, at its place in the ring walk.
            if (!bridging || !switchLocally(context, frame, 0, wireLength)) {
                sink.transmit(PORT, frame, 0, wireLength); // TX-1, TX-3, CTX-5: one frame, in ring order
            }
            counters[base + TX_FRAMES]++; // CTX-9: once, whatever the route
            counters[base + TX_BYTES] += wireLength; // TXF-4: with the inserted tag
        }
        return CONSUMED;
    }

    /**
     * TSO-2..5: the GSO packet enforce let through ({@link #wireLength} bytes of {@link #frame},
     * {@code shift} = 4 when it inserted a tag) leaves as k segments of {@link #gsoSize} payload
     * bytes, in order and back to back, each switched (CTX-6) or sent as a frame of its own;
     * TX_FRAMES grows by k and TX_BYTES by their total length. Judged, charged and answered once,
     * before this.
     */
    private void sendSegments(int context, int shift) {
        final Segmenter cut = segmenter;
        int k = cut.prepare(frame, wireLength, shift, txParse, gsoSize);
        long bytes = 0;
        for (int i = 0; i < k; i++) {
            int at = cut.build(frame, i);
            int length = cut.length();
            if (!bridging || !switchLocally(context, frame, at, length)) {
                sink.transmit(PORT, frame, at, length);
            }
            bytes += length;
        }
        int base = context * COUNTERS;
        counters[base + TX_FRAMES] += k;
        counters[base + TX_BYTES] += bytes;
    }

    /**
     * CTX-6: demuxes a frame the TX path lets through ({@code length} bytes at {@code offset} of
     * {@code bytes}, with any Access tag {@link #enforce} inserted: the whole frame, or one TSO
     * segment) to the device's contexts, exactly as a frame from the wire, but without the wire
     * counters: it did not come from the wire, and no recipient is not a drop. Source pruning
     * (DEMUX-7) keeps it from {@code sender}, which TXF-2 made the owner of its source MAC. Returns
     * true when the frame stays local and must not go to the wire.
     */
    private boolean switchLocally(int sender, byte[] bytes, int offset, int length) {
        if (length > MAX_FRAME) {
            return false; // CTX-6: an Access sender's largest frame plus its tag; RX-6 would drop it from the wire
        }
        // Decided before delivery, on the contexts live when the TX path decided the frame.
        boolean local = staysLocal(sender, vlanOf(bytes, offset, length), mac48(bytes, offset));
        demux(bytes, offset, length); // reads the frame only: Access copies are built in stripped
        return local;
    }

    /**
     * CTX-6 (the model's {@code Switching.staysLocal}): the frame's destination is an individual MAC
     * that a live context other than {@code sender} owns, and that context is a member of the
     * frame's VLAN. The MacTable holds exactly the live contexts' MACs, FAILED ones included.
     */
    private boolean staysLocal(int sender, int vlan, long destination) {
        if (vlan == NO_VLAN || (destination & GROUP_BIT) != 0) {
            return false; // group addresses, broadcast included, always go out too
        }
        int owner = macTable.get(MacTable.key(0, destination));
        return owner != MacTable.MISSING && owner != sender && isMember(owner, vlan);
    }

    /**
     * Chapter 07, section 3, on the {@code length} bytes of {@link #frame}: the counter of the
     * first check that fails (TX_DROP_SPOOF, TX_DROP_VLAN, TX_DROP_FILTER), or {@link #SEND} with
     * the wire frame in {@link #frame} and its length in {@link #wireLength}.
     */
    private int enforce(int context, int length) {
        txDecided = -1;
        // TXF-2: MACs are unique across contexts, so owning the source is being its MacTable owner.
        if (macTable.get(MacTable.key(0, mac48(frame, 6))) != context) {
            return TX_DROP_SPOOF;
        }
        int tpid = be16(frame, 12);
        boolean tagged = tpid == TPID_8021Q || tpid == TPID_8021AD || tpid == TPID_QINQ;
        byte kind = policy[context];
        if (kind == POLICY_TRUNK) {
            if (tpid != TPID_8021Q || length < TAGGED_HLEN || !testBit(trunkBits[context], be16(frame, 14) & 0xFFF)) {
                return TX_DROP_VLAN; // TXF-5
            }
        } else if (tagged) {
            return TX_DROP_VLAN; // TXF-3, TXF-4
        }
        // TXF-6..8: the rules see the frame the guest sent; the first match decides, else the default.
        RuleSet set = txRules[context];
        int decided = 0;
        if (set.count != 0) {
            readHeaders(frame, 0, length);
            decided = firstMatch(set);
        }
        txDecided = decided; // its hit counts when the packet is consumed (TXF-8, QOS-5)
        if (set.drop[decided]) {
            return TX_DROP_FILTER;
        }
        if (kind == POLICY_ACCESS) {
            // TXF-4: 81 00 and TCI v (PCP 0, DEI 0) after the source MAC.
            System.arraycopy(frame, 12, frame, 12 + TAG, length - 12);
            int vid = accessVid[context];
            frame[12] = (byte) (TPID_8021Q >>> 8);
            frame[13] = (byte) TPID_8021Q;
            frame[14] = (byte) (vid >>> 8);
            frame[15] = (byte) vid;
            wireLength = length + TAG;
        } else {
            wireLength = length;
        }
        return SEND;
    }

    /**
     * TXF-6, DEMUX-14: the index of the first rule of {@code set} whose match holds for the headers
     * {@link #readHeaders} read last, or {@code set.count} (the default). TX and RX rules alike.
     */
    private int firstMatch(RuleSet set) {
        for (int r = 0; r < set.count; r++) {
            if (matches(set, r)) {
                return r;
            }
        }
        return set.count;
    }

    /** TXF-7, DEMUX-15: every field rule {@code r} has holds for the frame {@link #readHeaders} read. */
    private boolean matches(RuleSet set, int r) {
        int fields = set.fields[r];
        if ((fields & RuleSet.ETHER_TYPE) != 0 && headerEtherType != set.etherType[r]) {
            return false;
        }
        if ((fields & RuleSet.SOURCE) != 0
                && !inPrefix(headerSourceAt, set.sourceFamily[r], set.sourcePrefix, r, set.sourceLength[r])) {
            return false;
        }
        if ((fields & RuleSet.DESTINATION) != 0
                && !inPrefix(headerDestinationAt, set.destinationFamily[r], set.destinationPrefix, r, set.destinationLength[r])) {
            return false;
        }
        if ((fields & RuleSet.PROTOCOL) != 0 && headerProtocol != set.protocol[r]) {
            return false; // an unknown protocol (-1) never equals a rule's 0..255
        }
        if ((fields & RuleSet.SOURCE_PORT) != 0
                && (headerSourcePort == UNKNOWN || headerSourcePort < set.sourcePortLow[r] || headerSourcePort > set.sourcePortHigh[r])) {
            return false;
        }
        return (fields & RuleSet.DESTINATION_PORT) == 0 || headerDestinationPort != UNKNOWN
                && headerDestinationPort >= set.destinationPortLow[r] && headerDestinationPort <= set.destinationPortHigh[r];
    }

    /**
     * A prefix holds when the frame has a readable IP header of the prefix's family and the address
     * at {@code at} of {@link #headerBytes} lies in the prefix's first {@code bits} bits.
     */
    private boolean inPrefix(int at, byte family, byte[] prefixes, int r, int bits) {
        if (headerFamily != family) {
            return false;
        }
        final byte[] f = headerBytes;
        int base = r * PREFIX_BYTES;
        int whole = bits >>> 3;
        for (int i = 0; i < whole; i++) {
            if (f[at + i] != prefixes[base + i]) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || ((f[at + whole] ^ prefixes[base + whole]) & (0xFF00 >>> rest) & 0xFF) == 0;
    }

    /**
     * TXF-7, DEMUX-15, chapter 07 section 4: reads the EtherType after at most one 802.1Q tag, a
     * readable IPv4 or IPv6 header's addresses and protocol (walking IPv6 extension headers), and
     * TCP/UDP ports, from the {@code length} bytes at {@code offset} of {@code bytes} (at least 14).
     * What cannot be read stays unknown. The one header reading of both directions: the TX path
     * calls it on the frame the guest sent, the demux on the frame as it came.
     */
    private void readHeaders(byte[] bytes, int offset, int length) {
        final byte[] f = bytes;
        final int end = offset + length;
        headerBytes = f;
        int etherType = be16(f, offset + 12);
        int l3 = offset + ETH_HLEN;
        if (etherType == TPID_8021Q && length >= TAGGED_HLEN) {
            etherType = be16(f, offset + 16);
            l3 = offset + TAGGED_HLEN;
        }
        headerEtherType = etherType;
        headerFamily = FAMILY_NONE;
        headerProtocol = UNKNOWN;
        headerSourcePort = UNKNOWN;
        headerDestinationPort = UNKNOWN;
        int transport;
        boolean laterFragment;
        if (etherType == ETHERTYPE_IPV4) {
            if (end - l3 < IPV4_HLEN) {
                return;
            }
            int versionIhl = f[l3] & 0xFF;
            int headerLength = (versionIhl & 0x0F) * 4;
            if (versionIhl >>> 4 != 4 || headerLength < IPV4_HLEN || end - l3 < headerLength) {
                return;
            }
            headerFamily = FAMILY_IPV4;
            headerSourceAt = l3 + 12;
            headerDestinationAt = l3 + 16;
            headerProtocol = f[l3 + 9] & 0xFF;
            laterFragment = (be16(f, l3 + 6) & 0x1FFF) != 0;
            transport = l3 + headerLength;
        } else if (etherType == ETHERTYPE_IPV6) {
            if (end - l3 < IPV6_HLEN || (f[l3] & 0xFF) >>> 4 != 6) {
                return;
            }
            headerFamily = FAMILY_IPV6;
            headerSourceAt = l3 + 8;
            headerDestinationAt = l3 + 24;
            int next = f[l3 + 6] & 0xFF;
            int at = l3 + IPV6_HLEN;
            laterFragment = false;
            int walked = 0;
            while (next == IPV6_HOP_BY_HOP || next == IPV6_ROUTING || next == IPV6_DEST_OPTIONS || next == IPV6_FRAGMENT) {
                if (walked == IPV6_MAX_EXTENSIONS) {
                    return; // more headers than a walk may pass: protocol unknown
                }
                int size;
                if (next == IPV6_FRAGMENT) {
                    size = IPV6_FRAGMENT_HLEN;
                    if (end - at < size) {
                        return;
                    }
                    if ((be16(f, at + 2) >>> 3) != 0) {
                        laterFragment = true;
                    }
                } else {
                    if (end - at < 2) {
                        return;
                    }
                    size = ((f[at + 1] & 0xFF) + 1) * 8;
                    if (end - at < size) {
                        return; // the header runs past the frame: protocol unknown
                    }
                }
                next = f[at] & 0xFF;
                at += size;
                walked++;
            }
            headerProtocol = next;
            transport = at;
        } else {
            return;
        }
        if ((headerProtocol == PROTO_TCP || headerProtocol == PROTO_UDP) && !laterFragment && end - transport >= 4) {
            headerSourcePort = be16(f, transport);
            headerDestinationPort = be16(f, transport + 2);
        }
    }

    /**
     * DESC-9, DESC-10, DESC-17, TX-1: checks the grant of every non-empty fragment, then copies
     * the fragments into {@link #frame} in chain order. False when a grant is not readable or is
     * one of the context's ring pages (a per-packet error); zero-length slots are never checked
     * or touched.
     */
    private boolean assembleFrame(int context, int firstGref, int firstOffset, int ownLength, int dataSlots) {
        final int txRing = ringGref[ring(context, TX)];
        final int rxRing = ringGref[ring(context, RX)];
        // ownLength >= 14 here (DESC-8 already passed), so the first slot always has bytes.
        if (firstGref == txRing || firstGref == rxRing || !memory.access(context, firstGref).readable()) {
            return false;
        }
        for (int i = 0; i < dataSlots; i++) {
            int gref = dataGref[i];
            if (dataSize[i] != 0 && (gref == txRing || gref == rxRing || !memory.access(context, gref).readable())) {
                return false;
            }
        }
        // A read can only fail here if the memory contradicts its own access() answer; the packet
        // is then refused rather than sent with stale bytes.
        if (memory.read(context, firstGref, firstOffset, frame, 0, ownLength) != GuestMemory.OK) {
            return false;
        }
        int position = ownLength;
        for (int i = 0; i < dataSlots; i++) {
            int size = dataSize[i];
            if (size != 0) {
                if (memory.read(context, dataGref[i], dataOffset[i], frame, position, size) != GuestMemory.OK) {
                    return false;
                }
                position += size;
            }
        }
        return true;
    }

    /**
     * DESC-11, TX-1, TX-2: one 4-byte response at the start of each entry of the chain, in request
     * order: {@code status} for the first and data slots, NULL for the {@code extras} slots after the
     * first. Bytes 4..11 of each entry are left as the guest wrote them.
     */
    private void writeTxResponses(int context, int gref, int cons, int slots, int extras, short status) {
        for (int k = 0; k < slots; k++) {
            short slotStatus = (k >= 1 && k <= extras) ? NetifStatus.NULL : status;
            // id u16 at 0 and status s16 at 2 make one little-endian u32.
            int response = (chainId[k] & 0xFFFF) | (slotStatus & 0xFFFF) << 16;
            memory.writeU32(context, gref, txEntryOffset(cons + k), response);
        }
    }

    /** DESC-1: the one read of a TX entry, into {@link #entry}. */
    private boolean readTxEntry(int context, int gref, int index) {
        return memory.read(context, gref, txEntryOffset(index), entry, 0, TX_ENTRY) == GuestMemory.OK;
    }

    /** DESC-14: a first or data slot's response echoes the request's id field (u16 at offset 8). */
    private static int requestId(byte[] request) {
        return u16(request, TxRequestLayout.ID);
    }

    /**
     * An extra-info slot has no id; its response keeps the u16 at offset 0 ({@code type | flags << 8})
     * as it was, so only the status bytes change (as Xen netback writes it).
     */
    private static int extraId(byte[] extra) {
        return u16(extra, 0);
    }

    /** DESC-15: ADD succeeds for a group address already joined or with room left. */
    private boolean joinGroup(int context, long group) {
        if ((group & GROUP_BIT) == 0) {
            return false;
        }
        long[] joined = groups[context];
        int count = groupCount[context];
        if (indexOf(joined, count, group) >= 0) {
            return true;
        }
        if (count == joined.length) {
            return false;
        }
        joined[count] = group;
        groupCount[context] = count + 1;
        return true;
    }

    /** DESC-15: DEL leaves the group if joined. */
    private void leaveGroup(int context, long group) {
        long[] joined = groups[context];
        int count = groupCount[context];
        int at = indexOf(joined, count, group);
        if (at >= 0) {
            // The order is kept: an export lists the groups as the guest joined them (RELOC-2).
            System.arraycopy(joined, at + 1, joined, at, count - at - 1);
            groupCount[context] = count - 1;
        }
    }

    // ================================================================ RX

    @Override
    public void receive(int port, byte[] bytes, int offset, int length) {
        boolean sized = length >= ETH_HLEN && length <= MAX_FRAME;
        if (sized) {
            // A caller error, refused before any state changes.
            Objects.checkFromIndexSize(offset, length, bytes.length);
        }
        wireRxFrames++;
        if (port != PORT || !sized) {
            wireDropNoContext++; // RX-6
            return;
        }
        if (demux(bytes, offset, length) == 0) {
            wireDropNoContext++; // DEMUX-1, DEMUX-9: once, and no context is touched
        }
    }

    /**
     * Chapter 06 on a frame of 14 or more bytes at {@code offset} of {@code bytes}: selects its
     * recipients, lets each one's RX rules judge its copy (DEMUX-14) and gives each recipient they
     * allow one copy (DEMUX-8, DEMUX-10..12, RX-5). Returns how many recipients it had, those its
     * rules dropped included: 0 when the frame belongs to no VLAN (DEMUX-1) or no context takes it
     * (DEMUX-9), and then no context was touched. Counts nothing device-wide, so the wire path and
     * the switch path (CTX-6) share it. Only reads {@code bytes}, which must not be {@link #stripped}.
     */
    private int demux(byte[] bytes, int offset, int length) {
        int vlan = vlanOf(bytes, offset, length);
        if (vlan == NO_VLAN) {
            return 0;
        }
        int count = selectRecipients(vlan, mac48(bytes, offset), mac48(bytes, offset + 6));
        verdictBytes[0] = null; // CSUM-5 verdicts hold for this frame only
        verdictBytes[1] = null;
        boolean strippedReady = false;
        boolean headersRead = false;
        for (int i = 0; i < count; i++) { // DEMUX-8: one copy each; DEMUX-12: ascending ids
            int context = recipients[i];
            RuleSet filter = rxRules[context];
            if (filter != null) {
                // DEMUX-14, DEMUX-15: before FAILED and before any buffer, on the frame as it came
                // (tag and all); the headers are read once, for the first recipient with rules.
                int decided = 0;
                if (filter.count != 0) {
                    if (!headersRead) {
                        readHeaders(bytes, offset, length);
                        headersRead = true;
                    }
                    decided = firstMatch(filter);
                }
                if (filter.drop[decided]) {
                    counters[context * COUNTERS + RX_DROP_FILTER]++; // DEMUX-16: this recipient only
                    continue;
                }
            }
            if (state[context] == FAILED) {
                counters[context * COUNTERS + RX_DROP_FAILED]++; // RX-5
            } else if (policy[context] == POLICY_ACCESS) {
                if (!strippedReady) { // DEMUX-10: octets 12..15 removed, once for every Access recipient
                    System.arraycopy(bytes, offset, stripped, 0, 12);
                    System.arraycopy(bytes, offset + 12 + TAG, stripped, 12, length - 12 - TAG);
                    strippedReady = true;
                }
                deliver(context, stripped, 0, length - TAG);
            } else {
                deliver(context, bytes, offset, length); // DEMUX-11: each recipient on its own
            }
        }
        return count;
    }

    /**
     * DEMUX-1: the frame's VLAN, {@link #UNTAGGED_VLAN} for an untagged frame, or
     * {@link #NO_VLAN} for a service tag, a short tagged frame, or VID 0 or 0xFFF.
     */
    private static int vlanOf(byte[] bytes, int offset, int length) {
        int tpid = be16(bytes, offset + 12);
        if (tpid == TPID_8021AD || tpid == TPID_QINQ) {
            return NO_VLAN;
        }
        if (tpid != TPID_8021Q) {
            return UNTAGGED_VLAN;
        }
        if (length < TAGGED_HLEN) {
            return NO_VLAN;
        }
        int vid = be16(bytes, offset + 14) & 0xFFF;
        return vid < VID_MIN || vid > VID_MAX ? NO_VLAN : vid;
    }

    /**
     * Chapter 06, section 4: fills {@link #recipients} in ascending context id with the live
     * members of {@code vlan} that take a frame to {@code destination} from {@code source}, and
     * returns how many there are.
     */
    private int selectRecipients(int vlan, long destination, long source) {
        // DEMUX-7: MACs are unique across contexts, so at most one context owns the source.
        int sourceOwner = macTable.get(MacTable.key(0, source));
        int count = 0;
        if ((destination & GROUP_BIT) == 0) {
            // Unicast: the owner on its VLAN (DEMUX-3), merged into the VLAN's promiscuous members (DEMUX-6).
            int owner = macTable.get(MacTable.key(0, destination));
            boolean takeOwner = owner != MacTable.MISSING && owner != sourceOwner && !promiscuous[owner] && isMember(owner, vlan);
            int[] mirrors = vlanPromiscuous[vlan];
            for (int i = 0; i < mirrors.length; i++) {
                int context = mirrors[i];
                if (takeOwner && owner < context) {
                    recipients[count++] = owner;
                    takeOwner = false;
                }
                if (context != sourceOwner) {
                    recipients[count++] = context;
                }
            }
            if (takeOwner) {
                recipients[count++] = owner;
            }
            return count;
        }
        boolean broadcast = destination == BROADCAST;
        int[] members = vlanMembers[vlan];
        for (int i = 0; i < members.length; i++) {
            int context = members[i];
            if (context == sourceOwner) {
                continue; // DEMUX-7
            }
            if (broadcast || promiscuous[context] || allMulticast[context] // DEMUX-4, DEMUX-6, DEMUX-5
                    || indexOf(groups[context], groupCount[context], destination) >= 0) {
                recipients[count++] = context;
            }
        }
        return count;
    }

    /** DEMUX-2: {@code context} is a member of {@code vlan} (0 = untagged) by its policy. */
    private boolean isMember(int context, int vlan) {
        switch (policy[context]) {
            case POLICY_ACCESS:
                return vlan == accessVid[context];
            case POLICY_TRUNK:
                return vlan != UNTAGGED_VLAN && testBit(trunkBits[context], vlan);
            default:
                return vlan == UNTAGGED_VLAN;
        }
    }

    /**
     * Chapter 04, section 4.2: one copy of {@code length} bytes into {@code context}'s RX buffers,
     * its first response flagged NETRXF_data_validated when the guest enabled RX checksum offload
     * and the copy's checksums verify (CSUM-5, CSUM-6); through section 7.3 of chapter 11 when the
     * guest turned LRO on.
     */
    private void deliver(int context, byte[] bytes, int offset, int length) {
        if (lro.on(context)) {
            lroReceive(context, bytes, offset, length);
            return;
        }
        long read = rxPrologue(context);
        if (read < 0) {
            counters[context * COUNTERS + RX_DROP_FAILED]++; // MEM-10, RING-11
            return;
        }
        deliverSlots(context, (int) read, bytes, offset, length, validatedFlag(context, bytes, offset, length), 0, 0, 1);
    }

    /**
     * Chapter 11, section 7.3, {@code lro_receive}: the frame S ({@code length} bytes at
     * {@code offset} of {@code bytes}, as chapter 04 would write it) for a context with LRO on. One
     * read of req_prod serves the whole call, every flush and delivery in it included (DESC-1).
     *
     * <p>S's checksum is verified only when S could be held or merged, by summing its payload as it
     * is copied into the staging buffer: behind the held bytes when its headers merge (LRO-3, all
     * but the checksum), else at the buffer's start once the held aggregate is flushed (every path
     * that does not merge flushes it first). A segment whose checksum then fails is not a candidate
     * and goes as section 7.3 says for one: the aggregate flushed, then S delivered.
     */
    private void lroReceive(int context, byte[] bytes, int offset, int length) {
        final int base = context * COUNTERS;
        long read = rxPrologue(context); // MEM-10, RING-11 first (LRO-6: a held aggregate counts RX_DROP_FAILED)
        if (read < 0) {
            counters[base + RX_DROP_FAILED]++;
            return;
        }
        final int prod = (int) read;
        final LroTable table = lro;
        if (table.segments(context) != 0 && table.due(context) <= now) {
            flushWith(context, prod); // LRO-4: never extend a due aggregate
            if (state[context] != ACTIVE) {
                counters[base + RX_DROP_FAILED]++; // only a guest memory that refused a read it had allowed
                return;
            }
        }
        final HeaderParse s = rxParse;
        // LRO-2 but the TCP checksum: TCP, IPv4 without options (and its header checksum) or IPv6
        // without extension headers, filling the frame, a payload, flags ACK or ACK+PSH only.
        boolean shaped = s.parse(bytes, offset, length) && s.proto == HeaderParse.PROTO_TCP && s.end == length
                && s.l4 == s.l3 + (s.ipv4 ? IPV4_HLEN : IPV6_HLEN) && s.l4 + s.thl < length
                && ((bytes[offset + s.l4 + 13] & 0xFF) | 0x08) == 0x18 && (bytes[offset + s.l4 + 12] & 0x0F) == 0
                && (!s.ipv4 || Checksum.sum(bytes, offset + s.l3, IPV4_HLEN) == 0xFFFF);
        if (!shaped) {
            if (table.segments(context) != 0) {
                flushWith(context, prod); // LRO-4, LRO-8: arrival order kept
            }
            deliverAfterFlush(context, prod, bytes, offset, length, validatedFlag(context, bytes, offset, length));
            return;
        }
        final int payloadAt = s.l4 + s.thl;
        final int payload = length - payloadAt;
        final boolean psh = (bytes[offset + s.l4 + 13] & 0x08) != 0;
        final int ring = ring(context, RX);
        if (table.segments(context) != 0 && table.merges(context, bytes, offset, s, payload)
                && mergedSlots(table.length(context) + payload) <= prod - ringCons[ring]) { // LRO-3
            int sum = table.stagePayload(context, bytes, offset + payloadAt, payload);
            if (tcpVerifies(s, bytes, offset, sum)) {
                table.append(context, payload, sum, psh);
                if (psh || payload < table.mss(context)) {
                    flushWith(context, prod); // LRO-4
                }
                return;
            }
            flushWith(context, prod); // not a candidate after all: its checksum fails
            deliverAfterFlush(context, prod, bytes, offset, length, 0);
            return;
        }
        if (table.segments(context) != 0) {
            flushWith(context, prod); // LRO-4: S does not merge
            if (state[context] != ACTIVE) {
                counters[base + RX_DROP_FAILED]++;
                return;
            }
        }
        if (psh || (length + PAGE - 1) / PAGE > prod - ringCons[ring]) {
            // LRO-4: never held (a candidate or not, S goes as chapter 04 says)
            deliverSlots(context, prod, bytes, offset, length, validatedFlag(context, bytes, offset, length), 0, 0, 1);
            return;
        }
        int sum = table.stage(context, bytes, offset, length, s);
        if (tcpVerifies(s, bytes, offset, sum)) {
            table.hold(context, s, length, sum, later(now, table.flushNanos(context))); // due after its first arrival
            updateTimed(context);
            return;
        }
        deliverSlots(context, prod, bytes, offset, length, 0, 0, 0, 1); // its checksum fails: not validated
    }

    /** Delivers S after a flush in the same call, unless the flush failed the context (then S counts RX_DROP_FAILED). */
    private void deliverAfterFlush(int context, int prod, byte[] bytes, int offset, int length, int firstFlags) {
        if (state[context] != ACTIVE) {
            counters[context * COUNTERS + RX_DROP_FAILED]++;
            return;
        }
        deliverSlots(context, prod, bytes, offset, length, firstFlags, 0, 0, 1);
    }

    /**
     * CSUM-5 for a candidate whose IPv4 header already verified: the pseudo-header, the TCP header
     * (checksum field included) and the payload, whose partial sum is {@code payloadSum}, sum to
     * 0xFFFF. A candidate has no IP options or extension headers, so the addresses (the last 8
     * bytes of the IPv4 header, the last 32 of the IPv6 header) run on into the TCP header and one
     * sum covers both; the TCP header length is a multiple of 4, so the payload starts on a word.
     */
    private static boolean tcpVerifies(HeaderParse s, byte[] bytes, int offset, int payloadSum) {
        int addresses = s.ipv4 ? 8 : 32;
        int sum = Checksum.sum(bytes, offset + s.l4 - addresses, addresses + s.thl);
        sum = Checksum.addWords(sum, (long) HeaderParse.PROTO_TCP + (s.end - s.l4));
        return Checksum.add(sum, payloadSum) == 0xFFFF;
    }

    /** LRO-5: the posted requests a merged frame of {@code length} bytes takes, its data slots and the GSO extra's. */
    private static int mergedSlots(int length) {
        return (length + PAGE - 1) / PAGE + 1;
    }

    /**
     * LRO-4 outside a delivery — at the due time (LRO-7), at the start of an accepted update, reset
     * or SetGuestConfig of the context: the held aggregate, if any, is delivered after chapter 04's
     * own checks (MEM-10, one read of req_prod, RING-11); when they fail, the context fails and its
     * n segments count RX_DROP_FAILED (LRO-6).
     */
    private void flushHeld(int context) {
        if (lro.segments(context) == 0) {
            return;
        }
        long read = rxPrologue(context); // fail() drops the aggregate into RX_DROP_FAILED
        if (read >= 0) {
            flushWith(context, (int) read);
        }
    }

    /**
     * LRO-5, LRO-6: delivers and forgets the held aggregate, with req_prod {@code prod} as read for
     * the call: one segment byte for byte, n &gt;= 2 as one merged frame with a GSO extra. Every
     * segment it held was a candidate, so its checksums verify and it is flagged whenever the guest
     * enabled RX checksum offload (CSUM-5).
     */
    private void flushWith(int context, int prod) {
        final LroTable table = lro;
        int n = table.segments(context);
        table.release(context);
        updateTimed(context);
        int flags = rxChecksum[context] ? RxResponseLayout.FLAG_DATA_VALIDATED : 0;
        byte[] staged = table.staging(context);
        if (n == 1) {
            deliverSlots(context, prod, staged, 0, table.length(context), flags, 0, 0, 1);
        } else {
            int length = table.finishMerged(context);
            int type = table.ipv4(context) ? ExtraInfoLayout.GSO_TYPE_TCPV4 : ExtraInfoLayout.GSO_TYPE_TCPV6;
            deliverSlots(context, prod, staged, 0, length, flags, table.mss(context), type, n);
        }
    }

    /**
     * The checks that start a delivery (chapter 04, section 4.2): the RX ring grant (MEM-10), one
     * read of req_prod (DESC-1) and the overflow check (RING-11). Returns req_prod, or -1 after
     * failing the context, which drops a held aggregate into RX_DROP_FAILED (LRO-6); the caller
     * counts what it was delivering.
     */
    private long rxPrologue(int context) {
        final int ring = ring(context, RX);
        if (!ringUsable(context, ring)) {
            fail(context); // MEM-10
            return -1;
        }
        long read = memory.readU32(context, ringGref[ring], SharedRingLayout.REQ_PROD);
        if (read < 0 || aheadMoreThanRing((int) read, ringCons[ring])) {
            fail(context); // RING-11
            return -1;
        }
        return read;
    }

    /**
     * Chapter 04, section 4.2 after its checks, with req_prod {@code prod} as read: the
     * {@code length} bytes at {@code offset} of {@code bytes} into posted buffers in ring order,
     * {@code firstFlags} (NETRXF_data_validated or 0) on the first data slot. A merged LRO frame
     * ({@code gsoSize} not 0) takes one request more, right after its first data slot, for its GSO
     * extra, whose buffer is neither checked nor written (LRO-5):
     *
     * <pre>
     *  slot       0                                  1 (merged only)        2 ..
     *  entry      RX response, data bytes 0..4095    netif_extra_info GSO   RX responses, data from 4096
     *  flags      extra_info (merged), more_data,    -                      more_data except the last
     *             data_validated (CSUM-5)
     * </pre>
     *
     * Whatever the outcome it counts {@code segments} frames: n for an aggregate, else 1 (LRO-6).
     */
    private void deliverSlots(int context, int prod, byte[] bytes, int offset, int length, int firstFlags, int gsoSize,
            int gsoType, int segments) {
        final int base = context * COUNTERS;
        final int ring = ring(context, RX);
        final int gref = ringGref[ring];
        final int cons = ringCons[ring];
        final int data = (length + PAGE - 1) / PAGE;
        final int extra = gsoSize == 0 ? 0 : 1;
        final int needed = data + extra;
        if (prod - cons < needed) { // both at most RING_SIZE after RING-11, so signed is exact
            counters[base + RX_DROP_NO_BUFFER] += segments; // RX-3: nothing read or written
            return;
        }
        // DESC-1: each request read once; MEM-2/RX-4: every data buffer checked before any is written.
        for (int i = 0; i < needed; i++) {
            if (memory.read(context, gref, rxEntryOffset(cons + i), entry, 0, RX_ENTRY) != GuestMemory.OK) {
                fail(context);
                counters[base + RX_DROP_FAILED] += segments;
                return;
            }
            rxId[i] = u16(entry, RxRequestLayout.ID);
            rxGref[i] = s32(entry, RxRequestLayout.GREF);
        }
        final int txRing = ringGref[ring(context, TX)];
        boolean writable = true;
        for (int i = 0; i < needed && writable; i++) {
            // RX-7: a ring page is never a buffer
            writable = (extra != 0 && i == 1)
                    || rxGref[i] != gref && rxGref[i] != txRing && memory.access(context, rxGref[i]).writable();
        }
        if (writable) {
            // RX-2: data slot k holds bytes [k*4096, min(len, (k+1)*4096)) at offset 0.
            int remaining = length;
            for (int k = 0; k < data; k++) {
                int slot = k == 0 ? 0 : k + extra;
                int chunk = Math.min(PAGE, remaining);
                // Cannot fail: the grant was just seen writable and the range is inside the page.
                memory.write(context, rxGref[slot], 0, bytes, offset + k * PAGE, chunk);
                remaining -= chunk;
                int flags = remaining > 0 ? RxResponseLayout.FLAG_MORE_DATA : 0;
                if (k == 0) {
                    flags |= firstFlags | (extra != 0 ? RxResponseLayout.FLAG_EXTRA_INFO : 0);
                }
                writeRxResponse(context, gref, cons + slot, rxId[slot], flags, chunk);
            }
            if (extra != 0) {
                writeGsoExtra(context, gref, cons + 1, gsoSize, gsoType);
            }
            counters[base + RX_FRAMES] += segments;
            counters[base + RX_BYTES] += length;
        } else {
            for (int i = 0; i < needed; i++) {
                writeRxResponse(context, gref, cons + i, rxId[i], 0, NetifStatus.ERROR); // RX-4, RX-7, the extra's slot too
            }
            counters[base + RX_DROP_BAD_BUFFER] += segments;
        }
        ringCons[ring] = cons + needed;
        publish(context, ring, Queue.RX, 1); // COAL: one completion per delivery, merged or not
    }

    /**
     * LRO-5: the GSO extra of a merged delivery, the whole 8-byte entry, little-endian as
     * {@code netif_extra_info}: type 1 (GSO), flags 0, size = the MSS, the GSO type, pad 0,
     * features 0.
     */
    private void writeGsoExtra(int context, int gref, int index, int mss, int type) {
        byte[] r = rxResponse;
        r[ExtraInfoLayout.TYPE] = (byte) ExtraInfoLayout.TYPE_GSO;
        r[ExtraInfoLayout.FLAGS] = 0;
        putU16(r, ExtraInfoLayout.GSO_SIZE, mss);
        r[ExtraInfoLayout.GSO_TYPE] = (byte) type;
        r[ExtraInfoLayout.GSO_PAD] = 0;
        putU16(r, ExtraInfoLayout.GSO_FEATURES, 0);
        memory.write(context, gref, rxEntryOffset(index), r, 0, RX_ENTRY);
    }

    /**
     * CSUM-5, CSUM-6: NETRXF_data_validated for a copy delivered to {@code context}, or 0 when its
     * guest did not enable RX checksum offload or the copy does not verify. A copy's verdict is kept
     * for the rest of the demux, so recipients of the same form verify the frame once.
     */
    private int validatedFlag(int context, byte[] bytes, int offset, int length) {
        if (!rxChecksum[context]) {
            return 0;
        }
        for (int i = 0; i < 2; i++) {
            if (verdictBytes[i] == bytes && verdictOffset[i] == offset && verdictLength[i] == length) {
                return verdict[i] ? RxResponseLayout.FLAG_DATA_VALIDATED : 0;
            }
        }
        boolean verifies = verifyParse.verifies(bytes, offset, length);
        int slot = verdictBytes[0] == null ? 0 : 1;
        verdictBytes[slot] = bytes;
        verdictOffset[slot] = offset;
        verdictLength[slot] = length;
        verdict[slot] = verifies;
        return verifies ? RxResponseLayout.FLAG_DATA_VALIDATED : 0;
    }

    /** RX-2: the whole 8-byte response {id, offset 0, flags, status} in the request's own slot. */
    private void writeRxResponse(int context, int gref, int index, int id, int flags, int status) {
        byte[] r = rxResponse;
        putU16(r, RxResponseLayout.ID, id);
        putU16(r, RxResponseLayout.OFFSET, 0);
        putU16(r, RxResponseLayout.FLAGS, flags);
        putU16(r, RxResponseLayout.STATUS, status);
        memory.write(context, gref, rxEntryOffset(index), r, 0, RX_ENTRY);
    }

    // ================================================================ shared ring rules

    /**
     * RING-6, RING-7: after the responses are written, moves the shared rsp_prod to the device's
     * rsp_prod_pvt at once; never reads the shared rsp_prod back. The push adds {@code completions}
     * (packets or frames whose responses it publishes) to the queue's pending ones, and is a
     * decision point: an immediate queue decides now, which is RING-8 (COAL-3); a coalescing queue
     * decides now once maxFrames are pending (COAL-4), else at its deadline (COAL-5).
     */
    private void publish(int context, int ring, Queue queue, int completions) {
        int next = ringCons[ring];
        if (next == ringPublished[ring]) {
            return; // an empty push never notifies
        }
        memory.writeU32(context, ringGref[ring], SharedRingLayout.RSP_PROD, next);
        ringPublished[ring] = next;
        int frames = coalFrames[ring];
        if (frames == 0) {
            decide(context, ring, queue); // COAL-3: D is the previous push's rsp_prod, as RING-8's old
            return;
        }
        if (pending[ring] == 0) {
            pendingSince[ring] = now;
            coalDue[ring] = later(now, coalDelay[ring]); // COAL-5
            updateTimed(context);
        }
        pending[ring] += completions;
        if (pending[ring] >= frames) {
            decide(context, ring, queue); // COAL-4
        }
    }

    /**
     * COAL-6 (RING-8 when immediate): reads rsp_event once and notifies iff it lies in (D, P]
     * modulo 2^32, P the rsp_prod last published; then D := P and nothing is pending.
     */
    private void decide(int context, int ring, Queue queue) {
        int published = ringPublished[ring];
        int decided = ringDecided[ring];
        long event = memory.readU32(context, ringGref[ring], SharedRingLayout.RSP_EVENT);
        if (event >= 0 && Integer.compareUnsigned(published - (int) event, published - decided) < 0) {
            sink.notify(context, queue);
        }
        ringDecided[ring] = published;
        pending[ring] = 0;
        if (coalDue[ring] != NEVER) {
            coalDue[ring] = NEVER;
            updateTimed(context);
        }
    }

    /**
     * A decision outside a publish: at its deadline (COAL-5) or after a change (COAL-7). It reads
     * rsp_event from the ring page outside a kick or a delivery, so the ring grant is checked first,
     * as a kick checks it: a page taken back is fatal and is not touched (MEM-10).
     */
    private void decideApart(int context, int ring, Queue queue) {
        if (!ringUsable(context, ring)) {
            fail(context); // MEM-10; COAL-9: what was pending is discarded
            return;
        }
        decide(context, ring, queue);
    }

    /** COAL-9: the queue's pending completions go without a decision. */
    private void discardPending(int ring) {
        pending[ring] = 0;
        coalDue[ring] = NEVER;
    }

    /** Keeps {@link #timed} holding exactly the contexts with an armed timer. Allocates nothing. */
    private void updateTimed(int context) {
        boolean armed = txDue[context] != NEVER || lro.due(context) != NEVER || coalDue[ring(context, TX)] != NEVER
                || coalDue[ring(context, RX)] != NEVER;
        int slot = timedSlot[context];
        if (armed && slot < 0) {
            timed[timedCount] = context;
            timedSlot[context] = timedCount++;
        } else if (!armed && slot >= 0) {
            int last = timed[--timedCount];
            timed[slot] = last;
            timedSlot[last] = slot;
            timedSlot[context] = -1;
        }
    }

    /**
     * MEM-10 with MEM-4: the ring grant is read-write for the context. The answer is cached until
     * the next revocation anywhere, which is the only way a grant stops being usable.
     */
    private boolean ringUsable(int context, int ring) {
        long epoch = memory.revocationEpoch();
        if (ringChecked[ring] && ringCheckedEpoch[ring] == epoch) {
            return true;
        }
        if (memory.access(context, ringGref[ring]) != Access.READ_WRITE) {
            ringChecked[ring] = false;
            return false;
        }
        ringChecked[ring] = true;
        ringCheckedEpoch[ring] = epoch;
        return true;
    }

    /**
     * RING-13: the context stops; its pages are not touched again until a reset. COAL-9: pending
     * completions are discarded without a decision; a wait has nothing left to resume (a failed
     * context ignores kicks, and the reset that revives it ends the wait). LRO-6: a held aggregate
     * is dropped, its n segments counted RX_DROP_FAILED, whatever made the context fail.
     */
    private void fail(int context) {
        state[context] = FAILED;
        counters[context * COUNTERS + FATAL_ERRORS]++;
        int held = lro.segments(context);
        if (held != 0) {
            counters[context * COUNTERS + RX_DROP_FAILED] += held; // LRO-6: the held aggregate is dropped
            lro.release(context);
        }
        discardPending(ring(context, TX));
        discardPending(ring(context, RX));
        endWait(context);
    }

    /** {@code time + delay} for a delay of at least 1, or {@link #NEVER} beyond the clock's range. */
    private static long later(long time, long delay) {
        long sum = time + delay;
        return sum < time ? NEVER : sum;
    }

    /** RING-4, RING-11, RING-12: {@code prod - base > RING_SIZE} modulo 2^32 (a full ring is fine). */
    private static boolean aheadMoreThanRing(int prod, int base) {
        return Integer.compareUnsigned(prod - base, RING_SIZE) > 0;
    }

    private static int txEntryOffset(int index) {
        return ENTRIES + (index & SLOT_MASK) * TX_ENTRY;
    }

    private static int rxEntryOffset(int index) {
        return ENTRIES + (index & SLOT_MASK) * RX_ENTRY;
    }

    private static int ring(int context, int queue) {
        return context << 1 | queue;
    }

    // ================================================================ time and observation

    /**
     * QOS-6, LRO-7, COAL-5: every timed event due in (now, nanos] runs in order of due time, then
     * context id, then kind (TX resumption, LRO flush, TX decision, RX decision), with the clock at
     * its due time; an
     * event one of them creates takes part if it is due by {@code nanos}. Every new due time lies
     * strictly after the instant that creates it, so the loop ends.
     */
    @Override
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time never goes backwards: nanos=" + nanos + " now=" + now);
        }
        while (timedCount != 0) {
            long at = NEVER;
            int context = -1;
            int kind = 0;
            for (int i = 0; i < timedCount; i++) {
                int c = timed[i];
                for (int k = EVENT_TX_RESUME; k <= EVENT_RX_DECIDE; k++) {
                    long due = k == EVENT_TX_RESUME ? txDue[c]
                            : k == EVENT_LRO_FLUSH ? lro.due(c) : coalDue[ring(c, k == EVENT_TX_DECIDE ? TX : RX)];
                    if (due < at || (due == at && due != NEVER && (c < context || (c == context && k < kind)))) {
                        at = due;
                        context = c;
                        kind = k;
                    }
                }
            }
            if (context < 0 || at > nanos) {
                break;
            }
            now = at;
            if (kind == EVENT_TX_RESUME) {
                txDue[context] = NEVER;
                updateTimed(context);
                walkTx(context); // QOS-6: as a kick at the due time would
            } else if (kind == EVENT_LRO_FLUSH) {
                flushHeld(context); // LRO-7: its publish starts RX coalescing at the due time
            } else {
                int ring = ring(context, kind == EVENT_TX_DECIDE ? TX : RX);
                decideApart(context, ring, kind == EVENT_TX_DECIDE ? Queue.TX : Queue.RX); // COAL-5
            }
        }
        now = nanos;
    }

    /** The device's clock: during a timed event its due time (QOS-6), else the last advanceTo. For tests. */
    long clock() {
        return now;
    }

    @Override
    public ContextState state(int context) {
        if (!inRange(context)) {
            return ContextState.ABSENT;
        }
        switch (state[context]) {
            case ACTIVE:
                return ContextState.ACTIVE;
            case FAILED:
                return ContextState.FAILED;
            default:
                return ContextState.ABSENT;
        }
    }

    @Override
    public long counter(int context, Counter counter) {
        Objects.requireNonNull(counter, "counter");
        if (counter == Counter.WIRE_RX_FRAMES) {
            return context == Counter.DEVICE ? wireRxFrames : 0;
        }
        if (counter == Counter.WIRE_DROP_NO_CONTEXT) {
            return context == Counter.DEVICE ? wireDropNoContext : 0;
        }
        if (!inRange(context) || state[context] == ABSENT) {
            return 0;
        }
        return counters[context * COUNTERS + counter.ordinal()];
    }

    @Override
    public long filterHits(int context, int rule) {
        if (!inRange(context) || state[context] == ABSENT) {
            return 0;
        }
        RuleSet set = txRules[context];
        return rule < 0 || rule > set.count ? 0 : set.hits[rule];
    }

    // ================================================================ helpers

    private static boolean testBit(long[] bits, int index) {
        return (bits[index >>> 6] & 1L << index) != 0;
    }

    /** A big-endian (network order) u16. */
    private static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private boolean inRange(int context) {
        return context >= 0 && context < state.length;
    }

    private static int indexOf(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Six octets in wire order, first octet most significant (as {@link MacAddress#bits()}). */
    private static long mac48(byte[] b, int at) {
        return (b[at] & 0xFFL) << 40 | (b[at + 1] & 0xFFL) << 32 | (b[at + 2] & 0xFFL) << 24
                | (b[at + 3] & 0xFFL) << 16 | (b[at + 4] & 0xFFL) << 8 | (b[at + 5] & 0xFFL);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int s32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
    }

    private static void putU16(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    /**
     * One context's TX or RX filter rules compiled into primitive arrays, indexed by rule (TXF-6,
     * TXF-7, DEMUX-14), with the default as index {@code count}, and the hit counter of each (TXF-8;
     * the TX path counts hits, the demux does not: the api exposes TX hits only). Built by the
     * control plane; {@link #firstMatch} reads only arrays.
     */
    private static final class RuleSet {
        static final int ETHER_TYPE = 1;
        static final int SOURCE = 1 << 1;
        static final int DESTINATION = 1 << 2;
        static final int PROTOCOL = 1 << 3;
        static final int SOURCE_PORT = 1 << 4;
        static final int DESTINATION_PORT = 1 << 5;

        /** The rules and default as configured, to tell whether an update changes them (TXF-8). */
        final List<FilterRule> configured;
        final FilterAction configuredDefault;
        final int count;
        /** Which fields rule r has, as the bits above. */
        final int[] fields;
        final int[] etherType;
        final int[] protocol;
        final byte[] sourceFamily;
        final int[] sourceLength;
        /** Rule r's source prefix octets at {@code r * 16}. */
        final byte[] sourcePrefix;
        final byte[] destinationFamily;
        final int[] destinationLength;
        final byte[] destinationPrefix;
        final int[] sourcePortLow;
        final int[] sourcePortHigh;
        final int[] destinationPortLow;
        final int[] destinationPortHigh;
        /** Whether rule r (or the default, at {@code count}) drops. */
        final boolean[] drop;
        /** Frames rule r (or the default) decided. */
        final long[] hits;

        RuleSet(List<FilterRule> list, FilterAction defaultAction) {
            configured = List.copyOf(list);
            configuredDefault = defaultAction;
            count = configured.size();
            fields = new int[count];
            etherType = new int[count];
            protocol = new int[count];
            sourceFamily = new byte[count];
            sourceLength = new int[count];
            sourcePrefix = new byte[count * PREFIX_BYTES];
            destinationFamily = new byte[count];
            destinationLength = new int[count];
            destinationPrefix = new byte[count * PREFIX_BYTES];
            sourcePortLow = new int[count];
            sourcePortHigh = new int[count];
            destinationPortLow = new int[count];
            destinationPortHigh = new int[count];
            drop = new boolean[count + 1];
            hits = new long[count + 1];
            for (int r = 0; r < count; r++) {
                FilterRule rule = configured.get(r);
                FilterMatch match = rule.match();
                int has = 0;
                if (match.etherType().isPresent()) {
                    has |= ETHER_TYPE;
                    etherType[r] = match.etherType().getAsInt();
                }
                if (match.source().isPresent()) {
                    has |= SOURCE;
                    IpPrefix prefix = match.source().get();
                    sourceFamily[r] = prefix.isIpv6() ? FAMILY_IPV6 : FAMILY_IPV4;
                    sourceLength[r] = prefix.length();
                    byte[] address = prefix.address();
                    System.arraycopy(address, 0, sourcePrefix, r * PREFIX_BYTES, address.length);
                }
                if (match.destination().isPresent()) {
                    has |= DESTINATION;
                    IpPrefix prefix = match.destination().get();
                    destinationFamily[r] = prefix.isIpv6() ? FAMILY_IPV6 : FAMILY_IPV4;
                    destinationLength[r] = prefix.length();
                    byte[] address = prefix.address();
                    System.arraycopy(address, 0, destinationPrefix, r * PREFIX_BYTES, address.length);
                }
                if (match.protocol().isPresent()) {
                    has |= PROTOCOL;
                    protocol[r] = match.protocol().getAsInt();
                }
                if (match.sourcePort().isPresent()) {
                    has |= SOURCE_PORT;
                    sourcePortLow[r] = match.sourcePort().get().low();
                    sourcePortHigh[r] = match.sourcePort().get().high();
                }
                if (match.destinationPort().isPresent()) {
                    has |= DESTINATION_PORT;
                    destinationPortLow[r] = match.destinationPort().get().low();
                    destinationPortHigh[r] = match.destinationPort().get().high();
                }
                fields[r] = has;
                drop[r] = rule.action() == FilterAction.DROP;
            }
            drop[count] = defaultAction == FilterAction.DROP;
        }

        /** True when {@code list} and {@code defaultAction} equal what this set was built from. */
        boolean sameAs(List<FilterRule> list, FilterAction defaultAction) {
            return configuredDefault == defaultAction && configured.equals(list);
        }
    }
}
