package io.netchannel.model.privilege;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Offloads;
import io.netchannel.api.Profile;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.model.demux.PolicyRules;
import io.netchannel.model.demux.RxRules;
import io.netchannel.model.memory.GrantRules;
import io.netchannel.model.ring.RingHeader;
import io.netchannel.model.txfilter.FilterTable;
import java.util.Optional;

/**
 * Decides every control request in the order the behaviour notes fix, so that a request breaking
 * several rules gets the same single answer on every device (spec PRIV chapter). A refusal changes
 * nothing (PRIV-8); an acceptance is a {@link ControlDecision} the device applies.
 */
public final class ControlPlane {

    private ControlPlane() {
    }

    /** The decision for {@code request} issued by {@code caller}, given what the device holds. */
    public static ControlDecision decide(Caller caller, ControlRequest request, ControlView view) {
        if (request instanceof ControlRequest.CreateContext create) {
            return create(caller, create, view);
        }
        if (request instanceof ControlRequest.UpdateContext update) {
            return update(caller, update, view);
        }
        if (request instanceof ControlRequest.ResetContext reset) {
            return reset(caller, reset, view);
        }
        if (request instanceof ControlRequest.DestroyContext destroy) {
            return destroy(caller, destroy, view);
        }
        if (request instanceof ControlRequest.SetGuestConfig set) {
            return setGuest(caller, set, view);
        }
        if (request instanceof ControlRequest.SetSwitchMode set) {
            return setMode(caller, set);
        }
        // ExportContext and ImportContext are decided by io.netchannel.model.relocation (spec 12)
        throw new IllegalArgumentException("not a request of chapter 01 or 08: request=" + request.getClass().getSimpleName());
    }

    private static ControlDecision create(Caller caller, ControlRequest.CreateContext request, ControlView view) {
        int id = request.context();
        ContextConfig config = request.config();
        Optional<ControlResult.Rejected> refused = hostOnly(caller, request)
                .or(() -> idInRange(id, view));
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        if (view.contexts().containsKey(id)) {
            return reject("PRIV-5", RejectCategory.CONTEXT_EXISTS, "context exists: context=" + id); // PRIV-5
        }
        Optional<ControlResult.Rejected> invalid = hostConfigProblem(id, config, view) // steps 4 to 4d
                .or(() -> ringGrantProblem(id, config, view)); // step 5, MEM-6
        if (invalid.isPresent()) {
            return new ControlDecision.Refuse(invalid.get());
        }
        Optional<RingHeader> tx = view.readHeader(id, config.txRingGref());
        Optional<RingHeader> rx = view.readHeader(id, config.rxRingGref());
        Optional<ControlDecision> corrupt = attachProblem(id, tx, rx); // RING-14
        if (corrupt.isPresent()) {
            return corrupt.get();
        }
        if (view.contexts().size() >= view.limits().maxContexts()) {
            // PRIV-7: FAILED contexts count as live. CTX-1: the only refusal for want of room; every
            // per-context limit above is checked against this context's own lists, never a shared pool
            return new ControlDecision.Refuse(new ControlResult.NoContextAvailable());
        }
        return new ControlDecision.Create(id, config, tx.get(), rx.get());
    }

    private static ControlDecision update(Caller caller, ControlRequest.UpdateContext request, ControlView view) {
        int id = request.context();
        ContextConfig config = request.config();
        Optional<ControlResult.Rejected> refused = hostOnly(caller, request)
                .or(() -> idInRange(id, view))
                .or(() -> exists(id, view));
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        Optional<ControlResult.Rejected> invalid = hostConfigProblem(id, config, view); // steps 4 and 4a (a create's 4 to 4d)
        if (invalid.isPresent()) {
            return new ControlDecision.Refuse(invalid.get());
        }
        ContextConfig current = view.contexts().get(id);
        if (config.txRingGref() != current.txRingGref() || config.rxRingGref() != current.rxRingGref()) {
            // PRIV-10: ring pages change only by destroy and create
            return reject("PRIV-10", RejectCategory.INVALID_CONFIG, "ring grants differ from the current ones: txRingGref="
                    + config.txRingGref() + " rxRingGref=" + config.rxRingGref() + " current=" + current.txRingGref()
                    + "," + current.rxRingGref());
        }
        // MEM-6 ("creating (or updating)"): the ring grants must still be read-write. The behaviour
        // notes do not list this check for an update; requirements.yaml wins where they differ.
        Optional<ControlResult.Rejected> grants = ringGrantProblem(id, config, view); // MEM-6
        if (grants.isPresent()) {
            return new ControlDecision.Refuse(grants.get());
        }
        return new ControlDecision.Update(id, config); // PRIV-10
    }

