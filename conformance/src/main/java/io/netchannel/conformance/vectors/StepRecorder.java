package io.netchannel.conformance.vectors;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
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
 * {@link Step.Expect} lists everything the call changed — frames, notifications, counters, states
 * and guest bytes. The same recorder observes a replay, so recording and checking share one
 * definition of "what changed".
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

    private static final List<Counter> DEVICE_COUNTERS = List.of(Counter.WIRE_RX_FRAMES, Counter.WIRE_DROP_NO_CONTEXT);

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
    public void beforeCall(Harness.Call call) {
        flushWrites();
        if (call instanceof Harness.ControlCall control) {
            follow(control.request().context());
            if (control.caller() instanceof Caller.Guest guest) {
                follow(guest.context());
            }
        } else if (call instanceof Harness.KickCall kick) {
            follow(kick.context());
        }
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
    }

    @Override
    public void afterCall(Harness.Call call, ControlResult result) {
        String outcome = null;
        String category = null;
        if (call instanceof Harness.ControlCall) {
            if (result instanceof ControlResult.Rejected rejected) {
                outcome = "rejected";
                category = rejected.category().name();
            } else if (result instanceof ControlResult.NoContextAvailable) {
                outcome = "no-context-available";
            } else if (result instanceof ControlResult.Ok) {
                outcome = "ok";
            } else {
                outcome = "none"; // the device threw; the finding says so
            }
        }
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
        List<Step.Write> memory = diffPages();
        List<Finding> all = harness.memory().findings();
        findings.addAll(all.subList(findingsBefore, all.size()));
        Step step = step(call).expecting(new Step.Expect(outcome, category, frames, notify, counters, states, memory));
        Harness.Hostile hostile = harness.armedHostile();
        if (hostile != null) {
            step = step.withHostile(new Step.Hostile(Integer.toUnsignedLong(hostile.gref()), hostile.from(), hostile.xor()));
        }
        steps.add(step);
    }

    // ------------------------------------------------------------------ helpers

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
            return Step.of(control(control.caller(), control.request()));
        } else if (call instanceof Harness.KickCall kick) {
            return Step.of(new Step.Kick(kick.context(), kick.queue().name()));
        } else if (call instanceof Harness.WireCall wire) {
            return Step.of(new Step.Wire(wire.port(), Hex.encode(wire.frame())));
        }
        return Step.advance(((Harness.AdvanceCall) call).nanos());
    }

    private static Step.Control control(Caller caller, ControlRequest request) {
        Object who = caller instanceof Caller.Guest guest ? (Object) guest.context() : "host";
        if (request instanceof ControlRequest.CreateContext create) {
            return host(who, "create", create.context(), create.config());
        } else if (request instanceof ControlRequest.UpdateContext update) {
            return host(who, "update", update.context(), update.config());
        } else if (request instanceof ControlRequest.ResetContext reset) {
            return new Step.Control(who, "reset", reset.context(), null, null, null, null, null, null);
        } else if (request instanceof ControlRequest.DestroyContext destroy) {
            return new Step.Control(who, "destroy", destroy.context(), null, null, null, null, null, null);
        }
        ControlRequest.SetGuestConfig set = (ControlRequest.SetGuestConfig) request;
        GuestConfig config = set.config();
        return new Step.Control(who, "set-guest-config", set.context(), null, null, null, null, config.promiscuous(), macs(config.multicast()));
    }

    private static Step.Control host(Object who, String request, int context, ContextConfig config) {
        return new Step.Control(who, request, context, macs(config.macs()), Integer.toUnsignedLong(config.txRingGref()),
                Integer.toUnsignedLong(config.rxRingGref()), config.promiscuousAllowed(), null, null);
    }

    private static List<String> macs(List<MacAddress> macs) {
        return macs.stream().map(MacAddress::toString).toList();
    }
}
