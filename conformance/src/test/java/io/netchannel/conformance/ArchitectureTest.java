package io.netchannel.conformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module and purity rules of design.md, enforced on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.netchannel");

    @Test
    void theModelTouchesNoClockThreadsRandomnessOrIo() {
        noClasses().that().resideInAPackage("io.netchannel.model..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                        "java.util.concurrent..", "java.time..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("the reference model is pure and deterministic: time is an input (design.md)")
                .check(MAIN);
    }

    @Test
    void theApiDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.netchannel.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netchannel.model..", "io.netchannel.fastnic..",
                        "io.netchannel.conformance..")
                .because("vendors depend on the api jar alone")
                .check(MAIN);
    }

    @Test
    void theFastNicNeverUsesTheModel() {
        noClasses().that().resideInAPackage("io.netchannel.fastnic..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netchannel.model..", "io.netchannel.conformance..")
                .because("the fast NIC is an independent implementation, checked against the model, never built from it")
                .check(MAIN);
    }

    @Test
    void theModelDoesNotKnowTheHarnessOrTheFastNic() {
        noClasses().that().resideInAPackage("io.netchannel.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netchannel.fastnic..", "io.netchannel.conformance..")
                .check(MAIN);
    }

    @Test
    void theConformancePackagesFormNoCycle() {
        // harness <- vectors <- properties <- vectors.generate, tck <- certify <- cli: each layer only looks down
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching("io.netchannel.conformance.(**)")
                .should().beFreeOfCycles().check(MAIN);
    }
}
