#!/usr/bin/env python3
"""Standalone session test for netdev: plays the bridge's part of spec/13-adapter-protocol.md.

It prepares a memory file (grant table, then pages), starts the device, and drives one JSON-lines
session: init, create, a TX packet, an RX frame, a per-packet error, a page-crossing (fatal,
DESC-5) packet, reset, a spoofed frame, multicast control, VEB switching, destroy. Each reply is
checked. Usage: session_test.py PATH-TO-NETDEV [--broken] (--broken expects the BREAK_PAGE_CHECK
variant: the page-crossing packet is sent instead of failing the context).
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

GRANTS, PAGES, PAGE = 4096, 64, 4096
TABLE = (GRANTS * 8 + PAGE - 1) // PAGE * PAGE
GTF_PERMIT, GTF_RO = 1, 4
OKAY, ERROR, DROPPED, NULL = 0, -1, -2, 1
MORE_DATA, EXTRA_INFO = 4, 8

failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


class Guest:
    """The guest's side: pages and grants in the memory file, Xen's layout."""

    def __init__(self, path):
        self.f = open(path, "r+b")
        self.next_frame = 0
        self.frames = {}

    def grant(self, gref, ctx, readonly=False):
        frame = self.frames.setdefault(gref, self.next_frame + 7)  # frame != gref on purpose
        self.next_frame += 1
        self.f.seek(gref * 8)
        self.f.write(struct.pack("<HHI", GTF_PERMIT | (GTF_RO if readonly else 0), ctx, frame))
        self.f.flush()

    def revoke(self, gref):
        self.f.seek(gref * 8)
        self.f.write(struct.pack("<HH", 0, 0))
        self.f.flush()

    def write(self, gref, offset, data):
        self.f.seek(TABLE + self.frames[gref] * PAGE + offset)
        self.f.write(data)
        self.f.flush()

    def read(self, gref, offset, length):
        self.f.seek(TABLE + self.frames[gref] * PAGE + offset)
        return self.f.read(length)

    def ring_init(self, gref):  # SHARED_RING_INIT
        self.write(gref, 0, struct.pack("<IIII", 0, 1, 0, 1) + bytes(48))

    def u32(self, gref, offset):
        return struct.unpack("<I", self.read(gref, offset, 4))[0]


class Device:
    def __init__(self, exe, memfile):
        self.p = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.id = 0
        self.memfile = memfile

    def call(self, msg):
        self.id += 1
        msg = dict(msg, id=self.id)
        self.p.stdin.write(json.dumps(msg) + "\n")
        self.p.stdin.flush()
        reply = json.loads(self.p.stdout.readline())
        assert reply["in_reply_to"] == self.id, reply
        return reply


def counters(reply):
    return {(c["ctx"], c["counter"]): c["delta"] for c in reply.get("counters", [])}


def tx_req(gref, offset, flags, rid, size):
    return struct.pack("<IHHHH", gref, offset, flags, rid, size)


def main():
    exe = sys.argv[1]
    broken = "--broken" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        mem = os.path.join(tmp, "guest.mem")
        with open(mem, "wb") as f:
            f.truncate(TABLE + PAGES * PAGE)
        g = Guest(mem)
        dev = Device(exe, mem)

        r = dev.call({"type": "init", "protocol": 1, "specVersion": "0.1.0", "preset": "core", "pageSize": 4096,
                      "memoryFile": mem, "grantEntries": GRANTS, "pages": PAGES})
        check(r["type"] == "init_ok" and r["profiles"] == ["core"], "init answers init_ok claiming core")

        # context 1: TX ring gref 1, RX ring gref 2, data page 3, RX buffers 4 and 5
        for gref in (1, 2, 3, 4, 5):  # 6..10 granted below
            g.grant(gref, 1)
        g.ring_init(1)
        g.ring_init(2)
        mac1, mac2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
        create = {"type": "control", "caller": "host", "request": "create", "ctx": 1, "macs": [mac1],
                  "txRing": 1, "rxRing": 2, "promiscuousAllowed": False}
        r = dev.call({**create, "caller": 1})
        check(r["result"]["outcome"] == "rejected" and r["result"]["category"] == "PRIVILEGE", "PRIV-2 guest create refused")
        r = dev.call({**create, "rxRing": 1})
        check(r["result"].get("category") == "BAD_RING", "MEM-6 same ring grants refused")
        r = dev.call(create)
        check(r["result"]["outcome"] == "ok" and r["states"] == [{"ctx": 1, "state": "ACTIVE"}], "create ctx 1")
        check(g.u32(1, 4) == 1 and g.u32(2, 4) == 1, "RING-14 req_event = rsp_prod + 1 on attach")
        r = dev.call(create)
        check(r["result"].get("category") == "CONTEXT_EXISTS", "PRIV-5 create twice")

        # a 60-byte frame in one slot
        frame = bytes.fromhex("ffffffffffff" + "020000000001" + "0800") + bytes(range(46))
        g.write(3, 100, frame)
        g.write(1, 64, tx_req(3, 100, 0, 77, len(frame)))
        g.write(1, 0, struct.pack("<I", 1))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check([f["frame"] for f in r["frames"]] == [frame.hex()], "TX-1 frame on the wire byte for byte")
        check(r["notifications"] == [{"ctx": 1, "queue": "TX", "seq": r["notifications"][0]["seq"]}] if r["notifications"] else False,
              "RING-8 notification for rsp_event 1")
        check(g.read(1, 64, 4) == struct.pack("<Hh", 77, OKAY), "TX response {77, OKAY} in the request's entry")
        check(g.u32(1, 8) == 1 and g.u32(1, 4) == 2, "rsp_prod 1, req_event 2 (RING-9)")
        c = counters(r)
        check(c.get((1, "TX_FRAMES")) == 1 and c.get((1, "TX_BYTES")) == 60, "TX_FRAMES 1, TX_BYTES 60")
        acc = r["accesses"]
        check(all("seq" in a for a in acc) and all("data" in a for a in acc if a["write"]), "accesses carry seq and data")
        check(any(a["gref"] == 3 and a["offset"] == 100 and a["length"] == 60 and not a["write"] for a in acc),
              "fragment read reported")
        ring = [(a["offset"], a["write"]) for a in acc if a["gref"] == 1 and a["offset"] < 64]
        check(ring == [(0, False), (8, True), (12, False), (0, False), (4, True), (0, False)],
              "header accesses: req_prod, rsp_prod, rsp_event, then Xen's final check: req_prod, arm req_event, req_prod (RING-9)")

        # RX: post one buffer (gref 4), receive a unicast frame for mac1
        g.write(2, 64, struct.pack("<HHI", 9, 0, 4))
        g.write(2, 0, struct.pack("<I", 1))
        rx = bytes.fromhex("020000000001" + "0200000000aa" + "0800") + bytes(50)
        r = dev.call({"type": "receive", "port": 0, "frame": rx.hex()})
        check(g.read(4, 0, len(rx)) == rx, "RX-2 frame written at offset 0")
        check([a.get("data") for a in r["accesses"] if a["write"] and a["gref"] == 4] == [rx.hex()],
              "the buffer write is reported with the bytes written")
        check(g.read(2, 64, 8) == struct.pack("<HHHh", 9, 0, 0, len(rx)), "RX response {9, 0, 0, 64}")
        c = counters(r)
        check(c.get((-1, "WIRE_RX_FRAMES")) == 1 and c.get((1, "RX_FRAMES")) == 1, "WIRE_RX_FRAMES, RX_FRAMES")
        check(r["notifications"] and r["notifications"][0]["queue"] == "RX", "RX notification")
        r = dev.call({"type": "receive", "port": 0, "frame": rx.hex()})
        check(counters(r).get((1, "RX_DROP_NO_BUFFER")) == 1, "RX-3 no buffer")
        r = dev.call({"type": "receive", "port": 0, "frame": bytes.fromhex("020000000009020000000001").hex()})
        check(counters(r).get((-1, "WIRE_DROP_NO_CONTEXT")) == 1, "RX-6 runt dropped")

        # spec 04 section 3.1's example with a HASH extra: 3000 bytes in three data slots
        for gref in (6, 7, 8, 9, 10):
            g.grant(gref, 1)
        big = bytes.fromhex("ffffffffffff" + "020000000001" + "88b5") + bytes((7 * k) % 256 for k in range(2986))
        g.write(7, 100, big[:1000])
        g.write(8, 0, big[1000:2500])
        g.write(9, 0, big[2500:])
        g.write(1, 64 + 12 * 1, tx_req(7, 100, EXTRA_INFO | MORE_DATA, 1, 3000))
        g.write(1, 64 + 12 * 2, struct.pack("<BB", 4, 0) + bytes(10))           # HASH, ignored
        g.write(1, 64 + 12 * 3, tx_req(8, 0, MORE_DATA, 2, 1500))
        g.write(1, 64 + 12 * 4, tx_req(9, 0, 0, 3, 500))
        g.write(1, 0, struct.pack("<I", 5))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check([f["frame"] for f in r["frames"]] == [big.hex()], "TX-1 3000-byte chain with a HASH extra")
        check([g.read(1, 64 + 12 * k, 4) for k in (1, 2, 3, 4)] ==
              [struct.pack("<Hh", 1, OKAY), struct.pack("<Hh", 4, NULL), struct.pack("<Hh", 2, OKAY),
               struct.pack("<Hh", 3, OKAY)], "responses OKAY, NULL (id 0x0004), OKAY, OKAY")
        # a 9000-byte frame over three posted buffers (spec 04 section 4.2's example)
        for k, (rid, gref) in enumerate(((5, 6), (6, 10), (7, 4))):
            g.write(2, 64 + 8 * (1 + k), struct.pack("<HHI", rid, 0, gref))
        g.write(2, 0, struct.pack("<I", 4))
        jumbo = bytes.fromhex("020000000001" + "0200000000aa" + "88b5") + bytes((3 * k) % 251 for k in range(8986))
        r = dev.call({"type": "receive", "port": 0, "frame": jumbo.hex()})
        check([g.read(2, 64 + 8 * k, 8) for k in (1, 2, 3)] ==
              [struct.pack("<HHHh", 5, 0, 4, 4096), struct.pack("<HHHh", 6, 0, 4, 4096), struct.pack("<HHHh", 7, 0, 0, 808)],
              "RX-2 three responses, more_data on all but the last")
        check(g.read(6, 0, 4096) + g.read(10, 0, 4096) + g.read(4, 0, 808) == jumbo, "RX-2 buffers hold the frame")
        # the ring is now at TX index 5; the tests below continue from there
        # per-packet error: own length 8 (DESC-8)
        g.write(1, 64 + 12 * 5, tx_req(3, 0, 0, 5, 8))
        g.write(1, 0, struct.pack("<I", 6))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check(g.read(1, 64 + 12 * 5, 4) == struct.pack("<Hh", 5, ERROR) and counters(r).get((1, "TX_ERRORS")) == 1,
              "DESC-8 runt is a per-packet error")

        # spoofed source MAC (TXF-2): answered DROPPED
        spoof = bytes.fromhex("ffffffffffff" + "0200000000ff" + "0800") + bytes(46)
        g.write(3, 0, spoof)
        g.write(1, 64 + 12 * 6, tx_req(3, 0, 0, 6, len(spoof)))
        g.write(1, 0, struct.pack("<I", 7))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check(g.read(1, 64 + 12 * 6, 4) == struct.pack("<Hh", 6, DROPPED) and counters(r).get((1, "TX_DROP_SPOOF")) == 1
              and not r["frames"], "TXF-2 spoofed frame DROPPED")

        # multicast control: MCAST_ADD via an extra slot (DESC-15)
        g.write(1, 64 + 12 * 7, tx_req(0, 0, EXTRA_INFO, 7, 0))
        g.write(1, 64 + 12 * 8, struct.pack("<BB", 2, 0) + bytes.fromhex("01005e000001") + bytes(4))
        g.write(1, 0, struct.pack("<I", 9))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check(g.read(1, 64 + 12 * 7, 4) == struct.pack("<Hh", 7, OKAY) and g.read(1, 64 + 12 * 8, 4) == struct.pack("<Hh", 2, NULL),
              "DESC-15 MCAST_ADD answered OKAY, extra NULL with id type|flags<<8")

        # page crossing: offset 4000, size 200 (DESC-5 fatal)
        cross = bytes.fromhex("ffffffffffff" + "020000000001" + "0800") + bytes(186)
        g.write(3, 4000, cross[:96])  # the rest lies past the page: what DESC-5 forbids reading
        g.write(1, 64 + 12 * 9, tx_req(3, 4000, 0, 8, 200))
        g.write(1, 0, struct.pack("<I", 10))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        if broken:
            check(len(r["frames"]) == 1, "BREAK_PAGE_CHECK: the crossing packet is sent (the suite must FAIL DESC-5)")
        else:
            check(r["states"] == [{"ctx": 1, "state": "FAILED"}] and counters(r).get((1, "FATAL_ERRORS")) == 1
                  and not r["frames"], "DESC-5 page crossing is fatal")
            r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
            check(not r["accesses"] and not r["frames"], "RING-13 a failed context's kicks are ignored")
            g.write(1, 64 + 12 * 9, tx_req(3, 0, 0, 8, 60))
            g.write(3, 0, frame)
            r = dev.call({"type": "control", "caller": "host", "request": "reset", "ctx": 1})
            check(r["states"] == [{"ctx": 1, "state": "ACTIVE"}], "reset makes it ACTIVE")
            r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
            check(len(r["frames"]) == 1, "after reset the repaired packet is sent")

        # VEB: context 2 on the same device receives ctx 1's unicast inside, not on the wire
        for gref in (11, 12, 14):
            g.grant(gref, 2)
        g.ring_init(11)
        g.ring_init(12)
        r = dev.call({**create, "ctx": 2, "macs": [mac2], "txRing": 11, "rxRing": 12})
        check(r["result"]["outcome"] == "ok", "create ctx 2")
        r = dev.call({"type": "control", "caller": 2, "request": "set-switch-mode", "mode": "veb"})
        check(r["result"].get("category") == "PRIVILEGE", "CTX-4 guest cannot set the switch mode")
        r = dev.call({"type": "control", "caller": "host", "request": "set-switch-mode", "mode": "veb"})
        check(r["result"]["outcome"] == "ok", "VEB mode")
        g.write(12, 64, struct.pack("<HHI", 3, 0, 14))
        g.write(12, 0, struct.pack("<I", 1))
        uni = bytes.fromhex("020000000002" + "020000000001" + "0800") + bytes(46)
        g.write(3, 0, uni)
        prod = g.u32(1, 0)
        g.write(1, 64 + (prod % 256) * 12, tx_req(3, 0, 0, 10, len(uni)))
        g.write(1, 0, struct.pack("<I", prod + 1))
        r = dev.call({"type": "kick", "ctx": 1, "queue": "TX"})
        check(not r["frames"] and g.read(14, 0, len(uni)) == uni and counters(r).get((2, "RX_FRAMES")) == 1,
              "CTX-6 unicast to another context stays inside in VEB")

        r = dev.call({"type": "control", "caller": "host", "request": "export", "ctx": 1})
        check(r["result"].get("category") == "NOT_SUPPORTED", "RELOC-1 export NOT_SUPPORTED")
        r = dev.call({"type": "control", "caller": 1, "request": "set-guest-config", "ctx": 1, "promiscuous": False,
                      "multicast": [], "rxCoalescing": {"maxFrames": 4, "maxDelayNanos": 0}})
        check(r["result"].get("category") == "NOT_SUPPORTED", "COAL-1 coalescing NOT_SUPPORTED")
        r = dev.call({"type": "control", "caller": "host", "request": "destroy", "ctx": 1})
        c = counters(r)
        check(r["states"] == [{"ctx": 1, "state": "ABSENT"}] and c.get((1, "TX_FRAMES"), 0) < 0,
              "destroy: ABSENT, counters back to 0 as negative deltas")
        r = dev.call({"type": "advance", "nanos": 1000})
        check(r["type"] == "advance_ok", "advance")
        r = dev.call({"type": "bogus"})
        check(r["type"] == "error" and r["code"] == "malformed-request", "unknown request is malformed-request")
        r = dev.call({"type": "shutdown"})
        check(r["type"] == "shutdown_ok" and dev.p.wait(5) == 0, "shutdown_ok, exit 0")
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
