package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Observation;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Chapter 01: who may change what, the one answer to every control request, and atomic refusal
 * (PRIV-1 to PRIV-10). Expected answers follow the order of checks in chapter 01, section 4.
 */
public abstract class PrivilegeProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    static final MacAddress MAC0 = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress MAC1 = MacAddress.parse("02:00:00:00:00:02");

    /** Two live contexts (0 and 1) that have sent and received a little. */
    private Harness twoContexts() {
        Harness harness = Harness.start(provider());
        Check.equal("PRIV-1", harness, "create context 0 (set-up)", "Ok", Harness.describe(harness.create(0, true, MAC0)));
        Check.equal("PRIV-1", harness, "create context 1 (set-up)", "Ok", Harness.describe(harness.create(1, MAC1)));
        traffic(harness);
        return harness;
    }

    /** A little traffic on context 0: one packet out (from the MAC the host gave it last, TXF-2), one frame in (to {@link #MAC0}). */
    private static void traffic(Harness harness) {
        GuestDriver guest = harness.guest(0);
        int page = harness.grantPage(0, Access.READ_ONLY);
        List<TxSlot> packet = List.of(new TxSlot.Data(page, 0, 0, 1, 60));
        guest.writeSource(packet, harness.macs(0).get(0));
        guest.send(packet);
        guest.post(harness.grantPage(0, Access.READ_WRITE));
        harness.receive(0, RxBench.frame(MAC0, 100, 1));
    }

    private ContextConfig config(Harness harness, int context, MacAddress... macs) {
        GuestDriver guest = harness.guest(context);
        return ContextConfig.builder().macs(List.of(macs)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).build();
    }

    private static void expectRejected(String rule, Harness harness, ControlResult result, RejectCategory category, String what) {
        Check.equal(rule, harness, what, "Rejected(" + category + ")", Harness.describe(result));
    }

    /** PRIV-8: the observation after a refused request is the one before, plus the refusal itself. */
    private static void unchanged(String rule, Harness harness, Observation before) {
        Observation after = harness.observe();
        List<String> results = new ArrayList<>(after.controlResults());
        results.remove(results.size() - 1);
        // compare what existed before; pages and context ids the test itself introduced afterwards are not device state
        java.util.Map<Integer, ContextState> states = new java.util.TreeMap<>(after.states());
        states.keySet().retainAll(before.states().keySet());
        java.util.Map<Integer, java.util.Map<Counter, Long>> counters = new java.util.TreeMap<>(after.counters());
        counters.keySet().retainAll(before.counters().keySet());
        java.util.Map<Integer, byte[]> pages = new java.util.TreeMap<>(after.pages());
        pages.keySet().retainAll(before.pages().keySet());
        java.util.Map<Integer, java.util.Map<Integer, Long>> filterHits = new java.util.TreeMap<>(after.filterHits());
        filterHits.keySet().retainAll(before.states().keySet());
        Observation comparable = new Observation(after.frames(), after.notifications(), results, states, counters,
                after.deviceCounters(), pages, after.findings(), filterHits);
        List<String> diff = before.diff(comparable);
        Check.that(diff.isEmpty(), rule, harness, "no state changed by a refused request", diff);
    }

    private ControlRequest privileged(Harness harness, int kind, int target) {
        return switch (kind) {
            case 0 -> new ControlRequest.CreateContext(target, config(harness, target, MacAddress.parse("02:00:00:00:00:09")));
            case 1 -> new ControlRequest.UpdateContext(target, config(harness, target, MacAddress.parse("02:00:00:00:00:0a")));
            case 2 -> new ControlRequest.ResetContext(target);
            default -> new ControlRequest.DestroyContext(target);
        };
    }

    @Property
    @Requirement({"PRIV-1", "PRIV-2", "PRIV-8"})
    public void required_PRIV2_aGuestIsRefusedEveryPrivilegedRequestAndNothingChanges(@ForAll @IntRange(min = 0, max = 3) int caller,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = -1, max = 3) int target) {
        Harness harness = twoContexts();
        harness.guest(2);
        harness.guest(3);
        Observation before = harness.observe();
        ControlResult result = harness.control(Caller.guest(caller), privileged(harness, kind, target));
        expectRejected("PRIV-2", harness, result, RejectCategory.PRIVILEGE, "answer to guest " + caller + " issuing a privileged request");
        unchanged("PRIV-2", harness, before);
        // later behaviour is as if it had not been made (PRIV-8)
        traffic(harness);
        Check.equal("PRIV-2", harness, "TX_FRAMES of context 0 after more traffic", 2L, harness.counter(0, Counter.TX_FRAMES));
        Check.equal("PRIV-2", harness, "RX_FRAMES of context 0 after more traffic", 2L, harness.counter(0, Counter.RX_FRAMES));
    }

    @Property
    @Requirement({"PRIV-3", "PRIV-8"})
    public void required_PRIV3_aGuestSetsOnlyItsOwnGuestConfiguration(@ForAll @IntRange(min = 0, max = 3) int caller, @ForAll @IntRange(min = -2, max = 5000) int target,
            @ForAll boolean promiscuous) {
        Harness harness = twoContexts();
        Observation before = harness.observe();
        GuestConfig config = GuestConfig.builder().promiscuous(promiscuous).join(MacAddress.parse("01:00:5e:00:00:01")).build();
        ControlResult result = harness.control(Caller.guest(caller), new ControlRequest.SetGuestConfig(target, config));
        if (caller != target) {
            expectRejected("PRIV-3", harness, result, RejectCategory.PRIVILEGE, "guest " + caller + " setting context " + target);
            unchanged("PRIV-3", harness, before);
            return;
        }
        // its own context: 0 allows promiscuous mode, 1 does not, 2 and 3 do not exist
        String expected = caller >= 2 ? "Rejected(NO_SUCH_CONTEXT)" : promiscuous && caller == 1 ? "Rejected(PRIVILEGE)" : "Ok";
        Check.equal(caller >= 2 ? "PRIV-5" : promiscuous && caller == 1 ? "PRIV-4" : "PRIV-3", harness, "answer to guest " + caller + " on its own context",
                expected, Harness.describe(result));
    }

    @Property
    @Requirement({"PRIV-4", "PRIV-8"})
    public void required_PRIV4_promiscuousModeOnlyWhereTheHostAllowsIt(@ForAll boolean asHost, @ForAll boolean allowed) {
        Harness harness = Harness.start(provider());
        Check.equal("PRIV-4", harness, "create (set-up)", "Ok", Harness.describe(harness.create(0, allowed, MAC0)));
        Observation before = harness.observe();
        Caller caller = asHost ? Caller.HOST : Caller.guest(0);
        ControlResult result = harness.control(caller, new ControlRequest.SetGuestConfig(0, GuestConfig.builder().promiscuous(true).build()));
        if (allowed) {
            Check.equal("PRIV-4", harness, "promiscuous where allowed", "Ok", Harness.describe(result));
        } else {
            expectRejected("PRIV-4", harness, result, RejectCategory.PRIVILEGE, "promiscuous where the host does not allow it (caller " + caller + ")");
            unchanged("PRIV-4", harness, before);
        }
    }

    @Property
    @Requirement({"PRIV-5", "PRIV-8"})
    public void required_PRIV5_everyRequestHasExactlyOneAnswerInTheOrderOfChecks(@ForAll @IntRange(min = 0, max = 4) int kind, @ForAll("contextIds") int target) {
        Harness harness = twoContexts();
        int maxId = provider().limits().maxContextId();
        ControlRequest request = kind == 4 ? new ControlRequest.SetGuestConfig(target, GuestConfig.DEFAULT) : privileged(harness, kind, target);
        Observation before = harness.observe();
        ControlResult result = harness.control(Caller.HOST, request);
        String expected;
        if (target < 0 || target > maxId) {
            expected = "Rejected(INVALID_CONFIG)";
        } else if (kind == 0) {
            expected = target <= 1 ? "Rejected(CONTEXT_EXISTS)" : "Ok";
        } else {
            expected = target <= 1 ? "Ok" : "Rejected(NO_SUCH_CONTEXT)";
        }
        Check.equal("PRIV-5", harness, "answer to " + request, expected, Harness.describe(result));
        if (!expected.equals("Ok")) {
            unchanged("PRIV-5", harness, before);
        }
    }

    @Property
    @Requirement({"PRIV-6", "PRIV-8"})
    public void required_PRIV6_invalidMacListsAreInvalidConfig(@ForAll("badMacLists") List<MacAddress> macs, @ForAll boolean update) {
        Harness harness = twoContexts();
        Observation before = harness.observe();
        ControlRequest request = update ? new ControlRequest.UpdateContext(0, config(harness, 0, macs.toArray(new MacAddress[0])))
                : new ControlRequest.CreateContext(2, config(harness, 2, macs.toArray(new MacAddress[0])));
        before = update ? before : harness.observe();
        ControlResult result = harness.control(Caller.HOST, request);
        expectRejected("PRIV-6", harness, result, RejectCategory.INVALID_CONFIG, (update ? "update" : "create") + " with MACs " + macs);
        unchanged("PRIV-6", harness, before);
    }

    @Property
    @Requirement({"PRIV-6", "PRIV-8"})
    public void required_PRIV6_invalidMulticastListsAreInvalidConfig(@ForAll @IntRange(min = 0, max = 2) int defect) {
        Harness harness = twoContexts();
        Observation before = harness.observe();
        int max = provider().limits().maxMulticastGroups();
        GuestConfig.Builder config = GuestConfig.builder();
        if (defect == 0) {
            for (int k = 0; k <= max; k++) {
                config.join(new MacAddress(0x01005E000000L + k));
            }
        } else {
            config.join(MacAddress.parse("01:00:5e:00:00:01")).join(defect == 1 ? MAC1 : MacAddress.parse("02:00:00:00:00:77"));
        }
        ControlResult result = harness.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, config.build()));
        expectRejected("PRIV-6", harness, result, RejectCategory.INVALID_CONFIG, defect == 0 ? (max + 1) + " groups" : "a unicast address in the multicast list");
        unchanged("PRIV-6", harness, before);
    }

    @Example
    @Requirement({"PRIV-7", "PRIV-9", "PRIV-8"})
    public void required_PRIV7_aCreateBeyondMaxContextsAnswersNoContextAvailable() {
        int max = provider().limits().maxContexts();
        Assume.that(max <= 256);
        Harness harness = Harness.start(provider());
        for (int k = 0; k < max; k++) {
            Check.equal("PRIV-7", harness, "create of context " + k + " of " + max, "Ok",
                    Harness.describe(harness.create(k, new MacAddress(0x020000010000L + k))));
        }
        Observation before = harness.observe();
        ControlResult result = harness.create(max, new MacAddress(0x020000020000L));
        if (max <= provider().limits().maxContextId()) {
            Check.equal("PRIV-7", harness, "create beyond maxContexts=" + max, "NoContextAvailable", Harness.describe(result));
            unchanged("PRIV-7", harness, before);
            // a destroy frees a place (PRIV-9); a failed context still holds one
            harness.control(Caller.HOST, new ControlRequest.DestroyContext(0));
            Check.equal("PRIV-9", harness, "create after a destroy", "Ok", Harness.describe(harness.create(max, new MacAddress(0x020000020000L))));
        }
    }

    @Property
    @Requirement({"PRIV-9", "RX-1"})
    public void required_PRIV9_destroyStopsEveryAccessAndFreesIdAndMacs(@ForAll boolean failFirst) {
        Harness harness = twoContexts();
        GuestDriver guest = harness.guest(0);
        if (failFirst) {
            guest.setHeader(Queue.TX, 0, 100_000);
            harness.kick(0, Queue.TX);
        }
        Check.equal("PRIV-9", harness, "destroy", "Ok", Harness.describe(harness.control(Caller.HOST, new ControlRequest.DestroyContext(0))));
        Check.equal("PRIV-9", harness, "state after destroy", ContextState.ABSENT, harness.state(0));
        for (Counter counter : Counter.values()) {
            if (counter != Counter.WIRE_RX_FRAMES && counter != Counter.WIRE_DROP_NO_CONTEXT) {
                Check.equal("PRIV-9", harness, counter + " after destroy", 0L, harness.counter(0, counter));
            }
        }
        int logAt = harness.log().size();
        long noContext = harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        guest.send(List.of(new TxSlot.Data(harness.grantPage(0, Access.READ_ONLY), 0, 0, 1, 60)));
        harness.kick(0, Queue.TX);
        harness.receive(0, RxBench.frame(MAC0, 64, 2));
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logAt))) {
            Check.that(false, "PRIV-9", harness, "no access to a destroyed context's pages", access);
        }
        Check.equal("PRIV-9", harness, "WIRE_DROP_NO_CONTEXT for a frame to a destroyed context's MAC", noContext + 1,
                harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT));
        // the id and the MAC are free again
        GuestDriver fresh = harness.guest(0, harness.grantPage(0, Access.READ_WRITE), harness.grantPage(0, Access.READ_WRITE));
        fresh.initRings(0, 0);
        ControlResult again = harness.control(Caller.HOST, new ControlRequest.CreateContext(0,
                ContextConfig.builder().mac(MAC0).txRingGref(fresh.txRing()).rxRingGref(fresh.rxRing()).build()));
        Check.equal("PRIV-9", harness, "create of the same id and MAC after destroy", "Ok", Harness.describe(again));
        Check.equal("PRIV-9", harness, "TX_FRAMES of the new context", 0L, harness.counter(0, Counter.TX_FRAMES));
    }

    @Property
    @Requirement({"PRIV-10", "PRIV-8"})
    public void required_PRIV10_updateKeepsRingsIndicesAndCountersAndRefusesOtherRingGrants(@ForAll boolean otherTx, @ForAll boolean allowPromiscuous) {
        Harness harness = twoContexts();
        GuestDriver guest = harness.guest(0);
        int foreign = harness.grantPage(0, Access.READ_WRITE);
        Observation before = harness.observe();
        ContextConfig moved = ContextConfig.builder().mac(MAC0).txRingGref(otherTx ? foreign : guest.txRing())
                .rxRingGref(otherTx ? guest.rxRing() : foreign).build();
        expectRejected("PRIV-10", harness, harness.control(Caller.HOST, new ControlRequest.UpdateContext(0, moved)), RejectCategory.INVALID_CONFIG,
                "update naming another " + (otherTx ? "TX" : "RX") + " ring grant");
        unchanged("PRIV-10", harness, before);
        MacAddress next = MacAddress.parse("02:00:00:00:00:33");
        ContextConfig update = ContextConfig.builder().mac(next).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).promiscuousAllowed(allowPromiscuous).build();
        Check.equal("PRIV-10", harness, "update with new MACs", "Ok", Harness.describe(harness.control(Caller.HOST, new ControlRequest.UpdateContext(0, update))));
        Check.equal("PRIV-10", harness, "TX_FRAMES kept", 1L, harness.counter(0, Counter.TX_FRAMES));
        Check.equal("PRIV-10", harness, "RX_FRAMES kept", 1L, harness.counter(0, Counter.RX_FRAMES));
        Check.equal("PRIV-10", harness, "state kept", ContextState.ACTIVE, harness.state(0));
        // rings and indices kept: the next packet follows on; frames now follow the new MAC
        traffic(harness);
        Check.equal("PRIV-10", harness, "TX_FRAMES after more traffic", 2L, harness.counter(0, Counter.TX_FRAMES));
        Check.equal("PRIV-10", harness, "RX_FRAMES after a frame to the old MAC", 1L, harness.counter(0, Counter.RX_FRAMES));
        harness.guest(0).post(harness.grantPage(0, Access.READ_WRITE));
        harness.receive(0, RxBench.frame(next, 100, 1));
        Check.equal("PRIV-10", harness, "RX_FRAMES after a frame to the new MAC", 2L, harness.counter(0, Counter.RX_FRAMES));
        // promiscuous mode follows the new host configuration
        ControlResult promiscuous = harness.control(Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.builder().promiscuous(true).build()));
        Check.equal("PRIV-10", harness, "promiscuous after an update with promiscuousAllowed=" + allowPromiscuous,
                allowPromiscuous ? "Ok" : "Rejected(PRIVILEGE)", Harness.describe(promiscuous));
        Check.noFindings("PRIV-10", harness);
    }

    @Provide
    Arbitrary<Integer> contextIds() {
        int max = provider().limits().maxContextId();
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 4), Arbitraries.of(max, max + 1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<MacAddress>> badMacLists() {
        int max = provider().limits().maxMacsPerContext();
        List<MacAddress> tooMany = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            tooMany.add(new MacAddress(0x020000030000L + k));
        }
        return Arbitraries.of(List.of(), tooMany, List.of(MacAddress.parse("02:00:00:00:00:44"), MacAddress.parse("02:00:00:00:00:44")),
                List.of(MacAddress.BROADCAST), List.of(MacAddress.parse("01:00:5e:00:00:01")), List.of(MacAddress.parse("03:00:00:00:00:01")),
                List.of(MAC1), List.of(MacAddress.parse("02:00:00:00:00:55"), MAC1));
    }
}
