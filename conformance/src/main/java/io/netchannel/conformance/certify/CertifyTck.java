package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.tck.NetchannelTck;
import io.netchannel.conformance.vectors.VectorBundle;

/** The TCK against the implementation under certification, restricted to this run's shard of the vectors. */
public class CertifyTck extends NetchannelTck {

    @Override
    protected DeviceProvider provider() {
        return CertificationTarget.provider();
    }

    @Override
    protected boolean selected(int index, VectorBundle.Located test) {
        return CertificationTarget.shard().takes(index);
    }
}
