package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;
import static io.netchannel.conformance.vectors.generate.TimedBench.Outcome.nothing;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chapter 09 vectors (profile {@code qos}): the limits a device accepts and refuses (QOS-1,
 * QOS-2), the token bucket — full at the start, exact continuous accrual, the cap, the charge of a
 * packet and which packets pay (QOS-3, QOS-4) — a packet held on the ring and released inside
 * {@code advanceTo} at exactly its due time (QOS-5, QOS-6), the counter (QOS-7), limits changed at
 * run time, reset and destroy (QOS-8), and contexts that never wait for one another (QOS-9).
 *
 * <p>Every due time below is worked out by hand from the limit, in the test's comment and as a
 * constant, and the generator checks the model against it before the recording becomes a vector:
 * that nothing leaves one nanosecond before it, that the packet leaves in the advance step that
 * reaches it, and for every call which packets are answered, which frames leave in which order,
 * which counters move, and whose req_event is written ({@link TimedBench}).
 *
 * <p>Emptying a bucket takes at least 65535 bytes (the smallest burst). So that the files do not
 * carry 128 KiB of hex per test, most tests empty it with a "drain": one packet switched in VEB to
 * context 1, which posted no RX buffer — it pays like any packet that leaves (chapter 09, section
 * 4: switched packets pay too), and is observed as TX_FRAMES, TX_BYTES and context 1's
 * RX_DROP_NO_BUFFER. Xen's 64 KiB case ({@code qos/scenarios/xen-64k-packet}) puts its three
 * 65535-byte frames on the wire as chapter 09's worked example does.
 */
final class QosVectors {

    private static final String CHAPTER = "qos";
    private static final String PROFILE = Profile.QOS.id();

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    /** 1000 bytes every millisecond, burst 65535: one byte per microsecond, so s bytes take s x 1000 ns to earn. */
    static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    /** 2000 bytes every millisecond, burst 65535: two bytes per microsecond. */
    private static final TxRate DOUBLE = new TxRate(2000, 1_000_000, 65_535);
    /** 1000 bytes every millisecond, burst 131072. */
    private static final TxRate DEEP = new TxRate(1000, 1_000_000, 131_072);
    /** Context 1 in the benches: no RX buffer, so every copy switched to it is dropped, RX_DROP_NO_BUFFER. */
    private static final int SINK = 1;

