package io.netchannel.conformance.cli;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.RelocationState;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.relocation.RelocationDemo;
import io.netchannel.conformance.relocation.RelocationDocument;
import io.netchannel.conformance.relocation.RelocationDocumentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netchannel relocate}: moves a guest between two devices and shows that it cannot tell
 * (spec 12, RELOC-8); {@code --check FILE} reads a relocation document (RELOC-11) and, with
 * {@code --import-into NAME}, imports it into a fresh device and exports it again (RELOC-9).
 */
@Command(name = "relocate", mixinStandardHelpOptions = true,
        description = {"Move a guest from one device to a fresh other one mid-traffic (export, destroy, import) and compare everything it and "
                + "the wire observe with a timeline that never moved (spec 12, RELOC-8).",
            "With --check FILE: read a relocation document (JSON or YAML) and print OK or why it is refused (RELOC-11)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the timelines agree / the document reads", "1:they differ, or the device refused or changed the document",
            "2:bad arguments", "3:no such device provider", "4:the document is refused (its defect, path and rule are printed)"})
public final class RelocateCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "NAME", defaultValue = "fast", description = "the source device's provider (default: ${DEFAULT-VALUE})")
    private String from;

    @Option(names = "--to", paramLabel = "NAME", defaultValue = "reference", description = "the target device's provider (default: ${DEFAULT-VALUE})")
    private String to;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the exported document to FILE instead of printing it")
    private Path out;

    @Option(names = "--check", paramLabel = "FILE", description = "read the relocation document in FILE instead of running the demonstration")
    private Path check;

    @Option(names = "--import-into", paramLabel = "NAME",
            description = "with --check: import the document into a fresh device of this provider, export it again and compare (RELOC-9)")
    private String importInto;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "0", description = "with --import-into: the context id to import as (default: ${DEFAULT-VALUE})")
    private int ctx;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (importInto != null && check == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--import-into needs --check FILE: it imports that document");
        }
        if (check != null && out != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out writes the demonstration's document; --check reads one");
        }
        return check != null ? check() : demonstrate();
    }

    private DeviceProvider provider(String name) {
        try {
            return Providers.find(name);
        } catch (Providers.UnknownProviderException e) {
            spec.commandLine().getErr().println("netchannel relocate: " + e.getMessage());
            return null;
        }
    }

    private int demonstrate() {
        PrintWriter o = spec.commandLine().getOut();
        DeviceProvider source = provider(from);
        DeviceProvider target = source == null ? null : provider(to);
        if (target == null) {
            return NetchannelCli.NO_PROVIDER;
        }
        o.printf("netchannel relocate: a guest moves from a %s device to a fresh %s device at %d ns (spec 12, RELOC-8)%n", source.name(),
                target.name(), RelocationDemo.EXPORT_NANOS);
        o.flush();
        RelocationDemo.Result result = RelocationDemo.run(source, target);
        if (result.exported() != null) {
            RelocationState.Runtime runtime = result.exported().runtime();
            var rate = result.exported().host().txRate();
            var rx = result.exported().guest().rxCoalescing();
            o.printf("history: TX limited to %d bytes per %d ns (burst %d), %d frames sent, %s; RX coalescing %d frames / %d ns, %d completion(s) owed"
                    + " for %d ns; groups %s; LRO %s%n",
                    rate.bytes(), rate.periodNanos(), rate.burstBytes(), runtime.counter(Counter.TX_FRAMES), runtime.credit().map(c -> c.resumeInNanos().isPresent()
                            ? "the next waits for credit, " + c.resumeInNanos().getAsLong() + " ns more" : "none waiting").orElse("unlimited"),
                    rx.maxFrames(), rx.maxDelayNanos(), runtime.rxCompletions().pending(), runtime.rxCompletions().ageNanos(),
                    result.exported().guest().multicast(), result.exported().guest().offloads().lro() ? "on" : "off (not claimed by both)");
            byte[] bytes = result.document().getBytes(StandardCharsets.UTF_8);
            if (out != null) {
                try {
                    Files.write(out, bytes);
                } catch (IOException e) {
                    spec.commandLine().getErr().println("netchannel relocate: cannot write " + out + ": " + e.getMessage());
                    return NetchannelCli.FAILED;
                }
                o.printf("document: %s (%d bytes, canonical, RELOC-10)%n", out, bytes.length);
            } else {
                o.printf("document (%d bytes, canonical, RELOC-10):%n%s%n", bytes.length, result.document());
            }
        }
        if (result.importResult() != null) {
            o.printf("moved:     ExportContext and DestroyContext on %s, ImportContext on a fresh %s device: %s%n", source.name(), target.name(),
                    Harness.describe(result.importResult()));
            o.printf("reference: %s exports the same document at the same instant and keeps the context%n", source.name());
        }
        if (!result.steps().isEmpty()) {
            o.printf("future (%d steps, every observation compared after each):%n", result.steps().size());
            for (int i = 0; i < result.steps().size(); i++) {
                o.printf("  %2d. %s%n", i + 1, result.steps().get(i));
            }
        }
        if (result.equal()) {
            o.printf("compared: %s%n", String.join("; ", result.compared()));
            o.println("EQUAL: the moved guest and the wire observed exactly what they observe without the move");
            o.flush();
            return 0;
        }
        o.println("DIFFERENT: " + result.difference());
        o.flush();
        return NetchannelCli.FAILED;
    }

    private int check() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        try {
            if (Files.size(check) > RelocationDocument.MAX_BYTES) {
                bytes = new byte[RelocationDocument.MAX_BYTES + 1]; // refused by size before anything reads it
            } else {
                bytes = Files.readAllBytes(check);
            }
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --check " + check + ": " + e);
        }
        DeviceProvider device = null;
        if (importInto != null && (device = provider(importInto)) == null) {
            return NetchannelCli.NO_PROVIDER;
        }
        RelocationState state;
        try {
            state = RelocationDocument.read(bytes);
        } catch (RelocationDocumentException e) {
            err.println("netchannel relocate: " + check + ": " + e.getMessage());
            return NetchannelCli.BAD_VECTOR;
        }
        String canonical = RelocationDocument.canonical(state);
        boolean isCanonical = canonical.equals(new String(bytes, StandardCharsets.UTF_8));
        o.printf("OK %s: a relocation document of version %d, %s, %d MAC(s), %d multicast group(s), TX rate %s%s%n", check, RelocationDocument.VERSION,
                state.runtime().state(), state.host().macs().size(), state.guest().multicast().size(),
                state.host().txRate().unlimited() ? "unlimited" : state.host().txRate().bytes() + " bytes per " + state.host().txRate().periodNanos()
                        + " ns (burst " + state.host().txRate().burstBytes() + ")",
                isCanonical ? "; canonical" : "; not canonical (" + canonical.length() + " bytes canonically)");
        if (device == null) {
            o.flush();
            return 0;
        }
        Harness harness = Harness.start(device);
        harness.grant(state.host().txRingGref(), ctx, Access.READ_WRITE);
        harness.grant(state.host().rxRingGref(), ctx, Access.READ_WRITE);
        GuestDriver guest = harness.guest(ctx, state.host().txRingGref(), state.host().rxRingGref());
        if (state.runtime().state() == ContextState.ACTIVE) {
            guest.initRings(state.runtime().tx().rspProd(), state.runtime().rx().rspProd()); // the guest's rings at the document's positions
        }
        ControlResult imported = harness.control(Caller.HOST, new ControlRequest.ImportContext(ctx, state));
        o.printf("import into a fresh %s device as context %d: %s%n", device.name(), ctx, imported instanceof ControlResult.Rejected rejected
                ? "Rejected(" + rejected.category() + ", " + rejected.rule() + ": " + rejected.detail() + ")" : Harness.describe(imported));
        if (!(imported instanceof ControlResult.Ok)) {
            o.flush();
            return NetchannelCli.FAILED;
        }
        ControlResult exported = harness.control(Caller.HOST, new ControlRequest.ExportContext(ctx));
        String again = exported instanceof ControlResult.Exported e ? RelocationDocument.canonical(e.state()) : null;
        if (canonical.equals(again)) {
            o.println("export again: the same canonical document, byte for byte (RELOC-9)");
            o.flush();
            return 0;
        }
        o.println("export again: " + (again == null ? Harness.describe(exported) : "a different document, first at byte "
                + firstDifference(canonical, again) + ":\n" + again));
        o.flush();
        return NetchannelCli.FAILED;
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
