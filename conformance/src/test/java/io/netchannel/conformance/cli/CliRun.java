package io.netchannel.conformance.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code netchannel} command run in process: exit code, standard output and standard error. */
public record CliRun(int code, String out, String err) {

    /** Runs {@code netchannel args} in this JVM. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new NetchannelCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Both streams, for an assertion's description. */
    public String all() {
        return out + err;
    }
}
