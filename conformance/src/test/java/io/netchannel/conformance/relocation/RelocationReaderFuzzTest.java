package io.netchannel.conformance.relocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netchannel.api.RelocationState;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.relocation.RelocationDocumentException.Defect;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader throws nothing but {@link RelocationDocumentException}, whatever the input (spec 12,
 * section 5.3, RELOC-11): every truncation of valid documents, random byte flips, insertions and
 * deletions, deep nesting, huge numbers, YAML aliases, tags and odd keys. What it accepts
 * normalises to a fixed point.
 */
class RelocationReaderFuzzTest {

    private static final String YAML = """
            format: netchannel-relocation
            version: 1
            host:
              macs: ["02:00:00:00:00:01"]
              txRing: 1
              rxRing: 2
              promiscuousAllowed: false
              txRate: {bytes: 20000, periodNanos: 20000000, burst: 131072}
            guest:
              promiscuous: false
              multicast:
                - "01:00:5e:00:00:fb"
              rxCoalescing: {maxFrames: 4, maxDelayNanos: 50000}
            runtime:
              state: ACTIVE
              tx: {rspProd: 3, slots: 256}
              rx: {rspProd: 4294967295, slots: 256}
              credit: {level: 2621440000000, resumeInNanos: 1500}
              txCompletions: {ageNanos: 0, decided: 3, pending: 0}
              rxCompletions: {ageNanos: 700, decided: 4294967290, pending: 2}
              counters: {TX_FRAMES: 3, TX_BYTES: 9007199254740993, TX_RATE_LIMITED: 1, TX_ERRORS: 0, FATAL_ERRORS: 0, RX_FRAMES: 0,
                RX_BYTES: 0, RX_DROP_NO_BUFFER: 0, RX_DROP_BAD_BUFFER: 0, RX_DROP_FAILED: 0, TX_DROP_SPOOF: 0, TX_DROP_VLAN: 0,
                TX_DROP_FILTER: 0, RX_DROP_FILTER: 0}
              filterHits: []
            """;

    /** Reads {@code input}: the state, or null after a typed refusal; anything else fails the test naming the input. */
    private static RelocationState outcome(byte[] input, String what) {
        try {
            RelocationState state = RelocationDocument.read(input);
            // accepted: its canonical text is a fixed point of read-then-write
            String canonical = RelocationDocument.canonical(state);
            assertThat(RelocationDocument.read(canonical)).as("%s: the canonical text reads back to the same state", what).isEqualTo(state);
            assertThat(RelocationDocument.normalise(canonical)).isEqualTo(canonical);
            return state;
        } catch (RelocationDocumentException refused) {
            assertThat(refused.path()).startsWith("$");
            assertThat(refused.rule()).isEqualTo("RELOC-11");
            assertThat(refused.detail()).isNotBlank();
            return null;
        } catch (Throwable other) {
            return fail("%s: the reader threw %s instead of a RelocationDocumentException; input (hex) %s", what, other,
                    HexFormat.of().formatHex(input, 0, Math.min(input.length, 400)), other);
        }
    }

