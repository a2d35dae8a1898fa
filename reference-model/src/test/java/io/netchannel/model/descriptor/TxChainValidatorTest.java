package io.netchannel.model.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The chain validator on hand-built chains, one worked example per rule of chapter 04. */
class TxChainValidatorTest {

    private static final int MORE_DATA = 4;
    private static final int EXTRA_INFO = 8;
    private static final int EXTRA_MORE = 1;
    private static final int GSO = 1;
    private static final int MCAST_ADD = 2;
    private static final int MCAST_DEL = 3;
    private static final int HASH = 4;
    /** The context's own ring pages (grefs 90 and 91), read-write for it as every ring page is. */
    private static final int TX_RING = 90;
    private static final int RX_RING = 91;

    /** Readable grants by default; a test names the ones that are not. */
    private final Map<Integer, Access> grants = new HashMap<>();
    private final List<Integer> lookedUp = new ArrayList<>();

    /** A ring of hand-built slots that records which slots the validator read. */
    private static final class Ring implements TxSlots {
        final List<byte[]> entries = new ArrayList<>();
        final List<Integer> reads = new ArrayList<>();

        Ring add(byte[] entry) {
            entries.add(entry);
            return this;
        }

        @Override
        public Optional<byte[]> read(int k) {
            reads.add(k);
            return Optional.of(entries.get(k).clone());
        }
    }

    private static byte[] tx(int gref, int offset, int flags, int id, int size) {
        byte[] entry = new byte[12];
        LittleEndian.putU16(entry, 0, gref);
        LittleEndian.putU16(entry, 2, gref >>> 16);
        LittleEndian.putU16(entry, 4, offset);
        LittleEndian.putU16(entry, 6, flags);
        LittleEndian.putU16(entry, 8, id);
        LittleEndian.putU16(entry, 10, size);
        return entry;
    }

    private static byte[] extra(int type, int flags, int... payload) {
        byte[] entry = new byte[12];
        entry[0] = (byte) type;
        entry[1] = (byte) flags;
        for (int i = 0; i < payload.length; i++) {
            entry[2 + i] = (byte) payload[i];
        }
        return entry;
    }

    private static byte[] gso(int flags, int mss, int gsoType) {
        return extra(GSO, flags, mss & 0xFF, mss >>> 8, gsoType);
    }

    private TxVerdict validate(Ring ring) {
        return validate(ring, ring.entries.size(), false);
    }

    private TxVerdict validate(Ring ring, long available, boolean tso) {
        return TxChainValidator.validate(ring, available, gref -> {
            lookedUp.add(gref);
            return grants.getOrDefault(gref, Access.READ_ONLY);
        }, gref -> gref == TX_RING || gref == RX_RING, tso);
    }

    private static String ruleOf(TxVerdict verdict) {
        if (verdict instanceof TxVerdict.Fatal fatal) {
            return "fatal " + fatal.rule();
        }
        if (verdict instanceof TxVerdict.PacketError error) {
            return "packet " + error.rule();
        }
        return verdict.getClass().getSimpleName();
    }

    /** A first slot of {@code size} at offset 0 followed by {@code n} data slots of {@code each} bytes. */
    private static Ring chainOf(int n, int each, int size) {
        Ring ring = new Ring().add(tx(1, 0, n > 0 ? MORE_DATA : 0, 0, size));
        for (int i = 1; i <= n; i++) {
            ring.add(tx(1 + i, 0, i < n ? MORE_DATA : 0, i, each));
        }
        return ring;
    }

    @Test
    void required_DESC1_eachSlotIsReadOnceInOrderAndNothingBeyondThePacket() {
        Ring ring = chainOf(3, 10, 100).add(tx(9, 0, 0, 9, 60));
        validate(ring);
        assertThat(ring.reads).containsExactly(0, 1, 2, 3);
    }

    @Test
    void required_DESC2_firstSlotOwnsItsSizeMinusTheDataSlots() {
        Ring ring = new Ring()
                .add(tx(1, 0, EXTRA_INFO | MORE_DATA, 1, 100))
                .add(extra(HASH, 0))
                .add(tx(2, 0, MORE_DATA, 2, 30))
                .add(tx(3, 0, 0, 3, 20));
        TxVerdict verdict = validate(ring);
        assertThat(verdict).isInstanceOfSatisfying(TxVerdict.Send.class, send -> {
            assertThat(send.firstLength()).isEqualTo(50);
            assertThat(send.chain().extras()).hasSize(1);
            assertThat(send.chain().data()).extracting(TxRequest::id).containsExactly(2, 3);
            assertThat(send.chain().slotCount()).isEqualTo(4);
        });
    }

