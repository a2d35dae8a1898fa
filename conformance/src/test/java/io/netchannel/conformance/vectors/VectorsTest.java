package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.conformance.catalogue.Level;
import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.catalogue.RequirementEntry;
import io.netchannel.conformance.cli.NetchannelCli;
import io.netchannel.conformance.harness.Providers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled vectors (spec 05): exactly what the generators record today, schema-valid, passing
 * on the model with error scopes that agree, enough of them to cover every MUST of chapters 01 to
 * 04, and a bundle edited by hand is caught with its file and test named.
 */
class VectorsTest {

    private static final Path ROOT = Path.of(System.getProperty("netchannel.root", ".."));
    private static final Path VECTORS = ROOT.resolve("vectors");

    @Test
    void theBundleIsByteForByteWhatTheGeneratorsRecordToday() throws IOException {
        VectorBundle bundle = VectorBundle.read(VECTORS);
        assertThat(bundle.integrity()).as("files matching the manifest's SHA-256").isEmpty();
        assertThat(VectorSelfCheck.drift(VectorBundle.files(VECTORS), io.netchannel.conformance.vectors.generate.Generators.generate())).as("drift: run `./netchannel vectors generate` and commit").isEmpty();
    }

    @Test
    void everyTestPassesOnTheModelAndItsErrorScopeAgreesWithWhatHappened() {
        assertThat(VectorSelfCheck.replay(VectorBundle.read(VECTORS), Providers.find("reference"))).isEmpty();
    }

    @Test
    void atLeast300VectorsValidAndInvalidCoveringEveryMustOfChapters01To04() {
        List<VectorBundle.Located> tests = VectorBundle.read(VECTORS).tests();
        assertThat(tests).hasSizeGreaterThanOrEqualTo(300);
        assertThat(tests).anyMatch(t -> t.test().result().equals("valid")).anyMatch(t -> t.test().result().equals("invalid"));
        Set<String> ids = new TreeSet<>();
        for (VectorBundle.Located t : tests) {
            assertThat(ids.add(t.test().id())).as("unique test id %s", t.test().id()).isTrue();
        }
        RequirementCatalogue catalogue = RequirementCatalogue.load(ROOT.resolve("spec/requirements.yaml"));
        Set<String> known = catalogue.entries().stream().map(RequirementEntry::id).collect(Collectors.toSet());
        Set<String> covered = tests.stream().flatMap(t -> t.test().reqs().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(known).as("every requirement a vector cites exists").containsAll(covered);
        // the adapter profile's rules (spec 13) are about the protocol a device process speaks, which a vector replayed
        // through the device contract cannot show; the TCK group Adapter checks them
        Set<String> musts = catalogue.entries().stream().filter(e -> e.active() && e.level() == Level.MUST && !e.profile().equals("adapter"))
                .map(RequirementEntry::id).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).as("every MUST outside profile adapter has a vector").containsAll(musts);
    }

    @Test
    void whatTheSchemaCannotSayHoldsToo() {
        Set<String> known = RequirementCatalogue.load(ROOT.resolve("spec/requirements.yaml")).entries().stream()
                .map(RequirementEntry::id).collect(Collectors.toSet());
        assertThat(VectorSelfCheck.lint(VectorBundle.read(VECTORS), known)).isEmpty();
    }

    @Test
    void oneChangedExpectedByteFailsVerifyNamingTheFileAndTheTest(@TempDir Path copy) throws IOException {
        copyTree(VECTORS, copy);
        Path file = copy.resolve("descriptor/tx-validation.yaml");
        String text = Files.readString(file);
        // the first expected wire frame: flip its first hex digit
        int at = text.indexOf("hex: ", text.indexOf("frames:")) + "hex: ".length();
        if (text.charAt(at) == '"' || text.charAt(at) == '\'') {
            at++;
        }
        char flipped = text.charAt(at) == '0' ? '1' : '0';
        Files.writeString(file, text.substring(0, at) + flipped + text.substring(at + 1));
        String testId = lastTestIdBefore(text, at);

        var out = new java.io.ByteArrayOutputStream();
        int code;
        PrintStream saved = System.err;
        PrintStream savedOut = System.out;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            code = new picocli.CommandLine(new NetchannelCli()).setErr(new java.io.PrintWriter(capture, true))
                    .setOut(new java.io.PrintWriter(capture, true)).execute("vectors", "verify", "--dir", copy.toString());
        } finally {
            System.setErr(saved);
            System.setOut(savedOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(NetchannelCli.FAILED);
        assertThat(printed).contains("descriptor/tx-validation.yaml").contains(testId).contains("FAIL");
    }

    @Test
    void aMalformedFileIsRejectedWithItsLine() {
        String good = """
                schema: netchannel-vectors/v1
                specVersion: 0.1.0
                kind: layout
                chapter: ring
                group: demo
                preset: core
                generator:
                  name: t
                  version: '1'
                numberOfTests: 1
                header: h
                notes: {}
                groups:
                  - profiles: [core]
                    tests:
                      - tcId: 1
                        id: ring.demo.zero-header
                        reqs: [RING-1]
                        comment: c
                        result: valid
                        layout: tx-response
                        fields: {id: 1, status: 0}
                        hex: '01000000'
                """;
        assertThat(VectorCodec.read("good.yaml", good).tests()).hasSize(1);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("        comment: c\n", "        comment: c\n        colour: red\n")))
                .isInstanceOf(VectorFileException.class).hasMessageStartingWith("bad.yaml:20:").hasMessageContaining("colour");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("tcId: 1", "tcId: one")))
                .isInstanceOf(VectorFileException.class).hasMessageStartingWith("bad.yaml:16:");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("hex: '01000000'", "hex: '01X00000'")))
                .isInstanceOf(VectorFileException.class).hasMessageStartingWith("bad.yaml:23:");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("  - profiles: [core]", "  - profiles: [core\n")))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("bad.yaml:").hasMessageContaining("not valid YAML");
    }

    @Test
    void canonicalWritingIsAFixedPoint() throws IOException {
        for (VectorBundle.Entry entry : VectorBundle.read(VECTORS).entries()) {
            String onDisk = Files.readString(VECTORS.resolve(entry.path()));
            assertThat(VectorCodec.write(entry.file())).as(entry.path()).isEqualTo(onDisk);
        }
    }

    private static String lastTestIdBefore(String text, int at) {
        int idAt = text.lastIndexOf("        id: ", at);
        return text.substring(idAt + "        id: ".length(), text.indexOf('\n', idAt)).trim().replace("\"", "");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
