package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.RelocationState.Ring;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 12 (relocation) on the fast NIC: worked examples of what an export reports, computed by
 * hand from chapters 09 and 10 (RELOC-2, RELOC-3); every check of an import, alone and in pairs
 * where the first decides (RELOC-5, RELOC-6); what an accepted import does and does not do
 * (RELOC-7, RELOC-9); and a move from one fast NIC to a fresh one over the same guest memory,
 * observed against the device that exported and carried on (RELOC-8).
 */
class RelocationTest {

    private static final int CTX = 1;
    /** 3000 bytes every 2 ms (1.5 bytes per µs), a burst of 70,000 bytes: full = 1.4e11 byte·ns. */
    private static final TxRate RATE = new TxRate(3000, 2_000_000, 70_000);
    private static final MacAddress G1 = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress G2 = MacAddress.parse("01:00:5e:00:00:02");
    private static final MacAddress G3 = MacAddress.parse("01:00:5e:00:00:03");

    private final Fleet fleet = new Fleet();
    private final Traffic traffic = new Traffic(fleet);

    @BeforeEach
    void recordTimes() {
        fleet.sink.clock = () -> fleet.nic.clock(); // the device of the moment, also after a move
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static RelocationState export(NetchannelDevice nic, int context) {
        ControlResult result = nic.control(Caller.HOST, new ControlRequest.ExportContext(context));
        assertThat(result).as("export of context %d", context).isInstanceOf(ControlResult.Exported.class);
        return ((ControlResult.Exported) result).state();
    }

    private ControlResult importAs(Caller caller, int context, RelocationState state) {
        return fleet.nic.control(caller, new ControlRequest.ImportContext(context, state));
    }

    private ControlResult destroy(int context) {
        return fleet.nic.control(Caller.HOST, new ControlRequest.DestroyContext(context));
    }

    /** Every per-context counter: 0 but for the given pairs of counter and value. */
    private static Map<Counter, Long> counters(Object... pairs) {
        Map<Counter, Long> values = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            values.put(counter, 0L);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((Counter) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return values;
    }

    private static RelocationState withHost(RelocationState s, UnaryOperator<ContextConfig.Builder> change) {
        return new RelocationState(change.apply(s.host().toBuilder()).build(), s.guest(), s.runtime());
    }

    private static RelocationState withGuest(RelocationState s, GuestConfig guest) {
        return new RelocationState(s.host(), guest, s.runtime());
    }

    /** A runtime section with some fields replaced (null keeps the field). */
    private static RelocationState withRuntime(RelocationState s, ContextState state, Ring tx, Optional<Credit> credit,
            Completions txCompletions, Completions rxCompletions, Map<Counter, Long> counters, List<Long> hits) {
        RelocationState.Runtime r = s.runtime();
        return new RelocationState(s.host(), s.guest(), new RelocationState.Runtime(state != null ? state : r.state(),
                tx != null ? tx : r.tx(), r.rx(), credit != null ? credit : r.credit(),
                txCompletions != null ? txCompletions : r.txCompletions(),
                rxCompletions != null ? rxCompletions : r.rxCompletions(), counters != null ? counters : r.counters(),
                hits != null ? hits : r.filterHits()));
    }

    private static RejectCategory category(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return ((ControlResult.Rejected) result).category();
    }

    private static String rule(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return ((ControlResult.Rejected) result).rule();
    }

    /** Every granted page's bytes, to show a request wrote nothing. */
    private static List<byte[]> pages(TestMemory memory) {
        List<byte[]> copies = new ArrayList<>();
        for (int gref = 0; gref < 1024; gref++) {
            byte[] page = memory.page(gref);
            copies.add(page == null ? null : page.clone());
        }
        return copies;
    }

    private static void assertSamePages(List<byte[]> before, List<byte[]> after, String why) {
        for (int gref = 0; gref < before.size(); gref++) {
            assertThat(after.get(gref)).as("%s: page %d", why, gref).isEqualTo(before.get(gref));
        }
    }

    /** A TCP segment to {@code context} that LRO holds: ACK only, {@code payload} bytes, checksums right. */
    private static byte[] segment(int context, int payload, long seq, int id, int flags) {
        Frames flow = new Frames();
        flow.destination = Fleet.mac(context);
        flow.source = Frames.PEER;
        flow.payload(payload, (int) seq);
        flow.seq = seq;
        flow.id = id;
        flow.flags = Frames.ACK | flags;
        return flow.build();
    }

    // ------------------------------------------------------------------ RELOC-1, export's checks

    @Test
    void required_RELOC1_theFastNicClaimsRelocationAndNeverAnswersItNotSupported() {
        assertThat(new FastNicProvider().profiles()).contains(io.netchannel.api.Profile.RELOCATION);
        fleet.create(CTX, Fleet.config(CTX));
        RelocationState s = export(fleet.nic, CTX);
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
    }

    @Test
    void required_RELOC2_exportChecksRunInOrder() {
        fleet.create(CTX, Fleet.config(CTX));
        // 1: the caller is the host, before anything else: also the context's own guest, also out of range.
        for (int context : new int[] {CTX, 7, -1, 4096}) {
            ControlResult result = fleet.nic.control(Caller.guest(CTX), new ControlRequest.ExportContext(context));
            assertThat(category(result)).as("guest exports %d", context).isEqualTo(RejectCategory.PRIVILEGE);
        }
        // 3: the id is in range, before existence.
        assertThat(category(fleet.nic.control(Caller.HOST, new ControlRequest.ExportContext(-1)))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(fleet.nic.control(Caller.HOST, new ControlRequest.ExportContext(4096)))).isEqualTo(RejectCategory.INVALID_CONFIG);
        // 4: the context exists.
        assertThat(category(fleet.nic.control(Caller.HOST, new ControlRequest.ExportContext(7)))).isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
    }

    // ------------------------------------------------------------------ RELOC-2, RELOC-3: worked examples

    /**
     * Chapter 09 by hand. Full = 70,000 · 2,000,000 = 140,000,000,000. At 0 a 65,535-byte packet
     * pays 131,070,000,000 and leaves: 8,930,000,000 left. A 10,000-byte packet needs
     * 20,000,000,000: held, due 0 + ceil(11,070,000,000 / 3000) = 3,690,000. At 1,000,000 the level
     * is 8,930,000,000 + 1,000,000 · 3000 = 11,930,000,000 and the walk resumes 2,690,000 ns later.
     */
    @Test
    void required_RELOC2_aContextWaitingForCreditExportsItsLevelAndTheWaitLeft() {
        ContextConfig host = Fleet.config(CTX).txRate(RATE).build();
        fleet.create(CTX, host.toBuilder());
        traffic.send(CTX, 65_535); // 16 slots
        traffic.send(CTX, 10_000);
        assertThat(fleet.sink.frames).hasSize(1);
        fleet.nic.advanceTo(1_000_000);

        RelocationState s = export(fleet.nic, CTX);

        assertThat(s.host()).isEqualTo(host);
        assertThat(s.guest()).isEqualTo(GuestConfig.DEFAULT);
        RelocationState.Runtime r = s.runtime();
        assertThat(r.state()).isEqualTo(ContextState.ACTIVE);
        assertThat(r.credit()).contains(new Credit(11_930_000_000L, OptionalLong.of(2_690_000)));
        assertThat(r.tx()).isEqualTo(new Ring(256, 16));
        assertThat(r.rx()).isEqualTo(new Ring(256, 0));
        assertThat(r.txCompletions()).isEqualTo(Completions.settledAt(16));
        assertThat(r.rxCompletions()).isEqualTo(Completions.settledAt(0));
        assertThat(r.counters()).isEqualTo(counters(Counter.TX_FRAMES, 1, Counter.TX_BYTES, 65_535, Counter.TX_RATE_LIMITED, 1));
        assertThat(r.filterHits()).containsExactly(1L); // the default's; the held packet is not counted yet

        // RELOC-3: a snapshot, not a move. The wait runs on to its due time, counted once.
        fleet.nic.advanceTo(3_689_999);
        assertThat(fleet.sink.frames).hasSize(1);
        fleet.nic.advanceTo(3_690_000);
        assertThat(fleet.sink.frames).hasSize(2);
        assertThat(fleet.sink.events).containsExactly("wire 65535", "1/TX", "wire 10000");
        assertThat(fleet.sink.times).containsExactly(0L, 0L, 3_690_000L);
        assertThat(fleet.nic.counter(CTX, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        assertThat(export(fleet.nic, CTX).runtime().credit()).as("the bucket paid 20e9 at 3.69 ms: empty, no wait")
                .contains(new Credit(0, OptionalLong.empty()));
    }

    /**
     * Chapter 10, section 4.1's first rows: RX (4, 50,000), frames at 1,000 and 2,000. Exported at
     * 30,000: D = 0, 2 pending, the first 29,000 ns old. The importing device at 30,000 decides at
     * 30,000 − 29,000 + 50,000 = 51,000, as the source would.
     */
    @Test
    void required_RELOC2_RELOC7_aQueueMidDelayCarriesItsPendingCompletionsAndTheirAge() {
        fleet.create(CTX, Fleet.config(CTX));
        fleet.guest(CTX, GuestConfig.builder().coalescing(Queue.RX, new Coalescing(4, 50_000)).build());
        byte[] frame = Rig.frameTo(Fleet.mac(CTX), 100);
        fleet.nic.advanceTo(1_000);
        fleet.post(CTX);
        fleet.wire(frame);
        fleet.nic.advanceTo(2_000);
        fleet.post(CTX);
        fleet.wire(frame);
        fleet.nic.advanceTo(30_000);

        RelocationState s = export(fleet.nic, CTX);
        assertThat(s.runtime().rx()).isEqualTo(Ring.at(2));
        assertThat(s.runtime().rxCompletions()).isEqualTo(new Completions(0, 2, 29_000));
        assertThat(s.runtime().txCompletions()).isEqualTo(Completions.settledAt(0));
        assertThat(s.runtime().credit()).isEmpty();
        assertThat(s.runtime().counters()).isEqualTo(counters(Counter.RX_FRAMES, 2, Counter.RX_BYTES, 200));
        assertThat(s.guest().rxCoalescing()).isEqualTo(new Coalescing(4, 50_000));

        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        fleet.moveTo().advanceTo(30_000);
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
        fleet.nic.advanceTo(50_999);
        assertThat(fleet.sink.notifications).isEmpty();
        fleet.nic.advanceTo(60_000);
        assertThat(fleet.sink.notifications).containsExactly("1/RX");
        assertThat(fleet.sink.times).containsExactly(51_000L);
        assertThat(export(fleet.nic, CTX).runtime().rxCompletions()).isEqualTo(Completions.settledAt(2));
    }

    /** One history with LRO holding a segment, ended by an export or by an update that changes nothing. */
    private static List<Object> lroHistory(boolean byExport) {
        Fleet f = new Fleet();
        f.sink.clock = f.nic::clock;
        f.create(CTX, Fleet.config(CTX));
        f.guest(CTX, GuestConfig.builder().offloads(new Offloads(true, 10_000)).build());
        int buffer = f.post(CTX);
        f.post(CTX);
        f.nic.advanceTo(1_000);
        byte[] held = segment(CTX, 100, 1_000_000, 7, 0);
        f.wire(held);
        assertThat(Pages.rspProd(f.rx(CTX))).as("LRO holds the candidate").isZero();
        f.nic.advanceTo(4_000);
        List<Object> seen = new ArrayList<>();
        if (byExport) {
            RelocationState s = export(f.nic, CTX);
            assertThat(s.runtime().rx()).isEqualTo(Ring.at(1));
            assertThat(s.runtime().rxCompletions()).isEqualTo(Completions.settledAt(1));
            assertThat(s.runtime().counters()).isEqualTo(counters(Counter.RX_FRAMES, 1, Counter.RX_BYTES, held.length));
            assertThat(s.guest().offloads()).isEqualTo(new Offloads(true, 10_000));
        } else {
            assertThat(f.update(CTX, Fleet.config(CTX))).isEqualTo(ControlResult.OK);
        }
        assertThat(f.received(buffer)).as("the held segment, byte for byte (LRO-5)").isEqualTo(held);
        f.nic.advanceTo(20_000); // the aggregate's timer went with it: nothing more happens
        seen.add(f.sink.events);
        seen.add(f.sink.times);
        seen.add(Arrays.asList(pages(f.memory).stream().map(p -> p == null ? "" : Arrays.toString(p)).toArray()));
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            seen.add(counter + "=" + f.nic.counter(CTX, counter));
        }
        return seen;
    }

    @Test
    void required_RELOC3_exportFlushesTheHeldAggregateAsTheStartOfAnUpdateDoes() {
        List<Object> exported = lroHistory(true);
        assertThat(exported.get(0)).as("delivered and notified at the export").isEqualTo(List.of("1/RX"));
        assertThat(exported.get(1)).isEqualTo(List.of(4_000L));
        assertThat(exported).isEqualTo(lroHistory(false));
    }

    @Test
    void required_RELOC2_theGuestSectionIsTheGuestsConfigurationAsItStandsNow() {
        fleet.create(CTX, Fleet.config(CTX).promiscuousAllowed(true));
        GuestConfig set = GuestConfig.builder().promiscuous(true).join(G1).join(G2).join(G1).join(G3)
                .coalescing(Queue.TX, new Coalescing(0, 5_000)).build();
        fleet.guest(CTX, set);
        assertThat(export(fleet.nic, CTX).guest()).as("duplicates collapsed where they first appear")
                .isEqualTo(set.withMulticast(List.of(G1, G2, G3)));
        // DESC-15 in band: leaving keeps the order of the rest, joining appends.
        traffic.queueMulticast(CTX, ExtraInfoLayout.TYPE_MCAST_DEL, G1);
        traffic.queueMulticast(CTX, ExtraInfoLayout.TYPE_MCAST_ADD, G1);
        traffic.kick(CTX);
        assertThat(export(fleet.nic, CTX).guest().multicast()).containsExactly(G2, G3, G1);
        // PRIV-10: an update that withdraws the right switches promiscuous off; the host section is the update's.
        assertThat(fleet.update(CTX, Fleet.config(CTX))).isEqualTo(ControlResult.OK);
        RelocationState s = export(fleet.nic, CTX);
        assertThat(s.guest().promiscuous()).isFalse();
        assertThat(s.host()).isEqualTo(Fleet.config(CTX).build());
        assertThat(s.runtime().tx()).isEqualTo(Ring.at(4));
        assertThat(s.runtime().counters()).isEqualTo(counters());
    }

    @Test
    void required_RELOC2_aFailedContextExportsFailedAndNothingPending() {
        fleet.create(CTX, Fleet.config(CTX).txRate(RATE));
        fleet.guest(CTX, GuestConfig.builder().coalescing(Queue.TX, new Coalescing(8, 100_000)).build());
        traffic.send(CTX, 100);
        Pages.setReqProd(fleet.tx(CTX), 300); // RING-11
        fleet.nic.kick(CTX, Queue.TX);
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        RelocationState s = export(fleet.nic, CTX);
        assertThat(s.runtime().state()).isEqualTo(ContextState.FAILED);
        assertThat(s.runtime().txCompletions()).as("COAL-9: discarded").isEqualTo(new Completions(0, 0, 0));
        assertThat(s.runtime().tx()).isEqualTo(Ring.at(1));
        assertThat(s.runtime().credit()).contains(new Credit(140_000_000_000L - 100 * 2_000_000L, OptionalLong.empty()));
        assertThat(s.runtime().counters()).isEqualTo(counters(Counter.TX_FRAMES, 1, Counter.TX_BYTES, 100, Counter.FATAL_ERRORS, 1));
        assertThat(fleet.nic.state(CTX)).as("RELOC-3").isEqualTo(ContextState.FAILED);

        // A FAILED state skips step 9: the shared indices are the reset's to judge (req_prod is still 300 ahead).
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        fleet.moveTo();
        List<byte[]> before = pages(fleet.memory);
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
        assertSamePages(before, pages(fleet.memory), "RELOC-7");
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        assertThat(export(fleet.nic, CTX)).isEqualTo(s);
        // The same document marked ACTIVE is stale and refused.
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        assertThat(category(importAs(Caller.HOST, CTX, withRuntime(s, ContextState.ACTIVE, null, null, null, null, null, null))))
                .isEqualTo(RejectCategory.BAD_RING);
    }

    // ------------------------------------------------------------------ RELOC-5, RELOC-6: import's checks

    /**
     * Context 1 with a limit, a TX rule, coalescing and groups, exported and destroyed: a document its
     * rings still match. Context 2 stays, owning 02:00:00:00:00:02.
     */
    private RelocationState exportedAndDestroyed() {
        fleet.create(2, Fleet.config(2));
        fleet.create(CTX, Fleet.config(CTX).txRate(RATE).txRule(FilterRule.drop(FilterMatch.builder().etherType(0x0800).build())));
        fleet.guest(CTX, GuestConfig.builder().join(G1).coalescing(Queue.TX, new Coalescing(8, 100_000)).build());
        traffic.send(CTX, 100);
        fleet.nic.advanceTo(10_000);
        RelocationState s = export(fleet.nic, CTX);
        assertThat(s.runtime().txCompletions()).isEqualTo(new Completions(0, 1, 10_000));
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        return s;
    }

    /** Imports {@code s} into {@code context} as {@code caller}, expects a refusal, and checks it changed nothing. */
    private ControlResult refused(Caller caller, int context, RelocationState s) {
        List<byte[]> before = pages(fleet.memory);
        int events = fleet.sink.events.size();
        ControlResult result = importAs(caller, context, s);
        assertThat(result).isNotEqualTo(ControlResult.OK);
        assertSamePages(before, pages(fleet.memory), "PRIV-8: a refused import writes nothing");
        assertThat(fleet.sink.events).hasSize(events);
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.ABSENT);
        assertThat(fleet.nic.counter(CTX, Counter.TX_FRAMES)).isZero();
        return result;
    }

    @Test
    void required_RELOC5_eachImportCheckAnswersItsCategoryAndChangesNothing() {
        RelocationState s = exportedAndDestroyed();
        Completions none = Completions.settledAt(0);
        // 1: privilege, the context's own guest too (RELOC-6 does not make the guest a host).
        assertThat(category(refused(Caller.guest(CTX), CTX, s))).isEqualTo(RejectCategory.PRIVILEGE);
        // 3: the id's range.
        assertThat(category(refused(Caller.HOST, -1, s))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(refused(Caller.HOST, 4096, s))).isEqualTo(RejectCategory.INVALID_CONFIG);
        // 4: the context does not exist.
        assertThat(category(refused(Caller.HOST, 2, s))).isEqualTo(RejectCategory.CONTEXT_EXISTS);
        // 5: a create's steps 4 to 4d on the host section.
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.macs(List.of()))))).isEqualTo("PRIV-6");
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.macs(List.of(G1)))))).isEqualTo("PRIV-6");
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.macs(List.of(Fleet.mac(2))))))).isEqualTo("PRIV-6");
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.vlan(new VlanPolicy.Access(4095)))))).isEqualTo("DEMUX-13");
        ControlResult badRate = refused(Caller.HOST, CTX, withHost(s, b -> b.txRate(new TxRate(0, 1, 70_000))));
        assertThat(rule(badRate)).isEqualTo("QOS-2");
        assertThat(category(badRate)).isEqualTo(RejectCategory.INVALID_CONFIG);
        // 6: the guest section as a SetGuestConfig from Caller.guest(c), against the imported host section.
        ControlResult promiscuous = refused(Caller.HOST, CTX, withGuest(s, s.guest().withPromiscuous(true)));
        assertThat(category(promiscuous)).as("RELOC-6: a tampered guest section").isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(rule(promiscuous)).isEqualTo("PRIV-4");
        assertThat(rule(refused(Caller.HOST, CTX, withGuest(s, s.guest().withMulticast(List.of(Rig.MAC)))))).isEqualTo("PRIV-6");
        assertThat(rule(refused(Caller.HOST, CTX, withGuest(s, s.guest().withCoalescing(Queue.RX, new Coalescing(-1, 5))))))
                .isEqualTo("COAL-2");
        assertThat(rule(refused(Caller.HOST, CTX, withGuest(s, s.guest().withOffloads(new Offloads(false, -1)))))).isEqualTo("OFF-2");
        // 7: a runtime section export could not have produced.
        List<RelocationState> malformed = List.of(
                withRuntime(s, ContextState.ABSENT, null, null, null, null, null, null),
                withRuntime(s, null, new Ring(512, 1), null, null, null, null, null),
                withRuntime(s, null, null, Optional.empty(), null, null, null, null),
                withHost(s, b -> b.txRate(TxRate.UNLIMITED)),
                withRuntime(s, null, null, Optional.of(new Credit(140_000_000_001L, OptionalLong.empty())), null, null, null, null),
                withRuntime(s, null, null, Optional.of(new Credit(-1, OptionalLong.empty())), null, null, null, null),
                withRuntime(s, null, null, Optional.of(new Credit(0, OptionalLong.of(0))), null, null, null, null),
                withRuntime(s, null, null, null, new Completions(0, -1, 0), null, null, null),
                withRuntime(s, null, null, null, new Completions(0, 1, -1), null, null, null),
                withRuntime(s, null, null, null, new Completions(0, 0, 5), null, null, null),
                withRuntime(s, null, null, null, new Completions(0, 8, 10), null, null, null),
                withRuntime(s, null, null, null, new Completions(0, 1, 100_000), null, null, null),
                withRuntime(s, null, null, null, null, new Completions(0, 1, 10), null, null), // RX is immediate
                withRuntime(s, ContextState.FAILED, null, Optional.of(new Credit(0, OptionalLong.of(5))), none, null, null, null),
                withRuntime(s, ContextState.FAILED, null, null, null, null, null, null), // TX has one pending
                withRuntime(s, null, null, null, null, null, Map.of(Counter.TX_FRAMES, 1L), null),
                withRuntime(s, null, null, null, null, null, counters(Counter.RX_BYTES, -1), null),
                withRuntime(s, null, null, null, null, null, null, List.of(0L)),
                withRuntime(s, null, null, null, null, null, null, List.of(0L, 1L, 2L)),
                withRuntime(s, null, null, null, null, null, null, List.of(-1L, 1L)));
        for (RelocationState bad : malformed) {
            ControlResult result = refused(Caller.HOST, CTX, bad);
            assertThat(category(result)).as("%s", bad.runtime()).isEqualTo(RejectCategory.INVALID_CONFIG);
            assertThat(rule(result)).as("%s", bad.runtime()).isIn("RELOC-5", "QOS-2");
        }
        // 8: the ring grants, READ_WRITE for c and two pages (MEM-6).
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.rxRingGref(Fleet.txRing(CTX)))))).isEqualTo("MEM-6");
        assertThat(rule(refused(Caller.HOST, CTX, withHost(s, b -> b.txRingGref(Fleet.txRing(2)))))).isEqualTo("MEM-6");
        // 9: the shared rsp_prod is the document's, and req_prod at most a ring ahead.
        ControlResult stale = refused(Caller.HOST, CTX, withRuntime(s, null, Ring.at(0), null, null, null, null, null));
        assertThat(category(stale)).isEqualTo(RejectCategory.BAD_RING);
        assertThat(rule(stale)).isEqualTo("RELOC-5");
        Pages.setReqProd(fleet.rx(CTX), 257);
        assertThat(category(refused(Caller.HOST, CTX, s))).isEqualTo(RejectCategory.BAD_RING);
        Pages.setReqProd(fleet.rx(CTX), 256); // a full ring is fine
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
    }

    @Test
    void required_RELOC5_aRequestBreakingTwoChecksIsAnsweredByTheFirst() {
        RelocationState s = exportedAndDestroyed();
        RelocationState badMac = withHost(s, b -> b.macs(List.of(Fleet.mac(2))));
        RelocationState promiscuous = withGuest(s, s.guest().withPromiscuous(true));
        RelocationState pendingOnImmediate = withRuntime(s, null, null, null, null, new Completions(0, 1, 10), null, null);
        // 1 before 3, 4 and 5.
        assertThat(category(refused(Caller.guest(CTX), 4096, s))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(refused(Caller.guest(2), 2, badMac))).isEqualTo(RejectCategory.PRIVILEGE);
        // 3 before 5; 4 before 5.
        assertThat(rule(refused(Caller.HOST, 4096, badMac))).isEqualTo("PRIV-5");
        assertThat(category(refused(Caller.HOST, 2, badMac))).isEqualTo(RejectCategory.CONTEXT_EXISTS);
        // 5 before 6: INVALID_CONFIG, not PRIVILEGE.
        RelocationState badMacAndPromiscuous = withGuest(badMac, promiscuous.guest());
        assertThat(category(refused(Caller.HOST, CTX, badMacAndPromiscuous))).isEqualTo(RejectCategory.INVALID_CONFIG);
        // 6 before 7: PRIVILEGE, not INVALID_CONFIG.
        RelocationState promiscuousAndPending = withGuest(pendingOnImmediate, promiscuous.guest());
        assertThat(category(refused(Caller.HOST, CTX, promiscuousAndPending))).isEqualTo(RejectCategory.PRIVILEGE);
        // 7 before 8: INVALID_CONFIG, not BAD_RING.
        RelocationState pendingAndOneRing = withHost(pendingOnImmediate, b -> b.rxRingGref(Fleet.txRing(CTX)));
        assertThat(category(refused(Caller.HOST, CTX, pendingAndOneRing))).isEqualTo(RejectCategory.INVALID_CONFIG);
        // 8 before 9: MEM-6, not the stale position.
        RelocationState oneRingAndStale = withRuntime(withHost(s, b -> b.rxRingGref(Fleet.txRing(CTX))), null, Ring.at(0), null,
                null, null, null, null);
        assertThat(rule(refused(Caller.HOST, CTX, oneRingAndStale))).isEqualTo("MEM-6");
        // 9 and 10: fill the device (64 live contexts: 0, 2 to 63, and 64 on rings of its own), then a
        // stale document is still BAD_RING.
        fleet.create(0, Fleet.config(0));
        for (int c = 3; c < 64; c++) {
            fleet.create(c, Fleet.config(c));
        }
        fleet.memory.grant(900, 64, Access.READ_WRITE);
        fleet.memory.grant(901, 64, Access.READ_WRITE);
        ContextConfig last = ContextConfig.builder().mac(Fleet.mac(64)).txRingGref(900).rxRingGref(901).build();
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.CreateContext(64, last))).isEqualTo(ControlResult.OK);
        assertThat(fleetLive()).isEqualTo(FastNicProvider.LIMITS.maxContexts());
        RelocationState stale = withRuntime(s, null, Ring.at(0), null, null, null, null, null);
        assertThat(category(refused(Caller.HOST, CTX, stale))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(refused(Caller.HOST, CTX, s)).as("10: PRIV-7").isInstanceOf(ControlResult.NoContextAvailable.class);
        assertThat(destroy(2)).isEqualTo(ControlResult.OK);
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
    }

    private int fleetLive() {
        int live = 0;
        for (int c = 0; c <= 80; c++) {
            live += fleet.nic.state(c) == ContextState.ABSENT ? 0 : 1;
        }
        return live;
    }

    @Test
    void required_RELOC5_aDocumentMadeStaleByADeliveryIsBadRingAndAFreshExportImports() {
        fleet.create(CTX, Fleet.config(CTX));
        fleet.post(CTX);
        RelocationState first = export(fleet.nic, CTX);
        fleet.wire(Rig.frameTo(Fleet.mac(CTX), 100)); // the source carries on: the RX ring moves to 1
        RelocationState second = export(fleet.nic, CTX);
        assertThat(second.runtime().rx()).isEqualTo(Ring.at(1));
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        fleet.moveTo();
        ControlResult stale = refused(Caller.HOST, CTX, first);
        assertThat(category(stale)).isEqualTo(RejectCategory.BAD_RING);
        assertThat(importAs(Caller.HOST, CTX, second)).isEqualTo(ControlResult.OK);
    }

    // ------------------------------------------------------------------ RELOC-7, RELOC-9

    /** A rich state on the fleet's device: waiting for credit, both queues mid-delay, groups, rules, counters. */
    private void richHistory() {
        fleet.create(CTX, Fleet.config(CTX).txRate(RATE).promiscuousAllowed(true)
                .txRule(FilterRule.drop(FilterMatch.builder().etherType(0x0800).build())));
        fleet.guest(CTX, GuestConfig.builder().join(G2).join(G1).allMulticast(true)
                .coalescing(Queue.TX, new Coalescing(3, 40_000)).coalescing(Queue.RX, new Coalescing(4, 50_000))
                .offloads(new Offloads(true, 10_000)).build());
        for (int i = 0; i < 12; i++) {
            fleet.post(CTX);
        }
        traffic.send(CTX, 65_535); // leaves at 0: TX pending 1, first 0
        traffic.send(CTX, 10_000); // held until 3,690,000
        fleet.nic.advanceTo(1_000);
        fleet.wire(Rig.frameTo(Fleet.mac(CTX), 100)); // not a TCP candidate: delivered, RX pending 1, first 1,000
        fleet.nic.advanceTo(2_000);
        fleet.wire(segment(CTX, 100, 5_000_000, 40, 0)); // held by LRO, due 12,000
        fleet.nic.advanceTo(5_000);
    }

    @Test
    void required_RELOC7_RELOC9_anImportWritesNothingAndExportsWhatItImported() {
        richHistory();
        RelocationState s = export(fleet.nic, CTX); // flushes the held segment: RX pending 2
        assertThat(s.runtime().rxCompletions()).isEqualTo(new Completions(0, 2, 4_000));
        assertThat(s.runtime().txCompletions()).isEqualTo(new Completions(0, 1, 5_000));
        assertThat(s.runtime().credit()).contains(new Credit(8_930_000_000L + 5_000L * 3000, OptionalLong.of(3_685_000)));
        assertThat(s.guest().multicast()).containsExactly(G2, G1);
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);

        // On a device whose clock reads something else entirely (RELOC-4).
        fleet.moveTo().advanceTo(777_777_777);
        List<byte[]> before = pages(fleet.memory);
        int events = fleet.sink.events.size();
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
        assertSamePages(before, pages(fleet.memory), "RELOC-7: no guest-memory write, req_event included");
        assertThat(fleet.sink.events).as("RELOC-7: no decision, no walk").hasSize(events);
        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.ACTIVE);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            assertThat(fleet.nic.counter(CTX, counter)).as("%s", counter).isEqualTo(s.runtime().counter(counter));
        }
        assertThat(fleet.nic.filterHits(CTX, 1)).isEqualTo(1);

        assertThat(export(fleet.nic, CTX)).as("RELOC-9").isEqualTo(s);
        assertThat(fleet.sink.events).hasSize(events);
        // The deadlines fall where the document puts them: TX at 35,000 after the import, RX at 46,000.
        fleet.nic.advanceTo(777_777_777 + 34_999);
        assertThat(fleet.sink.events).hasSize(events);
        fleet.nic.advanceTo(777_777_777 + 46_000);
        assertThat(fleet.sink.events.subList(events, fleet.sink.events.size())).containsExactly("1/TX", "1/RX");
        assertThat(fleet.sink.times.subList(events, fleet.sink.times.size())).containsExactly(777_777_777L + 35_000, 777_777_777L + 46_000);
    }

    // ------------------------------------------------------------------ RELOC-8

    /** What a guest and the wire can observe from export on: events and times, frames, every page, counters, filter hits. */
    private List<Object> observations(int fromEvent, int fromFrame) {
        List<Object> seen = new ArrayList<>();
        seen.add(List.copyOf(fleet.sink.events.subList(fromEvent, fleet.sink.events.size())));
        seen.add("times " + fleet.sink.times.subList(fromEvent, fleet.sink.times.size()));
        for (byte[] frame : fleet.sink.frames.subList(fromFrame, fleet.sink.frames.size())) {
            seen.add("frame " + Arrays.toString(frame));
        }
        List<byte[]> pages = pages(fleet.memory);
        for (int gref = 0; gref < pages.size(); gref++) {
            seen.add("page " + gref + " " + (pages.get(gref) == null ? "never granted" : Arrays.toString(pages.get(gref))));
        }
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            seen.add(counter + "=" + fleet.nic.counter(CTX, counter));
        }
        seen.add("hits=" + fleet.nic.filterHits(CTX, 0) + "," + fleet.nic.filterHits(CTX, 1));
        seen.add(fleet.nic.state(CTX));
        return seen;
    }

    /** The future after the export at 5,000: time, wire frames, kicks, posts, re-arms, a guest change. */
    private void future() {
        fleet.nic.advanceTo(30_000);
        fleet.wire(Rig.frameTo(G2, 80)); // a joined group: RX pending 3
        Pages.setRspEvent(fleet.rx(CTX), Pages.rspProd(fleet.rx(CTX)) + 1); // the guest re-arms
        fleet.nic.advanceTo(45_000); // the TX deadline at 40,000 notifies
        traffic.send(CTX, 200); // behind the held packet: the walk stops there again, counted once
        fleet.nic.advanceTo(60_000); // the RX deadline at 51,000
        fleet.wire(segment(CTX, 1448, 9_000_000, 100, 0));
        fleet.wire(segment(CTX, 1448, 9_001_448, 101, 0)); // merges
        fleet.nic.advanceTo(65_000);
        fleet.wire(Rig.frameTo(Fleet.mac(CTX), 300)); // flushes the aggregate first (LRO-4)
        Pages.setRspEvent(fleet.tx(CTX), Pages.rspProd(fleet.tx(CTX)) + 1);
        fleet.guest(CTX, GuestConfig.builder().join(G1).coalescing(Queue.TX, new Coalescing(2, 40_000)).build()); // COAL-7
        fleet.nic.advanceTo(4_000_000); // resumes at 3,690,000; the 200-byte packet waits for its own credit
        traffic.queueMulticast(CTX, ExtraInfoLayout.TYPE_MCAST_DEL, G1);
        traffic.send(CTX, 1_000);
        fleet.nic.advanceTo(9_000_000);
        fleet.wire(Rig.frameTo(G1, 64)); // left the group: dropped
        fleet.wire(Rig.frameTo(G2, 64)); // allMulticast is off now, G2 was not rejoined: dropped
    }

    private List<Object> moveOrStay(boolean move) {
        fleet.sink.clock = () -> fleet.nic.clock();
        richHistory();
        RelocationState s = export(fleet.nic, CTX); // at 5,000
        int fromEvent = fleet.sink.events.size();
        int fromFrame = fleet.sink.frames.size();
        if (move) {
            assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
            fleet.moveTo().advanceTo(5_000);
            assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
        }
        future();
        assertThat(fleet.memory.findings()).isEmpty();
        return observations(fromEvent, fromFrame);
    }

    @Test
    void required_RELOC8_aGuestMovedToAFreshFastNicObservesWhatItWouldHaveObservedWithoutMoving() {
        List<Object> stayed = new RelocationTest().moveOrStay(false);
        List<Object> moved = new RelocationTest().moveOrStay(true);
        @SuppressWarnings("unchecked")
        List<String> events = (List<String>) stayed.get(0);
        assertThat(events).as("a future worth comparing").contains("1/TX", "1/RX").filteredOn(e -> e.startsWith("wire")).hasSize(3);
        assertThat(moved).hasSameSizeAs(stayed);
        for (int i = 0; i < stayed.size(); i++) {
            String what = String.valueOf(stayed.get(i));
            assertThat(moved.get(i)).as("RELOC-8, moved vs stayed: %s", what.substring(0, Math.min(what.length(), 40)))
                    .isEqualTo(stayed.get(i));
        }
    }

    // ------------------------------------------------------------------ allocation

    @Test
    void required_RELOC7_anImportedContextWithLroOnMerges() {
        // Its staging buffer is allocated by the import's guest section, as a SetGuestConfig does (LRO-1).
        fleet.create(CTX, Fleet.config(CTX));
        fleet.guest(CTX, GuestConfig.builder().offloads(new Offloads(false, 10_000)).build());
        RelocationState s = export(fleet.nic, CTX);
        assertThat(destroy(CTX)).isEqualTo(ControlResult.OK);
        fleet.moveTo();
        assertThat(importAs(Caller.HOST, CTX, s)).isEqualTo(ControlResult.OK);
        for (int i = 0; i < 4; i++) {
            fleet.post(CTX);
        }
        fleet.wire(segment(CTX, 1000, 1, 1, 0));
        fleet.wire(segment(CTX, 1000, 1001, 2, Frames.PSH));
        assertThat(fleet.nic.counter(CTX, Counter.RX_FRAMES)).isEqualTo(2);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("one merged delivery: a data slot and the GSO extra").isEqualTo(2);
    }
}
