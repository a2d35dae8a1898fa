package io.netchannel.model.demux;

import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which live contexts take a frame from the wire, and the copy each one gets (spec 06, section 4).
 * It runs after RX-5 and RX-6 (chapter 04, 4.1 steps 1–2); writing a copy into a context's buffers
 * stays chapter 04's.
 */
public final class Demux {

    private Demux() {
    }

    /**
     * The ids of the contexts that take a copy of the {@code length} bytes at {@code offset} of
     * {@code frame}, each once, ascending. Empty when the frame has no VLAN (DEMUX-1) or no context
     * takes it (DEMUX-9); the device counts either as WIRE_DROP_NO_CONTEXT.
     *
     * @param live every live context, in any order
     */
    public static List<Integer> recipients(byte[] frame, int offset, int length, List<LiveContext> live) {
        FrameVlan vlan = FrameVlan.of(frame, offset, length); // DEMUX-1
        if (vlan instanceof FrameVlan.None) {
            return List.of();
        }
        MacAddress destination = MacAddress.read(frame, offset);
        MacAddress source = MacAddress.read(frame, offset + 6);
        List<LiveContext> byId = new ArrayList<>(live);
        byId.sort(Comparator.comparingInt(LiveContext::id));
        List<Integer> recipients = new ArrayList<>();
        for (LiveContext context : byId) {
            // one decision per context, so a context is taken at most once (DEMUX-8)
            if (Membership.isMember(context.host().vlan(), vlan) && takes(context, destination, source)) { // DEMUX-2
                recipients.add(context.id());
            }
        }
        return List.copyOf(recipients);
    }

    /** Whether a member of the frame's VLAN takes it (spec 06, section 4, in the pseudo-code's order). */
    private static boolean takes(LiveContext context, MacAddress destination, MacAddress source) {
        if (context.host().macs().contains(source)) {
            return false; // DEMUX-7: never back to the sender, even when promiscuous
        }
        if (context.guest().promiscuous()) {
            return true; // DEMUX-6: the whole VLAN
        }
        if (destination.isBroadcast()) {
            return true; // DEMUX-4
        }
        if (destination.isMulticast()) {
            return context.guest().allMulticast() || context.guest().multicast().contains(destination); // DEMUX-5; exact, so CTX-3 never applies
        }
        return context.host().macs().contains(destination); // DEMUX-3
    }

    /**
     * The copy a recipient with {@code policy} gets: without its 4-byte tag (octets 12–15) for an
     * Access context, as it arrived otherwise (DEMUX-10). A fresh array either way. Demux hands an
     * Access context tagged frames only; for any other frame of at least 12 bytes the octets 12–15
     * that exist are still cut, so a broken recipient selector cannot make this throw.
     */
    public static byte[] copyFor(VlanPolicy policy, byte[] frame, int offset, int length) {
        if (!(policy instanceof VlanPolicy.Access)) {
            return Arrays.copyOfRange(frame, offset, offset + length); // DEMUX-10: a trunk sees its tags
        }
        int head = FrameVlan.TPID_OFFSET;
        int tail = Math.min(length, FrameVlan.TPID_OFFSET + FrameVlan.TAG_LENGTH);
        byte[] copy = new byte[head + length - tail];
        System.arraycopy(frame, offset, copy, 0, head);
        System.arraycopy(frame, offset + tail, copy, head, length - tail); // DEMUX-10
        return copy;
    }
}
