package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.HashMap;
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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 04: TX framing and validation, transmit, and receive (DESC-*, TX-*, RX-*). Every
 * expected outcome comes from {@link TxOracle} (the spec's reference procedure) or, for receive,
 * from the delivery procedure of section 4.2 written out in {@link RxBench}.
 */
public abstract class DescriptorProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    private boolean tso() {
        return provider().profiles().contains(Profile.TSO);
    }

    private static List<PacketShape> fit(List<PacketShape> packets) {
        List<PacketShape> fitting = new ArrayList<>();
        int slots = 0;
        for (PacketShape packet : packets) {
            slots += packet.slots().size();
            if (slots > SharedRingLayout.RING_SIZE) {
                break;
            }
            fitting.add(packet);
        }
        return fitting;
    }

    // ------------------------------------------------------------------ framing and validation

    @Property
    @Requirement({"DESC-2", "TX-1"})
    public void required_DESC2_chainIsFirstSlotExtrasThenDataSlotsConcatenated(@ForAll @Size(min = 1, max = 4) List<@From("validPackets") PacketShape> packets) {
        TxBench.start(provider()).sendPackets("DESC-2", packets);
    }

    @Property
    @Requirement("DESC-3")
    public void required_DESC3_chainRunningPastReqProdIsFatal(@ForAll @Size(max = 3) List<@From("validPackets") PacketShape> before,
            @ForAll("danglingPackets") PacketShape dangling) {
        List<PacketShape> packets = new ArrayList<>(before);
        packets.add(dangling);
        TxBench bench = TxBench.start(provider());
        TxBench.Batch batch = bench.sendPackets("DESC-3", packets);
        Check.that(batch.fatal(), "DESC-3", bench.harness(), "the batch ends in a fatal error", batch.outcomes());
    }

    @Property
    @Requirement("DESC-4")
    public void required_DESC4_invalidExtraTypeOrGsoIsFatal(@ForAll @Size(max = 2) List<@From("validPackets") PacketShape> before,
            @ForAll("badExtraPackets") PacketShape bad, @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench.start(provider()).sendPackets("DESC-4", concat(before, bad, after));
    }

    @Property
    @Requirement("DESC-5")
    public void required_DESC5_fragmentCrossingItsPageIsFatal(@ForAll @Size(max = 2) List<@From("validPackets") PacketShape> before,
            @ForAll("crossingPackets") PacketShape crossing, @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench.start(provider()).sendPackets("DESC-5", concat(before, crossing, after));
    }

    @Property
    @Requirement("DESC-6")
    public void required_DESC6_eighteenAcceptedNineteenAndTwentyErrorMoreFatal(@ForAll("manySlotPackets") PacketShape chain,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench.start(provider()).sendPackets("DESC-6", concat(List.of(), chain, after));
    }

    @Property
    @Requirement("DESC-7")
    public void required_DESC7_sizesExceedingTheFirstSlotArePerPacketErrors(@ForAll("sizesExceedPackets") PacketShape packet,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench.start(provider()).sendPackets("DESC-7", concat(List.of(), packet, after));
    }

    @Property
    @Requirement("DESC-8")
    public void required_DESC8_runtFirstSlotIsPerPacketError(@ForAll("runtPackets") PacketShape packet,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench.start(provider()).sendPackets("DESC-8", concat(List.of(), packet, after));
    }

    @Property
    @Requirement({"DESC-9", "MEM-2"})
    public void required_DESC9_unreadableGrantIsPerPacketErrorAndNeverTouched(@ForAll("unreadablePackets") PacketShape packet,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench bench = TxBench.start(provider());
        TxBench.Batch batch = bench.sendPackets("DESC-9", concat(List.of(), packet, after));
        untouched("DESC-9", bench.harness(), batch.logFrom(), TxBench.REVOKED, TxBench.FOREIGN, TxBench.NEVER);
    }

    @Property
    @Requirement("DESC-17")
    public void required_DESC17_aFragmentOnTheContextsOwnRingPageIsPerPacketErrorAndNeverReadAsData(@ForAll("ringPagePackets") PacketShape packet,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench bench = TxBench.start(provider());
        TxBench.Batch batch = bench.sendPackets("DESC-17", concat(List.of(), packet, after));
        Check.equal("DESC-17", bench.harness(), "verdict of the packet naming a ring page", "DESC-17", batch.outcomes().get(0).rule());
        ringReadsOnly("DESC-17", bench.harness(), batch.logFrom(), TxBench.TX_RING, TxBench.RX_RING);
    }

    @Property
    @Requirement("DESC-10")
    public void required_DESC10_zeroLengthSlotsAreValidAndNeverAccessed(@ForAll("emptyFragmentPackets") PacketShape packet) {
        TxBench bench = TxBench.start(provider());
        TxBench.Batch batch = bench.sendPackets("DESC-10", List.of(packet));
        untouched("DESC-10", bench.harness(), batch.logFrom(), TxBench.REVOKED, TxBench.FOREIGN, TxBench.NEVER);
    }

    @Property
    @Requirement("DESC-11")
    public void required_DESC11_perPacketErrorAnswersEverySlotAndTheRingGoesOn(@ForAll("perPacketErrors") PacketShape bad,
            @ForAll @Size(min = 1, max = 3) List<@From("validPackets") PacketShape> after) {
        TxBench bench = TxBench.start(provider());
        TxBench.Batch batch = bench.sendPackets("DESC-11", concat(List.of(), bad, after));
        Check.that(!batch.fatal(), "DESC-11", bench.harness(), "no fatal error", batch.outcomes());
        // the ring keeps working: one more packet in a later kick
        bench.sendPackets("DESC-11", after.subList(0, 1));
    }

    @Property
    @Requirement({"DESC-12", "RING-8"})
    public void required_DESC12_fatalStopsAtTheOffendingPacketAfterPublishingEarlierResponses(
            @ForAll @Size(min = 1, max = 4) List<@From("validPackets") PacketShape> before, @ForAll("fatalPackets") PacketShape fatal,
            @ForAll @Size(max = 2) List<@From("validPackets") PacketShape> after) {
        TxBench bench = TxBench.start(provider());
        long notified = bench.harness().sink().notifications(TxBench.CTX, Queue.TX);
        TxBench.Batch batch = bench.sendPackets("DESC-12", concat(before, fatal, after));
        Check.that(batch.fatal(), "DESC-12", bench.harness(), "a fatal batch", batch.outcomes());
        // rsp_event was 1 and rsp_prod moved from 0 to the earlier packets' slots: one notification (RING-8)
        long expected = batch.answered() > 0 ? 1 : 0;
        Check.equal("DESC-12", bench.harness(), "TX notifications before the context stopped", expected,
                bench.harness().sink().notifications(TxBench.CTX, Queue.TX) - notified);
        // a kick of the failed context is ignored
        int logAt = bench.harness().log().size();
        bench.harness().kick(TxBench.CTX, Queue.TX);
        Check.that(EventLog.accesses(bench.harness().log().since(logAt)).isEmpty(), "RING-13", bench.harness(),
                "no access at all on a kick of a FAILED context", EventLog.accesses(bench.harness().log().since(logAt)));
    }

    @Property
    @Requirement({"DESC-13", "TX-2", "TX-3"})
    public void required_DESC13_fatalWinsOverPerPacketInAnyMix(@ForAll @Size(min = 1, max = 8) List<@From("anyPackets") PacketShape> packets) {
        TxBench.start(provider()).sendPackets("DESC-13", fit(packets));
    }

    @Property
    @Requirement("DESC-14")
    public void required_DESC14_idsAreEchoedEvenWhenRepeatedOrLarge(@ForAll @Size(min = 1, max = 6) List<@From("validPackets") PacketShape> packets,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int sameId) {
        List<List<TxSlot>> all = new ArrayList<>();
        for (PacketShape packet : packets) {
            List<TxSlot> slots = new ArrayList<>();
            for (TxSlot slot : packet.slots()) {
                slots.add(slot instanceof TxSlot.Data d ? new TxSlot.Data(d.gref(), d.offset(), d.flags(), sameId, d.size()) : slot);
            }
            all.add(slots);
        }
        TxBench.start(provider()).send("DESC-14", all);
    }

    @Property
    @Requirement("DESC-15")
    public void required_DESC15_multicastControlAddsAndDeletesGroups(@ForAll @Size(min = 1, max = 12) List<@From("multicastPackets") PacketShape> packets,
            @ForAll @IntRange(min = 0, max = 2) int slack) {
        TxBench bench = TxBench.start(provider());
        int max = provider().limits().maxMulticastGroups();
        // fill the list up to near its limit first, so "full" is reached
        List<PacketShape> fill = new ArrayList<>();
        for (int k = 0; k < Math.max(0, max - slack) && k < 100; k++) {
            fill.add(new PacketShape(new PacketShape.Fragment(TxBench.READ_ONLY[0], 0, 60, k), k,
                    List.of(TxSlot.Extra.multicast(ExtraInfoLayout.TYPE_MCAST_ADD, new MacAddress(0x01005E100000L + k), false)), List.of(), -1, false));
        }
        if (!fill.isEmpty()) {
            bench.sendPackets("DESC-15", fill);
        }
        bench.sendPackets("DESC-15", fit(packets));
    }

    @Property
    @ProfileGate.NotClaimed("tso")
    @Requirement("DESC-16")
    public void required_DESC16_gsoWithoutTsoIsPerPacketErrorAndHashIsIgnored(@ForAll("gsoPackets") PacketShape gso,
            @ForAll @Size(min = 1, max = 2) List<@From("validPackets") PacketShape> withHash) {
        TxBench.start(provider()).sendPackets("DESC-16", concat(List.of(), gso, withHash));
    }

    // ------------------------------------------------------------------ reading once (DESC-1)

    @Property
    @Requirement("DESC-1")
    public void required_DESC1_aRequestRewrittenAfterTheDeviceReadItChangesNothing(@ForAll @Size(min = 1, max = 5) List<@From("anyPackets") PacketShape> packets,
            @ForAll @IntRange(min = 0, max = 255) int garbage) {
        TxBench bench = TxBench.start(provider());
        Harness harness = bench.harness();
        int ring = bench.guest().txRing();
        Map<Integer, Integer> reads = new HashMap<>();
        List<String> doubles = new ArrayList<>();
        harness.memory().addHook(access -> {
            if (access.kind() == Event.Kind.READ && access.gref() == ring && access.offset() >= SharedRingLayout.ENTRIES && access.status() == 0) {
                byte[] page = harness.memory().page(ring);
                for (int b = access.offset(); b < access.offset() + access.length(); b++) {
                    if (reads.merge(b, 1, Integer::sum) == 2) {
                        doubles.add("byte " + b + " (slot " + (b - SharedRingLayout.ENTRIES) / TxRequestLayout.ENTRY_SIZE + ")");
                    }
                    page[b] = (byte) (page[b] ^ (garbage | 0x81)); // the hostile guest rewrites what was just read
                }
            }
        });
        int start = bench.guest().txReqProdPvt();
        for (PacketShape packet : fit(packets)) {
            bench.writeSource(packet);
            bench.guest().queue(packet.slots());
        }
        List<byte[]> entries = bench.entries(start, bench.guest().txReqProdPvt());
        TxBench.Batch batch = bench.publishAndCheck("DESC-1", start, entries, () -> {
            bench.guest().pushTx();
            harness.kick(TxBench.CTX, Queue.TX);
        });
        harness.memory().clearHooks();
        Check.that(doubles.isEmpty(), "DESC-1", harness, "each request byte read once", "read twice: " + doubles);
        reqProdReadOncePerBatch(harness, bench.guest().txRing(), start, batch.logFrom());
    }

    /**
     * DESC-17: after {@code logFrom} the ring pages were read only as rings are — a 4-byte header
     * field or one whole 12-byte TX entry at an entry boundary — never as packet data.
     */
    static void ringReadsOnly(String rule, Harness harness, int logFrom, int... rings) {
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.kind() != Event.Kind.READ || java.util.Arrays.stream(rings).noneMatch(r -> r == access.gref())) {
                continue;
            }
            boolean header = access.offset() < SharedRingLayout.ENTRIES && access.length() <= 4;
            boolean entry = access.offset() >= SharedRingLayout.ENTRIES && access.length() <= TxRequestLayout.ENTRY_SIZE
                    && (access.offset() - SharedRingLayout.ENTRIES) % TxRequestLayout.ENTRY_SIZE + access.length() <= TxRequestLayout.ENTRY_SIZE;
            Check.that(header || entry, rule, harness, "ring pages read only as ring header fields and entries", access);
        }
    }

    /** Posts the buffers a frame of {@code length} needs, fresh ones except {@code bad} at position {@code badAt} (or the last). */
    private static void postWithOneBad(RxBench bench, int length, int bad, int badAt) {
        int needed = (length + 4095) / 4096;
        int[] grefs = new int[needed];
        int[] ids = new int[needed];
        for (int k = 0; k < needed; k++) {
            grefs[k] = bench.freshBuffer();
            ids[k] = 100 + k;
        }
        grefs[Math.min(badAt, needed - 1)] = bad;
        bench.post(grefs, ids);
    }

    /**
     * DESC-1, req_prod read once per batch: after reading req_prod = P the device reads it again
     * only once it has read every request below P (the batch is done) or after it has written
     * req_event; a read after that starts the next batch. This is how Xen's
     * RING_FINAL_CHECK_FOR_REQUESTS works (a re-read after the batch, then the arm and another).
     * Requests are read in order from {@code start}, request i at 64 + (i mod 256) * 12.
     */
    static void reqProdReadOncePerBatch(Harness harness, int ring, int start, int logFrom) {
        boolean batch = false;
        boolean armed = false;
        int end = start;
        int next = start;
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.gref() != ring) {
                continue;
            }
            if (access.kind() == Event.Kind.WRITE && access.isField(ring, SharedRingLayout.REQ_EVENT)) {
                armed = true;
            } else if (access.kind() == Event.Kind.READ && access.touches(ring, SharedRingLayout.REQ_PROD, 4)) {
                boolean done = Integer.compareUnsigned(next - start, end - start) >= 0;
                Check.that(!batch || done || armed, "DESC-1", harness, "req_prod read once per batch (again only after reading every request below "
                        + Bytes.index(end) + " or after writing req_event)", access + " with request " + Bytes.index(next) + " not yet read");
                batch = true;
                armed = false;
                end = (int) access.value();
            } else if (access.kind() == Event.Kind.READ && access.touches(ring, SharedRingLayout.ENTRIES
                    + (next & (SharedRingLayout.RING_SIZE - 1)) * TxRequestLayout.ENTRY_SIZE, TxRequestLayout.ENTRY_SIZE)) {
                next++;
            }
        }
    }

    @Property
    @Requirement("DESC-1")
    public void required_DESC1_anRxRequestRewrittenAfterTheDeviceReadItChangesNothing(@ForAll @IntRange(min = 14, max = 9000) int length,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int id) {
        RxBench bench = RxBench.start(provider(), 0);
        Harness harness = bench.harness();
        int ring = bench.guest().rxRing();
        harness.memory().addHook(access -> {
            if (access.kind() == Event.Kind.READ && access.gref() == ring && access.offset() >= SharedRingLayout.ENTRIES && access.status() == 0) {
                // point the request at a read-only page and change its id, right after the device read it
                byte[] page = harness.memory().page(ring);
                int entry = access.offset() - (access.offset() - SharedRingLayout.ENTRIES) % RxRequestLayout.ENTRY_SIZE;
                for (int b = access.offset(); b < access.offset() + access.length(); b++) {
                    int field = b - entry;
                    if (field >= RxRequestLayout.GREF) {
                        Bytes.put32(page, entry + RxRequestLayout.GREF, RxBench.READ_ONLY);
                    } else if (field < RxRequestLayout.PAD) {
                        page[b] = (byte) ~page[b];
                    }
                }
            }
        });
        int needed = (length + 4095) / 4096;
        int[] grefs = new int[needed];
        int[] ids = new int[needed];
        for (int k = 0; k < needed; k++) {
            grefs[k] = bench.freshBuffer();
            ids[k] = (id + k) & 0xFFFF;
        }
        bench.post(grefs, ids);
        bench.deliver("DESC-1", 0, RxBench.frame(RxBench.MAC, length, id));
    }

    // ------------------------------------------------------------------ hostile ring bytes

    @Property
    @Requirement({"DESC-13", "MEM-2", "MEM-5"})
    public void required_DESC13_randomRingBytesGetTheSpecsAnswerAndNoForbiddenAccess(@ForAll("randomEntries") List<byte[]> entries) {
        TxBench bench = TxBench.start(provider());
        int start = bench.guest().txReqProdPvt();
        byte[] page = bench.guest().txPage();
        for (int k = 0; k < entries.size(); k++) {
            System.arraycopy(entries.get(k), 0, page, SharedRingLayout.entryOffset(start + k, TxRequestLayout.ENTRY_SIZE), TxRequestLayout.ENTRY_SIZE);
        }
        bench.ownEvery(entries);
        bench.publishAndCheck("DESC-13", start, entries, () -> {
            bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, start + entries.size());
            bench.harness().kick(TxBench.CTX, Queue.TX);
        });
    }

    // ------------------------------------------------------------------ receive

    @Property
    @Requirement({"RX-1", "RX-2"})
    public void required_RX2_aFrameFillsCeilLOver4096BuffersInRingOrder(@ForAll @IntRange(min = 14, max = 65535) int length,
            @ForAll @IntRange(min = 0, max = 3) int extraBuffers, @ForAll @IntRange(min = 0, max = 0xFFFF) int firstId) {
        RxBench bench = RxBench.start(provider(), 0);
        int needed = (length + 4095) / 4096 + extraBuffers;
        int[] grefs = new int[needed];
        int[] ids = new int[needed];
        for (int k = 0; k < needed; k++) {
            grefs[k] = bench.freshBuffer();
            ids[k] = (firstId + 3 * k) & 0xFFFF;
        }
        bench.post(grefs, ids);
        bench.deliver("RX-2", 0, RxBench.frame(RxBench.MAC, length, firstId));
    }

    @Property
    @Requirement({"RX-1", "RX-6"})
    public void required_RX1_framesNoContextOwnsAndRuntsOrGiantsAreDroppedWithoutTouchingAnyContext(
            @ForAll("destinations") MacAddress destination, @ForAll("wireLengths") int length, @ForAll @IntRange(min = 0, max = 2) int port) {
        RxBench bench = RxBench.start(provider(), 0);
        bench.post(new int[] {bench.freshBuffer(), bench.freshBuffer()}, new int[] {1, 2});
        int logAt = bench.harness().log().size();
        bench.deliver("RX-1", port, RxBench.frame(destination, length, 5));
        boolean owned = length >= 14 && length <= 65535 && port == 0
                && (destination.equals(RxBench.MAC) || destination.equals(RxBench.OTHER_MAC));
        if (!owned) {
            Check.that(EventLog.accesses(bench.harness().log().since(logAt)).isEmpty(), length < 14 || length > 65535 ? "RX-6" : "RX-1",
                    bench.harness(), "no guest memory touched for a frame no context receives", EventLog.accesses(bench.harness().log().since(logAt)));
        }
    }

    @Property
    @Requirement("RX-3")
    public void required_RX3_tooFewBuffersDropsTheFrameAndWritesNothing(@ForAll @IntRange(min = 4097, max = 65535) int length,
            @ForAll @IntRange(min = 0, max = 15) int posted) {
        RxBench bench = RxBench.start(provider(), 0);
        int needed = (length + 4095) / 4096;
        Assume.that(posted < needed);
        int[] grefs = new int[posted];
        int[] ids = new int[posted];
        for (int k = 0; k < posted; k++) {
            grefs[k] = bench.freshBuffer();
            ids[k] = k;
        }
        bench.post(grefs, ids);
        int logAt = bench.harness().log().size();
        bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, length, 9));
        for (Event.MemoryAccess access : EventLog.accesses(bench.harness().log().since(logAt))) {
            Check.that(access.kind() == Event.Kind.READ, "RX-3", bench.harness(), "nothing written for a frame without enough buffers", access);
        }
        // the other context is unaffected: a frame for it still counts as its own drop
        bench.deliver("RX-3", 0, RxBench.frame(RxBench.OTHER_MAC, 60, 1));
    }

    @Property
    @Requirement({"RX-3", "RX-2"})
    public void required_RX3_noBufferAtAllDropsAndALaterPostedBufferIsUsed(@ForAll @IntRange(min = 14, max = 4096) int length) {
        RxBench bench = RxBench.start(provider(), 0);
        bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, length, 1));
        bench.post(new int[] {bench.freshBuffer()}, new int[] {7});
        bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, length, 2));
        bench.deliver("RX-3", 0, RxBench.frame(RxBench.MAC, length, 3));
    }

    @Property
    @Requirement({"RX-4", "MEM-3"})
    public void required_RX4_anUnwritableBufferAnswersEverySlotErrorAndWritesNothing(@ForAll @IntRange(min = 14, max = 20000) int length,
            @ForAll("badBuffers") int badBuffer, @ForAll @IntRange(min = 0, max = 4) int badAt) {
        RxBench bench = RxBench.start(provider(), 0);
        postWithOneBad(bench, length, badBuffer, badAt);
        bench.deliver("RX-4", 0, RxBench.frame(RxBench.MAC, length, 4));
        // the ring goes on
        bench.post(new int[] {bench.freshBuffer()}, new int[] {1});
        bench.deliver("RX-4", 0, RxBench.frame(RxBench.MAC, 100, 5));
    }

    @Property
    @Requirement({"RX-7", "RING-10"})
    public void required_RX7_aBufferOnTheContextsOwnRingPageIsABadBufferAndGetsNoFrameBytes(@ForAll @IntRange(min = 14, max = 20000) int length,
            @ForAll boolean txRing, @ForAll @IntRange(min = 0, max = 4) int badAt) {
        RxBench bench = RxBench.start(provider(), 0);
        postWithOneBad(bench, length, txRing ? bench.guest().txRing() : bench.guest().rxRing(), badAt);
        int logFrom = bench.harness().log().size();
        bench.deliver("RX-7", 0, RxBench.frame(RxBench.MAC, length, 4));
        for (Event.MemoryAccess access : EventLog.accesses(bench.harness().log().since(logFrom))) {
            boolean ringPage = access.gref() == bench.guest().txRing() || access.gref() == bench.guest().rxRing();
            Check.that(!(ringPage && access.kind() == Event.Kind.WRITE && access.length() > RxRequestLayout.ENTRY_SIZE), "RX-7", bench.harness(),
                    "no frame bytes written to a ring page", access);
        }
        // the ring goes on
        bench.post(new int[] {bench.freshBuffer()}, new int[] {1});
        bench.deliver("RX-7", 0, RxBench.frame(RxBench.MAC, 100, 5));
    }

    @Property
    @Requirement({"RX-5", "RING-13"})
    public void required_RX5_framesForAFailedContextCountRxDropFailed(@ForAll @IntRange(min = 14, max = 9000) int length,
            @ForAll @IntRange(min = 257, max = 100_000) int hostileReqProd) {
        RxBench bench = RxBench.start(provider(), 0);
        bench.post(new int[] {bench.freshBuffer(), bench.freshBuffer(), bench.freshBuffer()}, new int[] {1, 2, 3});
        // a TX producer index far past the ring makes the context fail (RING-11)
        bench.guest().setHeader(Queue.TX, SharedRingLayout.REQ_PROD, hostileReqProd);
        bench.harness().kick(RxBench.CTX, Queue.TX);
        Check.equal("RX-5", bench.harness(), "state after a hostile TX req_prod", io.netchannel.api.ContextState.FAILED,
                bench.harness().state(RxBench.CTX));
        int logAt = bench.harness().log().size();
        bench.deliver("RX-5", 0, RxBench.frame(RxBench.MAC, length, 6));
        Check.that(EventLog.accesses(bench.harness().log().since(logAt)).isEmpty(), "RX-5", bench.harness(),
                "no access to a FAILED context's pages (RING-13)", EventLog.accesses(bench.harness().log().since(logAt)));
        bench.deliver("RX-5", 0, RxBench.frame(RxBench.OTHER_MAC, 64, 7));
    }

    @Property
    @Requirement({"TX-1", "MEM-8"})
    public void required_TX1_theFrameIsTheBytesAtConsumptionTimeLaterRewritesDoNotMatter(@ForAll @Size(min = 1, max = 3) List<@From("validPackets") PacketShape> packets) {
        TxBench bench = TxBench.start(provider());
        bench.sendPackets("TX-1", packets);
        int frames = bench.harness().sink().frames().size();
        // after the responses the buffers are the guest's again: rewrite and revoke them, kick again
        for (int gref : TxBench.readable()) {
            java.util.Arrays.fill(bench.harness().memory().page(gref), (byte) 0x11);
        }
        int logAt = bench.harness().log().size();
        bench.harness().kick(TxBench.CTX, Queue.TX);
        for (Event.MemoryAccess access : EventLog.accesses(bench.harness().log().since(logAt))) {
            Check.that(access.gref() == bench.guest().txRing(), "MEM-8", bench.harness(),
                    "no access to a TX fragment after its response was published", access);
        }
        Check.equal("TX-1", bench.harness(), "frames after a kick with nothing new", frames, bench.harness().sink().frames().size());
    }

    @Example
    @Requirement({"TX-1", "DESC-2"})
    public void required_TX1_theWorkedExampleOfChapter04Section31() {
        TxBench bench = TxBench.start(provider(), 40);
        int p7 = TxBench.READ_ONLY[0];
        int p8 = TxBench.READ_ONLY[1];
        int p9 = TxBench.READ_ONLY[2];
        List<TxSlot> packet = List.of(new TxSlot.Data(p7, 100, TxRequestLayout.FLAG_MORE_DATA, 1, 3000),
                new TxSlot.Data(p8, 0, TxRequestLayout.FLAG_MORE_DATA, 2, 1500), new TxSlot.Data(p9, 0, 0, 3, 500));
        TxBench.Batch batch = bench.send("TX-1", List.of(packet));
        byte[] frame = bench.harness().sink().frames().get(0).bytes();
        byte[] expected = new byte[3000];
        System.arraycopy(bench.harness().memory().page(p7), 100, expected, 0, 1000);
        System.arraycopy(bench.harness().memory().page(p8), 0, expected, 1000, 1500);
        System.arraycopy(bench.harness().memory().page(p9), 0, expected, 2500, 500);
        Check.that(java.util.Arrays.equals(expected, frame), "TX-1", bench.harness(), "bytes 100..1099 of page 7, 0..1499 of page 8, 0..499 of page 9",
                Bytes.hex(frame, 16));
        Check.equal("TX-1", bench.harness(), "slots answered", 3, batch.answered());
    }

    // ------------------------------------------------------------------ generators

    private static <T> List<T> concat(List<T> before, T one, List<T> after) {
        List<T> all = new ArrayList<>(before);
        all.add(one);
        all.addAll(after);
        return all;
    }

    /** DESC-9 and DESC-10: the device never accesses the given grefs. */
    static void untouched(String rule, Harness harness, int logFrom, int... grefs) {
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            for (int gref : grefs) {
                Check.that(access.gref() != gref, rule, harness, "no access through gref " + gref + " (unusable, or an empty slot's)", access);
            }
        }
    }

    @Provide
    Arbitrary<PacketShape> validPackets() {
        return TxPackets.valid();
    }

    @Provide
    Arbitrary<PacketShape> danglingPackets() {
        return TxPackets.dangling();
    }

    @Provide
    Arbitrary<PacketShape> badExtraPackets() {
        return TxPackets.badExtra();
    }

    @Provide
    Arbitrary<PacketShape> crossingPackets() {
        return TxPackets.crossing();
    }

    @Provide
    Arbitrary<PacketShape> manySlotPackets() {
        return TxPackets.manySlots(16, 24);
    }

    @Provide
    Arbitrary<PacketShape> sizesExceedPackets() {
        return TxPackets.sizesExceed();
    }

    @Provide
    Arbitrary<PacketShape> runtPackets() {
        return TxPackets.runt();
    }

    @Provide
    Arbitrary<PacketShape> unreadablePackets() {
        return TxPackets.unreadable();
    }

    @Provide
    Arbitrary<PacketShape> ringPagePackets() {
        return TxPackets.ringPage();
    }

    @Provide
    Arbitrary<PacketShape> emptyFragmentPackets() {
        return TxPackets.emptyFragments();
    }

    @Provide
    Arbitrary<PacketShape> perPacketErrors() {
        return Arbitraries.oneOf(TxPackets.manySlots(19, 20), TxPackets.sizesExceed(), TxPackets.runt(), TxPackets.unreadable(), TxPackets.ringPage());
    }

    @Provide
    Arbitrary<PacketShape> fatalPackets() {
        return Arbitraries.oneOf(TxPackets.badExtra(), TxPackets.crossing(), TxPackets.manySlots(21, 24));
    }

    @Provide
    Arbitrary<PacketShape> anyPackets() {
        return TxPackets.any(tso());
    }

    @Provide
    Arbitrary<PacketShape> gsoPackets() {
        return TxPackets.gso();
    }

    @Provide
    Arbitrary<PacketShape> multicastPackets() {
        return TxPackets.multicast(6);
    }

    @Provide
    Arbitrary<List<byte[]>> randomEntries() {
        return randomEntry().list().ofMaxSize(40);
    }

    private static Arbitrary<byte[]> randomEntry() {
        Arbitrary<Integer> gref = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, TxPackets.readableGref()),
                net.jqwik.api.Tuple.of(1, TxPackets.unreadableGref()),
                // never the context's own ring pages: what a fragment read from them holds depends on write order the spec leaves open
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().filter(g -> g < 1 || g > 4)));
        return Combinators.combine(gref, Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xF),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 9))
                .as((g, offset, flags, id, size, kind) -> {
                    TxSlot slot = kind < 2 ? TxSlot.Extra.of(kind == 0 ? offset & 7 : ExtraInfoLayout.TYPE_GSO, (flags & 1) != 0, id)
                            : new TxSlot.Data(g, kind < 6 ? offset & 0xFFF : offset, flags, id, kind < 8 ? size & 0x7FF : size);
                    return slot.entry();
                });
    }

    /**
     * The two contexts' MACs, and destinations no context takes (DEMUX-9): a group neither joined
     * (neither is promiscuous nor all-multicast, DEMUX-5) and unicast MACs nobody owns. A broadcast
     * reaches every context of its VLAN (DEMUX-4): chapter 06's properties judge it.
     */
    @Provide
    Arbitrary<MacAddress> destinations() {
        return Arbitraries.of(RxBench.MAC, RxBench.OTHER_MAC, MacAddress.parse("01:00:5e:00:00:01"), MacAddress.parse("33:33:00:00:00:01"),
                MacAddress.parse("02:00:00:00:00:63"), MacAddress.parse("02:00:00:00:00:03"));
    }

    @Provide
    Arbitrary<Integer> wireLengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 13), Arbitraries.integers().between(14, 9000),
                Arbitraries.integers().between(65536, 70000));
    }

    @Provide
    Arbitrary<Integer> badBuffers() {
        return Arbitraries.of(RxBench.READ_ONLY, RxBench.FOREIGN, RxBench.REVOKED, RxBench.NEVER);
    }
}
