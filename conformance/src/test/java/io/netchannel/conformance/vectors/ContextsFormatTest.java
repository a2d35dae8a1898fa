package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.SwitchMode;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.Providers;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector format of chapter 08 (spec 05, sections 3.1, 3.2, 5.3 and 6.1): the
 * {@code set-switch-mode} control request, the group's {@code host} section, the device-wide
 * {@code HOST_SWITCHED_FRAMES} counter, and the {@code CoreLimits} flag comparing every limit.
 */
class ContextsFormatTest {

    /** One host group with one set-switch-mode test, in the canonical text the codec writes. */
    private static final String HOSTED = """
            schema: "netchannel-vectors/v1"
            specVersion: "0.1.0"
            kind: "frame"
            chapter: "contexts"
            group: "demo"
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
                host:
                  deviceContexts: 2
                tests:
                  - tcId: 1
                    id: "contexts.demo.software"
                    reqs:
                      - "CTX-7"
                    comment: "c"
                    result: "valid"
                    steps:
                      - control:
                          caller: "host"
                          request: "set-switch-mode"
                          mode: "software"
                        expect:
                          outcome: "ok"
            """;

    @ParameterizedTest
    @EnumSource(SwitchMode.class)
    void setSwitchModeMapsBothWaysWithoutACtx(SwitchMode mode) {
        Step.Control step = Controls.of(Caller.HOST, new ControlRequest.SetSwitchMode(mode));
        assertThat(step.request()).isEqualTo("set-switch-mode");
        assertThat(step.ctx()).isNull();
        assertThat(step.mode()).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(Controls.request(step)).isEqualTo(new ControlRequest.SetSwitchMode(mode));
        assertThat(Controls.of(Caller.guest(3), new ControlRequest.SetSwitchMode(mode)).caller()).isEqualTo(3);
    }

