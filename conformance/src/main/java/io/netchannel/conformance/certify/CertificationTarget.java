package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.conformance.harness.Providers;

/**
 * The implementation a certification run targets and the run's shard, handed to the test classes
 * through system properties (the JUnit launcher instantiates them; it passes no arguments).
 */
public final class CertificationTarget {

    /** System property naming the provider under certification. */
    public static final String PROPERTY = "netchannel.certify.impl";
    /** System property holding the shard, {@code i/n}. */
    public static final String SHARD = "netchannel.certify.shard";

    private static volatile DeviceProvider explicit;

    private CertificationTarget() {
    }

    /** Certifies {@code provider} itself (one loaded from a vendor jar) rather than one found by name. */
    static void use(DeviceProvider provider) {
        explicit = provider;
    }

    /** The provider under certification; {@code fast} when none is named. */
    public static DeviceProvider provider() {
        DeviceProvider chosen = explicit;
        return chosen != null ? chosen : Providers.find(System.getProperty(PROPERTY, "fast"));
    }

    /** This run's shard; {@code 1/1} when none is set. */
    public static Shard shard() {
        return Shard.parse(System.getProperty(SHARD, "1/1"));
    }

    /**
     * Shard {@code index} of {@code count} (1-based): a deterministic split of the vectors by their
     * position in the bundle and of the properties by their name, so n jobs together run each once.
     */
    public record Shard(int index, int count) {

        /** Checks the bounds. */
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("a shard is i/n with 1 <= i <= n: " + index + "/" + count);
            }
        }

        /** {@code "2/8"}. */
        public static Shard parse(String text) {
            String[] parts = text.split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a shard is i/n, e.g. 2/8: " + text);
            }
            try {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a shard is i/n, e.g. 2/8: " + text, e);
            }
        }

        /** Whether this shard runs the vector at {@code position} of the bundle. */
        public boolean takes(int position) {
            return Math.floorMod(position, count) == index - 1;
        }

        /** Whether this shard runs the property called {@code name} (class and method). */
        public boolean takes(String name) {
            return Math.floorMod(name.hashCode(), count) == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }
}
