/*
 * Chapter 04 section 3: one TX packet, from req_cons, never reading at or past prod (RING-5).
 * Then chapter 07 (source MAC, VLAN, filter rules) and chapter 08 (where the frame goes).
 */
#include <stdlib.h>

#include "netdev.h"

/* What a slot gets answered, remembered in ring order until the packet is decided (TX-2). */
struct slot { uint16_t id; bool extra; };

struct packet {
    struct slot slots[NC_RING_SIZE];    /* a packet never spans more than the ring */
    unsigned nslots;
    struct netif_tx_request first;
    struct netif_tx_request data[FATAL_DATA_SLOTS];
    unsigned ndata;
    bool has_extra[XEN_NETIF_EXTRA_TYPE_MAX];
    struct netif_extra_info extra[XEN_NETIF_EXTRA_TYPE_MAX];
};

static uint8_t frame[MAX_FRAME + 4];    /* + an inserted 802.1Q tag (TXF-4) */

/* DESC-1: each slot is read once, into a private copy (Xen's RING_COPY_REQUEST, XSA-155). */
static struct netif_tx_request copy_slot(struct context *c, RING_IDX i)
{
    struct netif_tx_request req;
    RING_COPY_REQUEST(&c->tx, i, &req);
    guest_note(c->id, c->tx_gref, 64 + (i & (NC_RING_SIZE - 1)) * 12, 12, false);
    return req;
}

static void answer(struct context *c, const struct packet *p, int16_t data_status)
{
    for (unsigned k = 0; k < p->nslots; k++) {
        RING_IDX i = c->tx.rsp_prod_pvt++;
        *RING_GET_RESPONSE(&c->tx, i) = (struct netif_tx_response){
            .id = p->slots[k].id,
            .status = p->slots[k].extra ? NETIF_RSP_NULL : data_status,
        };
        guest_note(c->id, c->tx_gref, 64 + (i & (NC_RING_SIZE - 1)) * 12, 4, true);
    }
}

static void per_packet_error(struct context *c, const struct packet *p)
{
    answer(c, p, NETIF_RSP_ERROR);                  /* DESC-11 */
    count(c, C_TX_ERRORS, 1);
}

/* DESC-15: ADD decides when present; a repeated ADD is OKAY and keeps its place. */
static void multicast_control(struct context *c, const struct packet *p)
{
    bool ok = true;
    if (p->has_extra[XEN_NETIF_EXTRA_TYPE_MCAST_ADD]) {
        struct mac m;
        memcpy(m.b, p->extra[XEN_NETIF_EXTRA_TYPE_MCAST_ADD].u.mcast.addr, 6);
        unsigned k = 0;
        while (k < c->nmcast && memcmp(c->mcast[k].b, m.b, 6) != 0)
            k++;
        if (!mac_is_group(&m) || (k == c->nmcast && c->nmcast >= MAX_MCAST))
            ok = false;
        else if (k == c->nmcast)
            c->mcast[c->nmcast++] = m;
    } else {
        const uint8_t *a = p->extra[XEN_NETIF_EXTRA_TYPE_MCAST_DEL].u.mcast.addr;
        for (unsigned k = 0; k < c->nmcast; k++) {
            if (memcmp(c->mcast[k].b, a, 6) == 0) {
                memmove(&c->mcast[k], &c->mcast[k + 1], (c->nmcast - k - 1) * sizeof c->mcast[0]);
                c->nmcast--;
                break;
            }
        }
    }
    if (ok) {
        answer(c, p, NETIF_RSP_OKAY);
    } else {
        answer(c, p, NETIF_RSP_ERROR);
        count(c, C_TX_ERRORS, 1);
    }
}

static bool is_tag(uint16_t tpid)
{
    return tpid == 0x8100 || tpid == 0x88A8 || tpid == 0x9100;
}

/*
 * Chapter 07 section 3. Returns the length of the frame as it leaves (with an inserted tag), or
 * 0 when it is dropped; the drop is counted here.
 */
static unsigned enforce(struct context *c, unsigned len)
{
    if (!ctx_owns(c, frame + 6)) {
        count(c, C_TX_DROP_SPOOF, 1);               /* TXF-2 */
        return 0;
    }
    uint16_t tpid = (uint16_t)(frame[12] << 8 | frame[13]);
    unsigned out = len;
    switch (c->vlan.kind) {
    case VLAN_UNTAGGED:
        if (is_tag(tpid)) {
            count(c, C_TX_DROP_VLAN, 1);            /* TXF-3 */
            return 0;
        }
        break;
    case VLAN_ACCESS:
        if (is_tag(tpid)) {
            count(c, C_TX_DROP_VLAN, 1);            /* TXF-4 */
            return 0;
        }
        out = len + 4;                              /* the tag is inserted after filtering */
        break;
    case VLAN_TRUNK: {
        int vid = len >= 18 ? ((frame[14] & 0x0F) << 8 | frame[15]) : -1;
        bool member = false;
        for (unsigned k = 0; tpid == 0x8100 && vid >= 0 && k < c->vlan.nvids; k++)
            member |= c->vlan.vids[k] == vid;
        if (!member) {
            count(c, C_TX_DROP_VLAN, 1);            /* TXF-5 */
            return 0;
        }
        break;
    }
    }
    /* TXF-6..TXF-8: first matching rule, else the default; rules see the frame the guest sent */
    unsigned i = 0;
    while (i < c->nrules && !filter_match(&c->rules[i].match, frame, len))
        i++;
    c->filter_hits[i]++;
    out_filter_hit(c->id, i, 1);
    if (i < c->nrules ? c->rules[i].drop : c->default_drop) {
        count(c, C_TX_DROP_FILTER, 1);
        return 0;
    }
    if (c->vlan.kind == VLAN_ACCESS) {              /* TXF-4: 81 00, PCP 0, DEI 0, VID v */
        memmove(frame + 16, frame + 12, len - 12);
        frame[12] = 0x81;
        frame[13] = 0x00;
        frame[14] = (uint8_t)(c->vlan.vids[0] >> 8);
        frame[15] = (uint8_t)c->vlan.vids[0];
    }
    return out;
}

