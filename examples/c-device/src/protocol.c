/*
 * The adapter protocol (spec/13-adapter-protocol.md): one JSON object per line, one reply
 * per request, and every output the call produced riding on its reply (section 4).
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "netdev.h"
#include "protocol.h"

static const char *counter_name[C_COUNT] = {
    "TX_FRAMES", "TX_BYTES", "TX_ERRORS", "FATAL_ERRORS", "RX_FRAMES", "RX_BYTES",
    "RX_DROP_NO_BUFFER", "RX_DROP_BAD_BUFFER", "RX_DROP_FAILED", "TX_DROP_SPOOF",
    "TX_DROP_VLAN", "TX_DROP_FILTER", "RX_DROP_FILTER", "TX_RATE_LIMITED",
    "WIRE_RX_FRAMES", "WIRE_DROP_NO_CONTEXT", "HOST_SWITCHED_FRAMES",
};
static const char *state_name[] = { "ABSENT", "ACTIVE", "FAILED" };
static const char *queue_name[] = { "TX", "RX" };

/* Deltas are summed per key over the call; only nonzero sums are sent. */
struct delta { int ctx; unsigned what; int64_t delta; };

static struct nic *nic;
static json_t *frames, *notifications, *accesses;
static struct delta *counters, *hits;
static size_t ncounters, nhits, cap_counters, cap_hits;
static struct { uint32_t ctx; enum ctx_state before; } *states;
static size_t nstates, cap_states;
static json_int_t seq;     /* orders accesses, frames and notifications within one reply */

static char *hex(const uint8_t *b, unsigned len)
{
    char *h = malloc((size_t)len * 2 + 1);
    static const char digits[] = "0123456789abcdef";
    for (unsigned k = 0; k < len; k++) {
        h[2 * k] = digits[b[k] >> 4];
        h[2 * k + 1] = digits[b[k] & 15];
    }
    h[2 * len] = '\0';
    return h;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    *cap = *cap ? *cap * 2 : 64;
    p = realloc(p, *cap * size);
    if (!p) {
        fputs("netdev: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static void add_delta(struct delta **list, size_t *n, size_t *cap, int ctx, unsigned what, int64_t d)
{
    for (size_t k = 0; k < *n; k++) {
        if ((*list)[k].ctx == ctx && (*list)[k].what == what) {
            (*list)[k].delta += d;
            return;
        }
    }
    *list = grow(*list, cap, *n + 1, sizeof **list);
    (*list)[(*n)++] = (struct delta){ ctx, what, d };
}

void out_frame(unsigned port, const uint8_t *frame, unsigned len)
{
    char *h = hex(frame, len);
    json_array_append_new(frames, json_pack("{s:i, s:s, s:I}", "port", (int)port, "frame", h, "seq", seq++));
    free(h);
}

void out_notify(uint32_t ctx, enum queue q)
{
    json_array_append_new(notifications, json_pack("{s:I, s:s, s:I}", "ctx", (json_int_t)ctx, "queue", queue_name[q], "seq", seq++));
}

void out_counter(int ctx, enum counter c, int64_t delta)
{
    add_delta(&counters, &ncounters, &cap_counters, ctx, (unsigned)c, delta);
}

void out_filter_hit(uint32_t ctx, unsigned rule, int64_t delta)
{
    add_delta(&hits, &nhits, &cap_hits, (int)ctx, rule, delta);
}

void out_state(uint32_t ctx, enum ctx_state before)
{
    for (size_t k = 0; k < nstates; k++)
        if (states[k].ctx == ctx)
            return;                 /* the state before the call is what counts */
    states = grow(states, &cap_states, nstates + 1, sizeof *states);
    states[nstates].ctx = ctx;
    states[nstates++].before = before;
}

void out_access(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, const uint8_t *written)
{
    json_t *a = json_pack("{s:I, s:I, s:i, s:i, s:b, s:I}", "ctx", (json_int_t)ctx, "gref", (json_int_t)gref,
                          "offset", (int)off, "length", (int)len, "write", written != NULL, "seq", seq++);
    if (written) {
        char *h = hex(written, len);
        json_object_set_new(a, "data", json_string(h));
        free(h);
    }
    json_array_append_new(accesses, a);
}

void count(struct context *c, enum counter which, uint64_t by)
{
    c->counters[which] += by;
    out_counter((int)c->id, which, (int64_t)by);
}

void count_device(struct nic *n, enum counter which, uint64_t by)
{
    n->counters[which] += by;
    out_counter(DEVICE_CTX, which, (int64_t)by);
}

void outputs_begin(struct nic *n)
{
    nic = n;
    frames = json_array();
    notifications = json_array();
    accesses = json_array();
    ncounters = nhits = nstates = 0;
    seq = 0;
}

/* Moves the call's outputs into the reply. */
void outputs_end(json_t *reply)
{
    json_t *cs = json_array(), *hs = json_array(), *ss = json_array();
    for (size_t k = 0; k < ncounters; k++)
        if (counters[k].delta)
            json_array_append_new(cs, json_pack("{s:i, s:s, s:I}", "ctx", counters[k].ctx, "counter",
                                                counter_name[counters[k].what], "delta", (json_int_t)counters[k].delta));
    for (size_t k = 0; k < nhits; k++)
        if (hits[k].delta)
            json_array_append_new(hs, json_pack("{s:i, s:i, s:I}", "ctx", hits[k].ctx, "rule", (int)hits[k].what,
                                                "delta", (json_int_t)hits[k].delta));
    for (size_t k = 0; k < nstates; k++) {
        const struct context *c = nic->ctx[states[k].ctx];
        enum ctx_state now = c ? c->state : CTX_ABSENT;
        if (now != states[k].before)
            json_array_append_new(ss, json_pack("{s:I, s:s}", "ctx", (json_int_t)states[k].ctx, "state", state_name[now]));
    }
    json_object_set_new(reply, "frames", frames);
    json_object_set_new(reply, "notifications", notifications);
    json_object_set_new(reply, "counters", cs);
    json_object_set_new(reply, "filterHits", hs);
    json_object_set_new(reply, "states", ss);
    json_object_set_new(reply, "accesses", accesses);
    frames = notifications = accesses = NULL;
}

void send_reply(json_t *reply)
{
    char *line = json_dumps(reply, JSON_COMPACT);
    if (!line) {
        fputs("netdev: cannot encode a reply\n", stderr);
        exit(1);
    }
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    free(line);
    json_decref(reply);
}
