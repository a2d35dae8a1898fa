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

    /** Tests sharing profiles and set-up steps. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"comment", "profiles", "setup", "tests"})
    public record Group(String comment, List<String> profiles, List<Step> setup, List<Test> tests) {
    }

    /** The kind of rejection an {@code invalid} test expects. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"scope", "category"})
    public record ErrorScope(String scope, String category) {
    }

    /** One test. Layout tests carry layout, fields and hex; the others carry steps. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tcId", "id", "reqs", "comment", "flags", "result", "error", "allows", "steps", "layout", "fields", "hex"})
    public record Test(int tcId, String id, List<String> reqs, String comment, List<String> flags, String result, ErrorScope error,
            String allows, List<Step> steps, String layout, Map<String, Long> fields, String hex) {

        /** This test with a new tcId (the tool numbers tests when it writes a file). */
        public Test withTcId(int number) {
            return new Test(number, id, reqs, comment, flags, result, error, allows, steps, layout, fields, hex);
        }
    }

    /** Every test of the file, in order. */
    public List<Test> tests() {
        return groups.stream().flatMap(g -> g.tests().stream()).toList();
    }
}
