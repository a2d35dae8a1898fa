package io.netchannel.conformance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netchannel}: the conformance suite's command line. */
@Command(name = "netchannel", mixinStandardHelpOptions = true, version = "netchannel 0.1.0 (spec 0.1.0)",
        description = "Executable specification and conformance suite for smart L2 NICs with netchannel rings.",
        subcommands = {CertifyCommand.class, VectorsCommand.class, MergeCommand.class, ExplainCommand.class, RelocateCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a claimed profile failed certification", "2:bad arguments",
                "3:the implementation could not be found or loaded", "4:a vector file or relocation document is malformed (its path and line, or member path, are printed)"})
public final class NetchannelCli implements Runnable {

    /** Exit code: a claimed profile failed. */
    public static final int FAILED = 1;
    /** Exit code: the implementation could not be found or loaded. */
    public static final int NO_PROVIDER = 3;
    /** Exit code: a vector file is malformed. */
    public static final int BAD_VECTOR = 4;

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger JQWIK_LOG = java.util.logging.Logger.getLogger("net.jqwik");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        // jqwik's INFO notes ("edge cases exceed tries") would drown the progress display
        JQWIK_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new NetchannelCli()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'netchannel certify' or 'netchannel --help'");
    }
}
