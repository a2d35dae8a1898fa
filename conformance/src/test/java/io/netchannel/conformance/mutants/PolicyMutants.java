package io.netchannel.conformance.mutants;

import io.netchannel.api.Counter;
import io.netchannel.api.FilterRule;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.txfilter.Enforcement;
import io.netchannel.model.txfilter.FilterTable;
import io.netchannel.model.txfilter.FrameHeader;
import io.netchannel.model.txfilter.TxChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * Broken readings of chapters 06 and 07, one MUST group each: the reference model with one of its
 * {@link io.netchannel.model.device.Decisions} replaced. {@link MutantsTest} names the rule that
 * catches each.
 */
final class PolicyMutants {

    private PolicyMutants() {
    }

    /** DEMUX-2: demuxes by MAC alone, as if every context were a member of every VLAN. */
    static final Mutant IGNORES_VLAN = Mutant.decisions("ignores-vlan-on-demux", spec -> spec.withRecipients((frame, offset, length, live) -> {
        List<Integer> taken = new ArrayList<>();
        for (LiveContext context : live) {
            // ask the spec's demux about this context alone, with its VLAN policy made to fit the frame
            LiveContext blind = new LiveContext(context.id(), context.state(),
                    context.host().toBuilder().vlan(policyOf(frame, offset, length)).build(), context.guest());
            if (!Demux.recipients(frame, offset, length, List.of(blind)).isEmpty()) {
                taken.add(context.id());
            }
        }
        return taken;
    }));

    /** DEMUX-7: replicates a frame to the context that owns its source MAC too. */
    static final Mutant REPLICATES_TO_SENDER = Mutant.decisions("replicates-to-sender", spec -> spec.withRecipients((frame, offset, length, live) -> {
        MacAddress source = MacAddress.read(frame, offset + 6);
        List<Integer> taken = new ArrayList<>(Demux.recipients(frame, offset, length, live));
        MacAddress destination = MacAddress.read(frame, offset);
        for (LiveContext context : live) {
            boolean sender = context.host().macs().contains(source);
            if (sender && destination.isMulticast() && !taken.contains(context.id())
                    && !Demux.recipients(frame, offset, length, List.of(withoutMacs(context))).isEmpty()) {
                taken.add(context.id());
            }
        }
        return taken.stream().sorted().toList();
    }));

    /** TXF-2: never checks the source MAC. */
    static final Mutant LETS_SPOOF_THROUGH = Mutant.decisions("lets-spoofed-source-through", spec -> spec.withTxPolicy((context, host, frame) ->
            TxChecks.wire(host.vlan(), frame).<Enforcement>map(wire -> TxChecks.filter(host, frame, wire))
                    .orElseGet(() -> new Enforcement.Drop(Counter.TX_DROP_VLAN, Enforcement.NOT_FILTERED))));

    /** TXF-6: the last matching rule decides instead of the first. */
    static final Mutant LAST_MATCH = Mutant.decisions("filter-last-match", spec -> spec.withTxPolicy((context, host, frame) -> {
        Enforcement first = TxChecks.enforce(host, frame);
        if (first instanceof Enforcement.Drop drop && drop.reason() != Counter.TX_DROP_FILTER) {
            return first;
        }
        List<FilterRule> rules = host.txRules();
        FrameHeader header = FrameHeader.read(frame);
        int last = rules.size();
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (FilterTable.holds(rules.get(i).match(), header)) {
                last = i;
                break;
            }
        }
        byte[] wire = first instanceof Enforcement.Send send ? send.wire() : TxChecks.wire(host.vlan(), frame).orElseThrow();
        return switch (FilterTable.action(rules, host.txDefault(), last)) {
            case ALLOW -> new Enforcement.Send(wire, last);
            case DROP -> new Enforcement.Drop(Counter.TX_DROP_FILTER, last);
        };
    }));

    /** DEMUX-10: hands an Access context its frame with the tag still in it. */
    static final Mutant KEEPS_ACCESS_TAG = Mutant.decisions("keeps-access-tag", spec -> spec.withRxCopy((policy, frame, offset, length) ->
            Demux.copyFor(VlanPolicy.UNTAGGED, frame, offset, length)));

    /** The policy that makes a context a member of the frame's VLAN (Untagged for an untagged or unreadable tag). */
    static VlanPolicy policyOf(byte[] frame, int offset, int length) {
        if (length >= 18 && (frame[offset + 12] & 0xFF) == 0x81 && frame[offset + 13] == 0) {
            int vid = (frame[offset + 14] & 0x0F) << 8 | (frame[offset + 15] & 0xFF);
            return vid >= 1 && vid <= 4094 ? new VlanPolicy.Trunk(List.of(vid)) : VlanPolicy.UNTAGGED;
        }
        return VlanPolicy.UNTAGGED;
    }

    /** The context as the spec's demux would see it if it owned no MAC (so pruning does not apply). */
    private static LiveContext withoutMacs(LiveContext context) {
        return new LiveContext(context.id(), context.state(),
                context.host().toBuilder().macs(List.of(MacAddress.parse("02:ff:ff:ff:ff:fe"))).build(), context.guest());
    }

    /** Every mutant here. */
    static List<Mutant> all() {
        return List.of(IGNORES_VLAN, REPLICATES_TO_SENDER, LETS_SPOOF_THROUGH, LAST_MATCH, KEEPS_ACCESS_TAG);
    }
}
