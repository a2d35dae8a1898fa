package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.Inet.ACK;
import static io.netchannel.conformance.vectors.generate.Inet.PSH;
import static io.netchannel.conformance.vectors.generate.Inet.TCP;
import static io.netchannel.conformance.vectors.generate.Inet.UDP;
import static io.netchannel.conformance.vectors.generate.OffloadBench.PEER;
import static io.netchannel.conformance.vectors.generate.OffloadBench.Want.nothing;
import static io.netchannel.conformance.vectors.generate.OffloadBench.note;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.A;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.B;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.C;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.CHAPTER;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.CHECKSUM;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.D;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.LRO;
import static io.netchannel.conformance.vectors.generate.OffloadVectors.TSO;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chapter 11, section 7 (profile {@code lro}): only candidates are held and merged (LRO-2); a
 * candidate merges exactly when section 7.2 says (LRO-3); the aggregate is flushed at its due time
 * inside {@code advanceTo}, before a frame at or after that time, before a frame that does not
 * merge, after a merged PSH or short segment, and at the start of an accepted control request on
 * its context, a PSH candidate or one that does not fit the posted requests never being held, and
 * a destroy discarding it (LRO-4, LRO-7); one segment is delivered as it came, several as one
 * merged frame with a GSO extra slot after the first data slot (LRO-5); n segments end in one
 * counter that grows by n (LRO-6); and nothing is reordered (LRO-8). A context without LRO
 * receives every frame as chapter 04 says (LRO-1).
 *
 * <p>Every merged frame, its slots and flags are {@link Inet}'s and {@link OffloadBench}'s, and
 * each test's inputs are checked against {@link Inet#candidate} and {@link Inet#merges} so that a
 * test's comment says what section 7 does with them.
 */
final class LroVectors {

    /** Context 0's and 2's flush delay: 100 microseconds. */
    private static final long FLUSH = 100_000;

