package io.netchannel.conformance.relocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.netchannel.conformance.Requirement;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code spec/schema/relocation-v1.schema.json} (spec 12, section 5): every canonical document the
 * suite writes validates against it, every defect the schema can express fails it, and it defines
 * exactly the members the reader knows, with {@code additionalProperties: false} on every object.
 */
class RelocationSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchema SCHEMA = schema();
    private static final JsonNode RAW = raw();

    private static JsonNode raw() {
        try (InputStream in = RelocationSchemaTest.class.getResourceAsStream(RelocationDocument.SCHEMA_RESOURCE)) {
            assertThat(in).as("the schema is in the jar at %s", RelocationDocument.SCHEMA_RESOURCE).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(raw());
    }

    /** The schema's complaints about {@code canonical}, empty when it validates. */
    static Set<ValidationMessage> problems(String document) {
        try {
            return SCHEMA.validate(JSON.readTree(document));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_everyCanonicalDocumentValidates() {
        assertThat(problems(RelocationDocumentTest.LIMITED_TEXT)).isEmpty();
        assertThat(problems(RelocationDocumentTest.FAILED_TEXT)).isEmpty();
        for (long seed = 0; seed < 500; seed++) {
            String canonical = RelocationDocument.canonical(RandomStates.of(seed));
            assertThat(problems(canonical)).as("seed %d: %s", seed, canonical).isEmpty();
        }
        // the documents real devices export are checked in RelocationDevicesTest, which calls problems() on each
    }

    /** Defects the schema can express, applied once to worked example 1 as in {@link RelocationDocumentTest}. */
    @ParameterizedTest(name = "[{index}] {2}")
    @Requirement("RELOC-11")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "format":"netchannel-relocation",     | ``                                        | not-a-relocation-document
            netchannel-relocation                 | netchannel-vectors                        | not-a-relocation-document
            "version":1                           | "version":2                               | newer-version
            "version":1                           | "version":0                               | malformed
            ,"version":1                          | ``                                        | malformed
            "version":1                           | "version":1,"comment":"x"                 | unknown-member
            "rx":\\{                              | "rx":{"tail":1,                           | unknown-member
            "TX_FRAMES":3                         | "TX_FRAMES":3,"WIRE_RX_FRAMES":0          | unknown-member
            "maxFrames":4                         | "maxFrames":4,"extra":4                   | unknown-member
            "promiscuous":false                   | "promiscuous":false,"txRate":{"bytes":1,"periodNanos":1,"burst":65535} | privileged-in-guest
            "promiscuous":false                   | "promiscuous":false,"macs":[]             | privileged-in-guest
            "promiscuous":false,                  | ``                                        | invalid-value
            "rspProd":4294967295                  | "rspProd":4294967296                      | invalid-value
            "decided":4294967290                  | "decided":-1                              | invalid-value
            "TX_BYTES":9007199254740993           | "TX_BYTES":9223372036854775808            | invalid-value
            "TX_BYTES":9007199254740993           | "TX_BYTES":-1                             | invalid-value
            "TX_BYTES":9007199254740993           | "TX_BYTES":null                           | invalid-value
            ,"TX_FRAMES":3                        | ``                                        | invalid-value
            02:00:00:00:00:01                     | 02:00:00:00:00:AB                         | invalid-value
            "state":"ACTIVE"                      | "state":"ABSENT"                          | invalid-value
            "filterHits":\\[\\]                   | "filterHits":[1,"2"]                      | invalid-value
            "burst":131072,                       | ``                                        | invalid-value
            "maxFrames":4                         | "maxFrames":2147483648                    | invalid-value
            "txRing":1                            | "txRing":1,"vlan":{"access":1,"trunk":[]} | invalid-value
            "txRing":1                            | "txRing":1,"vlan":{"access":4096}         | invalid-value
            "txRing":1                            | "txRing":1,"txRules":[{"match":{"etherType":"0x86DD"},"action":"allow"}] | invalid-value
            "txRing":1                            | "txRing":1,"txRules":[{"match":{},"action":"deny"}] | invalid-value
            "txRing":1                            | "txRing":1,"txRules":[{"action":"allow"}] | invalid-value
            "resumeInNanos":1500                  | "resumeInNanos":-1                        | invalid-value
            """)
    void required_RELOC11_theSchemaRefusesWhatItCanExpress(String find, String replace, String code) {
        String document = Pattern.compile(find).matcher(RelocationDocumentTest.LIMITED_TEXT).replaceFirst(java.util.regex.Matcher.quoteReplacement(replace));
        assertThat(document).isNotEqualTo(RelocationDocumentTest.LIMITED_TEXT);
        assertThat(problems(document)).as("the schema must refuse a %s document: %s", code, document).isNotEmpty();
        try {
            RelocationDocument.read(document);
            throw new AssertionError("the reader accepted a " + code + " document: " + document);
        } catch (RelocationDocumentException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        }
    }

    @Test
    void theSchemaDefinesExactlyTheMembersTheReaderKnows() {
        assertThat(members(RAW, "$")).isEqualTo(members(Shape.DOCUMENT, "$"));
    }

    @Test
    void everyObjectInTheSchemaForbidsAdditionalProperties() {
        List<String> open = new ArrayList<>();
        walk(RAW, "#", (node, at) -> {
            if (node.has("properties") && !(node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean())) {
                open.add(at);
            }
        });
        assertThat(open).as("objects without additionalProperties: false (spec 12, section 5.3)").isEmpty();
    }

    @Test
    void theHostOnlyKeysAreExactlyTheHostSectionsMembers() {
        assertThat(((Shape.Members) ((Shape.Members) Shape.DOCUMENT).members().get("host")).members().keySet())
                .containsExactlyElementsOf(Shape.HOST_KEYS);
    }

    /** Every member path the schema defines, {@code $.host.vlan.trunk[]} for list items. */
    private static Set<String> members(JsonNode schema, String at) {
        Set<String> paths = new TreeSet<>();
        JsonNode node = resolve(schema);
        if (node.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                paths.add(at + "." + member.getKey());
                paths.addAll(members(member.getValue(), at + "." + member.getKey()));
            }
        }
        if (node.has("items")) {
            paths.addAll(members(node.get("items"), at + "[]"));
        }
        return paths;
    }

    private static Set<String> members(Shape shape, String at) {
        Set<String> paths = new TreeSet<>();
        if (shape instanceof Shape.Members defined) {
            defined.members().forEach((name, inner) -> {
                paths.add(at + "." + name);
                paths.addAll(members(inner, at + "." + name));
            });
        } else if (shape instanceof Shape.Items items) {
            paths.addAll(members(items.item(), at + "[]"));
        }
        return paths;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode here = node;
        while (here.has("$ref")) {
            String ref = here.get("$ref").asText();
            assertThat(ref).startsWith("#/$defs/");
            here = RAW.path("$defs").path(ref.substring("#/$defs/".length()));
        }
        return here;
    }

    private interface Visitor {
        void visit(JsonNode node, String at);
    }

    private static void walk(JsonNode node, String at, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, at);
            node.fields().forEachRemaining(e -> walk(e.getValue(), at + "/" + e.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, visitor);
            }
        }
    }
}