    private QosVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(config(), bucket(), changes(), fairness(), xen64k(), rewritten());
    }

    // ------------------------------------------------------------------ benches

    private static Bench.Member limited(int id, VlanPolicy vlan, int buffers, TxRate rate, MacAddress mac) {
        return new Bench.Member(id, buffers, Bench.shape(vlan, mac).txRate(rate).build());
    }

    private static Bench.Member plain(int id, VlanPolicy vlan, int buffers, MacAddress mac) {
        return Bench.member(id, vlan, buffers, mac);
    }

    /** The host updates {@code ctx} to {@code rate}, keeping the rest of its configuration. */
    private static ControlRequest rate(Bench bench, int ctx, TxRate rate) {
        return new ControlRequest.UpdateContext(ctx, bench.configs.get(ctx).toBuilder().txRate(rate).build());
    }

    /** The host's update of {@code ctx} to {@code rate}, answered ok. */
    private static Runnable update(TimedBench t, int ctx, TxRate rate) {
        return () -> control(t.bench, Caller.HOST, rate(t.bench, ctx, rate), "Ok");
    }

    private static final String VEB_BENCH = "context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535 (one byte "
            + "per microsecond); context 1 untagged (02:00:00:00:00:02) with no RX buffer, the sink of the drains; context 2 untagged "
            + "(02:00:00:00:00:03) with two RX buffers (pages 120, 121, filled with 0xee); rings on pages 1 to 6; then the host sets VEB. "
            + "Frames go to 02:00:00:00:00:99 unless a test says otherwise";

    private static TimedBench vebBench() {
        return new TimedBench(Bench.start(limited(0, UNTAGGED, 0, RATE, A), plain(SINK, UNTAGGED, 0, B), plain(2, UNTAGGED, 2, C)).in(SwitchMode.VEB));
    }

    private static void notes(FileBuilder file) {
        file.note("Drain", "BASIC", "the test empties the bucket with a packet switched to context 1, which posted no RX buffer: it pays like "
                + "any packet that leaves (chapter 09, section 4), and only counters show it", "a device that does not charge switched packets "
                + "lets a guest flood its neighbours at any rate");
        file.note("DueTime", "BASIC", "advanceTo one nanosecond before the due time chapter 09 computes releases nothing, advanceTo to it releases "
                + "the packet, its response, its notification and the req_event write in that step (QOS-6)", "devices release the same packet "
                + "in different calls, so a guest's timing depends on the device");
        file.note("HeldOnRing", "BASIC", "a packet that does not conform stays on the ring: no response, no frame, no req_event write, and the "
                + "packets behind it wait too (QOS-5)", "a device drops, reorders or answers a shaped packet, or makes the guest kick for nothing");
        file.note("Refused", "EDGE_CASE", "a packet answered DROPPED or ERROR, or a multicast-control request, on a limited context (QOS-4)",
                "a device charges traffic that never left, so a guest's refused packets slow its real ones");
        file.note("LongIdle", "EDGE_CASE", "the context was idle far longer than it takes to fill the bucket (QOS-3)", "credit beyond the burst "
                + "lets a guest that was quiet send an unbounded burst");
        file.note("AccessTag", "EDGE_CASE", "an Access context: the device inserts a 4-byte tag, which is not charged (chapter 09, section 4)",
                "devices disagree on when a tagged packet may leave");
        file.note("LimitChange", "BASIC", "the host changes the limit while the context holds credit or waits (QOS-8)", "a new limit applies "
                + "late, or wipes out or inflates the credit");
        file.note("Reset", "EDGE_CASE", "reset or destroy of a context whose bucket holds a wait (QOS-8)", "a reset refills the bucket, or a "
                + "stale wait releases a packet the host reset");
        file.note("Fairness", "ISOLATION_BREACH", "two or more contexts, one of them waiting (QOS-9)", "one guest's shaping delays another's "
                + "traffic");
        file.note("Switched", "BASIC", "the held packet is for another context in VEB: the rate limit comes before switching (CTX-8)",
                "a held packet reaches a neighbour before it is paid for");
        file.note("Rewritten", "EDGE_CASE", "the guest rewrites a held packet's request before it is released: the device reads it again (QOS-6)",
                "a device acts on a stale copy of a request it never consumed");
    }

    // ------------------------------------------------------------------ qos/rate-config.yaml

    /** Context 1's configuration with {@code rate}, its rings on the pages its guest set up. */
    private static ContextConfig withRate(Bench bench, int ctx, TxRate rate) {
        GuestDriver guest = bench.harness.guest(ctx);
        return ContextConfig.builder().mac(B).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).txRate(rate).build();
    }

    private static Consumer<Bench> create(TxRate rate, String expected) {
        return b -> {
            control(b, Caller.HOST, new ControlRequest.CreateContext(1, withRate(b, 1, rate)), expected);
            require(b.harness.state(1) == (expected.equals("Ok") ? ContextState.ACTIVE : ContextState.ABSENT), "context 1 exists exactly when the create is ok");
        };
    }

    private static Bench configBench(DeviceProvider device) {
        Bench bench = Bench.start(device, plain(0, UNTAGGED, 0, A));
        bench.harness.guest(1);
        return bench;
    }

    private static VectorBundle.Entry config() {
        String id = CHAPTER + ".rate-config.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "rate-config",
                "The host's TX rate limit: create and update check it at step 4d of chapter 01, after the RX rules and before the ring grants; "
                        + "a device that claims qos accepts every limit in range (bytes 1 to 2^31-1, periodNanos 1 to 2^32-1, burst 65535 to "
                        + "2^31-1) and refuses every other with INVALID_CONFIG, changing nothing (QOS-2); a device that does not claim qos refuses "
                        + "any limit with NOT_SUPPORTED, first (QOS-1); a guest cannot set its own limit (PRIV-1).");
        file.note("Boundary", "EDGE_CASE", "a field at the edge of its range (QOS-2)", "a device refuses a legal limit or accepts one it cannot "
                + "enforce exactly");
        file.note("OutOfRange", "MALFORMED", "a field outside its range: zero, negative, or one past the largest value (QOS-2)", "a device "
                + "accepts a limit whose level overflows, or a burst too small for a 64 KiB packet, which then waits forever");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides", "two devices "
                + "give the same request different answers");
        file.note(VectorRunner.WITHOUT_QOS, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): the test expects a device that does not claim "
                + "qos, recorded from the reference model claiming every profile but qos; a device that claims qos skips it", "a device without "
                + "the profile accepts a limit it will not enforce");
        FileBuilder.GroupBuilder<Bench> g = file.group("context 0 untagged (02:00:00:00:00:01, rings 1 and 2, no limit); ring pages 3 and 4 "
                + "granted to context 1, which does not exist", () -> configBench(Generators.model())).requiring(PROFILE);
        g.test(Meta.valid(id + "create-xen-limit", "a create with TxRate.xen(20000, 20000): 20000 bytes / 20000000 ns, burst 131072, is accepted",
                        "QOS-2"), create(TxRate.xen(20_000, 20_000), "Ok"))
                .test(Meta.valid(id + "create-smallest-limit", "a create with bytes 1, periodNanos 1, burst 65535 is accepted", "QOS-2")
                        .flags("Boundary"), create(new TxRate(1, 1, TxRate.MIN_BURST), "Ok"))
                .test(Meta.valid(id + "create-largest-limit", "a create with bytes 2^31-1, periodNanos 2^32-1, burst 2^31-1 is accepted: the level "
                        + "still fits in 63 bits", "QOS-2").flags("Boundary"),
                        create(new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MAX_BURST), "Ok"))
                .test(Meta.valid(id + "create-bytes-above-burst", "a create with 200000 bytes per period and burst 65535 is accepted: the burst caps "
                        + "the balance, not the rate", "QOS-2"), create(new TxRate(200_000, 1_000_000, 65_535), "Ok"));
        Object[][] bad = {
            {"bytes-zero", "bytes 0", new TxRate(0, 1_000_000, 65_535)},
            {"bytes-negative", "bytes -1", new TxRate(-1, 1_000_000, 65_535)},
            {"bytes-2-31", "bytes 2^31", new TxRate(TxRate.MAX_BYTES + 1, 1_000_000, 65_535)},
            {"period-zero", "periodNanos 0", new TxRate(1000, 0, 65_535)},
            {"period-negative", "periodNanos -1", new TxRate(1000, -1, 65_535)},
            {"period-2-32", "periodNanos 2^32", new TxRate(1000, TxRate.MAX_PERIOD_NANOS + 1, 65_535)},
            {"burst-65534", "burst 65534, one below the largest packet", new TxRate(1000, 1_000_000, TxRate.MIN_BURST - 1)},
            {"burst-zero", "burst 0 with bytes and period set", new TxRate(1000, 1_000_000, 0)},
            {"burst-negative", "burst -1", new TxRate(1000, 1_000_000, -1)},
            {"burst-2-31", "burst 2^31", new TxRate(1000, 1_000_000, TxRate.MAX_BURST + 1)},
            {"only-burst", "bytes 0 and periodNanos 0 with burst 65535: not UNLIMITED, which is all three 0", new TxRate(0, 0, 65_535)},
        };
        for (Object[] c : bad) {
            g.test(Meta.invalid(id + "create-" + c[0], "a create with " + c[1] + " is refused INVALID_CONFIG and creates nothing",
                    rejected("INVALID_CONFIG"), "QOS-2", "PRIV-8").flags("OutOfRange"), create((TxRate) c[2], refused("INVALID_CONFIG")));
        }
        g.test(Meta.invalid(id + "update-burst-65534", "an update of context 0 with burst 65534 is refused INVALID_CONFIG", rejected("INVALID_CONFIG"),
                        "QOS-2", "PRIV-8").flags("OutOfRange"),
                        b -> control(b, Caller.HOST, rate(b, 0, new TxRate(1000, 1_000_000, TxRate.MIN_BURST - 1)), refused("INVALID_CONFIG")))
                .test(Meta.invalid(id + "update-period-2-32", "an update of context 0 with periodNanos 2^32 is refused INVALID_CONFIG",
                        rejected("INVALID_CONFIG"), "QOS-2", "PRIV-8").flags("OutOfRange"),
                        b -> control(b, Caller.HOST, rate(b, 0, new TxRate(1000, TxRate.MAX_PERIOD_NANOS + 1, 65_535)), refused("INVALID_CONFIG")))
                .test(Meta.valid(id + "update-sets-limit", "an update of context 0 with 1000 bytes / 1000000 ns, burst 65535 is accepted", "QOS-2"),
                        b -> control(b, Caller.HOST, rate(b, 0, RATE), "Ok"))
                .test(Meta.invalid(id + "guest-sets-its-limit", "guest 0 updates its own context with a valid limit: PRIVILEGE, the limit is the "
                        + "host's", rejected("PRIVILEGE"), "PRIV-1", "PRIV-2"),
                        b -> control(b, Caller.guest(0), rate(b, 0, RATE), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "guest-sets-invalid-limit", "guest 0 updates its own context with burst 0: PRIVILEGE comes before "
                        + "INVALID_CONFIG", rejected("PRIVILEGE"), "PRIV-2", "QOS-2").flags("OrderOfChecks", "OutOfRange"),
                        b -> control(b, Caller.guest(0), rate(b, 0, new TxRate(1000, 1_000_000, 0)), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "invalid-limit-before-ring-grants", "a create with periodNanos 0 and a read-only TX ring: INVALID_CONFIG, "
                                + "the limit check (step 4d) before the ring grants (step 5)", rejected("INVALID_CONFIG"), "QOS-2", "MEM-6")
                                .flags("OrderOfChecks", "OutOfRange"),
                        b -> {
                            int readOnly = b.harness.grantPage(1, Access.READ_ONLY);
                            ContextConfig config = ContextConfig.builder().mac(B).txRingGref(readOnly).rxRingGref(b.harness.guest(1).rxRing())
                                    .txRate(new TxRate(1000, 0, 65_535)).build();
                            control(b, Caller.HOST, new ControlRequest.CreateContext(1, config), refused("INVALID_CONFIG"));
                        })
                .done();

        String without = "the reference model claiming every profile but qos: ";
        file.group(without + "context 0 untagged (02:00:00:00:00:01, rings 1 and 2, no limit); ring pages 3 and 4 granted to context 1, which "
                                + "does not exist", () -> configBench(ReferenceClaiming.without(Profile.QOS)))
                .test(Meta.invalid(id + "create-limit-not-offered", "a device without qos refuses a create with a valid limit NOT_SUPPORTED and "
                                + "creates nothing; the same create without a limit is accepted", rejected("NOT_SUPPORTED"), "QOS-1")
                                .flags(VectorRunner.WITHOUT_QOS),
                        b -> {
                            create(RATE, refused("NOT_SUPPORTED")).accept(b);
                            create(TxRate.UNLIMITED, "Ok").accept(b);
                        })
                .test(Meta.invalid(id + "update-limit-not-offered", "a device without qos refuses an update of context 0 with the Xen limit "
                        + "NOT_SUPPORTED", rejected("NOT_SUPPORTED"), "QOS-1").flags(VectorRunner.WITHOUT_QOS),
                        b -> control(b, Caller.HOST, rate(b, 0, TxRate.xen(20_000, 20_000)), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "invalid-limit-not-offered", "a device without qos refuses a create with bytes 0 NOT_SUPPORTED: the profile "
                                + "check comes before the range check", rejected("NOT_SUPPORTED"), "QOS-1", "QOS-2")
                                .flags(VectorRunner.WITHOUT_QOS, "OrderOfChecks"),
                        create(new TxRate(0, 1_000_000, 65_535), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "guest-limit-not-offered", "on a device without qos, guest 0 setting a limit gets PRIVILEGE, before "
                                + "NOT_SUPPORTED", rejected("PRIVILEGE"), "PRIV-2", "QOS-1").flags(VectorRunner.WITHOUT_QOS, "OrderOfChecks"),
                        b -> control(b, Caller.guest(0), rate(b, 0, RATE), refused("PRIVILEGE")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ qos/bucket.yaml

    private static VectorBundle.Entry bucket() {
        String id = CHAPTER + ".bucket.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "bucket",
                "One limited context: the bucket starts full and caps at the burst, credit accrues continuously and exactly, a packet pays "
                        + "the size of its first request before it leaves and only if it leaves (QOS-3, QOS-4); a packet that does not conform "
                        + "stays on the ring, unanswered, the packets behind it with it, req_event unwritten (QOS-5); it leaves inside "
                        + "advanceTo at exactly its due time (QOS-6); TX_RATE_LIMITED counts each wait once (QOS-7). The limit comes before "
                        + "switching (CTX-8).");
        notes(file);
        FileBuilder.GroupBuilder<TimedBench> g = file.group(VEB_BENCH, QosVectors::vebBench).requiring(PROFILE);
        g.test(Meta.valid(id + "full-bucket-burst-at-once", "at time 0 a 65535-byte packet (the whole burst) leaves at once; the 60-byte packet "
                        + "behind it is held: no response, no frame, no req_event write, TX_RATE_LIMITED 1", "QOS-3", "QOS-5", "QOS-7")
                        .flags("Drain", "HeldOnRing"),
                t -> {
                    t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("a 60-byte packet", 0, 60, 1));
                    t.kick(0, nothing().sends(0, 1).startsWait(0));
                })
                .test(Meta.valid(id + "held-until-due-time", "the bucket empty at 0, a 60-byte packet is due at 60 x 1000 = 60000 ns: advanceTo(59999) "
                        + "releases nothing; advanceTo(60000) sends it, answers it, notifies and writes req_event, all in that step", "QOS-3", "QOS-5",
                        "QOS-6", "RING-9").flags("Drain", "DueTime", "HeldOnRing"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("a 60-byte packet", 0, 60, 2));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "packets-behind-held-wait", "two 60-byte packets behind the drain: the first is due at 60000 ns; at 60000 it "
                        + "leaves and the walk stops at the second, due at 120000, the wait continuing (no new count, no req_event write); at "
                        + "120000 the second leaves", "QOS-5", "QOS-6", "QOS-7").flags("Drain", "DueTime", "HeldOnRing"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("first", 0, 60, 3), t.toWire("second", 0, 60, 4));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(60_000, nothing().sends(0, 1).holds(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(119_999, nothing());
                            t.advanceTo(120_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "one-advance-releases-both", "two 60-byte packets behind the drain, then advanceTo(200000): the first leaves at "
                        + "its due time 60000, the second at 120000, both frames in that one step and in ring order", "QOS-6", "QOS-3")
                        .flags("Drain", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("first", 0, 60, 5), t.toWire("second", 0, 60, 6));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(200_000, nothing().sends(0, 2));
                        })
                .test(Meta.valid(id + "kick-while-held-changes-nothing", "a held 60-byte packet: the guest kicks at 30000 ns, then publishes one more "
                        + "packet and kicks again: nothing observable; at 60000 the first leaves and the walk stops at the new one (due 120000)",
                        "QOS-5", "RING-9", "QOS-7").flags("Drain", "HeldOnRing"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 7));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.advanceTo(30_000, nothing());
                            t.kick(0, nothing().holds(0));
                            t.publish(0, t.toWire("added", 0, 60, 8));
                            t.kick(0, nothing().holds(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(60_000, nothing().sends(0, 1).holds(0));
                        })
                .test(Meta.valid(id + "long-idle-capped-at-burst", "after 10 s idle (10000000 bytes earned uncapped) the bucket holds only the burst: "
                                + "of two 65535-byte packets one leaves at once and the other is due at 10000000000 + 65535000 ns", "QOS-3", "QOS-6")
                                .flags("Drain", "LongIdle", "DueTime"),
                        t -> {
                            t.advanceTo(10_000_000_000L, nothing());
                            t.publish(0, t.drain("first drain", 0, SINK, 65_535), t.drain("second drain", 0, SINK, 65_535));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(10_065_534_999L, nothing());
                            t.advanceTo(10_065_535_000L, nothing().sends(0, 1));
                        })
                .test(Meta.invalid(id + "refused-packets-take-no-credit", "after a 65475-byte drain 60 bytes of credit are left; a spoofed packet "
                                + "(DROPPED), a 13-byte runt (ERROR) and a multicast join take none of it and never wait, so a 60-byte packet still "
                                + "leaves at once; the next 60-byte packet is held", FileBuilder.error("packet"), "QOS-4", "QOS-5", "TXF-2", "DESC-8",
                                "DESC-15").flags("Drain", "Refused"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_475), t.spoofed("1000-byte spoofed", 0, 1000, 9), t.runt("runt", 0),
                                    t.multicastAdd("join", 0, GROUP), t.toWire("60 bytes, paid", 0, 60, 10), t.toWire("60 bytes, held", 0, 60, 11));
                            t.kick(0, nothing().sends(0, 5).startsWait(0));
                        })
                .test(Meta.invalid(id + "refused-packet-behind-held-waits", "a spoofed packet behind a held one is not judged until the walk reaches "
                                + "it: at 60000 ns the held packet leaves and the spoofed one is answered DROPPED, in that advance step",
                                FileBuilder.error("packet"), "QOS-5", "QOS-4", "TXF-2").flags("Drain", "Refused", "HeldOnRing", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 12), t.spoofed("spoofed", 0, 60, 13));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 2));
                        })
                .test(Meta.invalid(id + "ring-revoked-while-held", "the guest revokes its TX ring page while a packet is held: the resumption at "
                                + "60000 ns checks the ring grant as a kick would and fails the context (FATAL_ERRORS, FAILED), sending nothing and "
                                + "touching no page", FileBuilder.error("context"), "QOS-6", "MEM-10").flags("Drain", "HeldOnRing", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 17));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.advanceTo(30_000, nothing());
                            t.harness.revoke(t.harness.guest(0).txRing());
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().fails(0));
                            require(t.harness.state(0) == ContextState.FAILED, "the resumption fails the context (MEM-10)");
                        })
                .test(Meta.valid(id + "switched-only-when-released", "VEB: a 60-byte unicast to context 2 is held behind the drain; context 2 gets "
                                + "nothing until advanceTo(60000), when the copy lands in its buffer with its RX notification, and nothing goes to "
                                + "the wire", "QOS-5", "QOS-4", "CTX-8", "CTX-6").flags("Drain", "Switched", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toContext("to context 2", 0, 2, 60, 14));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .done();

        file.group("context 0 Access(10) (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535; context 1 Access(10) "
                                + "(02:00:00:00:00:02) with no RX buffer, the sink; rings on pages 1 to 4; then the host sets VEB",
                        () -> new TimedBench(Bench.start(limited(0, access(10), 0, RATE, A), plain(SINK, access(10), 0, B)).in(SwitchMode.VEB)))
                .requiring(PROFILE)
                .test(Meta.valid(id + "access-tag-not-charged", "after a 65475-byte drain 60 bytes of credit are left: a 60-byte packet leaves at "
                                + "once as 64 bytes on the wire, since the tag is not charged; the next 60-byte packet is held", "QOS-4", "TXF-4")
                                .flags("Drain", "AccessTag"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_475), t.toWire("paid", 0, 60, 15), t.toWire("held", 0, 60, 16));
                            t.kick(0, nothing().sends(0, 2).startsWait(0));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ qos/limit-changes.yaml

    private static VectorBundle.Entry changes() {
        String id = CHAPTER + ".limit-changes.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "limit-changes",
                "Changing the limit at run time (QOS-8): the same limit leaves bucket and wait alone; a new limit starts full; another "
                        + "limit carries the credit in whole bytes, capped at the new burst; no limit removes the bucket; a waiting context is "
                        + "re-evaluated in the update call itself; a reset keeps the bucket and ends the wait; a destroyed context's next "
                        + "create starts full.");
        notes(file);
        FileBuilder.GroupBuilder<TimedBench> g = file.group(VEB_BENCH, QosVectors::vebBench).requiring(PROFILE);
        g.test(Meta.valid(id + "unlimited-releases-in-the-update", "two 60-byte packets wait behind the drain; at 10000 ns the host removes the "
                        + "limit: both leave in the update call, with their responses, notification and req_event write; advanceTo(60000) then "
                        + "does nothing", "QOS-8", "QOS-5").flags("Drain", "LimitChange"),
                t -> {
                    t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("first", 0, 60, 20), t.toWire("second", 0, 60, 21));
                    t.kick(0, nothing().sends(0, 1).startsWait(0));
                    t.consume(0, Queue.TX);
                    t.advanceTo(10_000, nothing());
                    t.call("update to UNLIMITED", update(t, 0, TxRate.UNLIMITED), nothing().sends(0, 2));
                    t.advanceTo(60_000, nothing());
                })
                .test(Meta.valid(id + "same-limit-changes-nothing", "a packet held, due at 60000 ns; at 30000 the host updates context 0 with the "
                        + "same limit: nothing happens, and the packet still leaves at exactly 60000", "QOS-8", "QOS-6")
                        .flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 22));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(30_000, nothing());
                            t.call("update with the same limit", update(t, 0, RATE), nothing().holds(0));
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "same-limit-new-mac-keeps-bucket", "a packet held, due at 60000 ns; at 30000 the host adds a second MAC and "
                        + "keeps the limit: the bucket and the wait stay, the packet leaves at 60000", "QOS-8", "QOS-6")
                        .flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 23));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(30_000, nothing());
                            ContextConfig now = t.bench.configs.get(0);
                            t.call("update adding a MAC", () -> control(t.bench, Caller.HOST, new ControlRequest.UpdateContext(0, now.toBuilder()
                                    .macs(List.of(A, MacAddress.parse("02:00:00:00:00:11"))).build()), "Ok"), nothing().holds(0));
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "new-limit-carries-whole-bytes", "empty at 0, the bucket holds 30.5 bytes at 30500 ns; the host then doubles "
                        + "the rate (2000 bytes / 1000000 ns): the credit carried is floor(30.5) = 30 bytes, so the held 60-byte packet needs 30 "
                        + "more at two bytes per microsecond and is due at 30500 + 15000 = 45500 ns, not 45250", "QOS-8", "QOS-6", "QOS-7")
                        .flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 24));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(30_500, nothing());
                            t.call("update to 2000 bytes / 1000000 ns", update(t, 0, DOUBLE), nothing().holds(0));
                            t.advanceTo(45_499, nothing());
                            t.advanceTo(45_500, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "unlimited-to-limited-starts-full", "context 2 has no limit; at 1000 ns the host gives it 1000 bytes / "
                        + "1000000 ns, burst 65535: the bucket starts full, so a 65535-byte packet leaves at once and the 60-byte one behind it is "
                        + "due at 1000 + 60000 = 61000 ns", "QOS-8", "QOS-3").flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.advanceTo(1_000, nothing());
                            t.call("update context 2 to a limit", update(t, 2, RATE), nothing());
                            t.publish(2, t.drain("the drain", 2, SINK, 65_535), t.toWire("held", 2, 60, 25));
                            t.kick(2, nothing().sends(2, 1).startsWait(2));
                            t.consume(2, Queue.TX);
                            t.advanceTo(60_999, nothing());
                            t.advanceTo(61_000, nothing().sends(2, 1));
                        })
                .test(Meta.valid(id + "new-limit-capped-at-new-burst", "context 2 gets burst 131072 (full), then at once burst 65535: the credit "
                        + "carried is min(131072, 65535) bytes, so a 65535-byte packet leaves and the 60-byte one behind it is held until 60000 ns",
                        "QOS-8").flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.call("update context 2 to burst 131072", update(t, 2, DEEP), nothing());
                            t.call("update context 2 to burst 65535", update(t, 2, RATE), nothing());
                            t.publish(2, t.drain("the drain", 2, SINK, 65_535), t.toWire("held", 2, 60, 26));
                            t.kick(2, nothing().sends(2, 1).startsWait(2));
                            t.consume(2, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(2, 1));
                        })
                .test(Meta.valid(id + "limit-removed-then-restored-starts-full", "a packet held; the host removes the limit (it leaves in the "
                        + "update) and at 10000 ns sets it again: the bucket starts full, so 65535 bytes leave at once and the next 60-byte packet "
                        + "is due at 70000 ns, a new wait counted again", "QOS-8", "QOS-7").flags("Drain", "LimitChange", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 27));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.call("update to UNLIMITED", update(t, 0, TxRate.UNLIMITED), nothing().sends(0, 1));
                            t.consume(0, Queue.TX);
                            t.advanceTo(10_000, nothing());
                            t.call("update back to the limit", update(t, 0, RATE), nothing());
                            t.publish(0, t.drain("second drain", 0, SINK, 65_535), t.toWire("held again", 0, 60, 28));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(69_999, nothing());
                            t.advanceTo(70_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "reset-ends-the-wait", "a packet held, due at 60000 ns; the host resets context 0 at 20000: no resumption "
                        + "follows, so advanceTo(70000) does nothing; the guest's kick at 70000 walks the ring again and the packet leaves", "QOS-8",
                        "QOS-6", "RING-14").flags("Drain", "Reset"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 29));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(20_000, nothing());
                            t.call("reset context 0", () -> control(t.bench, Caller.HOST, new ControlRequest.ResetContext(0), "Ok"),
                                    nothing().attaches(0));
                            t.advanceTo(70_000, nothing());
                            t.kick(0, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "reset-keeps-the-level", "a packet held, due at 60000 ns; the host resets context 0 at 20000 and the guest "
                        + "kicks at 30000: the bucket kept its level (30 bytes), so the packet is held again, a new wait counted, and leaves at "
                        + "60000", "QOS-8", "QOS-7", "QOS-6").flags("Drain", "Reset", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 30));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(20_000, nothing());
                            t.call("reset context 0", () -> control(t.bench, Caller.HOST, new ControlRequest.ResetContext(0), "Ok"),
                                    nothing().attaches(0));
                            t.advanceTo(30_000, nothing());
                            t.kick(0, nothing().startsWait(0));
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "destroy-then-create-starts-full", "a packet held; the host destroys context 0 at 10000 ns (advanceTo(60000) "
                        + "then does nothing) and creates it again at 60000 with the same limit: the new bucket is full, so the packet still on the "
                        + "ring and a 65475-byte one after it, 65535 bytes in all, leave at the next kick", "QOS-8", "QOS-3").flags("Drain", "Reset"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 31));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(10_000, nothing());
                            ContextConfig config = t.bench.configs.get(0);
                            t.call("destroy context 0", () -> control(t.bench, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok"),
                                    nothing().attaches(0));
                            t.advanceTo(60_000, nothing());
                            t.call("create context 0 again", () -> control(t.bench, Caller.HOST, new ControlRequest.CreateContext(0, config), "Ok"),
                                    nothing().attaches(0));
                            t.publish(0, t.drain("second drain", 0, SINK, 65_475));
                            t.kick(0, nothing().sends(0, 2));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ qos/fairness.yaml

    private static VectorBundle.Entry fairness() {
        String id = CHAPTER + ".fairness.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "fairness",
                "Several contexts: each bucket and wait is its own (QOS-9); one advanceTo releases the waiting contexts in order of due time, "
                        + "and at equal due times in order of context id (QOS-6); a context without a limit sends during its own kick whatever "
                        + "the others wait for.");
        notes(file);
        file.group("contexts 0 and 2 untagged (02:00:00:00:00:01, 02:00:00:00:00:03), each with TX rate 1000 bytes / 1000000 ns, burst 65535; "
                                + "context 1 untagged (02:00:00:00:00:02) with no RX buffer, the sink; context 3 untagged (02:00:00:00:00:04) with no "
                                + "limit; rings on pages 1 to 8; then the host sets VEB",
                        () -> new TimedBench(Bench.start(limited(0, UNTAGGED, 0, RATE, A), plain(SINK, UNTAGGED, 0, B), limited(2, UNTAGGED, 0, RATE, C),
                                plain(3, UNTAGGED, 0, D)).in(SwitchMode.VEB)))
                .requiring(PROFILE)
                .test(Meta.valid(id + "unlimited-not-delayed", "context 0 waits (due at 60000 ns); at 10000 context 3, without a limit, sends three "
                                + "60-byte packets: all leave during its kick; context 0's leaves at 60000", "QOS-9", "QOS-6").flags("Drain", "Fairness"),
                        t -> {
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), t.toWire("held", 0, 60, 40));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(10_000, nothing());
                            t.publish(3, t.toWire("one", 3, 60, 41), t.toWire("two", 3, 60, 42), t.toWire("three", 3, 60, 43));
                            t.kick(3, nothing().sends(3, 3));
                            t.advanceTo(60_000, nothing().sends(0, 1));
                        })
                .test(Meta.valid(id + "due-time-order", "context 0 holds a 60-byte packet (due at 60000 ns), context 2 a 40-byte one (due at 40000): "
                                + "advanceTo(100000) sends context 2's frame first, then context 0's", "QOS-6", "QOS-9").flags("Drain", "Fairness", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("drain 0", 0, SINK, 65_535), t.toWire("60 bytes", 0, 60, 44));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.publish(2, t.drain("drain 2", 2, SINK, 65_535), t.toWire("40 bytes", 2, 40, 45));
                            t.kick(2, nothing().sends(2, 1).startsWait(2));
                            t.consume(0, Queue.TX);
                            t.consume(2, Queue.TX);
                            t.advanceTo(100_000, nothing().sends(2, 1).sends(0, 1));
                        })
                .test(Meta.valid(id + "equal-due-times-context-order", "context 2 is held first, then context 0, both due at 60000 ns: "
                                + "advanceTo(60000) sends context 0's frame first, then context 2's", "QOS-6", "QOS-9").flags("Drain", "Fairness", "DueTime"),
                        t -> {
                            t.publish(2, t.drain("drain 2", 2, SINK, 65_535), t.toWire("context 2's", 2, 60, 46));
                            t.kick(2, nothing().sends(2, 1).startsWait(2));
                            t.publish(0, t.drain("drain 0", 0, SINK, 65_535), t.toWire("context 0's", 0, 60, 47));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.consume(2, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, 1).sends(2, 1));
                        })
                .test(Meta.valid(id + "long-wait-holds-no-one", "context 0 holds a 1000-byte packet (due at 1000000 ns), context 2 a 60-byte one "
                                + "(due at 60000): advanceTo(60000) releases context 2's only, advanceTo(1000000) context 0's", "QOS-9", "QOS-6")
                                .flags("Drain", "Fairness", "DueTime"),
                        t -> {
                            t.publish(0, t.drain("drain 0", 0, SINK, 65_535), t.toWire("1000 bytes", 0, 1000, 48));
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.publish(2, t.drain("drain 2", 2, SINK, 65_535), t.toWire("60 bytes", 2, 60, 49));
                            t.kick(2, nothing().sends(2, 1).startsWait(2));
                            t.consume(0, Queue.TX);
                            t.consume(2, Queue.TX);
                            t.advanceTo(60_000, nothing().sends(2, 1));
                            t.advanceTo(999_999, nothing());
                            t.advanceTo(1_000_000, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ qos/scenarios/xen-64k-packet.yaml

    private static VectorBundle.Entry xen64k() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "xen-64k-packet",
                "Chapter 09's worked example (section 4.1): Xen's limit TxRate.xen(20000, 20000) — 20000 bytes every 20000000 ns, burst "
                        + "131072 — and three 65535-byte packets at time 0. Two leave at once, leaving 2 bytes of credit; the third, far larger "
                        + "than a period's credit, is held (never dropped) until ceil((65535 - 2) x 20000000 / 20000) = 65533000 ns, and leaves "
                        + "exactly then.");
        notes(file);
        file.note("BigPacket", "EDGE_CASE", "a 64 KiB packet under a credit smaller than it (QOS-5)", "a device drops a large packet it cannot pay "
                + "for at once, or lets it through early");
        file.group("context 0 untagged (02:00:00:00:00:01) with TX rate 20000 bytes / 20000000 ns, burst 131072 (TxRate.xen(20000, 20000)); "
                                + "rings on pages 1 and 2; the device in its initial mode, VEPA",
                        () -> new TimedBench(Bench.start(limited(0, UNTAGGED, 0, TxRate.xen(20_000, 20_000), A))))
                .requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.xen-64k-packet", "three 65535-byte packets: two leave at 0, the third at exactly 65533000 ns",
                                "QOS-3", "QOS-5", "QOS-6", "QOS-7").flags("BigPacket", "DueTime", "HeldOnRing"),
                        t -> {
                            t.publish(0, t.big("packet 1", 0, TimedBench.PEER, -1, true, 65_535), t.big("packet 2", 0, TimedBench.PEER, -1, true, 65_535),
                                    t.big("packet 3", 0, TimedBench.PEER, -1, true, 65_535));
                            t.kick(0, nothing().sends(0, 2).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(65_532_999, nothing());
                            t.advanceTo(65_533_000, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ qos/scenarios/held-packet-rewritten.yaml

    private static VectorBundle.Entry rewritten() {
        FileBuilder file = FileBuilder.scenario(CHAPTER, "held-packet-rewritten",
                "A held packet is never consumed, so the device reads its requests again when it resumes (QOS-6, chapter 09 section 5): the "
                        + "guest rewrites the held 60-byte request to 100 bytes before its due time; at 60000 ns the device reads 100 bytes, "
                        + "which do not conform yet (60 bytes of credit), stops again without a new count, and sends the 100-byte frame at "
                        + "60000 + 40000 = 100000 ns.");
        notes(file);
        file.group(VEB_BENCH, QosVectors::vebBench)
                .requiring(PROFILE)
                .test(Meta.valid(CHAPTER + ".scenarios.held-packet-rewritten", "a held request rewritten from 60 to 100 bytes is read again: "
                                + "it leaves at 100000 ns as 100 bytes", "QOS-6", "QOS-5", "QOS-7").flags("Drain", "Rewritten", "DueTime"),
                        t -> {
                            TimedBench.Packet sixty = t.toWire("60 of 100 bytes", 0, 100, 50);
                            TxSlot.Data first = (TxSlot.Data) sixty.slots().get(0);
                            TimedBench.Packet held = new TimedBench.Packet("60 bytes", List.of(first.withSize(60)),
                                    java.util.Arrays.copyOf(sixty.frame(), 60), TimedBench.Fate.LEAVES, -1, true);
                            t.publish(0, t.drain("the drain", 0, SINK, 65_535), held);
                            t.kick(0, nothing().sends(0, 1).startsWait(0));
                            t.consume(0, Queue.TX);
                            t.advanceTo(30_000, nothing());
                            GuestDriver guest = t.harness.guest(0);
                            int index = guest.txReqProdPvt() - 1;
                            guest.writeTxEntry(index, first);
                            require(guest.header(Queue.TX, SharedRingLayout.RSP_PROD) == index, "the rewritten request is the held one");
                            t.rewritten(0, sixty);
                            t.advanceTo(60_000, nothing().holds(0));
                            t.advanceTo(99_999, nothing());
                            t.advanceTo(100_000, nothing().sends(0, 1));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