    private static ControlDecision reset(Caller caller, ControlRequest.ResetContext request, ControlView view) {
        int id = request.context();
        Optional<ControlResult.Rejected> refused = hostOnly(caller, request)
                .or(() -> idInRange(id, view))
                .or(() -> exists(id, view));
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        ContextConfig current = view.contexts().get(id);
        // MEM-2: a ring page whose grant was revoked is not read to re-attach; the ring is unusable
        Optional<ControlResult.Rejected> grants = ringGrantProblem(id, current, view);
        if (grants.isPresent()) {
            return new ControlDecision.Refuse(grants.get());
        }
        Optional<RingHeader> tx = view.readHeader(id, current.txRingGref());
        Optional<RingHeader> rx = view.readHeader(id, current.rxRingGref());
        Optional<ControlDecision> corrupt = attachProblem(id, tx, rx);
        if (corrupt.isPresent()) {
            return corrupt.get(); // RING-14: nothing changed, a FAILED context stays FAILED
        }
        return new ControlDecision.Reset(id, tx.get(), rx.get());
    }

    private static ControlDecision destroy(Caller caller, ControlRequest.DestroyContext request, ControlView view) {
        int id = request.context();
        Optional<ControlResult.Rejected> refused = hostOnly(caller, request)
                .or(() -> idInRange(id, view))
                .or(() -> exists(id, view));
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        return new ControlDecision.Destroy(id); // PRIV-9
    }

    private static ControlDecision setGuest(Caller caller, ControlRequest.SetGuestConfig request, ControlView view) {
        int id = request.context();
        GuestConfig config = request.config();
        if (caller instanceof Caller.Guest guest && guest.context() != id) {
            // PRIV-3: a guest configures its own context only
            return reject("PRIV-3", RejectCategory.PRIVILEGE, "a guest sets its own context only: caller=" + guest.context()
                    + " context=" + id);
        }
        Optional<ControlResult.Rejected> refused = idInRange(id, view).or(() -> exists(id, view));
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        Optional<ControlResult.Rejected> invalid = guestConfigProblem(id, config, view.contexts().get(id), view); // steps 4 to 7
        if (invalid.isPresent()) {
            return new ControlDecision.Refuse(invalid.get());
        }
        // allowed on a FAILED context; replaces the promiscuous and all-multicast flags, the multicast
        // list, both queues' coalescing and the offloads
        return new ControlDecision.SetGuest(id, config.withMulticast(ConfigRules.distinct(config.multicast())));
    }

