package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code vectors/manifest.yaml} (spec 05, section 9): what the bundle holds, file by file, with
 * SHA-256 and counts. The SHA-256 of the manifest's own bytes identifies the bundle in reports.
 */
@JsonPropertyOrder({"schema", "bundleVersion", "specVersion", "vectorSchema", "files", "totals"})
public record Manifest(String schema, String bundleVersion, String specVersion, String vectorSchema, List<Entry> files, Totals totals) {

    /** The manifest structure's version. */
    public static final String SCHEMA = "netchannel-vectors-manifest/v1";

    /** One vector file. */
    @JsonPropertyOrder({"path", "sha256", "tests", "valid", "invalid", "acceptable"})
    public record Entry(String path, String sha256, int tests, int valid, int invalid, int acceptable) {
    }

    /** Sums over every file. */
    @JsonPropertyOrder({"files", "tests", "valid", "invalid", "acceptable"})
    public record Totals(int files, int tests, int valid, int invalid, int acceptable) {
    }
}
