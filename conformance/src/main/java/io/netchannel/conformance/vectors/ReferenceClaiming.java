package io.netchannel.conformance.vectors;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.model.device.Decisions;
import io.netchannel.model.device.ReferenceDevice;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference model claiming fewer profiles than it implements: a correct device without, say,
 * {@code qos}, whose control plane then refuses a TX rate limit NOT_SUPPORTED (QOS-1). The
 * vectors flagged with a reserved "not offered" flag (spec 05, section 3.1) are recorded from it
 * and replayed on it by {@code netchannel vectors verify}, since the model itself skips them.
 *
 * <p>What is left out is closed under OFF-1: a device that claims {@code tso} or {@code lro} also
 * claims {@code checksum}, so leaving out {@code checksum} leaves out {@code tso} and {@code lro}
 * too — the only correct device without checksum offload.
 */
public final class ReferenceClaiming implements DeviceProvider {

    private final DeviceProvider model = Providers.find("reference");
    private final Set<Profile> claimed;

    private ReferenceClaiming(Set<Profile> claimed) {
        this.claimed = Set.copyOf(claimed);
    }

    /**
     * The reference model claiming every profile it claims but {@code leftOut}, and but
     * {@code tso} and {@code lro} when {@code leftOut} holds {@code checksum} (OFF-1).
     */
    public static ReferenceClaiming without(Set<Profile> leftOut) {
        Set<Profile> claimed = EnumSet.noneOf(Profile.class);
        claimed.addAll(Providers.find("reference").profiles());
        claimed.removeAll(leftOut);
        if (!claimed.contains(Profile.CHECKSUM)) {
            // OFF-1: tso and lro rest on checksum
            claimed.remove(Profile.TSO);
            claimed.remove(Profile.LRO);
        }
        return new ReferenceClaiming(claimed);
    }

    /** The reference model claiming every profile it claims but {@code leftOut}. */
    public static ReferenceClaiming without(Profile leftOut) {
        return without(Set.of(leftOut));
    }

    @Override
    public String name() {
        return "reference-claiming-" + claimed.stream().map(Profile::id).sorted().reduce((a, b) -> a + "+" + b).orElse("");
    }

    @Override
    public String identity() {
        return "the reference model claiming " + claimed.stream().map(Profile::id).sorted().toList();
    }

    @Override
    public Set<Profile> profiles() {
        return claimed;
    }

    @Override
    public DeviceLimits limits() {
        return model.limits();
    }

    @Override
    public NetchannelDevice create(DeviceEnvironment environment) {
        return new ReferenceDevice(environment, model.limits(), Decisions.SPEC, claimed);
    }
}
