package io.netchannel.model.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceLimits;
import io.netchannel.api.VlanPolicy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership (DEMUX-2) and the value rules of a VLAN policy (DEMUX-13). */
class MembershipTest {

    private static final VlanPolicy ACCESS_10 = new VlanPolicy.Access(10);
    private static final VlanPolicy TRUNK_10_20 = new VlanPolicy.Trunk(List.of(10, 20));
    private static final DeviceLimits LIMITS = new DeviceLimits(4, 2, 2, 7, 3, 2);

    @Test
    void required_DEMUX2_membershipTable() {
        FrameVlan tagged10 = new FrameVlan.Tagged(10);
        FrameVlan tagged20 = new FrameVlan.Tagged(20);
        FrameVlan tagged30 = new FrameVlan.Tagged(30);

        assertThat(Membership.isMember(VlanPolicy.UNTAGGED, FrameVlan.UNTAGGED)).isTrue();
        assertThat(Membership.isMember(VlanPolicy.UNTAGGED, tagged10)).isFalse();

        assertThat(Membership.isMember(ACCESS_10, tagged10)).isTrue();
        assertThat(Membership.isMember(ACCESS_10, tagged20)).isFalse();
        assertThat(Membership.isMember(ACCESS_10, FrameVlan.UNTAGGED)).isFalse();

        assertThat(Membership.isMember(TRUNK_10_20, tagged10)).isTrue();
        assertThat(Membership.isMember(TRUNK_10_20, tagged20)).isTrue();
        assertThat(Membership.isMember(TRUNK_10_20, tagged30)).isFalse();
        assertThat(Membership.isMember(TRUNK_10_20, FrameVlan.UNTAGGED)).isFalse();
    }

    @Test
    void required_DEMUX2_noPolicyIsAMemberOfNoVlan() {
        for (VlanPolicy policy : List.of(VlanPolicy.UNTAGGED, ACCESS_10, TRUNK_10_20)) {
            assertThat(Membership.isMember(policy, FrameVlan.NONE)).as("%s", policy).isFalse();
        }
    }

    @Test
    void required_DEMUX13_accessVidMustBeUsable() {
        assertThat(PolicyRules.problem(new VlanPolicy.Access(0), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vid=0"));
        assertThat(PolicyRules.problem(new VlanPolicy.Access(4095), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vid=4095"));
        assertThat(PolicyRules.problem(new VlanPolicy.Access(1), LIMITS)).isEmpty();
        assertThat(PolicyRules.problem(new VlanPolicy.Access(4094), LIMITS)).isEmpty();
        assertThat(PolicyRules.problem(VlanPolicy.UNTAGGED, LIMITS)).isEmpty();
    }

    @Test
    void required_DEMUX13_trunkMustBeNonEmptyBoundedUsableAndWithoutRepeats() {
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of()), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vids=[]"));
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of(1, 2, 3, 4)), LIMITS))
                .hasValueSatisfying(p -> assertThat(p).contains("vids=4").contains("maxVlansPerContext=3"));
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of(5, 0)), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vid=0"));
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of(4095)), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vid=4095"));
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of(7, 8, 7)), LIMITS)).hasValueSatisfying(p -> assertThat(p).contains("vid=7"));
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(List.of(1, 2, 4094)), LIMITS)).as("exactly the limit").isEmpty();
        assertThat(PolicyRules.problem(new VlanPolicy.Trunk(Collections.nCopies(1, 100)), LIMITS)).isEmpty();
    }
}
