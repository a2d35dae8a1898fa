package io.netchannel.conformance.harness;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One device under test wired to audited guest memory and a recording sink, with host, guest,
 * wire and time steps. Each step is remembered so a failure can list the steps that led to it;
 * a device that throws or runs away is recorded as a finding, never allowed to crash the run.
 */
public final class Harness {

    /** Rule named by findings about the device contract itself (throwing, running away). */
    public static final String CONTRACT = "CONTRACT(NetchannelDevice: every call returns, never throws)";

    private DeviceProvider provider;
    private final EventLog log = new EventLog();
    private final AuditedGuestMemory memory = new AuditedGuestMemory(log);
    private final RecordingSink sink = new RecordingSink(log);
    private NetchannelDevice device;
    private io.netchannel.api.SwitchMode switchMode = io.netchannel.api.SwitchMode.VEPA;
    private final List<String> steps = new ArrayList<>();
    private final List<String> results = new ArrayList<>();
    private final Map<Integer, GuestDriver> guests = new TreeMap<>();
    private final Set<Integer> contexts = new TreeSet<>();
    private final Map<Integer, List<MacAddress>> macs = new TreeMap<>();
    private final Map<Integer, ContextConfig> configs = new TreeMap<>();
    private final Deque<int[]> pendingKicks = new ArrayDeque<>();
    private int nextGref = 1;
    private long now;
    private boolean inCall;
    private Listener listener;
    private ControlResult lastResult;
    private Hostile hostile;

    /**
     * A hostile guest armed for the next device call (XSA-155): right after each successful device
     * read of page {@code gref} at an offset of at least {@code from}, it XORs the bytes just read
     * with {@code xor}. A device that acts on one private copy of each request behaves as if
     * nothing happened; one that reads a request twice sees the rewritten bytes.
     */
    public record Hostile(int gref, int from, int xor) {
    }

    /** Arms {@code next} for the next device call only. */
    public void rewriteAfterRead(Hostile next) {
        if (next.xor() < 1 || next.xor() > 0xFF) {
            throw new IllegalArgumentException("xor is a byte value 1..255: " + next.xor());
        }
        this.hostile = next;
    }

    /** The hostile guest armed for the call in progress (listeners read it in afterCall), or null. */
    public Hostile armedHostile() {
        return hostile;
    }

    /** A device-contract call, as a {@link Listener} sees it. */
    public sealed interface Call permits ControlCall, KickCall, WireCall, AdvanceCall {
    }

    /** {@code control(caller, request)}. */
    public record ControlCall(Caller caller, ControlRequest request) implements Call {
    }

    /** {@code kick(context, queue)}. */
    public record KickCall(int context, Queue queue) implements Call {
    }

    /** {@code receive(port, frame)}. */
    public record WireCall(int port, byte[] frame) implements Call {
    }

    /** {@code advanceTo(nanos)}. */
    public record AdvanceCall(long nanos) implements Call {
    }

    /**
     * Sees every guest grant and revoke and every device call, in order (the vector recorder).
     * Guest writes are plain stores into pages, so a listener finds them by comparing pages.
     */
    public interface Listener {
        /** {@code gref} was granted to {@code context}. */
        void granted(int gref, int context, Access access);

        /** {@code gref} was revoked. */
        void revoked(int gref);

        /** The device is about to be called. */
        void beforeCall(Call call);

        /** The device returned; {@code result} is the control result, or null for other calls. */
        void afterCall(Call call, ControlResult result);

        /** {@link #relocate} begins: the calls it makes follow, then {@link #relocated}. */
        default void relocating(DeviceProvider target) {
        }

        /** {@link #relocate} ended with {@code moves}. */
        default void relocated(List<Move> moves) {
        }
    }

    /** Attaches {@code listener} (one at a time; null detaches). */
    public void listen(Listener attached) {
        this.listener = attached;
    }

    /** The current device time in nanoseconds. */
    public long now() {
        return now;
    }

    private Harness(DeviceProvider provider) {
        this.provider = provider;
        this.device = provider.create(new DeviceEnvironment(memory, sink));
    }

    /** Told of every harness this thread starts (the vector generators record benches this way). */
    private static final ThreadLocal<java.util.function.Consumer<Harness>> STARTED = new ThreadLocal<>();

