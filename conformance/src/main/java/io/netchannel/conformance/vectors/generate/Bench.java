package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.cat;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.dot1q;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The bench the frame generators of chapters 06 to 08 share: live contexts on one harness (rings
 * on pages 1 and 2 for the first member, 3 and 4 for the next, …; RX buffers on pages
 * 100 + 10 × id + k filled with 0xee), the host's configuration of each as the device accepted
 * it, and the switch mode. With it the checks those generators make before a recording becomes a
 * vector: each control answer, each counter of every context and of the device, a frame from the
 * wire and the recipients of its copies.
 */
final class Bench {

    /** Filler of RX buffer pages, so bytes the device must not write show untouched. */
    static final byte FILL = (byte) 0xEE;

    static final VlanPolicy UNTAGGED = VlanPolicy.UNTAGGED;

    private static final List<Counter> DEVICE_COUNTERS = List.of(Counter.WIRE_RX_FRAMES, Counter.WIRE_DROP_NO_CONTEXT, Counter.HOST_SWITCHED_FRAMES);

    /** One context of a bench: its id, the RX buffers it posts, and the host's configuration of it but for the rings. */
    record Member(int id, int buffers, ContextConfig config) {
    }

    final Harness harness;
    /** The host's configuration of each live context, as the device accepted it. */
    final Map<Integer, ContextConfig> configs = new TreeMap<>();
    /** The RX buffers each member posted at the start. */
    final Map<Integer, List<Integer>> buffers = new TreeMap<>();
    /** The switch mode the device accepted last. */
    SwitchMode mode = SwitchMode.VEPA;
    /** The id of the next TX slot. */
    int nextId = 1;

    private Bench(Harness harness) {
        this.harness = harness;
    }

    /** The members on the reference model. */
    static Bench start(Member... members) {
        return start(Generators.model(), members);
    }

