package io.netchannel.conformance.vectors;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.conformance.harness.Finding;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a harness run into vector steps (spec 05, sections 5 and 6): guest grants, revokes and
 * page stores become grant, revoke and write steps; each device call becomes a step whose
 * {@link Step.Expect} lists everything the call changed — frames, notifications, counters, filter
 * hits, states and guest bytes. The same recorder observes a replay, so recording and checking
 * share one definition of "what changed".
 *
 * <p>Filter hits (spec 07, TXF-8) are followed for the <em>filtering</em> contexts: those that a
 * successful create or update of this run gave at least one TX rule or the default {@code DROP},
 * until an update takes both away or a destroy succeeds. On every call the recorder reads
 * {@code filterHits(ctx, rule)} for each context filtering before or after the call and every
 * rule index 0 to {@code maxFilterRules} of the device's limits, and lists every change (spec 05,
 * section 6.1).
 *
 * <p>A {@link Harness#relocate} is one step, {@code relocate} (spec 05, section 5.6): the exports,
 * destroys and imports it makes are not steps of their own; the step's expectation lists each
 * live context's move and everything the whole relocation changed, the counters and states read
 * from the old device before it and from the new one after it.
 */
public final class StepRecorder implements Harness.Listener {

    /** Contexts followed from the start: the {@code core} preset's ids 0 to 3. */
    private static final int PRESET_CONTEXTS = 4;
    /** Largest context id whose counters and state a step reports. */
    private static final int MAX_FOLLOWED = 4095;
    /** Changed bytes closer than this are one run (the unchanged bytes between are repeated). */
    private static final int RUN_GAP = 8;
    /** Runs at least this long are tried as a constant byte or the fill pattern before hex. */
    private static final int COMPRESS_FROM = 32;

    /** The device-wide counters, read with {@link Counter#DEVICE} only; the rest are per context. */
    private static final List<Counter> DEVICE_COUNTERS = List.of(Counter.WIRE_RX_FRAMES, Counter.WIRE_DROP_NO_CONTEXT, Counter.HOST_SWITCHED_FRAMES);

    private final Harness harness;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Integer, byte[]> shadow = new TreeMap<>();
    private final Set<Integer> followed = new TreeSet<>();
    private final List<Finding> findings = new ArrayList<>();

    private int framesBefore;
    private int notificationsBefore;
    private int findingsBefore;
    private final Map<Integer, Map<Counter, Long>> countersBefore = new TreeMap<>();
    private final Map<Integer, ContextState> statesBefore = new TreeMap<>();
    private final Set<Integer> filtering = new TreeSet<>();
    private final Set<Integer> filteringBefore = new TreeSet<>();
    private final Map<Integer, long[]> hitsBefore = new TreeMap<>();
    /** While a relocation runs, the calls it makes are part of its step; null otherwise. */
    private String relocatingTo;

    private StepRecorder(Harness harness) {
        this.harness = harness;
        for (int ctx = 0; ctx < PRESET_CONTEXTS; ctx++) {
            followed.add(ctx);
        }
        harness.memory().pages().forEach((gref, page) -> shadow.put(gref, page.clone()));
    }

    /** Starts recording {@code harness} (its pages so far count as already written). */
    public static StepRecorder attach(Harness harness) {
        StepRecorder recorder = new StepRecorder(harness);
        harness.listen(recorder);
        return recorder;
    }

    /** The steps so far; guest stores not yet followed by a grant, revoke or call are flushed first. */
    public List<Step> steps() {
        flushWrites();
        return List.copyOf(steps);
    }

    /** Findings (stray accesses, exceptions, runaway calls) the device caused while recorded. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    // ------------------------------------------------------------------ Harness.Listener

    @Override
    public void granted(int gref, int context, Access access) {
        flushWrites();
        follow(context);
        steps.add(Step.of(new Step.Grant(Integer.toUnsignedLong(gref), context, access.name())));
    }

    @Override
    public void revoked(int gref) {
        flushWrites();
        steps.add(Step.of(new Step.Revoke(Integer.toUnsignedLong(gref))));
    }

    @Override
    public void relocating(io.netchannel.api.DeviceProvider target) {
        flushWrites();
        snapshot(null);
        relocatingTo = target instanceof RelocationTarget named ? named.to() : Step.Relocate.DEVICE;
    }

    @Override
    public void relocated(List<Harness.Move> moves) {
        List<Step.Move> listed = new ArrayList<>();
        for (Harness.Move move : moves) {
            listed.add(new Step.Move(move.context(), answer(move.exported()), move.imported() == null ? null : answer(move.imported())));
        }
        Step.Expect changed = changes(null, null);
        steps.add(Step.of(new Step.Relocate(relocatingTo)).expecting(new Step.Expect(null, null, null, listed, changed.frames(),
                changed.notifications(), changed.counters(), changed.filterHits(), changed.states(), changed.memory())));
        relocatingTo = null;
    }

    /** A control answer as a move lists it. */
    private static Step.Answer answer(ControlResult result) {
        if (result instanceof ControlResult.Rejected rejected) {
            return new Step.Answer("rejected", rejected.category().name(), null);
        } else if (result instanceof ControlResult.Exported exported) {
            return new Step.Answer("exported", null, Documents.tree(exported.state()));
        }
        return new Step.Answer(outcome(result), null, null);
    }

    /** The {@code outcome} of a control answer (spec 05, section 6.1). */
    private static String outcome(ControlResult result) {
        if (result instanceof ControlResult.Rejected) {
            return "rejected";
        } else if (result instanceof ControlResult.NoContextAvailable) {
            return "no-context-available";
        } else if (result instanceof ControlResult.Ok) {
            return "ok";
        } else if (result instanceof ControlResult.Exported) {
            return "exported";
        }
        return "none"; // the device threw; the finding says so
    }

    @Override
    public void beforeCall(Harness.Call call) {
        if (relocatingTo != null) {
            trackFiltering(call);
            return;
        }
        flushWrites();
        if (call instanceof Harness.ControlCall control) {
            follow(control.request().context());
            if (control.caller() instanceof Caller.Guest guest) {
                follow(guest.context());
            }
        } else if (call instanceof Harness.KickCall kick) {
            follow(kick.context());
        }
        snapshot(call);
    }

    /** What the next step's expectation is measured from; {@code call}, if not null, is the call about to run. */
    private void snapshot(Harness.Call call) {
        framesBefore = harness.sink().frames().size();
        notificationsBefore = harness.sink().notifications().size();
        findingsBefore = harness.memory().findings().size();
        countersBefore.clear();
        statesBefore.clear();
        for (int ctx : followed) {
            countersBefore.put(ctx, counters(ctx));
            statesBefore.put(ctx, harness.state(ctx));
        }
        countersBefore.put(Counter.DEVICE, deviceCounters());
        filteringBefore.clear();
        filteringBefore.addAll(filtering);
        hitsBefore.clear();
        for (int ctx : filtering) {
            hitsBefore.put(ctx, hits(ctx));
        }
        int target = call == null ? -1 : configured(call);
        if (target >= 0) {
            hitsBefore.computeIfAbsent(target, this::hits);
        }
    }

    /** Inside a relocation: a context its import configures is read before the call, so its filter hits can be compared after. */
    private void trackFiltering(Harness.Call call) {
        int target = configured(call);
        if (target >= 0) {
            hitsBefore.computeIfAbsent(target, this::hits);
        }
    }

    @Override
    public void afterCall(Harness.Call call, ControlResult result) {
        if (relocatingTo != null) {
            moveFiltering(call, result);
            return;
        }
        String outcome = null;
        String category = null;
        com.fasterxml.jackson.databind.JsonNode document = null;
        if (call instanceof Harness.ControlCall) {
            outcome = outcome(result);
            if (result instanceof ControlResult.Rejected rejected) {
                category = rejected.category().name();
            } else if (result instanceof ControlResult.Exported exported) {
                document = Documents.tree(exported.state());
            }
        }
        Step.Expect changed = changes(call, result);
        Step step = step(call).expecting(new Step.Expect(outcome, category, document, null, changed.frames(), changed.notifications(),
                changed.counters(), changed.filterHits(), changed.states(), changed.memory()));
        Harness.Hostile hostile = harness.armedHostile();
        if (hostile != null) {
            step = step.withHostile(new Step.Hostile(Integer.toUnsignedLong(hostile.gref()), hostile.from(), hostile.xor()));
        }
        steps.add(step);
    }

    /** Everything that changed since {@link #snapshot}; {@code call} and {@code result} move the filtering set first (null: a relocation). */
    private Step.Expect changes(Harness.Call call, ControlResult result) {
        List<Step.Frame> frames = new ArrayList<>();
        List<RecordingSink.Frame> sent = harness.sink().frames();
        for (RecordingSink.Frame frame : sent.subList(framesBefore, sent.size())) {
            frames.add(new Step.Frame(frame.port(), Hex.encode(frame.bytes())));
        }
        List<Step.Notify> notify = new ArrayList<>();
        List<RecordingSink.Notification> notes = harness.sink().notifications();
        for (RecordingSink.Notification n : notes.subList(notificationsBefore, notes.size())) {
            notify.add(new Step.Notify(n.context(), n.queue().name()));
        }
        List<Step.CounterDelta> counters = new ArrayList<>();
        Map<Counter, Long> device = deviceCounters();
        for (Counter counter : DEVICE_COUNTERS) {
            long delta = device.get(counter) - countersBefore.get(Counter.DEVICE).get(counter);
            if (delta != 0) {
                counters.add(new Step.CounterDelta(Counter.DEVICE, counter.name(), delta));
            }
        }
        List<Step.StateChange> states = new ArrayList<>();
        for (int ctx : followed) {
            Map<Counter, Long> before = countersBefore.get(ctx);
            Map<Counter, Long> after = counters(ctx);
            for (Map.Entry<Counter, Long> entry : after.entrySet()) {
                long delta = entry.getValue() - before.get(entry.getKey());
                if (delta != 0) {
                    counters.add(new Step.CounterDelta(ctx, entry.getKey().name(), delta));
                }
            }
            ContextState state = harness.state(ctx);
            if (state != statesBefore.get(ctx)) {
                states.add(new Step.StateChange(ctx, String.valueOf(state)));
            }
        }
        if (call != null) {
            moveFiltering(call, result);
        }
        List<Step.FilterHit> hits = filterHits();
        List<Step.Write> memory = diffPages();
        List<Finding> all = harness.memory().findings();
        findings.addAll(all.subList(findingsBefore, all.size()));
        return new Step.Expect(null, null, frames, notify, counters, hits, states, memory);
    }

    // ------------------------------------------------------------------ helpers

    /** The context a create, update or import of a followed id configures, or -1. */
    private static int configured(Harness.Call call) {
        if (call instanceof Harness.ControlCall control && (control.request() instanceof ControlRequest.CreateContext
                || control.request() instanceof ControlRequest.UpdateContext || control.request() instanceof ControlRequest.ImportContext)) {
            int context = control.request().context();
            return context >= 0 && context <= MAX_FOLLOWED ? context : -1;
        }
        return -1;
    }

    /** Moves the filtering set by {@code call}'s success. */
    private void moveFiltering(Harness.Call call, ControlResult result) {
        if (call instanceof Harness.ControlCall control && result instanceof ControlResult.Ok) {
            ControlRequest request = control.request();
            ContextConfig config = request instanceof ControlRequest.CreateContext create ? create.config()
                    : request instanceof ControlRequest.UpdateContext update ? update.config()
                    : request instanceof ControlRequest.ImportContext imported ? imported.state().host() : null;
            if (config != null && configured(call) >= 0) {
                if (!config.txRules().isEmpty() || config.txDefault() != FilterAction.ALLOW) {
                    filtering.add(request.context());
                } else {
                    filtering.remove(request.context());
                }
            } else if (request instanceof ControlRequest.DestroyContext) {
                filtering.remove(request.context());
            }
        }
    }

    /** The filter-hit changes of every context filtering before or after the step. */
    private List<Step.FilterHit> filterHits() {
        List<Step.FilterHit> changes = new ArrayList<>();
        for (Map.Entry<Integer, long[]> entry : hitsBefore.entrySet()) {
            int ctx = entry.getKey();
            if (!filteringBefore.contains(ctx) && !filtering.contains(ctx)) {
                continue;
            }
            long[] before = entry.getValue();
            long[] after = hits(ctx);
            for (int rule = 0; rule < after.length; rule++) {
                if (after[rule] != before[rule]) {
                    changes.add(new Step.FilterHit(ctx, rule, after[rule] - before[rule]));
                }
            }
        }
        return changes;
    }

    /** {@code filterHits(ctx, rule)} for rule 0 to the device's {@code maxFilterRules}. */
    private long[] hits(int context) {
        long[] values = new long[harness.provider().limits().maxFilterRules() + 1];
        for (int rule = 0; rule < values.length; rule++) {
            values[rule] = harness.filterHits(context, rule);
        }
        return values;
    }

    private void follow(int context) {
        if (context >= 0 && context <= MAX_FOLLOWED && followed.add(context)) {
            countersBefore.put(context, counters(context));
            statesBefore.put(context, harness.state(context));
        }
    }

    private Map<Counter, Long> counters(int context) {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            if (!DEVICE_COUNTERS.contains(counter)) {
                values.put(counter, harness.counter(context, counter));
            }
        }
        return values;
    }

    private Map<Counter, Long> deviceCounters() {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : DEVICE_COUNTERS) {
            values.put(counter, harness.counter(Counter.DEVICE, counter));
        }
        return values;
    }

    /** Guest stores since the last step become write steps. */
    private void flushWrites() {
        for (Step.Write write : diffPages()) {
            steps.add(Step.of(write));
        }
    }

    /** The runs of bytes that differ from the shadow, page by page in gref order; the shadow catches up. */
    private List<Step.Write> diffPages() {
        List<Step.Write> runs = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> entry : new TreeMap<>(harness.memory().pages()).entrySet()) {
            int gref = entry.getKey();
            byte[] now = entry.getValue();
            byte[] before = shadow.computeIfAbsent(gref, g -> new byte[now.length]);
            runs.addAll(runs(gref, before, now));
            System.arraycopy(now, 0, before, 0, now.length);
        }
        return runs;
    }

    /** The changed runs of one page, compressed where a constant or the fill pattern says it in one line. */
    static List<Step.Write> runs(int gref, byte[] before, byte[] now) {
        List<Step.Write> runs = new ArrayList<>();
        int k = 0;
        while (k < now.length) {
            if (before[k] == now[k]) {
                k++;
                continue;
            }
            int start = k;
            int end = k + 1; // exclusive end of the run's last changed byte
            for (int j = k + 1; j < now.length && j < end + RUN_GAP; j++) {
                if (before[j] != now[j]) {
                    end = j + 1;
                }
            }
            runs.add(write(gref, now, start, end - start));
            k = end;
        }
        return runs;
    }

    private static Step.Write write(int gref, byte[] page, int offset, int length) {
        long unsigned = Integer.toUnsignedLong(gref);
        if (length >= COMPRESS_FROM) {
            boolean constant = true;
            boolean pattern = true;
            for (int k = offset; k < offset + length; k++) {
                constant &= page[k] == page[offset];
                pattern &= page[k] == Patterns.at(unsigned, k);
            }
            if (constant) {
                return new Step.Write(unsigned, offset, length, null, page[offset] & 0xFF, null);
            }
            if (pattern) {
                return new Step.Write(unsigned, offset, length, null, null, unsigned);
            }
        }
        return new Step.Write(unsigned, offset, null, Hex.encode(page, offset, length), null, null);
    }

    /** The step a call is, without its expectation. */
    static Step step(Harness.Call call) {
        if (call instanceof Harness.ControlCall control) {
            return Step.of(Controls.of(control.caller(), control.request()));
        } else if (call instanceof Harness.KickCall kick) {
            return Step.of(new Step.Kick(kick.context(), kick.queue().name()));
        } else if (call instanceof Harness.WireCall wire) {
            return Step.of(new Step.Wire(wire.port(), Hex.encode(wire.frame())));
        }
        return Step.advance(((Harness.AdvanceCall) call).nanos());
    }
}