    /**
     * Steps 4 to 7 of a SetGuestConfig (chapter 01, section 4) for context {@code id} under host
     * configuration {@code host}: promiscuous (PRIV-4), the multicast list (PRIV-6), the coalescing
     * (COAL-1, COAL-2), the offloads (OFF-1, OFF-2). An import checks its guest section with them
     * against the imported host section (RELOC-6).
     *
     * @return the refusal of the first step that fails, or empty
     */
    public static Optional<ControlResult.Rejected> guestConfigProblem(int id, GuestConfig config, ContextConfig host, ControlView view) {
        if (!ConfigRules.promiscuousPermitted(config, host)) {
            return rejected("PRIV-4", RejectCategory.PRIVILEGE, "promiscuous mode not allowed by the host: context=" + id); // PRIV-4
        }
        Optional<String> groups = ConfigRules.multicastProblem(config.multicast(), view.limits());
        if (groups.isPresent()) {
            return rejected("PRIV-6", RejectCategory.INVALID_CONFIG, groups.get()); // PRIV-6
        }
        // step 6: the profile first, then the ranges, as step 4c orders them
        if (config.coalesces() && !view.claims(Profile.COALESCING)) {
            // COAL-1: refused rather than ignored, so a guest never believes its interrupts are coalesced
            return rejected("COAL-1", RejectCategory.NOT_SUPPORTED, "coalescing needs profile coalescing: txCoalescing="
                    + config.txCoalescing() + " rxCoalescing=" + config.rxCoalescing());
        }
        Optional<String> coalescing = ConfigRules.coalescingProblem(config);
        if (coalescing.isPresent()) {
            return rejected("COAL-2", RejectCategory.INVALID_CONFIG, coalescing.get()); // COAL-2
        }
        // step 7: the offloads, the profiles first (checksum, then lro), then the range
        Offloads offloads = config.offloads();
        if (offloads.rxChecksum() && !view.claims(Profile.CHECKSUM)) {
            // OFF-1: refused rather than ignored, so a guest never believes its frames were checked
            return rejected("OFF-1", RejectCategory.NOT_SUPPORTED, "RX checksum offload needs profile checksum: rxChecksum=true");
        }
        if (offloads.lroFlushNanos() != 0 && !view.claims(Profile.LRO)) {
            // OFF-1: a guest never believes its segments are merged
            return rejected("OFF-1", RejectCategory.NOT_SUPPORTED, "large receive offload needs profile lro: lroFlushNanos="
                    + offloads.lroFlushNanos());
        }
        Optional<String> flush = ConfigRules.offloadsProblem(offloads);
        if (flush.isPresent()) {
            return rejected("OFF-2", RejectCategory.INVALID_CONFIG, flush.get()); // OFF-2
        }
        return Optional.empty();
    }

    /**
     * CTX-4: the host chooses how the device switches between its guests. PRIV-2 comes first, so a
     * guest learns nothing about which modes the device takes.
     */
    private static ControlDecision setMode(Caller caller, ControlRequest.SetSwitchMode request) {
        Optional<ControlResult.Rejected> refused = hostOnly(caller, request); // PRIV-2
        if (refused.isPresent()) {
            return new ControlDecision.Refuse(refused.get());
        }
        if (request.mode() == SwitchMode.SOFTWARE) {
            // CTX-7: only a host's software path switches in software; the device keeps its mode
            return reject("CTX-7", RejectCategory.NOT_SUPPORTED, "mode=SOFTWARE: switching in software is the host's (spec 08)");
        }
        return new ControlDecision.SetMode(request.mode()); // CTX-4: also when already set
    }

    /**
     * Chapter 01, steps 4 to 4d of a create (4 and 4a of an update) for context {@code id}: the MAC
     * list (PRIV-6, MACs {@code id} owns now not counted as another's), the VLAN policy (DEMUX-13),
     * the number of TX filter rules (TXF-10), the RX filter rules (DEMUX-17), then the TX rate
     * (QOS-1, QOS-2), all before the ring grants. An import reuses them for its host section (RELOC-5
     * step 5).
     *
     * @return the refusal of the first step that fails, or empty
     */
    public static Optional<ControlResult.Rejected> hostConfigProblem(int id, ContextConfig config, ControlView view) {
        Optional<String> macs = ConfigRules.macProblem(config.macs(), id, view.contexts(), view.limits());
        if (macs.isPresent()) {
            return rejected("PRIV-6", RejectCategory.INVALID_CONFIG, macs.get()); // PRIV-6
        }
        Optional<String> vlan = PolicyRules.problem(config.vlan(), view.limits());
        if (vlan.isPresent()) {
            return rejected("DEMUX-13", RejectCategory.INVALID_CONFIG, vlan.get()); // DEMUX-13
        }
        Optional<String> rules = FilterTable.problem(config.txRules(), view.limits());
        if (rules.isPresent()) {
            return rejected("TXF-10", RejectCategory.INVALID_CONFIG, rules.get()); // TXF-10
        }
        if (config.filtersReceive() && !view.claims(Profile.L3L4_DEMUX)) {
            // DEMUX-17: refused rather than ignored, so a host never believes a filter is in place
            return rejected("DEMUX-17", RejectCategory.NOT_SUPPORTED, "RX filter rules need profile l3l4-demux: rxRules="
                    + config.rxRules().size() + " rxDefault=" + config.rxDefault());
        }
        Optional<String> rxRules = RxRules.problem(config.rxRules(), view.limits());
        if (rxRules.isPresent()) {
            return rejected("DEMUX-17", RejectCategory.INVALID_CONFIG, rxRules.get()); // DEMUX-17
        }
        if (config.limitsRate() && !view.claims(Profile.QOS)) {
            // QOS-1 (step 4d): refused rather than ignored, so a host never believes a limit is in place
            return rejected("QOS-1", RejectCategory.NOT_SUPPORTED, "a TX rate limit needs profile qos: txRate="
                    + config.txRate());
        }
        Optional<String> rate = ConfigRules.rateProblem(config.txRate());
        if (rate.isPresent()) {
            return rejected("QOS-2", RejectCategory.INVALID_CONFIG, rate.get()); // QOS-2
        }
        return Optional.empty();
    }

