package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;
import static io.netchannel.conformance.vectors.generate.OffloadBench.Want.nothing;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chapter 11 vectors (profiles {@code checksum}, {@code tso} and {@code lro}): the guest's receive
 * offloads and who may set them (OFF-1, OFF-2), here; TX and RX checksum offload
 * ({@link ChecksumVectors}), TCP segmentation ({@link TsoVectors}) and large receive offload
 * ({@link LroVectors}).
 *
 * <p>Every checksum, segment and merged frame these vectors expect is computed by {@link Inet},
 * the generator's own reading of chapter 11, and the generator refuses to write a vector when the
 * model's frames, responses, flags or counters differ from it ({@link OffloadBench}).
 */
final class OffloadVectors {

    static final String CHAPTER = "offload";
    static final String CHECKSUM = Profile.CHECKSUM.id();
    static final String TSO = Profile.TSO.id();
    static final String LRO = Profile.LRO.id();

    static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");

    private OffloadVectors() {
    }

    static List<VectorBundle.Entry> files() {
        List<VectorBundle.Entry> files = new ArrayList<>();
        files.add(config());
        files.addAll(ChecksumVectors.files());
        files.addAll(TsoVectors.files());
        files.addAll(LroVectors.files());
        return files;
    }

    /** The reserved flags of chapter 11 (spec 05, section 3.1), declared in every file that uses them. */
    static void notOfferedNotes(FileBuilder file) {
        file.note(VectorRunner.WITHOUT_CHECKSUM, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): the test expects a device that does not "
                + "claim checksum, and so (OFF-1) neither tso nor lro; recorded from the reference model claiming every other profile it implements; a "
                + "device that claims checksum skips it", "a device without the profile accepts an offload it does not perform, or alters frames "
                + "for a flag it does not implement");
        file.note(VectorRunner.WITHOUT_LRO, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): the test expects a device that does not claim "
                + "lro; recorded from the reference model claiming every other profile it implements; a device that claims lro skips it",
                "a guest believes LRO is on when the device never merges, or the other way round");
    }

    // ------------------------------------------------------------------ offload/offload-config.yaml

    private static Bench configBench(DeviceProvider device) {
        return Bench.start(device, Bench.member(0, UNTAGGED, 2, A), Bench.member(1, UNTAGGED, 0, B));
    }

    private static GuestConfig with(Offloads offloads) {
        return GuestConfig.DEFAULT.withOffloads(offloads);
    }

    /** Guest {@code ctx} sets its offloads to {@code offloads}, answered {@code expected}. */
    private static Consumer<Bench> set(int ctx, Offloads offloads, String expected) {
        return b -> control(b, Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, with(offloads)), expected);
    }

    private static VectorBundle.Entry config() {
        String id = CHAPTER + ".offload-config.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "offload-config",
                "The guest's receive offloads: set-guest-config checks them at step 7 of chapter 01, after the coalescing of step 6; a device "
                        + "that claims checksum accepts rxChecksum true, one that claims lro accepts lroFlushNanos 1 to 1000000000 (0 is LRO off), and "
                        + "a delay outside 0 to 1000000000 is refused INVALID_CONFIG, changing nothing (OFF-2, PRIV-8); a device that does not claim "
                        + "checksum refuses rxChecksum true, and one that does not claim lro refuses any delay but 0, with NOT_SUPPORTED, before the "
                        + "range check (OFF-1); the host or the context's own guest may set them (PRIV-3).");
        file.note("Boundary", "EDGE_CASE", "a delay at the edge of its range (OFF-2)", "a device refuses a legal delay or accepts one it cannot keep");
        file.note("OutOfRange", "MALFORMED", "a delay outside 0 to 1000000000 (OFF-2)", "a held segment waits without bound");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides", "two devices "
                + "give the same request different answers");
        notOfferedNotes(file);
        FileBuilder.GroupBuilder<Bench> g = file.group("context 0 untagged (02:00:00:00:00:01) with two RX buffers (pages 100 and 101, filled with "
                + "0xee), context 1 untagged (02:00:00:00:00:02) without buffers; rings on pages 1 to 4", () -> configBench(Generators.model()))
                .requiring(CHECKSUM, LRO);
        g.test(Meta.valid(id + "rx-checksum-accepted", "guest 0 sets rxChecksum true, LRO off: accepted", "OFF-1"), set(0, new Offloads(true, 0), "Ok"))
                .test(Meta.valid(id + "lro-accepted", "guest 0 sets lroFlushNanos 200000: accepted", "OFF-1", "OFF-2"),
                        set(0, new Offloads(false, 200_000), "Ok"))
                .test(Meta.valid(id + "both-accepted", "guest 0 sets rxChecksum true and lroFlushNanos 200000: accepted", "OFF-1", "OFF-2"),
                        set(0, new Offloads(true, 200_000), "Ok"))
                .test(Meta.valid(id + "lro-one-nanosecond", "lroFlushNanos 1, the shortest delay: accepted", "OFF-2").flags("Boundary"),
                        set(0, new Offloads(false, 1), "Ok"))
                .test(Meta.valid(id + "lro-one-second", "lroFlushNanos 1000000000, the longest delay: accepted", "OFF-2").flags("Boundary"),
                        set(0, new Offloads(true, Offloads.MAX_LRO_FLUSH_NANOS), "Ok"))
                .test(Meta.valid(id + "lro-off-again", "LRO on, then lroFlushNanos 0 again: both accepted", "OFF-2"), b -> {
                    set(0, new Offloads(false, 100_000), "Ok").accept(b);
                    set(0, Offloads.NONE, "Ok").accept(b);
                })
                .test(Meta.valid(id + "host-sets-offloads", "the host sets context 0's offloads: accepted (PRIV-3)", "PRIV-3", "OFF-1"),
                        b -> control(b, Caller.HOST, new ControlRequest.SetGuestConfig(0, with(new Offloads(true, 50_000))), "Ok"));
        Object[][] bad = {
            {"lro-negative", "lroFlushNanos -1", -1L},
            {"lro-one-second-and-one", "lroFlushNanos 1000000001", Offloads.MAX_LRO_FLUSH_NANOS + 1},
            {"lro-long-min", "lroFlushNanos -2^63", Long.MIN_VALUE},
            {"lro-long-max", "lroFlushNanos 2^63-1", Long.MAX_VALUE},
        };
        for (Object[] c : bad) {
            g.test(Meta.invalid(id + c[0], "guest 0 sets " + c[1] + ": INVALID_CONFIG", rejected("INVALID_CONFIG"), "OFF-2", "PRIV-8")
                    .flags("OutOfRange"), set(0, new Offloads(true, (Long) c[2]), refused("INVALID_CONFIG")));
        }
        g.test(Meta.invalid(id + "refused-changes-nothing", "guest 0 enables rxChecksum, then asks for lroFlushNanos 2000000000 (refused): a TCP "
                                + "frame that verifies still arrives marked NETRXF_data_validated", rejected("INVALID_CONFIG"), "OFF-2", "PRIV-8", "CSUM-5")
                                .flags("OutOfRange"),
                        b -> {
                            set(0, new Offloads(true, 0), "Ok").accept(b);
                            OffloadBench t = new OffloadBench(b);
                            t.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, with(new Offloads(false, 2_000_000_000L))),
                                    refused("INVALID_CONFIG"), nothing());
                            byte[] frame = ChecksumVectors.tcpTo(A, Inet.Net.IPV4, 40, 1);
                            t.wire(frame, nothing().delivers(0, frame, true));
                        })
                .test(Meta.invalid(id + "other-guest-refused", "guest 1 sets context 0's offloads: PRIVILEGE", rejected("PRIVILEGE"), "PRIV-3"),
                        b -> control(b, Caller.guest(1), new ControlRequest.SetGuestConfig(0, with(new Offloads(true, 0))), refused("PRIVILEGE")))
                .test(Meta.invalid(id + "promiscuous-before-offloads", "guest 0 asks for promiscuous mode (not allowed) and lroFlushNanos -1: "
                                + "PRIVILEGE, step 4 before step 7", rejected("PRIVILEGE"), "PRIV-4", "OFF-2").flags("OrderOfChecks", "OutOfRange"),
                        b -> control(b, Caller.guest(0), new ControlRequest.SetGuestConfig(0, with(new Offloads(false, -1)).withPromiscuous(true)),
                                refused("PRIVILEGE")))
                .done();

        String withoutLro = "the reference model claiming every profile but lro: ";
        file.group(withoutLro + "context 0 untagged (02:00:00:00:00:01) with two RX buffers (pages 100 and 101), context 1 untagged "
                                + "(02:00:00:00:00:02); rings on pages 1 to 4", () -> configBench(ReferenceClaiming.without(Profile.LRO)))
                .test(Meta.invalid(id + "lro-not-offered", "a device without lro refuses lroFlushNanos 100000 NOT_SUPPORTED; lroFlushNanos 0 is "
                                + "accepted", rejected("NOT_SUPPORTED"), "OFF-1", "LRO-1").flags(VectorRunner.WITHOUT_LRO),
                        b -> {
                            set(0, new Offloads(false, 100_000), refused("NOT_SUPPORTED")).accept(b);
                            set(0, Offloads.NONE, "Ok").accept(b);
                        })
                .test(Meta.invalid(id + "lro-shortest-not-offered", "a device without lro refuses lroFlushNanos 1 NOT_SUPPORTED", rejected("NOT_SUPPORTED"),
                        "OFF-1").flags(VectorRunner.WITHOUT_LRO), set(0, new Offloads(false, 1), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "lro-out-of-range-not-offered", "a device without lro refuses lroFlushNanos -1 NOT_SUPPORTED: the profile check "
                                + "comes before the range check", rejected("NOT_SUPPORTED"), "OFF-1", "OFF-2")
                                .flags(VectorRunner.WITHOUT_LRO, "OrderOfChecks", "OutOfRange"),
                        set(0, new Offloads(false, -1), refused("NOT_SUPPORTED")))
                .done();

        String withoutChecksum = "the reference model claiming every profile but checksum, tso and lro (OFF-1): ";
        file.group(withoutChecksum + "context 0 untagged (02:00:00:00:00:01) with two RX buffers (pages 100 and 101), context 1 untagged "
                                + "(02:00:00:00:00:02); rings on pages 1 to 4", () -> configBench(ReferenceClaiming.without(Profile.CHECKSUM)))
                .test(Meta.invalid(id + "rx-checksum-not-offered", "a device without checksum refuses rxChecksum true NOT_SUPPORTED; the default is "
                                + "accepted", rejected("NOT_SUPPORTED"), "OFF-1", "CSUM-6").flags(VectorRunner.WITHOUT_CHECKSUM),
                        b -> {
                            set(0, new Offloads(true, 0), refused("NOT_SUPPORTED")).accept(b);
                            set(0, Offloads.NONE, "Ok").accept(b);
                        })
                .test(Meta.invalid(id + "lro-without-checksum-not-offered", "a device without checksum has no lro either (OFF-1): lroFlushNanos "
                                + "100000 is refused NOT_SUPPORTED", rejected("NOT_SUPPORTED"), "OFF-1").flags(VectorRunner.WITHOUT_CHECKSUM),
                        set(0, new Offloads(false, 100_000), refused("NOT_SUPPORTED")))
                .test(Meta.invalid(id + "not-offered-refusal-changes-nothing", "a device without checksum refuses rxChecksum true with lroFlushNanos "
                                + "100000; a TCP frame that verifies then arrives unmarked, as chapter 04 delivers it", rejected("NOT_SUPPORTED"), "OFF-1",
                                "PRIV-8", "CSUM-6").flags(VectorRunner.WITHOUT_CHECKSUM),
                        b -> {
                            set(0, new Offloads(true, 100_000), refused("NOT_SUPPORTED")).accept(b);
                            OffloadBench t = new OffloadBench(b);
                            byte[] frame = ChecksumVectors.tcpTo(A, Inet.Net.IPV4, 40, 2);
                            t.wire(frame, nothing().delivers(0, frame, false));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
