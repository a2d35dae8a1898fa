package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.Harness;
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
 * {@code vectors from-transcript} round-trips (spec 13, section 6): the transcript of a
 * session in which a device broke a rule becomes a vector that fails on that device for the same
 * rule and passes on the reference model.
 */
class TranscriptRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void aFailingSessionBecomesAVectorThatFailsOnTheDeviceForTheSameRuleAndPassesOnTheModel() throws IOException {
        Path transcripts = dir.resolve("transcripts");
        try (StdioProvider scribbler = new StdioProvider(Adapters.java(ScribblingAdapter.class), Duration.ofSeconds(10), transcripts)) {
            Harness harness = Harness.start(scribbler);
            harness.create(0, MacAddress.parse("02:00:00:00:00:01"));
            harness.kick(0, Queue.TX);
            assertThat(harness.memory().findings()).extracting(f -> f.rule()).containsExactly("MEM-2");

            Path transcript;
            try (Stream<Path> files = Files.list(transcripts)) {
                transcript = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            }
            Path out = dir.resolve("vector.yaml");
            TranscriptVectors.Conversion conversion = TranscriptVectors.write(transcript, out, "PRIV-1");
            assertThat(conversion.rule()).isEqualTo("MEM-2");

            VectorFile file = VectorCodec.read(out.toString(), Files.readString(out));
            VectorFile.Group group = file.groups().get(0);
            VectorFile.Test test = group.tests().get(0);
            assertThat(test.reqs()).containsExactly("MEM-2");

            Verdict onModel = VectorRunner.run(new ReferenceDeviceProvider(), out.toString(), file, group, test);
            assertThat(onModel.status()).as(onModel.describe()).isEqualTo(Verdict.Status.PASS);
            Verdict onDevice = VectorRunner.run(scribbler, out.toString(), file, group, test);
            assertThat(onDevice.status()).isEqualTo(Verdict.Status.FAIL);
            assertThat(onDevice.detail()).contains("MEM-2").contains("not reported");
        }
    }

    @Test
    void theTranscriptHoldsRequestsRepliesAndGuestSteps() throws IOException {
        Path transcripts = dir.resolve("plain");
        try (StdioProvider model = new StdioProvider(Adapters.model(), Duration.ofSeconds(10), transcripts)) {
            Harness harness = Harness.start(model);
            harness.create(0, MacAddress.parse("02:00:00:00:00:01"));
            harness.advance(1000);
        }
        List<String> lines;
        try (Stream<Path> files = Files.list(transcripts)) {
            lines = Files.readAllLines(files.findFirst().orElseThrow());
        }
        assertThat(lines).anyMatch(l -> l.startsWith("{\"dir\":\"out\",\"msg\":{\"type\":\"init\""));
        assertThat(lines).anyMatch(l -> l.startsWith("{\"dir\":\"guest\",\"op\":\"grant\""));
        assertThat(lines).anyMatch(l -> l.startsWith("{\"dir\":\"out\",\"msg\":{\"type\":\"control\""));
        assertThat(lines).anyMatch(l -> l.startsWith("{\"dir\":\"in\",\"msg\":{\"type\":\"advance_ok\""));
    }
}
