package io.netchannel.conformance.vectors;

import io.netchannel.conformance.DelegatingDevice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.RelocationState;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.relocation.RelocationDocument;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Chapter 12 in the vector format (spec 05, sections 4.4, 5.3.6 and 5.6): {@code export} and
 * {@code import} steps with their documents, the {@code exported} outcome compared by canonical
 * text, the {@code relocate} verb and its moves, the {@code document} kind of test, and the
 * reserved flag {@code RelocationNotOffered}; each checked to fail where it must, naming the
 * member or field.
 */
class RelocationFormatTest {

    private static final Path VECTORS = Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors");
    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");

    private static RelocationState fresh() {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        RelocationState.CONTEXT_COUNTERS.forEach(c -> counters.put(c, 0L));
        return new RelocationState(ContextConfig.builder().macs(List.of(A)).txRingGref(1).rxRingGref(2).build(), GuestConfig.DEFAULT,
                new RelocationState.Runtime(io.netchannel.api.ContextState.ACTIVE, RelocationState.Ring.at(0), RelocationState.Ring.at(0),
                        Optional.empty(), RelocationState.Completions.settledAt(0), RelocationState.Completions.settledAt(0), counters, List.of(0L)));
    }

    private static String importStep(String document) {
        return """
                - control:
                    caller: "host"
                    request: "import"
                    ctx: 0
                    document: %s
                  expect:
                    outcome: "rejected"
                    category: "BAD_RING"
                """.formatted(document).indent(6);
    }

    @Test
    void exportAndImportStepsStandForTheirRequestsBothWays() {
        RelocationState state = fresh();
        Step.Control imported = Controls.of(Caller.HOST, new ControlRequest.ImportContext(3, state));
        assertThat(imported.request()).isEqualTo("import");
        assertThat(imported.ctx()).isEqualTo(3);
        assertThat(Documents.json(imported.document())).isEqualTo(RelocationDocument.canonical(state));
        ControlRequest back = Controls.request(imported);
        assertThat(back).isInstanceOf(ControlRequest.ImportContext.class);
        assertThat(RelocationDocument.canonical(((ControlRequest.ImportContext) back).state())).isEqualTo(RelocationDocument.canonical(state));

        Step.Control exported = Controls.of(Caller.guest(1), new ControlRequest.ExportContext(-1));
        assertThat(exported).isEqualTo(Step.Control.relocation(1, "export", -1, null));
        assertThat(Controls.request(exported)).isEqualTo(new ControlRequest.ExportContext(-1));
    }

