package io.netchannel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.netchannel.conformance.catalogue.ChapterTables;
import io.netchannel.conformance.catalogue.Level;
import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.catalogue.RequirementEntry;
import io.netchannel.conformance.catalogue.Traceability;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The build's traceability gate (spec 00-conventions): requirements.yaml, the chapter tables and
 * the checks agree, and no MUST is left without a check.
 */
class RequirementCatalogueTest {

    private static final Path ROOT = Path.of(System.getProperty("netchannel.root", ".."));

    static RequirementCatalogue catalogue() {
        return RequirementCatalogue.load(ROOT.resolve("spec/requirements.yaml"));
    }

    /** Every {@link Requirement} on a method or class of the conformance suite, by id. */
    static Map<String, Set<String>> citations() {
        JavaClasses classes = new ClassFileImporter().importPackages("io.netchannel.conformance");
        Map<String, Set<String>> citations = new HashMap<>();
        for (JavaClass type : classes) {
            if (type.getSimpleName().endsWith("OnMutant")) {
                continue; // mutant runs re-use the real checks; they do not add coverage
            }
            for (JavaAnnotation<?> annotation : type.getAnnotations()) {
                cite(annotation, type.getName(), citations);
            }
            for (JavaMethod method : type.getMethods()) {
                for (JavaAnnotation<?> annotation : method.getAnnotations()) {
                    cite(annotation, type.getSimpleName() + "." + method.getName(), citations);
                }
            }
        }
        return citations;
    }

    private static void cite(JavaAnnotation<?> annotation, String where, Map<String, Set<String>> citations) {
        String name = annotation.getRawType().getName();
        if (name.equals(Requirement.class.getName())) {
            for (String id : (String[]) annotation.get("value").orElse(new String[0])) {
                citations.computeIfAbsent(id, k -> new TreeSet<>()).add(where);
            }
        } else if (name.equals(Requirement.List.class.getName())) {
            for (Object inner : (Object[]) annotation.get("value").orElse(new Object[0])) {
                cite((JavaAnnotation<?>) inner, where, citations);
            }
        }
    }

    @Test
    void specTablesCatalogueAndChecksAgree() {
        List<String> problems = Traceability.problems(catalogue(), ChapterTables.read(ROOT.resolve("spec")), citations());
        assertThat(problems).as("traceability problems").isEmpty();
    }

    @Test
    void aMustThatLosesItsLastCheckFailsTheBuild() {
        RequirementCatalogue catalogue = catalogue();
        Map<String, Set<String>> citations = citations();
        RequirementEntry must = catalogue.entries().stream()
                .filter(e -> e.active() && e.level() == Level.MUST).findFirst().orElseThrow();
        assertThat(citations.get(must.id())).as("checks of " + must.id()).isNotEmpty();

        citations.remove(must.id());
        List<String> problems = Traceability.problems(catalogue, ChapterTables.read(ROOT.resolve("spec")), citations);

        assertThat(problems).contains(must.id() + " is a MUST with no property, test or vector citing it");
    }

    @Test
    void aCitedIdThatDoesNotExistFailsTheBuild() {
        Map<String, Set<String>> citations = citations();
        citations.put("RING-999", Set.of("SomeTest.method"));
        List<String> problems = Traceability.problems(catalogue(), ChapterTables.read(ROOT.resolve("spec")), citations);
        assertThat(problems).anyMatch(p -> p.startsWith("RING-999 is cited by"));
    }

    @Test
    void aLevelMismatchBetweenSpecAndCatalogueFailsTheBuild() {
        RequirementCatalogue catalogue = catalogue();
        List<ChapterTables.Row> rows = new java.util.ArrayList<>(ChapterTables.read(ROOT.resolve("spec")));
        ChapterTables.Row first = rows.get(0);
        Level other = first.level() == Level.MUST ? Level.MAY : Level.MUST;
        rows.set(0, new ChapterTables.Row(first.id(), other, first.file(), first.line()));
        assertThat(Traceability.problems(catalogue, rows, citations()))
                .anyMatch(p -> p.startsWith(first.id() + " is " + other));
    }

    @Test
    void everyCatalogueIdHasTheChapterFormAndAKnownProfile() {
        Set<String> profiles = Set.of("core", "qos", "checksum", "tso", "lro", "coalescing", "relocation", "l3l4-demux", "adapter");
        for (RequirementEntry entry : catalogue().entries()) {
            assertThat(profiles).as("profile of " + entry.id()).contains(entry.profile());
            assertThat(Set.of("property", "vector", "test", "untested")).as("check of " + entry.id()).contains(entry.check());
        }
    }
}
