/* Framing of replies and the per-call outputs (spec/13-adapter-protocol.md, sections 3-4). */
#ifndef NETDEV_PROTOCOL_H
#define NETDEV_PROTOCOL_H

#include <jansson.h>

#include "netdev.h"

void outputs_begin(struct nic *nic);
void outputs_end(json_t *reply);
void send_reply(json_t *reply);

#endif
