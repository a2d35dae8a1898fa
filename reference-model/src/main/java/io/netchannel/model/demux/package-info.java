/**
 * Chapter 06, receive demux: the VLAN of a frame from the wire, which live contexts take a copy of
 * it, the copy each one gets, and (profile {@code l3l4-demux}) whether each recipient's RX rules let
 * it take that copy.
 */
package io.netchannel.model.demux;
