/**
 * The bundled fast software NIC: the Netchannel device contract with allocation-free data paths,
 * built on the api module alone and checked against the reference model by the conformance suite.
 */
package io.netchannel.fastnic;