    /** Calls {@code observer} with each harness this thread starts from now on; null stops. */
    public static void whenStarted(java.util.function.Consumer<Harness> observer) {
        if (observer == null) {
            STARTED.remove();
        } else {
            STARTED.set(observer);
        }
    }

    /** A fresh device of {@code provider} in a fresh harness. */
    public static Harness start(DeviceProvider provider) {
        Harness harness = new Harness(provider);
        java.util.function.Consumer<Harness> observer = STARTED.get();
        if (observer != null) {
            observer.accept(harness);
        }
        return harness;
    }

    /** The provider under test. */
    public DeviceProvider provider() {
        return provider;
    }

    /** One context's part in {@link #relocate}: what the source exported and what the target answered the import. */
    public record Move(int context, ControlResult exported, ControlResult imported) {
        /** Whether the context now lives on the target. */
        public boolean moved() {
            return imported instanceof ControlResult.Ok;
        }
    }

    /**
     * Moves every live context to a fresh device of {@code target}, as a host moves its guests (spec
     * 12, sections 6 and 8): on the current device, ExportContext of each live context in id order;
     * if every export answered Exported, DestroyContext of each; then a fresh device of
     * {@code target} over the same guest memory and sink, its clock advanced to now and its switch
     * mode set to the current one (when not the default), and ImportContext of each state under
     * the same id. The guests' grants, pages and drivers stay as they are. If any export is refused,
     * nothing is destroyed and no device is made: the moves returned say which.
     *
     * @return each live context's export and import result, in id order (an import of null when
     *     nothing moved)
     */
    public List<Move> relocate(DeviceProvider target) {
        return relocate(target, 0, move -> {
        });
    }

    /**
     * {@link #relocate(DeviceProvider)} with a pause and a look after each import: between the
     * destroys and the new device, time passes by {@code pauseNanos} on the source (which then holds
     * none of the moved guests), so the target starts at the export instant plus the pause (spec
     * 12, RELOC-4); {@code afterImport} sees each context's move right after its import, before
     * the next context's, and may make device calls of its own (an export right after the import,
     * RELOC-9).
     */
    public List<Move> relocate(DeviceProvider target, long pauseNanos, java.util.function.Consumer<Move> afterImport) {
        if (pauseNanos < 0) {
            throw new IllegalArgumentException("time never goes back: pauseNanos=" + pauseNanos);
        }
        if (listener != null) {
            listener.relocating(target);
        }
        List<Move> moves = move(target, pauseNanos, afterImport);
        if (listener != null) {
            listener.relocated(moves);
        }
        return moves;
    }

    private List<Move> move(DeviceProvider target, long pauseNanos, java.util.function.Consumer<Move> afterImport) {
        List<Integer> live = new ArrayList<>();
        for (int context : contexts) {
            if (context >= 0 && device.state(context) != ContextState.ABSENT) {
                live.add(context);
            }
        }
        Map<Integer, ControlResult> exports = new TreeMap<>();
        boolean all = true;
        for (int context : live) {
            ControlResult result = control(Caller.HOST, new ControlRequest.ExportContext(context));
            exports.put(context, result);
            all &= result instanceof ControlResult.Exported;
        }
        List<Move> moves = new ArrayList<>();
        if (!all) {
            exports.forEach((context, result) -> moves.add(new Move(context, result, null)));
            return moves;
        }
        for (int context : live) {
            control(Caller.HOST, new ControlRequest.DestroyContext(context));
        }
        if (pauseNanos > 0) {
            advance(pauseNanos);
        }
        log.guest("relocate: the guests move to a fresh " + target.name() + " device at " + now + " ns");
        provider = target;
        device = target.create(new DeviceEnvironment(memory, sink));
        if (now > 0) {
            advanceTo(now);
        }
        if (switchMode != io.netchannel.api.SwitchMode.VEPA) {
            control(Caller.HOST, new ControlRequest.SetSwitchMode(switchMode));
        }
        for (int context : live) {
            ControlResult.Exported exported = (ControlResult.Exported) exports.get(context);
            ControlResult imported = control(Caller.HOST, new ControlRequest.ImportContext(context, exported.state()));
            Move move = new Move(context, exported, imported);
            moves.add(move);
            afterImport.accept(move);
        }
        return moves;
    }

