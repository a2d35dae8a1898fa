package io.netchannel.conformance.relocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.cli.CliRun;
import io.netchannel.conformance.cli.NetchannelCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netchannel relocate}: the demonstration, {@code --out}, {@code --check}, {@code --import-into}, and its errors and exit codes. */
class RelocateCliTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    @Requirement("RELOC-8")
    void theDemonstrationPrintsTheDocumentAndAVerdict() {
        CliRun run = run("relocate");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("from a fast device to a fresh reference device").contains("{\"format\":\"netchannel-relocation\",")
                .contains("ImportContext on a fresh reference device: Ok").contains("compared: ").contains("EQUAL");
        String document = run.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        assertThat(RelocationDocument.normalise(document)).isEqualTo(document);
    }

    @Test
    void toAFileAndBackThroughCheckAndImport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.json");
        CliRun demo = run("relocate", "--from", "reference", "--to", "fast", "--out", file.toString());
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("document: " + file).doesNotContain("{\"format\"");
        String document = Files.readString(file);
        assertThat(document).startsWith("{\"format\":\"netchannel-relocation\"").doesNotEndWith("\n");

        CliRun check = run("relocate", "--check", file.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).startsWith("OK ").contains("; canonical");

        for (String device : new String[] {"reference", "fast"}) {
            CliRun imported = run("relocate", "--check", file.toString(), "--import-into", device, "--ctx", "3");
            assertThat(imported.code()).as(imported.out() + imported.err()).isZero();
            assertThat(imported.out()).contains("as context 3: Ok").contains("byte for byte (RELOC-9)");
        }
    }

    @Test
    @Requirement("RELOC-11")
    void aRefusedDocumentExitsFourNamingDefectPathAndRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smuggled.yaml");
        Files.writeString(file, RelocationDocumentTest.LIMITED_TEXT.replace("\"promiscuous\":false", "\"promiscuous\":false,\"promiscuousAllowed\":true"),
                StandardCharsets.UTF_8);
        CliRun run = run("relocate", "--check", file.toString());
        assertThat(run.code()).isEqualTo(NetchannelCli.BAD_VECTOR);
        assertThat(run.err()).contains("RELOC-11 privileged-in-guest at $.guest.promiscuousAllowed");
        assertThat(run.out()).isEmpty();

        Files.writeString(dir.resolve("yaml.yaml"), "format: netchannel-relocation\nversion: 2\n");
        CliRun newer = run("relocate", "--check", dir.resolve("yaml.yaml").toString());
        assertThat(newer.code()).isEqualTo(4);
        assertThat(newer.err()).contains("newer-version at $.version").contains("version 2").contains("version 1");
    }

    @Test
    void aHandWrittenNonCanonicalDocumentReadsAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spaced.json");
        Files.writeString(file, RelocationDocumentTest.FAILED_TEXT.replace(",", ", "));
        CliRun run = run("relocate", "--check", file.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("FAILED").contains("not canonical");
    }

    @Test
    void badNamesAndFlagsAreClearErrors(@TempDir Path dir) {
        CliRun unknown = run("relocate", "--to", "nosuch");
        assertThat(unknown.code()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(unknown.err()).contains("no device provider named 'nosuch'").contains("found:");

        CliRun flag = run("relocate", "--frm", "fast");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).contains("--frm");

        CliRun lonely = run("relocate", "--import-into", "fast");
        assertThat(lonely.code()).isEqualTo(2);
        assertThat(lonely.err()).contains("--import-into needs --check");

        CliRun missing = run("relocate", "--check", dir.resolve("absent.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read --check");
    }
}
