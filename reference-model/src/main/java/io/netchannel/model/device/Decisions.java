package io.netchannel.model.device;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.txfilter.Enforcement;
import io.netchannel.model.txfilter.TxChecks;
import java.util.List;
import java.util.Objects;

/**
 * The chapter decisions a {@link ReferenceDevice} defers to on its data path, so that a
 * deliberately broken device (a mutant, for testing the conformance suite) can replace one and
 * keep everything else: ring handling, guest memory, counters and the control plane stay the
 * reference model's. {@link #SPEC} is the spec's behaviour.
 *
 * @param recipients which live contexts take a frame from the wire (chapter 06, section 4)
 * @param rxCopy the copy one recipient gets (DEMUX-10)
 * @param txPolicy what becomes of a frame a context sends (chapter 07, section 3)
 */
public record Decisions(RecipientSelector recipients, RxCopy rxCopy, TxPolicy txPolicy) {

    /** The decisions chapters 06 and 07 make. */
    public static final Decisions SPEC = new Decisions(Demux::recipients, Demux::copyFor,
            (context, host, frame) -> TxChecks.enforce(host, frame));

    /** Rejects nulls. */
    public Decisions {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(rxCopy, "rxCopy");
        Objects.requireNonNull(txPolicy, "txPolicy");
    }

    /** These decisions with the recipient selector replaced. */
    public Decisions withRecipients(RecipientSelector value) {
        return new Decisions(value, rxCopy, txPolicy);
    }

    /** These decisions with the RX copy replaced. */
    public Decisions withRxCopy(RxCopy value) {
        return new Decisions(recipients, value, txPolicy);
    }

    /** These decisions with the TX policy replaced. */
    public Decisions withTxPolicy(TxPolicy value) {
        return new Decisions(recipients, rxCopy, value);
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
         * What becomes of {@code frame}. The device sends {@link Enforcement.Send#wire()} or
         * answers DROPPED and counts {@link Enforcement.Drop#reason()}, and moves
         * {@code filterHits(context, rule())} when {@code rule()} is a valid index.
         *
         * @param context the sending context's id
         * @param host its host configuration: MACs, VLAN policy, filter rules and default
         * @param frame the frame as the guest sent it, the whole array (at least 14 bytes); a copy
         *     the policy may keep
         */
        Enforcement enforce(int context, ContextConfig host, byte[] frame);
    }
}
