package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.Bench.FILL;
import static io.netchannel.conformance.vectors.generate.Bench.UNTAGGED;
import static io.netchannel.conformance.vectors.generate.Bench.access;
import static io.netchannel.conformance.vectors.generate.Bench.checkCounters;
import static io.netchannel.conformance.vectors.generate.Bench.control;
import static io.netchannel.conformance.vectors.generate.Bench.counters;
import static io.netchannel.conformance.vectors.generate.Bench.expectCopies;
import static io.netchannel.conformance.vectors.generate.Bench.expectCount;
import static io.netchannel.conformance.vectors.generate.Bench.fail;
import static io.netchannel.conformance.vectors.generate.Bench.guestConfig;
import static io.netchannel.conformance.vectors.generate.Bench.joined;
import static io.netchannel.conformance.vectors.generate.Bench.member;
import static io.netchannel.conformance.vectors.generate.Bench.plain;
import static io.netchannel.conformance.vectors.generate.Bench.promiscuousAllowed;
import static io.netchannel.conformance.vectors.generate.Bench.recipients;
import static io.netchannel.conformance.vectors.generate.Bench.refused;
import static io.netchannel.conformance.vectors.generate.Bench.replicated;
import static io.netchannel.conformance.vectors.generate.Bench.require;
import static io.netchannel.conformance.vectors.generate.Bench.rx;
import static io.netchannel.conformance.vectors.generate.Bench.slot;
import static io.netchannel.conformance.vectors.generate.Bench.tag;
import static io.netchannel.conformance.vectors.generate.Bench.trunk;
import static io.netchannel.conformance.vectors.generate.Bench.txStatus;
import static io.netchannel.conformance.vectors.generate.Bench.wire;
import static io.netchannel.conformance.vectors.generate.Bench.withTag;
import static io.netchannel.conformance.properties.FrameBytes.IPV4;
import static io.netchannel.conformance.properties.FrameBytes.LOCAL;
import static io.netchannel.conformance.properties.FrameBytes.data;
import static io.netchannel.conformance.properties.FrameBytes.ether;
import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorFile;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Chapter 08 vectors: the switch modes and who may choose them (CTX-4), where a frame one guest
 * sends goes in VEPA and VEB mode (CTX-5, CTX-6), that the TX checks come first (CTX-8) and how it
 * is counted (CTX-9); the host and its software path, indistinguishable to guests and the wire
 * (CTX-7, CTX-10 to CTX-12); and a device with every table at its declared limit (CTX-1, CTX-2).
 *
 * <p>Every action states the chapter's answer — recipients, wire frames, drop counters — and the
 * generator checks the model against it before the recording becomes a vector. The host groups
 * are recorded behind the reference host ({@link HostedProvider}) and, before they are written,
 * replayed with every other split of contexts between device and software path, and on a single
 * device where the mode allows: CTX-10 says they all observe the same.
 */
final class ContextsVectors {

    private static final String CHAPTER = "contexts";
    private static final String ID = "contexts.";

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress D = MacAddress.parse("02:00:00:00:00:04");
    private static final MacAddress E = MacAddress.parse("02:00:00:00:00:05");
    private static final MacAddress F = MacAddress.parse("02:00:00:00:00:06");
    /** A station on the wire, owned by no context. */
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    /** A unicast address no context owns. */
    private static final MacAddress NOBODY = MacAddress.parse("02:00:00:00:00:63");
    private static final MacAddress BROADCAST = MacAddress.BROADCAST;
    private static final MacAddress G1 = MacAddress.parse("01:00:5e:00:00:01");
    private static final MacAddress G2 = MacAddress.parse("33:33:00:00:00:01");

