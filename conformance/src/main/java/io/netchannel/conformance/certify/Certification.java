package io.netchannel.conformance.certify;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.catalogue.RequirementEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import io.netchannel.conformance.tck.NetchannelTck;
import io.netchannel.conformance.vectors.VectorBundle;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.UriSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the certification suite (the classes of this package) against one provider and judges
 * every requirement of the catalogue: PASS, FAIL, SKIP (profile not claimed) or UNTESTED.
 */
public final class Certification {

    /** System property: seconds a failing property may shrink. */
    public static final String SHRINK_SECONDS = "netchannel.certify.shrink-seconds";

    /** A requirement's verdict. */
    public enum Verdict { PASS, FAIL, SKIP, UNTESTED }

    /** One failed check: the test (a property, or a vector's id and file), its requirements and what it reported. */
    public record Failure(String test, List<String> requirements, String message) {
    }

    /** Vector verdict counts of a run: every vector of the shard gets exactly one. */
    public record VectorCounts(int pass, int fail, int skip) {
        /** Vectors judged. */
        public int total() {
            return pass + fail + skip;
        }
    }

    /** The outcome of a run. */
    public record Result(DeviceProvider provider, Set<Profile> profiles, Map<String, Verdict> verdicts,
            List<Failure> failures, int testsRun, int testsFailed, VectorCounts vectors, String bundleSha256, String shard) {

        /** True when no requirement of a certified profile failed. */
        public boolean passed() {
            return failures.isEmpty() && !verdicts.containsValue(Verdict.FAIL);
        }
    }

    private Certification() {
    }

    /** The vector behind a dynamic test's source URI ({@link NetchannelTck#SOURCE_SCHEME}). */
    record VectorSource(String file, String id, List<String> reqs) {
        static VectorSource of(java.net.URI uri) {
            String part = uri.getSchemeSpecificPart(); // file?id=...&reqs=A,B
            String file = part.substring(0, part.indexOf('?'));
            String id = "";
            List<String> reqs = List.of();
            for (String pair : part.substring(part.indexOf('?') + 1).split("&")) {
                if (pair.startsWith("id=")) {
                    id = java.net.URLDecoder.decode(pair.substring(3), java.nio.charset.StandardCharsets.UTF_8);
                } else if (pair.startsWith("reqs=")) {
                    reqs = List.of(pair.substring(5).split(","));
                }
            }
            return new VectorSource(file, id, reqs);
        }
    }

