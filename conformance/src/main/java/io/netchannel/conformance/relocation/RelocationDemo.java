package io.netchannel.conformance.relocation;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The demonstration behind {@code netchannel relocate} (spec 12, section 6, RELOC-8): one guest
 * with a multicast group joined, a TX rate limit with packets waiting for credit, RX coalescing
 * with a notification owed, and LRO on where both devices claim it, exported at
 * {@link #EXPORT_NANOS}. One timeline moves it (export, destroy, import on a fresh target device);
 * a reference timeline exports at the same instant and never moves. Both then run the same fixed
 * future, and every observation the guest and the wire can make is compared after each step.
 */
public final class RelocationDemo {

    /** The export instant. */
    public static final long EXPORT_NANOS = 10_000;

    private static final int CTX = 0;
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:fb");
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    /** 10 kB per millisecond, the smallest burst: 43 full-size frames leave at once, the rest wait (QOS-5). */
    private static final TxRate RATE = new TxRate(10_000, 1_000_000, 65_535);
    private static final Coalescing RX_COALESCING = new Coalescing(8, 500_000);
    private static final int FRAME = 1514;
    private static final int RX_BUFFERS = 12;

    private RelocationDemo() {
    }

    /**
     * What the demonstration did and saw.
     *
     * @param document the canonical document of the moved context's export
     * @param exported the exported state
     * @param importResult the target device's answer to the import
     * @param steps the future's steps, described, in order
     * @param compared what was compared at the end, one phrase each, with counts
     * @param difference the first difference, naming the step and the observable; null when the timelines agree
     */
    public record Result(String document, RelocationState exported, ControlResult importResult, List<String> steps, List<String> compared,
            String difference) {

        /** Whether the moved guest observed what the unmoved one did. */
        public boolean equal() {
            return difference == null;
        }
    }

    /** Runs the demonstration from a {@code from} device to a fresh {@code to} device. */
    public static Result run(DeviceProvider from, DeviceProvider to) {
        boolean lro = from.profiles().contains(Profile.LRO) && to.profiles().contains(Profile.LRO);
        Harness moved;
        Harness stays;
        try {
            moved = history(from, lro);
            stays = history(from, lro);
        } catch (IllegalStateException refused) { // a source without qos or coalescing: nothing to move
            return new Result("", null, null, List.of(), List.of(), "on " + from.name() + ": " + refused.getMessage());
        }

        List<Harness.Move> moves = moved.relocate(to);
        ControlResult kept = stays.control(Caller.HOST, new ControlRequest.ExportContext(CTX));
        if (moves.size() != 1 || !(moves.get(0).exported() instanceof ControlResult.Exported exported)) {
            return new Result("", null, null, List.of(), List.of(), "the " + from.name() + " device did not export context " + CTX + ": "
                    + (moves.isEmpty() ? "no live context" : describe(moves.get(0).exported())));
        }
        String document = RelocationDocument.canonical(exported.state());
        if (!moves.get(0).moved()) {
            return new Result(document, exported.state(), moves.get(0).imported(), List.of(), List.of(), "the " + to.name()
                    + " device refused the import: " + describe(moves.get(0).imported()));
        }
        if (!(kept instanceof ControlResult.Exported again) || !RelocationDocument.canonical(again.state()).equals(document)) {
            return new Result(document, exported.state(), moves.get(0).imported(), List.of(), List.of(),
                    "the reference timeline's export at the same instant differs: " + describe(kept));
        }

        List<String> steps = new ArrayList<>();
        List<Step> future = future();
        for (Step step : future) {
            steps.add(step.description());
            step.action().accept(moved);
            step.action().accept(stays);
            String difference = compare(stays.observe(), moved.observe(), null);
            if (difference != null) {
                return new Result(document, exported.state(), moves.get(0).imported(), steps, List.of(),
                        "after step " + steps.size() + " (" + step.description() + "): " + difference);
            }
        }
        List<String> compared = new ArrayList<>();
        compare(stays.observe(), moved.observe(), compared);
        return new Result(document, exported.state(), moves.get(0).imported(), steps, compared, null);
    }

    private static String describe(ControlResult result) {
        return result instanceof ControlResult.Rejected rejected ? "Rejected(" + rejected.category() + ", " + rejected.rule() + ": " + rejected.detail()
                + ")" : String.valueOf(result);
    }

    // ------------------------------------------------------------------ the history before the export

    private static Harness history(DeviceProvider provider, boolean lro) {
        Harness h = Harness.start(provider);
        GuestDriver guest = h.guest(CTX);
        int data = h.grantPage(CTX, Access.READ_ONLY);
        ethernet(PEER, MAC, h.memory().page(data), 0, FRAME, 1);
        ethernet(PEER, MAC, h.memory().page(data), 2048, 900, 2);
        int[] buffers = new int[RX_BUFFERS];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = h.grantPage(CTX, Access.READ_WRITE);
        }
        ContextConfig config = ContextConfig.builder().mac(MAC).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).txRate(RATE).build();
        require(h.control(Caller.HOST, new ControlRequest.CreateContext(CTX, config)), "create");
        GuestConfig guestConfig = GuestConfig.builder().join(GROUP).coalescing(Queue.RX, RX_COALESCING)
                .offloads(lro ? new Offloads(false, 100_000) : Offloads.NONE).build();
        require(h.control(Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX, guestConfig)), "set-guest-config");
        h.advanceTo(1_000);
        guest.post(Arrays.copyOf(buffers, 8));
        h.advanceTo(2_000);
        h.receive(0, wire(MAC, 300, 3)); // RX pending 1 of 8: the notification waits (COAL)
        h.advanceTo(3_000);
        h.receive(0, wire(GROUP, 200, 4)); // the joined group: pending 2
        h.advanceTo(4_000);
        for (int i = 0; i < 48; i++) {
            guest.queue(List.of(new TxSlot.Data(data, 0, 0, i, FRAME))); // 48 x 1514 > 65535: the last ones wait for credit
        }
        if (guest.pushTx()) {
            h.kick(CTX, Queue.TX);
        }
        h.advanceTo(EXPORT_NANOS);
        return h;
    }

    private static void require(ControlResult result, String what) {
        if (!(result instanceof ControlResult.Ok)) {
            throw new IllegalStateException("the demonstration's " + what + " was refused: " + describe(result));
        }
    }

    // ------------------------------------------------------------------ the future both timelines share

    private record Step(String description, Consumer<Harness> action) {
    }

    private static List<Step> future() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("advanceTo 200000 ns: credit for one waiting frame", h -> h.advanceTo(200_000)));
        steps.add(new Step("a unicast frame from the wire at 300000 ns", h -> {
            h.advanceTo(300_000);
            h.receive(0, wire(MAC, 120, 5));
        }));
        steps.add(new Step("advanceTo 600000 ns: the owed RX notification falls due at 502000 ns", h -> h.advanceTo(600_000)));
        steps.add(new Step("the guest reaps RX and posts 4 buffers", h -> {
            GuestDriver guest = h.guests().get(CTX);
            guest.reap(Queue.RX);
            List<Integer> grefs = h.memory().pages().keySet().stream().sorted().toList();
            int[] more = grefs.subList(grefs.size() - 4, grefs.size()).stream().mapToInt(Integer::intValue).toArray();
            guest.post(more);
        }));
        steps.add(new Step("advanceTo 2000000 ns", h -> h.advanceTo(2_000_000)));
        steps.add(new Step("the guest reaps TX and sends 2 more frames", h -> {
            GuestDriver guest = h.guests().get(CTX);
            guest.reap(Queue.TX);
            int data = dataPage(h);
            guest.send(List.of(new TxSlot.Data(data, 2048, 0, 100, 900)), List.of(new TxSlot.Data(data, 0, 0, 101, FRAME)));
        }));
        steps.add(new Step("a multicast frame from the wire at 2100000 ns", h -> {
            h.advanceTo(2_100_000);
            h.receive(0, wire(GROUP, 64, 6));
        }));
        steps.add(new Step("advanceTo 5000000 ns", h -> h.advanceTo(5_000_000)));
        steps.add(new Step("advanceTo 20000000 ns: every waiting frame has left", h -> h.advanceTo(20_000_000)));
        steps.add(new Step("the guest reaps both rings", h -> {
            GuestDriver guest = h.guests().get(CTX);
            guest.reap(Queue.TX);
            guest.reap(Queue.RX);
            h.advanceTo(21_000_000);
        }));
        return steps;
    }

    /** The guest's TX data page: the one READ_ONLY grant of the history. */
    private static int dataPage(Harness h) {
        return h.memory().pages().keySet().stream().sorted().skip(2).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ frames

    private static byte[] wire(MacAddress destination, int length, int seed) {
        byte[] frame = new byte[length];
        ethernet(destination, PEER, frame, 0, length, seed);
        return frame;
    }

    /** An Ethernet frame of {@code length} bytes with the local experimental EtherType 0x88b5 and a seeded payload. */
    private static void ethernet(MacAddress destination, MacAddress source, byte[] into, int at, int length, int seed) {
        destination.write(into, at);
        source.write(into, at + 6);
        into[at + 12] = (byte) 0x88;
        into[at + 13] = (byte) 0xb5;
        for (int k = 14; k < length; k++) {
            into[at + k] = (byte) (31 * seed + 7 * k);
        }
    }

    // ------------------------------------------------------------------ comparison

    /**
     * The first difference between the reference timeline's observation and the moved one's, or
     * null; when {@code summary} is not null, what was compared is added to it.
     */
    static String compare(Observation expected, Observation observed, List<String> summary) {
        List<RecordingSink.Frame> frames = expected.frames();
        if (!frames.equals(observed.frames())) {
            return firstListDifference("wire frame", frames, observed.frames());
        }
        List<RecordingSink.Notification> notes = expected.notifications().stream().filter(n -> n.context() == CTX).toList();
        List<RecordingSink.Notification> seen = observed.notifications().stream().filter(n -> n.context() == CTX).toList();
        if (!notes.equals(seen)) {
            return firstListDifference("notification", notes, seen);
        }
        if (!Objects.equals(expected.states().get(CTX), observed.states().get(CTX))) {
            return "state: expected " + expected.states().get(CTX) + ", observed " + observed.states().get(CTX);
        }
        Map<Counter, Long> counters = expected.counters().getOrDefault(CTX, Map.of());
        Map<Counter, Long> counted = observed.counters().getOrDefault(CTX, Map.of());
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            if (!Objects.equals(counters.get(counter), counted.get(counter))) {
                return "counter " + counter + ": expected " + counters.get(counter) + ", observed " + counted.get(counter);
            }
        }
        Map<Integer, Long> hits = expected.filterHits() == null ? Map.of() : expected.filterHits().getOrDefault(CTX, Map.of());
        Map<Integer, Long> hit = observed.filterHits() == null ? Map.of() : observed.filterHits().getOrDefault(CTX, Map.of());
        if (!hits.equals(hit)) {
            return "filter counters: expected " + hits + ", observed " + hit;
        }
        long bytes = 0;
        for (Map.Entry<Integer, byte[]> page : expected.pages().entrySet()) {
            byte[] other = observed.pages().get(page.getKey());
            int at = other == null ? 0 : Arrays.mismatch(page.getValue(), other);
            if (other == null || at >= 0) {
                return "guest page gref " + page.getKey() + (other == null ? " is missing" : " differs at byte " + at + ": expected 0x"
                        + Integer.toHexString(page.getValue()[at] & 0xFF) + ", observed 0x" + Integer.toHexString(other[at] & 0xFF));
            }
            bytes += page.getValue().length;
        }
        if (!expected.findings().equals(observed.findings())) {
            return "harness findings: expected " + expected.findings() + ", observed " + observed.findings();
        }
        if (summary != null) {
            summary.add(frames.size() + " wire frames (" + frames.stream().mapToInt(f -> f.bytes().length).sum() + " bytes)");
            summary.add(notes.size() + " notifications (" + notes.stream().filter(n -> n.queue() == Queue.TX).count() + " TX, "
                    + notes.stream().filter(n -> n.queue() == Queue.RX).count() + " RX)");
            summary.add(expected.pages().size() + " guest pages, " + bytes + " bytes: both rings, the TX data and every RX buffer");
            summary.add("the context's state, its " + RelocationState.CONTEXT_COUNTERS.size() + " counters and " + hits.size() + " filter counter(s)");
            summary.add(expected.findings().size() + " harness findings");
        }
        return null;
    }

    private static <T> String firstListDifference(String what, List<T> expected, List<T> observed) {
        for (int i = 0; i < Math.max(expected.size(), observed.size()); i++) {
            T e = i < expected.size() ? expected.get(i) : null;
            T o = i < observed.size() ? observed.get(i) : null;
            if (!Objects.equals(e, o)) {
                return what + " " + (i + 1) + ": expected " + (e == null ? "none" : e) + ", observed " + (o == null ? "none" : o) + " (expected "
                        + expected.size() + " in all, observed " + observed.size() + ")";
            }
        }
        return what + "s differ";
    }
}