    /** The device (for probes that go around the harness; prefer the steps below). */
    public NetchannelDevice device() {
        return device;
    }

    /** The audited guest memory. */
    public AuditedGuestMemory memory() {
        return memory;
    }

    /** The recording sink. */
    public RecordingSink sink() {
        return sink;
    }

    /** The ordered log of everything. */
    public EventLog log() {
        return log;
    }

    // ------------------------------------------------------------------ grants

    /** A gref never used before in this run. */
    public int newGref() {
        while (memory.pages().containsKey(nextGref)) {
            nextGref++;
        }
        return nextGref++;
    }

    /** Grants a fresh page to {@code context}; returns its gref. */
    public int grantPage(int context, Access access) {
        int gref = newGref();
        grant(gref, context, access);
        return gref;
    }

    /** Grants (or re-grants) {@code gref} to {@code context}, keeping the page's bytes if it had a page. */
    public byte[] grant(int gref, int context, Access access) {
        steps.add("grant gref=" + gref + " to ctx " + context + " " + access);
        log.guest("grant gref=" + gref + " to ctx " + context + " " + access);
        if (listener != null) {
            listener.granted(gref, context, access);
        }
        return memory.grant(gref, context, access);
    }

    /** Revokes {@code gref}. */
    public void revoke(int gref) {
        steps.add("revoke gref=" + gref);
        log.guest("revoke gref=" + gref);
        if (listener != null) {
            listener.revoked(gref);
        }
        memory.revoke(gref);
    }

    // ------------------------------------------------------------------ guests

    /**
     * The guest driver of {@code context}; on first use grants it two fresh read-write ring pages,
     * initialises them at index 0 and restricts device writes to what RING-10 allows.
     */
    public GuestDriver guest(int context) {
        GuestDriver guest = guests.get(context);
        if (guest == null) {
            guest = guest(context, grantPage(context, Access.READ_WRITE), grantPage(context, Access.READ_WRITE));
            guest.initRings(0, 0);
        }
        return guest;
    }

    /** A guest driver of {@code context} over the given ring grefs (already granted or not), replacing any earlier one. */
    public GuestDriver guest(int context, int txRing, int rxRing) {
        GuestDriver guest = new GuestDriver(this, context, txRing, rxRing);
        guests.put(context, guest);
        contexts.add(context);
        if (memory.pages().containsKey(txRing)) {
            memory.restrictWrites(txRing, "RING-10", "outside req_event, rsp_prod and the 4 response bytes of a TX entry", Harness::txRingWritable);
        }
        if (memory.pages().containsKey(rxRing)) {
            memory.restrictWrites(rxRing, "RING-10", "outside req_event, rsp_prod and one 8-byte RX entry", Harness::rxRingWritable);
        }
        return guest;
    }

    /** Whether guests exist, by context. */
    public Map<Integer, GuestDriver> guests() {
        return java.util.Collections.unmodifiableMap(guests);
    }

    private static boolean txRingWritable(int offset, int length) {
        if (header(offset, length)) {
            return true;
        }
        int end = SharedRingLayout.ENTRIES + SharedRingLayout.RING_SIZE * TxRequestLayout.ENTRY_SIZE;
        return offset >= SharedRingLayout.ENTRIES && offset + length <= end
                && (offset - SharedRingLayout.ENTRIES) % TxRequestLayout.ENTRY_SIZE + length <= TxResponseLayout.LENGTH;
    }

    private static boolean rxRingWritable(int offset, int length) {
        if (header(offset, length)) {
            return true;
        }
        int end = SharedRingLayout.ENTRIES + SharedRingLayout.RING_SIZE * RxRequestLayout.ENTRY_SIZE;
        return offset >= SharedRingLayout.ENTRIES && offset + length <= end
                && (offset - SharedRingLayout.ENTRIES) % RxRequestLayout.ENTRY_SIZE + length <= RxRequestLayout.ENTRY_SIZE;
    }

    private static boolean header(int offset, int length) {
        return offset >= SharedRingLayout.REQ_EVENT && offset + length <= SharedRingLayout.RSP_EVENT;
    }

    // ------------------------------------------------------------------ host

    /** The host creates {@code context} over its guest's rings, owning {@code macs}. */
    public ControlResult create(int context, MacAddress... macs) {
        return create(context, false, macs);
    }

