package io.netchannel.model.device;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.FilterAction;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.coalescing.Coalescer;
import io.netchannel.model.contexts.Switching;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.demux.RxRules;
import io.netchannel.model.offload.Offloader;
import io.netchannel.model.qos.RateLimiter;
import io.netchannel.model.relocation.Relocator;
import io.netchannel.model.txfilter.Enforcement;
import io.netchannel.model.txfilter.TxChecks;
import java.util.List;
import java.util.Objects;

/**
 * The chapter decisions a {@link ReferenceDevice} defers to on its data path and its timers, so that a
 * deliberately broken device (a mutant, for testing the conformance suite) can replace one and
 * keep everything else: ring handling, guest memory, counters and the control plane stay the
 * reference model's. {@link #SPEC} is the spec's behaviour.
 *
 * @param recipients which live contexts take a frame from the wire (chapter 06, section 4)
 * @param rxCopy the copy one recipient gets (DEMUX-10)
 * @param txPolicy what becomes of a frame a context sends (chapter 07, section 3)
 * @param switching where a frame the TX path decided goes: the wire, the other contexts, both or
 *     neither (chapter 08, section 4)
 * @param rxFilter whether a recipient's RX rules let it take its copy (chapter 06, section 5a,
 *     profile {@code l3l4-demux})
 * @param rateLimiter a context's token bucket and whether a packet leaves, waits or (only when
 *     broken) is dropped (chapter 09, profile {@code qos})
 * @param coalescer when a queue's notification decision is taken and whether it notifies (chapter
 *     10, profile {@code coalescing})
 * @param offloader which TX packets the device refuses to offload and the frames it sends for the
 *     others, RX checksum marking, and the LRO candidate, merge and merged frame (chapter 11,
 *     profiles {@code checksum}, {@code tso} and {@code lro}); asked only for what the device claims
 * @param relocator the state an export answers and the context an import creates (chapter 12,
 *     profile {@code relocation}); asked only after the checks of section 4 passed
 */
