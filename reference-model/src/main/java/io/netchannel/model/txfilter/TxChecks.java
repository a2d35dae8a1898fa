package io.netchannel.model.txfilter;

import io.netchannel.api.ContextConfig;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The checks every frame a context sends passes, in the spec's order: source MAC, VLAN, filter
 * rules (spec 07, section 3, TXF-1). Each step is public so that a deliberately broken device can
 * leave one out or replace it.
 */
public final class TxChecks {

    private static final int SOURCE_MAC = 6;
    private static final int TPID = 12;
    private static final int TCI = 14;
    private static final int TPID_8021Q = 0x8100;
    private static final int TPID_8021AD = 0x88A8;
    private static final int TPID_QINQ = 0x9100;
    private static final int TAG_LENGTH = 4;
    private static final int MIN_TAGGED = 18;

    private TxChecks() {
    }

    /**
     * The verdict for {@code frame}, the bytes a context with host configuration {@code host}
     * sent (the whole array, at least 14 bytes after DESC-8). The first check that fails decides.
     */
    public static Enforcement enforce(ContextConfig host, byte[] frame) {
        if (!sourceOwned(host.macs(), frame)) {
            return new Enforcement.Drop(Counter.TX_DROP_SPOOF, Enforcement.NOT_FILTERED); // TXF-2
        }
        Optional<byte[]> wire = wire(host.vlan(), frame);
        if (wire.isEmpty()) {
            return new Enforcement.Drop(Counter.TX_DROP_VLAN, Enforcement.NOT_FILTERED); // TXF-3..5: the rules never see it
        }
        return filter(host, frame, wire.get());
    }

    /** True when octets 6–11 of {@code frame} are one of {@code macs} (TXF-2). */
    public static boolean sourceOwned(List<MacAddress> macs, byte[] frame) {
        return frame.length >= SOURCE_MAC + 6 && macs.contains(MacAddress.read(frame, SOURCE_MAC));
    }

    /**
     * What goes to the wire for {@code frame} under {@code policy}, or empty when the policy
     * forbids its tag or it lacks the tag the policy needs (TXF-3, TXF-4, TXF-5).
     */
    public static Optional<byte[]> wire(VlanPolicy policy, byte[] frame) {
        int tpid = frame.length >= TPID + 2 ? u16(frame, TPID) : -1;
        boolean tagged = tpid == TPID_8021Q || tpid == TPID_8021AD || tpid == TPID_QINQ;
        if (policy instanceof VlanPolicy.Untagged) {
            return tagged ? Optional.empty() : Optional.of(frame.clone()); // TXF-3
        }
        if (policy instanceof VlanPolicy.Access access) {
            return tagged ? Optional.empty() : Optional.of(withTag(frame, access.vid())); // TXF-4
        }
        List<Integer> vids = ((VlanPolicy.Trunk) policy).vids();
        if (tpid != TPID_8021Q || frame.length < MIN_TAGGED || !vids.contains(u16(frame, TCI) & 0xFFF)) {
            return Optional.empty(); // TXF-5
        }
        return Optional.of(frame.clone()); // TXF-5: as it is
    }

    /**
     * {@code frame} with the tag 0x8100, TCI {@code vid} (PCP 0, DEI 0) inserted after its source
     * MAC, 4 bytes longer (TXF-4).
     */
    public static byte[] withTag(byte[] frame, int vid) {
        byte[] wire = new byte[frame.length + TAG_LENGTH];
        System.arraycopy(frame, 0, wire, 0, TPID);
        wire[TPID] = (byte) (TPID_8021Q >>> 8);
        wire[TPID + 1] = (byte) TPID_8021Q;
        wire[TCI] = (byte) (vid >>> 8 & 0x0F); // PCP 0, DEI 0
        wire[TCI + 1] = (byte) vid;
        System.arraycopy(frame, TPID, wire, TPID + TAG_LENGTH, frame.length - TPID);
        return wire;
    }

    /**
     * The filter step: the deciding rule of the frame the guest sent ({@code frame}, before any
     * tag insertion) sends {@code wire} or drops it (TXF-6, TXF-7, TXF-8).
     */
    public static Enforcement filter(ContextConfig host, byte[] frame, byte[] wire) {
        int rule = FilterTable.decidingIndex(host.txRules(), FrameHeader.read(frame)); // TXF-6, TXF-7
        if (FilterTable.action(host.txRules(), host.txDefault(), rule) == FilterAction.DROP) {
            return new Enforcement.Drop(Counter.TX_DROP_FILTER, rule); // TXF-6
        }
        return new Enforcement.Send(wire, rule);
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
