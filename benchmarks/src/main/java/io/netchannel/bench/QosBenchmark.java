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
 * TX QoS (spec 09) on one thread, the fast NIC ({@code device=fast}) and the reference model
 * ({@code device=reference}) in the same run.
 *
 * <ul>
 *   <li>{@link #bucket}: one op is one token-bucket decision for one packet — accrue to now,
 *       conforms, charge — the fast NIC's {@code RateMeter.take} (the code its TX path runs) or the
 *       model's {@code TokenBucket} ({@link BucketDecisions}). Q1 divides its ns per packet by the
 *       67.2 ns budget of a 64-byte frame at 10 GbE.</li>
 *   <li>{@link #txPipeline}: one op is one 60-byte packet from a context's TX ring to the wire,
 *       guest work included, on a context with a limit that never holds it ({@code rate=limited})
 *       or none ({@code rate=unlimited}) ({@link QosGuest}): the overhead of the rate decision on
 *       the real path.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class QosBenchmark {

    /** Token-bucket decisions of one device, checked against the window law after the trial. */
    @State(Scope.Thread)
    public static class Bucket {

        /** {@code fast} or {@code reference}. */
        @Param({"fast", "reference"})
        public String device;

        BucketDecisions decisions;

        /** Builds the bucket and decides one burst, so a broken setup fails before it is timed. */
        @Setup(Level.Trial)
        public void setUp() {
            decisions = new BucketDecisions(device);
            decisions.burst();
        }

        /** Refuses the trial's figure if the decisions broke the window law or never refused. */
        @TearDown(Level.Trial)
        public void tearDown() {
            decisions.verify();
        }
    }

    /** One context sending 64-byte frames, limited or not. */
    @State(Scope.Thread)
    public static class Pipeline {

        /** The provider name, as {@code netchannel certify --impl} takes it. */
        @Param({"fast", "reference"})
        public String device;

        /** {@code limited} (a limit that never holds) or {@code unlimited}. */
        @Param({"limited", "unlimited"})
        public String rate;

        QosGuest guest;

        /** Builds the device and runs one round. */
        @Setup(Level.Trial)
        public void setUp() {
            if (!rate.equals("limited") && !rate.equals("unlimited")) {
                throw new IllegalArgumentException("rate is limited or unlimited: rate=" + rate);
            }
            guest = new QosGuest(device, rate.equals("limited"));
            guest.round();
            guest.verify();
        }

        /** Refuses the trial's figure if any round did less than the whole workload. */
        @TearDown(Level.Trial)
        public void tearDown() {
            guest.verify();
        }
    }

    /** One op: one token-bucket decision (accrue, conforms, charge) for a 60-byte packet. */
    @Benchmark
    @OperationsPerInvocation(BucketDecisions.BURST)
    public int bucket(Bucket state) {
        return state.decisions.burst();
    }

    /** One op: one 60-byte packet from the TX ring to the wire, guest side included. */
    @Benchmark
    @OperationsPerInvocation(QosGuest.BURST)
    public int txPipeline(Pipeline state) {
        return state.guest.round();
    }
}
