package io.netchannel.fastnic;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.List;
import java.util.Objects;

/**
 * The bundled fast software NIC: the core profile (chapters PRIV, MEM, RING, DESC) with
 * allocation-free data paths.
 *
 * <p>State lives in flat arrays indexed by context id, or by ring id {@code 2 * context + queue}
 * where TX and RX share a rule. A TX kick decodes each 12-byte ring entry from one reusable scratch
 * array, keeps the slot fields of the packet being decided in preallocated int arrays, assembles
 * the frame in one preallocated 64 KiB buffer and publishes responses once per batch. A received
 * frame is demultiplexed through an open-addressing {@link MacTable} and copied straight from the
 * caller's array into the guest's buffers. Only control-plane calls allocate.
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
    /** Slots one received frame can take: ceil(65535 / 4096). */
    private static final int MAX_RX_SLOTS = (MAX_FRAME + PAGE - 1) / PAGE;

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

    private static final ControlResult NO_CONTEXT_AVAILABLE = new ControlResult.NoContextAvailable();

    // ---------------------------------------------------------------- environment

    private final GuestMemory memory;
    private final DeviceSink sink;
    private final DeviceLimits limits;

    // ---------------------------------------------------------------- per context, index = context id

    private final byte[] state;
    private final long[] counters;
    /** Owned unicast MACs, replaced whole by create and update (control plane). */
    private final long[][] macs;
    private final boolean[] promiscuousAllowed;
    /** Guest promiscuous mode: stored for the demux chapter and switched off by PRIV-10. */
    private final boolean[] promiscuous;
    /** Joined multicast groups in {@code [0, groupCount)}; the array is sized at create, so DESC-15 never allocates. */
    private final long[][] groups;
    private final int[] groupCount;

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

    // ---------------------------------------------------------------- device-wide

    private final MacTable macTable;
    private int liveContexts;
    private long wireRxFrames;
    private long wireDropNoContext;
    private long now;

    // ---------------------------------------------------------------- scratch for the data paths

    /** One ring entry as read (DESC-1: the private copy every decision is made on). */
    private final byte[] entry = new byte[TX_ENTRY];
    /** One RX response, written as the whole 8-byte entry. */
    private final byte[] rxResponse = new byte[RX_ENTRY];
    /** The frame being assembled from a TX chain. */
    private final byte[] frame = new byte[MAX_FRAME];
    /** Response id per slot of the TX chain being decided; a chain is at most a whole ring. */
    private final int[] chainId = new int[RING_SIZE];
    /** Data slots after the first of the TX chain being decided (at most 20 survive DESC-6). */
    private final int[] dataGref = new int[SLOTS_FATAL_ABOVE];
    private final int[] dataOffset = new int[SLOTS_FATAL_ABOVE];
    private final int[] dataSize = new int[SLOTS_FATAL_ABOVE];
    /** RX requests the frame being delivered consumes. */
    private final int[] rxId = new int[MAX_RX_SLOTS];
    private final int[] rxGref = new int[MAX_RX_SLOTS];

    /** A device with no contexts and its clock at 0, serving within {@code limits}. */
    public FastNic(DeviceEnvironment environment, DeviceLimits limits) {
        Objects.requireNonNull(environment, "environment");
        this.memory = environment.memory();
        this.sink = environment.sink();
        this.limits = Objects.requireNonNull(limits, "limits");
        int ids = limits.maxContextId() + 1;
        state = new byte[ids];
        counters = new long[ids * COUNTERS];
        macs = new long[ids][];
        promiscuousAllowed = new boolean[ids];
        promiscuous = new boolean[ids];
        groups = new long[ids][];
        groupCount = new int[ids];
        ringGref = new int[ids * 2];
        ringCons = new int[ids * 2];
        ringPublished = new int[ids * 2];
        ringCheckedEpoch = new long[ids * 2];
        ringChecked = new boolean[ids * 2];
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
                    "only the host may " + verb(request) + " a context: caller=" + caller);
        }
        int context = request.context();
        if (!inRange(context)) {
            return reject("PRIV-5", RejectCategory.INVALID_CONFIG, "context id out of range 0.."
                    + limits.maxContextId() + ": context=" + context);
        }
        if (request instanceof ControlRequest.CreateContext create) {
            return create(context, create.config());
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
        throw new IllegalArgumentException("unknown control request: request=" + request);
    }

    private ControlResult create(int context, ContextConfig config) {
        if (state[context] != ABSENT) {
            return reject("PRIV-5", RejectCategory.CONTEXT_EXISTS, "context id in use: context=" + context);
        }
        ControlResult macsRejected = checkMacs(context, config.macs());
        if (macsRejected != null) {
            return macsRejected;
        }
        int tx = config.txRingGref();
        int rx = config.rxRingGref();
        RingAttach rings = ringAttach(context, tx, rx);
        if (rings.refused() != null) {
            return rings.refused();
        }
        // PRIV-7: checked last, after every refusal; FAILED contexts count as live.
        if (liveContexts >= limits.maxContexts()) {
            return NO_CONTEXT_AVAILABLE;
        }
        state[context] = ACTIVE;
        liveContexts++;
        clearCounters(context);
        macs[context] = macBits(config.macs());
        promiscuousAllowed[context] = config.promiscuousAllowed();
        promiscuous[context] = false;
        groups[context] = new long[limits.maxMulticastGroups()];
        groupCount[context] = 0;
        attach(context, ring(context, TX), tx, rings.txRspProd());
        attach(context, ring(context, RX), rx, rings.rxRspProd());
        rebuildMacTable();
        return ControlResult.OK;
    }

    private ControlResult update(int context, ContextConfig config) {
        ControlResult macsRejected = checkMacs(context, config.macs());
        if (macsRejected != null) {
            return macsRejected;
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
        macs[context] = macBits(config.macs());
        promiscuousAllowed[context] = config.promiscuousAllowed();
        if (!config.promiscuousAllowed()) {
            promiscuous[context] = false; // PRIV-10: never leave a guest above its rights
        }
        rebuildMacTable();
        return ControlResult.OK;
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
        attach(context, txRing, tx, rings.txRspProd());
        attach(context, rxRing, rx, rings.rxRspProd());
        state[context] = ACTIVE; // counters and guest configuration are kept
        return ControlResult.OK;
    }

    private ControlResult destroy(int context) {
        state[context] = ABSENT;
        liveContexts--;
        clearCounters(context);
        macs[context] = null;
        promiscuousAllowed[context] = false;
        promiscuous[context] = false;
        groups[context] = null;
        groupCount[context] = 0;
        for (int queue = TX; queue <= RX; queue++) {
            int ring = ring(context, queue);
            ringGref[ring] = 0;
            ringCons[ring] = 0;
            ringPublished[ring] = 0;
            ringChecked[ring] = false;
        }
        rebuildMacTable(); // PRIV-9: its MACs no longer receive
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
        if (config.promiscuous() && !promiscuousAllowed[context]) {
            return reject("PRIV-4", RejectCategory.PRIVILEGE, "the host does not allow promiscuous mode: context=" + context);
        }
        List<MacAddress> list = config.multicast();
        long[] distinct = new long[list.size()];
        int count = 0;
        for (MacAddress group : list) {
            if (!group.isMulticast()) {
                return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "multicast list holds a non-group address: mac=" + group);
            }
            if (indexOf(distinct, count, group.bits()) < 0) {
                distinct[count++] = group.bits(); // duplicates collapse
            }
        }
        if (count > limits.maxMulticastGroups()) {
            return reject("PRIV-6", RejectCategory.INVALID_CONFIG, "too many multicast groups: groups=" + count
                    + " maxMulticastGroups=" + limits.maxMulticastGroups());
        }
        promiscuous[context] = config.promiscuous();
        System.arraycopy(distinct, 0, groups[context], 0, count);
        groupCount[context] = count;
        return ControlResult.OK;
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

    private static String verb(ControlRequest request) {
        if (request instanceof ControlRequest.CreateContext) {
            return "create";
        }
        if (request instanceof ControlRequest.UpdateContext) {
            return "update";
        }
        if (request instanceof ControlRequest.ResetContext) {
            return "reset";
        }
        return "destroy";
    }

    // ================================================================ TX

    @Override
    public void kick(int context, Queue queue) {
        // RING-15: an RX kick has no pending work in core; absent and failed contexts ignore kicks.
        if (queue != Queue.TX || !inRange(context) || state[context] != ACTIVE) {
            return;
        }
        final int ring = ring(context, TX);
        final int gref = ringGref[ring];
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
            // RING-5: never past the req_prod read; each packet consumes at least one slot and at
            // most prod - cons, which RING-11 bounds by the ring size.
            while (ringCons[ring] != prod) {
                if (!transmitPacket(context, ring, gref, prod)) {
                    publish(context, ring, Queue.TX); // DESC-12: earlier packets still go out
                    fail(context);
                    return;
                }
            }
            publish(context, ring, Queue.TX);
            // RING-9: arm the event, then look again so nothing published meanwhile is lost.
            int cons = ringCons[ring];
            memory.writeU32(context, gref, SharedRingLayout.REQ_EVENT, cons + 1);
            read = memory.readU32(context, gref, SharedRingLayout.REQ_PROD);
            if (read == Integer.toUnsignedLong(cons)) {
                return;
            }
        }
    }

    /**
     * Decides the TX packet at req_cons, writes its responses and sends its frame. Returns false on
     * a fatal error, with nothing of the packet answered, sent or consumed (DESC-12).
     */
    private boolean transmitPacket(int context, int ring, int gref, int prod) {
        final int cons = ringCons[ring];
        int idx = cons;
        if (!readTxEntry(context, gref, idx)) {
            return false;
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
                    return false; // DESC-3: the chain runs past req_prod
                }
                if (!readTxEntry(context, gref, idx)) {
                    return false;
                }
                idx++;
                int type = entry[ExtraInfoLayout.TYPE] & 0xFF;
                extraFlags = entry[ExtraInfoLayout.FLAGS] & 0xFF;
                if (type == ExtraInfoLayout.TYPE_NONE || type >= ExtraInfoLayout.TYPE_MAX) {
                    return false; // DESC-4
                }
                if (type == ExtraInfoLayout.TYPE_GSO) {
                    int gsoType = entry[ExtraInfoLayout.GSO_TYPE] & 0xFF;
                    if (u16(entry, ExtraInfoLayout.GSO_SIZE) == 0
                            || (gsoType != ExtraInfoLayout.GSO_TYPE_TCPV4 && gsoType != ExtraInfoLayout.GSO_TYPE_TCPV6)) {
                        return false; // DESC-4
                    }
                    gso = true;
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
            return true;
        }

        // DESC-2: data slots chained by more_data on the preceding data slot.
        int dataSlots = 0;
        int rest = 0;
        int prevFlags = firstFlags;
        while ((prevFlags & TxRequestLayout.FLAG_MORE_DATA) != 0) {
            if (idx == prod) {
                return false; // DESC-3
            }
            if (dataSlots == SLOTS_FATAL_ABOVE) {
                return false; // DESC-6: more than 20 data slots
            }
            if (!readTxEntry(context, gref, idx)) {
                return false;
            }
            idx++;
            int offset = u16(entry, TxRequestLayout.OFFSET);
            int size = u16(entry, TxRequestLayout.SIZE);
            if (offset + size > PAGE) {
                return false; // DESC-5, zero-size slots included
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
                return false; // DESC-5 on the first slot's own length
            }
            if (ownLength < ETH_HLEN) {
                error = true; // DESC-8
            }
        }
        if (gso) {
            error = true; // DESC-16: this device does not claim tso
        }
        if (!error) {
            error = !assembleFrame(context, firstGref, firstOffset, ownLength, dataSlots);
        }

        short status = error ? NetifStatus.ERROR : NetifStatus.OKAY;
        writeTxResponses(context, gref, cons, slots, extras, status);
        ringCons[ring] = idx;
        int base = context * COUNTERS;
        if (error) {
            counters[base + TX_ERRORS]++; // DESC-11
        } else {
            sink.transmit(PORT, frame, 0, firstSize); // TX-1, TX-3: one frame, in ring order
            counters[base + TX_FRAMES]++;
            counters[base + TX_BYTES] += firstSize;
        }
        return true;
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
            joined[at] = joined[count - 1]; // order of the list is not observable
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
        long destination = mac48(bytes, offset);
        // RX-1: group addresses are owned by nobody until the demux chapter.
        int context = (destination & GROUP_BIT) != 0 ? MacTable.MISSING : macTable.get(MacTable.key(0, destination));
        if (context == MacTable.MISSING) {
            wireDropNoContext++;
            return;
        }
        int base = context * COUNTERS;
        if (state[context] == FAILED) {
            counters[base + RX_DROP_FAILED]++; // RX-5
            return;
        }
        final int ring = ring(context, RX);
        final int gref = ringGref[ring];
        if (!ringUsable(context, ring)) {
            fail(context); // MEM-10
            counters[base + RX_DROP_FAILED]++;
            return;
        }
        long read = memory.readU32(context, gref, SharedRingLayout.REQ_PROD);
        final int cons = ringCons[ring];
        if (read < 0 || aheadMoreThanRing((int) read, cons)) {
            fail(context); // RING-11
            counters[base + RX_DROP_FAILED]++;
            return;
        }
        final int prod = (int) read;
        final int needed = (length + PAGE - 1) / PAGE;
        if (prod - cons < needed) { // both at most RING_SIZE after RING-11, so signed is exact
            counters[base + RX_DROP_NO_BUFFER]++; // RX-3: nothing read or written
            return;
        }
        // DESC-1: each request read once; MEM-2/RX-4: every buffer checked before any is written.
        boolean writable = true;
        for (int i = 0; i < needed; i++) {
            if (memory.read(context, gref, rxEntryOffset(cons + i), entry, 0, RX_ENTRY) != GuestMemory.OK) {
                fail(context);
                counters[base + RX_DROP_FAILED]++;
                return;
            }
            rxId[i] = u16(entry, RxRequestLayout.ID);
            rxGref[i] = s32(entry, RxRequestLayout.GREF);
        }
        final int txRing = ringGref[ring(context, TX)];
        for (int i = 0; i < needed && writable; i++) {
            // RX-7: a ring page is never a buffer
            writable = rxGref[i] != gref && rxGref[i] != txRing && memory.access(context, rxGref[i]).writable();
        }
        if (writable) {
            // RX-2: slot i holds bytes [i*4096, min(len, (i+1)*4096)) at offset 0.
            int remaining = length;
            for (int i = 0; i < needed; i++) {
                int chunk = Math.min(PAGE, remaining);
                // Cannot fail: the grant was just seen writable and the range is inside the page.
                memory.write(context, rxGref[i], 0, bytes, offset + i * PAGE, chunk);
                remaining -= chunk;
                int flags = remaining > 0 ? RxResponseLayout.FLAG_MORE_DATA : 0;
                writeRxResponse(context, gref, cons + i, rxId[i], flags, chunk);
            }
            counters[base + RX_FRAMES]++;
            counters[base + RX_BYTES] += length;
        } else {
            for (int i = 0; i < needed; i++) {
                writeRxResponse(context, gref, cons + i, rxId[i], 0, NetifStatus.ERROR); // RX-4, RX-7
            }
            counters[base + RX_DROP_BAD_BUFFER]++;
        }
        ringCons[ring] = cons + needed;
        publish(context, ring, Queue.RX);
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
     * RING-6, RING-7, RING-8: after the responses are written, moves the shared rsp_prod to the
     * device's rsp_prod_pvt and notifies iff the guest's rsp_event lies in (old, new]. Never reads
     * the shared rsp_prod back.
     */
    private void publish(int context, int ring, Queue queue) {
        int next = ringCons[ring];
        int old = ringPublished[ring];
        if (next == old) {
            return; // an empty push never notifies
        }
        int gref = ringGref[ring];
        memory.writeU32(context, gref, SharedRingLayout.RSP_PROD, next);
        ringPublished[ring] = next;
        long event = memory.readU32(context, gref, SharedRingLayout.RSP_EVENT);
        if (event >= 0 && Integer.compareUnsigned(next - (int) event, next - old) < 0) {
            sink.notify(context, queue);
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

    /** RING-13: the context stops; its pages are not touched again until a reset. */
    private void fail(int context) {
        state[context] = FAILED;
        counters[context * COUNTERS + FATAL_ERRORS]++;
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

    @Override
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time never goes backwards: nanos=" + nanos + " now=" + now);
        }
        now = nanos; // core has no timers
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

    // ================================================================ helpers

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
}
