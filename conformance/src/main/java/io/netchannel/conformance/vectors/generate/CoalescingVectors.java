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
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 10 vectors (profile {@code coalescing}): the values a guest may set and who may set them
 * (COAL-1, COAL-2); immediate queues behave exactly as chapter 03 (COAL-3); completions counted
 * one per TX packet and one per RX frame, whatever their status or slot count, and the decision at
 * once when maxFrames are pending (COAL-4) or at first + maxDelayNanos inside advanceTo (COAL-5),
 * reading rsp_event at the decision (COAL-6); new values re-evaluated in the same call (COAL-7);
 * pending completions discarded by a fatal error, a reset or a destroy (COAL-9); and, with a
 * rate-limited context, the TX resumption before the TX decision at the same instant (QOS-6).
 *
 * <p>Every call's notifications are written out here from the chapter — which call notifies which
 * queue, and which call does not — and the generator checks the model against them, and against
 * the responses, frames and counters of {@link TimedBench}, before the recording becomes a vector.
 * The guest re-arms rsp_event = rsp_cons + 1 after reading its responses, as chapter 03's guest
 * does, unless a test moves it on purpose.
 */
final class CoalescingVectors {

    private static final String CHAPTER = "coalescing";
    private static final String PROFILE = Profile.COALESCING.id();

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");

    /** Decide at 4 completions or 50 µs after the first. */
    private static final Coalescing FOUR = new Coalescing(4, 50_000);

