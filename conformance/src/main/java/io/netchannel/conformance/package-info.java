/** The Netchannel conformance suite: harness, properties, TCK base classes and the CLI. */
package io.netchannel.conformance;
