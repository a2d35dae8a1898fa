/**
 * The certification suite: one concrete subclass of each property class, bound to the provider
 * the CLI names through {@link io.netchannel.conformance.certify.CertificationTarget}. The CLI runs
 * exactly the classes of this package.
 */
package io.netchannel.conformance.certify;
