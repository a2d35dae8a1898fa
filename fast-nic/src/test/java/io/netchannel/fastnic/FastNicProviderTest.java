package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FastNicProviderTest {

    @Test
    void serviceLoaderFindsTheFastNicWithTheModelsLimits() {
        DeviceProvider provider = ServiceLoader.load(DeviceProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("fast"))
                .findFirst()
                .orElseThrow();
        assertThat(provider.identity()).isEqualTo("Netchannel fast NIC 0.1.0");
        assertThat(provider.profiles()).containsExactlyInAnyOrder(Profile.CORE, Profile.L3L4_DEMUX, Profile.QOS, Profile.COALESCING,
                Profile.CHECKSUM, Profile.TSO, Profile.LRO, Profile.RELOCATION);
        assertThat(provider.limits()).isEqualTo(new DeviceLimits(64, 8, 64, 4095));
        assertThat(provider.create(new DeviceEnvironment(new TestMemory(), new RecordingSink()))).isInstanceOf(FastNic.class);
    }
}
