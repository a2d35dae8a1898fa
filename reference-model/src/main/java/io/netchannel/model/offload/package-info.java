/**
 * Chapter 11, offloads (profiles checksum, tso and lro): the header parse of section 3, the Internet
 * checksum, TX checksum completion and TCP segmentation, RX checksum marking, and the large receive
 * offload aggregate with the RX slot layout of its delivery.
 */
package io.netchannel.model.offload;
