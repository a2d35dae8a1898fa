/*
 * Receive: chapter 04 section 4 (writing a frame into posted buffers), chapter 06 (who gets a
 * copy) and chapter 08 section 4.2 (frames one guest sends to the others in VEB mode).
 */
#include "netdev.h"

bool mac_is_group(const struct mac *m)
{
    return m->b[0] & 1;             /* the I/G bit; broadcast included */
}

bool ctx_owns(const struct context *c, const uint8_t *mac)
{
    for (unsigned k = 0; k < c->nmacs; k++)
        if (memcmp(c->macs[k].b, mac, 6) == 0)
            return true;
    return false;
}

static bool in_mcast_list(const struct context *c, const uint8_t *mac)
{
    for (unsigned k = 0; k < c->nmcast; k++)
        if (memcmp(c->mcast[k].b, mac, 6) == 0)
            return true;
    return false;
}

/* DEMUX-1 */
int frame_vlan(const uint8_t *f, unsigned len)
{
    uint16_t tpid = (uint16_t)(f[12] << 8 | f[13]);
    if (tpid == 0x88A8 || tpid == 0x9100)
        return -1;
    if (tpid != 0x8100)
        return 0;
    if (len < 18)
        return -1;
    int vid = (f[14] & 0x0F) << 8 | f[15];
    return vid == 0 || vid == 0xFFF ? -1 : vid;
}

/* DEMUX-2 */
bool ctx_member(const struct context *c, int vlan)
{
    switch (c->vlan.kind) {
    case VLAN_UNTAGGED:
        return vlan == 0;
    case VLAN_ACCESS:
        return vlan == c->vlan.vids[0];
    case VLAN_TRUNK:
        for (unsigned k = 0; vlan > 0 && k < c->vlan.nvids; k++)
            if (c->vlan.vids[k] == vlan)
                return true;
        return false;
    }
    return false;
}

/* DEMUX-3..DEMUX-7 for one live member of the frame's VLAN. */
static bool takes(const struct context *c, const uint8_t *f)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    if (ctx_owns(c, f + 6))
        return false;                               /* DEMUX-7 */
    if (c->promisc)
        return true;                                /* DEMUX-6 */
    if (memcmp(f, bcast, 6) == 0)
        return true;                                /* DEMUX-4 */
    if (f[0] & 1)
        return c->all_multi || in_mcast_list(c, f); /* DEMUX-5 */
    return ctx_owns(c, f);                          /* DEMUX-3 */
}

