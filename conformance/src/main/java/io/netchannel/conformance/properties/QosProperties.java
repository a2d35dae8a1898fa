package io.netchannel.conformance.properties;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 09, profile {@code qos}: TX rate limiting (QOS-1 to QOS-9). The window law (QOS-3) and
 * "no drop, no reorder" (QOS-5, QOS-6) are checked as laws over what a run shows, without an
 * oracle; release times, the counter and run-time changes against {@link QosOracle}, the suite's
 * own exact token bucket; fairness (QOS-9) as an equality between a run with a saturating limited
 * neighbour and one without. Every property but QOS-1's needs the profile and is skipped, naming
 * it, on a device that does not claim it ({@link ProfileGate}).
 */
public abstract class QosProperties {

    /** The profile id. */
    static final String QOS = "qos";
    /** The limited context of the traffic properties. */
    static final int LIMITED = 0;
    /** The unlimited neighbour of the fairness property. */
    static final int FREE = 1;

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private DeviceLimits deviceLimits() {
        return provider().limits();
    }

    // ------------------------------------------------------------------ steps

    /** One step of a run, applied to the device and the oracle alike. */
    public sealed interface Step permits Send, Kick, Advance, Consume, Update, Reset, Recreate {
    }

    /** One packet a guest builds: its size, its first slot's own length, its fate under the TX checks. */
    public record Out(int size, int firstOwn, QosOracle.Fate fate) {
    }

    /** The guest queues packets (as many as the ring holds), pushes and kicks when the push says so. */
    public record Send(List<Out> packets) implements Step {
    }

    /** A kick whatever the push said. */
    public record Kick() implements Step {
    }

    /** How far an advance goes. */
    public enum Jump {
        /** 0 to 3 ns. */
        TINY,
        /** {@code amount}/16 of the time the limit needs for 1500 bytes. */
        SCALED,
        /** Exactly the next event's time: the waiting packet's due time or the TX decision's (a tiny step when none is due). */
        DUE,
        /** One nanosecond before it. */
        JUST_BEFORE_DUE,
        /** {@code amount}/32 of the time the limit needs to refill the whole burst: long enough for the cap to bind. */
        REFILL,
        /** Far enough for every packet published to leave. */
        FAR
    }

    /** Time moves forward. */
    public record Advance(Jump jump, int amount) implements Step {
    }

    /** The guest reads its responses and re-arms rsp_event = rsp_cons + 1. */
    public record Consume() implements Step {
    }

    /** The host updates the limit (null: the same limit again). */
    public record Update(TxRate rate) implements Step {
    }

    /** The host resets the context. */
    public record Reset() implements Step {
    }

    /** The host destroys the context and creates it again with a limit. */
    public record Recreate(TxRate rate) implements Step {
    }

    /** What one step showed. */
    record Outcome(Step step, long before, long time, boolean instant, List<QosBench.Sent> sent, List<QosOracle.Left> expected, boolean kicked,
            boolean kickExpected) {
    }

    /**
     * A run of one limited context ({@value #LIMITED}) on the device under test, with the oracle
     * following the same steps. The oracle also picks the times of {@link Jump#DUE} steps, but
     * the law-based properties check nothing against it.
     */
    static final class Run {
        final QosBench bench;
        final Harness harness;
        final GuestDriver guest;
        final QosOracle.Timeline oracle = new QosOracle.Timeline(0);
        final List<QosOracle.Observed> observed = new ArrayList<>();
        final List<QosBench.Sent> sent = new ArrayList<>();
        /** Packets whose responses were checked: a slot is read back once, before the guest reuses it. */
        int checked;
        private int next;

        Run(DeviceProvider provider, TxRate rate) {
            this(provider, rate, Coalescing.IMMEDIATE);
        }

        /** A run whose TX queue coalesces as {@code tx} says (profile coalescing; IMMEDIATE needs none). */
        Run(DeviceProvider provider, TxRate rate, Coalescing tx) {
            bench = QosBench.start(provider);
            harness = bench.harness();
            guest = harness.guest(LIMITED);
            bench.create(LIMITED, rate);
            oracle.create(rate, harness.now());
            oracle.rspEvent(guest.txRspCons() + 1);
            if (!tx.equals(Coalescing.IMMEDIATE)) {
                GuestConfig config = GuestConfig.builder().coalescing(Queue.TX, tx).build();
                ControlResult result = harness.control(Caller.guest(LIMITED), new ControlRequest.SetGuestConfig(LIMITED, config));
                Check.that(result instanceof ControlResult.Ok, "COAL-2", harness, "TX coalescing " + tx + " accepted", Harness.describe(result));
                oracle.coalescing(tx, harness.now());
            }
        }

