package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.model.demux.Demux;
import io.netchannel.model.demux.FrameVlan;
import io.netchannel.model.demux.LiveContext;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.model.demux.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A device whose multicast filter is exact for {@value #EXACT} groups per context, as a NIC's
 * perfect filter that spills into multicast-promiscuous mode (spec 08, section 3): the reference
 * model, declaring {@code exactMulticastGroups = }{@value #EXACT}, whose demux also selects, for a
 * multicast frame that is not broadcast, every member of the frame's VLAN whose multicast list is
 * longer — never the context owning the source. CTX-3 allows exactly that; each {@link Flaw} is a
 * device that over-delivers more, which the property of CTX-1 and CTX-2 must catch.
 */
final class ImperfectMulticast implements DeviceProvider {

    /** Groups per context the device filters exactly. */
    static final int EXACT = 2;

    /** What the device over-delivers beyond CTX-3. */
    enum Flaw {
        /** Nothing: the over-delivery CTX-3 allows. */
        NONE,
        /** Also to overflowing contexts that are not members of the frame's VLAN (DEMUX-2). */
        ACROSS_VLANS,
        /** Also to contexts whose list fits the exact table (DEMUX-5). */
        EXACT_LISTS,
        /** Also unicast frames for another context, to the overflowing members of their VLAN (DEMUX-3). */
        UNICAST
    }

    private final Flaw flaw;
    private final DeviceProvider reference = Providers.find("reference");

    ImperfectMulticast(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return flaw == Flaw.NONE ? "imperfect-multicast" : "mutant-imperfect-multicast-" + flaw.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public String identity() {
        return "the reference model with a multicast filter exact for " + EXACT + " groups per context" + (flaw == Flaw.NONE ? ""
                : ", deliberately over-delivering " + flaw);
    }

    @Override
    public Set<Profile> profiles() {
        return reference.profiles();
    }

    @Override
    public DeviceLimits limits() {
        return reference.limits().withExactMulticastGroups(EXACT);
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return new ReferenceDevice(environment, limits(), Decisions.SPEC.withRecipients(this::select));
    }

    private List<Integer> select(byte[] frame, int offset, int length, List<LiveContext> live) {
        List<Integer> chosen = new ArrayList<>(Demux.recipients(frame, offset, length, live));
        FrameVlan vlan = FrameVlan.of(frame, offset, length);
        MacAddress destination = MacAddress.read(frame, offset);
        boolean group = destination.isMulticast() && !destination.isBroadcast();
        if (vlan instanceof FrameVlan.None || !(group || flaw == Flaw.UNICAST && !destination.isMulticast())) {
            return chosen;
        }
        MacAddress source = MacAddress.read(frame, offset + 6);
        for (LiveContext context : live) {
            int joined = context.guest().multicast().size();
            boolean overflowing = flaw == Flaw.EXACT_LISTS ? joined > 0 : joined > EXACT;
            boolean member = flaw == Flaw.ACROSS_VLANS || Membership.isMember(context.host().vlan(), vlan);
            if (overflowing && member && !context.host().macs().contains(source) && !chosen.contains(context.id())) {
                chosen.add(context.id());
            }
        }
        return chosen.stream().sorted().toList();
    }
}
