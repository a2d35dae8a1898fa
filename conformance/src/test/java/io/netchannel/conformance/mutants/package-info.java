/**
 * Deliberately broken devices: decorators around the reference model that each break one rule,
 * and the test that every such mutant is caught by the property of that rule (style habit 7).
 */
package io.netchannel.conformance.mutants;
