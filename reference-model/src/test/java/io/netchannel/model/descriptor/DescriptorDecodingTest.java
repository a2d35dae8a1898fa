package io.netchannel.model.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.MacAddress;
import org.junit.jupiter.api.Test;

/** RING-2, RING-3: descriptors decoded from and encoded to hand-written little-endian bytes. */
class DescriptorDecodingTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Test
    void required_RING2_txRequestFieldsAtXenOffsets() {
        byte[] entry = bytes(0x78, 0x56, 0x34, 0xF2, 0x10, 0x00, 0x0C, 0x00, 0xCD, 0xAB, 0xEA, 0x05);
        assertThat(TxRequest.decode(entry)).isEqualTo(new TxRequest(0xF2345678, 16, 12, 0xABCD, 1514));
        assertThat(TxRequest.decode(entry).moreData()).isTrue();
        assertThat(TxRequest.decode(entry).extraInfo()).isTrue();
    }

    @Test
    void required_RING2_txResponseIsIdThenSignedStatus() {
        assertThat(new TxResponse(0xABCD, (short) -1).encode()).containsExactly(bytes(0xCD, 0xAB, 0xFF, 0xFF));
        assertThat(new TxResponse(7, (short) 1).encode()).containsExactly(bytes(7, 0, 1, 0));
    }

    @Test
    void required_RING3_rxRequestIgnoresPadAndRxResponseHasFourFields() {
        assertThat(RxRequest.decode(bytes(0x34, 0x12, 0xEE, 0xEE, 1, 2, 3, 4))).isEqualTo(new RxRequest(0x1234, 0x04030201));
        assertThat(new RxResponse(0x1234, 0, 4, (short) 4096).encode()).containsExactly(bytes(0x34, 0x12, 0, 0, 4, 0, 0, 0x10));
        assertThat(new RxResponse(1, 0, 0, (short) -1).encode()).containsExactly(bytes(1, 0, 0, 0, 0, 0, 0xFF, 0xFF));
    }

    @Test
    void required_DESC4_extraInfoViews() {
        ExtraInfo gso = ExtraInfo.decode(bytes(1, 1, 0x78, 0x05, 2, 0, 0, 0, 9, 9, 9, 9));
        assertThat(gso.type()).isEqualTo(1);
        assertThat(gso.more()).isTrue();
        assertThat(gso.gsoSize()).isEqualTo(1400);
        assertThat(gso.gsoType()).isEqualTo(2);
        assertThat(gso.responseId()).isEqualTo(0x0101);
        ExtraInfo add = ExtraInfo.decode(bytes(2, 0, 0x01, 0x00, 0x5e, 0x7f, 0x00, 0x01, 0, 0, 0, 0));
        assertThat(add.address()).isEqualTo(MacAddress.parse("01:00:5e:7f:00:01"));
        assertThat(add.more()).isFalse();
    }

    @Test
    void littleEndianReadsUnsignedAndWritesLowBitsOnly() {
        byte[] buffer = new byte[4];
        LittleEndian.putU16(buffer, 1, 0x1FFFF);
        assertThat(buffer).containsExactly(bytes(0, 0xFF, 0xFF, 0));
        assertThat(LittleEndian.u16(buffer, 1)).isEqualTo(0xFFFF);
        assertThat(LittleEndian.u32(bytes(0xFF, 0xFF, 0xFF, 0xFF), 0)).isEqualTo(-1);
        assertThat(LittleEndian.u8(buffer, 1)).isEqualTo(255);
    }
}