    /**
     * Certifies {@code provider} for {@code profiles}, writing JUnit XML and the report into
     * {@code reportDir}; {@code progress} receives one line per finished test class.
     */
    public static Result run(DeviceProvider provider, Set<Profile> profiles, int tries, Path reportDir,
            RequirementCatalogue catalogue, Consumer<String> progress) {
        System.setProperty(CertificationTarget.PROPERTY, provider.name());
        CertificationTarget.use(provider);
        CertificationTarget.Shard shard = CertificationTarget.shard();
        String vectorsDir = System.getProperty(NetchannelTck.VECTORS_PROPERTY);
        VectorBundle bundle = vectorsDir == null ? VectorBundle.bundled() : VectorBundle.read(Path.of(vectorsDir));
        if (!bundle.integrity().isEmpty()) {
            throw new IllegalStateException("the vector bundle does not match its manifest: " + bundle.integrity());
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(CertifyTck.class))
                .filters((PostDiscoveryFilter) descriptor -> {
                    // the shard's share of the properties; the vector factory runs in every shard and splits itself
                    if (descriptor.getSource().orElse(null) instanceof MethodSource method && !method.getMethodName().equals("vectorTests")
                            && descriptor.isTest() && !shard.takes(method.getClassName() + "#" + method.getMethodName())) {
                        return FilterResult.excluded("property of another shard than " + shard);
                    }
                    return FilterResult.included("this shard's");
                })
                .configurationParameter("jqwik.tries.default", Integer.toString(tries))
                .configurationParameter("jqwik.shrinking.bounded.seconds", System.getProperty(SHRINK_SECONDS, "10"))
                .configurationParameter("jqwik.database", reportDir.resolve(".jqwik-database").toString())
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .build();
        Map<String, List<Boolean>> outcomes = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        int[] counts = new int[2];
        int[] vectors = new int[3];
        TestExecutionListener collector = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.getSource().orElse(null) instanceof UriSource) {
                    vectors[2]++;
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().orElse(null) instanceof UriSource source && NetchannelTck.SOURCE_SCHEME.equals(source.getUri().getScheme())) {
                    VectorSource vector = VectorSource.of(source.getUri());
                    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                        vectors[2]++; // a profile the device does not claim
                        return;
                    }
                    boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                    vectors[ok ? 0 : 1]++;
                    if (!ok) {
                        String message = result.getThrowable().map(Throwable::getMessage).orElse(result.getStatus().toString());
                        failures.add(new Failure("vector " + vector.id() + " (" + vector.file() + ")", vector.reqs(), message
                                + "\nreproduce: ./netchannel vectors list --req " + vector.reqs().get(0)
                                + "; frames: ./netchannel vectors export-pcap " + vector.id()));
                    }
                    for (String id : vector.reqs()) {
                        outcomes.computeIfAbsent(id, k -> new ArrayList<>()).add(ok);
                    }
                } else if (test.getSource().orElse(null) instanceof MethodSource source && test.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                        // the property cannot judge this device (e.g. a guest action during a call, through the bridge): no outcome
                        progress.accept(String.format("  aborted %s.%s: %s", source.getClassName().replaceFirst(".*\\.", ""), test.getDisplayName(),
                                result.getThrowable().map(Throwable::getMessage).orElse("no reason given")));
                        return;
                    }
                    List<String> ids = requirementsOf(source);
                    boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                    counts[0]++;
                    if (!ok) {
                        counts[1]++;
                        String message = result.getThrowable().map(Throwable::toString).orElse(result.getStatus().toString());
                        failures.add(new Failure(source.getClassName().replaceFirst(".*\\.", "") + "." + test.getDisplayName(), ids, message));
                    }
                    for (String id : ids) {
                        outcomes.computeIfAbsent(id, k -> new ArrayList<>()).add(ok);
                    }
                } else if (test.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.ClassSource source) {
                    progress.accept(String.format("  %-55s %s", source.getClassName().replaceFirst(".*\\.", ""), result.getStatus()));
                }
            }
        };
        try {
            Files.createDirectories(reportDir);
            try (PrintWriter xmlErrors = new PrintWriter(Files.newBufferedWriter(reportDir.resolve("junit-errors.log")))) {
                Launcher launcher = LauncherFactory.create();
                launcher.execute(request, collector, new LegacyXmlReportGeneratingListener(reportDir, xmlErrors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certification report: dir=" + reportDir, e);
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (RequirementEntry entry : catalogue.entries()) {
            if (!entry.active()) {
                continue;
            }
            Profile profile = Profile.fromId(entry.profile());
            List<Boolean> results = outcomes.get(entry.id());
            Verdict verdict;
            if (!profiles.contains(profile)) {
                verdict = Verdict.SKIP;
            } else if (results == null || results.isEmpty()) {
                verdict = Verdict.UNTESTED;
            } else {
                verdict = results.contains(Boolean.FALSE) ? Verdict.FAIL : Verdict.PASS;
            }
            verdicts.put(entry.id(), verdict);
        }
        // spec 05 section 10: every vector of the shard ends with exactly one verdict
        long expected = java.util.stream.IntStream.range(0, bundle.tests().size()).filter(shard::takes).count();
        if (vectors[0] + vectors[1] + vectors[2] != expected) {
            failures.add(new Failure("vector accounting", List.of(), expected + " vectors in shard " + shard + " but "
                    + (vectors[0] + vectors[1] + vectors[2]) + " verdicts: the runner lost or repeated some"));
        }
        return new Result(provider, profiles, verdicts, failures, counts[0], counts[1], new VectorCounts(vectors[0], vectors[1], vectors[2]),
                bundle.sha256(), shard.toString());
    }

    /** Writes the report as JSON (for merging shards), Markdown and HTML. */
    public static Report writeReport(Result result, RequirementCatalogue catalogue, Path reportDir) {
        Report report = Report.of(result, catalogue);
        report.write(reportDir, catalogue);
        return report;
    }

    /** Counts of pass, fail, skip, untested per profile. */
    public static Map<Profile, int[]> summary(Result result, RequirementCatalogue catalogue) {
        Map<Profile, int[]> summary = new EnumMap<>(Profile.class);
        for (var verdict : result.verdicts().entrySet()) {
            Profile profile = Profile.fromId(catalogue.find(verdict.getKey()).orElseThrow().profile());
            summary.computeIfAbsent(profile, p -> new int[4])[verdict.getValue().ordinal()]++;
        }
        return summary;
    }

    private static String ids(Set<Profile> profiles) {
        Set<String> ids = new TreeSet<>();
        profiles.forEach(p -> ids.add(p.id()));
        return String.join(", ", ids);
    }

    private static List<String> requirementsOf(MethodSource source) {
        List<String> ids = new ArrayList<>();
        try {
            Class<?> type = Class.forName(source.getClassName());
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Method method : c.getDeclaredMethods()) {
                    if (method.getName().equals(source.getMethodName())) {
                        for (Requirement requirement : method.getAnnotationsByType(Requirement.class)) {
                            ids.addAll(List.of(requirement.value()));
                        }
                    }
                }
                for (Requirement requirement : c.getAnnotationsByType(Requirement.class)) {
                    ids.addAll(List.of(requirement.value()));
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("test class vanished during certification: " + source.getClassName(), e);
        }
        return ids.stream().distinct().toList();
    }
}
