package io.netchannel.bench;

/** A benchmark guest: one round of its workload, and a check that every round did all of it. */
interface Workload {

    /** One round; returns a value depending on everything read, for the benchmark to consume. */
    int round();

    /**
     * Checks that every round so far did the whole workload.
     *
     * @throws IllegalStateException naming what differs
     */
    void verify();
}