/* Chapter 04 section 4.2: one copy into one context's posted buffers. */
static void deliver(struct context *c, const uint8_t *f, unsigned len)
{
    if (c->state == CTX_FAILED) {
        count(c, C_RX_DROP_FAILED, 1);              /* RX-5 */
        return;
    }
    if (guest_grant(c->id, c->rx_gref) != GRANT_RW) {
        ctx_fail(c);                                /* MEM-10 */
        count(c, C_RX_DROP_FAILED, 1);
        return;
    }
    c->rx.sring = (struct netif_rx_sring *)guest_page(c->rx_gref);
    RING_IDX prod = c->rx.sring->req_prod;          /* once, DESC-1 */
    xen_rmb();
    guest_note(c->id, c->rx_gref, 0, 4, false);
    if (RING_REQUEST_PROD_OVERFLOW(&c->rx, prod)) {
        ctx_fail(c);                                /* RING-11 */
        count(c, C_RX_DROP_FAILED, 1);
        return;
    }
    unsigned needed = (len + NC_PAGE_SIZE - 1) / NC_PAGE_SIZE;
    if (prod - c->rx.req_cons < needed) {
        count(c, C_RX_DROP_NO_BUFFER, 1);           /* RX-3: nothing read, nothing written */
        return;
    }
    struct netif_rx_request reqs[16];
    bool bad = false;
    for (unsigned k = 0; k < needed; k++) {
        RING_IDX i = c->rx.req_cons + k;
        RING_COPY_REQUEST(&c->rx, i, &reqs[k]);
        guest_note(c->id, c->rx_gref, 64 + (i & (NC_RING_SIZE - 1)) * 8, 8, false);
        grant_ref_t g = reqs[k].gref;
        if (guest_grant(c->id, g) != GRANT_RW || g == c->tx_gref || g == c->rx_gref)
            bad = true;                             /* RX-4, RX-7: all checked before any write */
    }
    for (unsigned k = 0; k < needed; k++) {
        unsigned n = 0;
        uint16_t flags = 0;
        if (!bad) {
            n = len - k * NC_PAGE_SIZE;
            if (n > NC_PAGE_SIZE)
                n = NC_PAGE_SIZE;
            guest_write(c->id, reqs[k].gref, 0, n, f + k * NC_PAGE_SIZE);
            if (k + 1 < needed)
                flags = NETRXF_more_data;
        }
        RING_IDX i = c->rx.rsp_prod_pvt++;
        *RING_GET_RESPONSE(&c->rx, i) = (struct netif_rx_response){
            .id = reqs[k].id, .offset = 0, .flags = flags,
            .status = bad ? NETIF_RSP_ERROR : (int16_t)n,       /* RX-2 */
        };
        guest_note(c->id, c->rx_gref, 64 + (i & (NC_RING_SIZE - 1)) * 8, 8, true);
    }
    c->rx.req_cons += needed;
    if (bad) {
        count(c, C_RX_DROP_BAD_BUFFER, 1);
    } else {
        count(c, C_RX_FRAMES, 1);
        count(c, C_RX_BYTES, len);
    }
    ring_publish_rx(c);
}

/* Chapter 06 section 4 from DEMUX-2 on; returns the number of recipients. */
static unsigned demux(struct nic *nic, const uint8_t *f, unsigned len, int vlan)
{
    static uint8_t stripped[MAX_FRAME];
    unsigned recipients = 0;
    for (unsigned id = 0; id <= MAX_CONTEXT_ID; id++) {
        struct context *c = nic->ctx[id];
        if (!c || !ctx_member(c, vlan) || !takes(c, f))
            continue;
        recipients++;                               /* DEMUX-8: one copy each */
        if (c->vlan.kind == VLAN_ACCESS) {          /* DEMUX-10: the tag removed */
            memcpy(stripped, f, 12);
            memcpy(stripped + 12, f + 16, len - 16);
            deliver(c, stripped, len - 4);
        } else {
            deliver(c, f, len);
        }
    }
    return recipients;
}

/* RX-5, RX-6, DEMUX-1, DEMUX-9 */
void rx_from_wire(struct nic *nic, unsigned port, const uint8_t *f, unsigned len)
{
    count_device(nic, C_WIRE_RX_FRAMES, 1);
    int vlan = len >= 14 && len <= MAX_FRAME && port == 0 ? frame_vlan(f, len) : -1;
    if (vlan < 0 || demux(nic, f, len, vlan) == 0)
        count_device(nic, C_WIRE_DROP_NO_CONTEXT, 1);
}

/*
 * Chapter 08 section 4.2, for a frame the sender's checks let through. VEPA: the wire only
 * (CTX-5). VEB: demuxed as if from the wire, uncounted there, and kept inside when its
 * destination is an individual MAC of another live member of its VLAN (CTX-6).
 */
void rx_switch(struct nic *nic, const struct context *sender, const uint8_t *f, unsigned len)
{
    if (nic->mode == MODE_VEB && len <= MAX_FRAME) {
        int vlan = frame_vlan(f, len);
        if (vlan >= 0) {
            demux(nic, f, len, vlan);
            if (!(f[0] & 1)) {
                for (unsigned id = 0; id <= MAX_CONTEXT_ID; id++) {
                    const struct context *c = nic->ctx[id];
                    if (c && c != sender && ctx_owns(c, f) && ctx_member(c, vlan))
                        return;
                }
            }
        }
    }
    out_frame(0, f, len);
}
