package io.netchannel.conformance.cli;

import io.netchannel.conformance.catalogue.RequirementCatalogue;
import io.netchannel.conformance.catalogue.RequirementEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code netchannel explain RING-4}: the rule, its intent, level, profile and how it is checked. */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print a requirement: rule, intent, level, profile, check.")
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "a requirement id such as RING-4")
    private String id;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The catalogue shipped in the jar. */
    static RequirementCatalogue bundledCatalogue() {
        try (InputStream in = ExplainCommand.class.getResourceAsStream("/netchannel/spec/requirements.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the requirement catalogue is missing from the jar: netchannel/spec/requirements.yaml");
            }
            return RequirementCatalogue.read(in, "requirements.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Integer call() {
        RequirementCatalogue catalogue = bundledCatalogue();
        RequirementEntry entry = catalogue.find(id.toUpperCase(Locale.ROOT)).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "unknown requirement id: " + id
                        + " (ids look like RING-4; the catalogue has " + catalogue.entries().size() + ")"));
        var out = spec.commandLine().getOut();
        out.printf("%s  %s  (chapter %s, profile %s, checked by %s)%n%n", entry.id(), entry.level(), entry.chapter(),
                entry.profile(), entry.check());
        out.printf("Rule:   %s%n", entry.rule());
        out.printf("Intent: %s%n", entry.intent());
        if (!entry.active()) {
            out.printf("Withdrawn in %s%n", entry.withdrawn());
        }
        out.flush();
        return 0;
    }
}
