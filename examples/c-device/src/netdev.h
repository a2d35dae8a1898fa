/*
 * A small Netchannel device, profile core (spec chapters 01-04, 06-08), speaking the adapter
 * protocol of spec/13-adapter-protocol.md over stdin/stdout.
 */
#ifndef NETDEV_H
#define NETDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "xenabi.h"

/* The declared limits (DeviceLimits); the fast NIC's, so the same vectors fit. */
#define MAX_CONTEXTS        64
#define MAX_CONTEXT_ID      4095
#define MAX_MACS            8
#define MAX_MCAST           64
#define MAX_VLANS           8
#define MAX_FILTER_RULES    16
#define MAX_FRAME           65535u
#define MAX_DATA_SLOTS      18      /* DESC-6: 19 and 20 cost the packet, 21 the context */
#define FATAL_DATA_SLOTS    20

enum ctx_state { CTX_ABSENT, CTX_ACTIVE, CTX_FAILED };
enum queue { Q_TX, Q_RX };
enum grant_access { GRANT_NONE, GRANT_RO, GRANT_RW };

/* The Counter enum of the contract, in its order; names in protocol.c. */
enum counter {
    C_TX_FRAMES, C_TX_BYTES, C_TX_ERRORS, C_FATAL_ERRORS, C_RX_FRAMES, C_RX_BYTES,
    C_RX_DROP_NO_BUFFER, C_RX_DROP_BAD_BUFFER, C_RX_DROP_FAILED, C_TX_DROP_SPOOF,
    C_TX_DROP_VLAN, C_TX_DROP_FILTER, C_RX_DROP_FILTER, C_TX_RATE_LIMITED,
    C_WIRE_RX_FRAMES, C_WIRE_DROP_NO_CONTEXT, C_HOST_SWITCHED_FRAMES,
    C_COUNT
};
#define DEVICE_CTX (-1)

enum reject {
    REJ_NONE, REJ_PRIVILEGE, REJ_NO_SUCH_CONTEXT, REJ_CONTEXT_EXISTS, REJ_INVALID_CONFIG,
    REJ_BAD_RING, REJ_NOT_SUPPORTED, REJ_NO_CONTEXT_AVAILABLE /* not a category: the outcome */
};

struct mac { uint8_t b[6]; };

enum vlan_kind { VLAN_UNTAGGED, VLAN_ACCESS, VLAN_TRUNK };
struct vlan_policy {
    enum vlan_kind kind;
    unsigned nvids;              /* access: 1; trunk: the list as given (may be invalid) */
    int vids[MAX_VLANS + 1];     /* one more than allowed, so "too many" is representable */
    bool too_many;
};

struct ip_prefix { int family; uint8_t addr[16]; unsigned len; };   /* family 0: absent */
struct port_range { bool set; uint16_t lo, hi; };

/* FilterMatch: every field optional; all zero matches every frame. */
struct filter_match {
    bool has_ether_type; uint16_t ether_type;
    struct ip_prefix source, destination;
    bool has_protocol; uint8_t protocol;
    struct port_range source_port, destination_port;
};
struct filter_rule { struct filter_match match; bool drop; };

struct context {
    uint32_t id;
    enum ctx_state state;
    /* host configuration (ContextConfig) */
    struct mac macs[MAX_MACS];
    unsigned nmacs;
    grant_ref_t tx_gref, rx_gref;
    bool promisc_allowed;
    struct vlan_policy vlan;
    struct filter_rule rules[MAX_FILTER_RULES];
    unsigned nrules;
    bool default_drop;
    uint64_t filter_hits[MAX_FILTER_RULES + 1];
    /* guest configuration (GuestConfig) */
    bool promisc, all_multi;
    struct mac mcast[MAX_MCAST];
    unsigned nmcast;
    /* rings: Xen's back-ring state; *_published is the rsp_prod we last wrote */
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    RING_IDX tx_published, rx_published;
    uint64_t counters[C_COUNT];
};

enum switch_mode { MODE_VEPA, MODE_VEB };

struct nic {
    struct context *ctx[MAX_CONTEXT_ID + 1];
    unsigned live;
    enum switch_mode mode;
    uint64_t counters[C_COUNT];     /* device-wide: WIRE_* */
};

/* guest.c: the memory file, the grant table, and the access report (spec 13, section 5) */
int guest_map(const char *path, uint32_t grant_entries, uint32_t pages);
enum grant_access guest_grant(uint32_t ctx, grant_ref_t gref);
uint8_t *guest_page(grant_ref_t gref);  /* the page a valid grant maps; never NULL for one */
void guest_read(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, uint8_t *dst);
void guest_write(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, const uint8_t *src);
/* Reports an access; for a write, call it right after the store: it reports the bytes now there. */
void guest_note(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, bool write);

/* protocol.c: the outputs a reply carries */
void out_frame(unsigned port, const uint8_t *frame, unsigned len);
void out_notify(uint32_t ctx, enum queue q);
void out_counter(int ctx, enum counter c, int64_t delta);
void out_filter_hit(uint32_t ctx, unsigned rule, int64_t delta);
void out_state(uint32_t ctx, enum ctx_state before);
void out_access(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, const uint8_t *written);

/* counters, with their report */
void count(struct context *c, enum counter which, uint64_t by);
void count_device(struct nic *nic, enum counter which, uint64_t by);

/* ring.c: chapter 03 */
bool ring_attach_check(struct context *c);          /* RING-14 step 2, reads only */
void ring_attach(struct context *c);                /* RING-14 step 3 */
void ring_tx_kick(struct nic *nic, struct context *c);
void ring_publish_tx(struct context *c);
void ring_publish_rx(struct context *c);
void ctx_fail(struct context *c);                   /* RING-13 */

/* tx.c: chapter 04 section 3 and chapter 07 */
enum tx_outcome { TX_DONE, TX_FATAL };
enum tx_outcome tx_packet(struct nic *nic, struct context *c, RING_IDX prod);

/* filter.c: chapter 07 section 4 */
bool filter_match(const struct filter_match *m, const uint8_t *frame, unsigned len);

/* rx.c: chapter 04 section 4, chapter 06, chapter 08 section 4.2 */
void rx_from_wire(struct nic *nic, unsigned port, const uint8_t *frame, unsigned len);
void rx_switch(struct nic *nic, const struct context *sender, const uint8_t *frame, unsigned len);
bool mac_is_group(const struct mac *m);
bool ctx_owns(const struct context *c, const uint8_t *mac);
int frame_vlan(const uint8_t *frame, unsigned len);  /* DEMUX-1: -1 none, 0 untagged, else VID */
bool ctx_member(const struct context *c, int vlan);

/* control.c: chapter 01; returns the `result` object, or NULL with *why set (malformed) */
struct json_t;
struct json_t *control(struct nic *nic, struct json_t *req, const char **why);
#endif
