package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.properties.Check;
import io.netchannel.conformance.properties.PacketShape;
import io.netchannel.conformance.properties.RxBench;
import io.netchannel.conformance.properties.TxBench;
import io.netchannel.conformance.properties.TxOracle;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chapter 02 vectors: the device reaches guest memory only through grants of the right context,
 * inside the page, never writing what it may only read, never after a revocation, and only while
 * a buffer is lent to it (MEM-1 to MEM-8, MEM-10; MEM-9, a MAY, has nothing to observe).
 */
final class MemoryVectors {

    private static final MacAddress MAC0 = MacAddress.parse("02:00:00:00:00:01");

    private MemoryVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(txFragments(), rxBuffers(), ringGrants(), rxBufferRecycling(), txPagePool(), ringPageTakenBack());
    }

    // ------------------------------------------------------------------ helpers

    private static final String TX_BENCH = "context 0 (rings 1 and 2, MAC 02:00:00:00:00:01) and context 1 (rings 3 and 4) live; fragment pages "
            + "100-103 read-only and 104-107 read-write for context 0, each filled with its pattern; 110 granted and revoked; 111 granted to "
            + "context 1; 112 never granted";

    private static final String RX_BENCH = "context 0 (rings 1 and 2, MAC 02:00:00:00:00:01) and context 1 (rings 3 and 4, MAC "
            + "02:00:00:00:00:02) live; buffer pages 200-239 read-write for context 0, 300 read-only, 301 granted to context 1, 302 revoked, "
            + "303 never granted, all filled with 0xee";

    private static PacketShape.Fragment frag(int gref, int offset, int size, int id) {
        return new PacketShape.Fragment(gref, offset, size, id);
    }

    /** The slots of one packet: a first fragment and data fragments, no extras. */
    private static List<TxSlot> packet(PacketShape.Fragment first, PacketShape.Fragment... data) {
        return new PacketShape(first, first.id(), List.of(), List.of(data), -1, false).slots();
    }

    /** Sends packets in one kick and checks the spec decided them as {@code kinds}, in order. */
    private static TxBench.Batch send(TxBench bench, String rule, List<TxOracle.Kind> kinds, List<List<TxSlot>> packets) {
        TxBench.Batch batch = bench.send(rule, packets);
        List<TxOracle.Kind> seen = batch.outcomes().stream().map(TxOracle.Outcome::kind).toList();
        Check.equal(rule, bench.harness(), "outcomes", kinds, seen);
        return batch;
    }

    private static TxBench.Batch valid(TxBench bench, String rule, List<TxSlot> packet) {
        return send(bench, rule, List.of(TxOracle.Kind.VALID), List.of(packet));
    }

    private static TxBench.Batch perPacket(TxBench bench, String rule, List<TxSlot> packet) {
        return send(bench, rule, List.of(TxOracle.Kind.ERROR), List.of(packet));
    }

    private static void state(Harness harness, int context, ContextState expected) {
        Check.equal("MEM-10", harness, "state of context " + context, expected, harness.state(context));
    }

    private static void control(Harness harness, ControlRequest request, String expected) {
        Check.equal("MEM", harness, "control result", expected, Harness.describe(harness.control(Caller.HOST, request)));
    }

    private static void post(RxBench bench, int... grefs) {
        int[] ids = new int[grefs.length];
        for (int k = 0; k < grefs.length; k++) {
            ids[k] = 0x100 + grefs[k];
        }
        bench.post(grefs, ids);
    }

    /** Posts buffers as a recycling guest does, ids 0x100 + gref, without the bench's bookkeeping (which assumes fresh buffers). */
    private static void repost(RxBench bench, int... grefs) {
        GuestDriver guest = bench.guest();
        for (int gref : grefs) {
            guest.queueRx(gref, 0x100 + gref);
        }
        if (guest.pushRx()) {
            bench.harness().kick(RxBench.CTX, Queue.RX);
        }
    }

    /**
     * Delivers a frame to context 0 over reposted buffers and checks MEM-7 from the responses: each
     * answered buffer holds the frame's bytes for its slot in bytes 0 to status − 1 and is unchanged
     * beyond them, and no other buffer changed.
     */
    private static void recycled(RxBench bench, int length, int seed) {
        Harness h = bench.harness();
        byte[] frame = RxBench.frame(RxBench.MAC, length, seed);
        Map<Integer, byte[]> before = new TreeMap<>();
        for (int gref = RxBench.FIRST_BUFFER; gref < RxBench.FIRST_BUFFER + RxBench.BUFFERS; gref++) {
            before.put(gref, h.memory().page(gref).clone());
        }
        long frames = h.counter(RxBench.CTX, Counter.RX_FRAMES);
        h.receive(0, frame);
        Check.noFindings("MEM-7", h);
        Check.equal("MEM-7", h, "RX_FRAMES delta", 1L, h.counter(RxBench.CTX, Counter.RX_FRAMES) - frames);
        List<GuestDriver.RxResponse> responses = bench.guest().takeRxResponses();
        Check.equal("RX-2", h, "responses", (length + 4095) / 4096, responses.size());
        for (int k = 0; k < responses.size(); k++) {
            GuestDriver.RxResponse response = responses.get(k);
            int gref = response.id() - 0x100;
            int bytes = Math.min(4096, length - 4096 * k);
            Check.equal("RX-2", h, "status of slot " + k, bytes, (int) response.status());
            byte[] page = h.memory().page(gref);
            byte[] expected = before.remove(gref);
            System.arraycopy(frame, 4096 * k, expected, 0, bytes);
            Check.that(Arrays.equals(expected, page), "MEM-7", h, "buffer " + gref + " = frame bytes 0.." + (bytes - 1) + ", the rest unchanged",
                    "byte " + Arrays.mismatch(expected, page) + " differs");
        }
        before.forEach((gref, page) -> Check.that(Arrays.equals(page, h.memory().page(gref)), "MEM-7", h, "buffer " + gref + " untouched",
                "changed"));
    }

    private static void notes(FileBuilder file) {
        file.note("StrayAccess", "ISOLATION_BREACH", "a descriptor names a gref the context does not hold (never granted, revoked, or another "
                + "context's)", "the device would read or write memory the guest never lent it");
        file.note("ReadOnlyWrite", "ISOLATION_BREACH", "a buffer the device must write is granted read-only", "the device would write data the "
                + "guest protected");
        file.note("Revocation", "EDGE_CASE", "a grant revoked (and perhaps granted again) between device calls", "a device that caches look-ups "
                + "past a revocation uses memory the guest took back (XSA-396)");
        file.note("PageEdge", "EDGE_CASE", "an access that ends exactly at, or one byte past, the end of its 4096-byte page",
                "an off-by-one reaches the next page");
    }

    // ------------------------------------------------------------------ TX fragments

    private static VectorBundle.Entry txFragments() {
        FileBuilder file = FileBuilder.frame("memory", "tx-fragment-grants",
                "TX fragments: read through a grant the context holds, inside the page, never written, and a gref the context does not hold "
                        + "costs its packet without being touched (spec 02, sections 3 to 6; MEM-1 to MEM-5, MEM-8, DESC-9).");
        notes(file);
        file.group(TX_BENCH, () -> TxBench.start(Generators.model()))
                .test(Meta.valid("memory.tx-fragment-grants.read-only-fragment", "a 60-byte packet from read-only page 100 is sent",
                                "MEM-1", "MEM-3", "MEM-8"),
                        bench -> valid(bench, "MEM-3", packet(frag(100, 0, 60, 1))))
                .test(Meta.valid("memory.tx-fragment-grants.read-write-fragment-not-written",
                                "a packet from read-write page 104 is sent and the page is left as it was", "MEM-8", "MEM-3"),
                        bench -> valid(bench, "MEM-8", packet(frag(104, 200, 300, 1))))
                .test(Meta.valid("memory.tx-fragment-grants.three-pages-not-written", "first slot on 100, data slots on 105 and 101: none is written",
                                "MEM-8", "MEM-1"),
                        bench -> valid(bench, "MEM-8", packet(frag(100, 0, 100, 1), frag(105, 1000, 600, 2), frag(101, 4000, 96, 3))))
                .test(Meta.invalid("memory.tx-fragment-grants.revoked-first-slot", "a first slot on revoked page 110 is a per-packet error",
                                error("packet"), "MEM-2", "MEM-4", "DESC-9").flags("StrayAccess", "Revocation"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(TxBench.REVOKED, 0, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.foreign-first-slot", "a first slot on page 111, granted to context 1 only",
                                error("packet"), "MEM-1", "MEM-2", "DESC-9").flags("StrayAccess"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(TxBench.FOREIGN, 0, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.never-granted-first-slot", "a first slot on page 112, never granted",
                                error("packet"), "MEM-2", "DESC-9").flags("StrayAccess"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(TxBench.NEVER, 0, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.gref-zero", "a first slot naming gref 0, never granted",
                                error("packet"), "MEM-2", "DESC-9").flags("StrayAccess"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(0, 0, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.gref-max", "a first slot naming gref 0xFFFFFFFF, never granted",
                                error("packet"), "MEM-2", "DESC-9").flags("StrayAccess"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(-1, 0, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.revoked-data-slot", "a good first slot and a data slot on revoked page 110: both ERROR",
                                error("packet"), "MEM-2", "MEM-4", "DESC-9").flags("StrayAccess", "Revocation"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(100, 0, 60, 1), frag(TxBench.REVOKED, 0, 100, 2))))
                .test(Meta.invalid("memory.tx-fragment-grants.neighbour-ring-data-slot", "a data slot on page 3, context 1's TX ring",
                                error("packet"), "MEM-1", "MEM-2", "DESC-9").flags("StrayAccess"),
                        bench -> perPacket(bench, "MEM-2", packet(frag(100, 0, 60, 1), frag(3, 64, 12, 2))))
                .test(Meta.valid("memory.tx-fragment-grants.empty-slot-never-granted", "a zero-length data slot on never-granted 112 is never accessed",
                                "MEM-2", "DESC-10"),
                        bench -> valid(bench, "MEM-2", packet(frag(100, 0, 60, 1), frag(TxBench.NEVER, 0, 0, 2))))
                .test(Meta.valid("memory.tx-fragment-grants.last-byte-of-page", "a one-byte data slot at offset 4095 ends exactly at the page end",
                                "MEM-5").flags("PageEdge"),
                        bench -> valid(bench, "MEM-5", packet(frag(100, 0, 60, 1), frag(101, 4095, 1, 2))))
                .test(Meta.valid("memory.tx-fragment-grants.first-slot-ends-at-page-end", "a 60-byte first slot at offset 4036",
                                "MEM-5").flags("PageEdge"),
                        bench -> valid(bench, "MEM-5", packet(frag(102, 4036, 60, 1))))
                .test(Meta.invalid("memory.tx-fragment-grants.data-slot-past-page-end", "a data slot at offset 4000 of 97 bytes ends one past the page: fatal",
                                error("context"), "MEM-5", "DESC-5").flags("PageEdge"),
                        bench -> send(bench, "MEM-5", List.of(TxOracle.Kind.FATAL), List.of(packet(frag(100, 0, 60, 1), frag(101, 4000, 97, 2)))))
                .test(Meta.invalid("memory.tx-fragment-grants.first-slot-past-page-end", "a 60-byte first slot at offset 4037: fatal, nothing read",
                                error("context"), "MEM-5", "DESC-5").flags("PageEdge"),
                        bench -> send(bench, "MEM-5", List.of(TxOracle.Kind.FATAL), List.of(packet(frag(102, 4037, 60, 1)))))
                .test(Meta.invalid("memory.tx-fragment-grants.revoke-after-use", "page 102 sent once, revoked, then named again: the second is an error",
                                error("packet"), "MEM-4", "MEM-2").flags("Revocation"),
                        bench -> {
                            valid(bench, "MEM-4", packet(frag(102, 0, 80, 1)));
                            bench.harness().revoke(102);
                            perPacket(bench, "MEM-4", packet(frag(102, 0, 80, 2)));
                        })
                .test(Meta.valid("memory.tx-fragment-grants.revoke-then-regrant", "page 103 revoked and granted again read-only is sent with its old bytes",
                                "MEM-4", "MEM-8").flags("Revocation"),
                        bench -> {
                            bench.harness().revoke(103);
                            bench.harness().grant(103, TxBench.CTX, Access.READ_ONLY);
                            valid(bench, "MEM-4", packet(frag(103, 10, 70, 1)));
                        })
                .test(Meta.invalid("memory.tx-fragment-grants.regranted-to-other-context", "page 100 moved to context 1: context 0 may no longer use it",
                                error("packet"), "MEM-1", "MEM-2", "MEM-4").flags("StrayAccess", "Revocation"),
                        bench -> {
                            bench.harness().revoke(100);
                            bench.harness().grant(100, TxBench.OTHER, Access.READ_ONLY);
                            perPacket(bench, "MEM-1", packet(frag(100, 0, 60, 1)));
                        })
                .test(Meta.valid("memory.tx-fragment-grants.downgraded-to-read-only", "read-write page 104 re-granted read-only still serves as a fragment",
                                "MEM-3", "MEM-4").flags("Revocation"),
                        bench -> {
                            bench.harness().revoke(104);
                            bench.harness().grant(104, TxBench.CTX, Access.READ_ONLY);
                            valid(bench, "MEM-3", packet(frag(104, 0, 64, 1)));
                        })
                .test(Meta.invalid("memory.tx-fragment-grants.error-then-valid", "a packet on never-granted 112 then a good one in the same kick",
                                error("packet"), "MEM-2", "DESC-11").flags("StrayAccess"),
                        bench -> send(bench, "MEM-2", List.of(TxOracle.Kind.ERROR, TxOracle.Kind.VALID),
                                List.of(packet(frag(TxBench.NEVER, 0, 60, 1)), packet(frag(101, 0, 60, 2)))))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ RX buffers

    private static VectorBundle.Entry rxBuffers() {
        FileBuilder file = FileBuilder.frame("memory", "rx-buffer-grants",
                "RX buffers: written only through a read-write grant the context holds, only the bytes the response reports, only between "
                        + "consuming the request and publishing its response; a buffer the context cannot write costs the frame and is not "
                        + "touched (spec 02, sections 4 and 5; MEM-2, MEM-3, MEM-4, MEM-7, RX-4).");
        notes(file);
        file.group(RX_BENCH, () -> RxBench.start(Generators.model(), 0))
                .test(Meta.valid("memory.rx-buffer-grants.only-reported-bytes", "a 100-byte frame writes bytes 0 to 99 of buffer 200 and no more",
                                "MEM-7", "MEM-1"),
                        bench -> {
                            post(bench, 200);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 100, 1));
                        })
                .test(Meta.valid("memory.rx-buffer-grants.whole-page", "a 4096-byte frame fills buffer 200 exactly", "MEM-7", "MEM-5").flags("PageEdge"),
                        bench -> {
                            post(bench, 200);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 4096, 2));
                        })
                .test(Meta.valid("memory.rx-buffer-grants.one-byte-into-second", "a 4097-byte frame: 4096 bytes into 200, one byte into 201",
                                "MEM-7", "MEM-5").flags("PageEdge"),
                        bench -> {
                            post(bench, 200, 201);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 4097, 3));
                        })
                .test(Meta.valid("memory.rx-buffer-grants.posted-not-used", "two buffers posted, a 60-byte frame uses the first; the second is untouched",
                                "MEM-7"),
                        bench -> {
                            post(bench, 200, 201);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 60, 4));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.read-only-buffer", "buffer 300 is read-only: answered ERROR, nothing written",
                                error("packet"), "MEM-3", "RX-4").flags("ReadOnlyWrite"),
                        bench -> {
                            post(bench, RxBench.READ_ONLY);
                            bench.deliver("MEM-3", 0, RxBench.frame(RxBench.MAC, 100, 5));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.foreign-buffer", "buffer 301 belongs to context 1",
                                error("packet"), "MEM-1", "MEM-2", "RX-4").flags("StrayAccess"),
                        bench -> {
                            post(bench, RxBench.FOREIGN);
                            bench.deliver("MEM-2", 0, RxBench.frame(RxBench.MAC, 100, 6));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.revoked-buffer", "buffer 302 was revoked before it was posted",
                                error("packet"), "MEM-2", "MEM-4", "RX-4").flags("StrayAccess", "Revocation"),
                        bench -> {
                            post(bench, RxBench.REVOKED);
                            bench.deliver("MEM-2", 0, RxBench.frame(RxBench.MAC, 100, 7));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.never-granted-buffer", "buffer 303 was never granted",
                                error("packet"), "MEM-2", "RX-4").flags("StrayAccess"),
                        bench -> {
                            post(bench, RxBench.NEVER);
                            bench.deliver("MEM-2", 0, RxBench.frame(RxBench.MAC, 100, 8));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.second-buffer-read-only", "a 5000-byte frame over 200 and read-only 300: both ERROR, neither written",
                                error("packet"), "MEM-3", "MEM-7", "RX-4").flags("ReadOnlyWrite"),
                        bench -> {
                            post(bench, 200, RxBench.READ_ONLY);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 5000, 9));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.revoked-while-posted", "buffer 200 revoked after posting, before the frame: bad buffer",
                                error("packet"), "MEM-2", "MEM-4", "RX-4").flags("Revocation"),
                        bench -> {
                            post(bench, 200);
                            bench.harness().revoke(200);
                            bench.deliver("MEM-4", 0, RxBench.frame(RxBench.MAC, 100, 10));
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.downgraded-while-posted", "buffer 201 re-granted read-only after posting",
                                error("packet"), "MEM-3", "MEM-4", "RX-4").flags("ReadOnlyWrite", "Revocation"),
                        bench -> {
                            post(bench, 201);
                            bench.harness().revoke(201);
                            bench.harness().grant(201, RxBench.CTX, Access.READ_ONLY);
                            bench.deliver("MEM-3", 0, RxBench.frame(RxBench.MAC, 100, 11));
                        })
                .test(Meta.valid("memory.rx-buffer-grants.revoked-after-response", "buffer 200 revoked once answered; the next frame goes to 201",
                                "MEM-7", "MEM-4").flags("Revocation"),
                        bench -> {
                            post(bench, 200);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 100, 12));
                            bench.harness().revoke(200);
                            post(bench, 201);
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 150, 13));
                        })
                .test(Meta.valid("memory.rx-buffer-grants.reposted-buffer", "buffer 200 posted again after 300 bytes: the next 50-byte frame rewrites 50",
                                "MEM-7"),
                        bench -> {
                            repost(bench, 200);
                            recycled(bench, 300, 14);
                            repost(bench, 200);
                            recycled(bench, 50, 15);
                        })
                .test(Meta.invalid("memory.rx-buffer-grants.no-buffer-posted", "no buffer posted: the frame is dropped and nothing is written",
                                error("packet"), "MEM-7", "RX-3"),
                        bench -> bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 100, 16)))
                .test(Meta.invalid("memory.rx-buffer-grants.rx-ring-as-buffer", "the RX ring page posted as a buffer: ERROR, no frame byte over the ring",
                                error("packet"), "MEM-7", "RX-7"),
                        bench -> {
                            post(bench, bench.guest().rxRing());
                            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, 100, 17));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ ring grants

    private static VectorBundle.Entry ringGrants() {
        FileBuilder file = FileBuilder.frame("memory", "ring-grants",
                "Ring pages: two distinct pages read-write for the context at create and update (MEM-6), and a ring page taken back is fatal "
                        + "at the next TX kick or delivery to that ring, with no access to it (MEM-10); a reset cannot revive it.");
        notes(file);
        file.note("RingTakenBack", "EDGE_CASE", "the guest revokes or downgrades a ring page of a live context",
                "a device that touches the page anyway faults on memory the guest took back");
        file.group("context 0's guest has ring pages 1 and 2 (SHARED_RING_INIT); page 3 granted read-write to context 1, page 4 read-only to "
                        + "context 0, page 5 granted to context 0 and revoked; no context exists",
                        MemoryVectors::ringPages)
                .test(Meta.invalid("memory.ring-grants.create-same-page-twice", "one page for both rings", rejected("BAD_RING"), "MEM-6", "PRIV-8"),
                        h -> create(h, 1, 1, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-read-only-tx", "a read-only TX ring page", rejected("BAD_RING"), "MEM-6", "MEM-3")
                                .flags("ReadOnlyWrite"),
                        h -> create(h, 4, 2, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-read-only-rx", "a read-only RX ring page", rejected("BAD_RING"), "MEM-6", "MEM-3")
                                .flags("ReadOnlyWrite"),
                        h -> create(h, 1, 4, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-foreign-tx", "a TX ring page granted to context 1", rejected("BAD_RING"), "MEM-6", "MEM-2")
                                .flags("StrayAccess"),
                        h -> create(h, 3, 2, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-never-granted-rx", "an RX ring gref 9999, never granted", rejected("BAD_RING"), "MEM-6",
                                "MEM-2").flags("StrayAccess"),
                        h -> create(h, 1, 9999, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-revoked-tx", "a TX ring page granted and revoked", rejected("BAD_RING"), "MEM-6", "MEM-4")
                                .flags("Revocation"),
                        h -> create(h, 5, 2, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-gref-zero", "gref 0 for both rings, never granted", rejected("BAD_RING"), "MEM-6"),
                        h -> create(h, 0, 0, "Rejected(BAD_RING)"))
                .test(Meta.invalid("memory.ring-grants.create-rx-revoked-after-init", "the guest initialises its RX ring, then revokes it before the create",
                                rejected("BAD_RING"), "MEM-6", "MEM-4").flags("Revocation"),
                        h -> {
                            h.revoke(2);
                            create(h, 1, 2, "Rejected(BAD_RING)");
                        })
                .test(Meta.invalid("memory.ring-grants.create-after-refusal", "a refused create (read-only TX) changes nothing: the right one then succeeds",
                                rejected("BAD_RING"), "MEM-6", "PRIV-8"),
                        h -> {
                            create(h, 4, 2, "Rejected(BAD_RING)");
                            create(h, 1, 2, "Ok");
                        })
                .test(Meta.valid("memory.ring-grants.create-after-regrant", "TX ring page 1 revoked and granted again read-write keeps its header: create ok",
                                "MEM-6", "MEM-4").flags("Revocation"),
                        h -> {
                            h.revoke(1);
                            h.grant(1, 0, Access.READ_WRITE);
                            create(h, 1, 2, "Ok");
                        })
                .done();
        file.group(TX_BENCH, () -> TxBench.start(Generators.model()))
                .test(Meta.invalid("memory.ring-grants.update-tx-ring-revoked", "an update of context 0 after its TX ring page was revoked",
                                rejected("BAD_RING"), "MEM-6").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(TxBench.TX_RING);
                            control(bench.harness(), new ControlRequest.UpdateContext(0, ring(TxBench.TX_RING, TxBench.RX_RING)), "Rejected(BAD_RING)");
                        })
                .test(Meta.invalid("memory.ring-grants.update-rx-ring-read-only", "an update after the RX ring page was re-granted read-only",
                                rejected("BAD_RING"), "MEM-6").flags("RingTakenBack", "ReadOnlyWrite"),
                        bench -> {
                            bench.harness().revoke(TxBench.RX_RING);
                            bench.harness().grant(TxBench.RX_RING, TxBench.CTX, Access.READ_ONLY);
                            control(bench.harness(), new ControlRequest.UpdateContext(0, ring(TxBench.TX_RING, TxBench.RX_RING)), "Rejected(BAD_RING)");
                        })
                .test(Meta.invalid("memory.ring-grants.reset-rx-ring-revoked", "a reset of active context 0 after its RX ring page was revoked; it stays ACTIVE",
                                rejected("BAD_RING"), "MEM-10", "MEM-2").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(TxBench.RX_RING);
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Rejected(BAD_RING)");
                            state(bench.harness(), 0, ContextState.ACTIVE);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-revoked-kick", "TX ring page revoked, then a kick with nothing new: fatal, the page untouched",
                                error("context"), "MEM-10", "MEM-4", "RING-13").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(TxBench.TX_RING);
                            kickFails(bench);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-read-only-kick", "TX ring page re-granted read-only, then a kick: fatal",
                                error("context"), "MEM-10", "MEM-3").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(TxBench.TX_RING);
                            bench.harness().grant(TxBench.TX_RING, TxBench.CTX, Access.READ_ONLY);
                            kickFails(bench);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-revoked-packet-published", "a packet published on a revoked TX ring is never read or sent",
                                error("context"), "MEM-10", "MEM-4").flags("RingTakenBack"),
                        bench -> {
                            bench.guest().writeOwnSource(packet(frag(100, 0, 60, 1)));
                            bench.guest().queue(packet(frag(100, 0, 60, 1)));
                            bench.guest().pushTx();
                            bench.harness().revoke(TxBench.TX_RING);
                            kickFails(bench);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-revoked-reset-refused", "after the fatal kick a reset is refused and the context stays FAILED",
                                error("context"), "MEM-10", "RING-13").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(TxBench.TX_RING);
                            kickFails(bench);
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Rejected(BAD_RING)");
                            bench.harness().kick(TxBench.CTX, Queue.TX);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-regranted-reset", "the page granted back read-write: the reset re-attaches and traffic resumes",
                                error("context"), "MEM-10", "RING-14").flags("RingTakenBack", "Revocation"),
                        bench -> {
                            bench.harness().revoke(TxBench.TX_RING);
                            kickFails(bench);
                            bench.harness().grant(TxBench.TX_RING, TxBench.CTX, Access.READ_WRITE);
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Ok");
                            valid(bench, "MEM-10", packet(frag(101, 0, 60, 1)));
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-revoked-rx-works", "with only the TX ring taken back, a frame is still delivered; the next TX kick fails",
                                error("context"), "MEM-10").flags("RingTakenBack"),
                        bench -> {
                            Harness h = bench.harness();
                            h.guest(0).post(h.grantPage(0, Access.READ_WRITE));
                            h.revoke(TxBench.TX_RING);
                            h.receive(0, RxBench.frame(MAC0, 90, 1));
                            state(h, 0, ContextState.ACTIVE);
                            kickFails(bench);
                        })
                .test(Meta.invalid("memory.ring-grants.tx-ring-revoked-recreate", "destroy and create again on new ring pages: the context works again",
                                error("context"), "MEM-10", "PRIV-9").flags("RingTakenBack"),
                        bench -> {
                            Harness h = bench.harness();
                            h.revoke(TxBench.TX_RING);
                            kickFails(bench);
                            control(h, new ControlRequest.DestroyContext(0), "Ok");
                            GuestDriver fresh = h.guest(0, h.grantPage(0, Access.READ_WRITE), h.grantPage(0, Access.READ_WRITE));
                            fresh.initRings(0, 0);
                            control(h, new ControlRequest.CreateContext(0, ring(fresh.txRing(), fresh.rxRing())), "Ok");
                            fresh.writeOwnSource(packet(frag(101, 0, 60, 1)));
                            fresh.send(packet(frag(101, 0, 60, 1)));
                        })
                .done();
        file.group(RX_BENCH, () -> RxBench.start(Generators.model(), 0))
                .test(Meta.invalid("memory.ring-grants.rx-ring-revoked-delivery", "RX ring page revoked: an RX kick does nothing, the next frame is fatal",
                                error("context"), "MEM-10", "RX-5", "RING-15").flags("RingTakenBack"),
                        bench -> {
                            post(bench, 200, 201);
                            bench.harness().revoke(bench.guest().rxRing());
                            bench.harness().kick(RxBench.CTX, Queue.RX);
                            deliveryFails(bench, 300);
                        })
                .test(Meta.invalid("memory.ring-grants.rx-ring-read-only-delivery", "RX ring page re-granted read-only: the next frame is fatal",
                                error("context"), "MEM-10", "MEM-3").flags("RingTakenBack"),
                        bench -> {
                            post(bench, 200);
                            int ring = bench.guest().rxRing();
                            bench.harness().revoke(ring);
                            bench.harness().grant(ring, RxBench.CTX, Access.READ_ONLY);
                            deliveryFails(bench, 100);
                        })
                .test(Meta.invalid("memory.ring-grants.rx-ring-revoked-no-buffer", "RX ring page revoked and nothing posted: still fatal, counted RX_DROP_FAILED",
                                error("context"), "MEM-10").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(bench.guest().rxRing());
                            deliveryFails(bench, 60);
                        })
                .test(Meta.invalid("memory.ring-grants.rx-ring-revoked-tx-works", "with only the RX ring taken back, a TX packet is still sent; the next frame fails",
                                error("context"), "MEM-10").flags("RingTakenBack"),
                        bench -> {
                            Harness h = bench.harness();
                            h.revoke(bench.guest().rxRing());
                            int page = h.grantPage(0, Access.READ_ONLY);
                            System.arraycopy(RxBench.frame(RxBench.OTHER_MAC, 64, 2), 0, h.memory().page(page), 0, 64);
                            bench.guest().writeOwnSource(packet(frag(page, 0, 64, 1)));
                            bench.guest().send(packet(frag(page, 0, 64, 1)));
                            state(h, 0, ContextState.ACTIVE);
                            deliveryFails(bench, 80);
                        })
                .test(Meta.invalid("memory.ring-grants.rx-ring-revoked-neighbour-unaffected",
                                "context 0's RX ring taken back: frames to context 1 are handled as before, context 0 fails at its own next frame",
                                error("context"), "MEM-10", "RING-13").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(bench.guest().rxRing());
                            bench.deliver("MEM-10", 0, RxBench.frame(RxBench.OTHER_MAC, 80, 3));
                            deliveryFails(bench, 80);
                        })
                .test(Meta.invalid("memory.ring-grants.rx-ring-revoked-runt", "a 13-byte frame to context 0 is dropped before delivery: the context stays ACTIVE",
                                error("packet"), "MEM-10", "RX-6").flags("RingTakenBack"),
                        bench -> {
                            bench.harness().revoke(bench.guest().rxRing());
                            bench.deliver("MEM-10", 0, RxBench.frame(RxBench.MAC, 13, 4));
                            state(bench.harness(), 0, ContextState.ACTIVE);
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    /** Ring pages for context 0 and some bad candidates; nothing created. */
    private static Harness ringPages() {
        Harness harness = Harness.start(Generators.model());
        harness.guest(0);
        harness.grantPage(1, Access.READ_WRITE);
        harness.grantPage(0, Access.READ_ONLY);
        int revoked = harness.grantPage(0, Access.READ_WRITE);
        harness.revoke(revoked);
        Check.equal("MEM-6", harness, "set-up grefs", List.of(1, 2, 5), List.of(harness.guest(0).txRing(), harness.guest(0).rxRing(), revoked));
        return harness;
    }

    private static ContextConfig ring(int tx, int rx) {
        return ContextConfig.builder().mac(MAC0).txRingGref(tx).rxRingGref(rx).build();
    }

    private static void create(Harness harness, int tx, int rx, String expected) {
        byte[][] before = {harness.memory().page(1).clone(), harness.memory().page(2).clone()};
        control(harness, new ControlRequest.CreateContext(0, ring(tx, rx)), expected);
        if (!expected.equals("Ok")) {
            Check.that(Arrays.equals(before[0], harness.memory().page(1)) && Arrays.equals(before[1], harness.memory().page(2)), "MEM-6", harness,
                    "no ring page written by a refused create", "a ring page changed");
        }
    }

    /** A TX kick over a ring page the context no longer holds read-write: FAILED, counted, nothing sent. */
    private static void kickFails(TxBench bench) {
        Harness h = bench.harness();
        long fatal = h.counter(TxBench.CTX, Counter.FATAL_ERRORS);
        int frames = h.sink().frames().size();
        h.kick(TxBench.CTX, Queue.TX);
        Check.noFindings("MEM-10", h);
        state(h, TxBench.CTX, ContextState.FAILED);
        Check.equal("MEM-10", h, "FATAL_ERRORS delta", 1L, h.counter(TxBench.CTX, Counter.FATAL_ERRORS) - fatal);
        Check.equal("MEM-10", h, "frames", frames, h.sink().frames().size());
    }

    /** A frame to context 0 over an RX ring it no longer holds read-write: FAILED, RX_DROP_FAILED, FATAL_ERRORS. */
    private static void deliveryFails(RxBench bench, int length) {
        Harness h = bench.harness();
        long dropped = h.counter(RxBench.CTX, Counter.RX_DROP_FAILED);
        long fatal = h.counter(RxBench.CTX, Counter.FATAL_ERRORS);
        h.receive(0, RxBench.frame(RxBench.MAC, length, length));
        Check.noFindings("MEM-10", h);
        state(h, RxBench.CTX, ContextState.FAILED);
        Check.equal("MEM-10", h, "RX_DROP_FAILED delta", 1L, h.counter(RxBench.CTX, Counter.RX_DROP_FAILED) - dropped);
        Check.equal("MEM-10", h, "FATAL_ERRORS delta", 1L, h.counter(RxBench.CTX, Counter.FATAL_ERRORS) - fatal);
    }

    // ------------------------------------------------------------------ scenarios

    private static VectorBundle.Entry rxBufferRecycling() {
        FileBuilder file = FileBuilder.scenario("memory", "rx-buffer-recycling",
                "A guest recycles four RX buffers: each is lent from the consumption of its request to the publication of its response, the "
                        + "device writes only the bytes each response reports, and a buffer the guest revokes once answered is never touched "
                        + "again (spec 02, section 4; MEM-7, MEM-4).");
        notes(file);
        file.group(RX_BENCH, () -> RxBench.start(Generators.model(), 0))
                .test(Meta.valid("memory.scenarios.rx-buffer-recycling", "four buffers posted, answered, reposted and one swapped for a new page",
                                "MEM-7", "MEM-4", "RX-2"),
                        bench -> {
                            repost(bench, 200, 201, 202, 203);
                            recycled(bench, 1500, 1);
                            recycled(bench, 64, 2);
                            repost(bench, 200, 201);
                            recycled(bench, 5000, 3);
                            bench.harness().revoke(202);
                            repost(bench, 204);
                            recycled(bench, 700, 4);
                            recycled(bench, 20, 5);
                            recycled(bench, 20, 6);
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry txPagePool() {
        FileBuilder file = FileBuilder.scenario("memory", "tx-page-pool",
                "A TX guest copies each packet into one of two pool pages, sends it, and reuses the page as soon as the response is published: "
                        + "each frame carries the bytes the page held when its packet was sent, and a pool page revoked after its response is "
                        + "never read again (spec 02, section 4; MEM-8, MEM-4).");
        notes(file);
        file.group(TX_BENCH, () -> TxBench.start(Generators.model()))
                .test(Meta.valid("memory.scenarios.tx-page-pool", "six packets through pool pages 104 and 105, rewritten between sends; 105 revoked at the end",
                                "MEM-8", "MEM-4", "TX-1"),
                        bench -> {
                            Harness h = bench.harness();
                            for (int k = 0; k < 6; k++) {
                                int page = 104 + (k % 2);
                                byte[] bytes = RxBench.frame(TxBench.OTHER_MAC, 100 + 50 * k, 40 + k);
                                System.arraycopy(bytes, 0, h.memory().page(page), 0, bytes.length);
                                valid(bench, "MEM-8", packet(frag(page, 0, bytes.length, k)));
                            }
                            h.revoke(105);
                            valid(bench, "MEM-4", packet(frag(104, 0, 80, 6)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry ringPageTakenBack() {
        FileBuilder file = FileBuilder.scenario("memory", "ring-page-taken-back",
                "A guest takes its TX ring page back mid-stream: the next kick is fatal without touching the page, frames to the context are "
                        + "counted RX_DROP_FAILED, a reset is refused, and the host recovers by destroying the context and creating it on new "
                        + "pages (spec 02, section 6; MEM-10, RING-13, PRIV-9).");
        notes(file);
        file.note("RingTakenBack", "EDGE_CASE", "the guest revokes or downgrades a ring page of a live context",
                "a device that touches the page anyway faults on memory the guest took back");
        file.group(TX_BENCH, () -> TxBench.start(Generators.model()))
                .test(Meta.invalid("memory.scenarios.ring-page-taken-back", "traffic, TX ring revoked, fatal kick, refused reset, destroy, create anew",
                                error("context"), "MEM-10", "RING-13", "PRIV-9", "RX-5").flags("RingTakenBack"),
                        bench -> {
                            Harness h = bench.harness();
                            valid(bench, "MEM-10", packet(frag(100, 0, 60, 1)));
                            h.revoke(TxBench.TX_RING);
                            bench.guest().writeOwnSource(packet(frag(101, 0, 60, 2)));
                            bench.guest().send(packet(frag(101, 0, 60, 2)));
                            state(h, 0, ContextState.FAILED);
                            h.receive(0, RxBench.frame(MAC0, 80, 1));
                            control(h, new ControlRequest.ResetContext(0), "Rejected(BAD_RING)");
                            control(h, new ControlRequest.DestroyContext(0), "Ok");
                            GuestDriver fresh = h.guest(0, h.grantPage(0, Access.READ_WRITE), h.grantPage(0, Access.READ_WRITE));
                            fresh.initRings(0, 0);
                            control(h, new ControlRequest.CreateContext(0, ring(fresh.txRing(), fresh.rxRing())), "Ok");
                            fresh.writeOwnSource(packet(frag(102, 0, 60, 3)));
                            fresh.send(packet(frag(102, 0, 60, 3)));
                            fresh.post(h.grantPage(0, Access.READ_WRITE));
                            h.receive(0, RxBench.frame(MAC0, 80, 2));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