/* The reference procedure of chapter 04 section 3.4; the verdict is the same, the code is ours. */
enum tx_outcome tx_packet(struct nic *nic, struct context *c, RING_IDX prod)
{
    static struct packet p;
    memset(&p, 0, sizeof p);
    RING_IDX i = c->tx.req_cons;

    p.first = copy_slot(c, i++);
    p.slots[p.nslots++] = (struct slot){ .id = p.first.id };
    if (p.first.flags & NETTXF_extra_info) {
        struct netif_extra_info x;
        do {
            if (i == prod)
                return TX_FATAL;                    /* DESC-3 */
            struct netif_tx_request raw = copy_slot(c, i++);
            memcpy(&x, &raw, sizeof x);
            if (x.type == XEN_NETIF_EXTRA_TYPE_NONE || x.type >= XEN_NETIF_EXTRA_TYPE_MAX)
                return TX_FATAL;                    /* DESC-4 */
            if (x.type == XEN_NETIF_EXTRA_TYPE_GSO && (x.u.gso.size == 0 ||
                (x.u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 && x.u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6)))
                return TX_FATAL;                    /* DESC-4 */
            p.extra[x.type] = x;                    /* a later extra of a type replaces an earlier */
            p.has_extra[x.type] = true;
            /* an extra has no id: echo its first two bytes, type | flags << 8 (section 3.5) */
            p.slots[p.nslots++] = (struct slot){ .id = (uint16_t)(x.type | x.flags << 8), .extra = true };
        } while (x.flags & XEN_NETIF_EXTRA_FLAG_MORE);
    }
    if (p.has_extra[XEN_NETIF_EXTRA_TYPE_MCAST_ADD] || p.has_extra[XEN_NETIF_EXTRA_TYPE_MCAST_DEL]) {
        c->tx.req_cons = i;                         /* DESC-15: the data chain is not followed */
        multicast_control(c, &p);
        return TX_DONE;
    }

    uint16_t more = p.first.flags & NETTXF_more_data;
    unsigned rest = 0;
    while (more) {
        if (i == prod)
            return TX_FATAL;                        /* DESC-3 */
        if (p.ndata == FATAL_DATA_SLOTS)
            return TX_FATAL;                        /* DESC-6: a 21st data slot */
        struct netif_tx_request d = copy_slot(c, i++);
#ifndef BREAK_PAGE_CHECK
        if ((unsigned)d.offset + d.size > NC_PAGE_SIZE)
            return TX_FATAL;                        /* DESC-5 */
#endif
        p.data[p.ndata++] = d;
        p.slots[p.nslots++] = (struct slot){ .id = d.id };
        rest += d.size;
        more = d.flags & NETTXF_more_data;
    }
    bool sizes_add_up = rest <= p.first.size;       /* own length is defined only then */
    unsigned own = sizes_add_up ? p.first.size - rest : 0;
#ifndef BREAK_PAGE_CHECK
    if (sizes_add_up && p.first.offset + own > NC_PAGE_SIZE)
        return TX_FATAL;                            /* DESC-5 */
#endif

    /* No fatal rule holds (DESC-13): the chain is consumed whatever follows. */
    c->tx.req_cons = i;
    if (p.ndata > MAX_DATA_SLOTS || !sizes_add_up || own < 14) {
        per_packet_error(c, &p);                    /* DESC-6, DESC-7, DESC-8 */
        return TX_DONE;
    }
    for (unsigned k = 0; k <= p.ndata; k++) {
        grant_ref_t g = k == 0 ? p.first.gref : p.data[k - 1].gref;
        unsigned len = k == 0 ? own : p.data[k - 1].size;
        if (len == 0)
            continue;                               /* DESC-10: never accessed, never checked */
        if (guest_grant(c->id, g) == GRANT_NONE || g == c->tx_gref || g == c->rx_gref) {
            per_packet_error(c, &p);                /* DESC-9, DESC-17 */
            return TX_DONE;
        }
    }
    if (p.has_extra[XEN_NETIF_EXTRA_TYPE_GSO]) {
        per_packet_error(c, &p);                    /* DESC-16: we do not claim tso */
        return TX_DONE;
    }

    /* TX-1: the frame is its slots' bytes in chain order, read now (MEM-8). */
    unsigned len = 0;
    guest_read(c->id, p.first.gref, p.first.offset, own, frame);
    len = own;
    for (unsigned k = 0; k < p.ndata; k++) {
        if (p.data[k].size == 0)
            continue;
        guest_read(c->id, p.data[k].gref, p.data[k].offset, p.data[k].size, frame + len);
        len += p.data[k].size;
    }

    unsigned out = enforce(c, len);
    if (out == 0) {
        answer(c, &p, NETIF_RSP_DROPPED);           /* TXF-9 */
        return TX_DONE;
    }
    answer(c, &p, NETIF_RSP_OKAY);
    count(c, C_TX_FRAMES, 1);                       /* CTX-9: once, sent or switched */
    count(c, C_TX_BYTES, out);
    rx_switch(nic, c, frame, out);                  /* CTX-5, CTX-6 */
    return TX_DONE;
}
