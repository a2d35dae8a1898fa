package io.netchannel.conformance.certify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.catalogue.RequirementEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A certification report as data: written as {@code certification.json} next to the Markdown and
 * HTML renderings, so the reports of the shards of one campaign merge into one ({@link #merge}).
 *
 * @param device the device's identity
 * @param provider the provider's name
 * @param claimed the profiles the device claims
 * @param certified the profiles this run certified
 * @param specVersion the spec version
 * @param bundleSha256 the vector bundle's identity
 * @param shards the shards this report covers ({@code 1/1}, or every {@code i/n} of a merge)
 * @param testsRun properties and property-like tests run
 * @param testsFailed of those, failed
 * @param vectors vector verdict counts
 * @param verdicts requirement id to PASS, FAIL, SKIP or UNTESTED, in catalogue order
 * @param failures each failure with its reproduction
 */
@JsonPropertyOrder({"device", "provider", "claimed", "certified", "specVersion", "bundleSha256", "shards", "testsRun", "testsFailed", "vectors",
    "verdicts", "failures"})
public record Report(String device, String provider, List<String> claimed, List<String> certified, String specVersion, String bundleSha256,
        List<String> shards, int testsRun, int testsFailed, Certification.VectorCounts vectors, Map<String, String> verdicts,
        List<Certification.Failure> failures) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Whether every certified requirement passed (or was skipped or listed untested) and nothing failed. */
    public boolean passed() {
        return failures.isEmpty() && !verdicts.containsValue("FAIL");
    }

    /** The report of one run. */
    static Report of(Certification.Result result, RequirementCatalogue catalogue) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        result.verdicts().forEach((id, verdict) -> verdicts.put(id, verdict.name()));
        return new Report(result.provider().identity(), result.provider().name(), ids(result.provider().profiles()), ids(result.profiles()),
                catalogue.specVersion(), result.bundleSha256(), List.of(result.shard()), result.testsRun(), result.testsFailed(), result.vectors(),
                verdicts, result.failures());
    }

    private static List<String> ids(java.util.Set<io.netchannel.api.Profile> profiles) {
        return profiles.stream().map(io.netchannel.api.Profile::id).sorted().toList();
    }

    /**
     * One report from the reports of shards 1..n of one campaign: same device, bundle and spec, every
     * shard once. A requirement fails if it failed anywhere, passes if it passed somewhere, and is
     * untested or skipped only if it was everywhere.
     */
    public static Report merge(List<Report> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Report first = shards.get(0);
        TreeSet<String> seen = new TreeSet<>();
        int count = -1;
        for (Report shard : shards) {
            if (!shard.device().equals(first.device()) || !shard.bundleSha256().equals(first.bundleSha256())
                    || !shard.specVersion().equals(first.specVersion()) || !shard.certified().equals(first.certified())) {
                throw new IllegalArgumentException("reports of different campaigns: " + first.device() + " / " + first.bundleSha256().substring(0, 12)
                        + " vs " + shard.device() + " / " + shard.bundleSha256().substring(0, 12));
            }
            for (String text : shard.shards()) {
                CertificationTarget.Shard s = CertificationTarget.Shard.parse(text);
                if (count != -1 && s.count() != count) {
                    throw new IllegalArgumentException("shards of different splits: " + text + " and n=" + count);
                }
                count = s.count();
                if (!seen.add(text)) {
                    throw new IllegalArgumentException("shard " + text + " appears twice");
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!seen.contains(i + "/" + count)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing shard report(s): " + missing);
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String id : first.verdicts().keySet()) {
            List<String> all = shards.stream().map(r -> r.verdicts().getOrDefault(id, "UNTESTED")).toList();
            verdicts.put(id, all.contains("FAIL") ? "FAIL" : all.contains("PASS") ? "PASS" : all.contains("UNTESTED") ? "UNTESTED" : "SKIP");
        }
        List<Certification.Failure> failures = new ArrayList<>();
        int run = 0;
        int failed = 0;
        int pass = 0;
        int fail = 0;
        int skip = 0;
        for (Report shard : shards) {
            failures.addAll(shard.failures());
            run += shard.testsRun();
            failed += shard.testsFailed();
            pass += shard.vectors().pass();
            fail += shard.vectors().fail();
            skip += shard.vectors().skip();
        }
        return new Report(first.device(), first.provider(), first.claimed(), first.certified(), first.specVersion(), first.bundleSha256(),
                List.copyOf(seen), run, failed, new Certification.VectorCounts(pass, fail, skip), verdicts, failures);
    }

    /** Reads {@code dir/certification.json}. */
    public static Report read(Path dir) {
        Path file = dir.resolve("certification.json");
        try {
            return JSON.readValue(file.toFile(), Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certification report " + file, e);
        }
    }

    /** Writes {@code certification.json}, {@code .md} and {@code .html} into {@code dir}. */
    public void write(Path dir, RequirementCatalogue catalogue) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("certification.json").toFile(), this);
            Files.writeString(dir.resolve("certification.md"), markdown(catalogue));
            Files.writeString(dir.resolve("certification.html"), html(catalogue));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certification report: dir=" + dir, e);
        }
    }

    /** Counts of PASS, FAIL, SKIP, UNTESTED by profile id. */
    public Map<String, int[]> byProfile(RequirementCatalogue catalogue) {
        Map<String, int[]> counts = new TreeMap<>();
        List<String> order = List.of("PASS", "FAIL", "SKIP", "UNTESTED");
        verdicts.forEach((id, verdict) -> counts.computeIfAbsent(catalogue.find(id).map(RequirementEntry::profile).orElse("?"), p -> new int[4])
                [order.indexOf(verdict)]++);
        return counts;
    }

    private List<String[]> facts() {
        return List.of(
                new String[] {"device", device + " (provider " + provider + ")"},
                new String[] {"claimed profiles", String.join(", ", claimed)},
                new String[] {"certified profiles", String.join(", ", certified)},
                new String[] {"spec version", specVersion},
                new String[] {"suite", "netchannel 0.1.0"},
                new String[] {"vector bundle SHA-256", bundleSha256},
                new String[] {"shards", String.join(", ", shards)},
                new String[] {"vectors pass / fail / skip", vectors.pass() + " / " + vectors.fail() + " / " + vectors.skip()},
                new String[] {"property tests run / failed", testsRun + " / " + testsFailed},
                new String[] {"JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")},
                new String[] {"result", passed() ? "PASS" : "FAIL"});
    }

    String markdown(RequirementCatalogue catalogue) {
        StringBuilder md = new StringBuilder("# Netchannel certification report\n\n| | |\n| --- | --- |\n");
        for (String[] fact : facts()) {
            md.append("| ").append(fact[0]).append(" | ").append(fact[0].equals("result") ? "**" + fact[1] + "**" : fact[1]).append(" |\n");
        }
        md.append("\n## Summary by profile\n\n| profile | pass | fail | skip | untested |\n| --- | --- | --- | --- | --- |\n");
        byProfile(catalogue).forEach((profile, c) -> md.append("| ").append(profile).append(" | ").append(c[0]).append(" | ").append(c[1])
                .append(" | ").append(c[2]).append(" | ").append(c[3]).append(" |\n"));
        md.append("\n## Requirements\n\n| id | level | profile | verdict |\n| --- | --- | --- | --- |\n");
        verdicts.forEach((id, verdict) -> {
            RequirementEntry entry = catalogue.find(id).orElseThrow();
            md.append("| ").append(id).append(" | ").append(entry.level()).append(" | ").append(entry.profile()).append(" | ").append(verdict).append(" |\n");
        });
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            for (Certification.Failure failure : failures) {
                md.append("### ").append(failure.test()).append("\n\nRequirements: ").append(String.join(", ", failure.requirements()))
                        .append("\n\n```\n").append(failure.message()).append("\n```\n\n");
            }
        }
        return md.toString();
    }

    String html(RequirementCatalogue catalogue) {
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=en><meta charset=utf-8><title>Netchannel certification: ")
                .append(esc(device)).append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;max-width:70em;margin:2em auto}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
                        + ".PASS{color:#070}.FAIL{color:#b00;font-weight:bold}.SKIP,.UNTESTED{color:#666}pre{background:#f6f6f6;padding:.6em;overflow:auto}</style>\n")
                .append("<h1>Netchannel certification report</h1>\n<table>\n");
        for (String[] fact : facts()) {
            h.append("<tr><th>").append(esc(fact[0])).append("<td").append(fact[0].equals("result") ? " class=" + fact[1] : "").append('>')
                    .append(esc(fact[1])).append('\n');
        }
        h.append("</table>\n<h2>Summary by profile</h2>\n<table><tr><th>profile<th>pass<th>fail<th>skip<th>untested\n");
        byProfile(catalogue).forEach((profile, c) -> h.append("<tr><td>").append(esc(profile)).append("<td>").append(c[0]).append("<td>").append(c[1])
                .append("<td>").append(c[2]).append("<td>").append(c[3]).append('\n'));
        h.append("</table>\n<h2>Requirements</h2>\n<table><tr><th>id<th>level<th>profile<th>verdict<th>rule\n");
        verdicts.forEach((id, verdict) -> {
            RequirementEntry entry = catalogue.find(id).orElseThrow();
            h.append("<tr><td>").append(id).append("<td>").append(entry.level()).append("<td>").append(esc(entry.profile())).append("<td class=")
                    .append(verdict).append('>').append(verdict).append("<td>").append(esc(entry.rule())).append('\n');
        });
        h.append("</table>\n");
        if (!failures.isEmpty()) {
            h.append("<h2>Failures</h2>\n");
            for (Certification.Failure failure : failures) {
                h.append("<h3>").append(esc(failure.test())).append("</h3>\n<p>Requirements: ").append(esc(String.join(", ", failure.requirements())))
                        .append("</p>\n<pre>").append(esc(failure.message())).append("</pre>\n");
            }
        }
        return h.append("</html>\n").toString();
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
