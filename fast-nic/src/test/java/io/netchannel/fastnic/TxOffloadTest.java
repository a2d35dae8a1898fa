package io.netchannel.fastnic;

import static io.netchannel.api.layout.TxRequestLayout.FLAG_CSUM_BLANK;
import static io.netchannel.api.layout.TxRequestLayout.FLAG_DATA_VALIDATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 11 on transmit: checksum completion (CSUM-1..4) and TCP segmentation (TSO-1..5). The
 * oracle for every segment is {@link Frames} building the frame the spec's table describes — the
 * super-frame's fields with the segment's payload, sequence number, identification and flags — with
 * lengths and checksums computed by the plain byte loop, so the device's template, in-place building
 * and partial sums are checked against an independent computation, byte for byte.
 */
class TxOffloadTest {

    private static final int TCPV4 = ExtraInfoLayout.GSO_TYPE_TCPV4;
    private static final int TCPV6 = ExtraInfoLayout.GSO_TYPE_TCPV6;

    private final Fleet fleet = new Fleet();
    private final OffloadGuest guest = new OffloadGuest(fleet);

    TxOffloadTest() {
        fleet.create(1, Fleet.config(1));
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private long counter(Counter counter) {
        return fleet.nic.counter(1, counter);
    }

    // ------------------------------------------------------------------ checksum (section 5.1)

    @Test
    void required_CSUM1_csumBlankTcpOverIpv4LeavesWithItsChecksumAndNothingElseChanged() {
        Frames tcp = new Frames().payload(1000, 3);
        byte[] expected = tcp.build();
        byte[] blank = expected.clone();
        blank[14 + 20 + 16] = (byte) 0xAB; // whatever the guest left: garbage, zero or the pseudo-header sum
        blank[14 + 20 + 17] = 0x12;

        int first = guest.send(1, blank, FLAG_CSUM_BLANK, 0, 0);

        assertThat(fleet.sink.frames).containsExactly(expected);
        assertThat(fleet.txStatus(1, first)).isEqualTo(NetifStatus.OKAY);
        assertThat(counter(Counter.TX_BYTES)).isEqualTo(expected.length);
    }

    @Test
    void required_CSUM1_csumBlankUdpOverIpv6WithExtensionHeadersAndTrailingBytes() {
        Frames udp = new Frames();
        udp.ipv6 = true;
        udp.protocol = 17;
        udp.extensions = new int[] {0, 43, 60}; // hop-by-hop, routing (segments left 0), destination options
        udp.trailing = 6;
        udp.payload(333, 9); // an odd length
        byte[] expected = udp.build();
        byte[] blank = expected.clone();
        int field = 14 + 40 + 24 + 6;
        blank[field] = 0;
        blank[field + 1] = 0;
        blank[expected.length - 1] = 0x5A; // trailing bytes are not part of the datagram and leave as queued
        expected[expected.length - 1] = 0x5A;

        guest.send(1, blank, FLAG_CSUM_BLANK, 0, 0);

        assertThat(fleet.sink.frames).containsExactly(expected);
    }

    @Test
    void required_CSUM2_aUdpChecksumThatComputesToZeroIsSentAsFfff() {
        Frames udp = new Frames();
        udp.protocol = 17;
        udp.payload(64, 1);
        udp.checksums = false;
        byte[] frame = udp.build();
        int l4 = 14 + 20;
        // Make the L4 sum 0xFFFF (checksum 0): set the last payload word to the complement of the rest.
        Frames.put16(frame, frame.length - 2, 0);
        int rest = Frames.l4Sum(frame, 14, l4, frame.length - l4, 17);
        Frames.put16(frame, frame.length - 2, ~rest & 0xFFFF);
        assertThat(Frames.l4Sum(frame, 14, l4, frame.length - l4, 17)).isEqualTo(0xFFFF);
        Frames.put16(frame, 14 + 10, ~Frames.naiveSum(frame, 14, 20) & 0xFFFF);

        guest.send(1, frame, FLAG_CSUM_BLANK, 0, 0);

        byte[] sent = fleet.sink.frames.get(0);
        assertThat(Frames.be16(sent, l4 + 6)).as("RFC 768: zero means no checksum").isEqualTo(0xFFFF);
        assertThat(Frames.verifies(sent, 14, l4, sent.length, 17)).isTrue();
    }

    @Test
    void required_CSUM3_csumBlankOnAFrameThatDoesNotParseIsAPerPacketErrorBeforePolicy() {
        // An IPv4 fragment (MF set) with a spoofed source MAC: CSUM-3 decides before chapter 07 (TXF-2).
        Frames fragment = new Frames().payload(100, 0);
        fragment.source = Fleet.mac(7);
        byte[] frame = fragment.build();
        frame[14 + 6] |= 0x20; // MF
        // An ARP frame: another EtherType.
        byte[] arp = Rig.frameTo(Frames.PEER, 60);
        Fleet.mac(1).write(arp, 6);
        arp[12] = 0x08;
        arp[13] = 0x06;

        int a = guest.send(1, frame, FLAG_CSUM_BLANK, 0, 0);
        int b = guest.send(1, arp, FLAG_CSUM_BLANK | FLAG_DATA_VALIDATED, 0, 0);

        assertThat(fleet.txStatus(1, a)).isEqualTo(NetifStatus.ERROR);
        assertThat(fleet.txStatus(1, b)).isEqualTo(NetifStatus.ERROR);
        assertThat(counter(Counter.TX_ERRORS)).isEqualTo(2);
        assertThat(counter(Counter.TX_DROP_SPOOF)).isZero();
        assertThat(fleet.sink.frames).isEmpty();
    }

    @Test
    void required_CSUM4_withoutCsumBlankAFrameLeavesAsQueuedWhateverDataValidatedSays() {
        byte[] frame = new Frames().payload(200, 5).build();
        frame[14 + 20 + 16] ^= 0x55; // a wrong checksum
        guest.send(1, frame, FLAG_DATA_VALIDATED, 0, 0);
        guest.send(1, frame, 0, 0, 0);

        assertThat(fleet.sink.frames).containsExactly(frame, frame);
    }

    // ------------------------------------------------------------------ segmentation (section 6)

    /** The segments the spec's table makes of {@code superFrame}'s builder: the oracle. */
    private static List<byte[]> segmentsOf(Frames superFrame, int mss) {
        byte[] payload = superFrame.payload;
        int k = Math.max(1, (payload.length + mss - 1) / mss);
        List<byte[]> segments = new ArrayList<>();
        int flags = superFrame.flags;
        for (int i = 0; i < k; i++) {
            Frames segment = copy(superFrame);
            segment.payload = Arrays.copyOfRange(payload, Math.min(payload.length, i * mss), Math.min(payload.length, (i + 1) * mss));
            segment.seq = (superFrame.seq + (long) i * mss) & 0xFFFF_FFFFL;
            segment.id = (superFrame.id + i) & 0xFFFF;
            int f = flags;
            if (i != k - 1) {
                f &= ~(Frames.FIN | Frames.PSH);
            }
            if (i != 0) {
                f &= ~Frames.CWR;
            }
            segment.flags = f;
            segments.add(segment.build());
        }
        return segments;
    }

    private static Frames copy(Frames from) {
        Frames to = new Frames();
        to.destination = from.destination;
        to.source = from.source;
        to.vid = from.vid;
        to.ipv6 = from.ipv6;
        to.protocol = from.protocol;
        to.ipOptions = from.ipOptions;
        to.extensions = from.extensions;
        to.id = from.id;
        to.ttl = from.ttl;
        to.seq = from.seq;
        to.ack = from.ack;
        to.flags = from.flags;
        to.window = from.window;
        to.tcpOptions = from.tcpOptions;
        to.payload = from.payload;
        return to;
    }

    @Test
    void required_TSO2_TSO3_TSO4_aSixtyFourKibSendBecomesFortySixSegmentsOfTheOracle() {
        Frames superFrame = new Frames().payload(65535 - 54, 7);
        superFrame.flags = Frames.ACK | Frames.PSH | Frames.FIN | Frames.CWR | Frames.ECE;
        superFrame.id = 0xFFF0; // wraps modulo 2^16
        superFrame.seq = 0xFFFF_0000L; // wraps modulo 2^32
        byte[] frame = superFrame.build();
        assertThat(frame).hasSize(65535);
        frame[14 + 10] = 0; // the guest's checksums play no part
        frame[14 + 20 + 16] = 0;

        int first = guest.send(1, frame, 0, 1448, TCPV4);

        List<byte[]> expected = segmentsOf(superFrame, 1448);
        assertThat(expected).hasSize(46);
        assertThat(fleet.sink.frames).hasSize(46);
        for (int i = 0; i < 46; i++) {
            assertThat(fleet.sink.frames.get(i)).as("segment %d", i).isEqualTo(expected.get(i));
            assertThat(Frames.verifies(fleet.sink.frames.get(i), 14, 34, fleet.sink.frames.get(i).length, 6)).isTrue();
        }
        // TSO-5: answered OKAY once per slot (the extra NULL), counted per segment
        assertThat(fleet.txStatus(1, first)).isEqualTo(NetifStatus.OKAY);
        assertThat(fleet.txStatus(1, first + 1)).isEqualTo(NetifStatus.NULL);
        assertThat(fleet.txStatus(1, first + 16)).as("the last of 16 data slots").isEqualTo(NetifStatus.OKAY);
        assertThat(counter(Counter.TX_FRAMES)).isEqualTo(46);
        assertThat(counter(Counter.TX_BYTES)).isEqualTo(expected.stream().mapToLong(f -> f.length).sum());
        assertThat(fleet.sink.notifications).as("one publish for the packet").containsExactly("1/TX");
    }

    @Test
    void required_TSO2_payloadsConcatenateToTheSuperFramesPayloadForManyMssValues() {
        Frames superFrame = new Frames().payload(7001, 2);
        superFrame.tcpOptions = new byte[] {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9}; // timestamps, copied to every segment
        superFrame.ipOptions = new byte[] {(byte) 0x94, 4, 0, 0}; // router alert
        for (int mss : new int[] {1, 7, 999, 1448, 7000, 7001, 65535}) {
            fleet.sink.frames.clear();
            guest.send(1, superFrame.build(), FLAG_CSUM_BLANK, mss, TCPV4); // csum_blank makes no difference
            List<byte[]> expected = segmentsOf(superFrame, mss);
            assertThat(fleet.sink.frames).as("mss %d", mss).hasSize(expected.size());
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            for (int i = 0; i < expected.size(); i++) {
                byte[] sent = fleet.sink.frames.get(i);
                assertThat(sent).as("mss %d segment %d", mss, i).isEqualTo(expected.get(i));
                payload.write(sent, 14 + 24 + 32, sent.length - (14 + 24 + 32));
            }
            assertThat(payload.toByteArray()).isEqualTo(superFrame.payload);
        }
    }

    @Test
    void required_TSO3_ipv6WithExtensionHeadersAndAnOddMss() {
        Frames superFrame = new Frames().payload(5000, 4);
        superFrame.ipv6 = true;
        superFrame.extensions = new int[] {0, 60};
        superFrame.flags = Frames.ACK | Frames.PSH;

        guest.send(1, superFrame.build(), 0, 999, TCPV6);

        List<byte[]> expected = segmentsOf(superFrame, 999);
        assertThat(fleet.sink.frames).hasSize(6);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(fleet.sink.frames.get(i)).as("segment %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void required_TSO2_aPayloadWithinTheMssOrEmptyLeavesAsOneFrameWithChecksumsComputed() {
        Frames small = new Frames().payload(500, 1);
        small.flags = Frames.ACK | Frames.FIN | Frames.CWR;
        byte[] queued = small.build();
        queued[14 + 10] = 0x77; // IPv4 header checksum wrong
        queued[14 + 20 + 17] ^= 1; // TCP checksum wrong
        Frames empty = new Frames();
        empty.flags = Frames.ACK | Frames.FIN;

        guest.send(1, queued, 0, 1448, TCPV4);
        guest.send(1, empty.build(), 0, 1, TCPV4);

        assertThat(fleet.sink.frames).containsExactly(small.build(), empty.build());
    }

    @Test
    void required_TSO1_gsoPacketsTheDeviceCannotSegmentArePerPacketErrors() {
        Frames udp = new Frames().payload(3000, 0);
        udp.protocol = 17;
        Frames v4 = new Frames().payload(3000, 0);
        Frames trailing = new Frames().payload(3000, 0);
        trailing.trailing = 2;
        byte[] notIp = Rig.frameTo(Frames.PEER, 3000);
        Fleet.mac(1).write(notIp, 6);

        int[] firsts = {
            guest.send(1, udp.build(), 0, 1448, TCPV4), // not TCP
            guest.send(1, v4.build(), 0, 1448, TCPV6), // IPv4 under TCPv6
            guest.send(1, trailing.build(), 0, 1448, TCPV4), // the datagram does not end at the frame's end
            guest.send(1, notIp, 0, 1448, TCPV4), // does not parse
        };

        for (int first : firsts) {
            assertThat(fleet.txStatus(1, first)).isEqualTo(NetifStatus.ERROR);
            assertThat(fleet.txStatus(1, first + 1)).as("the GSO extra").isEqualTo(NetifStatus.NULL);
        }
        assertThat(counter(Counter.TX_ERRORS)).isEqualTo(4);
        assertThat(fleet.sink.frames).isEmpty();
    }

    @Test
    void required_TSO5_anAccessContextsSegmentsEachCarryTheTagAndCountWithIt() {
        fleet.create(2, Fleet.config(2).vlan(new VlanPolicy.Access(300)));
        Frames superFrame = new Frames().payload(4000, 6);
        superFrame.source = Fleet.mac(2);

        guest.send(2, superFrame.build(), 0, 1448, TCPV4);

        superFrame.vid = 300; // TXF-4: the tag chapter 07 inserts, in every segment
        List<byte[]> expected = segmentsOf(superFrame, 1448);
        assertThat(fleet.sink.frames).containsExactlyElementsOf(expected);
        assertThat(fleet.nic.counter(2, Counter.TX_FRAMES)).isEqualTo(3);
        assertThat(fleet.nic.counter(2, Counter.TX_BYTES)).isEqualTo(expected.stream().mapToLong(f -> f.length).sum());
    }

    @Test
    void required_TSO5_inVebEachSegmentIsSwitchedAsAFrameOfItsOwn() {
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB))).isEqualTo(ControlResult.OK);
        fleet.create(2, Fleet.config(2));
        guest.post(2, 4);
        Frames superFrame = new Frames().payload(3000, 8);
        superFrame.destination = Fleet.mac(2);

        guest.send(1, superFrame.build(), 0, 1000, TCPV4);

        List<byte[]> expected = segmentsOf(superFrame, 1000);
        assertThat(fleet.sink.frames).as("a unicast to a local owner stays off the wire").isEmpty();
        assertThat(fleet.nic.counter(2, Counter.RX_FRAMES)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(guest.delivery(2, i)).isEqualTo(expected.get(i));
        }
        assertThat(counter(Counter.TX_FRAMES)).isEqualTo(3);
    }

    @Test
    void required_TSO5_oneFilterDecisionForTheWholeSuperFrame() {
        assertThat(fleet.update(1, Fleet.config(1).txRule(io.netchannel.api.FilterRule.allow(
                io.netchannel.api.FilterMatch.builder().protocol(6).build())))).isEqualTo(ControlResult.OK);
        guest.send(1, new Frames().payload(5000, 1).build(), 0, 1000, TCPV4);

        assertThat(fleet.sink.frames).hasSize(5);
        assertThat(fleet.nic.filterHits(1, 0)).isEqualTo(1);
    }
}
