package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.TxRate;
import io.netchannel.conformance.harness.Providers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The keys of chapters 09 and 10 in the vector format (spec 05, sections 5.3.3, 5.3.4 and 3.1):
 * {@code txRate} on create and update, {@code txCoalescing} and {@code rxCoalescing} on
 * set-guest-config, each left out at its default; the per-context counter TX_RATE_LIMITED; the
 * chapters {@code qos} and {@code coalescing}; values outside the device's ranges well formed,
 * wrong types, missing fields, unknown keys and keys on the wrong request file errors naming
 * their path; and the reserved flags {@code QosNotOffered} and {@code CoalescingNotOffered}.
 */
class QosCoalescingFormatTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    /** A create with a TX rate limit, an update to another, a guest's coalescing of both queues, and a kick whose packet is held. */
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
                      txRate:
                        bytes: 20000
                        periodNanos: 20000000
                        burst: 131072
                    expect:
                      outcome: "ok"
                      states:
                        - ctx: 1
                          state: "ACTIVE"
                  - control:
                      caller: "host"
                      request: "update"
                      ctx: 1
                      macs:
                        - "02:00:00:00:00:01"
                      txRing: 1
                      rxRing: 2
                      promiscuousAllowed: false
                      txDefault: "drop"
                      txRate:
                        bytes: 0
                        periodNanos: 4294967296
                        burst: -1
                    expect:
                      outcome: "rejected"
                      category: "INVALID_CONFIG"
                  - control:
                      caller: 1
                      request: "set-guest-config"
                      ctx: 1
                      promiscuous: false
                      multicast:
                        - "01:00:5e:00:00:01"
                      txCoalescing:
                        maxFrames: 4
                        maxDelayNanos: 50000
                      rxCoalescing:
                        maxFrames: 65536
                        maxDelayNanos: 1000000001
                    expect:
                      outcome: "rejected"
                      category: "INVALID_CONFIG"
                  - kick:
                      ctx: 1
                      queue: "TX"
                    expect:
                      counters:
                        - ctx: 1
                          counter: "TX_RATE_LIMITED"
                          delta: 1
            """;

    private static String file() {
        return PolicyFormatTest.file(STEPS);
    }

    @Test
    void theNewKeysReadAndWriteBackByteForByte() {
        String text = file();
        VectorFile read = VectorCodec.read("qos.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        List<Step> steps = read.tests().get(0).steps();
        assertThat(steps.get(0).control().txRate()).isEqualTo(new Step.Rate(20_000L, 20_000_000L, 131_072L));
        assertThat(steps.get(2).control().txCoalescing()).isEqualTo(new Step.Coalesce(4L, 50_000L));
        assertThat(steps.get(3).expect().counters()).containsExactly(new Step.CounterDelta(1, "TX_RATE_LIMITED", 1));
    }

    @Test
    void theStepsReadAsTheContractsConfigurationsAndWriteBackFromThem() {
        List<Step> steps = VectorCodec.read("qos.yaml", file()).tests().get(0).steps();
        ControlRequest create = Controls.request(steps.get(0).control());
        assertThat(create).isEqualTo(new ControlRequest.CreateContext(1, ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2)
                .txRate(TxRate.xen(20_000, 20_000)).build()));
        ControlRequest update = Controls.request(steps.get(1).control());
        assertThat(((ControlRequest.UpdateContext) update).config().txRate()).as("a limit outside the ranges is still a request (QOS-2)")
                .isEqualTo(new TxRate(0, 1L << 32, -1));
        ControlRequest guest = Controls.request(steps.get(2).control());
        assertThat(guest).isEqualTo(new ControlRequest.SetGuestConfig(1, GuestConfig.builder().join(MacAddress.parse("01:00:5e:00:00:01"))
                .coalescing(Queue.TX, new Coalescing(4, 50_000)).coalescing(Queue.RX, new Coalescing(65_536, 1_000_000_001L)).build()));

        assertThat(Controls.of(Caller.HOST, create)).isEqualTo(steps.get(0).control());
        assertThat(Controls.of(Caller.HOST, update)).isEqualTo(steps.get(1).control());
        assertThat(Controls.of(Caller.guest(1), guest)).isEqualTo(steps.get(2).control());
    }

    @Test
    void defaultsAreLeftOutAndEveryOtherValueIsWritten() {
        ContextConfig plain = ContextConfig.builder().mac(MAC).txRingGref(1).rxRingGref(2).build();
        assertThat(Controls.of(Caller.HOST, new ControlRequest.CreateContext(0, plain)).txRate()).as("UNLIMITED is left out").isNull();
        assertThat(Controls.of(Caller.HOST, new ControlRequest.UpdateContext(0, plain.toBuilder().txRate(new TxRate(0, 0, 65_535)).build())).txRate())
                .as("a limit with zeros that is not UNLIMITED is written").isEqualTo(new Step.Rate(0L, 0L, 65_535L));
        Step.Control guest = Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT));
        assertThat(guest.txCoalescing()).isNull();
        assertThat(guest.rxCoalescing()).isNull();
        Step.Control halfZero = Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.builder()
                .coalescing(Queue.RX, new Coalescing(8, 0)).build()));
        assertThat(halfZero.txCoalescing()).isNull();
        assertThat(halfZero.rxCoalescing()).as("(8, 0) is immediate in effect (COAL-3) but not IMMEDIATE: written, and NOT_SUPPORTED without the profile")
                .isEqualTo(new Step.Coalesce(8L, 0L));
        // an explicit default reads as the default, as txDefault: "allow" does
        String explicit = PolicyFormatTest.file("""
                  - control:
                      caller: 0
                      request: "set-guest-config"
                      ctx: 0
                      promiscuous: false
                      multicast: []
                      txCoalescing:
                        maxFrames: 0
                        maxDelayNanos: 0
                    expect:
                      outcome: "ok"
            """);
        Step.Control read = VectorCodec.read("explicit.yaml", explicit).tests().get(0).steps().get(0).control();
        assertThat(Controls.request(read)).isEqualTo(new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT));
        assertThat(VectorCodec.write(VectorCodec.read("explicit.yaml", explicit))).contains("txCoalescing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a missing period | periodNanos: 20000000 | | control.txRate: required property 'periodNanos' not found",
        "a period written as text | periodNanos: 20000000 | periodNanos: \"20000000\" | control.txRate.periodNanos: string found, integer expected",
        "a fraction | burst: 131072 | burst: 131072.5 | control.txRate.burst",
        "an unknown rate key | burst: 131072 | burst: 131072\\n              rate: 1 | rate",
        "a rate beyond 64 bits | bytes: 20000 | bytes: 9223372036854775808 | control.txRate.bytes",
        "a rate on a guest config | multicast:\\n                - \"01:00:5e:00:00:01\" | multicast: []\\n              txRate:\\n                bytes: 1\\n                periodNanos: 1\\n                burst: 65535 | a set-guest-config request has no txRate",
        "coalescing on a create | promiscuousAllowed: false\\n              txRate | promiscuousAllowed: false\\n              rxCoalescing:\\n                maxFrames: 1\\n                maxDelayNanos: 1\\n              txRate | a create request has no rxCoalescing",
        "a missing delay | maxDelayNanos: 50000 | | control.txCoalescing: required property 'maxDelayNanos' not found",
        "frames written as text | maxFrames: 4 | maxFrames: \"4\" | control.txCoalescing.maxFrames: string found, integer expected",
        "frames beyond 32 bits | maxFrames: 65536 | maxFrames: 2147483648 | control.rxCoalescing.maxFrames",
        "an unknown coalescing key | maxFrames: 4 | maxFrames: 4\\n                usecs: 50 | usecs",
        "an unknown counter | TX_RATE_LIMITED | TX_RATE_LIMIT | expect.counters[0].counter",
    })
    void aBadValueIsAFileErrorNamingItsPath(String what, String from, String to, String field) {
        String good = file();
        String bad = to == null
                // no replacement: the first line holding `from` goes
                ? good.replaceFirst("(?m)^ *" + java.util.regex.Pattern.quote(from) + "\n", "")
                : good.replaceFirst(java.util.regex.Pattern.quote(from.replace("\\n", "\n")), java.util.regex.Matcher.quoteReplacement(to.replace("\\n", "\n")));
        assertThat(bad).as(what).isNotEqualTo(good);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", bad)).as(what).isInstanceOf(VectorFileException.class)
                .hasMessageStartingWith("bad.yaml:").hasMessageContaining(field);
    }

    @Test
    void theControlCheckNamesTheFieldOfAStepBuiltInCode() {
        Step.Control missing = new Step.Control("host", "create", 1, List.of(MAC.toString()), 1L, 2L, false, null, null, null, null, null,
                new Step.Rate(1L, null, 65_535L), null, null, null, null, null, null);
        assertThatThrownBy(() -> Controls.check(missing)).isInstanceOf(Controls.BadField.class).hasMessageStartingWith("txRate.periodNanos: required");
        Step.Control wide = new Step.Control(1, "set-guest-config", 1, null, null, null, null, null, null, null, null, null, null, false, List.of(),
                null, null, new Step.Coalesce(1L << 31, 1L), null);
        assertThatThrownBy(() -> Controls.check(wide)).isInstanceOf(Controls.BadField.class)
                .hasMessageStartingWith("rxCoalescing.maxFrames: maxFrames is a 32-bit integer");
        Step.Control misplaced = new Step.Control("host", "reset", 1, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new Step.Coalesce(1L, 1L), null, null);
        assertThatThrownBy(() -> Controls.check(misplaced)).isInstanceOf(Controls.BadField.class)
                .hasMessageStartingWith("txCoalescing: only set-guest-config take");
    }

    @Test
    void theChaptersQosAndCoalescingAreKnown() {
        for (String chapter : List.of("qos", "coalescing")) {
            String text = file().replace("chapter: \"privilege\"", "chapter: \"" + chapter + "\"");
            assertThat(VectorCodec.read(chapter + ".yaml", text).chapter()).isEqualTo(chapter);
        }
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", file().replace("chapter: \"privilege\"", "chapter: \"rate\"")))
                .isInstanceOf(VectorFileException.class).hasMessageContaining("chapter");
    }

    /** A device claiming {@code profiles} that is never run. */
    private static DeviceProvider claiming(Set<Profile> profiles) {
        return new DeviceProvider() {
            @Override
            public String name() {
                return "claims-" + profiles;
            }

            @Override
            public String identity() {
                return name();
            }

            @Override
            public Set<Profile> profiles() {
                return profiles;
            }

            @Override
            public DeviceLimits limits() {
                return VectorRunner.PRESET_LIMITS;
            }

            @Override
            public NetchannelDevice create(DeviceEnvironment environment) {
                throw new UnsupportedOperationException("never run");
            }
        };
    }

    @Test
    void theNotOfferedFlagsSkipADeviceThatClaimsTheProfile() {
        VectorFile.Test qos = new VectorFile.Test(1, "qos.demo.refused", List.of("QOS-1"), "c", List.of(VectorRunner.WITHOUT_QOS), "invalid",
                new VectorFile.ErrorScope("request", "NOT_SUPPORTED"), null, List.of(), null, null, null);
        VectorFile.Test coalescing = new VectorFile.Test(2, "coalescing.demo.refused", List.of("COAL-1"), "c", List.of(VectorRunner.WITHOUT_COALESCING),
                "invalid", new VectorFile.ErrorScope("request", "NOT_SUPPORTED"), null, List.of(), null, null, null);
        DeviceProvider core = claiming(Set.of(Profile.CORE));
        DeviceProvider both = claiming(Set.of(Profile.CORE, Profile.QOS, Profile.COALESCING));
        assertThat(VectorRunner.unfit(core, qos)).isNull();
        assertThat(VectorRunner.unfit(core, coalescing)).isNull();
        assertThat(VectorRunner.unfit(both, qos)).contains("QosNotOffered").contains("qos");
        assertThat(VectorRunner.unfit(both, coalescing)).contains("CoalescingNotOffered").contains("coalescing");
        assertThat(VectorRunner.unfit(claiming(Set.of(Profile.CORE, Profile.QOS)), coalescing)).isNull();
        assertThat(VectorRunner.notOffered(qos)).containsExactly(Profile.QOS);
        assertThat(ReferenceClaiming.without(Profile.QOS).profiles()).doesNotContain(Profile.QOS).contains(Profile.CORE);
    }

    private static VectorBundle bundle() {
        return VectorBundle.read(Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
    }

    private static boolean anyStep(VectorBundle.Located located, java.util.function.Predicate<Step.Control> test) {
        List<Step> steps = new java.util.ArrayList<>(located.group().setup() == null ? List.of() : located.group().setup());
        steps.addAll(located.test().steps() == null ? List.of() : located.test().steps());
        return steps.stream().anyMatch(step -> step.control() != null && test.test(step.control()));
    }

    @Test
    void everyStepThatSetsALimitOrCoalescingRunsOnlyWhereItMeansSomething() {
        for (VectorBundle.Located located : bundle().tests()) {
            String id = located.test().id();
            Set<Profile> notOffered = VectorRunner.notOffered(located.test());
            if (anyStep(located, c -> c.txRate() != null)) {
                assertThat(located.group().profiles().contains("qos") || notOffered.contains(Profile.QOS))
                        .as(id + " sets a TX rate limit: its group requires qos, or the test is flagged QosNotOffered").isTrue();
            }
            if (anyStep(located, c -> c.txCoalescing() != null || c.rxCoalescing() != null)) {
                assertThat(located.group().profiles().contains("coalescing") || notOffered.contains(Profile.COALESCING))
                        .as(id + " sets coalescing: its group requires coalescing, or the test is flagged CoalescingNotOffered").isTrue();
            }
            if (!notOffered.isEmpty()) {
                assertThat(located.group().profiles()).as(id + " expects a device without a profile: its group requires core only")
                        .containsExactly("core");
            }
        }
    }

    @Test
    void theNotOfferedTestsPassOnACoreOnlyDeviceAndAreSkippedByTheModel() {
        DeviceProvider coreOnly = ReferenceClaiming.without(Set.of(Profile.QOS, Profile.COALESCING, Profile.L3L4_DEMUX));
        DeviceProvider model = Providers.find("reference");
        int flagged = 0;
        for (VectorBundle.Located located : bundle().tests()) {
            Set<Profile> notOffered = VectorRunner.notOffered(located.test());
            if (notOffered.contains(Profile.QOS) || notOffered.contains(Profile.COALESCING)) {
                flagged++;
                Verdict onCore = VectorRunner.run(coreOnly, located.path(), located.file(), located.group(), located.test());
                assertThat(onCore.status()).as(located.test().id() + " on a core-only device: " + onCore.describe()).isEqualTo(Verdict.Status.PASS);
                Verdict onModel = VectorRunner.run(model, located.path(), located.file(), located.group(), located.test());
                assertThat(onModel.status()).as(located.test().id() + " on the model, which claims qos and coalescing").isEqualTo(Verdict.Status.SKIP);
            }
        }
        assertThat(flagged).as("NOT_SUPPORTED vectors of chapters 09 and 10").isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyRuleOfChapters09And10IsCitedByTheBundle() {
        Map<String, Set<String>> results = new TreeMap<>();
        for (VectorBundle.Located located : bundle().tests()) {
            for (String req : located.test().reqs()) {
                results.computeIfAbsent(req, k -> new TreeSet<>()).add(located.test().result());
            }
        }
        for (int n = 1; n <= 9; n++) {
            assertThat(results).as("QOS-" + n + " is cited by a vector").containsKey("QOS-" + n);
            assertThat(results).as("COAL-" + n + " is cited by a vector").containsKey("COAL-" + n);
        }
        for (String refused : List.of("QOS-1", "QOS-2", "COAL-1", "COAL-2", "COAL-9")) {
            assertThat(results.get(refused)).as(refused + " has a vector of an input the device refuses").contains("invalid");
        }
        for (String accepted : List.of("QOS-2", "QOS-3", "QOS-5", "QOS-6", "QOS-8", "QOS-9", "COAL-2", "COAL-3", "COAL-4", "COAL-5", "COAL-6", "COAL-7")) {
            assertThat(results.get(accepted)).as(accepted + " has a vector of valid input").contains("valid");
        }
    }
}
