package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.FILL;
import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.copyLength;
import static io.netchannel.conformance.vectors.generate.Bench.fail;
import static io.netchannel.conformance.vectors.generate.Bench.guestConfig;
import static io.netchannel.conformance.vectors.generate.Bench.joined;
import static io.netchannel.conformance.vectors.generate.Bench.member;
import static io.netchannel.conformance.vectors.generate.Bench.plain;
import static io.netchannel.conformance.vectors.generate.Bench.promiscuousAllowed;
import static io.netchannel.conformance.vectors.generate.Bench.recipients;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.replicated;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.tag;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;
import static io.netchannel.conformance.properties.FrameBytes.C_TAG;
import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.OLD_S_TAG;
import static io.netchannel.conformance.properties.FrameBytes.S_TAG;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.dot1q;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.properties.FrameBytes.tagged;

import io.netchannel.conformance.properties.FrameBytes;
import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chapter 06 vectors: how a frame from the wire is read (DEMUX-1), which contexts take it by VLAN,
 * MAC, broadcast, multicast, all-multicast and promiscuous mode, never back to its sender, each
 * once (DEMUX-2 to DEMUX-9), the copy an Access context gets (DEMUX-10), recipients that lose only
 * their own copy (DEMUX-11), and the host's VLAN policies (DEMUX-13). A frame with several
 * recipients is an {@code acceptable} test: the device may handle the copies in any order
 * (DEMUX-12), and the runner compares each context on its own.
 */
final class DemuxVectors {

    private static final String CHAPTER = "demux";

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress A2 = MacAddress.parse("02:00:00:00:00:11");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");
    /** A station on the wire, owned by no context. */
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    /** A unicast address no context owns. */
    private static final MacAddress NOBODY = MacAddress.parse("02:00:00:00:00:63");
    private static final MacAddress BROADCAST = MacAddress.BROADCAST;
    private static final MacAddress G1 = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress G2 = MacAddress.parse("33:33:00:00:00:01");
    private static final MacAddress G3 = MacAddress.parse("01:00:5e:7f:00:07");
    private static final int EXTRA = TxRequestLayout.FLAG_EXTRA_INFO;

