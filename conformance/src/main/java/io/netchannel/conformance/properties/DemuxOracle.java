package io.netchannel.conformance.properties;

import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which contexts a frame from the wire reaches, and with which bytes: chapter 06, section 4 (the
 * {@code demux} procedure), read from the rule text alone — DEMUX-1's table for the frame's VLAN,
 * DEMUX-2's membership table, DEMUX-3 to DEMUX-7 for selection, DEMUX-10 for the copy, and
 * (profile {@code l3l4-demux}, section 5a) each recipient's RX rules for whether it takes its copy
 * (DEMUX-14), matched on the frame as it came by chapter 07's own reading ({@link TxPolicyOracle},
 * DEMUX-15). It never calls an implementation, so it can judge the reference model too.
 */
public final class DemuxOracle {

    /** {@link #vlanOf} of a frame that belongs to no VLAN (DEMUX-1: dropped). */
    public static final int NO_VLAN = -1;
    /** {@link #vlanOf} of an untagged frame. */
    public static final int UNTAGGED = 0;

    private DemuxOracle() {
    }

    /**
     * A live context as demux sees it.
     *
     * @param context the context id
     * @param macs its unicast MACs
     * @param vlan its VLAN policy
     * @param promiscuous its guest's promiscuous flag
     * @param allMulticast its guest's all-multicast flag
     * @param groups the multicast groups its guest joined (by configuration or in band)
     * @param failed true when the context is FAILED (a recipient that counts RX_DROP_FAILED)
     * @param rxRules its RX filter rules, in order (section 5a; none without profile l3l4-demux)
     * @param rxDefault what decides a copy no RX rule matches
     */
    public record Member(int context, List<MacAddress> macs, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, Set<MacAddress> groups,
            boolean failed, List<FilterRule> rxRules, FilterAction rxDefault) {
        /** Copies the collections. */
        public Member {
            macs = List.copyOf(macs);
            groups = Set.copyOf(groups);
            rxRules = List.copyOf(rxRules);
            java.util.Objects.requireNonNull(rxDefault, "rxDefault");
        }

        /** A context without RX rules: it takes every copy section 4 selects for it. */
        public Member(int context, List<MacAddress> macs, VlanPolicy vlan, boolean promiscuous, boolean allMulticast, Set<MacAddress> groups,
                boolean failed) {
            this(context, macs, vlan, promiscuous, allMulticast, groups, failed, List.of(), FilterAction.ALLOW);
        }
    }

    /**
     * One recipient's copy.
     *
     * @param context the recipient
     * @param bytes the copy as chapter 04, section 4.2 delivers it (tag removed for Access, DEMUX-10)
     * @param rule the rule that selects it (DEMUX-3, -4, -5 or -6)
     * @param failed the recipient is FAILED: the copy is counted RX_DROP_FAILED instead (RX-5)
     * @param filtered the recipient's RX rules drop the copy: it is counted RX_DROP_FILTER, before
     *     the FAILED check and without touching a buffer (DEMUX-14)
     */
    public record Copy(int context, byte[] bytes, String rule, boolean failed, boolean filtered) {

        /** A copy no RX rule drops. */
        public Copy(int context, byte[] bytes, String rule, boolean failed) {
            this(context, bytes, rule, failed, false);
        }

        @Override
        public String toString() {
            return "ctx " + context + " by " + rule + ": " + bytes.length + " bytes"
                    + (filtered ? " (RX rules drop it: RX_DROP_FILTER)" : failed ? " (FAILED: RX_DROP_FAILED)" : "");
        }
    }

    /**
     * The decision for one frame.
     *
     * @param vlan the frame's VLAN ({@link #NO_VLAN}, {@link #UNTAGGED} or a VID)
     * @param copies one per recipient, in context order (any order between recipients is allowed, DEMUX-12)
     * @param why the rule behind a drop (DEMUX-1 or DEMUX-9), or the rules behind the copies
     */
    public record Decision(int vlan, List<Copy> copies, String why) {
        /** True when the frame is dropped and counted WIRE_DROP_NO_CONTEXT. */
        public boolean dropped() {
            return copies.isEmpty();
        }

