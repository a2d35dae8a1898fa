package io.netchannel.conformance.vectors;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.Finding;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays vector tests on any implementation of the device contract and judges them (spec 05,
 * section 10): each step is applied through a fresh {@link Harness}, each device call's observed
 * changes are recorded by the same {@link StepRecorder} that wrote the vectors, and the first
 * difference, exception, stray access or hang fails the test with its step index.
 */
public final class VectorRunner {

    /** A test whose device calls take longer than this in all is a hang. */
    public static final long TIMEOUT_SECONDS = 20;

    private VectorRunner() {
    }

    /**
     * The verdict of {@code test} (of {@code group} in {@code file}, found at {@code path}) on
     * {@code device}, or for a group with a {@code host} section on {@code device} behind the
     * reference host ({@link HostedProvider}, spec 05 section 3.2).
     */
    public static Verdict run(DeviceProvider device, String path, VectorFile file, VectorFile.Group group, VectorFile.Test test) {
        DeviceProvider provider = device;
        if (group.host() != null) {
            int deviceContexts = group.host().deviceContexts();
            if (deviceContexts > device.limits().maxContexts()) {
                // below the core preset's minimum of 4 contexts: the test needs more than the device has (spec 05, section 10)
                return new Verdict(test.id(), test.reqs(), Verdict.Status.FAIL, path, 0, "the group runs behind the reference host with "
                        + deviceContexts + " device contexts, the device declares maxContexts=" + device.limits().maxContexts()
                        + " (the core preset needs at least 4)");
            }
            provider = new HostedProvider(device, deviceContexts);
        }
        DeviceProvider chosen = provider;
        Set<Profile> claimed = provider.profiles();
        for (String id : group.profiles()) {
            Profile profile = Profile.fromId(id);
            if (profile != Profile.CORE && !claimed.contains(profile)) {
                return new Verdict(test.id(), test.reqs(), Verdict.Status.SKIP, path, 0, "profile " + id + " not claimed");
            }
        }
        String unfit = unfit(provider, test);
        if (unfit != null) {
            return new Verdict(test.id(), test.reqs(), Verdict.Status.SKIP, path, 0, unfit);
        }
        if ("layout".equals(file.kind())) {
            String mismatch = Layouts.check(test);
            return verdict(test, path, mismatch == null ? 0 : 1, mismatch);
        }
        if (DOCUMENT.equals(file.kind())) {
            // the suite's document reader, not the device (spec 05, section 4.4)
            String mismatch = Documents.check(test);
            return verdict(test, path, 0, mismatch);
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vector " + test.id());
            thread.setDaemon(true); // a hung device must not keep the JVM alive
            return thread;
        });
        try {
            Future<Verdict> future = worker.submit(() -> replay(chosen, device, path, group, test));
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return new Verdict(test.id(), test.reqs(), Verdict.Status.FAIL, path, 0, "hang: no verdict within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            return new Verdict(test.id(), test.reqs(), Verdict.Status.FAIL, path, 0, "the runner failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(test.id(), test.reqs(), Verdict.Status.FAIL, path, 0, "interrupted");
        } finally {
            worker.shutdownNow();
        }
    }

    /**
     * Why a test cannot judge this device, by the reserved flags of spec 05 section 3: a test
     * flagged {@value #CORE_LIMITS} assumes exactly the core preset's limits; one flagged
     * {@value #WITHOUT_TSO}, {@value #WITHOUT_QOS}, {@value #WITHOUT_COALESCING},
     * {@value #WITHOUT_CHECKSUM} or {@value #WITHOUT_LRO} a device that does not claim tso, qos,
     * coalescing, checksum or lro ({@link #notOffered}). Null when the test applies.
     */
    static String unfit(DeviceProvider provider, VectorFile.Test test) {
        List<String> flags = test.flags() == null ? List.of() : test.flags();
        if (flags.contains(CORE_LIMITS) && !provider.limits().equals(PRESET_LIMITS)) {
            return "flag " + CORE_LIMITS + ": the test assumes the core preset's limits " + PRESET_LIMITS + ", the device has " + provider.limits();
        }
        for (Map.Entry<String, Profile> flag : NOT_OFFERED.entrySet()) {
            if (flags.contains(flag.getKey()) && provider.profiles().contains(flag.getValue())) {
                return "flag " + flag.getKey() + ": the test expects a device that does not claim " + flag.getValue().id();
            }
        }
        return null;
    }

