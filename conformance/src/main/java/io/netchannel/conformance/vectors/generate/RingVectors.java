package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.properties.Check;
import io.netchannel.conformance.properties.PacketShape;
import io.netchannel.conformance.properties.RxBench;
import io.netchannel.conformance.properties.TxBench;
import io.netchannel.conformance.properties.TxOracle;
import io.netchannel.conformance.properties.TxPackets;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Chapter 03 vectors: index arithmetic and wrap-around, the full ring and the impossible producer
 * index, attach at rsp_prod on create and reset, the event-index rules for notifications and
 * kicks, spurious kicks, and a failed context left alone (RING-1 to RING-16). Rings start at the
 * index a test needs by initialising the pages there before the create, as a re-binding front end
 * does (Xen FRONT_RING_ATTACH).
 */
final class RingVectors {

    private static final MacAddress MAC0 = MacAddress.parse("02:00:00:00:00:01");

    private RingVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(ringBytes(), txWrap(), producerIndex(), notification(), eventIndex(), attach(), spuriousKicks(),
                txWrapsSlot255(), txWraps2To32(), rxWraps2To32(), resetReattachesLiveRing(), eventSuppressionRoundTrip(), failedContextIsolated());
    }

    // ------------------------------------------------------------------ helpers

    private static String txBench(String start) {
        return "context 0 (TX ring on page 1 initialised at " + start + ", RX ring on page 2 at 0, MAC 02:00:00:00:00:01) and context 1 "
                + "(rings 3 and 4, MAC 02:00:00:00:00:02) live; fragment pages 100-103 read-only and 104-107 read-write for context 0, each "
                + "filled with its pattern; 110 revoked; 111 context 1's; 112 never granted";
    }

    private static String rxBench(String start) {
        return "context 0 (TX ring on page 1 at 0, RX ring on page 2 initialised at " + start + ", MAC 02:00:00:00:00:01) and context 1 "
                + "(MAC 02:00:00:00:00:02) live; buffer pages 200-239 read-write for context 0, 300 read-only, 301 context 1's, 302 revoked, "
                + "303 never granted, all filled with 0xee";
    }

    /** A one-slot packet of {@code size} bytes from read-only page {@code 100 + k % 4}, id {@code k}. */
    private static List<TxSlot> small(int k, int size) {
        return List.of(new TxSlot.Data(TxBench.READ_ONLY[k % 4], (k * 40) % 3000, 0, k & 0xFFFF, size));
    }

    /** {@code count} one-slot 60-byte packets, ids from {@code firstId}. */
    private static List<List<TxSlot>> smalls(int firstId, int count) {
        List<List<TxSlot>> packets = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            packets.add(small(firstId + k, 60));
        }
        return packets;
    }

    /** A first slot and data slots over readable pages, {@code dataSlots} of them, 40 bytes each after a 60-byte first slot. */
    private static List<TxSlot> chain(int dataSlots, int id) {
        List<PacketShape.Fragment> data = new ArrayList<>();
        for (int k = 0; k < dataSlots; k++) {
            data.add(new PacketShape.Fragment(TxBench.readable()[k % 8], 100 * k, 40, id + 1 + k));
        }
        return new PacketShape(new PacketShape.Fragment(100, 0, 60, id), id, List.of(), data, -1, false).slots();
    }

    /** Sends in one kick and checks the spec decided the packets as {@code kinds}. */
    private static TxBench.Batch send(TxBench bench, String rule, List<TxOracle.Kind> kinds, List<List<TxSlot>> packets) {
        TxBench.Batch batch = bench.send(rule, packets);
        Check.equal(rule, bench.harness(), "outcomes", kinds, batch.outcomes().stream().map(TxOracle.Outcome::kind).toList());
        return batch;
    }

    private static List<TxOracle.Kind> kinds(TxOracle.Kind kind, int count) {
        List<TxOracle.Kind> all = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            all.add(kind);
        }
        return all;
    }

    private static TxBench.Batch sendValid(TxBench bench, String rule, List<List<TxSlot>> packets) {
        return send(bench, rule, kinds(TxOracle.Kind.VALID, packets.size()), packets);
    }

    private static int header(GuestDriver guest, Queue queue, int field) {
        return guest.header(queue, field);
    }

    private static void expectHeader(Harness harness, GuestDriver guest, Queue queue, int field, int expected, String rule) {
        Check.equal(rule, harness, queue + " header field at " + field, Bytes.index(expected), Bytes.index(header(guest, queue, field)));
    }

    private static void state(Harness harness, int context, ContextState expected, String rule) {
        Check.equal(rule, harness, "state of context " + context, expected, harness.state(context));
    }

    private static void control(Harness harness, ControlRequest request, String expected, String rule) {
        Check.equal(rule, harness, "control result", expected, Harness.describe(harness.control(Caller.HOST, request)));
    }

    /** Publishes {@code req_prod} = rsp_prod + {@code ahead} on context 0's TX ring and kicks. */
    private static void hostileReqProd(TxBench bench, long ahead) {
        GuestDriver guest = bench.guest();
        Harness h = bench.harness();
        int rsp = header(guest, Queue.TX, SharedRingLayout.RSP_PROD);
        long fatal = h.counter(TxBench.CTX, Counter.FATAL_ERRORS);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, rsp + (int) ahead);
        h.kick(TxBench.CTX, Queue.TX);
        Check.noFindings("RING-11", h);
        state(h, TxBench.CTX, ContextState.FAILED, "RING-11");
        Check.equal("RING-11", h, "FATAL_ERRORS delta", 1L, h.counter(TxBench.CTX, Counter.FATAL_ERRORS) - fatal);
    }

    /** Checks the TX notifications of the last call: one exactly when rsp_event lies in (old, new]. */
    private static void expectNotify(TxBench bench, long before, int old, int now, int event) {
        boolean expected = Integer.compareUnsigned(now - event, now - old) < 0;
        Check.equal("RING-8", bench.harness(), "TX notifications for " + Bytes.index(old) + " -> " + Bytes.index(now) + " with rsp_event "
                + Bytes.index(event), expected ? 1L : 0L, bench.harness().sink().notifications(TxBench.CTX, Queue.TX) - before);
    }

    private static void notes(FileBuilder file) {
        file.note("IndexWrap", "EDGE_CASE", "indices cross slot 255 or 2^32", "a device comparing indices directly, or storing them reduced, "
                + "loses or repeats requests at the wrap");
        file.note("HostileIndex", "MALFORMED", "a producer index no honest guest can publish (more than 256 ahead, or behind)",
                "a device that trusts it reads stale entries or overruns the ring");
        file.note("XSA-86", "XSA", "the libvchan bound on ring indices and its off-by-one on a completely full ring",
                "a device either overruns the ring or refuses a valid full one");
        file.note("LiveAttach", "EDGE_CASE", "a ring attached at a non-zero index, or with requests already outstanding",
                "a device that assumes rings start at 0 answers the wrong entries");
        file.note("SpuriousKick", "EDGE_CASE", "a doorbell with nothing to do (XSA-332: a guest flooding its back end with events)",
                "a device that does work or changes state on a useless kick");
    }

    // ------------------------------------------------------------------ RING-1, RING-2, RING-3 on a live device

    private static VectorBundle.Entry ringBytes() {
        FileBuilder file = FileBuilder.frame("ring", "ring-bytes",
                "The ring layout as a live device reads and writes it: header fields at 0, 4, 8 and 12, TX entries of 12 bytes and RX entries "
                        + "of 8 from byte 64, requests written by hand at the Xen offsets and responses read back the same way (RING-1 to RING-3, "
                        + "RING-10).");
        notes(file);
        file.group(txBench("0x12345678"), () -> TxBench.start(Generators.model(), 0x1234_5678))
                .test(Meta.valid("ring.ring-bytes.header-after-one-response", "attached at 0x12345678: after one packet rsp_prod is 0x12345679 and "
                                + "req_event 0x1234567a, little-endian at bytes 8 and 4", "RING-1", "RING-14", "RING-9").flags("LiveAttach"),
                        bench -> sendValid(bench, "RING-1", List.of(small(9, 60))))
                .test(Meta.valid("ring.ring-bytes.guest-bytes-in-pvt-and-padding", "bytes 16 to 63 hold guest data; the device leaves them as they are",
                                "RING-1", "RING-10"),
                        bench -> {
                            byte[] page = bench.guest().txPage();
                            for (int k = 16; k < 64; k++) {
                                page[k] = (byte) (0xA0 + k);
                            }
                            sendValid(bench, "RING-10", List.of(small(1, 60), small(2, 70)));
                        })
                .done();
        file.group(txBench("261 (slot 5)"), () -> TxBench.start(Generators.model(), 261))
                .test(Meta.valid("ring.ring-bytes.tx-entry-by-hand", "a request written byte by byte at entry 5 (page bytes 124 to 135) is answered "
                                + "in bytes 124 to 127; bytes 128 to 135 stay", "RING-2", "RING-10", "DESC-14"),
                        bench -> {
                            byte[] page = bench.guest().txPage();
                            int gref = TxBench.READ_ONLY[1];
                            byte[] request = {(byte) gref, 0, 0, 0, 0x10, 0, 0, 0, 0x34, 0x12, 60, 0};
                            System.arraycopy(request, 0, page, 124, 12);
                            bench.own(List.of(new TxSlot.Data(gref, 0x10, 0, 0x1234, 60))); // the frame's source: the context's MAC at page bytes 22..27
                            bench.publishAndCheck("RING-2", 261, List.of(request), () -> {
                                bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 262);
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                            });
                            Check.equal("RING-2", bench.harness(), "response bytes", "34120000", Bytes.hex(Arrays.copyOfRange(page, 124, 128), 4));
                        })
                .done();
        file.group(rxBench("3"), () -> RxBench.start(Generators.model(), 3))
                .test(Meta.valid("ring.ring-bytes.rx-entry-by-hand", "an RX request written by hand at entry 3 (page bytes 88 to 95) is answered over "
                                + "all 8 bytes: id 0xbeef, offset 0, flags 0, status 100", "RING-3", "RING-10", "RX-2"),
                        bench -> {
                            byte[] page = bench.guest().rxPage();
                            int buffer = RxBench.FIRST_BUFFER;
                            byte[] request = {(byte) 0xEF, (byte) 0xBE, 0x55, 0x55, (byte) buffer, 0, 0, 0};
                            System.arraycopy(request, 0, page, 88, 8);
                            bench.guest().setHeader(Queue.RX, SharedRingLayout.REQ_PROD, 4);
                            bench.harness().receive(0, RxBench.frame(RxBench.MAC, 100, 1));
                            Check.equal("RING-3", bench.harness(), "response bytes", "efbe000000006400", Bytes.hex(Arrays.copyOfRange(page, 88, 96), 8));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ RING-4

    private static VectorBundle.Entry txWrap() {
        FileBuilder file = FileBuilder.frame("ring", "tx-wrap",
                "TX batches across slot 255 and across 2^32: indices are free-running u32, an index's slot is index mod 256, and a wrap changes "
                        + "nothing (spec 03, section 4; RING-4, RING-6, RING-9).");
        notes(file);
        file.group(txBench("250 (slot 250)"), () -> TxBench.start(Generators.model(), 250))
                .test(Meta.valid("ring.tx-wrap.packets-across-slot-255", "ten one-slot packets at indices 250 to 259, slots 250 to 255 then 0 to 3",
                                "RING-4", "RING-6", "TX-2").flags("IndexWrap"),
                        bench -> sendValid(bench, "RING-4", smalls(1, 10)))
                .test(Meta.valid("ring.tx-wrap.chain-across-slot-255", "one packet of a first slot and nine data slots over slots 250 to 3",
                                "RING-4", "DESC-2").flags("IndexWrap"),
                        bench -> sendValid(bench, "RING-4", List.of(chain(9, 1))))
                .test(Meta.invalid("ring.tx-wrap.error-across-slot-255", "a chain across slot 255 whose last data slot is on revoked page 110: every slot ERROR",
                                error("packet"), "RING-4", "DESC-11").flags("IndexWrap"),
                        bench -> {
                            List<TxSlot> slots = new ArrayList<>(chain(7, 1));
                            TxSlot.Data last = (TxSlot.Data) slots.get(7);
                            slots.set(7, new TxSlot.Data(TxBench.REVOKED, 0, last.flags(), last.id(), last.size()));
                            send(bench, "RING-4", List.of(TxOracle.Kind.ERROR), List.of(slots));
                        })
                .test(Meta.invalid("ring.tx-wrap.fatal-after-slot-255", "four good packets up to slot 253, then a chain to slot 1 whose last slot crosses its page",
                                error("context"), "RING-4", "DESC-12").flags("IndexWrap"),
                        bench -> {
                            List<List<TxSlot>> packets = new ArrayList<>(smalls(1, 4));
                            List<TxSlot> bad = new ArrayList<>(chain(3, 10));
                            TxSlot.Data last = (TxSlot.Data) bad.get(3);
                            bad.set(3, new TxSlot.Data(last.gref(), 4090, last.flags(), last.id(), last.size()));
                            packets.add(bad);
                            List<TxOracle.Kind> expected = new ArrayList<>(kinds(TxOracle.Kind.VALID, 4));
                            expected.add(TxOracle.Kind.FATAL);
                            send(bench, "DESC-12", expected, packets);
                        })
                .test(Meta.valid("ring.tx-wrap.two-batches-across-slot-255", "six packets up to slot 255, then six more from slot 0",
                                "RING-4", "RING-9").flags("IndexWrap"),
                        bench -> {
                            sendValid(bench, "RING-4", smalls(1, 6));
                            sendValid(bench, "RING-4", smalls(7, 6));
                        })
                .done();
        file.group(txBench("0xfffffffd"), () -> TxBench.start(Generators.model(), -3))
                .test(Meta.valid("ring.tx-wrap.packets-across-2-to-32", "six packets at 0xfffffffd to 2: rsp_prod ends at 3, req_event at 4",
                                "RING-4", "RING-6", "RING-9").flags("IndexWrap"),
                        bench -> sendValid(bench, "RING-4", smalls(1, 6)))
                .test(Meta.valid("ring.tx-wrap.chain-across-2-to-32", "one packet of five slots from 0xfffffffd to 1", "RING-4", "DESC-2").flags("IndexWrap"),
                        bench -> sendValid(bench, "RING-4", List.of(chain(4, 1))))
                .test(Meta.valid("ring.tx-wrap.req-event-wraps-to-zero", "two packets leave req_cons at 0xffffffff, so req_event becomes 0",
                                "RING-4", "RING-9").flags("IndexWrap"),
                        bench -> {
                            sendValid(bench, "RING-9", smalls(1, 2));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 0, "RING-9");
                        })
                .test(Meta.valid("ring.tx-wrap.rsp-prod-lands-on-zero", "three packets take rsp_prod to exactly 0", "RING-4", "RING-6").flags("IndexWrap"),
                        bench -> {
                            sendValid(bench, "RING-4", smalls(1, 3));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.RSP_PROD, 0, "RING-6");
                        })
                .done();
        file.group(txBench("0x7ffffffe"), () -> TxBench.start(Generators.model(), 0x7FFF_FFFE))
                .test(Meta.valid("ring.tx-wrap.packets-across-2-to-31", "four packets across 0x80000000, where a signed index turns negative",
                                "RING-4").flags("IndexWrap"),
                        bench -> sendValid(bench, "RING-4", smalls(1, 4)))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ RING-11, RING-12

    private static VectorBundle.Entry producerIndex() {
        FileBuilder file = FileBuilder.frame("ring", "producer-index",
                "req_prod − rsp_prod_pvt, modulo 2^32: 256 is a completely full ring, consumed in full (RING-12); more than 256, including a "
                        + "req_prod that moved backwards, is fatal and touches nothing (RING-11). The table of chapter 03, section 4, row by row.");
        notes(file);
        file.group(txBench("0x10"), () -> TxBench.start(Generators.model(), 0x10))
                .test(Meta.valid("ring.producer-index.full-ring", "req_prod 0x110 over rsp_prod_pvt 0x10: all 256 fourteen-byte packets sent",
                                "RING-12", "RING-6").flags("XSA-86"),
                        bench -> {
                            List<List<TxSlot>> packets = new ArrayList<>();
                            for (int k = 0; k < SharedRingLayout.RING_SIZE; k++) {
                                packets.add(small(k, 14));
                            }
                            TxBench.Batch batch = sendValid(bench, "RING-12", packets);
                            Check.equal("RING-12", bench.harness(), "slots consumed", 256, batch.answered());
                        })
                .test(Meta.invalid("ring.producer-index.257-ahead", "req_prod 0x111 over rsp_prod_pvt 0x10: fatal, nothing written",
                                error("context"), "RING-11", "RING-13").flags("HostileIndex", "XSA-86"),
                        bench -> hostileReqProd(bench, 257))
                .test(Meta.invalid("ring.producer-index.backwards-by-one", "req_prod 0xf, one behind rsp_prod_pvt: the difference is 0xffffffff, fatal",
                                error("context"), "RING-11").flags("HostileIndex"),
                        bench -> hostileReqProd(bench, 0xFFFF_FFFFL))
                .test(Meta.invalid("ring.producer-index.half-the-index-space", "req_prod 2^31 ahead: fatal",
                                error("context"), "RING-11").flags("HostileIndex"),
                        bench -> hostileReqProd(bench, 0x8000_0000L))
                .test(Meta.invalid("ring.producer-index.257-ahead-after-traffic", "two packets answered, then req_prod 257 past the new rsp_prod_pvt",
                                error("context"), "RING-11", "RING-13").flags("HostileIndex", "XSA-86"),
                        bench -> {
                            sendValid(bench, "RING-11", smalls(1, 2));
                            hostileReqProd(bench, 257);
                        })
                .test(Meta.valid("ring.producer-index.nothing-new", "req_prod equal to rsp_prod_pvt: a kick finds nothing", "RING-11", "RING-15")
                                .flags("SpuriousKick"),
                        bench -> bench.harness().kick(TxBench.CTX, Queue.TX))
                .done();
        file.group(txBench("0xffffff80"), () -> TxBench.start(Generators.model(), 0xFFFF_FF80))
                .test(Meta.valid("ring.producer-index.full-ring-across-2-to-32", "req_prod 0x80 over rsp_prod_pvt 0xffffff80: 256 packets across the wrap",
                                "RING-12", "RING-4").flags("XSA-86", "IndexWrap"),
                        bench -> {
                            List<List<TxSlot>> packets = new ArrayList<>();
                            for (int k = 0; k < SharedRingLayout.RING_SIZE; k++) {
                                packets.add(small(k + 1000, 14));
                            }
                            sendValid(bench, "RING-12", packets);
                        })
                .test(Meta.invalid("ring.producer-index.257-ahead-across-2-to-32", "req_prod 0x81 over rsp_prod_pvt 0xffffff80: fatal",
                                error("context"), "RING-11", "RING-4").flags("HostileIndex", "XSA-86", "IndexWrap"),
                        bench -> hostileReqProd(bench, 257))
                .done();
        file.group(rxBench("0"), () -> RxBench.start(Generators.model(), 0))
                .test(Meta.valid("ring.producer-index.rx-full-ring", "256 RX requests posted: a frame takes the first", "RING-12").flags("XSA-86"),
                        bench -> {
                            int[] grefs = new int[SharedRingLayout.RING_SIZE];
                            int[] ids = new int[SharedRingLayout.RING_SIZE];
                            for (int k = 0; k < grefs.length; k++) {
                                grefs[k] = RxBench.FIRST_BUFFER + k % RxBench.BUFFERS;
                                ids[k] = k;
                            }
                            bench.post(grefs, ids);
                            bench.deliver("RING-12", 0, RxBench.frame(RxBench.MAC, 60, 1));
                        })
                .test(Meta.invalid("ring.producer-index.rx-257-ahead", "RX req_prod 257 ahead: the next frame is fatal and counted RX_DROP_FAILED",
                                error("context"), "RING-11", "RX-5").flags("HostileIndex"),
                        bench -> rxHostile(bench, 257))
                .test(Meta.invalid("ring.producer-index.rx-backwards", "RX req_prod one behind rsp_prod: fatal at the next frame",
                                error("context"), "RING-11").flags("HostileIndex"),
                        bench -> rxHostile(bench, 0xFFFF_FFFFL))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void rxHostile(RxBench bench, long ahead) {
        Harness h = bench.harness();
        bench.guest().setHeader(Queue.RX, SharedRingLayout.REQ_PROD, (int) ahead);
        h.kick(RxBench.CTX, Queue.RX);
        state(h, RxBench.CTX, ContextState.ACTIVE, "RING-15");
        h.receive(0, RxBench.frame(RxBench.MAC, 60, 1));
        Check.noFindings("RING-11", h);
        state(h, RxBench.CTX, ContextState.FAILED, "RING-11");
        Check.equal("RING-11", h, "RX_DROP_FAILED", 1L, h.counter(RxBench.CTX, Counter.RX_DROP_FAILED));
    }

    // ------------------------------------------------------------------ RING-7, RING-8

    private static VectorBundle.Entry notification() {
        FileBuilder file = FileBuilder.frame("ring", "notification",
                "The device notifies a queue exactly when the guest's rsp_event lies in (old, new] of its rsp_prod push, modulo 2^32; an empty "
                        + "push never notifies. The worked examples of chapter 03, section 6.1, then RX and a fatal batch (RING-7, RING-8).");
        notes(file);
        file.note("EventSuppression", "BASIC", "the guest's rsp_event placed before, inside or beyond the push",
                "a device notifying too often wastes interrupts; too seldom, it loses a wake-up");
        int[][] table = {{10, 13, 10}, {10, 13, 11}, {10, 13, 12}, {10, 13, 13}, {10, 13, 14}};
        FileBuilder.GroupBuilder<TxBench> low = file.group(txBench("10"), () -> TxBench.start(Generators.model(), 10));
        for (int[] row : table) {
            low = low.test(notifyMeta(row[0], row[1], row[2]), bench -> notifyRow(bench, row[0], row[1], row[2]));
        }
        low.test(Meta.valid("ring.notification.empty-push", "old 10, new 10, rsp_event 10: nothing published, no notification", "RING-8", "RING-15")
                        .flags("EventSuppression"),
                        bench -> notifyRow(bench, 10, 10, 10))
                .test(Meta.valid("ring.notification.guest-clobbers-rsp-prod", "the guest overwrites rsp_prod with 0x1234; the device publishes from its own "
                                + "last value and notifies by it", "RING-8", "RING-6", "RING-10").flags("EventSuppression"),
                        bench -> {
                            bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, 11);
                            bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_PROD, 0x1234);
                            long before = bench.harness().sink().notifications(TxBench.CTX, Queue.TX);
                            sendValid(bench, "RING-8", smalls(1, 2));
                            expectNotify(bench, before, 10, 12, 11);
                        })
                .test(Meta.invalid("ring.notification.fatal-after-two-packets", "two packets answered, then a fatal one: rsp_prod and the notification come "
                                + "first", error("context"), "RING-8", "RING-7", "DESC-12").flags("EventSuppression"),
                        bench -> {
                            bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, 12);
                            long before = bench.harness().sink().notifications(TxBench.CTX, Queue.TX);
                            List<List<TxSlot>> packets = new ArrayList<>(smalls(1, 2));
                            packets.add(List.of(new TxSlot.Data(100, 4050, 0, 3, 60)));
                            send(bench, "DESC-12", List.of(TxOracle.Kind.VALID, TxOracle.Kind.VALID, TxOracle.Kind.FATAL), packets);
                            expectNotify(bench, before, 10, 12, 12);
                        })
                .done();
        int[][] wrapped = {{0xFFFFFFFE, 2, 0xFFFFFFFE}, {0xFFFFFFFE, 2, 0xFFFFFFFF}, {0xFFFFFFFE, 2, 0}, {0xFFFFFFFE, 2, 2}, {0xFFFFFFFE, 2, 3}};
        FileBuilder.GroupBuilder<TxBench> high = file.group(txBench("0xfffffffe"), () -> TxBench.start(Generators.model(), 0xFFFF_FFFE));
        for (int[] row : wrapped) {
            high = high.test(notifyMeta(row[0], row[1], row[2]), bench -> notifyRow(bench, row[0], row[1], row[2]));
        }
        high.done();
        file.group(rxBench("0"), () -> RxBench.start(Generators.model(), 0))
                .test(Meta.valid("ring.notification.rx-event-next", "a 100-byte frame with rsp_event 1, the index it publishes: notified",
                                "RING-8", "RING-7", "RX-2").flags("EventSuppression"),
                        bench -> rxNotify(bench, 1, 100))
                .test(Meta.valid("ring.notification.rx-event-at-second-slot",
                                "a 4097-byte frame over two buffers with rsp_event 2, reached by the push's second slot: notified", "RING-8").flags("EventSuppression"),
                        bench -> rxNotify(bench, 2, 4097))
                .test(Meta.valid("ring.notification.rx-event-beyond", "a 100-byte frame with rsp_event 2: not reached, not notified", "RING-8")
                                .flags("EventSuppression"),
                        bench -> rxNotify(bench, 2, 100))
                .test(Meta.valid("ring.notification.rx-event-passed", "rsp_event 0, already passed: not notified", "RING-8").flags("EventSuppression"),
                        bench -> rxNotify(bench, 0, 100))
                .test(Meta.invalid("ring.notification.rx-bad-buffer-notifies", "a frame into read-only buffer 300: the ERROR response is published and notified",
                                error("packet"), "RING-8", "RX-4").flags("EventSuppression"),
                        bench -> {
                            bench.post(new int[] {RxBench.READ_ONLY}, new int[] {7});
                            bench.deliver("RING-8", 0, RxBench.frame(RxBench.MAC, 100, 2));
                        })
                .test(Meta.invalid("ring.notification.rx-no-buffer-no-push", "no buffer posted: nothing published, so no notification",
                                error("packet"), "RING-8", "RX-3").flags("EventSuppression"),
                        bench -> bench.deliver("RING-8", 0, RxBench.frame(RxBench.MAC, 100, 3)))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static Meta notifyMeta(int old, int now, int event) {
        boolean yes = Integer.compareUnsigned(now - event, now - old) < 0;
        String name = "old-" + Integer.toHexString(old) + "-new-" + Integer.toHexString(now) + "-event-" + Integer.toHexString(event);
        return Meta.valid("ring.notification." + name, "rsp_prod " + Bytes.index(old) + " -> " + Bytes.index(now) + " with rsp_event "
                + Bytes.index(event) + ": " + (yes ? "notified" : "not notified"), "RING-8", "RING-7").flags("EventSuppression");
    }

    /** Sets rsp_event, sends {@code now − old} one-slot packets (or kicks with nothing when none), and checks RING-8. */
    private static void notifyRow(TxBench bench, int old, int now, int event) {
        bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, event);
        long before = bench.harness().sink().notifications(TxBench.CTX, Queue.TX);
        if (old == now) {
            bench.harness().kick(TxBench.CTX, Queue.TX);
        } else {
            sendValid(bench, "RING-8", smalls(1, now - old));
        }
        expectNotify(bench, before, old, now, event);
    }

    private static void rxNotify(RxBench bench, int event, int length) {
        int needed = (length + 4095) / 4096;
        int[] grefs = new int[needed];
        int[] ids = new int[needed];
        for (int k = 0; k < needed; k++) {
            grefs[k] = bench.freshBuffer();
            ids[k] = 0x40 + k;
        }
        bench.post(grefs, ids);
        bench.guest().setHeader(Queue.RX, SharedRingLayout.RSP_EVENT, event);
        bench.deliver("RING-8", 0, RxBench.frame(RxBench.MAC, length, event));
    }

    // ------------------------------------------------------------------ RING-5, RING-9, RING-10

    private static VectorBundle.Entry eventIndex() {
        FileBuilder file = FileBuilder.frame("ring", "event-index",
                "Every TX kick of an active context ends by writing req_event = req_cons + 1 (RING-9) — also when nothing was new, and never "
                        + "after a fatal error; the device reads no request at or past req_prod (RING-5) and writes only req_event, rsp_prod and "
                        + "response bytes (RING-10).");
        notes(file);
        file.group(txBench("0"), () -> TxBench.start(Generators.model(), 0))
                .test(Meta.valid("ring.event-index.kick-arms-req-event", "one packet: req_event goes from 1 to 2", "RING-9"),
                        bench -> {
                            sendValid(bench, "RING-9", List.of(small(1, 60)));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 2, "RING-9");
                        })
                .test(Meta.valid("ring.event-index.batch-arms-once", "five packets in one kick: req_event becomes 6", "RING-9", "RING-6"),
                        bench -> {
                            sendValid(bench, "RING-9", smalls(1, 5));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 6, "RING-9");
                        })
                .test(Meta.valid("ring.event-index.kick-restores-clobbered-req-event", "the guest scribbles 0x55555555 over req_event; a kick with nothing new "
                                + "writes req_cons + 1 = 1 back", "RING-9", "RING-15"),
                        bench -> {
                            bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_EVENT, 0x5555_5555);
                            bench.harness().kick(TxBench.CTX, Queue.TX);
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 1, "RING-9");
                        })
                .test(Meta.invalid("ring.event-index.per-packet-error-arms", "a packet on never-granted page 112 is answered ERROR and req_event still moves on",
                                error("packet"), "RING-9", "DESC-11"),
                        bench -> {
                            send(bench, "RING-9", List.of(TxOracle.Kind.ERROR), List.of(List.of(new TxSlot.Data(TxBench.NEVER, 0, 0, 1, 60))));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 2, "RING-9");
                        })
                .test(Meta.invalid("ring.event-index.fatal-kick-leaves-req-event", "req_event set to 0x77 by the guest, then a fatal packet: req_event is not "
                                + "written", error("context"), "RING-9", "RING-13", "DESC-12"),
                        bench -> {
                            bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_EVENT, 0x77);
                            send(bench, "DESC-12", List.of(TxOracle.Kind.FATAL), List.of(List.of(new TxSlot.Data(100, 4090, 0, 1, 60))));
                            expectHeader(bench.harness(), bench.guest(), Queue.TX, SharedRingLayout.REQ_EVENT, 0x77, "RING-13");
                        })
                .test(Meta.valid("ring.event-index.stale-entries-past-req-prod", "three packets published and two well-formed ones written past req_prod: only "
                                + "the three are read", "RING-5", "DESC-1"),
                        bench -> {
                            GuestDriver guest = bench.guest();
                            for (List<TxSlot> packet : smalls(1, 3)) {
                                bench.own(packet);
                                guest.queue(packet);
                            }
                            int reqProd = guest.txReqProdPvt();
                            List<byte[]> entries = bench.entries(0, reqProd);
                            guest.writeTxEntry(reqProd, small(4, 60).get(0));
                            guest.writeTxEntry(reqProd + 1, small(5, 60).get(0));
                            TxBench.Batch batch = bench.publishAndCheck("RING-5", 0, entries, () -> {
                                guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, reqProd);
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                            });
                            Check.equal("RING-5", bench.harness(), "slots answered", 3, batch.answered());
                        })
                .test(Meta.valid("ring.event-index.entry-tail-kept", "TX responses overwrite bytes 0 to 3 of each entry; bytes 4 to 11 keep the request",
                                "RING-10", "RING-2", "TX-2"),
                        bench -> sendValid(bench, "RING-10", List.of(chain(2, 0x0A0B))))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ RING-14

    /** Context 0's ring pages granted (pages 1 and 2, SHARED_RING_INIT) and fragment pages 100-103 read-only with their pattern; no context yet. */
    private static Harness unattached() {
        Harness h = Harness.start(Generators.model());
        h.guest(0);
        for (int gref : TxBench.READ_ONLY) {
            fill(h.grant(gref, 0, Access.READ_ONLY), gref);
        }
        return h;
    }

    private static void fill(byte[] page, int gref) {
        for (int k = 0; k < page.length; k++) {
            page[k] = (byte) (gref * 31 + k * 7 + (k >>> 8));
        }
    }

    /** Initialises both rings at the given indices with req_event scribbled over, so the device's write shows, then creates context 0. */
    private static void attachAt(Harness h, int tx, int rx, long txAhead, long rxAhead, String expected) {
        GuestDriver guest = h.guest(0);
        guest.initRings(tx, rx);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_EVENT, 0xAAAA_AAAA);
        guest.setHeader(Queue.RX, SharedRingLayout.REQ_EVENT, 0xAAAA_AAAA);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, tx + (int) txAhead);
        guest.setHeader(Queue.RX, SharedRingLayout.REQ_PROD, rx + (int) rxAhead);
        byte[] txPage = guest.txPage().clone();
        byte[] rxPage = guest.rxPage().clone();
        Check.equal("RING-14", h, "create", expected, Harness.describe(h.create(0, MAC0)));
        Check.noFindings("RING-14", h);
        if (expected.equals("Ok")) {
            expectHeader(h, guest, Queue.TX, SharedRingLayout.REQ_EVENT, tx + 1, "RING-14");
            expectHeader(h, guest, Queue.RX, SharedRingLayout.REQ_EVENT, rx + 1, "RING-14");
            Bytes.put32(txPage, SharedRingLayout.REQ_EVENT, tx + 1);
            Bytes.put32(rxPage, SharedRingLayout.REQ_EVENT, rx + 1);
        }
        Check.that(Arrays.equals(txPage, guest.txPage()) && Arrays.equals(rxPage, guest.rxPage()), "RING-14", h,
                "only req_event written, and only on success", "another byte changed");
    }

    private static VectorBundle.Entry attach() {
        FileBuilder file = FileBuilder.frame("ring", "attach",
                "On create and reset the device attaches each ring at the shared rsp_prod and writes req_event = rsp_prod + 1, nothing else; "
                        + "req_prod − rsp_prod above 256 on either ring is BAD_RING with nothing written; requests outstanding at attach wait for "
                        + "the next kick (spec 03, section 5; RING-14).");
        notes(file);
        file.group("context 0's guest has ring pages 1 and 2 and read-only fragment pages 100-103 filled with their pattern; no context exists",
                        RingVectors::unattached)
                .test(Meta.valid("ring.attach.at-zero", "rings at 0 as SHARED_RING_INIT leaves them: req_event is already 1, nothing changes", "RING-14"),
                        h -> Check.equal("RING-14", h, "create", "Ok", Harness.describe(h.create(0, MAC0))))
                .test(Meta.valid("ring.attach.writes-req-event", "rings at 0 with req_event scribbled: the create writes 1 into both", "RING-14", "RING-10"),
                        h -> attachAt(h, 0, 0, 0, 0, "Ok"))
                .test(Meta.valid("ring.attach.at-live-indices", "TX at 0x12345678, RX at 0xffffffff: req_event 0x12345679 and 0 (wrapped)",
                                "RING-14", "RING-4").flags("LiveAttach", "IndexWrap"),
                        h -> attachAt(h, 0x1234_5678, 0xFFFF_FFFF, 0, 0, "Ok"))
                .test(Meta.valid("ring.attach.256-outstanding", "TX req_prod exactly 256 ahead: a full ring attaches", "RING-14", "RING-12")
                                .flags("LiveAttach", "XSA-86"),
                        h -> attachAt(h, 0x40, 0, 256, 0, "Ok"))
                .test(Meta.valid("ring.attach.256-outstanding-across-2-to-32", "TX rsp_prod 0xffffff80, req_prod 0x80: attaches", "RING-14", "RING-4")
                                .flags("LiveAttach", "IndexWrap", "XSA-86"),
                        h -> attachAt(h, 0xFFFF_FF80, 7, 256, 3, "Ok"))
                .test(Meta.invalid("ring.attach.tx-257-outstanding", "TX req_prod 257 ahead: BAD_RING, neither ring written", rejected("BAD_RING"),
                                "RING-14", "PRIV-8").flags("HostileIndex", "XSA-86"),
                        h -> attachAt(h, 0x40, 0, 257, 0, "Rejected(BAD_RING)"))
                .test(Meta.invalid("ring.attach.rx-257-outstanding", "a good TX ring and RX req_prod 257 ahead: BAD_RING, the TX ring not written either",
                                rejected("BAD_RING"), "RING-14", "PRIV-8").flags("HostileIndex"),
                        h -> attachAt(h, 5, 9, 3, 257, "Rejected(BAD_RING)"))
                .test(Meta.invalid("ring.attach.tx-req-prod-behind", "TX req_prod one behind rsp_prod: BAD_RING", rejected("BAD_RING"), "RING-14")
                                .flags("HostileIndex"),
                        h -> attachAt(h, 0x100, 0, 0xFFFF_FFFFL, 0, "Rejected(BAD_RING)"))
                .test(Meta.invalid("ring.attach.257-outstanding-across-2-to-32", "TX rsp_prod 0xffffff80, req_prod 0x81: BAD_RING", rejected("BAD_RING"),
                                "RING-14", "RING-4").flags("HostileIndex", "IndexWrap"),
                        h -> attachAt(h, 0xFFFF_FF80, 0, 257, 0, "Rejected(BAD_RING)"))
                .test(Meta.invalid("ring.attach.refused-then-repaired", "a create refused for a corrupt RX ring succeeds once the guest repairs req_prod",
                                rejected("BAD_RING"), "RING-14", "PRIV-8").flags("HostileIndex"),
                        h -> {
                            attachAt(h, 0, 0x20, 0, 300, "Rejected(BAD_RING)");
                            h.guest(0).setHeader(Queue.RX, SharedRingLayout.REQ_PROD, 0x20);
                            Check.equal("RING-14", h, "create", "Ok", Harness.describe(h.create(0, MAC0)));
                        })
                .test(Meta.valid("ring.attach.outstanding-wait-for-kick", "three packets published at 100 before the create: the create consumes nothing, "
                                + "the first kick sends all three", "RING-14", "RING-5").flags("LiveAttach"),
                        h -> {
                            GuestDriver guest = h.guest(0);
                            guest.initRings(100, 0);
                            for (int k = 0; k < 3; k++) {
                                List<TxSlot> packet = List.of(new TxSlot.Data(TxBench.READ_ONLY[k], 16 * k, 0, k, 60 + k));
                                guest.writeSource(packet, MAC0); // the MAC the create below gives context 0
                                guest.queue(packet);
                            }
                            guest.pushTx();
                            Check.equal("RING-14", h, "create", "Ok", Harness.describe(h.create(0, MAC0)));
                            Check.equal("RING-14", h, "frames at create", 0, h.sink().frames().size());
                            h.kick(0, Queue.TX);
                            Check.equal("RING-14", h, "frames after the kick", 3, h.sink().frames().size());
                            expectHeader(h, guest, Queue.TX, SharedRingLayout.RSP_PROD, 103, "RING-14");
                        })
                .done();
        file.group(txBench("0x20"), () -> TxBench.start(Generators.model(), 0x20))
                .test(Meta.invalid("ring.attach.reset-corrupt-refused", "context failed by req_prod 300 ahead; a reset while it is still corrupt is BAD_RING "
                                + "and it stays FAILED", rejected("BAD_RING"), "RING-14", "RING-11").flags("HostileIndex"),
                        bench -> {
                            hostileReqProd(bench, 300);
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Rejected(BAD_RING)", "RING-14");
                            state(bench.harness(), 0, ContextState.FAILED, "RING-14");
                        })
                .test(Meta.invalid("ring.attach.reset-after-repair", "the guest repairs req_prod and scribbles req_event; the reset re-attaches at rsp_prod "
                                + "0x22 and writes req_event 0x23", error("context"), "RING-14", "RING-13").flags("HostileIndex"),
                        bench -> {
                            sendValid(bench, "RING-14", smalls(1, 2));
                            hostileReqProd(bench, 300);
                            GuestDriver guest = bench.guest();
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 0x22);
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_EVENT, 0);
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            expectHeader(bench.harness(), guest, Queue.TX, SharedRingLayout.REQ_EVENT, 0x23, "RING-14");
                            sendValid(bench, "RING-14", smalls(3, 1));
                        })
                .test(Meta.invalid("ring.attach.reset-reads-fatal-packet-again", "a fatal packet, a reset without repair: the next kick reads the same packet "
                                + "and fails again", error("context"), "RING-14", "DESC-12", "RING-13"),
                        bench -> {
                            send(bench, "DESC-12", List.of(TxOracle.Kind.FATAL), List.of(List.of(new TxSlot.Data(101, 4090, 0, 1, 60))));
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            bench.harness().kick(TxBench.CTX, Queue.TX);
                            state(bench.harness(), 0, ContextState.FAILED, "RING-14");
                            Check.equal("RING-13", bench.harness(), "FATAL_ERRORS", 2L, bench.harness().counter(0, Counter.FATAL_ERRORS));
                        })
                .test(Meta.valid("ring.attach.reset-with-outstanding", "two packets published without a kick, then a reset: nothing consumed until the kick",
                                "RING-14").flags("LiveAttach"),
                        bench -> {
                            GuestDriver guest = bench.guest();
                            for (List<TxSlot> packet : smalls(1, 2)) {
                                bench.own(packet);
                                guest.queue(packet);
                            }
                            guest.pushTx();
                            control(bench.harness(), new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            Check.equal("RING-14", bench.harness(), "frames after the reset", 0, bench.harness().sink().frames().size());
                            bench.harness().kick(TxBench.CTX, Queue.TX);
                            Check.equal("RING-14", bench.harness(), "frames after the kick", 2, bench.harness().sink().frames().size());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ RING-13, RING-15

    private static VectorBundle.Entry spuriousKicks() {
        FileBuilder file = FileBuilder.frame("ring", "spurious-kicks",
                "Kicks with nothing new, kicks of the RX queue and kicks for absent or failed contexts change nothing observable (RING-15); a "
                        + "failed context is left alone while others carry on (RING-13).");
        notes(file);
        file.group(txBench("0"), () -> TxBench.start(Generators.model(), 0))
                .test(Meta.valid("ring.spurious-kicks.tx-nothing-new", "five TX kicks with nothing published", "RING-15").flags("SpuriousKick"),
                        bench -> {
                            for (int k = 0; k < 5; k++) {
                                bench.harness().kick(TxBench.CTX, Queue.TX);
                            }
                        })
                .test(Meta.valid("ring.spurious-kicks.tx-after-traffic", "two packets, then a kick with nothing new", "RING-15").flags("SpuriousKick"),
                        bench -> {
                            sendValid(bench, "RING-15", smalls(1, 2));
                            bench.harness().kick(TxBench.CTX, Queue.TX);
                        })
                .test(Meta.valid("ring.spurious-kicks.rx-kick-with-buffers", "RX kicks with buffers posted do nothing; a frame then lands normally",
                                "RING-15", "RX-2").flags("SpuriousKick"),
                        bench -> {
                            Harness h = bench.harness();
                            GuestDriver guest = bench.guest();
                            guest.post(h.grantPage(0, Access.READ_WRITE), h.grantPage(0, Access.READ_WRITE));
                            h.kick(TxBench.CTX, Queue.RX);
                            h.kick(TxBench.CTX, Queue.RX);
                            h.receive(0, RxBench.frame(MAC0, 200, 1));
                        })
                .test(Meta.valid("ring.spurious-kicks.absent-context", "TX and RX kicks for absent context 3", "RING-15").flags("SpuriousKick"),
                        bench -> {
                            bench.harness().kick(3, Queue.TX);
                            bench.harness().kick(3, Queue.RX);
                        })
                .test(Meta.valid("ring.spurious-kicks.negative-context", "a TX kick for context −1", "RING-15").flags("SpuriousKick"),
                        bench -> bench.harness().kick(-1, Queue.TX))
                .test(Meta.valid("ring.spurious-kicks.large-context", "a TX kick for context 70000", "RING-15").flags("SpuriousKick"),
                        bench -> bench.harness().kick(70000, Queue.TX))
                .test(Meta.invalid("ring.spurious-kicks.rx-kick-over-corrupt-rx-ring", "RX req_prod 1000 ahead: an RX kick never reads it; the next frame does",
                                error("context"), "RING-15", "RING-11").flags("SpuriousKick", "HostileIndex"),
                        bench -> {
                            Harness h = bench.harness();
                            bench.guest().setHeader(Queue.RX, SharedRingLayout.REQ_PROD, 1000);
                            h.kick(TxBench.CTX, Queue.RX);
                            state(h, 0, ContextState.ACTIVE, "RING-15");
                            h.receive(0, RxBench.frame(MAC0, 100, 2));
                            state(h, 0, ContextState.FAILED, "RING-11");
                        })
                .test(Meta.invalid("ring.spurious-kicks.failed-context-ignored", "context 0 failed; the guest repairs its ring and publishes a good packet: "
                                + "kicks do nothing, frames to it count RX_DROP_FAILED", error("context"), "RING-13", "RING-15", "RX-5"),
                        bench -> {
                            Harness h = bench.harness();
                            hostileReqProd(bench, 500);
                            GuestDriver guest = bench.guest();
                            bench.own(small(1, 60));
                            guest.queue(small(1, 60));
                            guest.pushTx();
                            h.kick(TxBench.CTX, Queue.TX);
                            h.kick(TxBench.CTX, Queue.RX);
                            h.receive(0, RxBench.frame(MAC0, 100, 3));
                            Check.equal("RING-13", h, "frames", 0, h.sink().frames().size());
                        })
                .test(Meta.invalid("ring.spurious-kicks.neighbour-carries-on", "context 0 failed; context 1 sends and context 0's state is unchanged by it",
                                error("context"), "RING-13"),
                        bench -> {
                            Harness h = bench.harness();
                            hostileReqProd(bench, 500);
                            int page = TxBench.FOREIGN; // context 1's page of the bench, filled with its pattern
                            h.guest(TxBench.OTHER).writeOwnSource(List.of(new TxSlot.Data(page, 0, 0, 1, 64)));
                            h.guest(TxBench.OTHER).send(List.of(new TxSlot.Data(page, 0, 0, 1, 64)));
                            Check.equal("RING-13", h, "frames", 1, h.sink().frames().size());
                            state(h, TxBench.OTHER, ContextState.ACTIVE, "RING-13");
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ scenarios

    /** Small valid packets drawn from a fixed seed: a first slot of 14 to 300 bytes and up to three data slots of up to 200. */
    private static List<PacketShape> drawn(long seed, int count) {
        Arbitrary<PacketShape.Fragment> first = Combinators.combine(TxPackets.readableGref(), Arbitraries.integers().between(0, 3700),
                Arbitraries.integers().between(14, 300), TxPackets.id()).as(PacketShape.Fragment::new);
        Arbitrary<PacketShape.Fragment> data = Combinators.combine(TxPackets.readableGref(), Arbitraries.integers().between(0, 3800),
                Arbitraries.integers().between(0, 200), TxPackets.id()).as(PacketShape.Fragment::new);
        Arbitrary<PacketShape> packet = Combinators.combine(first, data.list().ofMaxSize(3))
                .as((f, d) -> new PacketShape(f, f.id(), List.of(), d, -1, false));
        return Samples.draw(packet, seed, count);
    }

    private static List<List<TxSlot>> slots(List<PacketShape> packets) {
        return packets.stream().map(PacketShape::slots).toList();
    }

    private static VectorBundle.Entry txWrapsSlot255() {
        FileBuilder file = FileBuilder.scenario("ring", "tx-wraps-slot-255",
                "A TX ring attached at 200 carries five batches of drawn packets (up to four slots each) through slot 255 and back to slot 0; "
                        + "every packet is answered in its own entries and sent in ring order (RING-4, TX-2, TX-3).");
        notes(file);
        file.group(txBench("200"), () -> TxBench.start(Generators.model(), 200))
                .test(Meta.valid("ring.scenarios.tx-wraps-slot-255", "five batches of drawn packets across slot 255", "RING-4", "RING-6", "RING-9", "TX-2", "TX-3")
                                .flags("IndexWrap"),
                        bench -> {
                            List<PacketShape> packets = drawn(0x5107_0255L, 30);
                            for (int b = 0; b < 5; b++) {
                                sendValid(bench, "RING-4", slots(packets.subList(6 * b, 6 * b + 6)));
                            }
                            Check.that(Integer.compareUnsigned(bench.guest().txReqProdPvt(), 256) > 0, "RING-4", bench.harness(),
                                    "the batches pass slot 255", bench.guest().txReqProdPvt());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry txWraps2To32() {
        FileBuilder file = FileBuilder.scenario("ring", "tx-wraps-2-to-32",
                "A TX ring attached at 0xfffffff0 carries three batches of drawn packets across 2^32, with a per-packet error in the middle "
                        + "batch; indices and responses go on as if nothing happened (RING-4).");
        notes(file);
        file.group(txBench("0xfffffff0"), () -> TxBench.start(Generators.model(), 0xFFFF_FFF0))
                .test(Meta.invalid("ring.scenarios.tx-wraps-2-to-32", "three batches across 2^32, one packet on never-granted page 112",
                                error("packet"), "RING-4", "RING-6", "RING-9", "TX-2").flags("IndexWrap"),
                        bench -> {
                            List<PacketShape> packets = drawn(0x2_0000_0032L, 12);
                            sendValid(bench, "RING-4", slots(packets.subList(0, 4)));
                            List<List<TxSlot>> middle = new ArrayList<>(slots(packets.subList(4, 8)));
                            middle.add(1, List.of(new TxSlot.Data(TxBench.NEVER, 0, 0, 0xEEEE, 60)));
                            List<TxOracle.Kind> expected = new ArrayList<>(kinds(TxOracle.Kind.VALID, 5));
                            expected.set(1, TxOracle.Kind.ERROR);
                            send(bench, "RING-4", expected, middle);
                            sendValid(bench, "RING-4", slots(packets.subList(8, 12)));
                            Check.that(Integer.compareUnsigned(bench.guest().txReqProdPvt(), 0xFFFF_FFF0) < 0, "RING-4", bench.harness(),
                                    "the batches pass 2^32", bench.guest().txReqProdPvt());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry rxWraps2To32() {
        FileBuilder file = FileBuilder.scenario("ring", "rx-wraps-2-to-32",
                "An RX ring attached at 0xfffffffb receives frames of one and two slots across 2^32; each response lands in the entry of the "
                        + "request that posted its buffer (RING-4, RX-2).");
        notes(file);
        file.group(rxBench("0xfffffffb"), () -> RxBench.start(Generators.model(), -5))
                .test(Meta.valid("ring.scenarios.rx-wraps-2-to-32", "six frames of 60 to 5000 bytes over nine requests from 0xfffffffb",
                                "RING-4", "RING-6", "RX-2").flags("IndexWrap"),
                        bench -> {
                            int id = 1;
                            for (int length : new int[] {60, 5000, 1500, 4096, 4097, 64}) {
                                int needed = (length + 4095) / 4096;
                                int[] grefs = new int[needed];
                                int[] ids = new int[needed];
                                for (int k = 0; k < needed; k++) {
                                    grefs[k] = bench.freshBuffer();
                                    ids[k] = id++;
                                }
                                bench.post(grefs, ids);
                                bench.deliver("RING-4", 0, RxBench.frame(RxBench.MAC, length, id));
                            }
                            expectHeader(bench.harness(), bench.guest(), Queue.RX, SharedRingLayout.RSP_PROD, 3, "RING-4");
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry resetReattachesLiveRing() {
        FileBuilder file = FileBuilder.scenario("ring", "reset-reattaches-live-ring",
                "A live TX ring through two resets: packets published before a reset wait for the next kick; a fatal packet is read again "
                        + "after a reset without repair; the guest rewrites the entry and the reset after that carries on from rsp_prod (RING-14, "
                        + "DESC-12).");
        notes(file);
        file.group(txBench("0x1000"), () -> TxBench.start(Generators.model(), 0x1000))
                .test(Meta.invalid("ring.scenarios.reset-reattaches-live-ring", "reset with outstanding packets, fatal packet, reset, fatal again, repair, reset",
                                error("context"), "RING-14", "RING-13", "DESC-12").flags("LiveAttach"),
                        bench -> {
                            Harness h = bench.harness();
                            GuestDriver guest = bench.guest();
                            sendValid(bench, "RING-14", smalls(1, 2));
                            for (List<TxSlot> packet : smalls(3, 2)) {
                                bench.own(packet);
                                guest.queue(packet);
                            }
                            guest.pushTx();
                            control(h, new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            h.kick(0, Queue.TX);
                            Check.equal("RING-14", h, "frames", 4, h.sink().frames().size());
                            int fatalAt = guest.txReqProdPvt();
                            send(bench, "DESC-12", List.of(TxOracle.Kind.FATAL), List.of(List.of(new TxSlot.Data(102, 4000, 0, 9, 200))));
                            control(h, new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            h.kick(0, Queue.TX);
                            state(h, 0, ContextState.FAILED, "RING-14");
                            bench.own(List.of(new TxSlot.Data(102, 3000, 0, 9, 200)));
                            guest.writeTxEntry(fatalAt, new TxSlot.Data(102, 3000, 0, 9, 200));
                            control(h, new ControlRequest.ResetContext(0), "Ok", "RING-14");
                            h.kick(0, Queue.TX);
                            state(h, 0, ContextState.ACTIVE, "RING-14");
                            Check.equal("RING-14", h, "frames", 5, h.sink().frames().size());
                            expectHeader(h, guest, Queue.TX, SharedRingLayout.RSP_PROD, fatalAt + 1, "RING-14");
                            Check.equal("RING-13", h, "FATAL_ERRORS", 2L, h.counter(0, Counter.FATAL_ERRORS));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry eventSuppressionRoundTrip() {
        FileBuilder file = FileBuilder.scenario("ring", "event-suppression-round-trip",
                "A guest that pushes with RING_PUSH_REQUESTS_AND_CHECK_NOTIFY and reads responses with RING_FINAL_CHECK_FOR_RESPONSES: "
                        + "while it keeps rsp_event armed every batch is notified; when it stops re-arming, batches pass silently until the "
                        + "armed index is reached; every request is consumed (RING-8, RING-9, RING-16).");
        notes(file);
        file.note("EventSuppression", "BASIC", "the guest's rsp_event placed before, inside or beyond the push",
                "a device notifying too often wastes interrupts; too seldom, it loses a wake-up");
        file.group(txBench("0"), () -> TxBench.start(Generators.model(), 0))
                .test(Meta.valid("ring.scenarios.event-suppression-round-trip", "three armed batches, two that pass the stale rsp_event silently, one re-armed three ahead",
                                "RING-8", "RING-9", "RING-16", "RING-7").flags("EventSuppression"),
                        bench -> {
                            Harness h = bench.harness();
                            GuestDriver guest = bench.guest();
                            int[] sizes = {2, 1, 3, 2, 1, 4};
                            boolean[] notified = {true, true, true, false, false, true};
                            int id = 1;
                            for (int round = 0; round < sizes.length; round++) {
                                long before = h.sink().notifications(TxBench.CTX, Queue.TX);
                                List<List<TxSlot>> packets = smalls(id, sizes[round]);
                                id += sizes[round];
                                for (List<TxSlot> packet : packets) {
                                    bench.own(packet);
                                    guest.queue(packet);
                                }
                                Check.that(guest.pushTx(), "RING-9", h, "req_event asks for a kick after every kick", "no kick");
                                h.kick(TxBench.CTX, Queue.TX);
                                long seen = h.sink().notifications(TxBench.CTX, Queue.TX) - before;
                                Check.equal("RING-8", h, "notifications in round " + round, notified[round] ? 1L : 0L, seen);
                                if (round < 2) {
                                    guest.takeTxResponses();
                                    Check.that(!guest.finalCheckTx(), "RING-16", h, "no response left after the final check", "more");
                                } else if (round == 4) {
                                    // re-armed late, for an index the next batch's push crosses
                                    guest.takeTxResponses();
                                    guest.setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, guest.txReqProdPvt() + 3);
                                }
                            }
                            Check.equal("RING-16", h, "every request consumed", Bytes.index(guest.txReqProdPvt()),
                                    Bytes.index(header(guest, Queue.TX, SharedRingLayout.RSP_PROD)));
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static VectorBundle.Entry failedContextIsolated() {
        FileBuilder file = FileBuilder.scenario("ring", "failed-context-isolated",
                "Context 1 sends an impossible producer index and fails; context 0 keeps sending and receiving, context 1's kicks and frames "
                        + "are ignored and dropped, and the host's reset brings it back (RING-13, RING-11, RING-14).");
        notes(file);
        file.group(txBench("0"), () -> TxBench.start(Generators.model(), 0))
                .test(Meta.invalid("ring.scenarios.failed-context-isolated", "context 1 fails; context 0 is unaffected; context 1 is reset and sends",
                                error("context"), "RING-13", "RING-11", "RING-14", "RX-5").flags("HostileIndex"),
                        bench -> {
                            Harness h = bench.harness();
                            GuestDriver other = h.guest(TxBench.OTHER);
                            int page = TxBench.FOREIGN; // context 1's page of the bench, filled with its pattern
                            other.writeOwnSource(List.of(new TxSlot.Data(page, 0, 0, 1, 64)));
                            other.send(List.of(new TxSlot.Data(page, 0, 0, 1, 64)));
                            other.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 1 + 4000);
                            h.kick(TxBench.OTHER, Queue.TX);
                            state(h, TxBench.OTHER, ContextState.FAILED, "RING-11");
                            sendValid(bench, "RING-13", smalls(1, 3));
                            h.kick(TxBench.OTHER, Queue.TX);
                            h.receive(0, RxBench.frame(TxBench.OTHER_MAC, 90, 1));
                            bench.guest().post(h.grantPage(TxBench.CTX, Access.READ_WRITE));
                            h.receive(0, RxBench.frame(MAC0, 90, 2));
                            other.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 1);
                            control(h, new ControlRequest.ResetContext(TxBench.OTHER), "Ok", "RING-14");
                            other.writeOwnSource(List.of(new TxSlot.Data(page, 100, 0, 2, 64)));
                            other.send(List.of(new TxSlot.Data(page, 100, 0, 2, 64)));
                            state(h, TxBench.OTHER, ContextState.ACTIVE, "RING-14");
                            Check.equal("RING-13", h, "frames", 5, h.sink().frames().size());
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
