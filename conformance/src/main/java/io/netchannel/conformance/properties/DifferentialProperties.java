package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The stateful differential property: random host, guest, wire and time steps run in lockstep on
 * the reference model (provider {@code reference}) and the device under test, every observation
 * compared after every step. Grants live in a small universe of grefs (the {@link TxBench}
 * numbers) so packets, buffers, grants and revocations keep meeting each other. Guests send to each
 * other's MACs, broadcast and groups while the host switches between VEPA and VEB, so the device's
 * bridge (CTX-6) is compared step by step too.
 */
public abstract class DifferentialProperties {

    /** Steps per sequence at most. */
    public static final int MAX_STEPS = 30;

    private static final int CONTEXTS = 4;
    private static final int[] DATA = {100, 101, 102, 103, 104, 105, 106, 107, 110, 111};

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    /** The oracle; the {@code reference} provider unless a subclass knows better. */
    protected DeviceProvider reference() {
        return Providers.find("reference");
    }

    @Property
    @Requirement({"PRIV-2", "PRIV-8", "DESC-1", "RING-4", "RING-8", "RING-13", "DESC-13", "DESC-17", "TX-1", "TX-2", "RX-2", "RX-5", "RX-7", "CTX-4",
        "CTX-5", "CTX-6"})
    public void required_DIFF_everyObservationMatchesTheReferenceModelAfterEveryStep(@ForAll("sequences") ActionChain<Lockstep> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Lockstep>> sequences() {
        DeviceProvider underTest = provider();
        DeviceProvider oracle = reference();
        boolean tso = underTest.profiles().contains(Profile.TSO);
        return ActionChain.<Lockstep>startWith(() -> new Lockstep(oracle, underTest))
                .withAction(4, steps(create()))
                .withAction(1, steps(destroyOrReset()))
                .withAction(2, steps(grant()))
                .withAction(1, steps(revoke()))
                .withAction(6, steps(transmit(tso)))
                .withAction(1, steps(transmitAndRewrite(tso)))
                .withAction(3, steps(transmitTo()))
                .withAction(3, steps(post()))
                .withAction(3, steps(wire()))
                .withAction(1, steps(kick()))
                .withAction(2, steps(consume()))
                .withAction(1, steps(hostileIndex()))
                .withAction(1, steps(guestConfig(Math.min(3, underTest.limits().exactMulticastGroups()))))
                .withAction(1, steps(time()))
                .withAction(2, steps(switchMode()))
                .withMaxTransformations(MAX_STEPS);
    }

    private static Action.Independent<Lockstep> steps(Arbitrary<Lockstep.Step> steps) {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Lockstep>> transformer() {
                return steps.map(step -> Transformer.mutate(step.description(), lockstep -> lockstep.apply(step)));
            }
        };
    }

    private static Arbitrary<Integer> context() {
        return Arbitraries.integers().between(0, CONTEXTS - 1);
    }

    private static MacAddress mac(int k) {
        return new MacAddress(0x020000000001L + k);
    }

