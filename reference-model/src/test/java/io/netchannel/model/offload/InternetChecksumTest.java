package io.netchannel.model.offload;

import static io.netchannel.model.offload.TestFrames.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The Internet checksum against RFC 1071's and RFC 1624's worked examples and laws. */
class InternetChecksumTest {

    @Provide
    Arbitrary<byte[]> data() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(300);
    }

    @Test
    void rfc1071Section3_theExampleSumsToDdf2AndItsChecksumIs220d() {
        byte[] example = bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);

        assertThat(InternetChecksum.sum(example, 0, example.length)).isEqualTo(0xddf2);
        assertThat(InternetChecksum.checksum(example, 0, example.length)).isEqualTo(0x220d);
    }

    @Test
    void rfc1071_anOddLastByteIsPaddedWithZero() {
        assertThat(InternetChecksum.sum(bytes(0xab), 0, 1)).isEqualTo(0xab00);
        assertThat(InternetChecksum.sum(bytes(0x00, 0x01, 0xf2), 0, 3)).isEqualTo(0xf201);
    }

    @Test
    void rfc1071_theCarryIsAddedBackIn() {
        assertThat(InternetChecksum.add(0xFFFF, 0x0001)).isEqualTo(0x0001);
        assertThat(InternetChecksum.add(0xFFFF, 0xFFFF)).isEqualTo(0xFFFF);
        assertThat(InternetChecksum.add(0x0000, 0x0000)).isEqualTo(0x0000);
    }

    @Test
    void rfc1624Section4_theExampleUpdateGivesZero() {
        // HC = 0xDD2F, m = 0x5555 changes to m' = 0x3285: HC' = 0x0000
        assertThat(InternetChecksum.update(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    /**
     * The case erratum 4782 reports (HC = 0, m = m' = 0x5555). Its 0xFFFF comes from arithmetic
     * modulo 0xFFFF, which folds 0xFFFF + 0xAAAA + 0x5555 to 0x0000; ones' complement addition
     * with the carry added back in (RFC 1071, and errata 5864 and 5865 to RFC 1624) keeps 0xFFFF
     * and equation 3 gives 0x0000, as a full computation does: the bytes 0xAAAA 0x5555 sum to 0xFFFF.
     */
    @Test
    void rfc1624Erratum4782_withEndAroundCarryAnUnchangedWordKeepsAZeroChecksum() {
        byte[] data = bytes(0xAA, 0xAA, 0x55, 0x55);
        assertThat(InternetChecksum.checksum(data, 0, 4)).isEqualTo(0x0000);

        assertThat(InternetChecksum.update(0x0000, 0x5555, 0x5555)).isEqualTo(0x0000);
        long modulo = (0xFFFFL + 0xAAAA + 0x5555) % 0xFFFF;
        assertThat(~modulo & 0xFFFF).as("the erratum's modulo arithmetic").isEqualTo(0xFFFF);
    }

    @Property
    void theSumIsTheDefinitionsSum(@ForAll("data") byte[] data) {
        assertThat(InternetChecksum.sum(data, 0, data.length)).isEqualTo(TestFrames.onesSum(data));
    }

    @Property
    void rfc1071_theSumDoesNotDependOnByteOrder(@ForAll("data") byte[] data) {
        Assume.that(data.length % 2 == 0);
        byte[] swapped = new byte[data.length];
        for (int i = 0; i < data.length; i += 2) {
            swapped[i] = data[i + 1];
            swapped[i + 1] = data[i];
        }
        int sum = InternetChecksum.sum(data, 0, data.length);
        int swappedSum = InternetChecksum.sum(swapped, 0, swapped.length);

        assertThat(swappedSum).isEqualTo((sum >>> 8 | sum << 8) & 0xFFFF);
    }

    @Property
    void aSumOverEvenRunsIsTheSumOfTheirSums(@ForAll("data") byte[] data, @ForAll @IntRange(min = 0, max = 150) int half) {
        int split = Math.min(2 * half, data.length);
        int whole = InternetChecksum.sum(data, 0, data.length);
        int runs = InternetChecksum.sum(InternetChecksum.sum(data, 0, split), data, split, data.length - split);

        assertThat(runs).isEqualTo(whole);
    }

    @Property
    void rfc1624_equation3EqualsRecomputationWhenAWordChanges(@ForAll("data") byte[] data, @ForAll int index,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int mPrime) {
        Assume.that(data.length % 2 == 0);
        int at = Math.floorMod(index, data.length / 2) * 2;
        int m = (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
        Assume.that(m != mPrime);
        Assume.that(TestFrames.onesSum(data) != 0); // a checksum of 0xFFFF stands for all-zero data only
        int before = TestFrames.checksumOf(data);
        byte[] changed = data.clone();
        changed[at] = (byte) (mPrime >>> 8);
        changed[at + 1] = (byte) mPrime;

        Assume.that(TestFrames.onesSum(changed) != 0);

        assertThat(InternetChecksum.update(before, m, mPrime)).isEqualTo(TestFrames.checksumOf(changed));
    }
}
