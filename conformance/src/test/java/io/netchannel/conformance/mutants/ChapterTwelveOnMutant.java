package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.RelocationProperties;

/**
 * RelocationProperties on the relocation mutant {@link RelocationMutantsTest} sets. Named apart from
 * "Relocation" so that {@code -Dtest='*Relocation*'} does not run it on its own, without a mutant.
 */
class ChapterTwelveOnMutant extends RelocationProperties {

    /** The mutant the properties run on, set by each test. */
    static volatile Mutant mutant;

    @Override
    protected DeviceProvider provider() {
        return mutant;
    }
}