    private ContextsVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(switching(), host(), fullTables());
    }

    // ------------------------------------------------------------------ bench

    /** A context whose TX rules are {@code rules} (default allow). */
    private static Bench.Member filtering(int id, VlanPolicy vlan, int buffers, List<FilterRule> rules, MacAddress... macs) {
        return new Bench.Member(id, buffers, Bench.shape(vlan, macs).txRules(rules).build());
    }

    /** {@code caller} asks for switch mode {@code mode}; an accepted mode decides the next frame (CTX-4). */
    private static void mode(Bench bench, Caller caller, SwitchMode mode, String expected) {
        control(bench, caller, new ControlRequest.SetSwitchMode(mode), expected);
    }

    private static Consumer<Bench> setMode(Caller caller, SwitchMode mode, String expected) {
        return bench -> mode(bench, caller, mode, expected);
    }

    private static final GuestConfig PROMISCUOUS = GuestConfig.builder().promiscuous(true).build();

    // ------------------------------------------------------------------ the chapter's answers

    /**
     * What one TX packet must do: the frame the guest wrote; where chapter 08 sends it — the
     * recipients of its switched copy ({@code "1 2:RX_DROP_NO_BUFFER"}: context 1 gets a copy,
     * context 2 loses its copy on that counter) and whether it also goes on the wire — or the
     * counter a TX check drops it on.
     */
    private record Out(byte[] frame, String recipients, boolean wire, Counter dropped) {
    }

    /** Switched to {@code recipients} only: the wire never sees it (a unicast to another context of its VLAN). */
    private static Out inside(String recipients, byte[] frame) {
        return new Out(frame, recipients, false, null);
    }

    /** Sent on the wire, and switched to {@code recipients} (none in VEPA mode). */
    private static Out out(String recipients, byte[] frame) {
        return new Out(frame, recipients, true, null);
    }

    /** Sent on the wire, delivered to no context. */
    private static Out wireOnly(byte[] frame) {
        return out("", frame);
    }

    /** Dropped by a TX check on {@code reason}: it reaches neither the wire nor any context (CTX-8). */
    private static Out dropped(Counter reason, byte[] frame) {
        return new Out(frame, "", false, reason);
    }

    /** {@code frame} as the wire sees it from a context with {@code policy}: an Access context's gets its tag (TXF-4). */
    private static byte[] onWire(VlanPolicy policy, byte[] frame) {
        return policy instanceof VlanPolicy.Access port ? withTag(frame, port.vid()) : frame;
    }

    /**
     * Context {@code ctx} publishes one packet per {@code outs}, {@code between} runs (a host
     * request, say), and the guest kicks; the model must answer each packet, send, switch and count
     * exactly as the chapter says for the mode the device is in when it decides the frames: each
     * let-through frame counts TX_FRAMES and TX_BYTES once on the sender and no wire counter
     * (CTX-9), each switched copy counts on its recipient, HOST_SWITCHED_FRAMES counts each frame
     * with a recipient in SOFTWARE mode (CTX-7), and the wire gets exactly the frames marked so.
     */
    private static void send(Bench bench, int ctx, Consumer<Bench> between, Out... outs) {
        Harness h = bench.harness;
        GuestDriver guest = h.guest(ctx);
        List<List<TxSlot>> packets = new ArrayList<>();
        for (Out o : outs) {
            packets.add(List.of(slot(bench, ctx, o.frame())));
        }
        int start = guest.txReqProdPvt();
        for (List<TxSlot> packet : packets) {
            guest.queue(packet);
        }
        guest.pushTx();
        between.accept(bench);
        Map<Integer, Map<Counter, Long>> before = counters(bench);
        int framesBefore = h.sink().frames().size();
        h.kick(ctx, Queue.TX);

        VlanPolicy sender = bench.configs.get(ctx).vlan();
        Map<Integer, Map<Counter, Long>> expected = new TreeMap<>();
        List<byte[]> wire = new ArrayList<>();
        for (int p = 0; p < outs.length; p++) {
            Out o = outs[p];
            short status = txStatus(guest, start + p);
            if (o.dropped() != null) {
                require(status == NetifStatus.DROPPED, "packet " + (p + 1) + " of context " + ctx + " is answered DROPPED (TXF-9), the model answered "
                        + status);
                expectCount(expected, ctx, o.dropped(), 1);
                continue;
            }
            require(status == NetifStatus.OKAY, "packet " + (p + 1) + " of context " + ctx + " is answered OKAY, the model answered " + status);
            byte[] frame = onWire(sender, o.frame());
            expectCount(expected, ctx, Counter.TX_FRAMES, 1); // CTX-9: once, wherever it goes
            expectCount(expected, ctx, Counter.TX_BYTES, frame.length);
            Map<Integer, Counter> recipients = recipients(o.recipients());
            require(bench.mode != SwitchMode.VEPA || recipients.isEmpty(), "VEPA delivers to no context (CTX-5): " + o.recipients());
            require(o.wire() || !recipients.isEmpty(), "a frame that stays inside has a recipient");
            require(!recipients.containsKey(ctx), "never back to the sender (DEMUX-7)");
            expectCopies(bench, expected, recipients, frame);
            if (bench.mode == SwitchMode.SOFTWARE && !recipients.isEmpty()) {
                expectCount(expected, Counter.DEVICE, Counter.HOST_SWITCHED_FRAMES, 1); // CTX-7
            }
            if (o.wire()) {
                wire.add(frame);
            }
        }
        String what = "context " + ctx + " sends " + outs.length + " packet(s) in " + bench.mode;
        checkCounters(bench, before, expected, what);
        List<RecordingSink.Frame> sent = h.sink().frames().subList(framesBefore, h.sink().frames().size());
        require(sent.size() == wire.size(), what + ": " + sent.size() + " frame(s) on the wire, the spec says " + wire.size());
        for (int k = 0; k < wire.size(); k++) {
            require(sent.get(k).port() == 0 && Arrays.equals(sent.get(k).bytes(), wire.get(k)), what + ": wire frame " + (k + 1) + " as the spec builds it");
        }
    }

    /** A test action: context {@code ctx} sends one packet per {@code outs} in one kick. */
    private static Consumer<Bench> tx(int ctx, Out... outs) {
        return bench -> send(bench, ctx, b -> { }, outs);
    }

    private static void notes(FileBuilder file) {
        file.note("ReplicationOrder", "IMPL_DEFINED", "the frame has several recipients; the device may handle the copies in any order between "
                + "them (DEMUX-12), and the runner compares notifications, counters and memory context by context",
                "a runner that compared the interleaving of contexts would fail a device that replicates in parallel");
        file.note("LocalUnicast", "BASIC", "a unicast frame to a MAC another context of the frame's VLAN owns: VEB and SOFTWARE deliver it inside "
                + "and keep it off the wire (CTX-6)", "guest-to-guest traffic leaks onto the wire, or never arrives");
        file.note("Reflection", "ISOLATION_BREACH", "the frame the device sent, replayed as a wire step as a VEPA switch reflects it (spec 08, "
                + "section 4.3)", "a context receives its own frame back, or its neighbour never receives it");
        file.note("VlanCrossing", "ISOLATION_BREACH", "a frame of one VLAN to a context that is not a member of it (DEMUX-2)",
                "frames cross from one VLAN to another inside the device");
        file.note("SwitchBypass", "SPOOFING", "a frame the sender's TX checks drop (spoofed source, forbidden tag, filter rule), addressed to a "
                + "neighbour in VEB or SOFTWARE mode (CTX-8)", "a guest reaches its neighbours past anti-spoofing, its VLAN policy or its filter");
        file.note("GuestSetsMode", "ISOLATION_BREACH", "a guest asks to set the switch mode (CTX-4, PRIV-2)",
                "a guest decides where its neighbours' traffic goes");
        file.note("ModeChange", "BASIC", "the host changes the switch mode; every frame decided after the request follows the new mode (CTX-4)",
                "frames keep following a mode the host replaced");
        file.note("NoSoftwarePath", "EDGE_CASE", "SOFTWARE asked of a device on its own, which has no software path (CTX-7)",
                "a device claims to switch in software and the host cannot tell who switches");
        file.note("Promiscuous", "BASIC", "a promiscuous context sees every switched frame of its VLANs, as it sees frames from the wire (DEMUX-6)",
                "a monitoring guest misses guest-to-guest traffic, or sees other VLANs'");
        file.note("NoBuffer", "BASIC", "a recipient of a switched frame has no RX buffer posted (DEMUX-11)",
                "one guest's empty ring costs another guest its frame, or sends a local frame to the wire");
        file.note("FailedRecipient", "BASIC", "a recipient of a switched frame is FAILED (DEMUX-11, RX-5)",
                "a failed guest's pages are written, or its frame leaks onto the wire");
        file.note("CrossPath", "BASIC", "the sender and a recipient are served on different paths of the host, the device and the software path "
                + "(CTX-10)", "a guest can tell, by what it receives, whether the device or the host serves its neighbour");
        file.note("SoftwareSwitching", "BASIC", "the host switches in SOFTWARE mode: what VEB gives, and HOST_SWITCHED_FRAMES counts each frame "
                + "delivered to a guest (CTX-7)", "a guest sees a difference between the device's bridge and the host's, or the operator's count is wrong");
    }

    // ------------------------------------------------------------------ contexts/switching.yaml

    private static final String LAN = "context 0 untagged (MAC 02:00:00:00:00:01, promiscuous allowed), contexts 1 and 2 untagged "
            + "(02:00:00:00:00:02, 02:00:00:00:00:03; context 2 drops EtherType 0x0800 by its one TX rule), context 3 Access(10) "
            + "(02:00:00:00:00:04), context 4 Trunk[10, 20] (02:00:00:00:00:05), context 5 Access(10) (02:00:00:00:00:06); rings on pages 1 "
            + "to 12; RX buffers on pages 100 + 10 x id + k, filled with 0xee: ";

    /** The rule of context 2: EtherType 0x0800 is dropped, everything else goes by the default, allow. */
    private static final List<FilterRule> NO_IPV4 = List.of(new FilterRule(FilterMatch.builder().etherType(IPV4).build(), FilterAction.DROP));

    private static Bench lan(int buffers1) {
        return Bench.start(Generators.model(), promiscuousAllowed(0, UNTAGGED, 2, A), member(1, UNTAGGED, buffers1, B),
                filtering(2, UNTAGGED, 2, NO_IPV4, C), member(3, access(10), 2, D), member(4, trunk(10, 20), 2, E), member(5, access(10), 2, F));
    }

    private static VectorBundle.Entry switching() {
        String id = ID + "switching.";
        FileBuilder file = FileBuilder.frame(CHAPTER, "switching",
                "Where a frame one context sends goes, on a device on its own: only the host sets the switch mode, the device starts in VEPA "
                        + "and answers SOFTWARE NOT_SUPPORTED (CTX-4, CTX-7); in VEPA every frame goes to the wire and reaches a neighbour only "
                        + "when the external switch sends it back (CTX-5); in VEB it reaches the contexts chapter 06 would select had it come "
                        + "from the wire, and the wire too unless it is unicast to another context of its VLAN (CTX-6); the TX checks come "
                        + "first (CTX-8); TX_FRAMES and TX_BYTES count each frame once and no wire counter moves for a switched frame (CTX-9).");
        notes(file);
        modes(file, id);
        bridge(file, id);
        bridgeLosers(file, id);
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void modes(FileBuilder file, String id) {
        file.group(LAN + "two each; the device in its initial mode; frames go to or come from 02:00:00:00:00:99 unless a test says otherwise",
                        () -> lan(2))
                .test(Meta.valid(id + "default-vepa-unicast-to-neighbour", "in the initial mode, a unicast from context 0 to context 1's MAC goes to "
                        + "the wire only; context 1 receives nothing", "CTX-4", "CTX-5", "CTX-9"), tx(0, wireOnly(plain(B, A, 1))))
                .test(Meta.valid(id + "vepa-reflected-unicast-reaches-neighbour", "VEPA: context 0's unicast to context 1 goes out; the same frame back "
                        + "from the wire reaches context 1, not context 0", "CTX-5", "DEMUX-7", "CTX-9").flags("Reflection"),
                        b -> {
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 2)));
                            wire(b, "1", plain(B, A, 2));
                        })
                .test(replicated(id + "vepa-reflected-broadcast", "VEPA: context 0's broadcast goes out only; back from the wire it reaches contexts "
                        + "1 and 2, never context 0", "CTX-5", "DEMUX-4", "DEMUX-7").flags("ReplicationOrder", "Reflection"),
                        b -> {
                            send(b, 0, x -> { }, wireOnly(plain(BROADCAST, A, 3)));
                            wire(b, "1 2", plain(BROADCAST, A, 3));
                        })
                .test(Meta.valid(id + "vepa-access-sender-tagged-on-wire", "VEPA: Access(10) context 3's unicast to Access(10) context 5 leaves with "
                        + "its tag, 64 bytes, and reaches no context", "CTX-5", "CTX-9", "TXF-4"), tx(3, wireOnly(plain(F, D, 4))))
                .test(Meta.valid(id + "vepa-set-again", "the host sets VEPA, the mode the device is in: ok; a unicast to context 1 goes to the wire only",
                        "CTX-4", "CTX-5").flags("ModeChange"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEPA, "Ok");
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 5)));
                        })
                .test(Meta.invalid(id + "guest-sets-veb-refused", "guest 0 asks for VEB: PRIVILEGE, and its unicast to context 1 still goes to the "
                        + "wire only", rejected("PRIVILEGE"), "CTX-4", "PRIV-2").flags("GuestSetsMode"),
                        b -> {
                            mode(b, Caller.guest(0), SwitchMode.VEB, refused("PRIVILEGE"));
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 6)));
                        })
                .test(Meta.invalid(id + "guest-sets-vepa-refused", "guest 1 asks for VEPA, the mode already in force: PRIVILEGE all the same",
                        rejected("PRIVILEGE"), "CTX-4", "PRIV-2").flags("GuestSetsMode"), setMode(Caller.guest(1), SwitchMode.VEPA, refused("PRIVILEGE")))
                .test(Meta.invalid(id + "guest-sets-software-refused", "guest 5 asks for SOFTWARE: PRIVILEGE comes before NOT_SUPPORTED",
                        rejected("PRIVILEGE"), "CTX-4", "PRIV-2").flags("GuestSetsMode"), setMode(Caller.guest(5), SwitchMode.SOFTWARE, refused("PRIVILEGE")))
                .test(Meta.invalid(id + "device-refuses-software", "the host asks a device on its own for SOFTWARE: NOT_SUPPORTED, and the device "
                        + "stays in VEPA", rejected("NOT_SUPPORTED"), "CTX-7", "CTX-4").flags("NoSoftwarePath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, refused("NOT_SUPPORTED"));
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 7)));
                        })
                .test(Meta.invalid(id + "software-refused-keeps-veb", "the host sets VEB, then asks for SOFTWARE: NOT_SUPPORTED, and the device stays "
                        + "in VEB: a unicast to context 1 stays inside", rejected("NOT_SUPPORTED"), "CTX-7", "CTX-6").flags("NoSoftwarePath", "LocalUnicast"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, refused("NOT_SUPPORTED"));
                            send(b, 0, x -> { }, inside("1", plain(B, A, 8)));
                        })
                .test(Meta.valid(id + "veb-applies-to-next-frame", "a unicast to context 1 goes to the wire; the host sets VEB; the same unicast now "
                        + "reaches context 1 and not the wire", "CTX-4", "CTX-5", "CTX-6").flags("ModeChange", "LocalUnicast"),
                        b -> {
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 9)));
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 0, x -> { }, inside("1", plain(B, A, 9)));
                        })
                .test(Meta.valid(id + "veb-then-vepa", "the host sets VEB, a unicast to context 1 stays inside; the host sets VEPA, the next one goes "
                        + "to the wire only", "CTX-4", "CTX-5", "CTX-6").flags("ModeChange", "LocalUnicast"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 0, x -> { }, inside("1", plain(B, A, 10)));
                            mode(b, Caller.HOST, SwitchMode.VEPA, "Ok");
                            send(b, 0, x -> { }, wireOnly(plain(B, A, 11)));
                        })
                .test(Meta.valid(id + "veb-decides-frames-published-before", "context 0 publishes a unicast to context 1, the host sets VEB before "
                        + "the kick: the frame is decided after the request and stays inside", "CTX-4", "CTX-6").flags("ModeChange", "LocalUnicast"),
                        b -> send(b, 0, x -> mode(x, Caller.HOST, SwitchMode.VEB, "Ok"), inside("1", plain(B, A, 12))))
                .done();
    }

    private static void bridge(FileBuilder file, String id) {
        FileBuilder.GroupBuilder<Bench> g = file.group(LAN + "two each; then the host sets VEB; frames go to or come from 02:00:00:00:00:99 "
                + "unless a test says otherwise", () -> lan(2).in(SwitchMode.VEB));
        g.test(Meta.valid(id + "veb-unicast-stays-inside", "context 0's unicast to context 1 reaches context 1 and not the wire; TX_FRAMES and "
                        + "TX_BYTES count it once, WIRE_RX_FRAMES not at all", "CTX-6", "CTX-9").flags("LocalUnicast"),
                        tx(0, inside("1", plain(B, A, 20))))
                .test(Meta.valid(id + "veb-inside-and-out-in-ring-order", "context 0 sends, in one kick, a unicast to context 1 (inside), one to the "
                        + "peer (wire) and one to context 2 (inside)", "CTX-6", "CTX-9", "TX-3").flags("LocalUnicast"),
                        tx(0, inside("1", plain(B, A, 21)), wireOnly(plain(PEER, A, 22)), inside("2", plain(C, A, 23))))
                .test(Meta.valid(id + "veb-1514-bytes-inside", "a 1514-byte unicast from context 1 to context 0 stays inside, RX_BYTES 1514",
                        "CTX-6", "CTX-9").flags("LocalUnicast"), tx(1, inside("0", ether(A, B, LOCAL, data(1500, 24)))))
                .test(replicated(id + "veb-broadcast-to-every-member-and-wire", "context 0's broadcast reaches contexts 1 and 2 once each, never "
                        + "context 0, and the wire once", "CTX-6", "CTX-9", "DEMUX-4", "DEMUX-7", "DEMUX-8"), tx(0, out("1 2", plain(BROADCAST, A, 25))))
                .test(Meta.valid(id + "veb-multicast-to-listener-and-wire", "context 1 joins 01:00:5e:00:00:01; context 0's frame to it reaches "
                        + "context 1 and the wire, not context 2", "CTX-6", "DEMUX-5"),
                        b -> {
                            guestConfig(b, 1, joined(G1));
                            send(b, 0, x -> { }, out("1", plain(G1, A, 26)));
                        })
                .test(replicated(id + "veb-multicast-listener-and-all-multicast", "context 1 joins 01:00:5e:00:00:01, context 2 turns all-multicast "
                        + "on: context 0's frame to the group reaches both and the wire", "CTX-6", "DEMUX-5"),
                        b -> {
                            guestConfig(b, 1, joined(G1));
                            guestConfig(b, 2, GuestConfig.builder().allMulticast(true).build());
                            send(b, 0, x -> { }, out("1 2", plain(G1, A, 27)));
                        })
                .test(Meta.valid(id + "veb-multicast-unheard", "a frame to 33:33:00:00:00:01, which nobody joined, goes to the wire only", "CTX-6",
                        "DEMUX-5"), tx(0, wireOnly(plain(G2, A, 28))))
                .test(Meta.valid(id + "veb-unknown-unicast-to-wire", "a unicast to 02:00:00:00:00:63, which no context owns, goes to the wire only",
                        "CTX-6"), tx(0, wireOnly(plain(NOBODY, A, 29))))
                .test(Meta.valid(id + "veb-unknown-unicast-promiscuous-member", "guest 0 turns promiscuous on; context 1's unicast to "
                        + "02:00:00:00:00:63 reaches context 0 and the wire", "CTX-6", "DEMUX-6").flags("Promiscuous"),
                        b -> {
                            guestConfig(b, 0, PROMISCUOUS);
                            send(b, 1, x -> { }, out("0", plain(NOBODY, B, 30)));
                        })
                .test(replicated(id + "veb-unicast-promiscuous-member", "guest 0 turns promiscuous on; context 1's unicast to context 2 reaches "
                        + "contexts 2 and 0, not the wire", "CTX-6", "DEMUX-6").flags("ReplicationOrder", "Promiscuous", "LocalUnicast"),
                        b -> {
                            guestConfig(b, 0, PROMISCUOUS);
                            send(b, 1, x -> { }, inside("0 2", plain(C, B, 31)));
                        })
                .test(Meta.valid(id + "veb-promiscuous-sender-not-its-own", "guest 0 turns promiscuous on; its own unicast to context 1 reaches "
                        + "context 1 only", "CTX-6", "DEMUX-7").flags("Promiscuous", "LocalUnicast"),
                        b -> {
                            guestConfig(b, 0, PROMISCUOUS);
                            send(b, 0, x -> { }, inside("1", plain(B, A, 32)));
                        })
                .test(Meta.valid(id + "veb-unicast-to-own-mac", "context 1's unicast to its own MAC reaches no context and goes to the wire",
                        "CTX-6", "DEMUX-7"), tx(1, wireOnly(plain(B, B, 33))))
                .test(Meta.valid(id + "veb-unicast-other-vlan", "untagged context 0's unicast to Access(10) context 3's MAC: not a member of "
                        + "untagged frames, so it reaches no context and goes to the wire", "CTX-6", "DEMUX-2").flags("VlanCrossing"),
                        tx(0, wireOnly(plain(D, A, 34))))
                .test(Meta.valid(id + "veb-access-to-access", "Access(10) context 3's unicast to Access(10) context 5 arrives as 60 bytes without the "
                        + "tag, not on the wire; TX_BYTES counts 64", "CTX-6", "CTX-9", "DEMUX-10", "TXF-4").flags("LocalUnicast"),
                        tx(3, inside("5", plain(F, D, 35))))
                .test(Meta.valid(id + "veb-access-to-trunk", "Access(10) context 3's unicast to Trunk[10, 20] context 4 arrives tagged, 64 bytes",
                        "CTX-6", "DEMUX-10", "TXF-4").flags("LocalUnicast"), tx(3, inside("4", plain(E, D, 36))))
                .test(Meta.valid(id + "veb-access-to-untagged-neighbour", "Access(10) context 3's unicast to untagged context 1 reaches no context "
                        + "and goes to the wire tagged", "CTX-6", "DEMUX-2").flags("VlanCrossing"), tx(3, wireOnly(plain(B, D, 37))))
                .test(replicated(id + "veb-access-broadcast", "Access(10) context 3's broadcast reaches context 4 tagged, context 5 untagged, and the "
                        + "wire tagged; no untagged context", "CTX-6", "DEMUX-2", "DEMUX-4", "DEMUX-10"), tx(3, out("4 5", plain(BROADCAST, D, 38))))
                .test(Meta.valid(id + "veb-trunk-to-access", "Trunk context 4's VID 10 unicast to Access(10) context 3 arrives as 60 bytes without "
                        + "the tag", "CTX-6", "DEMUX-10").flags("LocalUnicast"), tx(4, inside("3", tag(D, E, 0x000A, 39))))
                .test(Meta.valid(id + "veb-trunk-vid-20-broadcast", "Trunk context 4's VID 20 broadcast: no other member of VID 20, so the wire only",
                        "CTX-6", "DEMUX-2"), tx(4, wireOnly(tag(BROADCAST, E, 0x0014, 40))))
                .test(Meta.valid(id + "veb-filter-allows", "context 2's frame of EtherType 0x88b5, decided by its default (allow), reaches context 1",
                        "CTX-6", "CTX-8", "TXF-6").flags("LocalUnicast"), tx(2, inside("1", plain(B, C, 42))));
        g.test(Meta.invalid(id + "veb-spoofed-source-dropped", "context 0 sends from context 1's MAC to context 2: DROPPED, TX_DROP_SPOOF; no "
                        + "context and not the wire", error("packet"), "CTX-8", "TXF-2").flags("SwitchBypass"),
                        tx(0, dropped(Counter.TX_DROP_SPOOF, plain(C, B, 43))))
                .test(Meta.invalid(id + "veb-spoofed-broadcast-dropped", "context 1 broadcasts from 02:00:00:00:00:99: dropped, nobody receives it",
                        error("packet"), "CTX-8", "TXF-2").flags("SwitchBypass"), tx(1, dropped(Counter.TX_DROP_SPOOF, plain(BROADCAST, PEER, 44))))
                .test(Meta.invalid(id + "veb-untagged-sends-tag-dropped", "untagged context 0 sends a VID 10 frame to Access(10) context 3: "
                        + "TX_DROP_VLAN, nobody receives it", error("packet"), "CTX-8", "TXF-3").flags("SwitchBypass", "VlanCrossing"),
                        tx(0, dropped(Counter.TX_DROP_VLAN, tag(D, A, 0x000A, 45))))
                .test(Meta.invalid(id + "veb-access-sends-tag-dropped", "Access(10) context 3 sends a VID 20 frame to trunk context 4: TX_DROP_VLAN",
                        error("packet"), "CTX-8", "TXF-4").flags("SwitchBypass", "VlanCrossing"), tx(3, dropped(Counter.TX_DROP_VLAN, tag(E, D, 0x0014, 46))))
                .test(Meta.invalid(id + "veb-trunk-other-vid-dropped", "Trunk[10, 20] context 4 broadcasts on VID 30: TX_DROP_VLAN", error("packet"),
                        "CTX-8", "TXF-5").flags("SwitchBypass", "VlanCrossing"), tx(4, dropped(Counter.TX_DROP_VLAN, tag(BROADCAST, E, 0x001E, 47))))
                .test(Meta.invalid(id + "veb-filter-drop", "context 2's IPv4 frame to context 1 meets its rule 0 (drop): TX_DROP_FILTER, context 1 "
                        + "receives nothing", error("packet"), "CTX-8", "TXF-6").flags("SwitchBypass"),
                        tx(2, dropped(Counter.TX_DROP_FILTER, ether(B, C, IPV4, data(46, 48)))))
                .test(Meta.invalid(id + "veb-dropped-between-delivered", "context 0 sends, in one kick, a unicast to context 1, a spoofed one to "
                        + "context 2, and a broadcast: the middle one alone is dropped", error("packet"), "CTX-8", "CTX-6", "TXF-9")
                                .flags("SwitchBypass", "LocalUnicast"),
                        tx(0, inside("1", plain(B, A, 49)), dropped(Counter.TX_DROP_SPOOF, plain(C, NOBODY, 50)), out("1 2", plain(BROADCAST, A, 51))))
                .done();
    }

    private static void bridgeLosers(FileBuilder file, String id) {
        file.group(LAN + "none for context 1, two for every other; then the host sets VEB", () -> lan(0).in(SwitchMode.VEB))
                .test(Meta.invalid(id + "veb-owner-without-buffers", "context 0's unicast to context 1, which posted no buffer: context 1 counts "
                        + "RX_DROP_NO_BUFFER, and the frame still stays off the wire", error("packet"), "CTX-6", "DEMUX-11").flags("NoBuffer", "LocalUnicast"),
                        tx(0, inside("1:RX_DROP_NO_BUFFER", plain(B, A, 60))))
                .test(Meta.invalid(id + "veb-broadcast-one-without-buffers", "context 0's broadcast: context 2 gets its copy, context 1 counts "
                        + "RX_DROP_NO_BUFFER, the wire gets it once", error("packet"), "CTX-6", "DEMUX-11").flags("NoBuffer"),
                        tx(0, out("1:RX_DROP_NO_BUFFER 2", plain(BROADCAST, A, 61))))
                .done();
        file.group(LAN + "two each; then the host sets VEB and context 1 becomes FAILED on a TX req_prod 100000 ahead (RING-11)",
                        () -> {
                            Bench bench = lan(2).in(SwitchMode.VEB);
                            fail(bench, 1);
                            return bench;
                        })
                .test(Meta.invalid(id + "veb-failed-owner", "context 0's unicast to FAILED context 1 counts RX_DROP_FAILED on context 1 and stays "
                        + "off the wire: a FAILED context is still live", error("packet"), "CTX-6", "DEMUX-11", "RX-5").flags("FailedRecipient", "LocalUnicast"),
                        tx(0, inside("1:RX_DROP_FAILED", plain(B, A, 62))))
                .test(Meta.invalid(id + "veb-broadcast-failed-member", "context 0's broadcast: context 2 gets its copy, FAILED context 1 counts "
                        + "RX_DROP_FAILED, the wire gets it once", error("packet"), "CTX-6", "DEMUX-11", "RX-5").flags("FailedRecipient"),
                        tx(0, out("1:RX_DROP_FAILED 2", plain(BROADCAST, A, 63))))
                .done();
    }

    // ------------------------------------------------------------------ contexts/host.yaml

    private static final String HOSTED = "contexts 0, 1 and 2 untagged (MACs 02:00:00:00:00:01 with promiscuous allowed, 02:00:00:00:00:02, "
            + "02:00:00:00:00:03), context 3 Access(10) (02:00:00:00:00:04), created in that order: the device holds %s, the host's "
            + "software path the rest; rings on pages 1 to 8; two RX buffers each (pages 100 + 10 x id + k, filled with 0xee); the host starts in "
            + "VEPA; frames go to or come from 02:00:00:00:00:99 unless a test says otherwise";

    private static Bench hosted(int deviceContexts) {
        return Bench.start(new HostedProvider(Generators.model(), deviceContexts), promiscuousAllowed(0, UNTAGGED, 2, A),
                member(1, UNTAGGED, 2, B), member(2, UNTAGGED, 2, C), member(3, access(10), 2, D));
    }

    private static VectorBundle.Entry host() {
        FileBuilder file = FileBuilder.frame(CHAPTER, "host",
                "The host and its software path (spec 08, section 5): the same guests, first with one context on the device and three in "
                        + "software, then with two and two. A guest's frames, responses and counters, the wire and the host's device-wide "
                        + "counters are the same either way and the same as on one device with room for all (CTX-10); wire and guest "
                        + "broadcasts reach every eligible guest on both paths once, never the sender (CTX-11); creates go to the software path "
                        + "once the device is full (CTX-12); SOFTWARE mode gives what VEB gives and counts HOST_SWITCHED_FRAMES (CTX-7).");
        notes(file);
        for (int deviceContexts : new int[] {1, 2}) {
            String held = deviceContexts == 1 ? "context 0" : "contexts 0 and 1";
            FileBuilder.GroupBuilder<Bench> g = file.hostGroup(String.format(java.util.Locale.ROOT, HOSTED, held), deviceContexts,
                    () -> hosted(deviceContexts));
            hostTests(g, ID + "host.device" + deviceContexts + ".");
            g.done();
        }
        VectorBundle.Entry entry = LayoutVectors.withUsedNotes(file.build());
        crossCheck(entry);
        return entry;
    }

    private static void hostTests(FileBuilder.GroupBuilder<Bench> g, String id) {
        g.test(Meta.valid(id + "create-lands-and-serves", "the host creates context 4 (02:00:00:00:00:05) on whichever path has room: ok, and a "
                        + "frame from the wire reaches it", "CTX-12", "CTX-10"),
                        b -> {
                            control(b, Caller.HOST, new ControlRequest.CreateContext(4, ContextConfig.builder().mac(E).txRingGref(b.harness.guest(4).txRing())
                                    .rxRingGref(b.harness.guest(4).rxRing()).build()), "Ok");
                            Arrays.fill(b.harness.grant(140, 4, Access.READ_WRITE), FILL);
                            b.harness.guest(4).post(140);
                            wire(b, "4", plain(E, PEER, 1));
                        })
                .test(Meta.valid(id + "wire-unicast-to-first", "a frame from the wire to context 0's MAC reaches context 0", "CTX-10", "CTX-12"),
                        rx("0", plain(A, PEER, 2)))
                .test(Meta.valid(id + "wire-unicast-to-last", "a frame from the wire to context 2's MAC reaches context 2", "CTX-10", "CTX-12"),
                        rx("2", plain(C, PEER, 3)))
                .test(Meta.valid(id + "wire-access-tag-stripped", "a VID 10 frame from the wire to Access(10) context 3 arrives as 60 bytes",
                        "CTX-10", "DEMUX-10"), rx("3", tag(D, PEER, 0x000A, 4)))
                .test(replicated(id + "wire-broadcast-every-guest-once", "an untagged broadcast from the wire reaches contexts 0, 1 and 2 once each; "
                        + "WIRE_RX_FRAMES counts it once", "CTX-11", "CTX-10", "DEMUX-4").flags("ReplicationOrder", "CrossPath"),
                        rx("0 1 2", plain(BROADCAST, PEER, 5)))
                .test(replicated(id + "wire-multicast-listeners-on-both-paths", "contexts 0 and 2 join 01:00:5e:00:00:01: a frame to it from the "
                        + "wire reaches both once, not context 1", "CTX-11", "CTX-10", "DEMUX-5").flags("ReplicationOrder", "CrossPath"),
                        b -> {
                            guestConfig(b, 0, joined(G1));
                            guestConfig(b, 2, joined(G1));
                            wire(b, "0 2", plain(G1, PEER, 6));
                        })
                .test(replicated(id + "wire-reflected-broadcast-not-to-sender", "a broadcast from the wire with context 0's source reaches contexts 1 "
                        + "and 2, never context 0", "CTX-11", "DEMUX-7").flags("ReplicationOrder", "CrossPath", "Reflection"),
                        rx("1 2", plain(BROADCAST, A, 7)))
                .test(Meta.invalid(id + "wire-unknown-unicast-dropped-once", "a frame to 02:00:00:00:00:63 from the wire: no guest on either path "
                        + "takes it, WIRE_DROP_NO_CONTEXT counts it once", error("packet"), "CTX-10", "DEMUX-9"), rx("", plain(NOBODY, PEER, 8)))
                .test(Meta.valid(id + "vepa-cross-path-unicast-on-wire", "VEPA: context 0's unicast to context 2 goes to the wire only", "CTX-10",
                        "CTX-5").flags("CrossPath"), tx(0, wireOnly(plain(C, A, 9))))
                .test(Meta.valid(id + "vepa-cross-path-reflected", "VEPA: context 2's unicast to context 0 goes out; back from the wire it reaches "
                        + "context 0", "CTX-10", "CTX-5").flags("CrossPath", "Reflection"),
                        b -> {
                            send(b, 2, x -> { }, wireOnly(plain(A, C, 10)));
                            wire(b, "0", plain(A, C, 10));
                        })
                .test(Meta.valid(id + "vepa-broadcast-wire-only", "VEPA: context 1's broadcast goes to the wire only", "CTX-10", "CTX-5"),
                        tx(1, wireOnly(plain(BROADCAST, B, 11))))
                .test(Meta.valid(id + "veb-cross-path-unicast-inside", "the host sets VEB; context 0's unicast to context 2 reaches context 2, not "
                        + "the wire", "CTX-10", "CTX-6").flags("CrossPath", "LocalUnicast"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 0, x -> { }, inside("2", plain(C, A, 12)));
                        })
                .test(Meta.valid(id + "veb-cross-path-unicast-back", "the host sets VEB; context 2's unicast to context 0 reaches context 0, not the "
                        + "wire", "CTX-10", "CTX-6").flags("CrossPath", "LocalUnicast"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 2, x -> { }, inside("0", plain(A, C, 13)));
                        })
                .test(replicated(id + "veb-broadcast-every-guest-once", "the host sets VEB; context 0's broadcast reaches contexts 1 and 2 once each, "
                        + "never context 0, and the wire once", "CTX-11", "CTX-6", "CTX-10").flags("ReplicationOrder", "CrossPath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 0, x -> { }, out("1 2", plain(BROADCAST, A, 14)));
                        })
                .test(Meta.valid(id + "software-unicast-switched-and-counted", "the host sets SOFTWARE: ok; context 0's unicast to context 2 "
                        + "reaches context 2, not the wire, and HOST_SWITCHED_FRAMES counts 1", "CTX-7", "CTX-10").flags("SoftwareSwitching", "CrossPath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            send(b, 0, x -> { }, inside("2", plain(C, A, 15)));
                        })
                .test(replicated(id + "software-broadcast-from-last", "SOFTWARE: context 2's broadcast reaches contexts 0 and 1 once each, never "
                        + "context 2, and the wire once; HOST_SWITCHED_FRAMES counts 1", "CTX-11", "CTX-7", "CTX-10")
                                .flags("ReplicationOrder", "SoftwareSwitching", "CrossPath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            send(b, 2, x -> { }, out("0 1", plain(BROADCAST, C, 16)));
                        })
                .test(replicated(id + "software-multicast-listeners", "SOFTWARE: contexts 0 and 1 join 01:00:5e:00:00:01; context 2's frame to it "
                        + "reaches both and the wire", "CTX-11", "CTX-7").flags("ReplicationOrder", "SoftwareSwitching", "CrossPath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            guestConfig(b, 0, joined(G1));
                            guestConfig(b, 1, joined(G1));
                            send(b, 2, x -> { }, out("0 1", plain(G1, C, 17)));
                        })
                .test(Meta.valid(id + "software-unknown-unicast-not-counted", "SOFTWARE: context 0's unicast to 02:00:00:00:00:63 goes to the wire; "
                        + "no guest took it, so HOST_SWITCHED_FRAMES stays", "CTX-7", "CTX-10").flags("SoftwareSwitching"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            send(b, 0, x -> { }, wireOnly(plain(NOBODY, A, 18)));
                        })
                .test(Meta.invalid(id + "software-third-copy-without-buffer", "SOFTWARE: context 0 sends three unicasts to context 1, which posted "
                        + "two buffers: the third counts RX_DROP_NO_BUFFER and is still counted as switched", error("packet"), "CTX-7", "DEMUX-11")
                                .flags("SoftwareSwitching", "NoBuffer", "LocalUnicast"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            send(b, 0, x -> { }, inside("1", plain(B, A, 19)), inside("1", plain(B, A, 20)), inside("1:RX_DROP_NO_BUFFER", plain(B, A, 21)));
                        })
                .test(Meta.valid(id + "software-then-veb", "the host sets SOFTWARE, then VEB: context 2's unicast to context 0 still stays inside, "
                        + "and HOST_SWITCHED_FRAMES no longer counts", "CTX-7", "CTX-4", "CTX-6").flags("ModeChange", "LocalUnicast", "CrossPath"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            mode(b, Caller.HOST, SwitchMode.VEB, "Ok");
                            send(b, 2, x -> { }, inside("0", plain(A, C, 22)));
                        })
                .test(Meta.invalid(id + "guest-sets-software-refused", "guest 2 asks the host for SOFTWARE: PRIVILEGE; its unicast to context 0 "
                        + "then goes to the wire", rejected("PRIVILEGE"), "CTX-4", "PRIV-2").flags("GuestSetsMode"),
                        b -> {
                            mode(b, Caller.guest(2), SwitchMode.SOFTWARE, refused("PRIVILEGE"));
                            send(b, 2, x -> { }, wireOnly(plain(A, C, 23)));
                        })
                .test(Meta.invalid(id + "software-spoofed-dropped", "SOFTWARE: context 2 sends from context 0's MAC to context 1: dropped, nobody "
                        + "receives it, HOST_SWITCHED_FRAMES stays", error("packet"), "CTX-8", "CTX-7").flags("SwitchBypass", "SoftwareSwitching"),
                        b -> {
                            mode(b, Caller.HOST, SwitchMode.SOFTWARE, "Ok");
                            send(b, 2, x -> { }, dropped(Counter.TX_DROP_SPOOF, plain(B, A, 24)));
                        });
    }

    /**
     * CTX-10 at generation time: every host test, as recorded, passes with every other split of its
     * contexts between the device and the software path, and — unless it uses SOFTWARE, which a
     * device on its own refuses — on a single device with room for all.
     */
    private static void crossCheck(VectorBundle.Entry entry) {
        DeviceProvider model = Generators.model();
        for (VectorFile.Group group : entry.file().groups()) {
            for (VectorFile.Test test : group.tests()) {
                for (int split = 0; split <= VectorFile.Host.MAX_DEVICE_CONTEXTS; split++) {
                    VectorFile.Group moved = new VectorFile.Group(group.comment(), group.profiles(), new VectorFile.Host(split), group.setup(), group.tests());
                    Verdict verdict = VectorRunner.run(model, entry.path(), entry.file(), moved, test);
                    require(verdict.status() == Verdict.Status.PASS, "CTX-10: " + test.id() + " recorded with " + group.host().deviceContexts()
                            + " device context(s) differs with " + split + ": " + verdict.describe());
                }
                if (!usesSoftware(group, test)) {
                    VectorFile.Group single = new VectorFile.Group(group.comment(), group.profiles(), null, group.setup(), group.tests());
                    Verdict verdict = VectorRunner.run(model, entry.path(), entry.file(), single, test);
                    require(verdict.status() == Verdict.Status.PASS, "CTX-10: " + test.id() + " differs on a single device: " + verdict.describe());
                }
            }
        }
    }

    private static boolean usesSoftware(VectorFile.Group group, VectorFile.Test test) {
        List<Step> steps = new ArrayList<>(group.setup() == null ? List.of() : group.setup());
        steps.addAll(test.steps());
        return steps.stream().anyMatch(s -> s.control() != null && "software".equals(s.control().mode()));
    }

    // ------------------------------------------------------------------ contexts/scenarios/full-tables.yaml

    /** MAC {@code m} (1 to 8) of context {@code k}: 02:00:00:01:kk:mm. */
    private static MacAddress mac(int k, int m) {
        return new MacAddress(0x020000010000L + ((long) k << 8) + m);
    }

    /** Group {@code g} (1 to 64) of context {@code k}: 01:00:5e:kk:00:gg, joined by context k alone. */
    private static MacAddress group(int k, int g) {
        return new MacAddress(0x01005E000000L + ((long) k << 16) + g);
    }

    /** VID {@code v} (1 to 8) of trunk context {@code k}. */
    private static int vid(int k, int v) {
        return 8 * k + v;
    }

    private static boolean isTrunk(int k) {
        return k % 16 == 1 || k == 63;
    }

    private static boolean hasRules(int k) {
        return k % 16 == 2 || k == 63;
    }

    private static boolean joinsAll(int k) {
        return k % 16 == 3 || k == 63;
    }

    /**
     * Sixteen rules, default drop: rules 0 to 14 allow UDP over IPv4 to ports 5000 to 5014, rule 15
     * allows EtherType 0x88b5.
     */
    private static List<FilterRule> sixteenRules(int count) {
        List<FilterRule> rules = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            rules.add(new FilterRule(FilterMatch.builder().etherType(IPV4).protocol(17).destinationPort(PortRange.of(5000 + i)).build(), FilterAction.ALLOW));
        }
        rules.add(new FilterRule(FilterMatch.builder().etherType(LOCAL).build(), FilterAction.ALLOW));
        return rules;
    }

    private static VectorBundle.Entry fullTables() {
        DeviceLimits limits = Generators.model().limits();
        require(limits.equals(VectorRunner.PRESET_LIMITS), "the full-tables scenario assumes the core preset's limits, the model has " + limits);
        int contexts = limits.maxContexts();
        int macs = limits.maxMacsPerContext();
        int groups = limits.maxMulticastGroups();
        int rules = limits.maxFilterRules();
        FileBuilder file = FileBuilder.scenario(CHAPTER, "full-tables",
                "Every table at its declared limit (CTX-1, CTX-2): 64 contexts, each with 8 MACs; every sixteenth a trunk of 8 VIDs, one with 16 "
                        + "filter rules and default drop, one joined to 64 groups (context 63 all three); then the 65th create finds no room "
                        + "(PRIV-7), and frames to the last MAC of several contexts, to a context's 64th group, and through the 16th rule are "
                        + "decided exactly as chapters 06 and 07 say.");
        notes(file);
        file.note("CoreLimits", "IMPL_DEFINED", "assumes the bundled devices' limits exactly: 64 contexts, 8 MACs each, 64 groups (all filtered "
                + "exactly), 8 VIDs per trunk, 16 filter rules", "meaningful only for a device with exactly these limits");
        file.note("FullTables", "RESOURCE_EXHAUSTION", "every context uses its whole budget of MACs, and some their VIDs, groups and rules, at "
                + "once (CTX-1, CTX-2)", "a device that shares its tables refuses a valid request, or misdelivers when they fill");
        file.group("a fresh device; context k owns 02:00:00:01:kk:01 to :08, trunk contexts carry VIDs 8k+1 to 8k+8, context k's groups are "
                        + "01:00:5e:kk:00:01 to :40; context k's rings on pages 2k+1 and 2k+2; one RX buffer each (two for context 63) on pages "
                        + "1000 + 10k + j, filled with 0xee, for the contexts that receive",
                        () -> Bench.start())
                .test(Meta.valid(ID + "scenarios.full-tables", "64 contexts at their limits, the 65th create refused for room alone, then frames to "
                                + "the last entries of the tables", "CTX-1", "CTX-2", "PRIV-7", "DEMUX-3", "DEMUX-5", "TXF-6", "TXF-8")
                                .flags("CoreLimits", "FullTables"),
                        b -> fill(b, contexts, macs, groups, rules))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static void fill(Bench b, int contexts, int macs, int groups, int rules) {
        Harness h = b.harness;
        for (int k = 0; k < contexts; k++) {
            GuestDriver guest = h.guest(k);
            List<MacAddress> owned = new ArrayList<>();
            for (int m = 1; m <= macs; m++) {
                owned.add(mac(k, m));
            }
            ContextConfig.Builder config = ContextConfig.builder().macs(owned).txRingGref(guest.txRing()).rxRingGref(guest.rxRing());
            if (isTrunk(k)) {
                Integer[] vids = new Integer[b.harness.provider().limits().maxVlansPerContext()];
                for (int v = 0; v < vids.length; v++) {
                    vids[v] = vid(k, v + 1);
                }
                config.vlan(trunk(vids));
            }
            if (hasRules(k)) {
                config.txRules(sixteenRules(rules)).txDefault(FilterAction.DROP);
            }
            control(b, Caller.HOST, new ControlRequest.CreateContext(k, config.build()), "Ok"); // CTX-1
        }
        GuestDriver extra = h.guest(contexts);
        control(b, Caller.HOST, new ControlRequest.CreateContext(contexts, ContextConfig.builder().mac(mac(contexts, 1)).txRingGref(extra.txRing())
                .rxRingGref(extra.rxRing()).build()), "NoContextAvailable"); // PRIV-7: the only refusal for want of room
        for (int k = 0; k < contexts; k++) {
            if (joinsAll(k)) {
                GuestConfig.Builder config = GuestConfig.builder();
                for (int g = 1; g <= groups; g++) {
                    config.join(group(k, g));
                }
                guestConfig(b, k, config.build()); // CTX-1: whatever the others joined
            }
        }
        int[] receivers = {0, 3, 17, 40, 63};
        for (int k : receivers) {
            int count = k == 63 ? 2 : 1;
            int[] grefs = new int[count];
            for (int j = 0; j < count; j++) {
                grefs[j] = 1000 + 10 * k + j;
                Arrays.fill(h.grant(grefs[j], k, Access.READ_WRITE), FILL);
            }
            h.guest(k).post(grefs);
        }
        // CTX-2: the last entry of each table decides as the first would
        wire(b, "0", plain(mac(0, macs), PEER, 1));
        wire(b, "40", plain(mac(40, macs), PEER, 2));
        wire(b, "17", tag(mac(17, macs), PEER, vid(17, 8), 3));
        wire(b, "63", tag(mac(63, macs), PEER, vid(63, 8), 4));
        wire(b, "3", plain(group(3, groups), PEER, 5));
        wire(b, "63", tag(group(63, groups), PEER, vid(63, 1), 6));
        for (int k : new int[] {2, 63}) {
            long hits = h.filterHits(k, rules - 1);
            byte[] frame = isTrunk(k) ? tag(PEER, mac(k, macs), vid(k, 8), 7 + k) : plain(PEER, mac(k, macs), 7 + k);
            send(b, k, x -> { }, wireOnly(frame));
            require(h.filterHits(k, rules - 1) == hits + 1, "context " + k + "'s rule " + (rules - 1) + " decides the frame (TXF-6, TXF-8)");
        }
    }
}
