package io.netchannel.conformance.mutants;

import java.util.List;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.HashMap;
import java.util.Map;

/** The deliberately broken devices, one rule each; {@link MutantsTest} names the rule that catches each. */
final class Mutants {

    private static final int TX_ENTRIES_END = SharedRingLayout.ENTRIES + SharedRingLayout.RING_SIZE * TxRequestLayout.ENTRY_SIZE;

    private Mutants() {
    }

    private static boolean txEntry(RingSpy rings, int gref, int offset) {
        return rings.isTxRing(gref) && offset >= SharedRingLayout.ENTRIES && offset < TX_ENTRIES_END;
    }

    /** RING-4: the entry of slot 255 is taken to be slot 0's (an off-by-one in the slot mask). */
    static final Mutant OFF_BY_ONE_WRAP = Mutant.memory("off-by-one-wrap", (memory, rings) -> new ForwardingMemory(memory, rings) {
        private int redirect(int gref, int offset) {
            int last = SharedRingLayout.entryOffset(255, TxRequestLayout.ENTRY_SIZE);
            return rings.isTxRing(gref) && offset >= last && offset < last + TxRequestLayout.ENTRY_SIZE ? offset - 255 * TxRequestLayout.ENTRY_SIZE : offset;
        }

        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            return delegate.read(context, gref, redirect(gref, offset), dst, dstOffset, length);
        }

        @Override
        public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
            return delegate.write(context, gref, redirect(gref, offset), src, srcOffset, length);
        }
    });

    /** RING-8: notifies exactly when the event-index rule says not to. */
    static final Mutant NOTIFY_REVERSED = Mutant.memory("notify-reversed", (memory, rings) -> new ForwardingMemory(memory, rings) {
        private final Map<Integer, int[]> published = new HashMap<>(); // gref -> {old, new}

        @Override
        public long readU32(int context, int gref, int offset) {
            long value = delegate.readU32(context, gref, offset);
            if (value >= 0 && offset == SharedRingLayout.RSP_PROD) {
                published.put(gref, new int[] {(int) value, (int) value}); // attach
            } else if (value >= 0 && offset == SharedRingLayout.RSP_EVENT && published.containsKey(gref)) {
                int[] p = published.get(gref);
                boolean notify = Integer.compareUnsigned(p[1] - (int) value, p[1] - p[0]) < 0;
                return Integer.toUnsignedLong(notify ? p[1] + 1 : p[1]);
            }
            return value;
        }

        @Override
        public int writeU32(int context, int gref, int offset, int value) {
            if (offset == SharedRingLayout.RSP_PROD && published.containsKey(gref)) {
                int[] p = published.get(gref);
                p[0] = p[1];
                p[1] = value;
            }
            return delegate.writeU32(context, gref, offset, value);
        }
    });

    /** RING-5: reads req_prod one too far, so it consumes a slot the guest has not published. */
    static final Mutant PASSES_PRODUCER = Mutant.memory("passes-producer", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public long readU32(int context, int gref, int offset) {
            long value = delegate.readU32(context, gref, offset);
            return value >= 0 && rings.isTxRing(gref) && offset == SharedRingLayout.REQ_PROD ? (value + 1) & 0xFFFF_FFFFL : value;
        }
    });

    /** MEM-3: writes a TX fragment back through its (read-only) grant after reading it. */
    static final Mutant WRITES_READ_ONLY_TX = Mutant.memory("writes-read-only-tx-grant", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            int status = delegate.read(context, gref, offset, dst, dstOffset, length);
            if (status == GuestMemory.OK && !rings.isRing(gref) && length > 0) {
                delegate.write(context, gref, offset, dst, dstOffset, length);
            }
            return status;
        }
    });

    /** RING-9: never arms req_event (its writes to offset 4 of the TX ring are lost). */
    static final Mutant FORGETS_FINAL_CHECK = Mutant.memory("forgets-final-check", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int writeU32(int context, int gref, int offset, int value) {
            return rings.isTxRing(gref) && offset == SharedRingLayout.REQ_EVENT ? GuestMemory.OK : delegate.writeU32(context, gref, offset, value);
        }
    });

    /** DESC-5: clips the last fragment of a chain to its page instead of failing the context. */
    static final Mutant ACCEPTS_PAGE_CROSSING = Mutant.memory("accepts-page-crossing", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            int status = delegate.read(context, gref, offset, dst, dstOffset, length);
            if (status == GuestMemory.OK && length == TxRequestLayout.ENTRY_SIZE && txEntry(rings, gref, offset)) {
                int fragmentOffset = u16(dst, dstOffset + TxRequestLayout.OFFSET);
                int size = u16(dst, dstOffset + TxRequestLayout.SIZE);
                int flags = u16(dst, dstOffset + TxRequestLayout.FLAGS);
                if ((flags & TxRequestLayout.FLAG_MORE_DATA) == 0 && fragmentOffset + size > GuestMemory.PAGE_SIZE && fragmentOffset < GuestMemory.PAGE_SIZE) {
                    put16(dst, dstOffset + TxRequestLayout.SIZE, GuestMemory.PAGE_SIZE - fragmentOffset);
                }
            }
            return status;
        }
    });

    /** DESC-2: ignores NETTXF_more_data, so every slot is a packet of its own. */
    static final Mutant IGNORES_MORE_DATA = Mutant.memory("ignores-more-data", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            int status = delegate.read(context, gref, offset, dst, dstOffset, length);
            if (status == GuestMemory.OK && length == TxRequestLayout.ENTRY_SIZE && txEntry(rings, gref, offset)) {
                dst[dstOffset + TxRequestLayout.FLAGS] &= (byte) ~TxRequestLayout.FLAG_MORE_DATA;
            }
            return status;
        }
    });

    /** DESC-11: answers a malformed packet OKAY instead of ERROR. */
    static final Mutant MALFORMED_OKAY = Mutant.memory("malformed-okay", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
            if (txEntry(rings, gref, offset) && length == 4 && src[srcOffset + 2] == (byte) 0xFF && src[srcOffset + 3] == (byte) 0xFF) {
                byte[] okay = {src[srcOffset], src[srcOffset + 1], 0, 0};
                return delegate.write(context, gref, offset, okay, 0, 4);
            }
            return delegate.write(context, gref, offset, src, srcOffset, length);
        }
    });

    /** RING-16: loses every TX notification after a context's first. */
    static final Mutant FORGETS_NOTIFICATION = Mutant.sink("forgets-notification", sink -> new DeviceSink() {
        private final Map<Integer, Integer> sent = new HashMap<>();

        @Override
        public void transmit(int port, byte[] frame, int offset, int length) {
            sink.transmit(port, frame, offset, length);
        }

        @Override
        public void notify(int context, Queue queue) {
            if (queue == Queue.RX || sent.merge(context, 1, Integer::sum) == 1) {
                sink.notify(context, queue);
            }
        }
    });

    /** RX-3: believes one more RX buffer is posted than is, and delivers into a used slot. */
    static final Mutant DELIVERS_WITHOUT_BUFFER = Mutant.memory("delivers-without-buffer", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public long readU32(int context, int gref, int offset) {
            long value = delegate.readU32(context, gref, offset);
            return value >= 0 && rings.isRxRing(gref) && offset == SharedRingLayout.REQ_PROD ? (value + 1) & 0xFFFF_FFFFL : value;
        }
    });

    /** DESC-1: fetches every TX request twice and acts on the second copy (XSA-155). */
    static final Mutant DOUBLE_FETCH = Mutant.memory("double-fetch", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            int status = delegate.read(context, gref, offset, dst, dstOffset, length);
            if (status == GuestMemory.OK && txEntry(rings, gref, offset)) {
                status = delegate.read(context, gref, offset, dst, dstOffset, length);
            }
            return status;
        }
    });

    /**
     * DESC-1: re-reads req_prod before every TX request but a batch's first, as a
     * {@code while (cons != ring->req_prod)} loop does, so a batch reaches into what the guest
     * published after it began (here the model walks on through its own re-check).
     */
    static final Mutant REREADS_REQ_PROD = Mutant.memory("rereads-req-prod", (memory, rings) -> new ForwardingMemory(memory, rings) {
        private boolean fresh;

        @Override
        public long readU32(int context, int gref, int offset) {
            if (rings.isTxRing(gref) && offset == SharedRingLayout.REQ_PROD) {
                fresh = true;
            }
            return delegate.readU32(context, gref, offset);
        }

        @Override
        public int read(int context, int gref, int offset, byte[] dst, int dstOffset, int length) {
            if (txEntry(rings, gref, offset)) {
                if (!fresh) {
                    delegate.readU32(context, gref, SharedRingLayout.REQ_PROD);
                }
                fresh = false;
            }
            return delegate.read(context, gref, offset, dst, dstOffset, length);
        }
    });

    /** DESC-11: treats a per-packet error as fatal (reports FAILED and ignores kicks from then on). */
    static final Mutant PER_PACKET_FATAL = Mutant.both("per-packet-error-is-fatal", (memory, rings) -> new ForwardingMemory(memory, rings) {
        @Override
        public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
            if (txEntry(rings, gref, offset) && length == 4 && src[srcOffset + 2] == (byte) 0xFF && src[srcOffset + 3] == (byte) 0xFF) {
                rings.failed.add(rings.txOwner(gref));
            }
            return delegate.write(context, gref, offset, src, srcOffset, length);
        }
    }, (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ContextState state(int context) {
            return rings.failed.contains(context) && delegate.state(context) != ContextState.ABSENT ? ContextState.FAILED : delegate.state(context);
        }

        @Override
        public void kick(int context, Queue queue) {
            if (!rings.failed.contains(context)) {
                delegate.kick(context, queue);
            }
        }
    });

    /** TX-1: cuts every frame it sends to a 13-byte runt. */
    static final Mutant RUNT_FRAME = Mutant.sink("runt-frame", sink -> new DeviceSink() {
        @Override
        public void transmit(int port, byte[] frame, int offset, int length) {
            sink.transmit(port, frame, offset, Math.min(length, 13));
        }

        @Override
        public void notify(int context, Queue queue) {
            sink.notify(context, queue);
        }
    });

    /** PRIV-2: lets a guest create a context. */
    static final Mutant GUEST_CREATES_CONTEXT = Mutant.device("guest-creates-context", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            return super.control(request instanceof ControlRequest.CreateContext ? Caller.HOST : caller, request);
        }
    });

    /** MEM-4: caches grant look-ups and never notices a revocation. */
    static final Mutant IGNORES_REVOCATION = Mutant.memory("ignores-revocation", (memory, rings) -> new ForwardingMemory(memory, rings) {
        private final Map<Long, Access> cache = new HashMap<>();

        @Override
        public Access access(int context, int gref) {
            long key = ((long) context << 32) | (gref & 0xFFFF_FFFFL);
            Access cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            Access access = delegate.access(context, gref);
            if (access != Access.NONE) {
                cache.put(key, access);
            }
            return access;
        }
    });

    /** The mutant called {@code name}, for parameterised tests. */
    static Mutant byName(String name) {
        for (Mutant mutant : List.of(OFF_BY_ONE_WRAP, NOTIFY_REVERSED, PASSES_PRODUCER, WRITES_READ_ONLY_TX, FORGETS_FINAL_CHECK,
                ACCEPTS_PAGE_CROSSING, IGNORES_MORE_DATA, MALFORMED_OKAY, FORGETS_NOTIFICATION, DELIVERS_WITHOUT_BUFFER,
                DOUBLE_FETCH, REREADS_REQ_PROD, PER_PACKET_FATAL, RUNT_FRAME, GUEST_CREATES_CONTEXT, IGNORES_REVOCATION)) {
            if (mutant.name().equals("mutant-" + name)) {
                return mutant;
            }
        }
        for (Mutant mutant : RelocationMutants.all()) {
            if (mutant.name().equals("mutant-" + name)) {
                return mutant;
            }
        }
        for (Mutant mutant : PolicyMutants.all()) {
            if (mutant.name().equals("mutant-" + name)) {
                return mutant;
            }
        }
        throw new IllegalArgumentException("no mutant named " + name);
    }

    static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    static void put16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
    }
}