    /** The host creates {@code context} over its guest's rings. */
    public ControlResult create(int context, boolean promiscuousAllowed, MacAddress... macs) {
        GuestDriver guest = guest(context);
        ContextConfig config = ContextConfig.builder().macs(List.of(macs)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .promiscuousAllowed(promiscuousAllowed).build();
        return control(Caller.HOST, new ControlRequest.CreateContext(context, config));
    }

    /** A control request. */
    public ControlResult control(Caller caller, ControlRequest request) {
        contexts.add(request.context());
        ControlResult[] result = new ControlResult[1];
        call(caller + " " + request, new ControlCall(caller, request), () -> {
            result[0] = device.control(caller, request);
            lastResult = result[0];
        });
        if (result[0] == null) {
            // the device threw (a finding is recorded); the observation says so rather than inventing an answer
            results.add("threw");
            return new ControlResult.Rejected(CONTRACT, io.netchannel.api.RejectCategory.NOT_SUPPORTED, "the device threw instead of answering");
        }
        results.add(describe(result[0]));
        if (result[0] instanceof ControlResult.Ok && request instanceof ControlRequest.SetSwitchMode set) {
            switchMode = set.mode();
        }
        if (result[0] instanceof ControlResult.Ok) {
            if (request instanceof ControlRequest.ImportContext imported) {
                macs.put(imported.context(), List.copyOf(imported.state().host().macs()));
                configs.put(imported.context(), imported.state().host());
            }
            if (request instanceof ControlRequest.CreateContext create) {
                macs.put(create.context(), List.copyOf(create.config().macs()));
                configs.put(create.context(), create.config());
            } else if (request instanceof ControlRequest.UpdateContext update) {
                macs.put(update.context(), List.copyOf(update.config().macs()));
                configs.put(update.context(), update.config());
            } else if (request instanceof ControlRequest.DestroyContext destroy) {
                macs.remove(destroy.context());
                configs.remove(destroy.context());
            }
        }
        return result[0];
    }

    /**
     * The MACs of {@code context} as the last create or update the device answered Ok gave them
     * (the host's own record, what a guest driver is told); empty for a context never created or
     * destroyed since. A guest writes one of them as the source of the frames it sends (TXF-2).
     */
    public List<MacAddress> macs(int context) {
        return macs.getOrDefault(context, List.of());
    }

    /**
     * The host configuration of {@code context} as the last create or update the device answered Ok
     * gave it, or null for a context never created or destroyed since: what a guest is told of its
     * VLAN policy, so it tags what it sends (TXF-3 to TXF-5).
     */
    public ContextConfig config(int context) {
        return configs.get(context);
    }

    /** Kind and category of a result, the part conformance compares. */
    public static String describe(ControlResult result) {
        if (result instanceof ControlResult.Rejected rejected) {
            return "Rejected(" + rejected.category() + ")";
        }
        if (result instanceof ControlResult.Exported) {
            return "Exported";
        }
        return result instanceof ControlResult.Ok ? "Ok" : "NoContextAvailable";
    }

    // ------------------------------------------------------------------ guest doorbell, wire, time

    /** The guest kicks a queue. */
    public void kick(int context, Queue queue) {
        if (inCall) {
            pendingKicks.add(new int[] {context, queue.ordinal()});
            log.guest("kick " + queue + " of ctx " + context + " (after the current device call)");
            return;
        }
        call("kick ctx " + context + " " + queue, new KickCall(context, queue), () -> device.kick(context, queue));
    }

    /** A frame arrives on {@code port}. */
    public void receive(int port, byte[] frame) {
        byte[] copy = frame.clone();
        call("receive port " + port + " " + frame.length + " bytes to " + (frame.length >= 6 ? MacAddress.read(frame, 0) : "?"),
                new WireCall(port, frame.clone()), () -> device.receive(port, copy, 0, copy.length));
    }

    /** Time moves forward by {@code nanos}. */
    public void advance(long nanos) {
        advanceTo(now + nanos);
    }

    /** Time moves forward to {@code to} nanoseconds (never backwards: an earlier time is a caller error). */
    public void advanceTo(long to) {
        if (to < now) {
            throw new IllegalArgumentException("time never goes back: now=" + now + " to=" + to);
        }
        now = to;
        call("advance to " + to + " ns", new AdvanceCall(to), () -> device.advanceTo(to));
    }

    private void call(String description, Call what, Runnable action) {
        steps.add(description);
        log.call(description);
        if (listener != null) {
            listener.beforeCall(what);
        }
        memory.startCall();
        Hostile armed = hostile;
        AuditedGuestMemory.AccessHook reaction = armed == null ? null : access -> {
            if (access.kind() == Event.Kind.READ && access.gref() == armed.gref() && access.offset() >= armed.from() && access.status() == 0) {
                byte[] page = memory.page(armed.gref());
                for (int b = access.offset(); b < access.offset() + access.length(); b++) {
                    page[b] ^= (byte) armed.xor();
                }
            }
        };
        if (reaction != null) {
            memory.addHook(reaction);
        }
        inCall = true;
        lastResult = null;
        try {
            action.run();
        } catch (RuntimeException | AuditedGuestMemory.RunawayDevice | StackOverflowError e) {
            memory.addFinding(new Finding(CONTRACT, -1, -1, 0, 0, description + " threw " + e));
        } finally {
            inCall = false;
        }
        if (reaction != null) {
            memory.removeHook(reaction);
        }
        if (listener != null) {
            listener.afterCall(what, lastResult);
        }
        hostile = null;
        while (!pendingKicks.isEmpty()) {
            int[] kick = pendingKicks.poll();
            kick(kick[0], Queue.values()[kick[1]]);
        }
    }

    // ------------------------------------------------------------------ observation

    /** State of {@code context}. */
    public ContextState state(int context) {
        return device.state(context);
    }

    /** A counter of {@code context} (or {@link Counter#DEVICE}). */
    public long counter(int context, Counter counter) {
        return device.counter(context, counter);
    }

    /**
     * {@code filterHits(context, rule)}: the frames TX filter rule {@code rule} of {@code context}
     * decided, or the default for {@code rule} equal to the number of rules (spec 07, TXF-8).
     */
    public long filterHits(int context, int rule) {
        return device.filterHits(context, rule);
    }

    /** Everything observable now. */
    public Observation observe() {
        Map<Integer, ContextState> states = new TreeMap<>();
        Map<Integer, Map<Counter, Long>> counters = new TreeMap<>();
        Map<Integer, Map<Integer, Long>> filterHits = new TreeMap<>();
        for (int context : contexts) {
            if (context < 0 || context > provider.limits().maxContextId()) {
                continue;
            }
            states.put(context, device.state(context));
            Map<Counter, Long> values = new EnumMap<>(Counter.class);
            for (Counter counter : Counter.values()) {
                if (counter != Counter.WIRE_RX_FRAMES && counter != Counter.WIRE_DROP_NO_CONTEXT) {
                    values.put(counter, device.counter(context, counter));
                }
            }
            counters.put(context, values);
            Map<Integer, Long> hits = new TreeMap<>();
            for (int rule = 0; rule <= provider.limits().maxFilterRules(); rule++) {
                long value = device.filterHits(context, rule);
                if (value != 0) {
                    hits.put(rule, value);
                }
            }
            if (!hits.isEmpty()) {
                filterHits.put(context, hits);
            }
        }
        Map<Counter, Long> deviceCounters = new EnumMap<>(Counter.class);
        deviceCounters.put(Counter.WIRE_RX_FRAMES, device.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES));
        deviceCounters.put(Counter.WIRE_DROP_NO_CONTEXT, device.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT));
        // a bare device never counts it (CTX-7); a host in SOFTWARE mode does
        deviceCounters.put(Counter.HOST_SWITCHED_FRAMES, device.counter(Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES));
        Map<Integer, byte[]> pages = new TreeMap<>();
        memory.pages().forEach((gref, page) -> pages.put(gref, Arrays.copyOf(page, page.length)));
        return new Observation(sink.frames(), sink.notifications(), results, states, counters, deviceCounters, pages, memory.findings(), filterHits);
    }

    /** The steps so far, numbered, one a line: the replay recipe a failure message carries. */
    public String trace() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("  %3d. %s%n", i + 1, steps.get(i)));
        }
        return text.toString();
    }

    /** Records a step that is not a device call (a guest or test action) so it shows in {@link #trace()}. */
    public void note(String step) {
        steps.add(step);
        log.guest(step);
    }
}
