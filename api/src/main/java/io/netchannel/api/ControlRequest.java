package io.netchannel.api;

import java.util.Objects;

/**
 * A control-plane request. Each names the context it acts on and the privilege it needs (spec
 * PRIV chapter): only the host may create, update, reset or destroy a context; the host and the
 * context's own guest may set the guest configuration.
 */
public sealed interface ControlRequest
        permits ControlRequest.CreateContext, ControlRequest.UpdateContext, ControlRequest.ResetContext,
                ControlRequest.DestroyContext, ControlRequest.SetGuestConfig, ControlRequest.SetSwitchMode,
                ControlRequest.ExportContext, ControlRequest.ImportContext {

    /** The {@link #context()} of a request that acts on the whole device rather than one context. */
    int DEVICE = -1;

    /** The context the request acts on. */
    int context();

    /** True when only the host may issue it. */
    boolean privileged();

    /** Creates context {@code context} with its privileged configuration; the guest configuration starts at default. */
    record CreateContext(int context, ContextConfig config) implements ControlRequest {
        /** Rejects a null configuration. */
        public CreateContext {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public boolean privileged() {
            return true;
        }
    }

    /** Replaces the privileged configuration of a live context; its rings stay attached as they are. */
    record UpdateContext(int context, ContextConfig config) implements ControlRequest {
        /** Rejects a null configuration. */
        public UpdateContext {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public boolean privileged() {
            return true;
        }
    }

    /** Re-attaches a context's rings at their current shared indices and clears a fatal state. */
    record ResetContext(int context) implements ControlRequest {
        @Override
        public boolean privileged() {
            return true;
        }
    }

    /** Destroys a context; its id may be created again. */
    record DestroyContext(int context) implements ControlRequest {
        @Override
        public boolean privileged() {
            return true;
        }
    }

    /** Sets the unprivileged configuration of a context. */
    record SetGuestConfig(int context, GuestConfig config) implements ControlRequest {
        /** Rejects a null configuration. */
        public SetGuestConfig {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public boolean privileged() {
            return false;
        }
    }

    /**
     * Sets how the device switches frames between its guests (spec 08, CTX-4..CTX-7). Acts on the
     * whole device: {@link #context()} is {@link #DEVICE}. The new mode applies to the next frame.
     */
    record SetSwitchMode(SwitchMode mode) implements ControlRequest {
        /** Rejects a null mode. */
        public SetSwitchMode {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public int context() {
            return DEVICE;
        }

        @Override
        public boolean privileged() {
            return true;
        }
    }

    /**
     * Exports a context's device-independent state (spec 12, RELOC-2): answered with
     * {@link ControlResult.Exported}. The export flushes the context's LRO aggregate and changes
     * nothing else; the context keeps running until the host destroys it (RELOC-3).
     */
    record ExportContext(int context) implements ControlRequest {
        @Override
        public boolean privileged() {
            return true;
        }
    }

    /**
     * Creates context {@code context} in the exported state {@code state} (spec 12, RELOC-5 to
     * RELOC-7): all of it or, refused, none of it. The host passes the guest section as the guest
     * carried it; the device checks it as if the guest had set it.
     */
    record ImportContext(int context, RelocationState state) implements ControlRequest {
        /** Rejects a null state. */
        public ImportContext {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public boolean privileged() {
            return true;
        }
    }
}
