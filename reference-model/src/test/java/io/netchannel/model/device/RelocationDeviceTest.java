package io.netchannel.model.device;

import static io.netchannel.model.device.Documents.export;
import static io.netchannel.model.device.Documents.importInto;
import static io.netchannel.model.device.Documents.settled;
import static io.netchannel.model.device.Documents.withCounters;
import static io.netchannel.model.device.Documents.withCredit;
import static io.netchannel.model.device.Documents.withFilterHits;
import static io.netchannel.model.device.Documents.withRuntime;
import static io.netchannel.model.device.Documents.withRx;
import static io.netchannel.model.device.Documents.withRxCompletions;
import static io.netchannel.model.device.Documents.withState;
import static io.netchannel.model.device.Documents.withTx;
import static io.netchannel.model.device.Documents.withTxCompletions;
import static io.netchannel.model.device.Documents.zeros;
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
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.RelocationState.Ring;
import io.netchannel.api.RelocationState.Runtime;
import io.netchannel.api.TxRate;
import io.netchannel.model.offload.TestFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Chapter 12 on the whole device: export's worked examples (RELOC-2 to RELOC-4, by hand from
 * chapter 09's and 10's formulas), the checks of an import in their order (RELOC-1, RELOC-5,
 * RELOC-6), the imported context (RELOC-7) and the fixed point (RELOC-9). The usual limit is 1000
 * bytes per millisecond with the smallest burst: level unit byte·ns, 1000 per ns of accrual,
 * capacity 65535·10^6.
 */
class RelocationDeviceTest {

    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    private static final long CAPACITY = 65_535L * 1_000_000;
    private static final long FLUSH = 50_000;
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private static ContextConfig limited(int context) {
        return Rig.config(context).toBuilder().txRate(RATE).build();
    }

    private static byte[] packet(int context, int length) {
        return Rig.frame(MacAddress.BROADCAST, Rig.mac(context), length);
    }

