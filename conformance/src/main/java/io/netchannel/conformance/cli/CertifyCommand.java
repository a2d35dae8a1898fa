package io.netchannel.conformance.cli;

import io.netchannel.conformance.harness.Providers;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.certify.Certification;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netchannel certify}: runs every property of the claimed profiles against one implementation. */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = "Certify an implementation found through ServiceLoader; writes JUnit XML and a report, "
                + "exits non-zero when a claimed profile fails.")
public final class CertifyCommand implements Callable<Integer> {

    @Option(names = "--impl", paramLabel = "NAME", defaultValue = "fast",
            description = "provider name (default: ${DEFAULT-VALUE}; the bundled ones are 'fast' and 'reference')")
    private String impl;

    @Option(names = "--provider-class", paramLabel = "CLASS",
            description = "a DeviceProvider class to certify instead of --impl, loaded from --classpath (needs a public no-argument constructor)")
    private String providerClass;

    @Option(names = "--classpath", paramLabel = "JAR", split = ":",
            description = "jars or folders holding --provider-class and what it needs (separated by ':')")
    private List<Path> classpath;

    @Option(names = "--stdio", paramLabel = "PATH",
            description = "certify the executable PATH through the stdio bridge (spec 13) instead of --impl: one process per device, "
                    + "JSON lines on its stdin and stdout, guest pages in a shared memory file")
    private Path stdio;

    @Option(names = "--stdio-arg", paramLabel = "ARG", description = "an argument for the --stdio executable (repeat for several)")
    private List<String> stdioArgs;

    @Option(names = "--stdio-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "per-call limit for a --stdio device in milliseconds; a call that takes longer is a FAIL (default: ${DEFAULT-VALUE})")
    private long stdioTimeout;

    @Option(names = "--transcripts", paramLabel = "DIR",
            description = "with --stdio: write every device session's JSON-lines transcript into DIR (see `netchannel vectors from-transcript`)")
    private Path transcripts;

    @Option(names = "--vectors", paramLabel = "DIR",
            description = "replay the bundle in DIR (with its manifest) instead of the one inside the jar, e.g. one with promoted regressions")
    private Path vectors;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "1/1",
            description = "run shard i of n: a deterministic split of the vectors and properties (default: ${DEFAULT-VALUE})")
    private String shard;

