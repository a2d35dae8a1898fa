package io.netchannel.api;

/** What a TX filter rule, or a context's default, does with a frame (spec 07). */
public enum FilterAction {
    /** The frame goes on. */
    ALLOW,
    /** The frame is dropped, answered {@code NETIF_RSP_DROPPED} and counted {@link Counter#TX_DROP_FILTER}. */
    DROP
}