    private static Map<Counter, Long> counters(Object... pairs) {
        Map<Counter, Long> counters = zeros();
        for (int i = 0; i < pairs.length; i += 2) {
            counters.put((Counter) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return counters;
    }

    private static void refused(ControlResult result, RejectCategory category, String rule) {
        assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected -> {
            assertThat(rejected.category()).as("category of %s", rejected).isEqualTo(category);
            assertThat(rejected.rule()).as("rule of %s", rejected).isEqualTo(rule);
        });
    }

    private ControlResult setGuest(int context, GuestConfig config) {
        return rig.device.control(Caller.guest(context), new ControlRequest.SetGuestConfig(context, config));
    }

    // ------------------------------------------------------------------ export

    @Nested
    class Export {

        @Test
        void required_RELOC2_RELOC4_aContextWaitingForCreditExportsTheLevelAccruedToNowAndTheWaitLeft() {
            rig.create(1, 0, limited(1));
            for (int i = 0; i < 17; i++) {
                rig.queueSimple(1, 0, 100 + i, packet(1, 4000));
            }
            rig.pushTx(1); // at 0: sixteen leave (64000 bytes of 65535), the seventeenth waits
            rig.device.advanceTo(1_000_000);

            RelocationState state = export(rig.device, 1);

            // level at 0 after the charges: (65535 − 16·4000)·10^6 = 1_535_000_000; one ms later + 10^6 ns · 1000 = 2_535_000_000.
            // due: 0 + ceil((4000·10^6 − 1_535_000_000) / 1000) = 2_465_000; left at 1 ms: 1_465_000.
            Runtime runtime = new Runtime(ContextState.ACTIVE, Ring.at(16), Ring.at(0),
                    Optional.of(new Credit(2_535_000_000L, OptionalLong.of(1_465_000))),
                    new Completions(16, 0, 0), // immediate: decided at the publish of the sixteen
                    new Completions(0, 0, 0),
                    counters(Counter.TX_FRAMES, 16, Counter.TX_BYTES, 64_000, Counter.TX_RATE_LIMITED, 1), List.of(16L));
            assertThat(state).isEqualTo(new RelocationState(limited(1), GuestConfig.DEFAULT, runtime));
        }

        @Test
        void required_RELOC3_anExportCancelsNoWaitAndMovesNoCounter() {
            rig.create(1, 0, limited(1));
            for (int i = 0; i < 17; i++) {
                rig.queueSimple(1, 0, 100 + i, packet(1, 4000));
            }
            rig.pushTx(1);
            rig.device.advanceTo(1_000_000);
            int writes = rig.memory.writes().size();
            int reads = rig.memory.reads().size();

            RelocationState first = export(rig.device, 1);

            assertThat(export(rig.device, 1)).as("a snapshot, not a move").isEqualTo(first);
            assertThat(rig.memory.writes()).as("no aggregate: nothing written").hasSize(writes);
            assertThat(rig.memory.reads()).as("nor read").hasSize(reads);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
            rig.device.advanceTo(2_464_999);
            assertThat(rig.sink.frames()).hasSize(16);
            rig.device.advanceTo(2_465_000);
            assertThat(rig.sink.frames()).as("the wait ends when it would have").hasSize(17);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        }

        @Test
        void required_RELOC2_aQueueMidwayThroughItsDelayExportsItsPendingCountAndAge() {
            rig.create(1, 0);
            GuestConfig guest = GuestConfig.builder().coalescing(Queue.TX, new Coalescing(10, 100_000)).build();
            assertThat(setGuest(1, guest)).isEqualTo(ControlResult.OK);
            rig.device.advanceTo(10_000);
            for (int i = 0; i < 3; i++) {
                rig.queueSimple(1, 0, 100 + i, packet(1, 60));
            }
            rig.pushTx(1); // three completions at 10 µs: below maxFrames, decided at 110 µs
            rig.device.advanceTo(50_000);

            RelocationState state = export(rig.device, 1);

            Runtime runtime = new Runtime(ContextState.ACTIVE, Ring.at(3), Ring.at(0), Optional.empty(),
                    new Completions(0, 3, 40_000), // D at attach, 3 pending, first 50 − 10 µs ago
                    new Completions(0, 0, 0), counters(Counter.TX_FRAMES, 3, Counter.TX_BYTES, 180), List.of(3L));
            assertThat(state).isEqualTo(new RelocationState(Rig.config(1), guest, runtime));
            assertThat(rig.sink.notifications()).as("an export takes no decision").isEmpty();
            rig.device.advanceTo(109_999);
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(110_000);
            assertThat(rig.sink.notifications()).as("the deadline stands (RELOC-3)").containsExactly(new RecordingSink.Notification(1, Queue.TX));
        }

        /** Segment {@code index} of a flow from the wire to context 1: 1000 payload bytes, not pushed. */
        private byte[] segment(int index) {
            return TestFrames.tcp().macs(Offload.mac(1), Offload.REMOTE).payload(TestFrames.payload(1000, index)).seq(5000 + 1000L * index)
                    .id(7 + index).build();
        }

        /** Context 1 with LRO on, four buffers posted, holding segments 0 and 1 merged since 1 µs. */
        private void holding(Rig on) {
            on.create(1, 0);
            assertThat(Offload.offloads(on, 1, false, FLUSH)).isEqualTo(ControlResult.OK);
            for (int i = 0; i < 4; i++) {
                on.postRx(1, 10 + i, 10 + i);
            }
            on.device.advanceTo(1_000);
            for (int i = 0; i < 2; i++) {
                byte[] segment = segment(i);
                on.device.receive(0, segment, 0, segment.length);
            }
        }

        @Test
        void required_RELOC3_theHeldAggregateIsFlushedAsAtTheStartOfAnUpdateAndNothingElseChanges() {
            holding(rig);
            Rig updated = new Rig();
            holding(updated);
            assertThat(Offload.rxRspProd(rig, 1)).as("held").isZero();

            RelocationState state = export(rig.device, 1);
            assertThat(updated.device.control(Caller.HOST, new ControlRequest.UpdateContext(1, Rig.config(1)))).isEqualTo(ControlResult.OK);

            byte[] merged = TestFrames.tcp().macs(Offload.mac(1), Offload.REMOTE)
                    .payload(TestFrames.concat(TestFrames.payload(1000, 0), TestFrames.payload(1000, 1))).seq(5000).id(7).build();
            assertThat(Offload.buffer(rig, 1, 10, 2054)).as("LRO-5: the merged frame").isEqualTo(merged);
            assertThat(Offload.rxRspProd(rig, 1)).as("one data slot and the GSO extra").isEqualTo(2);
            assertThat(rig.sink.notifications()).as("with its decision").containsExactly(Offload.rxNotification(1));
            assertThat(state.runtime().rx()).isEqualTo(Ring.at(2));
            assertThat(state.runtime().rxCompletions()).isEqualTo(Completions.settledAt(2));
            assertThat(state.runtime().counters()).isEqualTo(counters(Counter.RX_FRAMES, 2, Counter.RX_BYTES, 2054));
            // exactly what an update's flush does: the same writes, outputs and counters
            assertThat(rig.memory.writes()).isEqualTo(updated.memory.writes());
            assertThat(rig.rx(1)).isEqualTo(updated.rx(1));
            assertThat(rig.sink.events).usingRecursiveFieldByFieldElementComparator().isEqualTo(updated.sink.events);
            for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
                assertThat(rig.device.counter(1, counter)).as("%s", counter).isEqualTo(updated.device.counter(1, counter));
            }
            rig.device.advanceTo(1_000 + FLUSH);
            assertThat(Offload.rxRspProd(rig, 1)).as("the flush timer went with the aggregate").isEqualTo(2);
        }

        @Test
        void required_RELOC1_aDeviceWithoutRelocationAnswersNotSupportedAfterThePrivilegeCheck() {
            rig = new Rig(Set.of(Profile.CORE));
            rig.create(1, 0);

            refused(rig.device.control(Caller.guest(1), new ControlRequest.ExportContext(1)), RejectCategory.PRIVILEGE, "PRIV-2");
            refused(rig.device.control(Caller.HOST, new ControlRequest.ExportContext(99_999)), RejectCategory.NOT_SUPPORTED, "RELOC-1");
            refused(rig.device.control(Caller.HOST, new ControlRequest.ExportContext(1)), RejectCategory.NOT_SUPPORTED, "RELOC-1");
            refused(importInto(rig.device, 2, new RelocationState(Rig.config(2), GuestConfig.DEFAULT, settled(0))),
                    RejectCategory.NOT_SUPPORTED, "RELOC-1");
            refused(rig.device.control(Caller.guest(2), new ControlRequest.ImportContext(2,
                    new RelocationState(Rig.config(2), GuestConfig.DEFAULT, settled(0)))), RejectCategory.PRIVILEGE, "PRIV-2");
        }

        @Test
        void required_RELOC2_exportChecksRunInTheirOrder() {
            rig.create(1, 0);
            refused(rig.device.control(Caller.guest(1), new ControlRequest.ExportContext(99_999)), RejectCategory.PRIVILEGE, "PRIV-2");
            refused(rig.device.control(Caller.HOST, new ControlRequest.ExportContext(99_999)), RejectCategory.INVALID_CONFIG, "PRIV-5");
            refused(rig.device.control(Caller.HOST, new ControlRequest.ExportContext(2)), RejectCategory.NO_SUCH_CONTEXT, "PRIV-5");
        }
    }

