package io.netchannel.fastnic;

import static io.netchannel.fastnic.Fleet.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chapter 01 steps 4a and 4b: DEMUX-13 and TXF-10 in the order of checks, and what an update keeps. */
class PolicyControlTest {

    private static final int CTX = 1;
    private static final int NEW = 2;

    private final Fleet fleet = new Fleet();

    private static List<FilterRule> rules(int count) {
        return Collections.nCopies(count, FilterRule.allow(FilterMatch.ANY));
    }

    private static List<Integer> vids(int from, int count) {
        List<Integer> vids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vids.add(from + i);
        }
        return vids;
    }

    private ControlResult create(int context, ContextConfig.Builder config) {
        return fleet.nic.control(Caller.HOST, new ControlRequest.CreateContext(context, config.build()));
    }

    private static void assertRejected(ControlResult result, String rule) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        ControlResult.Rejected rejected = (ControlResult.Rejected) result;
        assertThat(rejected.rule()).isEqualTo(rule);
        assertThat(rejected.category()).isEqualTo(RejectCategory.INVALID_CONFIG);
    }

    @Test
    void required_DEMUX13_reservedEmptyOversizedOrRepeatedVidsAreRefused() {
        fleet.create(CTX, Fleet.config(CTX));
        List<VlanPolicy> refused = List.of(new VlanPolicy.Access(0), new VlanPolicy.Access(4095), new VlanPolicy.Trunk(List.of()),
                new VlanPolicy.Trunk(vids(1, DeviceLimits.CORE_VLANS_PER_CONTEXT + 1)), new VlanPolicy.Trunk(List.of(0, 5)),
                new VlanPolicy.Trunk(List.of(5, 4095)), new VlanPolicy.Trunk(List.of(5, 7, 5)));
        for (VlanPolicy policy : refused) {
            // Rings of context 2 are not even granted: DEMUX-13 comes before MEM-6.
            assertRejected(create(NEW, Fleet.config(NEW).vlan(policy)), "DEMUX-13");
            assertRejected(fleet.update(CTX, Fleet.config(CTX).vlan(policy)), "DEMUX-13");
        }
        assertThat(fleet.nic.state(NEW)).isEqualTo(ContextState.ABSENT);

        List<VlanPolicy> accepted = List.of(new VlanPolicy.Access(1), new VlanPolicy.Access(4094),
                new VlanPolicy.Trunk(List.of(4094, 1, 2, 3, 4, 5, 6, 7)));
        for (VlanPolicy policy : accepted) {
            assertThat(fleet.update(CTX, Fleet.config(CTX).vlan(policy))).isEqualTo(ControlResult.OK);
        }
    }

    @Test
    void required_TXF10_moreRulesThanTheLimitAreRefused() {
        fleet.create(CTX, Fleet.config(CTX));
        int max = FastNicProvider.LIMITS.maxFilterRules();
        assertRejected(create(NEW, Fleet.config(NEW).txRules(rules(max + 1))), "TXF-10");
        assertRejected(fleet.update(CTX, Fleet.config(CTX).txRules(rules(max + 1))), "TXF-10");
        assertThat(fleet.update(CTX, Fleet.config(CTX).txRules(rules(max)))).isEqualTo(ControlResult.OK);
        assertThat(fleet.nic.filterHits(CTX, max)).isZero();
    }

    @Test
    void required_PRIV5_stepsFourFourAFourBInOrder() {
        fleet.create(CTX, Fleet.config(CTX));
        VlanPolicy bad = new VlanPolicy.Access(0);
        ContextConfig.Builder badMac = ContextConfig.builder().mac(MacAddress.BROADCAST).txRingGref(Fleet.txRing(NEW))
                .rxRingGref(Fleet.rxRing(NEW));
        assertRejected(create(NEW, badMac.vlan(bad).txRules(rules(99))), "PRIV-6");
        assertRejected(create(NEW, Fleet.config(NEW).vlan(bad).txRules(rules(99))), "DEMUX-13");
        assertThat(((ControlResult.Rejected) create(NEW, Fleet.config(NEW).txRules(rules(99)))).rule()).isEqualTo("TXF-10");
        assertThat(((ControlResult.Rejected) create(NEW, Fleet.config(NEW))).category()).as("then the rings")
                .isEqualTo(RejectCategory.BAD_RING);

        // An update checks 4a before PRIV-10's ring grants.
        ContextConfig.Builder moved = Fleet.config(CTX).txRingGref(900);
        assertRejected(fleet.update(CTX, moved.vlan(bad)), "DEMUX-13");
        assertRejected(fleet.update(CTX, Fleet.config(CTX).txRingGref(900).txRules(rules(99))), "TXF-10");
        assertRejected(fleet.update(CTX, Fleet.config(CTX).txRingGref(900)), "PRIV-10");
        assertRejected(fleet.update(CTX, Fleet.config(CTX).mac(MacAddress.BROADCAST).vlan(bad)), "PRIV-6");
    }

    @Test
    void required_PRIV8_refusedUpdateKeepsPolicyRulesAndCounters() {
        fleet.create(CTX, Fleet.config(CTX).vlan(new VlanPolicy.Access(10)).txRule(FilterRule.allow(FilterMatch.ANY)));
        fleet.send(CTX, hex("020000000099 020000000001 0800 00112233"));
        assertThat(fleet.nic.filterHits(CTX, 0)).isEqualTo(1);

        assertRejected(fleet.update(CTX, Fleet.config(CTX).vlan(new VlanPolicy.Trunk(List.of()))), "DEMUX-13");
        assertRejected(fleet.update(CTX, Fleet.config(CTX).txRules(rules(99))), "TXF-10");

        assertThat(fleet.nic.filterHits(CTX, 0)).isEqualTo(1);
        int buffer = fleet.post(CTX);
        fleet.wire(hex("020000000001 020000000099 8100 000a 0800 00112233"));
        assertThat(fleet.received(buffer)).as("still Access(10)").isEqualTo(hex("020000000001 020000000099 0800 00112233"));
        fleet.send(CTX, hex("020000000099 020000000001 0800 00112233"));
        assertThat(fleet.sink.frames.get(1)).isEqualTo(hex("020000000099 020000000001 8100 000a 0800 00112233"));
    }

    @Test
    void required_TXF8_filterHitsStartAtZeroAndReadZeroOnceDestroyed() {
        fleet.create(CTX, Fleet.config(CTX).txRule(FilterRule.drop(FilterMatch.ANY)));
        assertThat(fleet.nic.filterHits(CTX, 0)).isZero();
        fleet.send(CTX, hex("020000000099 020000000001 0800 00112233"));
        assertThat(fleet.nic.filterHits(CTX, 0)).isEqualTo(1);
        assertThat(fleet.nic.filterHits(CTX, 1)).isZero();

        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.DestroyContext(CTX))).isEqualTo(ControlResult.OK);
        assertThat(fleet.nic.filterHits(CTX, 0)).isZero();
        assertThat(fleet.nic.counter(CTX, Counter.TX_DROP_FILTER)).isZero();

        fleet.create(CTX, Fleet.config(CTX).txRule(FilterRule.drop(FilterMatch.ANY)));
        assertThat(fleet.nic.filterHits(CTX, 0)).isZero();
    }

    @Test
    void required_PRIV10_updateKeepsTheGuestConfiguration() {
        fleet.create(CTX, Fleet.config(CTX).promiscuousAllowed(true));
        fleet.guest(CTX, GuestConfig.builder().promiscuous(true).allMulticast(true).join(MacAddress.parse("01:00:5e:00:00:01")).build());
        assertThat(fleet.update(CTX, Fleet.config(CTX).promiscuousAllowed(true))).isEqualTo(ControlResult.OK);
        fleet.post(CTX);
        fleet.wire(hex("020000000077 020000000099 0800 00112233")); // someone else's unicast: promiscuous still on
        assertThat(fleet.nic.counter(CTX, Counter.RX_FRAMES)).isEqualTo(1);

        assertThat(fleet.update(CTX, Fleet.config(CTX))).isEqualTo(ControlResult.OK); // promiscuous switched off
        fleet.post(CTX);
        fleet.post(CTX);
        fleet.wire(hex("020000000077 020000000099 0800 00112233"));
        fleet.wire(hex("01005e000002 020000000099 0800 00112233")); // all-multicast kept
        assertThat(fleet.nic.counter(CTX, Counter.RX_FRAMES)).isEqualTo(2);
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(1);
    }
}
