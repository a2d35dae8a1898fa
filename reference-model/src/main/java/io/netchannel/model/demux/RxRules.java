package io.netchannel.model.demux;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.model.txfilter.FilterTable;
import io.netchannel.model.txfilter.FrameHeader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A context's RX filter rules (spec 06, section 5a, profile {@code l3l4-demux}): whether it takes a
 * copy section 4 selected for it, and the bound on their number. The matching is chapter 07's, so
 * the two directions read headers alike.
 */
public final class RxRules {

    private RxRules() {
    }

    /**
     * What the RX rules of {@code host} decide for its copy of the {@code length} bytes at
     * {@code offset} of {@code frame}: the action of the first rule whose match holds, or
     * {@code rxDefault} when none does (DEMUX-14). The match reads the frame as it came, before any
     * Access strip, exactly as chapter 07 reads a sent frame (DEMUX-15).
     */
    public static FilterAction decide(ContextConfig host, byte[] frame, int offset, int length) {
        List<FilterRule> rules = host.rxRules();
        if (rules.isEmpty()) {
            return host.rxDefault(); // DEMUX-14: nothing to match, nothing to read
        }
        // DEMUX-15: the same reader as TX; it takes the whole array as the frame
        FrameHeader header = FrameHeader.read(Arrays.copyOfRange(frame, offset, offset + length));
        return FilterTable.action(rules, host.rxDefault(), FilterTable.decidingIndex(rules, header)); // DEMUX-14: first match
    }

    /** Why {@code rules} is too long, as {@code name=value}, or empty when the count is acceptable (DEMUX-17). */
    public static Optional<String> problem(List<FilterRule> rules, DeviceLimits limits) {
        if (rules.size() > limits.maxFilterRules()) {
            return Optional.of("rxRules=" + rules.size() + " exceeds maxFilterRules=" + limits.maxFilterRules()); // DEMUX-17
        }
        return Optional.empty();
    }
}
