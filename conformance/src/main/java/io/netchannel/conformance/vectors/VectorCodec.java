package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes vector files (spec 05, sections 3 and 8). Reading validates against the JSON
 * Schema and binds to {@link VectorFile}, and every problem names the file and line. Writing is
 * canonical — keys in schema order, block style, no line splitting, LF — so an unchanged spec
 * regenerates byte-identical files.
 */
public final class VectorCodec {

    /** Where the schemas live in the jar (copied from {@code spec/schema/}). */
    public static final String SCHEMA_RESOURCE = "/netchannel/spec/schema/vectors-v1.schema.json";

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // every string in double quotes: unquoted hex such as 0e000000 would read back as a number
                    .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();


    private VectorCodec() {
    }

    /** The YAML mapper shared by vectors and the manifest. */
    static YAMLMapper mapper() {
        return MAPPER;
    }

    /** The canonical text of {@code file}. */
    public static String write(VectorFile file) {
        try {
            return MAPPER.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write vector file " + file.group() + ": " + e.getMessage(), e);
        }
    }

    /** Parses, schema-checks and binds {@code text}; {@code name} is used in every error. */
    public static VectorFile read(String name, String text) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new VectorFileException(name, line(e.getLocation()), "not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new VectorFileException(name, 1, "a vector file is a YAML mapping");
        }
        List<ValidationMessage> problems = relevant(List.copyOf(schema().validate(tree))).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString())).toList();
        if (!problems.isEmpty()) {
            Map<String, Integer> lines = lines(text);
            ValidationMessage first = problems.get(0);
            String at = first.getInstanceLocation().toString();
            if (first.getProperty() != null && lines.containsKey(at + "." + first.getProperty())) {
                at = at + "." + first.getProperty(); // an unknown or wrong property: point at its own line
            }
            throw new VectorFileException(name, lineOf(lines, at), where(tree, first.getInstanceLocation().toString()) + explain(tree, first)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more schema problem(s))" : ""));
        }
        VectorFile file;
        try {
            file = MAPPER.treeToValue(tree, VectorFile.class);
        } catch (JsonProcessingException e) {
            // the schema should have caught it; bind errors carry no line from a tree, so re-read the text
            try {
                file = MAPPER.readValue(text, VectorFile.class);
            } catch (JsonProcessingException again) {
                throw new VectorFileException(name, line(again.getLocation()), again.getOriginalMessage());
            }
        }
        checkControls(name, text, file);
        return file;
    }

    /**
     * Reads every control step's configuration values as a runner would (spec 05, section 5.3), so
     * a value the schema's patterns let through — a port above 65535, a range LOW above HIGH, a
     * prefix with host bits set — is an error of the file naming its test, step and field.
     */
    private static void checkControls(String name, String text, VectorFile file) {
        Map<String, Integer> lines = null;
        for (int g = 0; g < file.groups().size(); g++) {
            VectorFile.Group group = file.groups().get(g);
            List<Step> setup = group.setup() == null ? List.of() : group.setup();
            for (int i = 0; i < setup.size(); i++) {
                lines = checkControl(name, text, lines, setup.get(i), "$.groups[" + g + "].setup[" + i + "]",
                        "group " + (g + 1) + " setup, step " + (i + 1));
            }
            for (int t = 0; t < group.tests().size(); t++) {
                VectorFile.Test test = group.tests().get(t);
                List<Step> steps = test.steps() == null ? List.of() : test.steps();
                for (int i = 0; i < steps.size(); i++) {
                    lines = checkControl(name, text, lines, steps.get(i), "$.groups[" + g + "].tests[" + t + "].steps[" + i + "]",
                            "test " + test.id() + " (tcId " + test.tcId() + "), step " + (setup.size() + i + 1));
                }
            }
        }
    }

    private static Map<String, Integer> checkControl(String name, String text, Map<String, Integer> lines, Step step, String path, String where) {
        if (step == null || step.control() == null) {
            return lines;
        }
        try {
            Controls.check(step.control());
            return lines;
        } catch (Controls.BadField e) {
            Map<String, Integer> known = lines == null ? lines(text) : lines;
            throw new VectorFileException(name, lineOf(known, path + ".control." + e.field()), where + ": control." + e.field() + ": " + e.reason());
        }
    }

    /**
     * The schema problems worth reporting. A step is a {@code oneOf} of one shape per verb, so a bad
     * value inside a control step also fails the six other shapes, each for lacking its verb; a
     * {@code oneOf} branch that lacks one of its required keys at the {@code oneOf}'s own place was
     * not the one the file meant, and is dropped with the {@code oneOf}'s summary — unless every
     * branch lacks one, when nothing tells which was meant.
     */
    static List<ValidationMessage> relevant(List<ValidationMessage> all) {
        List<ValidationMessage> kept = new ArrayList<>(all);
        for (ValidationMessage summary : all) {
            if (!"oneOf".equals(summary.getType())) {
                continue;
            }
            String base = summary.getEvaluationPath().toString() + "[";
            String at = summary.getInstanceLocation().toString();
            Map<String, List<ValidationMessage>> branches = new HashMap<>();
            Set<String> unmeant = new HashSet<>();
            for (ValidationMessage message : all) {
                String path = message.getEvaluationPath().toString();
                int close = path.startsWith(base) ? path.indexOf(']', base.length()) : -1;
                if (close < 0) {
                    continue;
                }
                String branch = path.substring(0, close + 1);
                branches.computeIfAbsent(branch, b -> new ArrayList<>()).add(message);
                if ("required".equals(message.getType()) && path.equals(branch + ".required") && at.equals(message.getInstanceLocation().toString())) {
                    unmeant.add(branch);
                }
            }
            if (!unmeant.isEmpty() && unmeant.size() < branches.size()) {
                kept.remove(summary);
                for (String branch : unmeant) {
                    kept.removeAll(branches.get(branch));
                }
            }
        }
        return kept;
    }

    private static final Pattern CONTROL_KEY = Pattern.compile("\\.control\\.([A-Za-z]+)$");

    /**
     * The schema's message, except for a control key the request does not take (a {@code false}
     * schema in the schema's per-request rules, spec 05 section 5.3), which the validator words
     * only as "schema for 'ctx' is false": that one names the key and the request.
     */
    private static String explain(JsonNode tree, ValidationMessage problem) {
        String location = problem.getInstanceLocation().toString();
        Matcher key = CONTROL_KEY.matcher(location);
        if ("false".equals(problem.getType()) && key.find()) {
            String request = tree.at(pointer(location.substring(0, key.start()) + ".control.request")).asText("?");
            String why = "ctx".equals(key.group(1)) ? " (it acts on the whole device, spec 08 CTX-4)"
                    : "mode".equals(key.group(1)) ? " (only set-switch-mode has a mode)" : "";
            return location + ": a " + request + " request has no " + key.group(1) + why + " (spec 05, section 5.3)";
        }
        return problem.getMessage();
    }

    /** The JSON pointer of a validator path such as {@code $.groups[0].tests[2].steps[1].control.request}. */
    private static String pointer(String path) {
        return path.substring(1).replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
    }

    private static final Pattern TEST_PATH = Pattern.compile("^\\$\\.groups\\[(\\d+)]\\.(setup|tests)\\[(\\d+)](?:\\.steps\\[(\\d+)])?");

    /**
     * "test ID (tcId N), step K: " or "group G setup, step K: " for a place inside a test or a
     * setup step, counting steps as spec 05 section 10 does (setup first); "" elsewhere.
     */
    private static String where(JsonNode tree, String location) {
        Matcher m = TEST_PATH.matcher(location);
        if (!m.find()) {
            return "";
        }
        int group = Integer.parseInt(m.group(1));
        int index = Integer.parseInt(m.group(3));
        if ("setup".equals(m.group(2))) {
            return "group " + (group + 1) + " setup, step " + (index + 1) + ": ";
        }
        JsonNode test = tree.path("groups").path(group).path("tests").path(index);
        String named = "test " + test.path("id").asText("#" + (index + 1)) + (test.path("tcId").isInt() ? " (tcId " + test.path("tcId").asInt() + ")" : "");
        if (m.group(4) == null) {
            return named + ": ";
        }
        int setup = tree.path("groups").path(group).path("setup").size();
        return named + ", step " + (setup + Integer.parseInt(m.group(4)) + 1) + ": ";
    }

    /** Reads {@code text} as the manifest. */
    static Manifest readManifest(String name, String text) {
        try {
            return MAPPER.readValue(text, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new VectorFileException(name, line(e.getLocation()), e.getOriginalMessage());
        }
    }

    /** The canonical text of the manifest. */
    static String writeManifest(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest: " + e.getMessage(), e);
        }
    }

    private static JsonSchema schema() {
        return io.netchannel.conformance.catalogue.SpecSchemas.load(SCHEMA_RESOURCE);
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /**
     * The line of every value in {@code text}, by the path the schema validator reports
     * ({@code $.groups[0].tests[2].reqs}).
     */
    static Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> index = new ArrayDeque<>(); // array element counters; {-1} for objects
            path.push("$");
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                String here = path.peek();
                if (!index.isEmpty() && index.peek()[0] >= 0) {
                    here = path.peek() + "[" + index.peek()[0]++ + "]";
                } else if (!index.isEmpty()) {
                    here = path.peek() + "." + parser.currentName();
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    index.pop();
                    path.pop();
                    continue;
                }
                lines.putIfAbsent(here, parser.currentTokenLocation().getLineNr());
                if (token == JsonToken.START_OBJECT) {
                    path.push(here);
                    index.push(new int[] {-1});
                } else if (token == JsonToken.START_ARRAY) {
                    path.push(here);
                    index.push(new int[] {0});
                }
            }
        } catch (IOException e) {
            return lines; // the text parsed once already; a partial index still helps
        }
        return lines;
    }

    private static int lineOf(Map<String, Integer> lines, String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
