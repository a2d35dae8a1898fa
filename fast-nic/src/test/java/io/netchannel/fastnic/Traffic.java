package io.netchannel.fastnic;

import io.netchannel.api.Access;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.TxRequestLayout;

/**
 * TX traffic of the contexts of one {@link Fleet} for the QoS and coalescing examples: packets of
 * any size up to 65535 bytes, queued on a context's TX ring without publishing, then published and
 * kicked. Every packet of context {@code c} is a prefix of the same 16 pages (grefs
 * {@code 700 + 16c ..}), which are never written again, so a held packet read a second time
 * (QOS-6) reads the same bytes. Frames go from {@code c}'s MAC to {@link #PEER}, EtherType 0x88B5.
 */
final class Traffic {

    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:99");
    private static final int PAGE = 4096;
    private static final int PAGES = 16;

    private final Fleet fleet;
    private final int[] next = new int[64];
    private final boolean[] ready = new boolean[64];

    Traffic(Fleet fleet) {
        this.fleet = fleet;
    }

    static int page(int context, int i) {
        return 700 + PAGES * context + i;
    }

    /** Queues one packet of {@code size} bytes (14..65535) on {@code context}'s ring; returns its first slot's index. */
    int queue(int context, int size) {
        pages(context);
        byte[] ring = fleet.tx(context);
        int first = next[context];
        int slots = (size + PAGE - 1) / PAGE;
        for (int i = 0; i < slots; i++) {
            int chunk = Math.min(PAGE, size - i * PAGE);
            int flags = i < slots - 1 ? TxRequestLayout.FLAG_MORE_DATA : 0;
            int index = next[context]++;
            Pages.putTxRequest(ring, index, page(context, i), 0, flags, index & 0xFFFF, i == 0 ? size : chunk);
        }
        return first;
    }

    /**
     * Queues a multicast-control request (DESC-15): a first slot with extra_info and its
     * {@code type} extra (MCAST_ADD or MCAST_DEL) naming {@code group}; returns its first slot's index.
     */
    int queueMulticast(int context, int type, MacAddress group) {
        byte[] ring = fleet.tx(context);
        int first = next[context];
        Pages.putTxRequest(ring, first, 0, 0, TxRequestLayout.FLAG_EXTRA_INFO, first & 0xFFFF, 0);
        byte[] address = new byte[6];
        group.write(address, 0);
        Pages.putExtra(ring, first + 1, type, 0, address);
        next[context] += 2;
        return first;
    }

    /** Publishes {@code context}'s queued requests. */
    void publish(int context) {
        Pages.setReqProd(fleet.tx(context), next[context]);
    }

    /** Publishes and kicks. */
    void kick(int context) {
        publish(context);
        fleet.nic.kick(context, Queue.TX);
    }

    /** Queues one packet, publishes and kicks; returns its first slot's index. */
    int send(int context, int size) {
        int first = queue(context, size);
        kick(context);
        return first;
    }

    /** The next free slot index of {@code context}'s TX ring (its req_prod once published). */
    int next(int context) {
        return next[context];
    }

    private void pages(int context) {
        if (ready[context]) {
            return;
        }
        ready[context] = true;
        for (int i = 0; i < PAGES; i++) {
            byte[] page = fleet.memory.grant(page(context, i), context, Access.READ_ONLY);
            for (int b = 0; b < PAGE; b++) {
                page[b] = (byte) (b * 7 + i + context);
            }
            if (i == 0) {
                PEER.write(page, 0);
                Fleet.mac(context).write(page, 6);
                page[12] = (byte) 0x88;
                page[13] = (byte) 0xB5;
            }
        }
    }
}
