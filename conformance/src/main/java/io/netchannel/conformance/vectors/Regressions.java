package io.netchannel.conformance.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Shrunk counterexamples as scenario vectors (spec 05, section 8): the reference model's recording
 * of the failing sequence, with the model's expectations, so replaying it on the failing device
 * fails at the step where the two parted — a bug report that carries its own reproduction.
 */
public final class Regressions {

    private Regressions() {
    }

    /** Writes {@code steps} as {@code dir/name.yaml}; returns the path. */
    public static Path write(Path dir, String name, String rule, String provider, List<Step> steps) {
        String sha = VectorBundle.sha256(steps.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        VectorFile.ErrorScope scope = scope(steps);
        VectorFile.Test test = new VectorFile.Test(1, "regression." + name, List.of(rule),
                "shrunk counterexample of the differential property on provider " + provider + " (steps " + sha + ")", null, scope == null ? "valid" : "invalid", scope,
                null, steps, null, null, null);
        VectorFile file = new VectorFile(VectorFile.SCHEMA, VectorBundle.SPEC_VERSION, "scenario", "regression", name, "core",
                new VectorFile.Generator("netchannel-differential", VectorBundle.VERSION), 1,
                "Recorded from the reference model when provider " + provider + " disagreed with it; the last step is where they parted.",
                Map.of(), List.of(new VectorFile.Group(null, List.of("core"), null, List.of(test))));
        Path path = dir.resolve(name + ".yaml");
        try {
            Files.createDirectories(dir);
            // written aside and moved into place, so a reader never sees a half-written file
            Path partial = Files.createTempFile(dir, name, ".partial");
            Files.writeString(partial, VectorCodec.write(file));
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write regression vector " + path, e);
        }
        return path;
    }

    /** The error scope the steps show: context if a context fails, packet if an error or drop is counted, else none. */
    static VectorFile.ErrorScope scope(List<Step> steps) {
        VectorSelfCheck.Effects effects = VectorSelfCheck.Effects.of(steps);
        return effects.failed() ? new VectorFile.ErrorScope("context", null) : effects.counted() ? new VectorFile.ErrorScope("packet", null) : null;
    }
}
