package io.netchannel.conformance.relocation;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.RelocationState;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RelocationState} to its document tree (spec 12, section 5.1). The host and guest sections
 * are a vector's {@code create} and {@code set-guest-config} keys spelled as spec 05 spells them:
 * chapter 01's keys always, every later key only when it differs from its default.
 */
final class DocumentWriter {

    private DocumentWriter() {
    }

    static Node.Obj write(RelocationState state) {
        Map<String, Node> document = new LinkedHashMap<>();
        document.put("format", new Node.Str(RelocationDocument.FORMAT));
        document.put("version", Node.Int.of(RelocationDocument.VERSION));
        document.put("host", host(state.host()));
        document.put("guest", guest(state.guest()));
        document.put("runtime", runtime(state.runtime()));
        return new Node.Obj(document);
    }

    static Node.Obj host(ContextConfig config) {
        Map<String, Node> host = new LinkedHashMap<>();
        host.put("macs", macs(config.macs()));
        host.put("txRing", Node.Int.unsigned(config.txRingGref()));
        host.put("rxRing", Node.Int.unsigned(config.rxRingGref()));
        host.put("promiscuousAllowed", new Node.Bool(config.promiscuousAllowed()));
        if (config.vlan() instanceof VlanPolicy.Access access) {
            host.put("vlan", object("access", Node.Int.of(access.vid())));
        } else if (config.vlan() instanceof VlanPolicy.Trunk trunk) {
            host.put("vlan", object("trunk", new Node.Arr(trunk.vids().stream().map(v -> (Node) Node.Int.of(v)).toList())));
        }
        if (!config.txRules().isEmpty()) {
            host.put("txRules", rules(config.txRules()));
        }
        if (config.txDefault() != FilterAction.ALLOW) {
            host.put("txDefault", action(config.txDefault()));
        }
        if (!config.rxRules().isEmpty()) {
            host.put("rxRules", rules(config.rxRules()));
        }
        if (config.rxDefault() != FilterAction.ALLOW) {
            host.put("rxDefault", action(config.rxDefault()));
        }
        if (!config.txRate().unlimited()) {
            host.put("txRate", object("bytes", Node.Int.of(config.txRate().bytes()), "periodNanos", Node.Int.of(config.txRate().periodNanos()),
                    "burst", Node.Int.of(config.txRate().burstBytes())));
        }
        return new Node.Obj(host);
    }

    static Node.Obj guest(GuestConfig config) {
        Map<String, Node> guest = new LinkedHashMap<>();
        guest.put("promiscuous", new Node.Bool(config.promiscuous()));
        guest.put("multicast", macs(config.multicast()));
        if (config.allMulticast()) {
            guest.put("allMulticast", new Node.Bool(true));
        }
        if (!config.txCoalescing().equals(Coalescing.IMMEDIATE)) {
            guest.put("txCoalescing", coalescing(config.txCoalescing()));
        }
        if (!config.rxCoalescing().equals(Coalescing.IMMEDIATE)) {
            guest.put("rxCoalescing", coalescing(config.rxCoalescing()));
        }
        if (!config.offloads().equals(Offloads.NONE)) {
            guest.put("offloads", object("rxChecksum", new Node.Bool(config.offloads().rxChecksum()), "lroFlushNanos",
                    Node.Int.of(config.offloads().lroFlushNanos())));
        }
        return new Node.Obj(guest);
    }

