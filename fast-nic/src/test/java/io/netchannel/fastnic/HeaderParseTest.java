package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Spec 11, section 3 (OFF-3): which frames parse, with which offsets, and the verdict of section 4
 * (CSUM-5), on frames {@link Frames} lays out and then breaks one field at a time.
 */
class HeaderParseTest {

    private final HeaderParse parse = new HeaderParse();

    private boolean parses(byte[] frame) {
        return parse.parse(frame, 0, frame.length);
    }

    @Test
    void required_OFF3_offsetsOfTheFramesTheDeviceOffloads() {
        Frames tagged = new Frames().payload(10, 0);
        tagged.vid = 5;
        tagged.ipOptions = new byte[] {1, 1, 1, 0};
        tagged.tcpOptions = new byte[] {1, 1, 1, 0};
        tagged.trailing = 3;
        byte[] frame = tagged.build();
        assertThat(parses(frame)).isTrue();
        assertThat(new int[] {parse.l3, parse.l4, parse.end, parse.proto, parse.thl}).containsExactly(18, 42, frame.length - 3, 6, 24);
        assertThat(parse.ipv4).isTrue();

        Frames v6 = new Frames().payload(7, 0);
        v6.ipv6 = true;
        v6.protocol = 17;
        v6.extensions = new int[] {0, 43, 60, 60};
        assertThat(parses(v6.build())).isTrue();
        assertThat(new int[] {parse.l3, parse.l4, parse.proto, parse.thl}).containsExactly(14, 14 + 40 + 32, 17, 8);
        assertThat(parse.ipv4).isFalse();

        // the same frame at an offset inside a larger array
        byte[] inside = new byte[frame.length + 9];
        System.arraycopy(frame, 0, inside, 5, frame.length);
        assertThat(parse.parse(inside, 5, frame.length)).isTrue();
        assertThat(parse.l4).isEqualTo(42);
    }

    @Test
    void required_OFF3_whatIsNotParsedIsNotOffloaded() {
        byte[] good = new Frames().payload(20, 0).build();
        assertThat(parses(Arrays.copyOf(good, 13))).as("runt").isFalse();
        byte[] qinq = new Frames().payload(20, 0).build();
        Frames doubleTagged = new Frames().payload(20, 0);
        doubleTagged.vid = 7;
        byte[] two = doubleTagged.build();
        two[16] = (byte) 0x81; // a second 802.1Q tag where the EtherType was
        two[17] = 0;
        assertThat(parses(two)).as("two tags").isFalse();
        qinq[12] = (byte) 0x88;
        qinq[13] = (byte) 0xA8;
        assertThat(parses(qinq)).as("802.1ad").isFalse();
        byte[] fragment = good.clone();
        fragment[14 + 7] = 1; // fragment offset 8
        assertThat(parses(fragment)).as("a later fragment").isFalse();
        byte[] mf = good.clone();
        mf[14 + 6] |= 0x20;
        assertThat(parses(mf)).as("more fragments").isFalse();
        byte[] shortTotal = good.clone();
        Frames.put16(shortTotal, 14 + 2, 19);
        assertThat(parses(shortTotal)).as("total length below ihl").isFalse();
        byte[] longTotal = good.clone();
        Frames.put16(longTotal, 14 + 2, good.length);
        assertThat(parses(longTotal)).as("total length past the frame").isFalse();
        byte[] icmp = good.clone();
        icmp[14 + 9] = 1;
        assertThat(parses(icmp)).isFalse();
        byte[] thl = good.clone();
        thl[14 + 20 + 12] = 0x40; // 16 bytes
        assertThat(parses(thl)).as("TCP header below 20").isFalse();

        Frames udp = new Frames().payload(20, 0);
        udp.protocol = 17;
        byte[] udpLength = udp.build();
        Frames.put16(udpLength, 14 + 20 + 4, 27);
        assertThat(parses(udpLength)).as("UDP length differs").isFalse();

        for (int[] extensions : new int[][] {{60, 0}, {44}, {51}, {50}}) {
            Frames v6 = new Frames().payload(20, 0);
            v6.ipv6 = true;
            v6.extensions = extensions;
            assertThat(parses(v6.build())).as("IPv6 with %s", Arrays.toString(extensions)).isFalse();
        }
        Frames routing = new Frames().payload(20, 0);
        routing.ipv6 = true;
        routing.extensions = new int[] {43};
        byte[] segmentsLeft = routing.build();
        assertThat(parses(segmentsLeft)).isTrue();
        segmentsLeft[14 + 40 + 3] = 1;
        assertThat(parses(segmentsLeft)).as("routing with segments left").isFalse();
        byte[] jumbo = routing.build();
        Frames.put16(jumbo, 14 + 4, 0);
        assertThat(parses(jumbo)).as("payload length 0").isFalse();
    }

    @Test
    void required_CSUM5_verdicts() {
        byte[] tcp = new Frames().payload(101, 0).build();
        assertThat(parse.verifies(tcp, 0, tcp.length)).isTrue();
        byte[] ipHeader = tcp.clone();
        ipHeader[14 + 8]--;
        assertThat(parse.verifies(ipHeader, 0, tcp.length)).as("IPv4 header checksum").isFalse();
        byte[] payload = tcp.clone();
        payload[tcp.length - 1]++;
        assertThat(parse.verifies(payload, 0, tcp.length)).isFalse();
        Frames trailing = new Frames().payload(101, 0);
        trailing.trailing = 4;
        byte[] padded = trailing.build();
        padded[padded.length - 1] = 0x33; // trailing bytes are no part of the datagram
        assertThat(parse.verifies(padded, 0, padded.length)).isTrue();

        Frames udp6 = new Frames().payload(50, 0);
        udp6.ipv6 = true;
        udp6.protocol = 17;
        byte[] udp = udp6.build();
        assertThat(parse.verifies(udp, 0, udp.length)).isTrue();
        Frames.put16(udp, 14 + 40 + 6, 0);
        assertThat(parse.verifies(udp, 0, udp.length)).as("a UDP checksum of 0 never verifies").isFalse();
    }

    @Test
    void required_CSUM1_fillChecksumWritesTheOracleValueWhateverTheFieldHeld() {
        for (boolean v6 : new boolean[] {false, true}) {
            for (int protocol : new int[] {6, 17}) {
                Frames frames = new Frames().payload(77, protocol);
                frames.ipv6 = v6;
                frames.protocol = protocol;
                byte[] expected = frames.build();
                byte[] blank = expected.clone();
                int field = 14 + (v6 ? 40 : 20) + (protocol == 6 ? 16 : 6);
                blank[field] = (byte) 0xDE;
                blank[field + 1] = (byte) 0xAD;
                assertThat(parse.parse(blank, 0, blank.length)).isTrue();
                parse.fillChecksum(blank, 0);
                assertThat(blank).as("v6 %s proto %d", v6, protocol).isEqualTo(expected);
            }
        }
    }
}