    // ------------------------------------------------------------------ import checks

    /**
     * Each step of section 4.2 with a request that also breaks a later one: the earlier decides.
     * The target holds context 1's ring and data pages at index 5 and, where a step needs it,
     * context 2.
     */
    @Nested
    class ImportOrder {

        private RelocationState valid() {
            return new RelocationState(Rig.config(1), GuestConfig.DEFAULT, settled(5));
        }

        private RelocationState with(ContextConfig host) {
            return new RelocationState(host, GuestConfig.DEFAULT, settled(5));
        }

        private RelocationState with(GuestConfig guest, Runtime runtime) {
            return new RelocationState(Rig.config(1), guest, runtime);
        }

        /** A runtime step 7 refuses: TX ring slots of a two-page ring. */
        private Runtime badRuntime() {
            return withTx(settled(5), new Ring(512, 5));
        }

        /** Imports {@code state} as context 1 and checks the answer, and that nothing changed or was written (PRIV-8). */
        private void expect(RelocationState state, RejectCategory category, String rule) {
            expect(Caller.HOST, 1, state, category, rule);
        }

        private void expect(Caller caller, int context, RelocationState state, RejectCategory category, String rule) {
            int writes = rig.memory.writes().size();
            refused(rig.device.control(caller, new ControlRequest.ImportContext(context, state)), category, rule);
            assertThat(rig.memory.writes()).as("a refused import writes nothing").hasSize(writes);
            if (context == 1 && category != RejectCategory.CONTEXT_EXISTS) {
                assertThat(rig.device.state(1)).isEqualTo(ContextState.ABSENT);
            }
        }

