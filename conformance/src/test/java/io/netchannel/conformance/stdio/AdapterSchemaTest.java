package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spec/schema/adapter-v1.schema.json} (spec 13): every request the bridge sends and every
 * reply a real device gives — the reference model behind {@link ModelAdapter} and, when it is
 * built, the example C device — validates, each request is answered by exactly one reply naming
 * its id; and the schema rejects the mistakes it exists to catch.
 */
class AdapterSchemaTest {

    static final String RESOURCE = "/netchannel/spec/schema/adapter-v1.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    /** The message types a session sample must show, or it proves little. */
    private static final Set<String> EVERY_TYPE = Set.of("init", "init_ok", "control", "control_ok", "kick", "kick_ok", "receive",
            "receive_ok", "advance", "advance_ok", "shutdown", "shutdown_ok");

    @TempDir
    Path dir;

    private static JsonSchema schema() {
        try (InputStream in = AdapterSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("the schema is in the jar at %s", RESOURCE).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about one message, empty when it validates. */
    static Set<ValidationMessage> problems(String message) {
        try {
            return SCHEMA.validate(JSON.readTree(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Requirement({"ADAPT-1", "ADAPT-2"})
    void everyMessageOfModelSessionsValidates() {
        checkSessions(Adapters.model());
    }

    @Test
    @Requirement({"ADAPT-1", "ADAPT-2"})
    void everyMessageOfCDeviceSessionsValidates() {
        checkSessions(CDevices.good());
    }

    /**
     * Replays two device tests of every vector folder (and a short session of its own) on {@code device} with transcripts on, then
     * reads every transcript: each request and reply validates, requests are numbered from 1, and
     * each is followed by exactly one reply with its id (guest steps may come between).
     */
    private void checkSessions(List<String> device) {
        Path transcripts = dir.resolve("transcripts");
        try (StdioProvider provider = new StdioProvider(device, Duration.ofSeconds(10), transcripts)) {
            for (VectorBundle.Located t : sample(provider.profiles())) {
                VectorRunner.run(provider, t.path(), t.file(), t.group(), t.test());
            }
            // time moves in few core vectors: one short session of our own makes sure advance is among the messages
            Harness harness = Harness.start(provider);
            harness.create(0, MacAddress.parse("02:00:00:00:00:01"));
            harness.kick(0, Queue.TX);
            harness.advance(1000);
        }
        List<String> problems = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        int messages = 0;
        for (Path file : files(transcripts)) {
            List<String> lines = read(file);
            long expectedId = 1;
            JsonNode outstanding = null;
            for (int n = 0; n < lines.size(); n++) {
                String where = file.getFileName() + ":" + (n + 1);
                JsonNode line = parse(lines.get(n));
                String direction = line.path("dir").asText();
                if (direction.equals("failure") || line.has("raw")) {
                    problems.add(where + ": the session failed: " + lines.get(n));
                    continue;
                }
                if (!direction.equals("out") && !direction.equals("in")) {
                    continue; // guest steps and findings are the bridge's own notes
                }
                JsonNode message = line.get("msg");
                messages++;
                types.add(message.path("type").asText());
                for (ValidationMessage problem : SCHEMA.validate(message)) {
                    problems.add(where + ": " + problem.getMessage() + " in " + message);
                }
                if (direction.equals("out")) {
                    if (outstanding != null) {
                        problems.add(where + ": request " + message.path("id") + " sent while " + outstanding.path("id") + " had no reply");
                    }
                    if (message.path("id").asLong() != expectedId++) {
                        problems.add(where + ": request id " + message.path("id") + ", expected " + (expectedId - 1));
                    }
                    outstanding = message;
                } else {
                    if (outstanding == null) {
                        problems.add(where + ": a reply with no request outstanding: " + message);
                    } else if (message.path("in_reply_to").asLong() != outstanding.path("id").asLong()) {
                        problems.add(where + ": in_reply_to " + message.path("in_reply_to") + " answers request " + outstanding.path("id"));
                    }
                    outstanding = null;
                }
            }
        }
        assertThat(problems).as("messages that break adapter-v1.schema.json or the one-reply-per-request rule (of %d)", messages).isEmpty();
        assertThat(types).as("the sample exercised every request and reply").containsAll(EVERY_TYPE);
    }

    /** The first two tests that start a device from every vector folder, each from a different file, of the profiles claimed. */
    private static List<VectorBundle.Located> sample(Set<Profile> claimed) {
        Map<String, List<VectorBundle.Located>> byFolder = new LinkedHashMap<>();
        Set<String> files = new HashSet<>();
        for (VectorBundle.Located t : VectorBundle.bundled().tests()) {
            String folder = t.path().substring(0, t.path().indexOf('/'));
            List<VectorBundle.Located> picked = byFolder.computeIfAbsent(folder, f -> new ArrayList<>());
            boolean applies = t.group().profiles().stream().map(Profile::fromId).allMatch(claimed::contains);
            if (picked.size() < 2 && applies && "scenario".equals(t.file().kind()) && files.add(t.path())) {
                picked.add(t);
            }
        }
        return byFolder.values().stream().flatMap(List::stream).toList();
    }

    private static List<Path> files(Path transcripts) {
        try (Stream<Path> list = Files.list(transcripts)) {
            List<Path> files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            assertThat(files).as("transcripts written").isNotEmpty();
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("a transcript line is not JSON: " + line, e);
        }
    }

    /** Messages written by hand the schema must accept: the smallest form of each reply, and an error. */
    @ParameterizedTest
    @Requirement({"ADAPT-1", "ADAPT-2"})
    @ValueSource(strings = {
        "{\"type\":\"kick_ok\",\"in_reply_to\":3}",
        "{\"type\":\"receive\",\"id\":4,\"port\":0,\"frame\":\"0a0b\"}",
        "{\"type\":\"kick_ok\",\"in_reply_to\":3,\"frames\":[{\"port\":0,\"frame\":\"ab\",\"seq\":1}],"
                + "\"accesses\":[{\"ctx\":0,\"gref\":1,\"offset\":4,\"length\":4,\"write\":true,\"data\":\"01000000\",\"seq\":0}]}",
        "{\"type\":\"init_ok\",\"in_reply_to\":1,\"vendor\":\"v\",\"product\":\"p\",\"version\":\"1\",\"profiles\":[\"core\",\"qos\"],"
                + "\"limits\":{\"maxContexts\":4,\"maxMacsPerContext\":1,\"maxMulticastGroups\":0,\"maxContextId\":3}}",
        "{\"type\":\"error\",\"in_reply_to\":2,\"code\":\"malformed-request\",\"text\":\"no ctx\"}",
    })
    void theSchemaAcceptsWellFormedMessages(String message) {
        assertThat(problems(message)).isEmpty();
    }

    /** The mistakes the schema exists to catch; each is one change to an otherwise valid message. */
    @ParameterizedTest
    @Requirement({"ADAPT-1", "ADAPT-2"})
    @ValueSource(strings = {
        // a reply without in_reply_to (ADAPT-1)
        "{\"type\":\"kick_ok\"}",
        "{\"type\":\"error\",\"code\":\"crash\"}",
        // frames and write data are lowercase hex
        "{\"type\":\"receive\",\"id\":4,\"port\":0,\"frame\":\"0A0B\"}",
        "{\"type\":\"kick_ok\",\"in_reply_to\":3,\"frames\":[{\"port\":0,\"frame\":\"AB\"}]}",
        "{\"type\":\"kick_ok\",\"in_reply_to\":3,\"accesses\":[{\"ctx\":0,\"gref\":1,\"offset\":4,\"length\":4,\"write\":true,\"data\":\"0100000G\"}]}",
        "{\"type\":\"kick_ok\",\"in_reply_to\":3,\"frames\":[{\"port\":0,\"frame\":\"abc\"}]}",
        // an init_ok without limits, without core, or with limits missing a required field (ADAPT-2)
        "{\"type\":\"init_ok\",\"in_reply_to\":1,\"vendor\":\"v\",\"product\":\"p\",\"version\":\"1\",\"profiles\":[\"core\"]}",
        "{\"type\":\"init_ok\",\"in_reply_to\":1,\"vendor\":\"v\",\"product\":\"p\",\"version\":\"1\",\"profiles\":[\"qos\"],"
                + "\"limits\":{\"maxContexts\":4,\"maxMacsPerContext\":1,\"maxMulticastGroups\":0,\"maxContextId\":3}}",
        "{\"type\":\"init_ok\",\"in_reply_to\":1,\"vendor\":\"v\",\"product\":\"p\",\"version\":\"1\",\"profiles\":[\"core\"],"
                + "\"limits\":{\"maxContexts\":4,\"maxMacsPerContext\":1,\"maxMulticastGroups\":0}}",
        // unknown types, a request id of 0, an unknown error code, a zero delta
        "{\"type\":\"poke\",\"id\":2}",
        "{\"type\":\"poke_ok\",\"in_reply_to\":2}",
        "{\"type\":\"kick\",\"id\":0,\"ctx\":0,\"queue\":\"TX\"}",
        "{\"type\":\"error\",\"in_reply_to\":2,\"code\":\"oops\"}",
        "{\"type\":\"kick_ok\",\"in_reply_to\":3,\"counters\":[{\"ctx\":0,\"counter\":\"TX_FRAMES\",\"delta\":0}]}",
    })
    void theSchemaRejectsMalformedMessages(String message) {
        assertThat(problems(message)).as(message).isNotEmpty();
    }
}
