package io.netchannel.conformance.properties;

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
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.HostedProvider;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.model.contexts.Host;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * Chapter 12, profile {@code relocation}: export, import and the guarantee that a guest cannot
 * tell it moved (RELOC-1 to RELOC-9, RELOC-12; the document's text, RELOC-10 and RELOC-11, is the
 * codec's, tested with it).
 *
 * <p>The guarantee (RELOC-8) is a lockstep of two runs of the same device: the differential's
 * random histories (kicks, guest writes, wire frames, control requests, time; with rate limits,
 * coalescing, offloads, multicast, VLAN policies, TX and RX filter rules, failed contexts) run on
 * both, and now and then the host moves every live guest on one side to a fresh device — of the
 * same make or the other — while the other side exports the same contexts and stays. Everything a
 * guest sees is compared after every step: ring bytes and indices, RX data, wire frames,
 * notifications, states, per-context counters and filter counters; device-wide counters and the
 * control results of the move itself are left out (section 6). The same lockstep with a pause
 * before the import checks RELOC-4, with an export right after each import RELOC-9, and behind the
 * reference host whose device refuses the import RELOC-12.
 *
 * <p>Export's own effects are held against an update with the same configuration, which flushes
 * the LRO aggregate exactly as export must and changes nothing else (RELOC-3); the exported values
 * against chapter 09's token bucket and chapter 10's notification state computed from the history
 * (RELOC-2); and import's checks against a state tampered with field by field, the category the
 * first failing check of section 4.2 gives and nothing changed (RELOC-5 to RELOC-7).
 */
public abstract class RelocationProperties {

    /** The profile id. */
    static final String RELOCATION = "relocation";
    /** Steps per journey at most. */
    public static final int MAX_STEPS = 30;
    /** Context ids of the journeys (the differential's). */
    private static final int CONTEXTS = 4;
    /** The counters section 6 leaves out: they are the device's, not the guest's. */
    private static final List<Counter> DEVICE_WIDE = List.of(Counter.WIRE_RX_FRAMES, Counter.WIRE_DROP_NO_CONTEXT, Counter.HOST_SWITCHED_FRAMES);

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    /** The other make of the journeys; the {@code reference} provider unless a subclass knows better. */
    protected DeviceProvider reference() {
        return Providers.find("reference");
    }

    // ------------------------------------------------------------------ RELOC-8: the guarantee

    @Property(tries = 200)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-8", "RELOC-7"})
    public void required_RELOC8_aGuestMovedToAnotherDeviceOfTheSameMakeObservesWhatAGuestThatStayedObserves(
            @ForAll("toItself") ActionChain<Journey> chain) {
        chain.run();
    }

    @Property(tries = 60)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-8", "RELOC-7", "RELOC-2"})
    public void required_RELOC8_aGuestMovedFromTheDeviceToTheReferenceModelObservesWhatAGuestThatStayedObserves(
            @ForAll("toTheReference") ActionChain<Journey> chain) {
        chain.run();
    }

    @Property(tries = 60)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-8", "RELOC-7", "RELOC-2"})
    public void required_RELOC8_aGuestMovedFromTheReferenceModelToTheDeviceObservesWhatAGuestThatStayedObserves(
            @ForAll("fromTheReference") ActionChain<Journey> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Journey>> toItself() {
        return journeys(provider(), provider(), "RELOC-8", false, Arbitraries.just(0L));
    }

    @Provide
    Arbitrary<ActionChain<Journey>> toTheReference() {
        return journeys(provider(), reference(), "RELOC-8", false, Arbitraries.just(0L));
    }

    @Provide
    Arbitrary<ActionChain<Journey>> fromTheReference() {
        return journeys(reference(), provider(), "RELOC-8", false, Arbitraries.just(0L));
    }

    // ------------------------------------------------------------------ RELOC-4: no absolute time

    @Property(tries = 40)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-4", "RELOC-8"})
    public void required_RELOC4_aGuestImportedLaterWithItsFutureShiftedObservesTheShiftedObservations(
            @ForAll("shifted") ActionChain<Journey> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Journey>> shifted() {
        Arbitrary<Long> pauses = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.longs().between(1, 60)),
                Tuple.of(2, Arbitraries.longs().between(1_000, 2_000_000)), Tuple.of(1, Arbitraries.longs().between(1_000_000_000L, 1L << 40)));
        return Arbitraries.of(0, 1, 2).flatMap(pair -> journeys(pair == 2 ? reference() : provider(), pair == 1 ? reference() : provider(),
                "RELOC-4", false, pauses));
    }

    // ------------------------------------------------------------------ RELOC-9: a fixed point

    @Property(tries = 200)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-9", "RELOC-7"})
    public void required_RELOC9_anExportRightAfterAnImportAnswersTheImportedState(@ForAll("fixedPoints") ActionChain<Journey> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Journey>> fixedPoints() {
        // the device under test imports states of its own and of the reference model
        return Arbitraries.of(true, false).flatMap(own -> journeys(own ? provider() : reference(), provider(), "RELOC-9", true,
                Arbitraries.just(0L)));
    }

    // ------------------------------------------------------------------ RELOC-12: the host's fallback

    @Property(tries = 40)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-12", "RELOC-8"})
    public void required_RELOC12_aHostWhoseDeviceRefusesTheImportServesTheGuestInSoftwareAndTheGuestCannotTell(
            @ForAll("fallbacks") ActionChain<Journey> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Journey>> fallbacks() {
        // a host whose device may hold no context (NoContextAvailable), and one whose device lacks lro (NOT_SUPPORTED for LRO states)
        return Arbitraries.of(true, false).flatMap(full -> journeys(provider(), full ? new HostedProvider(provider(), 0) : new LroLessHost(),
                "RELOC-12", false, Arbitraries.just(0L)));
    }

    @Property(tries = 40)
    @ProfileGate.NotClaimed(RELOCATION)
    @Requirement({"RELOC-12", "RELOC-1"})
    public void required_RELOC12_aHostOverADeviceWithoutRelocationServesAMovedGuestInSoftwareAndTheGuestCannotTell(
            @ForAll("fallbacksWithoutRelocation") ActionChain<Journey> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Journey>> fallbacksWithoutRelocation() {
        // the device refuses every import NOT_SUPPORTED (RELOC-1), so the host takes the guest, which moved from the reference
        // model, into its software path; the guest's history uses only what the device claims
        return journeys(reference(), new HostedProvider(provider(), provider().limits().maxContexts()), "RELOC-12", false, Arbitraries.just(0L));
    }

    /**
     * The reference host over a reference model claiming every profile but {@code lro}, its
     * software path claiming them all: a state with LRO on is refused NOT_SUPPORTED by the device
     * and lands in software (spec 12, section 8).
     */
    static final class LroLessHost implements DeviceProvider {
        private static final DeviceLimits LIMITS = new DeviceLimits(16, 8, 64, 4095);

        @Override
        public String name() {
            return "reference-without-lro+host";
        }

        @Override
        public String identity() {
            return "the reference host over a reference model without lro (" + LIMITS.maxContexts() + " device contexts, as many in software)";
        }

        @Override
        public Set<Profile> profiles() {
            return ReferenceDevice.PROFILES;
        }

        @Override
        public DeviceLimits limits() {
            return LIMITS.withMaxContexts(2 * LIMITS.maxContexts());
        }

        @Override
        public NetchannelDevice create(DeviceEnvironment environment) {
            Set<Profile> lacking = EnumSet.copyOf(ReferenceDevice.PROFILES);
            lacking.remove(Profile.LRO);
            return new Host(environment, LIMITS, LIMITS.maxContexts(), env -> new ReferenceDevice(env, LIMITS, Decisions.SPEC, lacking),
                    LIMITS.maxContexts(), (env, limits) -> new ReferenceDevice(env, limits, Decisions.SPEC, ReferenceDevice.PROFILES));
        }
    }

    /**
     * One journey: a lockstep of two runs started on {@code home}; the side under test moves
     * between {@code home} and {@code away} at the move steps, the other side exports and stays.
     */
    public static final class Journey {
        final Lockstep lockstep;
        final DeviceProvider home;
        final DeviceProvider away;
        final String rule;
        final boolean fixedPoint;
        int moves;

        Journey(DeviceProvider home, DeviceProvider away, String rule, boolean fixedPoint) {
            this.home = home;
            this.away = away;
            this.rule = rule;
            this.fixedPoint = fixedPoint;
            this.lockstep = new Lockstep(home, home, rule);
            if (away instanceof HostedProvider || away instanceof LroLessHost) {
                lockstep.framesPerSenderInAdvances(); // a host's two paths release an advance's frames in their own order (spec 09, section 6)
            }
            for (Counter counter : DEVICE_WIDE) {
                lockstep.ignoreDeviceCounter(counter);
            }
        }

        boolean behindHost() {
            return away instanceof HostedProvider || away instanceof LroLessHost;
        }

        /** The host moves every live guest of the side under test to a fresh device; the other side exports the same contexts. */
        void move(long pause) {
            Harness there = lockstep.underTest();
            DeviceProvider from = there.provider();
            DeviceProvider to = moves % 2 == 0 ? away : home;
            List<String> refusals = refusals(there, to);
            if (!refusals.isEmpty()) {
                // an import section 4.2 refuses: no move (RELOC-5 checks such refusals), the exports alone on both sides
                lockstep.apply(new Lockstep.Step("the host exports every live context, and moves none: " + refusals, RelocationProperties::exportAll, false));
                return;
            }
            moves++;
            Map<Integer, ControlResult> stayed = new TreeMap<>();
            String description = "the host moves every live guest from " + from.name() + " to a fresh " + to.name() + (pause == 0 ? "" : " after " + pause
                    + " ns") + "; the other side exports them and stays";
            lockstep.applyApart(Lockstep.Step.perSide(description, h -> stayed.putAll(exportAll(h)), h -> {
                List<Harness.Move> moved = h.relocate(to, pause, move -> {
                    if (fixedPoint && move.moved()) {
                        ControlResult again = h.control(Caller.HOST, new ControlRequest.ExportContext(move.context()));
                        RelocationState state = ((ControlResult.Exported) move.exported()).state();
                        Check.that(again instanceof ControlResult.Exported e && e.state().equals(state), "RELOC-9", h,
                                "ctx " + move.context() + " exported right after its import as Exported(" + state + ")", again);
                    }
                });
                for (Harness.Move move : moved) {
                    ControlResult before = stayed.get(move.context());
                    Check.that(move.exported() instanceof ControlResult.Exported, "RELOC-2", h, "ctx " + move.context() + " (live) exported",
                            move.exported());
                    // the same history gives the same state on every device: the side that stayed exported it from home
                    Check.that(move.exported().equals(before), "RELOC-8 (RELOC-2)", h, "ctx " + move.context() + " exported as the side that stayed exported it: "
                            + before, move.exported());
                    Check.that(move.moved(), "RELOC-5", h, "the import of ctx " + move.context() + " (a state export produced, rings in place) accepted",
                            move.imported());
                }
            }));
        }

        @Override
        public String toString() {
            return "Journey[" + home.name() + " <-> " + away.name() + ", " + moves + " move(s), " + lockstep + "]";
        }
    }

    /** The host exports every live context of {@code h} in id order; the answers by context. */
    static Map<Integer, ControlResult> exportAll(Harness h) {
        Map<Integer, ControlResult> answers = new TreeMap<>();
        for (int ctx : live(h)) {
            answers.put(ctx, h.control(Caller.HOST, new ControlRequest.ExportContext(ctx)));
        }
        return answers;
    }

    private static List<Integer> live(Harness h) {
        List<Integer> live = new ArrayList<>();
        for (int ctx : h.guests().keySet()) {
            if (h.state(ctx) != ContextState.ABSENT) {
                live.add(ctx);
            }
        }
        return live;
    }

    /**
     * Why an import of every live context of {@code h} into a fresh {@code target} would rightly be
     * refused (section 4.2, steps 8 to 10), read off the guest's memory; empty when it must be accepted.
     */
    static List<String> refusals(Harness h, DeviceProvider target) {
        List<String> why = new ArrayList<>();
        List<Integer> live = live(h);
        for (int ctx : live) {
            ContextConfig config = h.config(ctx);
            if (config == null) {
                why.add("ctx " + ctx + " has no configuration on record");
                continue;
            }
            int tx = config.txRingGref();
            int rx = config.rxRingGref();
            if (tx == rx || h.memory().access(ctx, tx) != Access.READ_WRITE || h.memory().access(ctx, rx) != Access.READ_WRITE) {
                why.add("ctx " + ctx + "'s ring grants are not both READ_WRITE (step 8)");
            } else if (h.state(ctx) == ContextState.ACTIVE) {
                for (int gref : new int[] {tx, rx}) {
                    byte[] page = h.memory().page(gref);
                    int ahead = Bytes.u32(page, SharedRingLayout.REQ_PROD) - Bytes.u32(page, SharedRingLayout.RSP_PROD);
                    if (Integer.toUnsignedLong(ahead) > SharedRingLayout.RING_SIZE) {
                        why.add("ctx " + ctx + " ring gref " + gref + " has req_prod - rsp_prod = " + Integer.toUnsignedString(ahead) + " (step 9)");
                    }
                }
            }
        }
        if (live.size() > target.limits().maxContexts()) {
            why.add(live.size() + " live contexts for " + target.limits().maxContexts() + " (step 10)");
        }
        return why;
    }

    /**
     * Random journeys between {@code home} and {@code away}: the differential's steps as far as
     * both claim their profiles, host creates with VLAN policies, filter rules and limits, and the
     * move (about two per journey).
     */
    static Arbitrary<ActionChain<Journey>> journeys(DeviceProvider home, DeviceProvider away, String rule, boolean fixedPoint, Arbitrary<Long> pauses) {
        Set<Profile> both = EnumSet.copyOf(home.profiles());
        both.retainAll(away.profiles());
        boolean qos = both.contains(Profile.QOS);
        boolean coalescing = both.contains(Profile.COALESCING);
        boolean checksum = both.contains(Profile.CHECKSUM);
        boolean tso = both.contains(Profile.TSO);
        boolean lro = both.contains(Profile.LRO);
        boolean demux = both.contains(Profile.L3L4_DEMUX);
        DeviceLimits a = home.limits();
        DeviceLimits b = away.limits();
        int groups = Math.min(3, Math.min(a.exactMulticastGroups(), b.exactMulticastGroups()));
        int vlans = Math.min(a.maxVlansPerContext(), b.maxVlansPerContext());
        int rules = Math.min(3, Math.min(a.maxFilterRules(), b.maxFilterRules()));
        boolean behindHost = away instanceof HostedProvider || away instanceof LroLessHost;
        ActionChainArbitrary<Journey> chain = ActionChain.<Journey>startWith(() -> new Journey(home, away, rule, fixedPoint))
                .withAction(3, step(DifferentialProperties.create(qos)))
                .withAction(3, step(policyCreate(qos, demux, vlans, rules)))
                .withAction(1, step(DifferentialProperties.destroyOrReset()))
                .withAction(2, step(DifferentialProperties.grant()))
                .withAction(1, step(DifferentialProperties.revoke()))
                .withAction(6, step(DifferentialProperties.transmit(tso)))
                .withAction(1, step(DifferentialProperties.transmitAndRewrite(tso)))
                .withAction(3, step(DifferentialProperties.transmitTo()))
                .withAction(3, step(DifferentialProperties.post()))
                .withAction(3, step(DifferentialProperties.wire()))
                .withAction(1, step(DifferentialProperties.kick()))
                .withAction(2, step(DifferentialProperties.consume()))
                .withAction(1, step(DifferentialProperties.hostileIndex()))
                .withAction(2, step(DifferentialProperties.guestConfig(groups, coalescing)))
                .withAction(qos || coalescing ? 3 : 1, step(DifferentialProperties.time()))
                .withAction(1, ticks())
                .withAction(4, new Action.Independent<>() {
                    @Override
                    public boolean precondition(Journey journey) {
                        return !journey.behindHost() || journey.moves == 0; // into a host once: RELOC-12 binds the import
                    }

                    @Override
                    public Arbitrary<Transformer<Journey>> transformer() {
                        return pauses.map(pause -> Transformer.mutate("move" + (pause == 0 ? "" : " after " + pause + " ns"), journey -> journey.move(pause)));
                    }
                });
        if (!behindHost) {
            // a host keeps VEPA here: its two paths would switch an advance's frames in their own order (ContextsProperties, CTX-10)
            chain = chain.withAction(2, step(DifferentialProperties.switchMode()));
        }
        if (coalescing) {
            chain = chain.withAction(4, step(slowCoalescing(groups)));
        }
        if (qos) {
            chain = chain.withAction(1, step(DifferentialProperties.updateRate())).withAction(5, bulk(null))
                    .withAction(2, bulk(pauses)); // a move right behind a large send: packets held for credit when the guest moves
        }
        if (checksum || tso) {
            chain = chain.withAction(3, step(DifferentialProperties.transmitOffloads(checksum, tso)));
        }
        if (checksum || lro) {
            // behind the lro-less host a guest's offloads stay as they moved: a context the device holds refuses LRO (OFF-1)
            Predicate<Journey> settable = journey -> !journey.behindHost() || journey.moves == 0;
            chain = chain.withAction(1, step(DifferentialProperties.guestOffloads(checksum, lro), settable))
                    .withAction(behindHost ? 4 : 2, step(DifferentialProperties.readyToReceive(checksum, lro), settable))
                    .withAction(3, step(DifferentialProperties.segmentTrain()));
        }
        return chain.withMaxTransformations(MAX_STEPS);
    }

    /**
     * A guest sets both queues' coalescing with delays of 0.1 ms to 1 s (and joins groups), so a
     * move often finds completions pending and a notification owed (spec 12, section 7).
     */
    static Arbitrary<Lockstep.Step> slowCoalescing(int groups) {
        Arbitrary<Coalescing> slow = Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.longs().between(100_000, Coalescing.MAX_DELAY_NANOS))
                .as(Coalescing::new);
        return Combinators.combine(DifferentialProperties.context(), Arbitraries.integers().between(0, groups), slow, slow)
                .as((ctx, joined, tx, rx) -> new Lockstep.Step("guest " + ctx + " sets ctx " + ctx + " groups=" + joined + " TX " + tx + " RX " + rx, h -> {
                    GuestConfig.Builder config = GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, rx);
                    for (int k = 0; k < joined; k++) {
                        config.join(new MacAddress(0x01005E000000L + k));
                    }
                    h.control(Caller.guest(ctx), new ControlRequest.SetGuestConfig(ctx, config.build()));
                }));
    }

    private static Action.Independent<Journey> step(Arbitrary<Lockstep.Step> steps) {
        return step(steps, journey -> true);
    }

    private static Action.Independent<Journey> step(Arbitrary<Lockstep.Step> steps, Predicate<Journey> when) {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(Journey journey) {
                return when.test(journey);
            }

            @Override
            public Arbitrary<Transformer<Journey>> transformer() {
                return steps.map(step -> Transformer.mutate(step.description(), journey -> journey.lockstep.apply(step)));
            }
        };
    }

    private static Action.Independent<Journey> ticks() {
        return () -> Arbitraries.integers().between(1, 40).map(n -> Transformer.mutate("time passes 1 ns, " + n + " times", journey -> {
            for (int k = 0; k < n; k++) {
                journey.lockstep.apply(new Lockstep.Step("time passes 1 ns (" + (k + 1) + " of " + n + ")", h -> h.advance(1)));
            }
        }));
    }

    /** The differential's large sends, mostly from a context the host gave a limit; with {@code pauses}, a move right after. */
    private static Action.Dependent<Journey> bulk(Arbitrary<Long> pauses) {
        return journey -> {
            List<Integer> limited = new ArrayList<>();
            for (int ctx = 0; ctx < CONTEXTS; ctx++) {
                ContextConfig config = journey.lockstep.model().config(ctx);
                if (config != null && config.limitsRate()) {
                    limited.add(ctx);
                }
            }
            Arbitrary<Integer> who = limited.isEmpty() ? DifferentialProperties.context()
                    : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(limited)), Tuple.of(1, DifferentialProperties.context()));
            if (pauses == null) {
                return DifferentialProperties.bulk(who).map(step -> Transformer.mutate(step.description(), j -> j.lockstep.apply(step)));
            }
            return Combinators.combine(DifferentialProperties.bulk(who), pauses).as((step, pause) -> Transformer.<Journey>mutate(step.description()
                    + ", then the move", j -> {
                        j.lockstep.apply(step);
                        if (!j.behindHost() || j.moves == 0) {
                            j.move(pause);
                        }
                    }));
        };
    }

    /** TX and RX rules the journeys' frames meet: ARP, IPv4 (UDP), IPv6, anything. */
    static final List<FilterRule> RULES = List.of(FilterRule.drop(FilterMatch.builder().etherType(0x0806).build()),
            FilterRule.allow(FilterMatch.builder().etherType(0x0800).build()), FilterRule.drop(FilterMatch.builder().etherType(0x0800).protocol(17).build()),
            FilterRule.drop(FilterMatch.builder().etherType(0x86DD).build()), FilterRule.allow(FilterMatch.ANY));

    /**
     * The host creates a context with a VLAN policy, TX filter rules and default, RX rules and
     * default where the device claims l3l4-demux, and a TX limit where it claims qos: the
     * privileged section a move carries (spec 12, section 3.1).
     */
    static Arbitrary<Lockstep.Step> policyCreate(boolean qos, boolean demux, int vlans, int rules) {
        Arbitrary<List<FilterRule>> tx = Arbitraries.of(RULES).list().ofMaxSize(rules);
        Arbitrary<List<FilterRule>> rx = demux ? Arbitraries.of(RULES).list().ofMaxSize(Math.min(2, rules)) : Arbitraries.just(List.of());
        Arbitrary<FilterAction> txDefault = Arbitraries.frequency(Tuple.of(4, FilterAction.ALLOW), Tuple.of(1, FilterAction.DROP));
        Arbitrary<FilterAction> rxDefault = demux ? txDefault : Arbitraries.just(FilterAction.ALLOW);
        Arbitrary<TxRate> rate = qos ? DifferentialProperties.rates() : Arbitraries.just(TxRate.UNLIMITED);
        return Combinators.combine(DifferentialProperties.context(), Arbitraries.integers().between(0, CONTEXTS), FrameArbitraries.policies(vlans),
                Combinators.combine(tx, txDefault).as(Tuple::of), Combinators.combine(rx, rxDefault).as(Tuple::of), rate, Arbitraries.of(true, false))
                .as((ctx, mac, vlan, txs, rxs, limit, promiscuous) -> new Lockstep.Step("host creates ctx " + ctx + " with "
                        + DifferentialProperties.mac(mac) + ", " + vlan + ", TX rules " + txs.get1() + " default " + txs.get2() + ", RX rules " + rxs.get1()
                        + " default " + rxs.get2() + (limit.unlimited() ? "" : ", " + limit) + (promiscuous ? " (promiscuous allowed)" : ""), h -> {
                            GuestDriver driver = h.guest(ctx);
                            ContextConfig config = ContextConfig.builder().mac(DifferentialProperties.mac(mac)).txRingGref(driver.txRing())
                                    .rxRingGref(driver.rxRing()).promiscuousAllowed(promiscuous).vlan(vlan).txRules(txs.get1()).txDefault(txs.get2())
                                    .rxRules(rxs.get1()).rxDefault(rxs.get2()).txRate(limit).build();
                            h.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config));
                        }));
    }

    // ------------------------------------------------------------------ RELOC-3: export is a snapshot

    @Property(tries = 60)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-3", "RELOC-2"})
    public void required_RELOC3_anExportChangesNothingButTheLroFlushOfAnUpdateAndASecondExportAnswersTheSame(
            @ForAll("snapshots") ActionChain<Lockstep> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Lockstep>> snapshots() {
        DeviceProvider device = provider();
        Set<Profile> profiles = device.profiles();
        boolean qos = profiles.contains(Profile.QOS);
        boolean coalescing = profiles.contains(Profile.COALESCING);
        boolean checksum = profiles.contains(Profile.CHECKSUM);
        boolean tso = profiles.contains(Profile.TSO);
        boolean lro = profiles.contains(Profile.LRO);
        DeviceLimits limits = device.limits();
        ActionChainArbitrary<Lockstep> chain = ActionChain.<Lockstep>startWith(() -> new Lockstep(device, device, "RELOC-3"))
                .withAction(3, DifferentialProperties.steps(DifferentialProperties.create(qos)))
                .withAction(3, DifferentialProperties.steps(policyCreate(qos, profiles.contains(Profile.L3L4_DEMUX), limits.maxVlansPerContext(),
                        Math.min(3, limits.maxFilterRules()))))
                .withAction(1, DifferentialProperties.steps(DifferentialProperties.destroyOrReset()))
                .withAction(1, DifferentialProperties.steps(DifferentialProperties.grant()))
                .withAction(5, DifferentialProperties.steps(DifferentialProperties.transmit(tso)))
                .withAction(3, DifferentialProperties.steps(DifferentialProperties.post()))
                .withAction(3, DifferentialProperties.steps(DifferentialProperties.wire()))
                .withAction(2, DifferentialProperties.steps(DifferentialProperties.consume()))
                .withAction(1, DifferentialProperties.steps(DifferentialProperties.hostileIndex()))
                .withAction(1, DifferentialProperties.steps(DifferentialProperties.kick()))
                .withAction(2, DifferentialProperties.steps(DifferentialProperties.guestConfig(Math.min(3, limits.exactMulticastGroups()), coalescing)))
                .withAction(3, DifferentialProperties.steps(DifferentialProperties.time()))
                .withAction(1, DifferentialProperties.ticks())
                .withAction(5, (Action.Independent<Lockstep>) () -> DifferentialProperties.context().map(ctx -> Transformer.mutate("export ctx " + ctx,
                        lockstep -> lockstep.applyApart(Lockstep.Step.perSide("the host exports ctx " + ctx + " (twice) on one side, updates it with its"
                                + " own configuration on the other", h -> {
                                    ContextConfig config = h.config(ctx);
                                    h.control(Caller.HOST, new ControlRequest.UpdateContext(ctx, config != null ? config
                                            : ContextConfig.builder().mac(DifferentialProperties.mac(ctx)).build()));
                                }, h -> exportTwice(h, ctx))))));
        if (qos) {
            chain = chain.withAction(1, DifferentialProperties.steps(DifferentialProperties.updateRate()))
                    .withAction(3, DifferentialProperties.steps(DifferentialProperties.bulk(DifferentialProperties.context())));
        }
        if (checksum || lro) {
            chain = chain.withAction(1, DifferentialProperties.steps(DifferentialProperties.guestOffloads(checksum, lro)))
                    .withAction(3, DifferentialProperties.steps(DifferentialProperties.readyToReceive(checksum, lro)))
                    .withAction(4, DifferentialProperties.steps(DifferentialProperties.segmentTrain()));
        }
        return chain.withMaxTransformations(MAX_STEPS);
    }

    /**
     * Exports {@code ctx} twice: the answers agree (RELOC-3: the first changed nothing the second
     * reads), and an Exported state shows what the device shows of the context (RELOC-2).
     */
    private static void exportTwice(Harness h, int ctx) {
        ControlResult first = h.control(Caller.HOST, new ControlRequest.ExportContext(ctx));
        ControlResult second = h.control(Caller.HOST, new ControlRequest.ExportContext(ctx));
        boolean live = h.state(ctx) != ContextState.ABSENT;
        Check.equal("RELOC-2", h, "the answer to ExportContext(" + ctx + ") of a " + (live ? "live" : "absent") + " context",
                live ? "Exported" : "Rejected(NO_SUCH_CONTEXT)", Harness.describe(first));
        Check.equal("RELOC-3", h, "a second export right after the first", first, second);
        if (first instanceof ControlResult.Exported exported) {
            List<String> wrong = shows(h, ctx, exported.state());
            Check.that(wrong.isEmpty(), "RELOC-2", h, "ctx " + ctx + " exported as the device shows it: " + exported.state(), wrong);
        }
    }

    /**
     * Where {@code state}, exported from {@code ctx}, disagrees with what the device and the guest's
     * memory show of the context, and with the states export can produce (section 4.2, step 7).
     */
    static List<String> shows(Harness h, int ctx, RelocationState state) {
        List<String> wrong = new ArrayList<>();
        RelocationState.Runtime runtime = state.runtime();
        if (!state.host().equals(h.config(ctx))) {
            wrong.add("host " + state.host() + " is not the configuration the host gave: " + h.config(ctx));
        }
        if (runtime.state() != h.state(ctx)) {
            wrong.add("state " + runtime.state() + ", the device says " + h.state(ctx));
        }
        if (!runtime.counters().keySet().equals(RelocationState.CONTEXT_COUNTERS)) {
            wrong.add("counters " + runtime.counters().keySet() + " are not those of CONTEXT_COUNTERS");
        }
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            if (runtime.counter(counter) != h.counter(ctx, counter)) {
                wrong.add("counter " + counter + " " + runtime.counter(counter) + ", the device says " + h.counter(ctx, counter));
            }
        }
        int rules = state.host().txRules().size();
        List<Long> hits = new ArrayList<>();
        for (int rule = 0; rule <= rules; rule++) {
            hits.add(h.filterHits(ctx, rule));
        }
        if (!runtime.filterHits().equals(hits)) {
            wrong.add("filterHits " + runtime.filterHits() + ", the device says " + hits);
        }
        for (Queue queue : Queue.values()) {
            RelocationState.Ring ring = runtime.ring(queue);
            int gref = queue == Queue.TX ? state.host().txRingGref() : state.host().rxRingGref();
            if (ring.slots() != RelocationState.Ring.NETIF_SLOTS) {
                wrong.add(queue + " slots " + ring.slots());
            }
            if (runtime.state() == ContextState.ACTIVE && h.memory().pages().containsKey(gref)
                    && ring.rspProd() != Bytes.u32(h.memory().page(gref), SharedRingLayout.RSP_PROD)) {
                wrong.add(queue + " rspProd " + Integer.toUnsignedString(ring.rspProd()) + ", the shared header shows "
                        + Integer.toUnsignedString(Bytes.u32(h.memory().page(gref), SharedRingLayout.RSP_PROD)));
            }
            RelocationState.Completions completions = runtime.completions(queue);
            Coalescing coalescing = state.guest().coalescing(queue);
            if (completions.pending() < 0 || completions.ageNanos() < 0 || completions.pending() == 0 && completions.ageNanos() != 0) {
                wrong.add(queue + " completions " + completions + " (pending and age are >= 0, the age 0 when nothing is pending)");
            }
            if (completions.pending() > 0 && (coalescing.immediate() || completions.pending() >= coalescing.maxFrames()
                    || completions.ageNanos() >= coalescing.maxDelayNanos() || runtime.state() == ContextState.FAILED)) {
                wrong.add(queue + " completions " + completions + " under " + coalescing + " in state " + runtime.state()
                        + " (a decision would already have been taken)");
            }
        }
        TxRate rate = state.host().txRate();
        if (runtime.credit().isPresent() != !rate.unlimited()) {
            wrong.add("credit " + runtime.credit() + " under " + rate + " (present exactly when the rate is limited)");
        }
        runtime.credit().ifPresent(credit -> {
            if (credit.level() < 0 || (!rate.unlimited() && credit.level() > rate.burstBytes() * rate.periodNanos())) {
                wrong.add("credit level " + credit.level() + " outside 0.." + rate.burstBytes() * rate.periodNanos());
            }
            if (credit.waiting() && (credit.resumeInNanos().getAsLong() < 1 || runtime.state() == ContextState.FAILED)) {
                wrong.add("resumeInNanos " + credit.resumeInNanos() + " in state " + runtime.state());
            }
        });
        return wrong;
    }

    // ------------------------------------------------------------------ RELOC-2: the values, from the history

    @Property(tries = 200)
    @ProfileGate.Claimed({RELOCATION, "qos", "coalescing"})
    @Requirement({"RELOC-2", "RELOC-7", "RELOC-9"})
    public void required_RELOC2_anExportAnswersTheBucketAndNotificationStateChapters09And10GiveForTheHistory(
            @ForAll @IntRange(min = 100, max = 20_000) int nanosPer1500, @ForAll @LongRange(min = 1, max = 1_000) long period,
            @ForAll @LongRange(min = TxRate.MIN_BURST, max = 200_000) long burst, @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 60, max = 65_535) Integer> sizes,
            @ForAll @IntRange(min = 0, max = 6) int txFrames, @ForAll @IntRange(min = 0, max = 6) int rxFrames,
            @ForAll @IntRange(min = 0, max = 5) int received, @ForAll @LongRange(min = 0, max = 3_000_000) long at,
            @ForAll @LongRange(min = 0, max = 3_000_000) long after) {
        TxRate rate = new TxRate(Math.max(1, Math.round(1500.0 * period / nanosPer1500)), period, burst);
        Coalescing tx = txFrames < 2 ? Coalescing.IMMEDIATE : new Coalescing(txFrames, Coalescing.MAX_DELAY_NANOS);
        Coalescing rx = rxFrames < 2 ? Coalescing.IMMEDIATE : new Coalescing(rxFrames, Coalescing.MAX_DELAY_NANOS);
        long exportAt = at + after;
        Harness h = Harness.start(provider());
        GuestDriver guest = h.guest(0);
        MacAddress own = MacAddress.parse("02:00:00:00:12:01");
        ContextConfig host = ContextConfig.builder().mac(own).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).txRate(rate).build();
        Check.equal("RELOC-2", h, "the create", "Ok", Harness.describe(h.control(Caller.HOST, new ControlRequest.CreateContext(0, host))));
        GuestConfig config = GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, rx).build();
        if (config.coalesces()) {
            Check.equal("RELOC-2", h, "the guest's coalescing", "Ok", Harness.describe(h.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, config))));
        }
        int[] buffers = new int[8];
        for (int k = 0; k < buffers.length; k++) {
            buffers[k] = h.grantPage(0, Access.READ_WRITE);
        }
        guest.post(buffers);
        // at 0: every packet pushed at once, one kick
        int data = h.grantPage(0, Access.READ_ONLY);
        byte[] page = h.memory().page(data);
        TxBench.fill(page, data);
        page[12] = 0x08;
        page[13] = 0x00;
        List<Integer> slotsOf = new ArrayList<>();
        for (int size : sizes) {
            List<TxSlot> slots = new ArrayList<>();
            int rest = size - Math.min(size, 4096);
            slots.add(new TxSlot.Data(data, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, data, size));
            while (rest > 0) {
                int chunk = Math.min(rest, 4096);
                rest -= chunk;
                slots.add(new TxSlot.Data(data, 0, rest > 0 ? TxRequestLayout.FLAG_MORE_DATA : 0, data, chunk));
            }
            guest.writeOwnSource(slots);
            guest.writeDestination(slots, MacAddress.parse("02:00:00:00:12:63"));
            guest.queue(slots);
            slotsOf.add(slots.size());
        }
        if (guest.pushTx()) {
            h.kick(0, Queue.TX);
        }
        h.advanceTo(at);
        for (int k = 0; k < received; k++) {
            h.receive(0, RxBench.frame(own, 60 + 97 * k, k));
        }
        h.advanceTo(exportAt);
        // the oracle: chapter 09's bucket over the TX timeline, chapter 10's decisions over both queues' publishes
        Notifying txQueue = new Notifying(tx);
        long cap = burst * period;
        long level = cap;
        long brought = 0;
        long now = 0;
        int next = 0;
        OptionalLong resume = OptionalLong.empty();
        while (true) {
            level = upToDate(level, now - brought, rate.bytes(), cap);
            brought = now;
            int left = 0;
            int slots = 0;
            while (next < sizes.size() && level >= sizes.get(next) * period) {
                level -= sizes.get(next) * period;
                slots += slotsOf.get(next);
                left++;
                next++;
            }
            txQueue.publish(now, left, slots);
            if (next == sizes.size()) {
                break;
            }
            long due = now + ceilDiv(sizes.get(next) * period - level, rate.bytes());
            if (due > exportAt) {
                resume = OptionalLong.of(due - exportAt);
                break;
            }
            now = due;
        }
        level = upToDate(level, exportAt - brought, rate.bytes(), cap);
        Notifying rxQueue = new Notifying(rx);
        for (int k = 0; k < received; k++) {
            rxQueue.publish(at, 1, 1);
        }
        ControlResult answer = h.control(Caller.HOST, new ControlRequest.ExportContext(0));
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, h.counter(0, counter));
        }
        RelocationState expected = new RelocationState(host, config.coalesces() ? config : GuestConfig.DEFAULT, new RelocationState.Runtime(
                ContextState.ACTIVE, RelocationState.Ring.at(txQueue.rspProd), RelocationState.Ring.at(rxQueue.rspProd),
                Optional.of(new RelocationState.Credit(level, resume)), txQueue.at(exportAt), rxQueue.at(exportAt), counters, List.of(h.filterHits(0, 0))));
        Check.that(answer instanceof ControlResult.Exported e && e.state().equals(expected), "RELOC-2", h, "Exported(" + expected + ")", answer);
        // RELOC-7 and RELOC-9 on the same state: a fresh device of the same make takes it and gives it back
        h.relocate(provider(), 0, move -> {
            Check.equal("RELOC-7", h, "the import of the state just exported", "Ok", Harness.describe(move.imported()));
            ControlResult again = h.control(Caller.HOST, new ControlRequest.ExportContext(0));
            Check.that(again instanceof ControlResult.Exported e && e.state().equals(expected), "RELOC-9", h, "Exported(" + expected + ")", again);
        });
    }

    /** One queue's notification state (chapter 10, section 4) as publishes make completions visible; decisions at deadlines never come here. */
    private static final class Notifying {
        final Coalescing coalescing;
        int rspProd;
        int decided;
        long pending;
        long first;

        Notifying(Coalescing coalescing) {
            this.coalescing = coalescing;
        }

        void publish(long now, int completions, int responses) {
            if (completions == 0) {
                return;
            }
            rspProd += responses;
            if (pending == 0) {
                first = now;
            }
            pending += completions;
            if (coalescing.immediate() || pending >= coalescing.maxFrames()) {
                decided = rspProd;
                pending = 0;
            }
        }

        RelocationState.Completions at(long now) {
            return new RelocationState.Completions(decided, pending, pending == 0 ? 0 : now - first);
        }
    }

    private static long upToDate(long level, long elapsed, long bytes, long cap) {
        return elapsed >= ceilDiv(cap - level, bytes) ? cap : level + elapsed * bytes;
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    // ------------------------------------------------------------------ RELOC-5, RELOC-6, RELOC-7: import's checks

    /** One way to spoil an exported state, the check of section 4.2 it fails, and the answer that check gives. */
    record Tamper(String what, int check, String answer, Predicate<Scene> applies, UnaryOperator<Scene> apply) {
        @Override
        public String toString() {
            return what + " (check " + check + ": " + answer + ")";
        }
    }

    /** An import about to be made: who asks, into which id, what state, and the bench it lands on. */
    record Scene(Harness h, Caller caller, int ctx, RelocationState state, Set<Profile> profiles, DeviceLimits limits) {
        Scene with(RelocationState replacement) {
            return new Scene(h, caller, ctx, replacement, profiles, limits);
        }

        Scene runtime(UnaryOperator<RuntimeParts> change) {
            RuntimeParts parts = change.apply(RuntimeParts.of(state.runtime()));
            return with(new RelocationState(state.host(), state.guest(), parts.build()));
        }

        Scene host(UnaryOperator<ContextConfig.Builder> change) {
            return with(new RelocationState(change.apply(state.host().toBuilder()).build(), state.guest(), state.runtime()));
        }

        boolean active() {
            return state.runtime().state() == ContextState.ACTIVE;
        }
    }

    /** A runtime section taken apart, to change one field. */
    record RuntimeParts(ContextState state, RelocationState.Ring tx, RelocationState.Ring rx, Optional<RelocationState.Credit> credit,
            RelocationState.Completions txCompletions, RelocationState.Completions rxCompletions, Map<Counter, Long> counters, List<Long> filterHits) {
        static RuntimeParts of(RelocationState.Runtime r) {
            Map<Counter, Long> counters = new EnumMap<>(Counter.class);
            counters.putAll(r.counters());
            return new RuntimeParts(r.state(), r.tx(), r.rx(), r.credit(), r.txCompletions(), r.rxCompletions(), counters, new ArrayList<>(r.filterHits()));
        }

        RelocationState.Runtime build() {
            return new RelocationState.Runtime(state, tx, rx, credit, txCompletions, rxCompletions, counters, filterHits);
        }

        RuntimeParts withState(ContextState s) {
            return new RuntimeParts(s, tx, rx, credit, txCompletions, rxCompletions, counters, filterHits);
        }

        RuntimeParts withTx(RelocationState.Ring ring) {
            return new RuntimeParts(state, ring, rx, credit, txCompletions, rxCompletions, counters, filterHits);
        }

        RuntimeParts withRx(RelocationState.Ring ring) {
            return new RuntimeParts(state, tx, ring, credit, txCompletions, rxCompletions, counters, filterHits);
        }

        RuntimeParts withCredit(Optional<RelocationState.Credit> c) {
            return new RuntimeParts(state, tx, rx, c, txCompletions, rxCompletions, counters, filterHits);
        }

        RuntimeParts withCompletions(Queue queue, RelocationState.Completions c) {
            return queue == Queue.TX ? new RuntimeParts(state, tx, rx, credit, c, rxCompletions, counters, filterHits)
                    : new RuntimeParts(state, tx, rx, credit, txCompletions, c, counters, filterHits);
        }
    }

    private static final String PRIVILEGE = "Rejected(PRIVILEGE)";
    private static final String INVALID = "Rejected(INVALID_CONFIG)";
    private static final String NOT_SUPPORTED = "Rejected(NOT_SUPPORTED)";
    private static final String BAD_RING = "Rejected(BAD_RING)";

    /** Every tampering, in the order of section 4.2's checks. */
    static List<Tamper> tampers() {
        Predicate<Scene> any = s -> true;
        List<Tamper> all = new ArrayList<>();
        all.add(new Tamper("a guest asks for the import", 1, PRIVILEGE, any, s -> new Scene(s.h, Caller.guest(s.ctx), s.ctx, s.state, s.profiles, s.limits)));
        all.add(new Tamper("into a context id past maxContextId", 3, INVALID, s -> s.ctx != 1,
                s -> new Scene(s.h, s.caller, s.limits.maxContextId() + 1, s.state, s.profiles, s.limits)));
        all.add(new Tamper("into a live context's id", 4, "Rejected(CONTEXT_EXISTS)", s -> s.ctx != s.limits.maxContextId() + 1,
                s -> new Scene(s.h, s.caller, 1, s.state, s.profiles, s.limits)));
        all.add(new Tamper("host section without a MAC", 5, INVALID, any, s -> s.host(b -> b.macs(List.of()))));
        all.add(new Tamper("host section owning a group address", 5, INVALID, any, s -> s.host(b -> b.macs(List.of(MacAddress.parse("01:00:5e:00:00:07"))))));
        all.add(new Tamper("host section with a TX rate out of range", 5, INVALID, s -> s.profiles.contains(Profile.QOS),
                s -> s.host(b -> b.txRate(new TxRate(0, 1000, TxRate.MIN_BURST)))));
        all.add(new Tamper("guest section promiscuous where the host section forbids it", 6, PRIVILEGE, any, s -> {
            ContextConfig host = s.state.host().toBuilder().promiscuousAllowed(false).build();
            return s.with(new RelocationState(host, s.state.guest().withPromiscuous(true), s.state.runtime()));
        }));
        all.add(new Tamper("guest section joining a unicast address", 6, INVALID, any, s -> s.with(new RelocationState(s.state.host(),
                s.state.guest().withMulticast(List.of(MacAddress.parse("02:00:00:00:00:09"))), s.state.runtime()))));
        all.add(new Tamper("guest section joining more groups than maxMulticastGroups", 6, INVALID, s -> s.limits.maxMulticastGroups() < 4096, s -> {
            List<MacAddress> groups = new ArrayList<>();
            for (int k = 0; k <= s.limits.maxMulticastGroups(); k++) {
                groups.add(new MacAddress(0x01005E000000L + k));
            }
            return s.with(new RelocationState(s.state.host(), s.state.guest().withMulticast(groups), s.state.runtime()));
        }));
        all.add(new Tamper("guest section with a TX coalescing out of range", 6, INVALID, s -> s.profiles.contains(Profile.COALESCING),
                s -> s.with(new RelocationState(s.state.host(), s.state.guest().withCoalescing(Queue.TX, new Coalescing(-1, 10)), s.state.runtime()))));
        all.add(new Tamper("guest section with an LRO flush delay out of range", 6, INVALID, s -> s.profiles.contains(Profile.LRO),
                s -> s.with(new RelocationState(s.state.host(), s.state.guest().withOffloads(new Offloads(false, -1)), s.state.runtime()))));
        all.add(new Tamper("guest section with LRO on a device without lro", 6, NOT_SUPPORTED, s -> !s.profiles.contains(Profile.LRO),
                s -> s.with(new RelocationState(s.state.host(), s.state.guest().withOffloads(new Offloads(false, 1000)), s.state.runtime()))));
        all.add(new Tamper("guest section with coalescing on a device without coalescing", 6, NOT_SUPPORTED, s -> !s.profiles.contains(Profile.COALESCING),
                s -> s.with(new RelocationState(s.state.host(), s.state.guest().withCoalescing(Queue.RX, new Coalescing(4, 1000)), s.state.runtime()))));
        all.add(new Tamper("runtime state ABSENT", 7, INVALID, any, s -> s.runtime(r -> r.withState(ContextState.ABSENT))));
        all.add(new Tamper("TX ring of 512 slots", 7, INVALID, any, s -> s.runtime(r -> r.withTx(new RelocationState.Ring(512, r.tx().rspProd())))));
        all.add(new Tamper("RX ring of 0 slots", 7, INVALID, any, s -> s.runtime(r -> r.withRx(new RelocationState.Ring(0, r.rx().rspProd())))));
        all.add(new Tamper("credit present without a limit, or absent with one", 7, INVALID, any, s -> s.runtime(r -> r.withCredit(r.credit().isPresent()
                ? Optional.empty() : Optional.of(new RelocationState.Credit(0, OptionalLong.empty()))))));
        all.add(new Tamper("credit level above burstBytes x periodNanos", 7, INVALID, s -> s.state.runtime().credit().isPresent(), s -> s.runtime(r -> {
            TxRate rate = s.state.host().txRate();
            return r.withCredit(Optional.of(new RelocationState.Credit(rate.burstBytes() * rate.periodNanos() + 1, r.credit().get().resumeInNanos())));
        })));
        all.add(new Tamper("credit level below 0", 7, INVALID, s -> s.state.runtime().credit().isPresent(),
                s -> s.runtime(r -> r.withCredit(Optional.of(new RelocationState.Credit(-1, r.credit().get().resumeInNanos()))))));
        all.add(new Tamper("resumeInNanos 0", 7, INVALID, s -> s.state.runtime().credit().isPresent(),
                s -> s.runtime(r -> r.withCredit(Optional.of(new RelocationState.Credit(r.credit().get().level(), OptionalLong.of(0)))))));
        all.add(new Tamper("a FAILED state still waiting for credit", 7, INVALID, s -> s.state.runtime().credit().isPresent(), s -> s.runtime(r -> r
                .withState(ContextState.FAILED).withCredit(Optional.of(new RelocationState.Credit(r.credit().get().level(), OptionalLong.of(5)))))));
        for (Queue queue : Queue.values()) {
            all.add(new Tamper(queue + " pending -1", 7, INVALID, any, s -> s.runtime(r -> r.withCompletions(queue, new RelocationState.Completions(
                    r.build().completions(queue).decided(), -1, 0)))));
            all.add(new Tamper(queue + " age -1", 7, INVALID, any, s -> s.runtime(r -> r.withCompletions(queue, new RelocationState.Completions(
                    r.build().completions(queue).decided(), 1, -1)))));
            all.add(new Tamper(queue + " an age with nothing pending", 7, INVALID, any, s -> s.runtime(r -> r.withCompletions(queue,
                    new RelocationState.Completions(r.build().completions(queue).decided(), 0, 5)))));
            all.add(new Tamper(queue + " pending on an immediate queue", 7, INVALID, s -> s.state.guest().coalescing(queue).immediate(), s -> s.runtime(r -> r
                    .withCompletions(queue, new RelocationState.Completions(r.build().completions(queue).decided(), 1, 1)))));
            all.add(new Tamper(queue + " pending at maxFrames", 7, INVALID, s -> !s.state.guest().coalescing(queue).immediate(), s -> s.runtime(r -> r
                    .withCompletions(queue, new RelocationState.Completions(r.build().completions(queue).decided(), s.state.guest().coalescing(queue).maxFrames(),
                            1)))));
            all.add(new Tamper(queue + " age at maxDelayNanos", 7, INVALID, s -> !s.state.guest().coalescing(queue).immediate(), s -> s.runtime(r -> r
                    .withCompletions(queue, new RelocationState.Completions(r.build().completions(queue).decided(), 1,
                            s.state.guest().coalescing(queue).maxDelayNanos())))));
            all.add(new Tamper("a FAILED state with " + queue + " completions pending", 7, INVALID, s -> !s.state.guest().coalescing(queue).immediate()
                    && s.state.guest().coalescing(queue).maxFrames() > 1, s -> s.runtime(r -> r.withState(ContextState.FAILED).withCredit(r.credit()
                    .map(c -> new RelocationState.Credit(c.level(), OptionalLong.empty()))).withCompletions(queue, new RelocationState.Completions(
                    r.build().completions(queue).decided(), 1, 1)))));
        }
        all.add(new Tamper("counters without TX_BYTES", 7, INVALID, any, s -> s.runtime(r -> {
            r.counters().remove(Counter.TX_BYTES);
            return r;
        })));
        all.add(new Tamper("counters with the device-wide WIRE_RX_FRAMES", 7, INVALID, any, s -> s.runtime(r -> {
            r.counters().put(Counter.WIRE_RX_FRAMES, 1L);
            return r;
        })));
        all.add(new Tamper("a negative RX_FRAMES", 7, INVALID, any, s -> s.runtime(r -> {
            r.counters().put(Counter.RX_FRAMES, -1L);
            return r;
        })));
        all.add(new Tamper("one filter counter too many", 7, INVALID, any, s -> s.runtime(r -> {
            r.filterHits().add(0L);
            return r;
        })));
        all.add(new Tamper("no filter counter for the default", 7, INVALID, any, s -> s.runtime(r -> {
            r.filterHits().remove(r.filterHits().size() - 1);
            return r;
        })));
        all.add(new Tamper("a negative filter counter", 7, INVALID, any, s -> s.runtime(r -> {
            r.filterHits().set(0, -1L);
            return r;
        })));
        all.add(new Tamper("the same page for both rings", 8, BAD_RING, any, s -> s.host(b -> b.rxRingGref(s.state.host().txRingGref()))));
        all.add(new Tamper("a TX ring page granted read-only", 8, BAD_RING, any, s -> {
            int gref = s.h.grantPage(s.ctx, Access.READ_ONLY);
            return s.host(b -> b.txRingGref(gref));
        }));
        all.add(new Tamper("an RX ring page granted to another context", 8, BAD_RING, any, s -> s.host(b -> b.rxRingGref(s.h.guest(1).rxRing()))));
        all.add(new Tamper("an RX ring page revoked", 8, BAD_RING, any, s -> {
            int gref = s.h.grantPage(s.ctx, Access.READ_WRITE);
            s.h.revoke(gref);
            return s.host(b -> b.rxRingGref(gref));
        }));
        all.add(new Tamper("a stale document: the TX ring moved on", 9, BAD_RING, Scene::active, s -> s.runtime(r -> r.withTx(new RelocationState.Ring(
                r.tx().slots(), r.tx().rspProd() - 1)))));
        all.add(new Tamper("a stale document: the RX ring moved on", 9, BAD_RING, Scene::active, s -> s.runtime(r -> r.withRx(new RelocationState.Ring(
                r.rx().slots(), r.rx().rspProd() + 3)))));
        all.add(new Tamper("a guest that published 257 TX requests ahead", 9, BAD_RING, Scene::active, s -> {
            byte[] page = s.h.memory().page(s.state.host().txRingGref());
            Bytes.put32(page, SharedRingLayout.REQ_PROD, Bytes.u32(page, SharedRingLayout.RSP_PROD) + SharedRingLayout.RING_SIZE + 1);
            return s;
        }));
        all.add(new Tamper("a device holding maxContexts contexts", 10, "NoContextAvailable", s -> s.limits.maxContexts() <= 64
                && s.limits.maxContexts() <= s.limits.maxContextId(), s -> {
                    for (int id = 2, live = 1; live < s.limits.maxContexts(); id++) {
                        if (id == s.ctx) {
                            continue;
                        }
                        GuestDriver g = s.h.guest(id);
                        s.h.control(Caller.HOST, new ControlRequest.CreateContext(id, ContextConfig.builder().mac(new MacAddress(0x02_00_00_10_00_00L + id))
                                .txRingGref(g.txRing()).rxRingGref(g.rxRing()).build()));
                        live++;
                    }
                    return s;
                }));
        return all;
    }

    @Property(tries = 300)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-5", "RELOC-6", "RELOC-7", "RELOC-9", "PRIV-5"})
    public void required_RELOC5_RELOC6_RELOC7_aTamperedStateGetsTheAnswerOfTheFirstCheckItFailsAndChangesNothingAnIntactOneIsTakenWritingNothing(
            @ForAll("histories") Scenery history, @ForAll @IntRange(min = 0, max = 10_000) int first, @ForAll @IntRange(min = 0, max = 10_000) int second,
            @ForAll @IntRange(min = 0, max = 4) int how) {
        Harness h = history.play(provider());
        ControlResult exported = h.control(Caller.HOST, new ControlRequest.ExportContext(0));
        Check.equal("RELOC-2", h, "the export of ctx 0", "Exported", Harness.describe(exported));
        RelocationState state = ((ControlResult.Exported) exported).state();
        Check.equal("RELOC-2", h, "the destroy of ctx 0", "Ok", Harness.describe(h.control(Caller.HOST, new ControlRequest.DestroyContext(0))));
        Scene scene = new Scene(h, Caller.HOST, 0, state, provider().profiles(), provider().limits());
        // how: 0 intact, 1 one tampering, 2..4 two of different checks, the earlier deciding
        List<Tamper> applicable = tampers().stream().filter(t -> t.applies().test(scene)).toList();
        List<Tamper> chosen = new ArrayList<>();
        if (how > 0) {
            chosen.add(applicable.get(first % applicable.size()));
            if (how > 1) {
                List<Tamper> others = applicable.stream().filter(t -> t.check() != chosen.get(0).check() && !(t.check() <= 4 && chosen.get(0).check() <= 4)
                        && !(t.check() == 10 || chosen.get(0).check() == 10)).toList();
                if (!others.isEmpty()) {
                    chosen.add(others.get(second % others.size()));
                }
            }
        }
        Scene tampered = scene;
        for (Tamper tamper : chosen) {
            h.note("tamper: " + tamper);
            tampered = tamper.apply().apply(tampered);
        }
        Tamper deciding = chosen.stream().min((x, y) -> Integer.compare(x.check(), y.check())).orElse(null);
        String rule = deciding == null ? "RELOC-7" : deciding.check() == 6 ? "RELOC-6" : "RELOC-5";
        Observation before = h.observe();
        ControlResult answer = h.control(tampered.caller(), new ControlRequest.ImportContext(tampered.ctx(), tampered.state()));
        if (deciding != null) {
            Check.equal(rule, h, "the answer to an import of a state with " + chosen, deciding.answer(), Harness.describe(answer));
            DemuxProperties.unchanged(rule, h, before);
            return;
        }
        Check.equal("RELOC-7", h, "the answer to an import of the state just exported", "Ok", Harness.describe(answer));
        ControlResult again = h.control(Caller.HOST, new ControlRequest.ExportContext(0));
        Check.that(again instanceof ControlResult.Exported e && e.state().equals(state), "RELOC-9", h, "Exported(" + state + ")", again);
        Observation after = h.observe();
        Check.equal("RELOC-7", h, "frames and notifications since the import", before.frames().size() + " frames, " + before.notifications()
                + " notifications", after.frames().size() + " frames, " + after.notifications() + " notifications");
        List<String> written = new ArrayList<>();
        before.pages().forEach((gref, page) -> {
            if (!Arrays.equals(page, after.pages().get(gref))) {
                written.add("gref " + gref);
            }
        });
        Check.that(written.isEmpty(), "RELOC-7", h, "no page written by the import (and the export after it)", written);
        Check.equal("RELOC-7", h, "the state of ctx 0", state.runtime().state(), h.state(0));
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, h.counter(0, counter));
        }
        Check.equal("RELOC-7", h, "the counters of ctx 0", state.runtime().counters(), counters);
        List<Long> hits = new ArrayList<>();
        for (int rule2 = 0; rule2 <= state.host().txRules().size(); rule2++) {
            hits.add(h.filterHits(0, rule2));
        }
        Check.equal("RELOC-7", h, "the filter counters of ctx 0", state.runtime().filterHits(), hits);
    }

    /**
     * A short history that leaves context 0 in an exportable state worth tampering with, and
     * context 1 live beside it: a limit, coalescing, groups, rules, traffic both ways, time, and
     * now and then a fatal error.
     */
    public record Scenery(TxRate rate, boolean promiscuous, int groups, Coalescing tx, Coalescing rx, List<FilterRule> rules, int sends, int received,
            long quiet, boolean fail) {

        /** Plays the history on a fresh device of {@code provider}. */
        Harness play(DeviceProvider provider) {
            Harness h = Harness.start(provider);
            Set<Profile> profiles = provider.profiles();
            GuestDriver guest = h.guest(0);
            MacAddress own = MacAddress.parse("02:00:00:00:12:01");
            ContextConfig host = ContextConfig.builder().mac(own).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).promiscuousAllowed(promiscuous)
                    .txRules(rules).txRate(profiles.contains(Profile.QOS) ? rate : TxRate.UNLIMITED).build();
            h.control(Caller.HOST, new ControlRequest.CreateContext(0, host));
            h.create(1, MacAddress.parse("02:00:00:00:12:02"));
            GuestConfig.Builder config = GuestConfig.builder().promiscuous(promiscuous);
            for (int k = 0; k < Math.min(groups, provider.limits().maxMulticastGroups()); k++) {
                config.join(new MacAddress(0x01005E000000L + k));
            }
            if (profiles.contains(Profile.COALESCING)) {
                config.coalescing(Queue.TX, tx).coalescing(Queue.RX, rx);
            }
            h.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, config.build()));
            int[] buffers = new int[6];
            for (int k = 0; k < buffers.length; k++) {
                buffers[k] = h.grantPage(0, Access.READ_WRITE);
            }
            guest.post(buffers);
            int data = h.grantPage(0, Access.READ_ONLY);
            byte[] page = h.memory().page(data);
            TxBench.fill(page, data);
            page[12] = 0x08;
            page[13] = 0x00;
            for (int k = 0; k < sends; k++) {
                List<TxSlot> slots = new ArrayList<>();
                int size = k == 0 ? 4000 : 60 + 311 * k;
                slots.add(new TxSlot.Data(data, 0, 0, data, size));
                guest.writeOwnSource(slots);
                guest.writeDestination(slots, MacAddress.parse("02:00:00:00:12:63"));
                guest.queue(slots);
            }
            if (guest.pushTx()) {
                h.kick(0, Queue.TX);
            }
            h.advance(quiet / 2);
            for (int k = 0; k < received; k++) {
                h.receive(0, RxBench.frame(own, 60 + 131 * k, k));
            }
            h.advance(quiet - quiet / 2);
            if (fail) {
                guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + SharedRingLayout.RING_SIZE + 1);
                h.kick(0, Queue.TX);
            }
            return h;
        }
    }

    @Provide
    Arbitrary<Scenery> histories() {
        Arbitrary<Coalescing> coalescing = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Coalescing.IMMEDIATE)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.longs().between(1_000, 1_000_000)).as(Coalescing::new)));
        Arbitrary<TxRate> rate = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(TxRate.UNLIMITED)),
                Tuple.of(2, Arbitraries.longs().between(1, 50).map(per -> new TxRate(per, 1_000, TxRate.MIN_BURST))));
        return Combinators.combine(Combinators.combine(rate, Arbitraries.of(true, false), Arbitraries.integers().between(0, 3)).as(Tuple::of),
                coalescing, coalescing, Arbitraries.of(RULES).list().ofMaxSize(Math.min(3, provider().limits().maxFilterRules())),
                Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 4), Arbitraries.longs().between(0, 400_000),
                Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)))
                .as((t, tx, rx, rules, sends, received, quiet, fail) -> new Scenery(t.get1(), t.get2(), t.get3(), tx, rx, rules, sends, received, quiet, fail));
    }

    // ------------------------------------------------------------------ RELOC-1: the profile, both halves

    @Property(tries = 30)
    @ProfileGate.NotClaimed(RELOCATION)
    @Requirement("RELOC-1")
    public void required_RELOC1_aDeviceWithoutRelocationAnswersExportAndImportNotSupportedAndChangesNothing(@ForAll("histories") Scenery history,
            @ForAll @IntRange(min = 0, max = 5) int ctx) {
        Harness h = history.play(provider());
        RelocationState state = anyState(h);
        int id = ctx == 5 ? provider().limits().maxContextId() + 1 : ctx; // 0 and 1 live, the others absent, 5 out of range: step 2 comes first
        for (ControlRequest request : List.of(new ControlRequest.ExportContext(id), new ControlRequest.ImportContext(id, state))) {
            Observation before = h.observe();
            ControlResult answer = h.control(Caller.HOST, request);
            Check.equal("RELOC-1", h, "the answer to " + request.getClass().getSimpleName() + "(" + id + ") on a device without relocation", NOT_SUPPORTED,
                    Harness.describe(answer));
            DemuxProperties.unchanged("RELOC-1", h, before);
            // the privilege check comes before the profile's (PRIV-1)
            Check.equal("RELOC-1", h, "the answer to a guest's " + request.getClass().getSimpleName(), PRIVILEGE,
                    Harness.describe(h.control(Caller.guest(0), request)));
        }
    }

    @Property(tries = 30)
    @ProfileGate.Claimed(RELOCATION)
    @Requirement({"RELOC-1", "RELOC-2", "RELOC-5"})
    public void required_RELOC1_aDeviceClaimingRelocationNeverAnswersExportOrImportNotSupportedForIt(@ForAll("histories") Scenery history,
            @ForAll @IntRange(min = 0, max = 5) int ctx) {
        Harness h = history.play(provider());
        int id = ctx == 5 ? provider().limits().maxContextId() + 1 : ctx;
        ControlResult exported = h.control(Caller.HOST, new ControlRequest.ExportContext(id));
        String expected = id <= 1 ? "Exported" : id > provider().limits().maxContextId() ? INVALID : "Rejected(NO_SUCH_CONTEXT)";
        Check.equal("RELOC-1", h, "the answer to ExportContext(" + id + ") (steps 3 and 4 after the profile's)", expected, Harness.describe(exported));
        RelocationState state = anyState(h);
        // a state of profiles the device claims, into a live id, an absent one and one out of range: never NOT_SUPPORTED
        ControlResult imported = h.control(Caller.HOST, new ControlRequest.ImportContext(id, state));
        String wanted = id <= 1 ? "Rejected(CONTEXT_EXISTS)" : id > provider().limits().maxContextId() ? INVALID : "not " + NOT_SUPPORTED;
        Check.that(id > 1 && id <= provider().limits().maxContextId() ? !Harness.describe(imported).equals(NOT_SUPPORTED) : Harness.describe(imported)
                .equals(wanted), "RELOC-1", h, "the answer to ImportContext(" + id + ", a state of profiles it claims): " + wanted, Harness.describe(imported));
    }

    /** Context 1's state as a device claiming relocation would export it (the core state of a fresh context), for a device that cannot export. */
    private static RelocationState anyState(Harness h) {
        ContextConfig host = h.config(1);
        Map<Counter, Long> counters = new LinkedHashMap<>();
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, 0L);
        }
        int tx = Bytes.u32(h.memory().page(host.txRingGref()), SharedRingLayout.RSP_PROD);
        int rx = Bytes.u32(h.memory().page(host.rxRingGref()), SharedRingLayout.RSP_PROD);
        return new RelocationState(host, GuestConfig.DEFAULT, new RelocationState.Runtime(ContextState.ACTIVE, RelocationState.Ring.at(tx),
                RelocationState.Ring.at(rx), Optional.empty(), RelocationState.Completions.settledAt(tx), RelocationState.Completions.settledAt(rx),
                counters, List.of(0L)));
    }
}
