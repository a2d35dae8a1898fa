package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One fast NIC on test memory with any number of contexts, each on its own two freshly
 * initialised rings, for the demux and TX filter examples. Context {@code c} owns
 * {@link #mac(int) 02:00:00:00:00:c}; its TX ring is gref {@code 100 + 2c}, its RX ring
 * {@code 101 + 2c}, its TX data page {@code 200 + c} and its RX buffers are granted from 300 up.
 */
final class Fleet {

    final TestMemory memory = new TestMemory();
    final RecordingSink sink = new RecordingSink();
    /** The device; {@link #moveTo()} replaces it, as a host moves the guest to another NIC (spec 12). */
    FastNic nic = new FastNic(new DeviceEnvironment(memory, sink), FastNicProvider.LIMITS);
    private final byte[][] tx = new byte[64][];
    private final byte[][] rx = new byte[64][];
    /** Next free RX index (= req_prod) and next TX index, per context. */
    private final int[] rxNext = new int[64];
    private final int[] txNext = new int[64];
    /** RX index of each posted buffer gref, and the gref's page. */
    private final int[] rxIndexOfGref = new int[1024];
    private final byte[][] bufferPage = new byte[1024][];
    private final int[] bufferOwner = new int[1024];
    private int nextBuffer = 300;

    static MacAddress mac(int context) {
        return new MacAddress(0x0200_0000_0000L | context);
    }

    static int txRing(int context) {
        return 100 + 2 * context;
    }

    static int rxRing(int context) {
        return 101 + 2 * context;
    }

    /** The host configuration of {@code context}: its one MAC and its rings, the rest at defaults. */
    static ContextConfig.Builder config(int context) {
        return ContextConfig.builder().mac(mac(context)).txRingGref(txRing(context)).rxRingGref(rxRing(context));
    }

    /** Initialises both rings of {@code context} and creates it with {@code config}; the create must succeed. */
    void create(int context, ContextConfig.Builder config) {
        tx[context] = initRing(txRing(context), context);
        rx[context] = initRing(rxRing(context), context);
        assertThat(nic.control(Caller.HOST, new ControlRequest.CreateContext(context, config.build()))).isEqualTo(ControlResult.OK);
    }

    ControlResult update(int context, ContextConfig.Builder config) {
        return nic.control(Caller.HOST, new ControlRequest.UpdateContext(context, config.build()));
    }

    void guest(int context, GuestConfig config) {
        assertThat(nic.control(Caller.guest(context), new ControlRequest.SetGuestConfig(context, config))).isEqualTo(ControlResult.OK);
    }

    /**
     * A fresh fast NIC, its clock at 0 and no contexts, on the same guest memory and sink, becomes
     * {@link #nic}; the old one is no longer called (RELOC-8: the guest's memory is now B's).
     */
    FastNic moveTo() {
        nic = new FastNic(new DeviceEnvironment(memory, sink), FastNicProvider.LIMITS);
        return nic;
    }

    byte[] tx(int context) {
        return tx[context];
    }

    byte[] rx(int context) {
        return rx[context];
    }

    private byte[] initRing(int gref, int context) {
        byte[] ring = memory.grant(gref, context, Access.READ_WRITE);
        Pages.putU32(ring, SharedRingLayout.REQ_EVENT, 1);
        Pages.putU32(ring, SharedRingLayout.RSP_EVENT, 1);
        return ring;
    }

    /** Posts one fresh writable RX buffer on {@code context}'s ring and returns its gref. */
    int post(int context) {
        int gref = nextBuffer++;
        bufferPage[gref] = memory.grant(gref, context, Access.READ_WRITE);
        bufferOwner[gref] = context;
        int index = rxNext[context]++;
        rxIndexOfGref[gref] = index;
        Pages.putRxRequest(rx[context], index, gref & 0xFFFF, gref);
        Pages.setReqProd(rx[context], rxNext[context]);
        return gref;
    }

    /** The bytes the device reported in the buffer {@code gref}: its response's status many. */
    byte[] received(int gref) {
        byte[] ring = rx[bufferOwner[gref]];
        int at = Pages.rxEntry(rxIndexOfGref[gref]);
        int status = (short) Pages.u16(ring, at + RxResponseLayout.STATUS);
        assertThat(status).as("buffer %d answered with data", gref).isPositive();
        assertThat(Pages.u16(ring, at + RxResponseLayout.ID)).isEqualTo(gref & 0xFFFF);
        return Arrays.copyOf(bufferPage[gref], status);
    }

    /** True when the device consumed the request that posted {@code gref}. */
    boolean answered(int gref) {
        return Integer.compareUnsigned(rxIndexOfGref[gref], Pages.rspProd(rx[bufferOwner[gref]])) < 0;
    }

    void wire(byte[] frame) {
        nic.receive(0, frame, 0, frame.length);
    }

    /**
     * The guest of {@code context} sends {@code frame} as one slot from offset 0 of its data page
     * and kicks; returns the ring index of the slot.
     */
    int send(int context, byte[] frame) {
        byte[] page = memory.grant(200 + context, context, Access.READ_ONLY);
        Arrays.fill(page, (byte) 0);
        System.arraycopy(frame, 0, page, 0, frame.length);
        int index = txNext[context]++;
        Pages.putTxRequest(tx[context], index, 200 + context, 0, 0, 0x100 + index, frame.length);
        Pages.setReqProd(tx[context], txNext[context]);
        nic.kick(context, Queue.TX);
        return index;
    }

    /**
     * The guest of {@code context} queues each frame as one slot, from offset 0 of a page of its
     * own (gref {@code 400 + 16 * context + i}), and kicks once; returns the ring index of the first.
     */
    int sendBatch(int context, byte[]... frames) {
        int first = txNext[context];
        for (int i = 0; i < frames.length; i++) {
            int gref = 400 + 16 * context + i;
            System.arraycopy(frames[i], 0, memory.grant(gref, context, Access.READ_ONLY), 0, frames[i].length);
            int index = txNext[context]++;
            Pages.putTxRequest(tx[context], index, gref, 0, 0, 0x100 + index, frames[i].length);
        }
        Pages.setReqProd(tx[context], txNext[context]);
        nic.kick(context, Queue.TX);
        return first;
    }

    /**
     * The guest of {@code context} sends {@code frame} as a chain of whole pages (grefs from
     * {@code 600 + 20 * context}), the last one partly filled, and kicks; returns the ring index
     * of the first slot.
     */
    int sendChain(int context, byte[] frame) {
        int slots = (frame.length + 4095) / 4096;
        int first = txNext[context];
        for (int i = 0; i < slots; i++) {
            int gref = 600 + 20 * context + i;
            int chunk = Math.min(4096, frame.length - i * 4096);
            System.arraycopy(frame, i * 4096, memory.grant(gref, context, Access.READ_ONLY), 0, chunk);
            int flags = i < slots - 1 ? TxRequestLayout.FLAG_MORE_DATA : 0;
            int index = txNext[context]++;
            Pages.putTxRequest(tx[context], index, gref, 0, flags, 0x100 + index, i == 0 ? frame.length : chunk);
        }
        Pages.setReqProd(tx[context], txNext[context]);
        nic.kick(context, Queue.TX);
        return first;
    }

    short txStatus(int context, int index) {
        return Pages.txResponseStatus(tx[context], index);
    }

    /** Bytes from hex text; spaces, colons and line breaks are ignored. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s:]", ""));
    }
}
