/*
 * netdev: a Netchannel device, profile core, as a process. Requests arrive on stdin, replies
 * leave on stdout, one JSON object per line (spec/13-adapter-protocol.md); diagnostics go
 * to stderr, which the bridge keeps but never parses.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "netdev.h"
#include "protocol.h"

static struct nic nic;
static bool initialised;

static void send_error(json_int_t id, const char *code, const char *category, const char *text)
{
    json_t *e = json_pack("{s:s, s:I, s:s, s:s}", "type", "error", "in_reply_to", id, "code", code, "text", text);
    if (category)
        json_object_set_new(e, "category", json_string(category));
    send_reply(e);
}

static json_t *init_ok(json_t *req, const char **why)
{
    const char *path = json_string_value(json_object_get(req, "memoryFile"));
    json_int_t grants = json_integer_value(json_object_get(req, "grantEntries"));
    json_int_t pages = json_integer_value(json_object_get(req, "pages"));
    json_int_t page_size = json_integer_value(json_object_get(req, "pageSize"));
    if (!path || grants < 0 || grants > UINT32_MAX || pages < 0 || pages > UINT32_MAX || page_size != NC_PAGE_SIZE) {
        *why = "init needs memoryFile, grantEntries, pages and pageSize 4096";
        return NULL;
    }
    if (guest_map(path, (uint32_t)grants, (uint32_t)pages) != 0) {
        *why = "cannot map the memory file";
        return NULL;
    }
    initialised = true;
    return json_pack("{s:s, s:s, s:s, s:s, s:[s], s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:{}}",
                     "type", "init_ok", "vendor", "Netchannel examples", "product", "c-device netdev",
                     "version", "0.1.0", "profiles", "core",
                     "limits", "maxContexts", MAX_CONTEXTS, "maxMacsPerContext", MAX_MACS,
                     "maxMulticastGroups", MAX_MCAST, "maxContextId", MAX_CONTEXT_ID,
                     "maxVlansPerContext", MAX_VLANS, "maxFilterRules", MAX_FILTER_RULES,
                     "exactMulticastGroups", MAX_MCAST,
                     "choices");
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* One request, one reply; NULL with *why for a request we cannot read. */
static json_t *handle(const char *type, json_t *req, const char **why)
{
    json_t *reply = NULL;
    if (strcmp(type, "control") == 0) {
        json_t *result = control(&nic, req, why);
        if (!result)
            return NULL;
        reply = json_pack("{s:s, s:o}", "type", "control_ok", "result", result);
    } else if (strcmp(type, "kick") == 0) {
        json_int_t id = json_integer_value(json_object_get(req, "ctx"));
        const char *queue = json_string_value(json_object_get(req, "queue"));
        if (!queue) {
            *why = "kick needs ctx and queue";
            return NULL;
        }
        /* RING-15: an RX kick, or one for an absent context, changes nothing */
        if (strcmp(queue, "TX") == 0 && id >= 0 && id <= MAX_CONTEXT_ID && nic.ctx[id])
            ring_tx_kick(&nic, nic.ctx[id]);
        reply = json_pack("{s:s}", "type", "kick_ok");
    } else if (strcmp(type, "receive") == 0) {
        const char *hex = json_string_value(json_object_get(req, "frame"));
        size_t n = hex ? strlen(hex) : 1;
        if (n % 2) {
            *why = "receive needs port and a frame in hex";
            return NULL;
        }
        uint8_t *f = malloc(n / 2 + 1);
        for (size_t k = 0; k < n / 2; k++) {
            int hi = hexval(hex[2 * k]), lo = hexval(hex[2 * k + 1]);
            if (hi < 0 || lo < 0) {
                free(f);
                *why = "frame is not hex";
                return NULL;
            }
            f[k] = (uint8_t)(hi << 4 | lo);
        }
        rx_from_wire(&nic, (unsigned)json_integer_value(json_object_get(req, "port")), f, (unsigned)(n / 2));
        free(f);
        reply = json_pack("{s:s}", "type", "receive_ok");
    } else if (strcmp(type, "advance") == 0) {
        reply = json_pack("{s:s}", "type", "advance_ok");   /* core keeps no timers */
    } else {
        *why = "unknown request type";
        return NULL;
    }
    outputs_end(reply);
    return reply;
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        json_error_t err;
        json_t *req = json_loadb(line, (size_t)len, 0, &err);
        json_int_t id = req ? json_integer_value(json_object_get(req, "id")) : 0;
        const char *type = req ? json_string_value(json_object_get(req, "type")) : NULL;
        const char *why = NULL;
        if (!type) {
            send_error(id, "malformed-request", NULL, req ? "no type" : err.text);
            json_decref(req);
            continue;
        }
        json_t *reply;
        if (strcmp(type, "init") == 0) {
            reply = init_ok(req, &why);
        } else if (strcmp(type, "shutdown") == 0) {
            reply = json_pack("{s:s}", "type", "shutdown_ok");
            json_object_set_new(reply, "in_reply_to", json_integer(id));
            send_reply(reply);
            json_decref(req);
            break;
        } else if (!initialised) {
            reply = NULL;
            why = "init first";
        } else {
            outputs_begin(&nic);
            reply = handle(type, req, &why);
            if (!reply)
                outputs_end(json_object());     /* drop what a refused request gathered */
        }
        if (reply) {
            json_object_set_new(reply, "in_reply_to", json_integer(id));
            send_reply(reply);
        } else {
            send_error(id, "malformed-request", NULL, why);
        }
        json_decref(req);
    }
    free(line);
    return 0;
}
