package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.Finding;
import io.netchannel.conformance.harness.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's own conformance (spec 13, section 7): each scripted fake device misbehaves
 * one way, and each way is a finding that names it — a FAIL of that test, never a hang or a crash
 * of the run. Every case runs with a 1 s per-call limit and must finish within a bound.
 */
class BridgeFaultTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    /** Generous for a loaded machine; a hang would take forever. */
    private static final long BOUND_MILLIS = 15_000;

    @TempDir
    Path dir;

    @Test
    void aDeviceThatExitsMidCallFailsAsDied() {
        assertFails(FakeDevices.onKick(dir, "exits", "exit 3"), "died", "exit status 3");
    }

    @Test
    void aDeviceThatNeverAnswersFailsAsTimeoutAndIsKilled() {
        assertFails(FakeDevices.onKick(dir, "hangs", "exec sleep 60"), "timeout", "within 1000 ms");
    }

    @Test
    void aDeviceThatPrintsANonJsonLineFailsAsGarbage() {
        assertFails(FakeDevices.onKick(dir, "babbles", "echo 'kick received, all good'"), "garbage", "not a JSON object");
    }

    @Test
    void aDeviceThatAnswersTheWrongRequestFailsAsGarbage() {
        assertFails(FakeDevices.onKick(dir, "misnumbers", "echo \"{\\\"type\\\":\\\"kick_ok\\\",\\\"in_reply_to\\\":$((id+7))}\""), "garbage",
                "in_reply_to");
    }

    @Test
    void aDeviceThatPrintsBetweenRequestsFailsAsGarbage() {
        List<String> chatty = FakeDevices.script(dir, "chatty", FakeDevices.CONTROL_OK + "; echo '{\"type\":\"log\",\"text\":\"hello\"}'",
                FakeDevices.KICK_OK);
        assertFails(chatty, "garbage", "");
    }

    @Test
    void aDeviceThatSendsACrashErrorFailsAsCrash() {
        assertFails(FakeDevices.onKick(dir, "gives-up",
                "echo \"{\\\"type\\\":\\\"error\\\",\\\"in_reply_to\\\":$id,\\\"code\\\":\\\"crash\\\",\\\"text\\\":\\\"assertion failed\\\"}\""),
                "crash", "assertion failed");
    }

    @Test
    void aDeviceThatWritesAPageWithoutReportingItIsAMem2Finding() {
        // frame 0 is the first page granted; the pages start after the grant table, 8 bytes an entry
        long pages = 8L * SharedMemoryFile.DEFAULT_ENTRIES;
        String scribble = "printf '\\x01\\x02\\x03\\x04' | dd of=\"$mem\" bs=1 seek=$((" + pages + " + 100)) conv=notrunc status=none; " + FakeDevices.KICK_OK;
        List<Finding> findings = run(FakeDevices.onKick(dir, "scribbles", scribble), harness -> {
            harness.grant(1, 0, Access.READ_WRITE);
            harness.kick(0, Queue.TX);
        });
        assertThat(findings).hasSize(1);
        Finding finding = findings.get(0);
        assertThat(finding.rule()).isEqualTo("MEM-2");
        assertThat(finding.gref()).isEqualTo(1);
        assertThat(finding.offset()).isEqualTo(100);
        assertThat(finding.length()).isEqualTo(4);
        assertThat(finding.detail()).contains("not reported");
    }

    @Test
    void aDeviceThatWritesThroughARevokedGrantIsAMem4Finding() {
        long pages = 8L * SharedMemoryFile.DEFAULT_ENTRIES; // frame 0, after the grant table
        String write = "printf '\\x01\\x02\\x03\\x04' | dd of=\"$mem\" bs=1 seek=$((" + pages + " + 8)) conv=notrunc status=none; "
                + "echo \"{\\\"type\\\":\\\"kick_ok\\\",\\\"in_reply_to\\\":$id,\\\"accesses\\\":[{\\\"ctx\\\":0,\\\"gref\\\":1,\\\"offset\\\":8,"
                + "\\\"length\\\":4,\\\"write\\\":true,\\\"data\\\":\\\"01020304\\\"}]}\"";
        List<Finding> findings = run(FakeDevices.onKick(dir, "revoked", write), harness -> {
            harness.grant(1, 0, Access.READ_WRITE);
            harness.kick(0, Queue.RX);
            harness.revoke(1);
            harness.kick(0, Queue.TX);
        });
        // the first kick's write went through a live grant: only the second is a finding
        assertThat(findings).extracting(Finding::rule).containsExactly("MEM-4");
        assertThat(findings.get(0).detail()).contains("revoked");
    }

    @Test
    void eachSessionsTranscriptHoldsItsOwnLinesAndTheInitOfTheProcessItUses() throws Exception {
        Path transcripts = dir.resolve("transcripts");
        try (StdioProvider provider = new StdioProvider(FakeDevices.onKick(dir, "plain", FakeDevices.KICK_OK), LIMIT, transcripts)) {
            // the vector runner names its thread "vector <id>"; the second session gets the process started ahead
            session(provider, "vector first", 1111);
            session(provider, "vector second", 2222);
        }
        List<String> first = Files.readAllLines(transcripts.resolve("first.jsonl"));
        List<String> second = Files.readAllLines(transcripts.resolve("second.jsonl"));
        assertThat(first).filteredOn(l -> l.contains("\"type\":\"init\"")).hasSize(1);
        assertThat(second).filteredOn(l -> l.contains("\"type\":\"init\"")).hasSize(1);
        assertThat(first).anyMatch(l -> l.contains("\"nanos\":1111")).noneMatch(l -> l.contains("\"nanos\":2222"));
        assertThat(second).anyMatch(l -> l.contains("\"nanos\":2222")).noneMatch(l -> l.contains("\"nanos\":1111"));
        assertThat(first.get(0)).as("the init comes first").contains("\"type\":\"init\"");
        assertThat(second.get(0)).as("the init comes first").contains("\"type\":\"init\"");
    }

    @Test
    void aProcessKilledBeforeItIsShutDownWritesNothingMoreToItsTranscript() throws Exception {
        // what happens when the Cleaner kills a collected device and the provider evicts its process later,
        // during another test: the eviction's shutdown must neither throw nor touch the old session's file
        Path transcripts = dir.resolve("transcripts");
        DeviceProcess process = DeviceProcess.start(FakeDevices.onKick(dir, "killed", FakeDevices.KICK_OK), null, transcripts, LIMIT.toNanos());
        process.transcript().bind("collected");
        Path file = process.transcript().path();
        List<String> before = Files.readAllLines(file);
        process.kill();
        process.shutdown();
        process.transcript().out(Transcript.JSON.createObjectNode().put("type", "late"));
        assertThat(Files.readAllLines(file)).isEqualTo(before);
        assertThat(process.transcript().tail()).as("kept for a failure message").contains("late");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> process.call("kick", Transcript.JSON.createObjectNode())))
                .isInstanceOf(BridgeFailure.class).hasMessageContaining("ended this process earlier");
    }

    @Test
    void anotherThreadsDevicesNeverEndADeviceStillInUse() throws Exception {
        // jqwik shrinks a failed property on a pool thread while the next test runs on its own thread
        try (StdioProvider provider = new StdioProvider(FakeDevices.onKick(dir, "shared", FakeDevices.KICK_OK), LIMIT, null)) {
            Harness mine = Harness.start(provider);
            mine.create(0, io.netchannel.api.MacAddress.parse("02:00:00:00:00:01"));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    for (int k = 0; k <= StdioProvider.MAX_LIVE; k++) {
                        Harness.start(provider).advanceTo(k);
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "jqwik-shrinking");
            other.start();
            other.join();
            assertThat(failed.get()).isNull();
            mine.grant(1, 0, Access.READ_WRITE);
            mine.kick(0, Queue.TX);
            assertThat(mine.memory().findings()).as("the first thread's device still answers").isEmpty();
        }
    }

    /** One device session on a thread named {@code thread}: create a context, advance to {@code nanos}. */
    private static void session(StdioProvider provider, String thread, long nanos) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread session = new Thread(() -> {
            try {
                Harness harness = Harness.start(provider);
                harness.create(0, io.netchannel.api.MacAddress.parse("02:00:00:00:00:01"));
                harness.advanceTo(nanos);
                assertThat(harness.memory().findings()).isEmpty();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, thread);
        session.start();
        session.join();
        assertThat(failed.get()).as("session %s", thread).isNull();
    }

    /** The fake fails the first kick with {@code verdict}; the next call fails at once; the run goes on. */
    private void assertFails(List<String> device, String verdict, String reason) {
        List<Finding> findings = run(device, harness -> {
            harness.grant(1, 0, Access.READ_WRITE);
            harness.kick(0, Queue.TX);
            long before = System.nanoTime();
            harness.kick(0, Queue.RX);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("a call after a failure fails at once").isLessThan(Duration.ofMillis(500));
        });
        assertThat(findings).hasSize(2);
        assertThat(findings).allSatisfy(f -> assertThat(f.rule()).isEqualTo(Harness.CONTRACT));
        assertThat(findings.get(0).detail()).contains("BridgeFailure: " + verdict + ":").contains(reason).contains("last transcript lines");
        assertThat(findings.get(1).detail()).contains("failed earlier");
    }

    private List<Finding> run(List<String> device, Consumer<Harness> steps) {
        long start = System.nanoTime();
        try (StdioProvider provider = new StdioProvider(device, LIMIT, null)) {
            Harness harness = Harness.start(provider);
            harness.create(0, io.netchannel.api.MacAddress.parse("02:00:00:00:00:01"));
            steps.accept(harness);
            return harness.memory().findings();
        } finally {
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).as("the whole case is bounded").isLessThan(BOUND_MILLIS);
        }
    }
}
