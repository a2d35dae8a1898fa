package io.netchannel.conformance.relocation;

import io.netchannel.api.Counter;
import io.netchannel.api.RelocationState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members the schema of version 1 defines at every place of a document
 * ({@code spec/schema/relocation-v1.schema.json}, which a test holds to this): a member found
 * anywhere else is {@code unknown-member} (RELOC-11).
 */
sealed interface Shape permits Shape.Members, Shape.Items, Shape.Leaf {

    /** An object with exactly these members (none of them need be present here: absence is the value check's). */
    record Members(Map<String, Shape> members) implements Shape {
    }

    /** A list of {@code item}. */
    record Items(Shape item) implements Shape {
    }

    /** A scalar. */
    record Leaf() implements Shape {
    }

    /** The keys of a host section: {@code create}'s keys of spec 05, section 5.3. */
    List<String> HOST_KEYS = List.of("macs", "txRing", "rxRing", "promiscuousAllowed", "vlan", "txRules", "txDefault", "rxRules", "rxDefault",
            "txRate");

    /** The whole document. */
    Shape DOCUMENT = document();

    private static Shape document() {
        Leaf leaf = new Leaf();
        Shape rule = members("match", members("etherType", leaf, "source", leaf, "destination", leaf, "protocol", leaf, "sourcePort", leaf,
                "destinationPort", leaf), "action", leaf);
        Shape host = members("macs", new Items(leaf), "txRing", leaf, "rxRing", leaf, "promiscuousAllowed", leaf,
                "vlan", members("access", leaf, "trunk", new Items(leaf)), "txRules", new Items(rule), "txDefault", leaf,
                "rxRules", new Items(rule), "rxDefault", leaf, "txRate", members("bytes", leaf, "periodNanos", leaf, "burst", leaf));
        Shape coalescing = members("maxFrames", leaf, "maxDelayNanos", leaf);
        Shape guest = members("promiscuous", leaf, "multicast", new Items(leaf), "allMulticast", leaf, "txCoalescing", coalescing,
                "rxCoalescing", coalescing, "offloads", members("rxChecksum", leaf, "lroFlushNanos", leaf));
        Shape ring = members("rspProd", leaf, "slots", leaf);
        Shape completions = members("ageNanos", leaf, "decided", leaf, "pending", leaf);
        Map<String, Shape> counters = new LinkedHashMap<>();
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter.name(), leaf);
        }
        Shape runtime = members("state", leaf, "tx", ring, "rx", ring, "credit", members("level", leaf, "resumeInNanos", leaf),
                "txCompletions", completions, "rxCompletions", completions, "counters", new Members(counters), "filterHits", new Items(leaf));
        return members("format", leaf, "version", leaf, "host", host, "guest", guest, "runtime", runtime);
    }

    private static Members members(Object... namesAndShapes) {
        Map<String, Shape> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            members.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Members(members);
    }
}
