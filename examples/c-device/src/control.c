/*
 * Chapter 01: the control plane. Each request is checked in the order of section 4; the first
 * check that fails decides the answer and nothing changes (PRIV-8). Requests arrive as the keys
 * of a vector control step (spec 05, section 5.3); an absent key is its default.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "netdev.h"

struct result {
    enum reject why;
    const char *rule;
    char detail[160];
};

static struct result ok(void)
{
    return (struct result){ .why = REJ_NONE };
}

/* A refusal names its rule and says what was wrong as name=value (chapter 01, section 3). */
__attribute__((format(printf, 3, 4)))
static struct result refuse(enum reject why, const char *rule, const char *fmt, ...)
{
    struct result r = { .why = why, .rule = rule };
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r.detail, sizeof r.detail, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- reading the request ------------------------------------------------------------------ */

/* Malformed input is the bridge's bug, not a refusal: reported as malformed-request. */
static const char *malformed;

static bool parse_mac(json_t *v, struct mac *m)
{
    unsigned b[6];
    const char *s = json_string_value(v);
    if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) {
        malformed = "a MAC is not six hex octets";
        return false;
    }
    for (int k = 0; k < 6; k++)
        m->b[k] = (uint8_t)b[k];
    return true;
}

static bool get_bool(json_t *req, const char *key)
{
    json_t *v = json_object_get(req, key);
    return v && json_is_true(v);
}

static long long get_int(json_t *req, const char *key, long long dflt)
{
    json_t *v = json_object_get(req, key);
    if (!v)
        return dflt;
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_string(v))
        return strtoll(json_string_value(v), NULL, 10);
    malformed = "an integer field is not an integer";
    return dflt;
}

static bool parse_prefix(json_t *v, struct ip_prefix *p)
{
    const char *s = json_string_value(v);
    char addr[64];
    const char *slash = s ? strchr(s, '/') : NULL;
    if (!slash || (size_t)(slash - s) >= sizeof addr) {
        malformed = "an IP prefix is not ADDRESS/LENGTH";
        return false;
    }
    memcpy(addr, s, (size_t)(slash - s));
    addr[slash - s] = '\0';
    p->len = (unsigned)atoi(slash + 1);
    if (inet_pton(AF_INET, addr, p->addr) == 1 && p->len <= 32) {
        p->family = 4;
    } else if (inet_pton(AF_INET6, addr, p->addr) == 1 && p->len <= 128) {
        p->family = 6;
    } else {
        malformed = "an IP prefix does not read";
        return false;
    }
    return true;
}

static bool parse_ports(json_t *v, struct port_range *r)
{
    const char *s = json_string_value(v);
    unsigned lo, hi;
    if (!s) {
        malformed = "a port range is not a string";
        return false;
    }
    int n = sscanf(s, "%u-%u", &lo, &hi);
    if (n == 1)
        hi = lo;
    else if (n != 2) {
        malformed = "a port range does not read";
        return false;
    }
    *r = (struct port_range){ .set = true, .lo = (uint16_t)lo, .hi = (uint16_t)hi };
    return true;
}

static bool parse_rule(json_t *v, struct filter_rule *r)
{
    json_t *m = json_object_get(v, "match");
    const char *action = json_string_value(json_object_get(v, "action"));
    memset(r, 0, sizeof *r);                        /* canonical, so rule lists compare with memcmp */
    if (!json_is_object(m) || !action) {
        malformed = "a filter rule needs match and action";
        return false;
    }
    r->drop = strcmp(action, "drop") == 0;
    json_t *f;
    if ((f = json_object_get(m, "etherType"))) {
        r->match.has_ether_type = true;
        r->match.ether_type = (uint16_t)strtoul(json_string_value(f) ? json_string_value(f) : "", NULL, 16);
    }
    if ((f = json_object_get(m, "source")) && !parse_prefix(f, &r->match.source))
        return false;
    if ((f = json_object_get(m, "destination")) && !parse_prefix(f, &r->match.destination))
        return false;
    if ((f = json_object_get(m, "protocol"))) {
        r->match.has_protocol = true;
        r->match.protocol = (uint8_t)json_integer_value(f);
    }
    if ((f = json_object_get(m, "sourcePort")) && !parse_ports(f, &r->match.source_port))
        return false;
    if ((f = json_object_get(m, "destinationPort")) && !parse_ports(f, &r->match.destination_port))
        return false;
    return true;
}

