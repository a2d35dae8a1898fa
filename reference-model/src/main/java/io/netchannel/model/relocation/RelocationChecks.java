package io.netchannel.model.relocation;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.RelocationState;
import io.netchannel.model.privilege.ControlPlane;
import io.netchannel.model.privilege.ControlView;
import io.netchannel.model.ring.RingHeader;
import java.util.Optional;

/**
 * The checks of ExportContext and ImportContext in the order of spec 12, sections 4.1 and 4.2: the
 * first that fails decides the answer, and nothing changes (RELOC-5, PRIV-8). The steps chapter 01
 * already defines are chapter 01's own code ({@link ControlPlane}).
 */
public final class RelocationChecks {

    private RelocationChecks() {
    }

    /**
     * Section 4.1: why {@code request} is refused, or empty when the device exports.
     *
     * @return a {@link ControlResult.Rejected}, or empty
     */
    public static Optional<ControlResult.Rejected> exportProblem(Caller caller, ControlRequest.ExportContext request, ControlView view) {
        int id = request.context();
        return ControlPlane.hostOnly(caller, request) // 1. PRIVILEGE (PRIV-1, PRIV-2)
                .or(() -> relocationClaimed(view)) // 2. NOT_SUPPORTED (RELOC-1)
                .or(() -> ControlPlane.idInRange(id, view)) // 3. INVALID_CONFIG (PRIV-5)
                .or(() -> ControlPlane.exists(id, view)); // 4. NO_SUCH_CONTEXT (PRIV-5)
    }

    /**
     * Section 4.2: why {@code request} is refused, or empty when the device imports. The device
     * reads both ring headers of an ACTIVE state (step 9) and writes nothing.
     *
     * @return a {@link ControlResult.Rejected} or {@link ControlResult.NoContextAvailable}, or empty
     */
    public static Optional<ControlResult> importProblem(Caller caller, ControlRequest.ImportContext request, ControlView view) {
        int id = request.context();
        RelocationState state = request.state();
        Optional<ControlResult.Rejected> refused = ControlPlane.hostOnly(caller, request) // 1. PRIVILEGE (PRIV-1, PRIV-2)
                .or(() -> relocationClaimed(view)) // 2. NOT_SUPPORTED (RELOC-1)
                .or(() -> ControlPlane.idInRange(id, view)) // 3. INVALID_CONFIG (PRIV-5)
                .or(() -> absent(id, view)) // 4. CONTEXT_EXISTS (PRIV-5)
                // 5. a create's steps 4 to 4d: INVALID_CONFIG or NOT_SUPPORTED (PRIV-6, DEMUX-13, TXF-10, DEMUX-17, QOS-1, QOS-2)
                .or(() -> ControlPlane.hostConfigProblem(id, state.host(), view))
                // 6. RELOC-6: SetGuestConfig's steps 4 to 7 as Caller.guest(id) under the imported host
                // section: PRIVILEGE, INVALID_CONFIG or NOT_SUPPORTED (PRIV-4, PRIV-6, COAL-1, COAL-2, OFF-1, OFF-2)
                .or(() -> ControlPlane.guestConfigProblem(id, state.guest(), state.host(), view))
                // 7. RELOC-5: a runtime export could have produced, else INVALID_CONFIG
                .or(() -> RuntimeRules.problem(state).map(problem -> rejected("RELOC-5", RejectCategory.INVALID_CONFIG, problem)))
                .or(() -> ControlPlane.ringGrantProblem(id, state.host(), view)) // 8. BAD_RING (MEM-6)
                .or(() -> ringProblem(id, state, view)); // 9. BAD_RING (RELOC-5, RING-14)
        if (refused.isPresent()) {
            return Optional.of(refused.get());
        }
        if (view.contexts().size() >= view.limits().maxContexts()) {
            return Optional.of(new ControlResult.NoContextAvailable()); // 10. PRIV-7: FAILED contexts count as live
        }
        return Optional.empty();
    }

    /** RELOC-1: a device that does not claim relocation answers NOT_SUPPORTED, after the privilege check. */
    private static Optional<ControlResult.Rejected> relocationClaimed(ControlView view) {
        if (view.claims(Profile.RELOCATION)) {
            return Optional.empty();
        }
        return Optional.of(rejected("RELOC-1", RejectCategory.NOT_SUPPORTED, "export and import need profile relocation"));
    }

    /** PRIV-5: an import, like a create, names a context that does not exist. */
    private static Optional<ControlResult.Rejected> absent(int id, ControlView view) {
        if (view.contexts().containsKey(id)) {
            return Optional.of(rejected("PRIV-5", RejectCategory.CONTEXT_EXISTS, "context exists: context=" + id));
        }
        return Optional.empty();
    }

    /**
     * Step 9: for an ACTIVE state, both headers are read (TX, then RX) before either is checked:
     * each ring's shared rsp_prod is the document's (RELOC-5: a stale document fails here), and
     * req_prod is at most a ring ahead of it (RING-14). A FAILED state skips the step and its pages
     * are not touched.
     */
    private static Optional<ControlResult.Rejected> ringProblem(int id, RelocationState state, ControlView view) {
        if (state.runtime().state() != ContextState.ACTIVE) {
            return Optional.empty();
        }
        ContextConfig host = state.host();
        Optional<RingHeader> tx = view.readHeader(id, host.txRingGref());
        Optional<RingHeader> rx = view.readHeader(id, host.rxRingGref());
        if (tx.isEmpty() || rx.isEmpty()) {
            return Optional.of(rejected("RING-14", RejectCategory.BAD_RING, "ring header unreadable: context=" + id));
        }
        for (Queue queue : Queue.values()) {
            RingHeader header = queue == Queue.TX ? tx.get() : rx.get();
            int expected = state.runtime().ring(queue).rspProd();
            if (header.rspProd() != expected) {
                return Optional.of(rejected("RELOC-5", RejectCategory.BAD_RING, queue + " ring moved since the export: rsp_prod="
                        + Integer.toUnsignedString(header.rspProd()) + " rspProd=" + Integer.toUnsignedString(expected)));
            }
            if (!header.attachable()) {
                return Optional.of(rejected("RING-14", RejectCategory.BAD_RING, queue + " req_prod more than a ring ahead of rsp_prod: req_prod="
                        + Integer.toUnsignedString(header.reqProd()) + " rsp_prod=" + Integer.toUnsignedString(header.rspProd())));
            }
        }
        return Optional.empty();
    }

    private static ControlResult.Rejected rejected(String rule, RejectCategory category, String detail) {
        return new ControlResult.Rejected(rule, category, detail);
    }
}
