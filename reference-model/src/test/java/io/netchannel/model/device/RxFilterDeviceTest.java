package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of chapter 06, section 5a (profile l3l4-demux) on the whole device: each
 * recipient's RX rules decide, after demux chose it, whether it takes its copy. Context {@code c}
 * has the IPv4 address 10.0.0.c; the frames come from 10.0.0.99, port 1234.
 */
class RxFilterDeviceTest {

    private static final short OKAY = 0;
    /** The source MAC of frames from the wire: a unicast address no context owns. */
    private static final MacAddress OUTSIDE = MacAddress.parse("02:99:00:00:00:01");
    private static final int IPV4 = 0x0800;
    private static final int TCP = 6;
    private static final int UDP = 17;
    /** IPv4 flags and fragment offset of a first fragment with more to come: MF set, offset 0. */
    private static final int FIRST_FRAGMENT = 0x2000;
    /** A later fragment: offset 185 (1480 bytes); the bytes where ports would be are payload. */
    private static final int LATER_FRAGMENT = 0x00B9;

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    /**
     * A 60-byte IPv4 frame written octet by octet: MACs, EtherType 0x0800, a 20-byte header (IHL 5,
     * {@code fragment} as flags and offset, {@code protocol}) from 10.0.0.99 to 10.0.0.{@code host},
     * then source port 1234, destination port {@code port}, the rest of a TCP header and padding.
     */
    private static byte[] ipv4(MacAddress destination, MacAddress source, int protocol, int host, int port, int fragment) {
        byte[] frame = new byte[60];
        destination.write(frame, 0);
        source.write(frame, 6);
        put16(frame, 12, IPV4);
        frame[14] = 0x45; // version 4, IHL 5
        put16(frame, 16, 46); // total length, ignored by the reading (TXF-7)
        put16(frame, 20, fragment);
        frame[22] = 64; // TTL
        frame[23] = (byte) protocol;
        frame[26] = 10; // source 10.0.0.99
        frame[29] = 99;
        frame[30] = 10; // destination 10.0.0.host
        frame[33] = (byte) host;
        put16(frame, 34, 1234);
        put16(frame, 36, port);
        frame[46] = 0x50; // TCP data offset 5
        return frame;
    }

    /** An unfragmented TCP frame from the wire to 10.0.0.{@code host}:{@code port}. */
    private static byte[] tcp(MacAddress destination, int host, int port) {
        return ipv4(destination, OUTSIDE, TCP, host, port, 0);
    }

    private static void put16(byte[] frame, int at, int value) {
        frame[at] = (byte) (value >>> 8);
        frame[at + 1] = (byte) value;
    }

    /** {@code frame} with an 802.1Q tag carrying {@code vid} inserted after the source MAC. */
    private static byte[] withTag(byte[] frame, int vid) {
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        put16(tagged, 12, 0x8100);
        put16(tagged, 14, vid);
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    /** A match on TCP to context {@code context}'s address. */
    private static FilterMatch.Builder tcpTo(int context) {
        return FilterMatch.builder().etherType(IPV4).protocol(TCP).destination(IpPrefix.parse("10.0.0." + context + "/32"));
    }

    private static FilterMatch tcpPort(int port) {
        return FilterMatch.builder().etherType(IPV4).protocol(TCP).destinationPort(PortRange.of(port)).build();
    }

    /** Context {@code context} takes TCP to its port 80 and nothing else. */
    private static ContextConfig web(int context) {
        return Rig.config(context).toBuilder()
                .rxRule(FilterRule.allow(tcpTo(context).destinationPort(PortRange.of(80)).build()))
                .rxDefault(FilterAction.DROP).build();
    }

    private byte[] received(int context, int page, int length) {
        return Arrays.copyOf(rig.memory.page(Rig.dataGref(context, page)), length);
    }

    private int rxDelivered(int context) {
        return Guest.u32(rig.rx(context), Guest.RSP_PROD);
    }

    private void receive(byte[] frame) {
        rig.device.receive(0, frame, 0, frame.length);
    }

    private long counter(int context, Counter counter) {
        return rig.device.counter(context, counter);
    }

    private void update(int context, ContextConfig config) {
        assertThat(rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(context, config))).isEqualTo(ControlResult.OK);
    }

    private void failTx(int context) {
        Guest.putU32(rig.tx(context), Guest.REQ_PROD, 1000); // RING-11
        rig.device.kick(context, Queue.TX);
        assertThat(rig.device.state(context)).isEqualTo(ContextState.FAILED);
    }

