package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;
import static io.netchannel.conformance.vectors.generate.TimedBench.Outcome.nothing;
import static io.netchannel.conformance.vectors.generate.TimedBench.note;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.relocation.RelocationDocument;
import io.netchannel.conformance.relocation.RelocationDocumentException;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.RelocationTarget;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorFile;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Chapter 12 vectors (profile {@code relocation}; RELOC-1 and RELOC-12 {@code core}): what an
 * export carries for each runtime feature and that it changes nothing but an LRO flush (RELOC-2,
 * RELOC-3); every check of an import, in order, tampered guest sections and stale documents
 * included (RELOC-5, RELOC-6); what an accepted import continues from (RELOC-7, RELOC-9); moves
 * between devices with a waiting packet, an owed notification, a multicast group, a FAILED context,
 * through the reference model and back, and behind the reference host (RELOC-8, RELOC-12); a device
 * without the profile (RELOC-1); and the document reader's refusals (RELOC-11).
 *
 * <p>Every exported state these vectors expect is also written out here from chapter 12 (section
 * 3.3) without the model — ring positions and counters from the traffic the test made, the bucket's
 * level and wait from chapter 09's arithmetic, each queue's D, pending count and age from chapter
 * 10's — and the generator refuses to write a vector when the model's export differs. Every reader
 * test names the defect and the path chapter 12's table gives, and the generator refuses one the
 * suite's reader answers otherwise.
 */
final class RelocationVectors {

    private static final String CHAPTER = "relocation";
    private static final String PROFILE = Profile.RELOCATION.id();
    private static final String QOS = Profile.QOS.id();
    private static final String COALESCING = Profile.COALESCING.id();

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    /** One byte per microsecond, burst 65535 (chapter 09's bench rate). */
    private static final TxRate RATE = QosVectors.RATE;
    /** Decide at 4 completions or 50 µs after the first. */
    private static final Coalescing FOUR = new Coalescing(4, 50_000);

