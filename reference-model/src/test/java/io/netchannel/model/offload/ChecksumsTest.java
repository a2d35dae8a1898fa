package io.netchannel.model.offload;

import static io.netchannel.model.offload.TestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Section 4 on frames whose checksums were worked out by hand from RFC 1071, 768, 791 and 8200. */
class ChecksumsTest {

    /**
     * A TCP/IPv4 segment carrying "GET ", checksum fields zero. By hand: the IPv4 header words
     * 4500 002c 1c46 4000 4006 0000 c0a8 0068 c0a8 0001 sum to 0x26331, folded 0x6333, so the
     * header checksum is 0x9ccc; the pseudo-header c0a8 0068 c0a8 0001 0006 0018 and the segment
     * 9c40 0050 0000 1000 0000 2000 5018 ffff 0000 0000 4745 5420 sum to 0x439e3, folded 0x39e7,
     * so the TCP checksum is 0xc618.
     */
    private static final byte[] TCP4 = hex("001c42000008 001c428b3c3e 0800"
            + "4500 002c 1c46 4000 4006 0000 c0a8 0068 c0a8 0001"
            + "9c40 0050 00001000 00002000 5018 ffff 0000 0000"
            + "47455420");

    /**
     * A UDP/IPv6 datagram carrying "hell", checksum field zero. By hand: the pseudo-header
     * (2001:db8::1, 2001:db8::2, length 12, next header 17) sums to 0x5b92, the datagram
     * 04d2 162e 000c 0000 6865 6c6c to 0xefdd; together 0x14b6f, folded 0x4b70: checksum 0xb48f.
     */
    private static final byte[] UDP6 = hex("001c42000008 001c428b3c3e 86dd"
            + "60000000 000c 11 40 20010db8000000000000000000000001 20010db8000000000000000000000002"
            + "04d2 162e 000c 0000 68656c6c");

    private static Headers parsed(byte[] frame) {
        return Headers.parse(frame).orElseThrow();
    }

    @Test
    void required_CSUM1_theTcpIpv4ExampleChecksumIsC618AndItsHeaderChecksum9ccc() {
        Headers headers = parsed(TCP4);
        assertThat(Checksums.l4Checksum(TCP4, headers)).isEqualTo(0xc618);
        assertThat(Checksums.ipv4HeaderChecksum(TCP4, headers)).isEqualTo(0x9ccc);
        byte[] pseudo = TestFrames.concat(hex("c0a80068 c0a80001 0006 0018"), java.util.Arrays.copyOfRange(TCP4, 34, 58));
        assertThat(TestFrames.checksumOf(pseudo)).as("the test's own oracle agrees").isEqualTo(0xc618);
    }

    @Test
    void required_CSUM1_theUdpIpv6ExampleChecksumIsB48f() {
        assertThat(Checksums.l4Checksum(UDP6, parsed(UDP6))).isEqualTo(0xb48f);
        byte[] completed = Checksums.withL4Checksum(UDP6);
        assertThat(TestFrames.u16(completed, 54 + 6)).isEqualTo(0xb48f);
        assertThat(Checksums.verifies(completed)).isTrue();
        assertThat(Checksums.verifies(UDP6)).as("a zero UDP checksum never verifies").isFalse();
    }

    /** The IPv4 header from Wikipedia's "IPv4 header checksum" (a captured UDP packet): its checksum is b861. */
    @Test
    void capturedIpv4HeaderChecksumIsB861() {
        byte[] header = hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7");
        byte[] udp = new byte[95];
        udp[5] = 95; // UDP length
        byte[] frame = TestFrames.concat(hex("ffffffffffff 020000000001 0800"), header, udp);

        assertThat(Checksums.ipv4HeaderChecksum(frame, parsed(frame))).isEqualTo(0xb861);
        assertThat(InternetChecksum.sum(frame, 14, 20)).as("a correct header sums to 0xFFFF").isEqualTo(0xFFFF);
    }

    @Test
    void required_CSUM1_whateverTheGuestLeftInTheFieldTheSameTwoBytesAreWritten() {
        byte[] expected = Checksums.withL4Checksum(TCP4);
        for (int left : new int[] {0x0000, 0x1234, 0xFFFF, InternetChecksum.complement(parsed(TCP4).pseudoHeaderSum(TCP4))}) {
            byte[] guest = TCP4.clone();
            TestFrames.put16(guest, 50, left);
            assertThat(Checksums.withL4Checksum(guest)).as("field %04x", left).isEqualTo(expected);
        }
        int changed = 0;
        for (int i = 0; i < TCP4.length; i++) {
            changed += expected[i] != TCP4[i] ? 1 : 0;
        }
        assertThat(changed).as("two bytes change, nothing else").isEqualTo(2);
        assertThat(TestFrames.u16(expected, 50)).isEqualTo(0xc618);
    }

