package io.netchannel.model.contexts;

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
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.privilege.ConfigRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The host (dom0) serving its guests on a device — the "hardware" path — and, when the device has
 * no context left, on its own software path, behind the one device contract (spec 08, CTX-10). A
 * guest, the wire and whoever reads the host's counters cannot tell where a context landed: they
 * see what a single device with enough contexts shows in the same switch mode.
 *
 * <p>Both paths stay in their default VEPA mode and the host switches between guests itself, for
 * every placement and in VEB as in SOFTWARE mode: it sees every frame either path sends, and one
 * switching function — each path's own demux fed the frame as if from the wire — serves any mix of
 * hardware and software guests, where the device's internal bridge could only reach the guests
 * the device holds. A real host may let the NIC bridge while the NIC holds every guest; the
 * observable contract (CTX-10) is the same, so the model keeps the one way.
 *
 * <p>Outputs of a path (frames and notifications) are collected while the path runs and handled,
 * in the order the path produced them, once it has returned: a frame is switched by calling the
 * paths again, and a path is never re-entered from inside its own call.
 */
public final class Host implements NetchannelDevice {

    /** The port frames are switched on: what the paths accept from the wire (RX-6). */
    private static final int PORT = 0;
    /** Shortest frame a path accepts from the wire (RX-6); the source MAC ends at octet 12. */
    private static final int MIN_FRAME = 14;

    /** Where a context is served. */
    private enum Path {
        HARDWARE,
        SOFTWARE
    }

    /** Where a live context is served and the host configuration it was last accepted with. */
    private record Placement(Path path, ContextConfig config) {
    }

    /** Something a path sent to its sink, kept until the path call returns. */
    private sealed interface Output permits Sent, Notified {
    }

    /** A frame a path transmitted, copied (the sink contract). */
    private record Sent(int port, byte[] frame) implements Output {
    }

    /** A notification a path raised. */
    private record Notified(int context, Queue queue) implements Output {
    }

    private final DeviceSink outer;
    private final DeviceLimits hardwareLimits;
    private final int hardwareCap;
    private final DeviceLimits limits;
    private final NetchannelDevice hardware;
    private final NetchannelDevice software;
    private final SortedMap<Integer, Placement> placed = new TreeMap<>();
    private final Map<Counter, Long> deviceCounters = new EnumMap<>(Counter.class);
    private SwitchMode mode = SwitchMode.VEPA; // CTX-4: a device starts in VEPA
    private long now;
    /** Where the paths' sinks put their outputs during the current path call; null between calls. */
    private List<Output> outputs;

    /**
     * A host with no contexts, in VEPA mode, its clock at 0.
     *
     * @param environment guest memory and the sink the host's outputs go to
     * @param hardwareLimits what the device declares it can hold; the software path has the same
     *     per-context limits, so a configuration gets the same answer wherever it lands
     * @param hardwareContexts at most this many contexts are placed on the device, even if it could
     *     hold more; 0 serves every guest in software
     * @param hardware makes the device, given the environment it must use
     * @param softwareContexts contexts the software path holds, at least one
     * @param software makes the software path (the model's is the reference device), given its
     *     environment and limits: the host's per-context limits and id range, softwareContexts contexts
     */
    public Host(DeviceEnvironment environment, DeviceLimits hardwareLimits, int hardwareContexts,
            Function<DeviceEnvironment, NetchannelDevice> hardware, int softwareContexts,
            BiFunction<DeviceEnvironment, DeviceLimits, NetchannelDevice> software) {
        Objects.requireNonNull(environment, "environment");
        this.hardwareLimits = Objects.requireNonNull(hardwareLimits, "hardwareLimits");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(software, "software");
        if (hardwareContexts < 0) {
            throw new IllegalArgumentException("hardwareContexts must not be negative: hardwareContexts=" + hardwareContexts);
        }
        if (softwareContexts < 1) {
            throw new IllegalArgumentException("the software path serves at least one context: softwareContexts=" + softwareContexts);
        }
        this.outer = environment.sink();
        this.hardwareCap = Math.min(hardwareContexts, hardwareLimits.maxContexts());
        this.limits = hardwareLimits.withMaxContexts(hardwareCap + softwareContexts);
        DeviceSink collecting = new CollectingSink();
        this.hardware = Objects.requireNonNull(hardware.apply(new DeviceEnvironment(environment.memory(), collecting)),
                "hardware device");
        // The host's whole id range, so an id the device cannot name still has a place (PRIV-5)
        this.software = Objects.requireNonNull(software.apply(new DeviceEnvironment(environment.memory(), collecting),
                limits.withMaxContexts(softwareContexts)), "software path");
    }

