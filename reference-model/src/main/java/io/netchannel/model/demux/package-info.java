/** Chapter 06, receive demux: the VLAN of a frame from the wire, which live contexts take a copy of it, and the copy each one gets. */
package io.netchannel.model.demux;
