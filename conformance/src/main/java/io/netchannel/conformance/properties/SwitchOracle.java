package io.netchannel.conformance.properties;

import io.netchannel.api.MacAddress;
import io.netchannel.api.SwitchMode;
import java.util.List;

/**
 * Where a frame a context sends goes: chapter 08, section 4.2, read from the rule text alone. The
 * sender's checks first ({@link TxPolicyOracle}, CTX-8); then, in VEB and SOFTWARE modes, the
 * other contexts exactly as chapter 06 would pick them for the frame from the wire
 * ({@link DemuxOracle}, CTX-6), and the wire unless the frame is unicast to another live member of
 * its VLAN; in VEPA the wire only (CTX-5). It never calls an implementation, so it can judge the
 * reference model too.
 */
public final class SwitchOracle {

    /** The longest frame a context can receive (RX-6); an Access sender's longest frame is 4 bytes more once tagged. */
    public static final int MAX_RECEIVED = 0xFFFF;

    private SwitchOracle() {
    }

    /**
     * The route of one frame.
     *
     * @param tx what the sender's TX path decided (chapter 07)
     * @param local the contexts the device delivers it to, with their copies, or null when it is
     *     not switched (VEPA, or dropped)
     * @param wire the bytes sent on port 0, or null when the wire does not see it
     * @param why the rule that decides the route
     */
    public record Route(TxPolicyOracle.Decision tx, DemuxOracle.Decision local, byte[] wire, String why) {

        /** Whether any context is chosen for the frame: what HOST_SWITCHED_FRAMES counts in SOFTWARE mode (CTX-7). */
        public boolean switched() {
            return local != null && !local.copies().isEmpty();
        }

        @Override
        public String toString() {
            String to = local == null ? "no context" : local.copies().isEmpty() ? "no context (" + local.why() + ")" : "contexts " + local.copies();
            return tx + " -> " + to + ", " + (wire == null ? "not on the wire" : "on the wire") + " (" + why + ")";
        }
    }

    /**
     * Section 4.2 for a frame of {@code sender} its TX path decided as {@code tx}, among the live
     * contexts {@code live} (ACTIVE or FAILED, the sender among them).
     */
    public static Route route(SwitchMode mode, int sender, TxPolicyOracle.Decision tx, List<DemuxOracle.Member> live) {
        if (tx.verdict() != TxPolicyOracle.Verdict.SENT) {
            return new Route(tx, null, null, "CTX-8: dropped by " + tx.why() + ", it reaches neither the wire nor any context");
        }
        byte[] frame = tx.wire();
        if (mode == SwitchMode.VEPA) {
            return new Route(tx, null, frame, "CTX-5: VEPA sends it on port 0 only");
        }
        if (frame.length > MAX_RECEIVED) {
            return new Route(tx, null, frame, "CTX-6: longer than any context may receive (RX-6), it only goes out");
        }
        DemuxOracle.Decision local = DemuxOracle.demux(frame, live);
        boolean inside = staysLocal(frame, sender, live);
        return new Route(tx, local, inside ? null : frame, inside ? "CTX-6: unicast to another live member of its VLAN, it stays inside"
                : "CTX-6: switched to the contexts demux picks, and sent on port 0");
    }

    /**
     * CTX-6: whether {@code frame} stays off the wire — its destination is an individual MAC owned
     * by a live context other than {@code sender} that is a member of the frame's VLAN (DEMUX-2).
     * Broadcast, multicast, unknown unicast, unicast to the sender's own MAC, a frame of no VLAN and
     * one longer than any context may receive all go out.
     */
    public static boolean staysLocal(byte[] frame, int sender, List<DemuxOracle.Member> live) {
        int vlan = DemuxOracle.vlanOf(frame);
        if (vlan == DemuxOracle.NO_VLAN || frame.length > MAX_RECEIVED) {
            return false;
        }
        MacAddress destination = MacAddress.read(frame, 0);
        if (destination.isMulticast()) {
            return false;
        }
        for (DemuxOracle.Member member : live) {
            if (member.context() != sender && member.macs().contains(destination) && DemuxOracle.member(member.vlan(), vlan)) {
                return true;
            }
        }
        return false;
    }

    /**
     * CTX-3: the extra copies a device that filters {@code exactGroups} groups per context exactly
     * may also deliver of a frame whose chosen recipients are {@code chosen} — to each live
     * context past that size that is a member of the frame's VLAN, does not own its source, is not
     * already a recipient, for a multicast frame that is not broadcast. Empty when none may.
     */
    public static List<DemuxOracle.Copy> mayAlsoReceive(byte[] frame, List<DemuxOracle.Member> live, DemuxOracle.Decision chosen, int exactGroups) {
        int vlan = chosen.vlan();
        MacAddress destination = MacAddress.read(frame, 0);
        if (vlan == DemuxOracle.NO_VLAN || !destination.isMulticast() || destination.isBroadcast()) {
            return List.of();
        }
        MacAddress source = MacAddress.read(frame, 6);
        List<DemuxOracle.Copy> extra = new java.util.ArrayList<>();
        for (DemuxOracle.Member member : live) {
            if (member.groups().size() > exactGroups && DemuxOracle.member(member.vlan(), vlan) && !member.macs().contains(source)
                    && chosen.copyFor(member.context()) == null) {
                byte[] copy = member.vlan() instanceof io.netchannel.api.VlanPolicy.Access ? Frames.untag(frame) : frame.clone(); // DEMUX-10
                extra.add(new DemuxOracle.Copy(member.context(), copy, "CTX-3", member.failed()));
            }
        }
        return List.copyOf(extra);
    }
}
