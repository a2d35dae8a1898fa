package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.Providers;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key of chapter 11 in the vector format (spec 05, sections 5.3.5 and 3.1): {@code offloads}
 * with {@code rxChecksum} and {@code lroFlushNanos} on set-guest-config only, left out exactly
 * when it is {@code Offloads.NONE}; the chapter {@code offload}; a delay outside the device's
 * range well formed, wrong types, missing fields, unknown keys and the key on the wrong request
 * file errors naming their path; and the reserved flags {@code ChecksumNotOffered} (closed under
 * OFF-1: without checksum, without tso and lro) and {@code LroNotOffered}.
 */
class OffloadsFormatTest {

    /** A guest enabling RX checksum marking and LRO with coalescing, then one asking for a delay out of range. */
    private static final String STEPS = """
                  - control:
                      caller: 1
                      request: "set-guest-config"
                      ctx: 1
                      promiscuous: false
                      multicast: []
                      rxCoalescing:
                        maxFrames: 4
                        maxDelayNanos: 50000
                      offloads:
                        rxChecksum: true
                        lroFlushNanos: 200000
                    expect:
                      outcome: "ok"
                  - control:
                      caller: 1
                      request: "set-guest-config"
                      ctx: 1
                      promiscuous: true
                      multicast:
                        - "01:00:5e:00:00:01"
                      offloads:
                        rxChecksum: false
                        lroFlushNanos: 1000000001
                    expect:
                      outcome: "rejected"
                      category: "INVALID_CONFIG"
            """;

    private static String file() {
        return PolicyFormatTest.file(STEPS);
    }