/* The host configuration as requested, before any check. */
struct host_config {
    struct mac macs[MAX_MACS + 1];
    unsigned nmacs;                 /* MAX_MACS + 1 means "too many" */
    long long tx_ring, rx_ring;
    bool promisc_allowed;
    struct vlan_policy vlan;
    struct filter_rule rules[MAX_FILTER_RULES];
    unsigned nrules;                /* MAX_FILTER_RULES + 1 means "too many" */
    bool default_drop;
    bool rx_rules, rx_default_drop;
    bool tx_rate_limited;
};

static bool parse_host(json_t *req, struct host_config *h)
{
    memset(h, 0, sizeof *h);
    json_t *v, *item;
    size_t k;
    if ((v = json_object_get(req, "macs"))) {
        json_array_foreach(v, k, item) {
            if (h->nmacs > MAX_MACS)
                break;
            if (h->nmacs == MAX_MACS) {
                h->nmacs++;
                break;
            }
            if (!parse_mac(item, &h->macs[h->nmacs++]))
                return false;
        }
    }
    h->tx_ring = get_int(req, "txRing", 0);
    h->rx_ring = get_int(req, "rxRing", 0);
    h->promisc_allowed = get_bool(req, "promiscuousAllowed");
    if ((v = json_object_get(req, "vlan")) && json_is_object(v)) {
        json_t *a = json_object_get(v, "access"), *t = json_object_get(v, "trunk");
        if (a) {
            h->vlan.kind = VLAN_ACCESS;
            h->vlan.nvids = 1;
            h->vlan.vids[0] = (int)json_integer_value(a);
        } else if (t) {
            h->vlan.kind = VLAN_TRUNK;
            json_array_foreach(t, k, item) {
                if (h->vlan.nvids == MAX_VLANS) {
                    h->vlan.too_many = true;
                    break;
                }
                h->vlan.vids[h->vlan.nvids++] = (int)json_integer_value(item);
            }
        }
    }
    if ((v = json_object_get(req, "txRules"))) {
        json_array_foreach(v, k, item) {
            if (h->nrules == MAX_FILTER_RULES) {
                h->nrules++;
                break;
            }
            if (!parse_rule(item, &h->rules[h->nrules++]))
                return false;
        }
    }
    const char *d = json_string_value(json_object_get(req, "txDefault"));
    h->default_drop = d && strcmp(d, "drop") == 0;
    h->rx_rules = json_array_size(json_object_get(req, "rxRules")) > 0;
    d = json_string_value(json_object_get(req, "rxDefault"));
    h->rx_default_drop = d && strcmp(d, "drop") == 0;
    if ((v = json_object_get(req, "txRate")))
        h->tx_rate_limited = get_int(v, "bytes", 0) || get_int(v, "periodNanos", 0) || get_int(v, "burst", 0);
    return malformed == NULL;
}

/* ---- the checks --------------------------------------------------------------------------- */

static bool valid_vid(int v)
{
    return v >= 1 && v <= 4094;
}