        Outcome apply(Step step) {
            long before = harness.now();
            int from = bench.frames();
            int leftBefore = oracle.left().size();
            boolean instant = true;
            boolean kicked = false;
            boolean kickExpected = false;
            if (step instanceof Send send) {
                guest.takeTxResponses(); // a guest makes room by reading what was answered (rsp_event stays as it was)
                List<QosOracle.Packet> packets = new ArrayList<>();
                for (Out out : send.packets()) {
                    List<TxSlot> slots = bench.packet(LIMITED, next, out.size(), out.firstOwn(), out.fate());
                    if (!bench.fits(LIMITED, slots.size())) {
                        break; // the ring is full: the guest keeps the rest
                    }
                    guest.queue(slots);
                    packets.add(QosBench.described(next++, out.size(), slots, out.fate()));
                }
                if (!packets.isEmpty()) {
                    kickExpected = oracle.publish(packets);
                    kicked = guest.pushTx();
                    if (kicked) {
                        harness.kick(LIMITED, Queue.TX);
                    }
                    if (kickExpected) {
                        oracle.kick(harness.now());
                    }
                }
            } else if (step instanceof Kick) {
                harness.kick(LIMITED, Queue.TX);
                oracle.kick(harness.now());
            } else if (step instanceof Advance advance) {
                long to = target(advance);
                harness.advanceTo(to);
                oracle.advanceTo(to);
                instant = false;
            } else if (step instanceof Consume) {
                guest.takeTxResponses();
                guest.finalCheckTx();
                oracle.rspEvent(guest.txRspCons() + 1);
            } else if (step instanceof Update update) {
                TxRate rate = update.rate() == null ? oracle.rate() : update.rate();
                expectOk(harness.control(Caller.HOST, new ControlRequest.UpdateContext(LIMITED, bench.config(LIMITED, rate))), "update to " + rate);
                oracle.update(rate, harness.now());
            } else if (step instanceof Reset) {
                expectOk(harness.control(Caller.HOST, new ControlRequest.ResetContext(LIMITED)), "reset");
                oracle.reset(harness.now());
            } else if (step instanceof Recreate recreate) {
                expectOk(harness.control(Caller.HOST, new ControlRequest.DestroyContext(LIMITED)), "destroy");
                oracle.destroy();
                bench.create(LIMITED, recreate.rate());
                oracle.create(recreate.rate(), harness.now());
                oracle.rspEvent(guest.txRspCons() + 1);
            }
            List<QosBench.Sent> now = new ArrayList<>();
            long bytes = 0;
            for (QosBench.Sent s : bench.sentSince(from)) {
                if (s.ctx() == LIMITED) {
                    now.add(s);
                    bytes += s.length();
                }
            }
            sent.addAll(now);
            observed.add(new QosOracle.Observed(before, harness.now(), instant, bytes));
            List<QosOracle.Left> left = oracle.left();
            return new Outcome(step, before, harness.now(), instant, now, left.subList(leftBefore, left.size()), kicked, kickExpected);
        }

        private void expectOk(ControlResult result, String what) {
            Check.that(result instanceof ControlResult.Ok, "QOS-8", harness, what + " of ctx " + LIMITED + " accepted", Harness.describe(result));
        }

        /** The time an advance goes to. */
        long target(Advance advance) {
            long now = harness.now();
            TxRate rate = oracle.rate();
            long scale = rate.unlimited() ? 1_000 : Math.max(1, QosOracle.timeFor(1500, rate, 1L << 40));
            long tiny = now + advance.amount() % 4;
            return switch (advance.jump()) {
                case TINY -> tiny;
                case SCALED -> now + (long) (scale * (advance.amount() / 16.0));
                case DUE -> oracle.nextEvent() == Long.MAX_VALUE ? tiny : oracle.nextEvent();
                case JUST_BEFORE_DUE -> oracle.nextEvent() == Long.MAX_VALUE ? tiny : Math.max(now, oracle.nextEvent() - 1);
                case REFILL -> now + (rate.unlimited() ? scale : QosOracle.timeFor(rate.burstBytes() * advance.amount() / 32 + 1, rate, 1L << 56));
                case FAR -> now + far();
            };
        }

        /** Time enough for every published packet to leave (each waits at most for its own charge once the one before left). */
        long far() {
            return oracle.timeToDrain() + 1;
        }
    }

    // ------------------------------------------------------------------ QOS-3, QOS-4: the window law

    @Property
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-3", "QOS-4"})
    public void required_QOS3_overEveryWindowTheBytesThatLeftAreAtMostBurstPlusRateTimesTheWindow(@ForAll("limits") TxRate rate,
            @ForAll @Size(min = 2, max = 24) List<@From("lawSteps") Step> steps) {
        Run run = new Run(provider(), rate);
        for (Step step : steps) {
            run.apply(step);
            checkWindows(run, rate);
        }
        run.apply(new Advance(Jump.FAR, 0));
        checkWindows(run, rate);
        Check.noFindings("QOS-3", run.harness);
    }

    private static void checkWindows(Run run, TxRate rate) {
        String violation = QosOracle.windowViolation(rate, run.observed);
        Check.that(violation == null, "QOS-3 (QOS-4: a packet is charged before it leaves)", run.harness,
                "over every window [a, b] the charges that left are at most burst + bytes·(b − a)/period, limit " + rate, violation);
    }

    // ------------------------------------------------------------------ QOS-5, QOS-6: no drop, no reorder

