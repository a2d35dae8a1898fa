package io.netchannel.model.ring;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** RING-11, RING-12, RING-14: a producer at most one ring ahead is believable, more is not. */
class ProducerCheckTest {

    @Test
    void required_RING12_exactlyOneFullRingIsNotAnOverflow() {
        assertThat(ProducerCheck.overflows(256, 0)).isFalse();
        assertThat(ProducerCheck.overflows(0, 0)).isFalse();
    }

    @Test
    void required_RING11_oneMoreThanARingIsAnOverflow() {
        assertThat(ProducerCheck.overflows(257, 0)).isTrue();
        assertThat(ProducerCheck.overflows(0, 1)).as("a producer behind the responses is 2^32 − 1 ahead").isTrue();
    }

    @Property
    void required_RING11_overflowIsDecidedOnTheDistanceAloneAcrossTheWrap(
            @ForAll int rspProdPvt, @ForAll @LongRange(min = 0, max = (1L << 32) - 1) long ahead) {
        assertThat(ProducerCheck.overflows((int) (rspProdPvt + ahead), rspProdPvt)).isEqualTo(ahead > 256);
    }

    @Test
    void required_RING14_attachRefusesACorruptRingAndStartsAtRspProd() {
        assertThat(new RingHeader(0x0000_0010, 0xFFFF_FFF0).attachable()).isTrue(); // 32 ahead across the wrap
        assertThat(new RingHeader(300, 0).attachable()).isFalse();
        BackRing back = new RingHeader(40, 30).attach();
        assertThat(back).isEqualTo(new BackRing(30, 30, 30));
        assertThat(EventIndex.nextItem(back.reqCons())).isEqualTo(31);
    }

    @Test
    void required_RING6_answeringAdvancesBothIndicesAndPublishingCatchesUp() {
        BackRing back = BackRing.attachedAt(-1).answered(3);
        assertThat(back.reqCons()).isEqualTo(2);
        assertThat(back.rspProdPvt()).isEqualTo(2);
        assertThat(back.hasUnpublished()).isTrue();
        assertThat(back.publishedAll().published()).isEqualTo(2);
        assertThat(back.publishedAll().hasUnpublished()).isFalse();
    }
}