/* Steps 4 to 4d of a create (and 4, 4a of an update): MACs, VLAN, TX rules, RX rules, TX rate. */
static struct result check_host(struct nic *nic, uint32_t id, const struct host_config *h)
{
    if (h->nmacs == 0 || h->nmacs > MAX_MACS)
        return refuse(REJ_INVALID_CONFIG, "PRIV-6", "macs=%u: one to %d MACs", h->nmacs, MAX_MACS);
    for (unsigned k = 0; k < h->nmacs; k++) {
        if (mac_is_group(&h->macs[k]))
            return refuse(REJ_INVALID_CONFIG, "PRIV-6", "macs[%u] is a group address", k);
        for (unsigned j = 0; j < k; j++)
            if (memcmp(h->macs[j].b, h->macs[k].b, 6) == 0)
                return refuse(REJ_INVALID_CONFIG, "PRIV-6", "macs[%u] is a duplicate", k);
        for (unsigned o = 0; o <= MAX_CONTEXT_ID; o++) {
            const struct context *c = nic->ctx[o];
            if (c && o != id && ctx_owns(c, h->macs[k].b))
                return refuse(REJ_INVALID_CONFIG, "PRIV-6", "macs[%u] is owned by context=%u", k, o);
        }
    }
    const struct vlan_policy *v = &h->vlan;
    if (v->kind == VLAN_ACCESS && !valid_vid(v->vids[0]))
        return refuse(REJ_INVALID_CONFIG, "DEMUX-13", "access vid=%d", v->vids[0]);
    if (v->kind == VLAN_TRUNK) {
        if (v->nvids == 0 || v->too_many)
            return refuse(REJ_INVALID_CONFIG, "DEMUX-13", "trunk of %u%s VIDs", v->nvids, v->too_many ? "+" : "");
        for (unsigned k = 0; k < v->nvids; k++) {
            if (!valid_vid(v->vids[k]))
                return refuse(REJ_INVALID_CONFIG, "DEMUX-13", "trunk vid=%d", v->vids[k]);
            for (unsigned j = 0; j < k; j++)
                if (v->vids[j] == v->vids[k])
                    return refuse(REJ_INVALID_CONFIG, "DEMUX-13", "trunk repeats vid=%d", v->vids[k]);
        }
    }
    if (h->nrules > MAX_FILTER_RULES)
        return refuse(REJ_INVALID_CONFIG, "TXF-10", "more than maxFilterRules=%d", MAX_FILTER_RULES);
    if (h->rx_rules || h->rx_default_drop)
        return refuse(REJ_NOT_SUPPORTED, "DEMUX-17", "RX filter rules need profile l3l4-demux");
    if (h->tx_rate_limited)
        return refuse(REJ_NOT_SUPPORTED, "QOS-1", "a TX rate limit needs profile qos");
    return ok();
}

static bool ring_grant_ok(uint32_t id, long long gref)
{
    return gref >= 0 && gref <= UINT32_MAX && guest_grant(id, (grant_ref_t)gref) == GRANT_RW;
}

static void apply_host(struct context *c, const struct host_config *h)
{
    memcpy(c->macs, h->macs, sizeof c->macs);
    c->nmacs = h->nmacs;
    c->promisc_allowed = h->promisc_allowed;
    c->vlan = h->vlan;
    bool same_rules = c->nrules == h->nrules && c->default_drop == h->default_drop &&
                      memcmp(c->rules, h->rules, h->nrules * sizeof h->rules[0]) == 0;
    if (!same_rules) {
        for (unsigned k = 0; k <= c->nrules; k++) {          /* TXF-8: back to 0 */
            if (c->filter_hits[k])
                out_filter_hit(c->id, k, -(int64_t)c->filter_hits[k]);
            c->filter_hits[k] = 0;
        }
    }
    memcpy(c->rules, h->rules, sizeof c->rules);
    c->nrules = h->nrules;
    c->default_drop = h->default_drop;
    if (!c->promisc_allowed)
        c->promisc = false;                                  /* PRIV-10 */
}

static bool in_range(long long id)
{
    return id >= 0 && id <= MAX_CONTEXT_ID;
}

