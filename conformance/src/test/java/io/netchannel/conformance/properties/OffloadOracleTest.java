package io.netchannel.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.MacAddress;
import io.netchannel.conformance.Requirement;
import io.netchannel.model.offload.Aggregate;
import io.netchannel.model.offload.Checksums;
import io.netchannel.model.offload.Headers;
import io.netchannel.model.offload.InternetChecksum;
import io.netchannel.model.offload.Lro;
import io.netchannel.model.offload.Segmentation;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;

/**
 * The suite's own reading of chapter 11 checked by the RFCs' worked examples and by laws, and held
 * against the reference model's independent reading of the same text: two readings that agree on
 * random frames leave the properties judging devices, not the suite's own slips.
 */
class OffloadOracleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MacAddress A = MacAddress.parse("02:00:00:00:0c:01");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:0c:02");

    @Example
    @Requirement("CSUM-1")
    void rfc1071WorkedExampleSumsToDdf2AndChecksum220d() {
        byte[] bytes = HEX.parseHex("0001f203f4f5f6f7");
        assertThat(OffloadOracle.sum(0, bytes, 0, bytes.length)).isEqualTo(0xddf2);
        assertThat(~OffloadOracle.sum(0, bytes, 0, bytes.length) & 0xFFFF).isEqualTo(0x220d);
        // the sum does not depend on where it is cut: an odd split carries on with the next byte's half
        assertThat(OffloadOracle.add(OffloadOracle.sum(0, bytes, 0, 4), OffloadOracle.sum(0, bytes, 4, 8))).isEqualTo(0xddf2);
    }

    @Example
    @Requirement("CSUM-1")
    void rfc1624WorkedExampleGivesZero() {
        assertThat(OffloadOracle.incremental(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
        assertThat(InternetChecksum.update(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    /**
     * Spec 11, section 4.2 says equation 3 with m = m' and HC = 0 gives 0xFFFF; with the
     * end-around-carry arithmetic the RFC prescribes it gives 0x0000, the unchanged checksum (the
     * erratum's 0xFFFF comes from modulo-2^16 arithmetic). Both readings here agree on that.
     */
    @Example
    void anUnchangedWordKeepsTheChecksum() {
        for (int m : new int[] {0x0000, 0x5555, 0xFFFF}) {
            assertThat(OffloadOracle.incremental(0x0000, m, m)).as("m = 0x%04x", m).isEqualTo(0x0000);
            assertThat(InternetChecksum.update(0x0000, m, m)).as("model, m = 0x%04x", m).isEqualTo(0x0000);
        }
    }

    @Property(tries = 500)
    @Requirement({"CSUM-1", "CSUM-2"})
    void rfc1624IncrementalUpdateEqualsRecomputationForAnyWordTheL4ChecksumCovers(@ForAll("validFrames") byte[] frame,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 0, max = 0xFFFF) int replacement) {
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        // a 16-bit word at an even distance from the L4 header, not the checksum field
        List<Integer> words = new ArrayList<>();
        for (int at = p.l4(); at + 1 < p.end(); at += 2) {
            if (at != p.checksumAt()) {
                words.add(at);
            }
        }
        int at = words.get(where % words.size());
        int hc = OffloadOracle.be16(frame, p.checksumAt());
        int m = OffloadOracle.be16(frame, at);
        byte[] changed = frame.clone();
        OffloadOracle.put16(changed, at, replacement);
        int full = OffloadOracle.l4Checksum(changed, p);
        int updated = OffloadOracle.incremental(hc, m, replacement);
        int model = InternetChecksum.update(hc, m, replacement);
        if (!p.tcp() && updated == 0) {
            updated = 0xFFFF; // CSUM-2 applies to the updated value as to any computed one
            model = model == 0 ? 0xFFFF : model;
        }
        assertThat(updated).as("oracle: HC' = ~(~HC + ~m + m') at offset %d, m 0x%04x -> 0x%04x", at, m, replacement).isEqualTo(full);
        assertThat(model).as("model: the same update").isEqualTo(full);
    }

    @Property(tries = 400)
    void theOracleAndTheModelParseVerifyAndCompleteEveryFrameAlike(@ForAll("anyFrames") byte[] frame) {
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        var h = Headers.parse(frame);
        assertThat(h.isPresent()).as("parses: %s", HEX.formatHex(frame, 0, Math.min(frame.length, 80))).isEqualTo(p != null);
        if (p == null) {
            return;
        }
        assertThat(new int[] {h.get().l3(), h.get().l4(), h.get().end(), h.get().proto(), h.get().tcp() ? h.get().thl() : 0})
                .isEqualTo(new int[] {p.l3(), p.l4(), p.end(), p.proto(), p.thl()});
        assertThat(Checksums.verifies(frame)).isEqualTo(OffloadOracle.verifies(frame));
        assertThat(Checksums.withL4Checksum(frame)).isEqualTo(OffloadOracle.complete(frame));
        assertThat(Lro.candidate(frame)).isEqualTo(OffloadOracle.candidate(frame));
    }

    @Property(tries = 300)
    @Requirement({"TSO-2", "TSO-3", "TSO-4"})
    void theOracleAndTheModelSegmentAlikeAndLroGivesTheSuperFrameBack(@ForAll("superFrames") OffloadFrames.Shape shape,
            @ForAll @IntRange(min = 1, max = 3000) int mss) {
        byte[] frame = OffloadFrames.build(shape, A, B);
        int type = shape.version() == 4 ? 1 : 2;
        assertThat(OffloadOracle.tsoRefusal(frame, type)).isNull();
        assertThat(Segmentation.problem(frame, type)).isEmpty();
        assertThat(OffloadOracle.tsoRefusal(frame, 3 - type)).isNotNull();
        List<byte[]> ours = OffloadOracle.segment(frame, mss);
        List<byte[]> model = Segmentation.segments(frame, mss);
        assertThat(ours).hasSameSizeAs(model);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("segment %d", i).isEqualTo(model.get(i));
            assertThat(OffloadOracle.verifies(ours.get(i))).isTrue();
        }
        // the round trip the properties rely on, for candidates: merge the segments back
        if (ours.size() >= 2 && ours.stream().allMatch(OffloadOracle::candidate)) {
            List<byte[]> held = new ArrayList<>(List.of(ours.get(0)));
            for (byte[] s : ours.subList(1, ours.size())) {
                assertThat(OffloadOracle.merges(held, s)).isTrue();
                held.add(s);
            }
            assertThat(OffloadOracle.merge(held)).isEqualTo(OffloadOracle.valid(frame));
            Aggregate aggregate = Aggregate.of(held.get(0), 0);
            for (byte[] s : held.subList(1, held.size())) {
                assertThat(Lro.merges(aggregate, s, 1000)).isTrue();
                aggregate = aggregate.appended(s);
            }
            assertThat(Lro.merged(aggregate)).isEqualTo(OffloadOracle.merge(held));
            assertThat(OffloadOracle.segment(OffloadOracle.merge(held), mss)).usingElementComparator(java.util.Arrays::compare).isEqualTo(ours);
        }
    }

    @Property(tries = 300)
    @Requirement("OFF-3")
    void everyNearMissIsRefusedAndEveryBuiltFrameParsesWithTheBoundsItWasBuiltWith(@ForAll("nearMisses") OffloadFrames.Shape bad,
            @ForAll("parseable") OffloadFrames.Shape good) {
        assertThat(OffloadOracle.parse(OffloadFrames.build(bad, A, B))).as("%s", bad).isNull();
        byte[] frame = OffloadFrames.build(good, A, B);
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        assertThat(p).as("%s", good).isNotNull();
        assertThat(p.end()).isEqualTo(frame.length - good.trailing());
        assertThat(p.proto()).isEqualTo(good.proto());
        assertThat(OffloadOracle.valid(frame)).matches(OffloadOracle::verifies);
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        return OffloadFrames.parseable(3000).map(s -> OffloadOracle.valid(OffloadFrames.build(s, A, B)));
    }

    @Provide
    Arbitrary<byte[]> anyFrames() {
        return net.jqwik.api.Arbitraries.oneOf(OffloadFrames.parseable(3000), OffloadFrames.nearMisses(500), OffloadFrames.mergeable(1, 3000))
                .map(s -> OffloadFrames.build(s, A, B));
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> superFrames() {
        return net.jqwik.api.Arbitraries.oneOf(OffloadFrames.superFrames(20_000), OffloadFrames.mergeable(1, 20_000));
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> nearMisses() {
        return OffloadFrames.nearMisses(3000);
    }

    @Provide
    Arbitrary<OffloadFrames.Shape> parseable() {
        return OffloadFrames.parseable(3000);
    }
}