    @Property
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-5", "QOS-6"})
    public void required_QOS5_everyPacketTheChecksLetThroughLeavesExactlyOnceInRingOrderAnsweredOkayAndIsHeldUnansweredUntilThen(
            @ForAll("limits") TxRate rate, @ForAll @Size(min = 2, max = 24) List<@From("trafficSteps") Step> steps) {
        Run run = new Run(provider(), rate);
        for (Step step : steps) {
            run.apply(step);
            checkHeld(run);
        }
        run.apply(new Advance(Jump.FAR, 0));
        checkHeld(run);
        List<QosOracle.Packet> sendable = sendable(run);
        Check.equal("QOS-5", run.harness, "packets left once time enough for their credit passed (" + run.far() + " ns more would not change it)",
                sendable.size(), run.sent.size());
        Check.equal("QOS-5", run.harness, "TX rsp_prod once every published request left or was answered", Bytes.index(run.oracle.reqProd()),
                Bytes.index(run.bench.rspProd(LIMITED)));
        Check.noFindings("QOS-5", run.harness);
    }

    /** The published packets the checks let through, in ring order. */
    private static List<QosOracle.Packet> sendable(Run run) {
        List<QosOracle.Packet> sendable = new ArrayList<>();
        for (QosOracle.Packet packet : run.oracle.published()) {
            if (packet.fate() == QosOracle.Fate.SEND) {
                sendable.add(packet);
            }
        }
        return sendable;
    }

    /**
     * What the guest sees after any step: the frames so far are the first of its sendable packets,
     * each once, in ring order (QOS-6); rsp_prod ends a packet; every packet answered is answered
     * as without a limit, a sendable one OKAY, and a sendable packet is answered exactly when its
     * frame has left (QOS-5).
     */
    private static void checkHeld(Run run) {
        List<QosOracle.Packet> sendable = sendable(run);
        List<QosOracle.Packet> published = run.oracle.published();
        int rspProd = run.bench.rspProd(LIMITED);
        int index = 0;
        int answered = 0;
        for (QosOracle.Packet packet : published) {
            if (rspProd == index || Integer.compareUnsigned(rspProd - index, packet.slots()) < 0) {
                break;
            }
            index += packet.slots();
            answered++;
        }
        Check.that(rspProd == index, "QOS-5", run.harness, "TX rsp_prod at the end of a packet (a held packet has no response)",
                "rsp_prod " + Bytes.index(rspProd) + " inside packet " + (answered < published.size() ? published.get(answered).number() : -1));
        List<Integer> answeredNumbers = published.subList(0, answered).stream().map(QosOracle.Packet::number).toList();
        List<QosBench.Sent> sent = run.sent;
        for (int k = 0; k < sent.size(); k++) {
            QosBench.Sent s = sent.get(k);
            boolean known = sendable.stream().anyMatch(p -> p.number() == s.number());
            boolean earlier = sent.subList(0, k).stream().anyMatch(e -> e.number() == s.number());
            if (!known || earlier || k >= sendable.size()) {
                throw Check.failure("QOS-5", run.harness, "each sendable packet leaves exactly once: " + numbers(sendable),
                        "frame #" + (k + 1) + " carries packet " + s.number() + (earlier ? ", which already left" : ", which was never sendable") + "; frames: " + sent);
            }
            QosOracle.Packet expected = sendable.get(k);
            if (expected.number() != s.number() && answeredNumbers.contains(expected.number())) {
                throw Check.failure("QOS-5", run.harness, "packet " + expected.number() + " (" + expected.size() + " bytes) leaves before it is answered;"
                        + " a rate limit never drops", "it is answered without having left, and packet " + s.number() + " behind it left");
            }
            Check.that(expected.number() == s.number() && expected.size() == s.length(), "QOS-6", run.harness,
                    "frame #" + (k + 1) + " is packet " + expected.number() + " (" + expected.size() + " bytes): packets leave in ring order", s);
        }
        int slot = 0;
        int leftCount = 0;
        for (int k = 0; k < published.size(); k++) {
            QosOracle.Packet packet = published.get(k);
            boolean isAnswered = k < answered;
            if (packet.fate() == QosOracle.Fate.SEND) {
                boolean left = leftCount < sent.size();
                Check.that(isAnswered == left, "QOS-5", run.harness, "sendable packet " + packet.number() + " answered exactly when its frame has left",
                        (isAnswered ? "answered" : "not answered") + ", frame " + (left ? "left" : "not sent"));
                leftCount += left ? 1 : 0;
            }
            if (isAnswered && k >= run.checked) {
                List<Short> statuses = run.bench.statuses(LIMITED, slot, slot + packet.slots());
                short expected = QosBench.status(packet.fate());
                Check.that(statuses.stream().allMatch(s -> s == expected), "QOS-5", run.harness,
                        "packet " + packet.number() + " (" + packet.fate() + ") answered " + expected + " in each of its " + packet.slots()
                                + " slot(s), as without a limit (never DROPPED or ERROR for the rate)", statuses);
            }
            slot += packet.slots();
        }
        run.checked = answered;
    }

    private static List<Integer> numbers(List<QosOracle.Packet> packets) {
        return packets.stream().map(QosOracle.Packet::number).toList();
    }

    // ------------------------------------------------------------------ QOS-6, QOS-7: release times against the oracle

    @Property
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-6", "QOS-7", "QOS-3", "QOS-4", "QOS-5"})
    public void required_QOS6_aHeldPacketLeavesAtTheAdvanceThatReachesItsDueTimeNotEarlierAndEachWaitCountsOnce(@ForAll("limits") TxRate rate,
            @ForAll("txCoalescing") Coalescing tx, @ForAll @Size(min = 2, max = 24) List<@From("timedSteps") Step> steps) {
        Run run = new Run(provider(), rate, tx);
        for (Step step : steps) {
            checkOracle(run, run.apply(step));
        }
        checkOracle(run, run.apply(new Advance(Jump.FAR, 0)));
        Check.noFindings("QOS-6", run.harness);
    }

