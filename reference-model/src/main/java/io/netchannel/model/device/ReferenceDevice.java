package io.netchannel.model.device;

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
import io.netchannel.api.GuestConfig;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.contexts.Switching;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.descriptor.RxRequest;
import io.netchannel.model.descriptor.RxResponse;
import io.netchannel.model.descriptor.TxChain;
import io.netchannel.model.descriptor.TxChainValidator;
import io.netchannel.model.descriptor.TxRequest;
import io.netchannel.model.descriptor.TxResponse;
import io.netchannel.model.descriptor.TxVerdict;
import io.netchannel.model.memory.GrantRules;
import io.netchannel.model.offload.Aggregate;
import io.netchannel.model.offload.GsoExtra;
import io.netchannel.model.offload.Lro;
import io.netchannel.model.offload.Offloader;
import io.netchannel.model.offload.RxLayout;
import io.netchannel.model.offload.TxJob;
import io.netchannel.model.privilege.ConfigRules;
import io.netchannel.model.privilege.ControlDecision;
import io.netchannel.model.privilege.ControlPlane;
import io.netchannel.model.privilege.ControlView;
import io.netchannel.model.privilege.MulticastGroups;
import io.netchannel.model.qos.Admission;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.relocation.ContextImage;
import io.netchannel.model.relocation.RelocationChecks;
import io.netchannel.model.ring.BackRing;
import io.netchannel.model.ring.EventIndex;
import io.netchannel.model.ring.ProducerCheck;
import io.netchannel.model.ring.RingHeader;
import io.netchannel.model.ring.RingIndex;
import io.netchannel.model.txfilter.Enforcement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The reference model of a Netchannel device, profiles core, qos, checksum, tso, lro, coalescing,
 * relocation and l3l4-demux (spec chapters 01–04, 06 to 12 and the behaviour notes). Each step defers to the
 * chapter package that decides it — the data-path decisions of chapters 06 to 11 through
 * {@link Decisions} — and this class only reads and writes guest memory in the order the notes fix
 * and keeps the state. A frame a context sends reaches the other contexts through the same demux as
 * a frame from the wire (CTX-6), at its place in the sender's TX ring walk; a TSO packet's segments
 * each do, in order (TSO-5).
 *
 * <p>Time is an input: a context waiting for TX credit resumes, a held LRO aggregate is flushed,
 * and a coalesced queue's decision falls due, only inside {@link #advanceTo}, in the order of
 * chapter 09, section 6.
 *
 * <p>Every loop is bounded: a TX packet walk by the requests published (at most a ring), an RX
 * delivery by its 17 slots (16 data slots and a GSO extra), a packet's segments by its payload, a
 * walk's re-check loop ends as soon as a re-read of req_prod finds
 * nothing new — each further round consumes requests the guest published meanwhile — and
 * advanceTo's timers each either end or move strictly later.
 */
public final class ReferenceDevice implements NetchannelDevice {

    /** The profiles the reference model implements, and claims unless a test tells it otherwise. */
    public static final Set<Profile> PROFILES = Set.of(Profile.CORE, Profile.QOS, Profile.CHECKSUM, Profile.TSO, Profile.LRO,
            Profile.COALESCING, Profile.RELOCATION, Profile.L3L4_DEMUX);
    /** The only wire port of a core device. */
    private static final int PORT = 0;
    /** Shortest frame from the wire: an Ethernet header (RX-6). */
    private static final int MIN_FRAME = 14;
    /** Longest frame from the wire (RX-6, {@code XEN_NETIF_MAX_TX_SIZE}). */
    private static final int MAX_FRAME = 0xFFFF;

    private final GuestMemory memory;
    private final DeviceSink sink;
    private final DeviceLimits limits;
    private final SortedMap<Integer, DeviceContext> contexts = new TreeMap<>();
    private final CounterTable counters = new CounterTable();
    private final FilterHitTable filterHits = new FilterHitTable();
    private final Decisions decisions;
    private final Set<Profile> claimed;
    /** How frames the TX path lets through reach the other contexts; a device starts in VEPA (CTX-4). */
    private SwitchMode mode = SwitchMode.VEPA;
    private long now;

    /**
     * A device with no contexts, its clock at 0, deciding as the spec says.
     *
     * @param environment guest memory and the output sink
     * @param limits what the device declares it can hold
     */
    public ReferenceDevice(DeviceEnvironment environment, DeviceLimits limits) {
        this(environment, limits, Decisions.SPEC);
    }

    /**
     * A device with no contexts, its clock at 0, whose demux, TX checks, switching, rate limiter and
     * coalescer are {@code decisions}: {@link Decisions#SPEC} for the reference model, another for a
     * deliberately broken device.
     *
     * @param environment guest memory and the output sink
     * @param limits what the device declares it can hold
     * @param decisions the decisions of chapters 06 to 10
     */
    public ReferenceDevice(DeviceEnvironment environment, DeviceLimits limits, Decisions decisions) {
        this(environment, limits, decisions, PROFILES);
    }

    /**
     * As {@link #ReferenceDevice(DeviceEnvironment, DeviceLimits, Decisions)}, claiming only
     * {@code claimed}, and behaving as a device without the others must: without
     * {@link Profile#L3L4_DEMUX} the control plane refuses RX rules (DEMUX-17), without
     * {@link Profile#QOS} a TX rate (QOS-1), without {@link Profile#COALESCING} coalescing (COAL-1);
     * without {@link Profile#CHECKSUM} it ignores {@code NETTXF_csum_blank} and refuses rxChecksum
     * (OFF-1), without {@link Profile#TSO} a GSO extra is DESC-16's per-packet error, without
     * {@link Profile#LRO} it refuses an LRO flush delay (OFF-1), without {@link Profile#RELOCATION}
     * it answers export and import NOT_SUPPORTED (RELOC-1).
     *
     * @param claimed core and any of the other {@link #PROFILES}; tso and lro only with checksum (OFF-1)
     * @throws IllegalArgumentException when {@code claimed} lacks core, names a profile the model
     *     does not implement, or names tso or lro without checksum
     */
    public ReferenceDevice(DeviceEnvironment environment, DeviceLimits limits, Decisions decisions, Set<Profile> claimed) {
        this.memory = environment.memory();
        this.sink = environment.sink();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.claimed = Set.copyOf(claimed);
        if (!this.claimed.contains(Profile.CORE) || !PROFILES.containsAll(this.claimed)) {
            throw new IllegalArgumentException("the model claims core and only what it implements: claimed=" + claimed
                    + " implemented=" + PROFILES);
        }
        if ((this.claimed.contains(Profile.TSO) || this.claimed.contains(Profile.LRO)) && !this.claimed.contains(Profile.CHECKSUM)) {
            throw new IllegalArgumentException("OFF-1: a device that claims tso or lro also claims checksum: claimed=" + claimed);
        }
    }