    @Test
    void theNewKeyReadsAndWritesBackByteForByte() {
        String text = file();
        VectorFile read = VectorCodec.read("offload.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        List<Step> steps = read.tests().get(0).steps();
        assertThat(steps.get(0).control().offloads()).isEqualTo(new Step.Offload(true, 200_000L));
        assertThat(steps.get(1).control().offloads()).isEqualTo(new Step.Offload(false, 1_000_000_001L));
        assertThat(text.indexOf("rxCoalescing")).as("offloads follows the coalescing keys (spec 05, section 8.2)").isLessThan(text.indexOf("offloads"));
    }

    @Test
    void theStepsReadAsTheContractsConfigurationAndWriteBackFromIt() {
        List<Step> steps = VectorCodec.read("offload.yaml", file()).tests().get(0).steps();
        ControlRequest first = Controls.request(steps.get(0).control());
        assertThat(first).isEqualTo(new ControlRequest.SetGuestConfig(1, GuestConfig.builder().coalescing(Queue.RX, new Coalescing(4, 50_000))
                .offloads(new Offloads(true, 200_000)).build()));
        ControlRequest second = Controls.request(steps.get(1).control());
        assertThat(((ControlRequest.SetGuestConfig) second).config().offloads()).as("a delay outside 0..10^9 is still a request (OFF-2)")
                .isEqualTo(new Offloads(false, 1_000_000_001L));
        assertThat(Controls.of(Caller.guest(1), first)).isEqualTo(steps.get(0).control());
        assertThat(Controls.of(Caller.guest(1), second)).isEqualTo(steps.get(1).control());
    }

    @Test
    void noneIsLeftOutAndEveryOtherValueIsWritten() {
        assertThat(Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT)).offloads()).as("NONE is left out").isNull();
        assertThat(Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT.withOffloads(new Offloads(true, 0)))).offloads())
                .isEqualTo(new Step.Offload(true, 0L));
        assertThat(Controls.of(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT.withOffloads(new Offloads(false, -1)))).offloads())
                .as("a negative delay is written, and refused by the device (OFF-2)").isEqualTo(new Step.Offload(false, -1L));
        // an explicit NONE reads as NONE, as txCoalescing {0, 0} reads as IMMEDIATE, and re-emits as written
        String explicit = PolicyFormatTest.file("""
                  - control:
                      caller: 0
                      request: "set-guest-config"
                      ctx: 0
                      promiscuous: false
                      multicast: []
                      offloads:
                        rxChecksum: false
                        lroFlushNanos: 0
                    expect:
                      outcome: "ok"
            """);
        VectorFile read = VectorCodec.read("explicit.yaml", explicit);
        assertThat(Controls.request(read.tests().get(0).steps().get(0).control())).isEqualTo(new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT));
        assertThat(VectorCodec.write(read)).isEqualTo(explicit);
        // a vector of chapters 01 to 10 has no offloads key and reads as before
        assertThat(VectorCodec.write(VectorCodec.read("plain.yaml", PolicyFormatTest.file("""
                  - control:
                      caller: 0
                      request: "set-guest-config"
                      ctx: 0
                      promiscuous: false
                      multicast: []
                    expect:
                      outcome: "ok"
            """)))).doesNotContain("offloads");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a missing delay | lroFlushNanos: 200000 | | control.offloads: required property 'lroFlushNanos' not found",
        "a missing flag | rxChecksum: true | | control.offloads: required property 'rxChecksum' not found",
        "a flag written as text | rxChecksum: true | rxChecksum: \"true\" | control.offloads.rxChecksum: string found, boolean expected",
        "a flag written as a number | rxChecksum: true | rxChecksum: 1 | control.offloads.rxChecksum",
        "a delay written as text | lroFlushNanos: 200000 | lroFlushNanos: \"200000\" | control.offloads.lroFlushNanos: string found, integer expected",
        "a fractional delay | lroFlushNanos: 200000 | lroFlushNanos: 200000.5 | control.offloads.lroFlushNanos",
        "a delay beyond 64 bits | lroFlushNanos: 200000 | lroFlushNanos: 9223372036854775808 | control.offloads.lroFlushNanos",
        "an unknown offload key | lroFlushNanos: 200000 | lroFlushNanos: 200000\\n                tso: true | tso",
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
    void offloadsOnAnotherRequestIsAFileErrorNamingTheRequest() {
        for (String request : List.of("create", "update", "reset", "destroy")) {
            String rings = request.equals("create") || request.equals("update") ? """
                          macs:
                            - "02:00:00:00:00:01"
                          txRing: 1
                          rxRing: 2
                          promiscuousAllowed: false
                """ : "";
            String text = PolicyFormatTest.file("""
                      - control:
                          caller: "host"
                          request: "%s"
                          ctx: 0
                %s          offloads:
                            rxChecksum: true
                            lroFlushNanos: 0
                        expect:
                          outcome: "ok"
                """.formatted(request, rings));
            assertThatThrownBy(() -> VectorCodec.read("bad.yaml", text)).as(request).isInstanceOf(VectorFileException.class)
                    .hasMessageStartingWith("bad.yaml:").hasMessageContaining("offloads");
        }
        String switchMode = PolicyFormatTest.file("""
                  - control:
                      caller: "host"
                      request: "set-switch-mode"
                      mode: "veb"
                      offloads:
                        rxChecksum: true
                        lroFlushNanos: 0
                    expect:
                      outcome: "ok"
            """);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", switchMode)).isInstanceOf(VectorFileException.class).hasMessageContaining("offloads");
    }

    @Test
    void theControlCheckNamesTheFieldOfAStepBuiltInCode() {
        Step.Control noFlag = new Step.Control(1, "set-guest-config", 1, null, null, null, null, null, null, null, null, null, null, false, List.of(),
                null, null, null, new Step.Offload(null, 0L), null);
        assertThatThrownBy(() -> Controls.check(noFlag)).isInstanceOf(Controls.BadField.class).hasMessageStartingWith("offloads.rxChecksum: required");
        Step.Control noDelay = new Step.Control(1, "set-guest-config", 1, null, null, null, null, null, null, null, null, null, null, false, List.of(),
                null, null, null, new Step.Offload(true, null), null);
        assertThatThrownBy(() -> Controls.check(noDelay)).isInstanceOf(Controls.BadField.class).hasMessageStartingWith("offloads.lroFlushNanos: required");
        Step.Control misplaced = new Step.Control("host", "reset", 1, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, new Step.Offload(true, 0L), null);
        assertThatThrownBy(() -> Controls.check(misplaced)).isInstanceOf(Controls.BadField.class)
                .hasMessageStartingWith("offloads: only set-guest-config take");
        assertThat(Step.of(misplaced).describe()).contains("rxChecksum true");
    }

    @Test
    void theChapterOffloadIsKnown() {
        String text = file().replace("chapter: \"privilege\"", "chapter: \"offload\"");
        assertThat(VectorCodec.read("offload.yaml", text).chapter()).isEqualTo("offload");
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", file().replace("chapter: \"privilege\"", "chapter: \"offloads\"")))
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

    private static VectorFile.Test flagged(String flag) {
        return new VectorFile.Test(1, "offload.demo.refused", List.of("OFF-1"), "c", List.of(flag), "invalid",
                new VectorFile.ErrorScope("request", "NOT_SUPPORTED"), null, List.of(), null, null, null);
    }

    @Test
    void theNotOfferedFlagsSkipADeviceThatClaimsTheProfile() {
        VectorFile.Test checksum = flagged(VectorRunner.WITHOUT_CHECKSUM);
        VectorFile.Test lro = flagged(VectorRunner.WITHOUT_LRO);
        DeviceProvider core = claiming(Set.of(Profile.CORE));
        DeviceProvider checksumOnly = claiming(Set.of(Profile.CORE, Profile.CHECKSUM));
        DeviceProvider all = claiming(Set.of(Profile.CORE, Profile.CHECKSUM, Profile.TSO, Profile.LRO));
        assertThat(VectorRunner.unfit(core, checksum)).isNull();
        assertThat(VectorRunner.unfit(core, lro)).isNull();
        assertThat(VectorRunner.unfit(checksumOnly, checksum)).contains("ChecksumNotOffered").contains("checksum");
        assertThat(VectorRunner.unfit(checksumOnly, lro)).as("a checksum-only device is what LroNotOffered expects").isNull();
        assertThat(VectorRunner.unfit(all, lro)).contains("LroNotOffered").contains("lro");
        assertThat(VectorRunner.notOffered(checksum)).containsExactly(Profile.CHECKSUM);
        assertThat(VectorRunner.notOffered(lro)).containsExactly(Profile.LRO);
    }

    @Test
    void leavingOutChecksumLeavesOutTsoAndLroToo() {
        Set<Profile> model = Providers.find("reference").profiles();
        Set<Profile> withoutChecksum = ReferenceClaiming.without(Profile.CHECKSUM).profiles();
        assertThat(withoutChecksum).doesNotContain(Profile.CHECKSUM, Profile.TSO, Profile.LRO).contains(Profile.CORE);
        Set<Profile> expected = EnumSet.copyOf(model);
        expected.removeAll(Set.of(Profile.CHECKSUM, Profile.TSO, Profile.LRO));
        assertThat(withoutChecksum).as("everything else the model claims stays").isEqualTo(expected);
        Set<Profile> withoutLro = ReferenceClaiming.without(Profile.LRO).profiles();
        assertThat(withoutLro).doesNotContain(Profile.LRO);
        assertThat(withoutLro.contains(Profile.CHECKSUM)).as("leaving out lro keeps checksum").isEqualTo(model.contains(Profile.CHECKSUM));
        assertThat(withoutLro.contains(Profile.TSO)).as("leaving out lro keeps tso").isEqualTo(model.contains(Profile.TSO));
    }

    // ------------------------------------------------------------------ the bundle

    private static VectorBundle bundle() {
        return VectorBundle.read(Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors"));
    }

    private static boolean anyStep(VectorBundle.Located located, java.util.function.Predicate<Step.Control> test) {
        List<Step> steps = new java.util.ArrayList<>(located.group().setup() == null ? List.of() : located.group().setup());
        steps.addAll(located.test().steps() == null ? List.of() : located.test().steps());
        return steps.stream().anyMatch(step -> step.control() != null && test.test(step.control()));
    }

    @Test
    void everyStepThatEnablesAnOffloadRunsOnlyWhereItMeansSomething() {
        for (VectorBundle.Located located : bundle().tests()) {
            String id = located.test().id();
            Set<Profile> notOffered = VectorRunner.notOffered(located.test());
            List<String> profiles = located.group().profiles();
            if (anyStep(located, c -> c.offloads() != null && Boolean.TRUE.equals(c.offloads().rxChecksum()))) {
                assertThat(profiles.contains("checksum") || notOffered.contains(Profile.CHECKSUM))
                        .as(id + " enables rxChecksum: its group requires checksum, or the test is flagged ChecksumNotOffered").isTrue();
            }
            if (anyStep(located, c -> c.offloads() != null && c.offloads().lroFlushNanos() != null && c.offloads().lroFlushNanos() != 0)) {
                assertThat(profiles.contains("lro") || notOffered.contains(Profile.LRO) || notOffered.contains(Profile.CHECKSUM))
                        .as(id + " sets an LRO delay: its group requires lro, or the test is flagged LroNotOffered or ChecksumNotOffered").isTrue();
            }
            if (profiles.contains("tso") || profiles.contains("lro")) {
                assertThat(profiles).as(id + ": a group that requires tso or lro requires checksum too (OFF-1)").contains("checksum");
            }
        }
    }

    @Test
    void theNotOfferedTestsPassOnADeviceWithoutTheProfileAndAreSkippedByTheModel() {
        DeviceProvider model = Providers.find("reference");
        int flagged = 0;
        for (VectorBundle.Located located : bundle().tests()) {
            Set<Profile> notOffered = VectorRunner.notOffered(located.test());
            notOffered.retainAll(Set.of(Profile.CHECKSUM, Profile.LRO));
            if (notOffered.isEmpty()) {
                continue;
            }
            flagged++;
            Set<Profile> leftOut = new TreeSet<>(VectorRunner.notOffered(located.test()));
            Verdict without = VectorRunner.run(ReferenceClaiming.without(leftOut), located.path(), located.file(), located.group(), located.test());
            assertThat(without.status()).as(located.test().id() + " on the model without " + leftOut + ": " + without.describe()).isEqualTo(Verdict.Status.PASS);
            if (model.profiles().containsAll(notOffered)) {
                Verdict onModel = VectorRunner.run(model, located.path(), located.file(), located.group(), located.test());
                assertThat(onModel.status()).as(located.test().id() + " on the model, which claims " + notOffered).isEqualTo(Verdict.Status.SKIP);
            }
        }
        assertThat(flagged).as("vectors of devices without checksum or lro: OFF-1's refusals and csum_blank ignored").isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyRuleOfChapter11IsCitedByTheBundle() {
        Map<String, Set<String>> results = new TreeMap<>();
        for (VectorBundle.Located located : bundle().tests()) {
            for (String req : located.test().reqs()) {
                results.computeIfAbsent(req, k -> new TreeSet<>()).add(located.test().result());
            }
        }
        List<String> rules = new java.util.ArrayList<>(List.of("OFF-1", "OFF-2", "OFF-3"));
        for (int n = 1; n <= 6; n++) {
            rules.add("CSUM-" + n);
        }
        for (int n = 1; n <= 5; n++) {
            rules.add("TSO-" + n);
        }
        for (int n = 1; n <= 8; n++) {
            rules.add("LRO-" + n);
        }
        for (String rule : rules) {
            assertThat(results).as(rule + " is cited by a vector").containsKey(rule);
        }
        for (String refused : List.of("OFF-1", "OFF-2", "CSUM-3", "TSO-1")) {
            assertThat(results.get(refused)).as(refused + " has a vector of an input the device refuses").contains("invalid");
        }
        for (String accepted : List.of("OFF-2", "OFF-3", "CSUM-1", "CSUM-2", "CSUM-4", "CSUM-5", "CSUM-6", "TSO-2", "TSO-3", "TSO-4", "TSO-5",
                "LRO-1", "LRO-2", "LRO-3", "LRO-4", "LRO-5", "LRO-6", "LRO-7", "LRO-8")) {
            assertThat(results.get(accepted)).as(accepted + " has a vector of valid input").contains("valid");
        }
    }
}
