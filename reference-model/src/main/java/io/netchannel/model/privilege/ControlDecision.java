package io.netchannel.model.privilege;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.SwitchMode;
import io.netchannel.model.ring.RingHeader;
import java.util.Objects;

/**
 * The control plane's answer to one request: refuse it with a {@link ControlResult}, or apply one
 * state change that the device carries out and answers {@link ControlResult#OK}.
 */
public sealed interface ControlDecision
        permits ControlDecision.Refuse, ControlDecision.Create, ControlDecision.Update, ControlDecision.Reset,
                ControlDecision.Destroy, ControlDecision.SetGuest, ControlDecision.SetMode {

    /**
     * Nothing changes (PRIV-8).
     *
     * @param result a {@link ControlResult.Rejected} or {@link ControlResult.NoContextAvailable}
     */
    record Refuse(ControlResult result) implements ControlDecision {
        /** Rejects null and {@link ControlResult.Ok}. */
        public Refuse {
            Objects.requireNonNull(result, "result");
            if (result instanceof ControlResult.Ok) {
                throw new IllegalArgumentException("a refusal is not Ok: result=" + result);
            }
        }
    }

    /**
     * Create the context, ACTIVE, guest configuration at default, counters at 0, attached to both
     * rings (RING-14).
     *
     * @param context the new id
     * @param config its host configuration
     * @param tx the TX ring header read for the attach
     * @param rx the RX ring header read for the attach
     */
    record Create(int context, ContextConfig config, RingHeader tx, RingHeader rx) implements ControlDecision {
    }

    /**
     * Replace the host configuration (MACs, promiscuous permission, VLAN policy, TX filter rules and
     * default, RX rules, TX rate), keeping rings, indices, state and counters; a changed TX rate
     * retunes the bucket and re-evaluates a waiting context (QOS-8); the filter counters return to 0 when
     * the rules or the default change (TXF-8). What the new host configuration forbids in the guest
     * configuration is switched off ({@link ConfigRules#keptUnder(ContextConfig, GuestConfig)},
     * PRIV-10).
     *
     * @param context the id
     * @param config the new host configuration
     */
    record Update(int context, ContextConfig config) implements ControlDecision {
    }

    /**
     * Re-attach both rings and make the context ACTIVE, keeping configuration and counters.
     *
     * @param context the id
     * @param tx the TX ring header read for the attach
     * @param rx the RX ring header read for the attach
     */
    record Reset(int context, RingHeader tx, RingHeader rx) implements ControlDecision {
    }

    /**
     * Remove the context; its id, slot and MACs are free, its counters read 0 (PRIV-9).
     *
     * @param context the id
     */
    record Destroy(int context) implements ControlDecision {
    }

    /**
     * Replace the guest configuration (promiscuous and all-multicast flags, multicast list, both
     * queues' coalescing); a queue whose coalescing changes is re-evaluated at once (COAL-7).
     *
     * @param context the id
     * @param config the guest configuration with duplicate groups collapsed
     */
    record SetGuest(int context, GuestConfig config) implements ControlDecision {
    }

    /**
     * Switch the device to {@code mode} from the next frame its TX path decides (CTX-4); contexts,
     * rings and counters are untouched.
     *
     * @param mode VEPA or VEB; a bare device never takes SOFTWARE (CTX-7)
     */
    record SetMode(SwitchMode mode) implements ControlDecision {
        /** Rejects null. */
        public SetMode {
            Objects.requireNonNull(mode, "mode");
        }
    }
}
