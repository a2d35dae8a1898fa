package io.netchannel.conformance.tck;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.properties.AdapterProperties;
import io.netchannel.conformance.properties.CoalescingProperties;
import io.netchannel.conformance.properties.ContextsProperties;
import io.netchannel.conformance.properties.DemuxProperties;
import io.netchannel.conformance.properties.DescriptorProperties;
import io.netchannel.conformance.properties.DifferentialProperties;
import io.netchannel.conformance.properties.MemoryProperties;
import io.netchannel.conformance.properties.OffloadProperties;
import io.netchannel.conformance.properties.PrivilegeProperties;
import io.netchannel.conformance.properties.QosProperties;
import io.netchannel.conformance.properties.RelocationProperties;
import io.netchannel.conformance.properties.RingProperties;
import io.netchannel.conformance.properties.TxFilterProperties;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorRunner;
import io.netchannel.conformance.vectors.Verdict;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Netchannel TCK. Extend it in your own test sources, return your device's provider from
 * {@link #provider()}, and your build runs every vector of the bundle (one dynamic test each,
 * named by vector id and requirement ids, through the Jupiter engine) and every property of
 * chapters 01 to 04 and 06 to 12 plus the differential property against the reference model (through the
 * jqwik engine, as nested groups). Your Surefire configuration must include both engines.
 *
 * <pre>{@code
 * class MyNicTck extends NetchannelTck {
 *     protected DeviceProvider provider() { return new MyNicProvider(); }
 * }
 * }</pre>
 *
 * <p>The profiles and limits the provider declares decide what runs: vectors of a profile it does
 * not claim are skipped (aborted, in JUnit's words), never silently passed.
 */
public abstract class NetchannelTck {

    /** System property naming a vector folder to use instead of the bundle inside the jar. */
    public static final String VECTORS_PROPERTY = "netchannel.vectors.dir";

    /** Scheme of the test source URI that carries a vector's file, id and requirements. */
    public static final String SOURCE_SCHEME = "netchannel-vector";

    /** The implementation under test. Called often: return a shared, stateless provider. */
    protected abstract DeviceProvider provider();

    /** The vectors to replay: {@value #VECTORS_PROPERTY} if set, else the jar's bundle. */
    protected VectorBundle vectors() {
        String dir = System.getProperty(VECTORS_PROPERTY);
        return dir == null ? VectorBundle.bundled() : VectorBundle.read(Path.of(dir));
    }

    /** Which vectors this run takes (every one; {@link io.netchannel.conformance.certify} shards override it). */
    protected boolean selected(int index, VectorBundle.Located test) {
        return true;
    }

    /** One dynamic test per vector. */
    @TestFactory
    Stream<DynamicTest> vectorTests() {
        DeviceProvider device = provider();
        VectorBundle bundle = vectors();
        var tests = bundle.tests();
        return java.util.stream.IntStream.range(0, tests.size()).filter(i -> selected(i, tests.get(i))).mapToObj(tests::get)
                .map(located -> DynamicTest.dynamicTest(located.test().id() + " " + located.test().reqs(), source(located), () -> {
                    Verdict verdict = VectorRunner.run(device, located.path(), located.file(), located.group(), located.test());
                    Assumptions.assumeFalse(verdict.status() == Verdict.Status.SKIP, verdict::describe);
                    if (verdict.status() != Verdict.Status.PASS) {
                        throw new AssertionError(String.join(",", verdict.reqs()) + " violated: vector " + verdict.id() + " (" + verdict.file()
                                + ") failed at step " + verdict.step() + ": " + verdict.detail());
                    }
                }));
    }

    /** {@code netchannel-vector:descriptor/tx-validation.yaml?id=...&reqs=DESC-5,TX-1}: reports recover the requirements from it. */
    static URI source(VectorBundle.Located located) {
        return URI.create(SOURCE_SCHEME + ":" + located.path() + "?id=" + URLEncoder.encode(located.test().id(), StandardCharsets.UTF_8)
                + "&reqs=" + String.join(",", located.test().reqs()));
    }

    /** Chapter 01. */
    @Group
    public class Privilege extends PrivilegeProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 02. */
    @Group
    public class Memory extends MemoryProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 03. */
    @Group
    public class Ring extends RingProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 04. */
    @Group
    public class Descriptor extends DescriptorProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 06. */
    @Group
    public class Demux extends DemuxProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 07. */
    @Group
    public class TxFilter extends TxFilterProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 08: switching between guests, limits, and the host's software path around this device. */
    @Group
    public class Contexts extends ContextsProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 09 (profile qos; skipped with the reason on a device that does not claim it). */
    @Group
    public class Qos extends QosProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Chapter 10 (profile coalescing; skipped with the reason on a device that does not claim it). */
    @Group
    public class Coalescing extends CoalescingProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /**
     * Chapter 11 (profiles checksum, tso and lro; each property skipped with the reason on a device
     * that does not claim its profile). OFF-1 binds every device: one that claims tso or lro also
     * claims checksum, and one without a profile refuses its offload NOT_SUPPORTED.
     */
    @Group
    public class Offload extends OffloadProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /**
     * Chapter 12 (profile relocation; RELOC-1 binds every device, the rest is skipped with the
     * reason on a device that does not claim it): the device moves guests to itself, to the
     * reference model and from it, and behind the reference host whose device refuses them.
     */
    @Group
    public class Relocation extends RelocationProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /**
     * Chapter 13 (profile adapter, claimed by the stdio bridge for the devices it runs): scripted
     * sessions that drive the device's executable directly. Skipped for an in-process device.
     */
    @Group
    public class Adapter extends AdapterProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }

    /** Lockstep against the reference model. */
    @Group
    public class Differential extends DifferentialProperties {
        @Override
        protected DeviceProvider provider() {
            return NetchannelTck.this.provider();
        }
    }
}