    /** The members on {@code provider}: every guest first, then every create, then every member's buffers. */
    static Bench start(DeviceProvider provider, Member... members) {
        Bench bench = new Bench(Harness.start(provider));
        Harness h = bench.harness;
        for (Member m : members) {
            h.guest(m.id());
        }
        for (Member m : members) {
            GuestDriver guest = h.guest(m.id());
            ContextConfig config = m.config().toBuilder().txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).build();
            control(bench, Caller.HOST, new ControlRequest.CreateContext(m.id(), config), "Ok");
        }
        for (Member m : members) {
            int[] grefs = new int[m.buffers()];
            List<Integer> mine = new ArrayList<>();
            for (int k = 0; k < m.buffers(); k++) {
                grefs[k] = buffer(m.id(), k);
                Arrays.fill(h.grant(grefs[k], m.id(), Access.READ_WRITE), FILL);
                mine.add(grefs[k]);
            }
            bench.buffers.put(m.id(), mine);
            if (grefs.length > 0) {
                h.guest(m.id()).post(grefs);
            }
        }
        return bench;
    }

    /** The bench, then the host sets {@code chosen}. */
    Bench in(SwitchMode chosen) {
        control(this, Caller.HOST, new ControlRequest.SetSwitchMode(chosen), "Ok");
        return this;
    }

    /** The RX buffer {@code k} a bench member posts. */
    static int buffer(int context, int k) {
        return 100 + 10 * context + k;
    }

    // ------------------------------------------------------------------ members and policies

    /** A configuration with {@code macs} and {@code vlan}, the rest as the builder starts. */
    static ContextConfig.Builder shape(VlanPolicy vlan, MacAddress... macs) {
        return ContextConfig.builder().macs(List.of(macs)).vlan(vlan);
    }

    static Member member(int id, VlanPolicy vlan, int buffers, MacAddress... macs) {
        return new Member(id, buffers, shape(vlan, macs).build());
    }

    static Member promiscuousAllowed(int id, VlanPolicy vlan, int buffers, MacAddress... macs) {
        return new Member(id, buffers, shape(vlan, macs).promiscuousAllowed(true).build());
    }

    static VlanPolicy access(int vid) {
        return new VlanPolicy.Access(vid);
    }

    static VlanPolicy trunk(Integer... vids) {
        return new VlanPolicy.Trunk(List.of(vids));
    }

    static FilterMatch.Builder match() {
        return FilterMatch.builder();
    }

    static FilterRule allow(FilterMatch.Builder match) {
        return FilterRule.allow(match.build());
    }

    static FilterRule drop(FilterMatch.Builder match) {
        return FilterRule.drop(match.build());
    }

    static IpPrefix prefix(String text) {
        return IpPrefix.parse(text);
    }

    static GuestConfig joined(MacAddress... groups) {
        GuestConfig.Builder builder = GuestConfig.builder();
        for (MacAddress group : groups) {
            builder.join(group);
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ control

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("vector generator: " + what);
        }
    }

    static String refused(String category) {
        return "Rejected(" + category + ")";
    }

    /**
     * A control request whose answer must be {@code expected}; an accepted create or update becomes
     * the bench's view of the context, an accepted destroy ends it, an accepted switch mode is the
     * bench's mode.
     */
    static void control(Bench bench, Caller caller, ControlRequest request, String expected) {
        String seen = Harness.describe(bench.harness.control(caller, request));
        require(seen.equals(expected), request + " by " + caller + ": expected " + expected + ", the model answered " + seen);
        if (seen.equals("Ok")) {
            if (request instanceof ControlRequest.CreateContext create) {
                bench.configs.put(create.context(), create.config());
            } else if (request instanceof ControlRequest.UpdateContext update) {
                bench.configs.put(update.context(), update.config());
            } else if (request instanceof ControlRequest.DestroyContext destroy) {
                bench.configs.remove(destroy.context());
            } else if (request instanceof ControlRequest.SetSwitchMode set) {
                bench.mode = set.mode();
            }
        }
    }

    /** {@code caller} (the guest or the host) sets context {@code ctx}'s guest configuration. */
    static void guestConfig(Bench bench, Caller caller, int ctx, GuestConfig config) {
        control(bench, caller, new ControlRequest.SetGuestConfig(ctx, config), "Ok");
    }

    /** Context {@code ctx}'s guest sets its guest configuration. */
    static void guestConfig(Bench bench, int ctx, GuestConfig config) {
        guestConfig(bench, Caller.guest(ctx), ctx, config);
    }

    /** Makes {@code context} FAILED with an impossible TX producer index (RING-11). */
    static void fail(Bench bench, int context) {
        GuestDriver guest = bench.harness.guest(context);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + 100_000);
        bench.harness.kick(context, Queue.TX);
        require(bench.harness.state(context) == ContextState.FAILED, "context " + context + " fails on req_prod 100000 ahead");
    }

    // ------------------------------------------------------------------ TX

    /** A fresh page granted read-only to {@code ctx}, {@code bytes} at its offset 0. */
    static int page(Bench bench, int ctx, byte[] bytes) {
        int gref = bench.harness.grantPage(ctx, Access.READ_ONLY);
        System.arraycopy(bytes, 0, bench.harness.memory().page(gref), 0, bytes.length);
        return gref;
    }

    /** A one-slot packet of {@code frame}, at offset 0 of a fresh page granted read-only to {@code ctx}. */
    static TxSlot.Data slot(Bench bench, int ctx, byte[] frame) {
        return new TxSlot.Data(page(bench, ctx, frame), 0, 0, bench.nextId++, frame.length);
    }

    /** The status of the TX response at ring index {@code index} of {@code guest}. */
    static short txStatus(GuestDriver guest, int index) {
        return Bytes.s16(guest.txPage(), SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE) + TxResponseLayout.STATUS);
    }

    /** {@code frame} with the tag 0x8100 and TCI {@code vid} after its source MAC (TXF-4), built here, not by the model. */
    static byte[] withTag(byte[] frame, int vid) {
        return cat(Arrays.copyOf(frame, 12), new byte[] {(byte) 0x81, 0, (byte) (vid >>> 8), (byte) vid}, Arrays.copyOfRange(frame, 12, frame.length));
    }

    // ------------------------------------------------------------------ the chapter's answers

    /** {@code "0 1:RX_DROP_FILTER"}: context 0 takes its copy, context 1's is dropped on that counter. */
    static Map<Integer, Counter> recipients(String outcome) {
        Map<Integer, Counter> expected = new TreeMap<>();
        for (String token : outcome.trim().isEmpty() ? new String[0] : outcome.trim().split("\\s+")) {
            String[] parts = token.split(":");
            require(expected.put(Integer.parseInt(parts[0]), parts.length > 1 ? Counter.valueOf(parts[1]) : Counter.RX_FRAMES) == null,
                    "one copy per recipient (DEMUX-8): " + outcome);
        }
        return expected;
    }

    /** Every counter of every context of the bench, and of the device. */
    static Map<Integer, Map<Counter, Long>> counters(Bench bench) {
        Map<Integer, Map<Counter, Long>> all = new TreeMap<>();
        for (int ctx : bench.configs.keySet()) {
            Map<Counter, Long> values = new EnumMap<>(Counter.class);
            for (Counter counter : Counter.values()) {
                if (!DEVICE_COUNTERS.contains(counter)) {
                    values.put(counter, bench.harness.counter(ctx, counter));
                }
            }
            all.put(ctx, values);
        }
        Map<Counter, Long> device = new EnumMap<>(Counter.class);
        for (Counter counter : DEVICE_COUNTERS) {
            device.put(counter, bench.harness.counter(Counter.DEVICE, counter));
        }
        all.put(Counter.DEVICE, device);
        return all;
    }

    static void expectCount(Map<Integer, Map<Counter, Long>> expected, int ctx, Counter counter, long delta) {
        expected.computeIfAbsent(ctx, c -> new EnumMap<>(Counter.class)).merge(counter, delta, Long::sum);
    }

    /** Each counter moved exactly as {@code expected} says, and no other counter of any context or of the device. */
    static void checkCounters(Bench bench, Map<Integer, Map<Counter, Long>> before, Map<Integer, Map<Counter, Long>> expected, String what) {
        Map<Integer, Map<Counter, Long>> after = counters(bench);
        for (Map.Entry<Integer, Map<Counter, Long>> context : after.entrySet()) {
            int ctx = context.getKey();
            Map<Counter, Long> was = before.get(ctx);
            for (Map.Entry<Counter, Long> entry : context.getValue().entrySet()) {
                long moved = entry.getValue() - (was == null ? 0 : was.get(entry.getKey()));
                long want = expected.getOrDefault(ctx, Map.of()).getOrDefault(entry.getKey(), 0L);
                require(moved == want, what + ": " + (ctx == Counter.DEVICE ? "the device's " : "context " + ctx + "'s ") + entry.getKey() + " moved "
                        + moved + ", the spec says " + want);
            }
        }
    }

    /** The copy of {@code frame} a recipient with {@code policy} gets (DEMUX-10): an Access context's loses its tag. */
    static int copyLength(VlanPolicy policy, byte[] frame) {
        return frame.length - (policy instanceof VlanPolicy.Access ? 4 : 0);
    }

    /** Expects the copies {@code recipients} lists of {@code frame} (as the recipients' demux sees it), each at its DEMUX-10 length. */
    static void expectCopies(Bench bench, Map<Integer, Map<Counter, Long>> expected, Map<Integer, Counter> recipients, byte[] frame) {
        for (Map.Entry<Integer, Counter> r : recipients.entrySet()) {
            expectCount(expected, r.getKey(), r.getValue(), 1);
            if (r.getValue() == Counter.RX_FRAMES) {
                expectCount(expected, r.getKey(), Counter.RX_BYTES, copyLength(bench.configs.get(r.getKey()).vlan(), frame));
            }
        }
    }

    /** The bytes of the pages of {@code ctx} a copy could touch: its RX ring and its posted buffers. */
    private static List<byte[]> pages(Bench bench, int ctx) {
        List<byte[]> copies = new ArrayList<>();
        copies.add(bench.harness.guest(ctx).rxPage().clone());
        for (int gref : bench.buffers.getOrDefault(ctx, List.of())) {
            copies.add(bench.harness.memory().page(gref).clone());
        }
        return copies;
    }

    /** The pages of each recipient whose RX rules drop its copy, before the frame. */
    static Map<Integer, List<byte[]>> snapshot(Bench bench, Map<Integer, Counter> recipients) {
        Map<Integer, List<byte[]>> pages = new TreeMap<>();
        recipients.forEach((ctx, counter) -> {
            if (counter == Counter.RX_DROP_FILTER) {
                pages.put(ctx, pages(bench, ctx));
            }
        });
        return pages;
    }

    /** A recipient whose RX rules drop its copy has none of its memory written (DEMUX-14). */
    static void untouched(Bench bench, Map<Integer, Counter> recipients, Map<Integer, List<byte[]>> before, String what) {
        for (Map.Entry<Integer, Counter> r : recipients.entrySet()) {
            if (r.getValue() == Counter.RX_DROP_FILTER) {
                List<byte[]> after = pages(bench, r.getKey());
                for (int k = 0; k < after.size(); k++) {
                    require(Arrays.equals(after.get(k), before.get(r.getKey()).get(k)), what + ": context " + r.getKey() + "'s RX rules dropped its "
                            + "copy, so its ring and buffers stay as they were");
                }
            }
        }
    }

    /**
     * A frame from the wire on port 0: {@code outcome} lists the recipients section 4 of chapter 06
     * selects, each {@code ctx} (the copy delivered) or {@code ctx:COUNTER} (the copy dropped on
     * that counter, RX_DROP_FILTER when its RX rules drop it). WIRE_RX_FRAMES counts it once,
     * WIRE_DROP_NO_CONTEXT only when there is no recipient at all (a copy the rules drop was still
     * selected), no other counter moves, and nothing goes back out.
     */
    static void wire(Bench bench, String outcome, byte[] frame) {
        Map<Integer, Map<Counter, Long>> before = counters(bench);
        Map<Integer, Counter> recipients = recipients(outcome);
        Map<Integer, List<byte[]>> pages = snapshot(bench, recipients);
        int framesBefore = bench.harness.sink().frames().size();
        bench.harness.receive(0, frame);
        Map<Integer, Map<Counter, Long>> expected = new TreeMap<>();
        expectCopies(bench, expected, recipients, frame);
        expectCount(expected, Counter.DEVICE, Counter.WIRE_RX_FRAMES, 1);
        if (recipients.isEmpty()) {
            expectCount(expected, Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT, 1);
        }
        String what = "a frame of " + frame.length + " bytes from the wire";
        checkCounters(bench, before, expected, what);
        untouched(bench, recipients, pages, what);
        require(bench.harness.sink().frames().size() == framesBefore, "a frame from the wire is not sent back out");
    }

    /** A test action: one frame from the wire with the given outcome. */
    static Consumer<Bench> rx(String outcome, byte[] frame) {
        return bench -> wire(bench, outcome, frame);
    }

    /** A frame several contexts take: the order between their copies is the device's choice. */
    static Meta replicated(String id, String comment, String... reqs) {
        return Meta.acceptable(id, comment, "DEMUX-12", reqs).flags("ReplicationOrder");
    }

    // ------------------------------------------------------------------ frames

    /** A 60-byte frame (EtherType 0x88b5) from {@code source} to {@code destination}. */
    static byte[] plain(MacAddress destination, MacAddress source, int seed) {
        return ether(destination, source, LOCAL, data(46, seed));
    }

    /** A 64-byte 802.1Q frame with TCI {@code tci} (EtherType 0x88b5 inside). */
    static byte[] tag(MacAddress destination, MacAddress source, int tci, int seed) {
        return dot1q(destination, source, tci, LOCAL, data(46, seed));
    }
}
