package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netchannel.api.RelocationState;
import io.netchannel.conformance.relocation.RelocationDocument;
import io.netchannel.conformance.relocation.RelocationDocumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Relocation documents in vectors (spec 05, sections 4.4 and 5.3.6): a state written as the tree of
 * its canonical document (spec 12, section 5), a tree read back through the suite's document
 * reader ({@link RelocationDocument}), two trees compared member by member, and the document kind
 * of test, which checks the reader and touches no device.
 */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    /** The tree of {@code state}'s canonical document: members in code-point order, as the vector writer emits them. */
    public static JsonNode tree(RelocationState state) {
        try {
            return JSON.readTree(RelocationDocument.canonical(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the canonical document does not parse as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The state {@code tree} denotes, read through the document reader; an IllegalArgumentException names the defect and its path. */
    public static RelocationState state(JsonNode tree) {
        try {
            return RelocationDocument.read(json(tree).getBytes(StandardCharsets.UTF_8));
        } catch (RelocationDocumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Why the reader refuses {@code tree} ({@code "defect at path: detail"}), or null when it reads. */
    static String defect(JsonNode tree) {
        try {
            state(tree);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * {@code tree} as JSON text: members in the tree's order, integers in plain decimal, no
     * whitespace. A vector's tree comes from YAML, so its scalars are JSON's; the reader sees the
     * same tree as JSON (spec 12, section 5.3: YAML denoting the same tree reads the same).
     */
    static String json(JsonNode tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out, false);
        return out.toString();
    }

    /** {@code tree} as JSON text with every object's members sorted by name: two trees are the same document exactly when these agree. */
    static String sorted(JsonNode tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out, true);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, boolean sort) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (sort) {
                names.sort(null);
            }
            out.append('{');
            for (int k = 0; k < names.size(); k++) {
                out.append(k == 0 ? "" : ",").append(TextNode.valueOf(names.get(k)).toString()).append(':');
                write(node.get(names.get(k)), out, sort);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> items = node.elements();
            for (int k = 0; items.hasNext(); k++) {
                out.append(k == 0 ? "" : ",");
                write(items.next(), out, sort);
            }
            out.append(']');
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else {
            out.append(node.toString()); // strings escaped as JSON, booleans, null, and any other number as the parser kept it
        }
    }

    /**
     * Where two document trees differ ({@code "$.runtime.credit.level: expected 10, observed 12"}),
     * the first member in code-point order; null when they are the same document.
     */
    static String difference(JsonNode expected, JsonNode observed) {
        if (sorted(expected).equals(sorted(observed))) {
            return null;
        }
        return first("$", expected, observed);
    }

    private static String first(String path, JsonNode expected, JsonNode observed) {
        if (expected != null && observed != null && expected.isObject() && observed.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            observed.fieldNames().forEachRemaining(name -> {
                if (!expected.has(name)) {
                    names.add(name);
                }
            });
            names.sort(null);
            for (String name : names) {
                String inner = first(path + "." + name, expected.get(name), observed.get(name));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (expected != null && observed != null && expected.isArray() && observed.isArray() && expected.size() == observed.size()) {
            for (int k = 0; k < expected.size(); k++) {
                String inner = first(path + "[" + k + "]", expected.get(k), observed.get(k));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        String want = expected == null ? "absent" : sorted(expected);
        String seen = observed == null ? "absent" : sorted(observed);
        return want.equals(seen) ? null : path + ": expected " + shorten(want) + ", observed " + shorten(seen);
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    // ------------------------------------------------------------------ the document kind

    /** The bytes a document test gives the reader: {@code hex} or {@code text} (UTF-8), then ASCII spaces up to {@code padTo} bytes. */
    public static byte[] bytes(VectorFile.Test test) {
        byte[] given = test.hex() != null ? Hex.decode(test.hex()) : test.text().getBytes(StandardCharsets.UTF_8);
        if (test.padTo() == null || test.padTo() <= given.length) {
            return given;
        }
        byte[] padded = Arrays.copyOf(given, test.padTo());
        Arrays.fill(padded, given.length, padded.length, (byte) ' ');
        return padded;
    }

    /**
     * Reads a document test's bytes with the suite's reader (spec 05, section 4.4): a valid test
     * must read, to the listed canonical text; an invalid one must be refused with the listed
     * defect at the listed path. Returns what differs, or null.
     */
    static String check(VectorFile.Test test) {
        VectorFile.Reading want = test.expect();
        if (want == null || (test.hex() == null) == (test.text() == null)) {
            return "a document test has hex or text, and expect";
        }
        RelocationState state;
        try {
            state = RelocationDocument.read(bytes(test));
        } catch (RelocationDocumentException e) {
            if (want.defect() == null) {
                return "the reader refused a document it must accept: " + e.getMessage();
            }
            if (!want.defect().equals(e.code()) || !want.path().equals(e.path())) {
                return "expected " + want.defect() + " at " + want.path() + ", the reader refused it with " + e.code() + " at " + e.path()
                        + " (" + e.detail() + ")";
            }
            return null;
        }
        if (want.defect() != null) {
            return "expected " + want.defect() + " at " + want.path() + ", the reader accepted the document";
        }
        String canonical = RelocationDocument.canonical(state);
        return canonical.equals(want.canonical()) ? null : "the document reads, but its canonical text is " + shorten(canonical) + ", expected "
                + shorten(want.canonical());
    }
}
