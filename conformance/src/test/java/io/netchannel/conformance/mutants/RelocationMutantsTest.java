package io.netchannel.conformance.mutants;

import static io.netchannel.conformance.mutants.Caught.assertCaught;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests of the chapter 12 properties: each broken importer in {@link RelocationMutants} makes the
 * guarantee's property (RELOC-8, the guest moved from the mutant to a fresh mutant) fail naming
 * RELOC-8, and the fixed-point property (an export right after the import) fail naming RELOC-9.
 * Shrinking is off, as in {@link MutantsTest}: only the verdict and its message matter here.
 */
class RelocationMutantsTest {

    private static final String GUARANTEE = "required_RELOC8_aGuestMovedToAnotherDeviceOfTheSameMakeObservesWhatAGuestThatStayedObserves";
    private static final String FIXED_POINT = "required_RELOC9_anExportRightAfterAnImportAnswersTheImportedState";

    private static Mutant named(String name) {
        return RelocationMutants.all().stream().filter(m -> m.name().equals("mutant-" + name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"import-forgets-multicast", "import-fills-the-bucket", "import-forgets-coalescing", "import-forgets-the-tx-wait"})
    void eachBrokenImporterIsCaughtByTheGuaranteeRELOC8(String name) {
        ChapterTwelveOnMutant.mutant = named(name);
        assertCaught(ChapterTwelveOnMutant.class, GUARANTEE, "RELOC-8");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"import-forgets-multicast", "import-fills-the-bucket", "import-forgets-coalescing", "import-forgets-the-tx-wait"})
    void eachBrokenImporterIsCaughtByTheFixedPointRELOC9(String name) {
        ChapterTwelveOnMutant.mutant = named(name);
        assertCaught(ChapterTwelveOnMutant.class, FIXED_POINT, "RELOC-9");
    }
}
