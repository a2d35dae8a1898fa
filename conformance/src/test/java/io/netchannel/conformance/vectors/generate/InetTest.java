package io.netchannel.conformance.vectors.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's own reading of chapter 11 ({@link Inet}) checked against known answers — RFC
 * 1071's worked example, RFC 768's zero — and against its own laws: a computed checksum verifies,
 * a changed byte does not, segments concatenate to the super-frame and merge back into it, and
 * section 3's parse draws the line where the chapter's list says.
 */
class InetTest {

    private static final MacAddress TO = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress FROM = MacAddress.parse("02:00:00:00:00:99");

    @Test
    void rfc1071WorkedExample() {
        assertThat(Inet.sum(ChecksumVectors.RFC1071)).isEqualTo(0xddf2);
        byte[] frame = ChecksumVectors.rfc1071Frame(TO, FROM);
        assertThat(Inet.l4Field(Inet.withL4Checksum(frame))).isEqualTo(0x220d);
        // the datagram's pseudo-header and header alone sum to ones' complement zero
        Inet.Parsed p = Inet.parse(frame);
        assertThat(p.end() - p.l4()).isEqualTo(16);
    }

    @Test
    void oddLengthIsPaddedWithZero() {
        assertThat(Inet.sum(new byte[] {0x12, 0x34, 0x56})).isEqualTo(0x1234 + 0x5600);
        assertThat(Inet.sum(new byte[] {(byte) 0xff, (byte) 0xff, 0, 1})).as("end-around carry").isEqualTo(1);
    }

    @Test
    void everyLayerParsesAndAComputedChecksumVerifies() {
        for (Inet.Net net : Inet.Net.values()) {
            for (int proto : new int[] {Inet.TCP, Inet.UDP}) {
                byte[] frame = ChecksumVectors.frame(TO, FROM, null, net, proto, 33, 5);
                Inet.Parsed p = Inet.parse(frame);
                assertThat(p).as(net + " " + proto).isNotNull();
                assertThat(p.proto()).isEqualTo(proto);
                assertThat(p.end()).isEqualTo(frame.length);
                assertThat(Inet.verifies(frame)).as("field 0 does not verify (UDP 0 never does)").isFalse();
                byte[] done = Inet.withL4Checksum(frame);
                assertThat(Inet.verifies(done)).as(net + " " + proto).isTrue();
                // IPv4's header checksum covers its header; IPv6's fixed and extension headers are covered only where the pseudo-header reads them
                for (int k = p.version() == 4 ? p.l3() : p.l4(); k < done.length; k++) {
                    if (k == p.checksumAt() || k == p.checksumAt() + 1) {
                        continue;
                    }
                    byte[] broken = done.clone();
                    broken[k] ^= 0x01;
                    if (Inet.parse(broken) != null) {
                        assertThat(Inet.verifies(broken)).as(net + " " + proto + " byte " + k + " flipped").isFalse();
                    }
                }
                byte[] tagged = ChecksumVectors.frame(TO, FROM, 10, net, proto, 33, 5);
                assertThat(Inet.parse(tagged).l3()).isEqualTo(18);
                assertThat(Inet.l4Field(Inet.withL4Checksum(tagged))).as("the tag is not summed").isEqualTo(Inet.l4Field(done));
            }
        }
    }

    @Test
    void udpZeroIsSentAsAllOnesAndTcpZeroStays() {
        for (Inet.Net net : List.of(Inet.Net.IPV4, Inet.Net.IPV6)) {
            byte[] frame = ChecksumVectors.udpZero(TO, FROM, net);
            assertThat(Inet.l4Field(Inet.withL4Checksum(frame))).isEqualTo(0xFFFF);
            assertThat(Inet.verifies(Inet.withL4Checksum(frame))).isTrue();
            assertThat(Inet.verifies(Inet.withL4Field(frame, 0))).as("UDP 0 never verifies").isFalse();
        }
        byte[] tcp = ChecksumVectors.tcpZero(TO, FROM);
        assertThat(Inet.l4Field(Inet.withL4Checksum(tcp))).isZero();
        assertThat(Inet.verifies(Inet.withL4Checksum(tcp))).isTrue();
        assertThat(Inet.verifies(Inet.withL4Field(tcp, 0xFFFF))).as("the other zero verifies too").isTrue();
    }

