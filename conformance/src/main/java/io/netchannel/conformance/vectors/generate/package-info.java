/**
 * The generators of the bundled vectors: ordinary code that drives the reference model through the
 * harness (the same benches the properties use) while a {@link io.netchannel.conformance.vectors.StepRecorder}
 * writes down every step and what it changed. Inputs are fixed or drawn from fixed seeds, so a
 * regeneration is byte-identical.
 */
package io.netchannel.conformance.vectors.generate;
