package io.netchannel.model.relocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.TxRate;
import io.netchannel.model.coalescing.CoalescingState;
import io.netchannel.model.qos.TokenBucket;
import io.netchannel.model.ring.BackRing;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RELOC-4 on {@link Relocator#SPEC} alone: the document carries durations, so the clocks of source and destination need not agree. */
class RelocatorTest {

    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    private static final ContextConfig HOST = ContextConfig.builder().mac(new MacAddress(0x0200_0000_0001L)).txRingGref(100)
            .rxRingGref(101).txRate(RATE).build();
    private static final GuestConfig GUEST = GuestConfig.builder().coalescing(Queue.RX, new Coalescing(8, 500_000)).build();

    /** On a source whose clock reads 1 ms: the bucket last brought up at 0.4 ms, the walk due at 3 ms, two RX completions since 0.9 ms. */
    private static ContextImage source() {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        counters.put(Counter.RX_FRAMES, 12L);
        return new ContextImage(HOST, GUEST, ContextState.ACTIVE, new BackRing(30, 30, 30), new BackRing(-2, -2, -2),
                Optional.of(new TokenBucket(RATE, 100_000_000L, 400_000)), OptionalLong.of(3_000_000), CoalescingState.attachedAt(30),
                new CoalescingState(-4, 2, 900_000), counters, List.of(5L));
    }

    @Test
    void required_RELOC4_exportWritesDurationsFromTheExportInstant() {
        RelocationState state = Relocator.SPEC.exported(source(), 1_000_000);

        RelocationState.Runtime runtime = state.runtime();
        // 10^8 + (1 ms − 0.4 ms) · 1000 = 10^8 + 6·10^8
        assertThat(runtime.credit()).contains(new Credit(700_000_000L, OptionalLong.of(2_000_000)));
        assertThat(runtime.rxCompletions()).isEqualTo(new Completions(-4, 2, 100_000));
        assertThat(runtime.txCompletions()).isEqualTo(new Completions(30, 0, 0));
        assertThat(runtime.rx().rspProd()).isEqualTo(-2);
        assertThat(runtime.counters()).hasSize(RelocationState.CONTEXT_COUNTERS.size()).containsEntry(Counter.RX_FRAMES, 12L)
                .containsEntry(Counter.TX_FRAMES, 0L);
    }

    @Test
    void required_RELOC4_RELOC7_importOnAClockThatReadsOtherwiseShiftsEveryTimeByTheDifference() {
        RelocationState state = Relocator.SPEC.exported(source(), 1_000_000);

        ContextImage imported = Relocator.SPEC.imported(state, 9_000_000);

        assertThat(imported.bucket()).contains(new TokenBucket(RATE, 700_000_000L, 9_000_000));
        assertThat(imported.txDue()).hasValue(11_000_000);
        assertThat(imported.rxCompletions()).isEqualTo(new CoalescingState(-4, 2, 8_900_000));
        assertThat(imported.tx()).isEqualTo(new BackRing(30, 30, 30));
        assertThat(imported.rx()).isEqualTo(new BackRing(-2, -2, -2));
        assertThat(Relocator.SPEC.exported(imported, 9_000_000)).as("and back: the same document").isEqualTo(state);
    }

    @Test
    void required_RELOC7_aWaitTooLongForTheClockNeverFires() {
        RelocationState state = Relocator.SPEC.exported(source(), 1_000_000);
        RelocationState.Runtime r = state.runtime();
        RelocationState.Runtime forever = new RelocationState.Runtime(r.state(), r.tx(), r.rx(),
                Optional.of(new Credit(0, OptionalLong.of(Long.MAX_VALUE))), r.txCompletions(), r.rxCompletions(), r.counters(),
                r.filterHits());
        ContextImage imported = Relocator.SPEC.imported(new RelocationState(HOST, GUEST, forever), 5);
        assertThat(imported.txDue()).hasValue(Long.MAX_VALUE);
    }
}
