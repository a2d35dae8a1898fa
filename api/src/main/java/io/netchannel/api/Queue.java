package io.netchannel.api;

/**
 * The two rings of a context. The "free" queue of the smart-NIC design and the "rx" completion
 * queue share the RX ring, as in Xen's netif: a free buffer is an RX request, a received frame
 * is the RX response written into the same slot.
 */
public enum Queue {
    /** Guest-to-wire: TX requests in, TX responses out. */
    TX,
    /** Wire-to-guest: free buffers in as RX requests, received frames out as RX responses. */
    RX
}
