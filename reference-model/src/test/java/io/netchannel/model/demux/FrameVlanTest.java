package io.netchannel.model.demux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table of spec 06, section 3, row by row (DEMUX-1). */
class FrameVlanTest {

    /** A frame of {@code length} zero bytes with {@code tpid} at octets 12–13 and {@code tci} at 14–15. */
    private static byte[] frame(int length, int tpid, int tci) {
        byte[] frame = new byte[length];
        frame[12] = (byte) (tpid >>> 8);
        frame[13] = (byte) tpid;
        if (length >= 16) {
            frame[14] = (byte) (tci >>> 8);
            frame[15] = (byte) tci;
        }
        return frame;
    }

    private static FrameVlan vlanOf(byte[] frame) {
        return FrameVlan.of(frame, 0, frame.length);
    }

    @Test
    void required_DEMUX1_an8021QTagWithAUsableVidTagsTheFrame() {
        assertThat(vlanOf(frame(18, 0x8100, 1))).isEqualTo(new FrameVlan.Tagged(1));
        assertThat(vlanOf(frame(60, 0x8100, 4094))).isEqualTo(new FrameVlan.Tagged(4094));
        assertThat(vlanOf(frame(60, 0x8100, 0xE00A))).as("PCP 7, DEI 0, VID 10: only the low 12 bits count")
                .isEqualTo(new FrameVlan.Tagged(10));
        assertThat(vlanOf(frame(60, 0x8100, 0x1005))).as("DEI set, VID 5").isEqualTo(new FrameVlan.Tagged(5));
    }

    @Test
    void required_DEMUX1_priorityTagReservedVidAndShortTaggedFramesHaveNoVlan() {
        assertThat(vlanOf(frame(60, 0x8100, 0))).as("VID 0").isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(60, 0x8100, 0xA000))).as("priority 5, VID 0").isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(60, 0x8100, 0x0FFF))).as("VID 4095").isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(17, 0x8100, 7))).as("17 bytes").isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(14, 0x8100, 0))).as("14 bytes").isEqualTo(FrameVlan.NONE);
    }

    @Test
    void required_DEMUX1_serviceTagsHaveNoVlan() {
        assertThat(vlanOf(frame(60, 0x88A8, 7))).isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(60, 0x9100, 7))).isEqualTo(FrameVlan.NONE);
        assertThat(vlanOf(frame(14, 0x88A8, 0))).isEqualTo(FrameVlan.NONE);
    }

    @Test
    void required_DEMUX1_anythingElseIsUntagged() {
        assertThat(vlanOf(frame(60, 0x0800, 0))).isEqualTo(FrameVlan.UNTAGGED);
        assertThat(vlanOf(frame(14, 0x86DD, 0))).isEqualTo(FrameVlan.UNTAGGED);
        assertThat(vlanOf(frame(60, 0x0064, 0))).as("an 802.3 length field").isEqualTo(FrameVlan.UNTAGGED);
        assertThat(vlanOf(frame(60, 0x8101, 5))).as("one off the TPID").isEqualTo(FrameVlan.UNTAGGED);
    }

    @Test
    void required_DEMUX1_theSliceIsReadNotTheArray() {
        byte[] wire = new byte[100];
        System.arraycopy(frame(60, 0x8100, 42), 0, wire, 30, 60);
        assertThat(FrameVlan.of(wire, 30, 60)).isEqualTo(new FrameVlan.Tagged(42));
        assertThat(FrameVlan.of(wire, 30, 17)).isEqualTo(FrameVlan.NONE);
    }
}
