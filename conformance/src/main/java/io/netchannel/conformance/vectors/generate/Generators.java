package io.netchannel.conformance.vectors.generate;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every generator of the bundled vectors, and the one device they record: the reference model. */
public final class Generators {

    private Generators() {
    }

    /** The device every vector is recorded from. */
    public static DeviceProvider model() {
        return Providers.find("reference");
    }

    /** The generators, one per chapter or theme. */
    static List<Supplier<List<VectorBundle.Entry>>> all() {
        return List.of(LayoutVectors::files, PrivilegeVectors::files, MemoryVectors::files, RingVectors::files, DescriptorVectors::files,
                DemuxVectors::files, RxFilterVectors::files, TxFilterVectors::files, ContextsVectors::files, QosVectors::files, CoalescingVectors::files,
                OffloadVectors::files, RelocationVectors::files);
    }

    /** Every bundled file, freshly recorded. */
    public static List<VectorBundle.Entry> generate() {
        List<VectorBundle.Entry> files = new ArrayList<>();
        for (Supplier<List<VectorBundle.Entry>> generator : all()) {
            files.addAll(generator.get());
        }
        return files;
    }
}
