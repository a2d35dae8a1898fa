package io.netchannel.fastnic;

import static io.netchannel.fastnic.Fleet.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 06, section 5a (profile {@code l3l4-demux}): each recipient's RX
 * filter rules judge the copy the demux selected for it. Context X owns
 * {@code 02:00:00:00:00:0X}; {@code 02:00:00:00:00:99} is a station outside the device. Frames are
 * written out by hand; the expected outcomes come from the spec's text.
 */
class RxFilterTest {

    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;
    private static final int NEW = 9;

    private static final String TO_A = "020000000001 020000000099";
    private static final String TO_B = "020000000002 020000000099";
    private static final String TO_ALL = "ffffffffffff 020000000099";
    /** IPv4 TCP 192.168.0.1:50000 -> 10.1.2.3:%04x, from the EtherType on. */
    private static final String TCP = "0800 4500 0028 0000 0000 4006 0000 c0a80001 0a010203 c350 %04x 00000000 00000000 5002 0000 0000 0000";
    private static final String TCP_80 = TCP.formatted(80);
    private static final String TCP_22 = TCP.formatted(22);
    /** IPv4 TCP 192.168.0.1:50000 -> 10.9.0.1:80. */
    private static final String TCP_10_9_80 = "0800 4500 0028 0000 0000 4006 0000 c0a80001 0a090001 c350 0050 00000000 00000000 5002 0000 0000 0000";
    /** IPv4 UDP 192.168.0.1:54321 -> 10.1.2.3:53. */
    private static final String UDP_53 = "0800 4500 0020 0000 0000 4011 0000 c0a80001 0a010203 d431 0035 000c 0000 61626364";
    /** An ARP request's start. */
    private static final String ARP = "0806 0001 0800 0604 0001 020000000099 c0a80001";

    private final Fleet fleet = new Fleet();

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private static FilterMatch.Builder match() {
        return FilterMatch.builder();
    }

    /** TCP to port 80 only. */
    private static ContextConfig.Builder web(int context) {
        return Fleet.config(context).rxDefault(FilterAction.DROP)
                .rxRule(FilterRule.allow(match().protocol(6).destinationPort(PortRange.of(80)).build()));
    }

    private long counter(int context, Counter counter) {
        return fleet.nic.counter(context, counter);
    }

    private long wireDrops() {
        return fleet.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
    }

