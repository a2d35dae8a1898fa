package io.netchannel.conformance.relocation;

import io.netchannel.conformance.DelegatingDevice;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * States exported by real devices — the reference model and the fast NIC — after varied
 * histories: written canonically and read back equal (RELOC-10), valid against the schema, and a
 * fixed point of export → import → export on a fresh device of the same and of the other make,
 * byte for byte (RELOC-9). And the {@code relocate} demonstration agrees across every pair of
 * devices (RELOC-8), and catches a target whose import loses an owed notification.
 */
class RelocationDevicesTest {

    private static final int CTX = 0;
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:fb");
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    private static final List<String> PROVIDERS = List.of("reference", "fast");

    /** One history up to the export: its name, the host and guest configuration, the traffic. */
    private record History(String name, UnaryOperator<ContextConfig.Builder> host, GuestConfig guest, Consumer<Bench> traffic,
            ContextState expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A guest with its rings, one TX data page of frames and RX buffers. */
    private record Bench(Harness h, GuestDriver guest, int data, int[] buffers) {
        void send(int count, int offset, int size) {
            for (int i = 0; i < count; i++) {
                guest.queue(List.of(new TxSlot.Data(data, offset, 0, i, size)));
            }
            if (guest.pushTx()) {
                h.kick(CTX, Queue.TX);
            }
        }

        void wire(MacAddress destination, int length) {
            byte[] frame = new byte[length];
            frame(destination, PEER, frame, 0, length, 0x88b5);
            h.receive(0, frame);
        }
    }

    private static void frame(MacAddress destination, MacAddress source, byte[] into, int at, int length, int etherType) {
        destination.write(into, at);
        source.write(into, at + 6);
        into[at + 12] = (byte) (etherType >> 8);
        into[at + 13] = (byte) etherType;
        for (int k = 14; k < length; k++) {
            into[at + k] = (byte) (k * 13);
        }
    }

    private static List<History> histories() {
        GuestConfig joined = GuestConfig.builder().join(GROUP).build();
        FilterRule dropExperimental = FilterRule.drop(FilterMatch.builder().etherType(0x88b6).build());
        FilterRule allowUdp = FilterRule.allow(FilterMatch.builder().protocol(17).destinationPort(new PortRange(1024, 65535)).build());
        return List.of(
                new History("unlimited", b -> b, joined, bench -> {
                    bench.guest().post(bench.buffers()[0], bench.buffers()[1]);
                    bench.send(3, 0, 1514);
                    bench.wire(MAC, 200);
                    bench.wire(GROUP, 90);
                }, ContextState.ACTIVE),
                new History("limited, waiting for credit", b -> b.txRate(new TxRate(10_000, 1_000_000, 65_535)), joined,
                        bench -> bench.send(48, 0, 1514), ContextState.ACTIVE),
                new History("limited, idle with credit spent", b -> b.txRate(TxRate.xen(20_000, 20_000)), GuestConfig.DEFAULT, bench -> {
                    bench.send(5, 0, 1514);
                    bench.h().advance(3_000_000);
                }, ContextState.ACTIVE),
                new History("coalescing pending on both queues", b -> b,
                        GuestConfig.builder().coalescing(Queue.TX, new Coalescing(16, 2_000_000)).coalescing(Queue.RX, new Coalescing(8, 500_000)).build(),
                        bench -> {
                            bench.guest().post(bench.buffers()[0], bench.buffers()[1], bench.buffers()[2]);
                            bench.wire(MAC, 300);
                            bench.h().advance(1_000);
                            bench.wire(MAC, 301);
                            bench.send(2, 0, 1514);
                            bench.h().advance(7_000);
                        }, ContextState.ACTIVE),
                new History("LRO and checksum on", b -> b, GuestConfig.builder().offloads(new Offloads(true, 200_000)).build(), bench -> {
                    bench.guest().post(bench.buffers()[0]);
                    bench.wire(MAC, 400);
                }, ContextState.ACTIVE),
                new History("VLAN trunk", b -> b.vlan(new VlanPolicy.Trunk(List.of(10, 20, 4094))), joined, bench -> {
                    bench.guest().post(bench.buffers()[0]);
                    bench.wire(MAC, 100);
                }, ContextState.ACTIVE),
                new History("TX and RX filter rules", b -> b.txRule(dropExperimental).txRule(allowUdp).txDefault(FilterAction.ALLOW)
                        .rxRule(FilterRule.drop(FilterMatch.builder().etherType(0x0806).build())).rxDefault(FilterAction.ALLOW), joined, bench -> {
                            bench.send(2, 0, 1514);
                            bench.send(1, 2048, 600); // EtherType 0x88b6: dropped by rule 0
                        }, ContextState.ACTIVE),
                new History("promiscuous, all-multicast, several groups", b -> b.promiscuousAllowed(true).mac(MacAddress.parse("02:00:00:00:00:02")),
                        GuestConfig.builder().promiscuous(true).allMulticast(true).join(GROUP).join(MacAddress.parse("33:33:00:00:00:01"))
                                .join(MacAddress.parse("01:00:5e:7f:ff:fa")).build(), bench -> {
                            bench.guest().post(bench.buffers()[0], bench.buffers()[1]);
                            bench.wire(PEER, 120);
                        }, ContextState.ACTIVE),
                new History("FAILED by a request crossing its page", b -> b.txRate(TxRate.xen(20_000, 20_000)), joined, bench -> {
                    bench.guest().send(List.of(new TxSlot.Data(bench.data(), 4000, 0, 1, 1514)));
                }, ContextState.FAILED));
    }

    private static Harness history(DeviceProvider provider, History history) {
        Harness h = Harness.start(provider);
        GuestDriver guest = h.guest(CTX);
        int data = h.grantPage(CTX, Access.READ_ONLY);
        frame(PEER, MAC, h.memory().page(data), 0, 1514, 0x88b5);
        frame(PEER, MAC, h.memory().page(data), 2048, 600, 0x88b6);
        int[] buffers = new int[4];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = h.grantPage(CTX, Access.READ_WRITE);
        }
        ContextConfig config = history.host().apply(ContextConfig.builder().mac(MAC).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())).build();
        assertThat(h.control(Caller.HOST, new ControlRequest.CreateContext(CTX, config))).as("%s: create", history).isEqualTo(ControlResult.OK);
        assertThat(h.control(Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX, history.guest()))).as("%s: guest config", history)
                .isEqualTo(ControlResult.OK);
        h.advanceTo(1_000);
        history.traffic().accept(new Bench(h, guest, data, buffers));
        h.advance(2_000);
        assertThat(h.state(CTX)).as("%s on %s", history, provider.name()).isEqualTo(history.expected());
        return h;
    }

    static Stream<Arguments> moves() {
        List<Arguments> all = new ArrayList<>();
        for (History history : histories()) {
            for (String from : PROVIDERS) {
                for (String to : PROVIDERS) {
                    all.add(Arguments.of(history, from, to));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("moves")
    @Requirement("RELOC-9")
    @Requirement("RELOC-10")
    void required_RELOC9_exportImportExportIsByteIdenticalAcrossDevices(History history, String from, String to) {
        Harness h = history(Providers.find(from), history);
        ControlResult first = h.control(Caller.HOST, new ControlRequest.ExportContext(CTX));
        assertThat(first).as("%s: export on %s", history, from).isInstanceOf(ControlResult.Exported.class);
        RelocationState state = ((ControlResult.Exported) first).state();
        String canonical = RelocationDocument.canonical(state);
        assertThat(RelocationDocument.read(canonical)).as("RELOC-10: %s reads back", canonical).isEqualTo(state);
        assertThat(RelocationSchemaTest.problems(canonical)).as("the schema: %s", canonical).isEmpty();
        assertThat(state.runtime().counters().keySet()).containsExactlyInAnyOrderElementsOf(RelocationState.CONTEXT_COUNTERS);

        List<Harness.Move> moves = h.relocate(Providers.find(to));
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).imported()).as("%s: import of %s on a fresh %s device", history, canonical, to).isEqualTo(ControlResult.OK);
        assertThat(RelocationDocument.canonical(((ControlResult.Exported) moves.get(0).exported()).state()))
                .as("the relocation's own export, one call after the first with nothing between").isEqualTo(canonical);
        ControlResult again = h.control(Caller.HOST, new ControlRequest.ExportContext(CTX));
        assertThat(again).isInstanceOf(ControlResult.Exported.class);
        assertThat(RelocationDocument.canonical(((ControlResult.Exported) again).state()))
                .as("RELOC-9: export right after the import on %s, from %s (%s)", to, from, history).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    @Requirement("RELOC-8")
    void required_RELOC8_theDemonstrationAgreesForEveryPairOfDevices(String from, String to) {
        RelocationDemo.Result result = RelocationDemo.run(Providers.find(from), Providers.find(to));
        assertThat(result.difference()).as(result.document()).isNull();
        assertThat(result.exported().runtime().credit()).hasValueSatisfying(credit -> assertThat(credit.waiting()).isTrue());
        assertThat(result.exported().runtime().rxCompletions().pending()).isEqualTo(2);
        assertThat(result.exported().guest().offloads().lro()).isTrue();
        assertThat(result.compared()).isNotEmpty();
    }

    static Stream<Arguments> pairs() {
        return PROVIDERS.stream().flatMap(from -> PROVIDERS.stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenImports")
    void theDemonstrationNamesTheFirstDifferenceOfABrokenImport(String what, UnaryOperator<RelocationState> breakage, String expected) {
        DeviceProvider broken = breaking(Providers.find("reference"), breakage);
        RelocationDemo.Result result = RelocationDemo.run(Providers.find("fast"), broken);
        assertThat(result.equal()).as("a target that %s must be caught", what).isFalse();
        assertThat(result.difference()).contains(expected);
    }

    static Stream<Arguments> brokenImports() {
        UnaryOperator<RelocationState> noOwedNotification = s -> new RelocationState(s.host(), s.guest(), new RelocationState.Runtime(
                s.runtime().state(), s.runtime().tx(), s.runtime().rx(), s.runtime().credit(), s.runtime().txCompletions(),
                RelocationState.Completions.settledAt(s.runtime().rx().rspProd()), s.runtime().counters(), s.runtime().filterHits()));
        UnaryOperator<RelocationState> fullBucket = s -> new RelocationState(s.host(), s.guest(), new RelocationState.Runtime(
                s.runtime().state(), s.runtime().tx(), s.runtime().rx(), java.util.Optional.of(new RelocationState.Credit(
                        s.host().txRate().burstBytes() * s.host().txRate().periodNanos(), java.util.OptionalLong.empty())),
                s.runtime().txCompletions(), s.runtime().rxCompletions(), s.runtime().counters(), s.runtime().filterHits()));
        UnaryOperator<RelocationState> countersReset = s -> new RelocationState(s.host(), s.guest(), new RelocationState.Runtime(
                s.runtime().state(), s.runtime().tx(), s.runtime().rx(), s.runtime().credit(), s.runtime().txCompletions(),
                s.runtime().rxCompletions(), RelocationDocumentTest.counters(java.util.Map.of()), s.runtime().filterHits()));
        return Stream.of(Arguments.of("drops the owed RX notification", noOwedNotification, "notification"),
                Arguments.of("refills the token bucket", fullBucket, "wire frame"),
                Arguments.of("resets the counters", countersReset, "counter"));
    }

    /** {@code provider} whose devices import {@code breakage} of every state they are given. */
    private static DeviceProvider breaking(DeviceProvider provider, UnaryOperator<RelocationState> breakage) {
        return DelegatingDevice.wrapping(provider, provider.name() + "-broken", device -> new DelegatingDevice(device) {
            @Override
            public ControlResult control(Caller caller, ControlRequest request) {
                return super.control(caller, request instanceof ControlRequest.ImportContext imported
                        ? new ControlRequest.ImportContext(imported.context(), breakage.apply(imported.state())) : request);
            }
        });
    }
}
