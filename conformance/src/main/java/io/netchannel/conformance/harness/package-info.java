/**
 * The guest side of a conformance run: audited guest memory, a recording sink, a model guest
 * driver that builds real ring bytes, and snapshots of everything a device did.
 */
package io.netchannel.conformance.harness;