    @Test
    void required_DESC3_dataChainRunningPastReqProdIsFatal() {
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, MORE_DATA, 0, 100))))).isEqualTo("fatal DESC-3");
    }

    @Test
    void required_DESC3_extraInfoRunningPastReqProdIsFatal() {
        Ring ring = new Ring().add(tx(1, 0, EXTRA_INFO, 0, 100)).add(extra(HASH, EXTRA_MORE)).add(tx(2, 0, 0, 1, 60));
        assertThat(ruleOf(validate(ring, 2, false))).isEqualTo("fatal DESC-3");
        assertThat(ring.reads).containsExactly(0, 1);
    }

    @Test
    void required_DESC4_extraTypeZeroOrAboveFourIsFatal() {
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(extra(0, 0))))).isEqualTo("fatal DESC-4");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(extra(5, 0))))).isEqualTo("fatal DESC-4");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(extra(255, 0))))).isEqualTo("fatal DESC-4");
    }

    @Test
    void required_DESC4_gsoWithSizeZeroOrAnUnknownTypeIsFatal() {
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(gso(0, 0, 1))))).isEqualTo("fatal DESC-4");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(gso(0, 1400, 0))))).isEqualTo("fatal DESC-4");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(gso(0, 1400, 3))))).isEqualTo("fatal DESC-4");
    }

    @Test
    void required_DESC5_dataSlotCrossingItsPageIsFatalEvenWhenEmpty() {
        Ring crossing = new Ring().add(tx(1, 0, MORE_DATA, 0, 200)).add(tx(2, 4000, 0, 1, 100));
        assertThat(ruleOf(validate(crossing))).isEqualTo("fatal DESC-5");
        Ring emptyBeyond = new Ring().add(tx(1, 0, MORE_DATA, 0, 60)).add(tx(2, 4097, 0, 1, 0));
        assertThat(ruleOf(validate(emptyBeyond))).isEqualTo("fatal DESC-5");
        Ring touchingEnd = new Ring().add(tx(1, 0, MORE_DATA, 0, 160)).add(tx(2, 3996, 0, 1, 100));
        assertThat(validate(touchingEnd)).isInstanceOf(TxVerdict.Send.class);
    }

    @Test
    void required_DESC5_firstSlotOwnBytesCrossingThePageIsFatal() {
        assertThat(ruleOf(validate(new Ring().add(tx(1, 4000, 0, 0, 97))))).isEqualTo("fatal DESC-5");
        assertThat(validate(new Ring().add(tx(1, 4000, 0, 0, 96)))).isInstanceOf(TxVerdict.Send.class);
        // own length is size minus the rest: 4000 + (200 − 150) fits
        assertThat(validate(new Ring().add(tx(1, 4000, MORE_DATA, 0, 200)).add(tx(2, 0, 0, 1, 150))))
                .isInstanceOf(TxVerdict.Send.class);
    }

    @Test
    void required_DESC6_eighteenDataSlotsAreAccepted() {
        assertThat(validate(chainOf(18, 10, 200))).isInstanceOf(TxVerdict.Send.class);
    }

    @Test
    void required_DESC6_nineteenOrTwentyDataSlotsArePacketErrors() {
        assertThat(ruleOf(validate(chainOf(19, 10, 300)))).isEqualTo("packet DESC-6");
        assertThat(ruleOf(validate(chainOf(20, 10, 300)))).isEqualTo("packet DESC-6");
    }

    @Test
    void required_DESC6_moreThanTwentyDataSlotsIsFatalAndTheWalkStops() {
        Ring ring = chainOf(25, 10, 300);
        assertThat(ruleOf(validate(ring))).isEqualTo("fatal DESC-6");
        assertThat(ring.reads).hasSize(21);
    }

    @Test
    void required_DESC7_fragmentLargerThanRemainingIsPacketError() {
        Ring ring = new Ring().add(tx(1, 0, MORE_DATA, 0, 100)).add(tx(2, 0, MORE_DATA, 1, 60)).add(tx(3, 0, 0, 2, 41));
        assertThat(ruleOf(validate(ring))).isEqualTo("packet DESC-7");
    }

    @Test
    void required_DESC8_firstSlotShorterThanAnEthernetHeaderIsPacketError() {
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, 0, 0, 13))))).isEqualTo("packet DESC-8");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, MORE_DATA, 0, 60)).add(tx(2, 0, 0, 1, 47))))).isEqualTo("packet DESC-8");
        assertThat(validate(new Ring().add(tx(1, 0, 0, 0, 14)))).isInstanceOf(TxVerdict.Send.class);
    }

    @Test
    void required_DESC9_unreadableGrantOfANonEmptySlotIsPacketError() {
        grants.put(2, Access.NONE);
        Ring ring = new Ring().add(tx(1, 0, MORE_DATA, 0, 100)).add(tx(2, 0, 0, 1, 40));
        assertThat(ruleOf(validate(ring))).isEqualTo("packet DESC-9");

        grants.put(1, Access.NONE);
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, 0, 0, 60))))).isEqualTo("packet DESC-9");
    }

    @Test
    void required_DESC17_aSlotNamingTheContextsOwnRingPageIsPacketError() {
        grants.put(TX_RING, Access.READ_WRITE);
        grants.put(RX_RING, Access.READ_WRITE);
        // readable, but a ring page: first slot, then a data slot, each ring
        assertThat(ruleOf(validate(new Ring().add(tx(TX_RING, 64, 0, 0, 60))))).isEqualTo("packet DESC-17");
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, MORE_DATA, 0, 100)).add(tx(RX_RING, 0, 0, 1, 40))))).isEqualTo("packet DESC-17");
        // a zero-length slot naming a ring page is never accessed (DESC-10), so the packet is sent
        assertThat(validate(new Ring().add(tx(1, 0, MORE_DATA, 0, 60)).add(tx(TX_RING, 0, 0, 1, 0)))).isInstanceOf(TxVerdict.Send.class);
        // fatal still wins (DESC-13): the ring-page slot also crosses its page
        assertThat(ruleOf(validate(new Ring().add(tx(1, 0, MORE_DATA, 0, 100)).add(tx(RX_RING, 4090, 0, 1, 40))))).isEqualTo("fatal DESC-5");
    }

    @Test
    void required_DESC10_zeroLengthSlotsAreValidAndTheirGrantIsNeverLookedUp() {
        grants.put(7, Access.NONE);
        Ring ring = new Ring().add(tx(1, 0, MORE_DATA, 0, 60)).add(tx(7, 0, MORE_DATA, 1, 0)).add(tx(3, 0, 0, 2, 0));
        assertThat(validate(ring)).isInstanceOfSatisfying(TxVerdict.Send.class,
                send -> assertThat(send.firstLength()).isEqualTo(60));
        assertThat(lookedUp).doesNotContain(7, 3);
    }

    @Test
    void required_DESC11_packetErrorAnswersFirstAndDataWithErrorAndExtrasWithNull() {
        Ring ring = new Ring()
                .add(tx(1, 0, EXTRA_INFO | MORE_DATA, 10, 13))
                .add(extra(HASH, 0))
                .add(tx(2, 0, 0, 11, 0));
        TxVerdict verdict = validate(ring);
        assertThat(verdict).isInstanceOfSatisfying(TxVerdict.PacketError.class, error ->
                assertThat(error.chain().responses((short) -1)).containsExactly(
                        new TxResponse(10, (short) -1), new TxResponse(HASH, (short) 1), new TxResponse(11, (short) -1)));
    }

    @Test
    void required_DESC13_fatalWinsOverPerPacket() {
        // DESC-7 (sizes do not add up) and DESC-5 (a data slot crosses its page) together
        Ring ring = new Ring().add(tx(1, 0, MORE_DATA, 0, 60)).add(tx(2, 4000, 0, 1, 200));
        assertThat(ruleOf(validate(ring))).isEqualTo("fatal DESC-5");
        // DESC-16 (GSO without tso) and DESC-3 (chain off the ring) together
        Ring both = new Ring().add(tx(1, 0, EXTRA_INFO | MORE_DATA, 0, 60)).add(gso(0, 1400, 1));
        assertThat(ruleOf(validate(both))).isEqualTo("fatal DESC-3");
    }

    @Test
    void required_DESC13_multicastControlIsCheckedAgainstDesc3AndDesc4Only() {
        // a first slot that would break DESC-5 and DESC-8, with more_data pointing off the ring
        Ring ring = new Ring().add(tx(1, 4090, EXTRA_INFO | MORE_DATA, 0, 9)).add(extra(MCAST_DEL, 0, 1, 0, 0x5e, 0, 0, 1));
        assertThat(validate(ring)).isInstanceOf(TxVerdict.MulticastControl.class);
        Ring bad = new Ring().add(tx(1, 0, EXTRA_INFO, 0, 0)).add(extra(MCAST_ADD, EXTRA_MORE, 1, 0, 0x5e, 0, 0, 1)).add(extra(6, 0));
        assertThat(ruleOf(validate(bad))).isEqualTo("fatal DESC-4");
    }

    @Test
    void required_DESC14_responsesEchoIdsAndExtrasKeepTheirFirstTwoBytes() {
        Ring ring = new Ring()
                .add(tx(1, 0, EXTRA_INFO | MORE_DATA, 0xFFFF, 100))
                .add(extra(HASH, EXTRA_MORE))
                .add(gso(0, 1400, 2))
                .add(tx(2, 0, 0, 0xFFFF, 40));
        TxVerdict verdict = validate(ring, 4, true);
        assertThat(verdict).isInstanceOfSatisfying(TxVerdict.Send.class, send ->
                assertThat(send.chain().responses((short) 0)).containsExactly(
                        new TxResponse(0xFFFF, (short) 0), new TxResponse(HASH | EXTRA_MORE << 8, (short) 1),
                        new TxResponse(GSO, (short) 1), new TxResponse(0xFFFF, (short) 0)));
    }

    @Test
    void required_DESC15_multicastAddIsControlAndItsMoreDataIsNotFollowed() {
        Ring ring = new Ring()
                .add(tx(1, 0, EXTRA_INFO | MORE_DATA, 0, 60))
                .add(extra(MCAST_ADD, 0, 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01))
                .add(tx(2, 0, 0, 1, 60));
        TxVerdict verdict = validate(ring);
        assertThat(verdict).isInstanceOfSatisfying(TxVerdict.MulticastControl.class, control -> {
            assertThat(control.join()).isTrue();
            assertThat(control.group()).isEqualTo(MacAddress.parse("01:00:5e:00:00:01"));
            assertThat(control.chain().slotCount()).isEqualTo(2);
        });
        assertThat(ring.reads).containsExactly(0, 1);
    }

    @Test
    void required_DESC15_addWinsOverDelAndTheLaterExtraOfATypeReplacesTheEarlier() {
        Ring ring = new Ring()
                .add(tx(1, 0, EXTRA_INFO, 0, 60))
                .add(extra(MCAST_DEL, EXTRA_MORE, 0x01, 0, 0, 0, 0, 9))
                .add(extra(MCAST_ADD, EXTRA_MORE, 0x01, 0, 0, 0, 0, 1))
                .add(extra(MCAST_ADD, 0, 0x01, 0, 0, 0, 0, 2));
        assertThat(validate(ring)).isInstanceOfSatisfying(TxVerdict.MulticastControl.class, control -> {
            assertThat(control.join()).isTrue();
            assertThat(control.group()).isEqualTo(MacAddress.parse("01:00:00:00:00:02"));
        });
    }

    @Test
    void required_DESC16_gsoWithoutTsoIsPacketErrorAndHashIsIgnored() {
        Ring gso = new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(gso(0, 1400, 1));
        assertThat(ruleOf(validate(gso))).isEqualTo("packet DESC-16");
        Ring hash = new Ring().add(tx(1, 0, EXTRA_INFO, 0, 60)).add(extra(HASH, 0, 1, 1, 0xAA, 0xBB, 0xCC, 0xDD));
        assertThat(validate(hash)).isInstanceOf(TxVerdict.Send.class);
    }

    @Test
    void required_RING11_moreThanARingAvailableIsFatalWithoutReading() {
        Ring ring = chainOf(0, 0, 60);
        assertThat(ruleOf(validate(ring, 257, false))).isEqualTo("fatal RING-11");
        assertThat(ring.reads).isEmpty();
    }

    @Provide
    Arbitrary<List<byte[]>> slots() {
        Arbitrary<byte[]> entry = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(12),
                Arbitraries.of(1, 2, 3, 4, 0, 5).flatMap(type -> Arbitraries.integers().between(0, 1).flatMap(more ->
                        Arbitraries.bytes().array(byte[].class).ofSize(10).map(rest -> {
                            byte[] bytes = new byte[12];
                            bytes[0] = (byte) (int) type;
                            bytes[1] = (byte) (int) more;
                            System.arraycopy(rest, 0, bytes, 2, 10);
                            return bytes;
                        }))),
                Arbitraries.integers().between(0, 15).flatMap(flags -> Arbitraries.integers().between(0, 4200).map(size ->
                        tx(1, 0, flags, 0, size))));
        return entry.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 500)
    void required_DESC1_anyBytesGiveAVerdictReadingEachPublishedSlotOnceInOrder(
            @ForAll("slots") List<byte[]> entries, @ForAll @IntRange(min = 1, max = 40) int published) {
        Ring ring = new Ring();
        entries.forEach(ring::add);
        long available = Math.min(published, entries.size());
        TxVerdict verdict = validate(ring, available, false);

        assertThat(verdict).isNotNull();
        for (int i = 0; i < ring.reads.size(); i++) {
            assertThat(ring.reads.get(i)).isEqualTo(i); // once each, in order
        }
        assertThat(ring.reads.size()).isLessThanOrEqualTo((int) available); // RING-5
        if (verdict instanceof TxVerdict.Send send) {
            assertThat(send.chain().slotCount()).isEqualTo(ring.reads.size());
            assertThat(send.firstLength() + send.chain().dataSlotBytes()).isEqualTo(send.chain().first().size()); // DESC-2
        }
        if (verdict instanceof TxVerdict.PacketError error) {
            assertThat(error.chain().slotCount()).isEqualTo(ring.reads.size()); // DESC-11: the whole chain
        }
    }
}
