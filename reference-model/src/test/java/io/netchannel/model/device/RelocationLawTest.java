package io.netchannel.model.device;

import static io.netchannel.model.device.Documents.export;
import static io.netchannel.model.device.Documents.importInto;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.api.Queue;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.contexts.Host;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.relocation.Relocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RELOC-8 and RELOC-12 as laws over one {@link Journey}: two worlds live the same history; in one
 * the source exports and carries on, in the other it exports, is destroyed, and a fresh device over
 * the same guest memory imports the state at the same instant. Every observation of the future
 * must agree. The expected side is the source that never moved, not anything the import computed.
 */
class RelocationLawTest {

    private static final int CONTEXT = Journey.CONTEXT;

    private final Rig stayed = new Rig();
    private final Rig source = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(stayed.memory.findings()).as("accesses refused in the world without a move").isEmpty();
        assertThat(source.memory.findings()).as("accesses refused in the world with a move").isEmpty();
    }

    /** Both worlds up to and including the export; returns the state, checking both exported the same. */
    private RelocationState exportInBothWorlds() {
        Journey.history(stayed);
        Journey.history(source);
        RelocationState kept = export(stayed.device, CONTEXT);
        RelocationState moving = export(source.device, CONTEXT);
        assertThat(moving).as("the two worlds are one history").isEqualTo(kept);
        assertThat(kept.runtime().credit()).as("the journey exports a wait").hasValueSatisfying(c -> assertThat(c.waiting()).isTrue());
        assertThat(kept.runtime().rxCompletions().pending()).as("and pending RX completions").isEqualTo(2);
        return moving;
    }

    /** Destroys the source context and imports {@code state} on the device {@code factory} makes, at the export instant. */
    private Rig move(RelocationState state, Function<DeviceEnvironment, NetchannelDevice> factory) {
        assertThat(source.device.control(Caller.HOST, new ControlRequest.DestroyContext(CONTEXT))).isEqualTo(ControlResult.OK);
        Rig target = source.movedTo(factory);
        target.device.advanceTo(Journey.EXPORT_AT);
        assertThat(importInto(target.device, CONTEXT, state)).isEqualTo(ControlResult.OK);
        return target;
    }

    /** What the two worlds observed of the same future. */
    private record Futures(Journey.Observation expected, Journey.Observation seen, List<String> expectedTimeline, List<String> seenTimeline) {
    }

    /** Lives the future in both worlds. */
    private Futures live(Rig moved) {
        int mark = stayed.sink.events.size();
        int movedMark = moved.sink.events.size();
        List<String> expectedTimeline = Journey.future(stayed);
        List<String> seenTimeline = Journey.future(moved);
        // the timelines count events from each world's own mark
        return new Futures(Journey.observe(stayed, stayed.device, mark), Journey.observe(moved, moved.device, movedMark),
                shifted(expectedTimeline, mark), shifted(seenTimeline, movedMark));
    }

    private static List<String> shifted(List<String> timeline, int mark) {
        List<String> out = new ArrayList<>();
        for (String line : timeline) {
            if (line.startsWith("events=")) {
                int end = line.indexOf(' ');
                line = "events=" + (Integer.parseInt(line.substring(7, end)) - mark) + line.substring(end);
            }
            out.add(line);
        }
        return out;
    }

    /** Lives the future in both worlds and compares every observation of context 1 since the export. */
    private void futuresAgree(Rig moved) {
        Futures futures = live(moved);
        Journey.Observation expected = futures.expected();
        Journey.Observation seen = futures.seen();
        assertThat(expected.events()).as("the future has frames and notifications to compare").hasSizeGreaterThan(10);
        assertThat(expected.counters().get(Counter.TX_FRAMES)).as("every packet left").isEqualTo(23);
        assertThat(seen.events()).as("frames and notifications, in order").containsExactlyElementsOf(expected.events());
        assertThat(futures.seenTimeline()).as("at the same times").containsExactlyElementsOf(futures.expectedTimeline());
        assertThat(seen.txRing()).as("TX ring page").isEqualTo(expected.txRing());
        assertThat(seen.rxRing()).as("RX ring page").isEqualTo(expected.rxRing());
        assertThat(seen.dataPages()).as("RX buffers and TX data").isEqualTo(expected.dataPages());
        assertThat(seen.state()).isEqualTo(ContextState.ACTIVE).isEqualTo(expected.state());
        assertThat(seen.counters()).as("counters").isEqualTo(expected.counters());
        assertThat(seen.filterHits()).as("filter counters").isEqualTo(expected.filterHits());
        assertThat(export(moved.device, CONTEXT)).as("and what each would export now").isEqualTo(export(stayed.device, CONTEXT));
    }

    /** The law tells a relocator that loses part of the state from the spec's: some observation differs. */
    private void futuresDiffer(Relocator broken) {
        RelocationState state = exportInBothWorlds();
        Rig moved = move(state, environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS,
                Decisions.SPEC.withRelocator(broken)));
        Futures futures = live(moved);
        assertThat(List.of(futures.seen(), futures.seenTimeline())).isNotEqualTo(List.of(futures.expected(), futures.expectedTimeline()));
    }

    @Test
    void required_RELOC8_aDeviceThatForgetsTheMulticastListIsTold() {
        futuresDiffer(Relocator.importing(image -> image.withGuest(image.guest().withMulticast(List.of()))));
    }

    @Test
    void required_RELOC8_aDeviceThatImportsAFullBucketIsTold() {
        futuresDiffer(Relocator.importing(image -> image.withBucket(image.bucket().map(b -> TokenBucket.full(b.rate(), b.at())))));
    }

    @Test
    void required_RELOC8_aDeviceThatImportsAnEmptyBucketIsTold() {
        futuresDiffer(Relocator.importing(image -> image.withBucket(image.bucket().map(b -> new TokenBucket(b.rate(), 0, b.at())))));
    }

    @Test
    void required_RELOC8_aDeviceThatForgetsTheCoalescingStateIsTold() {
        futuresDiffer(Relocator.importing(image -> image
                .withCompletions(Queue.TX, CoalescingState.attachedAt(image.tx().published()))
                .withCompletions(Queue.RX, CoalescingState.attachedAt(image.rx().published()))));
    }

    @Test
    void required_RELOC8_aGuestMovedToAFreshModelObservesWhatAGuestThatStayedObserves() {
        RelocationState state = exportInBothWorlds();
        Rig moved = move(state, environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS));
        futuresAgree(moved);
    }

    @Test
    void required_RELOC8_theExportFlushIsSeenInBothWorlds() {
        exportInBothWorlds();
        // LRO-5, RELOC-3: the export delivered the merged segments 0 and 1 (one data slot, one extra) after the first frame
        assertThat(Guest.u32(stayed.rx(CONTEXT), Guest.RSP_PROD)).isEqualTo(3);
        assertThat(Guest.u32(source.rx(CONTEXT), Guest.RSP_PROD)).isEqualTo(3);
        assertThat(source.device.counter(CONTEXT, Counter.RX_FRAMES)).isEqualTo(3);
    }

    // ------------------------------------------------------------------ RELOC-12: the host's software path

    /** A host of the reference model's limits whose device {@code hardware} has {@code contexts} contexts. */
    private static Function<DeviceEnvironment, NetchannelDevice> host(int contexts, Function<DeviceEnvironment, NetchannelDevice> hardware) {
        return environment -> new Host(environment, ReferenceDeviceProvider.LIMITS, contexts, hardware, 8,
                (env, limits) -> new ReferenceDevice(env, limits));
    }

    /** A reference device claiming {@code claimed}, remembered in {@code made[0]} so a test can ask it what it holds. */
    private static Function<DeviceEnvironment, NetchannelDevice> hardware(Set<Profile> claimed, NetchannelDevice[] made) {
        return environment -> made[0] = new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC, claimed);
    }

    @Test
    void required_RELOC12_aHostWithNoDeviceContextsImportsIntoItsSoftwarePathAndTheGuestCannotTell() {
        RelocationState state = exportInBothWorlds();
        NetchannelDevice[] hardware = new NetchannelDevice[1];
        Rig moved = move(state, host(0, hardware(ReferenceDevice.PROFILES, hardware)));
        assertThat(hardware[0].state(CONTEXT)).as("not on the device").isEqualTo(ContextState.ABSENT);
        futuresAgree(moved);
    }

    @Test
    void required_RELOC12_aHostWhoseDeviceLacksLroImportsAnLroGuestIntoItsSoftwarePath() {
        RelocationState state = exportInBothWorlds();
        assertThat(state.guest().offloads().lro()).isTrue();
        NetchannelDevice[] hardware = new NetchannelDevice[1];
        Set<Profile> noLro = Set.of(Profile.CORE, Profile.QOS, Profile.CHECKSUM, Profile.TSO, Profile.COALESCING, Profile.RELOCATION,
                Profile.L3L4_DEMUX);
        Rig moved = move(state, host(4, hardware(noLro, hardware)));
        assertThat(importInto(hardware[0], 5, state)).as("the device itself refuses it (OFF-1)")
                .isInstanceOfSatisfying(ControlResult.Rejected.class, r -> assertThat(r.category()).isEqualTo(RejectCategory.NOT_SUPPORTED));
        assertThat(hardware[0].state(CONTEXT)).as("not on the device").isEqualTo(ContextState.ABSENT);
        futuresAgree(moved);
    }

    @Test
    void required_RELOC12_aHostWhoseDeviceDoesNotClaimRelocationImportsIntoItsSoftwarePath() {
        RelocationState state = exportInBothWorlds();
        NetchannelDevice[] hardware = new NetchannelDevice[1];
        Set<Profile> noRelocation = Set.of(Profile.CORE, Profile.QOS, Profile.CHECKSUM, Profile.TSO, Profile.LRO, Profile.COALESCING);
        Rig moved = move(state, host(4, hardware(noRelocation, hardware)));
        assertThat(hardware[0].state(CONTEXT)).isEqualTo(ContextState.ABSENT);
        futuresAgree(moved);
    }

    @Test
    void required_RELOC8_aHostWhoseDeviceTakesTheStateImportsItThere() {
        RelocationState state = exportInBothWorlds();
        NetchannelDevice[] hardware = new NetchannelDevice[1];
        Rig moved = move(state, host(4, hardware(ReferenceDevice.PROFILES, hardware)));
        assertThat(hardware[0].state(CONTEXT)).as("on the device").isEqualTo(ContextState.ACTIVE);
        futuresAgree(moved);
    }

    @Test
    void required_RELOC12_aHostReportsARefusalThatIsTheDocumentsFault() {
        RelocationState state = exportInBothWorlds();
        source.device.control(Caller.HOST, new ControlRequest.DestroyContext(CONTEXT));
        NetchannelDevice[] hardware = new NetchannelDevice[1];
        Rig target = source.movedTo(host(0, hardware(ReferenceDevice.PROFILES, hardware)));
        target.device.advanceTo(Journey.EXPORT_AT);
        Guest.putU32(target.rx(CONTEXT), Guest.RSP_PROD, 4); // the ring moved on: a stale document (step 9)

        ControlResult result = importInto(target.device, CONTEXT, state);

        assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
            assertThat(r.category()).isEqualTo(RejectCategory.BAD_RING);
            assertThat(r.rule()).isEqualTo("RELOC-5");
        });
        assertThat(target.device.state(CONTEXT)).isEqualTo(ContextState.ABSENT);
    }
}