static struct result create(struct nic *nic, bool host, long long id, json_t *req)
{
    struct host_config h;
    if (!host)
        return refuse(REJ_PRIVILEGE, "PRIV-1", "create needs the host");
    if (!in_range(id))
        return refuse(REJ_INVALID_CONFIG, "PRIV-5", "context=%lld out of range", id);
    if (nic->ctx[id])
        return refuse(REJ_CONTEXT_EXISTS, "PRIV-5", "context=%lld exists", id);
    if (!parse_host(req, &h))
        return ok();
    struct result r = check_host(nic, (uint32_t)id, &h);
    if (r.why != REJ_NONE)
        return r;
    if (!ring_grant_ok((uint32_t)id, h.tx_ring) || !ring_grant_ok((uint32_t)id, h.rx_ring) || h.tx_ring == h.rx_ring)
        return refuse(REJ_BAD_RING, "MEM-6", "ring grants must be two different READ_WRITE grants: txRing=%lld rxRing=%lld", h.tx_ring, h.rx_ring);
    struct context *c = calloc(1, sizeof *c);
    if (!c) {
        malformed = "out of memory";
        return ok();
    }
    c->id = (uint32_t)id;
    c->tx_gref = (grant_ref_t)h.tx_ring;
    c->rx_gref = (grant_ref_t)h.rx_ring;
    if (!ring_attach_check(c)) {
        free(c);
        return refuse(REJ_BAD_RING, "RING-14", "req_prod - rsp_prod > 256 on a ring of context=%lld", id);
    }
    if (nic->live >= MAX_CONTEXTS) {
        free(c);
        return refuse(REJ_NO_CONTEXT_AVAILABLE, "PRIV-7", "maxContexts=%d live", MAX_CONTEXTS);
    }
    apply_host(c, &h);
    ring_attach(c);
    out_state(c->id, CTX_ABSENT);
    c->state = CTX_ACTIVE;
    nic->ctx[id] = c;
    nic->live++;
    return ok();
}

static struct result update(struct nic *nic, bool host, long long id, json_t *req)
{
    struct host_config h;
    if (!host)
        return refuse(REJ_PRIVILEGE, "PRIV-1", "update needs the host");
    if (!in_range(id))
        return refuse(REJ_INVALID_CONFIG, "PRIV-5", "context=%lld out of range", id);
    struct context *c = nic->ctx[id];
    if (!c)
        return refuse(REJ_NO_SUCH_CONTEXT, "PRIV-5", "context=%lld", id);
    if (!parse_host(req, &h))
        return ok();
    struct result r = check_host(nic, (uint32_t)id, &h);
    if (r.why != REJ_NONE)
        return r;
    if (h.tx_ring != c->tx_gref || h.rx_ring != c->rx_gref)
        return refuse(REJ_INVALID_CONFIG, "PRIV-10", "ring grants differ from the current ones: txRing=%lld rxRing=%lld", h.tx_ring, h.rx_ring);
    if (guest_grant(c->id, c->tx_gref) != GRANT_RW || guest_grant(c->id, c->rx_gref) != GRANT_RW)
        return refuse(REJ_BAD_RING, "MEM-6", "a ring grant is no longer READ_WRITE: context=%lld", id);
    apply_host(c, &h);                              /* rings, guest config, counters kept */
    return ok();
}

static struct result reset(struct nic *nic, bool host, long long id)
{
    if (!host)
        return refuse(REJ_PRIVILEGE, "PRIV-1", "reset needs the host");
    if (!in_range(id))
        return refuse(REJ_INVALID_CONFIG, "PRIV-5", "context=%lld out of range", id);
    struct context *c = nic->ctx[id];
    if (!c)
        return refuse(REJ_NO_SUCH_CONTEXT, "PRIV-5", "context=%lld", id);
    if (guest_grant(c->id, c->tx_gref) != GRANT_RW || guest_grant(c->id, c->rx_gref) != GRANT_RW)
        return refuse(REJ_BAD_RING, "MEM-6", "a ring grant is not READ_WRITE: context=%lld", id);
    struct context probe = *c;                      /* a refused reset changes nothing */
    if (!ring_attach_check(&probe))
        return refuse(REJ_BAD_RING, "RING-14", "req_prod - rsp_prod > 256 on a ring of context=%lld", id);
    c->tx.rsp_prod_pvt = probe.tx.rsp_prod_pvt;
    c->rx.rsp_prod_pvt = probe.rx.rsp_prod_pvt;
    ring_attach(c);
    if (c->state != CTX_ACTIVE) {
        out_state(c->id, c->state);
        c->state = CTX_ACTIVE;
    }
    return ok();
}

