package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorCodec;
import io.netchannel.conformance.vectors.VectorFile;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectors from-transcript} on a real device (spec 13, section 6): the session in which the
 * C device built without its page check failed a DESC-5 vector becomes a vector that fails on that
 * build for the same rule, and passes on the C device as it should be and on the reference model.
 * Skipped when the C device is not built.
 */
class CDeviceTranscriptRoundTripTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    @Requirement("DESC-5")
    void aDesc5FailureOfTheBrokenBuildReplaysAsAVectorThatOnlyTheBrokenBuildFails() throws IOException {
        List<String> broken = CDevices.broken();
        List<String> good = CDevices.good();
        // the first core test whose fragment crossing is fatal (DESC-5, context scope); its set-up grants and revokes a page
        // between two calls, which the transcript shows as a write only
        VectorBundle.Located crossing = VectorBundle.bundled().tests().stream()
                .filter(t -> t.test().reqs().contains("DESC-5") && t.test().error() != null && "context".equals(t.test().error().scope())
                        && t.group().profiles().equals(List.of("core")))
                .findFirst().orElseThrow();

        Path transcripts = dir.resolve("transcripts");
        try (StdioProvider provider = new StdioProvider(broken, LIMIT, transcripts)) {
            Verdict original = VectorRunner.run(provider, crossing.path(), crossing.file(), crossing.group(), crossing.test());
            assertThat(original.status()).as(original.describe()).isEqualTo(Verdict.Status.FAIL);
        }
        Path transcript = transcripts.resolve(crossing.test().id() + ".jsonl");
        assertThat(transcript).as("the session's transcript, named after the test").isRegularFile();

        Path out = dir.resolve("repro.yaml");
        TranscriptVectors.Conversion conversion = TranscriptVectors.write(transcript, out, "DESC-5");
        // the bridge's first finding is the read beyond the page (MEM-5); with none recorded the vector cites DESC-5
        assertThat(conversion.rule()).isIn("DESC-5", "MEM-5");
        VectorFile file = VectorCodec.read(out.toString(), Files.readString(out));
        VectorFile.Group group = file.groups().get(0);
        VectorFile.Test test = group.tests().get(0);
        assertThat(test.reqs()).containsExactly(conversion.rule());

        try (StdioProvider again = new StdioProvider(broken, LIMIT, null)) {
            Verdict replayed = VectorRunner.run(again, out.toString(), file, group, test);
            assertThat(replayed.status()).as(replayed.describe()).isEqualTo(Verdict.Status.FAIL);
            assertThat(replayed.detail()).contains(conversion.rule());
        }
        try (StdioProvider fixed = new StdioProvider(good, LIMIT, null)) {
            Verdict onGood = VectorRunner.run(fixed, out.toString(), file, group, test);
            assertThat(onGood.status()).as(onGood.describe()).isEqualTo(Verdict.Status.PASS);
        }
        Verdict onModel = VectorRunner.run(new ReferenceDeviceProvider(), out.toString(), file, group, test);
        assertThat(onModel.status()).as(onModel.describe()).isEqualTo(Verdict.Status.PASS);
        // one session, one transcript: no other test's lines in this folder
        try (Stream<Path> files = Files.list(transcripts)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(transcript.getFileName().toString());
        }
    }
}
