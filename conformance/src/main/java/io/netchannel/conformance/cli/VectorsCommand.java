package io.netchannel.conformance.cli;

import io.netchannel.conformance.vectors.Hex;
import io.netchannel.conformance.vectors.Pcap;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorFileException;
import io.netchannel.conformance.vectors.VectorSelfCheck;
import io.netchannel.conformance.vectors.generate.Generators;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netchannel vectors generate|verify|list|export-pcap}. */
@Command(name = "vectors", mixinStandardHelpOptions = true, description = "Generate, verify, list and export the test vectors (spec chapter 05).",
        subcommands = {VectorsCommand.Generate.class, VectorsCommand.Verify.class, VectorsCommand.ListTests.class, VectorsCommand.ExportPcap.class,
                VectorsCommand.FromTranscript.class})
public final class VectorsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: generate, verify, list, export-pcap or from-transcript");
    }

    /** The bundle in {@code dir}, or the one in the jar when {@code dir} is null; null after printing why it cannot be read. */
    static VectorBundle bundle(Path dir, CommandLine.Model.CommandSpec spec) {
        try {
            return dir == null ? VectorBundle.bundled() : VectorBundle.read(dir);
        } catch (VectorFileException e) {
            spec.commandLine().getErr().println("netchannel vectors " + spec.name() + ": " + e.getMessage());
            return null;
        }
    }

    /** Records every vector from the reference model and writes the bundle. */
    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Record every vector from the reference model into DIR, with its manifest.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:NETCHANNEL_HOME:-.}/vectors",
                description = "bundle folder (default: the checkout's vectors/ under ./netchannel, else ./vectors; now ${DEFAULT-VALUE})")
        private Path dir;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<VectorBundle.Entry> files = new ArrayList<>(Generators.generate());
            // regressions are promoted counterexamples, not generated: keep them, re-read and re-listed
            Path regressions = dir.resolve("regressions");
            if (Files.isDirectory(regressions)) {
                try (Stream<Path> walk = Files.list(regressions)) {
                    for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                        files.add(new VectorBundle.Entry("regressions/" + file.getFileName(),
                                io.netchannel.conformance.vectors.VectorCodec.read(file.toString(), Files.readString(file))));
                    }
                } catch (VectorFileException e) {
                    spec.commandLine().getErr().println("netchannel vectors generate: " + e.getMessage());
                    return NetchannelCli.BAD_VECTOR;
                }
            }
            deleteStale(dir, files);
            var manifest = VectorBundle.write(dir, files);
            spec.commandLine().getOut().printf("wrote %d tests in %d files to %s (%d valid, %d invalid, %d acceptable)%n", manifest.totals().tests(),
                    manifest.totals().files(), dir, manifest.totals().valid(), manifest.totals().invalid(), manifest.totals().acceptable());
            return 0;
        }

        private static void deleteStale(Path dir, List<VectorBundle.Entry> files) throws IOException {
            if (!Files.isDirectory(dir)) {
                return;
            }
            List<String> keep = files.stream().map(VectorBundle.Entry::path).toList();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    String relative = dir.relativize(file).toString().replace('\\', '/');
                    if (!relative.equals(VectorBundle.MANIFEST) && !keep.contains(relative)) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /** Checks the bundle: schema, hashes, no drift from the generators, every test passing on the model. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Validate every file against the schema and the manifest, regenerate and compare byte for byte, and replay every test on the reference model.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:NETCHANNEL_HOME:-.}/vectors",
                description = "bundle folder (default: the checkout's vectors/ under ./netchannel, else ./vectors; now ${DEFAULT-VALUE})")
        private Path dir;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            VectorBundle bundle = bundle(dir, spec);
            if (bundle == null) {
                return NetchannelCli.BAD_VECTOR;
            }
            List<String> problems = new ArrayList<>(bundle.integrity());
            problems.addAll(VectorSelfCheck.drift(VectorBundle.files(dir), Generators.generate()));
            problems.addAll(VectorSelfCheck.lint(bundle, ExplainCommand.bundledCatalogue().entries().stream()
                    .map(io.netchannel.conformance.catalogue.RequirementEntry::id).collect(java.util.stream.Collectors.toSet())));
            problems.addAll(VectorSelfCheck.replay(bundle, Generators.model()));
            for (String problem : problems) {
                err.println("FAIL " + problem);
            }
            out.printf("%d files, %d tests, bundle sha256 %s: %s%n", bundle.entries().size(), bundle.tests().size(), bundle.sha256(),
                    problems.isEmpty() ? "verified" : problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : NetchannelCli.FAILED;
        }
    }

    /** Lists tests. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every test: id, kind, result, requirements.")
    static final class ListTests implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "bundle folder (default: the bundle inside the jar)")
        private Path dir;

        @Option(names = "--req", paramLabel = "ID", description = "only tests that check this requirement")
        private String req;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            VectorBundle bundle = bundle(dir, spec);
            if (bundle == null) {
                return NetchannelCli.BAD_VECTOR;
            }
            PrintWriter out = spec.commandLine().getOut();
            int shown = 0;
            for (VectorBundle.Located t : bundle.tests()) {
                if (req == null || t.test().reqs().contains(req)) {
                    out.printf("%-70s %-8s %-10s %s%n", t.test().id(), t.file().kind(), t.test().result(), String.join(",", t.test().reqs()));
                    shown++;
                }
            }
            out.printf("%d test(s)%n", shown);
            return 0;
        }
    }

    /** Writes the frames of one test as a pcap file. */
    @Command(name = "export-pcap", mixinStandardHelpOptions = true,
            description = "Write the frames of one test — wire input and the frames the device sends, in step order — as a pcap file.")
    static final class ExportPcap implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the test id (see `netchannel vectors list`)")
        private String id;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "output file (default: ID.pcap)")
        private Path out;

        @Option(names = "--dir", paramLabel = "DIR", description = "bundle folder (default: the bundle inside the jar)")
        private Path dir;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            VectorBundle bundle = bundle(dir, spec);
            if (bundle == null) {
                return NetchannelCli.BAD_VECTOR;
            }
            VectorBundle.Located found = bundle.tests().stream().filter(t -> t.test().id().equals(id)).findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "no test with id " + id + " (try `netchannel vectors list`)"));
            List<byte[]> frames = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            if (found.group().setup() != null) {
                steps.addAll(found.group().setup());
            }
            if (found.test().steps() != null) {
                steps.addAll(found.test().steps());
            }
            for (Step step : steps) {
                if (step.wire() != null) {
                    frames.add(Hex.decode(step.wire().frame()));
                }
                if (step.expect() != null && step.expect().frames() != null) {
                    step.expect().frames().forEach(f -> frames.add(Hex.decode(f.hex())));
                }
            }
            Path file = out != null ? out : Path.of(id + ".pcap");
            Pcap.write(frames, file);
            spec.commandLine().getOut().printf("wrote %d frame(s) of %s to %s%n", frames.size(), id, file);
            return 0;
        }
    }

    @Command(name = "from-transcript", mixinStandardHelpOptions = true,
            description = "Turn a stdio device session's transcript (certify --transcripts) into a scenario vector whose expectations "
                    + "are recorded from the reference model (spec 13, section 6).")
    static final class FromTranscript implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the transcript, one JSON line per request, reply or guest step")
        private Path transcript;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "output file (default: the transcript's name with .yaml)")
        private Path out;

        @Option(names = "--req", paramLabel = "ID", defaultValue = "MEM-2",
                description = "requirement the vector cites when the transcript records no finding (default: ${DEFAULT-VALUE})")
        private String req;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(transcript)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no transcript at " + transcript);
            }
            if (!req.matches(io.netchannel.conformance.stdio.TranscriptVectors.RULE_ID)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--req must be a requirement id like MEM-2, not \"" + req + "\"");
            }
            Path file = out != null ? out : transcript.resolveSibling(transcript.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".yaml");
            io.netchannel.conformance.stdio.TranscriptVectors.Conversion conversion;
            try {
                conversion = io.netchannel.conformance.stdio.TranscriptVectors.write(transcript, file, req);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("netchannel vectors from-transcript: " + e.getMessage());
                return NetchannelCli.BAD_VECTOR;
            } catch (java.io.UncheckedIOException e) {
                spec.commandLine().getErr().println("netchannel vectors from-transcript: " + e.getMessage() + ": " + e.getCause().getMessage());
                return NetchannelCli.BAD_VECTOR;
            }
            spec.commandLine().getOut().printf("wrote %s: %d steps citing %s, expectations from the reference model%n", file, conversion.steps(),
                    conversion.rule());
            return 0;
        }
    }
}
