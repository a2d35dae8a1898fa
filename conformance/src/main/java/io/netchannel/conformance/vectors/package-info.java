/**
 * Test vectors (spec chapter 05): the YAML file model, the recorder that turns any harness run
 * into steps with closed-world expectations, the runner that replays a vector on any device, the
 * canonical writer, the manifest, and the generators that record the bundled vectors from the
 * reference model.
 */
package io.netchannel.conformance.vectors;
