package io.netchannel.model.device;

import static io.netchannel.model.device.Offload.ERROR;
import static io.netchannel.model.device.Offload.GSO_TCPV4;
import static io.netchannel.model.device.Offload.GSO_TCPV6;
import static io.netchannel.model.device.Offload.NULL;
import static io.netchannel.model.device.Offload.OKAY;
import static io.netchannel.model.device.Offload.REMOTE;
import static io.netchannel.model.device.Offload.TX_CSUM_BLANK;
import static io.netchannel.model.device.Offload.TX_DATA_VALIDATED;
import static io.netchannel.model.device.Offload.mac;
import static io.netchannel.model.device.Offload.queue;
import static io.netchannel.model.device.Offload.tcpFrom;
import static io.netchannel.model.device.Offload.udpFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.offload.TestFrames;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Chapter 11 on the transmit side and in the control plane: OFF-1, OFF-2, CSUM-1 to CSUM-4, TSO-1 to TSO-5, on the whole device. */
class TxOffloadDeviceTest {

    private Rig rig = new Rig();

    @AfterEach
    void noStrayAccess() {
        assertThat(rig.memory.findings()).as("accesses the page table refused").isEmpty();
    }

    private short status(int context, int index) {
        return Guest.txResponseStatus(rig.tx(context), index);
    }

    private List<byte[]> wire() {
        return rig.sink.frames().stream().map(RecordingSink.Frame::bytes).toList();
    }

    private long counter(int context, Counter counter) {
        return rig.device.counter(context, counter);
    }

    private static void rejected(ControlResult result, String rule, RejectCategory category) {
        assertThat(result).isInstanceOfSatisfying(ControlResult.Rejected.class, rejected -> {
            assertThat(rejected.rule()).isEqualTo(rule);
            assertThat(rejected.category()).isEqualTo(category);
        });
    }

    private static byte[] payloadOf(byte[] frame) {
        io.netchannel.model.offload.Headers headers = io.netchannel.model.offload.Headers.parse(frame).orElseThrow();
        return Arrays.copyOfRange(frame, headers.payloadOffset(), headers.end());
    }

    @Nested
    class Configuration {

        @Test
        void required_OFF1_aDeviceRefusesOffloadsOfProfilesItDoesNotClaim() {
            rig = new Rig(Set.of(Profile.CORE));
            rig.create(1, 0);
            rejected(Offload.offloads(rig, 1, true, 0), "OFF-1", RejectCategory.NOT_SUPPORTED);
            rejected(Offload.offloads(rig, 1, false, 1000), "OFF-1", RejectCategory.NOT_SUPPORTED);
            rejected(Offload.offloads(rig, 1, false, -1), "OFF-1", RejectCategory.NOT_SUPPORTED); // the profile before the range

            rig = new Rig(Set.of(Profile.CORE, Profile.CHECKSUM));
            rig.create(1, 0);
            assertThat(Offload.offloads(rig, 1, true, 0)).isEqualTo(ControlResult.OK);
            rejected(Offload.offloads(rig, 1, true, 1000), "OFF-1", RejectCategory.NOT_SUPPORTED);
        }

        @Test
        void required_OFF2_aFlushDelayOutOfRangeIsInvalidConfig() {
            rig.create(1, 0);
            rejected(Offload.offloads(rig, 1, false, -1), "OFF-2", RejectCategory.INVALID_CONFIG);
            rejected(Offload.offloads(rig, 1, true, 1_000_000_001), "OFF-2", RejectCategory.INVALID_CONFIG);
            assertThat(Offload.offloads(rig, 1, true, 1_000_000_000)).isEqualTo(ControlResult.OK);
            assertThat(Offload.offloads(rig, 1, false, 1)).isEqualTo(ControlResult.OK);
        }

        @Test
        void required_OFF2_aRefusedConfigurationChangesNothing() {
            rig.create(1, 0);
            // the coalescing in the same request would silence the TX notification if it were applied
            rejected(Offload.offloads(rig, 1, Offload.guest(true, -5).coalescing(Queue.TX, new Coalescing(10, 1_000_000)).build()),
                    "OFF-2", RejectCategory.INVALID_CONFIG);
            queue(rig, 1, 0, tcpFrom(1, REMOTE).build(), 0, 0, 0, 1);
            rig.pushTx(1);
            assertThat(rig.sink.notifications()).containsExactly(new RecordingSink.Notification(1, Queue.TX));

            rig.postRx(1, 5, 1);
            byte[] valid = TestFrames.tcp().macs(mac(1), REMOTE).build();
            rig.device.receive(0, valid, 0, valid.length);
            assertThat(Guest.rxResponse(rig.rx(1), 0)[2]).as("rxChecksum was not applied").isZero();
        }

