package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorChecksum} gives bit for bit the scalar {@link Checksum#sum} for every length 0 to
 * 2000 at every offset 0 to 63 (every alignment against a 64-byte vector), on random bytes and on
 * all-ones bytes (the most carries); and {@link Checksum#copyAndSum} copies exactly the bytes it is
 * given and returns the sum of the copy, with or without vectors. The vector cases run when the
 * JVM has the module (fast-nic's surefire adds it; {@code -Dfastnic.test.vector=} leaves it out),
 * and are skipped otherwise.
 */
class VectorChecksumTest {

    private static final int LONGEST = 2000;
    private static final int OFFSETS = 64;

    private final Random random = new Random(1071);

    @Test
    void theVectorPathIsOnWheneverTheModuleIsLoadedAndUsable() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assumeTrue(module, "the JVM runs without --add-modules jdk.incubator.vector");
        assertThat(Checksum.VECTOR).isEqualTo(VectorChecksum.usable());
    }

    @Test
    void vectorSumEqualsTheScalarSumForEveryLengthAndAlignment() {
        assumeTrue(Checksum.VECTOR, "no Vector API in this JVM");
        byte[] bytes = new byte[OFFSETS + LONGEST];
        for (int round = 0; round < 2; round++) {
            if (round == 0) {
                random.nextBytes(bytes);
            } else {
                Arrays.fill(bytes, (byte) 0xFF);
            }
            for (int offset = 0; offset < OFFSETS; offset++) {
                for (int length = 0; length <= LONGEST; length++) {
                    int scalar = Checksum.scalarSum(bytes, offset, length);
                    assertThat(Checksum.sum(bytes, offset, length)).as("offset %d length %d round %d", offset, length, round)
                            .isEqualTo(scalar);
                }
            }
        }
    }

    @Test
    void vectorSumEqualsTheByteLoopUpTo64KiB() {
        assumeTrue(Checksum.VECTOR, "no Vector API in this JVM");
        byte[] bytes = new byte[65536 + 9];
        random.nextBytes(bytes);
        for (int length : new int[] {4095, 9000, 65535, 65536}) {
            for (int offset : new int[] {0, 1, 7, 9}) {
                assertThat(Checksum.sum(bytes, offset, length)).as("offset %d length %d", offset, length)
                        .isEqualTo(Frames.naiveSum(bytes, offset, length));
            }
        }
        byte[] ones = new byte[65536];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(Checksum.sum(ones, 0, 65536)).isEqualTo(0xFFFF);
    }

    @Test
    void copyAndSumCopiesExactlyAndSumsTheCopyForEveryLengthAndAlignment() {
        byte[] src = new byte[OFFSETS + LONGEST];
        random.nextBytes(src);
        byte[] dst = new byte[OFFSETS + LONGEST + 16];
        byte[] expected = new byte[dst.length];
        for (int from = 0; from < OFFSETS; from += 5) {
            for (int to = 0; to < OFFSETS; to += 3) {
                for (int length = 0; length <= LONGEST; length += length < 300 ? 1 : 7) {
                    Arrays.fill(dst, (byte) 0x5A);
                    Arrays.fill(expected, (byte) 0x5A);
                    System.arraycopy(src, from, expected, to, length);
                    int sum = Checksum.copyAndSum(src, from, dst, to, length);
                    assertThat(dst).as("from %d to %d length %d", from, to, length).isEqualTo(expected);
                    assertThat(sum).as("from %d to %d length %d", from, to, length)
                            .isEqualTo(Checksum.scalarSum(src, from, length));
                }
            }
        }
    }
}
