package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A device with a receiving context ({@value #CTX}) and a neighbour ({@value #OTHER}), buffers to
 * post, and the spec's verdict on every frame from the wire (chapter 04, section 4): which counter
 * it ends in, which requests it consumes, the responses, the buffer bytes and the notification.
 */
public final class RxBench {

    /** The receiving context. */
    public static final int CTX = 0;
    /** A neighbour. */
    public static final int OTHER = 1;
    /** MAC of {@link #CTX}. */
    public static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    /** MAC of {@link #OTHER}. */
    public static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:02");
    /** First of the read-write buffer pages of {@link #CTX}. */
    public static final int FIRST_BUFFER = 200;
    /** Read-write buffer pages of {@link #CTX}. */
    public static final int BUFFERS = 40;
    /** A buffer page granted read-only. */
    public static final int READ_ONLY = 300;
    /** A buffer page granted to {@link #OTHER}. */
    public static final int FOREIGN = 301;
    /** A buffer page granted and revoked. */
    public static final int REVOKED = 302;
    /** A gref never granted. */
    public static final int NEVER = 303;
    /** Filler of buffer pages, so bytes the device must not write can be seen untouched. */
    public static final byte FILL = (byte) 0xEE;

    private record Posted(int index, int gref, int id) {
    }

    private final Harness harness;
    private final GuestDriver guest;
    private final Deque<Posted> posted = new ArrayDeque<>();
    private int published;
    private int nextBuffer;

    private RxBench(DeviceProvider provider, int rxStart) {
        harness = Harness.start(provider);
        guest = harness.guest(CTX);
        guest.initRings(0, rxStart);
        published = rxStart;
        Check.that(harness.create(CTX, MAC) instanceof ControlResult.Ok, "PRIV-1", harness, "create context 0 answers Ok (set-up)", "refused");
        Check.that(harness.create(OTHER, OTHER_MAC) instanceof ControlResult.Ok, "PRIV-1", harness, "create context 1 answers Ok (set-up)", "refused");
        for (int k = 0; k < BUFFERS; k++) {
            Arrays.fill(harness.grant(FIRST_BUFFER + k, CTX, Access.READ_WRITE), FILL);
        }
        Arrays.fill(harness.grant(READ_ONLY, CTX, Access.READ_ONLY), FILL);
        Arrays.fill(harness.grant(FOREIGN, OTHER, Access.READ_WRITE), FILL);
        Arrays.fill(harness.grant(REVOKED, CTX, Access.READ_WRITE), FILL);
        harness.revoke(REVOKED);
    }

    /** A bench whose RX ring starts at {@code rxStart}. */
    public static RxBench start(DeviceProvider provider, int rxStart) {
        return new RxBench(provider, rxStart);
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The guest driver of {@link #CTX}. */
    public GuestDriver guest() {
        return guest;
    }

    /** A fresh writable buffer gref, refilled with {@link #FILL}. */
    public int freshBuffer() {
        int gref = FIRST_BUFFER + (nextBuffer++ % BUFFERS);
        Arrays.fill(harness.memory().page(gref), FILL);
        return gref;
    }

    /** Posts buffers with ids (publishing them; the RX kick is a hint). */
    public void post(int[] grefs, int[] ids) {
        for (int k = 0; k < grefs.length; k++) {
            int index = guest.queueRx(grefs[k], ids[k]);
            posted.add(new Posted(index, grefs[k], ids[k]));
        }
        if (guest.pushRx()) {
            harness.kick(CTX, Queue.RX);
        }
    }

    /**
     * A frame of {@code length} bytes to {@code destination}, with known payload bytes. Its source
     * (bytes 6 to 11) and TPID position (bytes 12 and 13) are payload bytes too, which are never a
     * context's MAC nor a tag: the frame is untagged (DEMUX-1) and pruned from no one (DEMUX-7).
     */
    public static byte[] frame(MacAddress destination, int length, int seed) {
        byte[] frame = new byte[length];
        for (int k = 0; k < length; k++) {
            frame[k] = (byte) (seed + k * 13 + (k >>> 8));
        }
        if (length >= 6) {
            destination.write(frame, 0);
        }
        return frame;
    }

    /**
     * Delivers {@code frame} (to {@link #CTX}'s MAC, {@link #OTHER}'s, or a destination no context
     * takes: an unowned unicast MAC or a group neither context joined) and checks the spec's
     * verdict, naming {@code rule} on a mismatch. Neither context is promiscuous or all-multicast
     * here, so a group destination reaches nobody (DEMUX-5, DEMUX-9); a broadcast reaches both
     * (DEMUX-4) and is chapter 06's to judge, not this bench's.
     */
    public void deliver(String rule, int port, byte[] frame) {
        if (frame.length >= 6 && MacAddress.read(frame, 0).equals(MacAddress.BROADCAST)) {
            throw new IllegalArgumentException("RxBench judges frames for one context or for none; a broadcast reaches every member of its VLAN (DEMUX-4)");
        }
        long wireBefore = harness.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES);
        long noContextBefore = harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT);
        long[] before = counters();
        long notifiesBefore = harness.sink().notifications(CTX, Queue.RX);
        int logFrom = harness.log().size();
        // what each posted buffer holds now: a reposted buffer keeps an earlier frame's bytes beyond the new status (MEM-7)
        java.util.Map<Integer, byte[]> held = new java.util.HashMap<>();
        for (Posted p : posted) {
            byte[] page = harness.memory().pages().get(p.gref()); // none for a gref never granted
            if (page != null) {
                held.put(p.gref(), page.clone());
            }
        }
        int len = frame.length;
        boolean onWire = len >= 14 && len <= 65535 && port == 0;
        boolean forUs = onWire && MacAddress.read(frame, 0).equals(MAC);
        boolean forOther = onWire && MacAddress.read(frame, 0).equals(OTHER_MAC);
        long otherNoBuffer = harness.counter(OTHER, Counter.RX_DROP_NO_BUFFER);
        ContextState state = harness.state(CTX);

        harness.receive(port, frame);

        Check.noFindings(rule, harness);
        Check.equal(rule + " (RX-5)", harness, "WIRE_RX_FRAMES delta", 1L, harness.counter(Counter.DEVICE, Counter.WIRE_RX_FRAMES) - wireBefore);
        long[] after = counters();
        String expectedCounter;
        int needed = (len + 4095) / 4096;
        List<Posted> used = new ArrayList<>();
        boolean bad = false;
        if (forOther) {
            expectedCounter = "RX_DROP_NO_BUFFER of context " + OTHER; // the neighbour never posts buffers
        } else if (!forUs) {
            expectedCounter = "WIRE_DROP_NO_CONTEXT";
        } else if (state == ContextState.FAILED) {
            expectedCounter = "RX_DROP_FAILED";
        } else if (posted.size() < needed) {
            expectedCounter = "RX_DROP_NO_BUFFER";
        } else {
            for (int k = 0; k < needed; k++) {
                used.add(posted.poll());
            }
            // RX-4: a buffer the context may not write; RX-7: one of its own ring pages
            bad = used.stream().anyMatch(p -> !harness.memory().access(CTX, p.gref()).writable() || p.gref() == guest.txRing() || p.gref() == guest.rxRing());
            expectedCounter = bad ? "RX_DROP_BAD_BUFFER" : "RX_FRAMES";
        }
        String tag = rule + " (frame of " + len + " bytes on port " + port + " expected to end in " + expectedCounter + ")";
        Check.equal(tag, harness, "WIRE_DROP_NO_CONTEXT delta", expectedCounter.equals("WIRE_DROP_NO_CONTEXT") ? 1L : 0L,
                harness.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT) - noContextBefore);
        String[] names = {"RX_FRAMES", "RX_DROP_NO_BUFFER", "RX_DROP_BAD_BUFFER", "RX_DROP_FAILED"};
        for (int k = 0; k < names.length; k++) {
            Check.equal(tag, harness, names[k] + " delta", names[k].equals(expectedCounter) ? 1L : 0L, after[k] - before[k]);
        }
        Check.equal(tag, harness, "RX_BYTES delta", expectedCounter.equals("RX_FRAMES") ? (long) len : 0L, after[4] - before[4]);
        Check.equal(tag, harness, "state of context " + CTX, state, harness.state(CTX));
        Check.equal(tag, harness, "RX_DROP_NO_BUFFER delta of context " + OTHER, forOther ? 1L : 0L,
                harness.counter(OTHER, Counter.RX_DROP_NO_BUFFER) - otherNoBuffer);

        int old = published;
        published += used.size();
        Check.equal(tag + " (RING-6)", harness, "RX rsp_prod", Bytes.index(published), Bytes.index(guest.header(Queue.RX, SharedRingLayout.RSP_PROD)));
        byte[] ring = guest.rxPage();
        for (int k = 0; k < used.size(); k++) {
            Posted p = used.get(k);
            int at = SharedRingLayout.entryOffset(p.index(), RxResponseLayout.LENGTH);
            int bytes = Math.min(4096, len - 4096 * k);
            String expected = "{id " + p.id() + ", offset 0, flags " + (bad || k == used.size() - 1 ? 0 : RxResponseLayout.FLAG_MORE_DATA)
                    + ", status " + (bad ? NetifStatus.ERROR : bytes) + "}";
            String seen = "{id " + Bytes.u16(ring, at + RxResponseLayout.ID) + ", offset " + Bytes.u16(ring, at + RxResponseLayout.OFFSET) + ", flags "
                    + Bytes.u16(ring, at + RxResponseLayout.FLAGS) + ", status " + Bytes.s16(ring, at + RxResponseLayout.STATUS) + "}";
            Check.equal(tag + (bad ? " (RX-4)" : " (RX-2)"), harness, "RX response at index " + Bytes.index(p.index()), expected, seen);
            if (!bad) {
                byte[] page = harness.memory().page(p.gref());
                byte[] want = Arrays.copyOfRange(frame, 4096 * k, 4096 * k + bytes);
                Check.that(Arrays.equals(Arrays.copyOf(page, bytes), want), tag + " (RX-2)", harness,
                        "buffer gref=" + p.gref() + " bytes 0.." + (bytes - 1) + " = frame bytes " + 4096 * k + "..", Bytes.hex(Arrays.copyOf(page, bytes), 16));
                byte[] was = held.get(p.gref());
                for (int b = bytes; b < page.length; b++) {
                    Check.that(page[b] == was[b], tag + " (MEM-7)", harness, "buffer gref=" + p.gref() + " untouched beyond the " + bytes + " bytes reported",
                            "byte " + b + " written");
                }
            }
        }
        // MEM-7 and RX-3/RX-4: writes only into buffers of consumed good requests, only the reported bytes
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.kind() != Event.Kind.WRITE || access.gref() == guest.rxRing()) {
                continue;
            }
            int k = -1;
            for (int i = 0; i < used.size(); i++) {
                if (used.get(i).gref() == access.gref()) {
                    k = i;
                }
            }
            int limit = k < 0 || bad ? 0 : Math.min(4096, len - 4096 * k);
            Check.that(access.offset() + access.length() <= limit, tag + " (MEM-7)", harness,
                    "writes only into the buffers the frame consumed, within the bytes their responses report", access);
        }
        long notifies = harness.sink().notifications(CTX, Queue.RX) - notifiesBefore;
        int event = guest.header(Queue.RX, SharedRingLayout.RSP_EVENT);
        boolean notify = Integer.compareUnsigned(published - event, published - old) < 0;
        Check.equal(tag + " (RING-8)", harness, "RX notifications (rsp_prod " + Bytes.index(old) + " -> " + Bytes.index(published)
                + ", rsp_event " + Bytes.index(event) + ")", notify ? 1L : 0L, notifies);
    }

    /** Requests posted and not yet consumed. */
    public int outstanding() {
        return posted.size();
    }

    private long[] counters() {
        return new long[] {harness.counter(CTX, Counter.RX_FRAMES), harness.counter(CTX, Counter.RX_DROP_NO_BUFFER),
            harness.counter(CTX, Counter.RX_DROP_BAD_BUFFER), harness.counter(CTX, Counter.RX_DROP_FAILED), harness.counter(CTX, Counter.RX_BYTES)};
    }

    /** The bytes of the RX request entry at {@code index} as the guest wrote it. */
    public byte[] requestEntry(int index) {
        int at = SharedRingLayout.entryOffset(index, RxRequestLayout.ENTRY_SIZE);
        return Arrays.copyOfRange(guest.rxPage(), at, at + RxRequestLayout.ENTRY_SIZE);
    }
}