        /** The copy for {@code context}, or null when it is no recipient. */
        public Copy copyFor(int context) {
            for (Copy copy : copies) {
                if (copy.context() == context) {
                    return copy;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "VLAN " + describeVlan(vlan) + ": " + (copies.isEmpty() ? "dropped (" + why + ")" : copies.toString());
        }
    }

    /**
     * DEMUX-1: the frame's VLAN from its TPID position. {@link #NO_VLAN} for 0x88A8, 0x9100, and
     * 0x8100 with fewer than 18 bytes or VID 0 or 0xFFF; the VID for 0x8100 with VID 1..4094 and at
     * least 18 bytes; {@link #UNTAGGED} for anything else of at least 14 bytes.
     */
    public static int vlanOf(byte[] frame) {
        if (frame.length < 14) {
            return NO_VLAN; // a runt is RX-6's; it reaches no context either
        }
        int tpid = Frames.u16(frame, 12);
        if (tpid == Frames.TPID_8021AD || tpid == Frames.TPID_9100) {
            return NO_VLAN;
        }
        if (tpid != Frames.TPID_8021Q) {
            return UNTAGGED;
        }
        if (frame.length < 18) {
            return NO_VLAN;
        }
        int vid = Frames.u16(frame, 14) & 0xFFF;
        return vid == 0 || vid == 0xFFF ? NO_VLAN : vid;
    }

    /** DEMUX-2: whether a context with {@code policy} is a member of {@code vlan}. */
    public static boolean member(VlanPolicy policy, int vlan) {
        if (vlan == NO_VLAN) {
            return false;
        }
        if (policy instanceof VlanPolicy.Access a) {
            return vlan != UNTAGGED && a.vid() == vlan;
        }
        if (policy instanceof VlanPolicy.Trunk t) {
            return vlan != UNTAGGED && t.vids().contains(vlan);
        }
        return vlan == UNTAGGED;
    }

    /** Chapter 06, section 4: the recipients of {@code frame} among the live {@code contexts}. */
    public static Decision demux(byte[] frame, List<Member> contexts) {
        int vlan = vlanOf(frame);
        if (vlan == NO_VLAN) {
            return new Decision(vlan, List.of(), "DEMUX-1: the frame belongs to no VLAN");
        }
        MacAddress dst = MacAddress.read(frame, 0);
        MacAddress src = MacAddress.read(frame, 6);
        List<Copy> copies = new ArrayList<>();
        List<Member> sorted = new ArrayList<>(contexts);
        sorted.sort((a, b) -> Integer.compare(a.context(), b.context()));
        for (Member c : sorted) {
            if (!member(c.vlan(), vlan)) {
                continue; // DEMUX-2
            }
            if (c.macs().contains(src)) {
                continue; // DEMUX-7
            }
            String rule = null;
            if (c.promiscuous()) {
                rule = "DEMUX-6";
            } else if (dst.isBroadcast()) {
                rule = "DEMUX-4";
            } else if (dst.isMulticast()) {
                if (c.groups().contains(dst) || c.allMulticast()) {
                    rule = "DEMUX-5";
                }
            } else if (c.macs().contains(dst)) {
                rule = "DEMUX-3";
            }
            if (rule != null) {
                byte[] copy = c.vlan() instanceof VlanPolicy.Access ? Frames.untag(frame) : frame.clone(); // DEMUX-10
                boolean filtered = rxAction(c.rxRules(), c.rxDefault(), frame) == FilterAction.DROP; // DEMUX-14, on the frame as it came
                copies.add(new Copy(c.context(), copy, rule, c.failed(), filtered));
            }
        }
        return new Decision(vlan, List.copyOf(copies), copies.isEmpty() ? "DEMUX-9: no context takes the frame" : "DEMUX-3..6");
    }

    /**
     * DEMUX-14 and DEMUX-15: the index of the RX rule that decides {@code frame}, as it came from
     * the wire (or as the switch sends it, tag included), or {@code rules.size()} when none holds and
     * the default decides. The reading and matching are chapter 07's, section 4:
     * {@link TxPolicyOracle#firstMatch}, the TX oracle's own.
     */
    public static int rxRule(List<FilterRule> rules, byte[] frame) {
        return rules.isEmpty() ? 0 : TxPolicyOracle.firstMatch(rules, frame);
    }

    /** DEMUX-14: what the RX rules {@code rules} and default {@code rxDefault} decide for a copy of {@code frame}. */
    public static FilterAction rxAction(List<FilterRule> rules, FilterAction rxDefault, byte[] frame) {
        int decided = rxRule(rules, frame);
        return decided < rules.size() ? rules.get(decided).action() : rxDefault;
    }

    /** {@code none}, {@code untagged} or {@code VID n}. */
    public static String describeVlan(int vlan) {
        return vlan == NO_VLAN ? "none" : vlan == UNTAGGED ? "untagged" : "VID " + vlan;
    }
}
