package io.netchannel.model.txfilter;

import static io.netchannel.model.txfilter.Frames.IPV4_TCP;
import static io.netchannel.model.txfilter.Frames.MACS;
import static io.netchannel.model.txfilter.Frames.TCP_1234_TO_80;
import static io.netchannel.model.txfilter.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Reading a frame's headers, spec 07 section 4, on frames written out by hand (TXF-7). */
class FrameHeaderTest {

    private static final IpAddress V4_SOURCE = new IpAddress(new byte[] {10, 0, 0, 1});
    private static final IpAddress V4_DESTINATION = new IpAddress(new byte[] {10, 0, 0, 2});

    @Test
    void required_TXF7_ipv4TcpIsReadInFull() {
        FrameHeader header = FrameHeader.read(Frames.ipv4Tcp());

        assertThat(header).isEqualTo(new FrameHeader(OptionalInt.of(0x0800), Optional.of(V4_SOURCE), Optional.of(V4_DESTINATION),
                OptionalInt.of(6), false, OptionalInt.of(1234), OptionalInt.of(80)));
    }

    @Test
    void required_TXF7_theEtherTypeIsReadAfterOne8021QTag() {
        FrameHeader header = FrameHeader.read(hex(MACS + "8100 000a 0800 " + IPV4_TCP + TCP_1234_TO_80));

        assertThat(header.etherType()).hasValue(0x0800);
        assertThat(header.destinationPort()).hasValue(80);
        assertThat(FrameHeader.read(hex(MACS + "8100 000a 8100 0014 0800")).etherType()).as("only one tag").hasValue(0x8100);
        assertThat(FrameHeader.read(hex(MACS + "8100 000a 08")).etherType()).as("17 bytes: the tag is the EtherType").hasValue(0x8100);
        assertThat(FrameHeader.read(hex(MACS + "88a8 000a 0800 " + IPV4_TCP)).etherType()).as("not a service tag").hasValue(0x88A8);
    }

