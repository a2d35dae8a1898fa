package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.TxRate;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * A device with transmitting contexts for chapter 09: each packet a guest sends is built from
 * its own first-slot page (the frame's header, addressed to a MAC that names the context and the
 * packet's number, so every frame on the wire tells which packet it is) and data slots from one
 * bulk page, so any size from 14 to 65535 bytes fits in at most 16 data slots. Grant numbers are
 * fixed by context and packet number, so two benches driven by different steps still write the
 * same bytes for the same packet (the fairness property compares pages). Contexts are untagged
 * and unfiltered in VEPA: a packet the checks let through leaves on the wire exactly as the guest
 * built it, and its length is its charge (QOS-3).
 */
public final class QosBench {

    /** Bytes of a page a slot may use. */
    private static final int PAGE = 4096;
    /** A unicast source MAC no context owns: its packets are answered DROPPED (TXF-2). */
    static final MacAddress FOREIGN = MacAddress.parse("02:bb:00:00:00:07");

    private final Harness harness;

    private QosBench(Harness harness) {
        this.harness = harness;
    }

    /** A fresh device of {@code provider}; contexts are created with {@link #create}. */
    public static QosBench start(DeviceProvider provider) {
        return new QosBench(Harness.start(provider));
    }

    /** A bench over {@code harness}, which may already hold contexts this bench created (the bench keeps no state of its own). */
    public static QosBench on(Harness harness) {
        return new QosBench(harness);
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The MAC of context {@code ctx}. */
    public static MacAddress mac(int ctx) {
        return new MacAddress(0x02_00_00_00_00_10L + ctx);
    }

    /** The destination that names packet {@code number} of context {@code ctx}: 02:ee:ctx:00:hi:lo. */
    static MacAddress destination(int ctx, int number) {
        return new MacAddress(0x02_ee_00_00_00_00L | (long) (ctx & 0xFF) << 24 | (number & 0xFFFF));
    }

    private static int firstPage(int ctx, int number) {
        return 1000 + ctx * 20_000 + number;
    }

    private static int bulkPage(int ctx) {
        return 900 + ctx;
    }

    /** The configuration of {@code ctx} over its guest's rings, with {@code rate}. */
    public ContextConfig config(int ctx, TxRate rate) {
        GuestDriver guest = harness.guest(ctx);
        return ContextConfig.builder().mac(mac(ctx)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing()).txRate(rate).build();
    }

    /** The host creates {@code ctx} with {@code rate}; the create must be accepted (test set-up). */
    public void create(int ctx, TxRate rate) {
        GuestDriver guest = harness.guest(ctx);
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.CreateContext(ctx, config(ctx, rate)));
        Check.that(result instanceof ControlResult.Ok, "QOS-2", harness, "create of ctx " + ctx + " with " + rate + " accepted (test set-up)",
                Harness.describe(result));
        guest.finalCheckTx(); // a fresh guest arms rsp_event = rsp_cons + 1
    }

    /**
     * The slots of packet {@code number} of {@code ctx}: {@code size} bytes, its first slot's own
     * length {@code firstOwn} (clamped to 14..min(size, 4096)), the rest in 4096-byte data slots
     * (at most 16, within DESC-6's 18) read from the context's bulk page, granted on first use. A
     * {@link QosOracle.Fate#DROP} packet carries a source MAC nobody owns; an
     * {@link QosOracle.Fate#ERROR} packet is one slot of 1 to 13 bytes (DESC-8). Grants its
     * first-slot page and writes the frame's header there.
     */
    public List<TxSlot> packet(int ctx, int number, int size, int firstOwn, QosOracle.Fate fate) {
        if (!harness.memory().pages().containsKey(bulkPage(ctx))) {
            TxBench.fill(harness.grant(bulkPage(ctx), ctx, Access.READ_ONLY), bulkPage(ctx));
            harness.memory().restrictWrites(bulkPage(ctx), "MEM-8", "into a TX fragment page", (offset, length) -> false);
        }
        int gref = firstPage(ctx, number);
        byte[] page = harness.grant(gref, ctx, Access.READ_ONLY);
        TxBench.fill(page, gref);
        destination(ctx, number).write(page, 0);
        (fate == QosOracle.Fate.DROP ? FOREIGN : mac(ctx)).write(page, 6);
        page[12] = 0x08;
        page[13] = 0x00;
        harness.memory().restrictWrites(gref, "MEM-8", "into a TX fragment page", (offset, length) -> false);
        int id = number & 0xFFFF;
        if (fate == QosOracle.Fate.ERROR) {
            return List.of(new TxSlot.Data(gref, 0, 0, id, 1 + size % 13));
        }
        int own = Math.max(TxRequestLayout.MIN_FIRST_SLOT, Math.min(firstOwn, Math.min(size, PAGE)));
        List<Integer> chunks = new ArrayList<>();
        for (int rest = size - own; rest > 0; rest -= PAGE) {
            chunks.add(Math.min(rest, PAGE));
        }
        List<TxSlot> slots = new ArrayList<>();
        slots.add(new TxSlot.Data(gref, 0, chunks.isEmpty() ? 0 : TxRequestLayout.FLAG_MORE_DATA, id, size));
        for (int k = 0; k < chunks.size(); k++) {
            slots.add(new TxSlot.Data(bulkPage(ctx), 0, k < chunks.size() - 1 ? TxRequestLayout.FLAG_MORE_DATA : 0, id, chunks.get(k)));
        }
        return slots;
    }

    /** The oracle's view of a packet built by {@link #packet}. */
    public static QosOracle.Packet described(int number, int size, List<TxSlot> slots, QosOracle.Fate fate) {
        return new QosOracle.Packet(number, fate == QosOracle.Fate.ERROR ? ((TxSlot.Data) slots.get(0)).size() : size, slots.size(), fate);
    }

    /**
     * Whether {@code slots} more requests fit the TX ring of {@code ctx}: the guest's requests not
     * yet read back as responses, and these, at most a ring (RING_FULL). Reads nothing: a guest
     * that wants room reads its responses first.
     */
    public boolean fits(int ctx, int slots) {
        GuestDriver guest = harness.guest(ctx);
        return Integer.toUnsignedLong(guest.txReqProdPvt() - guest.txRspCons()) + slots <= SharedRingLayout.RING_SIZE;
    }

    /** A frame sent on the wire, read back as the packet it carries. */
    public record Sent(int ctx, int number, int length) {
    }

    /** The frames sent from {@code from} (an index into the sink's frames) on, as packets; frames this bench did not build are skipped. */
    public List<Sent> sentSince(int from) {
        List<Sent> sent = new ArrayList<>();
        List<RecordingSink.Frame> frames = harness.sink().frames();
        for (RecordingSink.Frame frame : frames.subList(from, frames.size())) {
            byte[] bytes = frame.bytes();
            if (bytes.length < 6 || (bytes[0] & 0xFF) != 0x02 || (bytes[1] & 0xFF) != 0xee) {
                continue;
            }
            sent.add(new Sent(bytes[2] & 0xFF, (bytes[4] & 0xFF) << 8 | (bytes[5] & 0xFF), bytes.length));
        }
        return sent;
    }

    /** Frames sent so far. */
    public int frames() {
        return harness.sink().frames().size();
    }

    /** The TX responses of {@code ctx} in slots {@code [from, to)} as statuses, read from the ring page. */
    public List<Short> statuses(int ctx, int from, int to) {
        byte[] page = harness.guest(ctx).txPage();
        List<Short> statuses = new ArrayList<>();
        for (int index = from; index != to; index++) {
            statuses.add(Bytes.s16(page, SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE) + TxResponseLayout.STATUS));
        }
        return statuses;
    }

    /** The status every slot of a packet of this fate is answered with. */
    public static short status(QosOracle.Fate fate) {
        return switch (fate) {
            case SEND -> NetifStatus.OKAY;
            case DROP -> NetifStatus.DROPPED;
            case ERROR -> NetifStatus.ERROR;
        };
    }

    /** The shared TX rsp_prod of {@code ctx}. */
    public int rspProd(int ctx) {
        return harness.guest(ctx).header(Queue.TX, SharedRingLayout.RSP_PROD);
    }

    /** The shared TX req_event of {@code ctx}. */
    public int reqEvent(int ctx) {
        return harness.guest(ctx).header(Queue.TX, SharedRingLayout.REQ_EVENT);
    }

    /** TX notifications of {@code ctx} so far. */
    public long txNotifications(int ctx) {
        return harness.sink().notifications(ctx, Queue.TX);
    }

    /** A counter of {@code ctx}. */
    public long counter(int ctx, Counter counter) {
        return harness.counter(ctx, counter);
    }
}