    private LroVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(lro(), ringRoom(), coalescing(), roundTrip(), notExtended(), afterResumption());
    }

    // ------------------------------------------------------------------ flows

    /**
     * A TCP flow from the wire station: segment n carries {@code length} stream bytes from stream
     * offset {@code offset}, IPv4 identification id0 + n, sequence seq0 + offset; checksums right.
     * The stream's byte at offset o is a function of o, so payloads that arrive in order
     * concatenate to the stream (LRO-8).
     */
    record Flow(MacAddress to, MacAddress from, Integer tci, Inet.Net net, Inet.Tcp tcp, long seq0, int id0, int mss) {

        static Flow to(MacAddress to) {
            return new Flow(to, PEER, null, Inet.Net.IPV4, Inet.Tcp.of(0), 1000, 100, 100);
        }

        Flow tagged(int vid) {
            return new Flow(to, from, vid, net, tcp, seq0, id0, mss);
        }

        Flow over(Inet.Net layer) {
            return new Flow(to, from, tci, layer, tcp, seq0, id0, mss);
        }

        Flow with(Inet.Tcp header) {
            return new Flow(to, from, tci, net, header, seq0, id0, mss);
        }

        Flow from(MacAddress source) {
            return new Flow(to, source, tci, net, tcp, seq0, id0, mss);
        }

        Flow mss(int value) {
            return new Flow(to, from, tci, net, tcp, seq0, id0, value);
        }

        /** Segment {@code n}: {@code length} bytes from stream offset {@code offset}, TCP flags {@code flags}. */
        byte[] segment(int n, long offset, int length, int flags) {
            byte[] data = new byte[length];
            for (int k = 0; k < length; k++) {
                long o = offset + k;
                data[k] = (byte) (0x30 + 7 * o + o / 251);
            }
            byte[] l4 = tcp.withSeq((seq0 + offset) & 0xFFFF_FFFFL).withFlags(flags).segment(data);
            return Inet.withL4Checksum(Inet.ether(to, from, tci, net.etherType(), net.packet(TCP, l4, (id0 + n) & 0xFFFF)));
        }

        /** Segment {@code n} of MSS bytes at offset n x MSS, ACK. */
        byte[] segment(int n) {
            return segment(n, (long) n * mss, mss, ACK);
        }

        /** Segment {@code n} of MSS bytes at offset n x MSS with {@code flags}. */
        byte[] segment(int n, int flags) {
            return segment(n, (long) n * mss, mss, flags);
        }
    }

    private static final Flow F = Flow.to(A);

    private static void candidate(byte[] frame) {
        require(Inet.candidate(frame), "the segment is a candidate (LRO-2)");
    }

    private static void notCandidate(byte[] frame) {
        require(!Inet.candidate(frame), "the frame is not a candidate (LRO-2)");
    }

    private static void merges(List<byte[]> held, byte[] next) {
        require(Inet.merges(held, next), "the segment merges into the aggregate (section 7.2)");
    }

    private static void doesNotMerge(List<byte[]> held, byte[] next) {
        require(Inet.candidate(next) && !Inet.merges(held, next), "the candidate does not merge into the aggregate (section 7.2)");
    }

    private static List<byte[]> list(byte[]... frames) {
        return List.of(frames);
    }

    // ------------------------------------------------------------------ offload/lro.yaml

    private static final String BENCH = "context 0 untagged (02:00:00:00:00:01), lroFlushNanos 100000, rxChecksum off; context 1 Access(20) "
            + "(02:00:00:00:00:02), lroFlushNanos 100000, rxChecksum on; context 2 Trunk(10, 11) (02:00:00:00:00:03), lroFlushNanos 100000; "
            + "context 3 untagged (02:00:00:00:00:04), rxChecksum on and LRO off; eight RX buffers each (pages 100 + 10 x id + k, filled with "
            + "0xee); rings on pages 1 to 8. Segments come from the wire station 02:00:00:00:00:99, TCP over IPv4 (10.0.0.1:40000 to "
            + "10.0.0.2:80), ACK, 100 payload bytes, identification 100 + n and sequence number 1000 + 100 n for segment n, unless a test says "
            + "otherwise";

    private static OffloadBench bench() {
        OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 8, A), Bench.member(1, Bench.access(20), 8, B),
                Bench.member(2, trunk(10, 11), 8, C), Bench.member(3, UNTAGGED, 8, D)));
        t.offloads(0, new Offloads(false, FLUSH));
        t.offloads(1, new Offloads(true, FLUSH));
        t.offloads(2, new Offloads(false, FLUSH));
        t.offloads(3, new Offloads(true, 0));
        return t;
    }

    /** Segment {@code held} arrives and is held; then {@code next} arrives and the test's {@code want} happens. */
    private static Consumer<OffloadBench> heldThen(byte[] held, byte[] next, OffloadBench.Want want) {
        candidate(held);
        return t -> {
            t.wire(held, nothing());
            t.wire(next, want);
        };
    }

    /** Segment 0 is held; {@code other}, not a candidate, arrives: the aggregate is flushed, then {@code other} delivered (LRO-4, LRO-8). */
    private static Consumer<OffloadBench> nonCandidate(byte[] other) {
        notCandidate(other);
        byte[] held = F.segment(0);
        return heldThen(held, other, nothing().flushes(0, list(held), false).delivers(0, other, false));
    }

    private static VectorBundle.Entry lro() {
        String id = CHAPTER + ".lro.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "lro",
                "Large receive offload (chapter 11, section 7) on contexts whose guest set lroFlushNanos: candidates (TCP that parses and "
                        + "verifies, no IP options or extension headers, filling the frame, with payload, flags ACK or ACK+PSH) are held per "
                        + "context in one aggregate and merged while section 7.2's conditions hold; the aggregate is flushed at first arrival + "
                        + "lroFlushNanos inside advanceTo, before a frame that does not merge, after a merged PSH or short segment, and at the "
                        + "start of an accepted control request on its context; one segment is delivered as it came, several as one merged frame "
                        + "with a GSO extra slot (type 1, the MSS, GSO type 1 or 2) after the first data slot; n segments count n.");
        file.note("Merged", "BASIC", "segments merged into one delivery with a GSO extra (LRO-3, LRO-5)", "a guest gets a merged frame that does "
                + "not re-segment into what was sent, or in another slot layout than Xen's");
        file.note("Flush", "BASIC", "what ends an aggregate: its due time, a PSH or short segment, a frame that does not merge (LRO-4)", "a segment "
                + "waits longer than the guest allowed, or devices deliver the same frames in different calls");
        file.note("NotCandidate", "EDGE_CASE", "a frame LRO never holds or merges: not TCP, not parsed, a bad checksum, IP options, flags other "
                + "than ACK and PSH, no payload, padding (LRO-2)", "a SYN, FIN or corrupted segment is merged away or delayed");
        file.note("NoMerge", "EDGE_CASE", "a candidate that differs from the aggregate in one field section 7.2 compares (LRO-3)", "segments of "
                + "different flows, or with a gap, are glued together");
        file.note("Control", "EDGE_CASE", "a control request or kick while an aggregate is held (LRO-4)", "a configuration change applies to "
                + "frames that arrived before it, or a held aggregate outlives its context");
        file.note("Failure", "RESOURCE_EXHAUSTION", "the aggregate's delivery fails or its context fails (LRO-6)", "held segments vanish from the "
                + "counters");
        file.note("SizeLimit", "EDGE_CASE", "a merged frame at the 65535-byte limit (LRO-3)", "a merged frame too large for an IP packet");
        file.note("LroOff", "BASIC", "a context that did not turn LRO on (LRO-1)", "a guest that did not ask receives merged frames");

        FileBuilder.GroupBuilder<OffloadBench> g = file.group(BENCH, LroVectors::bench).requiring(CHECKSUM, LRO);
        byte[] s0 = F.segment(0);
        byte[] s1 = F.segment(1);
        byte[] s2 = F.segment(2);
        merges(list(s0), s1);
        merges(list(s0, s1), s2);
        g.test(Meta.valid(id + "two-merged-at-due-time", "segments 0 and 1 arrive at time 0 and merge; nothing is delivered at 99999 ns; at 100000 "
                        + "one 254-byte merged frame arrives in two slots, the first with NETRXF_extra_info, then the GSO extra (MSS 100, TCPv4); "
                        + "RX_FRAMES 2", "LRO-3", "LRO-4", "LRO-5", "LRO-6", "LRO-7").flags("Merged", "Flush"),
                t -> {
                    t.wire(s0, nothing());
                    t.wire(s1, nothing());
                    t.advanceTo(99_999, nothing());
                    t.advanceTo(FLUSH, nothing().flushes(0, list(s0, s1), false));
                })
                .test(Meta.valid(id + "one-segment-delivered-as-is", "segment 0 alone is held until 100000 ns and delivered byte for byte, one slot, "
                        + "no extra", "LRO-5", "LRO-4", "LRO-7").flags("Flush"),
                        t -> {
                            t.wire(s0, nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0), false));
                        })
                .test(Meta.valid(id + "three-merged-validated", "segments 0 to 2 tagged VID 20 to Access context 1, which enabled rxChecksum: "
                                + "their tags are stripped before LRO sees them (DEMUX-10), and the untagged merged frame verifies, its first slot "
                                + "carrying NETRXF_data_validated with NETRXF_extra_info", "LRO-5", "CSUM-5", "LRO-6", "DEMUX-10").flags("Merged"),
                        t -> {
                            Flow f = Flow.to(B);
                            Flow tagged = f.tagged(20);
                            t.wire(tagged.segment(0), nothing());
                            t.wire(tagged.segment(1), nothing());
                            t.wire(tagged.segment(2), nothing());
                            t.advanceTo(FLUSH, nothing().flushes(1, list(f.segment(0), f.segment(1), f.segment(2)), true));
                        })
                .test(Meta.valid(id + "merged-psh-flushes-at-once", "segment 1 carries PSH: it merges and the aggregate is delivered in the same "
                        + "call, the merged frame with PSH", "LRO-4", "LRO-5").flags("Merged", "Flush"),
                        heldThen(s0, F.segment(1, ACK | PSH), nothing().flushes(0, list(s0, F.segment(1, ACK | PSH)), false)))
                .test(Meta.valid(id + "merged-short-flushes-at-once", "segment 1 carries 40 bytes, fewer than the MSS of 100: it merges and the "
                        + "aggregate is delivered at once", "LRO-4", "LRO-3").flags("Merged", "Flush"),
                        heldThen(s0, F.segment(1, 100, 40, ACK), nothing().flushes(0, list(s0, F.segment(1, 100, 40, ACK)), false)))
                .test(Meta.valid(id + "psh-candidate-never-held", "a lone segment with PSH is delivered at once, as chapter 04 says", "LRO-4", "LRO-1")
                        .flags("Flush"), t -> t.wire(F.segment(0, ACK | PSH), nothing().delivers(0, F.segment(0, ACK | PSH), false)))
                .test(Meta.valid(id + "multi-slot-merged", "three segments of 1448 bytes (MSS 1448): the 4398-byte merged frame takes three "
                                + "requests, data 4096 bytes with NETRXF_extra_info and NETRXF_more_data, the GSO extra (MSS 1448), data 302 bytes",
                                "LRO-5", "RX-2").flags("Merged"),
                        t -> {
                            Flow f = F.mss(1448);
                            t.wire(f.segment(0), nothing());
                            t.wire(f.segment(1), nothing());
                            t.wire(f.segment(2), nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(f.segment(0), f.segment(1), f.segment(2)), false));
                        })
                .test(Meta.valid(id + "ipv6-merged", "three IPv6 segments: the merged frame's payload length is rewritten and its GSO extra says "
                                + "TCPv6 (2)", "LRO-5", "LRO-3").flags("Merged"),
                        t -> {
                            Flow f = F.over(Inet.Net.IPV6);
                            t.wire(f.segment(0), nothing());
                            t.wire(f.segment(1), nothing());
                            t.wire(f.segment(2, ACK | PSH), nothing().flushes(0, list(f.segment(0), f.segment(1), f.segment(2, ACK | PSH)), false));
                        })
                .test(Meta.valid(id + "tagged-merged", "three segments tagged VID 10 to Trunk context 2: merged with the tag kept", "LRO-5", "LRO-3")
                                .flags("Merged"),
                        t -> {
                            Flow f = Flow.to(C).tagged(10);
                            t.wire(f.segment(0), nothing());
                            t.wire(f.segment(1), nothing());
                            t.advanceTo(FLUSH, nothing().flushes(2, list(f.segment(0), f.segment(1)), false));
                        })
                .test(Meta.valid(id + "other-vlan-does-not-merge", "segment 1 of the same flow tagged VID 11 instead of 10: the bytes before the IP "
                                + "header differ, so segment 0 is flushed and segment 1 held", "LRO-3", "LRO-4").flags("NoMerge"),
                        t -> {
                            Flow f = Flow.to(C).tagged(10);
                            byte[] other = Flow.to(C).tagged(11).segment(1);
                            doesNotMerge(list(f.segment(0)), other);
                            t.wire(f.segment(0), nothing());
                            t.wire(other, nothing().flushes(2, list(f.segment(0)), false));
                            t.advanceTo(FLUSH, nothing().flushes(2, list(other), false));
                        })
                .test(Meta.valid(id + "timestamps-equal-merge", "segments with the same TCP timestamps option merge", "LRO-3").flags("Merged"),
                        t -> {
                            Flow f = F.with(Inet.Tcp.of(0).withOptions(Inet.timestamps(7, 8)));
                            t.wire(f.segment(0), nothing());
                            t.wire(f.segment(1), nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(f.segment(0), f.segment(1)), false));
                        })
                .test(Meta.valid(id + "two-aggregates-in-turn", "segments 0 and 1 merge, segment 3 leaves a gap: 0 and 1 are delivered merged and 3 "
                                + "starts a new aggregate, which segment 4 joins; both flushes in order", "LRO-3", "LRO-4", "LRO-8").flags("Merged", "Flush"),
                        t -> {
                            byte[] s3 = F.segment(3);
                            byte[] s4 = F.segment(4);
                            doesNotMerge(list(s0, s1), s3);
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.advanceTo(50_000, nothing());
                            t.wire(s3, nothing().flushes(0, list(s0, s1), false));
                            t.wire(s4, nothing());
                            t.advanceTo(149_999, nothing());
                            t.advanceTo(150_000, nothing().flushes(0, list(s3, s4), false));
                        });

        Object[][] noMerge = {
            {"sequence-gap", "segment 2 after segment 0 (a gap of 100 bytes)", s2},
            {"sequence-overlap", "a segment repeating 50 bytes of segment 0", F.segment(1, 50, 100, ACK)},
            {"id-not-incremented", "segment 1 with segment 0's identification", Inet.retouched(s1, 19, 100)},
            {"id-skips", "segment 1 with identification 102", Inet.retouched(s1, 19, 102)},
            {"other-port", "the next segment from source port 40001", F.with(Inet.Tcp.of(0).withPorts(40001, 80)).segment(1)},
            {"other-source-mac", "the next segment from another wire station", F.from(MacAddress.parse("02:00:00:00:00:98")).segment(1)},
            {"ttl-differs", "the next segment with TTL 63", Inet.retouched(s1, 22, 63)},
            {"tos-differs", "the next segment with TOS 0x10", Inet.retouched(s1, 15, 0x10)},
            {"window-differs", "the next segment with window 0x2001", F.with(Inet.Tcp.of(0).withWindow(0x2001)).segment(1)},
            {"ack-differs", "the next segment acknowledging one more byte", F.with(Inet.Tcp.of(0).withAck(0x01020305L)).segment(1)},
            {"timestamps-differ", "the next segment with another TCP timestamp", F.with(Inet.Tcp.of(0).withOptions(Inet.timestamps(9, 8))).segment(1)},
            {"longer-than-first", "the next segment with 120 bytes, more than segment 0's 100", F.segment(1, 100, 120, ACK)},
        };
        for (Object[] c : noMerge) {
            byte[] next = (byte[]) c[2];
            doesNotMerge(list(s0), next);
            g.test(Meta.valid(id + "no-merge-" + c[0], "segment 0 is held; " + c[1] + " does not merge: segment 0 is delivered as it came and the "
                            + "new segment held until its own due time", "LRO-3", "LRO-4", "LRO-8").flags("NoMerge", "Flush"),
                    t -> {
                        t.wire(s0, nothing());
                        t.advanceTo(10_000, nothing());
                        t.wire(next, nothing().flushes(0, list(s0), false));
                        t.advanceTo(109_999, nothing());
                        t.advanceTo(110_000, nothing().flushes(0, list(next), false));
                    });
        }
        byte[] ipOptions = Inet.withL4Checksum(Inet.ether(A, PEER, null, Inet.IPV4, Inet.V4.of(101).withOptions(Inet.ipv4Nops(1))
                .header(TCP, Inet.Tcp.of(1100).segment(Inet.payload(100, 3)))));
        Object[][] others = {
            {"syn", "a SYN", F.segment(1, ACK | Inet.SYN)},
            {"fin", "a segment with FIN", F.segment(1, ACK | Inet.FIN)},
            {"rst", "a segment with RST", F.segment(1, ACK | Inet.RST)},
            {"urg", "a segment with URG", F.segment(1, ACK | Inet.URG)},
            {"ece", "a segment with ECE", F.segment(1, ACK | Inet.ECE)},
            {"cwr", "a segment with CWR", F.segment(1, ACK | Inet.CWR)},
            {"no-ack", "a segment without ACK", F.segment(1, PSH)},
            {"ns-bit", "a segment with the NS bit set", Inet.retouched(s1, 46, 0x51)},
            {"pure-ack", "a pure acknowledgment, no payload", F.segment(1, 100, 0, ACK)},
            {"bad-tcp-checksum", "the next segment with a wrong TCP checksum", Inet.withL4Field(s1, Inet.l4Field(s1) ^ 0x0100)},
            {"bad-ip-checksum", "the next segment with a wrong IPv4 header checksum", addTo(s1, 25, 1)},
            {"ip-options", "a TCP segment over IPv4 with 4 bytes of options", ipOptions},
            {"ipv6-extension-header", "a TCP segment over IPv6 with a hop-by-hop header", F.over(Inet.Net.IPV6_HOP_BY_HOP).segment(1)},
            {"padding", "the next segment with 2 payload bytes, padded to 60 bytes", Inet.cat(F.segment(1, 100, 2, ACK), new byte[4])},
            {"udp", "a UDP datagram", Inet.withL4Checksum(ChecksumVectors.frame(A, PEER, null, Inet.Net.IPV4, UDP, 100, 4))},
            {"ipv4-fragment", "an IPv4 fragment", fragment(s1)},
            {"non-ip", "a frame of EtherType 0x88b5", Inet.ether(A, PEER, null, 0x88B5, Inet.payload(100, 5))},
        };
        for (Object[] c : others) {
            g.test(Meta.valid(id + "not-candidate-" + c[0], "segment 0 is held; " + c[1] + ", not a candidate, arrives: segment 0 is delivered, then "
                    + "the frame as chapter 04 says, in arrival order", "LRO-2", "LRO-4", "LRO-8").flags("NotCandidate", "Flush"), nonCandidate((byte[]) c[2]));
        }
        byte[] syn = F.segment(0, ACK | Inet.SYN);
        notCandidate(syn);
        g.test(Meta.valid(id + "not-candidate-never-held", "a SYN with no aggregate held is delivered at once", "LRO-2").flags("NotCandidate"),
                        t -> t.wire(syn, nothing().delivers(0, syn, false)))
                .test(Meta.valid(id + "lro-off-delivers-each", "context 3, LRO off: segments 0 and 1 are each delivered at once, no GSO extra, "
                                + "each marked (rxChecksum on)", "LRO-1", "CSUM-5").flags("LroOff"),
                        t -> {
                            Flow f = Flow.to(D);
                            t.wire(f.segment(0), nothing().delivers(3, f.segment(0), true));
                            t.wire(f.segment(1), nothing().delivers(3, f.segment(1), true));
                        })
                .test(Meta.valid(id + "turned-off-flushes", "segment 0 is held; context 0's guest turns LRO off: the aggregate is delivered in that "
                                + "call, and segment 1 then arrives on its own", "LRO-4", "LRO-1").flags("Control", "LroOff"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT), "Ok",
                                    nothing().flushes(0, list(s0), false));
                            t.wire(s1, nothing().delivers(0, s1, false));
                        })
                .test(Meta.valid(id + "guest-config-flushes-under-old-offloads", "segments 0 and 1 are held; context 0's guest turns rxChecksum on: "
                                + "the aggregate is delivered first, unmarked, as it was built; segment 2 then starts a new aggregate", "LRO-4", "CSUM-5")
                                .flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT.withOffloads(new Offloads(true, FLUSH))),
                                    "Ok", nothing().flushes(0, list(s0, s1), false));
                            t.wire(s2, nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s2), true));
                        })
                .test(Meta.valid(id + "update-flushes", "segment 0 is held; the host updates context 0 with its own configuration: the aggregate is "
                                + "delivered in that call", "LRO-4").flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.HOST, new ControlRequest.UpdateContext(0, t.bench.configs.get(0)), "Ok", nothing().flushes(0, list(s0), false));
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.valid(id + "reset-flushes", "segments 0 and 1 are held; the host resets context 0: the merged frame is delivered first",
                                "LRO-4", "RING-14").flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.control(Caller.HOST, new ControlRequest.ResetContext(0), "Ok", nothing().flushes(0, list(s0, s1), false));
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.valid(id + "destroy-discards", "segment 0 is held; the host destroys context 0: nothing is delivered, and nothing at "
                                + "100000 ns", "LRO-4", "LRO-6").flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.HOST, new ControlRequest.DestroyContext(0), "Ok", nothing());
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.invalid(id + "refused-request-does-not-flush", "segment 0 is held; context 0's guest asks for lroFlushNanos -1, refused: "
                                + "the aggregate stays and is flushed at 100000 ns", FileBuilder.rejected("INVALID_CONFIG"), "LRO-4", "OFF-2", "PRIV-8")
                                .flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT.withOffloads(new Offloads(false, -1))),
                                    "Rejected(INVALID_CONFIG)", nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0), false));
                        })
                .test(Meta.valid(id + "other-context-request-does-not-flush", "segment 0 is held by context 0; context 1's guest sets its "
                                + "configuration: context 0's aggregate stays until 100000 ns", "LRO-4").flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.DEFAULT), "Ok", nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0), false));
                        })
                .test(Meta.valid(id + "kick-does-not-flush", "segment 0 is held; context 0's guest kicks both queues: nothing happens until 100000 ns",
                                "LRO-4").flags("Control"),
                        t -> {
                            t.wire(s0, nothing());
                            t.kick(0, nothing());
                            t.call("kick RX of context 0", () -> t.harness.kick(0, Queue.RX), nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0), false));
                        })
                .test(Meta.invalid(id + "tx-fatal-drops-aggregate", "segments 0 and 1 are held; context 0 queues a TX slot crossing its page and "
                                + "kicks: the context fails and the two held segments count RX_DROP_FAILED", error("context"), "LRO-6", "DESC-5", "RING-13")
                                .flags("Failure"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            int page = t.harness.grantPage(0, io.netchannel.api.Access.READ_ONLY);
                            t.publishSlots(0, List.of(new TxSlot.Data(page, 4000, 0, 1, 200)));
                            t.kick(0, nothing().counts(0, Counter.FATAL_ERRORS, 1).counts(0, Counter.RX_DROP_FAILED, 2));
                            require(t.harness.state(0) == ContextState.FAILED, "the crossing slot fails context 0 (DESC-5)");
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.invalid(id + "rx-ring-failure-drops-aggregate", "segments 0 and 1 are held; the guest moves its RX req_prod 300 ahead: "
                                + "segment 2's arrival fails the context, and segment 2 and the two held segments count RX_DROP_FAILED",
                                error("context"), "LRO-6", "RING-11").flags("Failure"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            int rspProd = t.harness.guest(0).header(Queue.RX, SharedRingLayout.RSP_PROD);
                            t.harness.guest(0).setHeader(Queue.RX, SharedRingLayout.REQ_PROD, rspProd + 300);
                            t.wire(s2, nothing().counts(0, Counter.FATAL_ERRORS, 1).counts(0, Counter.RX_DROP_FAILED, 3));
                            require(t.harness.state(0) == ContextState.FAILED, "req_prod 300 ahead fails context 0 (RING-11)");
                        })
                .test(Meta.invalid(id + "bad-buffer-at-flush", "segments 0 and 1 are held; the guest revokes the first posted buffer: at 100000 ns "
                                + "the merged delivery finds it unwritable, both slots it takes (data and GSO extra) are answered ERROR and "
                                + "RX_DROP_BAD_BUFFER grows by 2", error("packet"), "LRO-6", "RX-4").flags("Failure"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.harness.revoke(Bench.buffer(0, 0));
                            t.advanceTo(FLUSH, nothing().badBuffer(0, 2, 2));
                        })
                .test(Meta.valid(id + "extra-slot-buffer-not-checked", "segments 0 and 1 are held; the guest revokes the second posted buffer, the "
                                + "one the GSO extra slot takes: the extra slot's buffer is never written, so only the data slot's grant is checked and "
                                + "the merged frame is delivered", "LRO-5", "RX-4").flags("Merged"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.harness.revoke(Bench.buffer(0, 1));
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0, s1), false));
                        })
                .done();

        file.note("ReplicationOrder", "IMPL_DEFINED", "the frame has several recipients; the device may handle the copies in any order between "
                + "them (DEMUX-12), and the runner compares notifications, counters and memory context by context", "a runner that compared the "
                + "interleaving of contexts would fail a device that replicates in parallel");
        file.group("context 0 untagged (02:00:00:00:00:01) and context 1 untagged (02:00:00:00:00:02, promiscuous allowed, its guest promiscuous), "
                                + "four RX buffers each, both with lroFlushNanos 100000; rings on pages 1 to 4",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 4, A), Bench.promiscuousAllowed(1, UNTAGGED, 4, B)));
                            t.offloads(0, new Offloads(false, FLUSH));
                            Bench.control(t.bench, Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.DEFAULT.withPromiscuous(true)
                                    .withOffloads(new Offloads(false, FLUSH))), "Ok");
                            return t;
                        })
                .requiring(CHECKSUM, LRO)
                .test(Meta.acceptable(id + "copies-held-independently", "segments 0 and 1 to context 0 are copied to promiscuous context 1 too: "
                                + "each context holds and merges its own copies, and at 100000 ns each receives one merged frame", "DEMUX-12", "LRO-3",
                                "LRO-5", "DEMUX-11").flags("ReplicationOrder", "Merged"),
                        t -> {
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0, s1), false).flushes(1, list(s0, s1), false));
                        })
                .test(Meta.acceptable(id + "copies-flushed-independently", "segment 0 is held by both contexts; context 1's guest then turns LRO "
                                + "off, which flushes its copy alone; segment 1 is merged by context 0 and delivered at once to context 1", "DEMUX-12",
                                "LRO-4", "LRO-1", "DEMUX-11").flags("ReplicationOrder", "Merged"),
                        t -> {
                            t.wire(s0, nothing());
                            t.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.DEFAULT.withPromiscuous(true)), "Ok",
                                    nothing().flushes(1, list(s0), false));
                            t.wire(s1, nothing().delivers(1, s1, false));
                            t.advanceTo(FLUSH, nothing().flushes(0, list(s0, s1), false));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static byte[] addTo(byte[] frame, int at, int delta) {
        byte[] f = frame.clone();
        f[at] = (byte) (f[at] + delta);
        return f;
    }

    /** {@code segment} (untagged IPv4) as a first fragment, its checksums right. */
    private static byte[] fragment(byte[] segment) {
        byte[] f = segment.clone();
        Inet.put16(f, 20, 0x2000);
        Inet.put16(f, 24, 0);
        Inet.put16(f, 24, Inet.ipv4HeaderChecksum(f, 14));
        return f;
    }

    // ------------------------------------------------------------------ offload/lro-limits.yaml

    private static VectorBundle.Entry ringRoom() {
        String id = CHAPTER + ".lro-limits.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "lro-limits",
                "What bounds an aggregate (chapter 11, section 7.2): the merged frame at most 65535 bytes, and room on the RX ring for its "
                        + "delivery, ceil(L / 4096) + 1 posted requests; a candidate that would not fit the posted requests alone is never held "
                        + "(LRO-4), and a delivery without buffers counts every segment it would have carried (LRO-6).");
        file.note("SizeLimit", "EDGE_CASE", "a merged frame at the 65535-byte limit (LRO-3)", "a merged frame too large for an IP packet, or one a "
                + "device refuses to build");
        file.note("RingRoom", "RESOURCE_EXHAUSTION", "few RX requests posted (LRO-3, LRO-4)", "an aggregate that cannot be delivered is held, "
                + "or its segments are lost uncounted");
        file.group("context 0 untagged (02:00:00:00:00:01) with 2 RX buffers, context 1 untagged (02:00:00:00:00:02) with none, context 2 "
                                + "untagged (02:00:00:00:00:03) with 18 buffers (pages 120 to 129, then fresh pages), each with lroFlushNanos 100000; "
                                + "rings on pages 1 to 6",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 2, A), Bench.member(1, UNTAGGED, 0, B),
                                    Bench.member(2, UNTAGGED, 10, C)));
                            t.post(2, 8);
                            for (int ctx = 0; ctx < 3; ctx++) {
                                t.offloads(ctx, new Offloads(false, FLUSH));
                            }
                            return t;
                        })
                .requiring(CHECKSUM, LRO)
                .test(Meta.invalid(id + "ring-room-ends-the-aggregate", "two requests posted, segments of 1448 bytes: segment 0 is held, segment 1 "
                                + "merges (2950 bytes need one data slot and the extra), segment 2 would need three, so the aggregate is delivered "
                                + "and segment 2, with no request left, is dropped (RX_DROP_NO_BUFFER)", error("packet"), "LRO-3", "LRO-4", "RX-3")
                                .flags("RingRoom"),
                        t -> {
                            Flow f = F.mss(1448);
                            t.wire(f.segment(0), nothing());
                            t.wire(f.segment(1), nothing());
                            t.wire(f.segment(2), nothing().flushes(0, list(f.segment(0), f.segment(1)), false).counts(0, Counter.RX_DROP_NO_BUFFER, 1));
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.invalid(id + "no-room-never-held", "context 1 posted no request: a candidate is delivered at once as chapter 04 says, "
                                + "RX_DROP_NO_BUFFER, and nothing is held", error("packet"), "LRO-4", "LRO-6", "RX-3").flags("RingRoom"),
                        t -> {
                            byte[] s = Flow.to(B).segment(0);
                            t.wire(s, nothing().counts(1, Counter.RX_DROP_NO_BUFFER, 1));
                            t.post(1, 2);
                            t.advanceTo(FLUSH, nothing());
                        })
                .test(Meta.valid(id + "merged-65535-bytes", "three segments of 21827 bytes merge into exactly 65535 bytes (16 data slots and the "
                                + "extra); a fourth segment (100 bytes, PSH) would pass the limit, so the aggregate is delivered and the fourth "
                                + "delivered at once after it", "LRO-3", "LRO-4", "LRO-5", "LRO-6").flags("SizeLimit"),
                        t -> {
                            Flow f = Flow.to(C).mss(21827);
                            List<byte[]> held = new ArrayList<>();
                            for (int n = 0; n < 3; n++) {
                                byte[] s = constant(f, n, 0x41 + n);
                                if (!held.isEmpty()) {
                                    merges(held, s);
                                }
                                held.add(s);
                                t.wire(s, nothing());
                            }
                            require(Inet.mergedLength(held) == 65535, "the merged frame is 65535 bytes");
                            byte[] last = f.segment(3, 3L * 21827, 100, ACK | PSH);
                            require(!Inet.merges(held, last), "one more byte than 65535 does not merge");
                            t.wire(last, nothing().flushes(2, held, false).delivers(2, last, false));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    /** Segment {@code n} of {@code flow} whose payload bytes are all {@code value}: a merged frame of them compresses in the vector's memory lines. */
    private static byte[] constant(Flow flow, int n, int value) {
        byte[] data = new byte[flow.mss()];
        Arrays.fill(data, (byte) value);
        byte[] l4 = flow.tcp().withSeq(flow.seq0() + (long) n * flow.mss()).segment(data);
        return Inet.withL4Checksum(Inet.ether(flow.to(), flow.from(), flow.tci(), flow.net().etherType(), flow.net().packet(TCP, l4, flow.id0() + n)));
    }

    // ------------------------------------------------------------------ offload/lro-coalescing.yaml

    private static VectorBundle.Entry coalescing() {
        String id = CHAPTER + ".lro-coalescing.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "lro-coalescing",
                "The LRO flush in the timeline (chapter 11, section 7.6; LRO-7): the flush at the due time is an event of advanceTo, and while it "
                        + "runs the clock reads the due time, so the delivery's RX coalescing (chapter 10) starts then, not at the time advanceTo "
                        + "was asked for.");
        file.note("Timeline", "BASIC", "a flush and a coalesced notification inside one or two advanceTo steps (LRO-7, COAL-5)", "devices notify "
                + "a guest at different times for the same traffic");
        file.group("context 0 untagged (02:00:00:00:00:01) with four RX buffers, lroFlushNanos 100000 and RX coalescing (8 frames, 50000 ns); "
                                + "rings on pages 1 and 2",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 4, A)));
                            Bench.control(t.bench, Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.builder()
                                    .coalescing(Queue.RX, new Coalescing(8, 50_000)).offloads(new Offloads(false, FLUSH)).build()), "Ok");
                            return t;
                        })
                .requiring(CHECKSUM, LRO, Profile.COALESCING.id())
                .test(Meta.valid(id + "flush-then-notify-later", "segment 0 at time 0; advanceTo(149999) delivers it at its due time 100000 and "
                                + "notifies nothing; advanceTo(150000) notifies RX, 50000 ns after the flush", "LRO-7", "COAL-5").flags("Timeline"),
                        t -> {
                            byte[] s0 = F.segment(0);
                            t.wire(s0, nothing());
                            t.advanceTo(149_999, nothing().flushes(0, list(s0), false).notifies());
                            t.advanceTo(150_000, nothing().notifies(note(0, Queue.RX)));
                        })
                .test(Meta.valid(id + "flush-and-notify-in-one-advance", "segments 0 and 1 at time 0; advanceTo(300000) delivers them merged at "
                                + "100000 and notifies at 150000, both inside the one step", "LRO-7", "COAL-5", "LRO-5").flags("Timeline"),
                        t -> {
                            byte[] s0 = F.segment(0);
                            byte[] s1 = F.segment(1);
                            t.wire(s0, nothing());
                            t.wire(s1, nothing());
                            t.advanceTo(300_000, nothing().flushes(0, list(s0, s1), false).notifies(note(0, Queue.RX)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ offload/scenarios/tso-lro-round-trip.yaml

    private static VectorBundle.Entry roundTrip() {
        String name = "tso-lro-round-trip";
        FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                "TSO then LRO in VEB (chapter 11, sections 6 and 7.4): context 0 sends a 3000-byte super-frame (ACK and PSH) with MSS 1000 to "
                        + "context 1, whose guest enabled LRO and rxChecksum; the three segments are switched one by one, held and merged, and "
                        + "the last one's PSH flushes them: context 1 receives the super-frame again, its checksums computed, with a GSO extra "
                        + "giving MSS 1000, so that re-segmenting it gives back the three frames.");
        file.note("RoundTrip", "BASIC", "TSO of a merged frame with its GSO MSS gives back its segments", "a guest re-sending what it received "
                + "sends other frames");
        file.group("context 0 untagged (02:00:00:00:00:01); context 1 untagged (02:00:00:00:00:02) with eight RX buffers, rxChecksum on and "
                                + "lroFlushNanos 100000; rings on pages 1 to 4; then the host sets VEB",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(Bench.member(0, UNTAGGED, 0, A), Bench.member(1, UNTAGGED, 8, B))
                                    .in(SwitchMode.VEB));
                            t.offloads(1, new Offloads(true, FLUSH));
                            return t;
                        })
                .requiring(CHECKSUM, TSO, LRO)
                .test(Meta.valid(CHAPTER + ".scenarios." + name, "a 3054-byte super-frame leaves context 0 as three segments and reaches context 1 "
                                + "as one merged frame equal to it, marked, with a GSO extra (MSS 1000, TCPv4)", "TSO-2", "TSO-3", "TSO-4", "TSO-5",
                                "LRO-3", "LRO-4", "LRO-5", "LRO-8").flags("RoundTrip"),
                        t -> {
                            byte[] superFrame = TsoVectors.superFrame(B, A, null, Inet.Net.IPV4, Inet.Tcp.of(0x5000).withFlags(ACK | PSH), 3000, 0x4321, 40);
                            List<byte[]> segments = Inet.segment(superFrame, 1000);
                            require(Arrays.equals(Inet.merged(segments), Inet.withL4Checksum(superFrame)), "the merged segments are the super-frame "
                                    + "with its checksums computed (section 7.4)");
                            require(Inet.segment(Inet.merged(segments), 1000).stream().map(Inet::hex).toList().equals(segments.stream().map(Inet::hex)
                                    .toList()), "re-segmenting the merged frame gives back the segments");
                            OffloadBench.Packet packet = t.packet(0, superFrame, superFrame.length, 0, 1000, ExtraInfoLayout.GSO_TYPE_TCPV4);
                            t.publish(0, packet);
                            t.kick(0, nothing().sends(0, packet, false, segments).flushes(1, segments, true));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ offload/scenarios/lro-flush-after-tx-resumption.yaml

    private static VectorBundle.Entry afterResumption() {
        String name = "lro-flush-after-tx-resumption";
        FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                "One context, one instant, both timers (chapter 11, section 7.6; LRO-7): context 0's rate limit holds a 60-byte packet until "
                        + "60000 ns, and its LRO aggregate, a segment that arrived at time 0 with lroFlushNanos 60000, is due then too. In "
                        + "advanceTo(60000) the TX resumption comes first, then the LRO flush: the TX response is published and notified before "
                        + "the RX delivery is, and notifications of one context are compared in order.");
        file.note("SameInstant", "EDGE_CASE", "a TX resumption and an LRO flush of one context at one time (LRO-7)", "a guest is woken for its "
                + "queues in another order on another device");
        file.group("context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535, four RX buffers and "
                                + "lroFlushNanos 60000; context 1 untagged (02:00:00:00:00:02) with no RX buffer, the sink of the drain; rings on pages 1 "
                                + "to 4; then the host sets VEB",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(new Bench.Member(0, 4, Bench.shape(UNTAGGED, A).txRate(new TxRate(1000,
                                    1_000_000, 65_535)).build()), Bench.member(1, UNTAGGED, 0, B)).in(SwitchMode.VEB));
                            t.offloads(0, new Offloads(false, 60_000));
                            return t;
                        })
                .requiring(CHECKSUM, LRO, Profile.QOS.id())
                .test(Meta.valid(CHAPTER + ".scenarios." + name, "at 60000 ns context 0's held packet leaves and is notified on TX, then its held "
                                + "segment is delivered and notified on RX, in that order", "LRO-7", "QOS-6", "LRO-4").flags("SameInstant"),
                        t -> {
                            byte[] s0 = F.segment(0);
                            t.wire(s0, nothing());
                            OffloadBench.Packet drain = t.patterned(0, Inet.ether(B, A, null, 0x88B5, new byte[0]), 65_535 - 14, 0, 0, 0);
                            byte[] out = ChecksumVectors.frame(PEER, A, null, Inet.Net.IPV4, UDP, 60 - 42, 90);
                            OffloadBench.Packet held = t.packet(0, out, 0);
                            t.publish(0, drain, held);
                            t.kick(0, nothing().sends(0, drain, false, List.of(drain.frame())).counts(1, Counter.RX_DROP_NO_BUFFER, 1)
                                    .counts(0, Counter.TX_RATE_LIMITED, 1));
                            t.consume(0, Queue.TX);
                            t.advanceTo(59_999, nothing());
                            t.advanceTo(60_000, nothing().sends(0, held, out).flushes(0, list(s0), false)
                                    .notifies(note(0, Queue.TX), note(0, Queue.RX)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ offload/scenarios/lro-due-aggregate-not-extended.yaml

    private static VectorBundle.Entry notExtended() {
        String name = "lro-due-aggregate-not-extended";
        FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                "A due aggregate is never extended (chapter 11, section 7.3; LRO-4 and LRO-7): context 1 holds segment 0 of a flow from "
                        + "context 0, due at 154000 ns; context 0's rate limit holds the flow's segment 1 until exactly 154000 ns (154 bytes at one "
                        + "byte per microsecond after a 65535-byte drain). In advanceTo(154000), context 0's TX resumption comes first (context "
                        + "order, chapter 09 section 6): segment 1 reaches context 1, whose aggregate is due, so segment 0 is delivered alone "
                        + "and segment 1 starts a new aggregate, delivered at 308000 ns.");
        file.note("DueTime", "EDGE_CASE", "a mergeable segment arriving when the aggregate is due (LRO-4)", "the same frames are merged on one "
                + "device and not on another, depending on which event of an instant runs first");
        file.group("context 0 untagged (02:00:00:00:00:01) with TX rate 1000 bytes / 1000000 ns, burst 65535; context 1 untagged "
                                + "(02:00:00:00:00:02) with four RX buffers and lroFlushNanos 154000; context 2 untagged (02:00:00:00:00:03) with no "
                                + "RX buffer, the sink of the drain; rings on pages 1 to 6; then the host sets VEB",
                        () -> {
                            OffloadBench t = new OffloadBench(Bench.start(new Bench.Member(0, 0, Bench.shape(UNTAGGED, A).txRate(new TxRate(1000,
                                    1_000_000, 65_535)).build()), Bench.member(1, UNTAGGED, 4, B), Bench.member(2, UNTAGGED, 0, C)).in(SwitchMode.VEB));
                            t.offloads(1, new Offloads(false, 154_000));
                            return t;
                        })
                .requiring(CHECKSUM, LRO, Profile.QOS.id())
                .test(Meta.valid(CHAPTER + ".scenarios." + name, "segment 1 released at 154000 ns finds context 1's aggregate due: segment 0 is "
                                + "delivered alone before it, and segment 1 waits for its own due time, 308000 ns", "LRO-4", "LRO-7", "QOS-6")
                                .flags("DueTime"),
                        t -> {
                            Flow f = Flow.to(B).from(A);
                            byte[] s0 = f.segment(0);
                            byte[] s1 = f.segment(1);
                            merges(list(s0), s1);
                            require(s1.length == 154, "segment 1 is 154 bytes, due 154000 ns after the bucket empties");
                            t.wire(s0, nothing());
                            byte[] drainHeader = Inet.ether(C, A, null, 0x88B5, new byte[0]);
                            OffloadBench.Packet drain = t.patterned(0, drainHeader, 65_535 - 14, 0, 0, 0);
                            OffloadBench.Packet second = t.packet(0, s1, 0);
                            t.publish(0, drain, second);
                            t.kick(0, nothing().sends(0, drain, false, List.of(drain.frame())).counts(2, Counter.RX_DROP_NO_BUFFER, 1)
                                    .counts(0, Counter.TX_RATE_LIMITED, 1));
                            t.consume(0, Queue.TX);
                            t.advanceTo(153_999, nothing());
                            t.advanceTo(154_000, nothing().sends(0, second, false, List.of(s1)).flushes(1, list(s0), false));
                            t.advanceTo(307_999, nothing());
                            t.advanceTo(308_000, nothing().flushes(1, list(s1), false));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
