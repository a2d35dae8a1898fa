package io.netchannel.model.contexts;

import static io.netchannel.model.contexts.Bench.config;
import static io.netchannel.model.contexts.Bench.mac;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host of spec 08 with the timers of chapters 09 and 10: what a path releases inside
 * advanceTo or inside a control call is switched and forwarded as what it releases in a kick.
 * Context 0 lives on the device, context 1 on the software path; in VEB mode a frame between them
 * stays inside the host. Under 1000 bytes per ms with a burst of 65535, sixteen 4000-byte frames
 * leave at once and the seventeenth at 2465 µs.
 */
class HostTimersTest {

    private static final DeviceLimits LIMITS = ReferenceDeviceProvider.LIMITS;
    private static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    private static final long SEVENTEENTH_DUE = 2_465_000;

    private final Bench bench = new Bench(env -> new Host(env, LIMITS, 1, e -> new ReferenceDevice(e, LIMITS), 4, ReferenceDevice::new));

    /** A 4000-byte frame from context 0 to {@code destination}, EtherType 0x88b5, payload counting from {@code seed}. */
    private static byte[] frame(MacAddress destination, int seed) {
        byte[] frame = new byte[4000];
        for (int i = 14; i < frame.length; i++) {
            frame[i] = (byte) (seed + i);
        }
        destination.write(frame, 0);
        mac(0).write(frame, 6);
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;
        return frame;
    }

    private void createBothAndSendSeventeen(ContextConfig sender) {
        assertThat(bench.create(0, sender)).isEqualTo(ControlResult.OK); // the device's one context
        assertThat(bench.create(1)).isEqualTo(ControlResult.OK); // software
        assertThat(bench.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB))).isEqualTo(ControlResult.OK);
        bench.postRx(1, 40);
        for (int i = 0; i < 17; i++) {
            bench.send(0, frame(mac(1), i));
        }
    }

    @Test
    void required_QOS6_aFrameTheDeviceReleasesInsideAdvanceToReachesASoftwareGuest() {
        createBothAndSendSeventeen(config(0).toBuilder().txRate(RATE).build());
        assertThat(bench.received(1)).hasSize(16);

        bench.device.advanceTo(SEVENTEENTH_DUE - 1);
        assertThat(bench.received(1)).isEmpty();
        bench.device.advanceTo(SEVENTEENTH_DUE);

        assertThat(bench.received(1)).hasSize(1);
        assertThat(bench.wire()).as("VEB: a frame for a local guest stays local").isEmpty();
        assertThat(bench.device.counter(0, Counter.TX_RATE_LIMITED)).isEqualTo(1);
        assertThat(bench.device.counter(1, Counter.RX_FRAMES)).isEqualTo(17);
    }

    @Test
    void required_QOS8_framesAnUpdateReleasesAreSwitchedInsideTheControlCall() {
        createBothAndSendSeventeen(config(0).toBuilder().txRate(RATE).build());
        assertThat(bench.received(1)).hasSize(16);

        assertThat(bench.device.control(Caller.HOST, new ControlRequest.UpdateContext(0, config(0)))).isEqualTo(ControlResult.OK);

        assertThat(bench.received(1)).hasSize(1);
        assertThat(bench.device.counter(0, Counter.TX_FRAMES)).isEqualTo(17);
    }

    @Test
    void required_QOS6_aFrameReleasedToTheWireInsideAdvanceToLeavesTheHost() {
        createBothAndSendSeventeen(config(0).toBuilder().txRate(RATE).build());
        bench.send(0, frame(MacAddress.parse("02:aa:00:00:00:01"), 99)); // behind the held one, for the wire
        bench.events.clear();

        bench.device.advanceTo(SEVENTEENTH_DUE + 4_000_000);

        assertThat(bench.wire()).hasSize(1);
        assertThat(bench.received(1)).hasSize(17);
    }

    @Test
    void required_COAL5_COAL7_notificationsOfTimersAndOfAGuestConfigurationLeaveTheHost() {
        assertThat(bench.create(0)).isEqualTo(ControlResult.OK);
        assertThat(bench.create(1)).isEqualTo(ControlResult.OK);
        for (int context = 0; context < 2; context++) {
            GuestConfig coalesced = GuestConfig.builder().coalescing(Queue.TX, new Coalescing(10, 50_000)).build();
            assertThat(bench.device.control(Caller.guest(context), new ControlRequest.SetGuestConfig(context, coalesced)))
                    .isEqualTo(ControlResult.OK);
            bench.send(context, Bench.frame(MacAddress.BROADCAST, mac(context), context));
        }
        assertThat(bench.notifications(0)).isEmpty();
        assertThat(bench.notifications(1)).isEmpty();

        bench.device.advanceTo(50_000);
        assertThat(bench.notifications(0)).as("the device's deadline").containsExactly(Queue.TX);
        assertThat(bench.notifications(1)).as("the software path's deadline").containsExactly(Queue.TX);

        bench.memory.page(Bench.txGref(1))[12] = 2; // rsp_event 2: wake me for the next response
        bench.send(1, Bench.frame(MacAddress.BROADCAST, mac(1), 7));
        bench.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.DEFAULT));
        assertThat(bench.notifications(1)).as("COAL-7 inside the control call").containsExactly(Queue.TX, Queue.TX);
        assertThat(bench.events.stream().filter(e -> e instanceof Bench.Wire).toList()).hasSize(3);
        assertThat(List.copyOf(bench.notifications(0))).containsExactly(Queue.TX);
    }
}
