/*
 * Chapter 03: attaching to the rings, the TX kick, publishing responses, fatal errors.
 *
 * The rings are Xen's back rings (BACK_RING_ATTACH, RING_COPY_REQUEST, RING_GET_RESPONSE,
 * RING_REQUEST_PROD_OVERFLOW, RING_FINAL_CHECK_FOR_REQUESTS) laid directly over the shared
 * pages of the memory file. Every shared-index access is reported (spec 13, section 5): 4 bytes
 * at the field's offset in the ring page, as it is made (after the final check for its own).
 */
#include "netdev.h"

/* Offsets of the shared header fields (RING-1), for the access report. */
#define OFF_REQ_PROD  0u
#define OFF_REQ_EVENT 4u
#define OFF_RSP_PROD  8u
#define OFF_RSP_EVENT 12u

static RING_IDX read_index(uint32_t ctx, grant_ref_t gref, volatile RING_IDX *field, unsigned off)
{
    RING_IDX v = *field;
    xen_rmb();                  /* the index before the entries it covers */
    guest_note(ctx, gref, off, 4, false);
    return v;
}

static void write_index(uint32_t ctx, grant_ref_t gref, volatile RING_IDX *field, unsigned off, RING_IDX v)
{
    *field = v;
    guest_note(ctx, gref, off, 4, true);
}

/* RING-14 step 2: both rings must be attachable before either is written (PRIV-8). */
bool ring_attach_check(struct context *c)
{
    struct netif_tx_sring *ts = (struct netif_tx_sring *)guest_page(c->tx_gref);
    struct netif_rx_sring *rs = (struct netif_rx_sring *)guest_page(c->rx_gref);
    RING_IDX tprod = read_index(c->id, c->tx_gref, &ts->req_prod, OFF_REQ_PROD);
    RING_IDX tcons = read_index(c->id, c->tx_gref, &ts->rsp_prod, OFF_RSP_PROD);
    if (tprod - tcons > NC_RING_SIZE)
        return false;
    RING_IDX rprod = read_index(c->id, c->rx_gref, &rs->req_prod, OFF_REQ_PROD);
    RING_IDX rcons = read_index(c->id, c->rx_gref, &rs->rsp_prod, OFF_RSP_PROD);
    if (rprod - rcons > NC_RING_SIZE)
        return false;
    /* remembered for ring_attach: the page cannot change between check and attach */
    c->tx.rsp_prod_pvt = tcons;
    c->rx.rsp_prod_pvt = rcons;
    return true;
}

/* RING-14 step 3: req_cons = rsp_prod_pvt = rsp_prod, req_event = rsp_prod + 1. */
void ring_attach(struct context *c)
{
    struct netif_tx_sring *ts = (struct netif_tx_sring *)guest_page(c->tx_gref);
    struct netif_rx_sring *rs = (struct netif_rx_sring *)guest_page(c->rx_gref);
    RING_IDX t = c->tx.rsp_prod_pvt, r = c->rx.rsp_prod_pvt;
    BACK_RING_ATTACH(&c->tx, ts, t, NC_PAGE_SIZE);
    BACK_RING_ATTACH(&c->rx, rs, r, NC_PAGE_SIZE);
    c->tx_published = t;
    c->rx_published = r;
    write_index(c->id, c->tx_gref, &ts->req_event, OFF_REQ_EVENT, t + 1);
    write_index(c->id, c->rx_gref, &rs->req_event, OFF_REQ_EVENT, r + 1);
}

void ctx_fail(struct context *c)
{
    out_state(c->id, c->state);
    c->state = CTX_FAILED;
    count(c, C_FATAL_ERRORS, 1);
}

/*
 * RING-7, RING-8: responses, then rsp_prod, then read rsp_event and notify when it lies in
 * (old, new]. Not RING_PUSH_RESPONSES_AND_CHECK_NOTIFY: that macro takes `old` from the shared
 * rsp_prod, a field the guest can rewrite; chapter 03 section 6.1 takes the value we last
 * published, and an empty push writes nothing.
 */
