package io.netchannel.conformance.relocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.relocation.RelocationDocumentException.Defect;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The document's canonical form (spec 12, section 5.2, RELOC-10) against texts written by hand
 * from the spec, and the reader's refusals (section 5.3, RELOC-11), one per row of its table.
 */
class RelocationDocumentTest {

    /**
     * Worked example 1, a limited guest waiting for credit with an RX notification owed: members
     * sorted at every level, chapter 01's host and guest keys always, txRate and rxCoalescing
     * because they differ from their defaults, rx.rspProd and rxCompletions.decided as unsigned
     * 32-bit indices, a byte counter above 2^53 printed exactly. Written by hand from spec 12
     * section 5 and spec 05 section 5.3, not by running the writer.
     */
    static final String LIMITED_TEXT = "{\"format\":\"netchannel-relocation\","
            + "\"guest\":{\"multicast\":[\"01:00:5e:00:00:fb\"],\"promiscuous\":false,\"rxCoalescing\":{\"maxDelayNanos\":50000,\"maxFrames\":4}},"
            + "\"host\":{\"macs\":[\"02:00:00:00:00:01\"],\"promiscuousAllowed\":false,\"rxRing\":2,"
            + "\"txRate\":{\"burst\":131072,\"bytes\":20000,\"periodNanos\":20000000},\"txRing\":1},"
            + "\"runtime\":{\"counters\":{\"FATAL_ERRORS\":0,\"RX_BYTES\":0,\"RX_DROP_BAD_BUFFER\":0,\"RX_DROP_FAILED\":0,\"RX_DROP_FILTER\":0,"
            + "\"RX_DROP_NO_BUFFER\":0,\"RX_FRAMES\":0,\"TX_BYTES\":9007199254740993,\"TX_DROP_FILTER\":0,\"TX_DROP_SPOOF\":0,\"TX_DROP_VLAN\":0,"
            + "\"TX_ERRORS\":0,\"TX_FRAMES\":3,\"TX_RATE_LIMITED\":1},"
            + "\"credit\":{\"level\":2621440000000,\"resumeInNanos\":1500},\"filterHits\":[],"
            + "\"rx\":{\"rspProd\":4294967295,\"slots\":256},\"rxCompletions\":{\"ageNanos\":700,\"decided\":4294967290,\"pending\":2},"
            + "\"state\":\"ACTIVE\",\"tx\":{\"rspProd\":3,\"slots\":256},\"txCompletions\":{\"ageNanos\":0,\"decided\":3,\"pending\":0}},"
            + "\"version\":1}";

    static final RelocationState LIMITED = limited();

    /**
     * Worked example 2, a FAILED trunk context with filter rules and offloads: txRing 2^32 − 1, a
     * rule list in configured order with its match members sorted, {@code match: {}}, the default
     * written because it is drop, no credit because the rate is unlimited, a filter counter at
     * 2^63 − 1. Written by hand.
     */
    static final String FAILED_TEXT = "{\"format\":\"netchannel-relocation\","
            + "\"guest\":{\"allMulticast\":true,\"multicast\":[],\"offloads\":{\"lroFlushNanos\":200000,\"rxChecksum\":true},\"promiscuous\":true},"
            + "\"host\":{\"macs\":[],\"promiscuousAllowed\":true,\"rxRing\":7,\"txDefault\":\"drop\",\"txRing\":4294967295,"
            + "\"txRules\":[{\"action\":\"allow\",\"match\":{\"destinationPort\":\"53\",\"etherType\":\"0x0800\",\"protocol\":17,\"source\":\"10.0.0.0/8\"}},"
            + "{\"action\":\"drop\",\"match\":{}}],\"vlan\":{\"trunk\":[10,20]}},"
            + "\"runtime\":{\"counters\":{\"FATAL_ERRORS\":1,\"RX_BYTES\":0,\"RX_DROP_BAD_BUFFER\":0,\"RX_DROP_FAILED\":0,\"RX_DROP_FILTER\":0,"
            + "\"RX_DROP_NO_BUFFER\":0,\"RX_FRAMES\":0,\"TX_BYTES\":0,\"TX_DROP_FILTER\":0,\"TX_DROP_SPOOF\":0,\"TX_DROP_VLAN\":0,"
            + "\"TX_ERRORS\":0,\"TX_FRAMES\":0,\"TX_RATE_LIMITED\":0},\"filterHits\":[5,0,9223372036854775807],"
            + "\"rx\":{\"rspProd\":0,\"slots\":256},\"rxCompletions\":{\"ageNanos\":0,\"decided\":0,\"pending\":0},"
            + "\"state\":\"FAILED\",\"tx\":{\"rspProd\":0,\"slots\":256},\"txCompletions\":{\"ageNanos\":0,\"decided\":0,\"pending\":0}},"
            + "\"version\":1}";

