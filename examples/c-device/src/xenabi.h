/*
 * Xen's public ring and netif headers, configured for use outside a Xen kernel.
 *
 * ring.h leaves the memory barriers to its includer (for interface versions from 0x00030208);
 * we give it C11 fences. Netchannel fixes the ring pages little-endian (spec 00, section 4) and
 * the netif structures are the guest's native layout, so this device is built for a
 * little-endian host only.
 */
#ifndef NETDEV_XENABI_H
#define NETDEV_XENABI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#include <xen/grant_table.h>
#include <xen/io/ring.h>
#include <xen/io/netif.h>   /* DEFINE_RING_TYPES(netif_tx, ...) and (netif_rx, ...) */

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "netif structures are used in place: build on a little-endian host (spec 00, section 4)"
#endif

#define NC_PAGE_SIZE 4096u
#define NC_RING_SIZE 256u

/* RING-1..RING-3: the spec's layout is Xen's; if these hold, the pages are Xen's ABI. */
_Static_assert(offsetof(struct netif_tx_sring, req_prod) == 0, "RING-1 req_prod");
_Static_assert(offsetof(struct netif_tx_sring, req_event) == 4, "RING-1 req_event");
_Static_assert(offsetof(struct netif_tx_sring, rsp_prod) == 8, "RING-1 rsp_prod");
_Static_assert(offsetof(struct netif_tx_sring, rsp_event) == 12, "RING-1 rsp_event");
_Static_assert(offsetof(struct netif_tx_sring, ring) == 64, "RING-1 entries at 64");
_Static_assert(sizeof(union netif_tx_sring_entry) == 12, "RING-2 TX entry");
_Static_assert(offsetof(struct netif_tx_request, gref) == 0, "RING-2 gref");
_Static_assert(offsetof(struct netif_tx_request, offset) == 4, "RING-2 offset");
_Static_assert(offsetof(struct netif_tx_request, flags) == 6, "RING-2 flags");
_Static_assert(offsetof(struct netif_tx_request, id) == 8, "RING-2 id");
_Static_assert(offsetof(struct netif_tx_request, size) == 10, "RING-2 size");
_Static_assert(sizeof(struct netif_tx_response) == 4, "RING-2 TX response");
_Static_assert(sizeof(union netif_rx_sring_entry) == 8, "RING-3 RX entry");
_Static_assert(offsetof(struct netif_rx_request, gref) == 4, "RING-3 gref");
_Static_assert(offsetof(struct netif_rx_response, status) == 6, "RING-3 status");
_Static_assert(sizeof(struct netif_extra_info) == 8, "extra-info slot");
_Static_assert(sizeof(grant_entry_v1_t) == 8, "grant_entry_v1");

#endif
