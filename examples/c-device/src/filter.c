/*
 * Chapter 07 section 4: reading a sent frame's headers and matching one rule against them.
 * Every field is read from the frame's own bytes; a field that cannot be read never holds (TXF-7).
 */
#include "netdev.h"

struct headers {
    uint16_t ether_type;
    int family;                     /* 4 or 6 when the IP header is readable, else 0 */
    const uint8_t *src, *dst;
    int protocol;                   /* -1: unknown */
    bool ports_known;
    uint16_t sport, dport;
};

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void parse(const uint8_t *f, unsigned len, struct headers *h)
{
    *h = (struct headers){ .protocol = -1 };
    unsigned l3 = 14;
    h->ether_type = be16(f + 12);
    if (h->ether_type == 0x8100) {
        if (len < 18)
            return;                 /* EtherType 0x8100 and nothing after it */
        h->ether_type = be16(f + 16);
        l3 = 18;
    }
    const uint8_t *ip = f + l3;
    unsigned avail = len - l3;
    bool later_fragment = false;
    unsigned l4;                    /* offset of the transport header from ip */
    if (h->ether_type == 0x0800) {
        if (avail < 20 || ip[0] >> 4 != 4 || (ip[0] & 0x0F) < 5 || (unsigned)(ip[0] & 0x0F) * 4 > avail)
            return;
        h->family = 4;
        h->src = ip + 12;
        h->dst = ip + 16;
        h->protocol = ip[9];
        later_fragment = (be16(ip + 6) & 0x1FFF) != 0;
        l4 = (unsigned)(ip[0] & 0x0F) * 4;
    } else if (h->ether_type == 0x86DD) {
        if (avail < 40 || ip[0] >> 4 != 6)
            return;
        h->family = 6;
        h->src = ip + 8;
        h->dst = ip + 24;
        unsigned next = ip[6], at = 40, walked = 0;
        for (;;) {
            if (next != 0 && next != 43 && next != 60 && next != 44)
                break;
            if (++walked > 8 || at + 8 > avail)
                return;             /* protocol unknown, addresses known */
            unsigned hlen = next == 44 ? 8 : ((unsigned)ip[at + 1] + 1) * 8;
            if (at + hlen > avail)
                return;
            if (next == 44 && (be16(ip + at + 2) >> 3) != 0)
                later_fragment = true;
            next = ip[at];
            at += hlen;
        }
        h->protocol = (int)next;
        l4 = at;
    } else {
        return;
    }
    if ((h->protocol == 6 || h->protocol == 17) && !later_fragment && l4 + 4 <= avail) {
        h->ports_known = true;
        h->sport = be16(ip + l4);
        h->dport = be16(ip + l4 + 2);
    }
}

static bool in_prefix(const struct ip_prefix *p, const struct headers *h, const uint8_t *addr)
{
    if (h->family != p->family)
        return false;
    unsigned full = p->len / 8, bits = p->len % 8;
    if (memcmp(addr, p->addr, full) != 0)
        return false;
    if (bits == 0)
        return true;
    uint8_t mask = (uint8_t)(0xFF << (8 - bits));
    return (addr[full] & mask) == (p->addr[full] & mask);
}

static bool in_range(const struct port_range *r, uint16_t port)
{
    return port >= r->lo && port <= r->hi;
}

bool filter_match(const struct filter_match *m, const uint8_t *frame, unsigned len)
{
    struct headers h;
    parse(frame, len, &h);
    if (m->has_ether_type && m->ether_type != h.ether_type)
        return false;
    if (m->source.family && !in_prefix(&m->source, &h, h.src))
        return false;
    if (m->destination.family && !in_prefix(&m->destination, &h, h.dst))
        return false;
    if (m->has_protocol && (h.protocol < 0 || h.protocol != m->protocol))
        return false;
    if (m->source_port.set && (!h.ports_known || !in_range(&m->source_port, h.sport)))
        return false;
    if (m->destination_port.set && (!h.ports_known || !in_range(&m->destination_port, h.dport)))
        return false;
    return true;
}
