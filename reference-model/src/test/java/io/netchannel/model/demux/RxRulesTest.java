package io.netchannel.model.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.PortRange;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RX rules of one context on their own (spec 06, section 5a). */
class RxRulesTest {

    /** Broadcast from 02:00:00:00:00:01, IPv4 10.0.0.1 to 10.0.0.2, TCP 1234 to 80; spaces between fields. */
    private static final String TCP_TO_80 = "ffffffffffff 020000000001 0800 "
            + "45 00 0028 0000 0000 40 06 0000 0a000001 0a000002 "
            + "04d2 0050 00000000 00000000 5000 0000 0000 0000";

    private static final FilterRule ALLOW_80 = FilterRule.allow(FilterMatch.builder().destinationPort(PortRange.of(80)).build());

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static ContextConfig host(List<FilterRule> rules, FilterAction fallback) {
        return ContextConfig.builder().mac(MacAddress.parse("02:00:00:00:00:02")).txRingGref(1).rxRingGref(2)
                .rxRules(rules).rxDefault(fallback).build();
    }

    @Test
    void required_DEMUX14_theFirstMatchDecidesAndTheDefaultWhenNoneDoes() {
        byte[] frame = hex(TCP_TO_80);
        FilterRule dropAll = FilterRule.drop(FilterMatch.ANY);

        assertThat(RxRules.decide(host(List.of(ALLOW_80, dropAll), FilterAction.DROP), frame, 0, frame.length)).isEqualTo(FilterAction.ALLOW);
        assertThat(RxRules.decide(host(List.of(dropAll, ALLOW_80), FilterAction.ALLOW), frame, 0, frame.length)).isEqualTo(FilterAction.DROP);
        assertThat(RxRules.decide(host(List.of(), FilterAction.DROP), frame, 0, frame.length)).isEqualTo(FilterAction.DROP);
        assertThat(RxRules.decide(host(List.of(), FilterAction.ALLOW), frame, 0, frame.length)).isEqualTo(FilterAction.ALLOW);
    }

    @Test
    void required_DEMUX15_theFrameIsReadFromItsOffsetAndNoFurtherThanItsLength() {
        byte[] frame = hex("00000000 " + TCP_TO_80 + " 0000");
        ContextConfig only80 = host(List.of(ALLOW_80), FilterAction.DROP);

        assertThat(RxRules.decide(only80, frame, 4, 58)).isEqualTo(FilterAction.ALLOW);
        // cut before the destination port: the port cannot be read, so the rule does not hold
        assertThat(RxRules.decide(only80, frame, 4, 36)).isEqualTo(FilterAction.DROP);
        assertThat(RxRules.decide(only80, frame, 0, 58)).as("read from the wrong start").isEqualTo(FilterAction.DROP);
    }

    @Test
    void required_DEMUX17_moreRulesThanMaxFilterRulesIsAProblemNamingBothCounts() {
        DeviceLimits limits = new DeviceLimits(4, 2, 2, 7, 8, 3);

        assertThat(RxRules.problem(Collections.nCopies(3, ALLOW_80), limits)).isEmpty();
        assertThat(RxRules.problem(Collections.nCopies(4, ALLOW_80), limits)).contains("rxRules=4 exceeds maxFilterRules=3");
    }
}
