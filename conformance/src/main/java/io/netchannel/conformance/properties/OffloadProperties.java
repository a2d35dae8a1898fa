package io.netchannel.conformance.properties;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.TxSlot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 11, profiles {@code checksum}, {@code tso} and {@code lro}: TX checksum completion and
 * RX checksum marking (CSUM-1 to CSUM-6), the parse line (OFF-3), segmentation (TSO-1 to TSO-5),
 * large receive offload (LRO-1 to LRO-8) and the guest's offload settings (OFF-1, OFF-2).
 *
 * <p>Expected bytes come from {@link OffloadOracle} and {@link LroOracle}, the suite's own reading
 * of the chapter with its own RFC 1071 sum; beside them the properties check the laws the chapter
 * states without an oracle: a completed frame differs from the queued one in its two checksum
 * bytes only and verifies; TSO segments concatenate to the super-frame's payload, each at most MSS
 * bytes, each a valid frame whose IP ID, sequence number and flags step as TSO-3 and TSO-4 say;
 * LRO of a TSO send gives the super-frame back; LRO never reorders or loses a byte and re-segments
 * into what arrived; no held segment waits past its flush delay. Every property but the
 * configuration ones needs its profile and is skipped, naming it, on a device that does not claim
 * it ({@link ProfileGate}).
 */
public abstract class OffloadProperties {

    /** Profile ids. */
    static final String CHECKSUM = "checksum";
    static final String TSO = "tso";
    static final String LRO = "lro";
    /** VID of an Access sender: the device inserts the tag (TXF-4). */
    static final int ACCESS_VID = 200;
    /** The MAC wire frames for the receiver come from. */
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:0b:77");

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private boolean claims(Profile profile) {
        return provider().profiles().contains(profile);
    }

    // ------------------------------------------------------------------ OFF-1, OFF-2: profiles and configuration

    @Example
    @Requirement("OFF-1")
    public void required_OFF1_aDeviceThatClaimsTsoOrLroAlsoClaimsChecksum() {
        DeviceProvider device = provider();
        boolean needs = device.profiles().contains(Profile.TSO) || device.profiles().contains(Profile.LRO);
        if (needs && !device.profiles().contains(Profile.CHECKSUM)) {
            throw new AssertionError("OFF-1 violated by provider '" + device.name() + "' (" + device.identity() + ")\n  expected: a device that claims tso or lro"
                    + " also claims checksum\n  observed: it claims " + device.profiles());
        }
    }

    @Property(tries = 100)
    @Requirement({"OFF-1", "OFF-2", "PRIV-8"})
    public void required_OFF1_OFF2_aGuestConfigIsAnsweredAsTheClaimedProfilesAndTheFlushRangeSayAndARefusalChangesNothing(
            @ForAll("anyOffloads") Offloads offloads, @ForAll boolean byHost) {
        OffloadBench bench = OffloadBench.start(provider(), VlanPolicy.UNTAGGED, VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        boolean checksum = claims(Profile.CHECKSUM);
        boolean lro = claims(Profile.LRO);
        String expected;
        String rule;
        if (offloads.rxChecksum() && !checksum || offloads.lroFlushNanos() != 0 && !lro) {
            expected = "Rejected(NOT_SUPPORTED)";
            rule = "OFF-1";
        } else if (!offloads.valid()) {
            expected = "Rejected(INVALID_CONFIG)";
            rule = "OFF-2";
        } else {
            expected = "Ok";
            rule = offloads.lro() || offloads.rxChecksum() ? "OFF-1" : "PRIV-3";
        }
        Observation before = h.observe();
        ControlResult result = h.control(byHost ? Caller.HOST : Caller.guest(OffloadBench.RX),
                new ControlRequest.SetGuestConfig(OffloadBench.RX, GuestConfig.builder().offloads(offloads).build()));
        Check.equal(rule, h, (byHost ? "the host's" : "the guest's") + " SetGuestConfig with " + offloads + " on a device claiming " + provider().profiles(),
                expected, Harness.describe(result));
        if (!expected.equals("Ok")) {
            DemuxProperties.unchanged(rule, h, before);
        }
        // what the context gets now: no data_validated unless it was accepted (CSUM-6), every frame alone unless LRO was (LRO-1)
        bench.post(4);
        byte[] frame = OffloadOracle.valid(OffloadFrames.build(new OffloadFrames.Shape(0, 4, 0, List.of(), 0, OffloadOracle.TCP, 0, OffloadOracle.ACK | OffloadOracle.PSH,
                1, 1, 100, 0, -1, 3, OffloadFrames.Defect.NONE), OffloadBench.RX_MAC, PEER));
        h.receive(0, frame);
        List<OffloadBench.Delivery> got = bench.deliveries();
        boolean marked = expected.equals("Ok") && offloads.rxChecksum();
        Check.that(got.size() == 1 && Arrays.equals(got.get(0).frame(), frame) && got.get(0).gso() == null && got.get(0).validated() == marked,
                marked ? "CSUM-5" : "CSUM-6", h, "the frame delivered at once, alone, " + (marked ? "with" : "without") + " NETRXF_data_validated", got);
        Check.noFindings(rule, h);
    }

    // ------------------------------------------------------------------ TX checksum: CSUM-1 to CSUM-4, OFF-3

    /** One packet of a TX property: the frame the guest builds, how it is queued, and the sender's policy it needs. */
    public record Out(OffloadFrames.Shape shape, boolean dataValidated, int firstOwn, int split) {
    }

    /** A sender for frames tagged {@code vid} (a trunk of it) or untagged ({@code access}: an Access context whose tag the device inserts). */
    static VlanPolicy senderPolicy(int vid, boolean access) {
        if (vid != 0) {
            return new VlanPolicy.Trunk(List.of(vid));
        }
        return access ? new VlanPolicy.Access(ACCESS_VID) : VlanPolicy.UNTAGGED;
    }

    /** The frame as chapter 07 sends it for {@code policy}. */
    static byte[] policed(byte[] frame, VlanPolicy policy) {
        return policy instanceof VlanPolicy.Access a ? Frames.tag(frame, Frames.TPID_8021Q, a.vid()) : frame;
    }

    private static int flags(boolean blank, boolean validated) {
        return (blank ? TxRequestLayout.FLAG_CSUM_BLANK : 0) | (validated ? TxRequestLayout.FLAG_DATA_VALIDATED : 0);
    }

    /** Sends {@code outs} (all of one VLAN shape) from a fresh bench with csum_blank {@code blank}; returns the bench, frames built and what the kick showed. */
    private record TxRun(OffloadBench bench, VlanPolicy policy, List<byte[]> built, OffloadBench.Sent sent) {
    }

    private TxRun sendAll(List<Out> outs, boolean access, boolean blank) {
        int vid = outs.get(0).shape().vid();
        VlanPolicy policy = senderPolicy(vid, access);
        OffloadBench bench = OffloadBench.start(provider(), policy, VlanPolicy.UNTAGGED);
        List<byte[]> built = new ArrayList<>();
        List<List<TxSlot>> packets = new ArrayList<>();
        for (Out out : outs) {
            byte[] frame = OffloadFrames.build(vid == out.shape().vid() ? out.shape() : sameVid(out.shape(), vid), OffloadBench.STRANGER, OffloadBench.TX_MAC);
            built.add(frame);
            packets.add(bench.place(frame, flags(blank, out.dataValidated()), null, out.firstOwn(), out.split()));
        }
        return new TxRun(bench, policy, built, bench.send(packets));
    }

    private static OffloadFrames.Shape sameVid(OffloadFrames.Shape s, int vid) {
        return new OffloadFrames.Shape(vid, s.version(), s.ipOptionWords(), s.extensions(), s.units(), s.proto(), s.tcpOptionWords(), s.tcpFlags(), s.seq(),
                s.ipId(), s.payload(), s.trailing(), s.checksum(), s.seed(), s.defect());
    }

    /** Every packet answered OKAY, the frames {@code expected} on the wire in order, TX_FRAMES and TX_BYTES counting them. */
    private static void expectSent(String rule, TxRun run, List<byte[]> expected, List<String> describe) {
        Harness h = run.bench().harness();
        Check.noFindings(rule, h);
        for (int k = 0; k < run.sent().responses().size(); k++) {
            List<GuestDriver.TxResponse> responses = run.sent().responses().get(k);
            Check.that(!responses.isEmpty() && responses.stream().allMatch(r -> r.status() == NetifStatus.OKAY), rule + " (TX-1)", h,
                    "packet " + k + " (" + describe.get(k) + ") answered OKAY", responses);
        }
        List<byte[]> frames = run.sent().frames();
        Check.equal(rule, h, "frames on the wire for " + describe, expected.size(), frames.size());
        for (int k = 0; k < expected.size(); k++) {
            if (!Arrays.equals(expected.get(k), frames.get(k))) {
                throw Check.failure(rule, h, "frame " + k + " (" + describe.get(Math.min(k, describe.size() - 1)) + ") = " + Bytes.hex(expected.get(k), 96)
                        + " (" + expected.get(k).length + " bytes)", Bytes.hex(frames.get(k), 96) + " (" + frames.get(k).length + " bytes); first difference at byte "
                        + firstDifference(expected.get(k), frames.get(k)));
            }
        }
        long bytes = expected.stream().mapToLong(f -> f.length).sum();
        Check.equal(rule + " (TX-1)", h, "TX_FRAMES delta", (long) expected.size(), run.sent().delta().get(Counter.TX_FRAMES));
        Check.equal(rule + " (TX-1)", h, "TX_BYTES delta", bytes, run.sent().delta().get(Counter.TX_BYTES));
        Check.equal(rule + " (TX-1)", h, "TX_ERRORS delta", 0L, run.sent().delta().get(Counter.TX_ERRORS));
    }

    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int k = 0; k < n; k++) {
            if (a[k] != b[k]) {
                return k;
            }
        }
        return n;
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-1", "CSUM-2", "CSUM-4", "OFF-3"})
    public void required_CSUM1_aCsumBlankPacketLeavesWithItsL4ChecksumComputedAndNoOtherByteChanged(
            @ForAll @Size(min = 1, max = 3) List<@From("parseableOuts") Out> outs, @ForAll boolean access) {
        TxRun run = sendAll(outs, access, true);
        List<byte[]> expected = new ArrayList<>();
        List<String> describe = new ArrayList<>();
        Harness h = run.bench().harness();
        for (int k = 0; k < run.built().size(); k++) {
            byte[] queued = policed(run.built().get(k), run.policy());
            byte[] completed = OffloadOracle.complete(queued);
            expected.add(completed);
            describe.add(outs.get(k).shape().toString() + (outs.get(k).dataValidated() ? ", data_validated" : ""));
        }
        expectSent("CSUM-1", run, expected, describe);
        // the laws beside the oracle: the checksum field alone changed (trailing bytes too stay, OFF-3), and the frame verifies
        for (int k = 0; k < expected.size(); k++) {
            byte[] queued = policed(run.built().get(k), run.policy());
            byte[] sent = run.sent().frames().get(k);
            OffloadOracle.Parsed p = OffloadOracle.parse(queued);
            for (int b = 0; b < queued.length; b++) {
                Check.that(queued[b] == sent[b] || b == p.checksumAt() || b == p.checksumAt() + 1, b >= p.end() ? "OFF-3" : "CSUM-1", h,
                        "only the checksum field (bytes " + p.checksumAt() + ".." + (p.checksumAt() + 1) + ") changed", "byte " + b + " changed");
            }
            Check.that(OffloadOracle.verifies(sent), "CSUM-1", h, "the sent frame's " + (p.tcp() ? "TCP" : "UDP") + " checksum verifies", Bytes.hex(sent, 64));
        }
    }