    @Test
    void theParseStopsWhereSection3Says() {
        byte[] udp = ChecksumVectors.frame(TO, FROM, null, Inet.Net.IPV4, Inet.UDP, 20, 1);
        assertThat(Inet.parse(Arrays.copyOf(udp, 13))).isNull();
        byte[] fragment = udp.clone();
        Inet.put16(fragment, 20, 0x2000);
        assertThat(Inet.parse(fragment)).isNull();
        byte[] offset = udp.clone();
        Inet.put16(offset, 20, 0x0001);
        assertThat(Inet.parse(offset)).isNull();
        byte[] dontFragment = udp.clone();
        Inet.put16(dontFragment, 20, 0x4000);
        assertThat(Inet.parse(dontFragment)).as("DF alone is no fragment").isNotNull();
        byte[] routing1 = Inet.ether(TO, FROM, null, Inet.IPV6, Inet.ipv6(Inet.ROUTING, Inet.cat(Inet.extension(Inet.ROUTING, Inet.UDP, 0, 1),
                Inet.udp(1, 2, new byte[4]))));
        assertThat(Inet.parse(routing1)).isNull();
        byte[] padded = Inet.cat(udp, new byte[10]);
        assertThat(Inet.parse(padded).end()).isEqualTo(udp.length);
    }

    @Test
    void segmentsConcatenateAndMergeBack() {
        for (int payload : new int[] {0, 1, 999, 1000, 1001, 2500, 7000}) {
            for (int mss : new int[] {1, 100, 536, 1000, 1448}) {
                if (payload / mss > 200) {
                    continue;
                }
                for (Inet.Net net : List.of(Inet.Net.IPV4, Inet.Net.IPV4_OPTIONS, Inet.Net.IPV6, Inet.Net.IPV6_CHAIN)) {
                    byte[] superFrame = TsoVectors.superFrame(TO, FROM, null, net, Inet.Tcp.of(0xFFFF_F000L).withFlags(Inet.ACK | Inet.PSH | Inet.FIN
                            | Inet.CWR), payload, 0xFFF0, 3);
                    List<byte[]> segments = Inet.segment(superFrame, mss);
                    Inet.Parsed p = Inet.parse(superFrame);
                    int headers = p.l4() + p.thl();
                    assertThat(segments).hasSize(Math.max(1, (payload + mss - 1) / mss));
                    List<byte[]> payloads = new ArrayList<>();
                    for (int i = 0; i < segments.size(); i++) {
                        byte[] s = segments.get(i);
                        assertThat(Inet.verifies(s)).isTrue();
                        payloads.add(Arrays.copyOfRange(s, headers, s.length));
                        int flags = s[p.l4() + 13] & 0xFF;
                        assertThat((flags & Inet.CWR) != 0).isEqualTo(i == 0);
                        assertThat((flags & (Inet.FIN | Inet.PSH)) != 0).isEqualTo(i == segments.size() - 1);
                    }
                    assertThat(Inet.cat(payloads.toArray(new byte[0][]))).isEqualTo(Arrays.copyOfRange(superFrame, headers, superFrame.length));
                    if (net == Inet.Net.IPV4 && segments.size() > 1) {
                        // LRO merges plain IPv4 segments of ACK (and the last PSH) back into the super-frame
                        byte[] plain = TsoVectors.superFrame(TO, FROM, null, net, Inet.Tcp.of(7).withFlags(Inet.ACK | Inet.PSH), payload, 0xFFF0, 3);
                        List<byte[]> parts = Inet.segment(plain, mss);
                        List<byte[]> held = new ArrayList<>(List.of(parts.get(0)));
                        for (int i = 1; i < parts.size(); i++) {
                            assertThat(Inet.candidate(parts.get(i))).isTrue();
                            assertThat(Inet.merges(held, parts.get(i))).as("segment " + i + " of " + parts.size()).isTrue();
                            held.add(parts.get(i));
                        }
                        assertThat(Inet.merged(held)).isEqualTo(Inet.withL4Checksum(plain));
                    }
                }
            }
        }
    }

    @Test
    void retouchedFramesVerifyAgain() {
        byte[] s = LroVectors.Flow.to(TO).segment(1);
        assertThat(Inet.candidate(s)).isTrue();
        byte[] ttl = Inet.retouched(s, 22, 63);
        assertThat(Inet.verifies(ttl)).isTrue();
        assertThat(Inet.merges(List.of(LroVectors.Flow.to(TO).segment(0)), ttl)).isFalse();
        assertThat(Inet.merges(List.of(LroVectors.Flow.to(TO).segment(0)), s)).isTrue();
    }
}
