package io.netchannel.conformance.cli;

import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.certify.Report;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netchannel merge-reports}: the reports of the shards of one campaign as one report. */
@Command(name = "merge-reports", mixinStandardHelpOptions = true,
        description = "Merge the report folders of `certify --shard 1/n` … `n/n` into one report; exits 1 when the merged run failed.")
public final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "report folders of the shards (each holds certification.json)")
    private List<Path> shards;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "report", description = "where the merged report goes (default: ${DEFAULT-VALUE})")
    private Path report;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Report> reports = new ArrayList<>();
        for (Path dir : shards) {
            if (!Files.isRegularFile(dir.resolve("certification.json"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no certification.json in " + dir);
            }
            try {
                reports.add(Report.read(dir));
            } catch (UncheckedIOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Report merged;
        try {
            merged = Report.merge(reports);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RequirementCatalogue catalogue = ExplainCommand.bundledCatalogue();
        merged.write(report, catalogue);
        var out = spec.commandLine().getOut();
        out.printf("merged %d shard report(s) of %s: vectors %d pass, %d fail, %d skip; %d property tests, %d failed%n", reports.size(),
                merged.device(), merged.vectors().pass(), merged.vectors().fail(), merged.vectors().skip(), merged.testsRun(), merged.testsFailed());
        out.println(merged.passed() ? "CERTIFIED" : "NOT CERTIFIED");
        out.flush();
        return merged.passed() ? 0 : NetchannelCli.FAILED;
    }
}