    @Test
    void aHostGroupAndASetSwitchModeStepReadAndWriteCanonically() {
        VectorFile file = VectorCodec.read("demo.yaml", HOSTED);
        assertThat(file.groups().get(0).host()).isEqualTo(new VectorFile.Host(2));
        assertThat(file.tests().get(0).steps().get(0).control()).isEqualTo(Step.Control.switchMode("host", "software"));
        assertThat(VectorCodec.write(file)).isEqualTo(HOSTED);
        String bare = HOSTED.replace("    host:\n      deviceContexts: 2\n", "");
        assertThat(VectorCodec.read("bare.yaml", bare).groups().get(0).host()).isNull();
        assertThat(VectorCodec.write(VectorCodec.read("bare.yaml", bare))).as("no host key unless present").isEqualTo(bare);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a ctx on set-switch-mode | mode: \"software\" | mode: \"software\"\\n              ctx: 3 | bad.yaml:30: test contexts.demo.software (tcId 1), step 1: | control.ctx: a set-switch-mode request has no ctx",
        "an unknown mode | mode: \"software\" | mode: \"bridge\" | bad.yaml:29: test contexts.demo.software (tcId 1), step 1: | control.mode: does not have a value in the enumeration",
        "no mode | mode: \"software\"\\n | \\n | bad.yaml:27: test contexts.demo.software (tcId 1), step 1: | control: required property 'mode' not found",
        "another key on set-switch-mode | mode: \"software\" | mode: \"software\"\\n              txRing: 1 | bad.yaml:30: test contexts.demo.software (tcId 1), step 1: | control.txRing: a set-switch-mode request has no txRing",
        "a mode on another request | request: \"set-switch-mode\" | request: \"reset\"\\n              ctx: 1 | bad.yaml:30: test contexts.demo.software (tcId 1), step 1: | control.mode: a reset request has no mode",
        "no ctx on another request | request: \"set-switch-mode\"\\n              mode: \"software\" | request: \"destroy\" | bad.yaml:27: test contexts.demo.software (tcId 1), step 1: | control: required property 'ctx' not found",
        "too many device contexts | deviceContexts: 2 | deviceContexts: 5 | bad.yaml:17: | host.deviceContexts: must have a maximum value of 4",
        "an unknown host key | deviceContexts: 2 | deviceContexts: 2\\n      softwareContexts: 2 | bad.yaml:18: | softwareContexts",
    })
    void aMalformedSwitchStepOrHostSectionNamesFileLineTestStepAndField(String what, String from, String to, String start, String field) {
        String bad = HOSTED.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertThat(bad).as(what).isNotEqualTo(HOSTED);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", bad)).as(what).isInstanceOf(VectorFileException.class)
                .hasMessageStartingWith(start).hasMessageContaining(field);
    }

    @Test
    void theControlCheckNamesTheFieldToo() {
        assertThatThrownBy(() -> Controls.check(new Step.Control("host", "set-switch-mode", 4, null, null, null, null, null, null, null, null, null, null,
                "veb"))).isInstanceOf(Controls.BadField.class).hasMessageStartingWith("ctx: set-switch-mode acts on the whole device");
        assertThatThrownBy(() -> Controls.check(Step.Control.switchMode("host", "VEB"))).isInstanceOf(Controls.BadField.class)
                .hasMessageStartingWith("mode: a switch mode is \"vepa\", \"veb\" or \"software\"");
        assertThatThrownBy(() -> Controls.check(new Step.Control("host", "reset", null, null, null, null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(Controls.BadField.class).hasMessageStartingWith("ctx: reset names the context");
    }

    @Test
    void aHostGroupRunsBehindTheReferenceHost() {
        VectorFile file = VectorCodec.read("demo.yaml", HOSTED);
        VectorFile.Group hosted = file.groups().get(0);
        VectorFile.Test test = file.tests().get(0);
        DeviceProvider fast = Providers.find("fast");
        assertThat(VectorRunner.run(fast, "demo.yaml", file, hosted, test).status()).as("the host takes SOFTWARE (CTX-7)").isEqualTo(Verdict.Status.PASS);
        VectorFile.Group bare = new VectorFile.Group(hosted.comment(), hosted.profiles(), null, hosted.setup(), hosted.tests());
        Verdict alone = VectorRunner.run(fast, "demo.yaml", file, bare, test);
        assertThat(alone.status()).as("a device on its own refuses SOFTWARE").isEqualTo(Verdict.Status.FAIL);
        assertThat(alone.detail()).contains("NOT_SUPPORTED");
    }

    @Test
    void aHostGroupNeedingMoreDeviceContextsThanTheDeviceHasFails() {
        VectorFile file = VectorCodec.read("demo.yaml", HOSTED.replace("deviceContexts: 2", "deviceContexts: 4"));
        Verdict verdict = VectorRunner.run(withLimits(Providers.find("reference"), new DeviceLimits(3, 8, 64, 4095)), "demo.yaml", file, file.groups().get(0),
                file.tests().get(0));
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.detail()).contains("4 device contexts").contains("maxContexts=3");
    }

    @Test
    void coreLimitsComparesEveryLimitExactMulticastGroupsIncluded() {
        VectorFile.Test flagged = new VectorFile.Test(1, "contexts.demo.flagged", List.of("CTX-2"), "c", List.of(VectorRunner.CORE_LIMITS), "valid", null,
                null, List.of(), null, null, null);
        DeviceProvider model = Providers.find("reference");
        assertThat(model.limits()).isEqualTo(VectorRunner.PRESET_LIMITS);
        assertThat(VectorRunner.unfit(model, flagged)).isNull();
        String reason = VectorRunner.unfit(withLimits(model, VectorRunner.PRESET_LIMITS.withExactMulticastGroups(8)), flagged);
        assertThat(reason).startsWith("flag CoreLimits").contains("exactMulticastGroups=8");
        assertThat(VectorRunner.unfit(new HostedProvider(model, 1), flagged)).as("a host has room for more contexts than the device")
                .startsWith("flag CoreLimits");
    }

    @Test
    void theRecorderListsHostSwitchedFramesAsADeviceCounter() {
        Harness harness = Harness.start(new HostedProvider(Providers.find("reference"), 1));
        StepRecorder recorder = StepRecorder.attach(harness);
        harness.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.SOFTWARE));
        List<Step> steps = recorder.steps();
        assertThat(steps.get(steps.size() - 1).control()).isEqualTo(Step.Control.switchMode("host", "software"));
        assertThat(steps.get(steps.size() - 1).expect().outcome()).isEqualTo("ok");
        assertThat(VectorBundle.read(java.nio.file.Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors")).tests().stream()
                .filter(t -> t.test().steps() != null).flatMap(t -> t.test().steps().stream()).filter(s -> s.expect() != null && s.expect().counters() != null)
                .flatMap(s -> s.expect().counters().stream()).filter(c -> c.counter().equals(Counter.HOST_SWITCHED_FRAMES.name())))
                .as("the bundle's host vectors count HOST_SWITCHED_FRAMES on the device (ctx -1) only").isNotEmpty()
                .allMatch(c -> c.ctx() == Counter.DEVICE);
    }

    @Test
    void theSchemaKeepsHostSwitchedFramesDeviceWide() {
        String counted = HOSTED.replace("outcome: \"ok\"\n", "outcome: \"ok\"\n              counters:\n                - ctx: 0\n"
                + "                  counter: \"HOST_SWITCHED_FRAMES\"\n                  delta: 1\n");
        assertThat(counted).isNotEqualTo(HOSTED);
        assertThatThrownBy(() -> VectorCodec.read("bad.yaml", counted)).isInstanceOf(VectorFileException.class).hasMessageContaining("ctx");
        assertThat(VectorCodec.read("good.yaml", counted.replace("- ctx: 0", "- ctx: -1")).tests()).hasSize(1);
    }

    private static DeviceProvider withLimits(DeviceProvider provider, DeviceLimits limits) {
        return new DeviceProvider() {
            @Override
            public String name() {
                return provider.name() + "-limited";
            }

            @Override
            public String identity() {
                return provider.identity();
            }

            @Override
            public Set<Profile> profiles() {
                return provider.profiles();
            }

            @Override
            public DeviceLimits limits() {
                return limits;
            }

            @Override
            public NetchannelDevice create(DeviceEnvironment environment) {
                return provider.create(environment);
            }
        };
    }
}
