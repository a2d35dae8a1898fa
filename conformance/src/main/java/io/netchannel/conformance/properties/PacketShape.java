package io.netchannel.conformance.properties;

import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * A TX packet as a guest means it, before it becomes ring entries: the first slot's own fragment,
 * its extras and its data fragments, plus the deliberate defects a malformed packet carries.
 *
 * @param first the first slot's own fragment (its size field becomes the whole packet length)
 * @param firstId the first slot's id
 * @param extras extra-info slots, chained in order
 * @param data data fragments after the first, chained in order
 * @param sizeOverride when non-negative, the first slot's size field instead of the true total (DESC-7)
 * @param danglingChain whether the last slot announces one more (DESC-3 when the packet ends the batch)
 * @param source what the guest writes as the frame's source MAC before queuing it (spec 07, TXF-2)
 */
public record PacketShape(Fragment first, int firstId, List<TxSlot.Extra> extras, List<Fragment> data, int sizeOverride,
        boolean danglingChain, Source source) {

    /** One fragment: a page, an offset and a length, and the slot's id. */
    public record Fragment(int gref, int offset, int size, int id) {
    }

    /**
     * The source MAC a frame carries (its bytes 6 to 11, written into the first slot's fragment by
     * {@link io.netchannel.conformance.harness.GuestDriver#writeSource}).
     */
    public enum Source {
        /** The sending context's own MAC: the frame is meant to be sent. */
        OWN,
        /** Another context's MAC: a spoofed frame, dropped and counted TX_DROP_SPOOF (TXF-2). */
        NEIGHBOUR,
        /** Nothing written: the page's own bytes, which are no context's MAC (a spoofed frame too). */
        PAGE
    }

    /** Copies the lists. */
    public PacketShape {
        extras = List.copyOf(extras);
        data = List.copyOf(data);
        java.util.Objects.requireNonNull(source, "source");
    }

    /** A packet whose frame carries the sending context's own MAC ({@link Source#OWN}). */
    public PacketShape(Fragment first, int firstId, List<TxSlot.Extra> extras, List<Fragment> data, int sizeOverride, boolean danglingChain) {
        this(first, firstId, extras, data, sizeOverride, danglingChain, Source.OWN);
    }

    /** The whole packet length the first slot announces when nothing is overridden. */
    public int total() {
        int total = first.size();
        for (Fragment fragment : data) {
            total += fragment.size();
        }
        return total;
    }

    /** The ring entries, in order. */
    public List<TxSlot> slots() {
        List<TxSlot> slots = new ArrayList<>();
        int flags = 0;
        if (!extras.isEmpty()) {
            flags |= TxRequestLayout.FLAG_EXTRA_INFO;
        }
        if (!data.isEmpty() || (danglingChain && extras.isEmpty())) {
            flags |= TxRequestLayout.FLAG_MORE_DATA;
        }
        int size = sizeOverride >= 0 ? sizeOverride : total();
        slots.add(new TxSlot.Data(first.gref(), first.offset(), flags, firstId, size & 0xFFFF));
        for (int k = 0; k < extras.size(); k++) {
            TxSlot.Extra extra = extras.get(k);
            boolean more = k < extras.size() - 1 || (danglingChain && data.isEmpty());
            int extraFlags = more ? extra.flags() | ExtraInfoLayout.FLAG_MORE : extra.flags() & ~ExtraInfoLayout.FLAG_MORE;
            slots.add(new TxSlot.Extra(extra.type(), extraFlags, extra.payload()));
        }
        for (int k = 0; k < data.size(); k++) {
            Fragment fragment = data.get(k);
            boolean more = k < data.size() - 1 || danglingChain;
            slots.add(new TxSlot.Data(fragment.gref(), fragment.offset(), more ? TxRequestLayout.FLAG_MORE_DATA : 0, fragment.id(),
                    fragment.size()));
        }
        return slots;
    }

    /** This packet with other data fragments. */
    public PacketShape withData(List<Fragment> newData) {
        return new PacketShape(first, firstId, extras, newData, sizeOverride, danglingChain, source);
    }

    /** This packet with other extras. */
    public PacketShape withExtras(List<TxSlot.Extra> newExtras) {
        return new PacketShape(first, firstId, newExtras, data, sizeOverride, danglingChain, source);
    }

    /** This packet with another first fragment. */
    public PacketShape withFirst(Fragment newFirst) {
        return new PacketShape(newFirst, firstId, extras, data, sizeOverride, danglingChain, source);
    }

    /** This packet announcing {@code size} as its length. */
    public PacketShape withSizeField(int size) {
        return new PacketShape(first, firstId, extras, data, size, danglingChain, source);
    }

    /** This packet with its chain left open. */
    public PacketShape dangling() {
        return new PacketShape(first, firstId, extras, data, sizeOverride, true, source);
    }

    /** This packet with its frame carrying {@code newSource} as its source MAC. */
    public PacketShape withSource(Source newSource) {
        return new PacketShape(first, firstId, extras, data, sizeOverride, danglingChain, newSource);
    }
}
