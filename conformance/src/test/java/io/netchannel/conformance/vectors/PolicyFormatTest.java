package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.cli.NetchannelCli;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector format of chapters 06 and 07 (spec 05, sections 5.3, 6.1 and 6.2): VLAN policy, TX
 * filter rules, the default action and all-multicast in control steps; TX drop counters and
 * filter hits in expectations; notifications compared per context.
 */
class PolicyFormatTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    /** A control step of every new field, in the canonical text the codec writes. */
    private static final String CREATE = """
                  - control:
                      caller: "host"
                      request: "create"
                      ctx: 1
                      macs:
                        - "02:00:00:00:00:01"
                      txRing: 1
                      rxRing: 2
                      promiscuousAllowed: false
                      vlan:
                        access: 10
                      txRules:
                        - match:
                            etherType: "0x0800"
                            source: "10.0.0.0/8"
                            destination: "192.168.1.0/24"
                            protocol: 6
                            sourcePort: "1024-65535"
                            destinationPort: "80"
                          action: "allow"
                        - match:
                            destination: "2001:db8:0:0:0:0:0:0/32"
                          action: "drop"
                        - match: {}
                          action: "allow"
                      txDefault: "drop"
                    expect:
                      outcome: "ok"
                      states:
                        - ctx: 1
                          state: "ACTIVE"
            """;

    private static final String TRUNK_AND_GUEST = """
                  - control:
                      caller: "host"
                      request: "update"
                      ctx: 1
                      macs:
                        - "02:00:00:00:00:01"
                      txRing: 1
                      rxRing: 2
                      promiscuousAllowed: true
                      vlan:
                        trunk:
                          - 10
                          - 20
                    expect:
                      outcome: "ok"
                  - control:
                      caller: 1
                      request: "set-guest-config"
                      ctx: 1
                      promiscuous: false
                      multicast:
                        - "01:00:5e:00:00:01"
                      allMulticast: true
                    expect:
                      outcome: "ok"
                  - kick:
                      ctx: 1
                      queue: "TX"
                    expect:
                      notify:
                        - ctx: 1
                          queue: "TX"
                      counters:
                        - ctx: 1
                          counter: "TX_DROP_SPOOF"
                          delta: 1
                        - ctx: 1
                          counter: "TX_DROP_VLAN"
                          delta: 1
                        - ctx: 1
                          counter: "TX_DROP_FILTER"
                          delta: 1
                      filterHits:
                        - ctx: 1
                          rule: 0
                          delta: 1
                        - ctx: 1
                          rule: 3
                          delta: -2
            """;

    static String file(String steps) {
        return """
                schema: "netchannel-vectors/v1"
                specVersion: "0.1.0"
                kind: "scenario"
                chapter: "privilege"
                group: "policy-demo"
                preset: "core"
                generator:
                  name: "t"
                  version: "1"
                numberOfTests: 1
                header: "h"
                notes: {}
                groups:
                  - profiles:
                      - "core"
                    tests:
                      - tcId: 1
                        id: "privilege.scenarios.policy-demo"
                        reqs:
                          - "PRIV-1"
                        comment: "c"
                        result: "valid"
                        steps:
                """ + steps.indent(4);
    }

    // ------------------------------------------------------------------ round trip

    @Test
    void everyNewFieldReadsAndWritesBackByteForByte() {
        String text = file(CREATE + TRUNK_AND_GUEST);
        VectorFile read = VectorCodec.read("policy.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        assertThat(VectorCodec.read("again.yaml", VectorCodec.write(read))).isEqualTo(read);

        List<Step> steps = read.tests().get(0).steps();
        Step.Control create = steps.get(0).control();
        assertThat(create.vlan()).isEqualTo(new Step.Vlan(10, null));
        assertThat(create.txRules()).hasSize(3);
        assertThat(create.txRules().get(2).match()).isEqualTo(new Step.Match(null, null, null, null, null, null));
        assertThat(create.txDefault()).isEqualTo("drop");
        assertThat(steps.get(1).control().vlan()).isEqualTo(new Step.Vlan(null, List.of(10, 20)));
        assertThat(steps.get(2).control().allMulticast()).isTrue();
        assertThat(steps.get(3).expect().filterHits()).containsExactly(new Step.FilterHit(1, 0, 1), new Step.FilterHit(1, 3, -2));
        assertThat(steps.get(3).expect().counters()).extracting(Step.CounterDelta::counter)
                .containsExactly("TX_DROP_SPOOF", "TX_DROP_VLAN", "TX_DROP_FILTER");
    }

    @Test
    void theStepsReadAsTheContractsConfigurationsAndWriteBackFromThem() {
        VectorFile read = VectorCodec.read("policy.yaml", file(CREATE + TRUNK_AND_GUEST));
        List<Step> steps = read.tests().get(0).steps();

        ControlRequest create = Controls.request(steps.get(0).control());
        ContextConfig expected = ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).vlan(new VlanPolicy.Access(10))
                .txRule(FilterRule.allow(FilterMatch.builder().etherType(0x0800).source(IpPrefix.parse("10.0.0.0/8"))
                        .destination(IpPrefix.parse("192.168.1.0/24")).protocol(6).sourcePort(new PortRange(1024, 65535))
                        .destinationPort(PortRange.of(80)).build()))
                .txRule(FilterRule.drop(FilterMatch.builder().destination(IpPrefix.parse("2001:db8::/32")).build()))
                .txRule(FilterRule.allow(FilterMatch.ANY))
                .txDefault(FilterAction.DROP).build();
        assertThat(create).isEqualTo(new ControlRequest.CreateContext(1, expected));
        assertThat(Controls.request(steps.get(1).control()))
                .isEqualTo(new ControlRequest.UpdateContext(1, ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).promiscuousAllowed(true)
                        .vlan(new VlanPolicy.Trunk(List.of(10, 20))).build()));
        assertThat(Controls.request(steps.get(2).control()))
                .isEqualTo(new ControlRequest.SetGuestConfig(1, new GuestConfig(false, List.of(GROUP), true)));

        // and back: the recorder's form of each request is the step it came from
        assertThat(Controls.of(Caller.HOST, create)).isEqualTo(steps.get(0).control());
        assertThat(Controls.of(Caller.HOST, Controls.request(steps.get(1).control()))).isEqualTo(steps.get(1).control());
        assertThat(Controls.of(Caller.guest(1), Controls.request(steps.get(2).control()))).isEqualTo(steps.get(2).control());
    }

    @Test
    void defaultsAreLeftOutSoChapter01VectorsReadAsBefore() {
        ContextConfig plain = ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).build();
        Step.Control create = Controls.of(Caller.HOST, new ControlRequest.CreateContext(0, plain));
        assertThat(create).isEqualTo(new Step.Control("host", "create", 0, List.of(MAC.toString()), 1L, 2L, false, null, null));
        Step.Control guest = Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT));
        assertThat(guest).isEqualTo(new Step.Control(0, "set-guest-config", 0, null, null, null, null, false, List.of()));
        String text = VectorCodec.write(VectorCodec.read("plain.yaml", file("""
                - control:
                    caller: "host"
                    request: "create"
                    ctx: 0
                    macs:
                      - "02:00:00:00:00:01"
                    txRing: 1
                    rxRing: 2
                    promiscuousAllowed: false
                  expect:
                    outcome: "ok"
                """.indent(6))));
        assertThat(text).doesNotContain("vlan", "txRules", "txDefault", "rxRules", "rxDefault", "allMulticast", "filterHits");
        assertThat(Controls.request(VectorCodec.read("plain.yaml", text).tests().get(0).steps().get(0).control()))
                .isEqualTo(new ControlRequest.CreateContext(0, plain));
        // a trunk with no VID and one with a repeated VID stay expressible: DEMUX-13 tests need them
        assertThat(Controls.vlan(new Step.Vlan(null, List.of()))).isEqualTo(new VlanPolicy.Trunk(List.of()));
        assertThat(Controls.vlan(new Step.Vlan(null, List.of(7, 7)))).isEqualTo(new VlanPolicy.Trunk(List.of(7, 7)));
        assertThat(Controls.vlan(new Step.Vlan(0, null))).isEqualTo(new VlanPolicy.Access(0));
    }

    // ------------------------------------------------------------------ rejection

    /** {@code from}, {@code to} with {@code \\n} for a line break and {@code ~N} for N spaces of indent; the step; the field path. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "access: 10|access: 4096|1|control.vlan.access",
        "access: 10|access: -1|1|control.vlan.access",
        "- 20|- 5000|2|control.vlan.trunk[1]",
        "vlan:\\n~12access: 10|vlan: {}|1|control.vlan",
        "access: 10|access: 10\\n~12trunk: [10]|1|control.vlan",
        "etherType: \"0x0800\"|etherType: \"0x800\"|1|control.txRules[0].match.etherType",
        "etherType: \"0x0800\"|etherType: \"2048\"|1|control.txRules[0].match.etherType",
        "source: \"10.0.0.0/8\"|source: \"10.0.0/8\"|1|control.txRules[0].match.source",
        "source: \"10.0.0.0/8\"|source: \"10.0.0.1/8\"|1|control.txRules[0].match.source",
        "source: \"10.0.0.0/8\"|source: \"10.0.0.0/33\"|1|control.txRules[0].match.source",
        "source: \"10.0.0.0/8\"|source: \"10.0.0.0\"|1|control.txRules[0].match.source",
        "destination: \"2001:db8:0:0:0:0:0:0/32\"|destination: \"2001:db8::1::/32\"|1|control.txRules[1].match.destination",
        "protocol: 6|protocol: 256|1|control.txRules[0].match.protocol",
        "sourcePort: \"1024-65535\"|sourcePort: \"1024-65536\"|1|control.txRules[0].match.sourcePort",
        "destinationPort: \"80\"|destinationPort: \"90-80\"|1|control.txRules[0].match.destinationPort",
        "destinationPort: \"80\"|destinationPort: \"http\"|1|control.txRules[0].match.destinationPort",
        "destinationPort: \"80\"|destinationPort: \"70000\"|1|control.txRules[0].match.destinationPort",
        "action: \"allow\"|action: \"deny\"|1|control.txRules[0].action",
        "action: \"allow\"|action: \"ALLOW\"|1|control.txRules[0].action",
        "protocol: 6|protocol: 6\\n~16ttl: 64|1|control.txRules[0].match",
        "txDefault: \"drop\"|txDefault: \"reject\"|1|control.txDefault",
        "txDefault: \"drop\"|txDefault: \"drop\"\\n~10allMulticast: true|1|control",
        "allMulticast: true|allMulticast: true\\n~10vlan:\\n~12access: 3|3|control",
        "promiscuous: false|promiscuous: false\\n~10txDefault: \"drop\"|3|control",
        "delta: -2|delta: 0|4|expect.filterHits[1].delta",
        "rule: 0|rule: -1|4|expect.filterHits[0].rule",
        "TX_DROP_VLAN|TX_DROP_VLANS|4|expect.counters[1].counter",
        "- ctx: 1\\n~14counter: \"TX_DROP_SPOOF\"|- ctx: -1\\n~14counter: \"TX_DROP_SPOOF\"|4|expect.counters[0].ctx",
    })
    void aBadValueIsAFileErrorNamingTheFileTheTestAndTheField(String from, String to, int step, String field) {
        String good = file(CREATE + TRUNK_AND_GUEST);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(unescape(from, 4)), java.util.regex.Matcher.quoteReplacement(unescape(to, 4)));
        assertThat(bad).as("the replacement applies").isNotEqualTo(good);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", bad)).isInstanceOf(VectorFileException.class)
                .hasMessageStartingWith("bad.yaml:")
                .hasMessageContaining("test privilege.scenarios.policy-demo (tcId 1), step " + step + ": ")
                .hasMessageContaining(field);
    }

    /** {@code \\n} as a line break and {@code ~N} as N + {@code shift} spaces (the steps sit {@code shift} deeper in the file). */
    private static String unescape(String text, int shift) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("~(\\d+)").matcher(text.replace("\\n", "\n"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, " ".repeat(Integer.parseInt(m.group(1)) + shift));
        }
        return m.appendTail(out).toString();
    }

    @Test
    void theCliExitsWith4OnABadValue(@TempDir Path dir) throws Exception {
        VectorFile good = VectorCodec.read("policy.yaml", file(CREATE + TRUNK_AND_GUEST));
        VectorBundle.write(dir, List.of(new VectorBundle.Entry("privilege/scenarios/policy-demo.yaml", good)));
        assertThat(run("vectors", "list", "--dir", dir.toString()).code()).isZero();
        Path file = dir.resolve("privilege/scenarios/policy-demo.yaml");
        Files.writeString(file, Files.readString(file).replace("destinationPort: \"80\"", "destinationPort: \"65536\""));
        Result result = run("vectors", "list", "--dir", dir.toString());
        assertThat(result.code()).isEqualTo(NetchannelCli.BAD_VECTOR);
        assertThat(result.printed()).contains("policy-demo.yaml:").contains("privilege.scenarios.policy-demo")
                .contains("control.txRules[0].match.destinationPort");
    }

    private record Result(int code, String printed) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        int code = new picocli.CommandLine(new NetchannelCli()).setOut(writer).setErr(writer).execute(args);
        writer.flush();
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ comparison

    private static Step.Expect notifying(Step.Notify... notifications) {
        return new Step.Expect(null, null, null, List.of(notifications), null, null, null);
    }

    @Test
    void notificationsAreComparedPerContextInOrderWithinEach() {
        Step.Expect recorded = notifying(new Step.Notify(0, "RX"), new Step.Notify(2, "RX"), new Step.Notify(0, "TX"));
        Step.Expect otherInterleaving = notifying(new Step.Notify(2, "RX"), new Step.Notify(0, "RX"), new Step.Notify(0, "TX"));
        Step.Expect reorderedWithin = notifying(new Step.Notify(0, "TX"), new Step.Notify(2, "RX"), new Step.Notify(0, "RX"));
        Step.Expect missing = notifying(new Step.Notify(0, "RX"), new Step.Notify(0, "TX"));
        assertThat(VectorRunner.difference(VectorRunner.normal(recorded), VectorRunner.normal(otherInterleaving))).isNull();
        assertThat(VectorRunner.difference(VectorRunner.normal(recorded), VectorRunner.normal(reorderedWithin)))
                .isEqualTo("notify of ctx 0: expected [RX, TX], observed [TX, RX]");
        assertThat(VectorRunner.difference(VectorRunner.normal(recorded), VectorRunner.normal(missing)))
                .isEqualTo("notify of ctx 2: expected [RX], observed nothing");
    }

    @Test
    void countersAndFilterHitsAreComparedAsSets() {
        Step.Expect a = new Step.Expect(null, null, null, null,
                List.of(new Step.CounterDelta(0, "TX_DROP_FILTER", 1), new Step.CounterDelta(1, "RX_FRAMES", 1)),
                List.of(new Step.FilterHit(0, 0, 1), new Step.FilterHit(1, 2, 1)), null, null);
        Step.Expect b = new Step.Expect(null, null, null, null,
                List.of(new Step.CounterDelta(1, "RX_FRAMES", 1), new Step.CounterDelta(0, "TX_DROP_FILTER", 1)),
                List.of(new Step.FilterHit(1, 2, 1), new Step.FilterHit(0, 0, 1)), null, null);
        assertThat(VectorRunner.difference(VectorRunner.normal(a), VectorRunner.normal(b))).isNull();
        Step.Expect c = new Step.Expect(null, null, null, null, a.counters(), List.of(new Step.FilterHit(0, 1, 1), new Step.FilterHit(1, 2, 1)), null, null);
        assertThat(VectorRunner.difference(VectorRunner.normal(a), VectorRunner.normal(c))).startsWith("filterHits: expected");
    }

    @Test
    void observationsCompareNotificationsPerContextAndFilterHitsWhenBothSawThem() {
        RecordingSink.Notification rx0 = new RecordingSink.Notification(0, Queue.RX);
        RecordingSink.Notification rx1 = new RecordingSink.Notification(1, Queue.RX);
        RecordingSink.Notification tx0 = new RecordingSink.Notification(0, Queue.TX);
        Map<Integer, Map<Integer, Long>> hits = Map.of(0, Map.of(1, 3L));
        Observation recorded = observation(List.of(rx0, rx1, tx0), hits);
        assertThat(recorded.diff(observation(List.of(rx1, rx0, tx0), hits))).isEmpty();
        assertThat(recorded.diff(observation(List.of(tx0, rx1, rx0), hits))).singleElement().asString()
                .startsWith("notification of context 0 #1: expected RX, observed TX");
        assertThat(recorded.diff(observation(List.of(rx0, rx1, tx0), Map.of(0, Map.of(1, 2L))))).singleElement().asString()
                .isEqualTo("filter hits of context 0 rule 1: expected 3, observed 2");
        assertThat(recorded.diff(observation(List.of(rx0, rx1, tx0), null))).as("not observed on one side").isEmpty();
    }

    private static Observation observation(List<RecordingSink.Notification> notifications, Map<Integer, Map<Integer, Long>> hits) {
        return new Observation(List.of(), notifications, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), hits);
    }

    // ------------------------------------------------------------------ recording and replay

    /**
     * Context 0 filters (a DROP rule for IPv4, default allow); context 1 does not. An IPv4 frame
     * is dropped by rule 0, another frame allowed by the default (index 1), an update without rules
     * sets the hits back to 0 and ends the filtering, after which context 0's frames count no hits.
     */
    private static List<Step> recordFilteredTraffic(DeviceProvider provider) {
        Harness harness = Harness.start(provider);
        StepRecorder recorder = StepRecorder.attach(harness);
        GuestDriver guest = harness.guest(0);
        ContextConfig filtering = ContextConfig.builder().mac(MAC).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .txRule(FilterRule.drop(FilterMatch.builder().etherType(0x0800).build())).build();
        harness.control(Caller.HOST, new ControlRequest.CreateContext(0, filtering));
        int page = harness.grantPage(0, Access.READ_ONLY);
        send(harness, guest, page, 0x0800, 1);
        send(harness, guest, page, 0x88b5, 2);
        harness.control(Caller.HOST, new ControlRequest.UpdateContext(0, filtering.toBuilder().txRules(List.of()).build()));
        send(harness, guest, page, 0x88b5, 3);
        return recorder.steps();
    }

    private static void send(Harness harness, GuestDriver guest, int page, int etherType, int id) {
        byte[] bytes = harness.memory().page(page);
        java.util.Arrays.fill(bytes, 0, 60, (byte) 0);
        MacAddress.parse("02:00:00:00:00:09").write(bytes, 0);
        MAC.write(bytes, 6);
        bytes[12] = (byte) (etherType >>> 8);
        bytes[13] = (byte) etherType;
        guest.send(List.of(new TxSlot.Data(page, 0, 0, id, 60)));
    }

    private static List<Step> calls(List<Step> steps) {
        return steps.stream().filter(Step::isCall).toList();
    }

    @Test
    void theRecorderListsFilterHitsOfFilteringContextsAndDropCounters() {
        List<Step> calls = calls(recordFilteredTraffic(Providers.find("reference")));
        assertThat(calls).hasSize(5);
        assertThat(calls.get(0).control().txRules()).hasSize(1);
        Step.Expect dropped = calls.get(1).expect();
        assertThat(dropped.frames()).isEmpty();
        assertThat(dropped.counters()).contains(new Step.CounterDelta(0, "TX_DROP_FILTER", 1));
        assertThat(dropped.filterHits()).containsExactly(new Step.FilterHit(0, 0, 1));
        Step.Expect allowed = calls.get(2).expect();
        assertThat(allowed.frames()).hasSize(1);
        assertThat(allowed.filterHits()).containsExactly(new Step.FilterHit(0, 1, 1));
        assertThat(calls.get(3).expect().filterHits()).as("an update that changes the rules sets the hits back to 0 (TXF-8)")
                .containsExactly(new Step.FilterHit(0, 0, -1), new Step.FilterHit(0, 1, -1));
        assertThat(calls.get(4).expect().frames()).hasSize(1);
        assertThat(calls.get(4).expect().filterHits()).as("context 0 no longer filters").isEmpty();
    }

    @Test
    void aRecordingReplaysOnTheModelAndCatchesADeviceThatMiscountsFilterHits() {
        List<Step> steps = recordFilteredTraffic(Providers.find("reference"));
        VectorFile.Test test = new VectorFile.Test(1, "privilege.scenarios.policy-demo", List.of("TXF-8"), "c", null, "valid", null, null, steps,
                null, null, null);
        VectorFile file = new VectorFile(VectorFile.SCHEMA, "0.1.0", "scenario", "privilege", "policy-demo", "core",
                new VectorFile.Generator("t", "1"), 1, "h", Map.of(), List.of(new VectorFile.Group(null, List.of("core"), null, List.of(test))));
        String text = VectorCodec.write(file);
        assertThat(text).contains("filterHits:", "rule: 0", "delta: -1", "counter: \"TX_DROP_FILTER\"", "etherType: \"0x0800\"");
        VectorFile read = VectorCodec.read("recorded.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        VectorFile.Group group = read.groups().get(0);
        DeviceProvider model = Providers.find("reference");
        assertThat(VectorRunner.run(model, "p.yaml", read, group, read.tests().get(0)).status()).isEqualTo(Verdict.Status.PASS);

        Verdict miscounting = VectorRunner.run(countingAtTheWrongIndex(model), "p.yaml", read, group, read.tests().get(0));
        assertThat(miscounting.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(miscounting.detail()).contains("filterHits: expected [FilterHit[ctx=0, rule=0, delta=1]], observed [FilterHit[ctx=0, rule=2, delta=1]]");
    }

    /** The model, but rule 0's filter hits reported at index 2 (and index 0 always 0). */
    private static DeviceProvider countingAtTheWrongIndex(DeviceProvider model) {
        return new DeviceProvider() {
            @Override
            public String name() {
                return "shifted-hits";
            }

            @Override
            public String identity() {
                return "test";
            }

            @Override
            public Set<Profile> profiles() {
                return model.profiles();
            }

            @Override
            public DeviceLimits limits() {
                return model.limits();
            }

            @Override
            public NetchannelDevice create(DeviceEnvironment environment) {
                NetchannelDevice device = model.create(environment);
                return (NetchannelDevice) java.lang.reflect.Proxy.newProxyInstance(NetchannelDevice.class.getClassLoader(),
                        new Class<?>[] {NetchannelDevice.class}, (proxy, method, args) -> {
                            if (method.getName().equals("filterHits")) {
                                int rule = (int) args[1];
                                return rule == 2 ? device.filterHits((int) args[0], 0) : rule == 0 ? 0L : device.filterHits((int) args[0], rule);
                            }
                            try {
                                return method.invoke(device, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }

    @Test
    void theSchemaNamesEveryCounterInDeclarationOrder() throws Exception {
        try (var in = VectorCodec.class.getResourceAsStream(VectorCodec.SCHEMA_RESOURCE)) {
            var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            List<String> named = new java.util.ArrayList<>();
            schema.at("/$defs/counter/enum").forEach(n -> named.add(n.asText()));
            assertThat(named).containsExactly(java.util.Arrays.stream(io.netchannel.api.Counter.values()).map(Enum::name).toArray(String[]::new));
        }
    }

    @Test
    void controlStepsDescribeTheirPolicy() {
        VectorFile read = VectorCodec.read("policy.yaml", file(CREATE + TRUNK_AND_GUEST));
        List<Step> steps = read.tests().get(0).steps();
        assertThat(steps.get(0).describe()).isEqualTo("host create ctx 1 (vlan access 10, 3 TX rule(s), default drop)");
        assertThat(steps.get(1).describe()).isEqualTo("host update ctx 1 (vlan trunk [10, 20])");
        assertThat(steps.get(2).describe()).isEqualTo("1 set-guest-config ctx 1 (all-multicast)");
    }
}
