package io.netchannel.conformance.stdio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The example C device's two builds (examples/c-device; .ci/run builds both, best effort), for the tests that run it. */
final class CDevices {

    private static final Path BUILD = Path.of(System.getProperty("netchannel.root", "..")).resolve("examples/c-device/build");

    private CDevices() {
    }

    /** {@code build/netdev}: the device as it should be. */
    static List<String> good() {
        return built(BUILD.resolve("netdev"), "make -C examples/c-device");
    }

    /** {@code build/break-page-check/netdev}: the variant that skips the DESC-5 page-crossing check. */
    static List<String> broken() {
        return built(BUILD.resolve("break-page-check/netdev"), "make -C examples/c-device BREAK_PAGE_CHECK=1");
    }

    /** The command line of {@code binary}; the test is skipped, saying how to build it, when it is missing. */
    private static List<String> built(Path binary, String how) {
        assumeTrue(Files.isExecutable(binary), () -> "the C device is not built: no executable " + binary.toAbsolutePath().normalize()
                + " (needs gcc, libxen-dev and libjansson-dev; run `" + how + "`)");
        return List.of(binary.toAbsolutePath().normalize().toString());
    }
}
