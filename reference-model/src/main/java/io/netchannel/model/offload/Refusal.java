package io.netchannel.model.offload;

import java.util.Objects;

/**
 * Why the device refuses to offload a TX packet's frame: a per-packet error as DESC-11 says
 * (CSUM-3, TSO-1).
 *
 * @param rule the requirement that refuses it, {@code CSUM-3} or {@code TSO-1}
 * @param detail what was wrong, as {@code name=value}
 */
public record Refusal(String rule, String detail) {

    /** Rejects nulls. */
    public Refusal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }
}
