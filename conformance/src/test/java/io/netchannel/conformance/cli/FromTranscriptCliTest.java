package io.netchannel.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.conformance.vectors.VectorCodec;
import io.netchannel.conformance.vectors.VectorFile;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netchannel vectors from-transcript} (spec 13, section 6): a good transcript becomes a
 * vector the schema and the runner accept; a bad one is a clear error naming the file (and the
 * line where there is one) and a nonzero exit, never a stack trace.
 */
class FromTranscriptCliTest {

    /** A C-device session as {@code certify --stdio … --transcripts} writes it: create, an empty TX kick, advance. */
    static final String SESSION = """
            {"dir":"out","msg":{"type":"init","id":1,"protocol":1,"specVersion":"0.1.0","preset":"core","pageSize":4096,"memoryFile":"/tmp/x.mem","grantEntries":65536,"pages":4096}}
            {"dir":"in","msg":{"type":"init_ok","vendor":"Acme","product":"nic","version":"1","profiles":["core"],"limits":{"maxContexts":64,"maxMacsPerContext":8,"maxMulticastGroups":64,"maxContextId":4095},"choices":{},"in_reply_to":1}}
            {"dir":"guest","op":"grant","gref":1,"ctx":0,"access":"READ_WRITE"}
            {"dir":"guest","op":"grant","gref":2,"ctx":0,"access":"READ_WRITE"}
            {"dir":"guest","op":"write","gref":1,"offset":4,"hex":"010000000000000001"}
            {"dir":"guest","op":"write","gref":2,"offset":4,"hex":"010000000000000001"}
            {"dir":"out","msg":{"type":"control","id":2,"caller":"host","request":"create","ctx":0,"macs":["02:00:00:00:00:01"],"txRing":1,"rxRing":2,"promiscuousAllowed":false}}
            {"dir":"in","msg":{"type":"control_ok","result":{"outcome":"ok"},"states":[{"ctx":0,"state":"ACTIVE"}],"in_reply_to":2}}
            {"dir":"out","msg":{"type":"kick","id":3,"ctx":0,"queue":"TX"}}
            {"dir":"in","msg":{"type":"kick_ok","in_reply_to":3}}
            {"dir":"out","msg":{"type":"advance","id":4,"nanos":1000}}
            {"dir":"in","msg":{"type":"advance_ok","in_reply_to":4}}
            {"dir":"out","msg":{"type":"shutdown","id":5}}
            {"dir":"in","msg":{"type":"shutdown_ok","in_reply_to":5}}
            """;

    @TempDir
    Path dir;

    private Path transcript(String name, String text) throws IOException {
        Path file = dir.resolve(name + ".jsonl");
        Files.writeString(file, text);
        return file;
    }

    /** A failed conversion: nonzero, the reason on stderr naming {@code named}, no stack trace, no vector written. */
    private static void assertRefused(CliRun run, Path file, String... named) {
        assertThat(run.code()).as(run.all()).isNotZero();
        assertThat(run.err()).contains(file.getFileName().toString()).contains(named).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("wrote");
        assertThat(file.resolveSibling(file.getFileName().toString().replace(".jsonl", ".yaml"))).doesNotExist();
    }

