package io.netchannel.model.offload;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.layout.ExtraInfoLayout;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Large receive offload's predicates and merged frame (LRO-2, LRO-3, LRO-5), and its round trip with TSO. */
class LroTest {

    private static final long ROOM = 256;

    /** Segments 1000 payload bytes each of one IPv4 flow from seq 5000 and ID 7. */
    private static TestFrames.Builder flow(int index) {
        return TestFrames.tcp().payload(TestFrames.payload(1000, index)).seq(5000 + 1000L * index).id(7 + index);
    }

    private static Aggregate held(byte[]... segments) {
        Aggregate aggregate = Aggregate.of(segments[0], 100);
        for (int i = 1; i < segments.length; i++) {
            aggregate = aggregate.appended(segments[i]);
        }
        return aggregate;
    }

    @Nested
    class Candidates {

        @Test
        void required_LRO2_ackAndAckPshDataSegmentsOverPlainIpAreCandidates() {
            assertThat(Lro.candidate(flow(0).build())).isTrue();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.ACK | TestFrames.PSH).build())).isTrue();
            assertThat(Lro.candidate(flow(0).ipv6().vlan(9).build())).isTrue();
            assertThat(Lro.candidate(flow(0).tcpOptions(TestFrames.hex("0101080a0000000100000002")).build())).as("TCP options").isTrue();
        }

        @Test
        void required_LRO2_nothingTheStackMustSeeAloneIsACandidate() {
            assertThat(Lro.candidate(flow(0).flags(TestFrames.SYN | TestFrames.ACK).build())).as("SYN").isFalse();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.FIN | TestFrames.ACK).build())).as("FIN").isFalse();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.URG | TestFrames.ACK).build())).as("URG").isFalse();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.ECE | TestFrames.ACK).build())).as("ECE").isFalse();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.CWR | TestFrames.ACK).build())).as("CWR").isFalse();
            assertThat(Lro.candidate(flow(0).flags(TestFrames.PSH).build())).as("no ACK").isFalse();
            assertThat(Lro.candidate(flow(0).reservedBits(1).build())).as("NS").isFalse();
            assertThat(Lro.candidate(flow(0).payload(new byte[0]).build())).as("pure ACK").isFalse();
            assertThat(Lro.candidate(flow(0).sum(TestFrames.Sum.WRONG).build())).as("bad checksum").isFalse();
            assertThat(Lro.candidate(flow(0).wrongIpChecksum().build())).as("bad IPv4 header checksum").isFalse();
            assertThat(Lro.candidate(flow(0).ipv4Options(new byte[4]).build())).as("IP options").isFalse();
            assertThat(Lro.candidate(flow(0).ipv6().extension(60, 1, 0).build())).as("extension header").isFalse();
            assertThat(Lro.candidate(flow(0).trailing(new byte[2]).build())).as("trailing bytes").isFalse();
            assertThat(Lro.candidate(TestFrames.udp().build())).as("UDP").isFalse();
            assertThat(Lro.candidate(new byte[60])).as("not parsed").isFalse();
        }
    }

    @Nested
    class Merging {

        @Test
        void required_LRO3_theNextSegmentOfTheFlowMerges() {
            Aggregate aggregate = held(flow(0).build(), flow(1).build());
            assertThat(Lro.merges(aggregate, flow(2).build(), ROOM)).isTrue();
            assertThat(Lro.merges(aggregate, flow(2).flags(TestFrames.ACK | TestFrames.PSH).build(), ROOM)).as("PSH may differ").isTrue();
            assertThat(Lro.merges(aggregate, flow(2).payload(new byte[10]).build(), ROOM)).as("a shorter last segment").isTrue();
        }

        @Test
        void required_LRO3_aGapAnOverlapOrAnIdThatDoesNotFollowNeverMerges() {
            Aggregate aggregate = held(flow(0).build(), flow(1).build());
            assertThat(Lro.merges(aggregate, flow(2).seq(7001).build(), ROOM)).as("gap").isFalse();
            assertThat(Lro.merges(aggregate, flow(2).seq(6999).build(), ROOM)).as("overlap").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).build(), ROOM)).as("retransmission").isFalse();
            assertThat(Lro.merges(aggregate, flow(2).id(7).build(), ROOM)).as("constant IDs").isFalse();
            assertThat(Lro.merges(aggregate, flow(2).id(10).build(), ROOM)).as("an ID skipped").isFalse();
            assertThat(Lro.merges(held(flow(0).ipv6().build()), flow(1).ipv6().id(0).build(), ROOM)).as("IPv6 has no ID").isTrue();
        }

        @Test
        void required_LRO3_anyOtherHeaderChangeNeverMerges() {
            Aggregate aggregate = held(flow(0).build());
            assertThat(Lro.merges(aggregate, flow(1).ttl(63).build(), ROOM)).as("TTL").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).window(1000).build(), ROOM)).as("window").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).ack(0x2001).build(), ROOM)).as("ack").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).ports(40001, 80).build(), ROOM)).as("another flow").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).vlan(3).build(), ROOM)).as("a tag").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).fragment(0).build(), ROOM)).as("DF").isFalse();
            assertThat(Lro.merges(aggregate, flow(1).macs(TestFrames.hex("020000000003"), TestFrames.hex("020000000001")).build(), ROOM))
                    .as("destination MAC").isFalse();
            Aggregate stamped = held(flow(0).tcpOptions(TestFrames.hex("0101080a0000000100000002")).build());
            assertThat(Lro.merges(stamped, flow(1).tcpOptions(TestFrames.hex("0101080a0000000200000002")).build(), ROOM))
                    .as("another timestamp").isFalse();
            assertThat(Lro.merges(stamped, flow(1).tcpOptions(TestFrames.hex("0101080a0000000100000002")).build(), ROOM)).isTrue();
        }

        @Test
        void required_LRO3_sizeAndRingRoom() {
            Aggregate aggregate = held(flow(0).build());
            assertThat(Lro.merges(aggregate, flow(1).payload(new byte[1001]).build(), ROOM)).as("longer than the MSS").isFalse();
            // F and S are 1054 bytes each: the merged 2054 bytes take one data slot and the extra
            assertThat(Lro.merges(aggregate, flow(1).build(), 2)).isTrue();
            assertThat(Lro.merges(aggregate, flow(1).build(), 1)).as("no room for the extra slot").isFalse();
            byte[] big = TestFrames.tcp().payload(new byte[40000]).build();
            byte[] next = TestFrames.tcp().payload(new byte[25482]).seq(0x1000 + 40000).id(0x1c47).build();
            assertThat(Aggregate.of(big, 0).length() + 25482).isEqualTo(65536);
            assertThat(Lro.merges(Aggregate.of(big, 0), next, ROOM)).as("one byte past 65535").isFalse();
            byte[] fits = TestFrames.tcp().payload(new byte[25481]).seq(0x1000 + 40000).id(0x1c47).build();
            assertThat(Lro.merges(Aggregate.of(big, 0), fits, ROOM)).isTrue();
        }
    }

    @Test
    void required_LRO5_theMergedFrameHasFsHeadersThePayloadsInOrderAndVerifies() {
        byte[] first = flow(0).build();
        Aggregate aggregate = held(first, flow(1).build(), flow(2).payload(TestFrames.payload(300, 2)).flags(TestFrames.ACK | TestFrames.PSH).build());

        byte[] merged = Lro.merged(aggregate);

        assertThat(merged).hasSize(54 + 2300);
        assertThat(Checksums.verifies(merged)).isTrue();
        assertThat(TestFrames.u16(merged, 16)).as("total length").isEqualTo(2340);
        assertThat(TestFrames.u16(merged, 18)).as("F's ID").isEqualTo(7);
        assertThat(TestFrames.u32(merged, 38)).as("F's sequence").isEqualTo(5000);
        assertThat(merged[47] & 0xFF).as("PSH ORed").isEqualTo(TestFrames.ACK | TestFrames.PSH);
        assertThat(java.util.Arrays.copyOfRange(merged, 54, 1054)).isEqualTo(TestFrames.payload(1000, 0));
        assertThat(java.util.Arrays.copyOfRange(merged, 2054, 2354)).isEqualTo(TestFrames.payload(300, 2));
        assertThat(GsoExtra.of(aggregate)).isEqualTo(new GsoExtra(1000, ExtraInfoLayout.GSO_TYPE_TCPV4));
        assertThat(Lro.merged(held(first))).as("one segment, byte for byte").isEqualTo(first);
    }

    /** A super-frame LRO could have built: ACK or ACK+PSH, plain IP, correct checksums. */
    record Stream(byte[] frame, int mss) {
    }

    @Provide
    Arbitrary<Stream> streams() {
        Arbitrary<byte[]> frames = Combinators.combine(Arbitraries.integers().between(1, 20000), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(-1, 4094))
                .as((length, ipv6, push, seq, id, vid) -> {
                    TestFrames.Builder builder = TestFrames.tcp().payload(TestFrames.payload(length, id)).seq(seq).id(id)
                            .flags(push ? TestFrames.ACK | TestFrames.PSH : TestFrames.ACK);
                    if (ipv6) {
                        builder.ipv6();
                    }
                    if (vid >= 0) {
                        builder.vlan(vid);
                    }
                    return builder.build();
                });
        return Combinators.combine(frames, Arbitraries.integers().between(1, 9000)).as(Stream::new);
    }

    /** Section 7.2 and 7.4's round trip: the segments TSO makes merge back into the super-frame, which TSO splits the same way. */
    @Property(tries = 300)
    void required_LRO3_LRO5_mergingTsoSegmentsGivesBackTheSuperFrame(@ForAll("streams") Stream stream) {
        List<byte[]> segments = Segmentation.segments(stream.frame(), stream.mss());
        Aggregate aggregate = Aggregate.of(segments.get(0), 0);
        for (byte[] segment : segments.subList(1, segments.size())) {
            assertThat(Lro.candidate(segment)).isTrue();
            assertThat(Lro.merges(aggregate, segment, ROOM)).isTrue();
            aggregate = aggregate.appended(segment);
        }

        byte[] merged = Lro.merged(aggregate);

        assertThat(merged).isEqualTo(stream.frame());
        assertThat(Segmentation.segments(merged, aggregate.mss())).as("and back").containsExactlyElementsOf(segments);
    }
}
