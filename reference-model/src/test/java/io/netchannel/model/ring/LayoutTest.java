package io.netchannel.model.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.GuestMemory;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import org.junit.jupiter.api.Test;

/** The api's layout constants against Xen's figures (ring.h, netif.h; sizes as compiled by gcc on x86-64). */
class LayoutTest {

    @Test
    void required_RING1_sharedRingHeaderIs64BytesWithXenOffsets() {
        assertThat(SharedRingLayout.REQ_PROD).isEqualTo(0);
        assertThat(SharedRingLayout.REQ_EVENT).isEqualTo(4);
        assertThat(SharedRingLayout.RSP_PROD).isEqualTo(8);
        assertThat(SharedRingLayout.RSP_EVENT).isEqualTo(12);
        assertThat(SharedRingLayout.PVT).isEqualTo(16);
        assertThat(SharedRingLayout.PAD).isEqualTo(20);
        assertThat(SharedRingLayout.PAD_LENGTH).isEqualTo(44);
        assertThat(SharedRingLayout.ENTRIES).isEqualTo(64);
        assertThat(SharedRingLayout.INITIAL_EVENT).isEqualTo(1);
    }

    @Test
    void required_RING2_txRequestIs12BytesAndItsResponse4() {
        assertThat(TxRequestLayout.GREF).isEqualTo(0);
        assertThat(TxRequestLayout.OFFSET).isEqualTo(4);
        assertThat(TxRequestLayout.FLAGS).isEqualTo(6);
        assertThat(TxRequestLayout.ID).isEqualTo(8);
        assertThat(TxRequestLayout.SIZE).isEqualTo(10);
        assertThat(TxRequestLayout.LENGTH).isEqualTo(12);
        assertThat(TxRequestLayout.ENTRY_SIZE).isEqualTo(12);
        assertThat(TxResponseLayout.ID).isEqualTo(0);
        assertThat(TxResponseLayout.STATUS).isEqualTo(2);
        assertThat(TxResponseLayout.LENGTH).isEqualTo(4);
        assertThat(TxRequestLayout.FLAG_CSUM_BLANK).isEqualTo(1);
        assertThat(TxRequestLayout.FLAG_DATA_VALIDATED).isEqualTo(2);
        assertThat(TxRequestLayout.FLAG_MORE_DATA).isEqualTo(4);
        assertThat(TxRequestLayout.FLAG_EXTRA_INFO).isEqualTo(8);
    }

    @Test
    void required_RING3_rxRequestAndResponseAre8Bytes() {
        assertThat(RxRequestLayout.ID).isEqualTo(0);
        assertThat(RxRequestLayout.PAD).isEqualTo(2);
        assertThat(RxRequestLayout.GREF).isEqualTo(4);
        assertThat(RxRequestLayout.LENGTH).isEqualTo(8);
        assertThat(RxRequestLayout.ENTRY_SIZE).isEqualTo(8);
        assertThat(RxResponseLayout.ID).isEqualTo(0);
        assertThat(RxResponseLayout.OFFSET).isEqualTo(2);
        assertThat(RxResponseLayout.FLAGS).isEqualTo(4);
        assertThat(RxResponseLayout.STATUS).isEqualTo(6);
        assertThat(RxResponseLayout.LENGTH).isEqualTo(8);
        assertThat(RxResponseLayout.FLAG_DATA_VALIDATED).isEqualTo(1);
        assertThat(RxResponseLayout.FLAG_CSUM_BLANK).isEqualTo(2);
        assertThat(RxResponseLayout.FLAG_MORE_DATA).isEqualTo(4);
        assertThat(RxResponseLayout.FLAG_EXTRA_INFO).isEqualTo(8);
    }

    @Test
    void required_RING2_ringSizesRoundDownToXenPowersOfTwo() {
        assertThat((GuestMemory.PAGE_SIZE - SharedRingLayout.ENTRIES) / 12).isEqualTo(336);
        assertThat((GuestMemory.PAGE_SIZE - SharedRingLayout.ENTRIES) / 8).isEqualTo(504);
        assertThat(SharedRingLayout.ringSizeFor(TxRequestLayout.ENTRY_SIZE, GuestMemory.PAGE_SIZE)).isEqualTo(256);
        assertThat(SharedRingLayout.ringSizeFor(RxRequestLayout.ENTRY_SIZE, GuestMemory.PAGE_SIZE)).isEqualTo(256);
        assertThat(SharedRingLayout.ringSizeFor(16, GuestMemory.PAGE_SIZE)).as("netif ctrl ring").isEqualTo(128);
        assertThat(SharedRingLayout.RING_SIZE).isEqualTo(256);
        assertThat(SharedRingLayout.SLOT_MASK).isEqualTo(255);
        assertThat(SharedRingLayout.ENTRIES + 256 * 12).isLessThanOrEqualTo(GuestMemory.PAGE_SIZE);
    }

    @Test
    void required_DESC4_extraInfoIs8BytesWithXenTypesAndStatuses() {
        assertThat(ExtraInfoLayout.TYPE).isEqualTo(0);
        assertThat(ExtraInfoLayout.FLAGS).isEqualTo(1);
        assertThat(ExtraInfoLayout.GSO_SIZE).isEqualTo(2);
        assertThat(ExtraInfoLayout.GSO_TYPE).isEqualTo(4);
        assertThat(ExtraInfoLayout.MCAST_ADDR).isEqualTo(2);
        assertThat(ExtraInfoLayout.LENGTH).isEqualTo(8);
        assertThat(ExtraInfoLayout.TYPE_GSO).isEqualTo(1);
        assertThat(ExtraInfoLayout.TYPE_MCAST_ADD).isEqualTo(2);
        assertThat(ExtraInfoLayout.TYPE_MCAST_DEL).isEqualTo(3);
        assertThat(ExtraInfoLayout.TYPE_HASH).isEqualTo(4);
        assertThat(ExtraInfoLayout.TYPE_MAX).isEqualTo(5);
        assertThat(NetifStatus.DROPPED).isEqualTo((short) -2);
        assertThat(NetifStatus.ERROR).isEqualTo((short) -1);
        assertThat(NetifStatus.OKAY).isEqualTo((short) 0);
        assertThat(NetifStatus.NULL).isEqualTo((short) 1);
    }
}
