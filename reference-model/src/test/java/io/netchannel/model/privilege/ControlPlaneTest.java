package io.netchannel.model.privilege;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.ring.RingHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The control plane's answers, one worked example per rule, and the order of its checks. */
class ControlPlaneTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");

    /**
     * A device of 2 contexts, ids 0..7, 2 MACs and 2 groups per context, the core minimum of 8 trunk
     * VIDs and 16 filter rules, claiming core and l3l4-demux; every ring grant read-write and empty.
     */
    private static final class View implements ControlView {
        final SortedMap<Integer, ContextConfig> contexts = new TreeMap<>();
        final Map<Integer, Access> access = new HashMap<>();
        final Map<Integer, RingHeader> headers = new HashMap<>();
        final List<Integer> headerReads = new ArrayList<>();
        final Set<Profile> claimed = EnumSet.of(Profile.CORE, Profile.L3L4_DEMUX);

        @Override
        public DeviceLimits limits() {
            return new DeviceLimits(2, 2, 2, 7);
        }

        @Override
        public boolean claims(Profile profile) {
            return claimed.contains(profile);
        }

        @Override
        public SortedMap<Integer, ContextConfig> contexts() {
            return contexts;
        }

        @Override
        public Access access(int context, int gref) {
            return access.getOrDefault(gref, Access.READ_WRITE);
        }

        @Override
        public Optional<RingHeader> readHeader(int context, int gref) {
            headerReads.add(gref);
            return Optional.of(headers.getOrDefault(gref, new RingHeader(0, 0)));
        }
    }

    private final View view = new View();

    private static ContextConfig config(int tx, int rx, MacAddress... macs) {
        return new ContextConfig(List.of(macs), tx, rx, false);
    }

    private ControlResult decide(Caller caller, ControlRequest request) {
        ControlDecision decision = ControlPlane.decide(caller, request, view);
        return decision instanceof ControlDecision.Refuse refuse ? refuse.result() : ControlResult.OK;
    }

    private static RejectCategory category(ControlResult result) {
        return result instanceof ControlResult.Rejected rejected ? rejected.category() : null;
    }

    private static String rule(ControlResult result) {
        return result instanceof ControlResult.Rejected rejected ? rejected.rule() : null;
    }

    private static ContextConfig withVlan(ContextConfig config, VlanPolicy vlan) {
        return config.toBuilder().vlan(vlan).build();
    }

    private static ContextConfig withRules(ContextConfig config, int rules) {
        return config.toBuilder().txRules(Collections.nCopies(rules, FilterRule.allow(FilterMatch.ANY))).build();
    }

    private static ContextConfig withRxRules(ContextConfig config, int rules) {
        return config.toBuilder().rxRules(Collections.nCopies(rules, FilterRule.allow(FilterMatch.ANY))).build();
    }

    private static List<Integer> vids(int count) {
        List<Integer> vids = new ArrayList<>();
        for (int vid = 1; vid <= count; vid++) {
            vids.add(vid);
        }
        return vids;
    }

    @Test
    void required_PRIV1_theHostMayCreateAndTheDecisionCarriesTheAttachPoints() {
        view.headers.put(10, new RingHeader(5, 3));
        ControlDecision decision = ControlPlane.decide(Caller.HOST, new ControlRequest.CreateContext(1, config(10, 11, A)), view);
        assertThat(decision).isEqualTo(new ControlDecision.Create(1, config(10, 11, A), new RingHeader(5, 3), new RingHeader(0, 0)));
        assertThat(view.headerReads).containsExactly(10, 11); // TX then RX
    }

    @Test
    void required_PRIV2_aGuestIssuingAPrivilegedRequestIsRejectedPrivilegeBeforeAnythingElse() {
        view.contexts.put(1, config(10, 11, A));
        assertThat(category(decide(Caller.guest(1), new ControlRequest.CreateContext(99, config(0, 0))))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.UpdateContext(1, config(10, 11, A))))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.ResetContext(1)))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.DestroyContext(1)))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_PRIV2_aGuestSettingTheSwitchModeIsRejectedPrivilegeWhateverTheMode() {
        view.contexts.put(1, config(10, 11, A));
        for (SwitchMode mode : SwitchMode.values()) {
            ControlResult result = decide(Caller.guest(1), new ControlRequest.SetSwitchMode(mode));
            assertThat(category(result)).as("%s", mode).isEqualTo(RejectCategory.PRIVILEGE);
            assertThat(rule(result)).as("%s", mode).isEqualTo("PRIV-2");
        }
    }

    @Test
    void required_CTX4_theHostSetsVepaOrVebAndTheDecisionCarriesTheMode() {
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB), view))
                .isEqualTo(new ControlDecision.SetMode(SwitchMode.VEB));
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEPA), view))
                .isEqualTo(new ControlDecision.SetMode(SwitchMode.VEPA));
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_CTX7_aBareDeviceAnswersSoftwareNotSupported() {
        ControlResult result = decide(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.SOFTWARE));
        assertThat(result).isEqualTo(new ControlResult.Rejected("CTX-7", RejectCategory.NOT_SUPPORTED,
                "mode=SOFTWARE: switching in software is the host's (spec 08)"));
    }

    @Test
    void required_PRIV3_aGuestSetsTheGuestConfigurationOfItsOwnContextOnly() {
        view.contexts.put(1, config(10, 11, A));
        view.contexts.put(2, config(20, 21, B));
        assertThat(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, GuestConfig.DEFAULT))).isEqualTo(ControlResult.OK);
        assertThat(decide(Caller.HOST, new ControlRequest.SetGuestConfig(2, GuestConfig.DEFAULT))).isEqualTo(ControlResult.OK);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(2, GuestConfig.DEFAULT)))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(99, GuestConfig.DEFAULT)))).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(decide(Caller.guest(99), new ControlRequest.SetGuestConfig(99, GuestConfig.DEFAULT)))).isEqualTo(RejectCategory.INVALID_CONFIG);
    }

    @Test
    void required_PRIV4_promiscuousNeedsTheHostsPermission() {
        view.contexts.put(1, config(10, 11, A));
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        assertThat(category(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, promiscuous)))).isEqualTo(RejectCategory.PRIVILEGE);
        view.contexts.put(1, new ContextConfig(List.of(A), 10, 11, true));
        assertThat(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, promiscuous))).isEqualTo(ControlResult.OK);
    }

    @Test
    void required_PRIV5_idRangeExistenceAndDuplicates() {
        view.contexts.put(1, config(10, 11, A));
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(8, config(20, 21, B))))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(-1, config(20, 21, B))))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(20, 21, B))))).isEqualTo(RejectCategory.CONTEXT_EXISTS);
        assertThat(category(decide(Caller.HOST, new ControlRequest.DestroyContext(2)))).isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(decide(Caller.HOST, new ControlRequest.ResetContext(2)))).isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(decide(Caller.HOST, new ControlRequest.UpdateContext(2, config(20, 21, B))))).isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(decide(Caller.HOST, new ControlRequest.SetGuestConfig(2, GuestConfig.DEFAULT)))).isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
    }

    @Test
    void required_PRIV6_macListsThatAreEmptyTooLongDuplicatedGroupOrTakenAreInvalid() {
        view.contexts.put(1, config(10, 11, A));
        for (ContextConfig bad : List.of(config(20, 21), config(20, 21, B, C, MacAddress.parse("02:00:00:00:00:0d")),
                config(20, 21, B, B), config(20, 21, GROUP), config(20, 21, MacAddress.BROADCAST), config(20, 21, A))) {
            assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(2, bad)))).as("%s", bad).isEqualTo(RejectCategory.INVALID_CONFIG);
        }
        assertThat(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 11, A, B)))).as("its own MAC").isEqualTo(ControlResult.OK);
    }

    @Test
    void required_PRIV6_guestMulticastListsOfNonGroupsOrTooManyGroupsAreInvalidAndDuplicatesCollapse() {
        view.contexts.put(1, config(10, 11, A));
        MacAddress second = MacAddress.parse("01:00:5e:00:00:02");
        MacAddress third = MacAddress.parse("01:00:5e:00:00:03");
        assertThat(category(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, new GuestConfig(false, List.of(B))))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, new GuestConfig(false, List.of(GROUP, second, third))))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        ControlDecision decision = ControlPlane.decide(Caller.guest(1),
                new ControlRequest.SetGuestConfig(1, new GuestConfig(false, List.of(GROUP, second, GROUP))), view);
        assertThat(decision).isEqualTo(new ControlDecision.SetGuest(1, new GuestConfig(false, List.of(GROUP, second))));
    }

    @Test
    void required_PRIV7_theLiveContextLimitIsCheckedLast() {
        view.contexts.put(0, config(10, 11, A));
        view.contexts.put(1, config(20, 21, B));
        assertThat(decide(Caller.HOST, new ControlRequest.CreateContext(2, config(30, 31, C)))).isInstanceOf(ControlResult.NoContextAvailable.class);
        view.access.put(30, Access.READ_ONLY);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(2, config(30, 31, C))))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(2, config(30, 31, A))))).isEqualTo(RejectCategory.INVALID_CONFIG);
    }

    @Test
    void required_PRIV10_updateKeepsTheRingsAndSwitchesOffWhatIsNoLongerAllowed() {
        view.contexts.put(1, new ContextConfig(List.of(A), 10, 11, true));
        assertThat(category(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 12, A))))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 11, B)), view))
                .isEqualTo(new ControlDecision.Update(1, config(10, 11, B)));
        GuestConfig promiscuous = new GuestConfig(true, List.of(GROUP));
        assertThat(ConfigRules.keptUnder(config(10, 11, B), promiscuous)).isEqualTo(new GuestConfig(false, List.of(GROUP)));
        assertThat(ConfigRules.keptUnder(new ContextConfig(List.of(B), 10, 11, true), promiscuous)).isEqualTo(promiscuous);
    }

    @Test
    void required_MEM6_ringGrantsMustBeReadWriteAndDistinct() {
        view.access.put(20, Access.NONE);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(20, 21, A))))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(22, 22, A))))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(view.headerReads).as("no page read through an unusable grant").isEmpty();
    }

    @Test
    void required_MEM6_anUpdateWhoseRingGrantIsNoLongerReadWriteIsBadRing() {
        view.contexts.put(1, config(10, 11, A));
        view.access.put(11, Access.READ_ONLY);
        assertThat(category(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 11, B))))).isEqualTo(RejectCategory.BAD_RING);
    }

    @Test
    void required_RING14_aCorruptRingIsBadRingOnCreateAndReset() {
        view.headers.put(11, new RingHeader(257, 0));
        assertThat(category(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(10, 11, A))))).isEqualTo(RejectCategory.BAD_RING);
        view.contexts.put(1, config(10, 11, A));
        assertThat(category(decide(Caller.HOST, new ControlRequest.ResetContext(1)))).isEqualTo(RejectCategory.BAD_RING);
        view.headers.put(11, new RingHeader(256, 0));
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.ResetContext(1), view))
                .isEqualTo(new ControlDecision.Reset(1, new RingHeader(0, 0), new RingHeader(256, 0)));
    }

    @Test
    void required_MEM2_resetDoesNotReadARingWhoseGrantWasRevoked() {
        view.contexts.put(1, config(10, 11, A));
        view.access.put(10, Access.NONE);
        assertThat(category(decide(Caller.HOST, new ControlRequest.ResetContext(1)))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_DEMUX13_aCreateWithAnUnusableVlanPolicyIsInvalid() {
        for (VlanPolicy bad : List.of(new VlanPolicy.Access(0), new VlanPolicy.Access(4095), new VlanPolicy.Trunk(List.of()),
                new VlanPolicy.Trunk(vids(9)), new VlanPolicy.Trunk(List.of(1, 4095)), new VlanPolicy.Trunk(List.of(3, 3)))) {
            ControlResult result = decide(Caller.HOST, new ControlRequest.CreateContext(1, withVlan(config(10, 11, A), bad)));
            assertThat(category(result)).as("%s", bad).isEqualTo(RejectCategory.INVALID_CONFIG);
            assertThat(rule(result)).as("%s", bad).isEqualTo("DEMUX-13");
        }
        for (VlanPolicy good : List.of(VlanPolicy.UNTAGGED, new VlanPolicy.Access(1), new VlanPolicy.Access(4094),
                new VlanPolicy.Trunk(vids(8)))) {
            assertThat(decide(Caller.HOST, new ControlRequest.CreateContext(1, withVlan(config(10, 11, A), good)))).as("%s", good)
                    .isEqualTo(ControlResult.OK);
        }
        assertThat(view.headerReads).as("rings read for the accepted creates only").hasSize(8);
    }

    @Test
    void required_DEMUX13_anUpdateWithAnUnusableVlanPolicyIsInvalidAndAUsableOneIsApplied() {
        view.contexts.put(1, config(10, 11, A));
        ControlResult bad = decide(Caller.HOST, new ControlRequest.UpdateContext(1, withVlan(config(10, 11, A), new VlanPolicy.Trunk(List.of()))));
        assertThat(rule(bad)).isEqualTo("DEMUX-13");
        assertThat(category(bad)).isEqualTo(RejectCategory.INVALID_CONFIG);
        ContextConfig access = withVlan(config(10, 11, A), new VlanPolicy.Access(7));
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.UpdateContext(1, access), view))
                .isEqualTo(new ControlDecision.Update(1, access));
    }

    @Test
    void required_TXF10_moreFilterRulesThanTheLimitIsInvalidOnCreateAndUpdate() {
        ControlResult create = decide(Caller.HOST, new ControlRequest.CreateContext(1, withRules(config(10, 11, A), 17)));
        assertThat(category(create)).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(rule(create)).isEqualTo("TXF-10");
        assertThat(decide(Caller.HOST, new ControlRequest.CreateContext(1, withRules(config(10, 11, A), 16)))).isEqualTo(ControlResult.OK);

        view.contexts.put(1, config(10, 11, A));
        ControlResult update = decide(Caller.HOST, new ControlRequest.UpdateContext(1, withRules(config(10, 11, A), 17)));
        assertThat(category(update)).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(rule(update)).isEqualTo("TXF-10");
    }

    @Test
    void required_DEMUX13_aCreateChecksTheMacsThenTheVlanPolicyThenTheRulesThenTheRingGrants() {
        view.contexts.put(2, config(20, 21, B));
        view.access.put(10, Access.NONE);
        ContextConfig everythingWrong = withRules(withVlan(config(10, 11, B), new VlanPolicy.Access(0)), 17);
        ContextConfig vlanRulesGrants = withRules(withVlan(config(10, 11, A), new VlanPolicy.Access(0)), 17);
        ContextConfig rulesGrants = withRules(config(10, 11, A), 17);

        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, everythingWrong)))).isEqualTo("PRIV-6");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, vlanRulesGrants)))).isEqualTo("DEMUX-13");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, rulesGrants)))).isEqualTo("TXF-10");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(10, 11, A))))).isEqualTo("MEM-6");
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_DEMUX13_anUpdateChecksTheMacsThenTheVlanPolicyThenTheRulesThenTheRingGrants() {
        view.contexts.put(1, config(10, 11, A));
        view.contexts.put(2, config(20, 21, B));
        view.access.put(11, Access.READ_ONLY);

        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, withVlan(config(10, 12, B), new VlanPolicy.Access(0))))))
                .isEqualTo("PRIV-6");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, withRules(withVlan(config(10, 12, A),
                new VlanPolicy.Access(0)), 17))))).isEqualTo("DEMUX-13");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, withRules(config(10, 12, A), 17))))).isEqualTo("TXF-10");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 12, A))))).isEqualTo("PRIV-10");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 11, A))))).isEqualTo("MEM-6");
    }

    @Test
    void required_PRIV4_allMulticastNeedsNoPermissionAndIsStored() {
        view.contexts.put(1, config(10, 11, A));
        GuestConfig allMulticast = new GuestConfig(false, List.of(GROUP, GROUP), true);

        assertThat(ControlPlane.decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, allMulticast), view))
                .isEqualTo(new ControlDecision.SetGuest(1, new GuestConfig(false, List.of(GROUP), true)));
    }

    @Test
    void required_PRIV10_switchingPromiscuousOffKeepsAllMulticastAndTheGroups() {
        GuestConfig both = new GuestConfig(true, List.of(GROUP), true);

        assertThat(ConfigRules.keptUnder(config(10, 11, A), both)).isEqualTo(new GuestConfig(false, List.of(GROUP), true));
        GuestConfig allMulticastOnly = new GuestConfig(false, List.of(), true);
        assertThat(ConfigRules.keptUnder(config(10, 11, A), allMulticastOnly)).isEqualTo(allMulticastOnly);
    }

    @Test
    void required_DESC15_joinAndLeaveFromTheTxRing() {
        assertThat(MulticastGroups.join(List.of(), GROUP, 1)).contains(List.of(GROUP));
        assertThat(MulticastGroups.join(List.of(GROUP), GROUP, 1)).as("already joined, list full").contains(List.of(GROUP));
        assertThat(MulticastGroups.join(List.of(GROUP), MacAddress.BROADCAST, 1)).as("list full").isEmpty();
        assertThat(MulticastGroups.join(List.of(), A, 1)).as("not a group").isEmpty();
        assertThat(MulticastGroups.leave(List.of(GROUP), GROUP)).isEmpty();
        assertThat(MulticastGroups.leave(List.of(GROUP), MacAddress.BROADCAST)).containsExactly(GROUP);
    }

    @Test
    void required_DEMUX17_aDeviceNotClaimingL3l4DemuxRefusesRxRulesOrADropDefaultAsNotSupportedOnCreateAndUpdate() {
        view.claimed.remove(Profile.L3L4_DEMUX);
        ContextConfig rules = withRxRules(config(10, 11, A), 1);
        ContextConfig dropDefault = config(10, 11, A).toBuilder().rxDefault(FilterAction.DROP).build();

        for (ContextConfig config : List.of(rules, dropDefault)) {
            ControlResult create = decide(Caller.HOST, new ControlRequest.CreateContext(1, config));
            assertThat(rule(create)).as("%s", config).isEqualTo("DEMUX-17");
            assertThat(category(create)).as("%s", config).isEqualTo(RejectCategory.NOT_SUPPORTED);
        }
        assertThat(view.headerReads).as("refused before the rings are read").isEmpty();
        assertThat(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(10, 11, A))))
                .as("no RX rules and an ALLOW default need no profile").isEqualTo(ControlResult.OK);
        ContextConfig explicitAllow = config(10, 11, A).toBuilder().rxDefault(FilterAction.ALLOW).build();
        assertThat(decide(Caller.HOST, new ControlRequest.CreateContext(1, explicitAllow))).isEqualTo(ControlResult.OK);

        view.contexts.put(1, config(10, 11, A));
        for (ContextConfig config : List.of(rules, dropDefault)) {
            ControlResult update = decide(Caller.HOST, new ControlRequest.UpdateContext(1, config));
            assertThat(rule(update)).as("%s", config).isEqualTo("DEMUX-17");
            assertThat(category(update)).as("%s", config).isEqualTo(RejectCategory.NOT_SUPPORTED);
        }
    }

    @Test
    void required_DEMUX17_moreRxRulesThanMaxFilterRulesIsInvalidOnCreateAndUpdateOfAClaimingDevice() {
        ControlResult create = decide(Caller.HOST, new ControlRequest.CreateContext(1, withRxRules(config(10, 11, A), 17)));
        assertThat(create).isEqualTo(new ControlResult.Rejected("DEMUX-17", RejectCategory.INVALID_CONFIG,
                "rxRules=17 exceeds maxFilterRules=16"));
        ContextConfig sixteen = withRxRules(config(10, 11, A), 16).toBuilder().rxDefault(FilterAction.DROP).build();
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.CreateContext(1, sixteen), view))
                .isEqualTo(new ControlDecision.Create(1, sixteen, new RingHeader(0, 0), new RingHeader(0, 0)));

        view.contexts.put(1, config(10, 11, A));
        ControlResult update = decide(Caller.HOST, new ControlRequest.UpdateContext(1, withRxRules(config(10, 11, A), 17)));
        assertThat(rule(update)).isEqualTo("DEMUX-17");
        assertThat(category(update)).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.UpdateContext(1, sixteen), view))
                .as("an accepted update carries the new rules").isEqualTo(new ControlDecision.Update(1, sixteen));
    }

    @Test
    void required_DEMUX17_step4cComesAfterTheTxRulesAndBeforeTheRingGrants() {
        view.access.put(10, Access.NONE);
        ContextConfig txAndRx = withRxRules(withRules(config(10, 11, A), 17), 17);
        ContextConfig rxAndGrants = withRxRules(config(10, 11, A), 17);

        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, txAndRx)))).isEqualTo("TXF-10");
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, rxAndGrants)))).isEqualTo("DEMUX-17");
        view.claimed.remove(Profile.L3L4_DEMUX);
        ControlResult notClaimed = decide(Caller.HOST, new ControlRequest.CreateContext(1, rxAndGrants));
        assertThat(category(notClaimed)).as("not claimed comes before the count").isEqualTo(RejectCategory.NOT_SUPPORTED);
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, config(10, 11, A))))).isEqualTo("MEM-6");

        view.claimed.add(Profile.L3L4_DEMUX);
        view.contexts.put(1, config(10, 11, A));
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, withRxRules(config(10, 12, A), 17)))))
                .as("before PRIV-10").isEqualTo("DEMUX-17");
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_QOS1_QOS2_step4dComesAfterTheRxRulesAndBeforeTheRingGrantsProfileFirst() {
        view.claimed.add(Profile.QOS);
        view.access.put(10, Access.NONE);
        TxRate bad = new TxRate(1, 1, TxRate.MIN_BURST - 1);
        ContextConfig rxAndRate = withRxRules(config(10, 11, A), 17).toBuilder().txRate(bad).build();
        ContextConfig rateAndGrants = config(10, 11, A).toBuilder().txRate(bad).build();

        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, rxAndRate)))).isEqualTo("DEMUX-17");
        ControlResult invalid = decide(Caller.HOST, new ControlRequest.CreateContext(1, rateAndGrants));
        assertThat(rule(invalid)).isEqualTo("QOS-2");
        assertThat(category(invalid)).isEqualTo(RejectCategory.INVALID_CONFIG);
        view.claimed.remove(Profile.QOS);
        ControlResult notClaimed = decide(Caller.HOST, new ControlRequest.CreateContext(1, rateAndGrants));
        assertThat(rule(notClaimed)).as("not claimed comes before the ranges").isEqualTo("QOS-1");
        assertThat(category(notClaimed)).isEqualTo(RejectCategory.NOT_SUPPORTED);
        ContextConfig unlimited = config(10, 11, A).toBuilder().txRate(TxRate.UNLIMITED).build();
        assertThat(rule(decide(Caller.HOST, new ControlRequest.CreateContext(1, unlimited)))).as("UNLIMITED needs no profile").isEqualTo("MEM-6");

        view.claimed.add(Profile.QOS);
        view.contexts.put(1, config(10, 11, A));
        assertThat(rule(decide(Caller.HOST, new ControlRequest.UpdateContext(1, config(10, 12, A).toBuilder().txRate(bad).build()))))
                .as("before PRIV-10").isEqualTo("QOS-2");
        TxRate good = new TxRate(1, 1, TxRate.MIN_BURST);
        view.access.put(10, Access.READ_WRITE);
        ContextConfig limited = config(10, 11, A).toBuilder().txRate(good).build();
        assertThat(ControlPlane.decide(Caller.HOST, new ControlRequest.UpdateContext(1, limited), view))
                .isEqualTo(new ControlDecision.Update(1, limited));
        assertThat(view.headerReads).isEmpty();
    }

    @Test
    void required_COAL1_COAL2_step6ComesAfterTheMulticastListProfileFirstThenTheRanges() {
        view.contexts.put(1, config(10, 11, A));
        Coalescing outOfRange = new Coalescing(Coalescing.MAX_FRAMES + 1, 0);
        GuestConfig groupsAndRange = GuestConfig.builder().join(A).coalescing(Queue.RX, outOfRange).build();
        GuestConfig range = GuestConfig.builder().coalescing(Queue.RX, outOfRange).build();

        assertThat(rule(decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, groupsAndRange)))).isEqualTo("PRIV-6");
        ControlResult notClaimed = decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, range));
        assertThat(rule(notClaimed)).isEqualTo("COAL-1");
        assertThat(category(notClaimed)).isEqualTo(RejectCategory.NOT_SUPPORTED);

        view.claimed.add(Profile.COALESCING);
        ControlResult invalid = decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, range));
        assertThat(rule(invalid)).isEqualTo("COAL-2");
        assertThat(category(invalid)).isEqualTo(RejectCategory.INVALID_CONFIG);
        GuestConfig coalesced = GuestConfig.builder().coalescing(Queue.TX, new Coalescing(8, 20_000)).build();
        assertThat(ControlPlane.decide(Caller.guest(1), new ControlRequest.SetGuestConfig(1, coalesced), view))
                .as("the decision carries the coalescing").isEqualTo(new ControlDecision.SetGuest(1, coalesced));
    }
}