        @Test
        void required_RELOC5_theValidStateIsAccepted() {
            rig.prepare(1, 5);
            assertThat(importInto(rig.device, 1, valid())).isEqualTo(ControlResult.OK);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
        }

        @Test
        void required_RELOC5_step1_theHostOnlyBeforeAnythingElse() {
            rig.prepare(1, 5);
            RelocationState badMac = with(Rig.config(1).toBuilder().macs(List.of(GROUP)).build());
            expect(Caller.guest(1), 1, badMac, RejectCategory.PRIVILEGE, "PRIV-2");
            expect(Caller.guest(7), 99_999, badMac, RejectCategory.PRIVILEGE, "PRIV-2");
        }

        @Test
        void required_RELOC5_step3_theIdInRangeBeforeItsExistence() {
            rig.prepare(1, 5);
            RelocationState badMac = with(Rig.config(1).toBuilder().macs(List.of(GROUP)).build());
            expect(Caller.HOST, 4096, badMac, RejectCategory.INVALID_CONFIG, "PRIV-5");
            expect(Caller.HOST, -1, badMac, RejectCategory.INVALID_CONFIG, "PRIV-5");
        }

        @Test
        void required_RELOC5_step4_anExistingContextBeforeTheHostSection() {
            rig.create(1, 5);
            expect(with(Rig.config(1).toBuilder().macs(List.of(GROUP)).build()), RejectCategory.CONTEXT_EXISTS, "PRIV-5");
        }

        @Test
        void required_RELOC5_step5_theHostSectionAsACreateChecksItBeforeTheGuestSection() {
            rig.prepare(1, 5);
            GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
            ContextConfig groupMac = Rig.config(1).toBuilder().macs(List.of(GROUP)).build();
            expect(new RelocationState(groupMac, promiscuous, settled(5)), RejectCategory.INVALID_CONFIG, "PRIV-6");
            rig.create(2, 0, Rig.config(2).toBuilder().macs(List.of(Rig.mac(2), Rig.mac(1))).build());
            expect(new RelocationState(Rig.config(1), promiscuous, settled(5)), RejectCategory.INVALID_CONFIG, "PRIV-6");
        }

        @Test
        void required_RELOC5_step5_aRateOnADeviceWithoutQosIsNotSupportedBeforeTheRuntime() {
            rig = new Rig(Set.of(Profile.CORE, Profile.RELOCATION));
            rig.prepare(1, 5);
            // no credit for a limited rate: step 7 fails too
            expect(new RelocationState(limited(1), GuestConfig.DEFAULT, settled(5)), RejectCategory.NOT_SUPPORTED, "QOS-1");
            rig = new Rig();
            rig.prepare(1, 5);
            expect(new RelocationState(Rig.config(1).toBuilder().txRate(new TxRate(0, 1, 65_535)).build(), GuestConfig.DEFAULT, settled(5)),
                    RejectCategory.INVALID_CONFIG, "QOS-2");
        }

        @Test
        void required_RELOC6_step6_aTamperedPromiscuousFlagIsPrivilegeBeforeTheRuntime() {
            rig.prepare(1, 5);
            expect(with(GuestConfig.builder().promiscuous(true).build(), badRuntime()), RejectCategory.PRIVILEGE, "PRIV-4");
        }

        @Test
        void required_RELOC6_step6_lroOnADeviceWithoutLroIsNotSupportedBeforeTheRuntime() {
            rig = new Rig(Set.of(Profile.CORE, Profile.CHECKSUM, Profile.COALESCING, Profile.RELOCATION));
            rig.prepare(1, 5);
            expect(with(GuestConfig.builder().offloads(new Offloads(false, FLUSH)).build(), badRuntime()),
                    RejectCategory.NOT_SUPPORTED, "OFF-1");
        }