    @Test
    void aGoodTranscriptBecomesAVectorTheSchemaAndTheRunnerAccept() throws IOException {
        Path file = transcript("session-00001", SESSION);
        Path out = dir.resolve("out/vector.yaml");
        CliRun run = CliRun.of("vectors", "from-transcript", file.toString(), "-o", out.toString(), "--req", "RING-5");
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains(out.toString()).contains("citing RING-5");

        // VectorCodec.read validates against vectors-v1.schema.json: a file it reads is one the schema accepts
        VectorFile vector = VectorCodec.read(out.toString(), Files.readString(out));
        VectorFile.Group group = vector.groups().get(0);
        VectorFile.Test test = group.tests().get(0);
        assertThat(vector.kind()).isEqualTo("scenario");
        assertThat(test.id()).isEqualTo("transcript.session-00001");
        assertThat(test.reqs()).containsExactly("RING-5");
        // 4 guest steps, create, kick, advance: init and shutdown are not steps
        assertThat(test.steps()).hasSize(7);
        assertThat(test.steps().get(4).control()).isNotNull();
        assertThat(test.steps().get(5).kick()).isNotNull();
        assertThat(test.steps().get(6).advanceTo()).isEqualTo(1000L);
        Verdict onModel = VectorRunner.run(new ReferenceDeviceProvider(), out.toString(), vector, group, test);
        assertThat(onModel.status()).as(onModel.describe()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void theDefaultOutputIsTheTranscriptsNameWithYamlAndTheTestIsNamedAfterIt() throws IOException {
        // transcripts are named after the test whose session they hold (dots) or with _ for unsafe characters
        for (String name : new String[] {"ring.tx-wrap.some-test", "Odd_Name 2", "-.x"}) {
            Path file = transcript(name, SESSION);
            CliRun run = CliRun.of("vectors", "from-transcript", file.toString());
            assertThat(run.code()).as(run.all()).isZero();
            Path out = dir.resolve(name + ".yaml");
            VectorFile vector = VectorCodec.read(out.toString(), Files.readString(out));
            assertThat(vector.groups().get(0).tests().get(0).id()).startsWith("transcript.");
        }
        Path out = dir.resolve("ring.tx-wrap.some-test.yaml");
        assertThat(VectorCodec.read(out.toString(), Files.readString(out)).groups().get(0).tests().get(0).id())
                .isEqualTo("transcript.ring.tx-wrap.some-test");
    }

    @Test
    void aPageGrantedAndRevokedBetweenTwoCallsIsGrantedWrittenAndRevokedInTheVector() throws IOException {
        // the bridge writes guest steps at call boundaries: a page granted, filled and revoked in between shows as a write only
        String revokedPage = "{\"dir\":\"guest\",\"op\":\"write\",\"gref\":110,\"offset\":0,\"hex\":\"6e6f\"}\n";
        Path file = transcript("revoked-page", SESSION.replace("{\"dir\":\"out\",\"msg\":{\"type\":\"control\"", revokedPage
                + "{\"dir\":\"out\",\"msg\":{\"type\":\"control\""));
        Path out = dir.resolve("revoked-page.yaml");
        CliRun run = CliRun.of("vectors", "from-transcript", file.toString(), "-o", out.toString());
        assertThat(run.code()).as(run.all()).isZero();
        VectorFile vector = VectorCodec.read(out.toString(), Files.readString(out));
        var steps = vector.groups().get(0).tests().get(0).steps();
        assertThat(steps.get(4).grant()).isNotNull().satisfies(g -> assertThat(g.gref()).isEqualTo(110));
        assertThat(steps.get(5).write()).isNotNull().satisfies(w -> assertThat(w.hex()).isEqualTo("6e6f"));
        assertThat(steps.get(6).revoke()).isNotNull().satisfies(r -> assertThat(r.gref()).isEqualTo(110));
    }

    @Test
    void aMissingFileIsAParameterError() {
        Path file = dir.resolve("absent.jsonl");
        CliRun run = CliRun.of("vectors", "from-transcript", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("no transcript at " + file);
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = transcript("empty", "");
        assertRefused(CliRun.of("vectors", "from-transcript", file.toString()), file, "no requests");
    }

    @Test
    void aNonJsonLineIsRefusedNamingItsLineNumber() throws IOException {
        String text = SESSION.lines().limit(4).map(l -> l + "\n").reduce("", String::concat) + "kick received, all good\n";
        Path file = transcript("garbled", text);
        assertRefused(CliRun.of("vectors", "from-transcript", file.toString()), file, ":5:", "not a JSON line");
    }

    @Test
    void aTranscriptWithoutRequestsIsRefused() throws IOException {
        // init and its reply and the guest's grants, then the process died: nothing the device was asked to do
        String text = SESSION.lines().limit(4).map(l -> l + "\n").reduce("", String::concat);
        Path file = transcript("no-requests", text);
        assertRefused(CliRun.of("vectors", "from-transcript", file.toString()), file, "no requests");
    }

    @Test
    void anUnknownRequestTypeIsRefusedNamingItsLine() throws IOException {
        Path file = transcript("unknown", SESSION.replace("{\"type\":\"kick\",\"id\":3", "{\"type\":\"poke\",\"id\":3"));
        assertRefused(CliRun.of("vectors", "from-transcript", file.toString()), file, ":9:", "unknown request type \"poke\"");
    }

    @Test
    void aStepTheModelCannotReplayIsRefusedNamingItsLine() throws IOException {
        // a control without a caller, a kick of a queue that does not exist: readable JSON, not a replayable step
        Path noCaller = transcript("no-caller", SESSION.replace("\"caller\":\"host\",", ""));
        assertRefused(CliRun.of("vectors", "from-transcript", noCaller.toString()), noCaller, ":7:", "caller");
        Path badQueue = transcript("bad-queue", SESSION.replace("\"queue\":\"TX\"", "\"queue\":\"SIDEWAYS\""));
        assertRefused(CliRun.of("vectors", "from-transcript", badQueue.toString()), badQueue, ":9:", "SIDEWAYS");
    }

    @Test
    void aFallbackRuleThatIsNoRuleIdIsAParameterError() throws IOException {
        Path file = transcript("session", SESSION);
        CliRun run = CliRun.of("vectors", "from-transcript", file.toString(), "--req", "mem two");
        assertThat(CliRun.of("vectors", "from-transcript", file.toString(), "--req", "MEM-0").code()).isEqualTo(2);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--req").contains("mem two");
    }
}
