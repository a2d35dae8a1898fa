package io.netchannel.bench;

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
 * P1 and P3: the 64-byte pipeline on one thread, the fast NIC ({@code device=fast}) and the
 * reference model ({@code device=reference}) under the same workload in the same run.
 *
 * <p>One operation is one packet forwarded through the device in both directions' worth of work:
 * an invocation is a {@link PipelineGuest#round()}, {@value PipelineGuest#BURST} packets from a TX
 * ring to the wire (validation, source-MAC enforcement, copy out) plus {@value PipelineGuest#BURST}
 * frames from the wire into RX buffers (demux, copy in, response), guest work included, and counts
 * as {@value PipelineGuest#BURST} operations. So ops/s is packets per second with each packet
 * paying for one TX and one RX, the way a forwarding rate counts; counting each direction
 * separately would double it. P1 divides it by the 10 GbE 64-byte line rate (14.88 Mpps).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class PipelineBenchmark {

    /** One device with one context and its guest; a fresh device per fork and trial. */
    @State(Scope.Thread)
    public static class Pipeline {

        /** The provider name, as {@code netchannel certify --impl} takes it. */
        @Param({"fast", "reference"})
        public String device;

        PipelineGuest guest;

        /** Builds the device and runs one round, so a broken device fails before it is timed. */
        @Setup(Level.Trial)
        public void setUp() {
            guest = new PipelineGuest(device);
            guest.round();
            guest.verify();
        }

        /** Refuses the trial's figure if any round did less than the whole workload. */
        @TearDown(Level.Trial)
        public void tearDown() {
            guest.verify();
        }
    }

    /**
     * One op: one 64-byte packet through TX (ring → validation → enforcement → wire) and one
     * through RX (wire → demux → RX ring), guest side included.
     */
    @Benchmark
    @OperationsPerInvocation(PipelineGuest.BURST)
    public int pipeline64(Pipeline state) {
        return state.guest.round();
    }
}