    private CoalescingVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(config(), tx(), rx(), workedExample(), withRateLimit());
    }

    // ------------------------------------------------------------------ bench and steps

    private static TimedBench bench(int buffers) {
        return new TimedBench(Bench.start(Bench.member(0, UNTAGGED, buffers, A)));
    }

    /** Context {@code ctx}'s guest sets its guest configuration to {@code queue}'s coalescing {@code value}, the other queue immediate. */
    private static void coalesce(TimedBench t, int ctx, Queue queue, Coalescing value, TimedBench.Outcome outcome) {
        GuestConfig config = GuestConfig.builder().coalescing(queue, value).build();
        t.call("guest " + ctx + " sets " + queue + " coalescing " + value, () -> control(t.bench, Caller.guest(ctx),
                new ControlRequest.SetGuestConfig(ctx, config), "Ok"), outcome);
    }

    /** No notification, nothing else either. */
    private static TimedBench.Outcome quiet() {
        return nothing().notifies();
    }

    /** A frame of {@code length} bytes from the wire to context 0. */
    private static byte[] toZero(int length, int seed) {
        return ether(A, TimedBench.PEER, LOCAL, data(length - 14, seed));
    }

    /** A TX packet of context 0 to the wire. */
    private static TimedBench.Packet out(TimedBench t, int seed) {
        return t.toWire("packet " + seed, 0, 60, seed);
    }

    /** Context {@code ctx}'s guest moves its {@code queue} rsp_event to {@code value} (a guest write, no call). */
    private static void rspEvent(TimedBench t, int ctx, Queue queue, int value) {
        t.harness.guest(ctx).setHeader(queue, SharedRingLayout.RSP_EVENT, value);
    }

    private static void notes(FileBuilder file) {
        file.note("Deadline", "BASIC", "the decision is due at first + maxDelayNanos: advanceTo one nanosecond before it notifies nothing, "
                + "advanceTo to it notifies in that step (COAL-5)", "a guest waits longer than it asked, or is woken early, depending on the device");
        file.note("Count", "BASIC", "what counts as a completion: one per TX packet whatever its status and slots, one per RX frame answered "
                + "(COAL-4)", "devices wake the same guest at different times for the same traffic");
        file.note("EventIndex", "EDGE_CASE", "the guest's rsp_event lies outside (D, P] at the decision, or moves between a publish and the "
                + "decision (COAL-6)", "a device wakes a guest that asked not to be woken, or misses one that re-armed");
        file.note("NewValues", "BASIC", "the guest changes a queue's values while completions are pending (COAL-7)", "new values apply late, "
                + "and a guest that lowers its delay still waits the old one");
        file.note("Stopped", "EDGE_CASE", "the context fails, is reset or destroyed with completions pending (COAL-9)", "a stopped context gets "
                + "a late notification, or a re-attached ring inherits stale completions");
        file.note("Immediate", "BASIC", "maxFrames or maxDelayNanos is 0 (COAL-3)", "the default or a half-zero setting changes chapter 03's "
                + "notifications");
    }

    // ------------------------------------------------------------------ coalescing/coalescing-config.yaml

    private static void guest(Bench b, Caller caller, int ctx, GuestConfig config, String expected) {
        control(b, caller, new ControlRequest.SetGuestConfig(ctx, config), expected);
    }

    private static GuestConfig both(Coalescing tx, Coalescing rx) {
        return GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, rx).build();
    }

    private static Bench configBench(DeviceProvider device) {
        return Bench.start(device, Bench.member(0, UNTAGGED, 0, A), Bench.member(1, UNTAGGED, 0, B));
    }

    private static VectorBundle.Entry config() {
        String id = CHAPTER + ".coalescing-config.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "coalescing-config",
                "The guest's coalescing values: set-guest-config checks them at step 6 of chapter 01, after the multicast list; a device that "
                        + "claims coalescing accepts maxFrames 0 to 65535 and maxDelayNanos 0 to 1000000000 on each queue and refuses anything "
                        + "else with INVALID_CONFIG, changing nothing (COAL-2); a device that does not claim it refuses any value but (0, 0) "
                        + "with NOT_SUPPORTED (COAL-1); a guest sets only its own context (PRIV-3).");
        notes(file);
        file.note("Boundary", "EDGE_CASE", "a value at the edge of its range (COAL-2)", "a device refuses a legal setting");
        file.note("OutOfRange", "MALFORMED", "a value outside its range: negative, or one past the largest (COAL-2)", "a device accepts a delay "
                + "it cannot bound");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides", "two devices "
                + "give the same request different answers");
        file.note(VectorRunner.WITHOUT_COALESCING, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): the test expects a device that does not "
                + "claim coalescing, recorded from the reference model claiming every profile but coalescing; a device that claims it skips "
                + "the test", "a device without the profile accepts a setting it will not honour");
        FileBuilder.GroupBuilder<Bench> g = file.group("contexts 0 and 1 untagged (02:00:00:00:00:01, 02:00:00:00:00:02), rings on pages 1 to 4, "
                + "promiscuous not allowed", () -> configBench(Generators.model())).requiring(PROFILE);
        g.test(Meta.valid(id + "largest-values", "guest 0 sets both queues to maxFrames 65535, maxDelayNanos 1000000000: accepted", "COAL-2")
                        .flags("Boundary"),
                b -> guest(b, Caller.guest(0), 0, both(new Coalescing(Coalescing.MAX_FRAMES, Coalescing.MAX_DELAY_NANOS),
                        new Coalescing(Coalescing.MAX_FRAMES, Coalescing.MAX_DELAY_NANOS)), "Ok"))
                .test(Meta.valid(id + "host-sets-coalescing", "the host sets context 1's RX coalescing to (8, 100000): accepted, as any guest "
                        + "configuration the host sets", "COAL-2", "PRIV-3"),
                        b -> guest(b, Caller.HOST, 1, both(Coalescing.IMMEDIATE, new Coalescing(8, 100_000)), "Ok"));
        Object[][] bad = {
            {"tx-frames-65536", "TX maxFrames 65536", both(new Coalescing(Coalescing.MAX_FRAMES + 1, 50_000), Coalescing.IMMEDIATE)},
            {"rx-frames-negative", "RX maxFrames -1", both(Coalescing.IMMEDIATE, new Coalescing(-1, 50_000))},
            {"tx-delay-above-one-second", "TX maxDelayNanos 1000000001", both(new Coalescing(4, Coalescing.MAX_DELAY_NANOS + 1), Coalescing.IMMEDIATE)},
            {"rx-delay-negative", "RX maxDelayNanos -1", both(Coalescing.IMMEDIATE, new Coalescing(4, -1))},
            {"rx-delay-out-of-range-frames-zero", "RX (0, 1000000001): immediate in effect, but out of range all the same",
                both(Coalescing.IMMEDIATE, new Coalescing(0, Coalescing.MAX_DELAY_NANOS + 1))},
        };
        for (Object[] c : bad) {
            g.test(Meta.invalid(id + c[0], "guest 0 sets " + c[1] + ": INVALID_CONFIG", rejected("INVALID_CONFIG"), "COAL-2", "PRIV-8")
                    .flags("OutOfRange"), b -> guest(b, Caller.guest(0), 0, (GuestConfig) c[2], refused("INVALID_CONFIG")));
        }
        g.test(Meta.invalid(id + "other-context-refused", "guest 0 sets context 1's TX coalescing: PRIVILEGE", rejected("PRIVILEGE"), "PRIV-3"),
                        b -> guest(b, Caller.guest(0), 1, both(FOUR, Coalescing.IMMEDIATE), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "promiscuous-before-coalescing", "guest 0 asks for promiscuous mode, which its host did not allow, with TX "
                        + "maxFrames 65536: PRIVILEGE (PRIV-4) comes before the coalescing check", rejected("PRIVILEGE"), "PRIV-4", "COAL-2")
                                .flags("OrderOfChecks", "OutOfRange"),
                        b -> guest(b, Caller.guest(0), 0, GuestConfig.builder().promiscuous(true).coalescing(Queue.TX, new Coalescing(65_536, 1))
                                .build(), refused("PRIVILEGE")))
                .done();

        FileBuilder.GroupBuilder<Bench> without = file.group("the reference model claiming every profile but coalescing: contexts 0 and 1 "
                + "untagged (02:00:00:00:00:01, 02:00:00:00:00:02), rings on pages 1 to 4", () -> configBench(ReferenceClaiming.without(Profile.COALESCING)));
        without.test(Meta.invalid(id + "not-offered", "a device without coalescing refuses guest 0's TX (4, 50000) NOT_SUPPORTED; the same "
                                + "request without coalescing is accepted", rejected("NOT_SUPPORTED"), "COAL-1").flags(VectorRunner.WITHOUT_COALESCING),
                        b -> {
                            guest(b, Caller.guest(0), 0, both(FOUR, Coalescing.IMMEDIATE), refused("NOT_SUPPORTED"));
                            guest(b, Caller.guest(0), 0, GuestConfig.DEFAULT, "Ok");
                        })
                .test(Meta.invalid(id + "half-zero-not-offered", "RX (8, 0) is immediate in effect but not (0, 0): a device without coalescing "
                        + "refuses it NOT_SUPPORTED", rejected("NOT_SUPPORTED"), "COAL-1", "COAL-3").flags(VectorRunner.WITHOUT_COALESCING, "Immediate"),
                        b -> guest(b, Caller.guest(0), 0, both(Coalescing.IMMEDIATE, new Coalescing(8, 0)), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "host-not-offered", "a device without coalescing refuses the host's RX (8, 100000) for context 1 "
                        + "NOT_SUPPORTED", rejected("NOT_SUPPORTED"), "COAL-1").flags(VectorRunner.WITHOUT_COALESCING),
                        b -> guest(b, Caller.HOST, 1, both(Coalescing.IMMEDIATE, new Coalescing(8, 100_000)), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "out-of-range-not-offered", "TX maxFrames 65536 on a device without coalescing: NOT_SUPPORTED, the profile "
                                + "check before the range check", rejected("NOT_SUPPORTED"), "COAL-1", "COAL-2")
                                .flags(VectorRunner.WITHOUT_COALESCING, "OrderOfChecks", "OutOfRange"),
                        b -> guest(b, Caller.guest(0), 0, both(new Coalescing(65_536, 50_000), Coalescing.IMMEDIATE), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "other-context-not-offered", "guest 0 sets context 1's coalescing on a device without coalescing: PRIVILEGE "
                        + "first", rejected("PRIVILEGE"), "PRIV-3", "COAL-1").flags(VectorRunner.WITHOUT_COALESCING, "OrderOfChecks"),
                        b -> guest(b, Caller.guest(0), 1, both(FOUR, Coalescing.IMMEDIATE), refused("PRIVILEGE")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ coalescing/tx-coalescing.yaml

    private static VectorBundle.Entry tx() {
        String id = CHAPTER + ".tx-coalescing.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "tx-coalescing",
                "TX completions: one per packet answered, whatever its status or number of slots; a decision at once when maxFrames are "
                        + "pending, else at first + maxDelayNanos inside advanceTo; each decision reads rsp_event then and notifies only when "
                        + "it lies in (D, P]; responses and rsp_prod are written at once throughout (COAL-3 to COAL-9).");
        notes(file);
        FileBuilder.GroupBuilder<TimedBench> g = file.group("context 0 untagged (02:00:00:00:00:01), rings on pages 1 and 2, no RX buffer; the "
                + "device in VEPA, so every packet goes to the wire (02:00:00:00:00:99)", () -> bench(0)).requiring(PROFILE);
        g.test(Meta.valid(id + "frames-zero-is-immediate", "TX (0, 50000): each publish decides at once, exactly as chapter 03 — the first "
                        + "packet notifies; after the guest re-arms, so does the second", "COAL-3", "RING-8").flags("Immediate"),
                t -> {
                    coalesce(t, 0, Queue.TX, new Coalescing(0, 50_000), quiet());
                    t.publish(0, out(t, 1));
                    t.kick(0, nothing().sends(0, 1).notifies(note(0, Queue.TX)));
                    t.consume(0, Queue.TX);
                    t.publish(0, out(t, 2));
                    t.kick(0, nothing().sends(0, 1).notifies(note(0, Queue.TX)));
                })
                .test(Meta.valid(id + "delay-zero-is-immediate", "TX (4, 0): each publish decides at once; a second packet without re-arming is "
                        + "suppressed by rsp_event as in chapter 03", "COAL-3", "RING-8").flags("Immediate"),
                        t -> {
                            coalesce(t, 0, Queue.TX, new Coalescing(4, 0), quiet());
                            t.publish(0, out(t, 3));
                            t.kick(0, nothing().sends(0, 1).notifies(note(0, Queue.TX)));
                            t.publish(0, out(t, 4));
                            t.kick(0, nothing().sends(0, 1).notifies());
                        })
                .test(Meta.valid(id + "max-frames-in-one-batch", "TX (4, 50000): four packets in one kick reach maxFrames at that publish: notified "
                        + "in the kick", "COAL-4", "COAL-8").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 5), out(t, 6), out(t, 7), out(t, 8));
                            t.kick(0, nothing().sends(0, 4).notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "below-max-frames-waits-max-delay", "TX (4, 50000): one packet at 1000 ns is answered at once but notified "
                        + "only at 1000 + 50000 = 51000 ns, in that advance step, not at 50999", "COAL-5", "COAL-4", "COAL-8").flags("Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 9));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "multi-slot-packets-count-once", "TX (4, 50000): three packets of two slots each (six responses) are three "
                        + "completions: no notification; a fourth, one-slot packet makes four", "COAL-4").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, t.big("two slots", 0, TimedBench.PEER, -1, true, 100), t.big("two slots", 0, TimedBench.PEER, -1, true, 200),
                                    t.big("two slots", 0, TimedBench.PEER, -1, true, 300));
                            t.kick(0, nothing().sends(0, 3).notifies());
                            t.advanceTo(2_000, quiet());
                            t.publish(0, out(t, 10));
                            t.kick(0, nothing().sends(0, 1).notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "counted-per-packet-not-per-publish", "TX (4, 50000): two kicks of two packets each, at 1000 and 2000 ns: the "
                        + "second publish brings the count to four and notifies", "COAL-4").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 11), out(t, 12));
                            t.kick(0, nothing().sends(0, 2).notifies());
                            t.advanceTo(2_000, quiet());
                            t.publish(0, out(t, 13), out(t, 14));
                            t.kick(0, nothing().sends(0, 2).notifies(note(0, Queue.TX)));
                        })
                .test(Meta.invalid(id + "refused-packets-count", "TX (4, 50000): a spoofed packet (DROPPED), a runt (ERROR), a multicast join and "
                                + "a good packet are four completions: notified in the kick", error("packet"), "COAL-4", "TXF-2", "DESC-8", "DESC-15")
                                .flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.publish(0, t.spoofed("spoofed", 0, 60, 15), t.runt("runt", 0), t.multicastAdd("join", 0,
                                    MacAddress.parse("01:00:5e:00:00:01")), out(t, 16));
                            t.kick(0, nothing().sends(0, 4).notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "suppressed-decision-resets-count", "TX (4, 50000), rsp_event moved to 100: the decision at 51000 ns finds it "
                                + "outside (0, 1] and notifies nothing, but resets the count; after re-arming, a packet at 60000 is notified at "
                                + "110000, not before", "COAL-6", "COAL-5").flags("EventIndex", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            rspEvent(t, 0, Queue.TX, 100);
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 17));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(51_000, quiet());
                            t.consume(0, Queue.TX);
                            t.advanceTo(60_000, quiet());
                            t.publish(0, out(t, 18));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(109_999, quiet());
                            t.advanceTo(110_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "rsp-event-moved-away-before-decision", "TX (4, 50000): a packet at 1000 ns while rsp_event = 1 asks for it; "
                        + "at 20000 the guest moves rsp_event to 50: the decision at 51000 reads 50 and notifies nothing", "COAL-6")
                        .flags("EventIndex", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 19));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(20_000, quiet());
                            rspEvent(t, 0, Queue.TX, 50);
                            t.advanceTo(51_000, quiet());
                        })
                .test(Meta.valid(id + "rsp-event-rearmed-before-decision", "TX (4, 50000), rsp_event at 100: a packet at 1000 ns; at 20000 the guest "
                        + "re-arms rsp_event = 1: the decision at 51000 reads 1 and notifies", "COAL-6", "COAL-8").flags("EventIndex", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            rspEvent(t, 0, Queue.TX, 100);
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 20));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(20_000, quiet());
                            rspEvent(t, 0, Queue.TX, 1);
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "new-max-frames-below-pending", "TX (16, 1000000): ten packets at 1000 ns are pending; at 2000 the guest sets "
                        + "(8, 1000000): ten reach eight, so the set-guest-config call notifies", "COAL-7").flags("NewValues"),
                        t -> {
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 1_000_000), quiet());
                            t.advanceTo(1_000, quiet());
                            for (int k = 0; k < 10; k++) {
                                t.publish(0, out(t, 21 + k));
                            }
                            t.kick(0, nothing().sends(0, 10).notifies());
                            t.advanceTo(2_000, quiet());
                            coalesce(t, 0, Queue.TX, new Coalescing(8, 1_000_000), nothing().notifies(note(0, Queue.TX)));
                            t.advanceTo(1_001_000, quiet());
                        })
                .test(Meta.valid(id + "new-delay-already-elapsed", "TX (16, 1000000): a packet at 1000 ns; at 30000 the guest sets (16, 20000): "
                        + "1000 + 20000 is past, so the call notifies", "COAL-7").flags("NewValues"),
                        t -> {
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 1_000_000), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 31));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(30_000, quiet());
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 20_000), nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "new-values-immediate", "TX (16, 1000000): a packet at 1000 ns; at 2000 the guest sets (0, 0): the call "
                        + "decides and notifies", "COAL-7", "COAL-3").flags("NewValues", "Immediate"),
                        t -> {
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 1_000_000), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 32));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            coalesce(t, 0, Queue.TX, Coalescing.IMMEDIATE, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "new-delay-moves-deadline", "TX (16, 1000000): a packet at 1000 ns; at 2000 the guest sets (16, 50000): the "
                        + "decision moves to 1000 + 50000 = 51000 ns", "COAL-7", "COAL-5").flags("NewValues", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 1_000_000), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 33));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            coalesce(t, 0, Queue.TX, new Coalescing(16, 50_000), quiet());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "longer-delay-postpones", "TX (4, 50000): a packet at 1000 ns; at 2000 the guest sets (4, 100000): nothing at "
                        + "51000, the notification at 101000", "COAL-7", "COAL-5").flags("NewValues", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 34));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            coalesce(t, 0, Queue.TX, new Coalescing(4, 100_000), quiet());
                            t.advanceTo(100_999, quiet());
                            t.advanceTo(101_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.invalid(id + "failed-discards-pending", "TX (4, 50000): a packet at 1000 ns is pending; at 2000 a req_prod 100000 ahead "
                                + "makes the context FAILED (RING-11): the pending completion is dropped, and nothing is notified at 51000",
                                error("context"), "COAL-9", "RING-11").flags("Stopped"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 35));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            GuestDriver guest = t.harness.guest(0);
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + 100_000);
                            t.kick(0, nothing().fails(0).notifies());
                            require(t.harness.state(0) == ContextState.FAILED, "req_prod 100000 ahead fails the context");
                            t.advanceTo(100_000, quiet());
                        })
                .test(Meta.invalid(id + "ring-revoked-before-deadline", "TX (4, 50000): a packet at 1000 ns is pending; the guest revokes its TX "
                                + "ring page at 20000: the decision at 51000 checks the ring grant before it reads rsp_event and fails the context "
                                + "(FATAL_ERRORS, FAILED, no notification, the page untouched)", error("context"), "COAL-9", "COAL-5", "MEM-10")
                                .flags("Stopped", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 41));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(20_000, quiet());
                            t.harness.revoke(t.harness.guest(0).txRing());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().fails(0).notifies());
                            require(t.harness.state(0) == ContextState.FAILED, "the decision fails the context (MEM-10)");
                            t.advanceTo(200_000, quiet());
                        })
                .test(Meta.valid(id + "reset-discards-pending", "TX (4, 50000): a packet at 1000 ns is pending; the host resets context 0 at 2000: "
                        + "nothing at 51000; the next packet, at 60000, starts a new count and is notified at 110000", "COAL-9", "COAL-5")
                        .flags("Stopped", "Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 36));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.consume(0, Queue.TX);
                            t.advanceTo(2_000, quiet());
                            t.call("reset context 0", () -> control(t.bench, Caller.HOST, new ControlRequest.ResetContext(0), "Ok"),
                                    nothing().attaches(0).notifies());
                            t.advanceTo(60_000, quiet());
                            t.publish(0, out(t, 37));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(109_999, quiet());
                            t.advanceTo(110_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.valid(id + "destroy-discards-pending", "TX (4, 50000): a packet at 1000 ns is pending; the host destroys context 0 at "
                        + "2000: nothing is notified at 51000", "COAL-9").flags("Stopped"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 38));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            t.call("destroy context 0", () -> control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok"),
                                    nothing().attaches(0).notifies());
                            t.advanceTo(100_000, quiet());
                        })
                .test(Meta.valid(id + "update-keeps-coalescing", "TX (4, 50000), then the host updates context 0 with a second MAC: the guest "
                        + "configuration is kept, so a packet at 1000 ns is still notified at 51000", "PRIV-10", "COAL-5").flags("Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            ContextConfig now = t.bench.configs.get(0);
                            t.call("update adding a MAC", () -> control(t.bench, Caller.HOST, new ControlRequest.UpdateContext(0, now.toBuilder()
                                    .macs(List.of(A, MacAddress.parse("02:00:00:00:00:11"))).build()), "Ok"), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 39));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .test(Meta.invalid(id + "refused-values-keep-coalescing", "TX (4, 50000), then a refused TX (4, -1): the queue keeps (4, 50000), "
                                + "so a packet at 1000 ns is notified at 51000", rejected("INVALID_CONFIG"), "COAL-2", "PRIV-8", "COAL-5")
                                .flags("Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.TX, FOUR, quiet());
                            t.call("a refused set-guest-config", () -> control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0,
                                    GuestConfig.builder().coalescing(Queue.TX, new Coalescing(4, -1)).build()), refused("INVALID_CONFIG")), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 40));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.TX)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ coalescing/rx-coalescing.yaml

    private static VectorBundle.Entry rx() {
        String id = CHAPTER + ".rx-coalescing.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "rx-coalescing",
                "RX completions: one per frame answered — delivered, or refused by a buffer the device cannot write — and none for a frame "
                        + "dropped without a response; the TX queue's deadline before the RX queue's at the same instant (COAL-3 to COAL-6, "
                        + "QOS-6).");
        notes(file);
        FileBuilder.GroupBuilder<TimedBench> g = file.group("context 0 untagged (02:00:00:00:00:01), rings on pages 1 and 2, eight RX buffers "
                + "(pages 100 to 107, filled with 0xee); frames come from 02:00:00:00:00:99", () -> bench(8)).requiring(PROFILE);
        g.test(Meta.valid(id + "immediate-as-chapter-03", "RX (0, 50000): each frame decides at once: the first notifies, the second is "
                        + "suppressed by rsp_event, the third, after re-arming, notifies", "COAL-3", "RING-8").flags("Immediate"),
                t -> {
                    coalesce(t, 0, Queue.RX, new Coalescing(0, 50_000), quiet());
                    t.wire(toZero(60, 1), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                    t.wire(toZero(60, 2), nothing().delivers(0, 60).notifies());
                    t.consume(0, Queue.RX);
                    t.wire(toZero(60, 3), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                })
                .test(Meta.valid(id + "frames-counted-per-frame", "RX (4, 50000): frames at 1000, 2000 and 3000 ns notify nothing; the fourth, at "
                        + "4000, reaches maxFrames and notifies", "COAL-4").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.RX, FOUR, quiet());
                            for (int k = 1; k <= 3; k++) {
                                t.advanceTo(1_000L * k, quiet());
                                t.wire(toZero(60, 3 + k), nothing().delivers(0, 60).notifies());
                            }
                            t.advanceTo(4_000, quiet());
                            t.wire(toZero(60, 7), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                        })
                .test(Meta.valid(id + "two-slot-frame-counts-once", "RX (2, 50000): a 5000-byte frame takes two buffers and is one completion; a "
                        + "60-byte frame after it makes two and notifies", "COAL-4").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.RX, new Coalescing(2, 50_000), quiet());
                            t.advanceTo(1_000, quiet());
                            t.wire(toZero(5000, 8), nothing().delivers(0, 5000).notifies());
                            t.advanceTo(2_000, quiet());
                            t.wire(toZero(60, 9), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                        })
                .test(Meta.valid(id + "deadline", "RX (4, 50000): one frame at 1000 ns is notified at 51000, in that advance step", "COAL-5", "COAL-8")
                        .flags("Deadline"),
                        t -> {
                            coalesce(t, 0, Queue.RX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.wire(toZero(60, 10), nothing().delivers(0, 60).notifies());
                            t.advanceTo(50_999, quiet());
                            t.advanceTo(51_000, nothing().notifies(note(0, Queue.RX)));
                        })
                .test(Meta.valid(id + "tx-before-rx-at-one-instant", "TX and RX (4, 50000): a packet sent and a frame received at 1000 ns are due at "
                        + "the same 51000 ns: that advance step notifies TX, then RX", "QOS-6", "COAL-5").flags("Deadline"),
                        t -> {
                            t.call("guest 0 sets both queues to (4, 50000)", () -> control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0,
                                    both(FOUR, FOUR)), "Ok"), quiet());
                            t.advanceTo(1_000, quiet());
                            t.publish(0, out(t, 11));
                            t.kick(0, nothing().sends(0, 1).notifies());
                            t.wire(toZero(60, 12), nothing().delivers(0, 60).notifies());
                            t.advanceTo(60_000, nothing().notifies(note(0, Queue.TX), note(0, Queue.RX)));
                        })
                .done();

        file.group("context 0 untagged (02:00:00:00:00:01), rings on pages 1 and 2, no RX buffer posted; frames come from 02:00:00:00:00:99",
                        () -> bench(0))
                .requiring(PROFILE)
                .test(Meta.invalid(id + "bad-buffer-counts", "RX (2, 50000): the guest posts a read-only page, then a writable one; the first frame "
                        + "is answered ERROR (RX_DROP_BAD_BUFFER) and counts, so the second, delivered, makes two and notifies", error("packet"),
                        "COAL-4", "RX-4").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.RX, new Coalescing(2, 50_000), quiet());
                            t.harness.grant(150, 0, Access.READ_ONLY);
                            Arrays.fill(t.harness.grant(151, 0, Access.READ_WRITE), Bench.FILL);
                            t.harness.guest(0).post(150, 151);
                            t.advanceTo(1_000, quiet());
                            t.wire(toZero(60, 13), nothing().badBuffer(0, 1).notifies());
                            t.advanceTo(2_000, quiet());
                            t.wire(toZero(60, 14), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                        })
                .test(Meta.invalid(id + "no-buffer-not-counted", "RX (2, 50000), one buffer posted: the first frame is delivered, the second finds "
                        + "no buffer (RX_DROP_NO_BUFFER, no response) and does not count; after the guest posts a buffer, a third makes two and "
                        + "notifies", error("packet"), "COAL-4", "RX-3").flags("Count"),
                        t -> {
                            coalesce(t, 0, Queue.RX, new Coalescing(2, 50_000), quiet());
                            Arrays.fill(t.harness.grant(150, 0, Access.READ_WRITE), Bench.FILL);
                            t.harness.guest(0).post(150);
                            t.advanceTo(1_000, quiet());
                            t.wire(toZero(60, 15), nothing().delivers(0, 60).notifies());
                            t.advanceTo(2_000, quiet());
                            t.wire(toZero(60, 16), nothing().counts(0, Counter.RX_DROP_NO_BUFFER, 1).notifies());
                            Arrays.fill(t.harness.grant(151, 0, Access.READ_WRITE), Bench.FILL);
                            t.harness.guest(0).post(151);
                            t.advanceTo(3_000, quiet());
                            t.wire(toZero(60, 17), nothing().delivers(0, 60).notifies(note(0, Queue.RX)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ coalescing/scenarios/worked-example.yaml

    private static VectorBundle.Entry workedExample() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "worked-example",
                "Chapter 10's worked example (section 4.1): RX (4, 50000), the guest never re-arms, so rsp_event stays 1 and D starts at 0. "
                        + "Frame 1 at 1000 ns and frame 2 (two slots) at 2000 are decided at 51000: 1 lies in (0, 3], notify, D = 3. Frames 3 "
                        + "to 6 at 70000 reach maxFrames at frame 6, a decision at once: 1 is not in (3, 7], no notification.");
        notes(file);
        file.group("context 0 untagged (02:00:00:00:00:01), rings on pages 1 and 2, eight RX buffers (pages 100 to 107, filled with 0xee); "
                                + "frames come from 02:00:00:00:00:99", () -> bench(8))
                .requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.worked-example", "chapter 10's table, step by step", "COAL-4", "COAL-5", "COAL-6", "COAL-8")
                                .flags("Count", "Deadline", "EventIndex"),
                        t -> {
                            coalesce(t, 0, Queue.RX, FOUR, quiet());
                            t.advanceTo(1_000, quiet());
                            t.wire(toZero(60, 20), nothing().delivers(0, 60).notifies());
                            t.advanceTo(2_000, quiet());
                            t.wire(toZero(5000, 21), nothing().delivers(0, 5000).notifies());
                            t.advanceTo(60_000, nothing().notifies(note(0, Queue.RX)));
                            t.advanceTo(70_000, quiet());
                            for (int k = 3; k <= 6; k++) {
                                t.wire(toZero(60, 19 + k), nothing().delivers(0, 60).notifies());
                            }
                            t.advanceTo(200_000, quiet());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ coalescing/scenarios/rate-limited-deadline.yaml

    private static VectorBundle.Entry withRateLimit() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "rate-limited-deadline",
                "A rate-limited context with TX (4, 60000): the drain at 0 is one completion, due for a decision at 60000; the 60-byte packet "
                        + "behind it is held, due at 60000 too. At 60000 the TX resumption runs first (the packet leaves, a second completion), "
                        + "then the TX decision, which covers both: with rsp_event at 18 (the held packet's response) it notifies, once. A "
                        + "device that decided first would find rsp_event outside (0, 17], and notify only at 120000 (QOS-6, COAL-5).");
        notes(file);
        file.note("Drain", "BASIC", "the test empties the bucket with a packet switched to context 1, which posted no RX buffer: it pays like "
                + "any packet that leaves (chapter 09, section 4), and only counters show it", "a device that does not charge switched packets "
                + "lets a guest flood its neighbours at any rate");
        file.group("context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535; context 1 untagged "
                                + "(02:00:00:00:00:02) with no RX buffer, the sink; rings on pages 1 to 4; then the host sets VEB",
                        () -> new TimedBench(Bench.start(new Bench.Member(0, 0, Bench.shape(UNTAGGED, A).txRate(QosVectors.RATE).build()),
                                Bench.member(1, UNTAGGED, 0, B)).in(SwitchMode.VEB)))
                .requiring(Profile.QOS.id(), PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.rate-limited-deadline", "the TX resumption at 60000 ns comes before the TX decision at "
                                + "60000 ns", "QOS-6", "COAL-5", "COAL-4").flags("Drain", "Deadline"),
                        t -> {
                            require(QosVectors.RATE.equals(new TxRate(1000, 1_000_000, 65_535)), "one byte per microsecond");
                            coalesce(t, 0, Queue.TX, new Coalescing(4, 60_000), quiet());
                            rspEvent(t, 0, Queue.TX, 18);
                            t.publish(0, t.drain("the drain", 0, 1, 65_535), t.toWire("held", 0, 60, 1));
                            t.kick(0, nothing().sends(0, 1).startsWait(0).notifies());
                            t.advanceTo(59_999, quiet());
                            t.advanceTo(60_000, nothing().sends(0, 1).notifies(note(0, Queue.TX)));
                            t.advanceTo(200_000, quiet());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