    private RelocationVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(export(), importing(), stale(), contextLimits(), notOffered(), reader(), heldPacket(), owedNotification(), multicast(),
                failedMoves(), roundTrip(), softwarePath());
    }

    // ------------------------------------------------------------------ the state by hand (spec 12, section 3.3)

    /** Every per-context counter at 0. */
    private static Map<Counter, Long> zeros() {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        RelocationState.CONTEXT_COUNTERS.forEach(c -> counters.put(c, 0L));
        return counters;
    }

    /** A runtime section being written out by hand. */
    private static final class Runtime {
        ContextState state = ContextState.ACTIVE;
        RelocationState.Ring tx = RelocationState.Ring.at(0);
        RelocationState.Ring rx = RelocationState.Ring.at(0);
        Optional<RelocationState.Credit> credit = Optional.empty();
        RelocationState.Completions txCompletions = RelocationState.Completions.settledAt(0);
        RelocationState.Completions rxCompletions = RelocationState.Completions.settledAt(0);
        final Map<Counter, Long> counters = zeros();
        List<Long> filterHits = List.of(0L);

        static Runtime of(RelocationState.Runtime r) {
            Runtime copy = new Runtime();
            copy.state = r.state();
            copy.tx = r.tx();
            copy.rx = r.rx();
            copy.credit = r.credit();
            copy.txCompletions = r.txCompletions();
            copy.rxCompletions = r.rxCompletions();
            copy.counters.clear();
            copy.counters.putAll(r.counters());
            copy.filterHits = r.filterHits();
            return copy;
        }

        /** Rings at {@code tx} and {@code rx}, immediate queues decided there (COAL-3). */
        Runtime at(int txRsp, int rxRsp) {
            tx = RelocationState.Ring.at(txRsp);
            rx = RelocationState.Ring.at(rxRsp);
            txCompletions = RelocationState.Completions.settledAt(txRsp);
            rxCompletions = RelocationState.Completions.settledAt(rxRsp);
            return this;
        }

        Runtime count(Counter counter, long value) {
            counters.put(counter, value);
            return this;
        }

        /** A context without TX rules counts every packet its filter decides on the default (TXF-8). */
        Runtime defaultHits(long packets) {
            filterHits = List.of(packets);
            return this;
        }

        RelocationState.Runtime build() {
            return new RelocationState.Runtime(state, tx, rx, credit, txCompletions, rxCompletions, counters, filterHits);
        }
    }

    private static RelocationState state(ContextConfig host, GuestConfig guest, Runtime runtime) {
        return new RelocationState(host, guest, runtime.build());
    }

    /** {@code state} with its runtime section edited by {@code edit}. */
    private static RelocationState edit(RelocationState state, Consumer<Runtime> edit) {
        Runtime r = Runtime.of(state.runtime());
        edit.accept(r);
        return new RelocationState(state.host(), state.guest(), r.build());
    }

    private static RelocationState host(RelocationState state, UnaryOperator<ContextConfig.Builder> edit) {
        return new RelocationState(edit.apply(state.host().toBuilder()).build(), state.guest(), state.runtime());
    }

    private static RelocationState guest(RelocationState state, GuestConfig guest) {
        return new RelocationState(state.host(), guest, state.runtime());
    }

    /** Chapter 09's bucket, exactly: {@code level} (credit x periodNanos) after {@code nanos} more, capped at burst x periodNanos. */
    private static long accrued(TxRate rate, long level, long nanos) {
        return Math.min(rate.burstBytes() * rate.periodNanos(), level + rate.bytes() * nanos);
    }

    /** Chapter 09's wait for a {@code length}-byte packet at {@code level}: ceil((length x periodNanos - level) / bytes). */
    private static long waitFor(TxRate rate, long level, int length) {
        long owed = length * rate.periodNanos() - level;
        return (owed + rate.bytes() - 1) / rate.bytes();
    }

    /** The model's export must be {@code expected} (RELOC-2): compared as canonical documents, so a failure shows both. */
    private static void same(RelocationState observed, RelocationState expected, String what) {
        String seen = RelocationDocument.canonical(observed);
        String want = RelocationDocument.canonical(expected);
        require(seen.equals(want), "RELOC-2: " + what + ": the model exported\n  " + seen + "\nchapter 12 says\n  " + want);
    }

    // ------------------------------------------------------------------ calls

    /** ExportContext of {@code ctx} by the host, answered Exported. */
    private static RelocationState export(Harness harness, int ctx) {
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.ExportContext(ctx));
        require(result instanceof ControlResult.Exported, "export of context " + ctx + ": the model answered " + Harness.describe(result));
        return ((ControlResult.Exported) result).state();
    }

    /** ImportContext of {@code state} as {@code ctx} by {@code caller}, answered {@code expected}; an accepted one is the bench's view of the context. */
    private static void imports(Bench bench, Caller caller, int ctx, RelocationState state, String expected) {
        String seen = Harness.describe(bench.harness.control(caller, new ControlRequest.ImportContext(ctx, state)));
        require(seen.equals(expected), "import of context " + ctx + " by " + caller + ": expected " + expected + ", the model answered " + seen);
        if (seen.equals("Ok")) {
            bench.configs.put(ctx, state.host());
        }
    }

    /**
     * An accepted import, checked as RELOC-7 says: no guest byte written, no notification, no frame;
     * the context's counters read the document's.
     */
    private static void quietImport(TimedBench t, int ctx, RelocationState state) {
        Map<Integer, byte[]> pages = new java.util.TreeMap<>();
        t.harness.memory().pages().forEach((gref, page) -> pages.put(gref, page.clone()));
        int frames = t.harness.sink().frames().size();
        int notes = t.harness.sink().notifications().size();
        imports(t.bench, ctx, state, "Ok");
        t.harness.memory().pages().forEach((gref, page) -> require(java.util.Arrays.equals(page, pages.get(gref)),
                "RELOC-7: an import writes no guest byte (page " + gref + ")"));
        require(t.harness.sink().frames().size() == frames && t.harness.sink().notifications().size() == notes,
                "RELOC-7: an import sends nothing and notifies nothing");
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            require(t.harness.counter(ctx, counter) == state.runtime().counter(counter), "RELOC-7: " + counter + " reads the document's");
        }
    }

    private static void imports(Bench bench, int ctx, RelocationState state, String expected) {
        imports(bench, Caller.HOST, ctx, state, expected);
    }

    /** Harness.relocate onto {@code target}: every live context moves, each export answered Exported and each import Ok. */
    private static List<Harness.Move> relocate(Harness harness, RelocationTarget target) {
        List<Harness.Move> moves = harness.relocate(target);
        for (Harness.Move move : moves) {
            require(move.moved(), "RELOC-8: context " + move.context() + " moves: export " + Harness.describe(move.exported()) + ", import "
                    + (move.imported() == null ? "none" : Harness.describe(move.imported())));
        }
        return moves;
    }

    /** A fresh device of the model, named as the implementation under test ({@code to: device}). */
    private static RelocationTarget toDevice(DeviceProvider model) {
        return new RelocationTarget(Step.Relocate.DEVICE, model);
    }

    /** A fresh reference model ({@code to: reference}). */
    private static RelocationTarget toReference() {
        return new RelocationTarget(Step.Relocate.REFERENCE, RelocationTarget.reference());
    }

    /** The exported state of {@code ctx} as the last relocation carried it. */
    private static RelocationState carried(List<Harness.Move> moves, int ctx) {
        return moves.stream().filter(m -> m.context() == ctx).map(m -> ((ControlResult.Exported) m.exported()).state()).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ benches

    private static TimedBench plainBench() {
        return new TimedBench(Bench.start(Bench.member(0, UNTAGGED, 4, A), Bench.member(1, UNTAGGED, 0, B)));
    }

    private static final String PLAIN = "context 0 untagged (02:00:00:00:00:01) with four RX buffers (pages 100 to 103, filled with 0xee), "
            + "context 1 untagged (02:00:00:00:00:02) without buffers; rings on pages 1 to 4";

    private static TimedBench rateBench() {
        return new TimedBench(Bench.start(new Bench.Member(0, 0, Bench.shape(UNTAGGED, A).txRate(RATE).build()), Bench.member(1, UNTAGGED, 0, B))
                .in(SwitchMode.VEB));
    }

    private static final String RATED = "context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535 (one byte a "
            + "microsecond); context 1 untagged (02:00:00:00:00:02) with no RX buffer, the sink; rings on pages 1 to 4; then the host sets VEB";

    /** The drain at 0 empties the bucket; the 60-byte packet behind it waits, due at 60000 ns. Returns the drain's slots. */
    private static int drainAndHold(TimedBench t) {
        TimedBench.Packet drain = t.drain("the drain", 0, 1, 65_535);
        t.publish(0, drain, t.toWire("held", 0, 60, 1));
        t.kick(0, nothing().sends(0, 1).startsWait(0));
        return drain.slots().size();
    }

    private static TimedBench coalescingBench() {
        TimedBench t = new TimedBench(Bench.start(Bench.member(0, UNTAGGED, 8, A)));
        t.call("guest 0 sets TX and RX coalescing (4, 50000)", () -> control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0,
                GuestConfig.builder().coalescing(Queue.TX, FOUR).coalescing(Queue.RX, FOUR).build()), "Ok"), nothing().notifies());
        return t;
    }

    private static final String COALESCED = "context 0 untagged (02:00:00:00:00:01) with eight RX buffers (pages 100 to 107, filled with 0xee), "
            + "rings on pages 1 and 2; its guest sets TX and RX coalescing (4, 50000)";

    /** A frame of {@code length} bytes from the wire station to context 0. */
    private static byte[] toZero(int length, int seed) {
        return ether(A, TimedBench.PEER, LOCAL, data(length - 14, seed));
    }

    private static GuestConfig fourBoth() {
        return GuestConfig.builder().coalescing(Queue.TX, FOUR).coalescing(Queue.RX, FOUR).build();
    }

    private static void notes(FileBuilder file) {
        file.note("Snapshot", "BASIC", "an export in the middle of a history: it answers the state at that instant and changes nothing (RELOC-2, "
                + "RELOC-3)", "a host that exports to check a context, or abandons a move, disturbs the guest");
        file.note("Credit", "BASIC", "the TX bucket's level and the wait still to run, in chapter 09's exact unit (RELOC-2, RELOC-7)", "a guest "
                + "earns a fresh burst by moving, or its held packet leaves early or late");
        file.note("Owed", "BASIC", "a notification owed by coalescing: D, the pending count and the age of the first pending completion (RELOC-2, "
                + "RELOC-7)", "a notification is lost or early after a move");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 12's order decides (RELOC-5)",
                "two devices give the same request different answers");
        file.note("Tampered", "ISOLATION_BREACH", "the guest section asks for what its host section does not allow, or for a setting out of range "
                + "(RELOC-6)", "a guest smuggles privileged state, or an unsupported setting, through its part of the document");
        file.note("Impossible", "MALFORMED", "a runtime section no export can produce (RELOC-5, step 7)", "an importing device builds a context "
                + "in a state the chapters never allow");
        file.note("Stale", "EDGE_CASE", "the rings moved on after the export, or the document does not match them (RELOC-5, step 9)", "the "
                + "destination answers requests twice or reuses buffers");
        file.note("Move", "BASIC", "every live context moves to a fresh device and the future goes on there (RELOC-8)", "a guest can tell that "
                + "it moved");
    }

    // ------------------------------------------------------------------ relocation/export.yaml

    @Requirement({"RELOC-2", "RELOC-3", "RELOC-4", "PRIV-1"})
    private static VectorBundle.Entry export() {
        String id = CHAPTER + ".export.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "export",
                "ExportContext: host only, then the profile, the id's range and the context's existence, in that order (section 4.1); accepted, it "
                        + "answers exported with the context's state at that instant (section 3.3) as a relocation document — the host's "
                        + "configuration, the guest's, and the runtime: state, ring positions, the TX bucket's level and wait, each queue's D, "
                        + "pending count and age, every counter and the filter hits — with every time a duration from the export (RELOC-2, "
                        + "RELOC-4); it flushes a held LRO aggregate and changes nothing else (RELOC-3).");
        notes(file);
        FileBuilder.GroupBuilder<TimedBench> g = file.group(PLAIN, RelocationVectors::plainBench).requiring(PROFILE);
        g.test(Meta.valid(id + "fresh-context", "context 0 just created: ACTIVE, both rings at 0, immediate queues decided at 0, every counter 0, "
                        + "one filter counter (the default's), the guest configuration at its default", "RELOC-2", "RELOC-4"),
                t -> {
                    RelocationState[] s = new RelocationState[1];
                    t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                    same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, new Runtime()), "a fresh context");
                })
                .test(Meta.valid(id + "after-traffic", "two packets sent (60 and 100 bytes) and an 80-byte frame delivered: TX rsp_prod 2, RX "
                                + "rsp_prod 1, decided there, TX_FRAMES 2, TX_BYTES 160, RX_FRAMES 1, RX_BYTES 80", "RELOC-2"),
                        t -> {
                            t.publish(0, t.toWire("first", 0, 60, 1), t.toWire("second", 0, 100, 2));
                            t.kick(0, nothing().sends(0, 2));
                            t.wire(toZero(80, 3), nothing().delivers(0, 80));
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, new Runtime().at(2, 1).count(Counter.TX_FRAMES, 2).defaultHits(2)
                                    .count(Counter.TX_BYTES, 160).count(Counter.RX_FRAMES, 1).count(Counter.RX_BYTES, 80)), "after traffic");
                        })
                .test(Meta.valid(id + "changes-nothing", "an export, then a packet: sent and answered as if no export had been made; a second "
                                + "export shows it; two exports with nothing between are equal", "RELOC-3", "RELOC-2").flags("Snapshot"),
                        t -> {
                            RelocationState[] s = new RelocationState[3];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            t.call("export again", () -> s[1] = export(t.harness, 0), nothing());
                            same(s[1], s[0], "two exports with nothing between");
                            t.publish(0, t.toWire("after", 0, 60, 4));
                            t.kick(0, nothing().sends(0, 1));
                            t.call("a third export", () -> s[2] = export(t.harness, 0), nothing());
                            same(s[2], state(t.bench.configs.get(0), GuestConfig.DEFAULT, new Runtime().at(1, 0).count(Counter.TX_FRAMES, 1)
                                    .count(Counter.TX_BYTES, 60).defaultHits(1)), "after the packet");
                        })
                .test(Meta.valid(id + "guest-configuration", "guest 0 joined 01:00:5e:00:00:01 and turned all-multicast on: the guest section "
                        + "carries both", "RELOC-2"),
                        t -> {
                            GuestConfig joined = GuestConfig.builder().join(GROUP).allMulticast(true).build();
                            t.call("guest 0 joins", () -> control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0, joined), "Ok"), nothing());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            same(s[0], state(t.bench.configs.get(0), joined, new Runtime()), "the guest section");
                        })
                .test(Meta.invalid(id + "failed-context", "context 0 fails (req_prod 100000 ahead, RING-11): it exports as FAILED with FATAL_ERRORS 1 "
                                + "and its rings where they stopped", error("context"), "RELOC-2", "RING-11"),
                        t -> {
                            GuestDriver guest = t.harness.guest(0);
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 100_000);
                            t.kick(0, nothing().fails(0));
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            Runtime failed = new Runtime().count(Counter.FATAL_ERRORS, 1);
                            failed.state = ContextState.FAILED;
                            same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, failed), "a FAILED context");
                        });
        Object[][] refusals = {
            {"by-guest", "guest 0 exports its own context: PRIVILEGE (PRIV-1)", Caller.guest(0), 0, "PRIVILEGE", new String[] {"PRIV-1", "RELOC-2"}},
            {"by-other-guest", "guest 1 exports context 0: PRIVILEGE", Caller.guest(1), 0, "PRIVILEGE", new String[] {"PRIV-1", "RELOC-2"}},
            {"id-out-of-range", "the host exports context -1: INVALID_CONFIG", Caller.HOST, -1, "INVALID_CONFIG", new String[] {"PRIV-5", "RELOC-2"}},
            {"no-such-context", "the host exports context 2, never created: NO_SUCH_CONTEXT", Caller.HOST, 2, "NO_SUCH_CONTEXT",
                new String[] {"PRIV-5", "RELOC-2"}},
            {"guest-before-range", "guest 0 exports context -1: PRIVILEGE, step 1 before step 3", Caller.guest(0), -1, "PRIVILEGE",
                new String[] {"PRIV-1", "RELOC-2"}},
        };
        for (Object[] c : refusals) {
            Meta meta = Meta.invalid(id + c[0], (String) c[1], rejected((String) c[4]), (String[]) c[5]);
            if (((String) c[0]).contains("before")) {
                meta = meta.flags("OrderOfChecks");
            }
            g.test(meta, t -> t.call("export", () -> control(t.bench, (Caller) c[2], new ControlRequest.ExportContext((Integer) c[3]),
                    refused((String) c[4])), nothing()));
        }
        g.test(Meta.invalid(id + "destroyed-context", "context 0 destroyed, then exported: NO_SUCH_CONTEXT", rejected("NO_SUCH_CONTEXT"), "PRIV-5",
                        "RELOC-2"),
                t -> {
                    control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                    control(t.bench, Caller.HOST, new ControlRequest.ExportContext(0), refused("NO_SUCH_CONTEXT"));
                })
                .done();

        file.group("context 0 untagged (02:00:00:00:00:01) with one TX rule, allow EtherType 0x88b5, and the default drop; rings on pages 1 and 2",
                        () -> new TimedBench(Bench.start(new Bench.Member(0, 0, Bench.shape(UNTAGGED, A)
                                .txRules(List.of(FilterRule.allow(Bench.match().etherType(LOCAL).build()))).txDefault(FilterAction.DROP).build()))))
                .requiring(PROFILE)
                .test(Meta.valid(id + "filter-hits", "two packets decided by rule 0: filterHits [2, 0], one per rule then the default's, and the "
                                + "host section carries the rules", "RELOC-2", "TXF-8"),
                        t -> {
                            t.publish(0, t.toWire("first", 0, 60, 5), t.toWire("second", 0, 60, 6));
                            t.kick(0, nothing().sends(0, 2));
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            Runtime hits = new Runtime().at(2, 0).count(Counter.TX_FRAMES, 2).count(Counter.TX_BYTES, 120);
                            hits.filterHits = List.of(2L, 0L);
                            same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, hits), "filter hits");
                        })
                .done();

        FileBuilder.GroupBuilder<TimedBench> q = file.group(RATED, RelocationVectors::rateBench).requiring(PROFILE, QOS);
        q.test(Meta.valid(id + "credit-full", "nothing sent yet: the bucket is full, level 65535 x 1000000, and no wait", "RELOC-2", "QOS-3")
                        .flags("Credit"),
                t -> {
                    RelocationState[] s = new RelocationState[1];
                    t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                    Runtime full = new Runtime();
                    full.credit = Optional.of(new RelocationState.Credit(RATE.burstBytes() * RATE.periodNanos(), OptionalLong.empty()));
                    same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, full), "a full bucket");
                })
                .test(Meta.valid(id + "credit-waiting", "a 65535-byte drain at 0 empties the bucket and a 60-byte packet waits; at 20000 ns the "
                                + "level is 1000 x 20000 and the walk resumes in 40000 ns; the export cancels nothing: the packet leaves at 60000",
                                "RELOC-2", "RELOC-3", "RELOC-4", "QOS-5").flags("Credit", "Snapshot"),
                        t -> {
                            int slots = drainAndHold(t);
                            t.advanceTo(20_000, nothing());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            long level = accrued(RATE, 0, 20_000);
                            Runtime waiting = new Runtime().at(slots, 0).count(Counter.TX_FRAMES, 1).count(Counter.TX_BYTES, 65_535)
                                    .count(Counter.TX_RATE_LIMITED, 1).defaultHits(1);
                            waiting.credit = Optional.of(new RelocationState.Credit(level, OptionalLong.of(waitFor(RATE, level, 60))));
                            require(waitFor(RATE, level, 60) == 40_000, "the wait is 40000 ns");
                            same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, waiting), "a waiting walk");
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "credit-refilling", "a 65535-byte drain at 0, nothing waiting; at 10000 ns the level is 1000 x 10000, no "
                        + "wait", "RELOC-2", "QOS-3").flags("Credit"),
                        t -> {
                            TimedBench.Packet drain = t.drain("the drain", 0, 1, 65_535);
                            t.publish(0, drain);
                            t.kick(0, nothing().sends(0, 1));
                            t.advanceTo(10_000, nothing());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            Runtime refilling = new Runtime().at(drain.slots().size(), 0).count(Counter.TX_FRAMES, 1).count(Counter.TX_BYTES, 65_535).defaultHits(1);
                            refilling.credit = Optional.of(new RelocationState.Credit(accrued(RATE, 0, 10_000), OptionalLong.empty()));
                            same(s[0], state(t.bench.configs.get(0), GuestConfig.DEFAULT, refilling), "a refilling bucket");
                        })
                .done();

        FileBuilder.GroupBuilder<TimedBench> c = file.group(COALESCED, RelocationVectors::coalescingBench).requiring(PROFILE, COALESCING);
        c.test(Meta.valid(id + "tx-pending", "a packet at 1000 ns, exported at 21000: TX D 0, one pending, age 20000; the export cancels "
                        + "nothing: the notification comes at 51000", "RELOC-2", "RELOC-3", "RELOC-4", "COAL-5").flags("Owed", "Snapshot"),
                t -> {
                    t.advanceTo(1_000, nothing().notifies());
                    t.publish(0, t.toWire("pending", 0, 60, 7));
                    t.kick(0, nothing().sends(0, 1).notifies());
                    t.advanceTo(21_000, nothing().notifies());
                    RelocationState[] s = new RelocationState[1];
                    t.call("export", () -> s[0] = export(t.harness, 0), nothing().notifies());
                    Runtime owed = new Runtime().count(Counter.TX_FRAMES, 1).count(Counter.TX_BYTES, 60).defaultHits(1);
                    owed.tx = RelocationState.Ring.at(1);
                    owed.txCompletions = new RelocationState.Completions(0, 1, 21_000 - 1_000);
                    same(s[0], state(t.bench.configs.get(0), fourBoth(), owed), "a pending TX completion");
                    t.advanceTo(50_999, nothing().notifies());
                    t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                })
                .test(Meta.valid(id + "rx-pending", "frames at 1000 and 3000 ns, exported at 5000: RX D 0, two pending, age 4000", "RELOC-2")
                                .flags("Owed"),
                        t -> {
                            t.advanceTo(1_000, nothing().notifies());
                            t.wire(toZero(60, 8), nothing().delivers(0, 60).notifies());
                            t.advanceTo(3_000, nothing().notifies());
                            t.wire(toZero(60, 9), nothing().delivers(0, 60).notifies());
                            t.advanceTo(5_000, nothing().notifies());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing().notifies());
                            Runtime owed = new Runtime().count(Counter.RX_FRAMES, 2).count(Counter.RX_BYTES, 120);
                            owed.rx = RelocationState.Ring.at(2);
                            owed.rxCompletions = new RelocationState.Completions(0, 2, 5_000 - 1_000);
                            same(s[0], state(t.bench.configs.get(0), fourBoth(), owed), "two pending RX completions");
                        })
                .test(Meta.valid(id + "decided", "a packet at 1000 ns is notified at 51000: exported at 60000, TX D is 1 and nothing is pending",
                        "RELOC-2", "COAL-5").flags("Owed"),
                        t -> {
                            t.advanceTo(1_000, nothing().notifies());
                            t.publish(0, t.toWire("notified", 0, 60, 10));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                            t.advanceTo(60_000, nothing().notifies());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing().notifies());
                            Runtime decided = new Runtime().count(Counter.TX_FRAMES, 1).count(Counter.TX_BYTES, 60).defaultHits(1);
                            decided.tx = RelocationState.Ring.at(1);
                            decided.txCompletions = RelocationState.Completions.settledAt(1);
                            same(s[0], state(t.bench.configs.get(0), fourBoth(), decided), "a decided queue");
                        })
                .done();

        LroVectors.Flow flow = LroVectors.Flow.to(A);
        byte[] s0 = flow.segment(0);
        byte[] s1 = flow.segment(1);
        require(io.netchannel.conformance.vectors.generate.Inet.candidate(s0) && io.netchannel.conformance.vectors.generate.Inet.merges(List.of(s0), s1),
                "segments 0 and 1 merge (section 7.2)");
        file.group("context 0 untagged (02:00:00:00:00:01) with eight RX buffers (pages 100 to 107, filled with 0xee), lroFlushNanos 100000; "
                                + "rings on pages 1 and 2; segments come from 02:00:00:00:00:99, TCP over IPv4, 100 payload bytes each",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 8, A)));
                            t.offloads(0, new Offloads(false, 100_000));
                            return t;
                        })
                .requiring(PROFILE, Profile.CHECKSUM.id(), Profile.LRO.id())
                .test(Meta.valid(id + "flushes-lro", "segments 0 and 1 are held; the export delivers the merged frame first (RELOC-3, LRO-4) and "
                                + "exports the state after it: RX rsp_prod and counters count the merged frame, no aggregate; nothing at 100000",
                                "RELOC-3", "RELOC-2", "LRO-4").flags("Snapshot"),
                        t -> {
                            t.wire(s0, OffloadBench.Want.nothing());
                            t.wire(s1, OffloadBench.Want.nothing());
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), OffloadBench.Want.nothing().flushes(0, List.of(s0, s1), false));
                            require(s[0].runtime().counter(Counter.RX_FRAMES) == 2, "an aggregate of two segments counts two RX frames (LRO-6)");
                            require(s[0].runtime().rx().rspProd() == t.harness.guest(0).header(Queue.RX, SharedRingLayout.RSP_PROD),
                                    "the export shows the RX ring after the flush");
                            t.advanceTo(100_000, OffloadBench.Want.nothing());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ relocation/import.yaml

    /** A bench whose context {@code moved} was exported (the state kept) and destroyed. */
    record Moved(TimedBench t, RelocationState state) {
    }

    /** Context 0 sends one packet and receives nothing; the host exports it, then destroys it. */
    private static Moved movedPlain() {
        TimedBench t = plainBench();
        t.publish(0, t.toWire("before", 0, 60, 11));
        t.kick(0, nothing().sends(0, 1));
        RelocationState state = export(t.harness, 0);
        control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
        same(state, state(t.bench.configs.getOrDefault(0, state.host()), GuestConfig.DEFAULT, new Runtime().at(1, 0).count(Counter.TX_FRAMES, 1)
                .count(Counter.TX_BYTES, 60).defaultHits(1)), "the exported context");
        return new Moved(t, state);
    }

    private static Consumer<Moved> refusedImport(Caller caller, int ctx, UnaryOperator<RelocationState> tamper, String category) {
        return m -> imports(m.t().bench, caller, ctx, tamper.apply(m.state()), refused(category));
    }

    private static Consumer<Moved> refusedImport(UnaryOperator<RelocationState> tamper, String category) {
        return refusedImport(Caller.HOST, 0, tamper, category);
    }

    @Requirement({"RELOC-5", "RELOC-6", "RELOC-7", "RELOC-9"})
    private static VectorBundle.Entry importing() {
        String id = CHAPTER + ".import.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "import",
                "ImportContext: host only, the profile, the id's range, the id free, the host section as a create's steps 4 to 4d, the guest "
                        + "section as a SetGuestConfig from the context's own guest, a runtime export could have produced, usable ring grants, "
                        + "rings where the document says, room for a context — in that order, the first failing check deciding and nothing "
                        + "changing (RELOC-5, RELOC-6); accepted, the context continues from the exported state, writing nothing to guest memory "
                        + "(RELOC-7), and exporting it at once gives the same document (RELOC-9).");
        notes(file);
        String setup = PLAIN + "; context 0 sends one 60-byte packet, then the host exports it and destroys it";
        FileBuilder.GroupBuilder<Moved> g = file.group(setup, RelocationVectors::movedPlain).requiring(PROFILE);
        g.test(Meta.valid(id + "accepted", "the document imported as context 0: ok, ACTIVE, no guest byte written; an export at once gives the "
                        + "same document (RELOC-9); the next packet is answered at index 1", "RELOC-7", "RELOC-9"),
                m -> {
                    TimedBench t = m.t();
                    quietImport(t, 0, m.state());
                    RelocationState[] again = new RelocationState[1];
                    t.call("export", () -> again[0] = export(t.harness, 0), nothing());
                    same(again[0], m.state(), "RELOC-9: export right after import");
                    t.publish(0, t.toWire("after", 0, 60, 12));
                    t.kick(0, nothing().sends(0, 1));
                })
                .test(Meta.valid(id + "buffers-stay-posted", "imported as context 0: the four RX buffers context 0 posted before the move are still "
                        + "on the ring, and a frame from the wire fills the first", "RELOC-7", "RELOC-8"),
                        m -> {
                            TimedBench t = m.t();
                            quietImport(t, 0, m.state());
                            t.wire(toZero(70, 13), nothing().delivers(0, 70));
                        })
                .test(Meta.valid(id + "under-another-id", "the guest re-grants its ring pages to context 2; the document imported as context 2: "
                        + "ok (the document names no context id, RELOC-4)", "RELOC-4", "RELOC-7"),
                        m -> {
                            TimedBench t = m.t();
                            GuestDriver guest = t.harness.guest(0);
                            t.harness.grant(guest.txRing(), 2, Access.READ_WRITE);
                            t.harness.grant(guest.rxRing(), 2, Access.READ_WRITE);
                            imports(t.bench, 2, m.state(), "Ok");
                        });
        Object[][] refusals = {
            {"by-guest", "guest 0 imports the document as its own context: PRIVILEGE", Caller.guest(0), 0, UnaryOperator.<RelocationState>identity(),
                "PRIVILEGE", new String[] {"PRIV-1", "RELOC-5"}, null},
            {"id-out-of-range", "imported as context -1: INVALID_CONFIG", Caller.HOST, -1, UnaryOperator.<RelocationState>identity(), "INVALID_CONFIG",
                new String[] {"PRIV-5", "RELOC-5"}, null},
            {"context-exists", "imported as context 1, which exists: CONTEXT_EXISTS", Caller.HOST, 1, UnaryOperator.<RelocationState>identity(),
                "CONTEXT_EXISTS", new String[] {"PRIV-5", "RELOC-5"}, null},
            {"host-multicast-mac", "the host section owns 01:00:5e:00:00:01, a group address: INVALID_CONFIG, as a create", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> host(s, b -> b.macs(List.of(GROUP))), "INVALID_CONFIG", new String[] {"PRIV-6", "RELOC-5"}, null},
            {"host-mac-taken", "the host section owns context 1's MAC: INVALID_CONFIG, as a create", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> host(s, b -> b.macs(List.of(B))), "INVALID_CONFIG", new String[] {"PRIV-6", "RELOC-5"}, null},
            {"guest-promiscuous-not-allowed", "the guest section asks for promiscuous mode, which the host section does not allow: PRIVILEGE",
                Caller.HOST, 0, (UnaryOperator<RelocationState>) s -> guest(s, GuestConfig.DEFAULT.withPromiscuous(true)), "PRIVILEGE",
                new String[] {"RELOC-6", "PRIV-4"}, "Tampered"},
            {"runtime-slots", "the TX ring has 512 slots: INVALID_CONFIG", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.tx = new RelocationState.Ring(512, r.tx.rspProd())), "INVALID_CONFIG",
                new String[] {"RELOC-5"}, "Impossible"},
            {"runtime-credit-without-rate", "a credit section for a context without a TX rate: INVALID_CONFIG", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.credit = Optional.of(new RelocationState.Credit(0, OptionalLong.empty()))),
                "INVALID_CONFIG", new String[] {"RELOC-5"}, "Impossible"},
            {"runtime-filter-hits", "two filter counters for a context with no TX rule: INVALID_CONFIG", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.filterHits = List.of(0L, 0L)), "INVALID_CONFIG", new String[] {"RELOC-5"},
                "Impossible"},
            {"runtime-pending-immediate", "one TX completion pending on an immediate queue: INVALID_CONFIG", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.txCompletions = new RelocationState.Completions(0, 1, 10)), "INVALID_CONFIG",
                new String[] {"RELOC-5"}, "Impossible"},
            {"runtime-age-without-pending", "an RX age of 5 ns with nothing pending: INVALID_CONFIG", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.rxCompletions = new RelocationState.Completions(0, 0, 5)), "INVALID_CONFIG",
                new String[] {"RELOC-5"}, "Impossible"},
            {"same-ring-twice", "the host section names page 1 as both rings: BAD_RING", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> host(s, b -> b.rxRingGref(s.host().txRingGref())), "BAD_RING", new String[] {"MEM-6", "RELOC-5"},
                null},
            {"rings-not-granted-to-id", "imported as context 2, but the ring pages are granted to context 0: BAD_RING", Caller.HOST, 2,
                UnaryOperator.<RelocationState>identity(), "BAD_RING", new String[] {"MEM-6", "RELOC-5"}, null},
            {"rsp-prod-differs", "the document says TX rsp_prod 0, the ring shows 1: BAD_RING", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.tx = RelocationState.Ring.at(0)), "BAD_RING", new String[] {"RELOC-5"}, "Stale"},
            {"guest-before-exists", "guest 0 imports as context 1, which exists: PRIVILEGE first", Caller.guest(0), 1,
                UnaryOperator.<RelocationState>identity(), "PRIVILEGE", new String[] {"PRIV-1", "RELOC-5"}, "OrderOfChecks"},
            {"exists-before-runtime", "imported as context 1 with a 512-slot TX ring: CONTEXT_EXISTS first", Caller.HOST, 1,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.tx = new RelocationState.Ring(512, 1)), "CONTEXT_EXISTS",
                new String[] {"PRIV-5", "RELOC-5"}, "OrderOfChecks"},
            {"host-before-guest", "a group address as own MAC and promiscuous not allowed: INVALID_CONFIG, step 5 before step 6", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> guest(host(s, b -> b.macs(List.of(GROUP))), GuestConfig.DEFAULT.withPromiscuous(true)),
                "INVALID_CONFIG", new String[] {"RELOC-5", "RELOC-6"}, "OrderOfChecks"},
            {"guest-before-runtime", "promiscuous not allowed and a 512-slot TX ring: PRIVILEGE, step 6 before step 7", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(guest(s, GuestConfig.DEFAULT.withPromiscuous(true)),
                        r -> r.tx = new RelocationState.Ring(512, 1)), "PRIVILEGE", new String[] {"RELOC-5", "RELOC-6"}, "OrderOfChecks"},
            {"runtime-before-rings", "a 512-slot TX ring and TX rsp_prod 0 against the ring's 1: INVALID_CONFIG, step 7 before step 9", Caller.HOST, 0,
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.tx = new RelocationState.Ring(512, 0)), "INVALID_CONFIG", new String[] {"RELOC-5"},
                "OrderOfChecks"},
        };
        for (Object[] c : refusals) {
            @SuppressWarnings("unchecked")
            UnaryOperator<RelocationState> tamper = (UnaryOperator<RelocationState>) c[4];
            Meta meta = Meta.invalid(id + c[0], (String) c[1], rejected((String) c[5]), (String[]) c[6]);
            if (c[7] != null) {
                meta = meta.flags((String) c[7]);
            }
            g.test(meta, refusedImport((Caller) c[2], (Integer) c[3], tamper, (String) c[5]));
        }
        g.test(Meta.invalid(id + "ring-read-only", "the guest re-grants its TX ring page read-only: BAD_RING (MEM-6)", rejected("BAD_RING"), "MEM-6",
                        "RELOC-5"),
                m -> {
                    m.t().harness.grant(m.state().host().txRingGref(), 0, Access.READ_ONLY);
                    imports(m.t().bench, 0, m.state(), refused("BAD_RING"));
                })
                .test(Meta.invalid(id + "req-prod-too-far", "the guest's TX req_prod is 257 ahead of rsp_prod: BAD_RING", rejected("BAD_RING"),
                        "RELOC-5", "RING-14").flags("Stale"),
                        m -> {
                            GuestDriver guest = m.t().harness.guest(0);
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 1 + 257);
                            imports(m.t().bench, 0, m.state(), refused("BAD_RING"));
                        })
                .test(Meta.valid(id + "failed-skips-rings", "the document as FAILED with TX rsp_prod 5 (the ring shows 1): ok, FAILED, no ring read "
                        + "(step 9 skipped); a reset re-attaches at the shared indices and the next packet is answered at index 1", "RELOC-5", "RELOC-7",
                        "RING-14"),
                        m -> {
                            RelocationState failed = edit(m.state(), r -> {
                                r.state = ContextState.FAILED;
                                r.tx = RelocationState.Ring.at(5);
                                r.txCompletions = RelocationState.Completions.settledAt(5);
                            });
                            TimedBench t = m.t();
                            imports(t.bench, 0, failed, "Ok");
                            require(t.harness.state(0) == ContextState.FAILED, "imported FAILED");
                            control(t.bench, Caller.HOST, new ControlRequest.ResetContext(0), "Ok");
                            t.publish(0, t.toWire("after the reset", 0, 60, 14));
                            t.kick(0, nothing().sends(0, 1));
                        })
                .test(Meta.invalid(id + "refused-changes-nothing", "a refused import (promiscuous not allowed), then the document as it was: ok",
                        rejected("PRIVILEGE"), "RELOC-5", "RELOC-6").flags("Tampered"),
                        m -> {
                            imports(m.t().bench, 0, guest(m.state(), GuestConfig.DEFAULT.withPromiscuous(true)), refused("PRIVILEGE"));
                            imports(m.t().bench, 0, m.state(), "Ok");
                        })
                .done();

        String rated = RATED + "; a 65535-byte drain at 0 empties context 0's bucket and a 60-byte packet waits, due at 60000 ns; at 20000 ns the "
                + "host exports context 0 and destroys it";
        FileBuilder.GroupBuilder<Moved> q = file.group(rated, () -> {
            TimedBench t = rateBench();
            drainAndHold(t);
            t.advanceTo(20_000, nothing());
            RelocationState state = export(t.harness, 0);
            control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
            require(state.runtime().credit().orElseThrow().resumeInNanos().getAsLong() == 40_000, "the wait has 40000 ns to run");
            return new Moved(t, state);
        }).requiring(PROFILE, QOS);
        q.test(Meta.valid(id + "waiting-resumes", "imported at 20000 ns: the held packet leaves at 20000 + 40000 = 60000 ns, without a kick",
                        "RELOC-7", "QOS-5").flags("Credit"),
                m -> {
                    TimedBench t = m.t();
                    quietImport(t, 0, m.state());
                    t.advanceTo(59_999, nothing());
                    t.advanceTo(60_000, nothing().sends(0, 1));
                })
                .test(Meta.valid(id + "waiting-resumes-from-import", "imported at 30000 ns, 10000 after the export: the wait runs from the import, "
                        + "the packet leaves at 30000 + 40000 = 70000 ns", "RELOC-7", "RELOC-4").flags("Credit"),
                        m -> {
                            TimedBench t = m.t();
                            t.advanceTo(30_000, nothing());
                            quietImport(t, 0, m.state());
                            t.advanceTo(69_999, nothing());
                            t.advanceTo(70_000, nothing().sends(0, 1));
                        });
        Object[][] badCredit = {
            {"level-above-burst", "a level one above 65535 x 1000000: INVALID_CONFIG",
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.credit = Optional.of(new RelocationState.Credit(
                        RATE.burstBytes() * RATE.periodNanos() + 1, OptionalLong.empty())))},
            {"resume-zero", "resumeInNanos 0: INVALID_CONFIG (a wait due now would have ended at the export)",
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.credit = Optional.of(new RelocationState.Credit(r.credit.orElseThrow().level(),
                        OptionalLong.of(0))))},
            {"credit-missing", "no credit section for a rate-limited context: INVALID_CONFIG",
                (UnaryOperator<RelocationState>) s -> edit(s, r -> r.credit = Optional.empty())},
            {"failed-waiting", "FAILED with a wait to run: INVALID_CONFIG", (UnaryOperator<RelocationState>) s -> edit(s, r -> r.state = ContextState.FAILED)},
        };
        for (Object[] c : badCredit) {
            @SuppressWarnings("unchecked")
            UnaryOperator<RelocationState> tamper = (UnaryOperator<RelocationState>) c[2];
            q.test(Meta.invalid(id + c[0], (String) c[1], rejected("INVALID_CONFIG"), "RELOC-5").flags("Impossible", "Credit"),
                    refusedImport(tamper, "INVALID_CONFIG"));
        }
        q.done();

        String coalesced = COALESCED + "; a packet at 1000 ns is pending; at 21000 ns the host exports context 0 and destroys it";
        FileBuilder.GroupBuilder<Moved> c2 = file.group(coalesced, () -> {
            TimedBench t = coalescingBench();
            t.advanceTo(1_000, nothing().notifies());
            t.publish(0, t.toWire("pending", 0, 60, 15));
            t.kick(0, nothing().sends(0, 1).notifies());
            t.advanceTo(21_000, nothing().notifies());
            RelocationState state = export(t.harness, 0);
            control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
            return new Moved(t, state);
        }).requiring(PROFILE, COALESCING);
        c2.test(Meta.valid(id + "owed-at-deadline", "imported at 21000 ns: first = 21000 - 20000, so the notification comes at 51000", "RELOC-7",
                        "COAL-5").flags("Owed"),
                m -> {
                    TimedBench t = m.t();
                    quietImport(t, 0, m.state());
                    t.advanceTo(50_999, nothing().notifies());
                    t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                })
                .test(Meta.valid(id + "owed-from-import", "imported at 31000 ns: first = 31000 - 20000 = 11000, so the notification comes at "
                        + "61000", "RELOC-7", "RELOC-4").flags("Owed"),
                        m -> {
                            TimedBench t = m.t();
                            t.advanceTo(31_000, nothing().notifies());
                            quietImport(t, 0, m.state());
                            t.advanceTo(60_999, nothing().notifies());
                            t.advanceTo(61_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.invalid(id + "pending-at-max-frames", "four TX completions pending under maxFrames 4: INVALID_CONFIG (they would have "
                        + "been decided)", rejected("INVALID_CONFIG"), "RELOC-5").flags("Impossible", "Owed"),
                        refusedImport(s -> edit(s, r -> r.txCompletions = new RelocationState.Completions(0, 4, 20_000)), "INVALID_CONFIG"))
                .test(Meta.invalid(id + "age-at-max-delay", "the pending TX completion aged 50000 under maxDelayNanos 50000: INVALID_CONFIG",
                        rejected("INVALID_CONFIG"), "RELOC-5").flags("Impossible", "Owed"),
                        refusedImport(s -> edit(s, r -> r.txCompletions = new RelocationState.Completions(0, 1, 50_000)), "INVALID_CONFIG"))
                .test(Meta.invalid(id + "guest-coalescing-out-of-range", "the guest section sets TX maxFrames 65536: INVALID_CONFIG, as a "
                        + "set-guest-config (COAL-2)", rejected("INVALID_CONFIG"), "RELOC-6", "COAL-2").flags("Tampered"),
                        refusedImport(s -> guest(s, GuestConfig.builder().coalescing(Queue.TX, new Coalescing(65_536, 50_000))
                                .coalescing(Queue.RX, FOUR).build()), "INVALID_CONFIG"))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ relocation/stale.yaml

    @Requirement({"RELOC-5", "RELOC-3"})
    private static VectorBundle.Entry stale() {
        String id = CHAPTER + ".stale.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "stale",
                "A document made stale by activity after the export: the source answered a kick or delivered a frame, so its rings moved on; "
                        + "importing the old document would answer requests twice or reuse buffers, and step 9 refuses it with BAD_RING. The "
                        + "host exports again (section 7).");
        notes(file);
        file.group(PLAIN, RelocationVectors::plainBench).requiring(PROFILE)
                .test(Meta.invalid(id + "after-kick", "export; a packet is sent and answered; export again; destroy: the first document is refused "
                                + "BAD_RING, the second accepted", rejected("BAD_RING"), "RELOC-5", "RELOC-3").flags("Stale"),
                        t -> {
                            RelocationState[] s = new RelocationState[2];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            t.publish(0, t.toWire("between", 0, 60, 16));
                            t.kick(0, nothing().sends(0, 1));
                            t.call("export again", () -> s[1] = export(t.harness, 0), nothing());
                            control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            imports(t.bench, 0, s[0], refused("BAD_RING"));
                            imports(t.bench, 0, s[1], "Ok");
                        })
                .test(Meta.invalid(id + "after-delivery", "export; a frame from the wire is delivered; destroy: the document is refused BAD_RING "
                        + "(the RX ring moved on)", rejected("BAD_RING"), "RELOC-5").flags("Stale"),
                        t -> {
                            RelocationState[] s = new RelocationState[1];
                            t.call("export", () -> s[0] = export(t.harness, 0), nothing());
                            t.wire(toZero(60, 17), nothing().delivers(0, 60));
                            control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            imports(t.bench, 0, s[0], refused("BAD_RING"));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ relocation/context-limits.yaml

    /** Every one of the model's 64 contexts live (ids 0 to 63, MACs 02:00:00:01:00:00 + id); ring pages granted to context 64. */
    private static Bench allContexts() {
        int max = Generators.model().limits().maxContexts();
        require(max == 64, "these vectors assume maxContexts = 64, the model has " + max);
        Bench.Member[] members = new Bench.Member[max];
        for (int k = 0; k < max; k++) {
            members[k] = Bench.member(k, UNTAGGED, 0, new MacAddress(0x020000010000L + k));
        }
        Bench bench = Bench.start(members);
        bench.harness.guest(max);
        return bench;
    }

    private static RelocationState freshFor(Bench bench, int ctx, MacAddress mac) {
        GuestDriver guest = bench.harness.guest(ctx);
        return state(ContextConfig.builder().macs(List.of(mac)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).build(), GuestConfig.DEFAULT,
                new Runtime());
    }

    @Requirement({"RELOC-5", "PRIV-7"})
    private static VectorBundle.Entry contextLimits() {
        String id = CHAPTER + ".context-limits.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "context-limits",
                "An import beyond maxContexts live contexts answers no-context-available, the last of section 4.2's checks, and changes "
                        + "nothing; the host then imports the state into its software path (RELOC-12). These tests assume maxContexts = 64.");
        notes(file);
        file.note("OutOfContexts", "RESOURCE_EXHAUSTION", "every context the device has is live", "a device that fails or corrupts state when "
                + "full, instead of answering no-context-available, leaves the host no software fallback");
        file.note(VectorRunner.CORE_LIMITS, "IMPL_DEFINED", "assumes the bundled devices' limits exactly (spec 05, section 3.1): 64 contexts "
                + "fill the device", "a device with more contexts has room for the import; one with fewer cannot hold the set-up");
        MacAddress fresh = MacAddress.parse("02:00:00:02:00:00");
        file.group("contexts 0 to 63 live (MACs 02:00:00:01:00:00 + id, rings on pages 1 to 128); pages 129 and 130 granted to context 64 as "
                                + "rings", RelocationVectors::allContexts)
                .requiring(PROFILE)
                .test(Meta.valid(id + "import-beyond-max", "a fresh context's document imported as context 64 answers no-context-available; after "
                                + "a destroy it is accepted", "RELOC-5", "PRIV-7").flags("CoreLimits", "OutOfContexts"),
                        b -> {
                            imports(b, 64, freshFor(b, 64, fresh), "NoContextAvailable");
                            control(b, Caller.HOST, new ControlRequest.DestroyContext(17), "Ok");
                            imports(b, 64, freshFor(b, 64, fresh), "Ok");
                        })
                .test(Meta.invalid(id + "runtime-before-room", "beyond max with a 512-slot RX ring: INVALID_CONFIG, step 7 before step 10",
                                rejected("INVALID_CONFIG"), "RELOC-5", "PRIV-7").flags("CoreLimits", "OrderOfChecks"),
                        b -> imports(b, 64, edit(freshFor(b, 64, fresh), r -> r.rx = new RelocationState.Ring(512, 0)), refused("INVALID_CONFIG")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ relocation/not-offered.yaml

    @Requirement("RELOC-1")
    private static VectorBundle.Entry notOffered() {
        String id = CHAPTER + ".not-offered.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "not-offered",
                "A device that does not claim relocation answers an ExportContext or ImportContext from the host NOT_SUPPORTED, after the "
                        + "privilege check and before every other (RELOC-1, section 4); a relocation onto or from it moves nothing.");
        notes(file);
        file.note(VectorRunner.WITHOUT_RELOCATION, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): the test expects a device that does "
                + "not claim relocation, recorded from the reference model claiming every other profile it implements; a device that claims "
                + "relocation skips it", "a host believes it can move a guest off a device that cannot export it, or onto one that cannot "
                + "import it");
        DeviceProvider without = ReferenceClaiming.without(Profile.RELOCATION);
        FileBuilder.GroupBuilder<TimedBench> g = file.group("the reference model claiming every profile but relocation: " + PLAIN,
                () -> new TimedBench(Bench.start(without, Bench.member(0, UNTAGGED, 4, A), Bench.member(1, UNTAGGED, 0, B))));
        g.test(Meta.invalid(id + "export", "the host exports context 0: NOT_SUPPORTED", rejected("NOT_SUPPORTED"), "RELOC-1")
                        .flags(VectorRunner.WITHOUT_RELOCATION),
                t -> control(t.bench, Caller.HOST, new ControlRequest.ExportContext(0), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "import", "the host imports a fresh context's document as context 2: NOT_SUPPORTED", rejected("NOT_SUPPORTED"),
                        "RELOC-1").flags(VectorRunner.WITHOUT_RELOCATION),
                        t -> imports(t.bench, 2, freshFor(t.bench, 2, MacAddress.parse("02:00:00:00:00:03")), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "privilege-first", "guest 0 exports its context: PRIVILEGE before NOT_SUPPORTED", rejected("PRIVILEGE"),
                        "RELOC-1", "PRIV-1").flags(VectorRunner.WITHOUT_RELOCATION, "OrderOfChecks"),
                        t -> control(t.bench, Caller.guest(0), new ControlRequest.ExportContext(0), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "before-range", "the host exports context -1: NOT_SUPPORTED, step 2 before step 3", rejected("NOT_SUPPORTED"),
                        "RELOC-1").flags(VectorRunner.WITHOUT_RELOCATION, "OrderOfChecks"),
                        t -> control(t.bench, Caller.HOST, new ControlRequest.ExportContext(-1), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "relocate-moves-nothing", "a relocation: both exports refused NOT_SUPPORTED, nothing destroyed, no device "
                        + "made; context 0 still sends", rejected("NOT_SUPPORTED"), "RELOC-1").flags(VectorRunner.WITHOUT_RELOCATION),
                        t -> {
                            List<Harness.Move> moves = t.harness.relocate(toDevice(without));
                            require(moves.size() == 2 && moves.stream().allMatch(m -> m.imported() == null
                                    && Harness.describe(m.exported()).equals("Rejected(NOT_SUPPORTED)")), "nothing moves: " + moves);
                            t.publish(0, t.toWire("still here", 0, 60, 18));
                            t.kick(0, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ relocation/document-reader.yaml

    /** One reader test: its name, comment, bytes (text or hex), padding, and the defect and path chapter 12's table gives (null: it reads). */
    private record Reading(String name, String comment, String text, String hex, Integer padTo, String defect, String path, String... reqs) {
    }

    private static String json(String canonical, String from, String to) {
        require(canonical.contains(from), "the base document holds " + from);
        return canonical.replace(from, to);
    }

    @Requirement({"RELOC-11", "RELOC-10"})
    private static VectorBundle.Entry reader() {
        String id = CHAPTER + ".document-reader.";
        ContextConfig host = ContextConfig.builder().macs(List.of(A)).txRingGref(1).rxRingGref(2).build();
        RelocationState base = state(host, GuestConfig.DEFAULT, new Runtime().at(3, 2).count(Counter.TX_FRAMES, 3).count(Counter.TX_BYTES, 180)
                .count(Counter.RX_FRAMES, 2).count(Counter.RX_BYTES, 120).defaultHits(3));
        String doc = RelocationDocument.canonical(base);
        require(doc.startsWith("{\"format\":\"netchannel-relocation\",\"guest\":{") && doc.endsWith(",\"version\":1}"),
                "RELOC-10: members sorted, no whitespace: " + doc);
        String pretty = "{\n  \"version\": 1,\n  \"format\": \"netchannel-relocation\",\n" + doc.substring(doc.indexOf("\"guest\""),
                doc.indexOf(",\"version\"")).replace(",\"host\"", ",\n  \"host\"").replace(",\"runtime\"", ",\n  \"runtime\"") + "\n}\n";
        String guestIn = "\"guest\":{\"multicast\":[],\"promiscuous\":false}";
        int max = RelocationDocument.MAX_BYTES;
        List<Reading> cases = List.of(
                new Reading("canonical", "the canonical text of a state reads, to itself", doc, null, null, null, null, "RELOC-11", "RELOC-10"),
                new Reading("whitespace-and-order", "the same document with whitespace and its top-level members in another order reads to the "
                        + "same canonical text", pretty, null, null, null, null, "RELOC-11", "RELOC-10"),
                new Reading("at-the-limit", "the canonical text followed by spaces to exactly 1048576 bytes reads", doc, null, max, null, null,
                        "RELOC-11"),
                new Reading("oversized", "the canonical text followed by spaces to 1048577 bytes: oversized", doc, null, max + 1, "oversized", "$",
                        "RELOC-11"),
                new Reading("oversized-before-parsing", "half a document followed by spaces to 1048577 bytes: oversized, found before parsing, "
                        + "not malformed", doc.substring(0, doc.length() / 2), null, max + 1, "oversized", "$", "RELOC-11"),
                new Reading("truncated", "the canonical text cut in half: malformed", doc.substring(0, doc.length() / 2), null, null, "malformed", "$",
                        "RELOC-11"),
                new Reading("empty", "no bytes at all: malformed", "", null, null, "malformed", "$", "RELOC-11"),
                new Reading("not-utf8", "the canonical text with a byte 0xff inside the format string: malformed (not UTF-8)", null,
                        hexOf(doc.replace("netchannel-relocation", "netchannel\u0001relocation")).replace("01", "ff"), null, "malformed", "$",
                        "RELOC-11"),
                new Reading("top-level-list", "a list at the top: malformed", "[" + doc + "]", null, null, "malformed", "$", "RELOC-11"),
                new Reading("repeated-member", "version written twice: malformed", json(doc, ",\"version\":1}", ",\"version\":1,\"version\":1}"), null,
                        null, "malformed", "$.version", "RELOC-11"),
                new Reading("format-missing", "no format member: not-a-relocation-document", json(doc, "\"format\":\"netchannel-relocation\",", ""),
                        null, null, "not-a-relocation-document", "$.format", "RELOC-11"),
                new Reading("format-foreign", "format netchannel-vectors: not-a-relocation-document", json(doc, "netchannel-relocation",
                        "netchannel-vectors"), null, null, "not-a-relocation-document", "$.format", "RELOC-11"),
                new Reading("newer-version", "version 2: newer-version", json(doc, "\"version\":1}", "\"version\":2}"), null, null, "newer-version",
                        "$.version", "RELOC-11"),
                new Reading("version-zero", "version 0: malformed", json(doc, "\"version\":1}", "\"version\":0}"), null, null, "malformed", "$.version",
                        "RELOC-11"),
                new Reading("version-string", "version \"1\", a string: malformed", json(doc, "\"version\":1}", "\"version\":\"1\"}"), null, null,
                        "malformed", "$.version", "RELOC-11"),
                new Reading("unknown-top-member", "a member comment at the top: unknown-member", json(doc, ",\"version\":1}",
                        ",\"comment\":\"x\",\"version\":1}"), null, null, "unknown-member", "$.comment", "RELOC-11"),
                new Reading("unknown-nested-member", "a member size inside runtime.tx: unknown-member", json(doc, "\"tx\":{", "\"tx\":{\"size\":4096,"),
                        null, null, "unknown-member", "$.runtime.tx.size", "RELOC-11"),
                new Reading("unknown-counter", "a counter WIRE_RX_FRAMES, device-wide, among the context's: unknown-member", json(doc, "\"counters\":{",
                        "\"counters\":{\"WIRE_RX_FRAMES\":0,"), null, null, "unknown-member", "$.runtime.counters.WIRE_RX_FRAMES", "RELOC-11"),
                new Reading("guest-tx-rate", "the guest section sets txRate: privileged-in-guest", json(doc, guestIn,
                        "\"guest\":{\"multicast\":[],\"promiscuous\":false,\"txRate\":{\"bytes\":1000000000,\"periodNanos\":1,\"burst\":2147483647}}"),
                        null, null, "privileged-in-guest", "$.guest.txRate", "RELOC-11", "RELOC-6"),
                new Reading("guest-promiscuous-allowed", "the guest section sets promiscuousAllowed: privileged-in-guest", json(doc, guestIn,
                        "\"guest\":{\"multicast\":[],\"promiscuous\":true,\"promiscuousAllowed\":true}"), null, null, "privileged-in-guest",
                        "$.guest.promiscuousAllowed", "RELOC-11", "RELOC-6"),
                new Reading("guest-macs", "the guest section names macs: privileged-in-guest", json(doc, guestIn,
                        "\"guest\":{\"macs\":[\"02:00:00:00:00:02\"],\"multicast\":[],\"promiscuous\":false}"), null, null, "privileged-in-guest",
                        "$.guest.macs", "RELOC-11", "RELOC-6"),
                new Reading("runtime-missing", "no runtime section: invalid-value", doc.substring(0, doc.indexOf(",\"runtime\"")) + ",\"version\":1}", null,
                        null, "invalid-value", "$.runtime", "RELOC-11"),
                new Reading("rsp-prod-too-large", "TX rspProd 4294967296, beyond 32 bits: invalid-value", json(doc, "\"rspProd\":3", "\"rspProd\":4294967296"),
                        null, null, "invalid-value", "$.runtime.tx.rspProd", "RELOC-11"),
                new Reading("counter-missing", "no TX_ERRORS among the counters, which name every context counter: invalid-value",
                        json(doc, "\"TX_ERRORS\":0,", ""), null, null, "invalid-value", "$.runtime.counters.TX_ERRORS", "RELOC-11"),
                new Reading("counter-negative", "TX_FRAMES -1: invalid-value", json(doc, "\"TX_FRAMES\":3", "\"TX_FRAMES\":-1"), null, null,
                        "invalid-value", "$.runtime.counters.TX_FRAMES", "RELOC-11"),
                new Reading("mac-misspelled", "the host's MAC in upper case: invalid-value", json(doc, "\"macs\":[\"02:00:00:00:00:01\"]",
                        "\"macs\":[\"02:00:00:00:00:0A\"]"), null, null, "invalid-value", "$.host.macs[0]", "RELOC-11"),
                new Reading("state-absent", "state ABSENT: invalid-value", json(doc, "\"state\":\"ACTIVE\"", "\"state\":\"ABSENT\""), null, null,
                        "invalid-value", "$.runtime.state", "RELOC-11"));
        List<VectorFile.Test> tests = new ArrayList<>();
        for (Reading c : cases) {
            byte[] bytes = VectorsOf.bytes(c.text(), c.hex(), c.padTo());
            VectorFile.Reading expect;
            try {
                RelocationState read = RelocationDocument.read(bytes);
                require(c.defect() == null, "RELOC-11: " + c.name() + ": the reader accepted it, chapter 12 says " + c.defect() + " at " + c.path());
                expect = new VectorFile.Reading(RelocationDocument.canonical(read), null, null);
                require(expect.canonical().equals(doc), "RELOC-10: " + c.name() + " reads to the base document");
            } catch (RelocationDocumentException e) {
                require(c.defect() != null && c.defect().equals(e.code()) && c.path().equals(e.path()), "RELOC-11: " + c.name() + ": the reader says "
                        + e.code() + " at " + e.path() + " (" + e.detail() + "), chapter 12 says " + (c.defect() == null ? "it reads" : c.defect()
                        + " at " + c.path()));
                expect = new VectorFile.Reading(null, e.code(), e.path());
            }
            boolean valid = c.defect() == null;
            tests.add(new VectorFile.Test(0, id + c.name(), List.of(c.reqs()), c.comment(), null, valid ? "valid" : "invalid",
                    valid ? null : new VectorFile.ErrorScope("document", null), null, null, null, null, c.hex(), c.text(), c.padTo(), expect));
        }
        FileBuilder file = FileBuilder.document(CHAPTER, "document-reader",
                "The suite's relocation document reader (spec 12, section 5.3; RELOC-11): each test's bytes are read, and a valid test must read "
                        + "to the listed canonical text (RELOC-10), an invalid one be refused with the listed defect at the listed member path. "
                        + "These tests check the reader of whoever replays them — the suite's, a vendor's host tool — never the device.");
        file.documentGroup("the base document: context with MAC 02:00:00:00:00:01, rings on pages 1 and 2, three packets sent (180 bytes) and two "
                + "frames received (120 bytes)", List.of("core", PROFILE), tests);
        return file.build();
    }

    private static String hexOf(String text) {
        return io.netchannel.conformance.vectors.Hex.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of a reader test, as {@link io.netchannel.conformance.vectors.Documents#bytes} builds them. */
    private static final class VectorsOf {
        static byte[] bytes(String text, String hex, Integer padTo) {
            return io.netchannel.conformance.vectors.Documents.bytes(new VectorFile.Test(0, "x.y", List.of("RELOC-11"), "", null, "valid", null, null,
                    null, null, null, hex, text, padTo, null));
        }
    }

    // ------------------------------------------------------------------ scenarios

    @Requirement({"RELOC-8", "RELOC-7", "QOS-5"})
    private static VectorBundle.Entry heldPacket() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "held-packet-moves",
                "A packet held by the rate limit moves with the guest: the drain at 0 empties context 0's bucket, the 60-byte packet behind it "
                        + "waits, due at 60000 ns. At 20000 ns both contexts move to a fresh reference model; the document carries level "
                        + "1000 x 20000 and a wait of 40000 ns, so the packet leaves the new device at 60000 ns, without a kick, as it would "
                        + "have left the old one. Then they move back to a fresh device under test, and a second packet pays from the same bucket.");
        notes(file);
        file.group(RATED, RelocationVectors::rateBench).requiring(PROFILE, QOS)
                .test(Meta.valid(CHAPTER + ".scenarios.held-packet-moves", "the held packet leaves the new device at 60000 ns", "RELOC-8", "RELOC-7",
                                "QOS-5").flags("Move", "Credit"),
                        t -> {
                            drainAndHold(t);
                            t.advanceTo(20_000, nothing());
                            List<Harness.Move> moves = relocate(t.harness, toReference());
                            long level = accrued(RATE, 0, 20_000);
                            require(carried(moves, 0).runtime().credit().equals(Optional.of(new RelocationState.Credit(level,
                                    OptionalLong.of(waitFor(RATE, level, 60))))), "the document carries the bucket and the wait");
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                            t.advanceTo(100_000, nothing());
                            relocate(t.harness, toDevice(Generators.model()));
                            t.publish(0, t.toWire("after the moves", 0, 60, 19));
                            require(waitFor(RATE, accrued(RATE, 0, 100_000 - 60_000), 60) == 20_000, "40 bytes of credit at 100000 ns");
                            t.kick(0, nothing().startsWait(0));
                            t.advanceTo(119_999, nothing());
                            t.advanceTo(120_000, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    @Requirement({"RELOC-8", "RELOC-7", "COAL-5"})
    private static VectorBundle.Entry owedNotification() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "owed-notification-moves",
                "A notification owed by coalescing moves with the guest: TX (4, 50000), a packet at 1000 ns is pending; at 21000 ns context 0 "
                        + "moves to a fresh reference model, with one completion pending aged 20000 ns; the new device notifies at 51000, not "
                        + "before, as the old one would have.");
        notes(file);
        file.group(COALESCED, RelocationVectors::coalescingBench).requiring(PROFILE, COALESCING)
                .test(Meta.valid(CHAPTER + ".scenarios.owed-notification-moves", "the notification comes from the new device at 51000 ns", "RELOC-8",
                                "RELOC-7", "COAL-5").flags("Move", "Owed"),
                        t -> {
                            t.advanceTo(1_000, nothing().notifies());
                            t.publish(0, t.toWire("pending", 0, 60, 20));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(21_000, nothing().notifies());
                            List<Harness.Move> moves = relocate(t.harness, toReference());
                            require(carried(moves, 0).runtime().txCompletions().equals(new RelocationState.Completions(0, 1, 20_000)),
                                    "the document carries one pending completion aged 20000 ns");
                            t.advanceTo(50_999, nothing().notifies());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    @Requirement({"RELOC-8", "RELOC-6"})
    private static VectorBundle.Entry multicast() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "multicast-moves",
                "The guest's multicast list moves in its section of the document: context 0 joins 01:00:5e:00:00:01, both contexts move to a "
                        + "fresh device under test, and a frame to the group from the wire reaches context 0 there, and not context 1.");
        notes(file);
        file.group(PLAIN, RelocationVectors::plainBench).requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.multicast-moves", "the group frame reaches context 0 on the new device", "RELOC-8", "RELOC-6")
                                .flags("Move"),
                        t -> {
                            GuestConfig joined = GuestConfig.builder().join(GROUP).build();
                            t.call("guest 0 joins", () -> control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0, joined), "Ok"), nothing());
                            relocate(t.harness, toDevice(Generators.model()));
                            t.wire(ether(GROUP, TimedBench.PEER, LOCAL, data(46, 21)), nothing().delivers(0, 60));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    @Requirement({"RELOC-8", "RELOC-7"})
    private static VectorBundle.Entry failedMoves() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "failed-context-moves",
                "A FAILED context moves as FAILED: its device touches none of its pages until the host resets it; after the move to a fresh "
                        + "reference model the host resets it there, which re-attaches it at the shared indices, and it sends again.");
        notes(file);
        file.group(PLAIN, RelocationVectors::plainBench).requiring(PROFILE)
                .test(Meta.invalid(CHAPTER + ".scenarios.failed-context-moves", "context 0 fails, moves, is reset on the new device and sends",
                                error("context"), "RELOC-8", "RELOC-7", "RING-11").flags("Move"),
                        t -> {
                            t.publish(0, t.toWire("before", 0, 60, 22));
                            t.kick(0, nothing().sends(0, 1));
                            t.harness.guest(0).setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 100_000);
                            t.kick(0, nothing().fails(0));
                            List<Harness.Move> moves = relocate(t.harness, toReference());
                            require(carried(moves, 0).runtime().state() == ContextState.FAILED, "it moves FAILED");
                            require(t.harness.state(0) == ContextState.FAILED, "it is FAILED on the new device");
                            t.harness.guest(0).setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 1);
                            control(t.bench, Caller.HOST, new ControlRequest.ResetContext(0), "Ok");
                            t.publish(0, t.toWire("after the reset", 0, 60, 23));
                            t.kick(0, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    @Requirement({"RELOC-8", "RELOC-9"})
    private static VectorBundle.Entry roundTrip() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "round-trip",
                "Device to reference to device: both contexts trade traffic with the wire, move to a fresh reference model, trade more, and "
                        + "move back to a fresh device under test, where the counters and ring positions go on from where they were. The second "
                        + "move exports on the reference model what the first imported there, plus the traffic between.");
        notes(file);
        file.group(PLAIN, RelocationVectors::plainBench).requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.round-trip", "the guests cannot tell that they moved twice", "RELOC-8", "RELOC-9").flags("Move"),
                        t -> {
                            t.publish(0, t.toWire("one", 0, 60, 24));
                            t.kick(0, nothing().sends(0, 1));
                            t.wire(toZero(90, 25), nothing().delivers(0, 90));
                            List<Harness.Move> there = relocate(t.harness, toReference());
                            t.publish(0, t.toWire("two", 0, 70, 26));
                            t.kick(0, nothing().sends(0, 1));
                            t.wire(toZero(100, 27), nothing().delivers(0, 100));
                            List<Harness.Move> back = relocate(t.harness, toDevice(Generators.model()));
                            RelocationState before = carried(there, 0);
                            same(carried(back, 0), edit(before, r -> {
                                r.at(2, 2);
                                r.count(Counter.TX_FRAMES, 2).count(Counter.TX_BYTES, 130).count(Counter.RX_FRAMES, 2).count(Counter.RX_BYTES, 190).defaultHits(2);
                            }), "the second move carries the first's state and the traffic between");
                            t.publish(0, t.toWire("three", 0, 80, 28));
                            t.kick(0, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    @Requirement({"RELOC-12", "RELOC-8", "CTX-10"})
    private static VectorBundle.Entry softwarePath() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "software-path",
                "Behind the reference host with no device context: both contexts live on the host's software path, move to a fresh host "
                        + "around a fresh device under test, still with no device context, and go on there (RELOC-12: a host imports into its "
                        + "software path what its device cannot take). Checked when generated to give the same observations with every split "
                        + "of 0 to 4 device contexts (CTX-10).");
        notes(file);
        int contexts = 0;
        VectorBundle.Entry entry = file.hostGroup(PLAIN + ", behind the reference host", contexts,
                        () -> new TimedBench(Bench.start(new HostedProvider(Generators.model(), contexts), Bench.member(0, UNTAGGED, 4, A),
                                Bench.member(1, UNTAGGED, 0, B))))
                .requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.software-path", "the guests move between hosts and cannot tell", "RELOC-12", "RELOC-8")
                                .flags("Move"),
                        t -> {
                            t.publish(0, t.toWire("one", 0, 60, 29));
                            t.kick(0, nothing().sends(0, 1));
                            relocate(t.harness, toDevice(new HostedProvider(Generators.model(), contexts)));
                            t.wire(toZero(64, 30), nothing().delivers(0, 64));
                            t.publish(0, t.toWire("two", 0, 60, 31));
                            t.kick(0, nothing().sends(0, 1));
                        })
                .done()
                .build();
        for (VectorFile.Group group : entry.file().groups()) {
            for (VectorFile.Test test : group.tests()) {
                for (int split = 0; split <= VectorFile.Host.MAX_DEVICE_CONTEXTS; split++) {
                    VectorFile.Group moved = new VectorFile.Group(group.comment(), group.profiles(), new VectorFile.Host(split), group.setup(),
                            group.tests());
                    Verdict verdict = VectorRunner.run(Generators.model(), entry.path(), entry.file(), moved, test);
                    require(verdict.status() == Verdict.Status.PASS, "RELOC-12: " + test.id() + " recorded with " + contexts
                            + " device contexts differs with " + split + ": " + verdict.describe());
                }
            }
        }
        return LayoutVectors.withUsedNotes(entry);
    }
}
