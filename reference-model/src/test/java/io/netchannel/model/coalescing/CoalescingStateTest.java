package io.netchannel.model.coalescing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Coalescing;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A queue's coalescing state against the laws of chapter 10 and the worked rows of chapter 03, section 6.1. */
class CoalescingStateTest {

    private static final Coalescing FOUR_OR_50_US = new Coalescing(4, 50_000);

    /** Chapter 03, section 6.1: old is D, new is P; with IMMEDIATE the decision is RING-8's check. */
    @ParameterizedTest(name = "D={0} P={1} E={2} notifies={3}")
    @CsvSource({
        "10, 13, 10, false",
        "10, 13, 11, true",
        "10, 13, 12, true",
        "10, 13, 13, true",
        "10, 13, 14, false",
        "10, 10, 10, false",
        "0xFFFFFFFE, 2, 0xFFFFFFFE, false",
        "0xFFFFFFFE, 2, 0xFFFFFFFF, true",
        "0xFFFFFFFE, 2, 0, true",
        "0xFFFFFFFE, 2, 2, true",
        "0xFFFFFFFE, 2, 3, false"})
    void required_COAL6_theWorkedRowsOfChapter03(String d, String p, String e, boolean notifies) {
        CoalescingState state = CoalescingState.attachedAt(u32(d)).published(1, 0);

        assertThat(state.notifies(u32(p), u32(e))).isEqualTo(notifies);
    }

    private static int u32(String text) {
        return (int) Long.decode(text).longValue();
    }

    @Property
    void required_COAL6_notifiesExactlyWhenRspEventLiesInDToP(@ForAll int decided, @ForAll @IntRange(min = 0, max = 300) int published,
            @ForAll @IntRange(min = -50, max = 350) int offset) {
        CoalescingState state = new CoalescingState(decided, 1, 0);
        int rspProd = decided + published; // wraps at 2^32 like the ring
        int rspEvent = decided + offset;

        boolean inside = offset >= 1 && offset <= published; // (D, P], counted from D without wrapping

        assertThat(state.notifies(rspProd, rspEvent)).isEqualTo(inside);
    }

    @Property
    void required_COAL4_pendingCountsCompletionsAndFirstIsTheFirstPublishSinceTheDecision(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 256) Integer> pushes,
            @ForAll @LongRange(min = 0, max = 1_000_000) long start) {
        CoalescingState state = CoalescingState.attachedAt(7);
        long total = 0;
        long now = start;
        for (int completions : pushes) {
            state = state.published(completions, now);
            total += completions;
            now += 10;
        }

        assertThat(state.pending()).as("one per completion, never one per push").isEqualTo(total);
        assertThat(state.first()).isEqualTo(start);
        assertThat(state.decided()).isEqualTo(7);
        assertThat(state.deadline(FOUR_OR_50_US)).as("COAL-5").isEqualTo(start + 50_000);
    }

    @Provide
    Arbitrary<Coalescing> anyCoalescing() {
        return Arbitraries.integers().between(0, Coalescing.MAX_FRAMES).flatMap(frames ->
                Arbitraries.longs().between(0, Coalescing.MAX_DELAY_NANOS).map(delay -> new Coalescing(frames, delay)));
    }

    @Property
    void required_COAL3_COAL4_immediateDecidesAtEveryPublishOtherwiseAtMaxFrames(@ForAll("anyCoalescing") Coalescing coalescing,
            @ForAll @IntRange(min = 1, max = 300) int completions, @ForAll @IntRange(min = 0, max = 70_000) int alreadyPending) {
        CoalescingState state = new CoalescingState(0, alreadyPending, 0).published(completions, 5);

        boolean expected = coalescing.maxFrames() == 0 || coalescing.maxDelayNanos() == 0
                || alreadyPending + completions >= coalescing.maxFrames();
        assertThat(state.decidesNow(coalescing)).isEqualTo(expected);
    }

    @Test
    void required_COAL5_nothingPendingNeverFallsDueAndNothingIsDecided() {
        CoalescingState idle = CoalescingState.attachedAt(3);

        assertThat(idle.deadline(FOUR_OR_50_US)).isEqualTo(CoalescingState.NEVER);
        assertThat(idle.decidesNow(Coalescing.IMMEDIATE)).isFalse();
        assertThat(idle.published(0, 99)).isEqualTo(idle);
        assertThat(new CoalescingState(0, 1, Long.MAX_VALUE - 10).deadline(FOUR_OR_50_US)).as("saturates").isEqualTo(CoalescingState.NEVER);
    }

    @Test
    void required_COAL6_aDecisionMovesDToPAndClearsPendingWhileADiscardKeepsD() {
        CoalescingState pending = CoalescingState.attachedAt(10).published(3, 100);

        CoalescingState decided = pending.decided(13);
        assertThat(decided).isEqualTo(CoalescingState.attachedAt(13));
        assertThat(decided.notifies(13, 13)).as("no new response since the decision: no notification").isFalse();
        assertThat(pending.discarded()).isEqualTo(new CoalescingState(10, 0, 0));
    }

    @Test
    void required_COAL6_withImmediateTheDecisionIsRing8() {
        // a publish from 10 to 13 then one from 13 to 15, the guest armed at 14
        CoalescingState state = CoalescingState.attachedAt(10).published(3, 0);
        assertThat(state.decidesNow(Coalescing.IMMEDIATE)).isTrue();
        assertThat(state.notifies(13, 14)).isFalse();
        state = state.decided(13).published(2, 0);
        assertThat(state.notifies(15, 14)).isTrue();
    }
}
