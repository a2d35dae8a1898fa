package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.mutants.CoreOnlyReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Profiles {@code checksum}, {@code tso} and {@code lro} decide which chapter 11 properties bind a
 * device (spec 05, section 10), and OFF-1 binds every device: on the reference model claiming core
 * only, the configuration property runs and passes (rxChecksum and lroFlushNanos refused
 * NOT_SUPPORTED), LRO-1 runs and passes, and every other property is skipped naming its profile;
 * on the reference model as shipped every property runs; a device claiming tso or lro without
 * checksum fails the TCK's OFF-1 check.
 */
class OffloadProfileGateTest {

    static class OffloadOnCoreOnlyReference extends OffloadProperties {
        private static final DeviceProvider PROVIDER = new CoreOnlyReference();

        @Override
        protected DeviceProvider provider() {
            return PROVIDER;
        }
    }

    static class OffloadOnReference extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return Providers.find("reference");
        }
    }

    /** A device that claims {@code claimed} (tso or lro without checksum) and is the core-only model underneath. */
    static final class ClaimsWithoutChecksum implements DeviceProvider {
        private final Set<Profile> claimed;
        private final DeviceProvider core = new CoreOnlyReference();

        ClaimsWithoutChecksum(Set<Profile> claimed) {
            this.claimed = claimed;
        }

        @Override
        public String name() {
            return "claims-" + claimed.stream().map(Profile::id).sorted().toList() + "-without-checksum";
        }

        @Override
        public String identity() {
            return "a device claiming " + claimed + " and not checksum";
        }

        @Override
        public Set<Profile> profiles() {
            return claimed;
        }

        @Override
        public DeviceLimits limits() {
            return core.limits();
        }

        @Override
        public NetchannelDevice create(DeviceEnvironment environment) {
            return core.create(environment);
        }
    }

    static class OffloadOnTsoWithoutChecksum extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return new ClaimsWithoutChecksum(Set.of(Profile.CORE, Profile.TSO));
        }
    }

    static class OffloadOnLroWithoutChecksum extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return new ClaimsWithoutChecksum(Set.of(Profile.CORE, Profile.LRO));
        }
    }

    private static final String CLAIMS = "required_OFF1_aDeviceThatClaimsTsoOrLroAlsoClaimsChecksum";
    private static final String CONFIG = "required_OFF1_OFF2_aGuestConfigIsAnsweredAsTheClaimedProfilesAndTheFlushRangeSayAndARefusalChangesNothing";
    private static final String NO_LRO = "required_LRO1_aContextWithoutLroGetsEveryFrameAtOnceAloneAndNeverAGsoExtra";
    private static final List<String> EVERY_DEVICE = List.of(CLAIMS, CONFIG, NO_LRO);

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

    /** Every property and example of chapter 11, found by annotation, so a new one is covered too. */
    private static List<String> properties() {
        List<String> names = new ArrayList<>();
        for (Method m : OffloadProperties.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Property.class) || m.isAnnotationPresent(Example.class)) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")).toList();
    }

    @Test
    void aCoreOnlyDeviceRefusesRxChecksumAndLroNotSupportedAndGetsNoExtraOrFlag() {
        for (String property : EVERY_DEVICE) {
            EngineExecutionResults results = run(OffloadOnCoreOnlyReference.class, property);
            assertThat(results.testEvents().started().count()).as(property + " ran").isEqualTo(1);
            assertThat(results.testEvents().succeeded().count()).as(property + ": " + failures(results)).isEqualTo(1);
        }
    }

    @Test
    void aCoreOnlyDeviceSkipsEveryOtherOffloadPropertyNamingItsProfile() {
        List<String> gated = properties();
        gated.removeAll(EVERY_DEVICE);
        assertThat(gated).as("the gated properties of chapter 11").hasSizeGreaterThan(10);
        for (String property : gated) {
            List<Event> skipped = run(OffloadOnCoreOnlyReference.class, property).testEvents().skipped().list();
            assertThat(skipped).as(property + " skipped").hasSize(1);
            assertThat(skipped.get(0).getPayload(String.class)).as("the reason of " + property).get().asString()
                    .containsAnyOf("checksum", "tso", "lro").contains("reference-core-only");
        }
    }

    @Test
    void theReferenceModelRunsEveryOffloadProperty() {
        for (String property : List.of(CLAIMS, CONFIG, "required_CSUM3_aCsumBlankPacketWhoseFrameDoesNotParseIsAnErrorJudgedBeforePolicyAndNothingLeaves")) {
            EngineExecutionResults results = run(OffloadOnReference.class, property);
            assertThat(results.testEvents().skipped().count()).as(property + " not skipped").isZero();
            assertThat(results.testEvents().succeeded().count()).as(property + ": " + failures(results)).isEqualTo(1);
        }
    }

    @Test
    void aDeviceClaimingTsoOrLroWithoutChecksumFailsOFF1() {
        for (Class<?> type : List.of(OffloadOnTsoWithoutChecksum.class, OffloadOnLroWithoutChecksum.class)) {
            List<String> failed = failures(run(type, CLAIMS));
            assertThat(failed).as(type.getSimpleName()).hasSize(1);
            assertThat(failed.get(0)).contains("OFF-1").contains("also claims checksum");
        }
    }
}
