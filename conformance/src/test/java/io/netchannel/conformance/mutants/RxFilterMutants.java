package io.netchannel.conformance.mutants;

import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.model.demux.RxRules;
import io.netchannel.model.txfilter.FilterTable;
import io.netchannel.model.txfilter.FrameHeader;
import java.util.Arrays;
import java.util.List;

/**
 * Broken readings of chapter 06, section 5a (profile {@code l3l4-demux}): the reference model with
 * its RX filter decision ({@link io.netchannel.model.device.Decisions#rxFilter()}) replaced, each
 * breaking DEMUX-14 in one way. {@link RxFilterMutantsTest} names what catches each.
 */
final class RxFilterMutants {

    private RxFilterMutants() {
    }

    /** DEMUX-14: the last RX rule whose match holds decides instead of the first. */
    static final Mutant LAST_MATCH = Mutant.decisions("rx-filter-last-match", spec -> spec.withRxFilter((context, host, frame, offset, length) -> {
        List<FilterRule> rules = host.rxRules();
        FrameHeader header = FrameHeader.read(Arrays.copyOfRange(frame, offset, offset + length));
        int last = rules.size();
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (FilterTable.holds(rules.get(i).match(), header)) {
                last = i;
                break;
            }
        }
        return FilterTable.action(rules, host.rxDefault(), last);
    }));

    /** DEMUX-14: rxDefault is never read, so a copy no rule matches is always allowed. */
    static final Mutant DEFAULT_IGNORED = Mutant.decisions("rx-default-ignored", spec -> spec.withRxFilter((context, host, frame, offset, length) ->
            RxRules.decide(host.toBuilder().rxDefault(FilterAction.ALLOW).build(), frame, offset, length)));

    /** Every mutant here. */
    static List<Mutant> all() {
        return List.of(LAST_MATCH, DEFAULT_IGNORED);
    }

    /** The mutant called {@code name}. */
    static Mutant byName(String name) {
        return all().stream().filter(m -> m.name().equals("mutant-" + name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no RX filter mutant " + name));
    }
}
