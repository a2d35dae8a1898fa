package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One vector file (spec 05, section 3): a Wycheproof-shaped header, notes, and groups of tests.
 * Field order here is the canonical key order of the emitted YAML.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "specVersion", "kind", "chapter", "group", "preset", "generator", "numberOfTests", "header", "notes", "groups"})
public record VectorFile(String schema, String specVersion, String kind, String chapter, String group, String preset, Generator generator,
        int numberOfTests, String header, Map<String, Note> notes, List<Group> groups) {

    /** The file-structure version this code reads and writes. */
    public static final String SCHEMA = "netchannel-vectors/v1";

    /** The tool that wrote a file. */
    @JsonPropertyOrder({"name", "version"})
    public record Generator(String name, String version) {
    }

    /** What a flag means and what failing a test that carries it says about a device. */
    @JsonPropertyOrder({"category", "description", "effect"})
    public record Note(String category, String description, String effect) {
    }

    /**
     * Tests sharing profiles and set-up steps; with {@code host}, they run on the device under test
     * behind the reference host (spec 05, section 3.2; spec 08, section 5).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"comment", "profiles", "host", "setup", "tests"})
    public record Group(String comment, List<String> profiles, Host host, List<Step> setup, List<Test> tests) {

        /** A group on the device itself. */
        public Group(String comment, List<String> profiles, List<Step> setup, List<Test> tests) {
            this(comment, profiles, null, setup, tests);
        }
    }

    /**
     * The reference host a group runs behind: the device under test holds at most
     * {@code deviceContexts} of the group's contexts and the host's software path serves the rest
     * ({@link io.netchannel.conformance.harness.HostedProvider}).
     */
    @JsonPropertyOrder({"deviceContexts"})
    public record Host(int deviceContexts) {

        /** The most device contexts a group may ask for: the core preset's four contexts. */
        public static final int MAX_DEVICE_CONTEXTS = 4;
    }

    /** The kind of rejection an {@code invalid} test expects: scope packet, context, request (with a category) or document. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"scope", "category"})
    public record ErrorScope(String scope, String category) {
    }

    /**
     * One test. Layout tests carry layout, fields and hex; document tests (spec 05, section 4.4)
     * carry the document's bytes as hex or text, optionally padTo, and what reading them gives in
     * expect; the others carry steps.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tcId", "id", "reqs", "comment", "flags", "result", "error", "allows", "steps", "layout", "fields", "hex", "text", "padTo",
            "expect"})
    public record Test(int tcId, String id, List<String> reqs, String comment, List<String> flags, String result, ErrorScope error,
            String allows, List<Step> steps, String layout, Map<String, Long> fields, String hex, String text, Integer padTo, Reading expect) {

        /** A test of the kinds of chapters 01 to 11 (layout, frame, scenario). */
        public Test(int tcId, String id, List<String> reqs, String comment, List<String> flags, String result, ErrorScope error,
                String allows, List<Step> steps, String layout, Map<String, Long> fields, String hex) {
            this(tcId, id, reqs, comment, flags, result, error, allows, steps, layout, fields, hex, null, null, null);
        }

        /** This test with a new tcId (the tool numbers tests when it writes a file). */
        public Test withTcId(int number) {
            return new Test(number, id, reqs, comment, flags, result, error, allows, steps, layout, fields, hex, text, padTo, expect);
        }
    }

    /**
     * What reading a document test's bytes gives (spec 05, section 4.4): for a valid test the
     * canonical text of the state read, for an invalid one the reader's defect and the path of the
     * member it names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"canonical", "defect", "path"})
    public record Reading(String canonical, String defect, String path) {
    }

    /** Every test of the file, in order. */
    public List<Test> tests() {
        return groups.stream().flatMap(g -> g.tests().stream()).toList();
    }
}
