package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DescriptorProperties;

/** DescriptorProperties on the mutant that re-reads req_prod within a batch: must fail, naming DESC-1 ({@link MutantsTest}). */
class RereadsReqProdDescriptorPropertiesOnMutant extends DescriptorProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.REREADS_REQ_PROD;
    }
}
