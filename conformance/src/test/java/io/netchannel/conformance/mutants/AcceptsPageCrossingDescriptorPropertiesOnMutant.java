package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the accepts-page-crossing mutant: must fail, naming DESC-5 ({@link MutantsTest}). */
class AcceptsPageCrossingDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.ACCEPTS_PAGE_CROSSING;
    }
}
