package io.netchannel.model.offload;

import java.util.List;
import java.util.Optional;

/** {@link Offloader#SPEC}: the rules of chapter 11 as {@link Checksums}, {@link Segmentation} and {@link Lro} state them. */
final class SpecOffloader implements Offloader {

    @Override
    public Optional<Refusal> refuse(TxJob job, byte[] guestFrame) {
        if (job instanceof TxJob.Checksum && Headers.parse(guestFrame).isEmpty()) {
            // CSUM-3: the device cannot find the checksum field, so it cannot complete it
            return Optional.of(new Refusal("CSUM-3", "csum_blank on a frame that does not parse as TCP or UDP (section 3): length="
                    + guestFrame.length));
        }
        if (job instanceof TxJob.Segment segment) {
            return Segmentation.problem(guestFrame, segment.gsoType()); // TSO-1
        }
        return Optional.empty();
    }

    @Override
    public List<byte[]> transmit(TxJob job, byte[] wireFrame) {
        Optional<Headers> parsed = Headers.parse(wireFrame);
        if (parsed.isEmpty()) {
            // only behind a broken TX policy: chapter 07 keeps the parse of a frame that passed refuse()
            return List.of(wireFrame.clone());
        }
        if (job instanceof TxJob.Checksum) {
            return List.of(Checksums.withL4Checksum(wireFrame)); // CSUM-1, CSUM-2
        }
        if (job instanceof TxJob.Segment segment && parsed.get().tcp()) {
            return Segmentation.segments(wireFrame, segment.mss()); // TSO-2 to TSO-4
        }
        return List.of(wireFrame.clone()); // CSUM-4: exactly as queued
    }

    @Override
    public boolean validated(byte[] frame) {
        return Checksums.verifies(frame); // CSUM-5
    }

    @Override
    public boolean candidate(byte[] frame) {
        return Lro.candidate(frame); // LRO-2
    }

    @Override
    public boolean merges(Aggregate aggregate, byte[] segment, long available) {
        return Lro.merges(aggregate, segment, available); // LRO-3
    }

    @Override
    public byte[] merged(Aggregate aggregate) {
        return Lro.merged(aggregate); // LRO-5
    }

    @Override
    public String toString() {
        return "Offloader.SPEC";
    }
}