    /** A datagram whose payload word is the checksum it has with a zero payload word: its own checksum computes to 0x0000. */
    private static byte[] zeroSumming(TestFrames.Builder builder, int field) {
        byte[] probe = builder.payload(new byte[2]).sum(TestFrames.Sum.CORRECT).build();
        int cancel = TestFrames.u16(probe, field);
        return builder.payload(TestFrames.bytes(cancel >>> 8, cancel)).sum(TestFrames.Sum.ZERO).build();
    }

    @Test
    void required_CSUM2_aUdpChecksumComputingToZeroIsWrittenAsFfff() {
        byte[] udp = zeroSumming(TestFrames.udp(), 34 + 6);
        Headers headers = parsed(udp);
        assertThat(InternetChecksum.complement(Checksums.l4Sum(udp, headers))).as("computes to zero").isZero();

        assertThat(Checksums.l4Checksum(udp, headers)).isEqualTo(0xFFFF);
        assertThat(Checksums.verifies(Checksums.withL4Checksum(udp))).isTrue();
    }

    @Test
    void required_CSUM1_aTcpChecksumComputingToZeroStaysZeroAndFfffThereStillVerifies() {
        byte[] tcp = zeroSumming(TestFrames.tcp(), 34 + 16);
        assertThat(Checksums.l4Checksum(tcp, parsed(tcp))).isEqualTo(0x0000);
        assertThat(Checksums.verifies(tcp)).isTrue();

        byte[] negativeZero = tcp.clone();
        TestFrames.put16(negativeZero, 34 + 16, 0xFFFF);
        assertThat(Checksums.verifies(negativeZero)).as("the other ones' complement zero").isTrue();
    }

    @Test
    void required_CSUM5_whatVerifies() {
        assertThat(Checksums.verifies(TestFrames.tcp().build())).isTrue();
        assertThat(Checksums.verifies(TestFrames.udp().ipv6().vlan(4).build())).isTrue();
        assertThat(Checksums.verifies(TestFrames.tcp().sum(TestFrames.Sum.WRONG).build())).isFalse();
        assertThat(Checksums.verifies(TestFrames.tcp().wrongIpChecksum().build())).as("IPv4 header checksum").isFalse();
        assertThat(Checksums.verifies(TestFrames.udp().sum(TestFrames.Sum.ZERO).build())).as("UDP zero over IPv4").isFalse();
        assertThat(Checksums.verifies(TestFrames.udp().ipv6().sum(TestFrames.Sum.ZERO).build())).as("UDP zero over IPv6").isFalse();
        assertThat(Checksums.verifies(TestFrames.tcp().fragment(0x2000).build())).as("not parsed").isFalse();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Generators.validFrames(200);
    }

    @Property
    void required_CSUM1_computedChecksumsAreTheDefinitions(@ForAll("frames") byte[] frame) {
        Headers headers = parsed(frame);
        int field = headers.checksumOffset();
        assertThat(Checksums.l4Checksum(frame, headers)).isEqualTo(TestFrames.u16(frame, field));
        assertThat(Checksums.verifies(frame)).isTrue();
    }

    @Property
    void required_CSUM5_aSingleBitFlippedInTheCheckedBytesNeverVerifies(@ForAll("frames") byte[] frame, @ForAll int where,
            @ForAll int bit) {
        Headers headers = parsed(frame);
        // the bytes a checksum covers: IPv4's header and datagram; IPv6's addresses (in the pseudo-header) and L4 bytes
        java.util.List<Integer> checked = new java.util.ArrayList<>();
        for (int i = headers.l3(); i < headers.end(); i++) {
            boolean covered = headers.ipv4() || i >= headers.l4() || i >= headers.l3() + 8 && i < headers.l3() + 40;
            if (covered) {
                checked.add(i);
            }
        }
        int at = checked.get(Math.floorMod(where, checked.size()));
        byte[] corrupted = frame.clone();
        corrupted[at] ^= (byte) (1 << Math.floorMod(bit, 8));
        Optional<Headers> after = Headers.parse(corrupted);
        Assume.that(after.isPresent() && after.get().equals(headers)); // the same bytes are checked

        assertThat(Checksums.verifies(corrupted)).as("bit %d of byte %d", Math.floorMod(bit, 8), at).isFalse();
    }
}