    @Nested
    class Receive {

        @Test
        void required_DEMUX14_aRuleAllowingTcpPort80ToTheContextsAddressDeliversAMatchingFrame() {
            rig.create(1, 0, web(1));
            rig.postRx(1, 0, 7);
            byte[] frame = tcp(Rig.mac(1), 1, 80);

            receive(frame);

            assertThat(received(1, 0, 60)).isEqualTo(frame);
            assertThat(Guest.rxResponse(rig.rx(1), 0)).containsExactly(7, 0, 0, 60);
            assertThat(rxDelivered(1)).isEqualTo(1);
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(counter(1, Counter.RX_BYTES)).isEqualTo(60);
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isZero();
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.RX));
        }

        @Test
        void required_DEMUX14_aCopyNoRuleMatchesIsDroppedByTheDefaultAndCountedWithTheRxRingUntouched() {
            rig.create(1, 0, web(1));
            rig.postRx(1, 0, 7);
            byte[] ring = rig.rx(1).clone();
            byte[] buffer = rig.memory.page(Rig.dataGref(1, 0)).clone();
            rig.memory.reads().clear();
            rig.memory.writes().clear();

            receive(tcp(Rig.mac(1), 1, 22)); // another port
            receive(tcp(Rig.mac(1), 3, 80)); // another address
            receive(ipv4(Rig.mac(1), OUTSIDE, UDP, 1, 80, 0)); // another protocol
            receive(Rig.frame(Rig.mac(1), 60)); // not IP: the IP fields cannot be read

            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(4);
            assertThat(rig.rx(1)).as("req and rsp indices, request entries: unchanged").isEqualTo(ring);
            assertThat(rig.memory.page(Rig.dataGref(1, 0))).as("the posted buffer: unchanged").isEqualTo(buffer);
            assertThat(rig.memory.reads()).as("no buffer or ring read").isEmpty();
            assertThat(rig.memory.writes()).as("no buffer or ring written").isEmpty();
            assertThat(rig.sink.events).isEmpty();
            assertThat(counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(counter(1, Counter.RX_DROP_NO_BUFFER)).isZero();
            assertThat(counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(4);
            assertThat(counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).as("the frames had a recipient").isZero();

            byte[] allowed = tcp(Rig.mac(1), 1, 80);
            receive(allowed);
            assertThat(Guest.rxResponse(rig.rx(1), 0)).as("the buffer is still the first one posted").containsExactly(7, 0, 0, 60);
            assertThat(received(1, 0, 60)).isEqualTo(allowed);
        }

        @Test
        void required_DEMUX14_theFirstRuleWhoseMatchHoldsDecidesWhateverComesAfterIt() {
            FilterRule allow80 = FilterRule.allow(tcpPort(80));
            FilterRule dropTcp = FilterRule.drop(FilterMatch.builder().etherType(IPV4).protocol(TCP).build());
            rig.create(1, 0, Rig.config(1).toBuilder().rxRule(allow80).rxRule(dropTcp).build())
                    .create(2, 0, Rig.config(2).toBuilder().rxRule(dropTcp).rxRule(allow80).build());
            for (int context = 1; context <= 2; context++) {
                rig.postRx(context, 0, 1);
                rig.postRx(context, 1, 2);
            }

            receive(tcp(MacAddress.BROADCAST, 9, 80)); // both rules hold
            receive(tcp(MacAddress.BROADCAST, 9, 81)); // the drop only
            receive(ipv4(MacAddress.BROADCAST, OUTSIDE, UDP, 9, 80, 0)); // neither: the default allows

            assertThat(counter(1, Counter.RX_FRAMES)).as("allow80 first: port 80 and UDP").isEqualTo(2);
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(counter(2, Counter.RX_FRAMES)).as("dropTcp first: UDP only").isEqualTo(1);
            assertThat(counter(2, Counter.RX_DROP_FILTER)).isEqualTo(2);
            assertThat(received(2, 0, 60)[23]).as("context 2's one copy is the UDP frame").isEqualTo((byte) UDP);
        }

        @Test
        void required_DEMUX15_rulesReadATaggedFrameAsItCameWhileAnAccessRecipientsCopyIsStripped() {
            rig.create(1, 0, web(1).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            rig.postRx(1, 0, 1);
            rig.postRx(1, 1, 2);
            byte[] untagged = tcp(Rig.mac(1), 1, 80);
            byte[] tagged = withTag(untagged, 10);

            receive(tagged);

            assertThat(counter(1, Counter.RX_FRAMES)).as("the rule reads through the tag").isEqualTo(1);
            assertThat(received(1, 0, 60)).as("DEMUX-10: the copy is stripped").isEqualTo(untagged);
            assertThat(counter(1, Counter.RX_BYTES)).isEqualTo(60);

            // VLAN 10 outside, VLAN 20 inside: as it came, the one tag the reading passes leaves
            // EtherType 0x8100 and no IP header, so the rule cannot hold; the stripped copy would
            // have shown IPv4/TCP port 80
            receive(withTag(withTag(untagged, 20), 10));

            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(rxDelivered(1)).isEqualTo(1);
        }

        @Test
        void required_DEMUX15_portsOfALaterFragmentCannotBeReadSoNoPortRuleHolds() {
            ContextConfig onlyPort80 = Rig.config(1).toBuilder().rxRule(FilterRule.allow(tcpPort(80))).rxDefault(FilterAction.DROP).build();
            ContextConfig allButPort80 = Rig.config(2).toBuilder().rxRule(FilterRule.drop(tcpPort(80))).build();
            rig.create(1, 0, onlyPort80).create(2, 0, allButPort80);
            for (int context = 1; context <= 2; context++) {
                rig.postRx(context, 0, 1);
                rig.postRx(context, 1, 2);
            }

            receive(ipv4(MacAddress.BROADCAST, OUTSIDE, TCP, 9, 80, LATER_FRAGMENT)); // "80" is payload
            assertThat(counter(1, Counter.RX_DROP_FILTER)).as("the allow does not hold").isEqualTo(1);
            assertThat(counter(2, Counter.RX_FRAMES)).as("nor does the drop").isEqualTo(1);

            receive(ipv4(MacAddress.BROADCAST, OUTSIDE, TCP, 9, 80, FIRST_FRAGMENT)); // a first fragment has ports
            assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(counter(2, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(counter(2, Counter.RX_FRAMES)).isEqualTo(1);
        }

        @Test
        void required_DEMUX16_oneRecipientsRulesDropOnlyItsOwnCopyOfABroadcast() {
            rig.create(1, 0, web(1))
                    .create(2, 0, Rig.config(2).toBuilder().rxDefault(FilterAction.DROP).build())
                    .create(3, 0);
            for (int context = 1; context <= 3; context++) {
                rig.postRx(context, 0, 10 + context);
            }
            byte[] frame = tcp(MacAddress.BROADCAST, 1, 80);

            receive(frame);

            assertThat(received(1, 0, 60)).isEqualTo(frame);
            assertThat(received(3, 0, 60)).isEqualTo(frame);
            assertThat(Guest.rxResponse(rig.rx(3), 0)).containsExactly(13, 0, 0, 60);
            assertThat(counter(2, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(rxDelivered(2)).isZero();
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isZero();
            assertThat(counter(3, Counter.RX_DROP_FILTER)).isZero();
            assertThat(counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isEqualTo(1);
            assertThat(counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
            assertThat(rig.sink.notifications()).containsExactlyInAnyOrder(
                    new RecordingSink.Notification(1, Queue.RX), new RecordingSink.Notification(3, Queue.RX));
        }

        @Test
        void required_DEMUX16_rulesThatAllowEverythingNeverWidenWhatDemuxSelected() {
            ContextConfig allowAll = Rig.config(1).toBuilder().rxRule(FilterRule.allow(FilterMatch.ANY)).build();
            rig.create(1, 0, allowAll.toBuilder().vlan(new VlanPolicy.Access(10)).build());
            rig.postRx(1, 0, 1);

            receive(withTag(tcp(Rig.mac(9), 1, 80), 10)); // on its VLAN, another context's unicast
            receive(tcp(Rig.mac(1), 1, 80)); // its own MAC, untagged: not its VLAN
            receive(withTag(ipv4(MacAddress.BROADCAST, Rig.mac(1), TCP, 1, 80, 0), 10)); // its own source

            assertThat(counter(1, Counter.RX_FRAMES)).isZero();
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isZero();
            assertThat(counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(3);
        }

        @Test
        void required_DEMUX14_aFailedRecipientWhoseRulesDropCountsFilterNotFailed() {
            rig.create(1, 0, web(1));
            failTx(1);

            receive(tcp(Rig.mac(1), 1, 22));
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(counter(1, Counter.RX_DROP_FAILED)).as("the rules come first").isZero();

            receive(tcp(Rig.mac(1), 1, 80));
            assertThat(counter(1, Counter.RX_DROP_FAILED)).as("an allowed copy meets the FAILED check").isEqualTo(1);
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(rxDelivered(1)).isZero();
        }

        @Test
        void required_DEMUX14_anUpdateAppliesTheNewRulesToTheNextCopy() {
            rig.create(1, 0, web(1));
            for (int page = 0; page < 3; page++) {
                rig.postRx(1, page, page);
            }

            receive(tcp(Rig.mac(1), 1, 22));
            assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);

            update(1, web(1).toBuilder().rxRule(FilterRule.allow(tcpTo(1).destinationPort(PortRange.of(22)).build())).build());
            receive(tcp(Rig.mac(1), 1, 22));
            assertThat(counter(1, Counter.RX_FRAMES)).as("the added rule allows port 22").isEqualTo(1);

            update(1, Rig.config(1).toBuilder().rxDefault(FilterAction.DROP).build());
            receive(tcp(Rig.mac(1), 1, 80));
            assertThat(counter(1, Counter.RX_DROP_FILTER)).as("no rule left, the default drops").isEqualTo(2);

            update(1, Rig.config(1));
            receive(tcp(Rig.mac(1), 1, 80));
            assertThat(counter(1, Counter.RX_FRAMES)).as("rules removed: everything again").isEqualTo(2);
            assertThat(rxDelivered(1)).isEqualTo(2);
        }
    }

    @Nested
    class Switched {

        @Test
        void required_DEMUX14_CTX6_aFrameSwitchedInVebMeetsTheReceiversRxRules() {
            rig.create(1, 0).create(2, 0, web(2));
            rig.postRx(2, 0, 7);
            assertThat(rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB))).isEqualTo(ControlResult.OK);
            byte[] ssh = ipv4(Rig.mac(2), Rig.mac(1), TCP, 2, 22, 0);
            byte[] web = ipv4(Rig.mac(2), Rig.mac(1), TCP, 2, 80, 0);

            rig.queueSimple(1, 0, 0x40, ssh);
            rig.pushTx(1);

            assertThat(Guest.txResponseStatus(rig.tx(1), 0)).as("the sender's frame went").isEqualTo(OKAY);
            assertThat(counter(1, Counter.TX_FRAMES)).isEqualTo(1);
            assertThat(counter(2, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(rxDelivered(2)).isZero();
            assertThat(rig.sink.frames()).as("CTX-6: local unicast stays off the wire").isEmpty();

            rig.queueSimple(1, 1, 0x41, web);
            rig.pushTx(1);

            assertThat(received(2, 0, 60)).isEqualTo(web);
            assertThat(Guest.rxResponse(rig.rx(2), 0)).containsExactly(7, 0, 0, 60);
            assertThat(counter(2, Counter.RX_FRAMES)).isEqualTo(1);
            assertThat(counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES)).isZero();
            assertThat(counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isZero();
        }
    }

    @Nested
    class Profiles {

        @Test
        void required_DEMUX17_theReferenceModelClaimsL3l4DemuxAndTakesRxRulesUpToMaxFilterRules() {
            assertThat(new ReferenceDeviceProvider().profiles()).contains(Profile.L3L4_DEMUX);
            int max = ReferenceDeviceProvider.LIMITS.maxFilterRules();
            List<FilterRule> full = Collections.nCopies(max, FilterRule.allow(FilterMatch.ANY));
            rig.create(1, 0, Rig.config(1).toBuilder().rxRules(full).build());

            List<FilterRule> tooMany = new ArrayList<>(full);
            tooMany.add(FilterRule.drop(FilterMatch.ANY));
            ControlResult result = rig.device.control(Caller.HOST,
                    new ControlRequest.UpdateContext(1, Rig.config(1).toBuilder().rxRules(tooMany).rxDefault(FilterAction.DROP).build()));

            assertThat(result).isEqualTo(new ControlResult.Rejected("DEMUX-17", RejectCategory.INVALID_CONFIG,
                    "rxRules=" + (max + 1) + " exceeds maxFilterRules=" + max));
            rig.postRx(1, 0, 1);
            receive(tcp(Rig.mac(1), 1, 80));
            assertThat(counter(1, Counter.RX_FRAMES)).as("PRIV-8: the refused update changed nothing").isEqualTo(1);
        }

        @Test
        void required_DEMUX17_aDeviceNotClaimingL3l4DemuxRefusesRxRulesAndADropDefaultAsNotSupported() {
            rig = new Rig(Set.of(Profile.CORE));
            ContextConfig rules = web(1);
            ContextConfig dropDefault = Rig.config(1).toBuilder().rxDefault(FilterAction.DROP).build();

            for (ContextConfig config : List.of(rules, dropDefault)) {
                ControlResult create = rig.device.control(Caller.HOST, new ControlRequest.CreateContext(1, config));
                assertThat(create).as("%s", config).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected -> {
                    assertThat(rejected.rule()).isEqualTo("DEMUX-17");
                    assertThat(rejected.category()).isEqualTo(RejectCategory.NOT_SUPPORTED);
                });
                assertThat(rig.device.state(1)).isEqualTo(ContextState.ABSENT);
            }
            rig.create(1, 0);
            for (ContextConfig config : List.of(rules, dropDefault)) {
                ControlResult result = rig.device.control(Caller.HOST, new ControlRequest.UpdateContext(1, config));
                assertThat(result).as("%s", config).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected ->
                        assertThat(rejected.category()).isEqualTo(RejectCategory.NOT_SUPPORTED));
            }
            rig.postRx(1, 0, 1);
            receive(tcp(Rig.mac(1), 1, 22));
            assertThat(counter(1, Counter.RX_FRAMES)).as("no rules were taken").isEqualTo(1);
        }

        @Test
        void theModelClaimsCoreAndOnlyWhatItImplements() {
            DeviceEnvironment environment = new DeviceEnvironment(rig.memory, rig.sink);
            assertThatThrownBy(() -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC,
                    Set.of(Profile.L3L4_DEMUX))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimed=");
            assertThatThrownBy(() -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC,
                    Set.of(Profile.CORE, Profile.TSO))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Seam {

        @Test
        void anRxFilterReplacesTheRulesAndSeesTheFrameAsItCameAtItsOffset() {
            List<String> seen = new ArrayList<>();
            rig = new Rig(Decisions.SPEC.withRxFilter((context, host, frame, offset, length) -> {
                seen.add(context + ":" + offset + ":" + length + ":" + Integer.toHexString(frame[offset + 12] & 0xFF));
                return context == 2 ? FilterAction.DROP : FilterAction.ALLOW; // ignores every rule
            }));
            rig.create(1, 0, web(1)).create(2, 0, Rig.config(2).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            rig.create(3, 0, Rig.config(3).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            rig.postRx(1, 0, 1);
            rig.postRx(3, 0, 3);
            byte[] tagged = withTag(tcp(MacAddress.BROADCAST, 1, 22), 10);
            byte[] held = new byte[tagged.length + 5];
            System.arraycopy(tagged, 0, held, 5, tagged.length);

            rig.device.receive(0, held, 5, tagged.length);

            assertThat(seen).as("one question per recipient, the tag still there").containsExactly("2:5:64:81", "3:5:64:81");
            assertThat(counter(2, Counter.RX_DROP_FILTER)).isEqualTo(1);
            assertThat(counter(3, Counter.RX_BYTES)).as("the spec's copy still strips for Access").isEqualTo(60);
            assertThat(counter(1, Counter.RX_FRAMES)).as("not on VLAN 10: never asked").isZero();
        }

        @Test
        void theThreeAndFourPartConstructorsFilterAsTheSpecSays() {
            Decisions spec = Decisions.SPEC;
            for (Decisions decisions : List.of(new Decisions(spec.recipients(), spec.rxCopy(), spec.txPolicy()),
                    new Decisions(spec.recipients(), spec.rxCopy(), spec.txPolicy(), spec.switching()))) {
                rig = new Rig(decisions);
                rig.create(1, 0, web(1));
                rig.postRx(1, 0, 1);

                receive(tcp(Rig.mac(1), 1, 22));
                receive(tcp(Rig.mac(1), 1, 80));

                assertThat(counter(1, Counter.RX_DROP_FILTER)).isEqualTo(1);
                assertThat(counter(1, Counter.RX_FRAMES)).isEqualTo(1);
            }
        }
    }
}
