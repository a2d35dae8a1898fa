/**
 * The conformance properties, one abstract class per spec chapter, for vendors to extend as a TCK
 * ({@code protected DeviceProvider provider()}), plus the spec-derived expectations they compare
 * against. Every expectation here is computed from the rule text, never from a device's output.
 */
package io.netchannel.conformance.properties;