        @Test
        void required_RELOC6_step6_theMulticastListThenCoalescingThenOffloads() {
            rig = new Rig(Set.of(Profile.CORE, Profile.RELOCATION));
            rig.prepare(1, 5);
            GuestConfig everything = GuestConfig.builder().join(Rig.mac(9)).coalescing(Queue.RX, new Coalescing(2, 1000))
                    .offloads(new Offloads(true, 0)).build();
            expect(with(everything, badRuntime()), RejectCategory.INVALID_CONFIG, "PRIV-6");
            GuestConfig coalescing = GuestConfig.builder().join(GROUP).coalescing(Queue.RX, new Coalescing(2, 1000))
                    .offloads(new Offloads(true, 0)).build();
            expect(with(coalescing, badRuntime()), RejectCategory.NOT_SUPPORTED, "COAL-1");
            expect(with(GuestConfig.builder().offloads(new Offloads(true, 0)).build(), badRuntime()), RejectCategory.NOT_SUPPORTED, "OFF-1");
        }

        @Test
        void required_RELOC5_step7_everyRuntimeExportCouldNotProduceIsInvalidBeforeTheRingGrants() {
            rig.prepare(1, 5);
            rig.memory.grant(Rig.txGref(1), 1, Access.READ_ONLY); // step 8 fails too
            expect(valid(), RejectCategory.BAD_RING, "MEM-6"); // the control: only step 8 fails

            GuestConfig coalesced = GuestConfig.builder().coalescing(Queue.TX, new Coalescing(4, 100_000)).build();
            ContextConfig ruled = Rig.config(1).toBuilder().txRule(FilterRule.allow(FilterMatch.ANY)).build();
            Runtime base = settled(5);
            Map<Counter, Long> missing = zeros();
            missing.remove(Counter.TX_FRAMES);
            Map<Counter, Long> negative = zeros();
            negative.put(Counter.RX_BYTES, -1L);
            Credit full = new Credit(CAPACITY, OptionalLong.empty());
            List<RelocationState> bad = new ArrayList<>();
            bad.add(withRuntime(valid(), withState(base, ContextState.ABSENT)));
            bad.add(withRuntime(valid(), withTx(base, new Ring(512, 5))));
            bad.add(withRuntime(valid(), withRx(base, new Ring(128, 5))));
            bad.add(withRuntime(valid(), withCredit(base, Optional.of(full)))); // credit without a rate
            bad.add(new RelocationState(limited(1), GuestConfig.DEFAULT, base)); // a rate without credit
            bad.add(new RelocationState(limited(1), GuestConfig.DEFAULT, withCredit(base, Optional.of(new Credit(CAPACITY + 1, OptionalLong.empty())))));
            bad.add(new RelocationState(limited(1), GuestConfig.DEFAULT, withCredit(base, Optional.of(new Credit(-1, OptionalLong.empty())))));
            bad.add(new RelocationState(limited(1), GuestConfig.DEFAULT, withCredit(base, Optional.of(new Credit(0, OptionalLong.of(0))))));
            bad.add(withRuntime(valid(), withTxCompletions(base, new Completions(5, 1, 0)))); // pending on an immediate queue
            bad.add(withRuntime(valid(), withRxCompletions(base, new Completions(5, 0, 7)))); // an age with nothing pending
            bad.add(withRuntime(valid(), withRxCompletions(base, new Completions(5, -1, 0))));
            bad.add(new RelocationState(Rig.config(1), coalesced, withTxCompletions(base, new Completions(1, 4, 10)))); // = maxFrames
            bad.add(new RelocationState(Rig.config(1), coalesced, withTxCompletions(base, new Completions(1, 3, 100_000)))); // = maxDelay
            bad.add(new RelocationState(Rig.config(1), coalesced, withTxCompletions(base, new Completions(1, 3, -1))));
            bad.add(new RelocationState(limited(1), GuestConfig.DEFAULT,
                    withState(withCredit(base, Optional.of(new Credit(0, OptionalLong.of(5)))), ContextState.FAILED)));
            bad.add(new RelocationState(Rig.config(1), coalesced,
                    withState(withTxCompletions(base, new Completions(1, 3, 10)), ContextState.FAILED)));
            bad.add(withRuntime(valid(), withCounters(base, missing)));
            bad.add(withRuntime(valid(), withCounters(base, negative)));
            bad.add(withRuntime(valid(), withFilterHits(base, List.of()))); // one rule short
            bad.add(new RelocationState(ruled, GuestConfig.DEFAULT, base)); // one rule, one entry
            bad.add(withRuntime(valid(), withFilterHits(base, List.of(-1L))));
            for (RelocationState state : bad) {
                expect(state, RejectCategory.INVALID_CONFIG, "RELOC-5");
            }
        }

