package io.netchannel.conformance.vectors;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.SwitchMode;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The one translation between a {@link Step.Control} and a {@link ControlRequest} (spec 05,
 * section 5.3), both ways: the recorder writes a request as a step, omitting every field that
 * holds its default, and the runner and the codec read a step back. A value that cannot be read
 * is a {@link BadField} naming the field by its path inside the control step
 * ({@code txRules[1].match.source}). RX filter rules (spec 06, section 5a) are read and written by
 * the same code as TX filter rules, under their own keys {@code rxRules} and {@code rxDefault}. The
 * TX rate limit ({@code txRate}, spec 09) and the coalescing of each queue ({@code txCoalescing},
 * {@code rxCoalescing}, spec 10) are read as any integers the API can carry: a limit outside the
 * device's ranges is well formed, and refusing it is the device's part (QOS-2, COAL-2). So is the
 * guest's {@code offloads} (spec 11): any boolean and any 64-bit flush delay (OFF-1, OFF-2).
 */
final class Controls {

    private static final Pattern ETHER_TYPE = Pattern.compile("0x[0-9a-f]{4}");
    private static final Pattern PORTS = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?");

    private Controls() {
    }

    /** A control-step value that cannot be read; {@link #field()} is its path inside the control step. */
    static final class BadField extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String field;
        private final String reason;

        BadField(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
            this.reason = reason;
        }

        /** The path of the field inside the control step, e.g. {@code vlan.access}. */
        String field() {
            return field;
        }

