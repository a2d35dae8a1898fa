package io.netchannel.fastnic;

import static io.netchannel.api.layout.RxResponseLayout.FLAG_DATA_VALIDATED;
import static io.netchannel.api.layout.RxResponseLayout.FLAG_EXTRA_INFO;
import static io.netchannel.api.layout.RxResponseLayout.FLAG_MORE_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Offloads;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 11 on receive: RX checksum validation (CSUM-5, CSUM-6), the offloads' configuration
 * (OFF-2) and large receive offload (LRO-1..8). Segments come from {@link Frames}; the merged frame
 * a flush must deliver is built the same way — F's fields with every payload — so its lengths and
 * checksums are the plain byte loop's, not the device's partial sums.
 */
class RxOffloadTest {

    private static final int CTX = 2;
    private static final long DELAY = 10_000;

    private final Fleet fleet = new Fleet();
    private final OffloadGuest guest = new OffloadGuest(fleet);
    /** A flow from the peer to context 2: in-order 1448-byte segments, IDs incrementing. */
    private final Frames flow = new Frames();
    private int sent;

    RxOffloadTest() {
        fleet.create(CTX, Fleet.config(CTX));
        flow.destination = Fleet.mac(CTX);
        flow.source = Frames.PEER;
    }

    @AfterEach
    void noStrayAccess() {
        assertThat(fleet.memory.findings()).as("MEM-1..5: the device touched nothing it should not").isEmpty();
    }

    private void offloads(boolean rxChecksum, long lroNanos) {
        fleet.guest(CTX, GuestConfig.builder().offloads(new Offloads(rxChecksum, lroNanos)).build());
    }

    private long counter(Counter counter) {
        return fleet.nic.counter(CTX, counter);
    }

    /** The flow's next segment, {@code length} payload bytes, with {@code extra} flags besides ACK. */
    private byte[] segment(int length, int extra) {
        flow.payload(length, sent);
        flow.flags = Frames.ACK | extra;
        byte[] frame = flow.build();
        flow.seq += length;
        flow.id = (flow.id + 1) & 0xFFFF;
        sent++;
        return frame;
    }

