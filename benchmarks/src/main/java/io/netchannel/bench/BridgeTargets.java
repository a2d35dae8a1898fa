package io.netchannel.bench;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.stdio.ModelAdapter;
import io.netchannel.conformance.stdio.StdioProvider;
import io.netchannel.fastnic.FastNicProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The devices {@link BridgeBenchmark} compares, by its {@code target} parameter: the reference
 * model and the fast NIC in process, and two device processes behind the stdio bridge (spec 13):
 * the reference model served by {@link ModelAdapter} in a child JVM, and the C example device.
 */
final class BridgeTargets {

    /** The reference model, called directly. */
    static final String IN_PROCESS = "in-process";
    /** The reference model in a child JVM ({@link ModelAdapter}), over the bridge. */
    static final String JAVA_ADAPTER = "java-adapter";
    /** {@code examples/c-device/build/netdev}, over the bridge. */
    static final String C_DEVICE = "c-device";
    /** The fast NIC, called directly: the scale of the in-process figures. */
    static final String FAST_NIC = "fast-nic";

    /** Where the C device's executable lies under the repository root. */
    static final Path NETDEV = Path.of("examples", "c-device", "build", "netdev");

    private BridgeTargets() {
    }

    /**
     * The provider of {@code target}; a bridged one has its device process started and past
     * {@code init}.
     *
     * @throws IllegalArgumentException for an unknown target, or a C device not built
     */
    static DeviceProvider provider(String target) {
        switch (target) {
            case IN_PROCESS:
                return Providers.find("reference");
            case FAST_NIC:
                return Providers.find(FastNicProvider.NAME);
            case JAVA_ADAPTER:
                return new StdioProvider(javaAdapter(), StdioProvider.DEFAULT_TIMEOUT, null);
            case C_DEVICE:
                return new StdioProvider(List.of(netdev().toString()), StdioProvider.DEFAULT_TIMEOUT, null);
            default:
                throw new IllegalArgumentException("unknown target=" + target + " (known: " + IN_PROCESS + ", " + JAVA_ADAPTER + ", "
                        + C_DEVICE + ", " + FAST_NIC + ")");
        }
    }

    /** {@code java -cp <this JVM's class path> ModelAdapter}: the benchmark jar holds the adapter and the model. */
    static List<String> javaAdapter() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                ModelAdapter.class.getName());
    }

    /**
     * The C device under the repository root: the system property {@code netchannel.root} when
     * set, else the working directory (JMH's forks inherit the directory, not the properties).
     */
    static Path netdev() {
        String property = System.getProperty("netchannel.root");
        Path root = Path.of(property == null ? "" : property).toAbsolutePath().normalize();
        Path netdev = root.resolve(NETDEV);
        if (!Files.isExecutable(netdev)) {
            throw new IllegalArgumentException("target=" + C_DEVICE + " needs the C device, but " + netdev
                    + " is missing or not executable: build it with `make -C examples/c-device` in the repository root, and run"
                    + " the benchmarks from that root or pass -jvmArgsAppend -Dnetchannel.root=<root>"
                    + (property == null ? " (netchannel.root is not set; the working directory was used)" : ""));
        }
        return netdev;
    }

    /** Ends a bridged provider's device processes; nothing for one in process. */
    static void close(DeviceProvider provider) {
        if (provider instanceof StdioProvider stdio) {
            stdio.close();
        }
    }

    /**
     * Waits until every child process of this JVM has stopped using the CPU (its total CPU time and
     * the number of children unchanged over 200 ms), at most 10 s: the stdio provider starts the
     * next device process in the background as each device is created, and a JVM starting up
     * beside a timed iteration would slow it.
     */
    static void quiesce() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long[] last = childCpu();
        if (last[0] == 0) {
            return;
        }
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long[] now = childCpu();
            if (now[0] == last[0] && now[1] == last[1]) {
                return;
            }
            last = now;
        }
    }

    /** Number of child processes and their total CPU time in nanoseconds. */
    private static long[] childCpu() {
        long[] total = new long[2];
        ProcessHandle.current().descendants().forEach(child -> {
            total[0]++;
            total[1] += child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        });
        return total;
    }
}
