package io.netchannel.conformance.vectors.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Values drawn from the properties' own arbitraries with a fixed seed: the same generators that
 * search for bugs supply vector inputs, and a regeneration draws the same values.
 */
public final class Samples {

    private Samples() {
    }

    /** {@code count} values of {@code arbitrary} drawn from {@code seed}. */
    public static <T> List<T> draw(Arbitrary<T> arbitrary, long seed, int count) {
        boolean own = !JqwikSession.isActive();
        if (own) {
            JqwikSession.start();
        }
        try {
            Random random = new Random(seed);
            var generator = arbitrary.generator(1000);
            List<T> values = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                values.add(generator.next(random).value());
            }
            return values;
        } finally {
            if (own) {
                JqwikSession.finish();
            }
        }
    }
}
