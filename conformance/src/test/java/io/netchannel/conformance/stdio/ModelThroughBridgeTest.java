package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge is transparent (spec 13, section 1): the reference model served by
 * {@link ModelAdapter} in another process gives, vector for vector, the verdict the model gives in
 * process.
 */
class ModelThroughBridgeTest {

    private static StdioProvider bridged;

    @BeforeAll
    static void start() {
        bridged = new StdioProvider(Adapters.model());
    }

    @AfterAll
    static void stop() {
        bridged.close();
    }

    @Test
    void theBridgedModelDeclaresWhatTheModelDeclares() {
        DeviceProvider model = new ReferenceDeviceProvider();
        // what the model claims, and adapter, which the bridge claims for every device it runs (spec 13)
        java.util.Set<io.netchannel.api.Profile> expected = java.util.EnumSet.copyOf(model.profiles());
        expected.add(io.netchannel.api.Profile.ADAPTER);
        assertThat(bridged.profiles()).isEqualTo(expected);
        assertThat(bridged.limits()).isEqualTo(model.limits());
        assertThat(bridged.name()).isEqualTo("stdio");
    }

    @Test
    void chapters01To04VectorsGiveTheSameVerdictsThroughTheBridge() {
        // one process per device: every 10th scenario by default keeps the test near 25 s; -Dnetchannel.stdio.every=1 runs them all
        compare(Set.of("privilege", "memory", "ring", "descriptor"), Integer.getInteger("netchannel.stdio.every", 10));
    }

    static void compare(Set<String> folders, int every) {
        DeviceProvider model = new ReferenceDeviceProvider();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        int seen = 0;
        for (VectorBundle.Located located : VectorBundle.bundled().tests()) {
            String folder = located.path().contains("/") ? located.path().substring(0, located.path().indexOf('/')) : located.path();
            if (!folders.contains(folder) || "layout".equals(located.file().kind()) || seen++ % every != 0) {
                continue;
            }
            compared++;
            Verdict inProcess = VectorRunner.run(model, located.path(), located.file(), located.group(), located.test());
            Verdict through = VectorRunner.run(bridged, located.path(), located.file(), located.group(), located.test());
            if (inProcess.status() != through.status() || !inProcess.detail().equals(through.detail())) {
                differences.add(located.test().id() + ": in process " + inProcess.describe() + " / through the bridge " + through.describe());
            }
        }
        assertThat(compared).isPositive();
        assertThat(differences).as("vectors whose verdict differs through the bridge (of %d)", compared).isEmpty();
    }
}
