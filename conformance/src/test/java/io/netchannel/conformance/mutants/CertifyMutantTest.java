package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.conformance.cli.NetchannelCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code netchannel certify} on a broken device loaded with --provider-class: it exits with the
 * failure code, and both its output and its report name a failing vector and the requirement.
 */
class CertifyMutantTest {

    @Test
    void certifyingTheRuntFrameMutantFailsAndNamesTheVectorAndTX1(@TempDir Path report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new NetchannelCli()).setOut(writer).setErr(writer).execute("certify", "--provider-class",
                RuntFrameProvider.class.getName(), "--tries", "20", "--shrink-seconds", "1", "--report", report.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(NetchannelCli.FAILED);
        assertThat(printed).contains("NOT CERTIFIED").containsPattern("FAIL vector [a-z0-9.-]+ \\(descriptor/");
        String markdown = Files.readString(report.resolve("certification.md"));
        assertThat(markdown).contains("**FAIL**").containsPattern("### vector [a-z0-9.-]+").contains("TX-1");
        assertThat(report.resolve("certification.html")).exists();
        assertThat(Files.list(report).anyMatch(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml"))).isTrue();
    }

    @Test
    void aMissingProviderClassIsExitCode3WithItsName(@TempDir Path report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new NetchannelCli()).setOut(writer).setErr(writer).execute("certify", "--provider-class", "com.example.NoSuchNic",
                "--report", report.toString());
        assertThat(code).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("com.example.NoSuchNic");
    }

    @Test
    void aBadShardIsABadArgument(@TempDir Path report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new NetchannelCli()).setOut(writer).setErr(writer).execute("certify", "--shard", "3/2", "--report", report.toString());
        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--shard");
    }
}
