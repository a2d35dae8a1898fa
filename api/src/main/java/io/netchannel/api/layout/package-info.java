/**
 * Byte-exact layouts of the shared ring pages and the netif descriptors (spec 03-rings, 04-descriptors),
 * as Xen's public headers {@code xen/include/public/io/ring.h} and {@code io/netif.h} define them.
 * Every multi-byte field is little-endian. These are part of the contract: a device in any
 * language must read and write exactly these bytes.
 */
package io.netchannel.api.layout;
