package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.model.offload.TestFrames;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One guest's life around a move (spec 12, section 6), written once so that every world in the
 * RELOC-8 and RELOC-12 tests lives it alike: a history that leaves context 1 waiting for credit with
 * TX packets on its ring, RX completions pending under coalescing and an LRO aggregate held at the
 * export instant {@link #EXPORT_AT}; then a future of frames, kicks, guest writes and time.
 */
final class Journey {

    static final int CONTEXT = 1;
    /** The export instant: the aggregate of segments 0 and 1 is held (due at 150 µs), two RX completions of 100 µs are pending. */
    static final long EXPORT_AT = 120_000;
    /** 1000 bytes per millisecond, the smallest burst: sixteen 4000-byte packets leave at once, the seventeenth at 2465 µs. */
    static final TxRate RATE = new TxRate(1000, 1_000_000, 65_535);
    static final long LRO_FLUSH = 50_000;
    static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");
    static final byte[] REMOTE = TestFrames.hex("020000000099");

    private Journey() {
    }

    static ContextConfig host() {
        return Rig.config(CONTEXT).toBuilder().txRate(RATE).txRule(FilterRule.allow(FilterMatch.ANY)).build();
    }

    static GuestConfig guest() {
        return GuestConfig.builder().join(GROUP).coalescing(Queue.TX, new Coalescing(4, 200_000))
                .coalescing(Queue.RX, new Coalescing(3, 150_000)).offloads(new Offloads(true, LRO_FLUSH)).build();
    }

    /** Segment {@code index} of a TCP flow from the wire to context 1: 1000 payload bytes, not pushed. */
    static byte[] segment(int index) {
        return TestFrames.tcp().macs(Offload.mac(CONTEXT), REMOTE).payload(TestFrames.payload(1000, index)).seq(5000 + 1000L * index)
                .id(7 + index).build();
    }

    private static byte[] packet(int length) {
        return Rig.frame(MacAddress.BROADCAST, Rig.mac(CONTEXT), length);
    }

    private static void receive(Rig rig, byte[] frame) {
        rig.device.receive(0, frame, 0, frame.length);
    }

    /** Creates context 1 on a fresh rig and lives until {@link #EXPORT_AT}. */
    static void history(Rig rig) {
        rig.create(CONTEXT, 0, host());
        ControlResult set = rig.device.control(Caller.guest(CONTEXT), new ControlRequest.SetGuestConfig(CONTEXT, guest()));
        assertThat(set).isEqualTo(ControlResult.OK);
        for (int i = 0; i < 8; i++) {
            rig.postRx(CONTEXT, i, 200 + i); // RX buffers on data pages 0..7
        }
        for (int i = 0; i < 20; i++) {
            rig.queueSimple(CONTEXT, 12, 100 + i, packet(4000)); // TX data from page 12
        }
        rig.pushTx(CONTEXT); // sixteen leave at 0, four wait
        rig.device.advanceTo(100_000);
        receive(rig, Rig.frame(Rig.mac(CONTEXT), 200)); // not a TCP segment: delivered, one RX completion pending
        receive(rig, segment(0));
        receive(rig, segment(1)); // merged with segment 0, held until 150 µs
        rig.device.advanceTo(EXPORT_AT);
    }

    /**
     * What follows the export, the same calls whichever device serves the guest.
     *
     * @return after each step of time, what had left the device and both rings' rsp_prod: the
     *     timing of the observations, which the end state alone would not show
     */
    static List<String> future(Rig rig) {
        List<String> timeline = new ArrayList<>();
        advance(rig, 130_000, timeline);
        receive(rig, Rig.frame(GROUP, 90)); // the group the guest joined: the third RX completion decides
        byte[] rx = rig.rx(CONTEXT);
        Guest.putU32(rx, Guest.RSP_EVENT, Guest.u32(rx, Guest.RSP_PROD) + 1); // the guest reaps and re-arms
        receive(rig, Rig.frame(MacAddress.parse("02:00:00:00:00:77"), 80)); // no one's
        receive(rig, segment(2));
        receive(rig, segment(3));
        checkpoint(rig, timeline);
        advance(rig, 170_000, timeline); // the new aggregate flushed at its due time
        byte[] tx = rig.tx(CONTEXT);
        Guest.putU32(tx, Guest.RSP_EVENT, Guest.u32(tx, Guest.RSP_PROD) + 1);
        advance(rig, 2_465_000, timeline); // the first waiting packet leaves
        for (int i = 0; i < 3; i++) {
            rig.queueSimple(CONTEXT, 13, 300 + i, packet(1500));
        }
        rig.pushTx(CONTEXT); // they queue behind the waiting ones
        receive(rig, Rig.frame(MacAddress.BROADCAST, 64));
        checkpoint(rig, timeline);
        for (long t = 2_500_000; t <= 3_000_000; t += 100_000) {
            advance(rig, t, timeline);
        }
        for (int i = 0; i < 4; i++) {
            rig.postRx(CONTEXT, 8 + i, 208 + i);
        }
        receive(rig, Rig.frame(Rig.mac(CONTEXT), 300));
        Guest.putU32(tx, Guest.RSP_EVENT, Guest.u32(tx, Guest.RSP_PROD) + 1);
        for (long t = 4_000_000; t <= 30_000_000; t += 1_000_000) {
            advance(rig, t, timeline); // every packet gone at its time
        }
        return timeline;
    }

    private static void advance(Rig rig, long t, List<String> timeline) {
        rig.device.advanceTo(t);
        timeline.add("t=" + t);
        checkpoint(rig, timeline);
    }

    private static void checkpoint(Rig rig, List<String> timeline) {
        timeline.add("events=" + rig.sink.events.size() + " tx.rsp_prod=" + Guest.u32(rig.tx(CONTEXT), Guest.RSP_PROD) + " rx.rsp_prod="
                + Guest.u32(rig.rx(CONTEXT), Guest.RSP_PROD));
    }

    /**
     * What the guest and the wire can observe of context 1 on {@code rig}: the events from
     * {@code from} on, both ring pages and every data page, and what the host reads.
     */
    record Observation(List<String> events, String txRing, String rxRing, List<String> dataPages, ContextState state,
            Map<Counter, Long> counters, List<Long> filterHits) {
    }

    static Observation observe(Rig rig, NetchannelDevice device, int from) {
        HexFormat hex = HexFormat.of();
        List<String> events = new ArrayList<>();
        for (RecordingSink.Event event : rig.sink.events.subList(from, rig.sink.events.size())) {
            if (event instanceof RecordingSink.Frame frame) {
                events.add("frame port=" + frame.port() + " " + hex.formatHex(frame.bytes()));
            } else if (event instanceof RecordingSink.Notification notification) {
                events.add("notify context=" + notification.context() + " " + notification.queue());
            }
        }
        List<String> pages = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
            pages.add(hex.formatHex(rig.memory.page(Rig.dataGref(CONTEXT, page))));
        }
        Map<Counter, Long> counters = new TreeMap<>();
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, device.counter(CONTEXT, counter));
        }
        List<Long> hits = List.of(device.filterHits(CONTEXT, 0), device.filterHits(CONTEXT, 1));
        return new Observation(events, hex.formatHex(rig.tx(CONTEXT)), hex.formatHex(rig.rx(CONTEXT)), pages, device.state(CONTEXT),
                counters, hits);
    }
}