    /**
     * What the host declares it can hold: the device's per-context limits, and the contexts of both
     * paths (the device's counted up to the host's cap).
     */
    public DeviceLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------ control plane (PRIV, CTX)

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        if (request instanceof ControlRequest.SetSwitchMode set) {
            return setSwitchMode(caller, set);
        }
        if (request instanceof ControlRequest.CreateContext create) {
            return create(caller, create);
        }
        if (request instanceof ControlRequest.ImportContext imported) {
            return importContext(caller, imported);
        }
        // ExportContext goes to the path that holds the context, as every other request does
        int id = request.context();
        Placement placement = placed.get(id);
        if (request instanceof ControlRequest.UpdateContext update && placement != null) {
            Optional<ControlResult> taken = macOwnedElsewhere(caller, id, update.config());
            if (taken.isPresent()) {
                return taken.get();
            }
        }
        // Unplaced: the software path answers exactly as a device would (PRIVILEGE, NO_SUCH_CONTEXT, INVALID_CONFIG)
        Path path = placement == null ? Path.SOFTWARE : placement.path();
        ControlResult[] result = new ControlResult[1];
        List<Output> produced = collect(() -> result[0] = device(path).control(caller, request));
        if (result[0] instanceof ControlResult.Ok) {
            if (request instanceof ControlRequest.UpdateContext update) {
                placed.put(id, new Placement(path, update.config()));
            } else if (request instanceof ControlRequest.DestroyContext) {
                placed.remove(id); // PRIV-9: the id and its MACs are free on either path
            }
        }
        // QOS-8, COAL-7: an update may release held frames and a guest configuration may notify; they
        // are handled as a kick's, switched with the configuration the call just put in place
        drain(produced);
        return result[0];
    }

    /** CTX-4: the host decides the mode itself and never forwards it; its paths stay in VEPA. */
    private ControlResult setSwitchMode(Caller caller, ControlRequest.SetSwitchMode request) {
        if (!(caller instanceof Caller.Host)) {
            return new ControlResult.Rejected("PRIV-2", RejectCategory.PRIVILEGE, "only the host may issue it: request="
                    + request.getClass().getSimpleName() + " caller=" + caller); // nothing changes
        }
        mode = request.mode(); // CTX-7: a host accepts SOFTWARE as well as VEPA and VEB
        return ControlResult.OK;
    }

    /**
     * PRIV-7, CTX-10, CTX-12: a new context goes to the device while it has room under the host's cap, and
     * to the software path when the device answers it has none left or the cap is reached.
     */
    private ControlResult create(Caller caller, ControlRequest.CreateContext request) {
        int id = request.context();
        Placement placement = placed.get(id);
        if (placement != null) {
            return control(placement.path(), caller, request); // PRIV-5: that path answers CONTEXT_EXISTS
        }
        Optional<ControlResult> taken = macOwnedElsewhere(caller, id, request.config());
        if (taken.isPresent()) {
            return taken.get();
        }
        Path path = Path.SOFTWARE;
        ControlResult result = null;
        // An id beyond the device's range goes to software: the device would refuse to name it
        if (hardwareOccupancy() < hardwareCap && id <= hardwareLimits.maxContextId()) {
            result = control(Path.HARDWARE, caller, request);
            path = Path.HARDWARE;
        }
        if (result == null || result instanceof ControlResult.NoContextAvailable) {
            result = control(Path.SOFTWARE, caller, request); // PRIV-7: the software path serves it
            path = Path.SOFTWARE;
        }
        if (result instanceof ControlResult.Ok) {
            placed.put(id, new Placement(path, request.config()));
        }
        return result;
    }

    /**
     * RELOC-12: an import goes where a create would, and to the software path when the device
     * answers NoContextAvailable or NOT_SUPPORTED (it lacks relocation, RELOC-1, or a profile the
     * state needs: LRO on, a TX rate, RX filter rules). The answer is then the software path's. Any
     * other refusal is the document's fault, and the host reports it.
     */
    private ControlResult importContext(Caller caller, ControlRequest.ImportContext request) {
        int id = request.context();
        Placement placement = placed.get(id);
        if (placement != null) {
            return control(placement.path(), caller, request); // PRIV-5: that path answers CONTEXT_EXISTS
        }
        Optional<ControlResult> taken = macOwnedElsewhere(caller, id, request.state().host());
        if (taken.isPresent()) {
            return taken.get();
        }
        Path path = Path.SOFTWARE;
        ControlResult result = null;
        if (caller instanceof Caller.Host && hardwareOccupancy() < hardwareCap && id <= hardwareLimits.maxContextId()) {
            result = control(Path.HARDWARE, caller, request);
            path = Path.HARDWARE;
        }
        if (result == null || result instanceof ControlResult.NoContextAvailable
                || result instanceof ControlResult.Rejected rejected && rejected.category() == RejectCategory.NOT_SUPPORTED) {
            result = control(Path.SOFTWARE, caller, request); // RELOC-12
            path = Path.SOFTWARE;
        }
        if (result instanceof ControlResult.Ok) {
            placed.put(id, new Placement(path, request.state().host()));
        }
        return result;
    }

    /**
     * PRIV-6 across the paths: each path sees only its own contexts' MACs, so the host refuses a MAC
     * a context on either path owns, at the point of chapter 01's order a single device would —
     * after the privilege, the id range and the context's existence, which the caller of this
     * method has settled or which hold here.
     */
    private Optional<ControlResult> macOwnedElsewhere(Caller caller, int id, ContextConfig config) {
        if (!(caller instanceof Caller.Host) || id < 0 || id > limits.maxContextId()) {
            return Optional.empty(); // the path answers PRIV-2 or PRIV-5 first
        }
        SortedMap<Integer, ContextConfig> existing = new TreeMap<>();
        for (var entry : placed.entrySet()) {
            existing.put(entry.getKey(), entry.getValue().config());
        }
        return ConfigRules.macProblem(config.macs(), id, existing, limits)
                .map(problem -> new ControlResult.Rejected("PRIV-6", RejectCategory.INVALID_CONFIG, problem));
    }

    private int hardwareOccupancy() {
        int count = 0;
        for (Placement placement : placed.values()) {
            if (placement.path() == Path.HARDWARE) {
                count++;
            }
        }
        return count;
    }

    private ControlResult control(Path path, Caller caller, ControlRequest request) {
        ControlResult[] result = new ControlResult[1];
        drain(collect(() -> result[0] = device(path).control(caller, request)));
        return result[0];
    }

    // ------------------------------------------------------------------ data path

    @Override
    public void kick(int context, Queue queue) {
        Placement placement = placed.get(context);
        if (placement == null) {
            return; // RING-15: a kick for an absent context has no effect
        }
        drain(collect(() -> device(placement.path()).kick(context, queue)));
    }

    /**
     * CTX-11: a frame from the wire goes to both paths, each delivering it to its own contexts, so
     * every eligible guest gets one copy wherever it lives. The host's
     * device-wide counters grow by what both paths agree on: WIRE_RX_FRAMES by one, and
     * WIRE_DROP_NO_CONTEXT only when neither path had a recipient (RX-5, DEMUX-9).
     */
    @Override
    public void receive(int port, byte[] frame, int offset, int length) {
        Objects.requireNonNull(frame, "frame");
        if (offset < 0 || length < 0 || offset > frame.length - length) {
            throw new IllegalArgumentException("frame slice outside the array: offset=" + offset + " length=" + length
                    + " array=" + frame.length);
        }
        Map<Counter, Long> hardwareBefore = deviceCounters(hardware);
        Map<Counter, Long> softwareBefore = deviceCounters(software);
        List<Output> produced = collect(() -> hardware.receive(port, frame, offset, length));
        produced.addAll(collect(() -> software.receive(port, frame, offset, length)));
        Map<Counter, Long> hardwareAfter = deviceCounters(hardware);
        Map<Counter, Long> softwareAfter = deviceCounters(software);
        for (Counter counter : Counter.values()) {
            long both = Math.min(hardwareAfter.get(counter) - hardwareBefore.get(counter),
                    softwareAfter.get(counter) - softwareBefore.get(counter));
            deviceCounters.merge(counter, both, Long::sum);
        }
        drain(produced);
    }

    /**
     * Both paths' timers run (QOS-6, COAL-5), then what they produced is handled as a kick's output,
     * the device's first. Both paths have reached {@code nanos} before any frame is switched, so a
     * frame one path released at its due time reaches the other path's guests at {@code nanos}, never
     * stamped with a time before it was sent. Two paths' frames of one advance may interleave
     * differently than on one device (chapter 09, section 6); each sender's own order is kept.
     */
    @Override
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time never goes backwards: nanos=" + nanos + " now=" + now);
        }
        now = nanos;
        List<Output> produced = collect(() -> hardware.advanceTo(nanos));
        produced.addAll(collect(() -> software.advanceTo(nanos)));
        drain(produced);
    }

    // ------------------------------------------------------------------ outputs and switching (CTX-5..CTX-7)

    /** Runs one path call and returns what its sink received meanwhile, in order. */
    private List<Output> collect(Runnable call) {
        List<Output> enclosing = outputs;
        List<Output> produced = new ArrayList<>();
        outputs = produced;
        try {
            call.run();
        } finally {
            outputs = enclosing;
        }
        return produced;
    }

    /**
     * Handles a path call's outputs in order. A notification goes out at once; a frame is switched,
     * and what its local deliveries produce is handled before the next output, as a single device
     * delivers a switched frame before it goes on (CTX-6).
     */
    private void drain(List<Output> produced) {
        for (Output output : produced) {
            if (output instanceof Notified notified) {
                outer.notify(notified.context(), notified.queue());
            } else if (output instanceof Sent sent) {
                switchFrame(sent);
            }
        }
    }

    /** Where a frame a guest sent goes: the wire (VEPA), or the other guests and maybe the wire. */
    private void switchFrame(Sent sent) {
        byte[] frame = sent.frame();
        if (mode == SwitchMode.VEPA) {
            outer.transmit(sent.port(), frame, 0, frame.length); // CTX-5: the wire only
            return;
        }
        int sender = senderOf(frame);
        List<LiveContext> live = live(); // the route is decided on the contexts as they are now
        long hardwareDrops = hardware.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        long softwareDrops = software.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        // CTX-6, CTX-11: each path demuxes it as a wire frame to its own contexts, one copy per guest on
        // either path; DEMUX-7 keeps it from the sender.
        // The host's own counters stay as they are: it did not come from the wire, and no recipient is no drop.
        List<Output> produced = collect(() -> hardware.receive(PORT, frame, 0, frame.length));
        produced.addAll(collect(() -> software.receive(PORT, frame, 0, frame.length)));
        boolean selected = hardware.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT) == hardwareDrops
                || software.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT) == softwareDrops;
        if (mode == SwitchMode.SOFTWARE && selected) {
            deviceCounters.merge(Counter.HOST_SWITCHED_FRAMES, 1L, Long::sum); // CTX-7
        }
        drain(produced); // local delivery first, then the wire (CTX-6)
        if (!Switching.staysLocal(frame, 0, frame.length, sender, live)) {
            outer.transmit(sent.port(), frame, 0, frame.length);
        }
    }

    /** The live context that owns the frame's source MAC (TXF-2 lets no other send it); -1 for none. */
    private int senderOf(byte[] frame) {
        if (frame.length < MIN_FRAME) {
            return -1;
        }
        MacAddress source = MacAddress.read(frame, 6);
        for (var entry : placed.entrySet()) {
            if (entry.getValue().config().macs().contains(source)) {
                return entry.getKey();
            }
        }
        return -1;
    }

    /** Every placed context as {@link Switching#staysLocal} reads it: id, MACs and VLAN policy. */
    private List<LiveContext> live() {
        List<LiveContext> live = new ArrayList<>(placed.size());
        for (var entry : placed.entrySet()) {
            int id = entry.getKey();
            Placement placement = entry.getValue();
            live.add(new LiveContext(id, device(placement.path()).state(id), placement.config(), GuestConfig.DEFAULT));
        }
        return live;
    }

    /** What both paths give their sinks: kept for the host to handle after the call (the sink copies). */
    private final class CollectingSink implements DeviceSink {
        @Override
        public void transmit(int port, byte[] frame, int offset, int length) {
            pending().add(new Sent(port, Arrays.copyOfRange(frame, offset, offset + length)));
        }

        @Override
        public void notify(int context, Queue queue) {
            pending().add(new Notified(context, queue));
        }

        private List<Output> pending() {
            if (outputs == null) {
                throw new IllegalStateException("a path wrote to its sink outside a call from the host");
            }
            return outputs;
        }
    }

    // ------------------------------------------------------------------ observation

    private NetchannelDevice device(Path path) {
        return path == Path.HARDWARE ? hardware : software;
    }

    private static Map<Counter, Long> deviceCounters(NetchannelDevice device) {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            values.put(counter, device.counter(Counter.DEVICE, counter));
        }
        return values;
    }

    @Override
    public ContextState state(int context) {
        Placement placement = placed.get(context);
        return placement == null ? ContextState.ABSENT : device(placement.path()).state(context);
    }

    @Override
    public long counter(int context, Counter counter) {
        Objects.requireNonNull(counter, "counter");
        if (context == Counter.DEVICE) {
            return deviceCounters.getOrDefault(counter, 0L); // the host's own table
        }
        Placement placement = placed.get(context);
        return placement == null ? 0 : device(placement.path()).counter(context, counter);
    }

    @Override
    public long filterHits(int context, int rule) {
        Placement placement = placed.get(context);
        return placement == null ? 0 : device(placement.path()).filterHits(context, rule);
    }
}
