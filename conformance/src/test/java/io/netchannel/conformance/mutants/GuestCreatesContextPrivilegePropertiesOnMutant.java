package io.netchannel.conformance.mutants;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.PrivilegeProperties;

/** PrivilegeProperties on the guest-creates-context mutant: must fail, naming PRIV-2 ({@link MutantsTest}). */
class GuestCreatesContextPrivilegePropertiesOnMutant extends PrivilegeProperties {

    @Override
    protected DeviceProvider provider() {
        return Mutants.GUEST_CREATES_CONTEXT;
    }
}
