package io.netchannel.model.contexts;

import io.netchannel.api.MacAddress;
import io.netchannel.api.SwitchMode;
import io.netchannel.model.demux.FrameVlan;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.demux.Membership;
import io.netchannel.model.txfilter.Enforcement;
import java.util.List;
import java.util.Objects;

/**
 * Where a frame a context sends goes once its TX path has decided it (spec 08, section 4): to the
 * other contexts of the device, to the wire, both or neither. Delivery to the other contexts is
 * chapter 06's demux of the frame, exactly as if it had come from the wire, so this class only
 * chooses the two destinations.
 */
public final class Switching {

    /** The longest frame a context can receive (RX-6); an Access sender's largest frame is 4 bytes longer once tagged. */
    public static final int MAX_SWITCHED = 0xFFFF;

    private Switching() {
    }

    /**
     * The two destinations of one frame: {@code local} is demuxed to the device's contexts (null:
     * none), {@code wire} is sent on port 0 (null: not sent). The arrays are the caller's to keep.
     */
    public record Route(byte[] local, byte[] wire) {

        /** Neither destination: the TX path dropped the frame. */
        public static final Route NOWHERE = new Route(null, null);

        /** Whether the route delivers nothing anywhere. */
        public boolean nowhere() {
            return local == null && wire == null;
        }
    }

    /**
     * The route of a frame context {@code sender} sent and its TX path decided.
     *
     * <ul>
     *   <li>A dropped frame goes nowhere: switching comes after the TX checks (CTX-8).
     *   <li>VEPA: the wire only; the device delivers nothing itself (CTX-5).
     *   <li>VEB and SOFTWARE: the other contexts, through the demux, and the wire unless the frame
     *       is unicast to another live context on its VLAN (CTX-6, CTX-7).
     * </ul>
     *
     * @param live every live context (ACTIVE or FAILED), the sender among them
     */
    public static Route route(SwitchMode mode, int sender, Enforcement enforcement, List<LiveContext> live) {
        if (!(enforcement instanceof Enforcement.Send send)) {
            return Route.NOWHERE; // CTX-8: anti-spoofing, VLAN and filter checks first
        }
        byte[] frame = send.wire();
        return switch (mode) {
            case VEPA -> new Route(null, frame); // CTX-5
            case VEB, SOFTWARE -> frame.length > MAX_SWITCHED
                    ? new Route(null, frame) // CTX-6: as from the wire, RX-6 would drop it; it only goes out
                    : new Route(frame, staysLocal(frame, 0, frame.length, sender, live) ? null : frame.clone()); // CTX-6
        };
    }

    /**
     * Whether a frame stays inside the host (CTX-6): its destination is an individual MAC that a
     * live context other than the sender owns, and that context is a member of the frame's VLAN.
     * Such a frame's one rightful receiver is local, so the wire never sees it; every other frame —
     * broadcast, multicast, unknown unicast, unicast to the sender's own MAC, a frame of no VLAN,
     * a frame longer than any context may receive — also goes out.
     */
    public static boolean staysLocal(byte[] frame, int offset, int length, int sender, List<LiveContext> live) {
        Objects.requireNonNull(live, "live");
        if (length > MAX_SWITCHED) {
            return false; // no context could take it (RX-6), so it cannot stay inside
        }
        FrameVlan vlan = FrameVlan.of(frame, offset, length);
        if (vlan instanceof FrameVlan.None) {
            return false;
        }
        MacAddress destination = MacAddress.read(frame, offset);
        if (destination.isMulticast()) {
            return false; // group addresses, broadcast included, always go out too
        }
        for (LiveContext context : live) {
            if (context.id() != sender && context.host().macs().contains(destination)
                    && Membership.isMember(context.host().vlan(), vlan)) {
                return true;
            }
        }
        return false;
    }
}
