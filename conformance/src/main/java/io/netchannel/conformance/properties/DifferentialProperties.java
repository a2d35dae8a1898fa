package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * The stateful differential property: random host, guest, wire and time steps run in lockstep on
 * the reference model (provider {@code reference}) and the device under test, every observation
 * compared after every step. Grants live in a small universe of grefs (the {@link TxBench}
 * numbers) so packets, buffers, grants and revocations keep meeting each other. Guests send to each
 * other's MACs, broadcast and groups while the host switches between VEPA and VEB, so the device's
 * bridge (CTX-6) is compared step by step too. On a device that claims {@code qos} the host gives
 * contexts TX rate limits on create and update and guests send 64 KiB packets that make them wait;
 * on one that claims {@code coalescing} guests set both queues' coalescing; and time moves by
 * random amounts, now and then nanosecond by nanosecond with a comparison after each, so every due
 * time and deadline is met exactly by some step (chapters 09 and 10).
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
        "CTX-5", "CTX-6", "QOS-3", "QOS-6", "QOS-8", "COAL-5", "COAL-7", "OFF-1", "OFF-2", "OFF-3", "CSUM-1", "CSUM-3", "CSUM-5", "TSO-1", "TSO-2",
        "TSO-5", "LRO-3", "LRO-4", "LRO-5", "LRO-6", "LRO-7"})
    public void required_DIFF_everyObservationMatchesTheReferenceModelAfterEveryStep(@ForAll("sequences") ActionChain<Lockstep> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Lockstep>> sequences() {
        DeviceProvider underTest = provider();
        DeviceProvider oracle = reference();
        boolean tso = underTest.profiles().contains(Profile.TSO);
        // a device under a host is compared with a bare model: its paths' timers could order what
        // they release differently (spec 09, section 6); ContextsProperties drives hosts with time
        boolean hosted = underTest instanceof HostedProvider;
        boolean qos = !hosted && underTest.profiles().contains(Profile.QOS);
        boolean coalescing = !hosted && underTest.profiles().contains(Profile.COALESCING);
        boolean checksum = !hosted && underTest.profiles().contains(Profile.CHECKSUM);
        boolean segments = !hosted && tso;
        boolean lro = !hosted && underTest.profiles().contains(Profile.LRO);
        ActionChainArbitrary<Lockstep> chain = ActionChain.<Lockstep>startWith(() -> hosted ? new Lockstep(oracle, underTest).framesPerSenderInAdvances()
                : new Lockstep(oracle, underTest))
                .withAction(4, steps(create(qos)))
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
                .withAction(1, steps(guestConfig(Math.min(3, underTest.limits().exactMulticastGroups()), coalescing)))
                .withAction(qos || coalescing ? 3 : 1, steps(time()))
                .withAction(2, steps(switchMode()));
        if (qos || coalescing) {
            chain = chain.withAction(1, ticks());
        }
        if (qos) {
            chain = chain.withAction(1, steps(updateRate())).withAction(3, transmitBulk());
        }
        if (checksum || segments) {
            chain = chain.withAction(3, steps(transmitOffloads(checksum, segments)));
        }
        if (checksum || lro) {
            chain = chain.withAction(1, steps(guestOffloads(checksum, lro))).withAction(2, steps(readyToReceive(checksum, lro)))
                    .withAction(3, steps(segmentTrain()));
        }
        if (lro && !qos && !coalescing) {
            chain = chain.withAction(1, ticks());
        }
        return chain.withMaxTransformations(MAX_STEPS);
    }

    static Action.Independent<Lockstep> steps(Arbitrary<Lockstep.Step> steps) {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Lockstep>> transformer() {
                return steps.map(step -> Transformer.mutate(step.description(), lockstep -> lockstep.apply(step)));
            }
        };
    }

    static Arbitrary<Integer> context() {
        return Arbitraries.integers().between(0, CONTEXTS - 1);
    }

    static MacAddress mac(int k) {
        return new MacAddress(0x020000000001L + k);
    }

    /**
     * The host creates a context (now and then a guest tries to). A guest whose context is absent
     * first re-initialises its rings, sometimes at an index just short of slot 255 or of 2^32, so
     * sequences cross the slot wrap and the counter wrap (RING-4) within a few packets.
     */
    static Arbitrary<Lockstep.Step> create(boolean qos) {
        Arbitrary<Integer> start = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(250, 255)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-6, -1)));
        Arbitrary<Boolean> byGuest = Arbitraries.frequency(net.jqwik.api.Tuple.of(9, false), net.jqwik.api.Tuple.of(1, true));
        Arbitrary<TxRate> rate = qos ? rates() : Arbitraries.just(TxRate.UNLIMITED);
        return Combinators.combine(context(), Arbitraries.integers().between(0, CONTEXTS), Arbitraries.of(true, false), start, byGuest, rate)
                .as((ctx, mac, promiscuous, at, guest, limit) -> new Lockstep.Step((guest ? "guest " + ctx + " asks to create" : "host creates") + " ctx " + ctx
                        + " with " + mac(mac) + (promiscuous ? " (promiscuous allowed)" : "") + (limit.unlimited() ? "" : ", " + limit)
                        + (at == 0 ? "" : ", rings initialised at " + Integer.toUnsignedString(at)),
                        h -> {
                            if (at != 0 && h.state(ctx) == ContextState.ABSENT) {
                                h.guest(ctx).initRings(at, at);
                            }
                            GuestDriver driver = h.guest(ctx);
                            ContextConfig config = ContextConfig.builder().macs(List.of(mac(mac))).txRingGref(driver.txRing()).rxRingGref(driver.rxRing())
                                    .promiscuousAllowed(promiscuous).txRate(limit).build();
                            h.control(guest ? Caller.guest(ctx) : Caller.HOST, new ControlRequest.CreateContext(ctx, config));
                        }));
    }

    /**
     * Limits for the differential (spec 09): most let a 64 KiB burst through and then make a
     * packet wait from nanoseconds to milliseconds, so the ticks and advances meet due times;
     * now and then an extreme one, Xen's form, or one out of range (INVALID_CONFIG on both sides).
     */
    static Arbitrary<TxRate> rates() {
        Arbitrary<Long> nanosPer1500 = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 30)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(100, 20_000)), net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(100_000, 10_000_000)));
        Arbitrary<Long> period = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 1_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1_000, TxRate.MAX_PERIOD_NANOS)));
        Arbitrary<Long> burst = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(TxRate.MIN_BURST)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(TxRate.MIN_BURST, 200_000)));
        Arbitrary<TxRate> waiting = Combinators.combine(nanosPer1500, period, burst)
                .as((ns, p, b) -> new TxRate(Math.max(1, Math.min(TxRate.MAX_BYTES, Math.round(1500.0 * p / ns))), p, b));
        Arbitrary<TxRate> extreme = Arbitraries.of(new TxRate(1, TxRate.MAX_PERIOD_NANOS, TxRate.MIN_BURST), new TxRate(TxRate.MAX_BYTES, 1, TxRate.MAX_BURST),
                new TxRate(TxRate.MAX_BYTES, TxRate.MAX_PERIOD_NANOS, TxRate.MIN_BURST), TxRate.xen(20_000, 20_000), new TxRate(1500, 500_000, TxRate.MIN_BURST));
        Arbitrary<TxRate> invalid = Arbitraries.of(new TxRate(0, 1000, TxRate.MIN_BURST), new TxRate(1, 1000, TxRate.MIN_BURST - 1),
                new TxRate(1, TxRate.MAX_PERIOD_NANOS + 1, TxRate.MIN_BURST));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(TxRate.UNLIMITED)), net.jqwik.api.Tuple.of(7, waiting),
                net.jqwik.api.Tuple.of(1, extreme), net.jqwik.api.Tuple.of(1, invalid));
    }

    /** The host changes a context's limit, keeping the rest of its configuration (QOS-8); an absent context gets NO_SUCH_CONTEXT on both sides. */
    static Arbitrary<Lockstep.Step> updateRate() {
        return Combinators.combine(context(), rates()).as((ctx, limit) -> new Lockstep.Step("host updates ctx " + ctx + " to " + limit, h -> {
            ContextConfig current = h.config(ctx);
            GuestDriver driver = h.guest(ctx);
            ContextConfig config = current != null ? current.toBuilder().txRate(limit).build()
                    : ContextConfig.builder().mac(mac(ctx)).txRingGref(driver.txRing()).rxRingGref(driver.rxRing()).txRate(limit).build();
            h.control(Caller.HOST, new ControlRequest.UpdateContext(ctx, config));
        }));
    }

    /**
     * A guest sends 1 to 4 packets of up to 65535 bytes from a page it grants itself (every slot
     * reads the same page), from its own MAC to a MAC nobody owns: enough to pass a 64 KiB burst
     * and make a limited context wait (QOS-5).
     */
    private static Action.Dependent<Lockstep> transmitBulk() {
        return lockstep -> {
            // mostly a context the host last gave a limit, read off the reference side
            List<Integer> limited = new ArrayList<>();
            for (int ctx = 0; ctx < CONTEXTS; ctx++) {
                ContextConfig config = lockstep.model().config(ctx);
                if (config != null && config.limitsRate()) {
                    limited.add(ctx);
                }
            }
            Arbitrary<Integer> who = limited.isEmpty() ? context() : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(limited)),
                    net.jqwik.api.Tuple.of(1, context()));
            return bulk(who).map(step -> Transformer.mutate(step.description(), state -> state.apply(step)));
        };
    }

    static Arbitrary<Lockstep.Step> bulk(Arbitrary<Integer> who) {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(14, 9000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(9000, 65_535)));
        return Combinators.combine(who, Arbitraries.of(box(DATA)), sizes.list().ofMinSize(1).ofMaxSize(4))
                .as((ctx, gref, list) -> new Lockstep.Step("guest " + ctx + " grants itself gref " + gref + " and sends packets of " + list + " bytes from it",
                        h -> {
                            byte[] page = h.grant(gref, ctx, Access.READ_ONLY);
                            TxBench.fill(page, gref);
                            page[12] = 0x08;
                            page[13] = 0x00;
                            GuestDriver guest = h.guest(ctx);
                            for (int size : list) {
                                List<TxSlot> slots = new ArrayList<>();
                                int own = Math.min(size, 4096);
                                int rest = size - own;
                                slots.add(new TxSlot.Data(gref, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, gref, size));
                                while (rest > 0) {
                                    int chunk = Math.min(rest, 4096);
                                    rest -= chunk;
                                    slots.add(new TxSlot.Data(gref, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, gref, chunk));
                                }
                                guest.writeOwnSource(slots);
                                guest.writeDestination(slots, STRANGER);
                                guest.queue(slots);
                            }
                            if (guest.pushTx()) {
                                h.kick(ctx, Queue.TX);
                            }
                        }));
    }

    static Arbitrary<Lockstep.Step> destroyOrReset() {
        return Combinators.combine(context(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((ctx, destroy, asGuest) -> new Lockstep.Step((asGuest ? "guest " + ctx : "host") + (destroy ? " destroys" : " resets") + " ctx " + ctx,
                        h -> h.control(asGuest ? Caller.guest(ctx) : Caller.HOST, destroy ? new ControlRequest.DestroyContext(ctx) : new ControlRequest.ResetContext(ctx))));
    }

    static Arbitrary<Lockstep.Step> grant() {
        return Combinators.combine(Arbitraries.of(box(DATA)), context(), Arbitraries.of(Access.READ_ONLY, Access.READ_WRITE))
                .as((gref, ctx, access) -> new Lockstep.Step("grant gref " + gref + " to ctx " + ctx + " " + access, h -> {
                    byte[] page = h.grant(gref, ctx, access);
                    TxBench.fill(page, gref);
                }));
    }

    static Arbitrary<Lockstep.Step> revoke() {
        Arbitrary<Integer> ringOrData = Arbitraries.oneOf(Arbitraries.of(box(DATA)), Arbitraries.integers().between(1, 2 * CONTEXTS));
        return ringOrData.map(gref -> new Lockstep.Step("revoke gref " + gref, h -> h.revoke(gref)));
    }

    static Arbitrary<Lockstep.Step> transmit(boolean tso) {
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
    static Arbitrary<Lockstep.Step> transmitTo() {
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
    static Arbitrary<Lockstep.Step> switchMode() {
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
    static Arbitrary<Lockstep.Step> transmitAndRewrite(boolean tso) {
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

    static Arbitrary<Lockstep.Step> post() {
        // now and then a ring page: RX-7 makes it a bad buffer
        Arbitrary<Integer> buffer = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, Arbitraries.of(box(DATA))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 2 * CONTEXTS)));
        return Combinators.combine(context(), buffer.list().ofMinSize(1).ofMaxSize(3))
                .as((ctx, grefs) -> new Lockstep.Step("guest " + ctx + " posts RX buffers " + grefs, h -> {
                    int[] array = grefs.stream().mapToInt(Integer::intValue).toArray();
                    h.guest(ctx).post(array);
                }));
    }

    static Arbitrary<Lockstep.Step> wire() {
        Arbitrary<MacAddress> destination = Arbitraries.oneOf(Arbitraries.integers().between(0, CONTEXTS).map(DifferentialProperties::mac),
                Arbitraries.of(MacAddress.BROADCAST, MacAddress.parse("01:00:5e:00:00:01")));
        Arbitrary<Integer> length = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 13)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(14, 300)), net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(4000, 9000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(65535, 65536)));
        return Combinators.combine(destination, length, Arbitraries.frequency(net.jqwik.api.Tuple.of(9, 0), net.jqwik.api.Tuple.of(1, 1)), Arbitraries.integers().between(0, 255))
                .as((mac, len, port, seed) -> new Lockstep.Step("wire frame of " + len + " bytes to " + mac + " on port " + port,
                        h -> h.receive(port, RxBench.frame(mac, len, seed))));
    }

    static Arbitrary<Lockstep.Step> kick() {
        return Combinators.combine(Arbitraries.integers().between(-1, CONTEXTS), Arbitraries.of(Queue.TX, Queue.RX))
                .as((ctx, queue) -> new Lockstep.Step("kick " + queue + " of ctx " + ctx, h -> h.kick(ctx, queue)));
    }

    static Arbitrary<Lockstep.Step> consume() {
        return context().map(ctx -> new Lockstep.Step("guest " + ctx + " reads its responses and re-arms rsp_event", h -> {
            GuestDriver guest = h.guest(ctx);
            guest.reap(Queue.TX);
            guest.reap(Queue.RX);
        }));
    }

    static Arbitrary<Lockstep.Step> hostileIndex() {
        return Combinators.combine(context(), Arbitraries.of(Queue.TX, Queue.RX), Arbitraries.oneOf(Arbitraries.integers().between(-2, 300), Arbitraries.integers()))
                .as((ctx, queue, ahead) -> new Lockstep.Step("guest " + ctx + " writes " + queue + " req_prod = rsp_prod + " + ahead, h -> {
                    GuestDriver guest = h.guest(ctx);
                    guest.setHeader(queue, SharedRingLayout.REQ_PROD, guest.header(queue, SharedRingLayout.RSP_PROD) + ahead);
                }));
    }

    /**
     * A guest sets promiscuity, joins up to {@code maxGroups} groups (within the exact table: the
     * model's filter never overflows, CTX-3) and, on a device that claims coalescing, sets each
     * queue's coalescing (chapter 10).
     */
    static Arbitrary<Lockstep.Step> guestConfig(int maxGroups, boolean coalescing) {
        Arbitrary<Coalescing> values = coalescing ? coalescings() : Arbitraries.just(Coalescing.IMMEDIATE);
        Arbitrary<Integer> caller = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(-1)), net.jqwik.api.Tuple.of(1, Arbitraries.just(-2)),
                net.jqwik.api.Tuple.of(2, context()));
        return Combinators.combine(caller, context(), Arbitraries.of(true, false), Arbitraries.integers().between(0, maxGroups), values, values)
                .as((who, ctx, promiscuous, groups, tx, rx) -> {
                    int by = who == -2 ? ctx : who; // -2: the context's own guest, -1: the host
                    String text = (by < 0 ? "host" : "guest " + by) + " sets ctx " + ctx + " promiscuous=" + promiscuous + " groups=" + groups
                            + (tx.equals(Coalescing.IMMEDIATE) ? "" : " TX " + tx) + (rx.equals(Coalescing.IMMEDIATE) ? "" : " RX " + rx);
                    return new Lockstep.Step(text, h -> {
                        GuestConfig.Builder config = GuestConfig.builder().promiscuous(promiscuous).coalescing(Queue.TX, tx).coalescing(Queue.RX, rx);
                        for (int k = 0; k < groups; k++) {
                            config.join(new MacAddress(0x01005E000000L + k));
                        }
                        h.control(by < 0 ? Caller.HOST : Caller.guest(by), new ControlRequest.SetGuestConfig(ctx, config.build()));
                    });
                });
    }

    /** Coalescing values: mostly none, small frame counts and delays that the advances reach, now and then zeros or out of range. */
    static Arbitrary<Coalescing> coalescings() {
        Arbitrary<Coalescing> coalescing = Combinators.combine(Arbitraries.integers().between(1, 8),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 40)), net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(100, 100_000)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(Coalescing.MAX_DELAY_NANOS)))).as(Coalescing::new);
        Arbitrary<Coalescing> zeroed = Arbitraries.of(new Coalescing(0, 1000), new Coalescing(4, 0));
        Arbitrary<Coalescing> invalid = Arbitraries.of(new Coalescing(-1, 10), new Coalescing(2, Coalescing.MAX_DELAY_NANOS + 1));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(Coalescing.IMMEDIATE)), net.jqwik.api.Tuple.of(5, coalescing),
                net.jqwik.api.Tuple.of(1, zeroed), net.jqwik.api.Tuple.of(1, invalid));
    }

    /** Time moves forward by nanoseconds to a second: the scales of the limits and coalescing delays above. */
    static Arbitrary<Lockstep.Step> time() {
        Arbitrary<Long> nanos = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 60)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 1_000_000)), net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1_000_000, 1_000_000_000)));
        return nanos.map(ns -> new Lockstep.Step("time passes " + ns + " ns", h -> h.advance(ns)));
    }

    /**
     * Time moves 1 ns at a time, 1 to 40 times, the sides compared after each: a release or a
     * decision due within that stretch is met at its exact nanosecond, and one taken a nanosecond
     * early or late shows.
     */
    static Action.Independent<Lockstep> ticks() {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Lockstep>> transformer() {
                return Arbitraries.integers().between(1, 40).map(n -> Transformer.mutate("time passes 1 ns, " + n + " times", lockstep -> {
                    for (int k = 0; k < n; k++) {
                        lockstep.apply(new Lockstep.Step("time passes 1 ns (" + (k + 1) + " of " + n + ")", h -> h.advance(1)));
                    }
                }));
            }
        };
    }

    // ------------------------------------------------------------------ chapter 11

    /** Where wire segments come from: a MAC no context is given. */
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:77");

    /**
     * A guest sends a frame of chapter 11's shapes — TCP or UDP over IPv4 or IPv6 with options,
     * extension headers, a tag or trailing bytes, or a near miss section 3 refuses — from up to four
     * pages it grants itself, plain, with NETTXF_csum_blank or NETTXF_data_validated, or (on a
     * device that claims tso) as a GSO packet of 1 to 40 segments, to a destination of
     * {@link #destinations}: a neighbour receives it through the device's bridge in VEB mode.
     */
    static Arbitrary<Lockstep.Step> transmitOffloads(boolean checksum, boolean tso) {
        Arbitrary<OffloadFrames.Shape> plain = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, OffloadFrames.parseable(3000)),
                net.jqwik.api.Tuple.of(1, OffloadFrames.nearMisses(500)));
        Arbitrary<OffloadFrames.Shape> big = tso ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, OffloadFrames.superFrames(12_000)),
                net.jqwik.api.Tuple.of(1, OffloadFrames.mergeable(1, 12_000))) : plain;
        Arbitrary<OffloadFrames.Shape> shapes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, plain), net.jqwik.api.Tuple.of(tso ? 2 : 0, big))
                .map(shape -> shape.vid() != 0 && (shape.seed() & 3) != 0 ? new OffloadFrames.Shape(0, shape.version(), shape.ipOptionWords(),
                        shape.extensions(), shape.units(), shape.proto(), shape.tcpOptionWords(), shape.tcpFlags(), shape.seq(), shape.ipId(), shape.payload(),
                        shape.trailing(), shape.checksum(), shape.seed(), shape.defect()) : shape);
        Arbitrary<Integer> modes = Arbitraries.frequency(net.jqwik.api.Tuple.of(1, 0), net.jqwik.api.Tuple.of(checksum ? 3 : 0, 1),
                net.jqwik.api.Tuple.of(1, 2), net.jqwik.api.Tuple.of(tso ? 4 : 0, 3));
        return Combinators.combine(context(), shapes, modes, Arbitraries.integers().between(1, 40), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, DATA.length - 4))
                .as((ctx, shape, mode, pieces, to, page) -> {
                    int mss = Math.max(1, (shape.payload() + pieces - 1) / pieces);
                    String how = List.of("plain", "csum_blank", "data_validated", "GSO, MSS " + mss).get(mode);
                    return new Lockstep.Step("guest " + ctx + " sends " + shape + " (" + how + ") to " + List.of("a stranger", "the next context",
                            "the one after", "itself", "everyone", "group 01:00:5e:00:00:00").get(to), h -> {
                                List<MacAddress> own = h.macs(ctx);
                                MacAddress destination = destination(h, ctx, to);
                                byte[] frame = OffloadFrames.build(shape, destination == null ? STRANGER : destination, own.isEmpty() ? STRANGER : own.get(0));
                                List<TxSlot> slots = new ArrayList<>();
                                int flags = mode == 1 ? TxRequestLayout.FLAG_CSUM_BLANK : mode == 2 ? TxRequestLayout.FLAG_DATA_VALIDATED : 0;
                                int pages = Math.min(4, (frame.length + 4095) / 4096);
                                for (int k = 0; k < pages; k++) {
                                    int gref = DATA[page + k];
                                    byte[] bytes = h.grant(gref, ctx, Access.READ_ONLY);
                                    int size = Math.min(4096, frame.length - 4096 * k);
                                    System.arraycopy(frame, 4096 * k, bytes, 0, size);
                                    int more = k + 1 < pages ? TxRequestLayout.FLAG_MORE_DATA : 0;
                                    if (k == 0) {
                                        slots.add(new TxSlot.Data(gref, 0, flags | more | (mode == 3 ? TxRequestLayout.FLAG_EXTRA_INFO : 0), gref, frame.length));
                                        if (mode == 3) {
                                            slots.add(TxSlot.Extra.gso(mss, shape.version() == 4 ? 1 : 2, false));
                                        }
                                    } else {
                                        slots.add(new TxSlot.Data(gref, 0, more, gref + k, size));
                                    }
                                }
                                GuestDriver guest = h.guest(ctx);
                                guest.queue(slots);
                                if (guest.pushTx()) {
                                    h.kick(ctx, Queue.TX);
                                }
                            });
                });
    }

    /**
     * A guest (now and then the host) sets a context's offloads: RX checksum marking and LRO with
     * flush delays the advances reach, now and then one out of range or one the device does not
     * claim (OFF-1, OFF-2: refused on both sides alike). The rest of the guest configuration goes
     * back to its defaults.
     */
    static Arbitrary<Lockstep.Step> guestOffloads(boolean checksum, boolean lro) {
        Arbitrary<Long> flush = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(lro ? 3 : 0, Arbitraries.longs().between(1, 60)), net.jqwik.api.Tuple.of(lro ? 3 : 0, Arbitraries.longs().between(100, 1_000_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, Offloads.MAX_LRO_FLUSH_NANOS + 1, Offloads.MAX_LRO_FLUSH_NANOS)));
        Arbitrary<Boolean> rx = Arbitraries.frequency(net.jqwik.api.Tuple.of(checksum ? 3 : 1, true), net.jqwik.api.Tuple.of(2, false));
        Arbitrary<Boolean> byHost = Arbitraries.frequency(net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(4, false));
        return Combinators.combine(context(), rx, flush, byHost).as((ctx, rxChecksum, nanos, host) -> new Lockstep.Step((host ? "host" : "guest " + ctx)
                + " sets ctx " + ctx + " offloads rxChecksum=" + rxChecksum + " lroFlushNanos=" + nanos, h -> h.control(host ? Caller.HOST : Caller.guest(ctx),
                new ControlRequest.SetGuestConfig(ctx, GuestConfig.builder().offloads(new Offloads(rxChecksum, nanos)).build()))));
    }

    /** RX buffer pages of {@link #readyToReceive}: {@value #RX_PAGES} per context from gref 300 on, a universe of their own. */
    private static final int RX_PAGES = 40;

    /**
     * A guest readies its receive side for chapter 11: it grants itself 4 to 16 fresh read-write
     * buffers, posts them, and sets its offloads (RX checksum marking, LRO with a flush delay the
     * advances reach) — so the segment trains that follow are held, merged, flushed and marked.
     */
    static Arbitrary<Lockstep.Step> readyToReceive(boolean checksum, boolean lro) {
        Arbitrary<Long> flush = lro ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 60)), net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(100, 1_000_000)))
                : Arbitraries.just(0L);
        Arbitrary<Boolean> rx = Arbitraries.frequency(net.jqwik.api.Tuple.of(checksum ? 3 : 0, true), net.jqwik.api.Tuple.of(1, false));
        return Combinators.combine(context(), Arbitraries.integers().between(4, 16), rx, flush)
                .as((ctx, count, rxChecksum, nanos) -> new Lockstep.Step("guest " + ctx + " posts " + count + " fresh RX buffers and sets rxChecksum="
                        + rxChecksum + " lroFlushNanos=" + nanos, h -> {
                            long[][] state = FLOWS.computeIfAbsent(h, k -> new long[CONTEXTS + 3][]);
                            if (state[CONTEXTS + 1] == null) {
                                state[CONTEXTS + 1] = new long[CONTEXTS];
                            }
                            int[] grefs = new int[count];
                            for (int k = 0; k < count; k++) {
                                grefs[k] = 300 + ctx * RX_PAGES + (int) (state[CONTEXTS + 1][ctx]++ % RX_PAGES);
                                java.util.Arrays.fill(h.grant(grefs[k], ctx, Access.READ_WRITE), (byte) 0xEE);
                            }
                            h.guest(ctx).post(grefs);
                            state[CONTEXTS] = new long[] {ctx}; // the trains that follow aim here first
                            h.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, GuestConfig.builder()
                                    .offloads(new Offloads(rxChecksum, nanos)).build()));
                        }));
    }

    /**
     * Per harness (both sides of a lockstep advance alike): where each wire flow stands, per
     * destination context, and at {@code [CONTEXTS + 2]} for the pool's last MAC (sequence
     * number and IPv4 ID); at {@code [CONTEXTS]} the context that last readied its receive side; at
     * {@code [CONTEXTS + 1]} each context's next RX buffer page.
     */
    private static final java.util.Map<Harness, long[][]> FLOWS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * 1 to 6 TCP segments of one flow arrive from the wire for a context's MAC (or a MAC no context
     * has): mostly in order, continuing the flow of earlier steps so aggregates grow across steps,
     * now and then with PSH, a gap, a short segment or a broken checksum — the trains LRO holds,
     * merges and flushes (chapter 11, section 7) and RX checksum marking judges.
     */
    static Arbitrary<Lockstep.Step> segmentTrain() {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 1460)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1461, 5000)));
        // -1: the context that last readied its receive side; CONTEXTS: the pool's last MAC, which a context may or may not own
        Arbitrary<Integer> targets = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(-1)), net.jqwik.api.Tuple.of(2, context()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(CONTEXTS)));
        Arbitrary<Twist> twists = Arbitraries.frequency(net.jqwik.api.Tuple.of(2, Twist.PSH), net.jqwik.api.Tuple.of(3, Twist.GAP),
                net.jqwik.api.Tuple.of(2, Twist.SHORT), net.jqwik.api.Tuple.of(2, Twist.BAD_CHECKSUM), net.jqwik.api.Tuple.of(3, Twist.NONE));
        return Combinators.combine(targets, sizes, Arbitraries.integers().between(1, 6), twists, Arbitraries.integers().between(0, 7))
                .as((aim, size, count, twist, at) -> new Lockstep.Step(count + " TCP segment(s) of " + size + " bytes from the wire to "
                        + (aim < 0 ? "the context that last readied its receive side" : aim < CONTEXTS ? "ctx " + aim + "'s first MAC" : mac(aim))
                        + (twist == Twist.NONE ? "" : ", segment " + at % count + " " + twist), h -> {
                            long[][] all = FLOWS.computeIfAbsent(h, k -> new long[CONTEXTS + 3][]);
                            int target = aim >= 0 ? aim : all[CONTEXTS] == null ? 0 : (int) all[CONTEXTS][0];
                            MacAddress to = target < CONTEXTS && !h.macs(target).isEmpty() ? h.macs(target).get(0) : mac(target);
                            int slot = target == CONTEXTS ? CONTEXTS + 2 : target;
                            if (all[slot] == null) {
                                all[slot] = new long[] {0xFFFF_F000L + 977L * target, 0xFFF0 + target};
                            }
                            long seq = all[slot][0];
                            int id = (int) all[slot][1];
                            // one flow per destination, the same headers every step: IPv4 or IPv6, timestamps or no TCP options
                            OffloadFrames.Shape base = new OffloadFrames.Shape(0, target % 2 == 0 ? 4 : 6, 0, List.of(), 0, OffloadOracle.TCP,
                                    target % 3 == 0 ? 3 : 0, OffloadOracle.ACK, 0, 0, 0, 0, -1, target * 16 + 1, OffloadFrames.Defect.NONE);
                            for (int k = 0; k < count; k++) {
                                int payload = size;
                                int flags = OffloadOracle.ACK;
                                Twist here = k == at % count ? twist : Twist.NONE;
                                if (here == Twist.PSH) {
                                    flags |= OffloadOracle.PSH;
                                } else if (here == Twist.GAP) {
                                    seq += 1 + size;
                                } else if (here == Twist.SHORT) {
                                    payload = 1 + size / 3;
                                }
                                byte[] frame = OffloadFrames.build(base.withPayload(payload).withFlags(flags).at(seq, id), to, PEER);
                                if (here == Twist.BAD_CHECKSUM) {
                                    frame[frame.length - payload - 4] ^= 0x21; // in the TCP header: its checksum, or an option byte
                                }
                                seq += payload;
                                id++;
                                h.receive(0, frame);
                            }
                            all[slot][0] = seq;
                            all[slot][1] = id;
                        }));
    }

    /** What one segment of a {@link #segmentTrain} carries that the others do not. */
    private enum Twist {
        /** PSH: the aggregate flushes with it. */
        PSH,
        /** A gap in the sequence before it: it never merges. */
        GAP,
        /** A third of the size: it flushes the aggregate it joins. */
        SHORT,
        /** A broken TCP checksum: no candidate, never NETRXF_data_validated. */
        BAD_CHECKSUM,
        /** Nothing. */
        NONE
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int k = 0; k < values.length; k++) {
            boxed[k] = values[k];
        }
        return boxed;
    }
}
