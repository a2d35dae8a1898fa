package io.netchannel.model.contexts;

import static io.netchannel.model.contexts.Bench.config;
import static io.netchannel.model.contexts.Bench.frame;
import static io.netchannel.model.contexts.Bench.mac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of the host of spec 08: placement (PRIV-7, CTX-10), the switch modes across the
 * device and the software path (CTX-4..CTX-7), and differentials against a single device and
 * between placements (CTX-10). The host's hardware is the reference device.
 */
class HostTest {

    private static final DeviceLimits LIMITS = ReferenceDeviceProvider.LIMITS;
    /** A station on the wire that no context owns. */
    private static final MacAddress OUTSIDE = MacAddress.parse("02:aa:00:00:00:01");

    /** The hardware device of the last host built, seen from outside the host. */
    private Probe hardware;

    /** A host whose device is a reference device, capped at {@code hardwareContexts}. */
    private Bench host(int hardwareContexts, int softwareContexts) {
        return new Bench(env -> new Host(env, LIMITS, hardwareContexts,
                e -> hardware = new Probe(new ReferenceDevice(e, LIMITS)), softwareContexts, ReferenceDevice::new));
    }

    private static Bench single() {
        return new Bench(env -> new ReferenceDevice(env, LIMITS));
    }

    private static ControlResult mode(Bench bench, SwitchMode mode) {
        return bench.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(mode));
    }

    private static void wire(Bench bench, byte[] frame) {
        bench.device.receive(0, frame, 0, frame.length);
    }

    private static long device(Bench bench, Counter counter) {
        return bench.device.counter(Counter.DEVICE, counter);
    }

    // ------------------------------------------------------------------ placement (PRIV-7, CTX-10)

    @Test
    void required_CTX10_contextsGoToTheDeviceUpToTheHostsCapThenToTheSoftwarePath() {
        Bench bench = host(1, 4);

        assertThat(bench.create(0)).isEqualTo(ControlResult.OK);
        assertThat(bench.create(1)).isEqualTo(ControlResult.OK);

        assertThat(hardware.state(0)).isEqualTo(ContextState.ACTIVE);
        assertThat(hardware.state(1)).as("the device could hold it, the host's cap sends it to software")
                .isEqualTo(ContextState.ABSENT);
        assertThat(bench.device.state(0)).isEqualTo(ContextState.ACTIVE);
        assertThat(bench.device.state(1)).isEqualTo(ContextState.ACTIVE);
        assertThat(((Host) bench.device).limits().maxContexts()).isEqualTo(5);
    }

    @Test
    void required_PRIV7_bothPathsFullIsNoContextAvailableAndADestroyedDeviceContextFreesItsSlot() {
        Bench bench = host(1, 1);
        bench.create(0);
        bench.create(1);
        bench.prepare(2);
        byte[] txBefore = bench.memory.page(Bench.txGref(2)).clone();
        byte[] rxBefore = bench.memory.page(Bench.rxGref(2)).clone();

        assertThat(bench.device.control(Caller.HOST, new ControlRequest.CreateContext(2, config(2))))
                .isEqualTo(new ControlResult.NoContextAvailable());

        assertThat(bench.device.state(2)).isEqualTo(ContextState.ABSENT);
        assertThat(hardware.state(2)).isEqualTo(ContextState.ABSENT);
        assertThat(bench.memory.page(Bench.txGref(2))).as("rings of a refused create untouched").isEqualTo(txBefore);
        assertThat(bench.memory.page(Bench.rxGref(2))).isEqualTo(rxBefore);
        assertThat(bench.device.state(0)).isEqualTo(ContextState.ACTIVE);
        assertThat(bench.device.state(1)).isEqualTo(ContextState.ACTIVE);

        assertThat(bench.device.control(Caller.HOST, new ControlRequest.DestroyContext(0))).isEqualTo(ControlResult.OK);
        assertThat(bench.device.state(0)).isEqualTo(ContextState.ABSENT);
        assertThat(bench.create(2)).isEqualTo(ControlResult.OK);
        assertThat(hardware.state(2)).as("the freed device slot takes the next context").isEqualTo(ContextState.ACTIVE);
    }

    @Test
    void required_CTX10_anIdBeyondTheDevicesRangeIsServedInSoftware() {
        DeviceLimits small = new DeviceLimits(2, 8, 64, 1); // ids 0..1 on the device
        Bench bench = new Bench(env -> new Host(env, small, 2, e -> hardware = new Probe(new ReferenceDevice(e, small)), 2, ReferenceDevice::new));
        assertThat(((Host) bench.device).limits().maxContextId()).isEqualTo(3);

        assertThat(bench.create(3)).isEqualTo(ControlResult.OK);
        assertThat(bench.create(0)).isEqualTo(ControlResult.OK);

        assertThat(hardware.state(3)).isEqualTo(ContextState.ABSENT);
        assertThat(hardware.state(0)).isEqualTo(ContextState.ACTIVE);
        assertThat(bench.device.state(3)).isEqualTo(ContextState.ACTIVE);
        assertThat(hardware.creates).as("the device was never asked for an id it cannot name").containsExactly(0);
    }

    @Test
    void required_PRIV6_aMacOwnedOnTheOtherPathIsRefusedAsOneDeviceRefusesIt() {
        Bench bench = host(1, 4);
        bench.create(0); // device
        bench.create(1); // software

        ControlResult create = bench.create(2, config(2).toBuilder().macs(List.of(mac(0))).build());
        ControlResult update = bench.device.control(Caller.HOST,
                new ControlRequest.UpdateContext(0, config(0).toBuilder().mac(mac(1)).build()));

        assertThat(create).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
            assertThat(r.rule()).isEqualTo("PRIV-6");
            assertThat(r.category()).isEqualTo(RejectCategory.INVALID_CONFIG);
        });
        assertThat(update).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
            assertThat(r.rule()).isEqualTo("PRIV-6");
            assertThat(r.category()).isEqualTo(RejectCategory.INVALID_CONFIG);
        });
        assertThat(bench.device.state(2)).isEqualTo(ContextState.ABSENT);
        wire(bench, frame(mac(1), OUTSIDE, 1));
        bench.postRx(1, 1);
        wire(bench, frame(mac(1), OUTSIDE, 2));
        assertThat(bench.received(1)).as("context 1 still owns its MAC").hasSize(1);
    }

    @Test
    void unplacedRequestsAreAnsweredAsADeviceAnswersThem() {
        Bench bench = host(1, 4);
        bench.create(0);

        assertThat(category(bench.device.control(Caller.HOST, new ControlRequest.DestroyContext(5))))
                .isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(bench.device.control(Caller.guest(5), new ControlRequest.SetGuestConfig(5, GuestConfig.DEFAULT))))
                .isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(bench.device.control(Caller.guest(1), new ControlRequest.UpdateContext(5, config(5)))))
                .isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(bench.device.control(Caller.HOST, new ControlRequest.ResetContext(9999))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(bench.device.control(Caller.HOST, new ControlRequest.CreateContext(0, config(0)))))
                .isEqualTo(RejectCategory.CONTEXT_EXISTS);
        bench.device.kick(5, Queue.TX); // harmless
        assertThat(bench.device.counter(5, Counter.TX_FRAMES)).isZero();
        assertThat(bench.device.filterHits(5, 0)).isZero();
        assertThat(bench.events).isEmpty();
    }

    // ------------------------------------------------------------------ wire frames

    @Test
    void required_CTX10_aWireBroadcastReachesDeviceAndSoftwareGuestsOnceEachAndIsCountedOnce() {
        Bench bench = host(1, 4);
        bench.create(0);
        bench.create(1);
        bench.postRx(0, 2);
        bench.postRx(1, 2);

        wire(bench, frame(MacAddress.BROADCAST, OUTSIDE, 1));

        assertThat(bench.received(0)).hasSize(1);
        assertThat(bench.received(1)).hasSize(1);
        assertThat(device(bench, Counter.WIRE_RX_FRAMES)).isEqualTo(1);
        assertThat(device(bench, Counter.WIRE_DROP_NO_CONTEXT)).isZero();

        wire(bench, frame(mac(7), OUTSIDE, 2));

        assertThat(device(bench, Counter.WIRE_RX_FRAMES)).isEqualTo(2);
        assertThat(device(bench, Counter.WIRE_DROP_NO_CONTEXT)).as("dropped by both paths, counted once").isEqualTo(1);
        assertThat(bench.received(0)).isEmpty();
        assertThat(bench.received(1)).isEmpty();
    }

    @Test
    void receiveRefusesASliceOutsideTheArray() {
        Bench bench = host(1, 1);
        assertThatThrownBy(() -> bench.device.receive(0, new byte[20], 10, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset=10 length=11 array=20");
        assertThat(device(bench, Counter.WIRE_RX_FRAMES)).isZero();
    }

    // ------------------------------------------------------------------ switch modes (CTX-4..CTX-7)

    /** Context 0 on the device, 1 in software, both with RX buffers. */
    private Bench twoPaths() {
        Bench bench = host(1, 4);
        bench.create(0);
        bench.create(1);
        bench.postRx(0, 4);
        bench.postRx(1, 4);
        return bench;
    }

    @Test
    void required_CTX5_inVepaAGuestFrameToAnotherGuestGoesToTheWireOnly() {
        Bench bench = twoPaths();
        byte[] frame = frame(mac(1), mac(0), 1);

        bench.send(0, frame);

        assertThat(bench.wire()).containsExactly(Bench.boxed(frame));
        assertThat(bench.received(1)).isEmpty();
        assertThat(bench.device.counter(0, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(bench.events.get(bench.events.size() - 1)).as("the TX notification after the frame, as the device gave them")
                .isEqualTo(new Bench.Notification(0, Queue.TX));
    }

    @Test
    void required_CTX6_inVebAUnicastToAGuestOnTheOtherPathIsDeliveredAndKeptOffTheWire() {
        Bench bench = twoPaths();
        assertThat(mode(bench, SwitchMode.VEB)).isEqualTo(ControlResult.OK);
        byte[] frame = frame(mac(1), mac(0), 1);

        bench.send(0, frame);

        assertThat(bench.received(1)).containsExactly(Bench.boxed(frame));
        assertThat(bench.received(0)).isEmpty();
        assertThat(bench.wire()).isEmpty();
        assertThat(bench.device.counter(0, Counter.TX_FRAMES)).isEqualTo(1);
        assertThat(bench.device.counter(1, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(device(bench, Counter.WIRE_RX_FRAMES)).as("not from the wire").isZero();
        assertThat(device(bench, Counter.HOST_SWITCHED_FRAMES)).as("VEB is not the software mode").isZero();
        assertThat(hardware.requests).as("the host keeps the mode to itself")
                .noneMatch(request -> request instanceof ControlRequest.SetSwitchMode);
    }

    @Test
    void required_CTX6_inVebTheLocalDeliveryComesBeforeTheWireAndTheSendersNotification() {
        Bench bench = twoPaths();
        mode(bench, SwitchMode.VEB);
        byte[] broadcast = frame(MacAddress.BROADCAST, mac(1), 2);
        bench.send(1, broadcast);

        assertThat(bench.events).containsExactly(
                new Bench.Notification(0, Queue.RX),
                new Bench.Wire(0, Bench.boxed(broadcast)),
                new Bench.Notification(1, Queue.TX));
    }

    @Test
    void required_CTX7_softwareModeSwitchesAsVebDoesAndCountsHostSwitchedFrames() {
        Bench bench = host(2, 4);
        for (int context = 0; context < 4; context++) {
            bench.create(context); // 0 and 1 on the device, 2 and 3 in software
            bench.postRx(context, 4);
        }
        assertThat(mode(bench, SwitchMode.SOFTWARE)).isEqualTo(ControlResult.OK);
        byte[] unicast = frame(mac(2), mac(0), 1);

        bench.send(0, unicast);

        assertThat(bench.received(2)).containsExactly(Bench.boxed(unicast));
        assertThat(bench.wire()).isEmpty();
        assertThat(device(bench, Counter.HOST_SWITCHED_FRAMES)).isEqualTo(1);

        byte[] broadcast = frame(MacAddress.BROADCAST, mac(1), 2);
        bench.send(1, broadcast);

        assertThat(bench.received(0)).containsExactly(Bench.boxed(broadcast));
        assertThat(bench.received(1)).as("never back to its sender").isEmpty();
        assertThat(bench.received(2)).containsExactly(Bench.boxed(broadcast));
        assertThat(bench.received(3)).containsExactly(Bench.boxed(broadcast));
        assertThat(bench.wire()).containsExactly(Bench.boxed(broadcast));
        assertThat(device(bench, Counter.HOST_SWITCHED_FRAMES)).as("once per frame").isEqualTo(2);

        bench.send(3, frame(mac(9), mac(3), 3));

        assertThat(device(bench, Counter.HOST_SWITCHED_FRAMES)).as("no recipient, nothing switched").isEqualTo(2);
        assertThat(bench.wire()).hasSize(2);
        assertThat(device(bench, Counter.WIRE_RX_FRAMES)).isZero();
        assertThat(device(bench, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
    }

    @Test
    void required_CTX4_aGuestCannotSetTheSwitchMode() {
        Bench bench = twoPaths();

        ControlResult result = bench.device.control(Caller.guest(0), new ControlRequest.SetSwitchMode(SwitchMode.VEB));

        assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class, r -> {
            assertThat(r.rule()).isEqualTo("PRIV-2");
            assertThat(r.category()).isEqualTo(RejectCategory.PRIVILEGE);
        });
        bench.send(0, frame(mac(1), mac(0), 1));
        assertThat(bench.wire()).as("still VEPA").hasSize(1);
        assertThat(bench.received(1)).isEmpty();
    }

    @Test
    void required_CTX4_theHostAcceptsEveryModeAgainAndAgain() {
        Bench bench = host(1, 1);
        for (SwitchMode mode : List.of(SwitchMode.SOFTWARE, SwitchMode.SOFTWARE, SwitchMode.VEB, SwitchMode.VEPA, SwitchMode.VEPA)) {
            assertThat(mode(bench, mode)).isEqualTo(ControlResult.OK);
        }
        assertThat(hardware.requests).isEmpty();
    }

    // ------------------------------------------------------------------ differentials (CTX-10)

    /**
     * Three guests and a fourth on VLAN 5, wire and guest frames of every kind, control requests
     * that succeed and fail; every guest reads its ring after each step. Returns the answers to
     * the control requests as rule and category.
     */
    private static List<String> script(Bench bench, SwitchMode mode) {
        List<String> answers = new ArrayList<>();
        if (mode != SwitchMode.VEPA) {
            answers.add(answer(mode(bench, mode)));
        }
        for (int context = 0; context < 3; context++) {
            answers.add(answer(bench.create(context)));
            bench.postRx(context, 6);
        }
        answers.add(answer(bench.create(3, config(3).toBuilder().vlan(new VlanPolicy.Access(5)).build())));
        bench.postRx(3, 6);
        List<Runnable> steps = List.of(
                () -> wire(bench, frame(MacAddress.BROADCAST, OUTSIDE, 1)),
                () -> wire(bench, frame(mac(2), OUTSIDE, 2)),
                () -> wire(bench, frame(mac(7), OUTSIDE, 3)),
                () -> bench.send(0, frame(mac(1), mac(0), 4)),
                () -> bench.send(1, frame(MacAddress.BROADCAST, mac(1), 5)),
                () -> bench.send(2, frame(mac(1), mac(0), 6)), // spoofed: dropped
                () -> bench.send(3, frame(MacAddress.BROADCAST, mac(3), 7)), // tagged VID 5 on the way out
                () -> answers.add(answer(bench.device.control(Caller.HOST, new ControlRequest.DestroyContext(5)))),
                () -> answers.add(answer(bench.device.control(Caller.guest(1),
                        new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT)))),
                () -> answers.add(answer(bench.create(4, config(4).toBuilder().macs(List.of(mac(0))).build()))),
                () -> answers.add(answer(bench.device.control(Caller.HOST, new ControlRequest.CreateContext(1, config(1))))),
                () -> answers.add(answer(bench.device.control(Caller.HOST,
                        new ControlRequest.UpdateContext(2, config(2).toBuilder().promiscuousAllowed(true).build())))),
                () -> answers.add(answer(bench.device.control(Caller.guest(2),
                        new ControlRequest.SetGuestConfig(2, GuestConfig.builder().promiscuous(true).build())))),
                () -> wire(bench, frame(mac(0), OUTSIDE, 8)),
                () -> bench.send(1, frame(mac(0), mac(1), 9)),
                () -> answers.add(answer(bench.device.control(Caller.HOST, new ControlRequest.DestroyContext(1)))),
                () -> wire(bench, frame(MacAddress.BROADCAST, OUTSIDE, 10)),
                () -> bench.send(0, frame(MacAddress.BROADCAST, mac(0), 11)),
                () -> bench.device.advanceTo(1_000));
        for (Runnable step : steps) {
            step.run();
            for (int context = 0; context < 4; context++) {
                bench.received(context);
            }
        }
        return answers;
    }

    private static String answer(ControlResult result) {
        return result instanceof ControlResult.Rejected rejected ? rejected.rule() + " " + rejected.category() : result.toString();
    }

    private static RejectCategory category(ControlResult result) {
        return result instanceof ControlResult.Rejected rejected ? rejected.category() : null;
    }

    /** What a guest, the wire and the counters can see; {@code inOrder} keeps the sink's whole order. */
    private static Map<String, Object> observations(Bench bench, List<String> answers, boolean inOrder) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("answers", answers);
        if (inOrder) {
            seen.put("sink", bench.events);
        }
        seen.put("wire", bench.wire());
        for (Counter counter : Counter.values()) {
            seen.put("device " + counter, bench.device.counter(Counter.DEVICE, counter));
        }
        for (int context = 0; context < 6; context++) {
            seen.put("state " + context, bench.device.state(context));
            seen.put("notifications " + context, bench.notifications(context));
            for (Counter counter : Counter.values()) {
                seen.put("counter " + context + " " + counter, bench.device.counter(context, counter));
            }
            seen.put("filter hits " + context, bench.device.filterHits(context, 0));
            List<Integer> grefs = new ArrayList<>(List.of(Bench.txGref(context), Bench.rxGref(context)));
            for (int page = 0; page < Bench.PAGES; page++) {
                grefs.add(Bench.dataGref(context, page));
            }
            for (int gref : grefs) {
                byte[] page = bench.memory.page(gref);
                seen.put("page " + gref, page == null ? "never granted" : HexFormat.of().formatHex(page));
            }
        }
        return seen;
    }

    @Test
    void required_CTX10_inVepaAHostWithOneDeviceContextShowsWhatOneDeviceWithEnoughContextsShows() {
        Bench single = single();
        Bench host = host(1, 8);

        Map<String, Object> expected = observations(single, script(single, SwitchMode.VEPA), true);
        Map<String, Object> actual = observations(host, script(host, SwitchMode.VEPA), true);

        assertThat(hardware.creates).as("the script used both paths").containsExactly(0);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void required_CTX10_inVebAndSoftwareEveryPlacementShowsTheSame() {
        Bench vepa = single();
        script(vepa, SwitchMode.VEPA);
        for (SwitchMode mode : List.of(SwitchMode.VEB, SwitchMode.SOFTWARE)) {
            Bench allSoftware = host(0, 8);
            Map<String, Object> expected = observations(allSoftware, script(allSoftware, mode), false);
            for (int hardwareContexts : new int[] {1, 2, 8}) {
                Bench bench = host(hardwareContexts, 8);
                Map<String, Object> actual = observations(bench, script(bench, mode), false);
                assertThat(actual).as("mode=%s hardwareContexts=%d", mode, hardwareContexts).isEqualTo(expected);
            }
            assertThat(allSoftware.wire()).as("mode=%s: some frames stayed local", mode).hasSizeLessThan(vepa.wire().size());
            assertThat(allSoftware.device.counter(0, Counter.RX_FRAMES)).as("mode=%s: switched frames arrived", mode)
                    .isGreaterThan(vepa.device.counter(0, Counter.RX_FRAMES));
            assertThat(device(allSoftware, Counter.HOST_SWITCHED_FRAMES)).as("mode=%s", mode)
                    .isEqualTo(mode == SwitchMode.SOFTWARE ? 4 : 0);
        }
    }

    // ------------------------------------------------------------------ construction and time

    @Test
    void argumentsAreCheckedAndNamed() {
        DeviceEnvironment environment = new DeviceEnvironment(new InMemoryGuestMemory(1), new DeviceSink() {
            @Override
            public void transmit(int port, byte[] frame, int offset, int length) {
            }

            @Override
            public void notify(int context, Queue queue) {
            }
        });
        assertThatThrownBy(() -> new Host(environment, LIMITS, -1, e -> new ReferenceDevice(e, LIMITS), 1, ReferenceDevice::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hardwareContexts=-1");
        assertThatThrownBy(() -> new Host(environment, LIMITS, 1, e -> new ReferenceDevice(e, LIMITS), 0, ReferenceDevice::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softwareContexts=0");
        DeviceLimits two = new DeviceLimits(2, 8, 64, 1);
        assertThat(new Host(environment, two, 5, e -> new ReferenceDevice(e, two), 3, ReferenceDevice::new).limits())
                .as("the device counts up to what it can hold").isEqualTo(two.withMaxContexts(5));
    }

    @Test
    void timeReachesBothPathsAndNeverGoesBack() {
        Bench bench = host(1, 1);
        bench.device.advanceTo(50);
        assertThat(hardware.now).isEqualTo(50);
        assertThatThrownBy(() -> bench.device.advanceTo(49)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nanos=49 now=50");
        assertThat(hardware.now).isEqualTo(50);
    }

    /** A device that records what the host asked of it and passes everything on. */
    private static final class Probe implements NetchannelDevice {
        final NetchannelDevice inner;
        final List<ControlRequest> requests = new ArrayList<>();
        final List<Integer> creates = new ArrayList<>();
        long now;

        Probe(NetchannelDevice inner) {
            this.inner = inner;
        }

        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            requests.add(request);
            ControlResult result = inner.control(caller, request);
            if (request instanceof ControlRequest.CreateContext && result instanceof ControlResult.Ok) {
                creates.add(request.context());
            }
            return result;
        }

        @Override
        public void kick(int context, Queue queue) {
            inner.kick(context, queue);
        }

        @Override
        public void receive(int port, byte[] frame, int offset, int length) {
            inner.receive(port, frame, offset, length);
        }

        @Override
        public void advanceTo(long nanos) {
            now = nanos;
            inner.advanceTo(nanos);
        }

        @Override
        public ContextState state(int context) {
            return inner.state(context);
        }

        @Override
        public long counter(int context, Counter counter) {
            return inner.counter(context, counter);
        }

        @Override
        public long filterHits(int context, int rule) {
            return inner.filterHits(context, rule);
        }
    }
}
