package io.netchannel.bench;

import io.netchannel.fastnic.Checksum;
import io.netchannel.model.offload.InternetChecksum;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offloads (spec 11) on one thread, the fast NIC, the reference model and a plain peer in the same
 * run.
 *
 * <ul>
 *   <li>{@link #checksumFast}, {@link #checksumModel}, {@link #checksumByteLoop}: one op is the
 *       RFC 1071 sum of {@code size} random bytes (1500, a full Ethernet payload, or 65536) — the
 *       fast NIC's {@link Checksum#sum} (eight bytes at a time, or in SIMD lanes with the Vector API), the model's
 *       {@link InternetChecksum#sum}, and a byte loop ({@link TcpFrames#byteLoopSum}). The buffer
 *       starts at offset 1 on every other call, so both alignments count. C3 divides the fast
 *       NIC's GB/s by 12.19 GB/s, the payload rate of 100 GbE at a 1500-byte MTU.</li>
 *   <li>{@link #tso}: one op is one 64 KiB TCP/IPv4 super-frame sent with a GSO extra (MSS 1448)
 *       through the device's whole TX path, guest work included, cut into 46 segments on the wire
 *       ({@link TsoGuest}). T1 divides its payload GB/s by 1.22 GB/s, the 10 GbE payload rate.</li>
 *   <li>{@link #lro}: one op is one 1448-byte segment arriving from the wire for a guest with LRO
 *       on, 45 merged per aggregate and flushed at a PSH into 17 posted buffers, guest work
 *       included ({@link LroGuest}). L1 divides segments per second by 0.8127 M/s, the 10 GbE
 *       frame rate at a 1500-byte MTU.</li>
 * </ul>
 *
 * <p>The forks run with {@code --add-modules=jdk.incubator.vector}, as a deployment of the fast NIC
 * would, so its checksums take the Vector API path ({@code VectorChecksum}); without the flag they
 * take the scalar loop.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class OffloadBenchmark {

    /** Random bytes to sum; the sum of each call is checked against the byte loop's once. */
    @State(Scope.Thread)
    public static class Bytes {

        /** Bytes per sum. */
        @Param({"1500", "65536"})
        public int size;

        byte[] bytes;
        int call;

        /** Fills the buffer and checks the three sums agree at both offsets, so a wrong sum is never timed. */
        @Setup(Level.Trial)
        public void setUp() {
            bytes = new byte[size + 1];
            new Random(1071).nextBytes(bytes);
            for (int offset = 0; offset < 2; offset++) {
                int expected = TcpFrames.byteLoopSum(bytes, offset, size);
                int fast = Checksum.sum(bytes, offset, size);
                int model = InternetChecksum.sum(bytes, offset, size);
                if (fast != expected || model != expected) {
                    throw new IllegalStateException("checksums disagree: size=" + size + " offset=" + offset + " byteLoop="
                            + Integer.toHexString(expected) + " fast=" + Integer.toHexString(fast) + " model="
                            + Integer.toHexString(model));
                }
            }
        }

        /** 0 and 1 in turn. */
        int offset() {
            return call++ & 1;
        }
    }

    /** One device's TSO guest. */
    @State(Scope.Thread)
    public static class Tso {

        /** The provider name, as {@code netchannel certify --impl} takes it. */
        @Param({"fast", "reference"})
        public String device;

        TsoGuest guest;

        /** Builds the device and sends one super-frame. */
        @Setup(Level.Trial)
        public void setUp() {
            guest = new TsoGuest(device);
            guest.round();
            guest.verify();
        }

        /** Refuses the trial's figure if any round did less than the whole workload. */
        @TearDown(Level.Trial)
        public void tearDown() {
            guest.verify();
        }
    }

    /** One device's LRO guest. */
    @State(Scope.Thread)
    public static class Lro {

        /** The provider name, as {@code netchannel certify --impl} takes it. */
        @Param({"fast", "reference"})
        public String device;

        LroGuest guest;

        /** Builds the device and receives one aggregate. */
        @Setup(Level.Trial)
        public void setUp() {
            guest = new LroGuest(device);
            guest.round();
            guest.verify();
        }

        /** Refuses the trial's figure if any round did less than the whole workload. */
        @TearDown(Level.Trial)
        public void tearDown() {
            guest.verify();
        }
    }

    /** One op: the fast NIC's sum of {@code size} bytes. */
    @Benchmark
    public int checksumFast(Bytes state) {
        return Checksum.sum(state.bytes, state.offset(), state.size);
    }

    /** One op: the reference model's sum of {@code size} bytes. */
    @Benchmark
    public int checksumModel(Bytes state) {
        return InternetChecksum.sum(state.bytes, state.offset(), state.size);
    }

    /** One op: the byte loop's sum of {@code size} bytes. */
    @Benchmark
    public int checksumByteLoop(Bytes state) {
        return TcpFrames.byteLoopSum(state.bytes, state.offset(), state.size);
    }

    /** One op: one 64 KiB GSO send, ring to wire, 46 segments. */
    @Benchmark
    public int tso(Tso state) {
        return state.guest.round();
    }

    /** One op: one 1448-byte segment received and merged; 45 make one delivery. */
    @Benchmark
    @OperationsPerInvocation(LroGuest.SEGMENTS)
    public int lro(Lro state) {
        return state.guest.round();
    }
}