    /** Everything the oracle predicts for the step just applied. */
    static void checkOracle(Run run, Outcome outcome) {
        Harness h = run.harness;
        QosOracle.Timeline oracle = run.oracle;
        String rule = outcome.instant() ? "QOS-3 (QOS-4)" : "QOS-6";
        List<String> expected = new ArrayList<>();
        for (QosOracle.Left left : outcome.expected()) {
            expected.add(left.packet().number() + "@" + left.time() + "ns/" + left.packet().size() + "B");
        }
        List<String> observed = new ArrayList<>();
        for (QosBench.Sent s : outcome.sent()) {
            observed.add(s.number() + "/" + s.length() + "B");
        }
        List<String> expectedShort = new ArrayList<>();
        for (QosOracle.Left left : outcome.expected()) {
            expectedShort.add(left.packet().number() + "/" + left.packet().size() + "B");
        }
        Check.that(expectedShort.equals(observed), rule, h, "packets leaving in this step (" + describe(outcome) + "): " + expected + "; "
                + oracleState(oracle), observed);
        Check.equal("QOS-5", h, "TX rsp_prod after " + describe(outcome) + " (a held packet's slots have no response)", Bytes.index(oracle.rspProd()),
                Bytes.index(run.bench.rspProd(LIMITED)));
        Check.equal("QOS-7", h, "TX_RATE_LIMITED after " + describe(outcome) + " (once per wait)", oracle.rateLimited(),
                run.bench.counter(LIMITED, Counter.TX_RATE_LIMITED));
        Check.equal("QOS-5 (RING-9)", h, "TX req_event after " + describe(outcome) + " (not written while waiting)", Bytes.index(oracle.reqEvent()),
                Bytes.index(run.bench.reqEvent(LIMITED)));
        Check.equal("QOS-6 (RING-8)", h, "TX notifications after " + describe(outcome) + " (a stop and each resumption publish)", (long) oracle.notifications(),
                run.bench.txNotifications(LIMITED));
        Check.equal("QOS-5 (RING-9)", h, "whether the guest's push kicked (req_event as the device left it)", outcome.kickExpected(), outcome.kicked());
        Check.equal("QOS-5", h, "state of ctx " + LIMITED, ContextState.ACTIVE, h.state(LIMITED));
        // every packet answered so far is answered as without a limit
        List<QosOracle.Packet> published = oracle.published();
        int index = 0;
        for (int k = 0; k < oracle.answeredPackets(); k++) {
            QosOracle.Packet packet = published.get(k);
            if (k >= run.checked) {
                short status = QosBench.status(packet.fate());
                List<Short> statuses = run.bench.statuses(LIMITED, index, index + packet.slots());
                if (!statuses.stream().allMatch(s -> s == status)) {
                    throw Check.failure("QOS-5", h, "packet " + packet.number() + " (" + packet.fate() + ") answered " + status + " in each slot, as without a"
                            + " limit", statuses);
                }
            }
            index += packet.slots();
        }
        run.checked = oracle.answeredPackets();
    }

    private static String describe(Outcome outcome) {
        return "step " + outcome.step() + " from " + outcome.before() + " to " + outcome.time() + " ns";
    }

    private static String oracleState(QosOracle.Timeline oracle) {
        return "oracle: " + (oracle.bucket() == null ? "no limit" : oracle.bucket()) + (oracle.waiting() ? ", waiting until " + oracle.due() + " ns" : "");
    }

    // ------------------------------------------------------------------ QOS-8: changes at run time, reset, destroy

    @Property
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-8", "QOS-6", "QOS-7"})
    public void required_QOS8_aLimitChangedAtRunTimeCarriesWholeBytesReEvaluatesAWaitAndResetKeepsTheBucket(@ForAll("limits") TxRate rate,
            @ForAll("txCoalescing") Coalescing tx, @ForAll @Size(min = 2, max = 24) List<@From("changingSteps") Step> steps) {
        Run run = new Run(provider(), rate, tx);
        Step change = null;
        for (Step step : steps) {
            Outcome outcome = run.apply(step);
            change = step instanceof Update || step instanceof Reset || step instanceof Recreate ? step : change;
            checkAfterChange(run, outcome, change);
        }
        if (run.oracle.waiting()) {
            checkAfterChange(run, run.apply(new Advance(Jump.FAR, 0)), change);
        }
        Check.noFindings("QOS-8", run.harness);
    }

