package io.netchannel.model.ring;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** RING-4: free-running indices, differences modulo 2^32, slot = index mod 256. */
class RingIndexTest {

    private static final long TWO_TO_32 = 1L << 32;

    @Property
    void required_RING4_differenceRecoversTheDistanceAcrossTheWrap(@ForAll int start, @ForAll @LongRange(min = 0, max = TWO_TO_32 - 1) long distance) {
        int later = (int) (start + distance);
        assertThat(RingIndex.difference(later, start)).isEqualTo(distance);
    }

    @Property
    void required_RING4_differenceIsTheUnsignedValuesSubtractedModulo2To32(@ForAll int later, @ForAll int earlier) {
        long expected = Math.floorMod(RingIndex.unsigned(later) - RingIndex.unsigned(earlier), TWO_TO_32);
        assertThat(RingIndex.difference(later, earlier)).isEqualTo(expected);
    }

    @Property
    void required_RING4_slotIsTheUnsignedIndexModulo256(@ForAll int index) {
        assertThat(RingIndex.slot(index)).isEqualTo((int) (RingIndex.unsigned(index) % 256));
    }

    @Test
    void required_RING4_workedExamplesAtTheWrap() {
        assertThat(RingIndex.difference(2, 0xFFFF_FFFE)).isEqualTo(4);
        assertThat(RingIndex.difference(0, 1)).isEqualTo(TWO_TO_32 - 1);
        assertThat(RingIndex.difference(5, 5)).isZero();
        assertThat(RingIndex.slot(0xFFFF_FFFF)).isEqualTo(255);
        assertThat(RingIndex.slot(256)).isZero();
        assertThat(RingIndex.unsigned(-1)).isEqualTo(TWO_TO_32 - 1);
    }

    @Test
    void required_RING1_entriesStartAfterThe64ByteHeader() {
        assertThat(RingIndex.entryOffset(0, 12)).isEqualTo(64);
        assertThat(RingIndex.entryOffset(1, 12)).isEqualTo(76);
        assertThat(RingIndex.entryOffset(255, 12)).isEqualTo(64 + 255 * 12);
        assertThat(RingIndex.entryOffset(256, 12)).isEqualTo(64);
        assertThat(RingIndex.entryOffset(255, 8)).isEqualTo(64 + 255 * 8);
    }
}