    @Test
    void required_TXF7_aNonIpFrameHasOnlyAnEtherType() {
        FrameHeader header = FrameHeader.read(hex(MACS + "0806 0001 0800 06 04 0001"));

        assertThat(header).isEqualTo(new FrameHeader(OptionalInt.of(0x0806), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), false, OptionalInt.empty(), OptionalInt.empty()));
    }

    @Test
    void required_TXF7_anUnreadableIpv4HeaderYieldsNoIpField() {
        String ihl4 = "44 00 0028 0000 0000 40 06 0000 0a000001 0a000002 ";
        String version6 = "65 00 0028 0000 0000 40 06 0000 0a000001 0a000002 ";
        String ihl6Short = "46 00 0028 0000 0000 40 06 0000 0a000001 0a000002 "; // 24 bytes wanted, 20 present
        for (String ip : new String[] {ihl4, version6, ihl6Short}) {
            FrameHeader header = FrameHeader.read(hex(MACS + "0800 " + ip));
            assertThat(header.etherType()).hasValue(0x0800);
            assertThat(header.source()).as(ip).isEmpty();
            assertThat(header.protocol()).as(ip).isEmpty();
            assertThat(header.destinationPort()).as(ip).isEmpty();
        }
        assertThat(FrameHeader.read(hex(MACS + "0800 45 00 0028 0000 0000 40 06 0000 0a000001 0a00")).protocol())
                .as("19 bytes of header").isEmpty();
    }

    @Test
    void required_TXF7_ipv4OptionsMoveThePortsAndTotalLengthIsNotConsulted() {
        FrameHeader header = FrameHeader.read(hex(MACS + "0800 46 00 0000 0000 0000 40 11 0000 0a000001 0a000002 01010101 "
                + "0035 1f90"));

        assertThat(header.protocol()).hasValue(17);
        assertThat(header.sourcePort()).hasValue(53);
        assertThat(header.destinationPort()).hasValue(8080);
    }

    @Test
    void required_TXF7_aLaterIpv4FragmentHasAProtocolButNoPorts() {
        FrameHeader later = FrameHeader.read(hex(MACS + "0800 45 00 0028 0000 0001 40 06 0000 0a000001 0a000002 " + TCP_1234_TO_80));
        FrameHeader first = FrameHeader.read(hex(MACS + "0800 45 00 0028 0000 2000 40 06 0000 0a000001 0a000002 " + TCP_1234_TO_80));

        assertThat(later.laterFragment()).isTrue();
        assertThat(later.protocol()).hasValue(6);
        assertThat(later.sourcePort()).isEmpty();
        assertThat(later.destinationPort()).isEmpty();
        assertThat(first.laterFragment()).as("more-fragments set, offset 0: the first fragment").isFalse();
        assertThat(first.destinationPort()).hasValue(80);
    }

    @Test
    void required_TXF7_portsNeedFourBytesAfterTheHeader() {
        FrameHeader header = FrameHeader.read(hex(MACS + "0800 " + IPV4_TCP + "04d2 00"));

        assertThat(header.protocol()).hasValue(6);
        assertThat(header.sourcePort()).isEmpty();
        assertThat(header.destinationPort()).isEmpty();
    }

    @Test
    void required_TXF7_portsAreReadForTcpAndUdpOnly() {
        FrameHeader icmp = FrameHeader.read(hex(MACS + "0800 45 00 0028 0000 0000 40 01 0000 0a000001 0a000002 " + TCP_1234_TO_80));

        assertThat(icmp.protocol()).hasValue(1);
        assertThat(icmp.destinationPort()).isEmpty();
    }

    @Test
    void required_TXF7_ipv6TcpAfterAHopByHopHeader() {
        FrameHeader header = FrameHeader.read(Frames.ipv6("00", "06 00 0000 00000000 " + TCP_1234_TO_80));

        assertThat(header.etherType()).hasValue(0x86DD);
        assertThat(header.source()).hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("2001:db8:0:0:0:0:0:1"));
        assertThat(header.protocol()).hasValue(6);
        assertThat(header.destinationPort()).hasValue(80);
    }

    @Test
    void required_TXF7_ipv6ExtensionHeadersAreSkippedByTheirLength() {
        // Routing header of length 1: 16 bytes; then Destination Options of length 0: 8 bytes; then UDP
        FrameHeader header = FrameHeader.read(Frames.ipv6("2b", "3c 01 0000 00000000 0000000000000000 11 00 0000 00000000 "
                + "0035 0035"));

        assertThat(header.protocol()).hasValue(17);
        assertThat(header.sourcePort()).hasValue(53);
    }

    @Test
    void required_TXF7_anIpv6FragmentHeaderWithAnOffsetMakesALaterFragment() {
        FrameHeader later = FrameHeader.read(Frames.ipv6("2c", "06 00 0008 00000001 " + TCP_1234_TO_80)); // offset 1
        FrameHeader first = FrameHeader.read(Frames.ipv6("2c", "06 00 0001 00000001 " + TCP_1234_TO_80)); // M set, offset 0

        assertThat(later.laterFragment()).isTrue();
        assertThat(later.protocol()).hasValue(6);
        assertThat(later.destinationPort()).isEmpty();
        assertThat(first.laterFragment()).isFalse();
        assertThat(first.destinationPort()).hasValue(80);
    }

    @Test
    void required_TXF7_theIpv6WalkStopsAfterEightExtensionHeaders() {
        String options = "3c 00 0000 00000000 ";
        FrameHeader eight = FrameHeader.read(Frames.ipv6("3c", options.repeat(7) + "06 00 0000 00000000 " + TCP_1234_TO_80));
        FrameHeader nine = FrameHeader.read(Frames.ipv6("3c", options.repeat(8) + "06 00 0000 00000000 " + TCP_1234_TO_80));

        assertThat(eight.protocol()).hasValue(6);
        assertThat(eight.destinationPort()).hasValue(80);
        assertThat(nine.protocol()).isEmpty();
        assertThat(nine.destinationPort()).isEmpty();
        assertThat(nine.source()).as("the addresses stay known").isPresent();
    }

    @Test
    void required_TXF7_anIpv6WalkPastTheEndOfTheFrameLeavesTheProtocolUnknown() {
        FrameHeader truncated = FrameHeader.read(Frames.ipv6("00", "06 01 0000 00000000")); // says 16 bytes, 8 present
        FrameHeader noLength = FrameHeader.read(Frames.ipv6("00", "06"));
        FrameHeader shortFragment = FrameHeader.read(Frames.ipv6("2c", "06 00 0000"));

        assertThat(truncated.protocol()).isEmpty();
        assertThat(noLength.protocol()).isEmpty();
        assertThat(shortFragment.protocol()).isEmpty();
        assertThat(truncated.destination()).isPresent();
    }

    @Test
    void required_TXF7_anUnreadableIpv6HeaderYieldsNoIpField() {
        FrameHeader version4 = FrameHeader.read(hex(MACS + "86dd 40000000 0014 06 " + Frames.IPV6_REST));
        FrameHeader short39 = FrameHeader.read(hex(MACS + "86dd 60000000 0014 06 40 20010db8000000000000000000000001 "
                + "20010db80000000000000000000000"));

        assertThat(version4.source()).isEmpty();
        assertThat(version4.protocol()).isEmpty();
        assertThat(short39.source()).isEmpty();
        assertThat(short39.etherType()).hasValue(0x86DD);
    }
}
