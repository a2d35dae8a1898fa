package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.DifferentialProperties;

/**
 * DifferentialProperties on the mutant {@link MutantsTest} names in {@link #MUTANT}: the lockstep
 * comparison with the model must catch every data-path mutant on its own.
 */
class AnyDifferentialPropertiesOnMutant extends DifferentialProperties {

    /** Set by the test before the engine runs this class. */
    static volatile Mutant mutant;

    static final String MUTANT = "mutant";

    @Override
    protected DeviceProvider provider() {
        return mutant;
    }
}