static void publish(uint32_t ctx, grant_ref_t gref, volatile RING_IDX *rsp_prod, volatile RING_IDX *rsp_event,
                    RING_IDX pvt, RING_IDX *published, enum queue q)
{
    RING_IDX old = *published;
    if (pvt == old)
        return;
    xen_wmb();                  /* response bytes before the index that covers them */
    write_index(ctx, gref, rsp_prod, OFF_RSP_PROD, pvt);
    xen_mb();                   /* rsp_prod visible before we look at rsp_event */
    RING_IDX event = read_index(ctx, gref, rsp_event, OFF_RSP_EVENT);
    *published = pvt;
    if ((RING_IDX)(pvt - event) < (RING_IDX)(pvt - old))
        out_notify(ctx, q);
}

void ring_publish_tx(struct context *c)
{
    publish(c->id, c->tx_gref, &c->tx.sring->rsp_prod, &c->tx.sring->rsp_event, c->tx.rsp_prod_pvt,
            &c->tx_published, Q_TX);
}

void ring_publish_rx(struct context *c)
{
    publish(c->id, c->rx_gref, &c->rx.sring->rsp_prod, &c->rx.sring->rsp_event, c->rx.rsp_prod_pvt,
            &c->rx_published, Q_RX);
}

/* Chapter 03 section 7. */
void ring_tx_kick(struct nic *nic, struct context *c)
{
    if (c->state != CTX_ACTIVE)
        return;                                     /* RING-15 */
    if (guest_grant(c->id, c->tx_gref) != GRANT_RW) {
        ctx_fail(c);                                /* MEM-10: without touching the page */
        return;
    }
    /* Re-resolved on every kick: a cached mapping could outlive its grant (MEM-4). */
    c->tx.sring = (struct netif_tx_sring *)guest_page(c->tx_gref);
    RING_IDX prod = read_index(c->id, c->tx_gref, &c->tx.sring->req_prod, OFF_REQ_PROD); /* DESC-1 */
    for (;;) {
        if (RING_REQUEST_PROD_OVERFLOW(&c->tx, prod)) {
            ctx_fail(c);                            /* RING-11 */
            return;
        }
        while (c->tx.req_cons != prod) {
            if (tx_packet(nic, c, prod) == TX_FATAL) {
                ring_publish_tx(c);                 /* DESC-12: earlier packets first */
                ctx_fail(c);
                return;
            }
        }
        ring_publish_tx(c);
        /*
         * RING-9 with Xen's final check: it reads req_prod (after the batch, which DESC-1
         * allows) and, only when nothing is new, arms req_event = req_cons + 1 and reads again.
         * The memory file changes only between calls (spec 13), so the second look finds work
         * only when the first did: the accesses reported after it are the ones it made.
         */
        int work;
        RING_FINAL_CHECK_FOR_REQUESTS(&c->tx, work);
        guest_note(c->id, c->tx_gref, OFF_REQ_PROD, 4, false);
        if (!work) {
            guest_note(c->id, c->tx_gref, OFF_REQ_EVENT, 4, true);
            guest_note(c->id, c->tx_gref, OFF_REQ_PROD, 4, false);
            return;
        }
        xen_rmb();              /* the index before the entries it covers */
        RING_IDX room = NC_RING_SIZE - (c->tx.req_cons - c->tx.rsp_prod_pvt);
        if ((RING_IDX)work < room)
            prod = c->tx.req_cons + (RING_IDX)work;  /* the count is req_prod - req_cons */
        else                    /* the count stops at the ring's room: a full ring and an
                                   overflowed req_prod look alike, so look again (RING-11) */
            prod = read_index(c->id, c->tx_gref, &c->tx.sring->req_prod, OFF_REQ_PROD);
    }
}
