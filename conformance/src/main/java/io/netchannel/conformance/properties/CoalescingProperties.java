package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Chapter 10, profile {@code coalescing}: notification coalescing per queue (COAL-1 to COAL-9).
 * One context ({@value #CTX}) sends, receives and reads on a device in VEPA without a rate limit.
 * The decisions are checked against {@link CoalescingOracle}, the suite's own reading of the
 * chapter; "no lost wake-up" and its consequences (COAL-8) as laws over what an interrupt-driven
 * guest sees, without an oracle; COAL-3 as an equality with the same device left IMMEDIATE. Every
 * property but COAL-1's needs the profile and is skipped, naming it, on a device that does not
 * claim it ({@link ProfileGate}).
 */
public abstract class CoalescingProperties {

    /** The profile id. */
    static final String COALESCING = "coalescing";
    /** The context of every property. */
    static final int CTX = 0;
    /** RX buffers are granted at fixed numbers from here, one per RX ring index, so two runs of the same steps write the same bytes. */
    private static final int BUFFERS = 50_000;

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private DeviceLimits limits() {
        return provider().limits();
    }

    // ------------------------------------------------------------------ steps

    /** One step, applied to the device (and the oracle where one follows). */
    public sealed interface Step permits Transmit, Post, Arrive, Arm, Read, Wait, Retune, Reset, Fatal {
    }

    /** The guest queues packets (as many as the ring holds), pushes and kicks. */
    public record Transmit(List<QosProperties.Out> packets) implements Step {
    }

    /** The guest posts RX buffers, the first one granted read-only when {@code bad} (RX-4 answers its frame ERROR). */
    public record Post(int count, boolean bad) implements Step {
    }

    /** A frame of {@code length} bytes for {@value #CTX} arrives from the wire. */
    public record Arrive(int length, int seed) implements Step {
    }

    /** The guest writes rsp_event = rsp_prod + {@code offset} (suppression, COAL-6). */
    public record Arm(Queue queue, int offset) implements Step {
    }

    /** The guest reads the queue's responses and re-arms rsp_event = rsp_cons + 1. */
    public record Read(Queue queue) implements Step {
    }

    /** How far a wait goes. */
    public enum Jump {
        /** 0 to 3 ns. */
        TINY,
        /** {@code amount}/16 of the queue's maxDelay. */
        SCALED,
        /** Exactly the next decision's due time (a tiny step when none is due). */
        DEADLINE,
        /** One nanosecond before it. */
        JUST_BEFORE,
        /** Past every delay. */
        FAR
    }

    /** Time moves forward. */
    public record Wait(Jump jump, int amount, Queue queue) implements Step {
    }

    /** The guest changes one queue's coalescing (COAL-7). */
    public record Retune(Queue queue, Coalescing coalescing) implements Step {
    }

    /** The host resets the context (after the guest repairs its TX req_prod). */
    public record Reset() implements Step {
    }

    /** The guest writes its TX req_prod a ring and more ahead and kicks: a fatal error (RING-11). */
    public record Fatal() implements Step {
    }

    // ------------------------------------------------------------------ acting on a device (no oracle)

    /** Creates {@value #CTX} on a fresh harness of {@code provider}, unlimited. */
    static QosBench start(DeviceProvider provider) {
        QosBench bench = QosBench.start(provider);
        bench.create(CTX, TxRate.UNLIMITED);
        return bench;
    }

    /**
     * The slot count of each packet queued in a transmit step. A polling guest ({@code poll}) reads
     * its responses first to make room; an interrupt-driven one reads only when notified.
     */
    static List<Integer> transmit(QosBench bench, List<QosProperties.Out> packets, boolean poll) {
        Harness h = bench.harness();
        GuestDriver guest = h.guest(CTX);
        if (poll) {
            guest.takeTxResponses(); // room for more; rsp_event stays as it was
        }
        List<Integer> queued = new ArrayList<>();
        for (QosProperties.Out out : packets) {
            int number = guest.txReqProdPvt() & 0xFFFF; // distinct within a run, the same for the same steps
            List<TxSlot> slots = bench.packet(CTX, number, out.size(), out.firstOwn(), out.fate());
            if (!bench.fits(CTX, slots.size())) {
                break;
            }
            guest.queue(slots);
            queued.add(slots.size());
        }
        guest.pushTx();
        h.kick(CTX, Queue.TX); // whatever the push said: the oracle need not follow req_event
        return queued;
    }

    /** The writability of each buffer posted; {@code poll} as for {@link #transmit}. */
    static List<Boolean> post(QosBench bench, int count, boolean bad, boolean poll) {
        Harness h = bench.harness();
        GuestDriver guest = h.guest(CTX);
        if (poll) {
            guest.takeRxResponses();
        }
        List<Boolean> posted = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (Integer.toUnsignedLong(guest.rxReqProdPvt() - guest.rxRspCons()) + 1 > SharedRingLayout.RING_SIZE) {
                break;
            }
            boolean writable = !(bad && k == 0);
            int gref = BUFFERS + (guest.rxReqProdPvt() & 0xFFFF);
            h.grant(gref, CTX, writable ? Access.READ_WRITE : Access.READ_ONLY);
            guest.queueRx(gref, gref & 0xFFFF);
            posted.add(writable);
        }
        if (guest.pushRx()) {
            h.kick(CTX, Queue.RX);
        }
        return posted;
    }

    static void arrive(QosBench bench, int length, int seed) {
        bench.harness().receive(0, RxBench.frame(QosBench.mac(CTX), length, seed));
    }

    /** The rsp_event written. */
    static int arm(QosBench bench, Queue queue, int offset) {
        GuestDriver guest = bench.harness().guest(CTX);
        int value = guest.header(queue, SharedRingLayout.RSP_PROD) + offset;
        guest.setHeader(queue, SharedRingLayout.RSP_EVENT, value);
        return value;
    }

    /** The rsp_event the guest's final check wrote. */
    static int read(QosBench bench, Queue queue) {
        GuestDriver guest = bench.harness().guest(CTX);
        guest.reap(queue);
        return guest.header(queue, SharedRingLayout.RSP_EVENT);
    }

    static ControlResult retune(QosBench bench, Coalescing tx, Coalescing rx) {
        GuestConfig config = GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, rx).build();
        return bench.harness().control(Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX, config));
    }

    static ControlResult reset(QosBench bench) {
        GuestDriver guest = bench.harness().guest(CTX);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.txReqProdPvt()); // undo a hostile req_prod, or the ring cannot be re-attached
        return bench.harness().control(Caller.HOST, new ControlRequest.ResetContext(CTX));
    }

    static void fatal(QosBench bench) {
        GuestDriver guest = bench.harness().guest(CTX);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + SharedRingLayout.RING_SIZE + 3);
        bench.harness().kick(CTX, Queue.TX);
    }

    /** The time a wait goes to, given the delays in force and the next decision due ({@link Long#MAX_VALUE} for none). */
    static long target(Harness h, Wait wait, Coalescing tx, Coalescing rx, long deadline) {
        long now = h.now();
        Coalescing c = wait.queue() == Queue.TX ? tx : rx;
        long delay = c.maxDelayNanos() == 0 ? 1_000 : c.maxDelayNanos();
        long tiny = now + wait.amount() % 4;
        return switch (wait.jump()) {
            case TINY -> tiny;
            case SCALED -> now + (long) (delay * (wait.amount() / 16.0));
            case DEADLINE -> deadline == Long.MAX_VALUE ? tiny : deadline;
            case JUST_BEFORE -> deadline == Long.MAX_VALUE ? tiny : Math.max(now, deadline - 1);
            case FAR -> now + 2 * Math.max(Math.max(tx.maxDelayNanos(), rx.maxDelayNanos()), 1) + 1;
        };
    }

    // ------------------------------------------------------------------ the oracle run

    /** A run with {@link CoalescingOracle} following. */
    static final class Run {
        final QosBench bench;
        final Harness harness;
        final GuestDriver guest;
        final CoalescingOracle oracle;
        final Map<Queue, Coalescing> coalescing = new EnumMap<>(Queue.class);
        /** Slot counts of TX packets published and not answered yet (queued while FAILED). */
        final List<Integer> unanswered = new ArrayList<>();
        /** Writability of every RX buffer posted, by ring index from 0. */
        final List<Boolean> posted = new ArrayList<>();
        int rxConsumed;

        Run(DeviceProvider provider, Coalescing tx, Coalescing rx) {
            bench = start(provider);
            harness = bench.harness();
            guest = harness.guest(CTX);
            oracle = new CoalescingOracle(0, 0, harness.now());
            coalescing.put(Queue.TX, Coalescing.IMMEDIATE);
            coalescing.put(Queue.RX, Coalescing.IMMEDIATE);
            apply(new Retune(Queue.TX, tx));
            apply(new Retune(Queue.RX, rx));
        }

        /** Applies {@code step}; returns the notifications of {@value #CTX} it produced, in order. */
        List<Queue> apply(Step step) {
            int from = harness.sink().notifications().size();
            if (step instanceof Transmit transmit) {
                unanswered.addAll(transmit(bench, transmit.packets(), true));
                if (oracle.active() && !unanswered.isEmpty()) {
                    int slots = 0;
                    for (int s : unanswered) {
                        slots += s;
                    }
                    oracle.publish(Queue.TX, oracle.prod(Queue.TX) + slots, unanswered.size(), harness.now());
                    unanswered.clear();
                }
            } else if (step instanceof Post p) {
                posted.addAll(post(bench, p.count(), p.bad(), true));
            } else if (step instanceof Arrive arrive) {
                arrive(bench, arrive.length(), arrive.seed());
                int needed = (arrive.length() + 4095) / 4096;
                if (oracle.active() && posted.size() - rxConsumed >= needed) {
                    rxConsumed += needed; // RX_FRAMES or RX_DROP_BAD_BUFFER: one completion either way
                    oracle.publish(Queue.RX, oracle.prod(Queue.RX) + needed, 1, harness.now());
                }
            } else if (step instanceof Arm arm) {
                oracle.rspEvent(arm.queue(), arm(bench, arm.queue(), arm.offset()));
            } else if (step instanceof Read r) {
                oracle.rspEvent(r.queue(), read(bench, r.queue()));
            } else if (step instanceof Wait wait) {
                long to = target(harness, wait, coalescing.get(Queue.TX), coalescing.get(Queue.RX), oracle.nextDeadline());
                harness.advanceTo(to);
                oracle.advanceTo(to);
            } else if (step instanceof Retune retune) {
                Coalescing tx = retune.queue() == Queue.TX ? retune.coalescing() : coalescing.get(Queue.TX);
                Coalescing rx = retune.queue() == Queue.RX ? retune.coalescing() : coalescing.get(Queue.RX);
                ControlResult result = retune(bench, tx, rx);
                Check.that(result instanceof ControlResult.Ok, "COAL-2", harness, "SetGuestConfig with TX " + tx + ", RX " + rx + " (in range) accepted",
                        Harness.describe(result));
                coalescing.put(retune.queue(), retune.coalescing());
                oracle.retune(retune.queue(), retune.coalescing(), harness.now());
            } else if (step instanceof Reset) {
                ControlResult result = reset(bench);
                Check.that(result instanceof ControlResult.Ok, "COAL-9", harness, "reset of ctx " + CTX + " accepted", Harness.describe(result));
                rxConsumed = guest.header(Queue.RX, SharedRingLayout.RSP_PROD);
                oracle.reset(guest.header(Queue.TX, SharedRingLayout.RSP_PROD), rxConsumed, harness.now());
            } else if (step instanceof Fatal) {
                boolean was = oracle.active();
                fatal(bench);
                if (was) {
                    oracle.fail();
                }
            }
            List<Queue> seen = new ArrayList<>();
            List<RecordingSink.Notification> all = harness.sink().notifications();
            for (RecordingSink.Notification n : all.subList(from, all.size())) {
                if (n.context() == CTX) {
                    seen.add(n.queue());
                }
            }
            return seen;
        }
    }

    /** The rule a step's notifications are decided by, for messages. */
    private static String rule(Step step) {
        if (step instanceof Wait) {
            return "COAL-5 (COAL-6)";
        } else if (step instanceof Retune) {
            return "COAL-7 (COAL-6)";
        } else if (step instanceof Reset || step instanceof Fatal) {
            return "COAL-9";
        } else if (step instanceof Transmit || step instanceof Arrive) {
            return "COAL-4 (COAL-3, COAL-6)";
        }
        return "COAL-6";
    }

    private static void checkOracle(Run run, Step step, List<Queue> seen, int expectedFrom) {
        List<Queue> all = run.oracle.notifications();
        List<Queue> expected = all.subList(expectedFrom, all.size());
        Check.that(expected.equals(seen), rule(step), run.harness, "notifications of ctx " + CTX + " in step " + step + " at " + run.harness.now() + " ns: "
                + expected + "; " + run.oracle, seen);
        for (Queue queue : Queue.values()) {
            Check.equal("RING-7 (coalescing delays only the notification)", run.harness, queue + " rsp_prod after " + step,
                    Bytes.index(run.oracle.prod(queue)), Bytes.index(run.guest.header(queue, SharedRingLayout.RSP_PROD)));
        }
        Check.equal("COAL-9", run.harness, "state of ctx " + CTX + " after " + step, run.oracle.active() ? ContextState.ACTIVE : ContextState.FAILED,
                run.harness.state(CTX));
    }

    // ------------------------------------------------------------------ COAL-4..COAL-6: decisions against the oracle

    @Property
    @ProfileGate.Claimed(COALESCING)
    @Requirement({"COAL-4", "COAL-5", "COAL-6", "COAL-3"})
    public void required_COAL4_theDeviceDecidesAtMaxFramesCompletionsOrMaxDelayAfterTheFirstAndNotifiesIffRspEventLiesInDP(
            @ForAll("coalescings") Coalescing tx, @ForAll("coalescings") Coalescing rx, @ForAll @Size(min = 2, max = 30) List<@From("steadySteps") Step> steps) {
        runOracle(new Run(provider(), tx, rx), steps);
    }

    @Property
    @ProfileGate.Claimed(COALESCING)
    @Requirement({"COAL-7", "COAL-9", "COAL-6"})
    public void required_COAL7_aChangedCoalescingIsReEvaluatedAtOnceAndFailureOrResetDiscardsWhatIsPending(@ForAll("coalescings") Coalescing tx,
            @ForAll("coalescings") Coalescing rx, @ForAll @Size(min = 2, max = 30) List<@From("changingSteps") Step> steps) {
        runOracle(new Run(provider(), tx, rx), steps);
    }

    private static void runOracle(Run run, List<Step> steps) {
        for (Step step : steps) {
            int from = run.oracle.notifications().size();
            List<Queue> seen = run.apply(step);
            checkOracle(run, step, seen, from);
        }
        Wait far = new Wait(Jump.FAR, 0, Queue.TX);
        int from = run.oracle.notifications().size();
        checkOracle(run, far, run.apply(far), from);
        Check.noFindings("COAL-6", run.harness);
    }

    // ------------------------------------------------------------------ COAL-8: no lost wake-up, as laws

    /** A completion: its queue, the rsp_prod just past its responses, the time it was published. */
    private record Completion(Queue queue, int end, long time) {
    }

    @Property
    @ProfileGate.Claimed(COALESCING)
    @Requirement({"COAL-8", "COAL-4", "COAL-5", "COAL-6"})
    public void required_COAL8_aGuestThatReArmsIsWokenWithinMaxDelayOfEveryResponseAtMaxFramesAndNeverForNothing(@ForAll("batching") Coalescing tx,
            @ForAll("batching") Coalescing rx, @ForAll @Size(min = 2, max = 30) List<@From("interruptSteps") Step> steps) {
        QosBench bench = start(provider());
        Harness h = bench.harness();
        GuestDriver guest = h.guest(CTX);
        Check.that(retune(bench, tx, rx) instanceof ControlResult.Ok, "COAL-2", h, "SetGuestConfig with TX " + tx + ", RX " + rx + " accepted", "refused");
        Map<Queue, Coalescing> fixed = Map.of(Queue.TX, tx, Queue.RX, rx);
        Map<Queue, Integer> noted = new EnumMap<>(Map.of(Queue.TX, 0, Queue.RX, 0));
        Map<Queue, Long> notifications = new EnumMap<>(Map.of(Queue.TX, 0L, Queue.RX, 0L));
        List<String> forNothing = new ArrayList<>();
        // the guest's interrupt handler: read everything, re-arm rsp_event = rsp_cons + 1, read again while more came
        h.sink().addListener(n -> {
            if (n.context() != CTX) {
                return;
            }
            int prod = guest.header(n.queue(), SharedRingLayout.RSP_PROD);
            if (prod == noted.get(n.queue())) {
                forNothing.add(n.queue() + " notification at " + h.now() + " ns with rsp_prod " + Bytes.index(prod) + ", as at the one before");
            }
            noted.put(n.queue(), prod);
            notifications.merge(n.queue(), 1L, Long::sum);
            if (n.queue() == Queue.TX) {
                do {
                    guest.takeTxResponses();
                } while (guest.finalCheckTx());
            } else {
                do {
                    guest.takeRxResponses();
                } while (guest.finalCheckRx());
            }
        });
        List<Completion> completions = new ArrayList<>();
        List<Integer> txPackets = new ArrayList<>();
        int txAnswered = 0;
        for (Step step : steps) {
            int txBefore = guest.header(Queue.TX, SharedRingLayout.RSP_PROD);
            int rxBefore = guest.header(Queue.RX, SharedRingLayout.RSP_PROD);
            if (step instanceof Transmit transmit) {
                txPackets.addAll(transmit(bench, transmit.packets(), false));
            } else if (step instanceof Post p) {
                post(bench, p.count(), false, false);
            } else if (step instanceof Arrive arrive) {
                if (guest.rxReqProdPvt() == guest.header(Queue.RX, SharedRingLayout.RSP_PROD)) {
                    post(bench, 1, false, false); // the guest keeps a buffer posted, so most frames complete
                }
                arrive(bench, Math.min(arrive.length(), 4096), arrive.seed());
            } else if (step instanceof Wait wait) {
                h.advanceTo(target(h, wait, tx, rx, Long.MAX_VALUE));
            }
            // what this step published, one completion per packet or frame, at this step's time (only sends and arrivals publish here)
            int txAfter = guest.header(Queue.TX, SharedRingLayout.RSP_PROD);
            int index = txBefore;
            while (txAnswered < txPackets.size() && Integer.compareUnsigned(txAfter - index, txPackets.get(txAnswered)) >= 0 && txAfter != index) {
                index += txPackets.get(txAnswered++);
                completions.add(new Completion(Queue.TX, index, h.now()));
            }
            int rxAfter = guest.header(Queue.RX, SharedRingLayout.RSP_PROD);
            for (int end = rxBefore + 1; Integer.compareUnsigned(end - rxBefore, rxAfter - rxBefore) <= 0 && rxAfter != rxBefore; end++) {
                completions.add(new Completion(Queue.RX, end, h.now()));
            }
            checkWoken(h, guest, fixed, completions, forNothing, step);
        }
        h.advance(2 * Math.max(tx.maxDelayNanos(), rx.maxDelayNanos()) + 1);
        checkWoken(h, guest, fixed, completions, forNothing, new Wait(Jump.FAR, 0, Queue.TX));
        for (Queue queue : Queue.values()) {
            Coalescing c = fixed.get(queue);
            long count = completions.stream().filter(x -> x.queue() == queue).count();
            // notifications ≤ completions/maxFrames + elapsed/maxDelay + 1, exactly: N·F·D ≤ C·D + E·F + F·D
            BigInteger f = BigInteger.valueOf(c.maxFrames());
            BigInteger d = BigInteger.valueOf(c.maxDelayNanos());
            BigInteger lhs = BigInteger.valueOf(notifications.get(queue)).multiply(f).multiply(d);
            BigInteger rhs = BigInteger.valueOf(count).multiply(d).add(BigInteger.valueOf(h.now()).multiply(f)).add(f.multiply(d));
            Check.that(lhs.compareTo(rhs) <= 0, "COAL-8 (COAL-4, COAL-5)", h, queue + " notifications ≤ completions/maxFrames + elapsed/maxDelay + 1 = " + count
                    + "/" + c.maxFrames() + " + " + h.now() + "/" + c.maxDelayNanos() + " + 1", notifications.get(queue) + " notifications");
        }
        Check.noFindings("COAL-8", h);
    }

    /** After any step: nothing woken for nothing, no response unread past its maxDelay, fewer than maxFrames completions unread. */
    private static void checkWoken(Harness h, GuestDriver guest, Map<Queue, Coalescing> fixed, List<Completion> completions, List<String> forNothing,
            Step step) {
        Check.that(forNothing.isEmpty(), "COAL-6", h, "every notification has a response the one before did not", forNothing);
        for (Queue queue : Queue.values()) {
            Coalescing c = fixed.get(queue);
            int cons = queue == Queue.TX ? guest.txRspCons() : guest.rxRspCons();
            int unread = 0;
            for (Completion completion : completions) {
                if (completion.queue() != queue) {
                    continue;
                }
                boolean read = Integer.compareUnsigned(cons, completion.end()) >= 0; // the runs start at index 0 and never wrap
                if (!read) {
                    unread++;
                    Check.that(h.now() < completion.time() + c.maxDelayNanos(), "COAL-8 (COAL-5)", h, queue + " response up to " + Bytes.index(completion.end())
                            + " published at " + completion.time() + " ns has woken the guest by " + (completion.time() + c.maxDelayNanos()) + " ns (maxDelay "
                            + c.maxDelayNanos() + "), after " + step, "at " + h.now() + " ns the guest has read up to " + Bytes.index(cons) + " only");
                }
            }
            Check.that(unread < c.maxFrames(), "COAL-4", h, "fewer than maxFrames = " + c.maxFrames() + " " + queue + " completions published and not yet"
                    + " decided after " + step, unread + " unread, the guest at " + Bytes.index(cons));
        }
    }

    // ------------------------------------------------------------------ COAL-3: either value 0 is chapter 03

    @Property(tries = 300)
    @ProfileGate.Claimed(COALESCING)
    @Requirement({"COAL-3"})
    public void required_COAL3_aQueueWithEitherValueZeroShowsExactlyWhatItShowsImmediate(@ForAll("zeroed") Coalescing tx, @ForAll("zeroed") Coalescing rx,
            @ForAll @Size(min = 1, max = 24) List<@From("plainSteps") Step> steps) {
        Lockstep lockstep = new Lockstep(provider(), provider(), "COAL-3");
        lockstep.apply(new Lockstep.Step("host creates ctx " + CTX, h -> QosBench.on(h).create(CTX, TxRate.UNLIMITED), false));
        lockstep.apply(Lockstep.Step.perSide("guest sets TX " + Coalescing.IMMEDIATE + ", RX " + Coalescing.IMMEDIATE + " / TX " + tx + ", RX " + rx,
                h -> retune(QosBench.on(h), Coalescing.IMMEDIATE, Coalescing.IMMEDIATE), h -> retune(QosBench.on(h), tx, rx)));
        for (Step step : steps) {
            lockstep.apply(new Lockstep.Step(step.toString(), h -> act(QosBench.on(h), step, tx, rx), false));
        }
    }

    /** A step without an oracle. */
    private static void act(QosBench bench, Step step, Coalescing tx, Coalescing rx) {
        if (step instanceof Transmit transmit) {
            transmit(bench, transmit.packets(), true);
        } else if (step instanceof Post p) {
            post(bench, p.count(), p.bad(), true);
        } else if (step instanceof Arrive arrive) {
            arrive(bench, arrive.length(), arrive.seed());
        } else if (step instanceof Arm arm) {
            arm(bench, arm.queue(), arm.offset());
        } else if (step instanceof Read r) {
            read(bench, r.queue());
        } else if (step instanceof Wait wait) {
            bench.harness().advanceTo(target(bench.harness(), wait, tx, rx, Long.MAX_VALUE));
        } else if (step instanceof Reset) {
            reset(bench);
        } else if (step instanceof Fatal) {
            fatal(bench);
        }
    }

    // ------------------------------------------------------------------ COAL-1, COAL-2: the control plane

    @Property(tries = 100)
    @ProfileGate.NotClaimed(COALESCING)
    @Requirement({"COAL-1", "PRIV-8"})
    public void required_COAL1_aDeviceWithoutCoalescingRefusesAnyValueButZerosNotSupportedAndChangesNothing(@ForAll("anyCoalescing") Coalescing value,
            @ForAll Queue queue, @ForAll boolean byHost, @ForAll boolean tooManyGroups, @ForAll boolean promiscuous) {
        QosBench bench = start(provider());
        Harness h = bench.harness();
        Observation before = h.observe();
        GuestConfig.Builder config = GuestConfig.builder().coalescing(queue, value).promiscuous(promiscuous);
        for (int k = 0; tooManyGroups && k <= limits().maxMulticastGroups(); k++) {
            config.join(new MacAddress(0x01005E000000L + k));
        }
        // chapter 01: step 4 (promiscuous not allowed, PRIVILEGE) and step 5 (the list, INVALID_CONFIG) come before step 6
        String expected = promiscuous ? "Rejected(PRIVILEGE)" : tooManyGroups ? "Rejected(INVALID_CONFIG)" : "Rejected(NOT_SUPPORTED)";
        Check.equal(promiscuous ? "COAL-1 (PRIV-4 first)" : tooManyGroups ? "COAL-1 (PRIV-6 first)" : "COAL-1", h, "SetGuestConfig with " + queue + " coalescing "
                + value + (promiscuous ? ", promiscuous not allowed" : "") + (tooManyGroups ? ", too many groups" : "") + " on a device without " + COALESCING,
                expected, Harness.describe(h.control(byHost ? Caller.HOST : Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX, config.build()))));
        DemuxProperties.unchanged("COAL-1", h, before);
        // and the queue still notifies at every publish, as chapter 03 says
        Check.equal("COAL-1", h, "SetGuestConfig with both queues IMMEDIATE", "Ok", Harness.describe(retune(bench, Coalescing.IMMEDIATE, Coalescing.IMMEDIATE)));
        read(bench, Queue.TX);
        long notes = h.sink().notifications(CTX, Queue.TX);
        transmit(bench, List.of(new QosProperties.Out(100, 100, QosOracle.Fate.SEND), new QosProperties.Out(100, 100, QosOracle.Fate.SEND)), true);
        Check.equal("COAL-1", h, "TX notifications of one kick with rsp_event armed (RING-8)", notes + 1, h.sink().notifications(CTX, Queue.TX));
    }

    @Property(tries = 150)
    @ProfileGate.Claimed(COALESCING)
    @Requirement({"COAL-2", "COAL-1", "PRIV-8"}) // COAL-1's claiming half: no value in range is refused NOT_SUPPORTED
    public void required_COAL2_aCoalescingOutOfRangeIsRejectedInvalidConfigAndEveryValueInRangeIsAccepted(@ForAll("invalidCoalescing") Coalescing bad,
            @ForAll("coalescings") Coalescing good, @ForAll Queue queue, @ForAll boolean byHost, @ForAll boolean promiscuous) {
        QosBench bench = start(provider());
        Harness h = bench.harness();
        Observation before = h.observe();
        Caller caller = byHost ? Caller.HOST : Caller.guest(CTX);
        GuestConfig config = GuestConfig.builder().coalescing(queue, bad).promiscuous(promiscuous).build();
        String expected = promiscuous ? "Rejected(PRIVILEGE)" : "Rejected(INVALID_CONFIG)";
        Check.equal(promiscuous ? "COAL-2 (PRIV-4 first)" : "COAL-2", h, "SetGuestConfig with " + queue + " coalescing " + bad
                + (promiscuous ? ", promiscuous not allowed" : ""), expected, Harness.describe(h.control(caller, new ControlRequest.SetGuestConfig(CTX, config))));
        DemuxProperties.unchanged("COAL-2", h, before);
        GuestConfig fine = GuestConfig.builder().coalescing(queue, good).coalescing(queue == Queue.TX ? Queue.RX : Queue.TX, good).build();
        Check.equal("COAL-2", h, "SetGuestConfig with both queues " + good + " (in range)", "Ok",
                Harness.describe(h.control(caller, new ControlRequest.SetGuestConfig(CTX, fine))));
    }

    // ------------------------------------------------------------------ generators

    /** Coalescing values of every kind: immediate ones, tiny and large frame counts and delays, the extremes. */
    @Provide
    Arbitrary<Coalescing> coalescings() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Coalescing.IMMEDIATE)), Tuple.of(1, zeroed()), Tuple.of(6, coalescing()));
    }

    /** Values that coalesce: maxFrames 1 to 65535, maxDelay 1 ns to 1 s, small ones most often. */
    @Provide
    Arbitrary<Coalescing> coalescing() {
        Arbitrary<Integer> frames = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(1, 6)), Tuple.of(2, Arbitraries.integers().between(7, 64)),
                Tuple.of(1, Arbitraries.of(Coalescing.MAX_FRAMES)));
        Arbitrary<Long> delay = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(1, 100)), Tuple.of(3, Arbitraries.longs().between(100, 100_000)),
                Tuple.of(1, Arbitraries.longs().between(100_000, Coalescing.MAX_DELAY_NANOS)), Tuple.of(1, Arbitraries.of(Coalescing.MAX_DELAY_NANOS)));
        return Combinators.combine(frames, delay).as(Coalescing::new);
    }

    /** Values that coalesce, most with room for several completions before maxFrames. */
    @Provide
    Arbitrary<Coalescing> batching() {
        Arbitrary<Integer> frames = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(1, 3)), Tuple.of(4, Arbitraries.integers().between(4, 16)),
                Tuple.of(1, Arbitraries.integers().between(17, 64)), Tuple.of(1, Arbitraries.of(Coalescing.MAX_FRAMES)));
        Arbitrary<Long> delay = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(1, 100)), Tuple.of(3, Arbitraries.longs().between(100, 100_000)),
                Tuple.of(1, Arbitraries.longs().between(100_000, Coalescing.MAX_DELAY_NANOS)));
        return Combinators.combine(frames, delay).as(Coalescing::new);
    }

    /** Values with either field 0: immediate (COAL-3). */
    @Provide
    Arbitrary<Coalescing> zeroed() {
        Arbitrary<Coalescing> noFrames = Arbitraries.longs().between(0, Coalescing.MAX_DELAY_NANOS).map(d -> new Coalescing(0, d));
        Arbitrary<Coalescing> noDelay = Arbitraries.integers().between(0, Coalescing.MAX_FRAMES).map(f -> new Coalescing(f, 0));
        return Arbitraries.oneOf(noFrames, noDelay);
    }

    @Provide
    Arbitrary<Coalescing> invalidCoalescing() {
        Arbitrary<Integer> badFrames = Arbitraries.of(-1, Integer.MIN_VALUE, Coalescing.MAX_FRAMES + 1, Integer.MAX_VALUE);
        Arbitrary<Long> badDelay = Arbitraries.of(-1L, Long.MIN_VALUE, Coalescing.MAX_DELAY_NANOS + 1, Long.MAX_VALUE);
        return Combinators.combine(coalescings(), Arbitraries.integers().between(1, 3), badFrames, badDelay)
                .as((c, which, f, d) -> new Coalescing((which & 1) != 0 ? f : c.maxFrames(), (which & 2) != 0 ? d : c.maxDelayNanos()))
                .filter(c -> !c.valid());
    }

    /** Anything but (0, 0): what a device without the profile refuses, in range or not. */
    @Provide
    Arbitrary<Coalescing> anyCoalescing() {
        return Arbitraries.oneOf(coalescing(), zeroed(), invalidCoalescing()).filter(c -> !c.equals(Coalescing.IMMEDIATE));
    }

    private static Arbitrary<Step> transmitStep() {
        return QosProperties.outs(8, 1, 1).list().ofMinSize(0).ofMaxSize(4).map(Transmit::new);
    }

    private static Arbitrary<Step> postStep() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true))).as(Post::new);
    }

    private static Arbitrary<Step> arriveStep() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(14, 1500)),
                Tuple.of(1, Arbitraries.integers().between(4097, 9000)));
        return Combinators.combine(length, Arbitraries.integers().between(0, 255)).as(Arrive::new);
    }

    private static Arbitrary<Step> armStep() {
        Arbitrary<Integer> offset = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers().between(-3, 8)),
                Tuple.of(1, Arbitraries.integers()));
        return Combinators.combine(Arbitraries.of(Queue.class), offset).as(Arm::new);
    }

    private static Arbitrary<Step> waitStep(boolean exact) {
        Arbitrary<Jump> jumps = exact ? Arbitraries.frequency(Tuple.of(2, Jump.TINY), Tuple.of(4, Jump.SCALED), Tuple.of(3, Jump.DEADLINE),
                Tuple.of(3, Jump.JUST_BEFORE), Tuple.of(1, Jump.FAR)) : Arbitraries.frequency(Tuple.of(2, Jump.TINY), Tuple.of(5, Jump.SCALED), Tuple.of(1, Jump.FAR));
        return Combinators.combine(jumps, Arbitraries.integers().between(0, 40), Arbitraries.of(Queue.class)).as(Wait::new);
    }

    /** Traffic, reads, arming and time; the parameters fixed. */
    @Provide
    Arbitrary<Step> steadySteps() {
        return Arbitraries.frequencyOf(Tuple.of(5, transmitStep()), Tuple.of(3, postStep()), Tuple.of(5, arriveStep()), Tuple.of(2, armStep()),
                Tuple.of(2, Arbitraries.of(Queue.class).map(Read::new)), Tuple.of(6, waitStep(true)));
    }

    /** {@link #steadySteps()} with changes of parameters, fatal errors and resets. */
    @Provide
    Arbitrary<Step> changingSteps() {
        Arbitrary<Step> retune = Combinators.combine(Arbitraries.of(Queue.class), coalescings()).as(Retune::new);
        return Arbitraries.frequencyOf(Tuple.of(8, steadySteps()), Tuple.of(3, retune), Tuple.of(1, Arbitraries.just(new Fatal())),
                Tuple.of(1, Arbitraries.just(new Reset())));
    }

    /** What an interrupt-driven guest does: send, post, take frames; time passes. */
    @Provide
    Arbitrary<Step> interruptSteps() {
        return Arbitraries.frequencyOf(Tuple.of(5, transmitStep()), Tuple.of(3, postStep().map(p -> new Post(((Post) p).count(), false))),
                Tuple.of(5, arriveStep()), Tuple.of(5, waitStep(false)));
    }

    /** Everything but parameter changes, with arbitrary times. */
    @Provide
    Arbitrary<Step> plainSteps() {
        return Arbitraries.frequencyOf(Tuple.of(10, steadySteps()), Tuple.of(1, Arbitraries.just(new Fatal())), Tuple.of(1, Arbitraries.just(new Reset())));
    }
}
