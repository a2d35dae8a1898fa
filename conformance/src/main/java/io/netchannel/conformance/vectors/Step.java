package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One step of a frame or scenario vector (spec 05, section 5): exactly one verb — a guest action
 * (grant, revoke, write), a device-contract call (control, kick, wire, advanceTo) or a move of every
 * live context to a fresh device (relocate, spec 05 section 5.6) — and, after a call or a move, its
 * closed-world {@link Expect}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"grant", "revoke", "write", "control", "kick", "wire", "advanceTo", "relocate", "hostile", "note", "expect"})
public record Step(Grant grant, Revoke revoke, Write write, Control control, Kick kick, Wire wire, Long advanceTo, Relocate relocate, Hostile hostile,
        String note, Expect expect) {

    /** A step of the verbs of chapters 01 to 11 (no relocate). */
    public Step(Grant grant, Revoke revoke, Write write, Control control, Kick kick, Wire wire, Long advanceTo, Hostile hostile, String note,
            Expect expect) {
        this(grant, revoke, write, control, kick, wire, advanceTo, null, hostile, note, expect);
    }

    /**
     * {@code relocate: {to}} (spec 05, section 5.6): {@link io.netchannel.conformance.harness.Harness#relocate}
     * onto a fresh device — {@code "device"}, of the implementation under test, or {@code "reference"},
     * of the reference model — built as the group's device is (behind the reference host in a host
     * group).
     */
    @JsonPropertyOrder({"to"})
    public record Relocate(String to) {

        /** A fresh device of the implementation under test. */
        public static final String DEVICE = "device";
        /** A fresh device of the reference model. */
        public static final String REFERENCE = "reference";
    }

    /** The guest of {@link io.netchannel.conformance.harness.Harness.Hostile}, armed for this call only. */
    @JsonPropertyOrder({"gref", "from", "xor"})
    public record Hostile(long gref, int from, int xor) {
    }

    /** The guest grants page {@code gref} to {@code ctx}. */
    @JsonPropertyOrder({"gref", "ctx", "access"})
    public record Grant(long gref, int ctx, String access) {
    }

    /** The guest revokes {@code gref}. */
    public record Revoke(long gref) {
    }

    /**
     * Bytes of a guest page: literal {@code hex}, or {@code length} copies of {@code byte}, or
     * {@code length} bytes of the fill pattern (spec 05, section 5).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"gref", "offset", "length", "hex", "byte", "pattern"})
    public record Write(long gref, int offset, Integer length, String hex, @JsonProperty("byte") Integer fill, Long pattern) {

        /** The bytes this write stands for. */
        public byte[] bytes() {
            if (hex != null) {
                return Hex.decode(hex);
            }
            byte[] bytes = new byte[length];
            for (int k = 0; k < length; k++) {
                bytes[k] = fill != null ? (byte) (int) fill : Patterns.at(pattern, offset + k);
            }
            return bytes;
        }
    }

    /**
     * A control request; {@code caller} is {@code "host"} or a guest's context id. The fields after
     * {@code promiscuousAllowed} (create, update) and after {@code multicast} (set-guest-config) are
     * absent when they hold their defaults — untagged, no TX or RX rules, defaults allow, no TX rate
     * limit, all-multicast off, no coalescing — so a vector of chapters 01 to 04 reads as it always
     * did (spec 05, section 5.3). {@code rxRules} and {@code rxDefault} (profile {@code l3l4-demux},
     * spec 06 section 5a) take exactly the form of {@code txRules} and {@code txDefault};
     * {@code txRate} is the host's TX rate limit (profile {@code qos}, spec 09), {@code txCoalescing}
     * and {@code rxCoalescing} the guest's notification coalescing (profile {@code coalescing}, spec
     * 10), {@code offloads} the guest's receive offloads (profiles {@code checksum} and {@code lro},
     * spec 11). {@code set-switch-mode} acts on the whole device: it has {@code mode} and no
     * {@code ctx} (spec 08, CTX-4).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"caller", "request", "ctx", "macs", "txRing", "rxRing", "promiscuousAllowed", "vlan", "txRules", "txDefault", "rxRules",
            "rxDefault", "txRate", "promiscuous", "multicast", "allMulticast", "txCoalescing", "rxCoalescing", "offloads", "mode", "document"})
    public record Control(Object caller, String request, Integer ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
            Vlan vlan, List<Rule> txRules, String txDefault, List<Rule> rxRules, String rxDefault, Rate txRate, Boolean promiscuous,
            List<String> multicast, Boolean allMulticast, Coalesce txCoalescing, Coalesce rxCoalescing, Offload offloads, String mode,
            JsonNode document) {

        /** A control request of chapters 01 and 06 to 11 (no relocation document). */
        public Control(Object caller, String request, Integer ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Vlan vlan, List<Rule> txRules, String txDefault, List<Rule> rxRules, String rxDefault, Rate txRate, Boolean promiscuous,
                List<String> multicast, Boolean allMulticast, Coalesce txCoalescing, Coalesce rxCoalescing, Offload offloads, String mode) {
            this(caller, request, ctx, macs, txRing, rxRing, promiscuousAllowed, vlan, txRules, txDefault, rxRules, rxDefault, txRate, promiscuous,
                    multicast, allMulticast, txCoalescing, rxCoalescing, offloads, mode, null);
        }

        /** {@code export} or {@code import} (spec 12) of context {@code ctx} by {@code caller}; {@code document} for an import only. */
        public static Control relocation(Object caller, String request, int ctx, JsonNode document) {
            return new Control(caller, request, ctx, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, document);
        }

        /** A control request of chapters 01 and 06 to 10 (no receive offloads). */
        public Control(Object caller, String request, Integer ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Vlan vlan, List<Rule> txRules, String txDefault, List<Rule> rxRules, String rxDefault, Rate txRate, Boolean promiscuous,
                List<String> multicast, Boolean allMulticast, Coalesce txCoalescing, Coalesce rxCoalescing, String mode) {
            this(caller, request, ctx, macs, txRing, rxRing, promiscuousAllowed, vlan, txRules, txDefault, rxRules, rxDefault, txRate, promiscuous,
                    multicast, allMulticast, txCoalescing, rxCoalescing, null, mode);
        }

        /** A control request of chapters 01 and 06 to 08 (no TX rate limit, no coalescing). */
        public Control(Object caller, String request, Integer ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Vlan vlan, List<Rule> txRules, String txDefault, List<Rule> rxRules, String rxDefault, Boolean promiscuous, List<String> multicast,
                Boolean allMulticast, String mode) {
            this(caller, request, ctx, macs, txRing, rxRing, promiscuousAllowed, vlan, txRules, txDefault, rxRules, rxDefault, null, promiscuous,
                    multicast, allMulticast, null, null, mode);
        }

        /** A control request of chapters 01, 06 (without RX rules), 07 and 08. */
        public Control(Object caller, String request, Integer ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Vlan vlan, List<Rule> txRules, String txDefault, Boolean promiscuous, List<String> multicast, Boolean allMulticast, String mode) {
            this(caller, request, ctx, macs, txRing, rxRing, promiscuousAllowed, vlan, txRules, txDefault, null, null, promiscuous, multicast,
                    allMulticast, mode);
        }

        /** A control request of chapter 01's fields only. */
        public Control(Object caller, String request, int ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Boolean promiscuous, List<String> multicast) {
            this(caller, request, ctx, macs, txRing, rxRing, promiscuousAllowed, null, null, null, promiscuous, multicast, null, null);
        }

        /** A control request of chapters 01, 06 and 07, with a context. */
        public Control(Object caller, String request, int ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
                Vlan vlan, List<Rule> txRules, String txDefault, Boolean promiscuous, List<String> multicast, Boolean allMulticast) {
            this(caller, request, (Integer) ctx, macs, txRing, rxRing, promiscuousAllowed, vlan, txRules, txDefault, promiscuous, multicast,
                    allMulticast, null);
        }

        /** {@code set-switch-mode} by {@code caller}: {@code mode} is {@code vepa}, {@code veb} or {@code software}. */
        public static Control switchMode(Object caller, String mode) {
            return new Control(caller, "set-switch-mode", null, null, null, null, null, null, null, null, null, null, null, null, null, mode);
        }
    }

    /**
     * A TX rate limit (spec 09, {@code TxRate}): {@code bytes} of credit every {@code periodNanos},
     * capped at {@code burst} bytes. All three are required; any integer is well formed, so that
     * a vector can show a device refusing a limit outside its ranges (QOS-2). Absent is no limit.
     */
    @JsonPropertyOrder({"bytes", "periodNanos", "burst"})
    public record Rate(Long bytes, Long periodNanos, Long burst) {
    }

    /**
     * A queue's notification coalescing (spec 10, {@code Coalescing}): decide once
     * {@code maxFrames} completions are pending or the oldest has waited {@code maxDelayNanos}.
     * Both are required; any value the API can carry is well formed (COAL-2 is the device's to
     * check). Absent is {@code IMMEDIATE} (0, 0).
     */
    @JsonPropertyOrder({"maxFrames", "maxDelayNanos"})
    public record Coalesce(Long maxFrames, Long maxDelayNanos) {
    }

    /**
     * The receive offloads a guest enables (spec 11, {@code Offloads}): {@code rxChecksum} marks
     * verified frames {@code NETRXF_data_validated} (profile {@code checksum}), and
     * {@code lroFlushNanos} other than 0 turns large receive offload on with that flush delay
     * (profile {@code lro}). Both are required; any 64-bit delay is well formed (OFF-2 is the
     * device's to check). Absent is {@code Offloads.NONE} (false, 0).
     */
    @JsonPropertyOrder({"rxChecksum", "lroFlushNanos"})
    public record Offload(Boolean rxChecksum, Long lroFlushNanos) {
    }

    /**
     * A VLAN policy (spec 06): {@code {access: VID}} or {@code {trunk: [VID, …]}}, exactly one key;
     * an absent {@code vlan} is {@code Untagged}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"access", "trunk"})
    public record Vlan(Integer access, List<Integer> trunk) {
    }

    /** A TX or RX filter rule (spec 07, spec 06 section 5a): a match and an action, {@code "allow"} or {@code "drop"}. */
    @JsonPropertyOrder({"match", "action"})
    public record Rule(Match match, String action) {
    }

    /**
     * What a rule selects; an absent key matches anything, so {@code {}} matches every frame.
     * EtherType {@code "0x0800"}, prefixes {@code "10.0.0.0/8"}, ports {@code "80"} or {@code "1024-2047"}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"etherType", "source", "destination", "protocol", "sourcePort", "destinationPort"})
    public record Match(String etherType, String source, String destination, Integer protocol, String sourcePort, String destinationPort) {
    }

    /** A doorbell. */
    @JsonPropertyOrder({"ctx", "queue"})
    public record Kick(int ctx, String queue) {
    }

    /** A frame from the wire. */
    @JsonPropertyOrder({"port", "frame"})
    public record Wire(int port, String frame) {
    }

    /**
     * Everything a device call or a relocation changed (spec 05, section 6); an absent list means
     * nothing. {@code document} is the state an {@code export} answered ({@code outcome: exported},
     * spec 12 section 5), {@code moves} what a {@code relocate} step did to each live context.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"outcome", "category", "document", "moves", "frames", "notify", "counters", "filterHits", "states", "memory"})
    public record Expect(String outcome, String category, JsonNode document, List<Move> moves, List<Frame> frames,
            @JsonProperty("notify") List<Notify> notifications, List<CounterDelta> counters, List<FilterHit> filterHits, List<StateChange> states,
            List<Write> memory) {

        /** An expectation of a device call of chapters 01 to 11 (no document, no moves). */
        public Expect(String outcome, String category, List<Frame> frames, List<Notify> notifications, List<CounterDelta> counters,
                List<FilterHit> filterHits, List<StateChange> states, List<Write> memory) {
            this(outcome, category, null, null, frames, notifications, counters, filterHits, states, memory);
        }

        /** An expectation without filter hits (chapters 01 to 04). */
        public Expect(String outcome, String category, List<Frame> frames, List<Notify> notifications, List<CounterDelta> counters,
                List<StateChange> states, List<Write> memory) {
            this(outcome, category, frames, notifications, counters, null, states, memory);
        }
    }

    /**
     * One live context's part in a {@code relocate} step (spec 05, section 5.6): the answer to its
     * export on the old device and, unless an export of the step was refused (then nothing moves),
     * the answer to its import on the new one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ctx", "export", "import"})
    public record Move(int ctx, @JsonProperty("export") Answer exported, @JsonProperty("import") Answer imported) {
    }

    /** A control answer inside a move: {@code outcome}, {@code category} when rejected, {@code document} when exported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"outcome", "category", "document"})
    public record Answer(String outcome, String category, JsonNode document) {
    }

    /** A frame sent to the wire. */
    @JsonPropertyOrder({"port", "hex"})
    public record Frame(int port, String hex) {
    }

    /** A notification. */
    @JsonPropertyOrder({"ctx", "queue"})
    public record Notify(int ctx, String queue) {
    }

    /** A counter that changed; ctx −1 is the device. */
    @JsonPropertyOrder({"ctx", "counter", "delta"})
    public record CounterDelta(int ctx, String counter, long delta) {
    }

    /**
     * A TX filter-rule counter that changed (spec 07, TXF-8): {@code filterHits(ctx, rule)} moved by
     * {@code delta}; {@code rule} equal to the number of rules is the default. Negative when an
     * update or destroy set the counter back to 0.
     */
    @JsonPropertyOrder({"ctx", "rule", "delta"})
    public record FilterHit(int ctx, int rule, long delta) {
    }

    /** A context whose state changed. */
    @JsonPropertyOrder({"ctx", "state"})
    public record StateChange(int ctx, String state) {
    }

    /** Whether this step calls the device (and so carries an expectation). */
    @JsonIgnore
    public boolean isCall() {
        return control != null || kick != null || wire != null || advanceTo != null || relocate != null;
    }

    /** This step with {@code expect} set. */
    public Step expecting(Expect observed) {
        return new Step(grant, revoke, write, control, kick, wire, advanceTo, relocate, hostile, note, observed);
    }

    /** This step with a hostile guest armed during its call. */
    public Step withHostile(Hostile armed) {
        return new Step(grant, revoke, write, control, kick, wire, advanceTo, relocate, armed, note, expect);
    }

    /** A one-line description for reports. */
    public String describe() {
        if (grant != null) {
            return "grant gref " + grant.gref() + " to ctx " + grant.ctx() + " " + grant.access();
        } else if (revoke != null) {
            return "revoke gref " + revoke.gref();
        } else if (write != null) {
            return "guest writes " + write.bytes().length + " byte(s) at gref " + write.gref() + " offset " + write.offset();
        } else if (control != null) {
            return control.caller() + " " + control.request() + (control.ctx() != null ? " ctx " + control.ctx() : "")
                    + (control.mode() != null ? " " + control.mode() : "") + Controls.policy(control);
        } else if (kick != null) {
            return "kick " + kick.queue() + " of ctx " + kick.ctx();
        } else if (wire != null) {
            return "wire frame of " + wire.frame().length() / 2 + " bytes on port " + wire.port();
        } else if (relocate != null) {
            return "relocate every live context to a fresh " + relocate.to() + " device";
        }
        return "advanceTo " + advanceTo + " ns";
    }

    static Step of(Grant grant) {
        return new Step(grant, null, null, null, null, null, null, null, null, null);
    }

    static Step of(Revoke revoke) {
        return new Step(null, revoke, null, null, null, null, null, null, null, null);
    }

    static Step of(Write write) {
        return new Step(null, null, write, null, null, null, null, null, null, null);
    }

    static Step of(Control control) {
        return new Step(null, null, null, control, null, null, null, null, null, null);
    }

    static Step of(Kick kick) {
        return new Step(null, null, null, null, kick, null, null, null, null, null);
    }

    static Step of(Wire wire) {
        return new Step(null, null, null, null, null, wire, null, null, null, null);
    }

    static Step advance(long to) {
        return new Step(null, null, null, null, null, null, to, null, null, null);
    }

    static Step of(Relocate relocate) {
        return new Step(null, null, null, null, null, null, null, relocate, null, null, null);
    }
}
