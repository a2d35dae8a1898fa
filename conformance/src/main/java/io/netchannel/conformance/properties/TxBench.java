package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.RecordingSink;
import io.netchannel.conformance.harness.TxSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A device with one transmitting context ({@value #CTX}) and a neighbour ({@value #OTHER}), a
 * pool of fragment pages with known bytes, and the spec's verdict on every batch of packets sent:
 * responses, wire frames, counters (the TX drop counters of chapter 07 included), filter hits,
 * state and ring indices are all compared with the {@link TxOracle}, which knows the context's
 * configuration ({@link #CONFIG}: its MAC, untagged, no filter rules). The guest writes its MAC as
 * the source of each frame it means to send (TXF-2), so chapter 04's checks see frames on the
 * wire; a packet whose source is another's is dropped and answered DROPPED, as the oracle expects.
 */
public final class TxBench {

    /** The transmitting context. */
    public static final int CTX = 0;
    /** A neighbour context that owns {@link #FOREIGN}. */
    public static final int OTHER = 1;
    /** MAC of {@link #CTX}. */
    public static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    /** MAC of {@link #OTHER}. */
    public static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:02");
    /** Fragment pages granted read-only to {@link #CTX}. */
    public static final int[] READ_ONLY = {100, 101, 102, 103};
    /** Fragment pages granted read-write to {@link #CTX}. */
    public static final int[] READ_WRITE = {104, 105, 106, 107};
    /** A fragment page granted to {@link #CTX} and revoked. */
    public static final int REVOKED = 110;
    /** A page granted to {@link #OTHER}, not to {@link #CTX}. */
    public static final int FOREIGN = 111;
    /** A gref never granted. */
    public static final int NEVER = 112;
    /** The TX and RX ring pages of {@link #CTX} (the harness grants them first). */
    public static final int TX_RING = 1;
    public static final int RX_RING = 2;
    /** The host configuration of {@link #CTX}: its MAC over rings 1 and 2; untagged, no filter rules, default ALLOW. */
    public static final ContextConfig CONFIG = ContextConfig.builder().mac(MAC).txRingGref(TX_RING).rxRingGref(RX_RING).build();

    private final Harness harness;
    private final GuestDriver guest;
    private final TxOracle oracle;

    private TxBench(DeviceProvider provider, int txStart) {
        harness = Harness.start(provider);
        guest = harness.guest(CTX);
        guest.initRings(txStart, 0);
        Check.that(guest.txRing() == TX_RING && guest.rxRing() == RX_RING, "MEM-6", harness, "ring grefs " + TX_RING + "/" + RX_RING + " (test set-up)",
                guest.txRing() + "/" + guest.rxRing());
        expectOk(harness.control(Caller.HOST, new ControlRequest.CreateContext(CTX, CONFIG)), "create context " + CTX);
        expectOk(harness.create(OTHER, OTHER_MAC), "create context " + OTHER);
        for (int gref : READ_ONLY) {
            fill(harness.grant(gref, CTX, Access.READ_ONLY), gref);
        }
        for (int gref : READ_WRITE) {
            fill(harness.grant(gref, CTX, Access.READ_WRITE), gref);
        }
        fill(harness.grant(REVOKED, CTX, Access.READ_ONLY), REVOKED);
        harness.revoke(REVOKED);
        fill(harness.grant(FOREIGN, OTHER, Access.READ_ONLY), FOREIGN);
        for (int gref : READ_WRITE) {
            // MEM-8: a TX fragment is never written, even through a read-write grant
            harness.memory().restrictWrites(gref, "MEM-8", "into a TX fragment page", (offset, length) -> false);
        }
        for (int gref : READ_ONLY) {
            harness.memory().restrictWrites(gref, "MEM-8", "into a TX fragment page", (offset, length) -> false);
        }
        boolean tso = provider.profiles().contains(Profile.TSO);
        boolean checksum = provider.profiles().contains(Profile.CHECKSUM);
        oracle = new TxOracle(gref -> harness.memory().access(CTX, gref), gref -> gref == TX_RING || gref == RX_RING, gref -> harness.memory().page(gref),
                checksum, tso, provider.limits().maxMulticastGroups(), CONFIG);
    }

    /** A bench whose TX ring starts at index {@code txStart} (RING-4: attach happens at rsp_prod). */
    public static TxBench start(DeviceProvider provider, int txStart) {
        return new TxBench(provider, txStart);
    }

    /** A bench whose TX ring starts at 0. */
    public static TxBench start(DeviceProvider provider) {
        return start(provider, 0);
    }

    /** Every page {@link #CTX} can read. */
    public static int[] readable() {
        int[] all = Arrays.copyOf(READ_ONLY, READ_ONLY.length + READ_WRITE.length);
        System.arraycopy(READ_WRITE, 0, all, READ_ONLY.length, READ_WRITE.length);
        return all;
    }

    /** The harness. */
    public Harness harness() {
        return harness;
    }

    /** The guest driver of {@link #CTX}. */
    public GuestDriver guest() {
        return guest;
    }

    /** The oracle (its multicast list follows the packets decided). */
    public TxOracle oracle() {
        return oracle;
    }

    private void expectOk(ControlResult result, String what) {
        Check.that(result instanceof ControlResult.Ok, "PRIV-1", harness, what + " answers Ok (test set-up)", result);
    }

    /** Known bytes for a fragment page, different on every page. */
    static void fill(byte[] page, int gref) {
        io.netchannel.conformance.vectors.Patterns.fill(page, gref); // the vectors' fill pattern, so a filled page is one line of YAML
    }

    /** What one batch produced, for further checks. */
    public record Batch(int start, List<byte[]> entries, List<TxOracle.Outcome> outcomes, int answered, boolean fatal, int logFrom) {
    }

    /**
     * Writes {@link #MAC} as the source of each packet's frame ({@link #own}), queues the packets,
     * publishes them, kicks, and checks every observable against the spec. Failures name
     * {@code rule} and the rule that decides the packet where the device went wrong.
     */
    public Batch send(String rule, List<? extends List<? extends TxSlot>> packets) {
        for (List<? extends TxSlot> packet : packets) {
            own(packet);
        }
        return sendAsWritten(rule, packets);
    }

    /**
     * Writes each packet's source MAC as its shape says ({@link #writeSource}), then queues,
     * publishes, kicks and checks as {@link #send} does: a spoofed frame is expected DROPPED.
     */
    public Batch sendPackets(String rule, List<PacketShape> packets) {
        List<List<TxSlot>> slots = new ArrayList<>();
        for (PacketShape packet : packets) {
            writeSource(packet);
            slots.add(packet.slots());
        }
        return sendAsWritten(rule, slots);
    }

    /** {@link GuestDriver#writeSource}: {@link #MAC}, the context's own, as the source of {@code packet}'s frame. */
    public void own(List<? extends TxSlot> packet) {
        guest.writeSource(packet, MAC);
    }

    /**
     * For raw ring entries whose packets are not known in advance (random ring bytes): reads each
     * entry as a request and writes {@link #MAC} at its fragment's offset + 6, as a guest whose
     * every buffer starts with an Ethernet header from its own address. Whichever entries turn out
     * to start packets, their frames carry the context's MAC unless a later write overlapped it.
     */
    public void ownEvery(List<byte[]> entries) {
        for (byte[] entry : entries) {
            guest.writeSource(List.of(new TxSlot.Data(Bytes.u32(entry, TxRequestLayout.GREF), Bytes.u16(entry, TxRequestLayout.OFFSET), 0, 0,
                    Bytes.u16(entry, TxRequestLayout.SIZE))), MAC);
        }
    }

    /**
     * Writes the source MAC of {@code packet}'s frame as its {@link PacketShape#source()} says: {@link #MAC}
     * for {@code OWN}, {@link #OTHER_MAC} for {@code NEIGHBOUR}, nothing for {@code PAGE}.
     */
    public void writeSource(PacketShape packet) {
        switch (packet.source()) {
            case OWN -> guest.writeSource(packet.slots(), MAC);
            case NEIGHBOUR -> guest.writeSource(packet.slots(), OTHER_MAC);
            case PAGE -> {
            }
        }
    }

    /**
     * How many of {@code packets} have {@code mac} as their frame's source in guest memory now
     * (the first slot's page at its offset + 6): the frames a context owning {@code mac} sends of
     * valid packets. Two frames whose sources overlap in one page can spoil each other's.
     */
    public static int carrying(Harness harness, List<? extends List<? extends TxSlot>> packets, MacAddress mac) {
        int count = 0;
        for (List<? extends TxSlot> packet : packets) {
            if (!packet.isEmpty() && packet.get(0) instanceof TxSlot.Data first && harness.memory().pages().containsKey(first.gref())
                    && first.offset() + 12 <= harness.memory().page(first.gref()).length
                    && MacAddress.read(harness.memory().page(first.gref()), first.offset() + 6).equals(mac)) {
                count++;
            }
        }
        return count;
    }

    /** Queues {@code packets} with the bytes their pages hold now, publishes them, kicks, and checks as {@link #send} does. */
    public Batch sendAsWritten(String rule, List<? extends List<? extends TxSlot>> packets) {
        int start = guest.txReqProdPvt();
        for (List<? extends TxSlot> packet : packets) {
            guest.queue(packet);
        }
        List<byte[]> entries = entries(start, guest.txReqProdPvt());
        return publishAndCheck(rule, start, entries, () -> {
            guest.pushTx();
            harness.kick(CTX, Queue.TX);
        });
    }

    /** The raw entries from {@code from} to {@code to} as the guest wrote them. */
    public List<byte[]> entries(int from, int to) {
        List<byte[]> entries = new ArrayList<>();
        byte[] page = guest.txPage();
        for (int index = from; index != to; index++) {
            int at = SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE);
            entries.add(Arrays.copyOfRange(page, at, at + TxRequestLayout.ENTRY_SIZE));
        }
        return entries;
    }

    /**
     * Runs {@code publish} (which must publish exactly {@code entries} from {@code start} and kick)
     * and checks the outcome the spec gives those entries.
     */
    public Batch publishAndCheck(String rule, int start, List<byte[]> entries, Runnable publish) {
        int framesBefore = harness.sink().frames().size();
        long[] before = counters();
        int logFrom = harness.log().size();
        // decided before the kick: the frame is the fragment bytes as they were when the device consumed them (TX-1)
        List<TxOracle.Outcome> outcomes = new ArrayList<>();
        int pos = 0;
        boolean fatal = false;
        while (pos < entries.size()) {
            TxOracle.Outcome outcome = oracle.decide(entries, pos);
            outcomes.add(outcome);
            if (outcome.kind() == TxOracle.Kind.FATAL) {
                fatal = true;
                break;
            }
            pos += outcome.slots();
        }
        int answered = pos;
        publish.run();
        Check.noFindings(rule, harness);

        // responses of every decided packet, in the entries of their requests (TX-2, DESC-14)
        byte[] page = guest.txPage();
        int at = 0;
        for (TxOracle.Outcome outcome : outcomes) {
            if (outcome.kind() == TxOracle.Kind.FATAL) {
                break;
            }
            for (int k = 0; k < outcome.slots(); k++) {
                int index = start + at + k;
                int offset = SharedRingLayout.entryOffset(index, TxRequestLayout.ENTRY_SIZE);
                TxOracle.Response seen = new TxOracle.Response(Bytes.u16(page, offset + TxResponseLayout.ID),
                        Bytes.s16(page, offset + TxResponseLayout.STATUS));
                if (!seen.equals(outcome.responses().get(k))) {
                    throw Check.failure(rule + " (packet decided by " + outcome.rule() + ")", harness,
                            "response at index " + Bytes.index(index) + " (slot " + k + " of a packet " + outcome + ") = "
                                    + outcome.responses().get(k),
                            seen + "; the packet's entries were " + describe(entries.subList(at, at + outcome.slots())));
                }
            }
            at += outcome.slots();
        }
        // nothing of a fatal packet, nor anything after it, is answered (DESC-12)
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.kind() == Event.Kind.WRITE && access.gref() == guest.txRing() && access.offset() >= SharedRingLayout.ENTRIES) {
                int slot = (access.offset() - SharedRingLayout.ENTRIES) / TxRequestLayout.ENTRY_SIZE;
                int position = (slot - start) & SharedRingLayout.SLOT_MASK;
                if (position >= answered && position < entries.size()) {
                    TxOracle.Outcome last = outcomes.get(outcomes.size() - 1);
                    throw Check.failure(rule + " (fatal packet decided by " + last.rule() + ", DESC-12)", harness,
                            "no write into the entry at index " + Bytes.index(start + position) + " (only " + answered + " slot(s) answerable)", access);
                }
            }
        }
        String decisive = outcomes.stream().filter(o -> o.kind() == TxOracle.Kind.FATAL).map(TxOracle.Outcome::rule)
                .findFirst().orElse(outcomes.stream().map(TxOracle.Outcome::rule).filter(r -> !r.equals("TX-1")).findFirst().orElse("TX-1"));
        String tag = rule + " (batch decided by " + decisive + ")";

        Check.equal(tag, harness, "state of context " + CTX + " after the kick, outcomes " + outcomes,
                fatal ? ContextState.FAILED : ContextState.ACTIVE, harness.state(CTX));
        Check.equal(tag, harness, "rsp_prod after the kick, outcomes " + outcomes, Bytes.index(start + answered),
                Bytes.index(guest.header(Queue.TX, SharedRingLayout.RSP_PROD)));
        if (!fatal) {
            Check.equal(rule + " (RING-9)", harness, "req_event after the kick", Bytes.index(start + answered + 1),
                    Bytes.index(guest.header(Queue.TX, SharedRingLayout.REQ_EVENT)));
        }
        List<RecordingSink.Frame> expectedFrames = new ArrayList<>();
        long bytes = 0;
        int errors = 0;
        long[] drops = new long[DROPS.length];
        long[] hits = new long[CONFIG.txRules().size() + 1];
        for (TxOracle.Outcome outcome : outcomes) {
            if (outcome.kind() == TxOracle.Kind.VALID) {
                for (byte[] wire : outcome.wires()) { // one frame, or a GSO packet's segments (TSO-5)
                    expectedFrames.add(new RecordingSink.Frame(0, wire));
                    bytes += wire.length;
                }
            } else if (outcome.kind() == TxOracle.Kind.ERROR || outcome.kind() == TxOracle.Kind.MULTICAST_ERROR) {
                errors++;
            } else if (outcome.kind() == TxOracle.Kind.DROPPED) {
                drops[List.of(DROPS).indexOf(outcome.policy().verdict().counter())]++;
            }
            if (outcome.policy() != null && outcome.policy().rule() >= 0) {
                hits[outcome.policy().rule()]++;
            }
        }
        List<RecordingSink.Frame> frames = harness.sink().frames().subList(framesBefore, harness.sink().frames().size());
        if (!frames.equals(expectedFrames)) {
            throw Check.failure(tag + " (TX-1, TX-3)", harness, expectedFrames.size() + " frame(s) on port 0: " + expectedFrames
                    + " for outcomes " + outcomes, frames.size() + " frame(s): " + frames);
        }
        long[] after = counters();
        Check.equal(tag, harness, "TX_FRAMES delta", (long) expectedFrames.size(), after[0] - before[0]);
        Check.equal(tag, harness, "TX_BYTES delta", bytes, after[1] - before[1]);
        Check.equal(tag, harness, "TX_ERRORS delta", (long) errors, after[2] - before[2]);
        Check.equal(tag, harness, "FATAL_ERRORS delta", fatal ? 1L : 0L, after[3] - before[3]);
        for (int k = 0; k < DROPS.length; k++) {
            Check.equal(tag + " (TXF-9)", harness, DROPS[k] + " delta", drops[k], after[4 + k] - before[4 + k]);
        }
        for (int k = 0; k < hits.length; k++) {
            Check.equal(tag + " (TXF-8)", harness, "filterHits(" + CTX + ", " + k + ") delta", hits[k], after[4 + DROPS.length + k] - before[4 + DROPS.length + k]);
        }
        checkResponseOrder(rule, start, logFrom);
        return new Batch(start, entries, outcomes, answered, fatal, logFrom);
    }

    /** TX-2: response writes go in request order, each into its own request's entry. */
    private void checkResponseOrder(String rule, int start, int logFrom) {
        int last = -1;
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(logFrom))) {
            if (access.kind() == Event.Kind.WRITE && access.gref() == guest.txRing() && access.offset() >= SharedRingLayout.ENTRIES) {
                int slot = (access.offset() - SharedRingLayout.ENTRIES) / TxRequestLayout.ENTRY_SIZE;
                int position = (slot - start) & SharedRingLayout.SLOT_MASK;
                Check.that(position >= last, rule + " (TX-2)", harness, "TX responses written in request order",
                        "a response written into slot " + slot + " after one at ring position " + last + " of the batch: " + access);
                last = position;
            }
        }
    }

    /** The drop counters of chapter 07, in the order {@link #counters()} reads them. */
    private static final Counter[] DROPS = {Counter.TX_DROP_SPOOF, Counter.TX_DROP_VLAN, Counter.TX_DROP_FILTER};

    /** TX_FRAMES, TX_BYTES, TX_ERRORS, FATAL_ERRORS, the {@link #DROPS}, then every filterHits index of {@link #CTX}. */
    private long[] counters() {
        int rules = CONFIG.txRules().size();
        long[] values = new long[4 + DROPS.length + rules + 1];
        values[0] = harness.counter(CTX, Counter.TX_FRAMES);
        values[1] = harness.counter(CTX, Counter.TX_BYTES);
        values[2] = harness.counter(CTX, Counter.TX_ERRORS);
        values[3] = harness.counter(CTX, Counter.FATAL_ERRORS);
        for (int k = 0; k < DROPS.length; k++) {
            values[4 + k] = harness.counter(CTX, DROPS[k]);
        }
        for (int k = 0; k <= rules; k++) {
            values[4 + DROPS.length + k] = harness.filterHits(CTX, k);
        }
        return values;
    }

    private static String describe(List<byte[]> entries) {
        StringBuilder text = new StringBuilder();
        for (byte[] entry : entries) {
            text.append(' ').append(Bytes.hex(entry, 12));
        }
        return text.toString().trim();
    }
}