    /** What a flush of segments with these payloads must deliver: F's headers, every payload, PSH if any. */
    private static byte[] merged(Frames first, byte[][] payloads, boolean psh) {
        Frames m = new Frames();
        m.destination = first.destination;
        m.source = first.source;
        m.ipv6 = first.ipv6;
        m.id = first.id;
        m.seq = first.seq;
        m.flags = Frames.ACK | (psh ? Frames.PSH : 0);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            all.writeBytes(payload);
        }
        m.payload = all.toByteArray();
        return m.build();
    }

    private Frames snapshot() {
        Frames copy = new Frames();
        copy.destination = flow.destination;
        copy.source = flow.source;
        copy.ipv6 = flow.ipv6;
        copy.id = flow.id;
        copy.seq = flow.seq;
        return copy;
    }

    private static byte[] payloadOf(byte[] frame, int headers) {
        return Arrays.copyOfRange(frame, headers, frame.length);
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void required_OFF2_anLroDelayOutOfRangeIsInvalidConfig() {
        for (long nanos : new long[] {-1, Offloads.MAX_LRO_FLUSH_NANOS + 1, Long.MIN_VALUE}) {
            ControlResult result = fleet.nic.control(Caller.guest(CTX), new ControlRequest.SetGuestConfig(CTX,
                    GuestConfig.builder().offloads(new Offloads(true, nanos)).promiscuous(false).build()));
            assertThat(result).isInstanceOf(ControlResult.Rejected.class);
            assertThat(((ControlResult.Rejected) result).rule()).isEqualTo("OFF-2");
            assertThat(((ControlResult.Rejected) result).category()).isEqualTo(RejectCategory.INVALID_CONFIG);
        }
        byte[] held = segment(100, 0);
        guest.post(CTX, 1);
        fleet.wire(held);
        assertThat(guest.rxFlags(CTX, 0)).as("the refusals changed nothing: no LRO, no flag").isZero();
        offloads(true, Offloads.MAX_LRO_FLUSH_NANOS); // OFF-1: this device claims checksum and lro
        guest.post(CTX, 1);
        fleet.wire(segment(100, 0));
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("held").isEqualTo(1);
        fleet.nic.advanceTo(Offloads.MAX_LRO_FLUSH_NANOS);
        assertThat(Pages.rspProd(fleet.rx(CTX))).isEqualTo(2);
        assertThat(guest.rxFlags(CTX, 1)).isEqualTo(FLAG_DATA_VALIDATED);
    }

    // ------------------------------------------------------------------ RX checksum (section 5.2)

    @Test
    void required_CSUM5_CSUM6_validatedExactlyWhenTheChecksumsVerifyAndEveryFrameIsDelivered() {
        offloads(true, 0);
        guest.post(CTX, 6);
        byte[] good = segment(500, 0);
        byte[] badTcp = good.clone();
        badTcp[badTcp.length - 1] ^= 1;
        byte[] badIp = good.clone();
        badIp[14 + 8] ^= 1; // TTL: the IPv4 header checksum no longer verifies
        Frames udp = new Frames().payload(101, 3);
        udp.protocol = 17;
        udp.destination = Fleet.mac(CTX);
        byte[] udpZero = udp.build();
        Frames.put16(udpZero, 14 + 20 + 6, 0); // no checksum: never verifies
        byte[] notIp = Rig.frameTo(Fleet.mac(CTX), 80);

        for (byte[] frame : new byte[][] {good, badTcp, badIp, udp.build(), udpZero, notIp}) {
            fleet.wire(frame);
        }

        int[] expected = {FLAG_DATA_VALIDATED, 0, 0, FLAG_DATA_VALIDATED, 0, 0};
        for (int i = 0; i < 6; i++) {
            assertThat(guest.rxFlags(CTX, i)).as("frame %d", i).isEqualTo(expected[i]);
        }
        assertThat(guest.delivery(CTX, 1)).as("delivered as it came").isEqualTo(badTcp);
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(6);
    }

    @Test
    void required_CSUM5_ffffWhereZeroWasDueStillVerifies() {
        offloads(true, 0);
        guest.post(CTX, 1);
        Frames udp = new Frames().payload(64, 1);
        udp.protocol = 17;
        udp.destination = Fleet.mac(CTX);
        udp.checksums = false;
        byte[] frame = udp.build();
        int l4 = 14 + 20;
        Frames.put16(frame, frame.length - 2, 0);
        Frames.put16(frame, frame.length - 2, ~Frames.l4Sum(frame, 14, l4, frame.length - l4, 17) & 0xFFFF);
        Frames.put16(frame, l4 + 6, 0xFFFF); // the computed checksum is 0x0000; RFC 768 sends 0xFFFF
        Frames.put16(frame, 14 + 10, ~Frames.naiveSum(frame, 14, 20) & 0xFFFF);

        fleet.wire(frame);

        assertThat(guest.rxFlags(CTX, 0)).isEqualTo(FLAG_DATA_VALIDATED);
    }

    @Test
    void required_CSUM6_aGuestThatDidNotAskGetsNoFlag() {
        guest.post(CTX, 1);
        fleet.wire(segment(500, 0));
        assertThat(guest.rxFlags(CTX, 0)).isZero();
    }

    @Test
    void required_CSUM5_anAccessRecipientIsJudgedOnTheStrippedCopy() {
        fleet.create(3, Fleet.config(3).vlan(new VlanPolicy.Access(100)));
        fleet.guest(3, GuestConfig.builder().offloads(new Offloads(true, 0)).build());
        guest.post(3, 1);
        Frames tagged = new Frames().payload(300, 2);
        tagged.destination = Fleet.mac(3);
        tagged.vid = 100;
        byte[] frame = tagged.build();

        fleet.wire(frame);

        tagged.vid = -1;
        assertThat(guest.delivery(3, 0)).isEqualTo(tagged.build());
        assertThat(guest.rxFlags(3, 0)).isEqualTo(FLAG_DATA_VALIDATED);
    }

    // ------------------------------------------------------------------ LRO (section 7)

    @Test
    void required_LRO3_LRO5_threeSegmentsMergeAndLeaveAtTheirDueTimeInXensLayout() {
        offloads(true, DELAY);
        guest.post(CTX, 5);
        Frames first = snapshot();
        byte[] a = segment(1448, 0);
        byte[] b = segment(1448, 0);
        byte[] c = segment(1448, 0);

        fleet.wire(a);
        fleet.nic.advanceTo(1000);
        fleet.wire(b);
        fleet.wire(c);
        fleet.nic.advanceTo(DELAY - 1);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("held until first arrival + lroFlushNanos").isZero();
        fleet.nic.advanceTo(DELAY);

        byte[] expected = merged(first, new byte[][] {payloadOf(a, 54), payloadOf(b, 54), payloadOf(c, 54)}, false);
        assertThat(expected).hasSize(54 + 3 * 1448);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("ceil(4398 / 4096) + 1 slots").isEqualTo(3);
        assertThat(guest.rxFlags(CTX, 0)).isEqualTo(FLAG_EXTRA_INFO | FLAG_MORE_DATA | FLAG_DATA_VALIDATED);
        assertThat(guest.rxStatus(CTX, 0)).isEqualTo((short) 4096);
        // the GSO extra: type 1, flags 0, size 1448 (le), GSO type TCPv4, pad 0, features 0
        assertThat(guest.rxEntry(CTX, 1)).containsExactly(1, 0, 0xA8, 0x05, ExtraInfoLayout.GSO_TYPE_TCPV4, 0, 0, 0);
        assertThat(fleet.memory.touches(guest.buffer(CTX, 1))).as("the extra slot's buffer is not written").isZero();
        assertThat(guest.rxFlags(CTX, 2)).isZero();
        assertThat(guest.rxStatus(CTX, 2)).isEqualTo((short) (expected.length - 4096));
        assertThat(guest.delivery(CTX, 0)).isEqualTo(expected);
        assertThat(counter(Counter.RX_FRAMES)).as("LRO-6: n").isEqualTo(3);
        assertThat(counter(Counter.RX_BYTES)).isEqualTo(expected.length);
        assertThat(fleet.sink.notifications).as("one delivery, one publish").containsExactly("2/RX");
    }

    @Test
    void required_LRO4_pshOrAShortSegmentFlushesAfterMerging() {
        offloads(false, DELAY);
        guest.post(CTX, 6);
        Frames first = snapshot();
        byte[] a = segment(1000, 0);
        byte[] b = segment(1000, Frames.PSH);
        fleet.wire(a);
        fleet.wire(b);
        Frames second = snapshot();
        byte[] c = segment(1000, 0);
        byte[] d = segment(999, 0); // shorter than the MSS

        fleet.wire(c);
        fleet.wire(d);

        assertThat(guest.delivery(CTX, 0)).isEqualTo(merged(first, new byte[][] {payloadOf(a, 54), payloadOf(b, 54)}, true));
        assertThat(guest.rxFlags(CTX, 0)).as("no RX checksum offload, no flag").isEqualTo(FLAG_EXTRA_INFO);
        assertThat(guest.delivery(CTX, 2)).isEqualTo(merged(second, new byte[][] {payloadOf(c, 54), payloadOf(d, 54)}, false));
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(4);
    }

    @Test
    void required_LRO5_aSingleHeldSegmentIsDeliveredByteForByte() {
        offloads(true, DELAY);
        guest.post(CTX, 2);
        byte[] a = segment(700, 0);
        fleet.wire(a);
        fleet.nic.advanceTo(DELAY);

        assertThat(guest.delivery(CTX, 0)).isEqualTo(a);
        assertThat(guest.rxFlags(CTX, 0)).isEqualTo(FLAG_DATA_VALIDATED);
        assertThat(Pages.rspProd(fleet.rx(CTX))).isEqualTo(1);
    }

    @Test
    void required_LRO2_LRO8_aNonCandidateFlushesTheAggregateFirstAndIsNeverHeld() {
        offloads(false, DELAY);
        guest.post(CTX, 8);
        Frames first = snapshot();
        byte[] a = segment(1000, 0);
        byte[] b = segment(1000, 0);
        byte[] fin = segment(10, Frames.FIN);
        byte[] pureAck = segment(0, 0);
        byte[] c = segment(1000, 0);
        byte[] bad = segment(1000, 0);
        bad[bad.length - 1] ^= 1; // its checksum fails: not a candidate

        for (byte[] frame : new byte[][] {a, b, fin, pureAck, c, bad}) {
            fleet.wire(frame);
        }

        assertThat(guest.delivery(CTX, 0)).isEqualTo(merged(first, new byte[][] {payloadOf(a, 54), payloadOf(b, 54)}, false));
        assertThat(guest.delivery(CTX, 2)).isEqualTo(fin);
        assertThat(guest.delivery(CTX, 3)).isEqualTo(pureAck);
        assertThat(guest.delivery(CTX, 4)).as("c alone: bad's headers merged but its checksum failed").isEqualTo(c);
        assertThat(guest.delivery(CTX, 5)).isEqualTo(bad);
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(6);
    }

    @Test
    void required_LRO3_segmentsThatBreakTheFlowDoNotMerge() {
        offloads(false, DELAY);
        guest.post(CTX, 10);
        byte[] a = segment(1000, 0);
        flow.id++; // an ID that does not follow
        byte[] noId = segment(1000, 0);
        flow.seq += 5; // a gap
        byte[] gap = segment(1000, 0);
        byte[] longer = segment(1001, 0); // longer than the held MSS
        flow.ttl = 63;
        byte[] ttl = segment(1001, 0); // the IP header differs
        flow.ttl = 64;

        for (byte[] frame : new byte[][] {a, noId, gap, longer, ttl}) {
            fleet.wire(frame);
        }
        fleet.nic.advanceTo(DELAY);

        for (int i = 0; i < 5; i++) {
            assertThat(guest.rxFlags(CTX, i)).as("delivery %d is a single segment", i).isZero();
        }
        assertThat(guest.delivery(CTX, 4)).isEqualTo(ttl);
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(5);
    }

    @Test
    void required_LRO3_oddMssOverIpv6MergesWithAValidChecksum() {
        flow.ipv6 = true;
        offloads(true, DELAY);
        guest.post(CTX, 3);
        Frames first = snapshot();
        byte[][] segments = {segment(999, 0), segment(999, 0), segment(999, 0), segment(998, 0)};
        for (byte[] frame : segments) {
            fleet.wire(frame);
        }

        byte[][] payloads = new byte[4][];
        for (int i = 0; i < 4; i++) {
            payloads[i] = payloadOf(segments[i], 74);
        }
        assertThat(guest.delivery(CTX, 0)).isEqualTo(merged(first, payloads, false));
        assertThat(guest.rxEntry(CTX, 1)).containsExactly(1, 0, 0xE7, 0x03, ExtraInfoLayout.GSO_TYPE_TCPV6, 0, 0, 0);
        assertThat(guest.rxFlags(CTX, 0)).isEqualTo(FLAG_EXTRA_INFO | FLAG_DATA_VALIDATED);
    }

    @Test
    void required_LRO3_LRO4_ringPressureEndsMergingAndANewSegmentThatDoesNotFitIsNotHeld() {
        offloads(false, DELAY);
        guest.post(CTX, 2);
        Frames first = snapshot();
        byte[] a = segment(1448, 0);
        byte[] b = segment(1448, 0);
        byte[] c = segment(1448, 0);

        fleet.wire(a); // needs 1 of 2: held
        fleet.wire(b); // merged 2950 bytes: 1 data slot + the extra = 2: merges
        fleet.wire(c); // 4398 bytes would need 3: A is flushed into the 2, and c finds none
        assertThat(guest.delivery(CTX, 0)).isEqualTo(merged(first, new byte[][] {payloadOf(a, 54), payloadOf(b, 54)}, false));
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(2);
        assertThat(counter(Counter.RX_DROP_NO_BUFFER)).isEqualTo(1);

        guest.post(CTX, 1);
        byte[] d = segment(1448, 0);
        fleet.wire(d); // one request for a one-slot frame: held
        assertThat(Pages.rspProd(fleet.rx(CTX))).isEqualTo(2);
        fleet.nic.advanceTo(DELAY);
        assertThat(guest.delivery(CTX, 2)).isEqualTo(d);
    }

    @Test
    void required_LRO4_aPshCandidateWithNothingHeldGoesAtOnce() {
        offloads(false, DELAY);
        guest.post(CTX, 1);
        byte[] push = segment(500, Frames.PSH);
        fleet.wire(push);
        assertThat(guest.delivery(CTX, 0)).isEqualTo(push);
    }

    @Test
    void required_LRO4_controlRequestsOfTheContextFlushUnderTheOldConfigurationAndDestroyDiscards() {
        offloads(true, DELAY);
        guest.post(CTX, 6);
        byte[] a = segment(1000, 0);
        fleet.wire(a);
        // SetGuestConfig turning RX checksum offload off: flushed first, so still flagged
        offloads(false, DELAY);
        assertThat(guest.delivery(CTX, 0)).isEqualTo(a);
        assertThat(guest.rxFlags(CTX, 0)).isEqualTo(FLAG_DATA_VALIDATED);

        byte[] b = segment(1000, 0);
        fleet.wire(b);
        assertThat(fleet.update(CTX, Fleet.config(CTX))).isEqualTo(ControlResult.OK);
        assertThat(guest.delivery(CTX, 1)).isEqualTo(b);
        assertThat(guest.rxFlags(CTX, 1)).isZero();

        // a request on another context and a kick flush nothing
        fleet.create(3, Fleet.config(3));
        byte[] c = segment(1000, 0);
        fleet.wire(c);
        assertThat(fleet.update(3, Fleet.config(3))).isEqualTo(ControlResult.OK);
        fleet.nic.kick(CTX, io.netchannel.api.Queue.TX);
        assertThat(Pages.rspProd(fleet.rx(CTX))).isEqualTo(2);

        // reset: flushed, then the RX ring re-attached after the flushed slot
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.ResetContext(CTX))).isEqualTo(ControlResult.OK);
        assertThat(guest.delivery(CTX, 2)).isEqualTo(c);
        byte[] d = segment(1000, Frames.PSH);
        fleet.wire(d);
        assertThat(guest.delivery(CTX, 3)).as("the next delivery takes the next slot").isEqualTo(d);

        byte[] e = segment(1000, 0);
        fleet.wire(e);
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.DestroyContext(CTX))).isEqualTo(ControlResult.OK);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("a destroy discards").isEqualTo(4);
        fleet.nic.advanceTo(DELAY * 10);
        assertThat(Pages.rspProd(fleet.rx(CTX))).isEqualTo(4);
    }

    @Test
    void required_LRO6_aContextThatFailsDropsItsAggregateIntoRxDropFailed() {
        offloads(false, DELAY);
        guest.post(CTX, 4);
        fleet.wire(segment(1000, 0));
        fleet.wire(segment(1000, 0));
        fleet.memory.revoke(Fleet.rxRing(CTX));

        fleet.wire(segment(1000, 0)); // MEM-10 at the start of lro_receive

        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        assertThat(counter(Counter.RX_DROP_FAILED)).isEqualTo(3);
        assertThat(counter(Counter.FATAL_ERRORS)).isEqualTo(1);
        assertThat(counter(Counter.RX_FRAMES)).isZero();
        fleet.memory.grant(Fleet.rxRing(CTX), CTX, Access.READ_WRITE);
    }

    @Test
    void required_LRO6_aTxFatalErrorAlsoDropsTheAggregate() {
        offloads(false, DELAY);
        guest.post(CTX, 4);
        fleet.wire(segment(1000, 0));
        fleet.wire(segment(1000, 0));
        Pages.putTxRequest(fleet.tx(CTX), 0, 999, 4000, 0, 1, 200); // crosses its page: DESC-5, fatal
        Pages.setReqProd(fleet.tx(CTX), 1);

        fleet.nic.kick(CTX, io.netchannel.api.Queue.TX);

        assertThat(fleet.nic.state(CTX)).isEqualTo(ContextState.FAILED);
        assertThat(counter(Counter.RX_DROP_FAILED)).isEqualTo(2);
        fleet.nic.advanceTo(DELAY);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("nothing left to flush").isZero();
    }

    @Test
    void required_LRO6_aMergedDeliveryWithABadBufferAnswersEverySlotErrorAndCountsN() {
        offloads(false, DELAY);
        guest.post(CTX, 1);
        Pages.putRxRequest(fleet.rx(CTX), 1, 0x77, 998); // not granted: the extra's slot, never checked
        Pages.putRxRequest(fleet.rx(CTX), 2, 0x78, 997); // not granted: a data slot
        Pages.setReqProd(fleet.rx(CTX), 3);
        for (int i = 0; i < 3; i++) {
            fleet.wire(segment(1448, 0));
        }
        fleet.nic.advanceTo(DELAY);

        assertThat(counter(Counter.RX_DROP_BAD_BUFFER)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(guest.rxStatus(CTX, i)).isEqualTo(NetifStatus.ERROR);
            assertThat(guest.rxFlags(CTX, i)).isZero();
        }
        assertThat(Pages.u16(fleet.rx(CTX), Pages.rxEntry(1))).as("the extra's slot answered with its id").isEqualTo(0x77);
        assertThat(fleet.memory.touches(guest.buffer(CTX, 0))).isZero();
    }

    @Test
    void required_LRO1_withLroOffNoGsoExtraAndNothingHeld() {
        offloads(true, 0);
        guest.post(CTX, 3);
        for (int i = 0; i < 3; i++) {
            fleet.wire(segment(1448, 0));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(guest.rxFlags(CTX, i)).isEqualTo(FLAG_DATA_VALIDATED);
        }
        assertThat(counter(Counter.RX_FRAMES)).isEqualTo(3);
    }

    @Test
    void required_LRO4_LRO7_aDueAggregateIsNeverExtendedEvenInsideItsOwnInstant() {
        // Context 1 sends at 1 byte per ns with the smallest burst; 65 frames of 1000 bytes to the
        // peer use 65000 of its 65535, so the 66th — the flow's next segment, 1000 bytes, switched
        // to context 2 in VEB — waits until 465. Context 2's aggregate, held from time 0 with a delay of 465, is
        // due at that very instant: context 1's resumption runs first (lower id), finds it due and
        // flushes it before the new segment, which starts an aggregate of its own.
        assertThat(fleet.nic.control(Caller.HOST, new ControlRequest.SetSwitchMode(SwitchMode.VEB))).isEqualTo(ControlResult.OK);
        fleet.create(1, Fleet.config(1).txRate(new TxRate(1, 1, TxRate.MIN_BURST)));
        offloads(false, 465);
        guest.post(CTX, 4);
        flow.source = Fleet.mac(1);
        byte[] a = segment(946, 0);
        byte[] b = segment(946, 0);
        assertThat(b).hasSize(1000);
        fleet.wire(a); // held at 0, due at 465
        Traffic traffic = new Traffic(fleet);
        for (int i = 0; i < 65; i++) {
            traffic.queue(1, 1000);
        }
        traffic.publish(1);
        fleet.nic.kick(1, io.netchannel.api.Queue.TX);
        // b, queued on context 1's ring after the 65 frames, from its own page
        byte[] page = fleet.memory.grant(690, 1, Access.READ_ONLY);
        System.arraycopy(b, 0, page, 0, b.length);
        Pages.putTxRequest(fleet.tx(1), 65, 690, 0, 0, 65, b.length);
        Pages.setReqProd(fleet.tx(1), 66);
        fleet.nic.kick(1, io.netchannel.api.Queue.TX);
        assertThat(fleet.nic.counter(1, Counter.TX_RATE_LIMITED)).isEqualTo(1);

        fleet.nic.advanceTo(464);
        assertThat(Pages.rspProd(fleet.rx(CTX))).isZero();
        fleet.nic.advanceTo(465);
        assertThat(guest.delivery(CTX, 0)).as("a alone").isEqualTo(a);
        assertThat(Pages.rspProd(fleet.rx(CTX))).as("b held, not merged").isEqualTo(1);
        fleet.nic.advanceTo(930);
        assertThat(guest.delivery(CTX, 1)).isEqualTo(b);
    }
}
