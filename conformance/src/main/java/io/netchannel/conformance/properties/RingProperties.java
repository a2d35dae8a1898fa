package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestAtCallBoundaries;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 03: ring layout, index arithmetic, attach, the event-index protocol and fatal ring
 * errors (RING-1 to RING-16). Layout checks read page bytes at the literal offsets of the spec's
 * tables, not through the layout constants they check.
 */
public abstract class RingProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    // ------------------------------------------------------------------ layout (RING-1..3)

    @Example
    @Requirement("RING-1")
    public void required_RING1_headerFieldsAtTheirXenOffsets() {
        Check.that(SharedRingLayout.REQ_PROD == 0 && SharedRingLayout.REQ_EVENT == 4 && SharedRingLayout.RSP_PROD == 8
                && SharedRingLayout.RSP_EVENT == 12 && SharedRingLayout.PVT == 16 && SharedRingLayout.PAD == 20
                && SharedRingLayout.PAD_LENGTH == 44 && SharedRingLayout.ENTRIES == 64, "RING-1", Harness.start(provider()),
                "header offsets 0, 4, 8, 12, 16, 20 (+44), entries at 64", "SharedRingLayout disagrees");
        TxBench bench = TxBench.start(provider(), 0x1234_5678);
        byte[] page = bench.guest().txPage();
        // attach at rsp_prod 0x12345678: req_event (bytes 4..7, little-endian) = 0x12345679
        Check.equal("RING-1", bench.harness(), "bytes 4..7 after attach", "79563412", Bytes.hex(Arrays.copyOfRange(page, 4, 8), 4));
        bench.send("RING-1", List.of(List.of(new TxSlot.Data(TxBench.READ_ONLY[0], 0, 0, 9, 60))));
        Check.equal("RING-1", bench.harness(), "bytes 8..11 (rsp_prod) after one response", "79563412", Bytes.hex(Arrays.copyOfRange(page, 8, 12), 4));
        Check.equal("RING-1", bench.harness(), "bytes 4..7 (req_event) after the kick", "7a563412", Bytes.hex(Arrays.copyOfRange(page, 4, 8), 4));
    }

    @Example
    @Requirement("RING-2")
    public void required_RING2_txRequestAndResponseBytesAtTheirXenOffsets() {
        Check.that(TxRequestLayout.GREF == 0 && TxRequestLayout.OFFSET == 4 && TxRequestLayout.FLAGS == 6 && TxRequestLayout.ID == 8
                && TxRequestLayout.SIZE == 10 && TxRequestLayout.ENTRY_SIZE == 12 && TxResponseLayout.ID == 0 && TxResponseLayout.STATUS == 2
                && SharedRingLayout.RING_SIZE == 256, "RING-2", Harness.start(provider()), "TX layout gref@0 offset@4 flags@6 id@8 size@10, 12-byte entries",
                "TxRequestLayout disagrees");
        TxBench bench = TxBench.start(provider(), 261); // slot 5
        byte[] page = bench.guest().txPage();
        int gref = TxBench.READ_ONLY[1];
        // a guest writing by hand at the offsets of netif_tx_request, entry 5 at 64 + 5 * 12 = 124
        byte[] request = {(byte) gref, 0, 0, 0, 0x10, 0, 0, 0, 0x34, 0x12, 60, 0};
        System.arraycopy(request, 0, page, 124, 12);
        bench.own(List.of(new TxSlot.Data(gref, 0x10, 0, 0x1234, 60))); // the frame's source: the context's MAC at page bytes 22..27
        bench.publishAndCheck("RING-2", 261, List.of(request), () -> {
            bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 262);
            bench.harness().kick(TxBench.CTX, Queue.TX);
        });
        Check.equal("RING-2", bench.harness(), "response bytes 124..127 (id 0x1234, status OKAY)", "34120000",
                Bytes.hex(Arrays.copyOfRange(page, 124, 128), 4));
        Check.equal("RING-2", bench.harness(), "entry bytes 128..135 untouched", Bytes.hex(Arrays.copyOfRange(request, 4, 12), 8),
                Bytes.hex(Arrays.copyOfRange(page, 128, 136), 8));
        Check.equal("RING-2", bench.harness(), "frame bytes = page bytes 16..75", Bytes.hex(Arrays.copyOfRange(bench.harness().memory().page(gref), 16, 76), 60),
                Bytes.hex(bench.harness().sink().frames().get(0).bytes(), 60));
    }

    @Example
    @Requirement("RING-3")
    public void required_RING3_rxRequestAndResponseBytesAtTheirXenOffsets() {
        Check.that(RxRequestLayout.ID == 0 && RxRequestLayout.PAD == 2 && RxRequestLayout.GREF == 4 && RxRequestLayout.ENTRY_SIZE == 8
                && RxResponseLayout.ID == 0 && RxResponseLayout.OFFSET == 2 && RxResponseLayout.FLAGS == 4 && RxResponseLayout.STATUS == 6,
                "RING-3", Harness.start(provider()), "RX layout id@0 pad@2 gref@4; response id@0 offset@2 flags@4 status@6", "RxRequestLayout disagrees");
        RxBench bench = RxBench.start(provider(), 3);
        byte[] page = bench.guest().rxPage();
        int buffer = bench.freshBuffer();
        // entry 3 at 64 + 3 * 8 = 88: id 0xBEEF, pad, gref
        byte[] request = {(byte) 0xEF, (byte) 0xBE, 0, 0, (byte) buffer, 0, 0, 0};
        System.arraycopy(request, 0, page, 88, 8);
        bench.guest().setHeader(Queue.RX, SharedRingLayout.REQ_PROD, 4);
        bench.harness().receive(0, RxBench.frame(RxBench.MAC, 100, 1));
        Check.equal("RING-3", bench.harness(), "response bytes 88..95 (id 0xBEEF, offset 0, flags 0, status 100)", "efbe000000006400",
                Bytes.hex(Arrays.copyOfRange(page, 88, 96), 8));
        Check.equal("RING-3", bench.harness(), "bytes 8..11 (rsp_prod)", "04000000", Bytes.hex(Arrays.copyOfRange(page, 8, 12), 4));
    }

    // ------------------------------------------------------------------ indices

    @Property
    @Requirement({"RING-4", "RING-12"})
    public void required_RING4_indicesWrapAt2To32Invisibly(@ForAll @IntRange(min = 0, max = 600) int beforeWrap,
            @ForAll @Size(min = 1, max = 3) List<@Size(min = 1, max = 8) List<@From("validPackets") PacketShape>> batches) {
        TxBench bench = TxBench.start(provider(), -beforeWrap);
        for (List<PacketShape> batch : batches) {
            bench.sendPackets("RING-4", TxPackets.fittingOneRing(batch));
        }
    }

    @Property
    @Requirement("RING-4")
    public void required_RING4_rxIndicesWrapAt2To32Invisibly(@ForAll @IntRange(min = 0, max = 40) int beforeWrap,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 14, max = 10000) Integer> lengths) {
        RxBench bench = RxBench.start(provider(), -beforeWrap);
        int id = 0;
        for (int length : lengths) {
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
    }

    @Property
    @Requirement("RING-12")
    public void required_RING12_aCompletelyFullRingIsValidAndFullyConsumed(@ForAll("starts") int start) {
        TxBench bench = TxBench.start(provider(), start);
        List<List<TxSlot>> packets = new ArrayList<>();
        for (int k = 0; k < SharedRingLayout.RING_SIZE; k++) {
            // 64 packets a page, 8 bytes apart: no frame's source MAC overlaps another's
            packets.add(List.of(new TxSlot.Data(TxBench.READ_ONLY[k % 4], 8 * k, 0, k, 60)));
        }
        TxBench.Batch batch = bench.send("RING-12", packets);
        Check.equal("RING-12", bench.harness(), "slots consumed from a full ring", 256, batch.answered());
    }

    @Property
    @Requirement("RING-5")
    public void required_RING5_neverConsumesAtOrBeyondTheReqProdItRead(@ForAll @Size(max = 6) List<@From("validPackets") PacketShape> published,
            @ForAll @Size(min = 1, max = 6) List<@From("validPackets") PacketShape> stale, @ForAll("starts") int start) {
        TxBench bench = TxBench.start(provider(), start);
        int first = bench.guest().txReqProdPvt();
        for (PacketShape packet : TxPackets.fittingOneRing(published)) {
            bench.writeSource(packet);
            bench.guest().queue(packet.slots());
        }
        int reqProd = bench.guest().txReqProdPvt();
        List<byte[]> entries = bench.entries(first, reqProd);
        // stale, well-formed requests past req_prod: a device that reads them is caught by the log
        int staleSlots = 0;
        for (List<TxSlot> packet : TxPackets.slotsFittingOneRing(stale)) {
            if (entries.size() + staleSlots + packet.size() > SharedRingLayout.RING_SIZE) {
                break;
            }
            for (TxSlot slot : packet) {
                bench.guest().writeTxEntry(reqProd + staleSlots++, slot);
            }
        }
        TxBench.Batch batch = bench.publishAndCheck("RING-5", first, entries, () -> {
            bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, reqProd);
            bench.harness().kick(TxBench.CTX, Queue.TX);
        });
        for (Event.MemoryAccess access : EventLog.accesses(bench.harness().log().since(batch.logFrom()))) {
            if (access.gref() == bench.guest().txRing() && access.offset() >= SharedRingLayout.ENTRIES) {
                int position = ((access.offset() - SharedRingLayout.ENTRIES) / TxRequestLayout.ENTRY_SIZE - first) & SharedRingLayout.SLOT_MASK;
                Check.that(position < entries.size(), "RING-5", bench.harness(), "no access to entries at or past req_prod " + Bytes.index(reqProd),
                        access + " (ring position " + position + " of the batch)");
            }
        }
    }

    @Property
    @Requirement({"RING-6", "RING-7"})
    public void required_RING6_rspProdOnlyMovesForwardCoversConsumedRequestsAndIsPublishedInOrder(
            @ForAll @Size(min = 1, max = 4) List<@Size(min = 1, max = 6) List<@From("anyPackets") PacketShape>> batches, @ForAll("starts") int start) {
        TxBench bench = TxBench.start(provider(), start);
        int logFrom = bench.harness().log().size();
        for (List<PacketShape> batch : batches) {
            if (bench.harness().state(TxBench.CTX) != ContextState.ACTIVE) {
                break;
            }
            bench.sendPackets("RING-6", TxPackets.fittingOneRing(batch));
        }
        checkPublicationOrder(bench.harness(), bench.guest(), start, logFrom);
    }

    /**
     * RING-6 and RING-7 from the log: every rsp_prod write moves forward by at most what was
     * consumed; response entries are written before the rsp_prod write that covers them; every
     * notification follows an rsp_prod write of that ring in the same call.
     */
    static void checkPublicationOrder(Harness harness, GuestDriver guest, int start, int logFrom) {
        int ring = guest.txRing();
        int published = start;
        boolean publishedThisCall = false;
        for (Event event : harness.log().since(logFrom)) {
            if (event instanceof Event.Call) {
                publishedThisCall = false;
            } else if (event instanceof Event.MemoryAccess access && access.kind() == Event.Kind.WRITE && access.gref() == ring) {
                if (access.isField(ring, SharedRingLayout.RSP_PROD)) {
                    int value = (int) access.value();
                    long moved = Integer.toUnsignedLong(value - published);
                    long outstanding = Integer.toUnsignedLong(guest.txReqProdPvt() - published);
                    Check.that(moved <= outstanding, "RING-6", harness, "rsp_prod moves forward from " + Bytes.index(published)
                            + " by at most the " + outstanding + " request(s) published", access);
                    published = value;
                    publishedThisCall = true;
                } else if (access.offset() >= SharedRingLayout.ENTRIES) {
                    int slot = (access.offset() - SharedRingLayout.ENTRIES) / TxRequestLayout.ENTRY_SIZE;
                    int position = (slot - published) & SharedRingLayout.SLOT_MASK;
                    int window = guest.txReqProdPvt() - published;
                    Check.that(position < window, "RING-7", harness, "response bytes written before the rsp_prod that covers them (published "
                            + Bytes.index(published) + ")", access);
                }
            } else if (event instanceof Event.Notify notify && notify.context() == guest.context() && notify.queue() == Queue.TX) {
                Check.that(publishedThisCall, "RING-7", harness, "a notification only after an rsp_prod write in the same call", notify);
            }
        }
    }

    // ------------------------------------------------------------------ notification

    @Property
    @Requirement("RING-8")
    public void required_RING8_notifiesExactlyWhenRspEventLiesInOldNew(@ForAll("starts") int start, @ForAll @IntRange(min = -4, max = 300) int eventAhead,
            @ForAll @Size(min = 0, max = 6) List<@From("validPackets") PacketShape> packets) {
        TxBench bench = TxBench.start(provider(), start);
        int event = start + eventAhead;
        bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, event);
        long before = bench.harness().sink().notifications(TxBench.CTX, Queue.TX);
        TxBench.Batch batch = bench.sendPackets("RING-8", TxPackets.fittingOneRing(packets));
        int old = start;
        int now = start + batch.answered();
        boolean expected = Integer.compareUnsigned(now - event, now - old) < 0;
        Check.equal("RING-8", bench.harness(), "TX notifications for rsp_prod " + Bytes.index(old) + " -> " + Bytes.index(now) + " with rsp_event "
                + Bytes.index(event), expected ? 1L : 0L, bench.harness().sink().notifications(TxBench.CTX, Queue.TX) - before);
    }

    @Example
    @Requirement("RING-8")
    public void required_RING8_theWorkedExamplesOfChapter03Section61() {
        int[][] table = {{10, 13, 10, 0}, {10, 13, 11, 1}, {10, 13, 12, 1}, {10, 13, 13, 1}, {10, 13, 14, 0}, {10, 10, 10, 0},
            {0xFFFFFFFE, 2, 0xFFFFFFFE, 0}, {0xFFFFFFFE, 2, 0xFFFFFFFF, 1}, {0xFFFFFFFE, 2, 0, 1}, {0xFFFFFFFE, 2, 2, 1}, {0xFFFFFFFE, 2, 3, 0}};
        for (int[] row : table) {
            TxBench bench = TxBench.start(provider(), row[0]);
            bench.guest().setHeader(Queue.TX, SharedRingLayout.RSP_EVENT, row[2]);
            List<List<TxSlot>> packets = new ArrayList<>();
            for (int k = 0; row[0] + k != row[1]; k++) {
                packets.add(List.of(new TxSlot.Data(TxBench.READ_ONLY[0], 0, 0, k, 60)));
            }
            bench.send("RING-8", packets);
            Check.equal("RING-8", bench.harness(), "notifications for old " + Bytes.index(row[0]) + ", new " + Bytes.index(row[1]) + ", event "
                    + Bytes.index(row[2]), (long) row[3], bench.harness().sink().notifications(TxBench.CTX, Queue.TX));
        }
    }

    // ------------------------------------------------------------------ the final check and no lost wake-up

    @Property
    @Requirement("RING-9")
    public void required_RING9_requestsPublishedBeforeTheReCheckAreProcessedInTheSameKick(@ForAll @Size(min = 1, max = 4) List<@From("validPackets") PacketShape> first,
            @ForAll @Size(min = 1, max = 4) List<@From("validPackets") PacketShape> late, @ForAll("starts") int start) {
        if (!GuestAtCallBoundaries.seesMidCallGuestActions(provider())) {
            ring9AtCallBoundaries(first, late, start);
            return;
        }
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        int ring = guest.txRing();
        List<List<TxSlot>> lateSlots = TxPackets.slotsFittingOneRing(late);
        List<List<TxSlot>> firstSlots = TxPackets.slotsFittingOneRing(first);
        // every frame carries the context's MAC (written before the kick; the late requests are published during it)
        List<List<TxSlot>> all = new ArrayList<>(firstSlots);
        all.addAll(lateSlots);
        for (List<TxSlot> packet : all) {
            bench.own(packet);
        }
        int owed = TxBench.carrying(harness, all, TxBench.MAC);
        boolean[] injected = {false};
        harness.memory().addHook(access -> {
            // right after the device arms req_event, the guest publishes more without kicking
            if (!injected[0] && access.kind() == Event.Kind.WRITE && access.isField(ring, SharedRingLayout.REQ_EVENT)) {
                injected[0] = true;
                for (List<TxSlot> packet : lateSlots) {
                    guest.queue(packet);
                }
                Bytes.put32(guest.txPage(), SharedRingLayout.REQ_PROD, guest.txReqProdPvt());
                harness.log().guest("publish late requests after req_event was armed, no kick");
            }
        });
        for (List<TxSlot> packet : firstSlots) {
            guest.queue(packet);
        }
        guest.pushTx();
        harness.kick(TxBench.CTX, Queue.TX);
        harness.memory().clearHooks();
        Check.that(injected[0], "RING-9", harness, "the kick writes req_event", "no req_event write during the kick");
        int reqProd = guest.txReqProdPvt();
        Check.equal("RING-9", harness, "rsp_prod after one kick (the re-read of req_prod found the late requests)", Bytes.index(reqProd),
                Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        Check.equal("RING-9", harness, "req_event after the kick", Bytes.index(reqProd + 1), Bytes.index(guest.header(Queue.TX, SharedRingLayout.REQ_EVENT)));
        Check.equal("RING-9", harness, "frames sent (every packet valid, " + owed + " of " + all.size() + " from the context's MAC)", owed,
                harness.sink().frames().size());
    }

    @Property
    @Requirement({"RING-16", "RING-9", "RING-8"})
    public void required_RING16_noLostWakeUpOverAnyInterleaving(@ForAll("starts") int start,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 40) Integer> injectAfter,
            @ForAll @Size(min = 1, max = 7) List<@Size(min = 1, max = 3) List<@From("smallPackets") PacketShape>> groups) {
        if (!GuestAtCallBoundaries.seesMidCallGuestActions(provider())) {
            ring16AtCallBoundaries(start, injectAfter, groups);
            return;
        }
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        int ring = guest.txRing();
        List<List<List<TxSlot>>> pending = new ArrayList<>();
        for (List<PacketShape> group : groups) {
            pending.add(TxPackets.slotsFittingOneRing(group));
            for (List<TxSlot> packet : pending.get(pending.size() - 1)) {
                bench.own(packet);
            }
        }
        List<Integer> points = new ArrayList<>(injectAfter);
        int[] accesses = {0};
        // the guest's interrupt handler: consume responses, then the final check (RING_FINAL_CHECK_FOR_RESPONSES)
        harness.sink().addListener(n -> {
            if (n.context() == TxBench.CTX && n.queue() == Queue.TX) {
                do {
                    guest.takeTxResponses();
                } while (guest.finalCheckTx());
            }
        });
        harness.memory().addHook(access -> {
            if (access.gref() != ring || pending.isEmpty() || points.isEmpty()) {
                return;
            }
            if (accesses[0]++ == points.get(0)) {
                points.remove(0);
                accesses[0] = 0;
                for (List<TxSlot> packet : pending.remove(0)) {
                    guest.queue(packet);
                }
                if (guest.pushTx()) {
                    harness.kick(TxBench.CTX, Queue.TX); // runs when the current device call returns
                }
            }
        });
        // arm rsp_event as a fresh guest does, then send the first group
        guest.finalCheckTx();
        while (!pending.isEmpty()) {
            List<List<TxSlot>> group = pending.remove(0);
            for (List<TxSlot> packet : group) {
                guest.queue(packet);
            }
            if (guest.pushTx()) {
                harness.kick(TxBench.CTX, Queue.TX);
            }
        }
        harness.memory().clearHooks();
        Check.noFindings("RING-16", harness);
        Check.equal("RING-16", harness, "TX rsp_prod once every published request was consumed", Bytes.index(guest.txReqProdPvt()),
                Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        Check.equal("RING-16", harness, "responses the guest was woken for (its rsp_cons)", Bytes.index(guest.txReqProdPvt()), Bytes.index(guest.txRspCons()));
    }

    /**
     * RING-9 in its call-boundary form, for a device that cannot see a guest action during its
     * call ({@link GuestAtCallBoundaries}): every kick ends armed and re-checked (its last
     * req_event write is req_cons + 1 and req_prod is read after it), and the late requests,
     * published after the kick without a kick of their own, make the guest's push-and-check ask
     * for a kick, which consumes them.
     */
    private void ring9AtCallBoundaries(List<PacketShape> first, List<PacketShape> late, int start) {
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        List<List<TxSlot>> firstSlots = TxPackets.slotsFittingOneRing(first);
        List<List<TxSlot>> lateSlots = TxPackets.slotsFittingOneRing(late);
        List<List<TxSlot>> all = new ArrayList<>(firstSlots);
        all.addAll(lateSlots);
        for (List<TxSlot> packet : all) {
            bench.own(packet);
        }
        int owed = TxBench.carrying(harness, all, TxBench.MAC);
        for (List<TxSlot> packet : firstSlots) {
            guest.queue(packet);
        }
        guest.pushTx();
        int logFrom = harness.log().size();
        harness.kick(TxBench.CTX, Queue.TX);
        armedAndReChecked("RING-9", harness, guest, logFrom);
        for (List<TxSlot> packet : lateSlots) {
            guest.queue(packet);
        }
        Check.that(guest.pushTx(), "RING-9", harness, "push-and-check of the late requests asks for a kick (req_event armed at req_cons + 1)",
                "no kick asked for with req_event " + Bytes.index(guest.header(Queue.TX, SharedRingLayout.REQ_EVENT)));
        logFrom = harness.log().size();
        harness.kick(TxBench.CTX, Queue.TX);
        armedAndReChecked("RING-9", harness, guest, logFrom);
        int reqProd = guest.txReqProdPvt();
        Check.equal("RING-9", harness, "rsp_prod after the second kick", Bytes.index(reqProd), Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        Check.equal("RING-9", harness, "frames sent (every packet valid, " + owed + " of " + all.size() + " from the context's MAC)", owed,
                harness.sink().frames().size());
    }

    /**
     * RING-16 in its call-boundary form ({@link GuestAtCallBoundaries}): the guest publishes a
     * group between device calls and kicks when push-and-check says so; an interrupt is taken at
     * a call boundary, before the next group or left for later as {@code handleOrder} draws (even:
     * now, odd: later). Every kick ends armed and re-checked, and no wake-up is lost: every
     * published request is consumed and the guest is woken for every response.
     */
    private void ring16AtCallBoundaries(int start, List<Integer> handleOrder, List<List<PacketShape>> groups) {
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        List<List<List<TxSlot>>> pending = new ArrayList<>();
        for (List<PacketShape> group : groups) {
            pending.add(TxPackets.slotsFittingOneRing(group));
            for (List<TxSlot> packet : pending.get(pending.size() - 1)) {
                bench.own(packet);
            }
        }
        boolean[] woken = {false};
        // the interrupt is only noted here; the handler runs between device calls
        harness.sink().addListener(n -> woken[0] |= n.context() == TxBench.CTX && n.queue() == Queue.TX);
        guest.finalCheckTx();
        for (int k = 0; !pending.isEmpty(); k++) {
            if (handleOrder.get(k % handleOrder.size()) % 2 == 0) {
                takeTxInterrupt(guest, woken);
            }
            for (List<TxSlot> packet : pending.remove(0)) {
                guest.queue(packet);
            }
            if (guest.pushTx()) {
                int logFrom = harness.log().size();
                harness.kick(TxBench.CTX, Queue.TX);
                armedAndReChecked("RING-16", harness, guest, logFrom);
            }
        }
        takeTxInterrupt(guest, woken);
        Check.noFindings("RING-16", harness);
        Check.equal("RING-16", harness, "TX rsp_prod once every published request was consumed", Bytes.index(guest.txReqProdPvt()),
                Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        Check.equal("RING-16", harness, "responses the guest was woken for (its rsp_cons)", Bytes.index(guest.txReqProdPvt()), Bytes.index(guest.txRspCons()));
    }

    /** The guest's TX interrupt handler, if an interrupt came: consume responses, then the final check (RING_FINAL_CHECK_FOR_RESPONSES). */
    private static void takeTxInterrupt(GuestDriver guest, boolean[] woken) {
        if (woken[0]) {
            woken[0] = false;
            do {
                guest.takeTxResponses();
            } while (guest.finalCheckTx());
        }
    }

    /**
     * RING-9 at the end of a TX kick that had everything published before it began: the kick's
     * last req_event write is req_cons + 1 (the guest's req_prod + 1, every request consumed),
     * and req_prod is read after that write (the re-check).
     */
    private static void armedAndReChecked(String rule, Harness harness, GuestDriver guest, int logFrom) {
        int ring = guest.txRing();
        Event.MemoryAccess armed = null;
        boolean reChecked = false;
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.kind() == Event.Kind.WRITE && access.isField(ring, SharedRingLayout.REQ_EVENT)) {
                armed = access;
                reChecked = false;
            } else if (armed != null && access.kind() == Event.Kind.READ && access.touches(ring, SharedRingLayout.REQ_PROD, 4)) {
                reChecked = true;
            }
        }
        Check.that(armed != null, rule, harness, "the kick writes req_event", "no req_event write during the kick");
        Check.equal(rule, harness, "the kick's last req_event write (req_cons + 1)", Bytes.index(guest.txReqProdPvt() + 1), Bytes.index((int) armed.value()));
        Check.that(reChecked, rule, harness, "req_prod read again after the last req_event write (the re-check)", "no read of req_prod after " + armed);
    }

    // ------------------------------------------------------------------ single writer per field

    @Property
    @Requirement("RING-10")
    public void required_RING10_theDeviceWritesOnlyReqEventRspProdAndResponseBytes(@ForAll @Size(min = 1, max = 6) List<@From("anyPackets") PacketShape> packets,
            @ForAll @Size(min = 68, max = 68) List<@IntRange(min = 0, max = 255) Integer> guestBytes, @ForAll("starts") int start) {
        TxBench bench = TxBench.start(provider(), start);
        byte[] page = bench.guest().txPage();
        // the private field and the padding hold guest bytes; they must survive
        for (int k = 0; k < 48; k++) {
            page[16 + k] = guestBytes.get(k).byteValue();
        }
        byte[] before = Arrays.copyOfRange(page, 16, 64);
        bench.sendPackets("RING-10", TxPackets.fittingOneRing(packets));
        Check.equal("RING-10", bench.harness(), "pvt and padding (bytes 16..63)", Bytes.hex(before, 48), Bytes.hex(Arrays.copyOfRange(page, 16, 64), 48));
        Check.noFindings("RING-10", bench.harness());
    }

    // ------------------------------------------------------------------ hostile indices

    @Property
    @Requirement({"RING-11", "RING-13"})
    public void required_RING11_reqProdMoreThan256AheadIsFatalAndTouchesNothing(@ForAll("starts") int start, @ForAll("overflows") long ahead,
            @ForAll @Size(max = 3) List<@From("validPackets") PacketShape> before) {
        TxBench bench = TxBench.start(provider(), start);
        if (!before.isEmpty()) {
            bench.sendPackets("RING-11", TxPackets.fittingOneRing(before));
        }
        Harness harness = bench.harness();
        int rsp = bench.guest().header(Queue.TX, SharedRingLayout.RSP_PROD);
        byte[] snapshot = bench.guest().txPage().clone();
        int frames = harness.sink().frames().size();
        long fatal = harness.counter(TxBench.CTX, Counter.FATAL_ERRORS);
        bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, rsp + (int) ahead);
        harness.kick(TxBench.CTX, Queue.TX);
        Check.noFindings("RING-11", harness);
        Check.equal("RING-11", harness, "state after req_prod − rsp_prod_pvt = " + ahead, ContextState.FAILED, harness.state(TxBench.CTX));
        Check.equal("RING-11", harness, "FATAL_ERRORS delta", 1L, harness.counter(TxBench.CTX, Counter.FATAL_ERRORS) - fatal);
        Check.equal("RING-11", harness, "frames sent", frames, harness.sink().frames().size());
        byte[] after = bench.guest().txPage();
        Bytes.put32(snapshot, SharedRingLayout.REQ_PROD, rsp + (int) ahead);
        Check.that(Arrays.equals(snapshot, after), "RING-11", harness, "nothing written to the ring page", "byte " + Arrays.mismatch(snapshot, after) + " changed");
        // RING-13: the neighbour carries on
        Harness h = bench.harness();
        GuestDriver neighbour = h.guest(TxBench.OTHER);
        h.grant(500, TxBench.OTHER, Access.READ_ONLY);
        List<TxSlot> packet = List.of(new TxSlot.Data(500, 0, 0, 1, 64));
        neighbour.writeSource(packet, TxBench.OTHER_MAC);
        neighbour.send(packet);
        Check.equal("RING-13", h, "neighbour's frames after the fatal error", frames + 1, h.sink().frames().size());
        Check.equal("RING-13", h, "neighbour's state", ContextState.ACTIVE, h.state(TxBench.OTHER));
    }

    @Property
    @Requirement({"RING-13", "RING-15"})
    public void required_RING13_aFailedContextIsLeftAloneAndOthersCarryOn(@ForAll("fatalPackets") PacketShape fatal,
            @ForAll @Size(min = 1, max = 4) List<@From("validPackets") PacketShape> later) {
        TxBench bench = TxBench.start(provider());
        Harness harness = bench.harness();
        GuestDriver neighbour = harness.guest(TxBench.OTHER);
        // the neighbour is the one that fails; the bench's own context must carry on unchanged
        harness.grant(500, TxBench.OTHER, Access.READ_ONLY);
        List<TxSlot> chain = fatal.slots();
        for (int k = 0; k < chain.size(); k++) {
            TxSlot slot = chain.get(k);
            neighbour.writeTxEntry(k, slot instanceof TxSlot.Data d ? new TxSlot.Data(500, d.offset(), d.flags(), d.id(), d.size()) : slot);
        }
        neighbour.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, fatal.slots().size());
        harness.kick(TxBench.OTHER, Queue.TX);
        Check.equal("RING-13", harness, "state of the neighbour after a fatal packet", ContextState.FAILED, harness.state(TxBench.OTHER));
        // its kicks are ignored, frames to it are dropped, its pages are not touched
        neighbour.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, fatal.slots().size() + 1);
        byte[] txPage = neighbour.txPage().clone();
        byte[] rxPage = neighbour.rxPage().clone();
        int logAt = harness.log().size();
        harness.kick(TxBench.OTHER, Queue.TX);
        harness.kick(TxBench.OTHER, Queue.RX);
        long dropped = harness.counter(TxBench.OTHER, Counter.RX_DROP_FAILED);
        harness.receive(0, RxBench.frame(TxBench.OTHER_MAC, 80, 3));
        Check.equal("RING-13", harness, "RX_DROP_FAILED of the failed neighbour", dropped + 1, harness.counter(TxBench.OTHER, Counter.RX_DROP_FAILED));
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logAt))) {
            Check.that(false, "RING-13", harness, "no access for a FAILED context", access);
        }
        Check.that(Arrays.equals(txPage, neighbour.txPage()) && Arrays.equals(rxPage, neighbour.rxPage()), "RING-13", harness,
                "the failed context's ring pages unchanged", "changed");
        bench.sendPackets("RING-13", TxPackets.fittingOneRing(later));
    }

    @Property
    @Requirement({"RING-11", "MEM-2", "MEM-5", "RING-13"})
    public void required_RING11_anyProducerIndexOverAnyRingBytesGetsTheSpecsAnswerAndNoForbiddenAccess(@ForAll("starts") int start,
            @ForAll("anyReqProd") long ahead, @ForAll("ringBytes") byte[] txEntries, @ForAll("ringBytes") byte[] rxEntries,
            @ForAll("anyReqProd") long rxAhead, @ForAll @IntRange(min = 0, max = 9000) int frameLength) {
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        System.arraycopy(txEntries, 0, guest.txPage(), SharedRingLayout.ENTRIES, txEntries.length);
        System.arraycopy(rxEntries, 0, guest.rxPage(), SharedRingLayout.ENTRIES, Math.min(rxEntries.length, 256 * 8));
        if (ahead <= SharedRingLayout.RING_SIZE) {
            // a producer index the ring can hold: the spec decides every packet in the random bytes
            List<byte[]> entries = bench.entries(start, start + (int) ahead);
            bench.ownEvery(entries);
            bench.publishAndCheck("RING-11", start, entries, () -> {
                guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, start + (int) ahead);
                harness.kick(TxBench.CTX, Queue.TX);
            });
        } else {
            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, start + (int) ahead);
            harness.kick(TxBench.CTX, Queue.TX);
            Check.equal("RING-11", harness, "state after req_prod − rsp_prod_pvt = " + ahead, ContextState.FAILED, harness.state(TxBench.CTX));
        }
        harness.revoke(guest.txRing()); // later kicks must not touch it
        harness.grant(guest.txRing(), TxBench.CTX, Access.READ_ONLY);
        harness.kick(TxBench.CTX, Queue.TX);
        int rxStart = guest.header(Queue.RX, SharedRingLayout.RSP_PROD);
        guest.setHeader(Queue.RX, SharedRingLayout.REQ_PROD, rxStart + (int) rxAhead);
        ContextState before = harness.state(TxBench.CTX);
        harness.receive(0, RxBench.frame(TxBench.MAC, frameLength, 3));
        Check.noFindings("RING-11", harness);
        if (before == ContextState.ACTIVE && frameLength >= 14 && rxAhead > SharedRingLayout.RING_SIZE) {
            Check.equal("RING-11", harness, "state after a delivery over RX req_prod − rsp_prod_pvt = " + rxAhead, ContextState.FAILED,
                    harness.state(TxBench.CTX));
        }
    }

    // ------------------------------------------------------------------ attach and reset

    @Property
    @Requirement({"RING-14", "PRIV-8"})
    public void required_RING14_attachAtRspProdOrRejectACorruptRing(@ForAll("starts") int txRsp, @ForAll("starts") int rxRsp,
            @ForAll("attachDistances") long txAhead, @ForAll("attachDistances") long rxAhead) {
        Harness harness = Harness.start(provider());
        GuestDriver guest = harness.guest(0);
        guest.initRings(txRsp, rxRsp);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, txRsp + (int) txAhead);
        guest.setHeader(Queue.RX, SharedRingLayout.REQ_PROD, rxRsp + (int) rxAhead);
        byte[] tx = guest.txPage().clone();
        byte[] rx = guest.rxPage().clone();
        ControlResult result = harness.create(0, MacAddress.parse("02:00:00:00:00:01"));
        boolean ok = txAhead <= 256 && rxAhead <= 256;
        Check.noFindings("RING-14", harness);
        if (!ok) {
            Check.that(result instanceof ControlResult.Rejected r && r.category() == RejectCategory.BAD_RING, "RING-14", harness,
                    "Rejected(BAD_RING) for req_prod − rsp_prod = " + txAhead + " (TX), " + rxAhead + " (RX)", Harness.describe(result));
            Check.that(Arrays.equals(tx, guest.txPage()) && Arrays.equals(rx, guest.rxPage()), "RING-14", harness, "no write at all", "a ring page changed");
            Check.equal("RING-14", harness, "state", ContextState.ABSENT, harness.state(0));
            return;
        }
        Check.equal("RING-14", harness, "create result", "Ok", Harness.describe(result));
        Bytes.put32(tx, SharedRingLayout.REQ_EVENT, txRsp + 1);
        Bytes.put32(rx, SharedRingLayout.REQ_EVENT, rxRsp + 1);
        Check.that(Arrays.equals(tx, guest.txPage()), "RING-14", harness, "TX page: only req_event = rsp_prod + 1 = " + Bytes.index(txRsp + 1) + " written",
                "byte " + Arrays.mismatch(tx, guest.txPage()) + " differs");
        Check.that(Arrays.equals(rx, guest.rxPage()), "RING-14", harness, "RX page: only req_event = rsp_prod + 1 = " + Bytes.index(rxRsp + 1) + " written",
                "byte " + Arrays.mismatch(rx, guest.rxPage()) + " differs");
    }

    @Property
    @Requirement("RING-14")
    public void required_RING14_outstandingRequestsAtAttachAreConsumedByTheNextKick(@ForAll("starts") int start,
            @ForAll @Size(min = 1, max = 5) List<@From("validPackets") PacketShape> packets) {
        Harness harness = Harness.start(provider());
        GuestDriver guest = harness.guest(TxBench.CTX);
        guest.initRings(start, 0);
        for (int gref : TxBench.readable()) {
            TxBench.fill(harness.grant(gref, TxBench.CTX, Access.READ_ONLY), gref);
        }
        List<List<TxSlot>> slots = TxPackets.slotsFittingOneRing(packets);
        for (List<TxSlot> packet : slots) {
            guest.writeSource(packet, TxBench.MAC);
            guest.queue(packet);
        }
        int owed = TxBench.carrying(harness, slots, TxBench.MAC);
        guest.pushTx();
        Check.equal("RING-14", harness, "create over a live ring", "Ok", Harness.describe(harness.create(TxBench.CTX, TxBench.MAC)));
        harness.kick(TxBench.CTX, Queue.TX);
        Check.noFindings("RING-14", harness);
        Check.equal("RING-14", harness, "rsp_prod after the first kick", Bytes.index(guest.txReqProdPvt()), Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        Check.equal("RING-14", harness, "frames (every packet valid, " + owed + " of " + slots.size() + " from the context's MAC)", owed,
                harness.sink().frames().size());
    }

    @Property
    @Requirement({"RING-14", "RING-13"})
    public void required_RING14_resetReattachesAFailedContextAtTheSharedRspProd(@ForAll("starts") int start, @ForAll("overflows") long ahead,
            @ForAll @Size(min = 1, max = 3) List<@From("validPackets") PacketShape> after) {
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        GuestDriver guest = bench.guest();
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, start + (int) ahead);
        harness.kick(TxBench.CTX, Queue.TX);
        Check.equal("RING-14", harness, "state after a hostile req_prod", ContextState.FAILED, harness.state(TxBench.CTX));
        // a reset while the ring is still corrupt is refused and changes nothing
        ControlResult refused = harness.control(Caller.HOST, new ControlRequest.ResetContext(TxBench.CTX));
        boolean corrupt = ahead > 256;
        Check.that(!corrupt || refused instanceof ControlResult.Rejected r && r.category() == RejectCategory.BAD_RING, "RING-14", harness,
                "Rejected(BAD_RING) for a reset over req_prod − rsp_prod = " + ahead, Harness.describe(refused));
        Check.equal("RING-14", harness, "state after the refused reset", ContextState.FAILED, harness.state(TxBench.CTX));
        // the guest repairs its ring; the reset attaches at rsp_prod
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, start);
        Check.equal("RING-14", harness, "reset result", "Ok", Harness.describe(harness.control(Caller.HOST, new ControlRequest.ResetContext(TxBench.CTX))));
        Check.equal("RING-14", harness, "state after reset", ContextState.ACTIVE, harness.state(TxBench.CTX));
        Check.equal("RING-14", harness, "req_event after reset", Bytes.index(start + 1), Bytes.index(guest.header(Queue.TX, SharedRingLayout.REQ_EVENT)));
        Check.equal("RING-14", harness, "FATAL_ERRORS kept across reset", 1L, harness.counter(TxBench.CTX, Counter.FATAL_ERRORS));
        bench.sendPackets("RING-14", TxPackets.fittingOneRing(after));
    }

    // ------------------------------------------------------------------ spurious kicks

    @Property
    @Requirement("RING-15")
    public void required_RING15_spuriousKicksChangeNothingObservable(@ForAll @Size(max = 3) List<@From("validPackets") PacketShape> before,
            @ForAll @IntRange(min = 0, max = 5) int postedBuffers, @ForAll("starts") int start) {
        TxBench bench = TxBench.start(provider(), start);
        Harness harness = bench.harness();
        if (!before.isEmpty()) {
            bench.sendPackets("RING-15", TxPackets.fittingOneRing(before));
        }
        for (int k = 0; k < postedBuffers; k++) {
            harness.grant(600 + k, TxBench.CTX, Access.READ_WRITE);
            harness.guest(TxBench.CTX).queueRx(600 + k, k);
        }
        harness.guest(TxBench.CTX).pushRx();
        Observation expected = harness.observe();
        int logAt = harness.log().size();
        harness.kick(TxBench.CTX, Queue.TX); // nothing new
        harness.kick(TxBench.CTX, Queue.RX); // RX kicks never read the ring
        harness.kick(7, Queue.TX); // absent context
        harness.kick(7, Queue.RX);
        List<String> diff = expected.diff(harness.observe());
        Check.that(diff.isEmpty(), "RING-15", harness, "no observable change from spurious kicks", diff);
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logAt))) {
            Check.that(access.gref() == bench.guest().txRing() && (access.kind() == Event.Kind.READ || access.isField(bench.guest().txRing(), SharedRingLayout.REQ_EVENT)),
                    "RING-15", harness, "only the TX kick's req_prod check and req_event re-arm", access);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Integer> starts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-300, 300), Arbitraries.integers(), Arbitraries.of(0, -1, -256, 0x7FFF_FFFF, 0x8000_0000));
    }

    @Provide
    Arbitrary<Long> overflows() {
        return Arbitraries.oneOf(Arbitraries.longs().between(257, 0xFFFF_FFFFL), Arbitraries.of(257L, 0xFFFF_FFFFL, 0x8000_0000L, 0xFFFF_FF00L));
    }

    @Provide
    Arbitrary<Long> anyReqProd() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 256), Arbitraries.longs().between(0, 0xFFFF_FFFFL));
    }

    @Provide
    Arbitrary<byte[]> ringBytes() {
        // mostly plausible entries (a known gref in the first word), sometimes pure noise
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofSize(256 * TxRequestLayout.ENTRY_SIZE);
        return Combinators.combine(noise, TxPackets.readableGref(), Arbitraries.of(true, false)).as((bytes, gref, plausible) -> {
            for (int k = 0; k < 256; k++) {
                int at = k * TxRequestLayout.ENTRY_SIZE;
                if (plausible && (bytes[at + 1] & 3) != 0) {
                    Bytes.put32(bytes, at, gref + (bytes[at] & 7) % 8);
                    bytes[at + TxRequestLayout.OFFSET + 1] &= 0x0F;
                    bytes[at + TxRequestLayout.SIZE + 1] &= 0x07;
                }
                int named = Bytes.u32(bytes, at);
                if (named >= 1 && named <= 4) {
                    // never the rings' own pages as fragments: the spec leaves their bytes at read time open
                    Bytes.put32(bytes, at, named | 0x100);
                }
            }
            return bytes;
        });
    }

    @Provide
    Arbitrary<Long> attachDistances() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 256), Arbitraries.longs().between(257, 0xFFFF_FFFFL), Arbitraries.of(256L, 257L));
    }

    @Provide
    Arbitrary<PacketShape> validPackets() {
        return TxPackets.valid();
    }

    @Provide
    Arbitrary<PacketShape> smallPackets() {
        return TxPackets.valid(1);
    }

    @Provide
    Arbitrary<PacketShape> anyPackets() {
        return TxPackets.any(provider().profiles().contains(io.netchannel.api.Profile.TSO));
    }

    @Provide
    Arbitrary<PacketShape> fatalPackets() {
        return Arbitraries.oneOf(TxPackets.badExtra(), TxPackets.crossing(), TxPackets.manySlots(21, 24));
    }
}
