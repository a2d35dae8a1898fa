package io.netchannel.api;

import java.util.Objects;

/**
 * One host-set TX filter rule: when {@code match} holds for a frame, {@code action} decides it.
 * A context's rules are tried in list order and the first that matches decides (spec 07).
 */
public record FilterRule(FilterMatch match, FilterAction action) {

    /** Rejects nulls. */
    public FilterRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
    }

    /** A rule that allows what {@code match} selects. */
    public static FilterRule allow(FilterMatch match) {
        return new FilterRule(match, FilterAction.ALLOW);
    }

    /** A rule that drops what {@code match} selects. */
    public static FilterRule drop(FilterMatch match) {
        return new FilterRule(match, FilterAction.DROP);
    }
}