static struct result destroy(struct nic *nic, bool host, long long id)
{
    if (!host)
        return refuse(REJ_PRIVILEGE, "PRIV-1", "destroy needs the host");
    if (!in_range(id))
        return refuse(REJ_INVALID_CONFIG, "PRIV-5", "context=%lld out of range", id);
    struct context *c = nic->ctx[id];
    if (!c)
        return refuse(REJ_NO_SUCH_CONTEXT, "PRIV-5", "context=%lld", id);
    /* Counters read 0 from now on (chapter 04, section 5): reported as deltas back to 0. */
    for (int k = 0; k < C_COUNT; k++)
        if (c->counters[k])
            out_counter((int)c->id, (enum counter)k, -(int64_t)c->counters[k]);
    for (unsigned k = 0; k <= c->nrules; k++)
        if (c->filter_hits[k])
            out_filter_hit(c->id, k, -(int64_t)c->filter_hits[k]);
    out_state(c->id, c->state);
    nic->ctx[id] = NULL;
    nic->live--;
    free(c);                                        /* PRIV-9: no access to its pages after this */
    return ok();
}

static struct result set_guest_config(struct nic *nic, long long caller, long long id, json_t *req)
{
    if (caller != -1 && caller != id)
        return refuse(REJ_PRIVILEGE, "PRIV-3", "a guest sets its own context only: context=%lld", id);
    if (!in_range(id))
        return refuse(REJ_INVALID_CONFIG, "PRIV-5", "context=%lld out of range", id);
    struct context *c = nic->ctx[id];
    if (!c)
        return refuse(REJ_NO_SUCH_CONTEXT, "PRIV-5", "context=%lld", id);
    bool promisc = get_bool(req, "promiscuous");
    if (promisc && !c->promisc_allowed)
        return refuse(REJ_PRIVILEGE, "PRIV-4", "promiscuous mode not allowed by the host: context=%lld", id);
    struct mac list[MAX_MCAST];
    unsigned n = 0;
    json_t *item, *v = json_object_get(req, "multicast");
    size_t k;
    json_array_foreach(v, k, item) {
        struct mac m;
        if (!parse_mac(item, &m))
            return ok();
        if (!mac_is_group(&m))
            return refuse(REJ_INVALID_CONFIG, "PRIV-6", "multicast[%zu] is not a group address", k);
        unsigned j = 0;
        while (j < n && memcmp(list[j].b, m.b, 6) != 0)
            j++;
        if (j < n)
            continue;                               /* duplicates collapse */
        if (n == MAX_MCAST)
            return refuse(REJ_INVALID_CONFIG, "PRIV-6", "more than maxMulticastGroups=%d", MAX_MCAST);
        list[n++] = m;
    }
    json_t *tc = json_object_get(req, "txCoalescing"), *rc = json_object_get(req, "rxCoalescing");
    if ((tc && (get_int(tc, "maxFrames", 0) || get_int(tc, "maxDelayNanos", 0))) ||
        (rc && (get_int(rc, "maxFrames", 0) || get_int(rc, "maxDelayNanos", 0))))
        return refuse(REJ_NOT_SUPPORTED, "COAL-1", "coalescing needs profile coalescing");
    json_t *off = json_object_get(req, "offloads");
    if (off && get_bool(off, "rxChecksum"))
        return refuse(REJ_NOT_SUPPORTED, "OFF-1", "RX checksum offload needs profile checksum");
    if (off && get_int(off, "lroFlushNanos", 0) != 0)
        return refuse(REJ_NOT_SUPPORTED, "OFF-1", "lroFlushNanos=%lld needs profile lro", get_int(off, "lroFlushNanos", 0));
    if (malformed)
        return ok();
    c->promisc = promisc;
    c->all_multi = get_bool(req, "allMulticast");
    memcpy(c->mcast, list, n * sizeof list[0]);
    c->nmcast = n;
    return ok();
}

