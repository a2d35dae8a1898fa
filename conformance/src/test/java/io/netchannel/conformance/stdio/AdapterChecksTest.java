package io.netchannel.conformance.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.conformance.properties.AdapterProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.Group;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The adapter checks of spec 13 (the TCK group {@code Adapter}) on the reference model served
 * over the protocol and on the C example device, which both pass them; and on one deliberately
 * broken adapter per rule, which each check must catch, naming the rule.
 */
class AdapterChecksTest {

    private static final Path C_DEVICE = Path.of(System.getProperty("netchannel.root", "..")).resolve("examples/c-device/build/netdev");

    private static DeviceProvider modelAdapter;
    private static DeviceProvider cDevice;

    static synchronized DeviceProvider modelAdapter() {
        if (modelAdapter == null) {
            modelAdapter = new StdioProvider(Adapters.model());
        }
        return modelAdapter;
    }

    static synchronized DeviceProvider cDevice() {
        if (cDevice == null) {
            cDevice = new StdioProvider(List.of(C_DEVICE.toAbsolutePath().toString()));
        }
        return cDevice;
    }

    /** Skips the C device's group when it is not built (.ci/run builds it; `make -C examples/c-device`). */
    static final class CDeviceBuilt implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Files.isExecutable(C_DEVICE) ? SkipResult.doNotSkip()
                    : SkipResult.skip("the C example device is not built: make -C examples/c-device (needs libxen-dev and libjansson-dev)");
        }
    }

    @Group
    class OnTheModelAdapter extends AdapterProperties {
        @Override
        protected DeviceProvider provider() {
            return modelAdapter();
        }
    }

    @Group
    @AddLifecycleHook(CDeviceBuilt.class)
    class OnTheCDevice extends AdapterProperties {
        @Override
        protected DeviceProvider provider() {
            return cDevice();
        }
    }

    /** The checks run on {@code provider} (a StdioProvider over {@code command}). */
    private static AdapterProperties checksOn(DeviceProvider provider) {
        return new AdapterProperties() {
            @Override
            protected DeviceProvider provider() {
                return provider;
            }
        };
    }

    private static AdapterProperties checksOnMutant(String defect) {
        return checksOn(new StdioProvider(Adapters.java(AdapterMutant.class, defect)));
    }

    @Example
    void theBridgeClaimsAdapterForEveryDeviceItRuns() {
        assertThat(modelAdapter().profiles()).contains(Profile.ADAPTER, Profile.CORE);
    }

    @Example
    void aDeviceReadingTheClockFailsADAPT4() {
        AdapterProperties checks = checksOnMutant("clock");
        assertThatThrownBy(checks::required_ADAPT4_theSameSessionGivesTheSameReplies).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("ADAPT-4 violated").hasMessageContaining("reply 1 differs");
    }

    @Example
    void aDeviceThatIgnoresAnUnreadableLineFailsADAPT5() {
        AdapterProperties checks = checksOnMutant("silent");
        assertThatThrownBy(checks::required_ADAPT5_aRequestTheDeviceCannotReadIsAnsweredMalformedRequest).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("ADAPT-5 violated").hasMessageContaining("no answer");
    }

    @Example
    void aDeviceAssumingTheDefaultTableSizeFailsSHM1() {
        AdapterProperties checks = checksOnMutant("fixed-table");
        // the default size hides the defect; another size shows it
        checks.required_ADAPT3_aScriptedSessionCarriesEachCallsOutputsOnItsReply();
        assertThatThrownBy(checks::required_SHM1_theDeviceFindsPagesThroughAGrantTableOfAnySize).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("SHM-1 violated").hasMessageContaining("grant table of 512 entries");
    }

    @Example
    void aDeviceThatOutlivesItsStdinFailsADAPT6() {
        AdapterProperties checks = checksOnMutant("lingers");
        assertThatThrownBy(checks::required_ADAPT6_theEndOfStdinEndsTheProcessQuietly).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("ADAPT-6 violated").hasMessageContaining("still runs");
    }

    @Example
    void aDeviceWritingAPageItDoesNotReportFailsSHM2() {
        AdapterProperties checks = checksOn(new StdioProvider(Adapters.java(ScribblingAdapter.class)));
        assertThatThrownBy(checks::required_ADAPT3_aScriptedSessionCarriesEachCallsOutputsOnItsReply).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("SHM-2 violated").hasMessageContaining("reported no write there");
    }
}
