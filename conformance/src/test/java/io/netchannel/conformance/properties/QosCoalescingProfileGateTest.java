package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.mutants.CoreOnlyReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Profiles {@code qos} and {@code coalescing} decide which chapter 09 and 10 properties bind a
 * device (spec 05, section 10): on the reference model claiming core only, the NOT_SUPPORTED
 * properties of QOS-1 and COAL-1 run and pass while every other property of the two chapters is
 * skipped naming its profile; on the reference model as shipped it is the other way round.
 */
class QosCoalescingProfileGateTest {

    static class QosOnCoreOnlyReference extends QosProperties {
        private static final DeviceProvider PROVIDER = new CoreOnlyReference();

        @Override
        protected DeviceProvider provider() {
            return PROVIDER;
        }
    }

    static class CoalescingOnCoreOnlyReference extends CoalescingProperties {
        private static final DeviceProvider PROVIDER = new CoreOnlyReference();

        @Override
        protected DeviceProvider provider() {
            return PROVIDER;
        }
    }

    static class QosOnReference extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }
    }

    static class CoalescingOnReference extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }
    }

    private static final String QOS1 = "required_QOS1_aDeviceWithoutQosRefusesEveryTxRateNotSupportedAndChangesNothing";
    private static final String COAL1 = "required_COAL1_aDeviceWithoutCoalescingRefusesAnyValueButZerosNotSupportedAndChangesNothing";
    private static final String QOS2 = "required_QOS2_aTxRateWithAFieldOutOfRangeIsRejectedInvalidConfigAndEveryLimitInRangeIsAccepted";
    private static final String COAL2 = "required_COAL2_aCoalescingOutOfRangeIsRejectedInvalidConfigAndEveryValueInRangeIsAccepted";

    private static EngineExecutionResults run(Class<?> type, String property) {
        return EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectMethod(type, method(type, property)))
                .configurationParameter("jqwik.tries.default", "30")
                .configurationParameter("jqwik.database", "target/jqwik-profile-gate-database")
                .execute();
    }

    private static Method method(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("no property " + name);
    }

    /** Every property the class declares, found by its annotation, so a new one is covered too. */
    private static List<String> properties(Class<?> chapter) {
        List<String> names = new ArrayList<>();
        for (Method m : chapter.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Property.class)) {
                names.add(m.getName());
            }
        }
        return names;
    }

    @Test
    void aDeviceWithoutTheProfilesRefusesLimitsAndCoalescingNotSupported() {
        for (var run : List.of(run(QosOnCoreOnlyReference.class, QOS1), run(CoalescingOnCoreOnlyReference.class, COAL1))) {
            assertThat(run.testEvents().started().count()).as("ran").isEqualTo(1);
            assertThat(run.testEvents().succeeded().count()).as(String.valueOf(failures(run))).isEqualTo(1);
        }
    }

    @Test
    void aDeviceWithoutTheProfilesSkipsEveryOtherPropertyNamingTheProfile() {
        check(QosOnCoreOnlyReference.class, QosProperties.class, QOS1, "qos");
        check(CoalescingOnCoreOnlyReference.class, CoalescingProperties.class, COAL1, "coalescing");
    }

    private static void check(Class<?> onCore, Class<?> chapter, String notSupported, String profile) {
        List<String> gated = properties(chapter);
        gated.remove(notSupported);
        assertThat(gated).as("the gated properties of " + chapter.getSimpleName()).hasSizeGreaterThan(4);
        for (String property : gated) {
            List<Event> skipped = run(onCore, property).testEvents().skipped().list();
            assertThat(skipped).as(property + " skipped").hasSize(1);
            assertThat(skipped.get(0).getPayload(String.class)).as("the reason of " + property).get().asString()
                    .contains(profile).contains("reference-core-only");
        }
    }

    @Test
    void aDeviceWithTheProfilesSkipsTheNotSupportedHalvesAndRunsTheRangeChecks() {
        for (var skippedRun : List.of(run(QosOnReference.class, QOS1), run(CoalescingOnReference.class, COAL1))) {
            List<Event> skipped = skippedRun.testEvents().skipped().list();
            assertThat(skipped).hasSize(1);
            assertThat(skipped.get(0).getPayload(String.class)).get().asString().contains("claims it");
        }
        for (var passing : List.of(run(QosOnReference.class, QOS2), run(CoalescingOnReference.class, COAL2))) {
            assertThat(passing.testEvents().succeeded().count()).as(String.valueOf(failures(passing))).isEqualTo(1);
        }
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")).toList();
    }
}
