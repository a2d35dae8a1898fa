package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Profile {@code relocation} decides which chapter 12 properties bind a device (spec 05, section
 * 10), and RELOC-1 binds both kinds: on the reference model claiming core only, the NOT_SUPPORTED
 * half runs and passes while every other property is skipped naming the profile; on the reference
 * model as shipped the NOT_SUPPORTED half is skipped and the claiming half runs and passes.
 */
class RelocationProfileGateTest {

    private static final String NOT_CLAIMED = "required_RELOC1_aDeviceWithoutRelocationAnswersExportAndImportNotSupportedAndChangesNothing";
    private static final String FALLBACK = "required_RELOC12_aHostOverADeviceWithoutRelocationServesAMovedGuestInSoftwareAndTheGuestCannotTell";
    private static final String CLAIMED = "required_RELOC1_aDeviceClaimingRelocationNeverAnswersExportOrImportNotSupportedForIt";

    private static EngineExecutionResults run(Class<?> type, String property) {
        return EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectMethod(type, method(type, property)))
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

    @Test
    void aDeviceWithoutRelocationRefusesExportAndImportNotSupported() {
        EngineExecutionResults run = run(ChapterTwelveOnCoreOnlyReference.class, NOT_CLAIMED);
        assertThat(run.testEvents().started().count()).as("ran").isEqualTo(1);
        assertThat(run.testEvents().succeeded().count()).as(String.valueOf(failures(run))).isEqualTo(1);
    }

    @Test
    void aHostOverADeviceWithoutRelocationTakesAMovedGuestIntoItsSoftwarePath() {
        EngineExecutionResults run = run(ChapterTwelveOnCoreOnlyReference.class, FALLBACK);
        assertThat(run.testEvents().started().count()).as("ran").isEqualTo(1);
        assertThat(run.testEvents().succeeded().count()).as(String.valueOf(failures(run))).isEqualTo(1);
        List<Event> skipped = run(ChapterTwelveOnReference.class, FALLBACK).testEvents().skipped().list();
        assertThat(skipped).as("skipped on a device claiming relocation, which the other RELOC-12 property covers").hasSize(1);
    }

    @Test
    void aDeviceWithoutRelocationSkipsEveryOtherPropertyNamingTheProfile() {
        List<String> gated = new ArrayList<>();
        for (Method m : RelocationProperties.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Property.class) && !m.getName().equals(NOT_CLAIMED) && !m.getName().equals(FALLBACK)) {
                gated.add(m.getName());
            }
        }
        assertThat(gated).as("the gated properties of RelocationProperties").hasSizeGreaterThan(6);
        for (String property : gated) {
            List<Event> skipped = run(ChapterTwelveOnCoreOnlyReference.class, property).testEvents().skipped().list();
            assertThat(skipped).as(property + " skipped").hasSize(1);
            assertThat(skipped.get(0).getPayload(String.class)).as("the reason of " + property).get().asString()
                    .contains("relocation").contains("reference-core-only");
        }
    }

    @Test
    void aDeviceClaimingRelocationSkipsTheNotSupportedHalfAndRunsTheClaimingHalf() {
        List<Event> skipped = run(ChapterTwelveOnReference.class, NOT_CLAIMED).testEvents().skipped().list();
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).getPayload(String.class)).get().asString().contains("claims it");
        EngineExecutionResults passing = run(ChapterTwelveOnReference.class, CLAIMED);
        assertThat(passing.testEvents().succeeded().count()).as(String.valueOf(failures(passing))).isEqualTo(1);
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")).toList();
    }
}
