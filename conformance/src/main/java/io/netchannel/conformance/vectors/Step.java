package io.netchannel.conformance.vectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One step of a frame or scenario vector (spec 05, section 5): exactly one verb — a guest action
 * (grant, revoke, write) or a device-contract call (control, kick, wire, advanceTo) — and, after a
 * call, its closed-world {@link Expect}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"grant", "revoke", "write", "control", "kick", "wire", "advanceTo", "hostile", "note", "expect"})
public record Step(Grant grant, Revoke revoke, Write write, Control control, Kick kick, Wire wire, Long advanceTo, Hostile hostile, String note,
        Expect expect) {

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

    /** A control request; {@code caller} is {@code "host"} or a guest's context id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"caller", "request", "ctx", "macs", "txRing", "rxRing", "promiscuousAllowed", "promiscuous", "multicast"})
    public record Control(Object caller, String request, int ctx, List<String> macs, Long txRing, Long rxRing, Boolean promiscuousAllowed,
            Boolean promiscuous, List<String> multicast) {
    }

    /** A doorbell. */
    @JsonPropertyOrder({"ctx", "queue"})
    public record Kick(int ctx, String queue) {
    }

    /** A frame from the wire. */
    @JsonPropertyOrder({"port", "frame"})
    public record Wire(int port, String frame) {
    }

    /** Everything a device call changed (spec 05, section 6); an absent list means nothing. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"outcome", "category", "frames", "notify", "counters", "states", "memory"})
    public record Expect(String outcome, String category, List<Frame> frames, @JsonProperty("notify") List<Notify> notifications, List<CounterDelta> counters,
            List<StateChange> states, List<Write> memory) {
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

    /** A context whose state changed. */
    @JsonPropertyOrder({"ctx", "state"})
    public record StateChange(int ctx, String state) {
    }

    /** Whether this step calls the device (and so carries an expectation). */
    @JsonIgnore
    public boolean isCall() {
        return control != null || kick != null || wire != null || advanceTo != null;
    }

    /** This step with {@code expect} set. */
    public Step expecting(Expect observed) {
        return new Step(grant, revoke, write, control, kick, wire, advanceTo, hostile, note, observed);
    }

    /** This step with a hostile guest armed during its call. */
    public Step withHostile(Hostile armed) {
        return new Step(grant, revoke, write, control, kick, wire, advanceTo, armed, note, expect);
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
            return control.caller() + " " + control.request() + " ctx " + control.ctx();
        } else if (kick != null) {
            return "kick " + kick.queue() + " of ctx " + kick.ctx();
        } else if (wire != null) {
            return "wire frame of " + wire.frame().length() / 2 + " bytes on port " + wire.port();
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
}