    @Property(tries = 200)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-2", "CSUM-1"})
    public void required_CSUM2_aUdpChecksumThatComputesToZeroIsSentAsFFFF(@ForAll("udpShapes") OffloadFrames.Shape shape, @ForAll boolean access,
            @ForAll @IntRange(min = 0, max = 40) int word) {
        byte[] frame = OffloadFrames.build(shape, OffloadBench.STRANGER, OffloadBench.TX_MAC);
        // make the sum 0xFFFF: one payload word (at an even distance from the UDP header) carries the complement of the rest
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        int at = p.l4() + 8 + 2 * Math.min(word, (p.end() - p.l4() - 8) / 2 - 1);
        OffloadOracle.put16(frame, at, 0);
        OffloadOracle.put16(frame, at, OffloadOracle.rawL4Checksum(frame, p));
        if (OffloadOracle.rawL4Checksum(frame, p) != 0) {
            throw new IllegalStateException("the suite's own frame: a UDP datagram whose checksum computes to 0x0000, not 0x"
                    + Integer.toHexString(OffloadOracle.rawL4Checksum(frame, p)));
        }
        VlanPolicy policy = senderPolicy(shape.vid(), access);
        OffloadBench bench = OffloadBench.start(provider(), policy, VlanPolicy.UNTAGGED);
        OffloadBench.Sent sent = bench.send(List.of(bench.place(frame, TxRequestLayout.FLAG_CSUM_BLANK, null)));
        byte[] expected = policed(frame, policy).clone();
        OffloadOracle.Parsed q = OffloadOracle.parse(expected);
        OffloadOracle.put16(expected, q.checksumAt(), 0xFFFF);
        Harness h = bench.harness();
        Check.equal("CSUM-2", h, "frames sent", 1, sent.frames().size());
        Check.equal("CSUM-2", h, "the UDP checksum field of a datagram whose checksum computes to 0x0000 (" + shape + ")", "0xffff",
                String.format("0x%04x", OffloadOracle.be16(sent.frames().get(0), q.checksumAt())));
        Check.that(Arrays.equals(expected, sent.frames().get(0)), "CSUM-1", h, Bytes.hex(expected, 80), Bytes.hex(sent.frames().get(0), 80));
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-3", "OFF-3", "DESC-11"})
    public void required_CSUM3_aCsumBlankPacketWhoseFrameDoesNotParseIsAnErrorJudgedBeforePolicyAndNothingLeaves(
            @ForAll("nearMissShapes") OffloadFrames.Shape bad, @ForAll("parseableOuts") Out good, @ForAll boolean spoofed, @ForAll boolean goodFirst) {
        OffloadBench bench = OffloadBench.start(provider(), senderPolicy(bad.vid(), false), VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        byte[] badFrame = OffloadFrames.build(bad, OffloadBench.STRANGER, spoofed ? OffloadBench.RX_MAC : OffloadBench.TX_MAC);
        Check.that(OffloadOracle.parse(badFrame) == null, "OFF-3 (the suite's own near miss)", h, "a frame section 3 refuses: " + bad, Bytes.hex(badFrame, 80));
        byte[] goodFrame = OffloadFrames.build(sameVid(good.shape(), bad.vid()), OffloadBench.STRANGER, OffloadBench.TX_MAC);
        List<TxSlot> badSlots = bench.place(badFrame, TxRequestLayout.FLAG_CSUM_BLANK, null, good.firstOwn(), good.split());
        List<TxSlot> goodSlots = bench.place(goodFrame, TxRequestLayout.FLAG_CSUM_BLANK, null);
        OffloadBench.Sent sent = bench.send(goodFirst ? List.of(goodSlots, badSlots) : List.of(badSlots, goodSlots));
        int b = goodFirst ? 1 : 0;
        Check.noFindings("CSUM-3", h);
        String what = "a csum_blank packet whose frame does not parse (" + bad + (spoofed ? ", from another context's MAC" : "") + ")";
        List<GuestDriver.TxResponse> responses = sent.responses().get(b);
        Check.that(responses.size() == badSlots.size() && responses.stream().allMatch(r -> r.status() == NetifStatus.ERROR), "CSUM-3 (DESC-11)", h,
                what + " answered ERROR in every slot", responses);
        Check.equal("CSUM-3", h, "TX_ERRORS delta", 1L, sent.delta().get(Counter.TX_ERRORS));
        for (Counter drop : List.of(Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER)) {
            Check.equal("CSUM-3 (judged before chapter 07)", h, drop + " delta for " + what, 0L, sent.delta().get(drop));
        }
        Check.equal("CSUM-3", h, "frames on the wire (only the good packet's)", 1, sent.frames().size());
        Check.that(Arrays.equals(sent.frames().get(0), OffloadOracle.complete(goodFrame)), "CSUM-1", h, "the good packet completed",
                Bytes.hex(sent.frames().get(0), 64));
        Check.equal("CSUM-3", h, "state of the sender (a per-packet error)", ContextState.ACTIVE, h.state(OffloadBench.TX));
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-4", "OFF-3"})
    public void required_CSUM4_aPacketWithoutCsumBlankLeavesExactlyAsQueuedWhateverDataValidatedSays(
            @ForAll @Size(min = 1, max = 3) List<@From("anyOuts") Out> outs, @ForAll boolean access) {
        TxRun run = sendAll(outs, access, false);
        Harness h = run.bench().harness();
        List<byte[]> expected = new ArrayList<>();
        List<String> describe = new ArrayList<>();
        for (int k = 0; k < run.built().size(); k++) {
            String what = outs.get(k).shape() + (outs.get(k).dataValidated() ? ", data_validated" : "");
            TxPolicyOracle.Decision decision = decide(run.built().get(k), run.policy());
            short status = run.sent().status(k);
            if (decision.verdict() == TxPolicyOracle.Verdict.SENT) {
                expected.add(decision.wire());
                describe.add(what);
                Check.equal("CSUM-4 (TX-1)", h, "the response to packet " + k + " (" + what + ")", "OKAY", TxOracle.status(status));
            } else {
                // a near miss with a tag its sender may not send: chapter 07 drops it as it would any frame (CSUM-4: nothing checked or trusted)
                Check.equal("CSUM-4 (" + decision.why() + ")", h, "the response to packet " + k + " (" + what + ")", "DROPPED", TxOracle.status(status));
            }
        }
        List<byte[]> frames = run.sent().frames();
        Check.equal("CSUM-4", h, "frames on the wire for " + describe, expected.size(), frames.size());
        for (int k = 0; k < expected.size(); k++) {
            Check.that(Arrays.equals(expected.get(k), frames.get(k)), "CSUM-4", h, "frame " + k + " (" + describe.get(k) + ") exactly as queued: "
                    + Bytes.hex(expected.get(k), 80), Bytes.hex(frames.get(k), 80) + ", first difference at byte " + firstDifference(expected.get(k), frames.get(k)));
        }
        Check.equal("CSUM-4", h, "TX_FRAMES delta", (long) expected.size(), run.sent().delta().get(Counter.TX_FRAMES));
        Check.equal("CSUM-4", h, "TX_BYTES delta", expected.stream().mapToLong(f -> f.length).sum(), run.sent().delta().get(Counter.TX_BYTES));
    }

    /** Chapter 07's decision on a frame of the sender under {@code policy}, no filter rules. */
    static TxPolicyOracle.Decision decide(byte[] frame, VlanPolicy policy) {
        return TxPolicyOracle.decide(List.of(OffloadBench.TX_MAC), policy, List.of(), FilterAction.ALLOW, frame);
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"OFF-3", "CSUM-1", "CSUM-3"})
    public void required_OFF3_theDeviceCompletesExactlyTheFramesSection3ParsesAndRefusesTheRest(@ForAll("anyOuts") Out out, @ForAll boolean access) {
        TxRun run = sendAll(List.of(out), access, true);
        Harness h = run.bench().harness();
        byte[] queued = policed(run.built().get(0), run.policy());
        boolean parses = OffloadOracle.parse(run.built().get(0)) != null;
        String what = out.shape() + " (section 3 " + (parses ? "parses it" : "refuses it") + ")";
        Check.equal(parses ? "OFF-3 (CSUM-1)" : "OFF-3 (CSUM-3)", h, "the first response to a csum_blank packet of " + what, parses ? "OKAY" : "ERROR",
                TxOracle.status(run.sent().status(0)));
        Check.equal("OFF-3", h, "frames sent for " + what, parses ? 1 : 0, run.sent().frames().size());
        if (parses) {
            Check.that(Arrays.equals(OffloadOracle.complete(queued), run.sent().frames().get(0)), "OFF-3 (CSUM-1)", h, Bytes.hex(OffloadOracle.complete(queued), 80),
                    Bytes.hex(run.sent().frames().get(0), 80));
        }
    }

    // ------------------------------------------------------------------ RX checksum: CSUM-5, CSUM-6

    /** How a frame reaches the receiver. */
    public enum Path {
        /** From the wire, port 0. */
        WIRE,
        /** Sent by the other context and switched by the device in VEB mode (chapter 08). */
        SWITCH
    }

    /** A frame for the receiver in each of the shapes the RX properties draw, its checksums as {@code correct} says. */
    public record In(OffloadFrames.Shape shape, boolean correct, boolean badIpHeader, boolean access) {

        /** The frame's bytes. */
        byte[] build() {
            byte[] frame = OffloadFrames.build(shape, OffloadBench.RX_MAC, OffloadBench.TX_MAC);
            if (correct && shape.defect() == OffloadFrames.Defect.NONE) {
                frame = OffloadOracle.valid(frame);
            }
            OffloadOracle.Parsed p = OffloadOracle.parse(frame);
            if (badIpHeader && p != null && p.version() == 4) {
                frame[p.l3() + 10] ^= 0x10;
            }
            return frame;
        }
    }

    /** Delivers {@code frame} to the receiver by {@code path} and returns what it was given. */
    private static List<OffloadBench.Delivery> deliver(OffloadBench bench, byte[] frame, Path path) {
        if (path == Path.WIRE) {
            bench.harness().receive(0, frame);
        } else {
            bench.send(List.of(bench.place(frame, 0, null)));
        }
        return bench.deliveries();
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-5", "CSUM-6", "OFF-3"})
    public void required_CSUM5_CSUM6_everyFrameIsDeliveredAndMarkedDataValidatedExactlyWhenItsChecksumsVerifyAndTheGuestAskedForIt(
            @ForAll @Size(min = 1, max = 4) List<@From("ins") In> ins, @ForAll Path path, @ForAll boolean rxChecksum) {
        int vid = ins.get(0).shape().vid();
        boolean access = ins.get(0).access() && vid != 0 && path == Path.WIRE;
        VlanPolicy rxPolicy = vid == 0 ? VlanPolicy.UNTAGGED : access ? new VlanPolicy.Access(vid) : new VlanPolicy.Trunk(List.of(vid));
        OffloadBench bench = OffloadBench.start(provider(), vid == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(vid)), rxPolicy);
        Harness h = bench.harness();
        if (path == Path.SWITCH) {
            bench.switchMode(SwitchMode.VEB);
        }
        bench.enable(OffloadBench.RX, new Offloads(rxChecksum, 0), "CSUM-5");
        bench.post(ins.size() * 17);
        for (In in : ins) {
            byte[] frame = new In(sameVid(in.shape(), vid), in.correct(), in.badIpHeader(), in.access()).build();
            if (frameVlan(frame) != vid) {
                continue; // a near miss that moved the frame out of the receiver's VLAN (a second or service tag): chapter 06's to judge
            }
            byte[] written = access ? Frames.untag(frame) : frame;
            long before = h.counter(OffloadBench.RX, Counter.RX_FRAMES);
            List<OffloadBench.Delivery> got = deliver(bench, frame, path);
            String what = in.shape() + (in.correct() ? ", checksums correct" : "") + (in.badIpHeader() ? ", IPv4 header checksum broken" : "") + " by " + path
                    + (access ? " to an Access receiver" : "");
            Check.noFindings("CSUM-6", h);
            Check.that(got.size() == 1 && Arrays.equals(got.get(0).frame(), written) && got.get(0).problem() == null, "CSUM-6", h,
                    "the frame delivered whole, whether or not it verifies: " + what, got);
            Check.equal("CSUM-6", h, "RX_FRAMES delta", 1L, h.counter(OffloadBench.RX, Counter.RX_FRAMES) - before);
            OffloadBench.Delivery d = got.get(0);
            boolean due = rxChecksum && OffloadOracle.verifies(written);
            Check.equal(rxChecksum ? "CSUM-5" : "CSUM-6", h, "NETRXF_data_validated on " + what + " (section 4 says it " + (OffloadOracle.verifies(written)
                    ? "verifies" : "does not verify") + ", rxChecksum " + rxChecksum + ")", due, d.validated());
            Check.that((d.flags() & RxResponseLayout.FLAG_CSUM_BLANK) == 0, "CSUM-5", h, "never NETRXF_csum_blank", "flags 0x" + Integer.toHexString(d.flags()));
            Check.that(d.gso() == null && (d.flags() & ~(RxResponseLayout.FLAG_DATA_VALIDATED | RxResponseLayout.FLAG_MORE_DATA)) == 0, "LRO-1", h,
                    "no other flag and no extra slot for a context without LRO", d);
        }
    }

    /** The frame's VLAN as DEMUX-1 reads it: 0 untagged, the VID, or -1 for a frame demux drops (priority, reserved or service tags). */
    static int frameVlan(byte[] frame) {
        int tpid = OffloadOracle.be16(frame, 12);
        if (tpid == Frames.TPID_8021AD || tpid == Frames.TPID_9100) {
            return -1;
        }
        if (tpid != Frames.TPID_8021Q) {
            return 0;
        }
        int vid = frame.length < 18 ? 0 : OffloadOracle.be16(frame, 14) & 0xFFF;
        return vid == 0 || vid == 0xFFF ? -1 : vid;
    }

    /** A byte of a valid frame that its checksums cover and whose change cannot move the parse's bounds (section 4). */
    static List<Integer> coveredBytes(byte[] frame) {
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        List<Integer> covered = new ArrayList<>();
        if (p.version() == 4) {
            for (int k = p.l3(); k < p.end(); k++) {
                covered.add(k);
            }
        } else {
            for (int k = p.l3() + 8; k < p.l3() + 40; k++) {
                covered.add(k);
            }
            for (int k = p.l4(); k < p.end(); k++) {
                covered.add(k);
            }
        }
        return covered;
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(CHECKSUM)
    @Requirement({"CSUM-5", "CSUM-6"})
    public void required_CSUM5_aFrameWithOneBitFlippedInTheBytesItsChecksumsCoverIsNeverMarkedValidated(@ForAll("validShapes") OffloadFrames.Shape shape,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll @IntRange(min = 0, max = 7) int bit, @ForAll Path path) {
        int vid = shape.vid();
        VlanPolicy policy = vid == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(vid));
        OffloadBench bench = OffloadBench.start(provider(), policy, policy);
        Harness h = bench.harness();
        if (path == Path.SWITCH) {
            bench.switchMode(SwitchMode.VEB);
        }
        bench.enable(OffloadBench.RX, new Offloads(true, 0), "CSUM-5");
        bench.post(40);
        byte[] good = OffloadOracle.valid(OffloadFrames.build(shape, OffloadBench.RX_MAC, OffloadBench.TX_MAC));
        List<Integer> covered = coveredBytes(good);
        int at = covered.get(where % covered.size());
        byte[] bad = good.clone();
        bad[at] ^= (byte) (1 << bit);
        Check.that(!OffloadOracle.verifies(bad), "CSUM-5 (the suite's own oracle)", h, "a single flipped bit at byte " + at + " breaks verification", "it verifies");
        List<OffloadBench.Delivery> first = deliver(bench, good, path);
        List<OffloadBench.Delivery> second = deliver(bench, bad, path);
        String what = shape + " with bit " + bit + " of byte " + at + " flipped, by " + path;
        Check.that(first.size() == 1 && first.get(0).validated() && Arrays.equals(first.get(0).frame(), good), "CSUM-5", h,
                "the frame before the flip delivered with NETRXF_data_validated (" + shape + ")", first);
        Check.that(second.size() == 1 && Arrays.equals(second.get(0).frame(), bad), "CSUM-6", h, "the flipped frame delivered whole: " + what, second);
        Check.that(!second.get(0).validated(), "CSUM-5", h, "no NETRXF_data_validated on " + what, "flags 0x" + Integer.toHexString(second.get(0).flags()));
    }

    // ------------------------------------------------------------------ TSO: TSO-1 to TSO-5

    /**
     * TSO-2 to TSO-4 as laws, with {@code original} the super-frame as chapter 07 sent it and
     * {@code frames} what left for it: the count, the payloads concatenating to the original's,
     * each at most MSS, every byte of each header copied but the fields the tables name, those
     * fields stepping as the tables say, and every segment's checksums verifying.
     */
    static void checkSegments(Harness h, byte[] original, int mss, List<byte[]> frames) {
        OffloadOracle.Parsed p = OffloadOracle.parse(original);
        int payload = p.payload();
        int k = OffloadOracle.segments(payload, mss);
        Check.equal("TSO-2", h, "segments for " + payload + " payload bytes at MSS " + mss, k, frames.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int header = p.payloadAt();
        long seq = OffloadOracle.be32(original, p.l4() + 4);
        int id = p.version() == 4 ? OffloadOracle.be16(original, p.l3() + 4) : 0;
        int flags = original[p.l4() + 13] & 0xFF;
        for (int i = 0; i < k; i++) {
            byte[] s = frames.get(i);
            String seg = "segment " + i + " of " + k;
            Check.that(s.length >= header, "TSO-2", h, seg + " carries the super-frame's " + header + " header bytes", s.length + " bytes");
            int piece = s.length - header;
            Check.that(piece <= mss && piece == Math.min(payload, (i + 1L) * mss) - Math.min(payload, (long) i * mss), "TSO-2", h,
                    seg + " carries payload bytes " + (long) i * mss + ".." + (Math.min(payload, (i + 1L) * mss) - 1), piece + " payload bytes");
            joined.write(s, header, piece);
            for (int b = 0; b < header; b++) {
                if (s[b] == original[b]) {
                    continue;
                }
                boolean ip = b >= p.l3() && b < p.l4();
                int r = b - p.l3();
                boolean ipField = p.version() == 4 ? r == 2 || r == 3 || r == 4 || r == 5 || r == 10 || r == 11 : r == 4 || r == 5;
                int t = b - p.l4();
                boolean tcpField = t >= 4 && t <= 7 || t == 16 || t == 17 || t == 13 && ((s[b] ^ original[b]) & 0xFF & ~(OffloadOracle.FIN | OffloadOracle.PSH | OffloadOracle.CWR)) == 0;
                if (!(ip && ipField) && !(b >= p.l4() && tcpField)) {
                    throw Check.failure(b < p.l3() ? "TSO-2" : ip ? "TSO-3" : "TSO-4", h, seg + ": header byte " + b + " copied from the super-frame ("
                            + String.format("0x%02x", original[b] & 0xFF) + ")", String.format("0x%02x", s[b] & 0xFF));
                }
            }
            if (p.version() == 4) {
                Check.equal("TSO-3", h, seg + " IPv4 total length", (p.l4() - p.l3()) + p.thl() + piece, OffloadOracle.be16(s, p.l3() + 2));
                Check.equal("TSO-3", h, seg + " IPv4 identification ((id + i) mod 2^16, id " + id + ")", (id + i) & 0xFFFF, OffloadOracle.be16(s, p.l3() + 4));
                OffloadOracle.Parsed q = new OffloadOracle.Parsed(p.l3(), 4, p.l4(), s.length, OffloadOracle.TCP, p.thl());
                Check.equal("TSO-3", h, seg + " IPv4 header checksum", OffloadOracle.ipv4HeaderChecksum(s, q), OffloadOracle.be16(s, p.l3() + 10));
            } else {
                Check.equal("TSO-3", h, seg + " IPv6 payload length", (p.l4() - p.l3() - 40) + p.thl() + piece, OffloadOracle.be16(s, p.l3() + 4));
            }
            Check.equal("TSO-4", h, seg + " sequence number ((seq + i·MSS) mod 2^32, seq " + seq + ")", (seq + (long) i * mss) & 0xFFFF_FFFFL,
                    OffloadOracle.be32(s, p.l4() + 4));
            int got = s[p.l4() + 13] & 0xFF;
            int finPsh = i == k - 1 ? flags & (OffloadOracle.FIN | OffloadOracle.PSH) : 0;
            int cwr = i == 0 ? flags & OffloadOracle.CWR : 0;
            Check.equal("TSO-4", h, seg + " FIN and PSH (super-frame flags 0x" + Integer.toHexString(flags) + ": on the last segment only)",
                    finPsh, got & (OffloadOracle.FIN | OffloadOracle.PSH));
            Check.equal("TSO-4", h, seg + " CWR (on the first segment only)", cwr, got & OffloadOracle.CWR);
            OffloadOracle.Parsed q = new OffloadOracle.Parsed(p.l3(), p.version(), p.l4(), s.length, OffloadOracle.TCP, p.thl());
            Check.equal("TSO-4 (CSUM-1)", h, seg + " TCP checksum", String.format("0x%04x", OffloadOracle.l4Checksum(s, q)),
                    String.format("0x%04x", OffloadOracle.be16(s, q.checksumAt())));
            Check.that(OffloadOracle.verifies(s), "TSO-4", h, seg + " verifies (section 4)", Bytes.hex(s, 80));
        }
        byte[] expected = Arrays.copyOfRange(original, header, p.end());
        Check.that(Arrays.equals(expected, joined.toByteArray()), "TSO-2", h, "the segments' payloads concatenate to the super-frame's " + payload + " bytes",
                joined.size() + " bytes, first difference at " + firstDifference(expected, joined.toByteArray()));
    }

    /** A GSO packet of a TX property: the super-frame, its MSS, whether csum_blank is also set, and how it is queued. */
    public record Gso(OffloadFrames.Shape shape, int mss, boolean blank, int firstOwn, int split) {
        @Override
        public String toString() {
            return shape + ", MSS " + mss + (blank ? ", csum_blank" : "");
        }
    }

    static TxSlot.Extra gsoExtra(OffloadFrames.Shape shape, int mss) {
        return TxSlot.Extra.gso(mss, shape.version() == 4 ? ExtraInfoLayout.GSO_TYPE_TCPV4 : ExtraInfoLayout.GSO_TYPE_TCPV6, false);
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(TSO)
    @Requirement({"TSO-2", "TSO-3", "TSO-4", "CSUM-1"})
    public void required_TSO2_TSO3_TSO4_aGsoPacketLeavesAsSegmentsWhosePayloadsConcatenateToItsOwnEachAValidFrameWhoseFieldsStep(
            @ForAll("gsoPackets") Gso gso, @ForAll boolean access) {
        VlanPolicy policy = senderPolicy(gso.shape().vid(), access);
        OffloadBench bench = OffloadBench.start(provider(), policy, VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        byte[] frame = OffloadFrames.build(gso.shape(), OffloadBench.STRANGER, OffloadBench.TX_MAC);
        OffloadBench.Sent sent = bench.send(List.of(bench.place(frame, gso.blank() ? TxRequestLayout.FLAG_CSUM_BLANK : 0, gsoExtra(gso.shape(), gso.mss()),
                gso.firstOwn(), gso.split())));
        Check.noFindings("TSO-2", h);
        Check.equal("TSO-5 (TX-1)", h, "the first response to the GSO packet " + gso, "OKAY", TxOracle.status(sent.status(0)));
        byte[] original = policed(frame, policy);
        checkSegments(h, original, gso.mss(), sent.frames());
        List<byte[]> expected = OffloadOracle.segment(original, gso.mss());
        for (int i = 0; i < expected.size(); i++) {
            Check.that(Arrays.equals(expected.get(i), sent.frames().get(i)), "TSO-2", h, "segment " + i + " = " + Bytes.hex(expected.get(i), 80),
                    Bytes.hex(sent.frames().get(i), 80));
        }
        long bytes = expected.stream().mapToLong(f -> f.length).sum();
        Check.equal("TSO-5", h, "TX_FRAMES delta", (long) expected.size(), sent.delta().get(Counter.TX_FRAMES));
        Check.equal("TSO-5", h, "TX_BYTES delta (the segments' lengths)", bytes, sent.delta().get(Counter.TX_BYTES));
    }

    /** Why a GSO packet of {@link #badGsoPackets} is refused. */
    public enum GsoDefect {
        /** UDP under a TCP GSO type. */
        UDP,
        /** A frame section 3 refuses. */
        UNPARSEABLE,
        /** IPv4 under TCPV6 or IPv6 under TCPV4. */
        WRONG_TYPE,
        /** Trailing bytes after the datagram. */
        TRAILING
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(TSO)
    @Requirement({"TSO-1", "DESC-11"})
    public void required_TSO1_aGsoPacketThatIsNotTcpOfItsTypeOrDoesNotFillItsFrameIsAnErrorJudgedBeforePolicy(@ForAll("gsoPackets") Gso gso,
            @ForAll GsoDefect defect, @ForAll("nearMissShapes") OffloadFrames.Shape nearMiss, @ForAll boolean spoofed, @ForAll @IntRange(min = 1, max = 60) int trailing) {
        OffloadFrames.Shape shape = switch (defect) {
            case UDP -> new OffloadFrames.Shape(gso.shape().vid(), gso.shape().version(), gso.shape().ipOptionWords(), gso.shape().extensions(),
                    gso.shape().units(), OffloadOracle.UDP, 0, 0, 0, gso.shape().ipId(), gso.shape().payload(), 0, -1, gso.shape().seed(), OffloadFrames.Defect.NONE);
            case UNPARSEABLE -> sameVid(nearMiss, gso.shape().vid());
            case WRONG_TYPE, TRAILING -> gso.shape();
        };
        if (defect == GsoDefect.TRAILING) {
            shape = new OffloadFrames.Shape(shape.vid(), shape.version(), shape.ipOptionWords(), shape.extensions(), shape.units(), shape.proto(),
                    shape.tcpOptionWords(), shape.tcpFlags(), shape.seq(), shape.ipId(), shape.payload(), trailing, shape.checksum(), shape.seed(), shape.defect());
        }
        byte[] frame = OffloadFrames.build(shape, OffloadBench.STRANGER, spoofed ? OffloadBench.RX_MAC : OffloadBench.TX_MAC);
        Assume.that(frame.length <= OffloadOracle.MAX_FRAME);
        OffloadBench bench = OffloadBench.start(provider(), senderPolicy(shape.vid(), false), VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        int type = (shape.version() == 4) == (defect != GsoDefect.WRONG_TYPE) ? ExtraInfoLayout.GSO_TYPE_TCPV4 : ExtraInfoLayout.GSO_TYPE_TCPV6;
        Check.that(OffloadOracle.tsoRefusal(frame, type) != null, "TSO-1 (the suite's own frame)", h, "a GSO packet TSO-1 refuses", shape);
        List<TxSlot> slots = bench.place(frame, 0, TxSlot.Extra.gso(gso.mss(), type, false), gso.firstOwn(), gso.split());
        OffloadBench.Sent sent = bench.send(List.of(slots));
        String what = "a GSO packet (type " + type + ", MSS " + gso.mss() + ") whose frame is " + shape + ": " + OffloadOracle.tsoRefusal(frame, type)
                + (spoofed ? ", from another context's MAC" : "");
        Check.noFindings("TSO-1", h);
        List<GuestDriver.TxResponse> responses = sent.responses().get(0);
        Check.that(responses.size() == slots.size() && responses.get(0).status() == NetifStatus.ERROR && responses.get(1).status() == NetifStatus.NULL
                && responses.subList(2, responses.size()).stream().allMatch(r -> r.status() == NetifStatus.ERROR), "TSO-1 (DESC-11)", h,
                what + " answered ERROR (the GSO extra NULL)", responses);
        Check.equal("TSO-1", h, "TX_ERRORS delta", 1L, sent.delta().get(Counter.TX_ERRORS));
        Check.equal("TSO-1", h, "frames sent for " + what, 0, sent.frames().size());
        for (Counter drop : List.of(Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER)) {
            Check.equal("TSO-1 (judged before chapter 07)", h, drop + " delta", 0L, sent.delta().get(drop));
        }
    }

    /** One packet of the TSO-5 batches. */
    public record Mixed(Gso gso, int kind) {
        @Override
        public String toString() {
            return List.of("GSO", "csum_blank", "as queued", "GSO from another's MAC", "GSO the filter drops").get(kind) + " " + gso;
        }
    }

    @Property(tries = 200)
    @ProfileGate.Claimed(TSO)
    @Requirement({"TSO-5", "TXF-8", "TXF-9", "CSUM-1", "CSUM-4"})
    public void required_TSO5_aGsoPacketIsPolicedAndAnsweredOnceAndItsSegmentsLeaveInOrderConsecutivelyEachCounted(
            @ForAll @Size(min = 1, max = 4) List<@From("mixed") Mixed> packets, @ForAll boolean access) {
        int vid = packets.get(0).gso().shape().vid();
        VlanPolicy policy = senderPolicy(vid, access);
        // rule 0 drops the source ports 40000..40063 of kind 4; the default allows
        FilterRule drop = FilterRule.drop(FilterMatch.builder().protocol(OffloadOracle.TCP).sourcePort(new PortRange(40_000, 40_063)).build());
        ContextConfig.Builder config = ContextConfig.builder().vlan(policy).txRule(drop).txDefault(FilterAction.ALLOW);
        OffloadBench bench = OffloadBench.start(provider(), config, VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        GuestDriver guest = bench.guest(OffloadBench.TX);
        ContextConfig actual = h.config(OffloadBench.TX);
        TxOracle oracle = new TxOracle(gref -> h.memory().access(OffloadBench.TX, gref), gref -> gref == guest.txRing() || gref == guest.rxRing(),
                gref -> h.memory().page(gref), claims(Profile.CHECKSUM), claims(Profile.TSO), provider().limits().maxMulticastGroups(), actual);
        List<List<TxSlot>> slots = new ArrayList<>();
        for (Mixed m : packets) {
            OffloadFrames.Shape s = sameVid(m.gso().shape(), vid);
            int seed = m.kind() == 4 ? s.seed() & ~0xFF | (s.seed() & 0x3F) : s.seed() | 0x40; // ports 40000 + (seed & 0xFF)
            s = s.withSeed(seed);
            byte[] frame = OffloadFrames.build(s, OffloadBench.STRANGER, m.kind() == 3 ? OffloadBench.RX_MAC : OffloadBench.TX_MAC);
            boolean gso = m.kind() != 1 && m.kind() != 2;
            boolean blank = m.kind() == 1 || gso && m.gso().blank();
            slots.add(bench.place(frame, blank ? TxRequestLayout.FLAG_CSUM_BLANK : 0, gso ? gsoExtra(s, m.gso().mss()) : null,
                    m.gso().firstOwn(), m.gso().split()));
        }
        int start = guest.txReqProdPvt();
        List<byte[]> entries = new ArrayList<>();
        for (List<TxSlot> packet : slots) {
            for (TxSlot slot : packet) {
                entries.add(slot.entry());
            }
        }
        List<TxOracle.Outcome> outcomes = new ArrayList<>();
        for (int pos = 0; pos < entries.size(); pos += outcomes.get(outcomes.size() - 1).slots()) {
            outcomes.add(oracle.decide(entries, pos));
        }
        long[] hitsBefore = {h.filterHits(OffloadBench.TX, 0), h.filterHits(OffloadBench.TX, 1)};
        OffloadBench.Sent sent = bench.send(slots);
        Check.noFindings("TSO-5", h);
        List<byte[]> expected = new ArrayList<>();
        long[] hits = new long[2];
        long spoof = 0;
        long filtered = 0;
        for (int k = 0; k < outcomes.size(); k++) {
            TxOracle.Outcome outcome = outcomes.get(k);
            List<GuestDriver.TxResponse> responses = sent.responses().get(k);
            List<Short> want = outcome.responses().stream().map(TxOracle.Response::status).toList();
            List<Short> seen = responses.stream().map(GuestDriver.TxResponse::status).toList();
            Check.equal("TSO-5 (" + outcome.rule() + ")", h, "responses to packet " + k + " (" + packets.get(k) + ")", want, seen);
            expected.addAll(outcome.wires());
            if (outcome.policy() != null && outcome.policy().rule() >= 0) {
                hits[outcome.policy().rule()]++;
            }
            if (outcome.kind() == TxOracle.Kind.DROPPED) {
                spoof += outcome.policy().verdict() == TxPolicyOracle.Verdict.SPOOF ? 1 : 0;
                filtered += outcome.policy().verdict() == TxPolicyOracle.Verdict.FILTER ? 1 : 0;
            }
        }
        Check.equal("TSO-5", h, "frames on the wire for " + packets, expected.size(), sent.frames().size());
        for (int k = 0; k < expected.size(); k++) {
            Check.that(Arrays.equals(expected.get(k), sent.frames().get(k)), "TSO-5 (in order, consecutively)", h, "frame " + k + " = "
                    + Bytes.hex(expected.get(k), 64), Bytes.hex(sent.frames().get(k), 64));
        }
        Check.equal("TSO-5", h, "TX_FRAMES delta (one per segment)", (long) expected.size(), sent.delta().get(Counter.TX_FRAMES));
        Check.equal("TSO-5", h, "TX_BYTES delta (the segments' lengths)", expected.stream().mapToLong(f -> f.length).sum(), sent.delta().get(Counter.TX_BYTES));
        Check.equal("TSO-5 (TXF-9)", h, "TX_DROP_SPOOF delta (one per packet)", spoof, sent.delta().get(Counter.TX_DROP_SPOOF));
        Check.equal("TSO-5 (TXF-9)", h, "TX_DROP_FILTER delta (one per packet)", filtered, sent.delta().get(Counter.TX_DROP_FILTER));
        Check.equal("TSO-5 (TXF-8)", h, "filterHits of rule 0 (one per packet, not per segment)", hits[0], h.filterHits(OffloadBench.TX, 0) - hitsBefore[0]);
        Check.equal("TSO-5 (TXF-8)", h, "filterHits of the default (one per packet, not per segment)", hits[1],
                h.filterHits(OffloadBench.TX, 1) - hitsBefore[1]);
    }

    @Property(tries = 60)
    @ProfileGate.Claimed({TSO, "qos"})
    @Requirement({"TSO-5", "QOS-2"})
    public void required_TSO5_aGsoPacketIsChargedOnceItsFirstSlotSizeSoAllItsSegmentsLeaveOnAFullBurst(@ForAll("gsoPackets") Gso gso) {
        byte[] frame = OffloadFrames.build(gso.shape(), OffloadBench.STRANGER, OffloadBench.TX_MAC);
        List<byte[]> segments = OffloadOracle.segment(frame, gso.mss());
        // a burst of exactly the packet's size and almost no rate: charging the segments (their repeated headers) would make the last ones wait
        TxRate rate = new TxRate(1, TxRate.MAX_PERIOD_NANOS, Math.max(TxRate.MIN_BURST, frame.length));
        ContextConfig.Builder config = ContextConfig.builder().vlan(senderPolicy(gso.shape().vid(), false)).txRate(rate);
        OffloadBench bench = OffloadBench.start(provider(), config, VlanPolicy.UNTAGGED);
        Harness h = bench.harness();
        OffloadBench.Sent sent = bench.send(List.of(bench.place(frame, 0, gsoExtra(gso.shape(), gso.mss()), gso.firstOwn(), gso.split())));
        Check.equal("TSO-5 (QOS-2: charged the first slot's size once)", h, "segments that left during the kick of a " + frame.length + "-byte GSO packet"
                + " on a full burst of " + rate.burstBytes() + " bytes (" + segments.stream().mapToInt(f -> f.length).sum() + " bytes on the wire)", segments.size(),
                sent.frames().size());
        Check.equal("TSO-5", h, "the response", "OKAY", TxOracle.status(sent.status(0)));
    }

    // ------------------------------------------------------------------ LRO: LRO-1 to LRO-8

    @Property(tries = 150)
    @ProfileGate.Claimed(LRO)
    @Requirement({"LRO-3", "LRO-5", "LRO-4", "TSO-2", "TSO-5", "CSUM-5"})
    public void required_LRO5_lroOfTheSegmentsOfATsoSendGivesTheSuperFrameBackWithItsMssInOneDelivery(@ForAll("mergeableGso") Gso gso, @ForAll Path path,
            @ForAll boolean rxChecksum, @ForAll("flushDelays") long flush) {
        int vid = gso.shape().vid();
        VlanPolicy policy = vid == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(vid));
        OffloadBench bench = OffloadBench.start(provider(), policy, policy);
        Harness h = bench.harness();
        if (path == Path.SWITCH) {
            bench.switchMode(SwitchMode.VEB);
        }
        bench.enable(OffloadBench.RX, new Offloads(rxChecksum, flush), "OFF-1");
        bench.post(40);
        byte[] frame = OffloadFrames.build(gso.shape(), OffloadBench.RX_MAC, OffloadBench.TX_MAC);
        long before = h.counter(OffloadBench.RX, Counter.RX_FRAMES);
        OffloadBench.Sent sent = bench.send(List.of(bench.place(frame, 0, gsoExtra(gso.shape(), gso.mss()), gso.firstOwn(), gso.split())));
        int k = OffloadOracle.segments(gso.shape().payload(), gso.mss());
        if (path == Path.WIRE) {
            Check.equal("TSO-2", h, "segments on the wire for " + gso, k, sent.frames().size());
            for (byte[] segment : sent.frames()) {
                h.receive(0, segment);
            }
        }
        List<OffloadBench.Delivery> got = new ArrayList<>(bench.deliveries());
        h.advance(flush);
        got.addAll(bench.deliveries());
        Check.noFindings("LRO-5", h);
        byte[] expected = OffloadOracle.valid(frame);
        String what = "the " + k + " segment(s) of " + gso + " by " + path + ", LRO flush " + flush + " ns";
        Check.equal("LRO-5", h, "deliveries of " + what, 1, got.size());
        OffloadBench.Delivery d = got.get(0);
        Check.that(Arrays.equals(expected, d.frame()), k > 1 ? "LRO-5" : "LRO-5 (n = 1)", h, "the super-frame back, its checksums computed: "
                + Bytes.hex(expected, 96) + " (" + expected.length + " bytes)", d + " first difference at byte " + firstDifference(expected, d.frame()));
        Check.equal("LRO-5", h, "the layout of the delivery", null, d.problem());
        if (k > 1) {
            Check.that(d.gso() != null, "LRO-5", h, "NETRXF_extra_info and a GSO extra slot after the first data slot", d);
            String extra = "type " + d.gso()[ExtraInfoLayout.TYPE] + " flags " + d.gso()[ExtraInfoLayout.FLAGS] + " size " + d.mss() + " gso type "
                    + d.gso()[ExtraInfoLayout.GSO_TYPE] + " pad " + d.gso()[ExtraInfoLayout.GSO_PAD] + " features " + Bytes.u16(d.gso(), ExtraInfoLayout.GSO_FEATURES);
            Check.equal("LRO-5", h, "the GSO extra", "type 1 flags 0 size " + gso.mss() + " gso type " + (gso.shape().version() == 4 ? 1 : 2)
                    + " pad 0 features 0", extra);
            Check.equal("LRO-5", h, "slots of the delivery (ceil(L/4096) + 1)", OffloadOracle.requests(expected.length, true), d.slots());
        } else {
            Check.that(d.gso() == null, "LRO-5", h, "a single segment delivered as chapter 04 says", d);
        }
        Check.equal("CSUM-5", h, "NETRXF_data_validated (rxChecksum " + rxChecksum + ")", rxChecksum, d.validated());
        Check.equal("LRO-6", h, "RX_FRAMES delta (the number of segments)", (long) k, h.counter(OffloadBench.RX, Counter.RX_FRAMES) - before);
        Check.equal("LRO-6", h, "RX_BYTES of the receiver (the merged frame's length)", (long) expected.length, h.counter(OffloadBench.RX, Counter.RX_BYTES));
    }

    // ---- segment trains

    /** What arrives next in a train. */
    public enum Arrival {
        /** The flow's next segment, full size. */
        NEXT,
        /** Shorter than the flow's size. */
        SHORT,
        /** Full size with PSH. */
        PSH,
        /** Longer than the flow's size. */
        LONG,
        /** The next segment after a gap in the sequence. */
        GAP,
        /** The previous segment again. */
        RETRANSMIT,
        /** The next segment with the IPv4 ID not incremented. */
        SAME_ID,
        /** The next segment with another TTL or hop limit. */
        TTL,
        /** The next segment with another window. */
        WINDOW,
        /** The next segment with SYN. */
        SYN,
        /** With FIN. */
        FIN,
        /** No payload. */
        PURE_ACK,
        /** With URG. */
        URG,
        /** With ECE. */
        ECE,
        /** A broken TCP checksum. */
        BAD_CHECKSUM,
        /** A UDP datagram between the same hosts. */
        UDP,
        /** With IPv4 options or an IPv6 extension header. */
        IP_OPTIONS,
        /** With Ethernet padding after the datagram. */
        TRAILING
    }

    /** One step of a train run. */
    public sealed interface TrainStep permits Arrive, Wait, Post, Poke {
    }

    /** A frame of flow {@code flow} arrives from the wire. */
    public record Arrive(Arrival kind, int flow, int amount) implements TrainStep {
    }

    /** How far time moves. */
    public enum Jump {
        /** 0 to 3 ns. */
        TINY,
        /** Exactly to the held aggregate's due time. */
        DUE,
        /** One nanosecond before it. */
        BEFORE_DUE,
        /** A sixteenth of the flush delay times {@code amount}. */
        SOME,
        /** Three flush delays. */
        FAR
    }

    /** Time moves. */
    public record Wait(Jump jump, int amount) implements TrainStep {
    }

    /** The guest posts more buffers. */
    public record Post(int count) implements TrainStep {
    }

    /** A control request or a failure on the receiving context. */
    public enum Touch {
        /** The guest sets its offloads again (accepted: the aggregate flushes first, LRO-4). */
        GUEST_CONFIG,
        /** The host updates the context with its configuration (accepted: flushes). */
        HOST_UPDATE,
        /** The guest asks for a flush delay out of range (refused: nothing flushes). */
        REFUSED_CONFIG,
        /** The guest queues a TX packet whose chain never ends: the context fails (its aggregate counts RX_DROP_FAILED, LRO-6). */
        FAIL,
        /** The host resets the context. */
        RESET,
        /** The host updates the other context (nothing flushes, LRO-4). */
        OTHER_UPDATE
    }

    /** A control request or failure. */
    public record Poke(Touch touch) implements TrainStep {
    }

    /** A flow of a train: its first shape and where it stands. */
    static final class Flow {
        final OffloadFrames.Shape base;
        final int size;
        long seq;
        int id;
        byte[] last;

        Flow(OffloadFrames.Shape base, int size) {
            this.base = base;
            this.size = size;
            this.seq = base.seq();
            this.id = base.ipId();
        }
    }

    /** A train's set-up: the flows' common shape, sizes, the flush delay, buffers at the start, RX checksum. */
    public record Setup(OffloadFrames.Shape shape, int size, int otherSize, long flush, int buffers, boolean rxChecksum) {
    }

    /** A train run on the device with {@link LroOracle} following the same steps; arrivals and deliveries with their times for the laws. */
    final class TrainRun {
        final OffloadBench bench;
        final Harness h;
        final LroOracle oracle;
        final Flow[] flows;
        final Setup setup;
        final List<byte[]> arrived = new ArrayList<>();
        final List<Long> arrivedAt = new ArrayList<>();
        final List<OffloadBench.Delivery> delivered = new ArrayList<>();
        final List<Long> deliveredAt = new ArrayList<>();
        final Map<Counter, Long> base;
        final boolean compare;

        TrainRun(Setup setup, boolean compare) {
            this.setup = setup;
            this.compare = compare;
            int vid = setup.shape().vid();
            VlanPolicy policy = vid == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(vid));
            bench = OffloadBench.start(provider(), policy, policy);
            h = bench.harness();
            bench.enable(OffloadBench.RX, new Offloads(setup.rxChecksum(), setup.flush()), "OFF-1");
            oracle = new LroOracle(setup.flush(), setup.rxChecksum());
            OffloadFrames.Shape other = setup.shape().withSeed(setup.shape().seed() ^ 0x5A);
            flows = new Flow[] {new Flow(setup.shape(), setup.size()), new Flow(other.at(setup.shape().seq() + 1_000_000, setup.shape().ipId() + 300),
                setup.otherSize())};
            base = bench.counters(OffloadBench.RX, OffloadBench.RX_COUNTERS);
            post(setup.buffers());
        }

        private void post(int count) {
            int n = Math.max(0, Math.min(count, 240 - bench.outstanding()));
            if (n > 0) {
                bench.post(n);
                oracle.post(n);
            }
        }

        /** The frame of {@code arrive} for its flow, the flow moved on. */
        byte[] frame(Arrive arrive) {
            Flow f = flows[arrive.flow()];
            int size = f.size;
            int flags = OffloadOracle.ACK;
            long seq = f.seq;
            int id = f.id;
            boolean advanceId = true;
            OffloadFrames.Shape shape = f.base;
            switch (arrive.kind()) {
                case SHORT -> size = 1 + arrive.amount() % Math.max(1, f.size - 1);
                case PSH -> flags |= OffloadOracle.PSH;
                case LONG -> size = f.size + 1 + arrive.amount() % 200;
                case GAP -> seq += 1 + arrive.amount() % 3000;
                case RETRANSMIT -> {
                    if (f.last != null) {
                        return f.last.clone();
                    }
                }
                case SAME_ID -> {
                    id = f.id - 1;
                    advanceId = false;
                }
                case SYN -> flags |= OffloadOracle.SYN;
                case FIN -> flags |= OffloadOracle.FIN;
                case PURE_ACK -> size = 0;
                case URG -> flags |= OffloadOracle.URG;
                case ECE -> flags |= OffloadOracle.ECE;
                case UDP -> shape = new OffloadFrames.Shape(shape.vid(), shape.version(), 0, List.of(), 0, OffloadOracle.UDP, 0, 0, 0, id, size, 0, -1,
                        shape.seed(), OffloadFrames.Defect.NONE);
                case IP_OPTIONS -> shape = new OffloadFrames.Shape(shape.vid(), shape.version(), shape.version() == 4 ? 1 : 0,
                        shape.version() == 6 ? List.of(60) : List.of(), 0, shape.proto(), shape.tcpOptionWords(), shape.tcpFlags(), shape.seq(), shape.ipId(),
                        shape.payload(), 0, -1, shape.seed(), OffloadFrames.Defect.NONE);
                case TRAILING -> shape = new OffloadFrames.Shape(shape.vid(), shape.version(), shape.ipOptionWords(), shape.extensions(), shape.units(),
                        shape.proto(), shape.tcpOptionWords(), shape.tcpFlags(), shape.seq(), shape.ipId(), shape.payload(), 1 + arrive.amount() % 20, -1,
                        shape.seed(), OffloadFrames.Defect.NONE);
                default -> {
                }
            }
            byte[] frame = OffloadFrames.build(shape.withPayload(size).withFlags(flags).at(seq, id).withChecksum(-1), OffloadBench.RX_MAC, PEER);
            OffloadOracle.Parsed p = OffloadOracle.parse(frame);
            switch (arrive.kind()) {
                case TTL -> {
                    frame[p.l3() + (p.version() == 4 ? 8 : 7)] ^= 0x01;
                    frame = OffloadOracle.valid(frame);
                }
                case WINDOW -> {
                    frame[p.l4() + 15] ^= 0x40;
                    frame = OffloadOracle.valid(frame);
                }
                case BAD_CHECKSUM -> frame[p.checksumAt()] ^= 0x5A;
                default -> {
                }
            }
            f.seq = seq + (arrive.kind() == Arrival.UDP ? 0 : size);
            if (advanceId) {
                f.id = id + 1;
            }
            f.last = frame;
            return frame;
        }

        /** Arrivals the deliveries so far account for (a merged delivery for as many as it re-segments into). */
        int accounted;

        private void record(List<OffloadBench.Delivery> got) {
            for (OffloadBench.Delivery d : got) {
                delivered.add(d);
                deliveredAt.add(h.now());
                OffloadOracle.Parsed p = d.gso() == null ? null : OffloadOracle.parse(d.frame());
                accounted += p == null || d.mss() <= 0 ? 1 : OffloadOracle.segments(p.payload(), d.mss());
            }
        }

        /** Applies {@code step} to the device and the oracle and, when {@link #compare}, compares what the receiver got. */
        void apply(TrainStep step) {
            List<LroOracle.Expected> expected = new ArrayList<>();
            String what;
            String rule;
            if (step instanceof Arrive arrive) {
                rule = "LRO-3 (merge) or LRO-4 (flush)";
                byte[] frame = frame(arrive);
                what = "arrival of " + arrive.kind() + " of flow " + arrive.flow() + " (" + frame.length + " bytes, " + (OffloadOracle.candidate(frame)
                        ? "a candidate" : "not a candidate") + ")";
                arrived.add(frame);
                arrivedAt.add(h.now());
                h.receive(0, frame);
                expected.addAll(oracle.receive(frame, h.now()));
            } else if (step instanceof Wait wait) {
                rule = "LRO-4 (LRO-7: the flush at the due time)";
                long to = switch (wait.jump()) {
                    case TINY -> h.now() + wait.amount() % 4;
                    case DUE -> oracle.due() == Long.MAX_VALUE ? h.now() + 1 : oracle.due();
                    case BEFORE_DUE -> oracle.due() == Long.MAX_VALUE ? h.now() : Math.max(h.now(), oracle.due() - 1);
                    case SOME -> h.now() + setup.flush() * wait.amount() / 16;
                    case FAR -> h.now() + 3 * setup.flush();
                };
                what = "time to " + to + " (" + wait + ")";
                if (!compare) {
                    // the laws need each delivery's time: stop at every bound a pending arrival sets (its arrival + the delay)
                    while (accounted < arrived.size()) {
                        long bound = arrivedAt.get(accounted) + setup.flush();
                        if (bound >= to || bound <= h.now()) {
                            break;
                        }
                        h.advanceTo(bound);
                        oracle.advanceTo(bound);
                        record(bench.deliveries());
                    }
                }
                h.advanceTo(to);
                expected.addAll(oracle.advanceTo(to));
            } else if (step instanceof Post post) {
                rule = "LRO-4";
                what = "post " + post.count();
                post(post.count());
            } else {
                Touch touch = ((Poke) step).touch();
                what = touch.toString();
                rule = touch == Touch.FAIL ? "LRO-6" : "LRO-4 (the flush at an accepted control request)";
                switch (touch) {
                    case GUEST_CONFIG -> {
                        if (bench.offloads(OffloadBench.RX, new Offloads(setup.rxChecksum(), setup.flush())) instanceof ControlResult.Ok) {
                            expected.addAll(oracle.control());
                        }
                    }
                    case HOST_UPDATE -> {
                        if (h.control(Caller.HOST, new ControlRequest.UpdateContext(OffloadBench.RX, h.config(OffloadBench.RX))) instanceof ControlResult.Ok) {
                            expected.addAll(oracle.control());
                        }
                    }
                    case REFUSED_CONFIG -> Check.equal("OFF-2", h, "SetGuestConfig with lroFlushNanos past one second", "Rejected(INVALID_CONFIG)",
                            Harness.describe(bench.offloads(OffloadBench.RX, new Offloads(setup.rxChecksum(), Offloads.MAX_LRO_FLUSH_NANOS + 1))));
                    case FAIL -> {
                        GuestDriver guest = bench.guest(OffloadBench.RX);
                        guest.queue(List.of(new TxSlot.Data(guest.rxRing() + 1000, 0, TxRequestLayout.FLAG_MORE_DATA, 1, 60)));
                        guest.pushTx();
                        h.kick(OffloadBench.RX, Queue.TX);
                        Check.equal("DESC-3", h, "state of the receiver after a chain that never ends", ContextState.FAILED, h.state(OffloadBench.RX));
                        expected.addAll(oracle.fail());
                    }
                    case RESET -> {
                        if (h.control(Caller.HOST, new ControlRequest.ResetContext(OffloadBench.RX)) instanceof ControlResult.Ok) {
                            expected.addAll(oracle.control());
                            oracle.reset();
                        }
                    }
                    case OTHER_UPDATE -> h.control(Caller.HOST, new ControlRequest.UpdateContext(OffloadBench.TX, h.config(OffloadBench.TX)));
                }
            }
            List<OffloadBench.Delivery> got = bench.deliveries();
            record(got);
            if (compare) {
                compare(rule, what, expected, got);
            }
            Check.noFindings("LRO-4", h);
        }

        private void compare(String rule, String what, List<LroOracle.Expected> expected, List<OffloadBench.Delivery> got) {
            List<LroOracle.Expected> deliveries = expected.stream().filter(e -> e.counter() == Counter.RX_FRAMES).toList();
            if (deliveries.size() != got.size()) {
                throw Check.failure(rule, h,
                        "after " + what + ": " + expected + " (held now: " + oracle.held() + " segment(s), due " + oracle.due() + ")", got);
            }
            for (int k = 0; k < got.size(); k++) {
                LroOracle.Expected e = deliveries.get(k);
                OffloadBench.Delivery d = got.get(k);
                if (!Arrays.equals(e.frame(), d.frame())) {
                    throw Check.failure(e.mss() >= 0 || d.gso() != null ? "LRO-3 (LRO-5)" : rule, h, "after " + what + ", delivery " + k + ": " + e + " "
                            + Bytes.hex(e.frame(), 80), d + " (first difference at byte " + firstDifference(e.frame(), d.frame()) + ")");
                }
                Check.equal("LRO-5", h, "after " + what + ", the layout of delivery " + k, null, d.problem());
                Check.equal("LRO-5", h, "after " + what + ", delivery " + k + " has a GSO extra", e.mss() >= 0, d.gso() != null);
                if (e.mss() >= 0) {
                    Check.equal("LRO-5", h, "after " + what + ", the GSO extra of delivery " + k, Bytes.hex(gsoBytes(e), 8), Bytes.hex(d.gso(), 8));
                }
                Check.equal("LRO-5", h, "after " + what + ", slots of delivery " + k, e.requests(), d.slots());
                Check.equal("CSUM-5", h, "after " + what + ", NETRXF_data_validated on delivery " + k, e.validated(), d.validated());
                Check.that((d.flags() & RxResponseLayout.FLAG_CSUM_BLANK) == 0, "CSUM-5", h, "never NETRXF_csum_blank", d);
            }
            Map<Counter, Long> now = OffloadBench.delta(base, bench.counters(OffloadBench.RX, OffloadBench.RX_COUNTERS));
            Check.equal("LRO-6", h, "after " + what + ", the receiver's counters", oracle.counters(), now);
        }

        private byte[] gsoBytes(LroOracle.Expected e) {
            byte[] extra = new byte[ExtraInfoLayout.LENGTH];
            extra[ExtraInfoLayout.TYPE] = (byte) ExtraInfoLayout.TYPE_GSO;
            Bytes.put16(extra, ExtraInfoLayout.GSO_SIZE, e.mss());
            extra[ExtraInfoLayout.GSO_TYPE] = (byte) OffloadOracle.gsoType(e.frame());
            return extra;
        }
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(LRO)
    @Requirement({"LRO-2", "LRO-3", "LRO-4", "LRO-5", "LRO-6", "LRO-7", "CSUM-5"})
    public void required_LRO3_LRO4_everyDeliveryOfASegmentTrainIsTheOneSection7GivesAtTheTimeItGivesIt(@ForAll("setups") Setup setup,
            @ForAll @Size(min = 1, max = 30) List<@From("trainSteps") TrainStep> steps) {
        TrainRun run = new TrainRun(setup, true);
        for (TrainStep step : steps) {
            run.apply(step);
        }
        run.apply(new Wait(Jump.FAR, 0));
        Check.equal("LRO-4", run.h, "segments held after three flush delays", 0, run.oracle.held());
    }

    @Property(tries = 250)
    @ProfileGate.Claimed(LRO)
    @Requirement({"LRO-8", "LRO-3", "LRO-4", "LRO-6", "RX-5"})
    public void required_LRO8_theDeliveriesReSegmentIntoTheArrivedFramesInArrivalOrderNoneLaterThanItsFirstArrivalPlusTheDelay(
            @ForAll("plentySetups") Setup setup, @ForAll @Size(min = 1, max = 30) List<@From("lawSteps") TrainStep> steps) {
        TrainRun run = new TrainRun(setup, false);
        for (TrainStep step : steps) {
            run.apply(step);
        }
        run.apply(new Wait(Jump.FAR, 0));
        Harness h = run.h;
        int next = 0;
        for (int k = 0; k < run.delivered.size(); k++) {
            OffloadBench.Delivery d = run.delivered.get(k);
            long at = run.deliveredAt.get(k);
            Check.that(next < run.arrived.size(), "LRO-8", h, "no delivery beyond the " + run.arrived.size() + " frames that arrived", d);
            List<byte[]> parts;
            if (d.gso() == null) {
                parts = List.of(d.frame());
            } else {
                Check.that(d.mss() > 0 && OffloadOracle.parse(d.frame()) != null, "LRO-5", h, "a merged frame that parses with a GSO size", d);
                parts = OffloadOracle.segment(d.frame(), d.mss());
            }
            Check.that(next + parts.size() <= run.arrived.size(), "LRO-8", h, "delivery " + k + " made of frames that arrived", d + " re-segments into "
                    + parts.size() + " with only " + (run.arrived.size() - next) + " left");
            for (int i = 0; i < parts.size(); i++) {
                byte[] arrived = run.arrived.get(next + i);
                byte[] want = d.gso() == null ? arrived : OffloadOracle.valid(arrived);
                if (!Arrays.equals(want, parts.get(i))) {
                    throw Check.failure(d.gso() == null ? "LRO-8" : "LRO-8 (LRO-3: a merged frame re-segments into its parts)", h, "delivery " + k
                            + (d.gso() == null ? "" : " re-segmented at MSS " + d.mss() + ", part " + i) + " = arrival " + (next + i) + ": " + Bytes.hex(want, 80),
                            Bytes.hex(parts.get(i), 80) + " (first difference at byte " + firstDifference(want, parts.get(i)) + ")");
                }
            }
            long first = run.arrivedAt.get(next);
            Check.that(at <= first + setup.flush(), "LRO-4", h, "delivery " + k + " (first segment arrived at " + first + " ns) given by "
                    + (first + setup.flush()) + " ns", "given at " + at + " ns");
            next += parts.size();
        }
        Check.equal("LRO-8", h, "frames delivered (every arrival, in order; buffers were plenty)", run.arrived.size(), next);
        Map<Counter, Long> delta = OffloadBench.delta(run.base, run.bench.counters(OffloadBench.RX, OffloadBench.RX_COUNTERS));
        Check.equal("LRO-6 (RX-5)", h, "RX_FRAMES delta (one per frame received, merged or not)", (long) run.arrived.size(), delta.get(Counter.RX_FRAMES));
    }

    @Property(tries = 150)
    @Requirement({"LRO-1", "CSUM-6"})
    public void required_LRO1_aContextWithoutLroGetsEveryFrameAtOnceAloneAndNeverAGsoExtra(@ForAll("plentySetups") Setup setup,
            @ForAll @Size(min = 1, max = 20) List<@From("lawSteps") TrainStep> steps) {
        Setup off = new Setup(setup.shape(), setup.size(), setup.otherSize(), 0, setup.buffers(), setup.rxChecksum() && claims(Profile.CHECKSUM));
        TrainRun run = new TrainRun(off, true);
        for (TrainStep step : steps) {
            if (!(step instanceof Poke)) {
                run.apply(step);
            }
        }
        for (OffloadBench.Delivery d : run.delivered) {
            Check.that(d.gso() == null && (d.flags() & RxResponseLayout.FLAG_EXTRA_INFO) == 0, "LRO-1", run.h, "no GSO extra for a context without LRO", d);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Offloads> anyOffloads() {
        Arbitrary<Long> flush = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)), Tuple.of(3, Arbitraries.longs().between(1, Offloads.MAX_LRO_FLUSH_NANOS)),
                Tuple.of(1, Arbitraries.of(1L, Offloads.MAX_LRO_FLUSH_NANOS)),
                Tuple.of(2, Arbitraries.of(-1L, Long.MIN_VALUE, Offloads.MAX_LRO_FLUSH_NANOS + 1, Long.MAX_VALUE)));
        return Combinators.combine(Arbitraries.of(true, false), flush).as(Offloads::new);
    }

    private static Arbitrary<Integer> firstOwn() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(4096)), Tuple.of(1, Arbitraries.integers().between(14, 200)),
                Tuple.of(1, Arbitraries.integers().between(14, 4096)));
    }

    private static Arbitrary<Integer> split() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 0xFFFFFF)));
    }

    @Provide
    Arbitrary<Out> parseableOuts() {
        return Combinators.combine(OffloadFrames.parseable(9000), Arbitraries.of(true, false), firstOwn(), split()).as(Out::new);
    }

    @Provide
    Arbitrary<Out> anyOuts() {
        return Combinators.combine(Arbitraries.oneOf(OffloadFrames.parseable(9000), OffloadFrames.nearMisses(2000)), Arbitraries.of(true, false), firstOwn(),
                split()).as(Out::new);
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> nearMissShapes() {
        return OffloadFrames.nearMisses(2000);
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> udpShapes() {
        return OffloadFrames.parseable(3000).map(s -> new OffloadFrames.Shape(s.vid(), s.version(), s.ipOptionWords(), s.extensions(), s.units(),
                OffloadOracle.UDP, 0, 0, 0, s.ipId(), Math.max(2, s.payload()), s.trailing(), -1, s.seed(), OffloadFrames.Defect.NONE));
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> validShapes() {
        return OffloadFrames.parseable(5000).map(s -> s.withChecksum(-1));
    }

    @Provide
    Arbitrary<In> ins() {
        Arbitrary<OffloadFrames.Shape> shapes = Arbitraries.frequencyOf(Tuple.of(5, OffloadFrames.parseable(9000)), Tuple.of(1, OffloadFrames.nearMisses(2000)));
        return Combinators.combine(shapes, Arbitraries.of(true, true, false), Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)),
                Arbitraries.of(true, false)).as(In::new);
    }

    @Provide
    Arbitrary<Gso> gsoPackets() {
        return OffloadFrames.superFrames(64_000).flatMap(shape -> Combinators.combine(OffloadFrames.mss(shape.payload(), 45), Arbitraries.of(true, false),
                firstOwn(), split()).as((mss, blank, own, split) -> new Gso(shape, mss, blank, own, split)));
    }

    @Provide
    Arbitrary<Gso> mergeableGso() {
        return OffloadFrames.mergeable(1, 60_000).flatMap(shape -> Combinators.combine(OffloadFrames.mss(shape.payload(), 40), firstOwn(), split())
                .as((mss, own, split) -> new Gso(shape, mss, false, own, split)));
    }

    @Provide
    Arbitrary<Mixed> mixed() {
        return Combinators.combine(OffloadFrames.superFrames(20_000).flatMap(shape -> Combinators.combine(OffloadFrames.mss(shape.payload(), 20),
                Arbitraries.of(true, false), firstOwn(), split()).as((mss, blank, own, split) -> new Gso(shape, mss, blank, own, split))),
                Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(1, 4))).as(Mixed::new);
    }

    @Provide
    Arbitrary<Long> flushDelays() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.longs().between(1, 50)), Tuple.of(3, Arbitraries.longs().between(100, 200_000)),
                Tuple.of(1, Arbitraries.of(Offloads.MAX_LRO_FLUSH_NANOS)));
    }

    private Arbitrary<Setup> setups(Arbitrary<Integer> buffers) {
        Arbitrary<OffloadFrames.Shape> shapes = OffloadFrames.mergeable(1, 10).map(s -> s.withChecksum(-1));
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(1, 8)), Tuple.of(3, Arbitraries.integers().between(100, 1460)),
                Tuple.of(2, Arbitraries.integers().between(1461, 4000)), Tuple.of(1, Arbitraries.integers().between(8000, 9000)));
        return Combinators.combine(shapes, sizes, sizes, flushDelays(), buffers, Arbitraries.of(true, false)).as(Setup::new);
    }

    @Provide
    Arbitrary<Setup> setups() {
        return setups(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(200)), Tuple.of(2, Arbitraries.integers().between(0, 12))));
    }

    @Provide
    Arbitrary<Setup> plentySetups() {
        return setups(Arbitraries.just(240));
    }

    private static Arbitrary<TrainStep> arrivals() {
        Arbitrary<Arrival> kinds = Arbitraries.frequency(Tuple.of(12, Arrival.NEXT), Tuple.of(2, Arrival.SHORT), Tuple.of(2, Arrival.PSH), Tuple.of(1, Arrival.LONG),
                Tuple.of(2, Arrival.GAP), Tuple.of(1, Arrival.RETRANSMIT), Tuple.of(1, Arrival.SAME_ID), Tuple.of(1, Arrival.TTL), Tuple.of(1, Arrival.WINDOW),
                Tuple.of(1, Arrival.SYN), Tuple.of(1, Arrival.FIN), Tuple.of(1, Arrival.PURE_ACK), Tuple.of(1, Arrival.URG), Tuple.of(1, Arrival.ECE),
                Tuple.of(1, Arrival.BAD_CHECKSUM), Tuple.of(1, Arrival.UDP), Tuple.of(1, Arrival.IP_OPTIONS), Tuple.of(1, Arrival.TRAILING));
        return Combinators.combine(kinds, Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(1, 1)), Arbitraries.integers().between(0, 10_000)).as(Arrive::new);
    }

    private static Arbitrary<TrainStep> waits() {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(2, Jump.TINY), Tuple.of(3, Jump.DUE), Tuple.of(2, Jump.BEFORE_DUE), Tuple.of(2, Jump.SOME),
                Tuple.of(1, Jump.FAR)), Arbitraries.integers().between(0, 40)).as(Wait::new);
    }

    @Provide
    Arbitrary<TrainStep> trainSteps() {
        return Arbitraries.frequencyOf(Tuple.of(12, arrivals()), Tuple.of(4, waits()), Tuple.of(1, Arbitraries.integers().between(1, 8).map(Post::new)),
                Tuple.of(2, Arbitraries.of(Touch.class).map(Poke::new)));
    }

    /** Arrivals and time only: every frame reaches the guest, so the laws see all of them. */
    @Provide
    Arbitrary<TrainStep> lawSteps() {
        return Arbitraries.frequencyOf(Tuple.of(12, arrivals()), Tuple.of(4, waits()),
                Tuple.of(1, Arbitraries.of(Touch.GUEST_CONFIG, Touch.HOST_UPDATE, Touch.REFUSED_CONFIG, Touch.OTHER_UPDATE).map(Poke::new)));
    }
}