    private static RelocationDocumentException refusal(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        try {
            RelocationDocument.read(bytes);
        } catch (RelocationDocumentException e) {
            return e;
        } catch (Throwable other) {
            fail("the reader threw %s instead of a RelocationDocumentException for %s", other,
                    input.length() > 200 ? input.substring(0, 200) + "..." : input, other);
        }
        return fail("the reader accepted %s", input.length() > 200 ? input.substring(0, 200) + "..." : input);
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_everyTruncationOfAJsonDocumentIsRefused() {
        for (String text : List.of(RelocationDocumentTest.LIMITED_TEXT, RelocationDocumentTest.FAILED_TEXT)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < bytes.length; length++) {
                assertThat(outcome(Arrays.copyOf(bytes, length), "truncated at " + length)).as("truncated to %d bytes", length).isNull();
            }
            assertThat(outcome(bytes, "whole")).isNotNull();
        }
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_everyTruncationOfAYamlDocumentReadsOrIsRefused() {
        byte[] bytes = YAML.getBytes(StandardCharsets.UTF_8);
        int read = 0;
        for (int length = 0; length <= bytes.length; length++) {
            if (outcome(Arrays.copyOf(bytes, length), "YAML truncated at " + length) != null) {
                read++;
            }
        }
        // only the whole text (and the whole text less its final newline) holds every required member
        assertThat(read).isEqualTo(2);
        assertThat(RelocationDocument.normalise(YAML)).isEqualTo(RelocationDocument.normalise(YAML.replace("TX_FRAMES: 3, ", "TX_FRAMES: 3,\n    ")));
    }

    @Test
    @Timeout(120)
    @Requirement("RELOC-11")
    void required_RELOC11_randomFlipsInsertionsAndDeletionsNeverEscapeTheTypedError() {
        List<byte[]> seeds = List.of(RelocationDocumentTest.LIMITED_TEXT.getBytes(StandardCharsets.UTF_8),
                RelocationDocumentTest.FAILED_TEXT.getBytes(StandardCharsets.UTF_8), YAML.getBytes(StandardCharsets.UTF_8));
        byte[] interesting = "{}[]:,\"'\\-+.eE0123456789 \n\t&*!?|>#%@`~nulltruefalse\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (long seed = 0; seed < 6000; seed++) {
            Random r = new Random(seed);
            byte[] input = seeds.get(r.nextInt(seeds.size())).clone();
            for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
                int at = r.nextInt(input.length);
                byte b = r.nextBoolean() ? interesting[r.nextInt(interesting.length)] : (byte) r.nextInt(256);
                switch (r.nextInt(3)) {
                    case 0 -> input[at] = b;
                    case 1 -> {
                        byte[] longer = new byte[input.length + 1];
                        System.arraycopy(input, 0, longer, 0, at);
                        longer[at] = b;
                        System.arraycopy(input, at, longer, at + 1, input.length - at);
                        input = longer;
                    }
                    default -> {
                        byte[] shorter = new byte[input.length - 1];
                        System.arraycopy(input, 0, shorter, 0, at);
                        System.arraycopy(input, at + 1, shorter, at, input.length - at - 1);
                        input = shorter;
                    }
                }
            }
            outcome(input, "seed " + seed);
        }
        for (long seed = 0; seed < 500; seed++) {
            Random r = new Random(seed);
            byte[] noise = new byte[r.nextInt(300)];
            r.nextBytes(noise);
            outcome(noise, "noise seed " + seed);
        }
    }

    @Test
    @Timeout(60)
    @Requirement("RELOC-11")
    void required_RELOC11_deepNestingIsMalformedNotAStackOverflow() {
        int deep = 200_000;
        for (String input : List.of("[".repeat(deep), "{\"a\":".repeat(deep), "[".repeat(deep) + "]".repeat(deep), "- ".repeat(deep) + "x",
                "a: {".repeat(deep), "{\"format\":\"netchannel-relocation\",\"version\":1,\"x\":" + "[".repeat(deep) + "]".repeat(deep) + "}",
                "---\n" + "- [".repeat(deep))) {
            assertThat(refusal(input).defect()).isIn(Defect.MALFORMED, Defect.OVERSIZED);
        }
        // nesting the reader tolerates but the schema does not define is an unknown member, not a crash
        RelocationDocumentException unknown = refusal("{\"format\":\"netchannel-relocation\",\"version\":1,\"x\":" + "[".repeat(100)
                + "]".repeat(100) + "}");
        assertThat(unknown.defect()).isEqualTo(Defect.UNKNOWN_MEMBER);
        assertThat(unknown.path()).isEqualTo("$.x");
    }

    @Test
    @Timeout(60)
    @Requirement("RELOC-11")
    void required_RELOC11_hugeNumbersAreOutOfRangeAndFast() {
        String digits = "9".repeat(500_000);
        RelocationDocumentException counter = refusal(RelocationDocumentTest.LIMITED_TEXT.replace("\"TX_FRAMES\":3", "\"TX_FRAMES\":" + digits));
        assertThat(counter.defect()).isEqualTo(Defect.INVALID_VALUE);
        assertThat(counter.path()).isEqualTo("$.runtime.counters.TX_FRAMES");
        assertThat(counter.getMessage().length()).isLessThan(1000);
        RelocationDocumentException version = refusal(RelocationDocumentTest.LIMITED_TEXT.replace("\"version\":1", "\"version\":" + digits));
        assertThat(version.defect()).isEqualTo(Defect.NEWER_VERSION);
        assertThat(refusal(RelocationDocumentTest.LIMITED_TEXT.replace("\"version\":1", "\"version\":-" + digits)).defect()).isEqualTo(Defect.MALFORMED);
        assertThat(refusal(RelocationDocumentTest.LIMITED_TEXT.replace("\"TX_FRAMES\":3", "\"TX_FRAMES\":1e999999")).defect())
                .isEqualTo(Defect.INVALID_VALUE);
        assertThat(refusal(RelocationDocumentTest.LIMITED_TEXT.replace("\"TX_FRAMES\":3", "\"TX_FRAMES\":0." + digits)).defect())
                .isEqualTo(Defect.INVALID_VALUE);
        assertThat(refusal(YAML.replace("TX_FRAMES: 3", "TX_FRAMES: " + digits)).defect()).isEqualTo(Defect.INVALID_VALUE);
        assertThat(refusal(YAML.replace("TX_FRAMES: 3", "TX_FRAMES: 0x" + "f".repeat(100_000))).defect()).isEqualTo(Defect.INVALID_VALUE);
        // exactly 2^63 - 1 and 2^32 - 1 are in range, one more is not
        assertThat(outcome(RelocationDocumentTest.LIMITED_TEXT.replace("\"TX_FRAMES\":3", "\"TX_FRAMES\":9223372036854775807")
                .getBytes(StandardCharsets.UTF_8), "max")).isNotNull();
    }

    @Test
    @Timeout(60)
    @Requirement("RELOC-11")
    void required_RELOC11_yamlAliasesTagsAndOddKeysAreRefused() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                laughs.append(k > 0 ? "," : "").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        assertThat(refusal(laughs.toString()).defect()).isEqualTo(Defect.MALFORMED);
        assertThat(refusal(YAML.replace("txRing: 1", "txRing: &g 1").replace("rxRing: 2", "rxRing: *g")).detail()).contains("alias");
        assertThat(refusal("<<: {format: netchannel-relocation}\nversion: 1\n").defect()).isIn(Defect.NOT_A_RELOCATION_DOCUMENT, Defect.MALFORMED);
        for (String odd : List.of("format: !!binary aGVsbG8=\nversion: 1\n", "!!python/object:os.system {}\n", "? [a, b]\n: c\n",
                "1: x\n", "null: x\n", "~: x\n", "format: !custom netchannel-relocation\nversion: 1\n", "%YAML 9.9\n---\na: 1\n",
                "\uFEFF{\"format\":\"netchannel-relocation\"}", "{\"format\":\"netchannel-relocation\"}\u0000", "\"\\ud800\"",
                "{\"format\":\"\\ud800\",\"version\":1}", "format: 'netchannel-relocation'\nversion: 1\nhost: &h {}\nguest: *h\n")) {
            outcome(odd.getBytes(StandardCharsets.UTF_8), odd);
        }
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_aJsonTwinOfTheYamlReadsTheSame() {
        assertThat(RelocationDocument.read(YAML)).isEqualTo(RelocationDocumentTest.LIMITED);
        assertThat(RelocationDocument.normalise(YAML)).isEqualTo(RelocationDocumentTest.LIMITED_TEXT);
    }
}
