package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.mutants.CoreOnlyReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The RX filter rules of profile {@code l3l4-demux} in the vector format (spec 05, sections 5.3,
 * 6.1 and 6.3): {@code rxRules} and {@code rxDefault} take the form of {@code txRules} and
 * {@code txDefault}, left out at their defaults; RX_DROP_FILTER is a per-context drop counter; and
 * the bundle's RX filter vectors cite every rule of section 5a and run only where the profile is
 * claimed.
 */
class RxRulesFormatTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    /** A create with TX default drop, two RX rules and RX default drop, in the canonical text; then a frame its rule 0 drops. */
    private static final String STEPS = """
                  - control:
                      caller: "host"
                      request: "create"
                      ctx: 1
                      macs:
                        - "02:00:00:00:00:01"
                      txRing: 1
                      rxRing: 2
                      promiscuousAllowed: false
                      txDefault: "drop"
                      rxRules:
                        - match:
                            etherType: "0x0800"
                            protocol: 17
                            destinationPort: "53"
                          action: "drop"
                        - match: {}
                          action: "allow"
                      rxDefault: "drop"
                    expect:
                      outcome: "ok"
                      states:
                        - ctx: 1
                          state: "ACTIVE"
                  - wire:
                      port: 0
                      frame: "020000000001020000000099080045000030000000004011000000000000000000000000000000000035000000000000000000000000000000000000"
                    expect:
                      counters:
                        - ctx: -1
                          counter: "WIRE_RX_FRAMES"
                          delta: 1
                        - ctx: 1
                          counter: "RX_DROP_FILTER"
                          delta: 1
            """;

    @Test
    void rxRulesReadAndWriteBackByteForByteAsTheConfigurationTheyStandFor() {
        String text = PolicyFormatTest.file(STEPS);
        VectorFile read = VectorCodec.read("rx.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        Step.Control create = read.tests().get(0).steps().get(0).control();
        ContextConfig expected = ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).txDefault(FilterAction.DROP)
                .rxRule(FilterRule.drop(FilterMatch.builder().etherType(0x0800).protocol(17).destinationPort(PortRange.of(53)).build()))
                .rxRule(FilterRule.allow(FilterMatch.ANY)).rxDefault(FilterAction.DROP).build();
        ControlRequest request = Controls.request(create);
        assertThat(request).isEqualTo(new ControlRequest.CreateContext(1, expected));
        assertThat(Controls.of(Caller.HOST, request)).isEqualTo(create);
        assertThat(read.tests().get(0).steps().get(1).expect().counters()).extracting(Step.CounterDelta::counter)
                .containsExactly("WIRE_RX_FRAMES", "RX_DROP_FILTER");
    }

    @Test
    void withoutRxRulesNothingOfThemIsWritten() {
        ContextConfig plain = ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).build();
        Step.Control step = Controls.of(Caller.HOST, new ControlRequest.UpdateContext(0, plain));
        assertThat(step.rxRules()).isNull();
        assertThat(step.rxDefault()).isNull();
        assertThat(Controls.of(Caller.HOST, new ControlRequest.UpdateContext(0, plain.toBuilder().rxDefault(FilterAction.DROP).build())).rxDefault())
                .isEqualTo("drop");
    }

    @Test
    void aBadRxValueIsAFileErrorNamingItsOwnPath() {
        String good = PolicyFormatTest.file(STEPS);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("protocol: 17", "protocol: 256"))).isInstanceOf(VectorFileException.class)
                .hasMessageContaining("control.rxRules[0].match.protocol");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("destinationPort: \"53\"", "destinationPort: \"90-80\"")))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("control.rxRules[0].match.destinationPort");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("rxDefault: \"drop\"", "rxDefault: \"reject\"")))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("control.rxDefault");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", good.replace("RX_DROP_FILTER", "RX_DROP_FILTERS")))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("expect.counters[1].counter");
    }

    @Test
    void rxKeysBelongToCreateAndUpdateOnly() {
        String guest = PolicyFormatTest.file("""
                  - control:
                      caller: 1
                      request: "set-guest-config"
                      ctx: 1
                      promiscuous: false
                      rxDefault: "drop"
                    expect:
                      outcome: "ok"
                """.indent(4));
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", guest)).isInstanceOf(VectorFileException.class).hasMessageContaining("rxDefault");
        String mode = PolicyFormatTest.file("""
                  - control:
                      caller: "host"
                      request: "set-switch-mode"
                      mode: "veb"
                      rxRules: []
                    expect:
                      outcome: "ok"
                """.indent(4));
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", mode)).isInstanceOf(VectorFileException.class).hasMessageContaining("rxRules");
    }

    /** The model records: context 0 created with RX rule [0] drop UDP to port 53, then such a frame from the wire, dropped. */
    private static VectorFile recorded() {
        Harness harness = Harness.start(Providers.find("reference"));
        StepRecorder recorder = StepRecorder.attach(harness);
        io.netchannel.conformance.harness.GuestDriver guest = harness.guest(0);
        ContextConfig config = ContextConfig.builder().mac(MAC).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .rxRule(FilterRule.drop(FilterMatch.builder().protocol(17).destinationPort(PortRange.of(53)).build())).build();
        harness.control(Caller.HOST, new ControlRequest.CreateContext(0, config));
        harness.receive(0, io.netchannel.conformance.properties.FrameBytes.ether(MAC, MacAddress.parse("02:00:00:00:00:99"), 0x0800,
                io.netchannel.conformance.properties.FrameBytes.ipv4("203.0.113.5", "198.51.100.1", 17,
                        io.netchannel.conformance.properties.FrameBytes.udp(40000, 53, new byte[18]))));
        List<Step> steps = recorder.steps();
        assertThat(steps.get(steps.size() - 1).expect().counters()).contains(new Step.CounterDelta(0, "RX_DROP_FILTER", 1));
        VectorFile.Test test = new VectorFile.Test(1, "demux.scenarios.rx-demo", List.of("DEMUX-14"), "c", null, "invalid",
                new VectorFile.ErrorScope("packet", null), null, steps, null, null, null);
        VectorFile file = new VectorFile(VectorFile.SCHEMA, "0.1.0", "scenario", "demux", "rx-demo", "core", new VectorFile.Generator("t", "1"), 1, "h",
                Map.of(), List.of(new VectorFile.Group(null, List.of("core", "l3l4-demux"), null, List.of(test))));
        return VectorCodec.read("rx-demo.yaml", VectorCodec.write(file));
    }

    @Test
    void aGroupOfTheProfileIsSkippedOnADeviceWithoutItAndPassesOnTheModel() {
        VectorFile read = recorded();
        VectorFile.Group profiled = read.groups().get(0);
        VectorFile.Group core = new VectorFile.Group(profiled.comment(), List.of("core"), profiled.setup(), profiled.tests());
        VectorFile.Test test = read.tests().get(0);
        assertThat(VectorSelfCheck.scopeProblem(test)).isNull();
        assertThat(VectorRunner.run(Providers.find("reference"), "rx-demo.yaml", read, profiled, test).status()).isEqualTo(Verdict.Status.PASS);
        Verdict skipped = VectorRunner.run(new CoreOnlyReference(), "rx-demo.yaml", read, profiled, test);
        assertThat(skipped.status()).isEqualTo(Verdict.Status.SKIP);
        assertThat(skipped.detail()).contains("l3l4-demux");
        // were it not gated, a device without the profile would fail it: its create is refused NOT_SUPPORTED
        Verdict ungated = VectorRunner.run(new CoreOnlyReference(), "rx-demo.yaml", read, core, test);
        assertThat(ungated.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(ungated.detail()).contains("rejected");
    }

    @Test
    void theBundleCitesEveryRuleOfSection5aByValidAndInvalidVectorsAllOfTheProfile() {
        VectorBundle bundle = VectorBundle.read(Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
        Map<String, Set<String>> results = new java.util.TreeMap<>();
        for (VectorBundle.Located located : bundle.tests()) {
            boolean setsRxRules = located.group().setup() != null && located.group().setup().stream().anyMatch(RxRulesFormatTest::setsRx)
                    || located.test().steps() != null && located.test().steps().stream().anyMatch(RxRulesFormatTest::setsRx);
            if (setsRxRules) {
                assertThat(located.group().profiles()).as(located.test().id() + " sets RX rules").contains("l3l4-demux");
            }
            for (String req : located.test().reqs()) {
                results.computeIfAbsent(req, k -> new TreeSet<>()).add(located.test().result());
            }
        }
        for (String rule : List.of("DEMUX-14", "DEMUX-15", "DEMUX-16", "DEMUX-17")) {
            assertThat(results.get(rule)).as(rule + " is cited by valid and invalid vectors").contains("valid", "invalid");
        }
    }

    private static boolean setsRx(Step step) {
        return step.control() != null && (step.control().rxRules() != null || step.control().rxDefault() != null);
    }
}