    /** {@link #checkOracle}, a failure after an update, reset or re-create naming QOS-8 first: the change is the likeliest cause. */
    private static void checkAfterChange(Run run, Outcome outcome, Step change) {
        try {
            checkOracle(run, outcome);
        } catch (AssertionError e) {
            if (change == null) {
                throw e;
            }
            throw new AssertionError("QOS-8 (the run changed the limit, reset or re-created the context; last " + change + "): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ QOS-9: fairness

    /** A step of the fairness property: {@code ctx} -1 for an advance. */
    public record FairStep(int ctx, int kind, List<Out> packets, long nanos) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "ctx " + ctx + " sends " + packets;
                case 1 -> "kick ctx " + ctx;
                case 2 -> "ctx " + ctx + " reads its responses and re-arms";
                default -> "time passes " + nanos + " ns";
            };
        }
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-9"})
    public void required_QOS9_aSaturatingLimitedContextNeitherDelaysNorChangesWhatAnUnlimitedOneShows(@ForAll("slowLimits") TxRate rate,
            @ForAll @Size(min = 2, max = 20) List<@From("fairSteps") FairStep> steps) {
        if (Math.min(deviceLimits().maxContexts(), deviceLimits().maxContextId() + 1) < 2) {
            return; // a device of one context has no neighbour to be fair to
        }
        QosBench with = QosBench.start(provider());
        QosBench without = QosBench.start(provider());
        for (QosBench bench : List.of(with, without)) {
            bench.create(LIMITED, rate);
            bench.create(FREE, TxRate.UNLIMITED);
        }
        int[][] next = new int[2][2];
        int[] sendable = new int[2];
        for (FairStep step : steps) {
            int framesBefore = with.frames();
            apply(with, step, next[0], step.ctx() == FREE ? sendable : null);
            if (step.ctx() != LIMITED) {
                apply(without, step, next[1], null);
            }
            Harness h = with.harness();
            if (step.ctx() == FREE && step.kind() <= 1) {
                // F: an unlimited context's packets leave during the kick that finds them
                GuestDriver guest = h.guest(FREE);
                Check.equal("QOS-9", h, "ctx " + FREE + "'s TX rsp_prod right after " + step + " (everything it published answered)",
                        Bytes.index(guest.header(Queue.TX, SharedRingLayout.REQ_PROD)), Bytes.index(with.rspProd(FREE)));
                long sentNow = with.sentSince(framesBefore).stream().filter(s -> s.ctx() == FREE).count();
                long sentAll = with.sentSince(0).stream().filter(s -> s.ctx() == FREE).count();
                Check.equal("QOS-9", h, "frames of ctx " + FREE + " on the wire after " + step + " (" + sentNow + " in this step)", (long) sendable[0],
                        sentAll);
            }
            List<String> diff = free(without).diff(free(with));
            Check.that(diff.isEmpty(), "QOS-9", h, "ctx " + FREE + " (unlimited) shows the same frames, responses, notifications and counters as without"
                    + " ctx " + LIMITED + "'s traffic (limit " + rate + ")", diff);
        }
        Check.noFindings("QOS-9", with.harness());
    }

    /** Applies a fairness step; counts the sendable packets of {@link #FREE} into {@code sendable[0]} when given. */
    private static void apply(QosBench bench, FairStep step, int[] next, int[] sendable) {
        Harness h = bench.harness();
        switch (step.kind()) {
            case 0 -> {
                GuestDriver guest = h.guest(step.ctx());
                guest.takeTxResponses();
                boolean any = false;
                for (Out out : step.packets()) {
                    List<TxSlot> slots = bench.packet(step.ctx(), next[step.ctx()], out.size(), out.firstOwn(), out.fate());
                    if (!bench.fits(step.ctx(), slots.size())) {
                        break;
                    }
                    next[step.ctx()]++;
                    guest.queue(slots);
                    any = true;
                    if (sendable != null && out.fate() == QosOracle.Fate.SEND) {
                        sendable[0]++;
                    }
                }
                if (any && guest.pushTx()) {
                    h.kick(step.ctx(), Queue.TX);
                }
            }
            case 1 -> h.kick(step.ctx(), Queue.TX);
            case 2 -> {
                GuestDriver guest = h.guest(step.ctx());
                guest.takeTxResponses();
                guest.finalCheckTx();
            }
            default -> h.advance(step.nanos());
        }
    }

    /** What {@link #FREE} shows: its frames (by source MAC), notifications, counters, state and pages. */
    private static Observation free(QosBench bench) {
        Observation all = bench.harness().observe();
        List<RecordingSink.Frame> frames = new ArrayList<>();
        for (RecordingSink.Frame frame : all.frames()) {
            if (frame.bytes().length >= 12 && MacAddress.read(frame.bytes(), 6).equals(QosBench.mac(FREE))) {
                frames.add(frame);
            }
        }
        List<RecordingSink.Notification> notes = all.notifications().stream().filter(n -> n.context() == FREE).toList();
        Map<Integer, byte[]> pages = new TreeMap<>();
        all.pages().forEach((gref, page) -> {
            if (bench.harness().memory().access(FREE, gref).readable()) {
                pages.put(gref, page);
            }
        });
        return new Observation(frames, notes, List.of(), Map.of(FREE, all.states().get(FREE)), Map.of(FREE, all.counters().get(FREE)), Map.of(), pages,
                all.findings());
    }

    // ------------------------------------------------------------------ QOS-1, QOS-2: the control plane

    @Property(tries = 100)
    @ProfileGate.NotClaimed(QOS)
    @Requirement({"QOS-1", "PRIV-8"})
    public void required_QOS1_aDeviceWithoutQosRefusesEveryTxRateNotSupportedAndChangesNothing(@ForAll("anyLimits") TxRate rate, @ForAll boolean update,
            @ForAll boolean badRing, @ForAll boolean tooManyTx) {
        QosBench bench = QosBench.start(provider());
        Harness h = bench.harness();
        bench.create(LIMITED, TxRate.UNLIMITED);
        int target = update ? LIMITED : 1;
        if (!update && Math.min(deviceLimits().maxContexts(), deviceLimits().maxContextId() + 1) < 2) {
            return;
        }
        ControlRequest request = request(bench, target, update, rate, badRing, tooManyTx);
        Observation before = h.observe();
        String expected = tooManyTx ? "Rejected(INVALID_CONFIG)" : "Rejected(NOT_SUPPORTED)";
        Check.equal(tooManyTx ? "QOS-1 (TXF-10 first)" : "QOS-1", h, (update ? "update" : "create") + " with txRate " + rate
                + (badRing ? ", an unusable TX ring" : "") + (tooManyTx ? ", too many TX rules" : "") + " on a device without " + QOS, expected,
                Harness.describe(h.control(Caller.HOST, request)));
        DemuxProperties.unchanged("QOS-1", h, before);
        // the same request without a limit is what such a device serves
        ControlResult plain = h.control(Caller.HOST, request(bench, target, update, TxRate.UNLIMITED, false, false));
        Check.equal("QOS-1", h, (update ? "update" : "create") + " without a limit", "Ok", Harness.describe(plain));
        unlimitedStill(bench, target, "QOS-1");
    }

    @Property(tries = 150)
    @ProfileGate.Claimed(QOS)
    @Requirement({"QOS-2", "QOS-1", "PRIV-8"}) // QOS-1's claiming half: no limit in range is refused NOT_SUPPORTED
    public void required_QOS2_aTxRateWithAFieldOutOfRangeIsRejectedInvalidConfigAndEveryLimitInRangeIsAccepted(@ForAll("invalidLimits") TxRate bad,
            @ForAll("validLimits") TxRate good, @ForAll boolean update, @ForAll boolean badRing, @ForAll boolean tooManyTx) {
        QosBench bench = QosBench.start(provider());
        Harness h = bench.harness();
        bench.create(LIMITED, TxRate.UNLIMITED);
        int target = update ? LIMITED : 1;
        if (!update && Math.min(deviceLimits().maxContexts(), deviceLimits().maxContextId() + 1) < 2) {
            return;
        }
        Observation before = h.observe();
        Check.equal(tooManyTx ? "QOS-2 (TXF-10 first)" : "QOS-2", h, (update ? "update" : "create") + " with txRate " + bad
                + (badRing ? ", an unusable TX ring" : "") + (tooManyTx ? ", too many TX rules" : ""), "Rejected(INVALID_CONFIG)",
                Harness.describe(h.control(Caller.HOST, request(bench, target, update, bad, badRing, tooManyTx))));
        DemuxProperties.unchanged("QOS-2", h, before);
        if (!update) {
            Check.equal("QOS-2", h, "state of ctx " + target + " after a refused create", ContextState.ABSENT, h.state(target));
        }
        unlimitedStill(bench, LIMITED, "QOS-2");
        Check.equal("QOS-2", h, (update ? "update" : "create") + " with txRate " + good + " (every field in range)", "Ok",
                Harness.describe(h.control(Caller.HOST, request(bench, target, update, good, false, false))));
    }

    /** The control request of the control-plane properties. */
    private ControlRequest request(QosBench bench, int target, boolean update, TxRate rate, boolean badRing, boolean tooManyTx) {
        Harness h = bench.harness();
        GuestDriver guest = h.guest(target);
        List<FilterRule> txRules = new ArrayList<>();
        for (int i = 0; tooManyTx && i <= deviceLimits().maxFilterRules(); i++) {
            txRules.add(FilterRule.allow(FilterMatch.builder().protocol(i % 256).build()));
        }
        int tx = badRing ? 77_777 : guest.txRing(); // a gref never granted: BAD_RING on a create (step 5), INVALID_CONFIG on an update (PRIV-10)
        ContextConfig config = ContextConfig.builder().mac(QosBench.mac(target)).txRingGref(tx).rxRingGref(guest.rxRing()).txRules(txRules).txRate(rate)
                .build();
        return update ? new ControlRequest.UpdateContext(target, config) : new ControlRequest.CreateContext(target, config);
    }

    /** Three 65535-byte packets of {@code ctx}, whose limit was refused, leave during the kick that finds them. */
    private static void unlimitedStill(QosBench bench, int ctx, String rule) {
        Harness h = bench.harness();
        if (h.state(ctx) != ContextState.ACTIVE) {
            return;
        }
        GuestDriver guest = h.guest(ctx);
        int from = bench.frames();
        for (int k = 0; k < 3; k++) {
            // numbers far above the properties' own, with first-page grefs below 65536 for ctx 0 and 1 (a bridged device's grant table, spec 13)
            guest.queue(bench.packet(ctx, 19_000 + k, 65_535, 4096, QosOracle.Fate.SEND));
        }
        guest.pushTx();
        h.kick(ctx, Queue.TX);
        Check.equal(rule, h, "frames of 65535 bytes ctx " + ctx + " sends in one kick without a limit", 3L,
                bench.sentSince(from).stream().filter(s -> s.ctx() == ctx).count());
    }

    // ------------------------------------------------------------------ generators

    /** Limits of every scale: the time to accrue 1500 bytes from nanoseconds to seconds, bursts mostly near the minimum, the extremes, Xen's form. */
    @Provide
    Arbitrary<TxRate> limits() {
        return limitArbitrary();
    }

    /** {@link #limits()} for other classes' generators. */
    static Arbitrary<TxRate> limitArbitrary() {
        Arbitrary<Long> burst = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(TxRate.MIN_BURST)),
                Tuple.of(3, Arbitraries.longs().between(TxRate.MIN_BURST, 262_144)), Tuple.of(1, Arbitraries.just(TxRate.XEN_MIN_BURST)),
                Tuple.of(1, Arbitraries.longs().between(TxRate.MIN_BURST, TxRate.MAX_BURST)));
        Arbitrary<Long> scale = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(1, 64)), Tuple.of(3, Arbitraries.longs().between(1_000, 100_000)),
                Tuple.of(2, Arbitraries.longs().between(1_000_000, 50_000_000)), Tuple.of(1, Arbitraries.longs().between(1, 10_000_000_000L)));
        Arbitrary<Long> period = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(1, 1_000)),
                Tuple.of(2, Arbitraries.longs().between(1_000, 1_000_000)), Tuple.of(1, Arbitraries.longs().between(1_000_000, TxRate.MAX_PERIOD_NANOS)),
                Tuple.of(1, Arbitraries.of(1L, TxRate.MAX_PERIOD_NANOS)));
        Arbitrary<TxRate> scaled = Combinators.combine(burst, scale, period).as((b, g, p) -> {
            long bytes = Math.max(1, Math.min(TxRate.MAX_BYTES, Math.round(1500.0 * p / g)));
            return new TxRate(bytes, p, b);
        });
        Arbitrary<TxRate> extreme = Arbitraries.of(new TxRate(1, TxRate.MAX_PERIOD_NANOS, TxRate.MIN_BURST), new TxRate(TxRate.MAX_BYTES, 1, TxRate.MAX_BURST),
                new TxRate(1, 1, TxRate.MIN_BURST), new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MIN_BURST),
                new TxRate(1, TxRate.MAX_PERIOD_NANOS, TxRate.MAX_BURST), new TxRate(TxRate.MAX_BYTES, 1, TxRate.MIN_BURST));
        Arbitrary<TxRate> xen = Combinators.combine(Arbitraries.longs().between(1, 10_000_000), Arbitraries.longs().between(1, 1_000_000)).as(TxRate::xen);
        return Arbitraries.frequencyOf(Tuple.of(7, scaled), Tuple.of(1, extreme), Tuple.of(1, xen));
    }

    /**
     * The TX queue's coalescing in the oracle runs: IMMEDIATE, or on a device that also claims
     * coalescing, values whose decisions the resumptions of section D meet (the clock at the due
     * time stamps the completions a resumption publishes, QOS-6).
     */
    @Provide
    Arbitrary<Coalescing> txCoalescing() {
        if (!provider().profiles().contains(Profile.COALESCING)) {
            return Arbitraries.just(Coalescing.IMMEDIATE);
        }
        Arbitrary<Coalescing> coalescing = Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.longs().between(1, 100_000))
                .as(Coalescing::new);
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Coalescing.IMMEDIATE)), Tuple.of(1, coalescing));
    }

    /** Limits slow enough that a context sending 64 KiB packets waits within a few steps. */
    @Provide
    Arbitrary<TxRate> slowLimits() {
        return Combinators.combine(Arbitraries.longs().between(100, 100_000), Arbitraries.longs().between(1, 1_000_000))
                .as((ns, p) -> new TxRate(Math.max(1, Math.round(1500.0 * p / ns)), p, TxRate.MIN_BURST));
    }

    @Provide
    Arbitrary<TxRate> validLimits() {
        return Arbitraries.oneOf(limitArbitrary(), Arbitraries.of(TxRate.UNLIMITED));
    }

    /** Limits with at least one field out of range (never UNLIMITED). */
    @Provide
    Arbitrary<TxRate> invalidLimits() {
        Arbitrary<Long> badBytes = Arbitraries.of(0L, -1L, TxRate.MAX_BYTES + 1, Long.MIN_VALUE, Long.MAX_VALUE);
        Arbitrary<Long> badPeriod = Arbitraries.of(0L, -1L, TxRate.MAX_PERIOD_NANOS + 1, Long.MAX_VALUE);
        Arbitrary<Long> badBurst = Arbitraries.of(0L, -1L, TxRate.MIN_BURST - 1, TxRate.MAX_BURST + 1, Long.MAX_VALUE);
        return Combinators.combine(limitArbitrary(), Arbitraries.integers().between(1, 7), badBytes, badPeriod, badBurst).as((valid, which, b, p, u) ->
                new TxRate((which & 1) != 0 ? b : valid.bytes(), (which & 2) != 0 ? p : valid.periodNanos(), (which & 4) != 0 ? u : valid.burstBytes()))
                .filter(r -> !r.valid());
    }

    /** Any limit but UNLIMITED, in range or not. */
    @Provide
    Arbitrary<TxRate> anyLimits() {
        return Arbitraries.oneOf(limitArbitrary(), invalidLimits(), Arbitraries.of(new TxRate(0, 0, TxRate.MIN_BURST), new TxRate(1, 0, 0)));
    }

    /** Sizes 14 to 65535, the extremes among them, a share of 64 KiB-scale packets so a burst is exceeded quickly. */
    static Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(14, 65_535)), Tuple.of(3, Arbitraries.integers().between(14, 1500)),
                Tuple.of(2, Arbitraries.integers().between(1500, 9000)), Tuple.of(4, Arbitraries.integers().between(9000, 65_535)));
    }

    static Arbitrary<Out> outs(int send, int drop, int error) {
        Arbitrary<QosOracle.Fate> fates = Arbitraries.frequency(Tuple.of(send, QosOracle.Fate.SEND), Tuple.of(drop, QosOracle.Fate.DROP),
                Tuple.of(error, QosOracle.Fate.ERROR));
        return Combinators.combine(sizes(), Arbitraries.integers().between(14, 4096), fates).as(Out::new);
    }

    private static Arbitrary<Step> send() {
        return outs(8, 1, 1).list().ofMinSize(1).ofMaxSize(5).map(Send::new);
    }

    private static Arbitrary<Step> advance() {
        Arbitrary<Jump> jumps = Arbitraries.frequency(Tuple.of(2, Jump.TINY), Tuple.of(4, Jump.SCALED), Tuple.of(2, Jump.DUE), Tuple.of(2, Jump.JUST_BEFORE_DUE),
                Tuple.of(1, Jump.FAR), Tuple.of(2, Jump.REFILL));
        return Combinators.combine(jumps, Arbitraries.integers().between(0, 64)).as(Advance::new);
    }

    /** Sends, kicks, advances and reads: the limit fixed, the bucket never replaced (the window law holds over the whole run). */
    @Provide
    Arbitrary<Step> lawSteps() {
        return Arbitraries.frequencyOf(Tuple.of(6, send()), Tuple.of(1, Arbitraries.just(new Kick())), Tuple.of(5, advance()),
                Tuple.of(1, Arbitraries.just(new Consume())), Tuple.of(1, Arbitraries.just(new Reset())));
    }

    /** Sends, kicks, advances and reads, no control call: every held packet must leave on its own. */
    @Provide
    Arbitrary<Step> trafficSteps() {
        return Arbitraries.frequencyOf(Tuple.of(6, send()), Tuple.of(1, Arbitraries.just(new Kick())), Tuple.of(5, advance()),
                Tuple.of(1, Arbitraries.just(new Consume())));
    }

    /** {@link #lawSteps()}, more advances to the exact due time and the nanosecond before. */
    @Provide
    Arbitrary<Step> timedSteps() {
        Arbitrary<Step> exact = Combinators.combine(Arbitraries.of(Jump.DUE, Jump.JUST_BEFORE_DUE), Arbitraries.integers().between(0, 3)).as(Advance::new);
        return Arbitraries.frequencyOf(Tuple.of(5, send()), Tuple.of(1, Arbitraries.just(new Kick())), Tuple.of(4, advance()), Tuple.of(3, exact),
                Tuple.of(1, Arbitraries.just(new Consume())), Tuple.of(1, Arbitraries.just(new Reset())));
    }

    /** {@link #timedSteps()} with updates (the same limit, another, none), resets and re-creates. */
    @Provide
    Arbitrary<Step> changingSteps() {
        Arbitrary<Step> update = Arbitraries.frequencyOf(Tuple.of(2, limitArbitrary()), Tuple.of(1, Arbitraries.just(TxRate.UNLIMITED)),
                Tuple.of(1, Arbitraries.just((TxRate) null))).map(Update::new);
        Arbitrary<Step> recreate = Arbitraries.frequencyOf(Tuple.of(3, limitArbitrary()), Tuple.of(1, Arbitraries.just(TxRate.UNLIMITED))).map(Recreate::new);
        return Arbitraries.frequencyOf(Tuple.of(6, timedSteps()), Tuple.of(3, update), Tuple.of(1, Arbitraries.just(new Reset())), Tuple.of(1, recreate));
    }

    @Provide
    Arbitrary<FairStep> fairSteps() {
        Arbitrary<FairStep> sends = Combinators.combine(Arbitraries.frequency(Tuple.of(3, LIMITED), Tuple.of(2, FREE)),
                outs(8, 1, 1).list().ofMinSize(1).ofMaxSize(4)).as((ctx, packets) -> new FairStep(ctx, 0, packets, 0));
        Arbitrary<FairStep> kicks = Arbitraries.of(LIMITED, FREE).map(ctx -> new FairStep(ctx, 1, List.of(), 0));
        Arbitrary<FairStep> reads = Arbitraries.of(LIMITED, FREE).map(ctx -> new FairStep(ctx, 2, List.of(), 0));
        Arbitrary<FairStep> time = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.longs().between(0, 1_000)), Tuple.of(2, Arbitraries.longs().between(0, 1_000_000)),
                Tuple.of(1, Arbitraries.longs().between(0, 100_000_000))).map(ns -> new FairStep(-1, 3, List.of(), ns));
        return Arbitraries.frequencyOf(Tuple.of(6, sends), Tuple.of(1, kicks), Tuple.of(1, reads), Tuple.of(3, time));
    }
}