    @Test
    void anImportStepReadsAndWritesBackByteForByte() {
        RelocationState state = fresh();
        String text = VectorCodec.write(new VectorFile(VectorFile.SCHEMA, "0.1.0", "scenario", "privilege", "x", "core",
                new VectorFile.Generator("t", "1"), 1, "h", Map.of(), List.of(new VectorFile.Group(null, List.of("core"), null,
                        List.of(new VectorFile.Test(1, "privilege.scenarios.x", List.of("PRIV-1"), "c", null, "valid", null, null,
                                List.of(new Step(null, null, null, Controls.of(Caller.HOST, new ControlRequest.ImportContext(0, state)), null, null, null,
                                        null, null, new Step.Expect("ok", null, null, null, null, null, null))), null, null, null))))));
        assertThat(text).containsPattern("\\n( +)document:\\n\\1  format: \"netchannel-relocation\"\\n\\1  guest:\\n");
        VectorFile read = VectorCodec.read("import.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        ControlRequest request = Controls.request(read.tests().get(0).steps().get(0).control());
        assertThat(RelocationDocument.canonical(((ControlRequest.ImportContext) request).state())).isEqualTo(RelocationDocument.canonical(state));
    }

    @Test
    void anImportDocumentTheReaderRefusesIsAFileErrorNamingTheDefect() {
        String smuggled = RelocationDocument.canonical(fresh()).replace("\"promiscuous\":false}", "\"promiscuous\":false,\"txRate\":{\"bytes\":1,"
                + "\"periodNanos\":1,\"burst\":65535}}");
        assertThatThrownBy(() -> VectorCodec.read("smuggled.yaml", PolicyFormatTest.file(importStep(smuggled))))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("control.document").hasMessageContaining("privileged-in-guest")
                .hasMessageContaining("$.guest.txRate");
    }

    @Test
    void onlyAnImportHasADocumentAndAnImportNeedsOne() {
        String document = RelocationDocument.canonical(fresh());
        assertThatThrownBy(() -> VectorCodec.read("export.yaml", PolicyFormatTest.file(importStep(document).replace("\"import\"", "\"export\""))))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("document");
        assertThatThrownBy(() -> VectorCodec.read("import.yaml", PolicyFormatTest.file(importStep(document).replace("          document: " + document + "\n",
                "")))).isInstanceOf(VectorFileException.class).hasMessageContaining("document");
    }

    @Test
    void anExportedDocumentIsComparedByCanonicalTextAndADifferenceNamesTheMember() {
        JsonNode want = Documents.tree(fresh());
        JsonNode reordered = Documents.tree(fresh());
        assertThat(VectorRunner.difference(expectExported(want), expectExported(reordered))).isNull();
        ObjectNode changed = (ObjectNode) Documents.tree(fresh());
        ((ObjectNode) changed.get("runtime").get("counters")).put("TX_FRAMES", 7);
        assertThat(VectorRunner.difference(expectExported(want), expectExported(changed)))
                .contains("$.runtime.counters.TX_FRAMES: expected 0, observed 7");
    }

    private static Step.Expect expectExported(JsonNode document) {
        return VectorRunner.normal(new Step.Expect("exported", null, document, null, null, null, null, null, null, null));
    }

    @Test
    void aRelocateStepNeedsItsMovesAndAKnownTarget() {
        String relocate = ("""
                - relocate:
                    to: "%s"
                  expect:
                    moves:
                      - ctx: 0
                        export:
                          outcome: "rejected"
                          category: "NOT_SUPPORTED"
                """).indent(6);
        VectorFile read = VectorCodec.read("relocate.yaml", PolicyFormatTest.file(relocate.formatted("reference")));
        Step step = read.tests().get(0).steps().get(0);
        assertThat(step.relocate()).isEqualTo(new Step.Relocate("reference"));
        assertThat(step.expect().moves()).containsExactly(new Step.Move(0, new Step.Answer("rejected", "NOT_SUPPORTED", null), null));
        assertThat(VectorCodec.write(read)).isEqualTo(PolicyFormatTest.file(relocate.formatted("reference")));
        assertThatThrownBy(() -> VectorCodec.read("elsewhere.yaml", PolicyFormatTest.file(relocate.formatted("elsewhere"))))
                .isInstanceOf(VectorFileException.class);
        assertThatThrownBy(() -> VectorCodec.read("no-moves.yaml", PolicyFormatTest.file("""
                - relocate:
                    to: "device"
                """.indent(6)))).isInstanceOf(VectorFileException.class);
    }

    @Test
    void aDocumentTestChecksTheReaderNotTheDevice() {
        VectorBundle bundle = VectorBundle.read(VECTORS);
        VectorBundle.Located located = bundle.tests().stream().filter(t -> t.test().id().equals("relocation.document-reader.guest-tx-rate"))
                .findFirst().orElseThrow();
        VectorFile.Test test = located.test();
        assertThat(Documents.check(test)).isNull();
        VectorFile.Test wrongPath = new VectorFile.Test(test.tcId(), test.id(), test.reqs(), test.comment(), test.flags(), test.result(), test.error(),
                test.allows(), null, null, null, test.hex(), test.text(), test.padTo(), new VectorFile.Reading(null, "privileged-in-guest", "$.guest"));
        assertThat(Documents.check(wrongPath)).contains("$.guest.txRate");
        // the verdict is the reader's whatever the device: a device that throws on everything passes it
        assertThat(VectorRunner.run(throwing(), located.path(), located.file(), located.group(), test).status()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void aDeviceWhoseExportMisstatesACounterFailsNamingThePath() {
        VectorBundle bundle = VectorBundle.read(VECTORS);
        VectorBundle.Located located = bundle.tests().stream().filter(t -> t.test().id().equals("relocation.export.after-traffic"))
                .findFirst().orElseThrow();
        DeviceProvider model = Providers.find("reference");
        assertThat(VectorRunner.run(model, located.path(), located.file(), located.group(), located.test()).status()).isEqualTo(Verdict.Status.PASS);
        Verdict verdict = VectorRunner.run(misstating(model), located.path(), located.file(), located.group(), located.test());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.describe()).contains("$.runtime.counters.TX_BYTES");
    }

    @Test
    void relocationNotOfferedIsReservedAndSkipsOnADeviceThatClaimsRelocation() {
        VectorBundle bundle = VectorBundle.read(VECTORS);
        VectorBundle.Located located = bundle.tests().stream().filter(t -> t.test().id().equals("relocation.not-offered.export")).findFirst()
                .orElseThrow();
        assertThat(VectorRunner.notOffered(located.test())).containsExactly(Profile.RELOCATION);
        assertThat(VectorRunner.run(Providers.find("reference"), located.path(), located.file(), located.group(), located.test()).status())
                .isEqualTo(Verdict.Status.SKIP);
        assertThat(VectorRunner.run(ReferenceClaiming.without(Profile.RELOCATION), located.path(), located.file(), located.group(), located.test())
                .status()).isEqualTo(Verdict.Status.PASS);
    }

    /** The model, except that each export states TX_BYTES one too high: a mutant of RELOC-2. */
    private static DeviceProvider misstating(DeviceProvider model) {
        return DelegatingDevice.wrapping(model, "misstating", device -> new DelegatingDevice(device) {
            @Override
            public ControlResult control(Caller caller, ControlRequest request) {
                ControlResult result = super.control(caller, request);
                if (result instanceof ControlResult.Exported exported) {
                    RelocationState s = exported.state();
                    Map<Counter, Long> counters = new EnumMap<>(s.runtime().counters());
                    counters.merge(Counter.TX_BYTES, 1L, Long::sum);
                    RelocationState.Runtime r = s.runtime();
                    return new ControlResult.Exported(new RelocationState(s.host(), s.guest(), new RelocationState.Runtime(r.state(), r.tx(), r.rx(),
                            r.credit(), r.txCompletions(), r.rxCompletions(), counters, r.filterHits())));
                }
                return result;
            }
        });
    }

    /** A device that throws on every call. */
    private static DeviceProvider throwing() {
        return DelegatingDevice.wrapping(Providers.find("reference"), "throwing", device -> new DelegatingDevice(device) {
            @Override
            public ControlResult control(Caller caller, ControlRequest request) {
                throw new IllegalStateException("no");
            }
        });
    }
}
