package io.netchannel.model.contexts;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.InMemoryGuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Any device (a host or a bare device) with guest memory, a recording sink and the small guest
 * driver these tests need, the ring layout written by hand (header fields at 0/4/8/12, entries from
 * 64, TX entries of 12 bytes, RX entries of 8). Context {@code c} uses TX ring gref {@code 100c +
 * 100}, RX ring gref one above and data pages from ten above: pages 0–9 carry TX frames, 10–19 are
 * RX buffers (the buffer id is the page). Its MAC is {@code 02:00:00:00:00:c}.
 */
final class Bench {

    static final int CONTEXTS = 8;
    static final int PAGES = 20;
    private static final int REQ_PROD = 0;
    private static final int RSP_PROD = 8;
    private static final int RSP_EVENT = 12;
    private static final int ENTRIES = 64;

    /** Something that left the device, in order. */
    sealed interface Event permits Wire, Notification {
    }

    /** A frame to the wire; equal by content. */
    record Wire(int port, List<Byte> bytes) implements Event {
    }

    /** A notification of a context's queue. */
    record Notification(int context, Queue queue) implements Event {
    }

    final InMemoryGuestMemory memory = new InMemoryGuestMemory(4096);
    final List<Event> events = new ArrayList<>();
    final NetchannelDevice device;
    private final int[] txProd = new int[CONTEXTS];
    private final int[] rxProd = new int[CONTEXTS];
    private final int[] rxCons = new int[CONTEXTS];

    Bench(Function<DeviceEnvironment, NetchannelDevice> factory) {
        device = factory.apply(new DeviceEnvironment(memory, new DeviceSink() {
            @Override
            public void transmit(int port, byte[] frame, int offset, int length) {
                events.add(new Wire(port, boxed(Arrays.copyOfRange(frame, offset, offset + length))));
            }

            @Override
            public void notify(int context, Queue queue) {
                events.add(new Notification(context, queue));
            }
        }));
    }

    static int txGref(int context) {
        return 100 * context + 100;
    }

    static int rxGref(int context) {
        return txGref(context) + 1;
    }

    static int dataGref(int context, int page) {
        return txGref(context) + 10 + page;
    }

    static MacAddress mac(int context) {
        return new MacAddress(0x0200_0000_0000L + context);
    }

    static ContextConfig config(int context) {
        return ContextConfig.builder().mac(mac(context)).txRingGref(txGref(context)).rxRingGref(rxGref(context)).build();
    }

    /**
     * A 64-byte frame to {@code destination} from {@code source}, EtherType 0x88b5 (local
     * experimental, untagged), payload bytes counting up from {@code seed}.
     */
    static byte[] frame(MacAddress destination, MacAddress source, int seed) {
        byte[] frame = new byte[64];
        for (int i = 14; i < frame.length; i++) {
            frame[i] = (byte) (seed + i);
        }
        destination.write(frame, 0);
        source.write(frame, 6);
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;
        return frame;
    }

    static List<Byte> boxed(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    /** Grants the context's pages, sets its rings to start at 0, and asks the host to create it with {@code config}. */
    ControlResult create(int context, ContextConfig config) {
        prepare(context);
        return device.control(Caller.HOST, new ControlRequest.CreateContext(context, config));
    }

    /** Grants the context's pages and sets its rings to start at 0. */
    void prepare(int context) {
        memory.grant(txGref(context), context, Access.READ_WRITE);
        memory.grant(rxGref(context), context, Access.READ_WRITE);
        for (int page = 0; page < PAGES; page++) {
            memory.grant(dataGref(context, page), context, Access.READ_WRITE);
        }
        for (int gref : new int[] {txGref(context), rxGref(context)}) {
            byte[] ring = memory.page(gref);
            Arrays.fill(ring, (byte) 0);
            putU32(ring, RSP_EVENT, 1);
        }
        txProd[context] = 0;
        rxProd[context] = 0;
        rxCons[context] = 0;
    }

    ControlResult create(int context) {
        return create(context, config(context));
    }

    /** Posts {@code count} RX buffers and publishes them. */
    void postRx(int context, int count) {
        byte[] ring = memory.page(rxGref(context));
        for (int i = 0; i < count; i++) {
            int index = rxProd[context]++;
            int page = 10 + index % 10;
            int at = ENTRIES + (index & 255) * 8;
            putU16(ring, at, page); // id
            putU32(ring, at + 4, dataGref(context, page));
        }
        putU32(ring, REQ_PROD, rxProd[context]);
    }

    /** Queues {@code frame} as a one-slot TX packet, publishes it and kicks. */
    void send(int context, byte[] frame) {
        int index = txProd[context]++;
        int page = index % 10;
        System.arraycopy(frame, 0, memory.page(dataGref(context, page)), 0, frame.length);
        byte[] ring = memory.page(txGref(context));
        int at = ENTRIES + (index & 255) * 12;
        putU32(ring, at, dataGref(context, page));
        putU16(ring, at + 4, 0); // offset
        putU16(ring, at + 6, 0); // flags
        putU16(ring, at + 8, index & 0xFFFF); // id
        putU16(ring, at + 10, frame.length);
        putU32(ring, REQ_PROD, txProd[context]);
        device.kick(context, Queue.TX);
    }

    /** The frames the context received since the last call, read from its RX ring; re-arms rsp_event. */
    List<List<Byte>> received(int context) {
        byte[] ring = memory.page(rxGref(context));
        int rspProd = u32(ring, RSP_PROD);
        List<List<Byte>> frames = new ArrayList<>();
        while (rxCons[context] != rspProd) {
            int at = ENTRIES + (rxCons[context] & 255) * 8;
            int id = u16(ring, at);
            int status = (short) u16(ring, at + 6);
            byte[] page = memory.page(dataGref(context, id));
            frames.add(boxed(status > 0 ? Arrays.copyOf(page, status) : new byte[0]));
            rxCons[context]++;
        }
        putU32(ring, RSP_EVENT, rspProd + 1);
        return frames;
    }

    List<List<Byte>> wire() {
        List<List<Byte>> frames = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Wire wire) {
                frames.add(wire.bytes());
            }
        }
        return frames;
    }

    List<Queue> notifications(int context) {
        List<Queue> queues = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Notification notification && notification.context() == context) {
                queues.add(notification.queue());
            }
        }
        return queues;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int off) {
        return u16(b, off) | u16(b, off + 2) << 16;
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int off, int v) {
        putU16(b, off, v);
        putU16(b, off + 2, v >>> 16);
    }
}