    @Option(names = "--profile", paramLabel = "P", split = ",",
            description = "profiles to certify (default: every profile the provider claims); core is always included")
    private List<String> profiles;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "1000", description = "property depth (default: ${DEFAULT-VALUE})")
    private int tries;

    @Option(names = "--shrink-seconds", paramLabel = "S", defaultValue = "10",
            description = "how long a failing property may shrink its counterexample (default: ${DEFAULT-VALUE})")
    private int shrinkSeconds;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "report", description = "report folder (default: ${DEFAULT-VALUE})")
    private Path report;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (shrinkSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shrink-seconds must not be negative: " + shrinkSeconds);
        }
        System.setProperty(Certification.SHRINK_SECONDS, Integer.toString(shrinkSeconds));
        if (tries < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tries must be at least 1: tries=" + tries);
        }
        checkStdioOptions();
        try {
            System.setProperty(io.netchannel.conformance.certify.CertificationTarget.SHARD,
                    io.netchannel.conformance.certify.CertificationTarget.Shard.parse(shard).toString());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
        if (vectors != null) {
            try {
                io.netchannel.conformance.vectors.VectorBundle.read(vectors);
            } catch (io.netchannel.conformance.vectors.VectorFileException e) {
                err.println("netchannel certify: " + e.getMessage());
                return NetchannelCli.BAD_VECTOR;
            }
            System.setProperty(io.netchannel.conformance.tck.NetchannelTck.VECTORS_PROPERTY, vectors.toAbsolutePath().toString());
        }
        DeviceProvider provider;
        try {
            provider = stdio != null ? stdio(err) : providerClass != null ? Providers.load(providerClass, classpath == null ? List.of() : classpath)
                    : Providers.find(impl);
        } catch (Providers.UnknownProviderException e) {
            err.println("netchannel certify: " + e.getMessage());
            return NetchannelCli.NO_PROVIDER;
        }
        if (provider == null) {
            return NetchannelCli.NO_PROVIDER;
        }
        try {
            return certify(provider);
        } finally {
            // the stdio provider's device processes end here, not only when the JVM does
            if (provider instanceof io.netchannel.conformance.stdio.StdioProvider bridged) {
                bridged.close();
            }
        }
    }

    private int certify(DeviceProvider provider) {
        var out = spec.commandLine().getOut();
        Set<Profile> certified = EnumSet.of(Profile.CORE);
        if (provider.profiles().contains(Profile.ADAPTER)) {
            certified.add(Profile.ADAPTER); // the bridge's own profile: bound whatever --profile names (spec 13)
        }
        if (profiles == null) {
            certified.addAll(provider.profiles());
        } else {
            for (String id : profiles) {
                Profile profile;
                try {
                    profile = Profile.fromId(id);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                if (!provider.profiles().contains(profile)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "provider '" + provider.name()
                            + "' does not claim profile " + id + " (it claims " + provider.profiles() + ")");
                }
                certified.add(profile);
            }
        }
        // a differential failure leaves its shrunk sequence as a scenario vector next to the report
        System.setProperty(io.netchannel.conformance.properties.Lockstep.REGRESSIONS, report.resolve("regressions").toString());
        RequirementCatalogue catalogue = ExplainCommand.bundledCatalogue();
        out.printf("Certifying %s (provider '%s'), profiles %s, %d tries per property%n", provider.identity(),
                provider.name(), certified, tries);
        out.flush();
        Certification.Result result = Certification.run(provider, certified, tries, report, catalogue, line -> {
            out.println(line);
            out.flush();
        });
        Certification.writeReport(result, catalogue, report);
        out.println();
        out.printf("%-12s %6s %6s %6s %9s%n", "profile", "pass", "fail", "skip", "untested");
        for (var row : Certification.summary(result, catalogue).entrySet()) {
            int[] c = row.getValue();
            out.printf("%-12s %6d %6d %6d %9d%n", row.getKey().id(), c[0], c[1], c[2], c[3]);
        }
        out.println();
        for (Certification.Failure failure : result.failures()) {
            out.printf("FAIL %s %s%n     %s%n", failure.test(), failure.requirements(), failure.message().lines().findFirst().orElse(""));
        }
        out.printf("vectors: %d pass, %d fail, %d skip (bundle %s, shard %s)%n", result.vectors().pass(), result.vectors().fail(),
                result.vectors().skip(), result.bundleSha256().substring(0, 12), result.shard());
        out.printf("%d tests, %d failed. Report: %s%n", result.testsRun(), result.testsFailed(),
                report.resolve("certification.md"));
        out.println(result.passed() ? "CERTIFIED" : "NOT CERTIFIED");
        out.flush();
        return result.passed() ? 0 : NetchannelCli.FAILED;
    }

    /** The stdio options make sense together: one device source, and the {@code --stdio-…} options only with {@code --stdio}. */
    private void checkStdioOptions() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--stdio-timeout") && stdioTimeout < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stdio-timeout must be at least 1 ms: " + stdioTimeout);
        }
        if (stdio == null) {
            for (String option : List.of("--stdio-arg", "--stdio-timeout", "--transcripts")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), option + " needs --stdio PATH");
                }
            }
            return;
        }
        // --impl has a default, so only an explicit one conflicts; silently certifying one of two named devices would mislead
        for (String option : List.of("--impl", "--provider-class", "--classpath")) {
            if (parsed.hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stdio and " + option + " name two devices: give one of them");
            }
        }
    }

    /** The stdio provider over {@code --stdio}, or null (with the reason printed) when its process cannot start or init. */
    private DeviceProvider stdio(java.io.PrintWriter err) {
        if (!java.nio.file.Files.exists(stdio)) {
            err.println("netchannel certify: --stdio " + stdio + ": no such file");
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(stdio) || !java.nio.file.Files.isExecutable(stdio)) {
            err.println("netchannel certify: --stdio " + stdio + " is not an executable file");
            return null;
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(stdio.toAbsolutePath().toString());
        if (stdioArgs != null) {
            command.addAll(stdioArgs);
        }
        try {
            return new io.netchannel.conformance.stdio.StdioProvider(command, java.time.Duration.ofMillis(stdioTimeout), transcripts);
        } catch (IllegalArgumentException e) {
            err.println("netchannel certify: " + e.getMessage());
            return null;
        }
    }
}