    private static void assertRejected(ControlResult result, String rule, RejectCategory category) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        ControlResult.Rejected rejected = (ControlResult.Rejected) result;
        assertThat(rejected.rule()).isEqualTo(rule);
        assertThat(rejected.category()).isEqualTo(category);
    }

    private ControlResult create(int context, ContextConfig.Builder config) {
        return fleet.nic.control(Caller.HOST, new ControlRequest.CreateContext(context, config.build()));
    }

    // ================================================================ DEMUX-14 decision

    @Test
    void required_DEMUX14_allowedFlowIsDeliveredAndADroppedCopyLeavesTheRxRingUntouched() {
        fleet.create(A, web(A));
        int buffer = fleet.post(A);
        int ringTouches = fleet.memory.touches(Fleet.rxRing(A));

        fleet.wire(hex(TO_A + TCP_22));
        fleet.wire(hex(TO_ALL + ARP)); // no rule holds for ARP either: rxDefault DROP

        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(2);
        assertThat(counter(A, Counter.RX_FRAMES)).isZero();
        assertThat(counter(A, Counter.RX_DROP_NO_BUFFER)).isZero();
        assertThat(fleet.memory.touches(Fleet.rxRing(A))).as("DEMUX-14: no request read, no response written")
                .isEqualTo(ringTouches);
        assertThat(fleet.memory.touches(buffer)).isZero();
        assertThat(fleet.answered(buffer)).isFalse();
        assertThat(Pages.rspProd(fleet.rx(A))).isZero();
        assertThat(fleet.sink.notifications).isEmpty();
        assertThat(wireDrops()).as("the frame had a recipient").isZero();
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(2);

        fleet.wire(hex(TO_A + TCP_80));

        assertThat(fleet.received(buffer)).isEqualTo(hex(TO_A + TCP_80));
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(counter(A, Counter.RX_BYTES)).isEqualTo(54);
        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(2);
        assertThat(fleet.sink.notifications).containsExactly("1/RX");
    }

    @Test
    void required_DEMUX14_firstMatchingRuleDecidesAndMovesNoTxHitCounter() {
        fleet.create(A, Fleet.config(A).rxDefault(FilterAction.DROP)
                .rxRule(FilterRule.drop(match().destination(IpPrefix.parse("10.9.0.0/16")).build()))
                .rxRule(FilterRule.allow(match().protocol(6).build()))
                .rxRule(FilterRule.drop(match().destinationPort(PortRange.of(80)).build())));
        int first = fleet.post(A);
        fleet.post(A);

        fleet.wire(hex(TO_A + TCP_10_9_80)); // rule 0 drops, though rule 1 would allow
        fleet.wire(hex(TO_A + TCP_80)); // rule 1 allows, though rule 2 would drop
        fleet.wire(hex(TO_A + UDP_53)); // no rule: rxDefault DROP

        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(2);
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(fleet.received(first)).isEqualTo(hex(TO_A + TCP_80));
        assertThat(fleet.nic.filterHits(A, 0)).as("RX decisions are not TX filter hits").isZero();

        // A frame in the middle of the caller's array is read where it lies.
        byte[] frame = hex(TO_A + TCP_10_9_80);
        byte[] padded = new byte[frame.length + 11];
        System.arraycopy(frame, 0, padded, 7, frame.length);
        fleet.nic.receive(0, padded, 7, frame.length);
        assertThat(counter(A, Counter.RX_DROP_FILTER)).as("rule 0 at offset 7").isEqualTo(3);
        frame = hex(TO_A + TCP_22);
        System.arraycopy(frame, 0, padded, 7, frame.length);
        fleet.nic.receive(0, padded, 7, frame.length);
        assertThat(counter(A, Counter.RX_FRAMES)).as("rule 1 at offset 7").isEqualTo(2);
    }

    // ================================================================ DEMUX-15 header reading

    @Test
    void required_DEMUX15_DEMUX10_accessRecipientIsMatchedAfterTheTagAndGetsItsCopyStripped() {
        // C: the EtherType is read after the tag, so rule 0 never holds; rule 1 reads the IPv4
        // header 18 bytes in. D, on the same VLAN, drops port 80.
        fleet.create(C, Fleet.config(C).vlan(new VlanPolicy.Access(10)).rxDefault(FilterAction.DROP)
                .rxRule(FilterRule.drop(match().etherType(0x8100).build()))
                .rxRule(FilterRule.allow(match().etherType(0x0800).source(IpPrefix.parse("192.168.0.0/16"))
                        .protocol(6).destinationPort(PortRange.of(80)).build())));
        fleet.create(D, Fleet.config(D).vlan(new VlanPolicy.Trunk(List.of(10)))
                .rxRule(FilterRule.drop(match().destinationPort(PortRange.of(80)).build())));
        int c = fleet.post(C);
        int d = fleet.post(D);

        fleet.wire(hex(TO_ALL + " 8100 000a " + TCP_80));

        assertThat(fleet.received(c)).as("stripped").isEqualTo(hex(TO_ALL + TCP_80));
        assertThat(counter(C, Counter.RX_BYTES)).isEqualTo(54);
        assertThat(counter(D, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(fleet.answered(d)).isFalse();

        fleet.wire(hex(TO_ALL + " 8100 000a " + TCP_22));

        assertThat(counter(C, Counter.RX_DROP_FILTER)).as("port 22: rxDefault").isEqualTo(1);
        assertThat(fleet.received(d)).as("tagged, as it came").isEqualTo(hex(TO_ALL + " 8100 000a " + TCP_22));
        assertThat(wireDrops()).isZero();
    }

    @Test
    void required_DEMUX15_portsOfALaterIpv4FragmentNeverHold() {
        fleet.create(A, Fleet.config(A).rxDefault(FilterAction.DROP)
                .rxRule(FilterRule.allow(match().destinationPort(PortRange.of(80)).build())));
        fleet.create(B, Fleet.config(B).rxRule(FilterRule.drop(match().destinationPort(PortRange.of(80)).build())));
        int a = fleet.post(A);
        int b = fleet.post(B);
        String firstFragment = TCP_80.replace("0028 0000 0000", "0028 0000 2000"); // MF, offset 0
        String laterFragment = TCP_80.replace("0028 0000 0000", "0028 0000 2001"); // MF, offset 1 (8 bytes)

        fleet.wire(hex(TO_ALL + firstFragment)); // the ports are read: A allows, B drops
        fleet.wire(hex(TO_ALL + laterFragment)); // no ports: neither rule holds, each default decides

        assertThat(fleet.received(a)).isEqualTo(hex(TO_ALL + firstFragment));
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(fleet.received(b)).isEqualTo(hex(TO_ALL + laterFragment));
        assertThat(counter(B, Counter.RX_FRAMES)).isEqualTo(1);
        assertThat(counter(B, Counter.RX_DROP_FILTER)).isEqualTo(1);
    }

    // ================================================================ DEMUX-16 recipients are independent

    @Test
    void required_DEMUX16_broadcastCopiesAreJudgedPerRecipient() {
        fleet.create(A, Fleet.config(A).rxDefault(FilterAction.DROP)); // no rules: the default alone
        fleet.create(B, Fleet.config(B)); // no rules, default ALLOW: not filtered at all
        fleet.create(C, Fleet.config(C).rxDefault(FilterAction.DROP).rxRule(FilterRule.allow(match().etherType(0x0806).build())));
        int a = fleet.post(A);
        int b = fleet.post(B);
        int c = fleet.post(C);

        fleet.wire(hex(TO_ALL + ARP));

        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(fleet.answered(a)).isFalse();
        assertThat(fleet.received(b)).isEqualTo(hex(TO_ALL + ARP));
        assertThat(fleet.received(c)).isEqualTo(hex(TO_ALL + ARP));
        assertThat(counter(B, Counter.RX_DROP_FILTER)).isZero();
        assertThat(counter(C, Counter.RX_DROP_FILTER)).isZero();
        assertThat(fleet.sink.notifications).containsExactly("2/RX", "3/RX");

        // Every recipient drops: still recipients, so no WIRE_DROP_NO_CONTEXT.
        assertThat(fleet.update(B, Fleet.config(B).rxDefault(FilterAction.DROP))).isEqualTo(ControlResult.OK);
        fleet.wire(hex(TO_ALL + UDP_53));
        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(2);
        assertThat(counter(B, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(counter(C, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(wireDrops()).isZero();
    }

    @Test
    void required_DEMUX14_RX5_failedRecipientsFilteredCopyCountsAsFiltered() {
        fleet.create(A, web(A));
        fleet.post(A);
        Pages.setReqProd(fleet.tx(A), 300); // RING-11 on A's next kick
        fleet.nic.kick(A, Queue.TX);
        assertThat(fleet.nic.state(A)).isEqualTo(ContextState.FAILED);

        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_DROP_FILTER)).as("the rules come before the FAILED check").isEqualTo(1);
        assertThat(counter(A, Counter.RX_DROP_FAILED)).isZero();

        fleet.wire(hex(TO_A + TCP_80));
        assertThat(counter(A, Counter.RX_DROP_FAILED)).isEqualTo(1);
        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(counter(A, Counter.RX_FRAMES)).isZero();
        assertThat(counter(A, Counter.FATAL_ERRORS)).isEqualTo(1);
    }

    // ================================================================ CTX-6 switched frames

    @Test
    void required_DEMUX14_CTX6_switchedFrameMeetsTheReceiversRxRules() {
        // A and B on Access(10): A's frame gets its tag on TX, B's rules read after it, B's copy is stripped.
        fleet.create(A, Fleet.config(A).vlan(new VlanPolicy.Access(10)));
        fleet.create(B, Fleet.config(B).vlan(new VlanPolicy.Access(10)).rxDefault(FilterAction.DROP)
                .rxRule(FilterRule.allow(match().etherType(0x0800).protocol(6).destinationPort(PortRange.of(80)).build())));
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB))).isEqualTo(ControlResult.OK);
        int b = fleet.post(B);
        String toB = "020000000002 020000000001 ";
        String broadcast = "ffffffffffff 020000000001 ";

        assertThat(fleet.txStatus(A, fleet.send(A, hex(toB + TCP_22)))).isEqualTo(NetifStatus.OKAY);
        assertThat(counter(B, Counter.RX_DROP_FILTER)).isEqualTo(1);
        assertThat(fleet.answered(b)).isFalse();
        assertThat(fleet.sink.frames).as("B owns the destination: it stays local, taken or not").isEmpty();

        assertThat(fleet.txStatus(A, fleet.send(A, hex(broadcast + ARP)))).isEqualTo(NetifStatus.OKAY);
        assertThat(counter(B, Counter.RX_DROP_FILTER)).isEqualTo(2);
        assertThat(fleet.sink.frames).as("a broadcast also goes out").containsExactly(hex(broadcast + "8100 000a " + ARP));

        assertThat(fleet.txStatus(A, fleet.send(A, hex(toB + TCP_80)))).isEqualTo(NetifStatus.OKAY);
        assertThat(fleet.received(b)).isEqualTo(hex(toB + TCP_80));
        assertThat(counter(A, Counter.TX_FRAMES)).isEqualTo(3);
        assertThat(fleet.nic.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isZero();
        assertThat(wireDrops()).isZero();
    }

    // ================================================================ DEMUX-17 configuration

    @Test
    void required_DEMUX17_updateAppliesNewRxRulesFromTheNextFrameAndKeepsCounters() {
        fleet.create(A, Fleet.config(A));
        fleet.post(A);
        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(1);

        assertThat(fleet.update(A, web(A))).isEqualTo(ControlResult.OK);
        int second = fleet.post(A);
        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_DROP_FILTER)).isEqualTo(1);
        fleet.wire(hex(TO_A + TCP_80));
        assertThat(fleet.received(second)).isEqualTo(hex(TO_A + TCP_80));

        assertThat(fleet.update(A, Fleet.config(A))).isEqualTo(ControlResult.OK);
        fleet.post(A);
        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(3);
        assertThat(counter(A, Counter.RX_DROP_FILTER)).as("counters outlive the rules").isEqualTo(1);
    }

    @Test
    void required_DEMUX17_moreRxRulesThanTheLimitAreInvalidConfigAfterTheTxRules() {
        fleet.create(A, web(A));
        int max = FastNicProvider.LIMITS.maxFilterRules();
        List<FilterRule> tooMany = Collections.nCopies(max + 1, FilterRule.allow(FilterMatch.ANY));

        // Create: rings of NEW are not granted, so step 4c comes before MEM-6.
        ControlResult refused = create(NEW, Fleet.config(NEW).rxRules(tooMany));
        assertRejected(refused, "DEMUX-17", RejectCategory.INVALID_CONFIG);
        assertThat(((ControlResult.Rejected) refused).detail()).isEqualTo("rxRules=" + (max + 1) + " exceeds maxFilterRules=" + max);
        assertRejected(create(NEW, Fleet.config(NEW).rxRules(tooMany).txRules(tooMany)), "TXF-10", RejectCategory.INVALID_CONFIG);
        assertRejected(create(NEW, Fleet.config(NEW).rxRules(tooMany).vlan(new VlanPolicy.Access(0))), "DEMUX-13",
                RejectCategory.INVALID_CONFIG);
        assertRejected(create(NEW, Fleet.config(NEW).rxDefault(FilterAction.DROP)), "MEM-6", RejectCategory.BAD_RING);
        assertThat(fleet.nic.state(NEW)).isEqualTo(ContextState.ABSENT);

        // Update: 4a (with 4c) before PRIV-10; a refused update keeps the rules.
        assertRejected(fleet.update(A, Fleet.config(A).rxRules(tooMany)), "DEMUX-17", RejectCategory.INVALID_CONFIG);
        assertRejected(fleet.update(A, Fleet.config(A).txRingGref(900).rxRules(tooMany)), "DEMUX-17",
                RejectCategory.INVALID_CONFIG);
        fleet.post(A);
        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_DROP_FILTER)).as("still port 80 only").isEqualTo(1);

        // Exactly the limit is fine, on create and on update.
        fleet.create(NEW, Fleet.config(NEW).rxRules(tooMany.subList(0, max)));
        assertThat(fleet.update(A, Fleet.config(A).rxRules(tooMany.subList(0, max)))).isEqualTo(ControlResult.OK);
        fleet.wire(hex(TO_A + TCP_22));
        assertThat(counter(A, Counter.RX_FRAMES)).isEqualTo(1);
    }
}