    /** PRIV-1, PRIV-2: only the host creates, updates, resets, destroys, sets the switch mode (CTX-4), exports or imports (spec 12). */
    public static Optional<ControlResult.Rejected> hostOnly(Caller caller, ControlRequest request) {
        if (request.privileged() && !(caller instanceof Caller.Host)) {
            return rejected("PRIV-2", RejectCategory.PRIVILEGE, "only the host may issue it: request="
                    + request.getClass().getSimpleName() + " caller=" + caller);
        }
        return Optional.empty();
    }

    /** PRIV-5: ids are 0..maxContextId. */
    public static Optional<ControlResult.Rejected> idInRange(int id, ControlView view) {
        if (id < 0 || id > view.limits().maxContextId()) {
            return rejected("PRIV-5", RejectCategory.INVALID_CONFIG, "context id out of range: context=" + id
                    + " maxContextId=" + view.limits().maxContextId());
        }
        return Optional.empty();
    }

    /** PRIV-5: every request but a create (and an import) names an existing context. */
    public static Optional<ControlResult.Rejected> exists(int id, ControlView view) {
        if (!view.contexts().containsKey(id)) {
            return rejected("PRIV-5", RejectCategory.NO_SUCH_CONTEXT, "no such context: context=" + id);
        }
        return Optional.empty();
    }

    /**
     * RING-14: both ring headers (TX then RX) are read and checked before anything is written; a
     * refused read means the ring cannot be attached either.
     */
    private static Optional<ControlDecision> attachProblem(int id, Optional<RingHeader> tx, Optional<RingHeader> rx) {
        if (tx.isEmpty() || rx.isEmpty()) {
            return Optional.of(reject("RING-14", RejectCategory.BAD_RING, "ring header unreadable: context=" + id));
        }
        if (!tx.get().attachable()) {
            return Optional.of(reject("RING-14", RejectCategory.BAD_RING, "TX req_prod more than a ring ahead of rsp_prod: req_prod="
                    + Integer.toUnsignedString(tx.get().reqProd()) + " rsp_prod=" + Integer.toUnsignedString(tx.get().rspProd())));
        }
        if (!rx.get().attachable()) {
            return Optional.of(reject("RING-14", RejectCategory.BAD_RING, "RX req_prod more than a ring ahead of rsp_prod: req_prod="
                    + Integer.toUnsignedString(rx.get().reqProd()) + " rsp_prod=" + Integer.toUnsignedString(rx.get().rspProd())));
        }
        return Optional.empty();
    }

    private static ControlDecision reject(String rule, RejectCategory category, String detail) {
        return new ControlDecision.Refuse(new ControlResult.Rejected(rule, category, detail));
    }

    private static Optional<ControlResult.Rejected> rejected(String rule, RejectCategory category, String detail) {
        return Optional.of(new ControlResult.Rejected(rule, category, detail));
    }

    /**
     * MEM-6: the TX and RX ring grants of {@code config} are each read-write for {@code id} and
     * differ (a create's step 5, an update's step 6, an import's step 8).
     */
    public static Optional<ControlResult.Rejected> ringGrantProblem(int id, ContextConfig config, ControlView view) {
        return GrantRules.ringGrantProblem(
                config.txRingGref(), view.access(id, config.txRingGref()),
                config.rxRingGref(), view.access(id, config.rxRingGref()))
                .map(problem -> new ControlResult.Rejected("MEM-6", RejectCategory.BAD_RING, problem)); // MEM-6
    }

}
