package io.netchannel.conformance.harness;

import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything observable after a step (spec 00-conventions, "observable"): frames with their port,
 * notifications, control results by kind and category, context states, counters, TX filter-rule
 * hits, the bytes of every guest page, and the harness's findings. Two observations are compared
 * with {@link #diff}.
 *
 * @param frames frames sent so far, in order
 * @param notifications notifications so far, in order (compared per context: DEMUX-12 leaves the
 *     order between contexts free)
 * @param controlResults control results so far, as kind and category
 * @param states state of every context id the run named
 * @param counters per-context counters of those ids
 * @param deviceCounters device-wide counters
 * @param pages every guest page ever granted, by gref
 * @param findings findings so far
 * @param filterHits {@code filterHits(ctx, rule)} of those ids, by context and rule index, the
 *     non-zero ones only (spec 07, TXF-8); null when not observed, and {@link #diff} then skips
 *     them
 */
public record Observation(List<RecordingSink.Frame> frames, List<RecordingSink.Notification> notifications,
        List<String> controlResults, Map<Integer, ContextState> states, Map<Integer, Map<Counter, Long>> counters,
        Map<Counter, Long> deviceCounters, Map<Integer, byte[]> pages, List<Finding> findings, Map<Integer, Map<Integer, Long>> filterHits) {

    /** An observation without filter hits (they are not compared). */
    public Observation(List<RecordingSink.Frame> frames, List<RecordingSink.Notification> notifications, List<String> controlResults,
            Map<Integer, ContextState> states, Map<Integer, Map<Counter, Long>> counters, Map<Counter, Long> deviceCounters,
            Map<Integer, byte[]> pages, List<Finding> findings) {
        this(frames, notifications, controlResults, states, counters, deviceCounters, pages, findings, null);
    }

    /** Copies everything. */
    public Observation {
        if (filterHits != null) {
            Map<Integer, Map<Integer, Long>> copy = new TreeMap<>();
            filterHits.forEach((context, rules) -> copy.put(context, Map.copyOf(rules)));
            filterHits = java.util.Collections.unmodifiableMap(copy);
        }
        frames = List.copyOf(frames);
        notifications = List.copyOf(notifications);
        controlResults = List.copyOf(controlResults);
        states = Map.copyOf(states);
        counters = Map.copyOf(counters);
        deviceCounters = Map.copyOf(deviceCounters);
        pages = Map.copyOf(pages);
        findings = List.copyOf(findings);
    }

    /**
     * What differs between {@code expected} (this) and {@code observed}, one line each naming the
     * observable; empty when they agree. Notifications are compared context by context, in order
     * within each: a device may handle a replicated frame's copies in any order between contexts
     * (DEMUX-12). Filter hits are compared when both sides observed them.
     */
    public List<String> diff(Observation observed) {
        List<String> lines = new ArrayList<>();
        list("frame", frames, observed.frames, lines);
        Map<Integer, List<Queue>> expectedNotes = byContext(notifications);
        Map<Integer, List<Queue>> observedNotes = byContext(observed.notifications);
        for (Integer context : union(expectedNotes.keySet(), observedNotes.keySet())) {
            list("notification of context " + context, expectedNotes.getOrDefault(context, List.of()), observedNotes.getOrDefault(context, List.of()),
                    lines);
        }
        list("control result", controlResults, observed.controlResults, lines);
        for (Integer context : union(states.keySet(), observed.states.keySet())) {
            if (!Objects.equals(states.get(context), observed.states.get(context))) {
                lines.add("state of context " + context + ": expected " + states.get(context) + ", observed " + observed.states.get(context));
            }
        }
        for (Integer context : union(counters.keySet(), observed.counters.keySet())) {
            Map<Counter, Long> mine = counters.getOrDefault(context, Map.of());
            Map<Counter, Long> theirs = observed.counters.getOrDefault(context, Map.of());
            for (Counter counter : Counter.values()) {
                long a = mine.getOrDefault(counter, 0L);
                long b = theirs.getOrDefault(counter, 0L);
                if (a != b) {
                    lines.add("counter " + counter + " of context " + context + ": expected " + a + ", observed " + b);
                }
            }
        }
        for (Counter counter : Counter.values()) {
            long a = deviceCounters.getOrDefault(counter, 0L);
            long b = observed.deviceCounters.getOrDefault(counter, 0L);
            if (a != b) {
                lines.add("device counter " + counter + ": expected " + a + ", observed " + b);
            }
        }
        if (filterHits != null && observed.filterHits != null) {
            for (Integer context : union(filterHits.keySet(), observed.filterHits.keySet())) {
                Map<Integer, Long> a = filterHits.getOrDefault(context, Map.of());
                Map<Integer, Long> b = observed.filterHits.getOrDefault(context, Map.of());
                for (Integer rule : union(a.keySet(), b.keySet())) {
                    if (!a.getOrDefault(rule, 0L).equals(b.getOrDefault(rule, 0L))) {
                        lines.add("filter hits of context " + context + " rule " + rule + ": expected " + a.getOrDefault(rule, 0L) + ", observed "
                                + b.getOrDefault(rule, 0L));
                    }
                }
            }
        }
        for (Integer gref : union(pages.keySet(), observed.pages.keySet())) {
            byte[] a = pages.get(gref);
            byte[] b = observed.pages.get(gref);
            if (a == null || b == null) {
                lines.add("page gref=" + gref + ": expected " + (a == null ? "absent" : "present") + ", observed " + (b == null ? "absent" : "present"));
            } else if (!Arrays.equals(a, b)) {
                int at = Arrays.mismatch(a, b);
                int count = 0;
                for (int i = 0; i < a.length; i++) {
                    count += a[i] != b[i] ? 1 : 0;
                }
                lines.add("page gref=" + gref + ": " + count + " byte(s) differ, first at offset " + at + " (expected "
                        + Bytes.hex(Arrays.copyOfRange(a, at, Math.min(a.length, at + 8)), 8) + ", observed "
                        + Bytes.hex(Arrays.copyOfRange(b, at, Math.min(b.length, at + 8)), 8) + ")");
            }
        }
        list("finding", findings, observed.findings, lines);
        return lines;
    }

    private static <T> void list(String what, List<T> expected, List<T> observed, List<String> lines) {
        int n = Math.max(expected.size(), observed.size());
        for (int i = 0; i < n; i++) {
            T a = i < expected.size() ? expected.get(i) : null;
            T b = i < observed.size() ? observed.get(i) : null;
            if (!Objects.equals(a, b)) {
                lines.add(what + " #" + (i + 1) + ": expected " + (a == null ? "none" : a) + ", observed " + (b == null ? "none" : b)
                        + " (" + expected.size() + " expected in all, " + observed.size() + " observed)");
                return;
            }
        }
    }

    private static Map<Integer, List<Queue>> byContext(List<RecordingSink.Notification> notifications) {
        Map<Integer, List<Queue>> grouped = new TreeMap<>();
        for (RecordingSink.Notification n : notifications) {
            grouped.computeIfAbsent(n.context(), c -> new ArrayList<>()).add(n.queue());
        }
        return grouped;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