    /**
     * The host creates a context (now and then a guest tries to). A guest whose context is absent
     * first re-initialises its rings, sometimes at an index just short of slot 255 or of 2^32, so
     * sequences cross the slot wrap and the counter wrap (RING-4) within a few packets.
     */
    private static Arbitrary<Lockstep.Step> create() {
        Arbitrary<Integer> start = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(250, 255)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-6, -1)));
        Arbitrary<Boolean> byGuest = Arbitraries.frequency(net.jqwik.api.Tuple.of(9, false), net.jqwik.api.Tuple.of(1, true));
        return Combinators.combine(context(), Arbitraries.integers().between(0, CONTEXTS), Arbitraries.of(true, false), start, byGuest)
                .as((ctx, mac, promiscuous, at, guest) -> new Lockstep.Step((guest ? "guest " + ctx + " asks to create" : "host creates") + " ctx " + ctx
                        + " with " + mac(mac) + (promiscuous ? " (promiscuous allowed)" : "") + (at == 0 ? "" : ", rings initialised at " + Integer.toUnsignedString(at)),
                        h -> {
                            if (at != 0 && h.state(ctx) == ContextState.ABSENT) {
                                h.guest(ctx).initRings(at, at);
                            }
                            if (guest) {
                                GuestDriver driver = h.guest(ctx);
                                ContextConfig config = ContextConfig.builder().macs(List.of(mac(mac))).txRingGref(driver.txRing()).rxRingGref(driver.rxRing())
                                        .promiscuousAllowed(promiscuous).build();
                                h.control(Caller.guest(ctx), new ControlRequest.CreateContext(ctx, config));
                            } else {
                                h.create(ctx, promiscuous, mac(mac));
                            }
                        }));
    }

    private static Arbitrary<Lockstep.Step> destroyOrReset() {
        return Combinators.combine(context(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((ctx, destroy, asGuest) -> new Lockstep.Step((asGuest ? "guest " + ctx : "host") + (destroy ? " destroys" : " resets") + " ctx " + ctx,
                        h -> h.control(asGuest ? Caller.guest(ctx) : Caller.HOST, destroy ? new ControlRequest.DestroyContext(ctx) : new ControlRequest.ResetContext(ctx))));
    }

    private static Arbitrary<Lockstep.Step> grant() {
        return Combinators.combine(Arbitraries.of(box(DATA)), context(), Arbitraries.of(Access.READ_ONLY, Access.READ_WRITE))
                .as((gref, ctx, access) -> new Lockstep.Step("grant gref " + gref + " to ctx " + ctx + " " + access, h -> {
                    byte[] page = h.grant(gref, ctx, access);
                    TxBench.fill(page, gref);
                }));
    }

    private static Arbitrary<Lockstep.Step> revoke() {
        Arbitrary<Integer> ringOrData = Arbitraries.oneOf(Arbitraries.of(box(DATA)), Arbitraries.integers().between(1, 2 * CONTEXTS));
        return ringOrData.map(gref -> new Lockstep.Step("revoke gref " + gref, h -> h.revoke(gref)));
    }

    private static Arbitrary<Lockstep.Step> transmit(boolean tso) {
        return Combinators.combine(context(), TxPackets.any(tso).list().ofMinSize(1).ofMaxSize(3), destinations())
                .as((ctx, packets, to) -> new Lockstep.Step("guest " + ctx + " sends " + packets.size() + " packet(s) " + packets + " to " + to,
                        h -> send(h, ctx, packets, to)));
    }

    /**
     * Where the frames of one transmit step go, packet by packet: the page's own bytes, the next or
     * the one after context's MAC, the sender's own, broadcast or a joinable group. In VEB mode the
     * first ones are switched to their owner (CTX-6).
     */
    private static Arbitrary<List<Integer>> destinations() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(3, 0), net.jqwik.api.Tuple.of(3, 1), net.jqwik.api.Tuple.of(1, 2),
                net.jqwik.api.Tuple.of(1, 3), net.jqwik.api.Tuple.of(2, 4), net.jqwik.api.Tuple.of(1, 5)).list().ofSize(3);
    }

    private static MacAddress destination(Harness h, int ctx, int kind) {
        List<MacAddress> target = switch (kind) {
            case 1 -> neighbour(h, ctx, 1);
            case 2 -> neighbour(h, ctx, 2);
            case 3 -> h.macs(ctx);
            case 4 -> List.of(MacAddress.BROADCAST);
            case 5 -> List.of(new MacAddress(0x01005E000000L));
            default -> List.of();
        };
        return target.isEmpty() ? null : target.get(0);
    }

    /**
     * A guest sends one plain frame from a page it grants itself, addressed by {@link #destinations}
     * kind {@code to} (the first one, the page's own bytes, excepted): the frames that reach a
     * neighbour when the device bridges (CTX-6).
     */
    private static Arbitrary<Lockstep.Step> transmitTo() {
        return Combinators.combine(context(), Arbitraries.of(box(DATA)), Arbitraries.integers().between(14, 1500), Arbitraries.integers().between(1, 5))
                .as((ctx, gref, size, to) -> new Lockstep.Step("guest " + ctx + " grants itself gref " + gref + " and sends a " + size
                        + "-byte IPv4 frame from it to " + List.of("", "the next context", "the one after", "itself", "everyone", "group 01:00:5e:00:00:00").get(to),
                        h -> {
                            byte[] page = h.grant(gref, ctx, Access.READ_ONLY);
                            TxBench.fill(page, gref);
                            page[12] = 0x08; // EtherType IPv4, no tag
                            page[13] = 0x00;
                            List<TxSlot> slots = List.of(new TxSlot.Data(gref, 0, 0, gref, size));
                            GuestDriver guest = h.guest(ctx);
                            guest.writeOwnSource(slots);
                            MacAddress destination = destination(h, ctx, to);
                            if (destination != null) {
                                guest.writeDestination(slots, destination);
                            }
                            guest.queue(slots);
                            if (guest.pushTx()) {
                                h.kick(ctx, Queue.TX);
                            }
                        }));
    }

    /** The MACs of the {@code nth} context after {@code ctx} (cyclically) that the host gave MACs, or none. */
    private static List<MacAddress> neighbour(Harness h, int ctx, int nth) {
        int seen = 0;
        List<MacAddress> last = List.of();
        for (int k = 1; k < CONTEXTS; k++) {
            List<MacAddress> macs = h.macs((ctx + k) % CONTEXTS);
            if (!macs.isEmpty()) {
                last = macs;
                if (++seen == nth) {
                    break;
                }
            }
        }
        return last;
    }

    /** The host (now and then a guest) sets the switch mode; SOFTWARE is refused by a device alone (CTX-7). */
    private static Arbitrary<Lockstep.Step> switchMode() {
        Arbitrary<SwitchMode> modes = Arbitraries.frequency(net.jqwik.api.Tuple.of(5, SwitchMode.VEB), net.jqwik.api.Tuple.of(2, SwitchMode.VEPA),
                net.jqwik.api.Tuple.of(1, SwitchMode.SOFTWARE));
        Arbitrary<Boolean> byGuest = Arbitraries.frequency(net.jqwik.api.Tuple.of(6, false), net.jqwik.api.Tuple.of(1, true));
        return Combinators.combine(modes, byGuest, context()).as((mode, guest, ctx) -> new Lockstep.Step((guest ? "guest " + ctx : "host") + " sets switch mode "
                + mode, h -> h.control(guest ? Caller.guest(ctx) : Caller.HOST, new ControlRequest.SetSwitchMode(mode))));
    }

    /**
     * A hostile guest (XSA-155): it sends, then rewrites every TX request byte the moment the
     * device has read it. A device that validates and acts on one private copy (DESC-1) behaves
     * as if nothing was rewritten; one that fetches again sees the new bytes.
     */
    private static Arbitrary<Lockstep.Step> transmitAndRewrite(boolean tso) {
        return Combinators.combine(context(), TxPackets.any(tso).list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(0, 255))
                .as((ctx, packets, garbage) -> new Lockstep.Step("guest " + ctx + " sends " + packets.size() + " packet(s) " + packets
                        + " and XORs each request byte with 0x" + Integer.toHexString(garbage | 0x81) + " right after the device reads it", h -> {
                            GuestDriver guest = h.guest(ctx);
                            writeSources(h, ctx, packets);
                            for (PacketShape packet : packets) {
                                guest.queue(packet.slots());
                            }
                            if (guest.pushTx()) {
                                h.rewriteAfterRead(new Harness.Hostile(guest.txRing(), SharedRingLayout.ENTRIES, garbage | 0x81));
                                h.kick(ctx, Queue.TX);
                            }
                        }));
    }

    private static void send(Harness h, int ctx, List<PacketShape> packets, List<Integer> to) {
        GuestDriver guest = h.guest(ctx);
        writeSources(h, ctx, packets);
        for (int k = 0; k < packets.size(); k++) {
            MacAddress destination = destination(h, ctx, to.get(k));
            if (destination != null) {
                guest.writeDestination(packets.get(k).slots(), destination);
            }
        }
        for (PacketShape packet : packets) {
            guest.queue(packet.slots());
        }
        if (guest.pushTx()) {
            h.kick(ctx, Queue.TX);
        }
    }

    /** A unicast MAC no context of these sequences is ever given. */
    private static final MacAddress STRANGER = MacAddress.parse("02:00:00:00:00:63");

    /**
     * The guest of {@code ctx} writes each frame's source MAC as its shape says (TXF-2): for
     * {@code OWN} the first MAC the host last gave {@code ctx} ({@link Harness#macs}; none for a
     * context it has not created), for {@code NEIGHBOUR} the next context's, or a MAC nobody owns.
     */
    private static void writeSources(Harness h, int ctx, List<PacketShape> packets) {
        GuestDriver guest = h.guest(ctx);
        List<MacAddress> own = h.macs(ctx);
        List<MacAddress> next = h.macs((ctx + 1) % CONTEXTS);
        for (PacketShape packet : packets) {
            MacAddress source = switch (packet.source()) {
                case OWN -> own.isEmpty() ? null : own.get(0);
                case NEIGHBOUR -> next.isEmpty() || own.contains(next.get(0)) ? STRANGER : next.get(0);
                case PAGE -> null;
            };
            if (source != null) {
                guest.writeSource(packet.slots(), source);
            }
        }
    }

    private static Arbitrary<Lockstep.Step> post() {
        // now and then a ring page: RX-7 makes it a bad buffer
        Arbitrary<Integer> buffer = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, Arbitraries.of(box(DATA))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 2 * CONTEXTS)));
        return Combinators.combine(context(), buffer.list().ofMinSize(1).ofMaxSize(3))
                .as((ctx, grefs) -> new Lockstep.Step("guest " + ctx + " posts RX buffers " + grefs, h -> {
                    int[] array = grefs.stream().mapToInt(Integer::intValue).toArray();
                    h.guest(ctx).post(array);
                }));
    }

    private static Arbitrary<Lockstep.Step> wire() {
        Arbitrary<MacAddress> destination = Arbitraries.oneOf(Arbitraries.integers().between(0, CONTEXTS).map(DifferentialProperties::mac),
                Arbitraries.of(MacAddress.BROADCAST, MacAddress.parse("01:00:5e:00:00:01")));
        Arbitrary<Integer> length = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 13)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(14, 300)), net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(4000, 9000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(65535, 65536)));
        return Combinators.combine(destination, length, Arbitraries.frequency(net.jqwik.api.Tuple.of(9, 0), net.jqwik.api.Tuple.of(1, 1)), Arbitraries.integers().between(0, 255))
                .as((mac, len, port, seed) -> new Lockstep.Step("wire frame of " + len + " bytes to " + mac + " on port " + port,
                        h -> h.receive(port, RxBench.frame(mac, len, seed))));
    }

    private static Arbitrary<Lockstep.Step> kick() {
        return Combinators.combine(Arbitraries.integers().between(-1, CONTEXTS), Arbitraries.of(Queue.TX, Queue.RX))
                .as((ctx, queue) -> new Lockstep.Step("kick " + queue + " of ctx " + ctx, h -> h.kick(ctx, queue)));
    }

    private static Arbitrary<Lockstep.Step> consume() {
        return context().map(ctx -> new Lockstep.Step("guest " + ctx + " reads its responses and re-arms rsp_event", h -> {
            GuestDriver guest = h.guest(ctx);
            guest.takeTxResponses();
            guest.finalCheckTx();
            guest.takeRxResponses();
            guest.finalCheckRx();
        }));
    }

    private static Arbitrary<Lockstep.Step> hostileIndex() {
        return Combinators.combine(context(), Arbitraries.of(Queue.TX, Queue.RX), Arbitraries.oneOf(Arbitraries.integers().between(-2, 300), Arbitraries.integers()))
                .as((ctx, queue, ahead) -> new Lockstep.Step("guest " + ctx + " writes " + queue + " req_prod = rsp_prod + " + ahead, h -> {
                    GuestDriver guest = h.guest(ctx);
                    guest.setHeader(queue, SharedRingLayout.REQ_PROD, guest.header(queue, SharedRingLayout.RSP_PROD) + ahead);
                }));
    }

    /** A guest sets promiscuity and joins up to {@code maxGroups} groups (within the exact table: the model's filter never overflows, CTX-3). */
    private static Arbitrary<Lockstep.Step> guestConfig(int maxGroups) {
        return Combinators.combine(context(), context(), Arbitraries.of(true, false), Arbitraries.integers().between(0, maxGroups))
                .as((caller, ctx, promiscuous, groups) -> new Lockstep.Step("guest " + caller + " sets ctx " + ctx + " promiscuous=" + promiscuous + " groups=" + groups, h -> {
                    GuestConfig.Builder config = GuestConfig.builder().promiscuous(promiscuous);
                    for (int k = 0; k < groups; k++) {
                        config.join(new MacAddress(0x01005E000000L + k));
                    }
                    h.control(Caller.guest(caller), new ControlRequest.SetGuestConfig(ctx, config.build()));
                }));
    }

    private static Arbitrary<Lockstep.Step> time() {
        return Arbitraries.longs().between(0, 1_000_000).map(nanos -> new Lockstep.Step("time passes " + nanos + " ns", h -> h.advance(nanos)));
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int k = 0; k < values.length; k++) {
            boxed[k] = values[k];
        }
        return boxed;
    }
}