    private static Node.Obj runtime(RelocationState.Runtime runtime) {
        if (runtime.state() != ContextState.ACTIVE && runtime.state() != ContextState.FAILED) {
            throw new IllegalArgumentException("runtime.state: a relocation state is ACTIVE or FAILED (spec 12, section 3.3): state=" + runtime.state());
        }
        Map<String, Node> r = new LinkedHashMap<>();
        r.put("state", new Node.Str(runtime.state().name()));
        r.put("tx", ring(runtime.tx(), "tx"));
        r.put("rx", ring(runtime.rx(), "rx"));
        runtime.credit().ifPresent(credit -> {
            Map<String, Node> c = new LinkedHashMap<>();
            c.put("level", count(credit.level(), "credit.level"));
            if (credit.resumeInNanos().isPresent()) {
                c.put("resumeInNanos", count(credit.resumeInNanos().getAsLong(), "credit.resumeInNanos"));
            }
            r.put("credit", new Node.Obj(c));
        });
        r.put("txCompletions", completions(runtime.txCompletions(), "txCompletions"));
        r.put("rxCompletions", completions(runtime.rxCompletions(), "rxCompletions"));
        Map<String, Node> counters = new LinkedHashMap<>();
        runtime.counters().forEach((counter, value) -> {
            if (!RelocationState.CONTEXT_COUNTERS.contains(counter)) {
                throw new IllegalArgumentException("runtime.counters: " + counter + " is device-wide, not a context's counter (spec 12, section 3.3)");
            }
            counters.put(counter.name(), count(value, "counters." + counter.name()));
        });
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            if (!counters.containsKey(counter.name())) {
                throw new IllegalArgumentException("runtime.counters lacks " + counter + ": a document holds every context counter (spec 12, section 5.1)");
            }
        }
        r.put("counters", new Node.Obj(counters));
        List<Node> hits = new ArrayList<>();
        for (int i = 0; i < runtime.filterHits().size(); i++) {
            hits.add(count(runtime.filterHits().get(i), "filterHits[" + i + "]"));
        }
        r.put("filterHits", new Node.Arr(hits));
        return new Node.Obj(r);
    }

    private static Node ring(RelocationState.Ring ring, String name) {
        if (ring.slots() < 0) {
            throw new IllegalArgumentException("runtime." + name + ".slots: a ring's size is not negative: slots=" + ring.slots());
        }
        return object("rspProd", Node.Int.unsigned(ring.rspProd()), "slots", Node.Int.of(ring.slots()));
    }

    private static Node completions(RelocationState.Completions completions, String name) {
        return object("ageNanos", count(completions.ageNanos(), name + ".ageNanos"), "decided", Node.Int.unsigned(completions.decided()),
                "pending", count(completions.pending(), name + ".pending"));
    }

    /** A runtime integer, which a document writes 0 to 2^63 − 1 (spec 12, section 5.1). */
    private static Node count(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("runtime." + field + ": a runtime integer is 0..2^63-1 (spec 12, section 5.1): " + field + "=" + value);
        }
        return Node.Int.of(value);
    }

    private static Node macs(List<MacAddress> macs) {
        return new Node.Arr(macs.stream().map(mac -> (Node) new Node.Str(mac.toString())).toList());
    }

    private static Node rules(List<FilterRule> rules) {
        return new Node.Arr(rules.stream().map(DocumentWriter::rule).toList());
    }

    private static Node rule(FilterRule rule) {
        FilterMatch m = rule.match();
        Map<String, Node> match = new LinkedHashMap<>();
        m.etherType().ifPresent(type -> match.put("etherType", new Node.Str(String.format(Locale.ROOT, "0x%04x", type))));
        m.source().ifPresent(prefix -> match.put("source", new Node.Str(prefix.toString())));
        m.destination().ifPresent(prefix -> match.put("destination", new Node.Str(prefix.toString())));
        m.protocol().ifPresent(protocol -> match.put("protocol", Node.Int.of(protocol)));
        m.sourcePort().ifPresent(ports -> match.put("sourcePort", new Node.Str(ports.toString())));
        m.destinationPort().ifPresent(ports -> match.put("destinationPort", new Node.Str(ports.toString())));
        return object("match", new Node.Obj(match), "action", action(rule.action()));
    }

    private static Node action(FilterAction action) {
        return new Node.Str(action.name().toLowerCase(Locale.ROOT));
    }

    private static Node coalescing(Coalescing coalescing) {
        return object("maxFrames", Node.Int.of(coalescing.maxFrames()), "maxDelayNanos", Node.Int.of(coalescing.maxDelayNanos()));
    }

    private static Node.Obj object(Object... namesAndValues) {
        Map<String, Node> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], (Node) namesAndValues[i + 1]);
        }
        return new Node.Obj(members);
    }
}
