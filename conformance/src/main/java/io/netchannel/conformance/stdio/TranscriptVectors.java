package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.Queue;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.vectors.ControlSteps;
import io.netchannel.conformance.vectors.Hex;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.StepRecorder;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorCodec;
import io.netchannel.conformance.vectors.VectorFile;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code netchannel vectors from-transcript} (spec 13, section 6): a device session's
 * transcript becomes a scenario vector. The guest lines become grant, revoke and write steps, the
 * requests control, kick, wire and advanceTo steps; the expectations are recorded from the
 * reference model, as every vector's are. So the vector fails on the device whose session it was,
 * and passes on the model: a portable reproduction.
 */
public final class TranscriptVectors {

    private TranscriptVectors() {
    }

    /** The vector and what it was made from. */
    public record Conversion(VectorFile file, String rule, int steps) {
    }

    /** A transcript that cannot be read, naming the line. */
    public static final class BadTranscript extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadTranscript(String message) {
            super(message);
        }
    }

    /**
     * The vector of {@code transcript}: one scenario test named after the file, citing the first
     * finding or failure the transcript records ({@code fallbackRule} when it records none).
     */
    public static Conversion convert(Path transcript, String fallbackRule) {
        List<String> lines;
        try {
            lines = Files.readAllLines(transcript);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcript " + transcript, e);
        }
        String name = transcript.getFileName().toString().replaceFirst("\\.jsonl$", "");
        List<Step> steps = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        boolean requests = false;
        Set<Long> granted = new HashSet<>();
        String rule = null;
        String device = "stdio";
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Transcript.JSON.readTree(lines.get(n));
            } catch (JsonProcessingException e) {
                throw new BadTranscript(transcript + ":" + (n + 1) + ": not a JSON line: " + e.getOriginalMessage());
            }
            String direction = line.path("dir").asText("");
            try {
                switch (direction) {
                    case "guest" -> {
                        Step step = guest(line);
                        if (step.grant() != null) {
                            granted.add(step.grant().gref());
                        } else if (step.write() != null && granted.add(step.write().gref())) {
                            // a page granted and revoked between two calls reaches the transcript as a write only (the bridge
                            // sees grants at call boundaries) and the model needs the page: grant it, write, revoke. The owner
                            // is not recorded; context 0, read-only, is the usual one (a vector's revoked page)
                            steps.add(step(new Step.Grant(step.write().gref(), 0, Access.READ_ONLY.name()), null, null));
                            lineOf.add(n + 1);
                            steps.add(step);
                            lineOf.add(n + 1);
                            step = step(null, new Step.Revoke(step.write().gref()), null);
                        }
                        steps.add(step);
                        lineOf.add(n + 1);
                    }
                    case "out" -> {
                        Step step = request(line.path("msg"));
                        if (step != null) {
                            steps.add(step);
                            lineOf.add(n + 1);
                            requests = true;
                        }
                    }
                    case "in" -> {
                        if (line.path("msg").path("type").asText().equals("init_ok")) {
                            device = line.path("msg").path("vendor").asText("?") + " " + line.path("msg").path("product").asText("?");
                        }
                    }
                    case "finding", "failure" -> {
                        if (rule == null) {
                            rule = line.path("rule").asText(null);
                        }
                    }
                    default -> throw new BadTranscript("unknown dir \"" + direction + "\"");
                }
            } catch (IllegalArgumentException e) {
                throw new BadTranscript(transcript + ":" + (n + 1) + ": " + e.getMessage());
            }
        }
        if (!requests) {
            // grants alone replay to an empty test that passes everywhere: not a reproduction of anything
            throw new BadTranscript(transcript + ": no requests to replay (control, kick, receive or advance)"
                    + (lines.stream().allMatch(String::isBlank) ? ": the file is empty" : ""));
        }
        String cited = rule == null || !rule.matches(RULE_ID) ? fallbackRule : rule;
        List<Step> recorded;
        try {
            recorded = record(steps);
        } catch (Unreplayable e) {
            throw new BadTranscript(transcript + ":" + lineOf.get(e.index) + ": the reference model cannot replay this step: " + e.getMessage());
        }
        VectorFile.Test test = new VectorFile.Test(1, testId(name), List.of(cited),
                "recorded from the transcript of a " + device + " session; expectations from the reference model", null, "valid", null, null,
                recorded, null, null, null);
        VectorFile file = new VectorFile(VectorFile.SCHEMA, VectorBundle.SPEC_VERSION, "scenario", "regression", testId(name).substring("transcript.".length()).replace('.', '-'), "core",
                new VectorFile.Generator("netchannel-from-transcript", VectorBundle.VERSION), 1,
                "A device session replayed: the guest's steps and the calls the suite made, with the reference model's observations.",
                Map.of(), List.of(new VectorFile.Group(null, List.of("core"), null, List.of(test))));
        return new Conversion(file, cited, recorded.size());
    }

    /** A requirement id as the vector schema spells it. */
    public static final String RULE_ID = "[A-Z][A-Z0-9]*-[1-9][0-9]*";

    /**
     * The test id for a transcript named {@code name} (a test id, {@code session-00001}, or a name
     * with {@code _} for characters a file name cannot hold), in the schema's spelling:
     * {@code transcript.} then lowercase dot-separated parts of letters, digits and dashes.
     */
    static String testId(String name) {
        StringBuilder id = new StringBuilder("transcript");
        for (String part : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").split("\\.")) {
            String clean = part.replaceFirst("^-+", "");
            if (!clean.isEmpty()) {
                id.append('.').append(clean);
            }
        }
        return id.toString().equals("transcript") ? "transcript.session" : id.toString();
    }

    /** Converts {@code transcript} and writes the vector to {@code out}; returns the conversion. */
    public static Conversion write(Path transcript, Path out, String fallbackRule) {
        Conversion conversion = convert(transcript, fallbackRule);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, VectorCodec.write(conversion.file()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vector " + out, e);
        }
        return conversion;
    }

    private static Step guest(JsonNode line) {
        long gref = line.path("gref").asLong(-1);
        return switch (line.path("op").asText("")) {
            case "grant" -> step(new Step.Grant(gref, line.path("ctx").asInt(), Access.valueOf(line.path("access").asText()).name()), null, null);
            case "revoke" -> step(null, new Step.Revoke(gref), null);
            case "write" -> step(null, null, new Step.Write(gref, line.path("offset").asInt(), null, line.path("hex").asText(), null, null));
            default -> throw new IllegalArgumentException("unknown guest op \"" + line.path("op").asText() + "\"");
        };
    }

    private static Step step(Step.Grant grant, Step.Revoke revoke, Step.Write write) {
        return new Step(grant, revoke, write, null, null, null, null, null, null, null, null);
    }

    /** The step a request is; null for init and shutdown. */
    private static Step request(JsonNode message) {
        String type = message.path("type").asText("");
        return switch (type) {
            case "init", "shutdown" -> null;
            case "control" -> {
                ObjectNode fields = ((ObjectNode) message).deepCopy();
                fields.remove("type");
                fields.remove("id");
                try {
                    yield new Step(null, null, null, Transcript.JSON.treeToValue(fields, Step.Control.class), null, null, null, null, null, null, null);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("unreadable control request: " + e.getOriginalMessage());
                }
            }
            case "kick" -> new Step(null, null, null, null, new Step.Kick(message.path("ctx").asInt(), message.path("queue").asText()), null, null, null,
                    null, null, null);
            case "receive" -> new Step(null, null, null, null, null, new Step.Wire(message.path("port").asInt(), message.path("frame").asText()), null,
                    null, null, null, null);
            case "advance" -> new Step(null, null, null, null, null, null, message.path("nanos").asLong(), null, null, null, null);
            default -> throw new IllegalArgumentException("unknown request type \"" + type + "\"");
        };
    }

    /** Step {@code index} could not be replayed on the model. */
    private static final class Unreplayable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int index;

        Unreplayable(int index, RuntimeException cause) {
            super(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
            this.index = index;
        }
    }

    /** Replays {@code steps} on the reference model with the vector recorder attached: the steps with the model's expectations. */
    static List<Step> record(List<Step> steps) {
        Harness harness = Harness.start(new ReferenceDeviceProvider());
        StepRecorder recorder = StepRecorder.attach(harness);
        for (int i = 0; i < steps.size(); i++) {
            try {
                replay(harness, steps.get(i));
            } catch (RuntimeException e) {
                throw new Unreplayable(i, e);
            }
        }
        return recorder.steps();
    }

    private static void replay(Harness harness, Step step) {
        if (step.grant() != null) {
            harness.grant((int) step.grant().gref(), step.grant().ctx(), Access.valueOf(step.grant().access()));
        } else if (step.revoke() != null) {
            harness.revoke((int) step.revoke().gref());
        } else if (step.write() != null) {
            byte[] bytes = step.write().bytes();
            System.arraycopy(bytes, 0, harness.memory().page((int) step.write().gref()), step.write().offset(), bytes.length);
        } else if (step.control() != null) {
            Object who = step.control().caller();
            if (!"host".equals(who) && !(who instanceof Number)) {
                throw new IllegalArgumentException("the control's caller must be \"host\" or a context id, not " + who);
            }
            Caller caller = "host".equals(who) ? Caller.HOST : Caller.guest(((Number) who).intValue());
            harness.control(caller, ControlSteps.request(step.control()));
        } else if (step.kick() != null) {
            harness.kick(step.kick().ctx(), Queue.valueOf(step.kick().queue()));
        } else if (step.wire() != null) {
            harness.receive(step.wire().port(), Hex.decode(step.wire().frame()));
        } else if (step.advanceTo() != null) {
            harness.advanceTo(step.advanceTo());
        }
    }
}