public record Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy, SwitchPolicy switching, RxPolicy rxFilter,
        RateLimiter rateLimiter, Coalescer coalescer, Offloader offloader, Relocator relocator) {

    /** The switching chapter 08 does; the guest's own frame plays no part in it (CTX-8). */
    private static final SwitchPolicy SPEC_SWITCHING =
            (mode, sender, guestFrame, enforcement, live) -> Switching.route(mode, sender, enforcement, live);

    /** The RX rules of chapter 06, section 5a; the context id plays no part in them. */
    private static final RxPolicy SPEC_RX_FILTER = (context, host, frame, offset, length) -> RxRules.decide(host, frame, offset, length);

    /** The decisions chapters 06 to 12 make. */
    public static final Decisions SPEC = new Decisions(Demux::recipients, Demux::copyFor,
            (context, host, frame) -> TxChecks.enforce(host, frame), SPEC_SWITCHING, SPEC_RX_FILTER, RateLimiter.SPEC, Coalescer.SPEC,
            Offloader.SPEC, Relocator.SPEC);

    /** Rejects nulls. */
    public Decisions {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(rxCopy, "rxCopy");
        Objects.requireNonNull(txPolicy, "txPolicy");
        Objects.requireNonNull(switching, "switching");
        Objects.requireNonNull(rxFilter, "rxFilter");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(coalescer, "coalescer");
        Objects.requireNonNull(offloader, "offloader");
        Objects.requireNonNull(relocator, "relocator");
    }

    /** The given decisions of chapters 06 to 11, relocation as chapter 12 says. */
    public Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy, SwitchPolicy switching, RxPolicy rxFilter,
            RateLimiter rateLimiter, Coalescer coalescer, Offloader offloader) {
        this(recipients, rxCopy, txPolicy, switching, rxFilter, rateLimiter, coalescer, offloader, Relocator.SPEC);
    }

    /** The given decisions of chapters 06 to 10, offloads as chapter 11 says. */
    public Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy, SwitchPolicy switching, RxPolicy rxFilter,
            RateLimiter rateLimiter, Coalescer coalescer) {
        this(recipients, rxCopy, txPolicy, switching, rxFilter, rateLimiter, coalescer, Offloader.SPEC);
    }

    /** The given decisions of chapters 06, 07 and 08, rate limit and coalescing as chapters 09 and 10 say. */
    public Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy, SwitchPolicy switching, RxPolicy rxFilter) {
        this(recipients, rxCopy, txPolicy, switching, rxFilter, RateLimiter.SPEC, Coalescer.SPEC);
    }

    /** The given decisions of chapters 06, 07 and 08, RX rules as chapter 06, section 5a says. */
    public Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy, SwitchPolicy switching) {
        this(recipients, rxCopy, txPolicy, switching, SPEC_RX_FILTER);
    }

    /** The given decisions of chapters 06 and 07, switching as chapter 08 says and RX rules as chapter 06, section 5a. */
    public Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy) {
        this(recipients, rxCopy, txPolicy, SPEC_SWITCHING, SPEC_RX_FILTER);
    }

    /** These decisions with the recipient selector replaced. */
    public Decisions withRecipients(RecipientSelector value) {
        return new Decisions(value, rxCopy, txPolicy, switching, rxFilter, rateLimiter, coalescer, offloader, relocator);
    }

    /** These decisions with the RX copy replaced. */
    public Decisions withRxCopy(RxCopy value) {
        return new Decisions(recipients, value, txPolicy, switching, rxFilter, rateLimiter, coalescer, offloader, relocator);
    }

    /** These decisions with the TX policy replaced. */
    public Decisions withTxPolicy(TxPolicy value) {
        return new Decisions(recipients, rxCopy, value, switching, rxFilter, rateLimiter, coalescer, offloader, relocator);
    }

    /** These decisions with the switch policy replaced. */
    public Decisions withSwitching(SwitchPolicy value) {
        return new Decisions(recipients, rxCopy, txPolicy, value, rxFilter, rateLimiter, coalescer, offloader, relocator);
    }

    /** These decisions with the RX filter replaced. */
    public Decisions withRxFilter(RxPolicy value) {
        return new Decisions(recipients, rxCopy, txPolicy, switching, value, rateLimiter, coalescer, offloader, relocator);
    }

    /** These decisions with the rate limiter replaced (chapter 09). */
    public Decisions withRateLimiter(RateLimiter value) {
        return new Decisions(recipients, rxCopy, txPolicy, switching, rxFilter, value, coalescer, offloader, relocator);
    }

    /** These decisions with the coalescer replaced (chapter 10). */
    public Decisions withCoalescer(Coalescer value) {
        return new Decisions(recipients, rxCopy, txPolicy, switching, rxFilter, rateLimiter, value, offloader, relocator);
    }

    /** These decisions with the offloader replaced (chapter 11). */
    public Decisions withOffloader(Offloader value) {
        return new Decisions(recipients, rxCopy, txPolicy, switching, rxFilter, rateLimiter, coalescer, value, relocator);
    }

    /** These decisions with the relocator replaced (chapter 12). */
    public Decisions withRelocator(Relocator value) {
        return new Decisions(recipients, rxCopy, txPolicy, switching, rxFilter, rateLimiter, coalescer, offloader, value);
    }

    /**
     * Chooses the recipients of a frame from the wire that passed RX-5 and RX-6 (14..65535 bytes,
     * port 0). The spec's choice is {@link Demux#recipients}.
     */
    @FunctionalInterface
    public interface RecipientSelector {
        /**
         * The ids of the contexts that each take one copy, in the order the device delivers them.
         * The device delivers one copy per listed id (a repeated id gets two), ignores ids that
         * are not live, and counts WIRE_DROP_NO_CONTEXT once when the list is empty.
         *
         * @param frame holds the frame; not to be kept or changed
         * @param offset where the frame starts in {@code frame}
         * @param length the frame's length
         * @param live every live context (ACTIVE or FAILED), ascending id
         */
        List<Integer> select(byte[] frame, int offset, int length, List<LiveContext> live);
    }

    /** Makes the copy of a frame for one recipient. The spec's choice is {@link Demux#copyFor}. */
    @FunctionalInterface
    public interface RxCopy {
        /**
         * The bytes delivered into the recipient's buffers, and counted in its RX_BYTES: a fresh
         * array of 1..65535 bytes.
         *
         * @param policy the recipient's VLAN policy
         * @param frame holds the frame as it came from the wire; not to be kept or changed
         * @param offset where the frame starts in {@code frame}
         * @param length the frame's length
         */
        byte[] copyFor(VlanPolicy policy, byte[] frame, int offset, int length);
    }

    /**
     * Decides a frame a context sends, after chapter 04 accepted its packet (TXF-1). The spec's
     * choice is {@link TxChecks#enforce}; {@link TxChecks} offers each step (source MAC, VLAN,
     * filter) and {@link io.netchannel.model.txfilter.FilterTable} the rule matching, to build
     * variants from.
     */
    @FunctionalInterface
    public interface TxPolicy {
        /**
         * What becomes of {@code frame}. The device answers OKAY and sends {@link Enforcement.Send#wire()}
         * — as the frames {@link Offloader#transmit} makes of it on a device with offloads (chapter
         * 11), each counted and routed on its own — or answers DROPPED and counts
         * {@link Enforcement.Drop#reason()}; it moves {@code filterHits(context, rule())} when
         * {@code rule()} is a valid index, and then asks {@link SwitchPolicy} where the frame goes.
         *
         * @param context the sending context's id
         * @param host its host configuration: MACs, VLAN policy, filter rules and default
         * @param frame the frame as the guest sent it, the whole array (at least 14 bytes); a copy
         *     the policy may keep
         */
        Enforcement enforce(int context, ContextConfig host, byte[] frame);
    }

    /**
     * Routes a frame a context sent once {@link TxPolicy} decided it (chapter 08, section 4). The
     * spec's choice is {@link Switching#route}.
     */
    @FunctionalInterface
    public interface SwitchPolicy {
        /**
         * Where the frame goes; asked once for each frame the packet became (each TSO segment, TSO-5),
         * with the enforcement's wire bytes that frame's. The device demuxes {@link Switching.Route#local()} to its contexts
         * as it would a frame from the wire, without counting WIRE_RX_FRAMES or
         * WIRE_DROP_NO_CONTEXT, and skips it unless it is 14..65535 bytes; then it sends
         * {@link Switching.Route#wire()} on port 0. It does so for a dropped frame too, after
         * answering DROPPED.
         *
         * @param mode the device's switch mode when the frame was decided
         * @param sender the sending context's id
         * @param guestFrame the frame as the guest built it, before the TX checks; a copy the policy
         *     may keep
         * @param enforcement what {@link TxPolicy} decided
         * @param live every live context (ACTIVE or FAILED), ascending id, the sender among them
         */
        Switching.Route route(SwitchMode mode, int sender, byte[] guestFrame, Enforcement enforcement, List<LiveContext> live);
    }

    /**
     * Decides whether one recipient takes the copy the recipient selector chose it for (chapter 06,
     * section 5a, profile {@code l3l4-demux}). The spec's choice is {@link RxRules#decide}; it sees
     * no rules and allows everything on a device that does not claim the profile, whose control
     * plane accepts no RX rules (DEMUX-17).
     */
    @FunctionalInterface
    public interface RxPolicy {
        /**
         * ALLOW: the device goes on with the copy as DEMUX-11 says (RX_DROP_FAILED when the
         * recipient is FAILED). DROP: it counts RX_DROP_FILTER on the recipient and touches none of
         * its memory (DEMUX-14). Asked once per recipient, before the FAILED check, for wire and
         * switched frames alike.
         *
         * @param context the recipient's id
         * @param host its host configuration: RX rules and default
         * @param frame holds the frame as it came, before any Access strip (DEMUX-15); not to be
         *     kept or changed
         * @param offset where the frame starts in {@code frame}
         * @param length the frame's length
         */
        FilterAction decide(int context, ContextConfig host, byte[] frame, int offset, int length);
    }
}