    /** The profiles {@code test}'s reserved flags say the device must not claim (spec 05, section 3.1); empty for most tests. */
    public static Set<Profile> notOffered(VectorFile.Test test) {
        Set<Profile> profiles = new TreeSet<>();
        for (String flag : test.flags() == null ? List.<String>of() : test.flags()) {
            Profile profile = NOT_OFFERED.get(flag);
            if (profile != null) {
                profiles.add(profile);
            }
        }
        return profiles;
    }

    /** The kind of the document tests (spec 05, section 4.4). */
    static final String DOCUMENT = "document";

    /** Reserved flag: the test assumes exactly {@link #PRESET_LIMITS}. */
    public static final String CORE_LIMITS = "CoreLimits";
    /** Reserved flag: the test expects a device without the tso profile. */
    public static final String WITHOUT_TSO = "SegmentationNotOffered";
    /** Reserved flag: the test expects a device without the qos profile (a TX rate limit is then NOT_SUPPORTED, QOS-1). */
    public static final String WITHOUT_QOS = "QosNotOffered";
    /** Reserved flag: the test expects a device without the coalescing profile (coalescing is then NOT_SUPPORTED, COAL-1). */
    public static final String WITHOUT_COALESCING = "CoalescingNotOffered";
    /**
     * Reserved flag: the test expects a device without the checksum profile, and so, by OFF-1,
     * without tso and lro too: NETTXF_csum_blank is then ignored (spec 04) and rxChecksum is
     * NOT_SUPPORTED (OFF-1).
     */
    public static final String WITHOUT_CHECKSUM = "ChecksumNotOffered";
    /** Reserved flag: the test expects a device without the lro profile (a flush delay other than 0 is then NOT_SUPPORTED, OFF-1). */
    public static final String WITHOUT_LRO = "LroNotOffered";
    /** Reserved flag: the test expects a device without the relocation profile (export and import are then NOT_SUPPORTED, RELOC-1). */
    public static final String WITHOUT_RELOCATION = "RelocationNotOffered";
    /** Each reserved "not offered" flag and the profile it is about. */
    private static final Map<String, Profile> NOT_OFFERED = java.util.Collections.unmodifiableMap(new TreeMap<>(Map.of(WITHOUT_TSO, Profile.TSO,
            WITHOUT_QOS, Profile.QOS, WITHOUT_COALESCING, Profile.COALESCING, WITHOUT_CHECKSUM, Profile.CHECKSUM, WITHOUT_LRO, Profile.LRO,
            WITHOUT_RELOCATION, Profile.RELOCATION)));
    /**
     * The bundled devices' limits a {@value #CORE_LIMITS} test assumes: 64 contexts, 8 MACs per
     * context, 64 multicast groups, context ids 0 to 4095, 8 VIDs per trunk, 16 filter rules, and a
     * multicast filter exact for all 64 groups. {@link #unfit} compares every component, so a
     * component added to {@code DeviceLimits} joins the comparison.
     */
    public static final io.netchannel.api.DeviceLimits PRESET_LIMITS = new io.netchannel.api.DeviceLimits(64, 8, 64, 4095, 8, 16, 64);

