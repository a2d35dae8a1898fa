/**
 * The TCK for JUnit users (the Reactive Streams TCK pattern): a vendor extends
 * {@link io.netchannel.conformance.tck.NetchannelTck} in their own build and supplies their device.
 */
package io.netchannel.conformance.tck;
