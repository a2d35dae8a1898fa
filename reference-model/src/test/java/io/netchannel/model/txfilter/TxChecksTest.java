package io.netchannel.model.txfilter;

import static io.netchannel.model.txfilter.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of checks of spec 07, section 3, on hand-written frames (TXF-1 to TXF-6). */
class TxChecksTest {

    private static final MacAddress OWN = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress SECOND = MacAddress.parse("02:00:00:00:00:11");

    private static ContextConfig.Builder host(VlanPolicy vlan) {
        return ContextConfig.builder().mac(OWN).mac(SECOND).txRingGref(10).rxRingGref(11).vlan(vlan);
    }

    /** 20 bytes from 02:00:00:00:00:01 (or {@code source}) with {@code type} at octets 12–13 and six payload bytes. */
    private static byte[] frame(String source, String type) {
        return hex("ffffffffffff " + source + " " + type + " a1a2a3a4a5a6");
    }

    private static final byte[] UNTAGGED = frame("020000000001", "0800");

    @Test
    void required_TXF2_aSpoofedSourceIsDroppedBeforeAnythingElse() {
        ContextConfig dropAll = host(new VlanPolicy.Trunk(List.of(10))).txDefault(FilterAction.DROP).build();

        assertThat(TxChecks.enforce(dropAll, frame("020000000002", "8100 0014")))
                .isEqualTo(new Enforcement.Drop(Counter.TX_DROP_SPOOF, Enforcement.NOT_FILTERED));
        assertThat(TxChecks.enforce(host(VlanPolicy.UNTAGGED).build(), frame("ffffffffffff", "0800")))
                .isEqualTo(new Enforcement.Drop(Counter.TX_DROP_SPOOF, -1));
    }

    @Test
    void required_TXF2_anyOfTheContextsMacsMaySend() {
        byte[] fromSecond = frame("020000000011", "0800");
        assertThat(TxChecks.enforce(host(VlanPolicy.UNTAGGED).build(), fromSecond)).isEqualTo(new Enforcement.Send(fromSecond, 0));
    }

    @Test
    void required_TXF3_anUntaggedContextSendsUntaggedFramesOnly() {
        ContextConfig untagged = host(VlanPolicy.UNTAGGED).build();

        assertThat(TxChecks.enforce(untagged, UNTAGGED)).isEqualTo(new Enforcement.Send(UNTAGGED, 0));
        for (String tag : List.of("8100 000a", "88a8 000a", "9100 000a")) {
            assertThat(TxChecks.enforce(untagged, frame("020000000001", tag))).as(tag)
                    .isEqualTo(new Enforcement.Drop(Counter.TX_DROP_VLAN, -1));
        }
    }

    @Test
    void required_TXF4_anAccessContextsFrameGetsItsTagAfterTheSourceMac() {
        ContextConfig access = host(new VlanPolicy.Access(0xABC)).build();
        byte[] expected = hex("ffffffffffff 020000000001 8100 0abc 0800 a1a2a3a4a5a6");

        Enforcement verdict = TxChecks.enforce(access, UNTAGGED);

        assertThat(verdict).isEqualTo(new Enforcement.Send(expected, 0));
        assertThat(((Enforcement.Send) verdict).wire()).hasSize(UNTAGGED.length + 4);
        assertThat(TxChecks.withTag(UNTAGGED, 1)).isEqualTo(hex("ffffffffffff 020000000001 8100 0001 0800 a1a2a3a4a5a6"));
    }

    @Test
    void required_TXF4_anAccessContextMayNotSendATag() {
        ContextConfig access = host(new VlanPolicy.Access(10)).build();
        for (String tag : List.of("8100 000a", "88a8 000a", "9100 000a")) {
            assertThat(TxChecks.enforce(access, frame("020000000001", tag))).as(tag)
                    .isEqualTo(new Enforcement.Drop(Counter.TX_DROP_VLAN, -1));
        }
    }

    @Test
    void required_TXF5_aTrunkSendsItsOwnVidsAsTheyAre() {
        ContextConfig trunk = host(new VlanPolicy.Trunk(List.of(10, 20))).build();
        byte[] vid10 = frame("020000000001", "8100 000a");
        byte[] vid20WithPriority = frame("020000000001", "8100 e014");

        assertThat(TxChecks.enforce(trunk, vid10)).isEqualTo(new Enforcement.Send(vid10, 0));
        assertThat(TxChecks.enforce(trunk, vid20WithPriority)).isEqualTo(new Enforcement.Send(vid20WithPriority, 0));
    }

    @Test
    void required_TXF5_aTrunkFrameWithAVidNotInItsSetOrWithoutA8021QTagIsDropped() {
        ContextConfig trunk = host(new VlanPolicy.Trunk(List.of(10, 20))).build();
        Enforcement dropVlan = new Enforcement.Drop(Counter.TX_DROP_VLAN, -1);

        assertThat(TxChecks.enforce(trunk, frame("020000000001", "8100 001e"))).as("VID 30").isEqualTo(dropVlan);
        assertThat(TxChecks.enforce(trunk, frame("020000000001", "8100 0000"))).as("VID 0").isEqualTo(dropVlan);
        assertThat(TxChecks.enforce(trunk, UNTAGGED)).as("untagged").isEqualTo(dropVlan);
        assertThat(TxChecks.enforce(trunk, frame("020000000001", "88a8 000a"))).as("a service tag").isEqualTo(dropVlan);
        assertThat(TxChecks.enforce(trunk, hex("ffffffffffff 020000000001 8100 000a 08"))).as("17 bytes").isEqualTo(dropVlan);
    }

    @Test
    void required_TXF6_aFrameTheVlanCheckDropsNeverReachesTheRules() {
        ContextConfig untagged = host(VlanPolicy.UNTAGGED).txRule(FilterRule.drop(FilterMatch.ANY)).build();

        assertThat(TxChecks.enforce(untagged, frame("020000000001", "8100 000a"))).isEqualTo(new Enforcement.Drop(Counter.TX_DROP_VLAN, -1));
    }

    @Test
    void required_TXF6_theDecidingRuleIndexComesWithTheVerdict() {
        ContextConfig rules = host(VlanPolicy.UNTAGGED)
                .txRule(FilterRule.drop(FilterMatch.builder().etherType(0x86DD).build()))
                .txRule(FilterRule.allow(FilterMatch.builder().etherType(0x0800).build()))
                .txDefault(FilterAction.DROP).build();

        assertThat(TxChecks.enforce(rules, UNTAGGED)).isEqualTo(new Enforcement.Send(UNTAGGED, 1));
        assertThat(TxChecks.enforce(rules, frame("020000000001", "86dd"))).isEqualTo(new Enforcement.Drop(Counter.TX_DROP_FILTER, 0));
        assertThat(TxChecks.enforce(rules, frame("020000000001", "0806"))).isEqualTo(new Enforcement.Drop(Counter.TX_DROP_FILTER, 2));
    }
}
