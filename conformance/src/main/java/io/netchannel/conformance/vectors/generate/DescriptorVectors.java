package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.properties.PacketShape;
import io.netchannel.conformance.properties.RxBench;
import io.netchannel.conformance.properties.TxBench;
import io.netchannel.conformance.properties.TxOracle;
import io.netchannel.conformance.properties.TxPackets;
import io.netchannel.conformance.vectors.ReferenceClaiming;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;

/**
 * Chapter 04 vectors: TX chain validation (one test per malformed class of section 3.2 and per
 * precedence case of section 3.3), random TX batches judged by the spec's oracle, RX delivery,
 * and a few scenarios whose step order is the point.
 */
final class DescriptorVectors {

    private static final String CHAPTER = "descriptor";
    private static final int MORE = TxRequestLayout.FLAG_MORE_DATA;
    private static final int EXTRA = TxRequestLayout.FLAG_EXTRA_INFO;
    private static final int P0 = TxBench.READ_ONLY[0];
    private static final int P1 = TxBench.READ_ONLY[1];
    private static final int P2 = TxBench.READ_ONLY[2];
    private static final int P3 = TxBench.READ_ONLY[3];
    private static final int W0 = TxBench.READ_WRITE[0];
    private static final int W1 = TxBench.READ_WRITE[1];
    /** A group address whose first bytes differ from an extra's NULL response, so that response shows in the recorded memory. */
    private static final MacAddress GROUP = MacAddress.parse("33:33:00:00:00:01");
    private static final MacAddress UNICAST = MacAddress.parse("02:00:00:00:00:09");
    private static final MacAddress NOBODY = MacAddress.parse("02:00:00:00:00:63");

    private DescriptorVectors() {
    }

    /**
     * The TX bench on the reference model claiming every profile but {@code leftOut}: the device a
     * test flagged {@code SegmentationNotOffered} or {@code ChecksumNotOffered} expects (spec 05,
     * section 3.1), on which the chapter 04 oracle decides a GSO request (DESC-16) and a
     * {@code NETTXF_csum_blank} packet (ignored) as that test says.
     */
    private static java.util.function.Supplier<TxBench> without(Profile leftOut) {
        return () -> TxBench.start(ReferenceClaiming.without(leftOut));
    }

    static List<VectorBundle.Entry> files() {
        return List.of(TxValidation.file(), TxBatches.file(), TxRewrittenDuringKick.file(), RxDelivery.file(), Scenarios.sendAcrossSlot255(),
                Scenarios.txRewrittenRequest(),
                Scenarios.rxRewrittenRequest(), Scenarios.errorsThenValidTraffic(), Scenarios.twoContextsIsolated(), Scenarios.fatalThenReset());
    }

    // ------------------------------------------------------------------ tx-rewritten

    /**
     * XSA-155 during the kick: the guest XORs every request byte right after the device read it
     * (a {@code hostile} step). A device that acts on its one private copy answers exactly as for
     * the untouched packet; the pages end with each read byte XORed once.
     */
    private static final class TxRewrittenDuringKick {

        static VectorBundle.Entry file() {
            FileBuilder file = FileBuilder.frame(CHAPTER, "tx-rewritten",
                    "A hostile guest rewrites each TX request the moment the device has read it (spec 04 section 2, DESC-1, XSA-155).");
            file.note("RewrittenRequest", "XSA", "the guest XORs each request byte right after the device read it (double fetch, XSA-155)",
                    "a device that fetches a request twice acts on bytes the guest chose after validation");
            file.note("XSA-155", "XSA", "XSA-155: back ends read shared ring requests more than once", "validation is bypassed by a racing guest");
            FileBuilder.GroupBuilder<TxBench> g = file.group("context 0 of the TX bench; every kick runs with the hostile guest on its TX ring",
                    () -> TxBench.start(Generators.model()));
            g.test(Meta.valid(CHAPTER + ".tx-rewritten.single-slot", "a 60-byte packet still leaves as read", "DESC-1", "TX-1")
                    .flags("RewrittenRequest", "XSA-155"), bench -> hostileKick(bench, 0x81, List.of(slot(100, 0, 0, 1, 60))));
            g.test(Meta.valid(CHAPTER + ".tx-rewritten.three-slot-chain", "a chain's slots are each read once, the frame as first read",
                            "DESC-1", "DESC-2", "TX-1").flags("RewrittenRequest", "XSA-155"),
                    bench -> hostileKick(bench, 0xff, List.of(slot(100, 10, TxRequestLayout.FLAG_MORE_DATA, 1, 300),
                            slot(101, 0, TxRequestLayout.FLAG_MORE_DATA, 2, 100), slot(102, 4000, 0, 3, 96))));
            g.test(Meta.invalid(CHAPTER + ".tx-rewritten.runt-stays-an-error", "a runt first slot stays a per-packet error whatever the guest writes later",
                            error("packet"), "DESC-1", "DESC-8").flags("RewrittenRequest", "XSA-155"),
                    bench -> hostileKick(bench, 0x83, List.of(slot(100, 0, 0, 1, 13))));
            g.test(Meta.invalid(CHAPTER + ".tx-rewritten.crossing-stays-fatal", "a page-crossing slot stays fatal whatever the guest writes later",
                            error("context"), "DESC-1", "DESC-5").flags("RewrittenRequest", "XSA-155"),
                    bench -> hostileKick(bench, 0x81, List.of(slot(100, 0, TxRequestLayout.FLAG_MORE_DATA, 1, 260), slot(101, 4000, 0, 2, 200))));
            g.test(Meta.valid(CHAPTER + ".tx-rewritten.batch-of-three", "three packets in one kick, each decided on its first reading",
                            "DESC-1", "TX-1", "TX-2").flags("RewrittenRequest", "XSA-155"),
                    bench -> hostileKick(bench, 0xa5, List.of(slot(100, 0, 0, 1, 60), slot(103, 8, 0, 2, 1514), slot(104, 0, 0, 3, 14))));
            return g.done().build();
        }

        /**
         * Writes context 0's MAC as the source of each packet's frame, queues {@code slots} (whole
         * packets), publishes them, and kicks with the hostile guest armed.
         */
        private static void hostileKick(TxBench bench, int xor, List<TxSlot> slots) {
            GuestDriver guest = bench.guest();
            int from = 0;
            for (int k = 0; k < slots.size(); k++) {
                // a packet ends at a request slot that announces neither extras nor more data
                if (slots.get(k) instanceof TxSlot.Data d && !d.moreData() && !d.extraInfo()) {
                    bench.own(slots.subList(from, k + 1));
                    from = k + 1;
                }
            }
            guest.queue(slots);
            guest.pushTx();
            bench.harness().rewriteAfterRead(new Harness.Hostile(TxBench.TX_RING, SharedRingLayout.ENTRIES, xor));
            bench.harness().kick(TxBench.CTX, Queue.TX);
        }
    }

    // ------------------------------------------------------------------ TX building blocks

    /** One raw TX request slot. */
    private static TxSlot.Data slot(int gref, int offset, int flags, int id, int size) {
        return new TxSlot.Data(gref, offset, flags, id, size);
    }

    /** A data fragment {gref, offset, size}. */
    private static int[] frag(int gref, int offset, int size) {
        return new int[] {gref, offset, size};
    }

    /** {@code count} data fragments of {@code size} bytes, spread over the readable pages. */
    private static int[][] run(int count, int size) {
        int[] pages = TxBench.readable();
        int[][] all = new int[count][];
        for (int k = 0; k < count; k++) {
            all[k] = frag(pages[k % pages.length], 64 * k, size);
        }
        return all;
    }

    /** A packet: the first slot's own fragment (id {@code id}), then data fragments with ids id+1, id+2, ... */
    private static PacketShape shape(int id, int gref, int offset, int own, int[]... data) {
        List<PacketShape.Fragment> fragments = new ArrayList<>();
        for (int k = 0; k < data.length; k++) {
            fragments.add(new PacketShape.Fragment(data[k][0], data[k][1], data[k][2], id + 1 + k));
        }
        return new PacketShape(new PacketShape.Fragment(gref, offset, own, id), id, List.of(), fragments, -1, false);
    }

    /** The slots of {@link #shape}. */
    private static List<TxSlot> pkt(int id, int gref, int offset, int own, int[]... data) {
        return shape(id, gref, offset, own, data).slots();
    }

    /** The slots of {@code packet} with {@code extras} chained after its first slot. */
    private static List<TxSlot> with(PacketShape packet, TxSlot.Extra... extras) {
        return packet.withExtras(List.of(extras)).slots();
    }

