package io.netchannel.model.descriptor;

import io.netchannel.api.Access;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.model.memory.GrantRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Decides one TX packet from the slots at the ring's consumer index (spec DESC-2 to DESC-16,
 * TX-1), following the reference procedure of spec 04 section 3.4 step by step. It reads each
 * slot once and never past the published producer index, and it looks grants up but never
 * touches a page: its only outside calls are {@link TxSlots#read(int)} and the grant look-up,
 * neither of which has an effect.
 *
 * <p>Fatal rules are decided during the walk and before any per-packet rule, so a doubly-malformed
 * chain is always fatal (DESC-13).
 */
public final class TxChainValidator {

    private TxChainValidator() {
    }

    /**
     * The verdict for the packet starting at slot 0.
     *
     * @param slots the unconsumed requests, slot 0 at the consumer index
     * @param available how many requests are published and unconsumed ({@code req_prod − req_cons}); at least 1
     * @param grants what the context may do with a grant reference ({@link GuestMemory#access(int, int)})
     * @param ringPage whether a grant reference is one of the context's own TX or RX ring pages (DESC-17)
     * @param tsoClaimed whether the device claims the tso profile
     */
    public static TxVerdict validate(TxSlots slots, long available, IntFunction<Access> grants, IntPredicate ringPage, boolean tsoClaimed) {
        if (available > SharedRingLayout.RING_SIZE) {
            // RING-11: more than a ring of requests cannot be real; never read a slot twice by wrapping
            return new TxVerdict.Fatal("RING-11", "more requests published than the ring holds: available=" + available);
        }
        if (available < 1) {
            // RING-5: nothing published, nothing to consume
            return new TxVerdict.Fatal("DESC-3", "no request published: available=" + available);
        }
        int next = 0;

        // DESC-1: every slot is read once into a private copy; DESC-2: the first slot opens the packet
        Optional<byte[]> firstBytes = slots.read(next++);
        if (firstBytes.isEmpty()) {
            return unreadable(0);
        }
        TxRequest first = TxRequest.decode(firstBytes.get());

        // DESC-2: extra-info slots follow the first when it says so, chained by XEN_NETIF_EXTRA_FLAG_MORE
        List<ExtraInfo> extras = new ArrayList<>();
        boolean moreExtras = first.extraInfo();
        while (moreExtras) {
            if (next >= available) {
                return new TxVerdict.Fatal("DESC-3", "extra-info chain runs past req_prod: slot=" + next); // DESC-3
            }
            Optional<byte[]> bytes = slots.read(next);
            if (bytes.isEmpty()) {
                return unreadable(next);
            }
            ExtraInfo extra = ExtraInfo.decode(bytes.get());
            Optional<TxVerdict.Fatal> bad = checkExtra(extra, next);
            if (bad.isPresent()) {
                return bad.get();
            }
            extras.add(extra);
            next++;
            moreExtras = extra.more();
        }

        // DESC-15: a multicast-control request; checked against DESC-3 and DESC-4 only (DESC-13), more_data not followed
        TxChain control = new TxChain(first, extras, List.of());
        Optional<ExtraInfo> add = control.extra(ExtraInfoLayout.TYPE_MCAST_ADD);
        if (add.isPresent()) {
            return new TxVerdict.MulticastControl(control, true, add.get().address()); // DESC-15
        }
        Optional<ExtraInfo> del = control.extra(ExtraInfoLayout.TYPE_MCAST_DEL);
        if (del.isPresent()) {
            return new TxVerdict.MulticastControl(control, false, del.get().address()); // DESC-15
        }

        // DESC-2: data slots chained by more_data on the preceding data slot
        List<TxRequest> data = new ArrayList<>();
        boolean moreData = first.moreData();
        while (moreData) {
            if (next >= available) {
                return new TxVerdict.Fatal("DESC-3", "data chain runs past req_prod: slot=" + next); // DESC-3
            }
            if (data.size() + 1 > TxRequestLayout.SLOTS_FATAL_ABOVE) {
                // DESC-6: more than 20 data slots; stop walking
                return new TxVerdict.Fatal("DESC-6", "more than 20 data slots: dataSlots>" + TxRequestLayout.SLOTS_FATAL_ABOVE);
            }
            Optional<byte[]> bytes = slots.read(next);
            if (bytes.isEmpty()) {
                return unreadable(next);
            }
            TxRequest slot = TxRequest.decode(bytes.get());
            if (!GrantRules.insidePage(slot.offset(), slot.size())) {
                // DESC-5: a data slot (zero-size included) that leaves its page is fatal
                return new TxVerdict.Fatal("DESC-5", "data slot crosses its page: dataSlot=" + (data.size() + 1)
                        + " offset=" + slot.offset() + " size=" + slot.size());
            }
            data.add(slot);
            next++;
            moreData = slot.moreData();
        }
        TxChain chain = new TxChain(first, extras, data);

        long rest = chain.dataSlotBytes();
        boolean sizesAddUp = rest <= first.size();
        int firstLength = sizesAddUp ? (int) (first.size() - rest) : 0;
        if (sizesAddUp && !GrantRules.insidePage(first.offset(), firstLength)) {
            // DESC-5: the first slot's own bytes leave its page
            return new TxVerdict.Fatal("DESC-5", "first slot crosses its page: offset=" + first.offset() + " ownLength=" + firstLength);
        }

        // DESC-13: no fatal rule holds; now the per-packet rules
        if (data.size() > TxRequestLayout.SLOTS_ALWAYS_ACCEPTED) {
            return new TxVerdict.PacketError(chain, "DESC-6", "19 or 20 data slots: dataSlots=" + data.size()); // DESC-6
        }
        if (!sizesAddUp) {
            // DESC-7: the data slots claim more than the first slot's size leaves
            return new TxVerdict.PacketError(chain, "DESC-7", "data slots exceed the packet size: size=" + first.size()
                    + " dataSlotBytes=" + rest);
        }
        if (firstLength < TxRequestLayout.MIN_FIRST_SLOT) {
            // DESC-8: the Ethernet header must be in the first slot
            return new TxVerdict.PacketError(chain, "DESC-8", "first slot shorter than an Ethernet header: ownLength=" + firstLength);
        }
        if (firstLength > 0 && !GrantRules.mayRead(grants.apply(first.gref()))) {
            // DESC-9: the first slot's grant is not readable
            return new TxVerdict.PacketError(chain, "DESC-9", "first slot grant not readable: gref=" + Integer.toUnsignedString(first.gref()));
        }
        for (int i = 0; i < data.size(); i++) {
            TxRequest slot = data.get(i);
            // DESC-10: a zero-length slot is never accessed, so its grant is not checked
            if (slot.size() > 0 && !GrantRules.mayRead(grants.apply(slot.gref()))) {
                // DESC-9: a data slot's grant is not readable
                return new TxVerdict.PacketError(chain, "DESC-9", "data slot grant not readable: dataSlot=" + (i + 1)
                        + " gref=" + Integer.toUnsignedString(slot.gref()));
            }
        }
        // DESC-17: a ring page is never packet data (checked on the same slots DESC-9 checks)
        if (ringPage.test(first.gref())) {
            return new TxVerdict.PacketError(chain, "DESC-17", "first slot names a ring page: gref=" + Integer.toUnsignedString(first.gref()));
        }
        for (int i = 0; i < data.size(); i++) {
            TxRequest slot = data.get(i);
            if (slot.size() > 0 && ringPage.test(slot.gref())) {
                return new TxVerdict.PacketError(chain, "DESC-17", "data slot names a ring page: dataSlot=" + (i + 1)
                        + " gref=" + Integer.toUnsignedString(slot.gref()));
            }
        }
        if (!tsoClaimed && chain.extra(ExtraInfoLayout.TYPE_GSO).isPresent()) {
            // DESC-16: a GSO request on a device without tso; a HASH extra is accepted and ignored
            return new TxVerdict.PacketError(chain, "DESC-16", "GSO extra on a device without the tso profile");
        }
        return new TxVerdict.Send(chain, firstLength); // TX-1
    }

    /** DESC-4: the fatal classes of extra-info slots. */
    private static Optional<TxVerdict.Fatal> checkExtra(ExtraInfo extra, int slot) {
        if (extra.type() == ExtraInfoLayout.TYPE_NONE || extra.type() >= ExtraInfoLayout.TYPE_MAX) {
            return Optional.of(new TxVerdict.Fatal("DESC-4", "invalid extra-info type: slot=" + slot + " type=" + extra.type()));
        }
        if (extra.type() == ExtraInfoLayout.TYPE_GSO) {
            if (extra.gsoSize() == 0) {
                return Optional.of(new TxVerdict.Fatal("DESC-4", "GSO extra with size 0: slot=" + slot));
            }
            if (extra.gsoType() != ExtraInfoLayout.GSO_TYPE_TCPV4 && extra.gsoType() != ExtraInfoLayout.GSO_TYPE_TCPV6) {
                return Optional.of(new TxVerdict.Fatal("DESC-4", "invalid GSO type: slot=" + slot + " gsoType=" + extra.gsoType()));
            }
        }
        return Optional.empty();
    }

    /** A ring read the device had checked was refused: the ring cannot be trusted (MEM-10). */
    private static TxVerdict.Fatal unreadable(int slot) {
        return new TxVerdict.Fatal("MEM-10", "ring page refused a read: slot=" + slot);
    }
}
