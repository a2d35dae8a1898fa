package io.netchannel.conformance.vectors.generate;

import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-index fields of one queue's shared ring header, as the timed generators read them
 * before and after a call to check its req_event writes and notifications on their own.
 */
record RingHeaders(int reqEvent, int rspProd, int rspEvent) {

    /** Every guest's header of {@code queue}, by context. */
    static Map<Integer, RingHeaders> read(Harness harness, Queue queue) {
        Map<Integer, RingHeaders> rings = new TreeMap<>();
        for (int ctx : harness.guests().keySet()) {
            GuestDriver guest = harness.guest(ctx);
            rings.put(ctx, new RingHeaders(guest.header(queue, SharedRingLayout.REQ_EVENT), guest.header(queue, SharedRingLayout.RSP_PROD),
                    guest.header(queue, SharedRingLayout.RSP_EVENT)));
        }
        return rings;
    }

    /** RING-8: a publish from {@code old} to {@code now} notifies when rsp_event lies in (old, now]. */
    static boolean ring8(int old, int now, int event) {
        return old != now && Integer.compareUnsigned(now - event, now - old) < 0;
    }
}