    private DemuxVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(vlanReading(), unicast(), replication(), vlanConfig());
    }

    // ------------------------------------------------------------------ bench

    private static final Counter[] RX_OUTCOMES = {Counter.RX_FRAMES, Counter.RX_DROP_NO_BUFFER, Counter.RX_DROP_BAD_BUFFER, Counter.RX_DROP_FAILED};

    /**
     * A frame from the wire on port 0, and the spec's verdict on it checked against the model:
     * {@code outcome} lists the recipients, each {@code ctx} (the copy delivered) or
     * {@code ctx:COUNTER} (the copy dropped on that counter); empty when the frame is dropped as
     * WIRE_DROP_NO_CONTEXT. A delivered copy must count the length DEMUX-10 gives it.
     */
    private static void wire(Bench bench, String outcome, byte[] frame) {
        Harness h = bench.harness;
        Map<Integer, Counter> expected = recipients(outcome);
        Map<Integer, long[]> before = new TreeMap<>();
        for (int ctx : bench.configs.keySet()) {
            before.put(ctx, counters(h, ctx));
        }
        long noContext = h.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        h.receive(0, frame);
        Map<Integer, Counter> seen = new TreeMap<>();
        for (int ctx : bench.configs.keySet()) {
            long[] after = counters(h, ctx);
            for (int k = 0; k < RX_OUTCOMES.length; k++) {
                long delta = after[k] - before.get(ctx)[k];
                require(delta == 0 || delta == 1 && !seen.containsKey(ctx), "frame " + outcome + ": context " + ctx + " counted " + RX_OUTCOMES[k]
                        + " " + delta + " times (DEMUX-8)");
                if (delta == 1) {
                    seen.put(ctx, RX_OUTCOMES[k]);
                }
            }
            if (seen.get(ctx) == Counter.RX_FRAMES) {
                int length = copyLength(bench.configs.get(ctx).vlan(), frame);
                require(after[RX_OUTCOMES.length] - before.get(ctx)[RX_OUTCOMES.length] == length,
                        "context " + ctx + " counts RX_BYTES " + length + " (DEMUX-10)");
            }
        }
        require(seen.equals(expected), "frame of " + frame.length + " bytes: the spec's recipients " + expected + ", the model's " + seen);
        require(h.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT) - noContext == (expected.isEmpty() ? 1 : 0),
                "WIRE_DROP_NO_CONTEXT once exactly when nobody takes the frame (DEMUX-9)");
    }

    private static long[] counters(Harness h, int ctx) {
        long[] values = new long[RX_OUTCOMES.length + 1];
        for (int k = 0; k < RX_OUTCOMES.length; k++) {
            values[k] = h.counter(ctx, RX_OUTCOMES[k]);
        }
        values[RX_OUTCOMES.length] = h.counter(ctx, Counter.RX_BYTES);
        return values;
    }

    /** A test action: one frame from the wire with the given outcome. */
    private static java.util.function.Consumer<Bench> frame(String outcome, byte[] frame) {
        return bench -> wire(bench, outcome, frame);
    }

    /** Context {@code ctx}'s guest joins {@code group} in band: a MCAST_ADD extra on a 60-byte first slot (DESC-15). */
    private static void mcast(Bench bench, int ctx, int type, MacAddress group) {
        Harness h = bench.harness;
        long errors = h.counter(ctx, Counter.TX_ERRORS);
        int page = h.grantPage(ctx, Access.READ_ONLY);
        h.guest(ctx).send(List.of(new TxSlot.Data(page, 0, EXTRA, 1, 60), TxSlot.Extra.multicast(type, group, false)));
        require(h.counter(ctx, Counter.TX_ERRORS) == errors && h.counter(ctx, Counter.TX_FRAMES) == 0, "the multicast-control packet is answered OKAY");
    }

    private static void notes(FileBuilder file) {
        file.note("ReplicationOrder", "IMPL_DEFINED", "the frame has several recipients; the device may handle the copies in any order between "
                + "them (DEMUX-12), and the runner compares notifications, counters and memory context by context",
                "a runner that compared the interleaving of contexts would fail a device that replicates in parallel");
        file.note("VlanCrossing", "ISOLATION_BREACH", "a frame of one VLAN addressed to a context that is not a member of it (DEMUX-2)",
                "frames cross from one VLAN to another");
        file.note("Reflection", "ISOLATION_BREACH", "a frame from the wire whose source MAC a context owns, as a VEPA switch reflects it (DEMUX-7)",
                "a context receives its own frames back and loops");
        file.note("UnknownUnicast", "BASIC", "a unicast destination no member of the frame's VLAN owns (DEMUX-3, DEMUX-9)",
                "frames reach contexts that do not own their destination");
        file.note("UnheardMulticast", "BASIC", "a group no member of the frame's VLAN joined, and no member listens to all multicast (DEMUX-5)",
                "multicast reaches contexts that did not ask for it");
    }

    // ------------------------------------------------------------------ DEMUX-1

    private static VectorBundle.Entry vlanReading() {
        String id = CHAPTER + ".vlan-reading.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "vlan-reading",
                "How a frame from the wire is read: octets 12-13 decide whether it is untagged, tagged with a VID of 1 to 4094, or of no VLAN "
                        + "(a priority tag, VID 0xFFF, a tag in fewer than 18 bytes, a service tag) and dropped as WIRE_DROP_NO_CONTEXT "
                        + "(spec 06, section 3, the table of DEMUX-1). The source of every frame is a station no context owns.");
        notes(file);
        file.note("PriorityTag", "EDGE_CASE", "an 802.1Q tag with VID 0 (priority-tagged): no VLAN, dropped rather than treated as untagged",
                "a guest receives a tag its policy never gave it, or its priority bits are lost silently");
        file.note("ReservedVid", "EDGE_CASE", "an 802.1Q tag with the reserved VID 0xFFF", "a frame of a reserved VLAN reaches a guest");
        file.note("ShortTag", "MALFORMED", "0x8100 at octets 12-13 of a frame shorter than 18 bytes", "a truncated tag is read past the frame or taken as untagged");
        file.note("ServiceTag", "EDGE_CASE", "an 802.1ad (0x88A8) or pre-standard (0x9100) service tag, outside the core profile, never looked through",
                "a stacked-VLAN frame leaks into an untagged context or into the VLAN of its inner tag");
        file.note("TagLookalike", "EDGE_CASE", "an EtherType next to 0x8100 or 0x8100 byte-swapped: untagged",
                "a device that tests the TPID loosely or in the wrong byte order misfiles untagged frames");
        file.note("PriorityBits", "EDGE_CASE", "PCP and DEI bits set in the TCI: only its low 12 bits are the VID", "a tagged frame is filed under the wrong VLAN");
        file.group("context 0 untagged (MAC 02:00:00:00:00:01), context 1 Trunk[1, 10, 4094] (02:00:00:00:00:02), context 2 Access(10) "
                        + "(02:00:00:00:00:03); rings on pages 1 to 6; two RX buffers each (pages 100 + 10 x id + k, filled with 0xee)",
                        () -> Bench.start(member(0, UNTAGGED, 2, A), member(1, trunk(1, 10, 4094), 2, B), member(2, access(10), 2, C)))
                .test(Meta.valid(id + "untagged-60-bytes", "EtherType 0x88b5 at octets 12-13: untagged, delivered to its owner context 0",
                        "DEMUX-1", "DEMUX-2", "DEMUX-3"), frame("0", plain(A, PEER, 1)))
                .test(Meta.valid(id + "untagged-14-bytes", "a bare 14-byte header with EtherType 0x0800: untagged, delivered", "DEMUX-1", "DEMUX-3"),
                        frame("0", ether(A, PEER, FrameBytes.IPV4)))
                .test(Meta.valid(id + "untagged-ethertype-0x8101", "EtherType 0x8101, next to the TPID: untagged, delivered to context 0", "DEMUX-1")
                                .flags("TagLookalike"),
                        frame("0", ether(A, PEER, 0x8101, data(46, 2))))
                .test(Meta.valid(id + "untagged-ethertype-0x0081", "EtherType 0x0081, the TPID byte-swapped: untagged, delivered to context 0", "DEMUX-1")
                                .flags("TagLookalike"),
                        frame("0", ether(A, PEER, 0x0081, data(46, 3))))
                .test(Meta.valid(id + "tagged-vid-1", "0x8100 with TCI 0x0001: VID 1, delivered as it arrived to trunk context 1",
                        "DEMUX-1", "DEMUX-2", "DEMUX-3", "DEMUX-10"), frame("1", tag(B, PEER, 0x0001, 4)))
                .test(Meta.valid(id + "tagged-vid-4094", "0x8100 with TCI 0x0ffe: VID 4094, delivered as it arrived to trunk context 1",
                        "DEMUX-1", "DEMUX-2", "DEMUX-3", "DEMUX-10"), frame("1", tag(B, PEER, 0x0FFE, 5)))
                .test(Meta.valid(id + "tagged-18-bytes", "an 18-byte frame with 0x8100, TCI 0x000a and EtherType 0x88b5: VID 10, delivered to context 1",
                        "DEMUX-1", "DEMUX-3"), frame("1", dot1q(B, PEER, 0x000A, LOCAL)))
                .test(Meta.valid(id + "tagged-pcp-7-dei-vid-10", "TCI 0xf00a (PCP 7, DEI 1, VID 10): VID 10, delivered to Access(10) context 2 without the tag",
                        "DEMUX-1", "DEMUX-10").flags("PriorityBits"), frame("2", tag(C, PEER, 0xF00A, 6)))
                .test(Meta.valid(id + "tagged-pcp-5-vid-4094", "TCI 0xaffe (PCP 5, VID 4094): delivered to trunk context 1 with its PCP bits",
                        "DEMUX-1", "DEMUX-10").flags("PriorityBits"), frame("1", tag(B, PEER, 0xAFFE, 7)))
                .test(Meta.invalid(id + "priority-tagged-to-untagged", "TCI 0x0000 (VID 0) to untagged context 0's MAC: no VLAN, dropped",
                        error("packet"), "DEMUX-1").flags("PriorityTag"), frame("", tag(A, PEER, 0x0000, 8)))
                .test(Meta.invalid(id + "priority-tagged-pcp-5", "TCI 0xa000 (PCP 5, VID 0) to context 0's MAC: no VLAN, dropped", error("packet"), "DEMUX-1")
                        .flags("PriorityTag", "PriorityBits"), frame("", tag(A, PEER, 0xA000, 9)))
                .test(Meta.invalid(id + "priority-tagged-to-access", "TCI 0x0000 to Access(10) context 2's MAC: dropped, not read as its VLAN",
                        error("packet"), "DEMUX-1").flags("PriorityTag"), frame("", tag(C, PEER, 0x0000, 10)))
                .test(Meta.invalid(id + "vid-0xfff", "TCI 0x0fff (VID 0xFFF) to trunk context 1's MAC: no VLAN, dropped", error("packet"), "DEMUX-1")
                        .flags("ReservedVid"), frame("", tag(B, PEER, 0x0FFF, 11)))
                .test(Meta.invalid(id + "vid-0xfff-pcp-7", "TCI 0xefff (PCP 7, VID 0xFFF): no VLAN, dropped", error("packet"), "DEMUX-1")
                        .flags("ReservedVid", "PriorityBits"), frame("", tag(B, PEER, 0xEFFF, 12)))
                .test(Meta.invalid(id + "tagged-17-bytes", "17 bytes: 0x8100, TCI 0x000a and one byte of EtherType, to context 1's MAC: dropped",
                        error("packet"), "DEMUX-1").flags("ShortTag"), frame("", FrameBytes.cut(dot1q(B, PEER, 0x000A, LOCAL), 17)))
                .test(Meta.invalid(id + "tagged-16-bytes", "16 bytes: 0x8100 and TCI 0x000a only, to context 2's MAC: dropped", error("packet"), "DEMUX-1")
                        .flags("ShortTag"), frame("", FrameBytes.cut(dot1q(C, PEER, 0x000A, LOCAL), 16)))
                .test(Meta.invalid(id + "tagged-14-bytes", "14 bytes ending in 0x8100, to untagged context 0's MAC: dropped, not untagged",
                        error("packet"), "DEMUX-1").flags("ShortTag"), frame("", ether(A, PEER, C_TAG)))
                .test(Meta.invalid(id + "s-tag-0x88a8-to-untagged", "0x88a8, S-VID 10, then EtherType 0x88b5, to untagged context 0's MAC: dropped",
                        error("packet"), "DEMUX-1").flags("ServiceTag"), frame("", tagged(A, PEER, S_TAG, 0x000A, LOCAL, data(46, 13))))
                .test(Meta.invalid(id + "s-tag-0x88a8-over-c-tag", "0x88a8 S-VID 10 over 0x8100 VID 10, to trunk context 1's MAC: dropped, not looked through",
                        error("packet"), "DEMUX-1").flags("ServiceTag"),
                        frame("", tagged(B, PEER, S_TAG, 0x000A, C_TAG, FrameBytes.cat(new byte[] {0, 10, (byte) 0x88, (byte) 0xB5}, data(42, 14)))))
                .test(Meta.invalid(id + "s-tag-0x9100-to-untagged", "0x9100, VID 10, then EtherType 0x88b5, to untagged context 0's MAC: dropped",
                        error("packet"), "DEMUX-1").flags("ServiceTag"), frame("", tagged(A, PEER, OLD_S_TAG, 0x000A, LOCAL, data(46, 15))))
                .test(Meta.invalid(id + "s-tag-0x9100-to-access", "0x9100 with VID 10 to Access(10) context 2's MAC: dropped", error("packet"), "DEMUX-1")
                        .flags("ServiceTag"), frame("", tagged(C, PEER, OLD_S_TAG, 0x000A, LOCAL, data(46, 16))))
                .test(Meta.invalid(id + "s-tag-14-bytes", "14 bytes ending in 0x88a8, to context 0's MAC: dropped", error("packet"), "DEMUX-1")
                        .flags("ServiceTag"), frame("", ether(A, PEER, S_TAG)))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ DEMUX-2, 3, 7, 9, 10

    private static VectorBundle.Entry unicast() {
        String id = CHAPTER + ".unicast.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "unicast",
                "Unicast demux by MAC and VLAN: a frame reaches the context owning its destination only on that context's VLAN; an Access "
                        + "context gets it without the tag, a trunk as it arrived; a frame is never delivered to the owner of its source "
                        + "(spec 06, section 4; DEMUX-2, DEMUX-3, DEMUX-7, DEMUX-9, DEMUX-10).");
        notes(file);
        file.note("TagStripping", "BASIC", "a copy for an Access context loses octets 12-15 and counts that length (DEMUX-10)",
                "an access guest sees its port VLAN's tag, or its buffers are filled to the tagged length");
        file.group("context 0 untagged (MACs 02:00:00:00:00:01 and 02:00:00:00:00:11), context 1 Access(10) (02:00:00:00:00:02), context 2 "
                        + "Trunk[10, 20] (02:00:00:00:00:03), context 3 Access(20) (02:00:00:00:00:04); rings on pages 1 to 8; two RX buffers each "
                        + "(pages 100 + 10 x id + k, filled with 0xee); frames come from 02:00:00:00:00:99 unless a test says otherwise",
                        () -> Bench.start(member(0, UNTAGGED, 2, A, A2), member(1, access(10), 2, B), member(2, trunk(10, 20), 2, C),
                                member(3, access(20), 2, D)))
                .test(Meta.valid(id + "untagged-to-owner", "60 untagged bytes to 02:00:00:00:00:01 land in context 0's first buffer as sent",
                        "DEMUX-2", "DEMUX-3", "DEMUX-10"), frame("0", plain(A, PEER, 1)))
                .test(Meta.valid(id + "untagged-to-second-mac", "a frame to context 0's second MAC 02:00:00:00:00:11 reaches context 0", "DEMUX-3"),
                        frame("0", plain(A2, PEER, 2)))
                .test(Meta.valid(id + "untagged-1514-bytes", "1514 untagged bytes (EtherType 0x88b5) to context 0", "DEMUX-3"),
                        frame("0", ether(A, PEER, LOCAL, data(1500, 3))))
                .test(Meta.valid(id + "access-owner-tag-stripped", "64 bytes with VID 10 to context 1: 60 bytes delivered, octets 12-15 removed, RX_BYTES 60",
                        "DEMUX-2", "DEMUX-3", "DEMUX-10").flags("TagStripping"), frame("1", tag(B, PEER, 0x000A, 4)))
                .test(Meta.valid(id + "access-owner-18-bytes", "an 18-byte frame with VID 10 to context 1 becomes a 14-byte copy", "DEMUX-10")
                        .flags("TagStripping"), frame("1", dot1q(B, PEER, 0x000A, LOCAL)))
                .test(Meta.valid(id + "access-owner-priority-bits-stripped", "TCI 0xa00a (PCP 5, VID 10) to context 1: the whole tag goes, PCP included",
                        "DEMUX-10").flags("TagStripping"), frame("1", tag(B, PEER, 0xA00A, 5)))
                .test(Meta.valid(id + "access-owner-4100-bytes-one-buffer", "4100 tagged bytes to context 1: a 4096-byte copy fills exactly one buffer",
                        "DEMUX-10", "RX-2").flags("TagStripping"), frame("1", dot1q(B, PEER, 0x000A, LOCAL, data(4082, 6))))
                .test(Meta.valid(id + "access-owner-4101-bytes-two-buffers", "4101 tagged bytes to context 1: a 4097-byte copy in two buffers, 4096 and 1",
                        "DEMUX-10", "RX-2").flags("TagStripping"), frame("1", dot1q(B, PEER, 0x000A, LOCAL, data(4083, 7))))
                .test(Meta.valid(id + "access-vid-20-owner", "VID 20 to context 3 (Access(20)): delivered without the tag", "DEMUX-3", "DEMUX-10")
                        .flags("TagStripping"), frame("3", tag(D, PEER, 0x0014, 8)))
                .test(Meta.valid(id + "trunk-owner-vid-10", "VID 10 to trunk context 2: delivered with its tag, RX_BYTES 64", "DEMUX-2", "DEMUX-3", "DEMUX-10"),
                        frame("2", tag(C, PEER, 0x000A, 9)))
                .test(Meta.valid(id + "trunk-owner-vid-20", "VID 20 to trunk context 2: delivered with its tag", "DEMUX-2", "DEMUX-3", "DEMUX-10"),
                        frame("2", tag(C, PEER, 0x0014, 10)))
                .test(Meta.valid(id + "source-of-other-context", "VID 10 from trunk context 2's MAC to context 1: only the source's owner is pruned",
                        "DEMUX-3", "DEMUX-7"), frame("1", tag(B, C, 0x000A, 11)))
                .test(Meta.invalid(id + "trunk-vid-not-in-set", "VID 30 to trunk context 2: not a member, dropped", error("packet"), "DEMUX-2", "DEMUX-9")
                        .flags("VlanCrossing"), frame("", tag(C, PEER, 0x001E, 12)))
                .test(Meta.invalid(id + "untagged-to-access-owner", "untagged to Access(10) context 1's MAC: not a member of untagged frames, dropped",
                        error("packet"), "DEMUX-2", "DEMUX-9").flags("VlanCrossing"), frame("", plain(B, PEER, 13)))
                .test(Meta.invalid(id + "untagged-to-trunk-owner", "untagged to trunk context 2's MAC: dropped", error("packet"), "DEMUX-2", "DEMUX-9")
                        .flags("VlanCrossing"), frame("", plain(C, PEER, 14)))
                .test(Meta.invalid(id + "tagged-to-untagged-owner", "VID 10 to untagged context 0's MAC: dropped", error("packet"), "DEMUX-2", "DEMUX-9")
                        .flags("VlanCrossing"), frame("", tag(A, PEER, 0x000A, 15)))
                .test(Meta.invalid(id + "access-owner-other-vlan", "VID 20 to Access(10) context 1's MAC: dropped, though context 3 is on VID 20",
                        error("packet"), "DEMUX-2", "DEMUX-3", "DEMUX-9").flags("VlanCrossing"), frame("", tag(B, PEER, 0x0014, 16)))
                .test(Meta.invalid(id + "unknown-unicast-vid-10", "VID 10 to 02:00:00:00:00:63, which no context owns: dropped", error("packet"),
                        "DEMUX-3", "DEMUX-9").flags("UnknownUnicast"), frame("", tag(NOBODY, PEER, 0x000A, 17)))
                .test(Meta.invalid(id + "unknown-unicast-untagged", "untagged to 02:00:00:00:00:63: dropped", error("packet"), "DEMUX-3", "DEMUX-9")
                        .flags("UnknownUnicast"), frame("", plain(NOBODY, PEER, 18)))
                .test(Meta.invalid(id + "reflected-to-sender", "untagged from 02:00:00:00:00:01 to itself: context 0 owns the source, dropped",
                        error("packet"), "DEMUX-7", "DEMUX-9").flags("Reflection"), frame("", plain(A, A, 19)))
                .test(Meta.invalid(id + "reflected-from-second-mac", "from context 0's second MAC to its first: dropped", error("packet"), "DEMUX-7", "DEMUX-9")
                        .flags("Reflection"), frame("", plain(A, A2, 20)))
                .test(Meta.invalid(id + "reflected-tagged", "VID 10 from 02:00:00:00:00:02 to itself: Access context 1 owns the source, dropped",
                        error("packet"), "DEMUX-7", "DEMUX-9").flags("Reflection"), frame("", tag(B, B, 0x000A, 21)))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ DEMUX-4 to 8, 11, 12

    private static final String LAN = "context 0 untagged (MAC 02:00:00:00:00:01, promiscuous allowed), contexts 1 and 2 untagged "
            + "(02:00:00:00:00:02, 02:00:00:00:00:03), context 3 Access(10) (02:00:00:00:00:04); rings on pages 1 to 8";

    private static Bench lan(int buffers0, int buffers1, int buffers2) {
        return Bench.start(promiscuousAllowed(0, UNTAGGED, buffers0, A), member(1, UNTAGGED, buffers1, B), member(2, UNTAGGED, buffers2, C),
                member(3, access(10), 2, D));
    }

    private static VectorBundle.Entry replication() {
        String id = CHAPTER + ".replication.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "replication",
                "Broadcast, multicast (joined by set-guest-config or in band by MCAST_ADD), all-multicast and promiscuous reception: every "
                        + "member of the frame's VLAN that takes it gets exactly one copy, never the owner of its source, never a context of "
                        + "another VLAN; a recipient without buffers, with a bad buffer or FAILED loses only its own copy "
                        + "(spec 06, section 4; DEMUX-4 to DEMUX-8, DEMUX-11, DEMUX-12).");
        notes(file);
        file.note("Promiscuous", "BASIC", "a guest with promiscuous mode on (the host allows it): every frame of its VLANs (DEMUX-6)",
                "a promiscuous context misses its VLAN's traffic, or sees another VLAN's");
        file.note("AllMulticast", "BASIC", "a guest with all-multicast on: every multicast frame of its VLANs (DEMUX-5)",
                "an all-multicast context misses groups, or gets unicast it does not own");
        file.note("InBandJoin", "BASIC", "a group joined or left by a MCAST_ADD or MCAST_DEL extra on the TX ring (DESC-15)",
                "a group joined in band is not heard");
        file.note("DuplicateSelection", "EDGE_CASE", "several of DEMUX-3 to DEMUX-6 select the same context", "a context gets the same frame twice");
        file.note("NoBuffer", "RESOURCE_EXHAUSTION", "a recipient with too few RX buffers posted (DEMUX-11, RX-3)",
                "one guest's empty ring costs another guest its copy, or the device waits");
        file.note("BadBuffer", "MALFORMED", "a recipient whose posted buffer it cannot write (DEMUX-11, RX-4)", "one guest's bad buffer costs another its copy");
        file.note("FailedRecipient", "RESOURCE_EXHAUSTION", "a FAILED context among the recipients (DEMUX-11, RX-5)",
                "a failed guest costs another its copy, or is written to");
        FileBuilder.GroupBuilder<Bench> g = file.group(LAN + "; two RX buffers each (pages 100 + 10 x id + k, filled with 0xee); frames come from "
                + "02:00:00:00:00:99 unless a test says otherwise", () -> lan(2, 2, 2));
        broadcast(g, id);
        multicast(g, id);
        promiscuous(g, id);
        g.done();
        vlans(file, id);
        losers(file, id);
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void broadcast(FileBuilder.GroupBuilder<Bench> g, String id) {
        g.test(replicated(id + "broadcast-untagged", "an untagged broadcast reaches the three untagged contexts, not Access(10) context 3",
                        "DEMUX-4", "DEMUX-2", "DEMUX-8"), frame("0 1 2", plain(BROADCAST, PEER, 1)))
                .test(replicated(id + "broadcast-source-owner-pruned", "a broadcast from context 1's MAC reaches contexts 0 and 2 only",
                        "DEMUX-4", "DEMUX-7").flags("ReplicationOrder", "Reflection"), frame("0 2", plain(BROADCAST, B, 2)))
                .test(Meta.valid(id + "broadcast-vlan-10", "a broadcast with VID 10 reaches Access(10) context 3 alone, without its tag",
                        "DEMUX-4", "DEMUX-2", "DEMUX-10"), frame("3", tag(BROADCAST, PEER, 0x000A, 3)))
                .test(Meta.invalid(id + "broadcast-vlan-20-no-member", "a broadcast with VID 20: no member, dropped once", error("packet"),
                        "DEMUX-4", "DEMUX-9"), frame("", tag(BROADCAST, PEER, 0x0014, 4)))
                .test(Meta.invalid(id + "broadcast-vlan-10-from-its-only-member", "a VID 10 broadcast from context 3's MAC: its only member is pruned, dropped",
                        error("packet"), "DEMUX-7", "DEMUX-9").flags("Reflection"), frame("", tag(BROADCAST, D, 0x000A, 5)));
    }

    private static void multicast(FileBuilder.GroupBuilder<Bench> g, String id) {
        g.test(Meta.valid(id + "multicast-joined-by-guest", "guest 1 joins 01:00:5e:00:00:01 by set-guest-config; a frame to it reaches context 1 alone",
                        "DEMUX-5", "PRIV-3"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            wire(b, "1", plain(G1, PEER, 6));
                        })
                .test(Meta.valid(id + "multicast-joined-by-host", "the host joins context 2 to 33:33:00:00:00:01; a frame to it reaches context 2 alone",
                        "DEMUX-5"),
                        b -> {
                            guestConfig(b, Caller.HOST, 2, joined(G2));
                            wire(b, "2", plain(G2, PEER, 7));
                        })
                .test(Meta.valid(id + "multicast-joined-in-band", "guest 2 joins 33:33:00:00:00:01 by a MCAST_ADD extra; a frame to it reaches context 2 alone",
                        "DEMUX-5", "DESC-15").flags("InBandJoin"),
                        b -> {
                            mcast(b, 2, ExtraInfoLayout.TYPE_MCAST_ADD, G2);
                            wire(b, "2", plain(G2, PEER, 8));
                        })
                .test(Meta.invalid(id + "multicast-left-in-band", "guest 2 joins 33:33:00:00:00:01 by MCAST_ADD and leaves by MCAST_DEL; the frame is dropped",
                        error("packet"), "DEMUX-5", "DEMUX-9", "DESC-15").flags("InBandJoin", "UnheardMulticast"),
                        b -> {
                            mcast(b, 2, ExtraInfoLayout.TYPE_MCAST_ADD, G2);
                            mcast(b, 2, ExtraInfoLayout.TYPE_MCAST_DEL, G2);
                            wire(b, "", plain(G2, PEER, 9));
                        })
                .test(replicated(id + "multicast-two-listeners", "contexts 1 and 2 join 01:00:5e:00:00:01; a frame to it reaches both, not context 0",
                        "DEMUX-5"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            guestConfig(b, Caller.guest(2), 2, joined(G2, G1));
                            wire(b, "1 2", plain(G1, PEER, 10));
                        })
                .test(Meta.invalid(id + "multicast-unjoined", "context 1 joined 01:00:5e:00:00:01; a frame to 01:00:5e:7f:00:07 reaches nobody",
                        error("packet"), "DEMUX-5", "DEMUX-9").flags("UnheardMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            wire(b, "", plain(G3, PEER, 11));
                        })
                .test(Meta.invalid(id + "multicast-source-owner-pruned", "context 1 joined 01:00:5e:00:00:01; a frame to it from context 1's MAC is dropped",
                        error("packet"), "DEMUX-5", "DEMUX-7", "DEMUX-9").flags("Reflection"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            wire(b, "", plain(G1, B, 12));
                        })
                .test(Meta.invalid(id + "multicast-joined-other-vlan", "Access(10) context 3 joins 01:00:5e:00:00:01; an untagged frame to it is dropped",
                        error("packet"), "DEMUX-2", "DEMUX-5", "DEMUX-9").flags("VlanCrossing"),
                        b -> {
                            guestConfig(b, Caller.guest(3), 3, joined(G1));
                            wire(b, "", plain(G1, PEER, 13));
                        })
                .test(Meta.valid(id + "multicast-joined-on-access-vlan", "Access(10) context 3 joins 01:00:5e:00:00:01; the VID 10 frame to it arrives untagged",
                        "DEMUX-5", "DEMUX-10"),
                        b -> {
                            guestConfig(b, Caller.guest(3), 3, joined(G1));
                            wire(b, "3", tag(G1, PEER, 0x000A, 14));
                        })
                .test(Meta.valid(id + "all-multicast-unjoined-group", "guest 0 turns all-multicast on; a frame to 01:00:5e:7f:00:07 reaches context 0 alone",
                        "DEMUX-5").flags("AllMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().allMulticast(true).build());
                            wire(b, "0", plain(G3, PEER, 15));
                        })
                .test(replicated(id + "all-multicast-and-joined", "context 0 all-multicast, context 1 joined: a frame to 01:00:5e:00:00:01 reaches both",
                        "DEMUX-5").flags("ReplicationOrder", "AllMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().allMulticast(true).build());
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            wire(b, "0 1", plain(G1, PEER, 16));
                        })
                .test(Meta.valid(id + "all-multicast-not-unicast", "context 0 all-multicast: a unicast frame to context 1 reaches context 1 alone",
                        "DEMUX-5", "DEMUX-3").flags("AllMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().allMulticast(true).build());
                            wire(b, "1", plain(B, PEER, 17));
                        })
                .test(Meta.invalid(id + "all-multicast-not-other-vlan", "context 0 all-multicast: a VID 10 multicast frame nobody on VID 10 joined is dropped",
                        error("packet"), "DEMUX-2", "DEMUX-5", "DEMUX-9").flags("AllMulticast", "VlanCrossing"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().allMulticast(true).build());
                            wire(b, "", tag(G3, PEER, 0x000A, 18));
                        })
                .test(Meta.invalid(id + "all-multicast-turned-off", "guest 0 turns all-multicast on, then off; a frame to 01:00:5e:7f:00:07 is dropped",
                        error("packet"), "DEMUX-5", "DEMUX-9").flags("AllMulticast", "UnheardMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().allMulticast(true).build());
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.DEFAULT);
                            wire(b, "", plain(G3, PEER, 19));
                        });
    }

    private static void promiscuous(FileBuilder.GroupBuilder<Bench> g, String id) {
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        g.test(replicated(id + "promiscuous-sees-other-unicast", "guest 0 turns promiscuous on; a unicast frame to context 1 reaches contexts 0 and 1",
                        "DEMUX-6", "DEMUX-3").flags("ReplicationOrder", "Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "0 1", plain(B, PEER, 20));
                        })
                .test(Meta.valid(id + "promiscuous-sees-unknown-unicast", "promiscuous context 0 takes a frame to 02:00:00:00:00:63, which nobody owns",
                        "DEMUX-6", "DEMUX-9").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "0", plain(NOBODY, PEER, 21));
                        })
                .test(Meta.valid(id + "promiscuous-sees-unheard-multicast", "promiscuous context 0 takes a frame to a group nobody joined",
                        "DEMUX-6", "DEMUX-5").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "0", plain(G3, PEER, 22));
                        })
                .test(Meta.valid(id + "promiscuous-not-other-vlan", "promiscuous context 0 does not see VID 10 unicast to context 3; context 3 does",
                        "DEMUX-6", "DEMUX-2").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "3", tag(D, PEER, 0x000A, 23));
                        })
                .test(Meta.invalid(id + "promiscuous-not-other-vlan-unknown", "promiscuous context 0: VID 10 unicast to nobody is still dropped",
                        error("packet"), "DEMUX-6", "DEMUX-2", "DEMUX-9").flags("Promiscuous", "VlanCrossing"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "", tag(NOBODY, PEER, 0x000A, 24));
                        })
                .test(Meta.valid(id + "promiscuous-own-source-pruned", "promiscuous context 0 does not see its own unicast frame to context 1 reflected",
                        "DEMUX-6", "DEMUX-7").flags("Promiscuous", "Reflection"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "1", plain(B, A, 25));
                        })
                .test(replicated(id + "promiscuous-own-broadcast-pruned", "promiscuous context 0 does not see its own broadcast; contexts 1 and 2 do",
                        "DEMUX-4", "DEMUX-6", "DEMUX-7").flags("ReplicationOrder", "Promiscuous", "Reflection"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "1 2", plain(BROADCAST, A, 26));
                        })
                .test(Meta.valid(id + "promiscuous-owner-once", "a unicast frame to promiscuous context 0's own MAC is delivered once", "DEMUX-8", "DEMUX-3",
                        "DEMUX-6").flags("Promiscuous", "DuplicateSelection"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "0", plain(A, PEER, 27));
                        })
                .test(replicated(id + "every-selection-once-broadcast", "context 0 promiscuous, all-multicast and joined to 01:00:5e:00:00:01: a broadcast, "
                                + "one copy each to 0, 1 and 2", "DEMUX-8", "DEMUX-4", "DEMUX-6").flags("ReplicationOrder", "Promiscuous", "DuplicateSelection"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().promiscuous(true).allMulticast(true).join(G1).build());
                            wire(b, "0 1 2", plain(BROADCAST, PEER, 28));
                        })
                .test(replicated(id + "every-selection-once-multicast", "context 0 promiscuous, all-multicast and joined, context 1 joined: one copy each of "
                                + "a frame to 01:00:5e:00:00:01", "DEMUX-8", "DEMUX-5", "DEMUX-6")
                                .flags("ReplicationOrder", "Promiscuous", "AllMulticast", "DuplicateSelection"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().promiscuous(true).allMulticast(true).join(G1).build());
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            wire(b, "0 1", plain(G1, PEER, 29));
                        })
                .test(Meta.valid(id + "promiscuous-turned-off", "guest 0 turns promiscuous on, then off: a unicast frame to context 1 reaches context 1 alone",
                        "DEMUX-6", "DEMUX-3").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.DEFAULT);
                            wire(b, "1", plain(B, PEER, 30));
                        })
                .test(Meta.invalid(id + "promiscuous-not-allowed", "guest 1, not allowed promiscuous mode, is refused; a frame to context 2 reaches context 2 alone",
                        rejected("PRIVILEGE"), "PRIV-4", "DEMUX-6").flags("Promiscuous"),
                        b -> {
                            control(b, Caller.guest(1), new ControlRequest.SetGuestConfig(1, promiscuous), refused("PRIVILEGE"));
                            wire(b, "2", plain(C, PEER, 31));
                        });
    }

    private static void vlans(FileBuilder file, String id) {
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        file.group("context 0 Trunk[10, 20] (MAC 02:00:00:00:00:01, promiscuous allowed), context 1 Access(10) (02:00:00:00:00:02), context 2 "
                                + "Access(20) (02:00:00:00:00:03), context 3 Trunk[20, 30] (02:00:00:00:00:04); rings on pages 1 to 8; two RX buffers each "
                                + "(pages 100 + 10 x id + k, filled with 0xee); frames come from 02:00:00:00:00:99",
                        () -> Bench.start(promiscuousAllowed(0, trunk(10, 20), 2, A), member(1, access(10), 2, B), member(2, access(20), 2, C),
                                member(3, trunk(20, 30), 2, D)))
                .test(replicated(id + "broadcast-vid-10-trunk-and-access", "a VID 10 broadcast: trunk context 0 gets it tagged, Access context 1 untagged",
                        "DEMUX-4", "DEMUX-2", "DEMUX-10"), frame("0 1", tag(BROADCAST, PEER, 0x000A, 40)))
                .test(replicated(id + "broadcast-vid-20-three-members", "a VID 20 broadcast reaches contexts 0 and 3 tagged and context 2 untagged",
                        "DEMUX-4", "DEMUX-2", "DEMUX-10"), frame("0 2 3", tag(BROADCAST, PEER, 0x0014, 41)))
                .test(Meta.valid(id + "broadcast-vid-30-one-member", "a VID 30 broadcast reaches trunk context 3 alone, tagged", "DEMUX-4", "DEMUX-2"),
                        frame("3", tag(BROADCAST, PEER, 0x001E, 42)))
                .test(Meta.invalid(id + "broadcast-untagged-no-member", "an untagged broadcast: no untagged context, dropped", error("packet"),
                        "DEMUX-2", "DEMUX-4", "DEMUX-9").flags("VlanCrossing"), frame("", plain(BROADCAST, PEER, 43)))
                .test(Meta.valid(id + "multicast-joined-by-access-context", "context 2 joins 33:33:00:00:00:01: a VID 20 frame to it reaches context 2, untagged",
                        "DEMUX-5", "DEMUX-10"),
                        b -> {
                            guestConfig(b, Caller.guest(2), 2, joined(G2));
                            wire(b, "2", tag(G2, PEER, 0x0014, 44));
                        })
                .test(Meta.valid(id + "all-multicast-on-access-vlan", "context 1 all-multicast, context 3 joined: a VID 20 frame to 33:33:00:00:00:01 "
                        + "reaches context 3 only; a VID 10 one reaches context 1", "DEMUX-5", "DEMUX-2").flags("AllMulticast"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, GuestConfig.builder().allMulticast(true).build());
                            guestConfig(b, Caller.guest(3), 3, joined(G2));
                            wire(b, "3", tag(G2, PEER, 0x0014, 45));
                            wire(b, "1", tag(G2, PEER, 0x000A, 46));
                        })
                .test(replicated(id + "promiscuous-trunk-sees-vid-10-unicast", "promiscuous trunk context 0 sees VID 10 unicast to context 1, tagged; "
                        + "context 1 gets it untagged", "DEMUX-6", "DEMUX-10").flags("ReplicationOrder", "Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "0 1", tag(B, PEER, 0x000A, 47));
                        })
                .test(Meta.valid(id + "promiscuous-trunk-not-vid-30", "promiscuous trunk context 0 does not see VID 30 unicast to context 3",
                        "DEMUX-6", "DEMUX-2").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "3", tag(D, PEER, 0x001E, 48));
                        })
                .test(Meta.invalid(id + "promiscuous-trunk-not-untagged", "promiscuous trunk context 0 does not see untagged frames: dropped",
                        error("packet"), "DEMUX-6", "DEMUX-2", "DEMUX-9").flags("Promiscuous", "VlanCrossing"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, promiscuous);
                            wire(b, "", plain(NOBODY, PEER, 49));
                        })
                .done();
    }

    private static void losers(FileBuilder file, String id) {
        file.group(LAN + "; RX buffers: three for context 0, one for context 1, none for context 2, two for context 3 (pages 100 + 10 x id + k, "
                        + "filled with 0xee); frames come from 02:00:00:00:00:99", () -> lan(3, 1, 0))
                .test(Meta.invalid(id + "recipient-without-buffers", "a broadcast: contexts 0 and 1 get their copies, context 2 counts RX_DROP_NO_BUFFER",
                        error("packet"), "DEMUX-11", "DEMUX-4", "RX-3").flags("NoBuffer"), frame("0 1 2:RX_DROP_NO_BUFFER", plain(BROADCAST, PEER, 50)))
                .test(Meta.invalid(id + "recipient-with-too-few-buffers", "a 4097-byte broadcast needs two buffers: only context 0 gets it; a 60-byte one "
                                + "then reaches contexts 0 and 1", error("packet"), "DEMUX-11", "RX-3", "RX-2").flags("NoBuffer"),
                        b -> {
                            wire(b, "0 1:RX_DROP_NO_BUFFER 2:RX_DROP_NO_BUFFER", ether(BROADCAST, PEER, LOCAL, data(4083, 51)));
                            wire(b, "0 1 2:RX_DROP_NO_BUFFER", plain(BROADCAST, PEER, 52));
                        })
                .test(Meta.invalid(id + "recipient-with-read-only-buffer", "context 2 posts a read-only page; a broadcast: its copy counts RX_DROP_BAD_BUFFER, "
                        + "the others arrive", error("packet"), "DEMUX-11", "RX-4").flags("BadBuffer"),
                        b -> {
                            int page = b.harness.grantPage(2, Access.READ_ONLY);
                            b.harness.guest(2).post(page);
                            wire(b, "0 1 2:RX_DROP_BAD_BUFFER", plain(BROADCAST, PEER, 53));
                        })
                .test(Meta.invalid(id + "multicast-listener-without-buffers", "contexts 1 and 2 join 01:00:5e:00:00:01: context 1 gets the frame, context 2 "
                        + "counts RX_DROP_NO_BUFFER", error("packet"), "DEMUX-11", "DEMUX-5").flags("NoBuffer"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            guestConfig(b, Caller.guest(2), 2, joined(G1));
                            wire(b, "1 2:RX_DROP_NO_BUFFER", plain(G1, PEER, 54));
                        })
                .done();
        file.group(LAN + "; two RX buffers each (pages 100 + 10 x id + k, filled with 0xee); then context 2 FAILED on a TX req_prod 100000 ahead "
                        + "(RING-11); frames come from 02:00:00:00:00:99",
                        () -> {
                            Bench bench = lan(2, 2, 2);
                            fail(bench, 2);
                            return bench;
                        })
                .test(Meta.invalid(id + "failed-recipient-broadcast", "a broadcast: contexts 0 and 1 get their copies, FAILED context 2 counts RX_DROP_FAILED",
                        error("packet"), "DEMUX-11", "DEMUX-4", "RX-5").flags("FailedRecipient"), frame("0 1 2:RX_DROP_FAILED", plain(BROADCAST, PEER, 60)))
                .test(Meta.invalid(id + "failed-recipient-multicast", "contexts 1 and 2 joined 01:00:5e:00:00:01 (2 while FAILED): context 1 gets the frame, "
                        + "context 2 counts RX_DROP_FAILED", error("packet"), "DEMUX-11", "DEMUX-5", "RX-5").flags("FailedRecipient"),
                        b -> {
                            guestConfig(b, Caller.guest(1), 1, joined(G1));
                            guestConfig(b, Caller.guest(2), 2, joined(G1));
                            wire(b, "1 2:RX_DROP_FAILED", plain(G1, PEER, 61));
                        })
                .test(Meta.invalid(id + "failed-recipient-promiscuous-neighbour", "promiscuous context 0 and FAILED owner 2: context 0 gets a unicast to "
                        + "context 2, which counts RX_DROP_FAILED", error("packet"), "DEMUX-11", "DEMUX-6", "RX-5").flags("FailedRecipient", "Promiscuous"),
                        b -> {
                            guestConfig(b, Caller.guest(0), 0, GuestConfig.builder().promiscuous(true).build());
                            wire(b, "0 2:RX_DROP_FAILED", plain(C, PEER, 62));
                        })
                .done();
    }

    // ------------------------------------------------------------------ DEMUX-13

    private static ContextConfig policy(Harness h, int ringsOf, VlanPolicy vlan, MacAddress... macs) {
        GuestDriver guest = h.guest(ringsOf);
        return ContextConfig.builder().macs(List.of(macs)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).vlan(vlan).build();
    }

    private static void create(Bench b, int ctx, VlanPolicy vlan, MacAddress mac, String expected) {
        control(b, Caller.HOST, new ControlRequest.CreateContext(ctx, policy(b.harness, ctx, vlan, mac)), expected);
    }

    private static void update(Bench b, int ctx, VlanPolicy vlan, MacAddress mac, String expected) {
        control(b, Caller.HOST, new ControlRequest.UpdateContext(ctx, policy(b.harness, ctx, vlan, mac)), expected);
    }

    /** Context {@code ctx} posts one fresh read-write buffer (page 150 + ctx, filled with 0xee). */
    private static void postOne(Bench b, int ctx) {
        int gref = 150 + ctx;
        Arrays.fill(b.harness.grant(gref, ctx, Access.READ_WRITE), FILL);
        b.harness.guest(ctx).post(gref);
    }

    private static Integer[] vids(int from, int count) {
        Integer[] all = new Integer[count];
        for (int k = 0; k < count; k++) {
            all[k] = from + k;
        }
        return all;
    }

    private static VectorBundle.Entry vlanConfig() {
        String id = CHAPTER + ".vlan-config.";
        int max = Generators.model().limits().maxVlansPerContext();
        if (max != 8) {
            throw new IllegalStateException("these vectors assume maxVlansPerContext = 8, the model has " + max);
        }
        FileBuilder file = FileBuilder.frame(CHAPTER, "vlan-config",
                "The host's VLAN policy: Access with a VID outside 1..4094, or a Trunk that is empty, longer than maxVlansPerContext, names "
                        + "VID 0 or 4095 or repeats a VID, is INVALID_CONFIG and changes nothing; it is checked right after the MAC list, before "
                        + "the rings; an accepted update applies to the next frame (spec 06, section 5; DEMUX-13, PRIV-8).");
        notes(file);
        file.note("ReservedVid", "EDGE_CASE", "VID 0 or 4095 in a policy", "a context becomes a member of the priority-tag or reserved VLAN");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides",
                "two devices would give the same request different answers");
        file.note("CoreLimits", "IMPL_DEFINED", "assumes the reference model's maxVlansPerContext = 8 (the core preset fixes only the lower bound)",
                "meaningful only for a device with exactly this limit");
        file.note("PolicyChange", "BASIC", "an update changes a live context's VLAN policy; the next frame follows the new one",
                "frames keep following a policy the host replaced");
        FileBuilder.GroupBuilder<Bench> g = file.group("context 0 untagged (MAC 02:00:00:00:00:01, rings 1 and 2, two RX buffers 100 and 101 filled "
                        + "with 0xee); ring pages 3 and 4 granted to context 1 and 5 and 6 to context 2, which do not exist; frames come from "
                        + "02:00:00:00:00:99",
                () -> {
                    Bench bench = Bench.start(member(0, UNTAGGED, 2, A));
                    bench.harness.guest(1);
                    bench.harness.guest(2);
                    return bench;
                });
        creates(g, id);
        updates(g, id);
        g.done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void creates(FileBuilder.GroupBuilder<Bench> g, String id) {
        g.test(Meta.invalid(id + "create-access-vid-0", "Access(0) is refused and creates nothing: the same create with Access(1) then answers ok",
                        rejected("INVALID_CONFIG"), "DEMUX-13", "PRIV-8").flags("ReservedVid"),
                        b -> {
                            create(b, 1, access(0), B, refused("INVALID_CONFIG"));
                            create(b, 1, access(1), B, "Ok");
                        })
                .test(Meta.invalid(id + "create-access-vid-4095", "Access(4095) is refused", rejected("INVALID_CONFIG"), "DEMUX-13").flags("ReservedVid"),
                        b -> create(b, 1, access(4095), B, refused("INVALID_CONFIG")))
                .test(Meta.valid(id + "create-access-vid-1", "Access(1) is accepted; a VID 1 frame to context 1 arrives untagged", "DEMUX-13", "DEMUX-10"),
                        b -> {
                            create(b, 1, access(1), B, "Ok");
                            postOne(b, 1);
                            wire(b, "1", tag(B, PEER, 0x0001, 3));
                        })
                .test(Meta.valid(id + "create-access-vid-4094", "Access(4094) is accepted; a VID 4094 frame to context 1 arrives untagged", "DEMUX-13",
                        "DEMUX-10"),
                        b -> {
                            create(b, 1, access(4094), B, "Ok");
                            postOne(b, 1);
                            wire(b, "1", tag(B, PEER, 0x0FFE, 4));
                        })
                .test(Meta.invalid(id + "create-trunk-empty", "Trunk[] is refused", rejected("INVALID_CONFIG"), "DEMUX-13"),
                        b -> create(b, 1, trunk(), B, refused("INVALID_CONFIG")))
                .test(Meta.invalid(id + "create-trunk-nine-vids", "Trunk[1..9], one VID more than maxVlansPerContext, is refused", rejected("INVALID_CONFIG"),
                        "DEMUX-13").flags("CoreLimits"),
                        b -> create(b, 1, trunk(vids(1, 9)), B, refused("INVALID_CONFIG")))
                .test(Meta.valid(id + "create-trunk-eight-vids", "Trunk[100..107], the core preset's eight VIDs, is accepted; a VID 107 frame arrives tagged",
                        "DEMUX-13", "DEMUX-2"),
                        b -> {
                            create(b, 1, trunk(vids(100, 8)), B, "Ok");
                            postOne(b, 1);
                            wire(b, "1", tag(B, PEER, 107, 5));
                        })
                .test(Meta.invalid(id + "create-trunk-vid-0", "Trunk[10, 0] is refused", rejected("INVALID_CONFIG"), "DEMUX-13").flags("ReservedVid"),
                        b -> create(b, 1, trunk(10, 0), B, refused("INVALID_CONFIG")))
                .test(Meta.invalid(id + "create-trunk-vid-4095", "Trunk[10, 4095] is refused", rejected("INVALID_CONFIG"), "DEMUX-13").flags("ReservedVid"),
                        b -> create(b, 1, trunk(10, 4095), B, refused("INVALID_CONFIG")))
                .test(Meta.invalid(id + "create-trunk-duplicate", "Trunk[10, 20, 10] is refused; a VID 20 frame to its MAC is dropped",
                        rejected("INVALID_CONFIG"), "DEMUX-13", "PRIV-8"),
                        b -> {
                            create(b, 1, trunk(10, 20, 10), B, refused("INVALID_CONFIG"));
                            wire(b, "", tag(B, PEER, 0x0014, 6));
                        })
                .test(Meta.valid(id + "create-trunk-boundaries", "Trunk[4094, 1] is accepted in that order; VID 1 and VID 4094 frames arrive tagged",
                        "DEMUX-13", "DEMUX-2"),
                        b -> {
                            create(b, 1, trunk(4094, 1), B, "Ok");
                            postOne(b, 1);
                            wire(b, "1", tag(B, PEER, 0x0001, 7));
                            b.harness.guest(1).post(151);
                            wire(b, "1", tag(B, PEER, 0x0FFE, 8));
                        })
                .test(Meta.invalid(id + "create-bad-vlan-and-read-only-ring", "Access(0) and a read-only TX ring: INVALID_CONFIG, the VLAN check first",
                        rejected("INVALID_CONFIG"), "DEMUX-13", "MEM-6").flags("OrderOfChecks", "ReservedVid"),
                        b -> {
                            int readOnly = b.harness.grantPage(2, Access.READ_ONLY);
                            ContextConfig config = ContextConfig.builder().mac(C).txRingGref(readOnly).rxRingGref(b.harness.guest(2).rxRing())
                                    .vlan(access(0)).build();
                            control(b, Caller.HOST, new ControlRequest.CreateContext(2, config), refused("INVALID_CONFIG"));
                        })
                .test(Meta.invalid(id + "create-bad-vlan-existing-id", "create of live context 0 with Trunk[]: CONTEXT_EXISTS comes first",
                        rejected("CONTEXT_EXISTS"), "DEMUX-13", "PRIV-5").flags("OrderOfChecks"),
                        b -> create(b, 0, trunk(), C, refused("CONTEXT_EXISTS")))
                .test(Meta.invalid(id + "create-bad-vlan-by-guest", "guest 1 creates its context with Access(4095): PRIVILEGE comes first",
                        rejected("PRIVILEGE"), "DEMUX-13", "PRIV-2").flags("OrderOfChecks"),
                        b -> control(b, Caller.guest(1), new ControlRequest.CreateContext(1, policy(b.harness, 1, access(4095), B)),
                                refused("PRIVILEGE")));
    }

    private static void updates(FileBuilder.GroupBuilder<Bench> g, String id) {
        g.test(Meta.invalid(id + "update-access-vid-0", "context 0 updated to Access(0) is refused; an untagged frame still reaches it",
                        rejected("INVALID_CONFIG"), "DEMUX-13", "PRIV-8").flags("ReservedVid"),
                        b -> {
                            update(b, 0, access(0), A, refused("INVALID_CONFIG"));
                            wire(b, "0", plain(A, PEER, 10));
                        })
                .test(Meta.invalid(id + "update-trunk-duplicate", "context 0 updated to Trunk[30, 30] is refused; a VID 30 frame to it is dropped",
                        rejected("INVALID_CONFIG"), "DEMUX-13", "PRIV-8"),
                        b -> {
                            update(b, 0, trunk(30, 30), A, refused("INVALID_CONFIG"));
                            wire(b, "", tag(A, PEER, 0x001E, 11));
                        })
                .test(Meta.invalid(id + "update-trunk-nine-vids", "context 0 updated to Trunk[1..9] is refused; it stays untagged", rejected("INVALID_CONFIG"),
                        "DEMUX-13", "PRIV-8").flags("CoreLimits"),
                        b -> {
                            update(b, 0, trunk(vids(1, 9)), A, refused("INVALID_CONFIG"));
                            wire(b, "0", plain(A, PEER, 12));
                        })
                .test(Meta.invalid(id + "update-to-access-takes-effect", "context 0 updated to Access(10): the next untagged frame to it is dropped, a VID 10 one "
                        + "arrives untagged", error("packet"), "DEMUX-2", "DEMUX-10", "DEMUX-13").flags("PolicyChange"),
                        b -> {
                            update(b, 0, access(10), A, "Ok");
                            wire(b, "", plain(A, PEER, 13));
                            wire(b, "0", tag(A, PEER, 0x000A, 14));
                        })
                .test(Meta.valid(id + "update-access-then-trunk", "context 0 updated to Access(10), then to Trunk[10, 20]: VID 10 frames arrive untagged, "
                        + "then tagged", "DEMUX-2", "DEMUX-10", "DEMUX-13").flags("PolicyChange"),
                        b -> {
                            update(b, 0, access(10), A, "Ok");
                            wire(b, "0", tag(A, PEER, 0x000A, 15));
                            update(b, 0, trunk(10, 20), A, "Ok");
                            wire(b, "0", tag(A, PEER, 0x000A, 16));
                        })
                .test(Meta.invalid(id + "update-back-to-untagged", "context 0 updated to Access(10) and back to untagged: a VID 10 frame is dropped, an "
                        + "untagged one arrives", error("packet"), "DEMUX-2", "DEMUX-13").flags("PolicyChange"),
                        b -> {
                            update(b, 0, access(10), A, "Ok");
                            update(b, 0, UNTAGGED, A, "Ok");
                            wire(b, "", tag(A, PEER, 0x000A, 17));
                            wire(b, "0", plain(A, PEER, 18));
                        })
                .test(Meta.invalid(id + "update-refused-keeps-policy", "context 0 updated to Access(10), then to Trunk[] (refused): a VID 10 frame still "
                        + "arrives untagged", rejected("INVALID_CONFIG"), "DEMUX-13", "PRIV-8").flags("PolicyChange"),
                        b -> {
                            update(b, 0, access(10), A, "Ok");
                            update(b, 0, trunk(), A, refused("INVALID_CONFIG"));
                            wire(b, "0", tag(A, PEER, 0x000A, 19));
                        })
                .test(Meta.valid(id + "update-access-tags-next-tx-frame", "context 0 updated to Access(10): its next 60-byte TX frame leaves with tag 0x8100 "
                        + "000a, 64 bytes", "DEMUX-13", "TXF-4").flags("PolicyChange"),
                        b -> {
                            update(b, 0, access(10), A, "Ok");
                            Harness h = b.harness;
                            int page = h.grantPage(0, Access.READ_ONLY);
                            byte[] sent = plain(PEER, A, 20);
                            System.arraycopy(sent, 0, h.memory().page(page), 0, sent.length);
                            h.guest(0).send(List.of(new TxSlot.Data(page, 0, 0, 1, sent.length)));
                            require(h.sink().frames().size() == 1 && h.sink().frames().get(0).bytes().length == 64, "the frame leaves tagged");
                        });
    }
}
