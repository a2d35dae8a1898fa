/** Chapter 04, descriptors: netif requests and responses decoded from ring bytes, and the TX chain validator that decides each packet. */
package io.netchannel.model.descriptor;
