package io.netchannel.conformance.properties;

import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of TX packets for the {@link TxBench}: valid ones, and one generator per class of
 * malformed packet in chapter 04's validation table. Every packet's frame carries the sending
 * context's own MAC as its source ({@link PacketShape.Source#OWN}) except those of
 * {@link #spoofed()}, which chapter 07 drops (TXF-2).
 */
public final class TxPackets {

    /** The slots of the leading packets that fit one ring (at most 256 slots in all). */
    public static List<List<TxSlot>> slotsFittingOneRing(List<PacketShape> packets) {
        List<List<TxSlot>> all = new ArrayList<>();
        for (PacketShape packet : fittingOneRing(packets)) {
            all.add(packet.slots());
        }
        return all;
    }

    /** The leading packets that fit one ring (at most 256 slots in all). */
    public static List<PacketShape> fittingOneRing(List<PacketShape> packets) {
        List<PacketShape> all = new ArrayList<>();
        int total = 0;
        for (PacketShape packet : packets) {
            total += packet.slots().size();
            if (total > SharedRingLayout.RING_SIZE) {
                break;
            }
            all.add(packet);
        }
        return all;
    }


    /** Largest data-slot size the generators use, so 1 + 18 fragments stay within 65535 bytes. */
    private static final int MAX_FRAGMENT = 3400;

    private TxPackets() {
    }

    /** A page {@link TxBench#CTX} can read. */
    public static Arbitrary<Integer> readableGref() {
        List<Integer> grefs = new ArrayList<>();
        for (int gref : TxBench.readable()) {
            grefs.add(gref);
        }
        return Arbitraries.of(grefs);
    }

    /** A gref {@link TxBench#CTX} cannot read: revoked, another context's, or never granted. */
    public static Arbitrary<Integer> unreadableGref() {
        return Arbitraries.of(TxBench.REVOKED, TxBench.FOREIGN, TxBench.NEVER);
    }

    /** Any 16-bit id, edge cases included (ids are cookies, DESC-14). */
    public static Arbitrary<Integer> id() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    /** A data fragment that stays inside its page, possibly empty. */
    public static Arbitrary<PacketShape.Fragment> fragment() {
        return Combinators.combine(readableGref(), Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, MAX_FRAGMENT), id())
                .as((gref, offset, size, id) -> new PacketShape.Fragment(gref, offset, Math.min(size, 4096 - offset), id));
    }

    /** A first-slot fragment of at least 14 bytes inside its page. */
    public static Arbitrary<PacketShape.Fragment> firstFragment() {
        return Combinators.combine(readableGref(), Arbitraries.integers().between(0, 4096 - 14), Arbitraries.integers().between(14, 4096), id())
                .as((gref, offset, size, id) -> new PacketShape.Fragment(gref, offset, Math.max(14, Math.min(size, 4096 - offset)), id));
    }

    /** A HASH extra (accepted and ignored, DESC-16). */
    public static Arbitrary<TxSlot.Extra> hashExtra() {
        return Arbitraries.integers().between(0, 255).map(fill -> TxSlot.Extra.of(ExtraInfoLayout.TYPE_HASH, false, fill));
    }

    /** A valid packet with up to {@code maxData} data slots after the first (at most 18). */
    public static Arbitrary<PacketShape> valid(int maxData) {
        return Combinators.combine(firstFragment(), fragment().list().ofMaxSize(maxData), hashExtra().list().ofMaxSize(2))
                .as((first, data, extras) -> new PacketShape(first, first.id(), extras, data, -1, false));
    }

    /** A valid packet with up to 18 data slots, weighted towards short chains. */
    public static Arbitrary<PacketShape> valid() {
        return Arbitraries.frequencyOf(Tuple.of(5, valid(3)), Tuple.of(1, valid(18)));
    }

    /**
     * TXF-2: a valid chain whose frame carries a source MAC the sending context does not own:
     * another context's, or whatever the page holds. It is answered DROPPED and counted
     * TX_DROP_SPOOF; nothing is sent.
     */
    public static Arbitrary<PacketShape> spoofed() {
        return Combinators.combine(valid(3), Arbitraries.of(PacketShape.Source.NEIGHBOUR, PacketShape.Source.PAGE))
                .as(PacketShape::withSource);
    }

    /** DESC-3: a chain that announces one more slot (to be published as the last packet). */
    public static Arbitrary<PacketShape> dangling() {
        return valid(3).map(PacketShape::dangling);
    }

    /** DESC-4: an extra of type 0 or 5..255, or a GSO extra with size 0 or a bad GSO type, among other extras. */
    public static Arbitrary<PacketShape> badExtra() {
        Arbitrary<TxSlot.Extra> badType = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(5, 255))
                .map(type -> TxSlot.Extra.of(type, false, 0x5A));
        Arbitrary<TxSlot.Extra> badGso = Arbitraries.oneOf(
                Arbitraries.of(1, 2).map(type -> TxSlot.Extra.gso(0, type, false)),
                Combinators.combine(Arbitraries.integers().between(1, 0xFFFF), Arbitraries.integers().between(0, 255).filter(t -> t != 1 && t != 2))
                        .as((mss, type) -> TxSlot.Extra.gso(mss, type, false)));
        return Combinators.combine(valid(3), Arbitraries.oneOf(badType, badGso), Arbitraries.integers().between(0, 2))
                .as((packet, bad, at) -> {
                    List<TxSlot.Extra> extras = new ArrayList<>(packet.extras());
                    extras.add(Math.min(at, extras.size()), bad);
                    return packet.withExtras(extras);
                });
    }

    /** DESC-5: a data slot, or the first slot's own fragment, crossing the end of its page. */
    public static Arbitrary<PacketShape> crossing() {
        Arbitrary<PacketShape> dataCrossing = Combinators.combine(valid(4), Arbitraries.integers().between(1, 4095), Arbitraries.integers().between(1, 2000),
                Arbitraries.integers().between(0, 4))
                .as((packet, offset, over, at) -> {
                    List<PacketShape.Fragment> data = new ArrayList<>(packet.data());
                    data.add(Math.min(at, data.size()), new PacketShape.Fragment(TxBench.READ_ONLY[0], offset, 4096 - offset + over, 7));
                    return packet.withData(data);
                });
        Arbitrary<PacketShape> firstCrossing = Combinators.combine(valid(4), Arbitraries.integers().between(1, 4095), Arbitraries.integers().between(1, 2000))
                .as((packet, offset, over) -> packet.withFirst(new PacketShape.Fragment(packet.first().gref(), offset,
                        Math.max(14, 4096 - offset + over), packet.first().id())));
        return Arbitraries.oneOf(dataCrossing, firstCrossing);
    }

    /** DESC-6: a chain of {@code min..max} small data slots after the first. */
    public static Arbitrary<PacketShape> manySlots(int min, int max) {
        Arbitrary<PacketShape.Fragment> small = Combinators.combine(readableGref(), Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 6), id())
                .as(PacketShape.Fragment::new);
        return Combinators.combine(firstFragment(), small.list().ofMinSize(min).ofMaxSize(max))
                .as((first, data) -> new PacketShape(first, first.id(), List.of(), data, -1, false));
    }

    /** DESC-7: data slots whose sizes add up to more than the first slot's size field. */
    public static Arbitrary<PacketShape> sizesExceed() {
        return Combinators.combine(valid(4).filter(p -> p.data().stream().anyMatch(f -> f.size() > 0)), Arbitraries.integers().between(1, 3400))
                .as((packet, short_) -> {
                    int rest = packet.total() - packet.first().size();
                    return packet.withSizeField(Math.max(0, rest - short_));
                });
    }

    /** DESC-8: a first slot whose own length is below 14. */
    public static Arbitrary<PacketShape> runt() {
        return Combinators.combine(valid(3), Arbitraries.integers().between(0, 13))
                .as((packet, own) -> packet.withFirst(new PacketShape.Fragment(packet.first().gref(), packet.first().offset(), own, packet.first().id())));
    }

    /** DESC-9: a non-empty fragment (first or data) through a grant the context cannot read. */
    public static Arbitrary<PacketShape> unreadable() {
        return renamed(unreadableGref());
    }

    /** DESC-17: a non-empty fragment (first or data) on one of the context's own ring pages. */
    public static Arbitrary<PacketShape> ringPage() {
        return renamed(Arbitraries.of(TxBench.TX_RING, TxBench.RX_RING));
    }

    /** A valid packet with one non-empty fragment (first or data) moved to a gref from {@code grefs}. */
    private static Arbitrary<PacketShape> renamed(Arbitrary<Integer> grefs) {
        return Combinators.combine(valid(4), grefs, Arbitraries.integers().between(0, 4))
                .as((packet, gref, at) -> {
                    if (at == 0 || packet.data().stream().noneMatch(f -> f.size() > 0)) {
                        PacketShape.Fragment f = packet.first();
                        return packet.withFirst(new PacketShape.Fragment(gref, f.offset(), f.size(), f.id()));
                    }
                    List<PacketShape.Fragment> data = new ArrayList<>(packet.data());
                    for (int k = Math.min(at, data.size()) - 1, tries = 0; tries < data.size(); k = (k + 1) % data.size(), tries++) {
                        PacketShape.Fragment f = data.get(Math.max(0, k));
                        if (f.size() > 0) {
                            data.set(Math.max(0, k), new PacketShape.Fragment(gref, f.offset(), f.size(), f.id()));
                            break;
                        }
                    }
                    return packet.withData(data);
                });
    }

    /** DESC-10: a valid packet with empty data slots whose grants are unusable. */
    public static Arbitrary<PacketShape> emptyFragments() {
        Arbitrary<PacketShape.Fragment> empty = Combinators.combine(unreadableGref(), Arbitraries.integers().between(0, 4096), id())
                .as((gref, offset, id) -> new PacketShape.Fragment(gref, offset, 0, id));
        return Combinators.combine(valid(4), empty.list().ofMinSize(1).ofMaxSize(4))
                .as((packet, empties) -> {
                    List<PacketShape.Fragment> data = new ArrayList<>(packet.data());
                    for (int k = 0; k < empties.size(); k++) {
                        data.add(Math.min(data.size(), k * 2), empties.get(k));
                    }
                    return packet.withData(data.subList(0, Math.min(18, data.size())));
                });
    }

    /** DESC-16: a well-formed GSO extra. */
    public static Arbitrary<PacketShape> gso() {
        return Combinators.combine(valid(3), Arbitraries.integers().between(1, 0xFFFF), Arbitraries.of(ExtraInfoLayout.GSO_TYPE_TCPV4, ExtraInfoLayout.GSO_TYPE_TCPV6))
                .as((packet, mss, type) -> {
                    List<TxSlot.Extra> extras = new ArrayList<>(packet.extras());
                    extras.add(TxSlot.Extra.gso(mss, type, false));
                    return packet.withExtras(extras);
                });
    }

    /** DESC-15: a multicast-control packet (ADD or DEL of a group or unicast address), possibly with more_data set. */
    public static Arbitrary<PacketShape> multicast(int groupPool) {
        Arbitrary<MacAddress> address = Arbitraries.oneOf(
                Arbitraries.integers().between(0, groupPool).map(k -> new MacAddress(0x01005E000000L + k)),
                Arbitraries.integers().between(1, 3).map(k -> new MacAddress(0x020000000100L + k)));
        return Combinators.combine(Arbitraries.of(ExtraInfoLayout.TYPE_MCAST_ADD, ExtraInfoLayout.TYPE_MCAST_DEL), address, firstFragment(),
                hashExtra().list().ofMaxSize(1), Arbitraries.of(true, false))
                .as((type, mac, first, others, more) -> {
                    List<TxSlot.Extra> extras = new ArrayList<>(others);
                    extras.add(TxSlot.Extra.multicast(type, mac, false));
                    // more_data on a multicast request is not followed (DESC-15): shape it without data
                    PacketShape shape = new PacketShape(first, first.id(), extras, List.of(), -1, false);
                    return more ? shape.dangling().withExtras(extras) : shape;
                });
    }

    /**
     * Any packet: mostly valid, otherwise spoofed (TXF-2), one of the malformed classes that can
     * appear mid-batch, or a GSO packet: DESC-16's per-packet error on a device without tso, and on
     * one with it a super-frame of page bytes that TSO-1 refuses unless it happens to parse as TCP
     * (the oracle segments it then, chapter 11).
     */
    public static Arbitrary<PacketShape> any(boolean tso) {
        List<Tuple.Tuple2<Integer, Arbitrary<PacketShape>>> choices = new ArrayList<>(List.of(
                Tuple.of(8, valid()),
                Tuple.of(1, spoofed()),
                Tuple.of(1, badExtra()),
                Tuple.of(1, crossing()),
                Tuple.of(1, manySlots(17, 23)),
                Tuple.of(1, sizesExceed()),
                Tuple.of(1, runt()),
                Tuple.of(1, unreadable()),
                Tuple.of(1, ringPage()),
                Tuple.of(1, emptyFragments()),
                Tuple.of(1, multicast(4)),
                Tuple.of(1, gso())));
        return Arbitraries.frequencyOf(choices);
    }
}
