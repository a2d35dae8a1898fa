package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.VlanPolicy;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any configuration of the contract, RX rules included, survives the vector format (spec 05, section 5.3): request
 * to step, step to canonical YAML, YAML back through the schema and the value checks, back to the
 * same request — and the canonical text is a fixed point.
 */
class PolicyCodecProperties {

    @Property(tries = 300)
    void everyContextConfigRoundTrips(@ForAll("configs") ContextConfig config, @ForAll boolean update) {
        ControlRequest request = update ? new ControlRequest.UpdateContext(3, config) : new ControlRequest.CreateContext(3, config);
        roundTrip(Caller.HOST, request);
    }

    @Property(tries = 50)
    void everyGuestConfigRoundTrips(@ForAll boolean promiscuous, @ForAll boolean allMulticast, @ForAll("groups") List<MacAddress> groups) {
        roundTrip(Caller.guest(2), new ControlRequest.SetGuestConfig(2, new GuestConfig(promiscuous, groups, allMulticast)));
    }

    private static void roundTrip(Caller caller, ControlRequest request) {
        Step step = Step.of(Controls.of(caller, request)).expecting(new Step.Expect("ok", null, null, null, null, null, null));
        VectorFile.Test test = new VectorFile.Test(1, "privilege.scenarios.round-trip", List.of("PRIV-1"), "c", null, "valid", null, null,
                List.of(step), null, null, null);
        VectorFile file = new VectorFile(VectorFile.SCHEMA, "0.1.0", "scenario", "privilege", "round-trip", "core",
                new VectorFile.Generator("t", "1"), 1, "h", Map.of(), List.of(new VectorFile.Group(null, List.of("core"), null, List.of(test))));
        String text = VectorCodec.write(file);
        VectorFile read = VectorCodec.read("round-trip.yaml", text);
        assertThat(VectorCodec.write(read)).isEqualTo(text);
        assertThat(Controls.request(read.tests().get(0).steps().get(0).control())).isEqualTo(request);
    }

    @Provide
    Arbitrary<ContextConfig> configs() {
        Arbitrary<VlanPolicy> vlan = Arbitraries.oneOf(Arbitraries.just(VlanPolicy.UNTAGGED),
                vids().map(VlanPolicy.Access::new), vids().list().ofMaxSize(10).map(VlanPolicy.Trunk::new));
        Arbitrary<FilterRule> rule = Combinators.combine(matches(), Arbitraries.of(FilterAction.class)).as(FilterRule::new);
        return Combinators.combine(vlan, rule.list().ofMaxSize(20), Arbitraries.of(FilterAction.class), Arbitraries.integers().between(0, 3),
                        Arbitraries.of(true, false), rule.list().ofMaxSize(20), Arbitraries.of(FilterAction.class))
                .as((policy, rules, otherwise, macs, promiscuousAllowed, rxRules, rxDefault) -> {
                    ContextConfig.Builder built = ContextConfig.builder().txRingGref(1).rxRingGref(-2).promiscuousAllowed(promiscuousAllowed)
                            .vlan(policy).txRules(rules).txDefault(otherwise).rxRules(rxRules).rxDefault(rxDefault);
                    for (int i = 0; i < macs; i++) {
                        built.mac(new MacAddress(0x0200_0000_0000L + i));
                    }
                    return built.build();
                });
    }

    @Provide
    Arbitrary<List<MacAddress>> groups() {
        return Arbitraries.longs().between(0, 0xFF_FFFFL).map(low -> new MacAddress(0x0100_5E00_0000L | low)).list().ofMaxSize(4);
    }

    private static Arbitrary<Integer> vids() {
        return Arbitraries.integers().between(0, VlanPolicy.VID_FIELD_MAX);
    }

    private static Arbitrary<FilterMatch> matches() {
        Arbitrary<IpPrefix> prefix = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4), Arbitraries.integers().between(0, 32)).as(PolicyCodecProperties::prefix),
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.integers().between(0, 128)).as(PolicyCodecProperties::prefix));
        Arbitrary<PortRange> ports = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF))
                .as((a, b) -> new PortRange(Math.min(a, b), Math.max(a, b)));
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF).injectNull(0.5), prefix.injectNull(0.5), prefix.injectNull(0.5),
                        Arbitraries.integers().between(0, 0xFF).injectNull(0.5), ports.injectNull(0.5), ports.injectNull(0.5))
                .as((etherType, source, destination, protocol, sourcePort, destinationPort) -> {
                    FilterMatch.Builder built = FilterMatch.builder();
                    if (etherType != null) {
                        built.etherType(etherType);
                    }
                    if (source != null) {
                        built.source(source);
                    }
                    if (destination != null) {
                        built.destination(destination);
                    }
                    if (protocol != null) {
                        built.protocol(protocol);
                    }
                    if (sourcePort != null) {
                        built.sourcePort(sourcePort);
                    }
                    if (destinationPort != null) {
                        built.destinationPort(destinationPort);
                    }
                    return built.build();
                });
    }

    /** {@code address} with the bits beyond {@code length} cleared. */
    private static IpPrefix prefix(byte[] address, int length) {
        for (int bit = length; bit < address.length * 8; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(address, length);
    }
}