        @Test
        void required_RELOC5_step7_theStatesAtTheEdgesExportCanProduceAreAccepted() {
            rig.prepare(1, 5);
            GuestConfig coalesced = GuestConfig.builder().coalescing(Queue.TX, new Coalescing(4, 100_000)).build();
            Runtime edge = withCredit(withTxCompletions(settled(5), new Completions(1, 3, 99_999)),
                    Optional.of(new Credit(CAPACITY, OptionalLong.of(1))));
            assertThat(importInto(rig.device, 1, new RelocationState(limited(1), coalesced, edge))).isEqualTo(ControlResult.OK);
        }

        @Test
        void required_RELOC5_step8_theRingGrantsBeforeTheRingHeaders() {
            rig.prepare(1, 5);
            Guest.putU32(rig.tx(1), Guest.RSP_PROD, 6); // step 9 fails too
            rig.memory.grant(Rig.rxGref(1), 1, Access.READ_ONLY);
            expect(valid(), RejectCategory.BAD_RING, "MEM-6");
            rig.memory.grant(Rig.rxGref(1), 1, Access.READ_WRITE);
            expect(with(Rig.config(1).toBuilder().rxRingGref(Rig.txGref(1)).build()), RejectCategory.BAD_RING, "MEM-6");
            rig.memory.revoke(Rig.txGref(1));
            expect(valid(), RejectCategory.BAD_RING, "MEM-6");
        }

