package io.netchannel.conformance.mutants;

import io.netchannel.conformance.properties.OffloadOracle;
import io.netchannel.model.offload.Aggregate;
import io.netchannel.model.offload.Lro;
import io.netchannel.model.offload.Offloader;
import io.netchannel.model.offload.Refusal;
import io.netchannel.model.offload.TxJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Broken readings of chapter 11: the reference model with one decision of its {@link Offloader}
 * replaced through {@code Decisions.withOffloader}; where checks sit, answering, counting, holding
 * and flushing stay the model's. {@link OffloadMutantsTest} names the property and rule that catch each.
 */
final class OffloadMutants {

    private OffloadMutants() {
    }

    /** The spec's offloader with some answers replaced. */
    private static class Broken implements Offloader {
        @Override
        public Optional<Refusal> refuse(TxJob job, byte[] guestFrame) {
            return SPEC.refuse(job, guestFrame);
        }

        @Override
        public List<byte[]> transmit(TxJob job, byte[] wireFrame) {
            return SPEC.transmit(job, wireFrame);
        }

        @Override
        public boolean validated(byte[] frame) {
            return SPEC.validated(frame);
        }

        @Override
        public boolean candidate(byte[] frame) {
            return SPEC.candidate(frame);
        }

        @Override
        public boolean merges(Aggregate aggregate, byte[] segment, long available) {
            return SPEC.merges(aggregate, segment, available);
        }

        @Override
        public byte[] merged(Aggregate aggregate) {
            return SPEC.merged(aggregate);
        }
    }

    /** TSO-4: PSH on every segment, as a segmenter that copies the flags byte whole would leave it (checksums redone). */
    static final Mutant PSH_ON_EVERY_SEGMENT = Mutant.decisions("psh-on-every-segment", spec -> spec.withOffloader(new Broken() {
        @Override
        public List<byte[]> transmit(TxJob job, byte[] wireFrame) {
            List<byte[]> frames = SPEC.transmit(job, wireFrame);
            if (!(job instanceof TxJob.Segment)) {
                return frames;
            }
            List<byte[]> out = new ArrayList<>();
            for (byte[] frame : frames) {
                OffloadOracle.Parsed p = OffloadOracle.parse(frame);
                byte[] copy = frame.clone();
                copy[p.l4() + 13] |= OffloadOracle.PSH;
                out.add(OffloadOracle.complete(copy));
            }
            return out;
        }
    }));

    /** TSO-3: every segment keeps the super-frame's IPv4 identification (header checksums redone). */
    static final Mutant SAME_IP_ID = Mutant.decisions("ip-id-not-incremented", spec -> spec.withOffloader(new Broken() {
        @Override
        public List<byte[]> transmit(TxJob job, byte[] wireFrame) {
            List<byte[]> frames = SPEC.transmit(job, wireFrame);
            if (!(job instanceof TxJob.Segment)) {
                return frames;
            }
            List<byte[]> out = new ArrayList<>();
            int id = -1;
            for (byte[] frame : frames) {
                OffloadOracle.Parsed p = OffloadOracle.parse(frame);
                byte[] copy = frame.clone();
                if (p.version() == 4) {
                    id = id < 0 ? OffloadOracle.be16(copy, p.l3() + 4) : id;
                    OffloadOracle.put16(copy, p.l3() + 4, id);
                    OffloadOracle.put16(copy, p.l3() + 10, OffloadOracle.ipv4HeaderChecksum(copy, p));
                }
                out.add(copy);
            }
            return out;
        }
    }));

    /** CSUM-2: a UDP checksum that computes to zero is written as 0x0000 (RFC 1071's value, RFC 768 forgotten). */
    static final Mutant UDP_ZERO_LEFT_ZERO = Mutant.decisions("udp-zero-checksum-left-zero", spec -> spec.withOffloader(new Broken() {
        @Override
        public List<byte[]> transmit(TxJob job, byte[] wireFrame) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] frame : SPEC.transmit(job, wireFrame)) {
                OffloadOracle.Parsed p = OffloadOracle.parse(frame);
                if (job instanceof TxJob.Checksum && p != null && !p.tcp() && OffloadOracle.rawL4Checksum(frame, p) == 0) {
                    frame = frame.clone();
                    OffloadOracle.put16(frame, p.checksumAt(), 0);
                }
                out.add(frame);
            }
            return out;
        }
    }));

    /** LRO-3: a segment merges whatever its sequence number, so LRO closes a gap (or swallows a retransmission). */
    static final Mutant MERGES_ACROSS_A_GAP = Mutant.decisions("lro-merges-across-a-sequence-gap", spec -> spec.withOffloader(new Broken() {
        @Override
        public boolean merges(Aggregate aggregate, byte[] segment, long available) {
            return Lro.sameFlow(aggregate, segment) && Lro.idFollows(aggregate, segment) && Lro.fits(aggregate, segment, available);
        }
    }));

    /** CSUM-5: NETRXF_data_validated on every frame that parses, its checksums unchecked. */
    static final Mutant VALIDATES_BAD_CHECKSUMS = Mutant.decisions("marks-bad-checksums-validated", spec -> spec.withOffloader(new Broken() {
        @Override
        public boolean validated(byte[] frame) {
            return OffloadOracle.parse(frame) != null;
        }
    }));

    /** Every offload mutant. */
    static List<Mutant> all() {
        return List.of(PSH_ON_EVERY_SEGMENT, SAME_IP_ID, UDP_ZERO_LEFT_ZERO, MERGES_ACROSS_A_GAP, VALIDATES_BAD_CHECKSUMS);
    }
}
