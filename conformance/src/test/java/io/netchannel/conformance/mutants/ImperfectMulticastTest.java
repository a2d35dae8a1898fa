package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.properties.ContextsProperties;
import io.netchannel.conformance.properties.DemuxBench;
import io.netchannel.conformance.properties.FrameArbitraries;
import io.netchannel.conformance.properties.Frames;
import io.netchannel.conformance.properties.SwitchBench;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * CTX-3, the one over-delivery the spec allows: a device that filters {@value ImperfectMulticast#EXACT}
 * groups per context exactly and declares so passes the property of CTX-1 and CTX-2; a device
 * that over-delivers anything more — across VLANs, to a context whose list fits, or another
 * context's unicast — fails it, naming the rule the extra copy breaks.
 */
class ImperfectMulticastTest {

    private static final String FULL = "required_CTX1_aDeviceFullToItsDeclaredLimitsAcceptsEveryRequestRefusesOnlyOneContextMoreAndDecidesEveryFrameExactly";

    static class ImperfectContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return new ImperfectMulticast(ImperfectMulticast.Flaw.NONE);
        }
    }

    static class AcrossVlansContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return new ImperfectMulticast(ImperfectMulticast.Flaw.ACROSS_VLANS);
        }
    }

    static class ExactListsContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return new ImperfectMulticast(ImperfectMulticast.Flaw.EXACT_LISTS);
        }
    }

    static class UnicastContextsOnMutant extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return new ImperfectMulticast(ImperfectMulticast.Flaw.UNICAST);
        }
    }

    @Test
    void aDeviceThatOverDeliversOnlyWhatCtx3AllowsPasses() {
        EngineExecutionResults results = EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectMethod(ImperfectContextsOnMutant.class, FULL, "java.util.List, java.util.List, boolean"))
                .configurationParameter("jqwik.database", "target/jqwik-mutants-database-imperfect")
                .execute();
        assertThat(results.testEvents().started().list()).as("the property ran").isNotEmpty();
        List<String> failures = results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Caught::messageOf).orElse(""))
                .toList();
        assertThat(failures).as("CTX-3 allows what the imperfect device does").isEmpty();
    }

    @Test
    void overDeliveryAcrossVlansIsCaughtByCTX2() {
        assertCaught(AcrossVlansContextsOnMutant.class, "DEMUX-2");
    }

    @Test
    void overDeliveryToAContextWhoseListFitsIsCaughtByCTX2() {
        assertCaught(ExactListsContextsOnMutant.class, "DEMUX-5");
    }

    @Test
    void overDeliveryOfAnotherContextsUnicastIsCaughtByCTX2() {
        assertCaught(UnicastContextsOnMutant.class, "DEMUX-3");
    }

    /** The bench takes the extra copy from the device that declares its table, and refuses it from one that claims an exact filter. */
    @Test
    void theExtraCopyIsToleratedOnlyWhereTheDeviceDeclaresIt() {
        List<MacAddress> groups = List.of(MacAddress.parse("01:00:5e:00:00:01"), MacAddress.parse("01:00:5e:00:00:02"),
                MacAddress.parse("01:00:5e:00:00:03"));
        MacAddress heard = MacAddress.parse("01:00:5e:00:00:09");
        // ctx 0 joined three groups, not the frame's; ctx 1 joined the frame's group, so the frame is no drop
        List<SwitchBench.Node> nodes = List.of(SwitchBench.Node.of(new DemuxBench.Spec(0, List.of(FrameArbitraries.mac(0, 0)), new VlanPolicy.Access(10),
                false, false, groups, null, DemuxBench.Buffers.GOOD)), SwitchBench.Node.of(new DemuxBench.Spec(1, List.of(FrameArbitraries.mac(1, 0)),
                new VlanPolicy.Access(10), false, false, List.of(heard), null, DemuxBench.Buffers.GOOD)));
        byte[] unjoined = Frames.tag(Frames.ethernet(heard, MacAddress.parse("02:bb:00:00:00:07"), Frames.IPV4,
                Frames.pattern(46, 1)), Frames.TPID_8021Q, Frames.tci(0, false, 10));

        SwitchBench imperfect = SwitchBench.start(new ImperfectMulticast(ImperfectMulticast.Flaw.NONE), nodes, 2);
        imperfect.deliver("CTX-3", unjoined);
        assertThat(imperfect.harness().counter(0, Counter.RX_FRAMES)).as("the overflowing context got the unjoined group's frame").isEqualTo(1);

        SwitchBench claimsExact = SwitchBench.start(new ClaimsExact(), nodes, 2);
        assertThatThrownBy(() -> claimsExact.deliver("CTX-2", unjoined)).isInstanceOf(AssertionError.class).hasMessageContaining("CTX-2")
                .hasMessageContaining("DEMUX-5");
    }

    /** The imperfect device, declaring an exact filter it does not have. */
    private static final class ClaimsExact implements DeviceProvider {
        private final ImperfectMulticast device = new ImperfectMulticast(ImperfectMulticast.Flaw.NONE);

        @Override
        public String name() {
            return "mutant-imperfect-multicast-claims-exact";
        }

        @Override
        public String identity() {
            return "the imperfect-multicast device declaring exactMulticastGroups = maxMulticastGroups";
        }

        @Override
        public Set<Profile> profiles() {
            return device.profiles();
        }

        @Override
        public DeviceLimits limits() {
            return device.limits().withExactMulticastGroups(device.limits().maxMulticastGroups());
        }

        @Override
        public NetchannelDevice create(DeviceEnvironment environment) {
            return device.create(environment);
        }
    }

    private static void assertCaught(Class<?> onMutant, String rule) {
        List<String> messages = Caught.assertCaught(onMutant, FULL, "CTX-2");
        assertThat(messages).as("the failure is the mutant's").allMatch(message -> message.contains("provider 'mutant-"));
        assertThat(messages).as("the context that got the extra copy is one %s leaves out", rule).anyMatch(message -> message.contains(rule));
    }
}
