package io.netchannel.model.offload;

import static io.netchannel.model.offload.TestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Section 3's parse (OFF-3) on frames written from the RFC header figures. */
class HeadersTest {

    private static Headers parsed(byte[] frame) {
        Optional<Headers> headers = Headers.parse(frame);
        assertThat(headers).as("parses").isPresent();
        return headers.get();
    }

    private static void refused(byte[] frame) {
        assertThat(Headers.parse(frame)).as("not offloaded").isEmpty();
    }

    @Nested
    class Accepted {

        @Test
        void required_OFF3_untaggedTcpOverIpv4() {
            byte[] frame = TestFrames.tcp().build(); // 14 + 20 + 20 + 100
            assertThat(parsed(frame)).isEqualTo(new Headers(14, 4, 34, 154, 6, 20));
            assertThat(frame).hasSize(154);
        }

        @Test
        void required_OFF3_taggedUdpOverIpv4WithOptionsAndTrailingPadding() {
            byte[] frame = TestFrames.udp().vlan(10).ipv4Options(hex("01010100")).payload(new byte[6]).trailing(new byte[12]).build();
            // 18 + 24 + 8 + 6 = 56, then 12 bytes of Ethernet padding
            assertThat(parsed(frame)).isEqualTo(new Headers(18, 4, 42, 56, 17, 8));
        }

        @Test
        void required_OFF3_ipv6WithHopByHopRoutingDoneAndDestinationOptions() {
            byte[] frame = TestFrames.tcp().ipv6().extension(0, 1, 0).extension(43, 3, 0).extension(60, 2, 7)
                    .tcpOptions(hex("0101080a0000000100000002")).payload(new byte[10]).build();
            // l4 = 14 + 40 + 8 + 24 + 16; thl = 32
            assertThat(parsed(frame)).isEqualTo(new Headers(14, 6, 102, 144, 6, 32));
        }

        @Test
        void required_OFF3_aTcpHeaderWithNoPayload() {
            byte[] frame = TestFrames.tcp().ipv6().vlan(7).payload(new byte[0]).build();
            assertThat(parsed(frame)).isEqualTo(new Headers(18, 6, 58, 78, 6, 20));
        }
    }

    @Nested
    class Refused {

        @Test
        void required_OFF3_shortFramesAndOtherEtherTypes() {
            refused(new byte[13]);
            refused(hex("ffffffffffff020000000001 8100 000a"));
            byte[] arp = TestFrames.tcp().build();
            arp[12] = 0x08;
            arp[13] = 0x06;
            refused(arp);
        }

        @Test
        void required_OFF3_twoTagsOrAnAdTagAreNotParsed() {
            refused(TestFrames.tcp().tag(0x88A8, 5).build());
            byte[] single = TestFrames.tcp().vlan(5).build();
            byte[] doubled = TestFrames.concat(java.util.Arrays.copyOfRange(single, 0, 16), hex("8100 0006"),
                    java.util.Arrays.copyOfRange(single, 16, single.length));
            refused(doubled);
        }

        @Test
        void required_OFF3_ipv4FragmentsAndInconsistentLengths() {
            refused(TestFrames.tcp().fragment(0x2000).build()); // MF
            refused(TestFrames.tcp().fragment(0x0001).build()); // offset 8
            assertThat(Headers.parse(TestFrames.tcp().fragment(0x4000).build())).isPresent(); // DF alone is fine
            byte[] badIhl = TestFrames.tcp().build();
            badIhl[14] = 0x44; // ihl 16 bytes
            refused(badIhl);
            byte[] longTotal = TestFrames.tcp().build();
            longTotal[17] = (byte) (longTotal[17] + 1); // total length one past the frame
            refused(longTotal);
            byte[] version = TestFrames.tcp().build();
            version[14] = 0x65;
            refused(version);
        }

        @Test
        void required_OFF3_ipv6HeadersTheDeviceDoesNotWalk() {
            refused(TestFrames.tcp().ipv6().extension(44, 1, 0).build()); // fragment header
            refused(TestFrames.tcp().ipv6().extension(60, 1, 0).extension(0, 1, 0).build()); // hop-by-hop not first
            refused(TestFrames.tcp().ipv6().extension(43, 3, 1).build()); // routing with a segment left
            refused(TestFrames.tcp().ipv6().extension(51, 2, 0).build()); // AH
            byte[] jumbo = TestFrames.tcp().ipv6().build();
            jumbo[18] = 0;
            jumbo[19] = 0; // payload length 0
            refused(jumbo);
        }

        @Test
        void required_OFF3_inconsistentTransportHeaders() {
            refused(TestFrames.udp().udpLengthDelta(1).build());
            refused(TestFrames.udp().udpLengthDelta(-1).build());
            byte[] shortOffset = TestFrames.tcp().build();
            shortOffset[34 + 12] = 0x40; // data offset 4 words
            refused(shortOffset);
            byte[] longOffset = TestFrames.tcp().payload(new byte[0]).build();
            longOffset[34 + 12] = 0x60; // 24 bytes of header in a 20-byte segment
            refused(longOffset);
            byte[] icmp = TestFrames.tcp().build();
            icmp[14 + 9] = 1;
            refused(icmp);
        }
    }

    @Property
    void required_OFF3_trailingBytesPlayNoPartInTheParse(@ForAll @IntRange(min = 1, max = 40) int padding, @ForAll byte fill) {
        byte[] bare = TestFrames.udp().vlan(3).payload(new byte[4]).build();
        byte[] padded = TestFrames.concat(bare, new byte[padding]);
        java.util.Arrays.fill(padded, bare.length, padded.length, fill);

        assertThat(Headers.parse(padded)).isEqualTo(Headers.parse(bare));
        assertThat(Checksums.verifies(padded)).isTrue();
    }

    @Test
    void pseudoHeaderSumsFollowTheTablesOfSection4() {
        byte[] v4 = TestFrames.tcp().build();
        Headers h4 = parsed(v4);
        byte[] pseudo4 = TestFrames.concat(java.util.Arrays.copyOfRange(v4, 26, 34), TestFrames.bytes(0, 6, 0, 120));
        assertThat(h4.pseudoHeaderSum(v4)).isEqualTo(TestFrames.onesSum(pseudo4));

        byte[] v6 = TestFrames.udp().ipv6().build();
        Headers h6 = parsed(v6);
        byte[] pseudo6 = TestFrames.concat(java.util.Arrays.copyOfRange(v6, 22, 54), TestFrames.bytes(0, 0, 0, 108, 0, 0, 0, 17));
        assertThat(h6.pseudoHeaderSum(v6)).isEqualTo(TestFrames.onesSum(pseudo6));
    }
}
