/** The {@code netchannel} command line: certify an implementation, explain a requirement. */
package io.netchannel.conformance.cli;