    private static Verdict replay(DeviceProvider provider, DeviceProvider device, String path, VectorFile.Group group, VectorFile.Test test) {
        List<Step> steps = new ArrayList<>();
        if (group.setup() != null) {
            steps.addAll(group.setup());
        }
        steps.addAll(test.steps());
        Harness harness = Harness.start(provider);
        StepRecorder recorder = StepRecorder.attach(harness);
        int findings = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                apply(harness, step, relocate -> RelocationTarget.of(relocate, device, group));
            } catch (IllegalArgumentException e) {
                return verdict(test, path, i + 1, "malformed step (" + step.describe() + "): " + e.getMessage());
            }
            if (!step.isCall()) {
                continue;
            }
            List<Step> recorded = recorder.steps();
            Step.Expect observed = normal(recorded.get(recorded.size() - 1).expect());
            List<Finding> found = recorder.findings();
            if (found.size() > findings) {
                return verdict(test, path, i + 1, step.describe() + ": " + found.get(findings).rule() + " — " + found.get(findings));
            }
            findings = found.size();
            String difference = difference(normal(step.expect()), observed);
            if (difference != null) {
                return verdict(test, path, i + 1, step.describe() + ": " + difference);
            }
        }
        return verdict(test, path, 0, null);
    }

    private static Verdict verdict(VectorFile.Test test, String path, int step, String mismatch) {
        return mismatch == null ? new Verdict(test.id(), test.reqs(), Verdict.Status.PASS, path, 0, "")
                : new Verdict(test.id(), test.reqs(), Verdict.Status.FAIL, path, step, mismatch);
    }

    /** Applies one step of chapters 01 to 11 (no relocate); a step the harness cannot perform is an IllegalArgumentException naming why. */
    static void apply(Harness harness, Step step) {
        apply(harness, step, relocate -> {
            throw new IllegalArgumentException("a relocate step needs the device under test and its group");
        });
    }

    /**
     * Applies one step, {@code targets} building the device a {@code relocate} step moves to; a
     * step the harness cannot perform is an IllegalArgumentException naming why.
     */
    static void apply(Harness harness, Step step, java.util.function.Function<Step.Relocate, RelocationTarget> targets) {
        if (step.hostile() != null) {
            if (!step.isCall()) {
                throw new IllegalArgumentException("hostile goes with a device call");
            }
            harness.rewriteAfterRead(new Harness.Hostile(gref(step.hostile().gref()), step.hostile().from(), step.hostile().xor()));
        }
        if (step.grant() != null) {
            harness.grant(gref(step.grant().gref()), step.grant().ctx(), Access.valueOf(step.grant().access()));
        } else if (step.revoke() != null) {
            harness.revoke(gref(step.revoke().gref()));
        } else if (step.write() != null) {
            Step.Write write = step.write();
            byte[] bytes = write.bytes();
            if (write.offset() < 0 || write.offset() + bytes.length > GuestMemory.PAGE_SIZE) {
                throw new IllegalArgumentException("write runs past its page: offset=" + write.offset() + " length=" + bytes.length);
            }
            System.arraycopy(bytes, 0, harness.memory().page(gref(write.gref())), write.offset(), bytes.length);
        } else if (step.control() != null) {
            Step.Control control = step.control();
            harness.control(caller(control.caller()), Controls.request(control));
        } else if (step.kick() != null) {
            harness.kick(step.kick().ctx(), Queue.valueOf(step.kick().queue()));
        } else if (step.wire() != null) {
            harness.receive(step.wire().port(), Hex.decode(step.wire().frame()));
        } else if (step.advanceTo() != null) {
            harness.advanceTo(step.advanceTo());
        } else if (step.relocate() != null) {
            harness.relocate(targets.apply(step.relocate()));
        } else {
            throw new IllegalArgumentException("a step needs one verb: grant, revoke, write, control, kick, wire, advanceTo or relocate");
        }
    }

    private static int gref(long gref) {
        if (gref < 0 || gref > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("gref outside 0..4294967295: gref=" + gref);
        }
        return (int) gref;
    }

    private static Caller caller(Object caller) {
        if ("host".equals(caller)) {
            return Caller.HOST;
        }
        if (caller instanceof Integer context) {
            return Caller.guest(context);
        }
        throw new IllegalArgumentException("caller is 'host' or a guest's context id: caller=" + caller);
    }

    /**
     * An expectation with empty lists as absent ones, so a missing key and an empty list compare
     * equal; counters, filter hits and states, compared as sets, in their canonical order.
     */
    static Step.Expect normal(Step.Expect expect) {
        if (expect == null) {
            return new Step.Expect(null, null, null, null, null, null, null, null);
        }
        return new Step.Expect(expect.outcome(), expect.category(), expect.document(), empty(expect.moves()), empty(expect.frames()),
                empty(expect.notifications()),
                sorted(expect.counters(), Comparator.comparingInt(Step.CounterDelta::ctx).thenComparingInt(c -> counterOrder(c.counter()))),
                sorted(expect.filterHits(), Comparator.comparingInt(Step.FilterHit::ctx).thenComparingInt(Step.FilterHit::rule)),
                sorted(expect.states(), Comparator.comparingInt(Step.StateChange::ctx)), empty(expect.memory()));
    }

    private static <T> List<T> empty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        return list == null || list.isEmpty() ? null : list.stream().sorted(order).toList();
    }

    private static int counterOrder(String name) {
        try {
            return Counter.valueOf(name).ordinal();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE; // an unknown name never equals an observed one anyway
        }
    }

    /**
     * What differs, observable by observable; null when nothing does. Notifications are compared
     * per context, in order within each context; the interleaving between contexts is free
     * (DEMUX-12, spec 05 section 6.2).
     */
    static String difference(Step.Expect expected, Step.Expect observed) {
        List<String> lines = new ArrayList<>();
        compare(lines, "outcome", expected.outcome(), observed.outcome());
        compare(lines, "category", expected.category(), observed.category());
        document(lines, "document", expected.document(), observed.document());
        moves(lines, expected.moves(), observed.moves());
        compare(lines, "frames", expected.frames(), observed.frames());
        Map<Integer, List<String>> expectedNotes = byContext(expected.notifications());
        Map<Integer, List<String>> observedNotes = byContext(observed.notifications());
        Set<Integer> notified = new TreeSet<>(expectedNotes.keySet());
        notified.addAll(observedNotes.keySet());
        for (int ctx : notified) {
            compare(lines, "notify of ctx " + ctx, expectedNotes.get(ctx), observedNotes.get(ctx));
        }
        compare(lines, "counters", expected.counters(), observed.counters());
        compare(lines, "filterHits", expected.filterHits(), observed.filterHits());
        compare(lines, "states", expected.states(), observed.states());
        compare(lines, "memory", expected.memory(), observed.memory());
        return lines.isEmpty() ? null : String.join("; ", lines);
    }

    /** Exported documents compare by their canonical text (spec 12, section 5.2); a difference names the first member that differs. */
    private static void document(List<String> lines, String what, com.fasterxml.jackson.databind.JsonNode expected,
            com.fasterxml.jackson.databind.JsonNode observed) {
        if (expected == null && observed == null) {
            return;
        }
        if (expected == null || observed == null) {
            lines.add(what + ": expected " + (expected == null ? "none" : "a document") + ", observed " + (observed == null ? "none" : "a document"));
            return;
        }
        String difference = Documents.difference(expected, observed);
        if (difference != null) {
            lines.add(what + " " + difference);
        }
    }

    /** The moves of a relocate step, context by context: export answer and document, import answer. */
    private static void moves(List<String> lines, List<Step.Move> expected, List<Step.Move> observed) {
        List<Step.Move> want = expected == null ? List.of() : expected;
        List<Step.Move> seen = observed == null ? List.of() : observed;
        List<Integer> wantIds = want.stream().map(Step.Move::ctx).toList();
        List<Integer> seenIds = seen.stream().map(Step.Move::ctx).toList();
        if (!wantIds.equals(seenIds)) {
            lines.add("moves: expected contexts " + wantIds + ", observed " + seenIds);
            return;
        }
        for (int k = 0; k < want.size(); k++) {
            String at = "move of ctx " + want.get(k).ctx();
            answer(lines, at + " export", want.get(k).exported(), seen.get(k).exported());
            answer(lines, at + " import", want.get(k).imported(), seen.get(k).imported());
        }
    }

    private static void answer(List<String> lines, String what, Step.Answer expected, Step.Answer observed) {
        if (expected == null || observed == null) {
            if (expected != observed) {
                lines.add(what + ": expected " + (expected == null ? "none" : expected.outcome()) + ", observed "
                        + (observed == null ? "none" : observed.outcome()));
            }
            return;
        }
        compare(lines, what + " outcome", expected.outcome(), observed.outcome());
        compare(lines, what + " category", expected.category(), observed.category());
        document(lines, what + " document", expected.document(), observed.document());
    }

    /** The queues notified, in order, by context. */
    private static Map<Integer, List<String>> byContext(List<Step.Notify> notifications) {
        Map<Integer, List<String>> grouped = new TreeMap<>();
        if (notifications != null) {
            for (Step.Notify n : notifications) {
                grouped.computeIfAbsent(n.ctx(), c -> new ArrayList<>()).add(n.queue());
            }
        }
        return grouped;
    }

    private static void compare(List<String> lines, String what, Object expected, Object observed) {
        if (!Objects.equals(expected, observed)) {
            lines.add(what + ": expected " + shorten(expected) + ", observed " + shorten(observed));
        }
    }

    private static String shorten(Object value) {
        String text = value == null ? "nothing" : value.toString();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