        /** What is wrong with it. */
        String reason() {
            return reason;
        }
    }

    // ------------------------------------------------------------------ step -> request

    /** The request {@code control} stands for; an IllegalArgumentException (a {@link BadField} for a bad value) names why not. */
    static ControlRequest request(Step.Control control) {
        if (SET_SWITCH_MODE.equals(control.request())) {
            return new ControlRequest.SetSwitchMode(mode(control));
        }
        int ctx = ctx(control);
        return switch (control.request()) {
            case EXPORT -> new ControlRequest.ExportContext(ctx);
            case IMPORT -> new ControlRequest.ImportContext(ctx, Documents.state(document(control)));
            case "create" -> new ControlRequest.CreateContext(ctx, config(control));
            case "update" -> new ControlRequest.UpdateContext(ctx, config(control));
            case "reset" -> new ControlRequest.ResetContext(ctx);
            case "destroy" -> new ControlRequest.DestroyContext(ctx);
            case "set-guest-config" -> {
                GuestConfig.Builder config = GuestConfig.builder().promiscuous(Boolean.TRUE.equals(control.promiscuous()))
                        .allMulticast(Boolean.TRUE.equals(control.allMulticast()));
                for (String mac : Objects.requireNonNullElse(control.multicast(), List.<String>of())) {
                    config.join(MacAddress.parse(mac));
                }
                config.coalescing(Queue.TX, coalescing(control.txCoalescing(), TX_COALESCING));
                config.coalescing(Queue.RX, coalescing(control.rxCoalescing(), RX_COALESCING));
                config.offloads(offloads(control.offloads()));
                yield new ControlRequest.SetGuestConfig(ctx, config.build());
            }
            default -> throw new IllegalArgumentException("unknown control request: " + control.request()
                    + " (known: create, update, reset, destroy, set-guest-config, set-switch-mode, export, import)");
        };
    }

    /** The request name of {@link ControlRequest.SetSwitchMode}, the one request without a {@code ctx}. */
    static final String SET_SWITCH_MODE = "set-switch-mode";
    /** The request name of {@link ControlRequest.ExportContext} (spec 12). */
    static final String EXPORT = "export";
    /** The request name of {@link ControlRequest.ImportContext} (spec 12), the one request with a {@code document}. */
    static final String IMPORT = "import";
    /** The key of an import's state document. */
    private static final String DOCUMENT = "document";

    /** The document of an {@code import}: required there, and read through the relocation document reader (spec 12, section 5.3). */
    private static com.fasterxml.jackson.databind.JsonNode document(Step.Control control) {
        if (control.document() == null) {
            throw new BadField(DOCUMENT, "import carries the state it imports: document is required");
        }
        return control.document();
    }

    /**
     * Reads the fields of chapters 06 to 10 ({@code vlan}, {@code txRules}, {@code txDefault},
     * {@code rxRules}, {@code rxDefault}, {@code mode}, {@code txRate}, {@code txCoalescing},
     * {@code rxCoalescing}, {@code offloads}, and whether {@code ctx} belongs) as the runner would; the codec calls it
     * on every control step so a bad value is a file error, not a failed test.
     */
    static void check(Step.Control control) {
        if (SET_SWITCH_MODE.equals(control.request())) {
            mode(control);
        } else {
            if (control.mode() != null) {
                throw new BadField("mode", "only set-switch-mode has a mode, not " + control.request());
            }
            ctx(control);
        }
        vlan(control.vlan());
        rules(control.txRules(), TX_RULES);
        action(control.txDefault(), "txDefault");
        rules(control.rxRules(), RX_RULES);
        action(control.rxDefault(), "rxDefault");
        belongs(control, control.txRate() != null, TX_RATE, "create", "update");
        belongs(control, control.txCoalescing() != null, TX_COALESCING, "set-guest-config");
        belongs(control, control.rxCoalescing() != null, RX_COALESCING, "set-guest-config");
        belongs(control, control.offloads() != null, OFFLOADS, "set-guest-config");
        belongs(control, control.document() != null, DOCUMENT, IMPORT);
        if (IMPORT.equals(control.request())) {
            String defect = Documents.defect(document(control));
            if (defect != null) {
                throw new BadField(DOCUMENT, "not a document the reader accepts (spec 12, section 5.3): " + defect);
            }
        }
        rate(control.txRate());
        coalescing(control.txCoalescing(), TX_COALESCING);
        coalescing(control.rxCoalescing(), RX_COALESCING);
        offloads(control.offloads());
    }

    /** The key of the TX rate limit (spec 09, profile {@code qos}). */
    private static final String TX_RATE = "txRate";
    /** The key of the TX queue's coalescing (spec 10, profile {@code coalescing}). */
    private static final String TX_COALESCING = "txCoalescing";
    /** The key of the RX queue's coalescing (spec 10, profile {@code coalescing}). */
    private static final String RX_COALESCING = "rxCoalescing";
    /** The key of the guest's receive offloads (spec 11, profiles {@code checksum} and {@code lro}). */
    private static final String OFFLOADS = "offloads";

    /** A key of {@code control} that only {@code requests} take. */
    private static void belongs(Step.Control control, boolean present, String key, String... requests) {
        if (present && !List.of(requests).contains(control.request())) {
            throw new BadField(key, "only " + String.join(" and ", requests) + " take " + key + ", not " + control.request());
        }
    }
    /** The key of the TX filter rules (spec 07). */
    private static final String TX_RULES = "txRules";
    /** The key of the RX filter rules (spec 06, section 5a, profile {@code l3l4-demux}). */
    private static final String RX_RULES = "rxRules";

    /** The context of a request that names one. */
    private static int ctx(Step.Control control) {
        if (control.ctx() == null) {
            throw new BadField("ctx", control.request() + " names the context it acts on: ctx is required");
        }
        return control.ctx();
    }

    /** The mode of a {@code set-switch-mode}, which acts on the whole device and so has no {@code ctx}. */
    private static SwitchMode mode(Step.Control control) {
        if (control.ctx() != null) {
            throw new BadField("ctx", "set-switch-mode acts on the whole device (spec 08, CTX-4) and has no ctx: ctx=" + control.ctx());
        }
        if (control.mode() == null) {
            throw new BadField("mode", "set-switch-mode needs a mode, \"vepa\", \"veb\" or \"software\"");
        }
        return switch (control.mode()) {
            case "vepa" -> SwitchMode.VEPA;
            case "veb" -> SwitchMode.VEB;
            case "software" -> SwitchMode.SOFTWARE;
            default -> throw new BadField("mode", "a switch mode is \"vepa\", \"veb\" or \"software\": \"" + control.mode() + "\"");
        };
    }

    private static ContextConfig config(Step.Control control) {
        if (control.txRing() == null || control.rxRing() == null) {
            throw new IllegalArgumentException(control.request() + " needs txRing and rxRing");
        }
        return ContextConfig.builder()
                .macs(Objects.requireNonNullElse(control.macs(), List.<String>of()).stream().map(MacAddress::parse).toList())
                .txRingGref(gref(control.txRing(), "txRing")).rxRingGref(gref(control.rxRing(), "rxRing"))
                .promiscuousAllowed(Boolean.TRUE.equals(control.promiscuousAllowed()))
                .vlan(vlan(control.vlan()))
                .txRules(rules(control.txRules(), TX_RULES))
                .txDefault(action(control.txDefault(), "txDefault"))
                .rxRules(rules(control.rxRules(), RX_RULES))
                .rxDefault(action(control.rxDefault(), "rxDefault"))
                .txRate(rate(control.txRate()))
                .build();
    }

    private static int gref(long gref, String field) {
        if (gref < 0 || gref > 0xFFFF_FFFFL) {
            throw new BadField(field, "a gref is 0..4294967295: " + gref);
        }
        return (int) gref;
    }

    /**
     * The limit {@code rate} stands for; absent is {@link TxRate#UNLIMITED}. Any three integers are
     * a limit the request can carry (the device checks the ranges, QOS-2); only a missing field is
     * an error.
     */
    static TxRate rate(Step.Rate rate) {
        if (rate == null) {
            return TxRate.UNLIMITED;
        }
        return new TxRate(required(rate.bytes(), TX_RATE + ".bytes"), required(rate.periodNanos(), TX_RATE + ".periodNanos"),
                required(rate.burst(), TX_RATE + ".burst"));
    }

    /**
     * The coalescing {@code value}, read under {@code key}, stands for; absent is
     * {@link Coalescing#IMMEDIATE}. {@code maxFrames} is a 32-bit integer as in the API, any value
     * of it well formed (COAL-2 is the device's check).
     */
    static Coalescing coalescing(Step.Coalesce value, String key) {
        if (value == null) {
            return Coalescing.IMMEDIATE;
        }
        long frames = required(value.maxFrames(), key + ".maxFrames");
        if (frames < Integer.MIN_VALUE || frames > Integer.MAX_VALUE) {
            throw new BadField(key + ".maxFrames", "maxFrames is a 32-bit integer, -2147483648..2147483647 (the device accepts 0.."
                    + Coalescing.MAX_FRAMES + "): " + frames);
        }
        return new Coalescing((int) frames, required(value.maxDelayNanos(), key + ".maxDelayNanos"));
    }

    /**
     * The receive offloads {@code value} stands for; absent is {@link Offloads#NONE}. Both keys are
     * required; any flush delay that fits in 64 bits is well formed (OFF-2 is the device's check).
     */
    static Offloads offloads(Step.Offload value) {
        if (value == null) {
            return Offloads.NONE;
        }
        if (value.rxChecksum() == null) {
            throw new BadField(OFFLOADS + ".rxChecksum", "required: true or false");
        }
        return new Offloads(value.rxChecksum(), required(value.lroFlushNanos(), OFFLOADS + ".lroFlushNanos"));
    }

    private static long required(Long value, String field) {
        if (value == null) {
            throw new BadField(field, "required: an integer");
        }
        return value;
    }

    /** The policy {@code vlan} stands for; absent is {@code Untagged}. */
    static VlanPolicy vlan(Step.Vlan vlan) {
        if (vlan == null) {
            return VlanPolicy.UNTAGGED;
        }
        if ((vlan.access() == null) == (vlan.trunk() == null)) {
            throw new BadField("vlan", "is {access: VID} or {trunk: [VID, ...]}, exactly one of the two (absent: untagged)");
        }
        if (vlan.access() != null) {
            return new VlanPolicy.Access(vid(vlan.access(), "vlan.access"));
        }
        List<Integer> vids = new ArrayList<>();
        for (int i = 0; i < vlan.trunk().size(); i++) {
            Integer vid = vlan.trunk().get(i);
            if (vid == null) {
                throw new BadField("vlan.trunk[" + i + "]", "a VLAN id is an integer 0..4095");
            }
            vids.add(vid(vid, "vlan.trunk[" + i + "]"));
        }
        return new VlanPolicy.Trunk(vids);
    }

    private static int vid(int vid, String field) {
        if (vid < 0 || vid > VlanPolicy.VID_FIELD_MAX) {
            throw new BadField(field, "a VLAN id is a 12-bit field, 0..4095: " + vid);
        }
        return vid;
    }

    /** The TX rules {@code rules} stand for; absent is none. */
    static List<FilterRule> rules(List<Step.Rule> rules) {
        return rules(rules, TX_RULES);
    }

    /** The rules {@code rules}, read under the key {@code key} ({@code txRules} or {@code rxRules}), stand for; absent is none. */
    static List<FilterRule> rules(List<Step.Rule> rules, String key) {
        List<FilterRule> read = new ArrayList<>();
        if (rules == null) {
            return read;
        }
        for (int i = 0; i < rules.size(); i++) {
            String at = key + "[" + i + "]";
            Step.Rule rule = rules.get(i);
            if (rule == null || rule.match() == null) {
                throw new BadField(at + ".match", "a rule is {match: {...}, action: \"allow\" or \"drop\"}; {} matches every frame");
            }
            if (rule.action() == null) {
                throw new BadField(at + ".action", "a rule needs an action, \"allow\" or \"drop\"");
            }
            read.add(new FilterRule(match(rule.match(), at + ".match"), action(rule.action(), at + ".action")));
        }
        return read;
    }

    private static FilterMatch match(Step.Match match, String at) {
        FilterMatch.Builder built = FilterMatch.builder();
        if (match.etherType() != null) {
            if (!ETHER_TYPE.matcher(match.etherType()).matches()) {
                throw new BadField(at + ".etherType", "an EtherType is \"0x\" and four lowercase hex digits, e.g. \"0x0800\": \"" + match.etherType() + "\"");
            }
            built.etherType(Integer.parseInt(match.etherType().substring(2), 16));
        }
        if (match.source() != null) {
            built.source(prefix(match.source(), at + ".source"));
        }
        if (match.destination() != null) {
            built.destination(prefix(match.destination(), at + ".destination"));
        }
        if (match.protocol() != null) {
            if (match.protocol() < 0 || match.protocol() > 0xFF) {
                throw new BadField(at + ".protocol", "an IP protocol is 0..255: " + match.protocol());
            }
            built.protocol(match.protocol());
        }
        if (match.sourcePort() != null) {
            built.sourcePort(ports(match.sourcePort(), at + ".sourcePort"));
        }
        if (match.destinationPort() != null) {
            built.destinationPort(ports(match.destinationPort(), at + ".destinationPort"));
        }
        return built.build();
    }

    private static IpPrefix prefix(String text, String field) {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadField(field, "an IPv4 or IPv6 prefix ADDRESS/LENGTH with no host bits set, e.g. \"10.0.0.0/8\": \"" + text + "\" ("
                    + e.getMessage() + ")");
        }
    }

    private static PortRange ports(String text, String field) {
        try {
            if (!PORTS.matcher(text).matches()) {
                throw new IllegalArgumentException("digits only, PORT or LOW-HIGH");
            }
            return PortRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadField(field, "a port range is \"PORT\" or \"LOW-HIGH\" within 0..65535, LOW <= HIGH, e.g. \"1024-2047\": \"" + text + "\" ("
                    + e.getMessage() + ")");
        }
    }

    /** The action {@code text} names; absent is {@code ALLOW}. */
    static FilterAction action(String text, String field) {
        if (text == null) {
            return FilterAction.ALLOW;
        }
        return switch (text) {
            case "allow" -> FilterAction.ALLOW;
            case "drop" -> FilterAction.DROP;
            default -> throw new BadField(field, "an action is \"allow\" or \"drop\": \"" + text + "\"");
        };
    }

    // ------------------------------------------------------------------ request -> step

    /** The step {@code request} by {@code caller} is, with every field at its default left out except chapter 01's. */
    static Step.Control of(Caller caller, ControlRequest request) {
        Object who = caller instanceof Caller.Guest guest ? (Object) guest.context() : "host";
        if (request instanceof ControlRequest.CreateContext create) {
            return host(who, "create", create.context(), create.config());
        } else if (request instanceof ControlRequest.UpdateContext update) {
            return host(who, "update", update.context(), update.config());
        } else if (request instanceof ControlRequest.ResetContext reset) {
            return new Step.Control(who, "reset", reset.context(), null, null, null, null, null, null);
        } else if (request instanceof ControlRequest.DestroyContext destroy) {
            return new Step.Control(who, "destroy", destroy.context(), null, null, null, null, null, null);
        } else if (request instanceof ControlRequest.SetSwitchMode set) {
            return Step.Control.switchMode(who, set.mode().name().toLowerCase(Locale.ROOT));
        } else if (request instanceof ControlRequest.ExportContext export) {
            return Step.Control.relocation(who, EXPORT, export.context(), null);
        } else if (request instanceof ControlRequest.ImportContext imported) {
            return Step.Control.relocation(who, IMPORT, imported.context(), Documents.tree(imported.state()));
        }
        ControlRequest.SetGuestConfig set = (ControlRequest.SetGuestConfig) request;
        GuestConfig config = set.config();
        return new Step.Control(who, "set-guest-config", set.context(), null, null, null, null, null, null, null, null, null, null,
                config.promiscuous(), macs(config.multicast()), config.allMulticast() ? Boolean.TRUE : null, coalesce(config.txCoalescing()),
                coalesce(config.rxCoalescing()), offload(config.offloads()), null);
    }

    private static Step.Control host(Object who, String request, int context, ContextConfig config) {
        return new Step.Control(who, request, context, macs(config.macs()), Integer.toUnsignedLong(config.txRingGref()),
                Integer.toUnsignedLong(config.rxRingGref()), config.promiscuousAllowed(), vlan(config.vlan()), stepRules(config.txRules()),
                config.txDefault() == FilterAction.ALLOW ? null : name(config.txDefault()), stepRules(config.rxRules()),
                config.rxDefault() == FilterAction.ALLOW ? null : name(config.rxDefault()), rate(config.txRate()), null, null, null, null, null,
                null);
    }

    /** The step form of {@code rate}; null (left out) for {@link TxRate#UNLIMITED}. */
    static Step.Rate rate(TxRate rate) {
        return rate.unlimited() ? null : new Step.Rate(rate.bytes(), rate.periodNanos(), rate.burstBytes());
    }

    /** The step form of {@code coalescing}; null (left out) for {@link Coalescing#IMMEDIATE}. */
    static Step.Coalesce coalesce(Coalescing coalescing) {
        return coalescing.equals(Coalescing.IMMEDIATE) ? null : new Step.Coalesce((long) coalescing.maxFrames(), coalescing.maxDelayNanos());
    }

    /** The step form of {@code offloads}; null (left out) for {@link Offloads#NONE}. */
    static Step.Offload offload(Offloads offloads) {
        return offloads.equals(Offloads.NONE) ? null : new Step.Offload(offloads.rxChecksum(), offloads.lroFlushNanos());
    }

    /** The step form of {@code policy}; null for {@code Untagged}. */
    static Step.Vlan vlan(VlanPolicy policy) {
        if (policy instanceof VlanPolicy.Access access) {
            return new Step.Vlan(access.vid(), null);
        } else if (policy instanceof VlanPolicy.Trunk trunk) {
            return new Step.Vlan(null, trunk.vids());
        }
        return null;
    }

    /** The step form of {@code rules}; null (left out) when there are none. */
    private static List<Step.Rule> stepRules(List<FilterRule> rules) {
        return rules.isEmpty() ? null : rules.stream().map(Controls::rule).toList();
    }

    /** The step form of {@code rule}. */
    static Step.Rule rule(FilterRule rule) {
        FilterMatch m = rule.match();
        return new Step.Rule(new Step.Match(
                m.etherType().isPresent() ? String.format(Locale.ROOT, "0x%04x", m.etherType().getAsInt()) : null,
                text(m.source()), text(m.destination()), boxed(m.protocol()), text(m.sourcePort()), text(m.destinationPort())),
                name(rule.action()));
    }

    private static String name(FilterAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Optional<?> value) {
        return value.map(Object::toString).orElse(null);
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static List<String> macs(List<MacAddress> macs) {
        return macs.stream().map(MacAddress::toString).toList();
    }

    // ------------------------------------------------------------------ reports

    /** The chapter 06 to 11 settings of {@code control} for a one-line description, or "" when all are defaults. */
    static String policy(Step.Control control) {
        List<String> parts = new ArrayList<>();
        if (control.vlan() != null) {
            parts.add(control.vlan().access() != null ? "vlan access " + control.vlan().access() : "vlan trunk " + control.vlan().trunk());
        }
        if (control.txRules() != null && !control.txRules().isEmpty()) {
            parts.add(control.txRules().size() + " TX rule(s)");
        }
        if (control.txDefault() != null) {
            parts.add("default " + control.txDefault());
        }
        if (control.rxRules() != null && !control.rxRules().isEmpty()) {
            parts.add(control.rxRules().size() + " RX rule(s)");
        }
        if (control.rxDefault() != null) {
            parts.add("RX default " + control.rxDefault());
        }
        if (control.txRate() != null) {
            parts.add("TX rate " + control.txRate().bytes() + " bytes / " + control.txRate().periodNanos() + " ns, burst " + control.txRate().burst());
        }
        if (Boolean.TRUE.equals(control.allMulticast())) {
            parts.add("all-multicast");
        }
        if (control.txCoalescing() != null) {
            parts.add("TX coalescing " + control.txCoalescing().maxFrames() + " frames / " + control.txCoalescing().maxDelayNanos() + " ns");
        }
        if (control.rxCoalescing() != null) {
            parts.add("RX coalescing " + control.rxCoalescing().maxFrames() + " frames / " + control.rxCoalescing().maxDelayNanos() + " ns");
        }
        if (control.offloads() != null) {
            parts.add("offloads rxChecksum " + control.offloads().rxChecksum() + ", LRO flush " + control.offloads().lroFlushNanos() + " ns");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