    static final RelocationState FAILED = failed();

    private static RelocationState limited() {
        ContextConfig host = ContextConfig.builder().mac(MacAddress.parse("02:00:00:00:00:01")).txRingGref(1).rxRingGref(2)
                .txRate(TxRate.xen(20000, 20000)).build();
        GuestConfig guest = GuestConfig.builder().join(MacAddress.parse("01:00:5e:00:00:fb")).coalescing(Queue.RX, new Coalescing(4, 50_000)).build();
        Map<Counter, Long> counters = counters(Map.of(Counter.TX_FRAMES, 3L, Counter.TX_BYTES, (1L << 53) + 1, Counter.TX_RATE_LIMITED, 1L));
        RelocationState.Runtime runtime = new RelocationState.Runtime(ContextState.ACTIVE, RelocationState.Ring.at(3), RelocationState.Ring.at(-1),
                Optional.of(new RelocationState.Credit(131_072L * 20_000_000L, OptionalLong.of(1500))), RelocationState.Completions.settledAt(3),
                new RelocationState.Completions(-6, 2, 700), counters, List.of());
        return new RelocationState(host, guest, runtime);
    }

    /** Every context counter, 0 but for {@code values}. */
    static Map<Counter, Long> counters(Map<Counter, Long> values) {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, values.getOrDefault(counter, 0L));
        }
        return counters;
    }

    private static RelocationState failed() {
        ContextConfig host = ContextConfig.builder().txRingGref(-1).rxRingGref(7).promiscuousAllowed(true).vlan(new VlanPolicy.Trunk(List.of(10, 20)))
                .txRule(FilterRule.allow(FilterMatch.builder().etherType(0x0800).source(IpPrefix.parse("10.0.0.0/8")).protocol(17)
                        .destinationPort(PortRange.of(53)).build()))
                .txRule(FilterRule.drop(FilterMatch.ANY)).txDefault(FilterAction.DROP).build();
        GuestConfig guest = GuestConfig.builder().promiscuous(true).allMulticast(true).offloads(new Offloads(true, 200_000)).build();
        RelocationState.Runtime runtime = new RelocationState.Runtime(ContextState.FAILED, RelocationState.Ring.at(0), RelocationState.Ring.at(0),
                Optional.empty(), RelocationState.Completions.settledAt(0), RelocationState.Completions.settledAt(0),
                counters(Map.of(Counter.FATAL_ERRORS, 1L)), List.of(5L, 0L, Long.MAX_VALUE));
        return new RelocationState(host, guest, runtime);
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_workedExamplesAreCanonicalByteForByte() {
        assertThat(RelocationDocument.canonical(LIMITED)).isEqualTo(LIMITED_TEXT);
        assertThat(RelocationDocument.canonical(FAILED)).isEqualTo(FAILED_TEXT);
        assertThat(RelocationDocument.canonicalBytes(LIMITED)).isEqualTo(LIMITED_TEXT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_workedExamplesReadBackToTheirStates() {
        assertThat(RelocationDocument.read(LIMITED_TEXT)).isEqualTo(LIMITED);
        assertThat(RelocationDocument.read(FAILED_TEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(FAILED);
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_anyAcceptedSpellingNormalisesToTheOneCanonicalText() {
        String spaced = """
                {
                  "version": 1, "format": "netchannel-relocation",
                  "runtime": {"state": "FAILED", "tx": {"slots": 256, "rspProd": 0}, "rx": {"slots": 256, "rspProd": 0},
                              "txCompletions": {"pending": 0, "decided": 0, "ageNanos": 0},
                              "rxCompletions": {"pending": 0, "decided": 0, "ageNanos": 0},
                              "counters": {"FATAL_ERRORS": 1, "TX_FRAMES": 0, "TX_BYTES": 0, "TX_ERRORS": 0, "RX_FRAMES": 0, "RX_BYTES": 0,
                                           "RX_DROP_NO_BUFFER": 0, "RX_DROP_BAD_BUFFER": 0, "RX_DROP_FAILED": 0, "TX_DROP_SPOOF": 0,
                                           "TX_DROP_VLAN": 0, "TX_DROP_FILTER": 0, "RX_DROP_FILTER": 0, "TX_RATE_LIMITED": 0},
                              "filterHits": [5, 0, 9223372036854775807]},
                  "host": {"vlan": {"trunk": [10, 20]}, "txRing": 4294967295, "rxRing": 7, "promiscuousAllowed": true, "macs": [],
                           "txRules": [{"match": {"source": "10.0.0.0/8", "etherType": "0x0800", "protocol": 17, "destinationPort": "53"},
                                        "action": "allow"},
                                       {"action": "drop", "match": {}}],
                           "txDefault": "drop", "rxDefault": "allow", "rxRules": [], "txRate": {"bytes": 0, "periodNanos": 0, "burst": 0}},
                  "guest": {"promiscuous": true, "multicast": [], "allMulticast": true, "offloads": {"rxChecksum": true, "lroFlushNanos": 200000},
                            "txCoalescing": {"maxFrames": 0, "maxDelayNanos": 0}}
                }
                """;
        String yaml = """
                format: netchannel-relocation
                version: 1
                host:
                  macs: []
                  txRing: 4294967295
                  rxRing: 7
                  promiscuousAllowed: true
                  vlan:
                    trunk: [10, 20]
                  txRules:
                    - match: {etherType: "0x0800", source: "10.0.0.0/8", protocol: 17, destinationPort: "53"}
                      action: allow
                    - match: {}
                      action: drop
                  txDefault: drop
                guest:
                  promiscuous: true
                  multicast: []
                  allMulticast: true
                  offloads:
                    rxChecksum: true
                    lroFlushNanos: 200000
                runtime:
                  state: FAILED
                  tx: {rspProd: 0, slots: 256}
                  rx: {rspProd: 0, slots: 256}
                  txCompletions: {ageNanos: 0, decided: 0, pending: 0}
                  rxCompletions: {ageNanos: 0, decided: 0, pending: 0}
                  counters:
                    FATAL_ERRORS: 1
                    TX_FRAMES: 0
                    TX_BYTES: 0
                    TX_ERRORS: 0
                    RX_FRAMES: 0
                    RX_BYTES: 0
                    RX_DROP_NO_BUFFER: 0
                    RX_DROP_BAD_BUFFER: 0
                    RX_DROP_FAILED: 0
                    TX_DROP_SPOOF: 0
                    TX_DROP_VLAN: 0
                    TX_DROP_FILTER: 0
                    RX_DROP_FILTER: 0
                    TX_RATE_LIMITED: 0
                  filterHits: [5, 0, 9223372036854775807]
                """;
        assertThat(RelocationDocument.normalise(spaced)).isEqualTo(FAILED_TEXT);
        assertThat(RelocationDocument.normalise(yaml)).isEqualTo(FAILED_TEXT);
        assertThat(RelocationDocument.read(yaml)).isEqualTo(FAILED);
    }

    @Test
    @Requirement("RELOC-10")
    void required_RELOC10_membersSortByCodePointNotByUtf16() {
        // U+FF5E (one UTF-16 unit) sorts before U+1F600 (a surrogate pair starting 0xD83D) by code point, after it by String.compareTo
        assertThat(Canonical.byCodePoint("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(Canonical.text(new Node.Obj(Map.of("b", new Node.Str("\u0001\"\\\n"), "a", new Node.Null()))))
                .isEqualTo("{\"a\":null,\"b\":\"\\u0001\\\"\\\\\\n\"}");
    }

    @Test
    void aStateNoDocumentCanHoldIsACallerErrorNamingTheField() {
        RelocationState.Runtime partial = new RelocationState.Runtime(ContextState.ACTIVE, RelocationState.Ring.at(0), RelocationState.Ring.at(0),
                Optional.empty(), RelocationState.Completions.settledAt(0), RelocationState.Completions.settledAt(0),
                Map.of(Counter.TX_FRAMES, 1L), List.of());
        assertThatThrownBy(() -> RelocationDocument.canonical(new RelocationState(LIMITED.host(), LIMITED.guest(), partial)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks TX_BYTES");
        RelocationState.Runtime bad = new RelocationState.Runtime(ContextState.ACTIVE, RelocationState.Ring.at(0), RelocationState.Ring.at(0),
                Optional.empty(), RelocationState.Completions.settledAt(0), new RelocationState.Completions(0, -1, 0), counters(Map.of()), List.of());
        assertThatThrownBy(() -> RelocationDocument.canonical(new RelocationState(LIMITED.host(), LIMITED.guest(), bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rxCompletions.pending");
        RelocationState.Runtime absent = new RelocationState.Runtime(ContextState.ABSENT, RelocationState.Ring.at(0), RelocationState.Ring.at(0),
                Optional.empty(), RelocationState.Completions.settledAt(0), RelocationState.Completions.settledAt(0), counters(Map.of()), List.of());
        assertThatThrownBy(() -> RelocationDocument.canonical(new RelocationState(LIMITED.host(), LIMITED.guest(), absent)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ACTIVE or FAILED");
    }

    // ------------------------------------------------------------------ refusals, RELOC-11

    /**
     * One row per defect of spec 12's section 5.3 table (several per row where the row lists
     * several causes): {@code FIND} → {@code REPLACE} applied once to worked example 1 (a regular
     * expression), the defect, the path.
     */
    @ParameterizedTest(name = "[{index}] {2} at {3}")
    @Requirement("RELOC-11")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ^\\{                                  | [                                         | malformed                 | $
            \\}$                                  | ``                                        | malformed                 | $
            "tx":\\{"rspProd":3,"slots":256\\}    | "tx":{"rspProd":3,"slots":256,"slots":256} | malformed                | $.runtime.tx.slots
            "version":1                           | "version":1,"version":1                   | malformed                 | $.version
            "version":1                           | "version":0                               | malformed                 | $.version
            "version":1                           | "version":"1"                             | malformed                 | $.version
            "version":1                           | "version":1.5                             | malformed                 | $.version
            ,"version":1                          | ``                                        | malformed                 | $.version
            "format":"netchannel-relocation",     | ``                                        | not-a-relocation-document | $.format
            netchannel-relocation                 | netchannel-vectors                        | not-a-relocation-document | $.format
            "netchannel-relocation"               | 1                                         | not-a-relocation-document | $.format
            "version":1                           | "version":2                               | newer-version             | $.version
            "version":1                           | "version":100000000000000000000000000000000000000000000000000 | newer-version | $.version
            "version":1                           | "version":1,"comment":"x"                 | unknown-member            | $.comment
            "rx":\\{                              | "rx":{"tail":1,                           | unknown-member            | $.runtime.rx.tail
            "TX_FRAMES":3                         | "TX_FRAMES":3,"WIRE_RX_FRAMES":0          | unknown-member            | $.runtime.counters.WIRE_RX_FRAMES
            "txRing":1                            | "txRing":1,"ctx":4                        | unknown-member            | $.host.ctx
            "maxFrames":4                         | "maxFrames":4,"max frames":4              | unknown-member            | $.guest.rxCoalescing['max frames']
            "resumeInNanos":1500                  | "resumeInNanos":1500,"x":{"y":[1]}        | unknown-member            | $.runtime.credit.x
            "promiscuous":false                   | "promiscuous":false,"txRate":{"bytes":1,"periodNanos":1,"burst":65535} | privileged-in-guest | $.guest.txRate
            "promiscuous":false                   | "promiscuous":false,"macs":[]             | privileged-in-guest       | $.guest.macs
            "promiscuous":false                   | "promiscuous":false,"promiscuousAllowed":true | privileged-in-guest   | $.guest.promiscuousAllowed
            "promiscuous":false                   | "promiscuous":false,"rxRules":[]          | privileged-in-guest       | $.guest.rxRules
            "promiscuous":false,                  | ``                                        | invalid-value             | $.guest.promiscuous
            "promiscuous":false                   | "promiscuous":"false"                     | invalid-value             | $.guest.promiscuous
            "rspProd":4294967295                  | "rspProd":4294967296                      | invalid-value             | $.runtime.rx.rspProd
            "decided":4294967290                  | "decided":-1                              | invalid-value             | $.runtime.rxCompletions.decided
            "TX_BYTES":9007199254740993           | "TX_BYTES":9223372036854775808            | invalid-value             | $.runtime.counters.TX_BYTES
            "TX_BYTES":9007199254740993           | "TX_BYTES":-1                             | invalid-value             | $.runtime.counters.TX_BYTES
            "TX_BYTES":9007199254740993           | "TX_BYTES":9007199254740993.0             | invalid-value             | $.runtime.counters.TX_BYTES
            "TX_BYTES":9007199254740993           | "TX_BYTES":1e3                            | invalid-value             | $.runtime.counters.TX_BYTES
            "TX_BYTES":9007199254740993           | "TX_BYTES":null                           | invalid-value             | $.runtime.counters.TX_BYTES
            ,"TX_FRAMES":3                        | ``                                        | invalid-value             | $.runtime.counters.TX_FRAMES
            02:00:00:00:00:01                     | 02:00:00:00:00:0G                         | invalid-value             | $.host.macs[0]
            02:00:00:00:00:01                     | 02:00:00:00:00:AB                         | invalid-value             | $.host.macs[0]
            01:00:5e:00:00:fb                     | 01-00-5e-00-00-fb                         | invalid-value             | $.guest.multicast[0]
            "state":"ACTIVE"                      | "state":"ABSENT"                          | invalid-value             | $.runtime.state
            "filterHits":\\[\\]                   | "filterHits":[1,"2"]                      | invalid-value             | $.runtime.filterHits[1]
            "filterHits":\\[\\]                   | "filterHits":{}                           | invalid-value             | $.runtime.filterHits
            "burst":131072,                       | ``                                        | invalid-value             | $.host.txRate.burst
            "burst":131072                        | "burst":9223372036854775808               | invalid-value             | $.host.txRate.burst
            "maxFrames":4                         | "maxFrames":2147483648                    | invalid-value             | $.guest.rxCoalescing.maxFrames
            "txRing":1                            | "txRing":1,"vlan":{"access":1,"trunk":[]} | invalid-value             | $.host.vlan
            "txRing":1                            | "txRing":1,"vlan":{"access":4096}         | invalid-value             | $.host.vlan.access
            "txRing":1                            | "txRing":1,"txRules":[{"match":{"source":"10.0.0.1/8"},"action":"allow"}] | invalid-value | $.host.txRules[0].match.source
            "txRing":1                            | "txRing":1,"txRules":[{"match":{"sourcePort":"90-80"},"action":"allow"}] | invalid-value | $.host.txRules[0].match.sourcePort
            "txRing":1                            | "txRing":1,"rxRules":[{"match":{"destinationPort":"65536"},"action":"drop"}] | invalid-value | $.host.rxRules[0].match.destinationPort
            "txRing":1                            | "txRing":1,"txRules":[{"match":{"etherType":"0x86DD"},"action":"allow"}] | invalid-value | $.host.txRules[0].match.etherType
            "txRing":1                            | "txRing":1,"txRules":[{"match":{},"action":"deny"}] | invalid-value  | $.host.txRules[0].action
            "txRing":1                            | "txRing":1,"txRules":[{"action":"allow"}] | invalid-value             | $.host.txRules[0].match
            "txRing":1                            | "txRing":1,"txDefault":"DROP"             | invalid-value             | $.host.txDefault
            "runtime":\\{                         | "runtime":{"credit":{},                   | malformed                 | $.runtime.credit
            """)
    void required_RELOC11_eachDefectIsRefusedNamingItsPathAndRule(String find, String replace, String code, String path) {
        String document = replaceOnce(LIMITED_TEXT, find, replace);
        assertThatThrownBy(() -> RelocationDocument.read(document)).isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.path()).as(e.getMessage()).isEqualTo(path);
            assertThat(e.rule()).isEqualTo("RELOC-11");
            assertThat(e.getMessage()).startsWith("RELOC-11 " + code + " at " + path + ": ");
        });
    }

    private static String replaceOnce(String text, String find, String replace) {
        Matcher m = Pattern.compile(find).matcher(text);
        assertThat(m.find()).as("the pattern %s must occur in the example", find).isTrue();
        return text.substring(0, m.start()) + replace + text.substring(m.end());
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_aNewerVersionNamesBothVersions() {
        assertThatThrownBy(() -> RelocationDocument.read(LIMITED_TEXT.replace("\"version\":1", "\"version\":7")))
                .isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
                    assertThat(e.defect()).isEqualTo(Defect.NEWER_VERSION);
                    assertThat(e.detail()).contains("version 7").contains("version 1");
                });
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_anOversizedDocumentIsRefusedBeforeParsing() {
        byte[] big = new byte[RelocationDocument.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 0xFF); // not even UTF-8: the size is checked first
        assertThatThrownBy(() -> RelocationDocument.read(big)).isInstanceOfSatisfying(RelocationDocumentException.class,
                e -> assertThat(e.defect()).isEqualTo(Defect.OVERSIZED));
        // exactly the limit is allowed through to the parser: padding with spaces keeps it a valid document
        String padded = LIMITED_TEXT + " ".repeat(RelocationDocument.MAX_BYTES - LIMITED_TEXT.length());
        assertThat(RelocationDocument.read(padded.getBytes(StandardCharsets.UTF_8))).isEqualTo(LIMITED);
        assertThatThrownBy(() -> RelocationDocument.read(padded + " ")).isInstanceOfSatisfying(RelocationDocumentException.class,
                e -> assertThat(e.defect()).isEqualTo(Defect.OVERSIZED));
        // a string is measured in UTF-8 bytes: 2 bytes per é
        String wide = LIMITED_TEXT + "é".repeat(RelocationDocument.MAX_BYTES / 2);
        assertThatThrownBy(() -> RelocationDocument.read(wide)).isInstanceOfSatisfying(RelocationDocumentException.class,
                e -> assertThat(e.defect()).isEqualTo(Defect.OVERSIZED));
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_notUtf8AndNotAnObjectAreMalformed() {
        byte[] latin1 = LIMITED_TEXT.replace("\"promiscuous\":false", "\"promiscuous\":false,\"n\u00e9\":1").getBytes(StandardCharsets.ISO_8859_1);
        for (Object input : List.of(latin1, "", "   ", "[]", "42", "\"text\"", "null", "- a\n- b\n", "format: [", "\uD800")) {
            assertThatThrownBy(() -> {
                if (input instanceof byte[] bytes) {
                    RelocationDocument.read(bytes);
                } else {
                    RelocationDocument.read((String) input);
                }
            }).isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
                assertThat(e.defect()).as(e.getMessage()).isEqualTo(Defect.MALFORMED);
                assertThat(e.path()).isEqualTo("$");
            });
        }
    }

    @Test
    @Requirement("RELOC-11")
    void required_RELOC11_yamlDefectsAreRefusedAsTheirJsonTwins() {
        String yaml = "format: netchannel-relocation\nversion: 1\nhost: {}\nguest:\n  promiscuous: false\n  multicast: []\n  vlan: {access: 5}\nruntime: {}\n";
        assertThatThrownBy(() -> RelocationDocument.read(yaml)).isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
            assertThat(e.defect()).isEqualTo(Defect.PRIVILEGED_IN_GUEST);
            assertThat(e.path()).isEqualTo("$.guest.vlan");
        });
        String repeated = "format: netchannel-relocation\nversion: 1\nversion: 1\n";
        assertThatThrownBy(() -> RelocationDocument.read(repeated)).isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
            assertThat(e.defect()).isEqualTo(Defect.MALFORMED);
            assertThat(e.path()).isEqualTo("$.version");
        });
        String aliased = "format: &f netchannel-relocation\nversion: 1\nother: *f\n";
        assertThatThrownBy(() -> RelocationDocument.read(aliased)).isInstanceOfSatisfying(RelocationDocumentException.class, e -> {
            assertThat(e.defect()).isEqualTo(Defect.MALFORMED);
            assertThat(e.detail()).contains("alias");
        });
        String twoDocuments = "format: netchannel-relocation\nversion: 1\n---\nformat: x\n";
        assertThatThrownBy(() -> RelocationDocument.read(twoDocuments)).isInstanceOfSatisfying(RelocationDocumentException.class,
                e -> assertThat(e.defect()).isEqualTo(Defect.MALFORMED));
    }
}
