package io.netchannel.bench;

import io.netchannel.api.DeviceProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stdio bridge's protocol overhead (spec 13): device calls per second made through the
 * conformance harness on the same guest, to the reference model in process, to the same model in
 * a child JVM behind the bridge ({@code java-adapter}), to the C example device behind the bridge
 * ({@code c-device}), and to the fast NIC in process for scale ({@code fast-nic}).
 *
 * <p>One operation is one device call and the guest work around it, identical for every target:
 * <ul>
 *   <li>{@link #advance}: {@code advanceTo} 1 µs later, no memory traffic;</li>
 *   <li>{@link #kick}: one 60-byte frame (64 on the wire) queued as one TX request and published,
 *       one TX kick, the response reaped;</li>
 *   <li>{@link #receive}: one 60-byte frame from the wire into the one posted RX buffer, the
 *       response reaped, the buffer posted again.</li>
 * </ul>
 * Over the bridge a call is a request line, the device's work on the shared memory file, and a
 * reply line whose reported accesses the bridge replays into the harness's audited memory.
 *
 * <p>The harness keeps a record of everything, so each iteration gets a fresh device and guest
 * ({@link BridgeGuest}), checked at the end of the iteration. Over the bridge a fresh device is a
 * fresh process, so each is warmed with {@value #WARM_CALLS} calls of each kind first; and as the
 * bridged providers start the next device process in the background, set-up then waits until
 * child processes are idle (a starting or compiling JVM beside the timed thread would slow it). The C device must be built ({@code make -C examples/c-device}) and is found
 * under the working directory or {@code -Dnetchannel.root} (pass it with {@code -jvmArgsAppend}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class BridgeBenchmark {

    /** Calls of each kind a fresh device gets before its iteration is timed. */
    static final int WARM_CALLS = 500;

    /** The target's provider for the trial, and a fresh guest and device per iteration. */
    @State(Scope.Thread)
    public static class Bridge {

        /** Where the device runs: see {@link BridgeTargets}. */
        @Param({BridgeTargets.IN_PROCESS, BridgeTargets.JAVA_ADAPTER, BridgeTargets.C_DEVICE, BridgeTargets.FAST_NIC})
        public String target;

        DeviceProvider provider;
        BridgeGuest guest;

        /** Starts the provider (and a bridged device's process) and tries each call once, so a broken target fails before it is timed. */
        @Setup(Level.Trial)
        public void setUp() {
            provider = BridgeTargets.provider(target);
            BridgeGuest probe = new BridgeGuest(provider);
            probe.advance();
            probe.kick();
            probe.receive();
            probe.verify();
        }

        /**
         * A fresh device and guest, warmed by {@value BridgeBenchmark#WARM_CALLS} calls of each kind (a bridged
         * device is a fresh process, a JVM one starts cold), once no device process is busy.
         */
        @Setup(Level.Iteration)
        public void freshGuest() {
            guest = new BridgeGuest(provider);
            for (int i = 0; i < WARM_CALLS; i++) {
                guest.advance();
                guest.kick();
                guest.receive();
            }
            BridgeTargets.quiesce();
        }

        /** Refuses the iteration's figure if any call went wrong. */
        @TearDown(Level.Iteration)
        public void verify() {
            guest.verify();
            guest = null;
        }

        /** Ends the device processes. */
        @TearDown(Level.Trial)
        public void tearDown() {
            BridgeTargets.close(provider);
        }
    }

    /** One op: one {@code advanceTo}. */
    @Benchmark
    public long advance(Bridge state) {
        return state.guest.advance();
    }

    /** One op: one 60-byte packet published on the TX ring, one kick, its response reaped. */
    @Benchmark
    public int kick(Bridge state) {
        return state.guest.kick();
    }

    /** One op: one 60-byte frame received into a posted RX buffer, its response reaped, the buffer reposted. */
    @Benchmark
    public int receive(Bridge state) {
        return state.guest.receive();
    }
}