        @Test
        void required_RELOC5_step9_aStaleDocumentIsBadRingBeforeTheContextLimit() {
            rig = new Rig(environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS.withMaxContexts(1)));
            rig.create(2, 0);
            rig.prepare(1, 5);
            Guest.putU32(rig.rx(1), Guest.RSP_PROD, 6); // the source delivered a frame after the export
            int reads = rig.memory.reads().size();
            expect(valid(), RejectCategory.BAD_RING, "RELOC-5");
            assertThat(rig.memory.reads().subList(reads, rig.memory.reads().size())).as("both headers read, TX first, nothing else")
                    .extracting(PageTable.Read::gref).containsExactly(Rig.txGref(1), Rig.txGref(1), Rig.rxGref(1), Rig.rxGref(1));
            Guest.putU32(rig.rx(1), Guest.RSP_PROD, 5);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 5 + 257); // more than a ring ahead
            expect(valid(), RejectCategory.BAD_RING, "RING-14");
        }

        @Test
        void required_RELOC5_step9_aFailedStateSkipsTheRingsAndReadsNoPage() {
            rig.prepare(1, 5);
            Guest.putU32(rig.tx(1), Guest.RSP_PROD, 9);
            int reads = rig.memory.reads().size();
            RelocationState failed = withRuntime(valid(), withState(settled(5), ContextState.FAILED));
            assertThat(importInto(rig.device, 1, failed)).isEqualTo(ControlResult.OK);
            assertThat(rig.memory.reads()).as("the device touches no page of a failed context").hasSize(reads);
            assertThat(rig.memory.writes()).isEmpty();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
        }

        @Test
        void required_RELOC5_step10_noContextAvailableLast() {
            rig = new Rig(environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS.withMaxContexts(1)));
            rig.create(2, 0);
            rig.prepare(1, 5);
            int writes = rig.memory.writes().size();
            assertThat(importInto(rig.device, 1, valid())).isInstanceOf(ControlResult.NoContextAvailable.class);
            assertThat(rig.memory.writes()).hasSize(writes);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ABSENT);
        }
    }

    // ------------------------------------------------------------------ the imported context

    @Nested
    class Imported {

        private static final long T = 5_000_000;

        /**
         * Context 1 at index 7 on both rings: limited, one rule, TX coalesced by (10, 100 µs), the
         * group joined; 1000 bytes of credit, the walk resuming in 3 ms, two TX completions 30 µs
         * old since D = 5.
         */
        private RelocationState state() {
            ContextConfig host = limited(1).toBuilder().txRule(FilterRule.allow(FilterMatch.ANY)).build();
            GuestConfig guest = GuestConfig.builder().join(GROUP).coalescing(Queue.TX, new Coalescing(10, 100_000)).build();
            Runtime runtime = new Runtime(ContextState.ACTIVE, Ring.at(7), Ring.at(7),
                    Optional.of(new Credit(1_000_000_000L, OptionalLong.of(3_000_000))), new Completions(5, 2, 30_000),
                    Completions.settledAt(7), counters(Counter.TX_FRAMES, 40, Counter.TX_BYTES, 160_000, Counter.TX_RATE_LIMITED, 3,
                            Counter.RX_FRAMES, 9), List.of(40L, 0L));
            return new RelocationState(host, guest, runtime);
        }

        /** The guest's rings as the source left them: a 4000-byte packet held at TX index 7, a buffer posted at RX index 7. */
        private void rings() {
            rig.prepare(1, 7);
            rig.queueSimple(1, 0, 77, packet(1, 4000));
            rig.publishTx(1);
            Guest.putU32(rig.tx(1), Guest.RSP_EVENT, 6); // in (D, P] = (5, 7]: the owed decision notifies
            rig.postRx(1, 3, 33);
            rig.device.advanceTo(T);
        }

        @Test
        void required_RELOC7_theImportWritesNothingAndTheContextHoldsTheDocumentsCounters() {
            rings();
            assertThat(importInto(rig.device, 1, state())).isEqualTo(ControlResult.OK);

            assertThat(rig.memory.writes()).as("nothing written to guest memory").isEmpty();
            assertThat(rig.sink.events).as("no decision, no walk").isEmpty();
            assertThat(rig.device.state(1)).isEqualTo(ContextState.ACTIVE);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(40);
            assertThat(rig.device.counter(1, Counter.TX_BYTES)).isEqualTo(160_000);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(3);
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isEqualTo(9);
            assertThat(rig.device.filterHits(1, 0)).isEqualTo(40);
            assertThat(rig.device.filterHits(1, 1)).isZero();
        }

        @Test
        void required_RELOC7_theOwedDecisionFallsDueAtNowMinusAgePlusMaxDelay() {
            rings();
            importInto(rig.device, 1, state());
            rig.device.advanceTo(T + 69_999);
            assertThat(rig.sink.notifications()).isEmpty();
            rig.device.advanceTo(T + 70_000); // first = T − 30 µs, deadline first + 100 µs
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.TX));
            assertThat(rig.sink.frames()).as("a decision walks no ring").isEmpty();
        }

        @Test
        void required_RELOC7_theWaitingWalkResumesAfterResumeInNanosWithTheCarriedCredit() {
            rings();
            importInto(rig.device, 1, state());
            rig.device.advanceTo(T + 2_999_999);
            assertThat(rig.sink.frames()).isEmpty();

            rig.device.advanceTo(T + 3_000_000); // level 10^9 + 3·10^6 ns · 1000 = 4·10^9: exactly the 4000 bytes

            assertThat(rig.sink.frames()).hasSize(1);
            assertThat(rig.sink.frames().get(0).bytes()).isEqualTo(packet(1, 4000));
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).as("answered at the document's rspProd").isEqualTo(8);
            assertThat(Guest.txResponseId(rig.tx(1), 7)).isEqualTo(77);
            assertThat(rig.device.counter(1, Counter.TX_FRAMES)).isEqualTo(41);
            assertThat(rig.device.counter(1, Counter.TX_RATE_LIMITED)).as("the same wait, not a new one").isEqualTo(3);
            assertThat(rig.device.filterHits(1, 0)).isEqualTo(41);
            RelocationState after = export(rig.device, 1);
            assertThat(after.runtime().credit()).as("the bucket spent to 0").contains(new Credit(0, OptionalLong.empty()));
        }

        @Test
        void required_RELOC7_theGuestsMulticastListIsItsOwnOnTheNewDevice() {
            rings();
            importInto(rig.device, 1, state());
            byte[] frame = Rig.frame(GROUP, 100);
            rig.device.receive(0, frame, 0, frame.length);
            assertThat(Guest.u32(rig.rx(1), Guest.RSP_PROD)).isEqualTo(8);
            assertThat(Guest.rxResponse(rig.rx(1), 7)).containsExactly(33, 0, 0, 100);
            assertThat(rig.device.counter(1, Counter.RX_FRAMES)).isEqualTo(10);
            assertThat(rig.sink.notifications()).as("RX rsp_event 8 at the prepared ring").containsExactly(Offload.rxNotification(1));
        }

        @Test
        void required_RELOC9_anExportRightAfterTheImportIsTheImportedState() {
            rings();
            assertThat(importInto(rig.device, 1, state())).isEqualTo(ControlResult.OK);
            assertThat(export(rig.device, 1)).isEqualTo(state());
        }

        @Test
        void required_RELOC9_aFailedStateIsAFixedPointToo() {
            rig.prepare(1, 7);
            Runtime failed = withState(settled(7), ContextState.FAILED);
            failed = withCounters(failed, counters(Counter.FATAL_ERRORS, 1, Counter.TX_FRAMES, 2));
            RelocationState state = new RelocationState(Rig.config(1), GuestConfig.DEFAULT, failed);
            importInto(rig.device, 1, state);
            assertThat(export(rig.device, 1)).isEqualTo(state);
        }

        @Test
        void required_RELOC6_duplicateGroupsCollapseAsASetGuestConfigWouldCollapseThem() {
            // The reading chosen (questions.md): the guest section is applied as SetGuestConfig applies it.
            rig.prepare(1, 7);
            GuestConfig twice = GuestConfig.builder().join(GROUP).join(GROUP).build();
            importInto(rig.device, 1, new RelocationState(Rig.config(1), twice, settled(7)));
            assertThat(export(rig.device, 1).guest().multicast()).containsExactly(GROUP);
        }
    }

    // ------------------------------------------------------------------ RELOC-9 over real histories

    @Nested
    class FixedPoint {

        /** Exports context 1 at {@code at}, destroys it, imports the state on a fresh device over the same memory, exports again. */
        private void roundTrip(long at) {
            RelocationState state = export(rig.device, 1);
            rig.device.control(Caller.HOST, new ControlRequest.DestroyContext(1));
            Rig target = rig.movedTo(environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS));
            target.device.advanceTo(at);
            assertThat(importInto(target.device, 1, state)).isEqualTo(ControlResult.OK);
            assertThat(export(target.device, 1)).isEqualTo(state);
        }

        @Test
        void required_RELOC9_aWaitingLimitedContext() {
            rig.create(1, 0, limited(1));
            for (int i = 0; i < 18; i++) {
                rig.queueSimple(1, 0, 100 + i, packet(1, 4000));
            }
            rig.pushTx(1);
            rig.device.advanceTo(700_000);
            roundTrip(700_000);
        }

        @Test
        void required_RELOC9_aContextThatFailed() {
            rig.create(1, 3);
            Guest.putU32(rig.tx(1), Guest.REQ_PROD, 3 + 300); // RING-11: fatal at the kick
            rig.device.kick(1, Queue.TX);
            assertThat(rig.device.state(1)).isEqualTo(ContextState.FAILED);
            roundTrip(0);
        }

        @Test
        void required_RELOC9_coalescedQueuesWithCompletionsPending() {
            rig.create(1, 0);
            setGuest(1, GuestConfig.builder().join(GROUP).coalescing(Queue.TX, new Coalescing(5, 300_000))
                    .coalescing(Queue.RX, new Coalescing(5, 300_000)).build());
            rig.postRx(1, 2, 2);
            rig.postRx(1, 3, 3);
            rig.device.advanceTo(1_000);
            rig.queueSimple(1, 0, 10, packet(1, 60));
            rig.pushTx(1);
            rig.device.advanceTo(2_000);
            byte[] frame = Rig.frame(GROUP, 70);
            rig.device.receive(0, frame, 0, frame.length);
            rig.device.advanceTo(250_000);
            roundTrip(250_000);
        }
    }
}
