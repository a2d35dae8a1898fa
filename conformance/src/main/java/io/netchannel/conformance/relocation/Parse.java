package io.netchannel.conformance.relocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.netchannel.conformance.relocation.RelocationDocumentException.Defect;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bytes to a {@link Node} tree (spec 12, section 5.3): UTF-8, then JSON, or YAML that denotes the
 * same tree. The tree is built without recursion, so no nesting can exhaust the stack, and every
 * parser failure becomes a {@code malformed} refusal.
 */
final class Parse {

    /** Integers with more digits than this are out of every range without being converted. */
    static final int MAX_EXACT_DIGITS = 40;
    /** Deeper nesting is malformed: a relocation document is six levels deep. */
    static final int MAX_DEPTH = 256;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 8) // ours is checked first, with a clearer message
            .maxNumberLength(RelocationDocument.MAX_BYTES) // numbers are read as text; a long one is out of range, not malformed
            .maxStringLength(RelocationDocument.MAX_BYTES)
            .build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    private Parse() {
    }

    /** The text of {@code bytes}, which must be UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$", "not UTF-8: " + e.getMessage());
        }
    }

    /** The tree {@code text} denotes: JSON when it opens with a bracket and parses as JSON, else YAML. */
    static Node tree(String text) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return build(JSON, text, "JSON");
            } catch (RelocationDocumentException json) {
                if (json.defect() != Defect.MALFORMED || json.path().length() > 1 || !json.detail().startsWith("not valid JSON")) {
                    throw json; // it was JSON; what is wrong is not the syntax
                }
                try {
                    return build(YAML, text, "YAML"); // a YAML flow mapping that is not JSON
                } catch (RelocationDocumentException yaml) {
                    throw json; // the JSON parser's account of a bracketed text is the more useful one
                }
            }
        }
        return build(YAML, text, "YAML");
    }

    /** One open object or list while building. */
    private static final class Open {
        final String path;
        final Map<String, Node> members; // null for a list
        final List<Node> items;
        String name;

        Open(String path, boolean object) {
            this.path = path;
            this.members = object ? new LinkedHashMap<>() : null;
            this.items = object ? null : new ArrayList<>();
        }

        Node node() {
            return members != null ? new Node.Obj(members) : new Node.Arr(items);
        }

        String childPath() {
            return members != null ? child(path, name) : path + "[" + items.size() + "]";
        }

        void add(Node node) {
            if (members != null) {
                members.put(name, node);
            } else {
                items.add(node);
            }
        }
    }

    private static Node build(JsonFactory factory, String text, String language) {
        try (JsonParser parser = factory.createParser(text)) {
            Deque<Open> open = new ArrayDeque<>();
            Node root = null;
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new RelocationDocumentException(Defect.MALFORMED, "$", "empty: a relocation document is a " + language + " object");
            }
            while (root == null) {
                if (token == null) {
                    throw new RelocationDocumentException(Defect.MALFORMED, "$", "not valid " + language + ": the text ends inside "
                            + open.peek().path + " (truncated?)");
                }
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    throw new RelocationDocumentException(Defect.MALFORMED, open.isEmpty() ? "$" : open.peek().childPath(), "a YAML alias (*"
                            + parser.getText() + "): write the value out; a relocation document is a tree" + at(parser.currentTokenLocation()));
                }
                String here = open.isEmpty() ? "$" : token == JsonToken.FIELD_NAME || token.isStructEnd() ? open.peek().path : open.peek().childPath();
                Node value = null;
                switch (token) {
                    case FIELD_NAME -> {
                        Open top = open.peek();
                        String name = parser.currentName();
                        if (top.members.containsKey(name)) {
                            throw new RelocationDocumentException(Defect.MALFORMED, child(top.path, name), "the member \"" + name
                                    + "\" appears twice in " + top.path + at(parser.currentTokenLocation()));
                        }
                        top.name = name;
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() >= MAX_DEPTH) {
                            throw new RelocationDocumentException(Defect.MALFORMED, here, "nested deeper than " + MAX_DEPTH
                                    + " levels (a relocation document has six)");
                        }
                        open.push(new Open(here, token == JsonToken.START_OBJECT));
                    }
                    case END_OBJECT, END_ARRAY -> value = open.pop().node();
                    case VALUE_STRING -> value = new Node.Str(parser.getText());
                    case VALUE_NUMBER_INT -> value = integer(parser);
                    case VALUE_NUMBER_FLOAT -> value = new Node.Dec(parser.getText());
                    case VALUE_TRUE -> value = new Node.Bool(true);
                    case VALUE_FALSE -> value = new Node.Bool(false);
                    case VALUE_NULL -> value = new Node.Null();
                    default -> throw new RelocationDocumentException(Defect.MALFORMED, here, "a " + language + " value of no JSON type ("
                            + token + ")" + at(parser.currentTokenLocation()));
                }
                if (value != null) {
                    if (open.isEmpty()) {
                        root = value;
                    } else {
                        open.peek().add(value);
                    }
                }
                if (root == null) {
                    token = parser.nextToken();
                }
            }
            if (parser.nextToken() != null) {
                throw new RelocationDocumentException(Defect.MALFORMED, "$", "more after the document's end" + at(parser.currentTokenLocation())
                        + ("YAML".equals(language) ? " (one YAML document only)" : ""));
            }
            if (!(root instanceof Node.Obj)) {
                throw new RelocationDocumentException(Defect.MALFORMED, "$", "a relocation document is an object at the top, not " + root.kind());
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$", "not valid " + language + ": " + oneLine(e.getOriginalMessage())
                    + at(e.getLocation()));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // SnakeYAML's own exceptions and anything else a parser lets out: still only a malformed document
            throw e instanceof RelocationDocumentException refused ? refused
                    : new RelocationDocumentException(Defect.MALFORMED, "$", "not valid " + language + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static Node.Int integer(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (DECIMAL.matcher(text).matches()) {
            String digits = text.startsWith("-") ? text.substring(1) : text;
            return digits.length() > MAX_EXACT_DIGITS ? Node.Int.huge(text.startsWith("-")) : new Node.Int(new BigInteger(text));
        }
        // YAML's other integer forms (0x1f, 0o17, 1_000, +5): short by nature, converted by the parser
        return text.length() > MAX_EXACT_DIGITS + 8 ? Node.Int.huge(text.startsWith("-")) : new Node.Int(parser.getBigIntegerValue());
    }

    /** The path of member {@code name} of the object at {@code path}. */
    static String child(String path, String name) {
        return NAME.matcher(name).matches() ? path + "." + name : path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String oneLine(String message) {
        String line = message == null ? "" : message.strip();
        int cut = line.indexOf('\n');
        line = cut < 0 ? line : line.substring(0, cut);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
