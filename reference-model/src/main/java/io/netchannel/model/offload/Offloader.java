package io.netchannel.model.offload;

import java.util.List;
import java.util.Optional;

/**
 * The seam through which the reference device makes every offload decision of chapter 11, so a
 * deliberately broken device (a conformance mutant) can replace one and keep everything else.
 * {@link #SPEC} is the spec's behaviour; the device owns the rest: which job a packet asks for
 * ({@link TxJob}), where the checks sit in the TX walk (after chapter 04, before chapter 07),
 * answering, counting and routing each frame, when to hold, merge and flush (section 7.3), the
 * ring-pressure reads, and the RX slot layout ({@link RxLayout}).
 *
 * <p>A mutant expresses, for example: PSH on every segment, or IP IDs not incremented
 * ({@link #transmit} post-processing {@link Segmentation#segments}); a UDP checksum of zero left
 * at zero ({@link #transmit} writing {@code ~}{@link Checksums#l4Sum}); merging across a sequence
 * gap ({@link #merges} without {@link Lro#sequenceFollows}); a bad checksum marked validated
 * ({@link #validated} answering on the parse alone).
 */
public interface Offloader {

    /** The spec's offloads: {@link Checksums}, {@link Segmentation} and {@link Lro} as chapter 11 defines them. */
    Offloader SPEC = new SpecOffloader();

    /**
     * CSUM-3, TSO-1: whether the device refuses the job on the frame as the guest built it, before
     * chapter 07 looks at it. A refusal is a per-packet error as DESC-11 says.
     *
     * @param guestFrame the packet's bytes as chapter 04 assembled them; not to be kept or changed
     * @return the refusal, or empty when the device does the job (always empty for {@link TxJob#AS_QUEUED})
     */
    Optional<Refusal> refuse(TxJob job, byte[] guestFrame);

    /**
     * CSUM-1, CSUM-2, CSUM-4, TSO-2 to TSO-4: the frames the device sends, in order, for a frame
     * chapter 07 let through. The device answers the packet once, counts every frame in TX_FRAMES
     * and TX_BYTES and routes each as a frame of its own (TSO-5).
     *
     * @param wireFrame the frame as chapter 07 made it (with any tag TXF-4 inserts); not to be kept or changed
     * @return at least one frame, each a fresh array
     */
    List<byte[]> transmit(TxJob job, byte[] wireFrame);

    /**
     * CSUM-5: whether a delivered frame's first response carries {@code NETRXF_data_validated}.
     * Asked only for a context whose guest enabled rxChecksum (CSUM-6), for every delivery: from the
     * wire, switched, single or merged LRO, on the frame as it is written to the guest's buffers.
     */
    boolean validated(byte[] frame);

    /** LRO-2: whether a frame may be held or merged. */
    boolean candidate(byte[] frame);

    /**
     * LRO-3: whether candidate {@code segment} merges into {@code aggregate}.
     *
     * @param available {@code req_prod − req_cons} on the RX ring, req_prod read once for the call
     */
    boolean merges(Aggregate aggregate, byte[] segment, long available);

    /** LRO-5: the merged frame of an aggregate of at least two segments. */
    byte[] merged(Aggregate aggregate);
}