        @Test
        void required_OFF1_theModelClaimsTsoOrLroOnlyWithChecksum() {
            DeviceEnvironment environment = new DeviceEnvironment(rig.memory, rig.sink);
            for (Set<Profile> claimed : List.of(Set.of(Profile.CORE, Profile.TSO), Set.of(Profile.CORE, Profile.LRO),
                    Set.of(Profile.CORE, Profile.QOS, Profile.TSO, Profile.LRO))) {
                assertThatThrownBy(() -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC, claimed))
                        .as("%s", claimed).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OFF-1");
            }
            new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC, Set.of(Profile.CORE, Profile.CHECKSUM, Profile.LRO));
        }
    }

    @Nested
    class TransmitChecksum {

        @Test
        void required_CSUM1_aBlankChecksumIsCompletedAndNothingElseChanges() {
            rig.create(1, 0);
            byte[] blank = tcpFrom(1, REMOTE).payload(TestFrames.payload(6000, 3)).sum(TestFrames.Sum.ZERO).build();
            byte[] expected = tcpFrom(1, REMOTE).payload(TestFrames.payload(6000, 3)).build();
            byte[] udpBlank = udpFrom(1, REMOTE).ipv6().sum(TestFrames.Sum.WRONG).build();
            byte[] udpExpected = udpFrom(1, REMOTE).ipv6().build();

            int first = queue(rig, 1, 0, blank, TX_CSUM_BLANK, 0, 0, 1);
            int second = queue(rig, 1, 4, udpBlank, TX_CSUM_BLANK | TX_DATA_VALIDATED, 0, 0, 9);
            rig.pushTx(1);

            assertThat(wire()).containsExactly(expected, udpExpected);
            assertThat(status(1, first)).isEqualTo(OKAY);
            assertThat(status(1, second)).isEqualTo(OKAY);
            assertThat(counter(1, Counter.TX_FRAMES)).isEqualTo(2);
            assertThat(counter(1, Counter.TX_BYTES)).isEqualTo(expected.length + udpExpected.length);
        }

        @Test
        void required_CSUM1_theTaggedWireFrameGetsTheChecksumOfTheGuestsFrame() {
            rig.create(1, 0, Rig.config(1).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            queue(rig, 1, 0, tcpFrom(1, REMOTE).sum(TestFrames.Sum.ZERO).build(), TX_CSUM_BLANK, 0, 0, 1);
            rig.pushTx(1);

            assertThat(wire()).containsExactly(tcpFrom(1, REMOTE).vlan(10).build());
        }

        @Test
        void required_CSUM2_aUdpChecksumThatComputesToZeroLeavesAsFfff() {
            rig.create(1, 0);
            byte[] probe = udpFrom(1, REMOTE).payload(new byte[2]).build();
            int cancel = (probe[40] & 0xFF) << 8 | probe[41] & 0xFF; // the checksum with a zero payload word
            byte[] zeroSum = udpFrom(1, REMOTE).payload(TestFrames.bytes(cancel >>> 8, cancel)).sum(TestFrames.Sum.ZERO).build();
            queue(rig, 1, 0, zeroSum, TX_CSUM_BLANK, 0, 0, 1);
            rig.pushTx(1);

            byte[] sent = wire().get(0);
            assertThat((sent[40] & 0xFF) << 8 | sent[41] & 0xFF).isEqualTo(0xFFFF);
            assertThat(Arrays.equals(sent, 0, 40, zeroSum, 0, 40)).isTrue();
        }

        @Test
        void required_CSUM3_aBlankChecksumTheDeviceCannotFindIsAPerPacketErrorBeforeChapter07() {
            rig.create(1, 0);
            byte[] fragment = tcpFrom(1, REMOTE).fragment(0x2000).sum(TestFrames.Sum.ZERO).build();
            byte[] spoofedArp = TestFrames.concat(REMOTE, mac(2), TestFrames.hex("0806"), new byte[46]);
            int first = queue(rig, 1, 0, fragment, TX_CSUM_BLANK, 0, 0, 1);
            int second = queue(rig, 1, 2, spoofedArp, TX_CSUM_BLANK, 0, 0, 2);
            int third = queue(rig, 1, 4, spoofedArp, 0, 0, 0, 3);
            rig.pushTx(1);

            assertThat(status(1, first)).isEqualTo(ERROR);
            assertThat(status(1, second)).as("CSUM-3 before TXF-2").isEqualTo(ERROR);
            assertThat(status(1, third)).as("no csum_blank: chapter 07 drops it").isEqualTo((short) -2);
            assertThat(counter(1, Counter.TX_ERRORS)).isEqualTo(2);
            assertThat(counter(1, Counter.TX_DROP_SPOOF)).isEqualTo(1);
            assertThat(wire()).isEmpty();
        }

        @Test
        void required_CSUM4_withoutCsumBlankAFrameLeavesExactlyAsQueued() {
            rig.create(1, 0);
            byte[] wrong = tcpFrom(1, REMOTE).sum(TestFrames.Sum.WRONG).build();
            byte[] unparsed = TestFrames.concat(REMOTE, mac(1), TestFrames.hex("0806"), new byte[46]);
            queue(rig, 1, 0, wrong, TX_DATA_VALIDATED, 0, 0, 1);
            queue(rig, 1, 2, unparsed, 0, 0, 0, 2);
            rig.pushTx(1);

            assertThat(wire()).containsExactly(wrong, unparsed);
        }

        @Test
        void required_CSUM4_withoutProfileChecksumCsumBlankIsIgnored() {
            rig = new Rig(Set.of(Profile.CORE));
            rig.create(1, 0);
            byte[] blank = tcpFrom(1, REMOTE).sum(TestFrames.Sum.ZERO).build();
            byte[] unparsed = TestFrames.concat(REMOTE, mac(1), TestFrames.hex("0806"), new byte[46]);
            int first = queue(rig, 1, 0, blank, TX_CSUM_BLANK, 0, 0, 1);
            int second = queue(rig, 1, 2, unparsed, TX_CSUM_BLANK, 0, 0, 2);
            rig.pushTx(1);

            assertThat(wire()).containsExactly(blank, unparsed);
            assertThat(status(1, first)).isEqualTo(OKAY);
            assertThat(status(1, second)).isEqualTo(OKAY);
        }
    }

    @Nested
    class Segmentation {

        /** 3000 payload bytes, PSH FIN CWR ACK, as the guest queues it: checksums blank. */
        private byte[] superFrame(TestFrames.Builder builder) {
            return builder.payload(TestFrames.payload(3000, 5)).seq(0xFFFF_FE00L).id(0xFFFE)
                    .flags(TestFrames.ACK | TestFrames.PSH | TestFrames.FIN | TestFrames.CWR).sum(TestFrames.Sum.ZERO).build();
        }

        @Test
        void required_DESC16_aGsoExtraIsAPerPacketErrorOnADeviceWithoutTso() {
            rig = new Rig(Set.of(Profile.CORE, Profile.CHECKSUM));
            rig.create(1, 0);
            int first = queue(rig, 1, 0, superFrame(tcpFrom(1, REMOTE)), TX_CSUM_BLANK, GSO_TCPV4, 1448, 1);
            rig.pushTx(1);

            assertThat(status(1, first)).isEqualTo(ERROR);
            assertThat(status(1, first + 1)).as("the extra").isEqualTo(NULL);
            assertThat(counter(1, Counter.TX_ERRORS)).isEqualTo(1);
            assertThat(wire()).isEmpty();
        }

        @Test
        void required_TSO2_TSO5_aGsoPacketLeavesAsItsSegmentsAndIsAnsweredOnce() {
            rig.create(1, 0);
            byte[] guest = superFrame(tcpFrom(1, REMOTE));
            int first = queue(rig, 1, 0, guest, 0, GSO_TCPV4, 1448, 1);
            rig.pushTx(1);

            List<byte[]> sent = wire();
            assertThat(sent).hasSize(3);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) {
                byte[] segment = sent.get(i);
                assertThat(io.netchannel.model.offload.Checksums.verifies(segment)).as("segment %d verifies", i).isTrue();
                assertThat((segment[18] & 0xFF) << 8 | segment[19] & 0xFF).as("TSO-3 ID").isEqualTo((0xFFFE + i) & 0xFFFF);
                joined.writeBytes(payloadOf(segment));
            }
            assertThat(joined.toByteArray()).isEqualTo(payloadOf(guest));
            assertThat(sent.get(0)[47] & 0xFF).isEqualTo(TestFrames.ACK | TestFrames.CWR);
            assertThat(sent.get(2)[47] & 0xFF).isEqualTo(TestFrames.ACK | TestFrames.PSH | TestFrames.FIN);
            assertThat(status(1, first)).isEqualTo(OKAY);
            assertThat(status(1, first + 1)).isEqualTo(NULL);
            assertThat(status(1, first + 2)).isEqualTo(OKAY);
            assertThat(counter(1, Counter.TX_FRAMES)).isEqualTo(3);
            assertThat(counter(1, Counter.TX_BYTES)).isEqualTo(sent.get(0).length + sent.get(1).length + sent.get(2).length);
            assertThat(rig.device.filterHits(1, 0)).as("one decision, one hit").isEqualTo(1);
            assertThat(rig.sink.notifications()).as("one packet, one completion").hasSize(1);
        }

        @Test
        void required_TSO4_csumBlankMakesNoDifferenceToAGsoPacket() {
            rig.create(1, 0);
            queue(rig, 1, 0, superFrame(tcpFrom(1, REMOTE).ipv6()), 0, GSO_TCPV6, 1000, 1);
            queue(rig, 1, 4, superFrame(tcpFrom(1, REMOTE).ipv6()), TX_CSUM_BLANK, GSO_TCPV6, 1000, 5);
            rig.pushTx(1);

            List<byte[]> sent = wire();
            assertThat(sent).hasSize(6);
            for (int i = 0; i < 3; i++) {
                assertThat(sent.get(i + 3)).isEqualTo(sent.get(i));
            }
        }

        @Test
        void required_TSO1_aGsoPacketThatIsNotTcpOfItsTypeIsAPerPacketErrorBeforeChapter07() {
            rig.create(1, 0);
            int udp = queue(rig, 1, 0, udpFrom(1, REMOTE).payload(new byte[3000]).build(), 0, GSO_TCPV4, 1448, 1);
            int version = queue(rig, 1, 2, superFrame(tcpFrom(1, REMOTE).ipv6()), 0, GSO_TCPV4, 1448, 5);
            int trailing = queue(rig, 1, 4, tcpFrom(1, REMOTE).trailing(new byte[4]).build(), 0, GSO_TCPV4, 1448, 9);
            int spoofed = queue(rig, 1, 6, superFrame(TestFrames.udp().macs(REMOTE, mac(2))), 0, GSO_TCPV4, 1448, 13);
            int good = queue(rig, 1, 8, superFrame(tcpFrom(1, REMOTE)), 0, GSO_TCPV4, 2000, 17);
            rig.pushTx(1);

            for (int index : new int[] {udp, version, trailing, spoofed}) {
                assertThat(status(1, index)).as("packet at %d", index).isEqualTo(ERROR);
            }
            assertThat(status(1, good)).isEqualTo(OKAY);
            assertThat(counter(1, Counter.TX_ERRORS)).isEqualTo(4);
            assertThat(counter(1, Counter.TX_DROP_SPOOF)).as("judged before chapter 07").isZero();
            assertThat(wire()).hasSize(2);
        }

        @Test
        void required_TSO5_eachSegmentCarriesTheTagChapter07Inserts() {
            rig.create(1, 0, Rig.config(1).toBuilder().vlan(new VlanPolicy.Access(10)).build());
            queue(rig, 1, 0, superFrame(tcpFrom(1, REMOTE)), 0, GSO_TCPV4, 1500, 1);
            rig.pushTx(1);

            List<byte[]> sent = wire();
            assertThat(sent).hasSize(2);
            for (byte[] segment : sent) {
                assertThat(Arrays.copyOfRange(segment, 12, 18)).isEqualTo(TestFrames.hex("8100 000a 0800"));
                assertThat(io.netchannel.model.offload.Checksums.verifies(segment)).isTrue();
            }
            assertThat(counter(1, Counter.TX_BYTES)).isEqualTo(2 * (4 + 54) + 3000);
        }

        @Test
        void required_TSO5_theFirstSlotsSizeIsChargedOnce() {
            // a full bucket of 65535 bytes: the 40000-byte GSO packet and a 25535-byte packet use it up exactly
            rig.create(1, 0, Rig.config(1).toBuilder().txRate(new TxRate(1000, 1_000_000, 65_535)).build());
            byte[] large = tcpFrom(1, REMOTE).payload(new byte[40000 - 54]).build();
            queue(rig, 1, 0, large, 0, GSO_TCPV4, 1000, 1);
            queue(rig, 1, 10, tcpFrom(1, REMOTE).payload(new byte[25535 - 54]).build(), 0, 0, 0, 20);
            int third = queue(rig, 1, 18, tcpFrom(1, REMOTE).payload(new byte[6]).build(), 0, 0, 0, 40);
            rig.pushTx(1);

            assertThat(counter(1, Counter.TX_FRAMES)).as("40 segments and one frame").isEqualTo(41);
            assertThat(counter(1, Counter.TX_RATE_LIMITED)).as("the third waits").isEqualTo(1);
            assertThat(Guest.u32(rig.tx(1), Guest.RSP_PROD)).as("the third not answered").isEqualTo(third);
        }

        @Test
        void required_TSO5_inVebEachSegmentIsSwitchedAsAFrameOfItsOwn() {
            rig.device.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB));
            rig.create(1, 0).create(2, 0);
            for (int page = 0; page < 3; page++) {
                rig.postRx(2, page, page);
            }
            queue(rig, 1, 0, superFrame(tcpFrom(1, mac(2))), 0, GSO_TCPV4, 1448, 1);
            rig.pushTx(1);

            assertThat(wire()).as("unicast to a local context stays inside").isEmpty();
            assertThat(rig.device.counter(2, Counter.RX_FRAMES)).isEqualTo(3);
            assertThat(Guest.rxResponse(rig.rx(2), 2)[3]).isEqualTo(54 + 104);
        }
    }
}
