package io.netchannel.conformance.relocation;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import io.netchannel.conformance.relocation.RelocationDocumentException.Defect;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A parsed tree to a {@link RelocationState}, refusing in the order of spec 12's section 5.3 table:
 * {@code format}, then {@code version}, then host state in the guest section, then members the
 * schema does not define, then each value. The spellings are spec 05's (section 5.3): MACs
 * lowercase with colons, EtherType {@code 0x} and four lowercase hex digits, IP prefixes without
 * host bits, port ranges {@code LOW-HIGH}, actions {@code allow} and {@code drop}.
 */
final class DocumentReader {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern ETHER_TYPE = Pattern.compile("0x[0-9a-f]{4}");
    private static final Pattern PREFIX = Pattern.compile("(([0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7})/[0-9]{1,3}");
    private static final Pattern PORTS = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?");

    private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger I32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger I32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger I64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private DocumentReader() {
    }

    static RelocationState read(Node.Obj root) {
        Map<String, Node> top = root.members();
        Node format = top.get("format");
        if (!(format instanceof Node.Str name) || !RelocationDocument.FORMAT.equals(name.value())) {
            throw new RelocationDocumentException(Defect.NOT_A_RELOCATION_DOCUMENT, "$.format", (format == null ? "absent" : "is " + format.kind())
                    + ": a relocation document has \"format\": \"" + RelocationDocument.FORMAT + "\"");
        }
        Node version = top.get("version");
        if (!(version instanceof Node.Int number) || number.value().signum() <= 0) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$.version", (version == null ? "absent" : "is " + version.kind())
                    + ": the version is an integer 1 or greater (this reader reads version " + RelocationDocument.VERSION + ")");
        }
        if (number.value().compareTo(BigInteger.valueOf(RelocationDocument.VERSION)) > 0) {
            throw new RelocationDocumentException(Defect.NEWER_VERSION, "$.version", "the document is version "
                    + (number.huge() ? "(" + number.kind() + ")" : number.value()) + "; this reader reads version "
                    + RelocationDocument.VERSION + " only (spec 12, section 5.3)");
        }
        if (top.get("guest") instanceof Node.Obj guest) {
            for (String key : guest.members().keySet()) {
                if (Shape.HOST_KEYS.contains(key)) {
                    throw new RelocationDocumentException(Defect.PRIVILEGED_IN_GUEST, Parse.child("$.guest", key), key
                            + " is host state (spec 12, section 3.1): only the host supplies it, in $.host; a guest section that holds it"
                            + " tries to smuggle privileged state");
                }
            }
        }
        unknown(root, Shape.DOCUMENT, "$");
        return new RelocationState(host(object(top, "host", "$")), guest(object(top, "guest", "$")), runtime(object(top, "runtime", "$")));
    }

    /** The first member, in document order, that {@code shape} does not define. */
    private static void unknown(Node node, Shape shape, String path) {
        if (shape instanceof Shape.Members defined && node instanceof Node.Obj object) {
            for (Map.Entry<String, Node> member : object.members().entrySet()) {
                String at = Parse.child(path, member.getKey());
                Shape inner = defined.members().get(member.getKey());
                if (inner == null) {
                    throw new RelocationDocumentException(Defect.UNKNOWN_MEMBER, at, "version " + RelocationDocument.VERSION
                            + " defines no member \"" + member.getKey() + "\" here (known: " + String.join(", ", defined.members().keySet()) + ")");
                }
                unknown(member.getValue(), inner, at);
            }
        } else if (shape instanceof Shape.Items items && node instanceof Node.Arr list) {
            for (int i = 0; i < list.items().size(); i++) {
                unknown(list.items().get(i), items.item(), path + "[" + i + "]");
            }
        }
    }

    // ------------------------------------------------------------------ host

    private static ContextConfig host(Node.Obj host) {
        String at = "$.host";
        Map<String, Node> m = host.members();
        ContextConfig.Builder config = ContextConfig.builder()
                .macs(macs(required(m, "macs", at, "a list of MACs"), Parse.child(at, "macs")))
                .txRingGref((int) integer(required(m, "txRing", at, "a gref"), Parse.child(at, "txRing"), BigInteger.ZERO, U32_MAX, "a gref"))
                .rxRingGref((int) integer(required(m, "rxRing", at, "a gref"), Parse.child(at, "rxRing"), BigInteger.ZERO, U32_MAX, "a gref"))
                .promiscuousAllowed(bool(required(m, "promiscuousAllowed", at, "true or false"), Parse.child(at, "promiscuousAllowed")));
        if (m.containsKey("vlan")) {
            config.vlan(vlan(m.get("vlan"), Parse.child(at, "vlan")));
        }
        if (m.containsKey("txRules")) {
            config.txRules(rules(m.get("txRules"), Parse.child(at, "txRules")));
        }
        if (m.containsKey("txDefault")) {
            config.txDefault(action(m.get("txDefault"), Parse.child(at, "txDefault")));
        }
        if (m.containsKey("rxRules")) {
            config.rxRules(rules(m.get("rxRules"), Parse.child(at, "rxRules")));
        }
        if (m.containsKey("rxDefault")) {
            config.rxDefault(action(m.get("rxDefault"), Parse.child(at, "rxDefault")));
        }
        if (m.containsKey("txRate")) {
            String rate = Parse.child(at, "txRate");
            Map<String, Node> r = object(m.get("txRate"), rate, "{bytes, periodNanos, burst}").members();
            config.txRate(new TxRate(int64(required(r, "bytes", rate, "an integer"), Parse.child(rate, "bytes")),
                    int64(required(r, "periodNanos", rate, "an integer"), Parse.child(rate, "periodNanos")),
                    int64(required(r, "burst", rate, "an integer"), Parse.child(rate, "burst"))));
        }
        return config.build();
    }

    private static List<MacAddress> macs(Node node, String at) {
        List<MacAddress> macs = new ArrayList<>();
        List<Node> items = list(node, at, "a list of MACs");
        for (int i = 0; i < items.size(); i++) {
            String text = string(items.get(i), at + "[" + i + "]", "a MAC such as \"02:00:00:00:00:01\"");
            if (!MAC.matcher(text).matches()) {
                throw invalid(at + "[" + i + "]", "a MAC is six lowercase hex octets separated by ':', e.g. \"02:00:00:00:00:01\": \"" + text + "\"");
            }
            macs.add(MacAddress.parse(text));
        }
        return macs;
    }

    private static VlanPolicy vlan(Node node, String at) {
        Map<String, Node> v = object(node, at, "{access: VID} or {trunk: [VID, ...]}").members();
        if (v.size() != 1) {
            throw invalid(at, "is {access: VID} or {trunk: [VID, ...]}, exactly one of the two (absent: untagged)");
        }
        if (v.containsKey("access")) {
            return new VlanPolicy.Access((int) integer(v.get("access"), Parse.child(at, "access"), BigInteger.ZERO, BigInteger.valueOf(4095),
                    "a VLAN id (a 12-bit field)"));
        }
        List<Integer> vids = new ArrayList<>();
        String trunk = Parse.child(at, "trunk");
        List<Node> items = list(v.get("trunk"), trunk, "a list of VLAN ids");
        for (int i = 0; i < items.size(); i++) {
            vids.add((int) integer(items.get(i), trunk + "[" + i + "]", BigInteger.ZERO, BigInteger.valueOf(4095), "a VLAN id (a 12-bit field)"));
        }
        return new VlanPolicy.Trunk(vids);
    }

    private static List<FilterRule> rules(Node node, String at) {
        List<FilterRule> rules = new ArrayList<>();
        List<Node> items = list(node, at, "a list of rules {match, action}");
        for (int i = 0; i < items.size(); i++) {
            String rule = at + "[" + i + "]";
            Map<String, Node> r = object(items.get(i), rule, "a rule {match: {...}, action: \"allow\" or \"drop\"}").members();
            Node match = required(r, "match", rule, "{...} ({} matches every frame)");
            Node action = required(r, "action", rule, "\"allow\" or \"drop\"");
            rules.add(new FilterRule(match(match, Parse.child(rule, "match")), action(action, Parse.child(rule, "action"))));
        }
        return rules;
    }

    private static FilterMatch match(Node node, String at) {
        Map<String, Node> m = object(node, at, "a match {etherType, source, destination, protocol, sourcePort, destinationPort}").members();
        FilterMatch.Builder match = FilterMatch.builder();
        if (m.containsKey("etherType")) {
            String text = string(m.get("etherType"), Parse.child(at, "etherType"), "an EtherType such as \"0x0800\"");
            if (!ETHER_TYPE.matcher(text).matches()) {
                throw invalid(Parse.child(at, "etherType"), "an EtherType is \"0x\" and four lowercase hex digits, e.g. \"0x0800\": \"" + text + "\"");
            }
            match.etherType(Integer.parseInt(text.substring(2), 16));
        }
        if (m.containsKey("source")) {
            match.source(prefix(m.get("source"), Parse.child(at, "source")));
        }
        if (m.containsKey("destination")) {
            match.destination(prefix(m.get("destination"), Parse.child(at, "destination")));
        }
        if (m.containsKey("protocol")) {
            match.protocol((int) integer(m.get("protocol"), Parse.child(at, "protocol"), BigInteger.ZERO, BigInteger.valueOf(255), "an IP protocol"));
        }
        if (m.containsKey("sourcePort")) {
            match.sourcePort(ports(m.get("sourcePort"), Parse.child(at, "sourcePort")));
        }
        if (m.containsKey("destinationPort")) {
            match.destinationPort(ports(m.get("destinationPort"), Parse.child(at, "destinationPort")));
        }
        return match.build();
    }

    private static IpPrefix prefix(Node node, String at) {
        String text = string(node, at, "an IP prefix such as \"10.0.0.0/8\"");
        try {
            if (!PREFIX.matcher(text).matches()) {
                throw new IllegalArgumentException("not ADDRESS/LENGTH in lowercase");
            }
            return IpPrefix.parse(text);
        } catch (RuntimeException e) { // IllegalArgumentException, or whatever an odd IPv6 text provokes
            throw invalid(at, "an IPv4 or IPv6 prefix ADDRESS/LENGTH with no host bits set, e.g. \"10.0.0.0/8\": \"" + text + "\" (" + e.getMessage() + ")");
        }
    }

    private static PortRange ports(Node node, String at) {
        String text = string(node, at, "a port range such as \"1024-2047\"");
        try {
            if (!PORTS.matcher(text).matches()) {
                throw new IllegalArgumentException("digits only, PORT or LOW-HIGH");
            }
            return PortRange.parse(text);
        } catch (RuntimeException e) {
            throw invalid(at, "a port range is \"PORT\" or \"LOW-HIGH\" within 0..65535, LOW <= HIGH, e.g. \"1024-2047\": \"" + text + "\" ("
                    + e.getMessage() + ")");
        }
    }

    private static FilterAction action(Node node, String at) {
        String text = string(node, at, "\"allow\" or \"drop\"");
        return switch (text) {
            case "allow" -> FilterAction.ALLOW;
            case "drop" -> FilterAction.DROP;
            default -> throw invalid(at, "an action is \"allow\" or \"drop\": \"" + text + "\"");
        };
    }

    // ------------------------------------------------------------------ guest

    private static GuestConfig guest(Node.Obj guest) {
        String at = "$.guest";
        Map<String, Node> m = guest.members();
        GuestConfig.Builder config = GuestConfig.builder().promiscuous(bool(required(m, "promiscuous", at, "true or false"), Parse.child(at, "promiscuous")));
        for (MacAddress group : macs(required(m, "multicast", at, "a list of MACs"), Parse.child(at, "multicast"))) {
            config.join(group);
        }
        if (m.containsKey("allMulticast")) {
            config.allMulticast(bool(m.get("allMulticast"), Parse.child(at, "allMulticast")));
        }
        if (m.containsKey("txCoalescing")) {
            config.coalescing(Queue.TX, coalescing(m.get("txCoalescing"), Parse.child(at, "txCoalescing")));
        }
        if (m.containsKey("rxCoalescing")) {
            config.coalescing(Queue.RX, coalescing(m.get("rxCoalescing"), Parse.child(at, "rxCoalescing")));
        }
        if (m.containsKey("offloads")) {
            String off = Parse.child(at, "offloads");
            Map<String, Node> o = object(m.get("offloads"), off, "{rxChecksum, lroFlushNanos}").members();
            config.offloads(new Offloads(bool(required(o, "rxChecksum", off, "true or false"), Parse.child(off, "rxChecksum")),
                    int64(required(o, "lroFlushNanos", off, "an integer"), Parse.child(off, "lroFlushNanos"))));
        }
        return config.build();
    }

    private static Coalescing coalescing(Node node, String at) {
        Map<String, Node> c = object(node, at, "{maxFrames, maxDelayNanos}").members();
        return new Coalescing((int) integer(required(c, "maxFrames", at, "an integer"), Parse.child(at, "maxFrames"), I32_MIN, I32_MAX,
                "maxFrames (a 32-bit integer)"), int64(required(c, "maxDelayNanos", at, "an integer"), Parse.child(at, "maxDelayNanos")));
    }

    // ------------------------------------------------------------------ runtime

    private static RelocationState.Runtime runtime(Node.Obj runtime) {
        String at = "$.runtime";
        Map<String, Node> m = runtime.members();
        String stateText = string(required(m, "state", at, "\"ACTIVE\" or \"FAILED\""), Parse.child(at, "state"), "\"ACTIVE\" or \"FAILED\"");
        ContextState state = switch (stateText) {
            case "ACTIVE" -> ContextState.ACTIVE;
            case "FAILED" -> ContextState.FAILED;
            default -> throw invalid(Parse.child(at, "state"), "the state is \"ACTIVE\" or \"FAILED\": \"" + stateText + "\"");
        };
        RelocationState.Ring tx = ring(required(m, "tx", at, "{rspProd, slots}"), Parse.child(at, "tx"));
        RelocationState.Ring rx = ring(required(m, "rx", at, "{rspProd, slots}"), Parse.child(at, "rx"));
        Optional<RelocationState.Credit> credit = Optional.empty();
        if (m.containsKey("credit")) {
            String c = Parse.child(at, "credit");
            Map<String, Node> b = object(m.get("credit"), c, "{level, resumeInNanos?}").members();
            long level = count(required(b, "level", c, "an integer"), Parse.child(c, "level"));
            OptionalLong resume = b.containsKey("resumeInNanos") ? OptionalLong.of(count(b.get("resumeInNanos"), Parse.child(c, "resumeInNanos")))
                    : OptionalLong.empty();
            credit = Optional.of(new RelocationState.Credit(level, resume));
        }
        RelocationState.Completions txCompletions = completions(required(m, "txCompletions", at, "{ageNanos, decided, pending}"),
                Parse.child(at, "txCompletions"));
        RelocationState.Completions rxCompletions = completions(required(m, "rxCompletions", at, "{ageNanos, decided, pending}"),
                Parse.child(at, "rxCompletions"));
        String counterPath = Parse.child(at, "counters");
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Map.Entry<String, Node> counter : object(required(m, "counters", at, "an object from counter name to value"), counterPath,
                "an object from counter name to value").members().entrySet()) {
            // the names were checked against the schema's (unknown-member)
            counters.put(Counter.valueOf(counter.getKey()), count(counter.getValue(), Parse.child(counterPath, counter.getKey())));
        }
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            if (!counters.containsKey(counter)) {
                throw invalid(Parse.child(counterPath, counter.name()), "required member absent: a document of version " + RelocationDocument.VERSION
                        + " holds every context counter (spec 12, section 5.1)");
            }
        }
        String hitsPath = Parse.child(at, "filterHits");
        List<Long> hits = new ArrayList<>();
        List<Node> items = list(required(m, "filterHits", at, "a list of integers"), hitsPath, "a list of integers");
        for (int i = 0; i < items.size(); i++) {
            hits.add(count(items.get(i), hitsPath + "[" + i + "]"));
        }
        return new RelocationState.Runtime(state, tx, rx, credit, txCompletions, rxCompletions, counters, hits);
    }

    private static RelocationState.Ring ring(Node node, String at) {
        Map<String, Node> r = object(node, at, "{rspProd, slots}").members();
        int slots = (int) integer(required(r, "slots", at, "an integer"), Parse.child(at, "slots"), BigInteger.ZERO, I32_MAX, "a ring's slots");
        int rspProd = (int) integer(required(r, "rspProd", at, "a ring index"), Parse.child(at, "rspProd"), BigInteger.ZERO, U32_MAX,
                "a ring index (unsigned 32-bit)");
        return new RelocationState.Ring(slots, rspProd);
    }

    private static RelocationState.Completions completions(Node node, String at) {
        Map<String, Node> q = object(node, at, "{ageNanos, decided, pending}").members();
        int decided = (int) integer(required(q, "decided", at, "a ring index"), Parse.child(at, "decided"), BigInteger.ZERO, U32_MAX,
                "a ring index (unsigned 32-bit)");
        long pending = count(required(q, "pending", at, "an integer"), Parse.child(at, "pending"));
        long age = count(required(q, "ageNanos", at, "an integer"), Parse.child(at, "ageNanos"));
        return new RelocationState.Completions(decided, pending, age);
    }

    // ------------------------------------------------------------------ values

    private static Node required(Map<String, Node> members, String name, String at, String what) {
        Node node = members.get(name);
        if (node == null) {
            throw invalid(Parse.child(at, name), "required member absent: " + what);
        }
        return node;
    }

    private static Node.Obj object(Map<String, Node> members, String name, String at) {
        return object(required(members, name, at, "an object"), Parse.child(at, name), "an object");
    }

    private static Node.Obj object(Node node, String at, String what) {
        if (node instanceof Node.Obj object) {
            return object;
        }
        throw invalid(at, "expected " + what + ", found " + node.kind());
    }

    private static List<Node> list(Node node, String at, String what) {
        if (node instanceof Node.Arr list) {
            return list.items();
        }
        throw invalid(at, "expected " + what + ", found " + node.kind());
    }

    private static String string(Node node, String at, String what) {
        if (node instanceof Node.Str string) {
            return string.value();
        }
        throw invalid(at, "expected " + what + ", found " + node.kind());
    }

    private static boolean bool(Node node, String at) {
        if (node instanceof Node.Bool bool) {
            return bool.value();
        }
        throw invalid(at, "expected true or false, found " + node.kind());
    }

    /** A runtime integer other than a ring index: 0 to 2^63 − 1 (spec 12, section 5.1). */
    private static long count(Node node, String at) {
        return integer(node, at, BigInteger.ZERO, I64_MAX, "a runtime integer");
    }

    /** A spec 05 integer that any 64-bit value may take (the device checks the range). */
    private static long int64(Node node, String at) {
        return integer(node, at, I64_MIN, I64_MAX, "a 64-bit integer");
    }

    private static long integer(Node node, String at, BigInteger min, BigInteger max, String what) {
        if (!(node instanceof Node.Int number)) {
            throw invalid(at, "expected " + what + ", an integer " + min + ".." + max + " written without fraction or exponent, found " + node.kind());
        }
        if (number.huge() || number.value().compareTo(min) < 0 || number.value().compareTo(max) > 0) {
            throw invalid(at, what + " is " + min + ".." + max + ", found " + number.kind());
        }
        return number.value().longValue();
    }

    private static RelocationDocumentException invalid(String at, String detail) {
        return new RelocationDocumentException(Defect.INVALID_VALUE, at, detail);
    }
}