    // ------------------------------------------------------------------ control plane (PRIV)

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        if (request instanceof ControlRequest.ExportContext export) {
            return export(caller, export);
        }
        if (request instanceof ControlRequest.ImportContext imported) {
            return importContext(caller, imported);
        }
        ControlDecision decision = ControlPlane.decide(caller, request, new View());
        if (decision instanceof ControlDecision.Refuse refuse) {
            return refuse.result(); // PRIV-8: nothing changed
        }
        if (decision instanceof ControlDecision.Create create) {
            counters.clear(create.context());
            filterHits.reset(create.context(), create.config().txRules().size()); // TXF-8
            // QOS-3: a limited context starts with a full bucket
            Optional<TokenBucket> bucket = decisions.rateLimiter().configure(Optional.empty(), create.config().txRate(), now);
            DeviceContext fresh = DeviceContext.attached(create.config(), GuestConfig.DEFAULT, create.tx(), create.rx(), bucket);
            contexts.put(create.context(), attached(create.context(), fresh, create.tx(), create.rx()));
        } else if (decision instanceof ControlDecision.Update update) {
            flushHeld(update.context()); // LRO-4: under the configuration it was built with, before anything changes
            update(update.context(), update.config());
        } else if (decision instanceof ControlDecision.Reset reset) {
            int published = contexts.get(reset.context()).rx().published();
            flushHeld(reset.context()); // LRO-4: into the ring as it is, before the re-attach
            DeviceContext current = contexts.get(reset.context());
            RingHeader rx = current.rx().published() == published ? reset.rx()
                    : new RingHeader(reset.rx().reqProd(), current.rx().published()); // RING-14: the shared rsp_prod the flush wrote
            // QOS-8: the bucket is kept and a wait ends (the next kick walks); COAL-9: nothing pending,
            // D at the re-attached rsp_prod
            DeviceContext reattached = DeviceContext.attached(current.host(), current.guest(), reset.tx(), rx, current.bucket());
            contexts.put(reset.context(), attached(reset.context(), reattached, reset.tx(), rx));
        } else if (decision instanceof ControlDecision.Destroy destroy) {
            // PRIV-9: no further access, id and MACs free; QOS-8, COAL-9: bucket, wait and pending go with
            // it; LRO-4: a held aggregate is discarded
            contexts.remove(destroy.context());
            counters.clear(destroy.context());
            filterHits.clear(destroy.context());
        } else if (decision instanceof ControlDecision.SetGuest set) {
            flushHeld(set.context()); // LRO-4: under the offloads it was built with
            DeviceContext current = contexts.get(set.context());
            contexts.put(set.context(), current.withGuest(set.config()));
            for (Queue queue : Queue.values()) { // TX, then RX
                if (!set.config().coalescing(queue).equals(current.guest().coalescing(queue))) {
                    reconsider(set.context(), queue); // COAL-7
                }
            }
        } else if (decision instanceof ControlDecision.SetMode set) {
            mode = set.mode(); // CTX-4: from the next frame the TX path decides
        }
        return ControlResult.OK;
    }

    /**
     * Spec 12, section 4.1: after the checks, the held LRO aggregate is flushed as at the start of
     * an update, with its notification decisions (RELOC-3), then the context is read as it stands
     * (RELOC-2). Nothing else changes: state, rings, timers and counters are kept.
     */
    private ControlResult export(Caller caller, ControlRequest.ExportContext request) {
        Optional<ControlResult.Rejected> refused = RelocationChecks.exportProblem(caller, request, new View());
        if (refused.isPresent()) {
            return refused.get(); // PRIV-8: nothing changed
        }
        int id = request.context();
        flushHeld(id); // RELOC-3, LRO-4
        DeviceContext context = contexts.get(id);
        return new ControlResult.Exported(decisions.relocator().exported(context.image(counters.all(id), filterHits.all(id)), now));
    }

    /**
     * Spec 12, section 4.2: after every check, the context exists in the document's state
     * (RELOC-7). The import writes nothing to guest memory, takes no notification decision and
     * walks no ring: its next event is a kick, a frame or a timer.
     */
    private ControlResult importContext(Caller caller, ControlRequest.ImportContext request) {
        Optional<ControlResult> refused = RelocationChecks.importProblem(caller, request, new View());
        if (refused.isPresent()) {
            return refused.get(); // RELOC-5, PRIV-8: nothing changed
        }
        int id = request.context();
        ContextImage image = decisions.relocator().imported(request.state(), now);
        contexts.put(id, DeviceContext.imported(image)); // RELOC-7: no LRO aggregate
        counters.set(id, image.counters());
        filterHits.set(id, image.filterHits());
        return ControlResult.OK;
    }

    /**
     * PRIV-10 and QOS-8: the new host configuration, the bucket retuned to the new limit, and a
     * context waiting for credit re-evaluated at once when the limit changed: what the walk sends,
     * answers and notifies belongs to this call. The same limit leaves the bucket and the wait alone.
     */
    private void update(int id, ContextConfig config) {
        DeviceContext current = contexts.get(id);
        GuestConfig kept = ConfigRules.keptUnder(config, current.guest()); // PRIV-10
        if (!config.txRules().equals(current.host().txRules()) || config.txDefault() != current.host().txDefault()) {
            filterHits.reset(id, config.txRules().size()); // TXF-8: new rules count from 0
        }
        Optional<TokenBucket> bucket = decisions.rateLimiter().configure(current.bucket(), config.txRate(), now); // QOS-8
        contexts.put(id, current.withHost(config).withGuest(kept).withBucket(bucket));
        boolean retuned = !config.txRate().equals(current.host().txRate());
        if (retuned && current.waiting() && current.state() == ContextState.ACTIVE) {
            walkTx(id); // QOS-8: as a resumption now
        }
    }

    /**
     * RING-14: after both headers were checked, the device writes req_event = rsp_prod + 1 on each
     * ring (TX then RX) and nothing else. A refused write (the grant changed under the device) is
     * a fatal error of the new context.
     */
    private DeviceContext attached(int id, DeviceContext context, RingHeader tx, RingHeader rx) {
        boolean written = new RingPage(memory, id, context.host().txRingGref())
                .writeIndex(SharedRingLayout.REQ_EVENT, EventIndex.nextItem(tx.rspProd()));
        written = written && new RingPage(memory, id, context.host().rxRingGref())
                .writeIndex(SharedRingLayout.REQ_EVENT, EventIndex.nextItem(rx.rspProd()));
        if (!written) {
            counters.increment(id, Counter.FATAL_ERRORS);
            return context.withState(ContextState.FAILED);
        }
        return context;
    }

    /** What the control plane may see of this device. */
    private final class View implements ControlView {
        @Override
        public DeviceLimits limits() {
            return limits;
        }

        @Override
        public SortedMap<Integer, ContextConfig> contexts() {
            SortedMap<Integer, ContextConfig> hosts = new TreeMap<>();
            for (var entry : contexts.entrySet()) {
                hosts.put(entry.getKey(), entry.getValue().host());
            }
            return hosts;
        }

        @Override
        public boolean claims(Profile profile) {
            return claimed.contains(profile);
        }

        @Override
        public Access access(int context, int gref) {
            return memory.access(context, gref);
        }

        @Override
        public Optional<RingHeader> readHeader(int context, int gref) {
            RingPage page = new RingPage(memory, context, gref);
            OptionalInt reqProd = page.readIndex(SharedRingLayout.REQ_PROD);
            OptionalInt rspProd = page.readIndex(SharedRingLayout.RSP_PROD);
            if (reqProd.isEmpty() || rspProd.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RingHeader(reqProd.getAsInt(), rspProd.getAsInt()));
        }
    }

    // ------------------------------------------------------------------ transmit (RING, DESC, TX)

    @Override
    public void kick(int context, Queue queue) {
        DeviceContext current = contexts.get(context);
        if (current == null || current.state() != ContextState.ACTIVE || queue != Queue.TX) {
            return; // RING-15: absent, failed or RX: no effect at all
        }
        walkTx(context);
    }

    /** How the TX walk left one packet: answered, held on the ring for credit, or fatal. */
    private sealed interface Step permits Answered, Held, FatalPacket {
    }

    /** The packet was consumed and answered; {@code back} is the ring state after it. */
    private record Answered(BackRing back) implements Step {
    }

    /** The packet waits for credit until {@code due}, unconsumed (QOS-5). */
    private record Held(long due) implements Step {
    }

    /** The packet is fatal for the context (DESC-12), or guest memory refused an access. */
    private record FatalPacket() implements Step {
    }

    private static final Step FATAL = new FatalPacket();

    /**
     * The TX walk of an ACTIVE context at the current time, steps 1–5 of the behaviour notes with
     * the rate limit of chapter 09, shared by a kick, a resumption at the due time (QOS-6) and the
     * re-evaluation after a limit changes (QOS-8). It ends with the ring emptied (RING-9, any wait
     * over), at a packet that waits for credit (QOS-5), or in a fatal error.
     */
    private void walkTx(int id) {
        DeviceContext context = contexts.get(id);
        int gref = context.host().txRingGref();
        if (!GrantRules.mayHoldRing(memory.access(id, gref))) {
            fail(id); // MEM-10: the page is not touched
            return;
        }
        RingPage ring = new RingPage(memory, id, gref);
        BackRing back = context.tx();
        int completions = 0; // packets answered since the last publish (chapter 10)
        OptionalInt read = ring.readIndex(SharedRingLayout.REQ_PROD); // DESC-1: once per batch
        while (true) {
            if (read.isEmpty() || ProducerCheck.overflows(read.getAsInt(), back.rspProdPvt())) {
                stopTx(id, back); // RING-11
                return;
            }
            int reqProd = read.getAsInt();
            while (back.reqCons() != reqProd) { // RING-5: never at or beyond the req_prod read
                Step step = transmitPacket(id, ring, back, reqProd);
                if (step instanceof FatalPacket) {
                    // DESC-12: earlier packets' responses are published before the context stops
                    Optional<BackRing> published = publish(id, Queue.TX, ring, back, completions);
                    stopTx(id, published.orElse(back));
                    return;
                }
                if (step instanceof Held held) {
                    hold(id, ring, back, completions, held.due());
                    return;
                }
                back = ((Answered) step).back();
                completions++;
                if (contexts.get(id).state() != ContextState.ACTIVE) {
                    // only a policy that switches a frame back to its sender gets here: delivering
                    // it stopped the context, whose pages are no longer written (RING-13)
                    contexts.put(id, contexts.get(id).withTx(back));
                    return;
                }
            }
            Optional<BackRing> published = publish(id, Queue.TX, ring, back, completions);
            if (published.isEmpty()) {
                stopTx(id, back);
                return;
            }
            back = published.get();
            completions = 0;
            // RING-9: arm req_event for the very next request, then look again
            if (!ring.writeIndex(SharedRingLayout.REQ_EVENT, EventIndex.nextItem(back.reqCons()))) {
                stopTx(id, back);
                return;
            }
            read = ring.readIndex(SharedRingLayout.REQ_PROD);
            if (read.isPresent() && read.getAsInt() == back.reqCons()) {
                contexts.put(id, contexts.get(id).withTx(back).notWaiting()); // QOS-6: every packet left, no wait
                return;
            }
        }
    }

    /**
     * QOS-5: the packet at {@code back.reqCons()} waits for credit, unconsumed. The responses before
     * it are published now (a decision point of chapter 10), req_event is not written (Xen does not
     * re-arm it while rate limited), and the walk resumes at {@code due}. TX_RATE_LIMITED counts the
     * start of a wait, not each stop while it lasts (QOS-7).
     */
    private void hold(int id, RingPage ring, BackRing back, int completions, long due) {
        if (due <= now) {
            // only a broken limiter: a due time not in the future would never be reached by advanceTo
            throw new IllegalStateException("a held packet's due time must be later than now (QOS-6): due=" + due + " now=" + now);
        }
        Optional<BackRing> published = publish(id, Queue.TX, ring, back, completions);
        if (published.isEmpty()) {
            stopTx(id, back);
            return;
        }
        DeviceContext context = contexts.get(id);
        if (!context.waiting()) {
            counters.increment(id, Counter.TX_RATE_LIMITED); // QOS-7: once per wait
        }
        contexts.put(id, context.withTx(published.get()).waitingUntil(due));
    }

    /**
     * Decides and answers the packet at {@code back.reqCons()}, or leaves it on the ring when its
     * rate limit does not allow it yet.
     */
    private Step transmitPacket(int id, RingPage ring, BackRing back, int reqProd) {
        int start = back.reqCons();
        TxVerdict verdict = TxChainValidator.validate(
                k -> ring.readEntry(start + k, TxRequestLayout.ENTRY_SIZE),
                RingIndex.difference(reqProd, start),
                gref -> memory.access(id, gref),
                gref -> gref == contexts.get(id).host().txRingGref() || gref == contexts.get(id).host().rxRingGref(), // DESC-17
                claimed.contains(Profile.TSO)); // DESC-16
        if (verdict instanceof TxVerdict.Fatal) {
            return FATAL; // DESC-12: none of its slots answered, nothing to the wire
        }
        if (verdict instanceof TxVerdict.PacketError error) {
            if (!respond(ring, start, error.chain().responses(NetifStatus.ERROR))) { // DESC-11
                return FATAL;
            }
            counters.increment(id, Counter.TX_ERRORS); // DESC-11
            return new Answered(back.answered(error.chain().slotCount()));
        }
        if (verdict instanceof TxVerdict.MulticastControl control) {
            short status = multicastControl(id, control);
            if (!respond(ring, start, control.chain().responses(status))) {
                return FATAL;
            }
            if (status == NetifStatus.ERROR) {
                counters.increment(id, Counter.TX_ERRORS); // DESC-15
            }
            return new Answered(back.answered(control.chain().slotCount()));
        }
        TxVerdict.Send send = (TxVerdict.Send) verdict;
        Optional<byte[]> frame = buildFrame(id, send.chain(), send.firstLength());
        if (frame.isEmpty()) {
            return FATAL;
        }
        byte[] guestFrame = frame.get();
        TxJob job = TxJob.of(send.chain(), claimed.contains(Profile.CHECKSUM), claimed.contains(Profile.TSO));
        if (decisions.offloader().refuse(job, guestFrame.clone()).isPresent()) {
            // CSUM-3, TSO-1: on the frame as the guest built it, before chapter 07; a per-packet error as DESC-11
            if (!respond(ring, start, send.chain().responses(NetifStatus.ERROR))) {
                return FATAL;
            }
            counters.increment(id, Counter.TX_ERRORS);
            return new Answered(back.answered(send.chain().slotCount()));
        }
        // TXF-1: source MAC, VLAN and filter rules, after chapter 04 and before the frame leaves
        Enforcement enforcement = decisions.txPolicy().enforce(id, contexts.get(id).host(), guestFrame.clone());
        if (enforcement instanceof Enforcement.Drop drop) {
            if (!respond(ring, start, send.chain().responses(NetifStatus.DROPPED))) { // TXF-9
                return FATAL;
            }
            counters.increment(id, drop.reason()); // TXF-9: one reason; TX_ERRORS does not move
            filterHits.increment(id, drop.rule()); // TXF-8: only when the filter decided
            route(id, guestFrame, enforcement); // CTX-8: the spec routes it nowhere
            return new Answered(back.answered(send.chain().slotCount()));
        }
        Enforcement.Send out = (Enforcement.Send) enforcement;
        Optional<TokenBucket> bucket = contexts.get(id).bucket();
        if (bucket.isPresent()) {
            // CTX-8: after the checks of chapters 04 and 07, before switching and the wire. QOS-3: the
            // charge is the guest's size, without a tag TXF-4 inserts
            Admission admission = decisions.rateLimiter().admit(bucket.get(), send.chain().first().size(), now);
            contexts.put(id, contexts.get(id).withBucket(Optional.of(admission.bucket())));
            if (admission instanceof Admission.Hold hold) {
                return new Held(hold.due()); // QOS-5: none of its slots answered, nothing of it leaves
            }
            if (admission instanceof Admission.Drop) {
                // only a broken limiter: consumed and answered DROPPED, nothing counted
                if (!respond(ring, start, send.chain().responses(NetifStatus.DROPPED))) {
                    return FATAL;
                }
                return new Answered(back.answered(send.chain().slotCount()));
            }
        }
        if (!respond(ring, start, send.chain().responses(NetifStatus.OKAY))) { // TSO-5: answered once
            return FATAL;
        }
        // CSUM-1, CSUM-4, TSO-2..4: the frames the packet becomes, from the frame chapter 07 made
        List<byte[]> frames = decisions.offloader().transmit(job, out.wire());
        // CTX-9: once per frame the TX path lets through, whether it is switched, sent or both; TSO-5: k frames
        for (byte[] each : frames) {
            counters.increment(id, Counter.TX_FRAMES);
            counters.add(id, Counter.TX_BYTES, each.length); // TXF-4: with an inserted tag
        }
        filterHits.increment(id, out.rule()); // TXF-8, ALLOW decisions too; TSO-5: one decision
        for (byte[] each : frames) {
            // TSO-5: in order, consecutively, each routed as a frame of its own
            route(id, guestFrame, new Enforcement.Send(each, out.rule()));
        }
        return new Answered(back.answered(send.chain().slotCount()));
    }

    /**
     * Chapter 08, section 4: the decided frame goes to the other contexts first, here in the TX
     * ring walk before the next packet, then to the wire (CTX-6). VEPA sends it only (CTX-5).
     */
    private void route(int id, byte[] guestFrame, Enforcement enforcement) {
        Switching.Route route = decisions.switching().route(mode, id, guestFrame.clone(), enforcement, live());
        byte[] local = route.local();
        if (local != null && local.length >= MIN_FRAME && local.length <= MAX_FRAME) {
            // CTX-6: demuxed as if from the wire, with the Access tag TXF-4 inserted; not a wire
            // frame, so neither WIRE_RX_FRAMES nor WIRE_DROP_NO_CONTEXT moves
            demux(local, 0, local.length);
        }
        byte[] wire = route.wire();
        if (wire != null) {
            sink.transmit(PORT, wire, 0, wire.length); // TX-1, TX-3
        }
    }

    /**
     * TX-1: the first slot's own bytes, then each data slot's bytes in chain order; zero-length
     * slots are skipped and never accessed (DESC-10). Empty when a read the device checked is
     * refused.
     */
    private Optional<byte[]> buildFrame(int id, TxChain chain, int firstLength) {
        TxRequest first = chain.first();
        byte[] frame = new byte[first.size()];
        if (memory.read(id, first.gref(), first.offset(), frame, 0, firstLength) != GuestMemory.OK) {
            return Optional.empty();
        }
        int position = firstLength;
        for (TxRequest slot : chain.data()) {
            if (slot.size() == 0) {
                continue; // DESC-10
            }
            if (memory.read(id, slot.gref(), slot.offset(), frame, position, slot.size()) != GuestMemory.OK) {
                return Optional.empty();
            }
            position += slot.size();
        }
        return Optional.of(frame);
    }

    /** DESC-15: join or leave a group; the answer for the first slot. */
    private short multicastControl(int id, TxVerdict.MulticastControl control) {
        DeviceContext context = contexts.get(id);
        List<MacAddress> joined = context.guest().multicast();
        List<MacAddress> after;
        if (control.join()) {
            Optional<List<MacAddress>> joinedAfter = MulticastGroups.join(joined, control.group(), limits.maxMulticastGroups());
            if (joinedAfter.isEmpty()) {
                return NetifStatus.ERROR;
            }
            after = joinedAfter.get();
        } else {
            after = MulticastGroups.leave(joined, control.group());
        }
        contexts.put(id, context.withGuest(context.guest().withMulticast(after))); // promiscuous, all-multicast kept
        return NetifStatus.OKAY;
    }

    /** Writes one response per slot into the slot it answers, in request order (TX-2, DESC-14). */
    private static boolean respond(RingPage ring, int start, List<TxResponse> responses) {
        for (int k = 0; k < responses.size(); k++) {
            if (!ring.writeEntry(start + k, TxRequestLayout.ENTRY_SIZE, responses.get(k).encode())) {
                return false;
            }
        }
        return true;
    }

    /** Records the TX ring state and stops the context (RING-13). */
    private void stopTx(int id, BackRing back) {
        contexts.put(id, contexts.get(id).withTx(back));
        fail(id);
    }

    // ------------------------------------------------------------------ publish and notify (RING-7, RING-8)

    /**
     * Publishes the responses filled since the last publish — rsp_prod at once, never delayed
     * (RING-7) — and, as a decision point of chapter 10, counts its completions and decides now when
     * the queue is immediate or enough are pending. With {@link Coalescing#IMMEDIATE} this is
     * RING-8 exactly: one read of rsp_event, a notification if it lies in (old, new]. The device
     * never reads back the shared rsp_prod.
     *
     * @param completions the packets (TX) or frames (RX) whose responses this push publishes
     * @return the ring state after publishing, or empty when guest memory refused an access
     */
    private Optional<BackRing> publish(int id, Queue queue, RingPage ring, BackRing back, int completions) {
        if (!back.hasUnpublished()) {
            return Optional.of(back); // RING-8: an empty push never notifies, and is no decision point
        }
        if (!ring.writeIndex(SharedRingLayout.RSP_PROD, back.rspProdPvt())) { // RING-7: responses before rsp_prod
            return Optional.empty();
        }
        BackRing published = back.publishedAll();
        DeviceContext context = contexts.get(id);
        CoalescingState state = decisions.coalescer().published(context.completions(queue), completions, now);
        contexts.put(id, context.withCompletions(queue, state));
        if (decisions.coalescer().decidesNow(state, context.guest().coalescing(queue))) { // COAL-3, COAL-4
            if (!decide(id, queue, ring, published.published())) {
                return Optional.empty();
            }
        }
        return Optional.of(published);
    }

    /**
     * COAL-6 (RING-8 when immediate): reads rsp_event once and notifies iff it lies in (D, P]
     * modulo 2^32; then D := P and nothing is pending.
     *
     * @param rspProd P, the rsp_prod the device last published on this ring
     * @return false when guest memory refused the read
     */
    private boolean decide(int id, Queue queue, RingPage ring, int rspProd) {
        OptionalInt event = ring.readIndex(SharedRingLayout.RSP_EVENT);
        if (event.isEmpty()) {
            return false;
        }
        DeviceContext context = contexts.get(id);
        CoalescingState state = context.completions(queue);
        contexts.put(id, context.withCompletions(queue, state.decided(rspProd)));
        if (decisions.coalescer().notifies(state, rspProd, event.getAsInt())) {
            sink.notify(id, queue); // RING-7: rsp_prod before the notification
        }
        return true;
    }

    /**
     * A decision outside a publish: at its deadline inside advanceTo (COAL-5), or when the guest
     * changes the parameters (COAL-7). It reads rsp_event from the ring page, so the ring grant is
     * checked first as a kick checks it: a page taken back is fatal and is not touched (MEM-10).
     */
    private void decideApart(int id, Queue queue) {
        DeviceContext context = contexts.get(id);
        int gref = context.ringGref(queue);
        if (!GrantRules.mayHoldRing(memory.access(id, gref))) {
            fail(id); // MEM-10
            return;
        }
        if (!decide(id, queue, new RingPage(memory, id, gref), context.ring(queue).published())) {
            fail(id);
        }
    }

    /**
     * COAL-7: the guest changed {@code queue}'s coalescing. Pending completions are decided at once
     * when the new values say so (immediate, maxFrames reached, or maxDelay already passed since the
     * first); otherwise the deadline is the first plus the new maxDelay, which the timers read from
     * the configuration.
     */
    private void reconsider(int id, Queue queue) {
        DeviceContext context = contexts.get(id);
        CoalescingState state = context.completions(queue);
        if (state.pending() == 0) {
            return; // nothing to decide; a FAILED context never has anything (COAL-9)
        }
        Coalescing coalescing = context.guest().coalescing(queue);
        if (decisions.coalescer().decidesNow(state, coalescing) || now >= decisions.coalescer().deadline(state, coalescing)) {
            decideApart(id, queue); // a notification belongs to this control call
        }
    }

    // ------------------------------------------------------------------ receive (RX)

    @Override
    public void receive(int port, byte[] frame, int offset, int length) {
        Objects.requireNonNull(frame, "frame");
        if (offset < 0 || length < 0 || offset > frame.length - length) {
            throw new IllegalArgumentException("frame slice outside the array: offset=" + offset + " length=" + length
                    + " array=" + frame.length);
        }
        counters.increment(Counter.DEVICE, Counter.WIRE_RX_FRAMES); // RX-5: every frame counted
        if (length < MIN_FRAME || length > MAX_FRAME || port != PORT) {
            counters.increment(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT); // RX-6
            return;
        }
        if (!demux(frame, offset, length)) {
            counters.increment(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT); // DEMUX-1, DEMUX-9: once
        }
    }

    /**
     * Chapter 06 from the choice of recipients on, for a frame from the wire and a switched frame
     * alike (CTX-6): one copy to each recipient, on its own (DEMUX-11), after its RX rules let it
     * take it (DEMUX-14).
     *
     * @param frame holds a frame of 14..65535 bytes
     * @return whether any recipient was chosen
     */
    private boolean demux(byte[] frame, int offset, int length) {
        List<Integer> recipients = decisions.recipients().select(frame, offset, length, live()); // DEMUX-1..9
        for (int id : recipients) { // DEMUX-11: each recipient on its own; DEMUX-12: ascending id here
            DeviceContext context = contexts.get(id);
            if (context == null) {
                continue; // only a broken selector names a context that is not live
            }
            // DEMUX-14, DEMUX-15: on the frame as it came, before the FAILED check and any buffer;
            // without l3l4-demux the control plane let in no rules, so the spec allows every copy
            if (decisions.rxFilter().decide(id, context.host(), frame, offset, length) == FilterAction.DROP) {
                counters.increment(id, Counter.RX_DROP_FILTER); // DEMUX-14, DEMUX-16: this recipient only
                continue;
            }
            if (context.state() == ContextState.FAILED) {
                counters.increment(id, Counter.RX_DROP_FAILED); // RX-5
                continue;
            }
            byte[] copy = decisions.rxCopy().copyFor(context.host().vlan(), frame, offset, length); // DEMUX-10
            receiveCopy(id, copy);
        }
        return !recipients.isEmpty();
    }

    /** Every live context as demux sees it, ascending id. */
    private List<LiveContext> live() {
        List<LiveContext> live = new ArrayList<>(contexts.size());
        for (var entry : contexts.entrySet()) {
            DeviceContext context = entry.getValue();
            live.add(new LiveContext(entry.getKey(), context.state(), context.host(), context.guest()));
        }
        return live;
    }

    /**
     * DEMUX-11: one recipient's copy reaches its ACTIVE context as chapter 04 delivers it, or, for a
     * guest that turned LRO on, through chapter 11's section 7.3 (LRO-1).
     */
    private void receiveCopy(int id, byte[] frame) {
        if (claimed.contains(Profile.LRO) && contexts.get(id).guest().offloads().lro()) {
            lroReceive(id, frame);
        } else {
            deliver(id, frame);
        }
    }

    /** A context's RX ring as one call delivers into it: the page, and req_prod as read once for the call (DESC-1). */
    private record RxRing(RingPage page, int reqProd) {
    }

    /**
     * The two checks that start chapter 04's delivery: the ring grant (MEM-10), then req_prod, read
     * once, against the ring (RING-11). Either failing fails the context; the caller counts its
     * frame RX_DROP_FAILED, and {@link #fail} counted a held aggregate (LRO-6).
     */
    private Optional<RxRing> openRx(int id) {
        DeviceContext context = contexts.get(id);
        int gref = context.host().rxRingGref();
        if (!GrantRules.mayHoldRing(memory.access(id, gref))) {
            fail(id); // MEM-10: the page is not touched
            return Optional.empty();
        }
        RingPage ring = new RingPage(memory, id, gref);
        OptionalInt reqProd = ring.readIndex(SharedRingLayout.REQ_PROD); // DESC-1: once
        if (reqProd.isEmpty() || ProducerCheck.overflows(reqProd.getAsInt(), context.rx().rspProdPvt())) {
            fail(id); // RING-11
            return Optional.empty();
        }
        return Optional.of(new RxRing(ring, reqProd.getAsInt()));
    }

    /** Chapter 04, section 4.2: delivers a frame to an ACTIVE context's RX ring (RX-2, RX-3, RX-4). */
    private void deliver(int id, byte[] frame) {
        Optional<RxRing> ring = openRx(id);
        if (ring.isEmpty()) {
            counters.increment(id, Counter.RX_DROP_FAILED); // RX-5
            return;
        }
        write(id, ring.get(), frame, 1, Optional.empty());
    }

    /**
     * Writes one delivery into the posted requests from req_cons, after the checks of
     * {@link #openRx}: a frame as chapter 04 says, or a merged LRO frame with its GSO extra second
     * (LRO-5). It ends in one counter, grown by {@code segments} (LRO-6), and is one completion of
     * chapter 10 however many segments it carries.
     *
     * @param frame the bytes written into the buffers, 1..65535 of them
     * @param segments the frames it stands for: 1, or the n ≥ 2 segments of a merged frame
     * @param gso the GSO extra of a merged frame, empty otherwise
     */
    private void write(int id, RxRing rxRing, byte[] frame, int segments, Optional<GsoExtra> gso) {
        DeviceContext context = contexts.get(id);
        RingPage ring = rxRing.page();
        BackRing back = context.rx();
        int gref = context.host().rxRingGref();
        // CSUM-5, CSUM-6: only for a guest that asked, and then exactly when the frame as written verifies
        boolean validated = claimed.contains(Profile.CHECKSUM) && context.guest().offloads().rxChecksum()
                && decisions.offloader().validated(frame.clone());
        List<RxLayout.Slot> slots = RxLayout.of(frame.length, validated, gso);
        int needed = slots.size();
        if (ProducerCheck.unconsumed(rxRing.reqProd(), back.reqCons()) < needed) {
            counters.add(id, Counter.RX_DROP_NO_BUFFER, segments); // RX-3, LRO-6: nothing read or written
            return;
        }
        List<RxRequest> requests = new ArrayList<>(needed);
        for (int i = 0; i < needed; i++) {
            Optional<byte[]> entry = ring.readEntry(back.reqCons() + i, RxRequestLayout.ENTRY_SIZE); // DESC-1
            if (entry.isEmpty()) {
                failDelivery(id, segments);
                return;
            }
            requests.add(RxRequest.decode(entry.get()));
        }
        boolean allWritable = true;
        for (int i = 0; i < needed; i++) {
            int buffer = requests.get(i).gref();
            if (slots.get(i) instanceof RxLayout.Data) { // LRO-5: the extra slot's buffer is never written, so not checked
                allWritable = allWritable && GrantRules.mayWrite(memory.access(id, buffer)) // MEM-3
                        && buffer != gref && buffer != context.host().txRingGref(); // RX-7: never a ring page
            }
        }
        if (!allWritable) {
            // RX-4, RX-7: every slot the delivery needed, an extra slot's included, answered ERROR, no buffer written
            for (int i = 0; i < needed; i++) {
                RxResponse response = new RxResponse(requests.get(i).id(), 0, 0, NetifStatus.ERROR);
                if (!ring.writeEntry(back.reqCons() + i, RxRequestLayout.ENTRY_SIZE, response.encode())) {
                    failDelivery(id, segments);
                    return;
                }
            }
            finishDelivery(id, ring, back.answered(needed), Counter.RX_DROP_BAD_BUFFER, segments, 0);
            return;
        }
        for (int i = 0; i < needed; i++) {
            RxRequest request = requests.get(i);
            byte[] entry;
            if (slots.get(i) instanceof RxLayout.Data data) {
                // RX-2, MEM-7: the buffer is written at offset 0 before its response, only the bytes reported
                if (memory.write(id, request.gref(), 0, frame, data.start(), data.bytes()) != GuestMemory.OK) {
                    failDelivery(id, segments);
                    return;
                }
                entry = new RxResponse(request.id(), 0, data.flags(), (short) data.bytes()).encode(); // RX-2, DESC-14
            } else {
                entry = ((RxLayout.Extra) slots.get(i)).gso().encode(); // LRO-5: netif_extra_info in the slot
            }
            if (!ring.writeEntry(back.reqCons() + i, RxRequestLayout.ENTRY_SIZE, entry)) {
                failDelivery(id, segments);
                return;
            }
        }
        finishDelivery(id, ring, back.answered(needed), Counter.RX_FRAMES, segments, frame.length);
    }

    /**
     * Publishes an RX delivery and counts it; the device writes RX req_event only at attach.
     *
     * @param segments what the counter grows by (LRO-6)
     * @param bytes what RX_BYTES grows by when delivered: the bytes written
     */
    private void finishDelivery(int id, RingPage ring, BackRing back, Counter outcome, int segments, int bytes) {
        Optional<BackRing> published = publish(id, Queue.RX, ring, back, 1); // one delivery, one completion (LRO-6)
        if (published.isEmpty()) {
            contexts.put(id, contexts.get(id).withRx(back));
            failDelivery(id, segments);
            return;
        }
        contexts.put(id, contexts.get(id).withRx(published.get()));
        counters.add(id, outcome, segments);
        if (outcome == Counter.RX_FRAMES) {
            counters.add(id, Counter.RX_BYTES, bytes); // RX-5
        }
    }

    /** A fatal error found while delivering: the context stops and the delivery's frames count RX_DROP_FAILED (LRO-6). */
    private void failDelivery(int id, int segments) {
        fail(id);
        counters.add(id, Counter.RX_DROP_FAILED, segments);
    }

    // ------------------------------------------------------------------ large receive offload (LRO)

    /**
     * Chapter 11, section 7.3, {@code lro_receive(c, S)} for a context whose guest turned LRO on, at
     * the current time. The checks that start chapter 04's delivery come first, and req_prod is read
     * once for the whole call; a flush that fails the context leaves S RX_DROP_FAILED (RX-5).
     */
    private void lroReceive(int id, byte[] segment) {
        Optional<RxRing> opened = openRx(id); // MEM-10, RING-11, DESC-1
        if (opened.isEmpty()) {
            counters.increment(id, Counter.RX_DROP_FAILED); // LRO-6: fail() counted the held aggregate
            return;
        }
        RxRing ring = opened.get();
        Optional<Aggregate> held = contexts.get(id).held();
        if (held.isPresent() && held.get().due() <= now && !flushedFor(id, ring)) {
            return; // LRO-4: a due aggregate is never extended
        }
        Offloader offloader = decisions.offloader();
        if (!offloader.candidate(segment.clone())) { // LRO-2
            if (flushedFor(id, ring)) { // LRO-4, LRO-8: arrival order kept
                write(id, ring, segment, 1, Optional.empty());
            }
            return;
        }
        held = contexts.get(id).held();
        if (held.isPresent() && offloader.merges(held.get(), segment.clone(), available(id, ring))) { // LRO-3
            Aggregate grown = held.get().appended(segment); // PSH ORed in
            contexts.put(id, contexts.get(id).withHeld(Optional.of(grown)));
            if (Lro.psh(segment) || Lro.payloadLength(segment) < grown.mss()) {
                flush(id, ring); // LRO-4: a push or a short segment ends the aggregate
            }
            return;
        }
        if (!flushedFor(id, ring)) {
            return; // LRO-4: a candidate that does not merge flushes the aggregate first
        }
        if (Lro.psh(segment) || Lro.slots(segment.length) > available(id, ring)) {
            write(id, ring, segment, 1, Optional.empty()); // LRO-4: never held
            return;
        }
        long due = now + contexts.get(id).guest().offloads().lroFlushNanos();
        contexts.put(id, contexts.get(id).withHeld(Optional.of(Aggregate.of(segment, due)))); // LRO-4
    }

    /** {@code req_prod − req_cons} on the RX ring, req_prod as read once for the call. */
    private long available(int id, RxRing ring) {
        return ProducerCheck.unconsumed(ring.reqProd(), contexts.get(id).rx().reqCons());
    }

    /**
     * Flushes the context's aggregate, if it holds one, before the frame the call is about; false
     * when the flush failed the context, which then drops that frame into RX_DROP_FAILED (RX-5).
     */
    private boolean flushedFor(int id, RxRing ring) {
        flush(id, ring);
        if (contexts.get(id).state() != ContextState.ACTIVE) {
            counters.increment(id, Counter.RX_DROP_FAILED);
            return false;
        }
        return true;
    }

    /**
     * LRO-5: delivers the held aggregate, if any, and forgets it: one segment as chapter 04 says,
     * byte for byte as it arrived; n ≥ 2 as one merged frame with its GSO extra.
     */
    private void flush(int id, RxRing ring) {
        Optional<Aggregate> held = contexts.get(id).held();
        if (held.isEmpty()) {
            return;
        }
        contexts.put(id, contexts.get(id).withHeld(Optional.empty()));
        Aggregate aggregate = held.get();
        if (aggregate.count() == 1) {
            write(id, ring, aggregate.first(), 1, Optional.empty());
        } else {
            write(id, ring, decisions.offloader().merged(aggregate), aggregate.count(), Optional.of(GsoExtra.of(aggregate)));
        }
    }

    /**
     * LRO-4: a flush outside {@code lro_receive} — at the due time (LRO-7), or at the start of an
     * accepted update, reset or SetGuestConfig of the context — with chapter 04's checks first.
     */
    private void flushHeld(int id) {
        DeviceContext context = contexts.get(id);
        if (context == null || context.held().isEmpty()) {
            return; // a FAILED context never holds one (LRO-6)
        }
        Optional<RxRing> ring = openRx(id);
        if (ring.isPresent()) {
            flush(id, ring.get()); // else fail() dropped the aggregate into RX_DROP_FAILED (LRO-6)
        }
    }

    // ------------------------------------------------------------------ state, time, counters

    /**
     * RING-13: the context stops; nothing more is written to its pages and its kicks are ignored.
     * It has no timers: a wait for credit ends, pending completions are discarded without a
     * decision (COAL-9), and a held LRO aggregate is dropped into RX_DROP_FAILED (LRO-6).
     */
    private void fail(int id) {
        DeviceContext context = contexts.get(id);
        if (context.held().isPresent()) {
            counters.add(id, Counter.RX_DROP_FAILED, context.held().get().count()); // LRO-6
        }
        contexts.put(id, context.withState(ContextState.FAILED).notWaiting()
                .withCompletions(Queue.TX, context.txCompletions().discarded())
                .withCompletions(Queue.RX, context.rxCompletions().discarded())
                .withHeld(Optional.empty()));
        counters.increment(id, Counter.FATAL_ERRORS);
    }

    /** What a timer does, in the order of chapter 09, section 6, for one context at one time. */
    private enum TimerKind {
        /** QOS-6: the TX walk resumes as a kick at the due time would. */
        TX_RESUMPTION,
        /** LRO-7: the held aggregate is flushed at its due time. */
        LRO_FLUSH,
        /** COAL-5: the TX queue's decision. */
        TX_DECISION,
        /** COAL-5: the RX queue's decision. */
        RX_DECISION
    }

    /** A timed event of one context. */
    private record Timer(long time, int context, TimerKind kind) {
    }

    /** Chapter 09, section 6: by time, then context id, then what happens; by time first, so a long wait holds back no one (QOS-9). */
    private static final Comparator<Timer> TIMELINE =
            Comparator.comparingLong(Timer::time).thenComparingInt(Timer::context).thenComparing(Timer::kind);

    /**
     * Chapter 09, section 6: every timer due in (now, nanos] fires in order of its time, then context
     * id, then {@link TimerKind}, the clock at its time while it runs, so credit and the time of new
     * completions are taken at that instant. A timer that firing creates takes part if it is due by
     * {@code nanos}; each one firing ends or moves strictly later, so the loop ends.
     */
    @Override
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time never goes backwards: nanos=" + nanos + " now=" + now);
        }
        for (Optional<Timer> next = nextTimer(nanos); next.isPresent(); next = nextTimer(nanos)) {
            Timer timer = next.get();
            now = Math.max(now, timer.time());
            switch (timer.kind()) {
                case TX_RESUMPTION -> walkTx(timer.context()); // QOS-6
                case LRO_FLUSH -> flushHeld(timer.context()); // LRO-4, LRO-7
                case TX_DECISION -> decideApart(timer.context(), Queue.TX); // COAL-5
                case RX_DECISION -> decideApart(timer.context(), Queue.RX); // COAL-5
            }
        }
        now = nanos;
    }

    /**
     * The first timer due by {@code until}. A FAILED context has none: failing ended its wait,
     * dropped its aggregate and discarded its pending completions.
     */
    private Optional<Timer> nextTimer(long until) {
        Timer first = null;
        for (var entry : contexts.entrySet()) {
            for (Timer timer : timers(entry.getKey(), entry.getValue())) {
                if (timer.time() <= until && (first == null || TIMELINE.compare(timer, first) < 0)) {
                    first = timer;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    private List<Timer> timers(int id, DeviceContext context) {
        List<Timer> timers = new ArrayList<>(4);
        if (context.waiting()) {
            timers.add(new Timer(context.txDue().getAsLong(), id, TimerKind.TX_RESUMPTION));
        }
        if (context.held().isPresent()) {
            timers.add(new Timer(context.held().get().due(), id, TimerKind.LRO_FLUSH)); // LRO-7
        }
        for (Queue queue : Queue.values()) {
            CoalescingState state = context.completions(queue);
            if (state.pending() > 0) {
                // COAL-8: whatever is pending is decided by first + maxDelay at the latest
                long deadline = decisions.coalescer().deadline(state, context.guest().coalescing(queue));
                timers.add(new Timer(deadline, id, queue == Queue.TX ? TimerKind.TX_DECISION : TimerKind.RX_DECISION));
            }
        }
        return timers;
    }

    @Override
    public ContextState state(int context) {
        DeviceContext current = contexts.get(context);
        return current == null ? ContextState.ABSENT : current.state();
    }

    @Override
    public long counter(int context, Counter counter) {
        if (context != Counter.DEVICE && !contexts.containsKey(context)) {
            return 0; // an absent context reads 0
        }
        return counters.get(context, counter);
    }

    @Override
    public long filterHits(int context, int rule) {
        return filterHits.get(context, rule); // 0 for an absent context or an index out of range
    }
}
