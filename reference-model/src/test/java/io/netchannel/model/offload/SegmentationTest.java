package io.netchannel.model.offload;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.layout.ExtraInfoLayout;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** TCP segmentation (TSO-1 to TSO-4) against the laws of section 6 and Linux GSO's worked case. */
class SegmentationTest {

    /** A super-frame and the MSS it is segmented with. */
    record Send(byte[] frame, int mss) {
    }

    @Provide
    Arbitrary<Send> sends() {
        Arbitrary<TestFrames.Builder> start = Combinators.combine(
                Arbitraries.integers().between(0, 9000),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFF),
                Arbitraries.of(new byte[0], TestFrames.hex("0101080a0000000100000002")))
                .as((length, seq, id, flags, options) -> TestFrames.tcp().payload(TestFrames.payload(length, id)).seq(seq).id(id)
                        .flags(flags).tcpOptions(options));
        return Combinators.combine(Generators.shapes(start).map(TestFrames.Builder::build), Arbitraries.integers().between(1, 3000))
                .as(Send::new);
    }

    private static Headers parsed(byte[] frame) {
        return Headers.parse(frame).orElseThrow();
    }

    private static byte[] payloadOf(byte[] frame) {
        Headers headers = parsed(frame);
        return java.util.Arrays.copyOfRange(frame, headers.payloadOffset(), headers.end());
    }

    @Test
    void required_TSO2_linuxGsoCase_3000BytesAtMss1448AreThreeSegments() {
        byte[] superFrame = TestFrames.tcp().payload(TestFrames.payload(3000, 9)).seq(0xFFFF_FF00L).id(0xFFFF)
                .flags(TestFrames.ACK | TestFrames.PSH | TestFrames.FIN | TestFrames.CWR).build();

        List<byte[]> segments = Segmentation.segments(superFrame, 1448);

        assertThat(segments).hasSize(3);
        assertThat(segments).extracting(s -> s.length).containsExactly(54 + 1448, 54 + 1448, 54 + 104);
        assertThat(segments).extracting(s -> TestFrames.u32(s, 38)).containsExactly(0xFFFF_FF00L, 0x0000_04A8L, 0x0000_0A50L);
        assertThat(segments).extracting(s -> TestFrames.u16(s, 18)).containsExactly(0xFFFF, 0x0000, 0x0001);
        assertThat(segments).extracting(s -> TestFrames.u16(s, 16)).containsExactly(20 + 20 + 1448, 20 + 20 + 1448, 20 + 20 + 104);
        assertThat(segments).extracting(s -> s[47] & 0xFF).containsExactly(
                TestFrames.ACK | TestFrames.CWR, TestFrames.ACK, TestFrames.ACK | TestFrames.PSH | TestFrames.FIN);
    }

    @Test
    void required_TSO2_aPayloadWithinTheMssIsOneFrameWithItsChecksumsComputed() {
        byte[] correct = TestFrames.tcp().payload(TestFrames.payload(500, 2)).build();
        byte[] blank = TestFrames.tcp().payload(TestFrames.payload(500, 2)).sum(TestFrames.Sum.ZERO).build();

        assertThat(Segmentation.segments(blank, 500)).singleElement().isEqualTo(correct);
        assertThat(Segmentation.segments(TestFrames.tcp().payload(new byte[0]).build(), 1)).hasSize(1);
    }

    @Test
    void required_TSO1_whatTheDeviceRefuses() {
        int v4 = ExtraInfoLayout.GSO_TYPE_TCPV4;
        int v6 = ExtraInfoLayout.GSO_TYPE_TCPV6;
        assertThat(Segmentation.problem(TestFrames.tcp().build(), v4)).isEmpty();
        assertThat(Segmentation.problem(TestFrames.tcp().ipv6().vlan(3).build(), v6)).isEmpty();
        assertThat(Segmentation.problem(TestFrames.tcp().ipv6().build(), v4)).hasValueSatisfying(r -> assertThat(r.rule()).isEqualTo("TSO-1"));
        assertThat(Segmentation.problem(TestFrames.tcp().build(), v6)).isPresent();
        assertThat(Segmentation.problem(TestFrames.udp().build(), v4)).isPresent();
        assertThat(Segmentation.problem(TestFrames.tcp().trailing(new byte[6]).build(), v4)).as("trailing bytes").isPresent();
        assertThat(Segmentation.problem(TestFrames.tcp().fragment(0x2000).build(), v4)).as("not parsed").isPresent();
        assertThat(Segmentation.problem(TestFrames.tcp().sum(TestFrames.Sum.WRONG).build(), v4)).as("checksums are not checked").isEmpty();
    }

    @Property(tries = 300)
    void required_TSO2_theSegmentCountAndThePayloadsConcatenateToTheOriginal(@ForAll("sends") Send send) {
        List<byte[]> segments = Segmentation.segments(send.frame(), send.mss());
        int payload = parsed(send.frame()).payloadLength();

        assertThat(segments).hasSize(Math.max(1, (payload + send.mss() - 1) / send.mss()));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < segments.size(); i++) {
            byte[] part = payloadOf(segments.get(i));
            assertThat(part.length).as("segment %d", i).isLessThanOrEqualTo(send.mss());
            if (i < segments.size() - 1) {
                assertThat(part.length).as("all but the last carry the MSS").isEqualTo(send.mss());
            }
            joined.write(part, 0, part.length);
        }
        assertThat(joined.toByteArray()).isEqualTo(payloadOf(send.frame()));
    }

    @Property(tries = 300)
    void required_TSO3_TSO4_everySegmentVerifiesAndDiffersOnlyInItsFields(@ForAll("sends") Send send) {
        byte[] original = send.frame();
        Headers h = parsed(original);
        List<byte[]> segments = Segmentation.segments(original, send.mss());
        int k = segments.size();
        long seq = TestFrames.u32(original, h.l4() + 4);
        int id = TestFrames.u16(original, h.l3() + 4);
        int flags = original[h.l4() + 13] & 0xFF;
        for (int i = 0; i < k; i++) {
            byte[] segment = segments.get(i);
            assertThat(Checksums.verifies(segment)).as("segment %d verifies", i).isTrue();
            assertThat(parsed(segment).l4()).isEqualTo(h.l4());
            assertThat(TestFrames.u32(segment, h.l4() + 4)).as("TSO-4 sequence").isEqualTo((seq + (long) i * send.mss()) & 0xFFFF_FFFFL);
            int expectedFlags = flags;
            if (i != k - 1) {
                expectedFlags &= ~(TestFrames.FIN | TestFrames.PSH);
            }
            if (i != 0) {
                expectedFlags &= ~TestFrames.CWR;
            }
            assertThat(segment[h.l4() + 13] & 0xFF).as("TSO-4 flags of %d/%d", i, k).isEqualTo(expectedFlags);
            byte[] header = java.util.Arrays.copyOf(segment, h.payloadOffset());
            byte[] originalHeader = java.util.Arrays.copyOf(original, h.payloadOffset());
            if (h.ipv4()) {
                assertThat(TestFrames.u16(segment, h.l3() + 4)).as("TSO-3 identification").isEqualTo((id + i) & 0xFFFF);
                for (int field : new int[] {2, 4, 10}) {
                    header = TestFrames.without(header, h.l3() + field, 2);
                    originalHeader = TestFrames.without(originalHeader, h.l3() + field, 2);
                }
            } else {
                header = TestFrames.without(header, h.l3() + 4, 2);
                originalHeader = TestFrames.without(originalHeader, h.l3() + 4, 2);
            }
            header = TestFrames.without(TestFrames.without(header, h.l4() + 4, 4), h.l4() + 16, 2);
            originalHeader = TestFrames.without(TestFrames.without(originalHeader, h.l4() + 4, 4), h.l4() + 16, 2);
            header[h.l4() + 13] = 0;
            originalHeader[h.l4() + 13] = 0;
            assertThat(header).as("every other header byte is the super-frame's").isEqualTo(originalHeader);
        }
    }
}
