package io.netchannel.conformance.mutants;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What a mutant's decorators know about rings: which gref is whose TX or RX ring page. */
final class RingSpy {

    private final Map<Integer, Integer> txRings = new HashMap<>();
    private final Map<Integer, Integer> rxRings = new HashMap<>();
    /** Contexts a mutant has decided to treat as failed. */
    final Set<Integer> failed = new HashSet<>();

    void attach(int context, int txRing, int rxRing) {
        txRings.put(txRing, context);
        rxRings.put(rxRing, context);
    }

    boolean isTxRing(int gref) {
        return txRings.containsKey(gref);
    }

    boolean isRxRing(int gref) {
        return rxRings.containsKey(gref);
    }

    boolean isRing(int gref) {
        return isTxRing(gref) || isRxRing(gref);
    }

    /** The context whose TX ring is {@code gref}, or -1. */
    int txOwner(int gref) {
        return txRings.getOrDefault(gref, -1);
    }
}
