package io.netchannel.model.txfilter;

import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.PortRange;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A context's TX filter rules and default: matching, first match, and the bound on their number (spec 07, section 4). */
public final class FilterTable {

    private FilterTable() {
    }

    /**
     * The index of the rule that decides a frame with {@code header}: the first whose match holds,
     * or {@code rules.size()} when none does and the default decides (TXF-6).
     */
    public static int decidingIndex(List<FilterRule> rules, FrameHeader header) {
        for (int i = 0; i < rules.size(); i++) {
            if (holds(rules.get(i).match(), header)) {
                return i; // TXF-6: first match, list order
            }
        }
        return rules.size(); // TXF-6: the default
    }

    /** The action of rule {@code index}, or {@code fallback} for the default's index {@code rules.size()}. */
    public static FilterAction action(List<FilterRule> rules, FilterAction fallback, int index) {
        return index == rules.size() ? fallback : rules.get(index).action();
    }

    /** True when every field {@code match} has holds for {@code header}; a field that could not be read does not (TXF-7). */
    public static boolean holds(FilterMatch match, FrameHeader header) {
        return equal(match.etherType(), header.etherType())
                && inPrefix(match.source(), header.source())
                && inPrefix(match.destination(), header.destination())
                && equal(match.protocol(), header.protocol())
                && inRange(match.sourcePort(), header.sourcePort())
                && inRange(match.destinationPort(), header.destinationPort());
    }

    private static boolean equal(OptionalInt wanted, OptionalInt read) {
        return wanted.isEmpty() || read.isPresent() && read.getAsInt() == wanted.getAsInt();
    }

    private static boolean inPrefix(Optional<IpPrefix> wanted, Optional<IpAddress> read) {
        return wanted.isEmpty() || read.isPresent() && read.get().in(wanted.get()); // TXF-7: of the prefix's family only
    }

    private static boolean inRange(Optional<PortRange> wanted, OptionalInt read) {
        return wanted.isEmpty() || read.isPresent() && wanted.get().contains(read.getAsInt());
    }

    /** Why {@code rules} is too long, as {@code name=value}, or empty when the count is acceptable (TXF-10). */
    public static Optional<String> problem(List<FilterRule> rules, DeviceLimits limits) {
        if (rules.size() > limits.maxFilterRules()) {
            return Optional.of("too many TX filter rules: txRules=" + rules.size() + " maxFilterRules=" + limits.maxFilterRules()); // TXF-10
        }
        return Optional.empty();
    }
}
