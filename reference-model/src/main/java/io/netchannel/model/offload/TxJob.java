package io.netchannel.model.offload;

import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.model.descriptor.ExtraInfo;
import io.netchannel.model.descriptor.TxChain;
import java.util.Optional;

/**
 * What a valid TX packet asks the device to do with its frame (spec 11, sections 5.1 and 6), on
 * a device with the profiles it claims: send it as queued, complete its L4 checksum, or segment it.
 */
public sealed interface TxJob permits TxJob.AsQueued, TxJob.Checksum, TxJob.Segment {

    /** Send the frame as queued (CSUM-4, and every packet on a device without checksum or tso). */
    TxJob AS_QUEUED = new AsQueued();

    /** Complete the L4 checksum (CSUM-1). */
    TxJob CHECKSUM = new Checksum();

    /** Nothing to do: the frame leaves byte for byte as queued (TX-1, CSUM-4). */
    record AsQueued() implements TxJob {
    }

    /** {@code NETTXF_csum_blank} without a GSO extra, on a device that claims checksum (CSUM-1). */
    record Checksum() implements TxJob {
    }

    /**
     * A GSO extra on a device that claims tso (TSO-1 to TSO-5).
     *
     * @param gsoType {@code XEN_NETIF_GSO_TYPE_TCPV4} (1) or {@code TCPV6} (2); chapter 04 made any other fatal
     * @param mss the GSO {@code size}, 1 to 65535 (DESC-4 made 0 fatal)
     */
    record Segment(int gsoType, int mss) implements TxJob {
        /** Rejects an MSS of 0 or above 65535. */
        public Segment {
            if (mss < 1 || mss > 0xFFFF) {
                throw new IllegalArgumentException("a GSO size is 1..65535 (DESC-4): mss=" + mss);
            }
        }
    }

    /**
     * The job of a packet chapter 04 found valid. A GSO extra asks for segmentation on a device that
     * claims tso (on one that does not, chapter 04 already made it DESC-16's per-packet error);
     * otherwise {@code NETTXF_csum_blank} on the first slot asks for the checksum on a device that
     * claims checksum, and is ignored on one that does not (section 5.1). {@code NETTXF_data_validated}
     * plays no part (CSUM-4).
     */
    static TxJob of(TxChain chain, boolean checksumClaimed, boolean tsoClaimed) {
        Optional<ExtraInfo> gso = chain.extra(ExtraInfoLayout.TYPE_GSO);
        if (gso.isPresent() && tsoClaimed) {
            return new Segment(gso.get().gsoType(), gso.get().gsoSize()); // csum_blank makes no difference
        }
        if ((chain.first().flags() & TxRequestLayout.FLAG_CSUM_BLANK) != 0 && checksumClaimed) {
            return CHECKSUM;
        }
        return AS_QUEUED;
    }
}
