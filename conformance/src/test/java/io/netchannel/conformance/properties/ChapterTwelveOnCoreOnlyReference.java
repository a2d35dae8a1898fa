package io.netchannel.conformance.properties;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.mutants.CoreOnlyReference;

/**
 * RelocationProperties on the reference model claiming core only, for {@link RelocationProfileGateTest}. Named apart from
 * "Relocation" so that {@code -Dtest='*Relocation*'} does not run every property on it a second time.
 */
class ChapterTwelveOnCoreOnlyReference extends RelocationProperties {

    private static final DeviceProvider PROVIDER = new CoreOnlyReference();

    @Override
    protected DeviceProvider provider() {
        return PROVIDER;
    }
}
