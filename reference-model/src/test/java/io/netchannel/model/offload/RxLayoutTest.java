package io.netchannel.model.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RX slots of a delivery (RX-2, CSUM-5, LRO-5), flags written from netif.h's values. */
class RxLayoutTest {

    private static final int DATA_VALIDATED = 0x1;
    private static final int MORE_DATA = 0x4;
    private static final int EXTRA_INFO = 0x8;

    @Test
    void required_RX2_aPlainDeliveryIsChapter04sLayout() {
        assertThat(RxLayout.of(9000, false, Optional.empty())).containsExactly(
                new RxLayout.Data(0, 4096, MORE_DATA), new RxLayout.Data(4096, 4096, MORE_DATA), new RxLayout.Data(8192, 808, 0));
        assertThat(RxLayout.of(60, true, Optional.empty())).containsExactly(new RxLayout.Data(0, 60, DATA_VALIDATED));
    }

    @Test
    void required_LRO5_aMergedDeliveryPutsItsGsoExtraSecond() {
        GsoExtra extra = new GsoExtra(1448, 2);

        assertThat(RxLayout.of(9000, true, Optional.of(extra))).containsExactly(
                new RxLayout.Data(0, 4096, EXTRA_INFO | MORE_DATA | DATA_VALIDATED), new RxLayout.Extra(extra),
                new RxLayout.Data(4096, 4096, MORE_DATA), new RxLayout.Data(8192, 808, 0));
        assertThat(RxLayout.of(3000, false, Optional.of(extra))).as("one data slot: no more_data")
                .containsExactly(new RxLayout.Data(0, 3000, EXTRA_INFO), new RxLayout.Extra(extra));
    }

    @Test
    void required_LRO5_theGsoExtraBytes() {
        // type 1, flags 0, size 1448 = 0x05a8 little-endian, GSO type 2, pad 0, features 0
        assertThat(new GsoExtra(1448, 2).encode()).isEqualTo(TestFrames.bytes(1, 0, 0xa8, 0x05, 2, 0, 0, 0));
        assertThatThrownBy(() -> new GsoExtra(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GsoExtra(1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