static struct result set_switch_mode(struct nic *nic, bool host, json_t *req)
{
    const char *mode = json_string_value(json_object_get(req, "mode"));
    if (!host)
        return refuse(REJ_PRIVILEGE, "CTX-4", "only the host sets the switch mode");
    if (!mode) {
        malformed = "set-switch-mode without a mode";
        return ok();
    }
    if (strcmp(mode, "vepa") == 0)
        nic->mode = MODE_VEPA;
    else if (strcmp(mode, "veb") == 0)
        nic->mode = MODE_VEB;
    else
        return refuse(REJ_NOT_SUPPORTED, "CTX-7", "mode=SOFTWARE: switching in software is the host's");
    return ok();
}

/* ---- the answer --------------------------------------------------------------------------- */

static const char *category_name[] = {
    [REJ_PRIVILEGE] = "PRIVILEGE", [REJ_NO_SUCH_CONTEXT] = "NO_SUCH_CONTEXT",
    [REJ_CONTEXT_EXISTS] = "CONTEXT_EXISTS", [REJ_INVALID_CONFIG] = "INVALID_CONFIG",
    [REJ_BAD_RING] = "BAD_RING", [REJ_NOT_SUPPORTED] = "NOT_SUPPORTED",
};

json_t *control(struct nic *nic, json_t *req, const char **why)
{
    malformed = NULL;
    const char *request = json_string_value(json_object_get(req, "request"));
    json_t *cv = json_object_get(req, "caller");
    bool host = json_is_string(cv) && strcmp(json_string_value(cv), "host") == 0;
    long long caller = host ? -1 : get_int(req, "caller", -2);
    long long id = get_int(req, "ctx", -1);
    if (!request || !cv || (!host && caller < 0)) {
        *why = "control needs request and caller";
        return NULL;
    }
    struct result r;
    if (strcmp(request, "create") == 0)
        r = create(nic, host, id, req);
    else if (strcmp(request, "update") == 0)
        r = update(nic, host, id, req);
    else if (strcmp(request, "reset") == 0)
        r = reset(nic, host, id);
    else if (strcmp(request, "destroy") == 0)
        r = destroy(nic, host, id);
    else if (strcmp(request, "set-guest-config") == 0)
        r = set_guest_config(nic, caller, id, req);
    else if (strcmp(request, "set-switch-mode") == 0)
        r = set_switch_mode(nic, host, req);
    else if (strcmp(request, "export") == 0 || strcmp(request, "import") == 0)
        r = host ? refuse(REJ_NOT_SUPPORTED, "RELOC-1", "relocation is not claimed")
                 : refuse(REJ_PRIVILEGE, "PRIV-1", "relocation needs the host");
    else
        malformed = "unknown control request";
    if (malformed) {
        *why = malformed;
        return NULL;
    }
    if (r.why == REJ_NONE)
        return json_pack("{s:s}", "outcome", "ok");
    if (r.why == REJ_NO_CONTEXT_AVAILABLE)
        return json_pack("{s:s, s:s, s:s}", "outcome", "no-context-available", "rule", r.rule, "detail", r.detail);
    return json_pack("{s:s, s:s, s:s, s:s}", "outcome", "rejected", "category", category_name[r.why],
                     "rule", r.rule, "detail", r.detail);
}
