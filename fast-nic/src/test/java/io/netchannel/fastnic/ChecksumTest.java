package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time Internet checksum against RFC 1071's worked example, RFC 1624's, and
 * the plain byte loop on random bytes of every length and starting offset, odd ones included;
 * and the laws the offload paths build on: partial sums of adjacent pieces add up to the sum of
 * the whole (swapped when a piece starts at an odd distance), and RFC 1624's update equals a full
 * recomputation where {@link Checksum#update} says it does.
 */
class ChecksumTest {

    private final Random random = new Random(11);

    @Test
    void rfc1071WorkedExampleSumsToDdf2WithChecksum220d() {
        byte[] bytes = Fleet.hex("00 01 f2 03 f4 f5 f6 f7");
        assertThat(Checksum.sum(bytes, 0, 8)).isEqualTo(0xDDF2);
        assertThat(Checksum.complement(Checksum.sum(bytes, 0, 8))).isEqualTo(0x220D);
        // The same bytes deep inside a buffer, at an odd offset, sum the same.
        byte[] padded = new byte[45];
        System.arraycopy(bytes, 0, padded, 37, 8);
        assertThat(Checksum.sum(padded, 37, 8)).isEqualTo(0xDDF2);
    }

    @Test
    void rfc1624ExampleUpdatesDd2fToZero() {
        // Section 4: the other header words sum to 0xCD7A, m = 0x5555 changes to m' = 0x3285.
        int hc = Checksum.complement(Checksum.add(0xCD7A, 0x5555));
        assertThat(hc).isEqualTo(0xDD2F);
        assertThat(Checksum.update(hc, 0x5555, 0x3285)).isEqualTo(0x0000);
        assertThat(Checksum.complement(Checksum.add(0xCD7A, 0x3285))).as("recomputed").isEqualTo(0x0000);
    }

    @Test
    void sumEqualsTheByteLoopForEveryLengthAndOffset() {
        byte[] bytes = new byte[600];
        for (int round = 0; round < 4; round++) {
            random.nextBytes(bytes);
            if (round == 3) {
                java.util.Arrays.fill(bytes, (byte) 0xFF); // the carries of an all-ones buffer
            }
            for (int offset = 0; offset < 17; offset++) {
                for (int length = 0; offset + length <= 300; length++) {
                    assertThat(Checksum.sum(bytes, offset, length)).as("offset %d length %d", offset, length)
                            .isEqualTo(Frames.naiveSum(bytes, offset, length));
                }
            }
        }
    }

    @Test
    void sumEqualsTheByteLoopOnWholeFramesUpTo64KiB() {
        byte[] bytes = new byte[65536 + 9];
        random.nextBytes(bytes);
        for (int length : new int[] {1447, 1448, 1500, 4095, 9000, 65535, 65536}) {
            for (int offset : new int[] {0, 1, 7, 9}) {
                assertThat(Checksum.sum(bytes, offset, length)).as("offset %d length %d", offset, length)
                        .isEqualTo(Frames.naiveSum(bytes, offset, length));
            }
        }
        byte[] ones = new byte[65535];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(Checksum.sum(ones, 0, ones.length)).isEqualTo(Frames.naiveSum(ones, 0, ones.length)).isEqualTo(0xFF00);
    }

    @Test
    void zeroOnlyForAllZeroBytes() {
        assertThat(Checksum.sum(new byte[100], 3, 90)).isZero();
        assertThat(Checksum.sum(new byte[0], 0, 0)).isZero();
        byte[] cancelling = Fleet.hex("ffff 0000");
        assertThat(Checksum.sum(cancelling, 0, 4)).as("negative zero stays 0xFFFF").isEqualTo(0xFFFF);
    }

    @Test
    void partialSumsOfPiecesAddUpWithASwapForOddStarts() {
        byte[] bytes = new byte[400];
        random.nextBytes(bytes);
        int whole = Checksum.sum(bytes, 5, 300);
        for (int split = 0; split <= 300; split++) {
            int first = Checksum.sum(bytes, 5, split);
            int second = Checksum.sum(bytes, 5 + split, 300 - split);
            int combined = Checksum.add(first, (split & 1) == 0 ? second : Checksum.swap(second));
            assertThat(combined).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void addWordsAddsBothHalvesOfAThirtyTwoBitValue() {
        byte[] word = Fleet.hex("0102 0304");
        assertThat(Checksum.addWords(0, 0x0102_0304L)).isEqualTo(Checksum.sum(word, 0, 4));
        assertThat(Checksum.addWords(0xFFFF, 0xFFFF_FFFFL)).isEqualTo(0xFFFF);
        assertThat(Checksum.fold(0)).isZero();
        assertThat(Checksum.fold(0xFFFF)).isEqualTo(0xFFFF);
        assertThat(Checksum.fold(0x1_0000)).isEqualTo(1);
        assertThat(Checksum.fold(Long.MAX_VALUE)).isEqualTo(Frames.naiveSum(Fleet.hex("7fff ffff ffff ffff"), 0, 8));
    }

    @Test
    void rfc1624UpdateEqualsRecomputationOnVerifiedIpv4Headers() {
        // Checksum.update's precondition: the old checksum verified and the new value is not 0; the
        // header's first word (the version) keeps every sum non-zero.
        byte[] header = new byte[20];
        for (int trial = 0; trial < 20_000; trial++) {
            random.nextBytes(header);
            header[0] = 0x45;
            header[10] = 0;
            header[11] = 0;
            int hc = Checksum.complement(Frames.naiveSum(header, 0, 20));
            if (trial % 7 == 0 && hc == 0) {
                hc = 0xFFFF; // the other zero, which still verifies
            }
            Frames.put16(header, 10, hc);
            int old = Frames.be16(header, 2);
            int changed = trial % 3 == 0 ? old ^ 0xFFFF : trial % 5 == 0 ? old : random.nextInt(0x10000);
            if (changed == 0) {
                continue; // outside update's precondition
            }
            int updated = Checksum.update(hc, old, changed);
            Frames.put16(header, 2, changed);
            Frames.put16(header, 10, 0);
            assertThat(updated).as("trial %d", trial).isEqualTo(Checksum.complement(Frames.naiveSum(header, 0, 20)));
        }
    }
}