    private static TxSlot.Extra hash(int fill) {
        return TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, false, fill);
    }

    private static TxSlot.Extra gso(int mss, int type) {
        return TxSlot.Extra.gso(mss, type, false);
    }

    private static TxSlot.Extra add(MacAddress address) {
        return TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, address, false);
    }

    private static TxSlot.Extra del(MacAddress address) {
        return TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_DEL, address, false);
    }

    /** A multicast-control packet: a first slot with extra_info and the given extras chained. */
    private static List<TxSlot> mcast(int id, TxSlot.Extra... extras) {
        return with(shape(id, P0, 0, 60), extras);
    }

    /** The same slots with every request id (not the extras) replaced by {@code id}. */
    private static List<TxSlot> ids(List<TxSlot> packet, int id) {
        return packet.stream().map(s -> s instanceof TxSlot.Data d ? slot(d.gref(), d.offset(), d.flags(), id, d.size()) : s).toList();
    }

    /** The spec's decisions for a batch, as "KIND rule" joined by ", ". */
    private static String decisions(TxBench.Batch batch) {
        return batch.outcomes().stream().map(o -> o.kind() + " " + o.rule()).collect(Collectors.joining(", "));
    }

    /**
     * Sends one batch in one kick (the bench checks the model against the spec's oracle) and
     * insists the oracle decided it as {@code expected}, so each test's label is the spec's verdict.
     */
    private static TxBench.Batch send(TxBench bench, String rule, String expected, List<List<TxSlot>> packets) {
        TxBench.Batch batch = bench.send(rule, packets);
        String seen = decisions(batch);
        if (!seen.equals(expected)) {
            throw new IllegalStateException("vector input for " + rule + ": expected the spec to decide [" + expected + "], it decided [" + seen + "]");
        }
        return batch;
    }

    /** A test action: {@link #send} of {@code packets}. */
    @SafeVarargs
    private static Consumer<TxBench> tx(String rule, String expected, List<TxSlot>... packets) {
        List<List<TxSlot>> all = new ArrayList<>();
        for (List<TxSlot> packet : packets) {
            all.add(packet);
        }
        return bench -> send(bench, rule, expected, all);
    }

    private static String times(int count, String decision) {
        return String.join(", ", Collections.nCopies(count, decision));
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("vector generator: " + what);
        }
    }

    // ------------------------------------------------------------------ tx-validation

    /** One packet (or a short batch) per test on the TX bench: every class of section 3.2 and 3.3. */
    private static final class TxValidation {

        private static final String ID = CHAPTER + ".tx-validation.";

        private TxValidation() {
        }

        static VectorBundle.Entry file() {
            FileBuilder file = FileBuilder.frame(CHAPTER, "tx-validation",
                    "TX chains in netif layout on context 0 of the TX bench (spec 04, section 3): valid shapes, one test per malformed class "
                            + "of section 3.2, the precedence cases of section 3.3, odd ids, multicast control, and batches mixing them.");
            notes(file);
            FileBuilder.GroupBuilder<TxBench> g = file.group(
                    "context 0 (rings 1 and 2, TX ring at index 0) with fragment pages 100-103 read-only and 104-107 read-write, each filled with "
                            + "its pattern; 110 revoked, 111 granted to context 1, 112 never granted",
                    () -> TxBench.start(Generators.model()));
            valid(g);
            fatal(g);
            perPacket(g);
            emptyAndTiny(g);
            precedence(g);
            oddIds(g);
            multicast(g);
            batches(g);
            g.done();
            file.group("the same bench with the TX ring attached at index 40 (section 3.1's worked example)", () -> TxBench.start(Generators.model(), 40))
                    .test(Meta.valid(ID + "worked-example-three-slots", "section 3.1: 3000 bytes in three slots at 40-42, own length 1000 at offset 100",
                            "DESC-2", "TX-1", "TX-2"),
                            tx("DESC-2", "VALID DESC-2", pkt(1, P0, 100, 1000, frag(P1, 0, 1500), frag(P2, 0, 500))))
                    .test(Meta.valid(ID + "worked-example-with-hash-extra", "section 3.1 with a HASH extra at 41: answered NULL with id 0x0004",
                            "DESC-2", "DESC-16", "DESC-14", "TX-1"),
                            tx("DESC-2", "VALID DESC-2", with(shape(1, P0, 100, 1000, frag(P1, 0, 1500), frag(P2, 0, 500)), hash(0))))
                    .done();
            return file.build();
        }

        private static void notes(FileBuilder file) {
            file.note("ChainOffRing", "MALFORMED", "a chain announces a slot at the req_prod the device read (DESC-3)",
                    "the device would read past what the guest published");
            file.note("InvalidExtraType", "MALFORMED", "an extra-info slot of type 0 or 5 and above (DESC-4)", "a hostile extra chain would not cost the context");
            file.note("InvalidGsoExtra", "MALFORMED", "a GSO extra with size 0 or a type other than TCPv4/TCPv6 (DESC-4)",
                    "a hostile GSO request would not cost the context");
            file.note("PageCrossing", "MALFORMED", "a fragment leaves its 4 KiB page (DESC-5)", "the device would read memory the grant does not cover");
            file.note("FarTooManySlots", "MALFORMED", "more than 20 data slots (DESC-6, fatal)", "a hostile chain would tie up the device without costing the context");
            file.note("TooManySlots", "MALFORMED", "19 or 20 data slots (DESC-6, per packet)", "devices would disagree on chains past the 18 netif promises");
            file.note("SizesDoNotAddUp", "MALFORMED", "data slots larger than the first slot's size (DESC-7)", "a lying chain would be sent or cost the context");
            file.note("RuntFirstSlot", "MALFORMED", "first slot's own length below 14 bytes (DESC-8)", "Ethernet headers would be gathered across slots");
            file.note("UnreadableFragment", "MALFORMED", "a non-empty fragment whose grant the context cannot read (DESC-9)",
                    "the device would read through a grant it does not hold");
            file.note("RingPageFragment", "MALFORMED", "a non-empty fragment on the context's own TX or RX ring page (DESC-17)",
                    "a frame would depend on the order the device writes the ring");
            file.note("SegmentationNotOffered", "MALFORMED", "a well-formed GSO extra on a device without tso (DESC-16)",
                    "an unsegmented super-frame would reach the wire");
            file.note("EmptyFragments", "EDGE_CASE", "zero-length data slots, their grants unusable (DESC-10)", "empty fragments would be accessed or refused");
            file.note("TinyMaximalChain", "EDGE_CASE", "18 data slots with at most 128 bytes in all (DESC-6, TX-1)", "the slot accounting of a full tiny chain breaks");
            file.note("Precedence", "EDGE_CASE", "a packet malformed in several ways at once (DESC-13)", "devices would disagree on a doubly malformed chain");
            file.note("OddIds", "EDGE_CASE", "repeated ids and ids at 0xffff (DESC-14)", "the device relies on ids it should only echo");
            file.note("IgnoredFlags", "EDGE_CASE", "flags core ignores: checksum flags, bits 4-15, extra_info on a data slot", "a device reads meaning into unused bits");
            file.note(VectorRunner.WITHOUT_CHECKSUM, "IMPL_DEFINED", "reserved flag (spec 05, section 3.1): NETTXF_csum_blank on a device without the "
                    + "checksum profile, which ignores it; recorded from the reference model claiming neither checksum nor tso nor lro, and skipped by a "
                    + "device that claims checksum (where an unparsed csum_blank frame is a per-packet error, CSUM-3)",
                    "a device without checksum offload drops or alters a frame for a flag it does not implement");
            file.note("MulticastControl", "BASIC", "MCAST_ADD / MCAST_DEL extras edit the multicast list (DESC-15)", "dynamic multicast control is misanswered");
            file.note("ImpossibleProducerIndex", "MALFORMED", "req_prod more than 256 ahead of the responses (RING-11)",
                    "the device would read requests that cannot exist");
            file.note("XSA-86", "XSA", "XSA-86: an impossible producer index made back ends loop over garbage", "the device consumes a ring that cannot be");
            file.note("XSA-39", "XSA", "XSA-39: hostile chains must cost the interface (netback fatal_skb_slots)", "a hostile chain is only dropped");
            file.note("XSA-362", "XSA", "XSA-362: grant failures crashed error handling", "a bad grant costs more than its packet");
            file.note("XSA-367", "XSA", "XSA-367: grant failures escaped error handling", "a bad grant costs more than its packet");
            file.note("XSA-423", "XSA", "XSA-423: headers scattered over slots", "a runt first slot is parsed across fragments");
            file.note("XSA-432", "XSA", "XSA-432: a tiny maximal chain underflowed netback's slot accounting", "the device mishandles a legal 18-slot tiny chain");
            file.note("XSA-448", "XSA", "XSA-448: zero-size fragments reached the network stack", "empty fragments are accessed or build a frame");
        }

        private static void valid(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.valid(ID + "single-slot-14-bytes", "the minimum packet: one 14-byte slot becomes a 14-byte frame", "TX-1", "DESC-8"),
                    tx("TX-1", "VALID TX-1", pkt(1, P0, 0, 14)))
                    .test(Meta.valid(ID + "single-slot-60-bytes", "one 60-byte slot becomes one 60-byte frame", "TX-1", "TX-2"),
                            tx("TX-1", "VALID TX-1", pkt(1, P0, 0, 60)))
                    .test(Meta.valid(ID + "single-slot-1514-bytes", "one 1514-byte slot at offset 100 becomes a 1514-byte frame", "TX-1"),
                            tx("TX-1", "VALID TX-1", pkt(2, P1, 100, 1514)))
                    .test(Meta.valid(ID + "single-slot-whole-page", "one slot of 4096 bytes at offset 0: offset + size = 4096 is inside the page", "TX-1", "DESC-5"),
                            tx("TX-1", "VALID TX-1", pkt(3, P2, 0, 4096)))
                    .test(Meta.valid(ID + "first-slot-ends-at-page-end", "a 60-byte first slot at offset 4036 ends exactly at the page end", "TX-1", "DESC-5"),
                            tx("TX-1", "VALID TX-1", pkt(4, P3, 4036, 60)))
                    .test(Meta.valid(ID + "single-slot-14-bytes-at-page-end", "a 14-byte first slot at offset 4082 ends at the page end", "TX-1", "DESC-5", "DESC-8"),
                            tx("TX-1", "VALID TX-1", pkt(5, W0, 4082, 14)))
                    .test(Meta.valid(ID + "two-slot-chain", "own length 14 plus a 46-byte data slot: a 60-byte frame", "DESC-2", "TX-1"),
                            tx("DESC-2", "VALID DESC-2", pkt(1, P0, 0, 14, frag(P1, 0, 46))))
                    .test(Meta.valid(ID + "four-slot-chain-mixed-pages", "read-only and read-write pages in one chain, concatenated in chain order",
                            "DESC-2", "TX-1", "TX-2"),
                            tx("DESC-2", "VALID DESC-2", pkt(10, W0, 10, 100, frag(P1, 500, 600), frag(W1, 0, 700), frag(P2, 3000, 96))))
                    .test(Meta.valid(ID + "data-slot-ends-at-page-end", "a 60-byte data slot at offset 4036 ends exactly at the page end", "DESC-5", "DESC-2"),
                            tx("DESC-2", "VALID DESC-2", pkt(1, P0, 0, 14, frag(P1, 4036, 60))))
                    .test(Meta.valid(ID + "same-page-twice-in-one-chain", "two data slots from the same page, out of page order", "DESC-2", "TX-1"),
                            tx("DESC-2", "VALID DESC-2", pkt(1, P0, 2000, 20, frag(P1, 1000, 30), frag(P1, 0, 30))))
                    .test(Meta.valid(ID + "extra-info-flag-on-data-slot-ignored", "NETTXF_extra_info on a data slot is ignored: no extra follows it",
                            "DESC-2", "TX-1").flags("IgnoredFlags"),
                            tx("DESC-2", "VALID DESC-2", List.of(slot(P0, 0, MORE, 1, 60), slot(P1, 0, EXTRA, 2, 46))))
                    .test(Meta.valid(ID + "checksum-and-high-flag-bits-ignored", "csum_blank, data_validated and flag bits 4-15 change nothing in core",
                            "DESC-2", "TX-1").flags("IgnoredFlags", VectorRunner.WITHOUT_CHECKSUM), without(Profile.CHECKSUM),
                            tx("TX-1", "VALID TX-1", List.of(slot(P0, 0, 0xFFF3, 1, 60))))
                    .test(Meta.valid(ID + "hash-extra-accepted", "a HASH extra is accepted and ignored; its slot is answered NULL with id 0x0004",
                            "DESC-16", "TX-1", "DESC-14"),
                            tx("TX-1", "VALID TX-1", with(shape(1, P0, 0, 60), hash(0x5A))))
                    .test(Meta.valid(ID + "two-hash-extras-chained", "two HASH extras chained by FLAG_MORE; the first is answered with id 0x0104",
                            "DESC-16", "DESC-2", "DESC-14"),
                            tx("TX-1", "VALID TX-1", with(shape(1, P0, 0, 60), TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, true, 1), hash(2))))
                    .test(Meta.valid(ID + "hash-extra-then-data-slots", "first slot with extra_info and more_data: the data chain starts after the extras",
                            "DESC-2", "DESC-16", "TX-1"),
                            tx("DESC-2", "VALID DESC-2", with(shape(1, P0, 0, 500, frag(P1, 0, 500), frag(P2, 100, 200)), hash(7))))
                    .test(Meta.valid(ID + "data-slot-whole-page-in-chain", "a 4096-byte data slot at offset 0 after a 14-byte first slot",
                            "DESC-2", "DESC-5", "TX-1"),
                            tx("DESC-2", "VALID DESC-2", pkt(1, P0, 0, 14, frag(W0, 0, 4096))));
        }

        private static void fatal(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.invalid(ID + "chain-off-ring-first-slot-more-data", "a single slot with more_data and no further request published is fatal",
                            error("context"), "DESC-3", "DESC-12").flags("ChainOffRing"),
                    tx("DESC-3", "FATAL DESC-3", List.of(slot(P0, 0, MORE, 1, 60))))
                    .test(Meta.invalid(ID + "chain-off-ring-last-data-slot-more-data", "the last data slot says more_data at req_prod: fatal",
                            error("context"), "DESC-3").flags("ChainOffRing"),
                            tx("DESC-3", "FATAL DESC-3", shape(1, P0, 0, 20, frag(P1, 0, 20), frag(P2, 0, 20)).dangling().slots()))
                    .test(Meta.invalid(ID + "chain-off-ring-extra-info-without-extra", "a first slot with extra_info and no extra published: fatal",
                            error("context"), "DESC-3").flags("ChainOffRing"),
                            tx("DESC-3", "FATAL DESC-3", List.of(slot(P0, 0, EXTRA, 1, 60))))
                    .test(Meta.invalid(ID + "chain-off-ring-extra-more-flag", "a HASH extra with FLAG_MORE is the last slot published: fatal",
                            error("context"), "DESC-3").flags("ChainOffRing"),
                            tx("DESC-3", "FATAL DESC-3", List.of(slot(P0, 0, EXTRA, 1, 60), TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, true, 0))))
                    .test(Meta.invalid(ID + "chain-off-ring-data-after-extras", "extra_info and more_data, the extra published but no data slot: fatal",
                            error("context"), "DESC-3").flags("ChainOffRing"),
                            tx("DESC-3", "FATAL DESC-3", List.of(slot(P0, 0, EXTRA | MORE, 1, 60), hash(0))))
                    .test(Meta.invalid(ID + "chain-off-ring-after-valid-packets", "two valid packets are answered and published, then a dangling chain is fatal",
                            error("context"), "DESC-3", "DESC-12", "RING-8").flags("ChainOffRing"),
                            tx("DESC-3", "VALID TX-1, VALID DESC-2, FATAL DESC-3", pkt(1, P0, 0, 60), pkt(2, P1, 0, 30, frag(P2, 0, 30)),
                                    shape(4, P3, 0, 30, frag(P0, 100, 30)).dangling().slots()))
                    .test(Meta.invalid(ID + "extra-type-0", "an extra-info slot of type 0 is fatal", error("context"), "DESC-4").flags("InvalidExtraType"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), TxSlot.Extra.of(0, false, 0x5A))))
                    .test(Meta.invalid(ID + "extra-type-5", "an extra-info slot of type 5 is fatal", error("context"), "DESC-4").flags("InvalidExtraType"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), TxSlot.Extra.of(5, false, 0x5A))))
                    .test(Meta.invalid(ID + "extra-type-255", "an extra-info slot of type 255 is fatal", error("context"), "DESC-4").flags("InvalidExtraType"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), TxSlot.Extra.of(255, false, 0))))
                    .test(Meta.invalid(ID + "extra-type-0-after-hash", "a valid HASH extra chained to one of type 0: fatal", error("context"), "DESC-4")
                            .flags("InvalidExtraType"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60, frag(P1, 0, 40)), hash(1), TxSlot.Extra.of(0, false, 0))))
                    .test(Meta.invalid(ID + "gso-size-0", "a GSO extra with size 0 (TCPv4) is fatal", error("context"), "DESC-4").flags("InvalidGsoExtra"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), gso(0, ExtraInfoLayout.GSO_TYPE_TCPV4))))
                    .test(Meta.invalid(ID + "gso-size-0-tcpv6", "a GSO extra with size 0 (TCPv6) is fatal", error("context"), "DESC-4").flags("InvalidGsoExtra"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), gso(0, ExtraInfoLayout.GSO_TYPE_TCPV6))))
                    .test(Meta.invalid(ID + "gso-type-0", "a GSO extra of type 0 (none) is fatal", error("context"), "DESC-4").flags("InvalidGsoExtra"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), gso(1448, ExtraInfoLayout.GSO_TYPE_NONE))))
                    .test(Meta.invalid(ID + "gso-type-3", "a GSO extra of type 3 is fatal", error("context"), "DESC-4").flags("InvalidGsoExtra"),
                            tx("DESC-4", "FATAL DESC-4", with(shape(1, P0, 0, 60), gso(1448, 3))))
                    .test(Meta.invalid(ID + "data-slot-crosses-page", "a data slot with offset 4000 and size 200 is fatal", error("context"), "DESC-5")
                            .flags("PageCrossing"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 0, 60, frag(P1, 4000, 200))))
                    .test(Meta.invalid(ID + "data-slot-offset-4096-size-1", "a one-byte data slot at offset 4096 is fatal", error("context"), "DESC-5")
                            .flags("PageCrossing"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 0, 60, frag(P1, 4096, 1))))
                    .test(Meta.invalid(ID + "zero-length-data-slot-crosses-page", "a zero-length data slot at offset 4097 crosses its page: fatal",
                            error("context"), "DESC-5", "DESC-10").flags("PageCrossing", "EmptyFragments"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 0, 60, frag(P1, 4097, 0))))
                    .test(Meta.invalid(ID + "zero-length-data-slot-offset-65535", "a zero-length data slot at offset 65535 of a never-granted page: fatal",
                            error("context"), "DESC-5", "DESC-10").flags("PageCrossing", "EmptyFragments"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 0, 60, frag(TxBench.NEVER, 0xFFFF, 0))))
                    .test(Meta.invalid(ID + "first-slot-own-bytes-cross-page", "a single 200-byte slot at offset 4000 is fatal", error("context"), "DESC-5")
                            .flags("PageCrossing"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 4000, 200)))
                    .test(Meta.invalid(ID + "first-slot-own-length-crosses-with-data", "size 100 at offset 4050 with a 40-byte data slot: own length 60 crosses",
                            error("context"), "DESC-5", "DESC-2").flags("PageCrossing"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 4050, 60, frag(P1, 0, 40))))
                    .test(Meta.invalid(ID + "first-slot-offset-4096", "a 14-byte first slot at offset 4096 lies outside its page: fatal",
                            error("context"), "DESC-5").flags("PageCrossing"),
                            tx("DESC-5", "FATAL DESC-5", pkt(1, P0, 4096, 14)))
                    .test(Meta.invalid(ID + "impossible-producer-index-xsa-86", "req_prod 257 ahead of rsp_prod after a valid packet is queued: fatal, "
                                    + "nothing consumed", error("context"), "RING-11", "DESC-12").flags("ImpossibleProducerIndex", "XSA-86"),
                            bench -> {
                                bench.guest().queue(pkt(1, P0, 0, 60));
                                bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 257);
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                                require(bench.harness().state(TxBench.CTX) == ContextState.FAILED && bench.harness().sink().frames().isEmpty(),
                                        "an impossible req_prod fails the context before any packet");
                            })
                    .test(Meta.invalid(ID + "twenty-one-data-slots", "a first slot and 21 data slots: far too many, fatal (XSA-39)", error("context"), "DESC-6")
                            .flags("FarTooManySlots", "XSA-39"),
                            tx("DESC-6", "FATAL DESC-6", pkt(1, P0, 0, 60, run(21, 10))))
                    .test(Meta.invalid(ID + "forty-data-slots", "a first slot and 40 data slots: fatal at the 21st (XSA-39)", error("context"), "DESC-6")
                            .flags("FarTooManySlots", "XSA-39"),
                            tx("DESC-6", "FATAL DESC-6", pkt(1, P0, 0, 60, run(40, 10))));
        }

        private static void perPacket(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.invalid(ID + "nineteen-data-slots", "19 data slots: a per-packet error, every slot answered ERROR", error("packet"), "DESC-6", "DESC-11")
                            .flags("TooManySlots"),
                    tx("DESC-6", "ERROR DESC-6", pkt(1, P0, 0, 60, run(19, 10))))
                    .test(Meta.invalid(ID + "twenty-data-slots", "20 data slots: a per-packet error", error("packet"), "DESC-6", "DESC-11").flags("TooManySlots"),
                            tx("DESC-6", "ERROR DESC-6", pkt(1, P0, 0, 60, run(20, 10))))
                    .test(Meta.invalid(ID + "nineteen-data-slots-then-valid", "19 data slots then a valid packet in the same kick: the ring goes on",
                            error("packet"), "DESC-6", "DESC-11").flags("TooManySlots"),
                            tx("DESC-6", "ERROR DESC-6, VALID TX-1", pkt(1, P0, 0, 60, run(19, 10)), pkt(100, P1, 0, 60)))
                    .test(Meta.invalid(ID + "sizes-exceed-first-size", "first slot size 60, one data slot of 100: sizes do not add up", error("packet"), "DESC-7")
                            .flags("SizesDoNotAddUp"),
                            tx("DESC-7", "ERROR DESC-7", shape(1, P0, 0, 60, frag(P1, 0, 100)).withSizeField(60).slots()))
                    .test(Meta.invalid(ID + "sizes-exceed-by-one", "data slots of 30 and 31 bytes under a first slot of size 60", error("packet"), "DESC-7")
                            .flags("SizesDoNotAddUp"),
                            tx("DESC-7", "ERROR DESC-7", shape(1, P0, 0, 0, frag(P1, 0, 30), frag(P2, 0, 31)).withSizeField(60).slots()))
                    .test(Meta.invalid(ID + "size-field-overflowed-16-bits", "14 + 17 x 4096 bytes: the size field wrapped to 4110, sizes do not add up",
                            error("packet"), "DESC-7").flags("SizesDoNotAddUp"),
                            tx("DESC-7", "ERROR DESC-7", pkt(1, P0, 0, 14, pages(17))))
                    .test(Meta.invalid(ID + "sizes-exceed-first-slot-crossing-not-checked",
                            "size 50 at offset 4090 with 100 bytes of data: DESC-7, and the own-length crossing is not checked", error("packet"), "DESC-7",
                            "DESC-5", "DESC-13").flags("SizesDoNotAddUp", "Precedence"),
                            tx("DESC-7", "ERROR DESC-7", shape(1, P0, 4090, 0, frag(P1, 0, 100)).withSizeField(50).slots()))
                    .test(Meta.invalid(ID + "sizes-exceed-first-slot-unreadable", "sizes do not add up on a first slot naming a never-granted page",
                            error("packet"), "DESC-7", "DESC-13").flags("SizesDoNotAddUp"),
                            tx("DESC-7", "ERROR DESC-7", shape(1, TxBench.NEVER, 0, 0, frag(P1, 0, 100)).withSizeField(50).slots()))
                    .test(Meta.invalid(ID + "runt-13-bytes", "a single 13-byte slot: runt first slot (XSA-423)", error("packet"), "DESC-8", "DESC-11")
                            .flags("RuntFirstSlot", "XSA-423"),
                            tx("DESC-8", "ERROR DESC-8", pkt(1, P0, 0, 13)))
                    .test(Meta.invalid(ID + "runt-0-bytes", "a single slot of size 0", error("packet"), "DESC-8").flags("RuntFirstSlot", "XSA-423"),
                            tx("DESC-8", "ERROR DESC-8", pkt(1, P0, 0, 0)))
                    .test(Meta.invalid(ID + "runt-own-length-0", "data slots take the whole size: own length 0", error("packet"), "DESC-8", "DESC-2")
                            .flags("RuntFirstSlot", "XSA-423"),
                            tx("DESC-8", "ERROR DESC-8", pkt(1, P0, 0, 0, frag(P1, 0, 60))))
                    .test(Meta.invalid(ID + "runt-own-length-8-with-data", "own length 8 followed by 52 bytes of data: headers scattered (XSA-423)",
                            error("packet"), "DESC-8").flags("RuntFirstSlot", "XSA-423"),
                            tx("DESC-8", "ERROR DESC-8", pkt(1, P0, 0, 8, frag(P1, 0, 52))));
            int[][] unreadable = {{TxBench.REVOKED, 110}, {TxBench.FOREIGN, 111}, {TxBench.NEVER, 112}};
            String[] names = {"revoked", "foreign", "never-granted"};
            for (int k = 0; k < unreadable.length; k++) {
                int gref = unreadable[k][0];
                g.test(Meta.invalid(ID + "first-slot-" + names[k] + "-" + unreadable[k][1], "first slot names gref " + gref + " (" + names[k]
                                + "): per-packet error, the grant untouched", error("packet"), "DESC-9", "DESC-11").flags("UnreadableFragment", "XSA-362", "XSA-367"),
                        tx("DESC-9", "ERROR DESC-9", pkt(1, gref, 0, 60)));
                g.test(Meta.invalid(ID + "data-slot-" + names[k] + "-" + unreadable[k][1], "a data slot names gref " + gref + " (" + names[k]
                                + "): per-packet error, the grant untouched", error("packet"), "DESC-9", "DESC-11").flags("UnreadableFragment", "XSA-362", "XSA-367"),
                        tx("DESC-9", "ERROR DESC-9", pkt(1, P0, 0, 14, frag(P1, 0, 20), frag(gref, 0, 26))));
            }
            g.test(Meta.invalid(ID + "ring-page-tx-as-first-slot", "first slot names the context's TX ring page: per-packet error", error("packet"), "DESC-17")
                            .flags("RingPageFragment"),
                    tx("DESC-17", "ERROR DESC-17", pkt(1, TxBench.TX_RING, 0, 60)))
                    .test(Meta.invalid(ID + "ring-page-rx-as-first-slot", "first slot names the context's RX ring page: per-packet error", error("packet"),
                            "DESC-17").flags("RingPageFragment"),
                            tx("DESC-17", "ERROR DESC-17", pkt(1, TxBench.RX_RING, 64, 60)))
                    .test(Meta.invalid(ID + "ring-page-tx-as-data-slot", "a data slot names the TX ring page: per-packet error", error("packet"), "DESC-17")
                            .flags("RingPageFragment"),
                            tx("DESC-17", "ERROR DESC-17", pkt(1, P0, 0, 14, frag(TxBench.TX_RING, 64, 46))))
                    .test(Meta.invalid(ID + "ring-page-rx-as-data-slot", "a data slot names the RX ring page: per-packet error", error("packet"), "DESC-17")
                            .flags("RingPageFragment"),
                            tx("DESC-17", "ERROR DESC-17", pkt(1, P0, 0, 14, frag(TxBench.RX_RING, 0, 46))))
                    .test(Meta.invalid(ID + "gso-tcpv4-without-tso", "a well-formed GSO TCPv4 extra on a device without tso: per-packet error",
                            error("packet"), "DESC-16").flags("SegmentationNotOffered"), without(Profile.TSO),
                            tx("DESC-16", "ERROR DESC-16", with(shape(1, P0, 0, 1514), gso(1448, ExtraInfoLayout.GSO_TYPE_TCPV4))))
                    .test(Meta.invalid(ID + "gso-tcpv6-without-tso", "a well-formed GSO TCPv6 extra with data slots on a device without tso",
                            error("packet"), "DESC-16").flags("SegmentationNotOffered"), without(Profile.TSO),
                            tx("DESC-16", "ERROR DESC-16", with(shape(1, P0, 0, 100, frag(P1, 0, 1000)), gso(1440, ExtraInfoLayout.GSO_TYPE_TCPV6))))
                    .test(Meta.invalid(ID + "gso-and-hash-without-tso", "HASH then GSO extras on a device without tso: the GSO makes it a per-packet error",
                            error("packet"), "DESC-16").flags("SegmentationNotOffered"), without(Profile.TSO),
                            tx("DESC-16", "ERROR DESC-16", with(shape(1, P0, 0, 60), hash(3), gso(536, ExtraInfoLayout.GSO_TYPE_TCPV4))));
        }

        /** 17 whole-page data slots at offset 0. */
        private static int[][] pages(int count) {
            int[] readable = TxBench.readable();
            int[][] all = new int[count][];
            for (int k = 0; k < count; k++) {
                all[k] = frag(readable[k % readable.length], 0, 4096);
            }
            return all;
        }

        private static void emptyAndTiny(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.valid(ID + "empty-slots-unusable-grants-xsa-448", "empty data slots naming revoked, foreign and never-granted pages: valid, never accessed",
                            "DESC-10", "TX-1").flags("EmptyFragments", "XSA-448"),
                    tx("DESC-10", "VALID DESC-2", pkt(1, P0, 0, 60, frag(TxBench.REVOKED, 0, 0), frag(TxBench.FOREIGN, 100, 0), frag(TxBench.NEVER, 4096, 0))))
                    .test(Meta.valid(ID + "empty-slots-between-fragments-xsa-448", "empty slots between non-empty ones contribute nothing",
                            "DESC-10", "DESC-2").flags("EmptyFragments", "XSA-448"),
                            tx("DESC-10", "VALID DESC-2", pkt(1, P0, 0, 30, frag(TxBench.NEVER, 0, 0), frag(P1, 0, 20), frag(TxBench.REVOKED, 4000, 0),
                                    frag(P2, 0, 10))))
                    .test(Meta.valid(ID + "empty-slots-naming-ring-pages", "empty data slots naming both ring pages: valid, the ring pages are not data",
                            "DESC-10", "DESC-17").flags("EmptyFragments"),
                            tx("DESC-10", "VALID DESC-2", pkt(1, P0, 0, 60, frag(TxBench.TX_RING, 0, 0), frag(TxBench.RX_RING, 0, 0))))
                    .test(Meta.valid(ID + "empty-slot-gref-max-xsa-448", "an empty data slot naming gref 0xffffffff: valid", "DESC-10")
                            .flags("EmptyFragments", "XSA-448"),
                            tx("DESC-10", "VALID DESC-2", pkt(1, P0, 0, 60, frag(-1, 0, 0))))
                    .test(Meta.valid(ID + "zero-length-data-slot-at-offset-4096", "a zero-length slot at offset 4096: offset + size = 4096 stays inside",
                            "DESC-5", "DESC-10").flags("EmptyFragments"),
                            tx("DESC-10", "VALID DESC-2", pkt(1, P0, 0, 60, frag(P1, 4096, 0))))
                    .test(Meta.valid(ID + "tiny-maximal-chain-xsa-432", "a 14-byte first slot and 18 data slots of 6 bytes: 122 bytes, valid",
                            "DESC-6", "TX-1").flags("TinyMaximalChain", "XSA-432"),
                            tx("DESC-6", "VALID DESC-2", pkt(1, P0, 0, 14, run(18, 6))))
                    .test(Meta.valid(ID + "tiny-maximal-chain-128-bytes-xsa-432", "own length 20 and 18 data slots alternating 0 and 12 bytes: exactly 128",
                            "DESC-6", "DESC-10", "TX-1").flags("TinyMaximalChain", "XSA-432", "EmptyFragments"),
                            tx("DESC-6", "VALID DESC-2", pkt(1, P0, 0, 20, alternating(18))))
                    .test(Meta.valid(ID + "tiny-maximal-chain-all-empty-xsa-432", "a 60-byte first slot and 18 empty data slots", "DESC-6", "DESC-10", "TX-1")
                            .flags("TinyMaximalChain", "XSA-432", "EmptyFragments", "XSA-448"),
                            tx("DESC-6", "VALID DESC-2", pkt(1, P0, 0, 60, run(18, 0))))
                    .test(Meta.valid(ID + "eighteen-data-slots-accepted", "a first slot and exactly 18 data slots of 64 bytes: accepted", "DESC-6", "TX-1"),
                            tx("DESC-6", "VALID DESC-2", pkt(1, P0, 0, 100, run(18, 64))))
                    .test(Meta.invalid(ID + "tiny-chain-nineteen-slots-xsa-432", "the tiny chain with a 19th data slot: per-packet error",
                            error("packet"), "DESC-6").flags("TooManySlots", "TinyMaximalChain", "XSA-432"),
                            tx("DESC-6", "ERROR DESC-6", pkt(1, P0, 0, 14, run(19, 6))));
        }

        /** {@code count} data fragments alternating 0 and 12 bytes. */
        private static int[][] alternating(int count) {
            int[][] all = run(count, 0);
            for (int k = 1; k < count; k += 2) {
                all[k][2] = 12;
            }
            return all;
        }

        private static void precedence(FileBuilder.GroupBuilder<TxBench> g) {
            int[][] fifthCrosses = run(19, 10);
            fifthCrosses[4] = frag(P1, 4090, 10);
            g.test(Meta.invalid(ID + "precedence-21-slots-runt-first", "21 data slots under a first slot of size 10: fatal, the runt does not matter",
                            error("context"), "DESC-13", "DESC-6").flags("Precedence", "FarTooManySlots"),
                    tx("DESC-13", "FATAL DESC-6", pkt(1, P0, 0, 10, run(21, 0))))
                    .test(Meta.invalid(ID + "precedence-19-slots-fifth-crosses", "19 data slots, the fifth crossing its page: fatal", error("context"),
                            "DESC-13", "DESC-5", "DESC-6").flags("Precedence", "PageCrossing"),
                            tx("DESC-13", "FATAL DESC-5", pkt(1, P0, 0, 60, fifthCrosses)))
                    .test(Meta.invalid(ID + "precedence-sizes-exceed-last-crosses", "data sizes exceed the first slot's, and the last slot crosses: fatal",
                            error("context"), "DESC-13", "DESC-5", "DESC-7").flags("Precedence", "PageCrossing"),
                            tx("DESC-13", "FATAL DESC-5", shape(1, P0, 0, 0, frag(P1, 0, 100), frag(P2, 4050, 100)).withSizeField(50).slots()))
                    .test(Meta.invalid(ID + "precedence-runt-and-unreadable-data", "own length 8 and an unreadable data slot: per-packet",
                            error("packet"), "DESC-13", "DESC-8", "DESC-9").flags("Precedence", "RuntFirstSlot"),
                            tx("DESC-13", "ERROR DESC-8", pkt(1, P0, 0, 8, frag(TxBench.NEVER, 0, 52))))
                    .test(Meta.invalid(ID + "precedence-gso-size-0-without-tso", "a GSO extra with size 0 on a device without tso: fatal",
                            error("context"), "DESC-13", "DESC-4", "DESC-16").flags("Precedence", "InvalidGsoExtra"),
                            tx("DESC-13", "FATAL DESC-4", with(shape(1, P0, 0, 60), gso(0, ExtraInfoLayout.GSO_TYPE_TCPV4))))
                    .test(Meta.invalid(ID + "precedence-mcast-more-data-then-crossing-slot",
                            "MCAST_ADD with more_data: answered OKAY; the next slot starts a packet that crosses its page, fatal", error("context"),
                            "DESC-13", "DESC-15", "DESC-5", "DESC-12").flags("Precedence", "MulticastControl", "PageCrossing"),
                            tx("DESC-13", "MULTICAST_OK DESC-15, FATAL DESC-5", List.of(slot(P0, 0, EXTRA | MORE, 1, 60), add(GROUP)),
                                    List.of(slot(P1, 4000, 0, 2, 200))))
                    .test(Meta.invalid(ID + "precedence-mcast-chained-to-type-7", "an MCAST_ADD extra chained to an extra of type 7: fatal", error("context"),
                            "DESC-13", "DESC-4", "DESC-15").flags("Precedence", "InvalidExtraType", "MulticastControl"),
                            tx("DESC-13", "FATAL DESC-4", mcast(1, TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, GROUP, true),
                                    TxSlot.Extra.of(7, false, 0))))
                    .test(Meta.invalid(ID + "precedence-crossing-on-unreadable-page", "a data slot crossing its page on a never-granted gref: fatal",
                            error("context"), "DESC-13", "DESC-5", "DESC-9").flags("Precedence", "PageCrossing"),
                            tx("DESC-13", "FATAL DESC-5", pkt(1, P0, 0, 14, frag(TxBench.NEVER, 4000, 200))))
                    .test(Meta.invalid(ID + "precedence-runt-with-chain-off-ring", "a 10-byte first slot whose more_data runs off the ring: fatal",
                            error("context"), "DESC-13", "DESC-3", "DESC-8").flags("Precedence", "ChainOffRing"),
                            tx("DESC-13", "FATAL DESC-3", List.of(slot(P0, 0, MORE, 1, 10))))
                    .test(Meta.invalid(ID + "precedence-unreadable-and-ring-page", "an unreadable data slot and one on the TX ring page: per-packet",
                            error("packet"), "DESC-13", "DESC-9", "DESC-17").flags("Precedence", "UnreadableFragment", "RingPageFragment"),
                            tx("DESC-13", "ERROR DESC-9", pkt(1, P0, 0, 14, frag(TxBench.FOREIGN, 0, 20), frag(TxBench.TX_RING, 64, 26))))
                    .test(Meta.invalid(ID + "precedence-twenty-slots-and-gso", "20 data slots and a GSO extra without tso: one per-packet error",
                            error("packet"), "DESC-13", "DESC-6", "DESC-16").flags("Precedence", "TooManySlots", "SegmentationNotOffered"),
                            without(Profile.TSO), tx("DESC-13", "ERROR DESC-6", with(shape(1, P0, 0, 60, run(20, 10)), gso(1448, ExtraInfoLayout.GSO_TYPE_TCPV4))));
        }

        private static void oddIds(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.valid(ID + "repeated-ids-echoed", "three packets, every slot id 7: each response echoes 7", "DESC-14", "TX-2").flags("OddIds"),
                    tx("DESC-14", "VALID TX-1, VALID DESC-2, VALID DESC-2", ids(pkt(1, P0, 0, 60), 7), ids(pkt(1, P1, 0, 30, frag(P2, 0, 30)), 7),
                            ids(pkt(1, P3, 0, 20, frag(W0, 0, 20), frag(W1, 0, 20)), 7)))
                    .test(Meta.valid(ID + "ids-0xffff-echoed", "every slot id 0xffff: echoed unchanged", "DESC-14").flags("OddIds"),
                            tx("DESC-14", "VALID DESC-2", ids(pkt(0, P0, 0, 30, frag(P1, 0, 30), frag(P2, 0, 30)), 0xFFFF)))
                    .test(Meta.valid(ID + "ids-0-256-0x8000-echoed", "ids 0, 256 and 0x8000 on one chain: echoed unchanged", "DESC-14").flags("OddIds"),
                            tx("DESC-14", "VALID DESC-2", List.of(slot(P0, 0, MORE, 0, 60), slot(P1, 0, MORE, 256, 20), slot(P2, 0, 0, 0x8000, 20))))
                    .test(Meta.invalid(ID + "ids-echoed-on-per-packet-error", "a runt chain with ids 0xffff, 0, 0xffff: ERROR responses echo them",
                            error("packet"), "DESC-14", "DESC-11").flags("OddIds"),
                            tx("DESC-14", "ERROR DESC-8", List.of(slot(P0, 0, MORE, 0xFFFF, 40), slot(P1, 0, MORE, 0, 20), slot(P2, 0, 0, 0xFFFF, 20))))
                    .test(Meta.valid(ID + "extra-id-echoes-type-and-flags", "a HASH extra with FLAG_MORE then a HASH extra: ids 0x0104 and 0x0004",
                            "DESC-14", "DESC-16").flags("OddIds"),
                            tx("DESC-14", "VALID DESC-2", with(shape(9, P0, 0, 30, frag(P1, 0, 30)), TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, true, 0xFF),
                                    hash(0xFF))));
        }

        private static void multicast(FileBuilder.GroupBuilder<TxBench> g) {
            List<List<TxSlot>> eight = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                eight.add(mcast(k, add(new MacAddress(0x333300000010L + k))));
            }
            eight.add(mcast(8, add(GROUP)));
            g.test(Meta.valid(ID + "mcast-add-group", "MCAST_ADD of a group address: OKAY, extra NULL, no frame", "DESC-15").flags("MulticastControl"),
                    tx("DESC-15", "MULTICAST_OK DESC-15", mcast(1, add(GROUP))))
                    .test(Meta.valid(ID + "mcast-add-eight-groups-then-repeat", "eight distinct groups (the core preset's minimum) then a repeated ADD: all OKAY",
                            "DESC-15").flags("MulticastControl"),
                            bench -> send(bench, "DESC-15", times(9, "MULTICAST_OK DESC-15"), eight))
                    .test(Meta.invalid(ID + "mcast-add-unicast-address", "MCAST_ADD of a unicast address: ERROR, TX_ERRORS", error("packet"), "DESC-15")
                            .flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_ERROR DESC-15", mcast(1, add(UNICAST))))
                    .test(Meta.invalid(ID + "mcast-add-unicast-then-valid", "a refused ADD then a valid packet in the same kick: the ring goes on",
                            error("packet"), "DESC-15", "DESC-11").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_ERROR DESC-15, VALID TX-1", mcast(1, add(UNICAST)), pkt(2, P1, 0, 60)))
                    .test(Meta.valid(ID + "mcast-del-joined", "ADD then DEL of the same group: both OKAY", "DESC-15").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_OK DESC-15, MULTICAST_OK DESC-15", mcast(1, add(GROUP)), mcast(2, del(GROUP))))
                    .test(Meta.valid(ID + "mcast-del-not-joined", "DEL of a group never joined: OKAY", "DESC-15").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_OK DESC-15", mcast(1, del(GROUP))))
                    .test(Meta.invalid(ID + "mcast-add-decides-over-del", "DEL of a group and ADD of a unicast address in one packet: the ADD decides, ERROR",
                            error("packet"), "DESC-15").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_ERROR DESC-15", mcast(1, TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_DEL, GROUP, true), add(UNICAST))))
                    .test(Meta.valid(ID + "mcast-more-data-not-followed", "MCAST_ADD with more_data: the next slot starts a new packet, sent as a frame",
                            "DESC-15", "TX-1").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_OK DESC-15, VALID TX-1", List.of(slot(P0, 0, EXTRA | MORE, 1, 60), add(GROUP)), pkt(2, P1, 0, 60)))
                    .test(Meta.valid(ID + "mcast-first-slot-not-checked", "an ADD whose first slot names a never-granted page at offset 65535, size 0: OKAY",
                            "DESC-15", "DESC-13").flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_OK DESC-15", List.of(slot(TxBench.NEVER, 0xFFFF, EXTRA, 1, 0), add(GROUP))))
                    .test(Meta.valid(ID + "mcast-after-hash-extra", "a HASH extra chained before the ADD: OKAY, both extras NULL", "DESC-15", "DESC-16")
                            .flags("MulticastControl"),
                            tx("DESC-15", "MULTICAST_OK DESC-15", mcast(1, TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, true, 0), add(GROUP))))
                    .test(Meta.invalid(ID + "mcast-del-chain-off-ring", "a DEL extra with FLAG_MORE at req_prod: fatal", error("context"), "DESC-15", "DESC-3")
                            .flags("MulticastControl", "ChainOffRing"),
                            tx("DESC-3", "FATAL DESC-3", List.of(slot(P0, 0, EXTRA, 1, 60), TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_DEL, GROUP, true))));
        }

        private static void batches(FileBuilder.GroupBuilder<TxBench> g) {
            g.test(Meta.invalid(ID + "batch-error-between-valid-packets", "valid, runt, valid in one kick: the runt costs only itself",
                            error("packet"), "DESC-11", "TX-2", "TX-3"),
                    tx("DESC-11", "VALID TX-1, ERROR DESC-8, VALID DESC-2", pkt(1, P0, 0, 60), pkt(2, P1, 0, 10), pkt(3, P2, 0, 30, frag(P3, 0, 30))))
                    .test(Meta.invalid(ID + "batch-several-errors-between-valid", "errors of four classes between valid packets in one kick",
                            error("packet"), "DESC-11", "DESC-6", "DESC-9", "DESC-17", "DESC-7", "TX-3"),
                            tx("DESC-11", "VALID TX-1, ERROR DESC-9, ERROR DESC-17, VALID TX-1, ERROR DESC-6, ERROR DESC-7, VALID TX-1",
                                    pkt(1, P0, 0, 60), pkt(2, TxBench.REVOKED, 0, 60), pkt(3, TxBench.RX_RING, 0, 60), pkt(4, P1, 0, 61),
                                    pkt(5, P2, 0, 60, run(20, 4)), shape(30, P3, 0, 0, frag(P0, 0, 80)).withSizeField(70).slots(), pkt(40, W0, 0, 62)))
                    .test(Meta.invalid(ID + "batch-error-then-next-kick", "a per-packet error, then a valid packet in a second kick", error("packet"),
                            "DESC-11"),
                            bench -> {
                                send(bench, "DESC-11", "ERROR DESC-7", List.of(shape(1, P0, 0, 0, frag(P1, 0, 100)).withSizeField(60).slots()));
                                send(bench, "DESC-11", "VALID TX-1", List.of(pkt(2, P2, 0, 60)));
                            })
                    .test(Meta.invalid(ID + "batch-fatal-after-valid-packets", "two valid packets are sent, answered and published with a notification before "
                                    + "a crossing packet fails the context", error("context"), "DESC-12", "RING-8", "TX-3"),
                            tx("DESC-12", "VALID TX-1, VALID DESC-2, FATAL DESC-5", pkt(1, P0, 0, 60), pkt(2, P1, 0, 30, frag(P2, 0, 30)),
                                    pkt(4, P3, 4000, 200)))
                    .test(Meta.invalid(ID + "batch-valid-fatal-valid", "valid, bad extra, valid: only the first is answered; nothing after the fatal packet",
                            error("context"), "DESC-12", "DESC-4"),
                            tx("DESC-12", "VALID TX-1, FATAL DESC-4", pkt(1, P0, 0, 60), with(shape(2, P1, 0, 60), TxSlot.Extra.of(9, false, 0)),
                                    pkt(4, P2, 0, 60)))
                    .test(Meta.invalid(ID + "batch-error-then-fatal", "a per-packet error is answered and published before a fatal packet", error("context"),
                            "DESC-12", "DESC-11", "DESC-6"),
                            tx("DESC-12", "ERROR DESC-8, FATAL DESC-6", pkt(1, P0, 0, 5), pkt(2, P1, 0, 60, run(21, 1))))
                    .test(Meta.invalid(ID + "fatal-then-kick-ignored", "a kick of the FAILED context changes nothing", error("context"), "DESC-12", "RING-13"),
                            bench -> {
                                send(bench, "DESC-12", "FATAL DESC-5", List.of(pkt(1, P0, 4090, 60)));
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                            })
                    .test(Meta.valid(ID + "response-order-mixed-batch", "extras, data slots and a multicast packet answered in request order",
                            "TX-2", "DESC-14", "DESC-15", "TX-3"),
                            tx("TX-2", "VALID DESC-2, MULTICAST_OK DESC-15, VALID TX-1, VALID DESC-2",
                                    with(shape(1, P0, 0, 40, frag(P1, 0, 20)), hash(1)), mcast(3, add(GROUP)), pkt(5, P2, 0, 60),
                                    with(shape(6, P3, 0, 20, frag(W0, 0, 20), frag(W1, 0, 20)), hash(2), TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, false, 3))))
                    .test(Meta.valid(ID + "frames-in-ring-order", "five packets of 60 to 64 bytes from different pages reach the wire in ring order",
                            "TX-3", "TX-1"),
                            tx("TX-3", times(5, "VALID TX-1"), pkt(1, P3, 0, 60), pkt(2, P2, 0, 61), pkt(3, P1, 0, 62), pkt(4, P0, 0, 63), pkt(5, W0, 0, 64)))
                    .test(Meta.valid(ID + "two-kicks-responses-continue", "a second kick answers from where the first stopped", "TX-2", "TX-1"),
                            bench -> {
                                send(bench, "TX-2", "VALID TX-1, VALID TX-1", List.of(pkt(1, P0, 0, 60), pkt(2, P1, 0, 60)));
                                send(bench, "TX-2", "VALID DESC-2", List.of(pkt(3, P2, 0, 30, frag(P3, 0, 30))));
                            });
        }
    }

    // ------------------------------------------------------------------ tx-batches

    /** Random batches from the properties' own generators, labelled by the spec's oracle. */
    private static final class TxBatches {

        /** Keeps recorded frames small. */
        private static final int LARGEST_PACKET = 1600;

        private TxBatches() {
        }

        static VectorBundle.Entry file() {
            FileBuilder file = FileBuilder.frame(CHAPTER, "tx-batches",
                    "Random batches of TX packets (TxPackets, fixed seeds), each published and kicked at once; the result and scope come from the "
                            + "spec's reference procedure (section 3.4) applied to the published entries.");
            file.note("RandomBatch", "BASIC", "a batch drawn from the property generators with a fixed seed",
                    "a mix of valid and malformed packets in one kick is misjudged");
            file.note("SegmentationNotOffered", "IMPL_DEFINED", "the batch holds a GSO request, an error only on a device without tso (DESC-16)",
                    "a device without tso sends an unsegmented super-frame; a runner skips the test on a device that claims tso");
            FileBuilder.GroupBuilder<TxBench> g = file.group(
                    "context 0 of the TX bench (as in tx-validation): fragment pages 100-107 readable, 110-112 not", () -> TxBench.start(Generators.model()));
            add(g, 1, TxPackets.any(false), 24);
            add(g, 2, TxPackets.valid(), 6);
            g.done();
            return file.build();
        }

        private static void add(FileBuilder.GroupBuilder<TxBench> g, long seed, Arbitrary<PacketShape> packets, int count) {
            Arbitrary<List<PacketShape>> batches = packets.filter(p -> p.total() <= LARGEST_PACKET).list().ofMinSize(1).ofMaxSize(6);
            List<List<PacketShape>> drawn = Samples.draw(batches, seed, count);
            for (int k = 0; k < drawn.size(); k++) {
                // each frame's source MAC as its shape says: the context's own, or a spoofed one (TXF-2)
                List<PacketShape> batch = TxPackets.fittingOneRing(drawn.get(k));
                // decided once on an unrecorded bench, so the label is known before the recording; on a device without tso, so that
                // a GSO request is DESC-16's per-packet error as the flag SegmentationNotOffered says (a batch without one is decided alike)
                TxBench.Batch preview = TxBench.start(ReferenceClaiming.without(Profile.TSO)).sendPackets("TX-1", batch);
                String expected = decisions(preview);
                Meta meta = meta(seed, k + 1, batch.size(), preview);
                Consumer<TxBench> action = bench -> {
                    TxBench.Batch sent = bench.sendPackets("TX-1", batch);
                    require(decisions(sent).equals(expected), "the recorded batch is decided as its preview: " + expected);
                };
                if (meta.flags().contains(VectorRunner.WITHOUT_TSO)) {
                    g.test(meta, without(Profile.TSO), action);
                } else {
                    g.test(meta, action);
                }
            }
        }

        private static Meta meta(long seed, int number, int packets, TxBench.Batch batch) {
            String id = String.format("%s.tx-batches.seed-%d-batch-%02d", CHAPTER, seed, number);
            Set<String> reqs = new LinkedHashSet<>();
            reqs.add("TX-1");
            boolean errors = false;
            for (TxOracle.Outcome outcome : batch.outcomes()) {
                reqs.add(outcome.rule());
                errors |= outcome.kind() == TxOracle.Kind.ERROR || outcome.kind() == TxOracle.Kind.MULTICAST_ERROR || outcome.kind() == TxOracle.Kind.DROPPED;
            }
            String comment = packets + " packet(s) from seed " + seed + ": " + batch.outcomes().stream()
                    .map(o -> o.kind() + " by " + o.rule()).collect(Collectors.joining(", "));
            String[] rules = reqs.toArray(String[]::new);
            Meta meta;
            if (batch.fatal()) {
                meta = Meta.invalid(id, comment, error("context"), rules);
            } else if (errors) {
                meta = Meta.invalid(id, comment, error("packet"), rules);
            } else {
                meta = Meta.valid(id, comment, rules);
            }
            // a batch with a GSO request expects a device without tso (DESC-16): the runner skips it on one that claims tso
            return reqs.contains("DESC-16") ? meta.flags("RandomBatch", "SegmentationNotOffered") : meta.flags("RandomBatch");
        }
    }

    // ------------------------------------------------------------------ rx-delivery

    /** Frames from the wire into posted buffers (section 4). */
    private static final class RxDelivery {

        private static final String ID = CHAPTER + ".rx-delivery.";

        private RxDelivery() {
        }

        /** Posts one fresh buffer per id. */
        private static void post(RxBench bench, int... ids) {
            int[] grefs = new int[ids.length];
            for (int k = 0; k < ids.length; k++) {
                grefs[k] = bench.freshBuffer();
            }
            bench.post(grefs, ids);
        }

        /** Posts fresh buffers with {@code ids}, then a frame of {@code length} bytes to context 0. */
        private static Consumer<RxBench> unicast(int length, int... ids) {
            return bench -> {
                post(bench, ids);
                bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, length, length));
            };
        }

        /** Posts {@code grefs} (ids 1, 2, ...) and delivers {@code length} bytes to context 0. */
        private static Consumer<RxBench> into(int length, int... grefs) {
            return bench -> {
                int[] ids = new int[grefs.length];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = k + 1;
                }
                bench.post(grefs, ids);
                bench.deliver("RX-4", 0, RxBench.frame(RxBench.MAC, length, 4));
            };
        }

        static VectorBundle.Entry file() {
            FileBuilder file = FileBuilder.frame(CHAPTER, "rx-delivery",
                    "Frames from the wire delivered into posted RX buffers (spec 04, section 4): unicast delivery, drops and their counters, bad buffers.");
            file.note("NoOwner", "BASIC", "a frame no context takes: a unicast destination no context owns on the frame's VLAN (RX-1, DEMUX-9)",
                    "a frame reaches a context that does not own it");
            file.note("NoBuffer", "RESOURCE_EXHAUSTION", "too few RX requests posted (RX-3)", "the device blocks, queues or writes without buffers");
            file.note("BadBuffer", "MALFORMED", "a posted buffer the context cannot write (RX-4)", "the device writes through a grant it does not hold");
            file.note("RingPageBuffer", "MALFORMED", "a posted buffer on the context's own ring page (RX-7)", "frame bytes corrupt the ring");
            file.note("RuntOrGiant", "MALFORMED", "a wire frame below 14 or above 65535 bytes (RX-6)", "a runt or giant reaches a guest");
            file.note("XSA-86", "XSA", "XSA-86: an impossible producer index (RING-11), here on the RX ring", "the device consumes a ring that cannot be");
            file.note("OddIds", "EDGE_CASE", "repeated RX request ids and ids at 0xffff (DESC-14)", "the device relies on ids it should only echo");
            FileBuilder.GroupBuilder<RxBench> g = file.group("context 0 (MAC 02:00:00:00:00:01, rings 1 and 2 at index 0) with read-write buffers 200-239 "
                    + "filled with 0xee, 300 read-only, 301 context 1's, 302 revoked, 303 never granted; context 1 (02:00:00:00:00:02) posts nothing",
                    () -> RxBench.start(Generators.model(), 0));
            delivered(g);
            dropped(g);
            badBuffers(g);
            g.done();
            file.group("the RX bench with the RX ring attached at index 100 (section 4.2's worked example)", () -> RxBench.start(Generators.model(), 100))
                    .test(Meta.valid(ID + "worked-example-9000-bytes", "section 4.2: 9000 bytes into requests 100-102 with ids 5, 6, 7: 4096, 4096, 808",
                            "RX-2", "RX-1", "RX-5"),
                            unicast(9000, 5, 6, 7))
                    .done();
            file.group("the RX bench with the RX ring attached at index 255", () -> RxBench.start(Generators.model(), 255))
                    .test(Meta.valid(ID + "frame-across-slot-255", "a 4097-byte frame in requests 255 and 256 (slot 0): 4096 and 1 bytes", "RX-2"),
                            unicast(4097, 1, 2))
                    .done();
            file.group("the RX bench after context 0 failed on a TX req_prod 1000 ahead (RING-11), with three buffers posted before",
                            () -> {
                                RxBench bench = RxBench.start(Generators.model(), 0);
                                post(bench, 1, 2, 3);
                                bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 1000);
                                bench.harness().kick(RxBench.CTX, Queue.TX);
                                require(bench.harness().state(RxBench.CTX) == ContextState.FAILED, "context 0 fails in the set-up");
                                return bench;
                            })
                    .test(Meta.invalid(ID + "failed-context-60-bytes", "a frame for a FAILED context: RX_DROP_FAILED, its pages untouched", error("packet"),
                            "RX-5", "RING-13"),
                            bench -> bench.deliver("RX-5", 0, RxBench.frame(RxBench.MAC, 60, 1)))
                    .test(Meta.invalid(ID + "failed-context-1514-bytes", "a 1514-byte frame for a FAILED context with buffers posted: RX_DROP_FAILED",
                            error("packet"), "RX-5"),
                            bench -> bench.deliver("RX-5", 0, RxBench.frame(RxBench.MAC, 1514, 2)))
                    .test(Meta.invalid(ID + "failed-context-neighbour-unaffected", "context 0 FAILED; a frame for context 1 ends in its own counter",
                            error("packet"), "RX-5", "RX-3", "RING-13"),
                            bench -> {
                                bench.deliver("RX-5", 0, RxBench.frame(RxBench.MAC, 100, 3));
                                bench.deliver("RX-5", 0, RxBench.frame(RxBench.OTHER_MAC, 100, 4));
                            })
                    .done();
            return file.build();
        }

        private static void delivered(FileBuilder.GroupBuilder<RxBench> g) {
            g.test(Meta.valid(ID + "unicast-14-bytes", "the smallest frame: one buffer, status 14", "RX-1", "RX-2", "RX-5"), unicast(14, 1))
                    .test(Meta.valid(ID + "unicast-60-bytes", "60 bytes into one buffer, only bytes 0-59 written", "RX-1", "RX-2", "MEM-7"), unicast(60, 1))
                    .test(Meta.valid(ID + "unicast-1514-bytes", "1514 bytes into one buffer", "RX-1", "RX-2"), unicast(1514, 42))
                    .test(Meta.valid(ID + "unicast-4096-bytes", "exactly one full buffer, no more_data", "RX-2"), unicast(4096, 7))
                    .test(Meta.valid(ID + "unicast-4097-bytes", "4097 bytes: two buffers, the first with more_data and 4096, the second with 1", "RX-2"),
                            unicast(4097, 7, 8))
                    .test(Meta.valid(ID + "unicast-with-spare-buffers", "a 60-byte frame with three buffers posted takes only the first", "RX-2"),
                            unicast(60, 1, 2, 3))
                    .test(Meta.valid(ID + "two-frames-in-ring-order", "a 60-byte then a 1514-byte frame take buffers 1 then 2; buffer 3 stays posted", "RX-2"),
                            bench -> {
                                post(bench, 1, 2, 3);
                                bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, 60, 1));
                                bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, 1514, 2));
                            })
                    .test(Meta.valid(ID + "odd-ids-echoed", "ids 0xffff, 0xffff and 0 on three buffers are echoed by the three frames' responses", "DESC-14", "RX-2")
                            .flags("OddIds"),
                            bench -> {
                                post(bench, 0xFFFF, 0xFFFF, 0);
                                for (int k = 0; k < 3; k++) {
                                    bench.deliver("DESC-14", 0, RxBench.frame(RxBench.MAC, 60 + k, k));
                                }
                            })
                    .test(Meta.valid(ID + "buffer-reused-after-response", "the guest reads the response and posts the same page again; the next frame "
                                    + "overwrites it", "RX-2", "RING-8"),
                            bench -> {
                                int gref = bench.freshBuffer();
                                bench.post(new int[] {gref}, new int[] {1});
                                bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, 200, 1));
                                require(bench.guest().takeRxResponses().size() == 1, "one RX response");
                                bench.guest().finalCheckRx();
                                bench.post(new int[] {gref}, new int[] {2});
                                bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, 200, 2));
                            });
        }

        private static void dropped(FileBuilder.GroupBuilder<RxBench> g) {
            g.test(Meta.invalid(ID + "no-owner", "a unicast destination no context owns: WIRE_DROP_NO_CONTEXT, no buffer touched", error("packet"), "RX-1", "RX-5")
                            .flags("NoOwner"),
                    bench -> {
                        post(bench, 1);
                        bench.deliver("RX-1", 0, RxBench.frame(NOBODY, 60, 1));
                    })
                    .test(Meta.invalid(ID + "other-context-without-buffers", "a frame for context 1, which posted nothing: its RX_DROP_NO_BUFFER, "
                                    + "context 0's buffers untouched", error("packet"), "RX-3", "RX-1").flags("NoBuffer"),
                            bench -> {
                                post(bench, 1);
                                bench.deliver("RX-3", 0, RxBench.frame(RxBench.OTHER_MAC, 60, 5));
                            })
                    .test(Meta.invalid(ID + "no-buffer-posted", "a frame with no buffer posted: RX_DROP_NO_BUFFER, nothing written or published",
                            error("packet"), "RX-3").flags("NoBuffer"),
                            bench -> bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, 60, 6)))
                    .test(Meta.invalid(ID + "too-few-buffers-nothing-consumed", "4097 bytes with one buffer: dropped, and the buffer then takes a 60-byte frame",
                            error("packet"), "RX-3", "RX-2").flags("NoBuffer"),
                            bench -> {
                                post(bench, 1);
                                bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, 4097, 7));
                                bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, 60, 8));
                            })
                    .test(Meta.invalid(ID + "too-few-buffers-then-post-more", "4097 bytes with one buffer dropped; one more posted, the next 4097 use both",
                            error("packet"), "RX-3", "RX-2").flags("NoBuffer"),
                            bench -> {
                                post(bench, 1);
                                bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, 4097, 9));
                                post(bench, 2);
                                bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, 4097, 10));
                            })
                    .test(Meta.invalid(ID + "runt-13-bytes", "a 13-byte frame to context 0's MAC: WIRE_DROP_NO_CONTEXT, no context touched",
                            error("packet"), "RX-6").flags("RuntOrGiant"),
                            bench -> {
                                post(bench, 1);
                                bench.deliver("RX-6", 0, RxBench.frame(RxBench.MAC, 13, 11));
                            })
                    .test(Meta.invalid(ID + "runt-empty-frame", "a 0-byte frame: WIRE_DROP_NO_CONTEXT", error("packet"), "RX-6").flags("RuntOrGiant"),
                            bench -> bench.deliver("RX-6", 0, new byte[0]))
                    .test(Meta.invalid(ID + "giant-65536-bytes", "a 65536-byte frame to context 0's MAC with 16 buffers posted: dropped, nothing touched",
                            error("packet"), "RX-6").flags("RuntOrGiant"),
                            bench -> {
                                post(bench, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
                                bench.deliver("RX-6", 0, giant());
                            })
                    .test(Meta.invalid(ID + "port-1-dropped", "a frame to context 0's MAC on port 1: WIRE_DROP_NO_CONTEXT", error("packet"), "RX-6"),
                            bench -> {
                                post(bench, 1);
                                bench.deliver("RX-6", 1, RxBench.frame(RxBench.MAC, 60, 12));
                            })
                    .test(Meta.invalid(ID + "impossible-rx-producer-fails-context", "RX req_prod 300 ahead: the delivery fails the context, RX_DROP_FAILED "
                                    + "and FATAL_ERRORS", error("context"), "RX-5", "RING-11").flags("XSA-86"),
                            bench -> {
                                post(bench, 1);
                                bench.guest().setHeader(Queue.RX, SharedRingLayout.REQ_PROD, 300);
                                Harness harness = bench.harness();
                                harness.receive(0, RxBench.frame(RxBench.MAC, 60, 13));
                                require(harness.state(RxBench.CTX) == ContextState.FAILED
                                        && harness.counter(RxBench.CTX, Counter.RX_DROP_FAILED) == 1, "RX delivery over an impossible req_prod fails the context");
                            });
        }

        /** The only giant frame of the bundle: 65536 bytes of a constant, so the vector stays compressible. */
        private static byte[] giant() {
            byte[] frame = new byte[65536];
            Arrays.fill(frame, (byte) 0x5A);
            RxBench.MAC.write(frame, 0);
            return frame;
        }

        private static void badBuffers(FileBuilder.GroupBuilder<RxBench> g) {
            int[][] bad = {{RxBench.READ_ONLY, 300}, {RxBench.FOREIGN, 301}, {RxBench.REVOKED, 302}, {RxBench.NEVER, 303}};
            String[] names = {"read-only", "foreign", "revoked", "never-granted"};
            for (int k = 0; k < bad.length; k++) {
                g.test(Meta.invalid(ID + "bad-buffer-" + names[k] + "-" + bad[k][1], "a " + names[k] + " buffer (gref " + bad[k][0]
                                + "): answered ERROR, nothing written, RX_DROP_BAD_BUFFER", error("packet"), "RX-4").flags("BadBuffer"),
                        into(60, bad[k][0]));
            }
            g.test(Meta.invalid(ID + "bad-buffer-second-of-two", "4097 bytes into a good buffer and a read-only one: both ERROR, neither written",
                            error("packet"), "RX-4").flags("BadBuffer"),
                    bench -> into(4097, bench.freshBuffer(), RxBench.READ_ONLY).accept(bench))
                    .test(Meta.invalid(ID + "bad-buffer-then-ring-goes-on", "a revoked buffer costs one frame; the next buffer takes the next frame",
                            error("packet"), "RX-4", "RX-2").flags("BadBuffer"),
                            bench -> {
                                into(100, RxBench.REVOKED).accept(bench);
                                post(bench, 9);
                                bench.deliver("RX-4", 0, RxBench.frame(RxBench.MAC, 100, 5));
                            })
                    .test(Meta.invalid(ID + "own-tx-ring-as-buffer", "a buffer naming context 0's TX ring page: bad buffer, no frame byte on the ring",
                            error("packet"), "RX-7", "RX-4").flags("RingPageBuffer"),
                            into(60, 1))
                    .test(Meta.invalid(ID + "own-rx-ring-as-buffer", "a buffer naming context 0's RX ring page: bad buffer, only its response entry written",
                            error("packet"), "RX-7", "RX-4").flags("RingPageBuffer"),
                            into(60, 2))
                    .test(Meta.invalid(ID + "own-rx-ring-as-second-buffer", "4097 bytes into a good buffer and the RX ring page: both ERROR, nothing written",
                            error("packet"), "RX-7").flags("RingPageBuffer"),
                            bench -> into(4097, bench.freshBuffer(), 2).accept(bench));
        }
    }

    // ------------------------------------------------------------------ scenarios

    /** Longer stories, one per file. */
    private static final class Scenarios {

        private Scenarios() {
        }

        private static String id(String name) {
            return CHAPTER + ".scenarios." + name;
        }

        /** A TX bench whose ring starts at 250: responses are read, rsp_event re-armed, and packets straddle slot 255. */
        static VectorBundle.Entry sendAcrossSlot255() {
            String name = "tx-send-read-rearm-across-slot-255";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "A guest sends from ring index 250, reads its responses, re-arms rsp_event and sends again; a chain straddles slot 255 and slot 0.");
            file.group("TX bench, ring attached at index 250", () -> TxBench.start(Generators.model(), 250))
                    .test(Meta.valid(id(name), "five slots, read and re-arm, a three-slot chain across the wrap, read and re-arm, two more packets",
                            "TX-2", "DESC-2", "TX-1", "RING-8"),
                            bench -> {
                                GuestDriver guest = bench.guest();
                                send(bench, "TX-2", "VALID DESC-2, VALID DESC-2, VALID TX-1", List.of(pkt(1, P0, 0, 30, frag(P1, 0, 30)),
                                        pkt(3, P2, 0, 40, frag(P3, 0, 40)), pkt(5, W0, 0, 60)));
                                require(guest.takeTxResponses().size() == 5, "five responses at 250-254");
                                guest.finalCheckTx();
                                send(bench, "TX-2", "VALID DESC-2, VALID TX-1", List.of(pkt(6, P1, 100, 50, frag(P2, 200, 50), frag(P3, 300, 50)),
                                        pkt(9, P0, 0, 60)));
                                require(guest.takeTxResponses().size() == 4, "four responses at 255-258");
                                guest.finalCheckTx();
                                send(bench, "TX-2", "VALID TX-1, VALID DESC-2", List.of(pkt(10, W1, 0, 70), with(shape(11, P0, 0, 40, frag(P1, 0, 40)), hash(0))));
                            })
                    .done();
            return file.build();
        }

        /** XSA-155: the guest rewrites a consumed request and kicks; nothing is re-read or re-sent. */
        static VectorBundle.Entry txRewrittenRequest() {
            String name = "tx-rewritten-request-xsa-155";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "The guest rewrites TX requests the device already consumed and kicks again: the device does not read them again (DESC-1, XSA-155).");
            file.note("XSA-155", "XSA", "XSA-155: back ends read request fields twice from shared memory", "a request rewritten after it was read is acted on");
            file.group("TX bench, ring at index 0", () -> TxBench.start(Generators.model()))
                    .test(Meta.valid(id(name), "a two-slot packet is sent; its entries are rewritten to another packet; two kicks send only new packets",
                            "DESC-1", "TX-1", "RING-15").flags("XSA-155"),
                            bench -> {
                                send(bench, "DESC-1", "VALID DESC-2", List.of(pkt(1, P0, 0, 30, frag(P1, 0, 30))));
                                GuestDriver guest = bench.guest();
                                // two other packets of the guest's own, which a device that reads again would send
                                bench.own(List.of(slot(P2, 0, 0, 7, 1000)));
                                bench.own(List.of(slot(P3, 0, 0, 8, 1000)));
                                guest.writeTxEntry(0, slot(P2, 0, 0, 7, 1000));
                                guest.writeTxEntry(1, slot(P3, 0, 0, 8, 1000));
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                                send(bench, "DESC-1", "VALID TX-1", List.of(pkt(3, W0, 0, 60)));
                                guest.writeTxEntry(2, slot(TxBench.NEVER, 0, MORE, 9, 60));
                                send(bench, "DESC-1", "VALID TX-1", List.of(pkt(4, W1, 0, 61)));
                            })
                    .done();
            return file.build();
        }

        /** XSA-155 on RX: a consumed RX request rewritten by the guest is not used again. */
        static VectorBundle.Entry rxRewrittenRequest() {
            String name = "rx-rewritten-request-xsa-155";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "The guest rewrites an RX request the device already consumed; the next frame finds no buffer, and a newly posted one is used (DESC-1).");
            file.note("XSA-155", "XSA", "XSA-155: back ends read request fields twice from shared memory", "a request rewritten after it was read is acted on");
            file.group("RX bench, ring at index 0", () -> RxBench.start(Generators.model(), 0))
                    .test(Meta.invalid(id(name), "frame into buffer 200; the consumed request is rewritten to name 239; a frame is dropped for lack of buffers; "
                                    + "a new post takes the next frame", error("packet"), "DESC-1", "RX-3", "RX-2").flags("XSA-155"),
                            bench -> {
                                int first = bench.freshBuffer();
                                bench.post(new int[] {first}, new int[] {1});
                                bench.deliver("DESC-1", 0, RxBench.frame(RxBench.MAC, 100, 1));
                                byte[] page = bench.guest().rxPage();
                                int at = SharedRingLayout.entryOffset(0, 8);
                                Bytes.put16(page, at, 9);
                                Bytes.put32(page, at + 4, RxBench.FIRST_BUFFER + RxBench.BUFFERS - 1);
                                bench.deliver("DESC-1", 0, RxBench.frame(RxBench.MAC, 100, 2));
                                bench.post(new int[] {bench.freshBuffer()}, new int[] {2});
                                bench.deliver("DESC-1", 0, RxBench.frame(RxBench.MAC, 100, 3));
                            })
                    .done();
            return file.build();
        }

        /** A per-packet error on TX and a bad buffer on RX, each followed by traffic that goes through. */
        static VectorBundle.Entry errorsThenValidTraffic() {
            String name = "errors-then-valid-traffic-tx-and-rx";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "Context 0 suffers a per-packet TX error and a bad RX buffer; both rings go on carrying traffic (DESC-11, RX-4).");
            file.group("TX bench, ring at index 0", () -> TxBench.start(Generators.model()))
                    .test(Meta.invalid(id(name), "runt then valid TX; read-only RX buffer then a good one; valid TX again", error("packet"),
                            "DESC-11", "DESC-8", "RX-4", "RX-2", "TX-1"),
                            bench -> {
                                Harness harness = bench.harness();
                                GuestDriver guest = bench.guest();
                                send(bench, "DESC-11", "ERROR DESC-8, VALID TX-1", List.of(pkt(1, P0, 0, 12), pkt(2, P1, 0, 60)));
                                harness.grant(200, TxBench.CTX, Access.READ_WRITE);
                                harness.grant(201, TxBench.CTX, Access.READ_WRITE);
                                harness.grant(300, TxBench.CTX, Access.READ_ONLY);
                                guest.post(300);
                                harness.receive(0, RxBench.frame(TxBench.MAC, 100, 1));
                                require(harness.counter(TxBench.CTX, Counter.RX_DROP_BAD_BUFFER) == 1, "the read-only buffer is refused");
                                guest.post(200, 201);
                                harness.receive(0, RxBench.frame(TxBench.MAC, 100, 2));
                                harness.receive(0, RxBench.frame(TxBench.MAC, 120, 3));
                                require(harness.counter(TxBench.CTX, Counter.RX_FRAMES) == 2, "both good buffers receive a frame");
                                send(bench, "DESC-11", "VALID DESC-2", List.of(pkt(3, P2, 0, 30, frag(P3, 0, 30))));
                            })
                    .done();
            return file.build();
        }

        /** Two contexts interleave TX and RX; one fails and the other never notices. */
        static VectorBundle.Entry twoContextsIsolated() {
            String name = "two-contexts-interleaved";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "Contexts 0 and 1 interleave TX and RX; context 0 cannot send from context 1's page, and when context 1 fails context 0 goes on.");
            file.note("Isolation", "ISOLATION_BREACH", "one context's pages, errors and failure stay its own", "a context reads another's page or shares its fate");
            file.group("TX bench: contexts 0 and 1, page 111 granted read-only to context 1", () -> TxBench.start(Generators.model()))
                    .test(Meta.invalid(id(name), "TX and RX on both contexts; context 0 tries page 111 (DESC-9); context 1 sends a crossing packet and fails; "
                                    + "context 0 keeps sending and receiving", error("context"), "DESC-9", "DESC-12", "RX-1", "RX-5", "TX-1", "RING-13").flags("Isolation"),
                            bench -> {
                                Harness harness = bench.harness();
                                GuestDriver g0 = bench.guest();
                                GuestDriver g1 = harness.guest(TxBench.OTHER);
                                harness.grant(200, TxBench.CTX, Access.READ_WRITE);
                                harness.grant(201, TxBench.CTX, Access.READ_WRITE);
                                harness.grant(210, TxBench.OTHER, Access.READ_WRITE);
                                g0.post(200);
                                g1.post(210);
                                send(bench, "TX-1", "VALID TX-1", List.of(pkt(1, P0, 0, 60)));
                                g1.writeOwnSource(pkt(1, TxBench.FOREIGN, 0, 60));
                                g1.send(pkt(1, TxBench.FOREIGN, 0, 60));
                                harness.receive(0, RxBench.frame(TxBench.OTHER_MAC, 80, 1));
                                send(bench, "DESC-9", "ERROR DESC-9", List.of(pkt(2, TxBench.FOREIGN, 0, 60)));
                                harness.receive(0, RxBench.frame(TxBench.MAC, 90, 2));
                                g1.send(pkt(2, TxBench.FOREIGN, 4000, 200));
                                require(harness.state(TxBench.OTHER) == ContextState.FAILED, "context 1 fails on a crossing packet");
                                harness.receive(0, RxBench.frame(TxBench.OTHER_MAC, 80, 3));
                                send(bench, "TX-1", "VALID DESC-2", List.of(pkt(3, P1, 0, 30, frag(P2, 0, 30))));
                                g0.post(201);
                                harness.receive(0, RxBench.frame(TxBench.MAC, 90, 4));
                                require(harness.state(TxBench.CTX) == ContextState.ACTIVE && harness.counter(TxBench.CTX, Counter.RX_FRAMES) == 2
                                        && harness.counter(TxBench.OTHER, Counter.RX_FRAMES) == 1
                                        && harness.counter(TxBench.OTHER, Counter.RX_DROP_FAILED) == 1, "isolation as the spec says");
                            })
                    .done();
            return file.build();
        }

        /** DESC-12, section 3.7: the unanswered fatal packet waits at rsp_prod; the guest repairs it and the host resets. */
        static VectorBundle.Entry fatalThenReset() {
            String name = "fatal-packet-repaired-after-reset";
            FileBuilder file = FileBuilder.scenario(CHAPTER, name,
                    "A fatal packet after a valid one leaves the context FAILED with the bad packet unanswered at rsp_prod; the guest repairs the entry, "
                            + "the host resets, and a kick sends the repaired packet (DESC-12, section 3.7).");
            file.group("TX bench, ring at index 0", () -> TxBench.start(Generators.model()))
                    .test(Meta.invalid(id(name), "valid then crossing packet: FAILED; repair slot 1, reset, kick: the repaired packet is sent", error("context"),
                            "DESC-12", "RING-14", "TX-1"),
                            bench -> {
                                Harness harness = bench.harness();
                                GuestDriver guest = bench.guest();
                                send(bench, "DESC-12", "VALID TX-1, FATAL DESC-5", List.of(pkt(1, P0, 0, 60), pkt(2, P1, 4000, 200)));
                                bench.own(List.of(slot(P1, 0, 0, 2, 200)));
                                guest.writeTxEntry(1, slot(P1, 0, 0, 2, 200));
                                ControlResult reset = harness.control(Caller.HOST, new ControlRequest.ResetContext(TxBench.CTX));
                                require(reset instanceof ControlResult.Ok && harness.state(TxBench.CTX) == ContextState.ACTIVE, "the reset succeeds");
                                List<byte[]> entries = bench.entries(1, 2);
                                TxBench.Batch batch = bench.publishAndCheck("DESC-12", 1, entries, () -> harness.kick(TxBench.CTX, Queue.TX));
                                require(decisions(batch).equals("VALID TX-1"), "the repaired packet is valid");
                            })
                    .done();
            return file.build();
        }
    }
}
