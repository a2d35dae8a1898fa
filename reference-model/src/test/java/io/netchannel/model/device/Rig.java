package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.MacAddress;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import java.util.Set;
import java.util.function.Function;

/**
 * A reference device with an audited page table and a recording sink, plus the small guest
 * driver the tests need. Context {@code c} uses TX ring gref {@code 100c}, RX ring gref
 * {@code 100c + 1} and data pages from {@code 100c + 10}; its MAC is {@code 02:00:00:00:00:c}.
 */
final class Rig {

    final PageTable memory;
    final RecordingSink sink = new RecordingSink();
    final NetchannelDevice device;
    private final int[] txProd;
    private final int[] rxProd;

    /** The reference device as its provider makes it. */
    Rig() {
        this(environment -> new ReferenceDeviceProvider().create(environment));
    }

    /** A reference device with the provider's limits deciding demux and TX checks by {@code decisions}. */
    Rig(Decisions decisions) {
        this(environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, decisions));
    }

    /** Any device (a host, for instance) made for the rig's memory and sink. */
    Rig(Function<DeviceEnvironment, NetchannelDevice> factory) {
        memory = new PageTable();
        txProd = new int[16];
        rxProd = new int[16];
        device = factory.apply(new DeviceEnvironment(memory, sink));
    }

    /** The reference device with the provider's limits, deciding as the spec says, claiming only {@code claimed}. */
    Rig(Set<Profile> claimed) {
        this(environment -> new ReferenceDevice(environment, ReferenceDeviceProvider.LIMITS, Decisions.SPEC, claimed));
    }

    /** A device made by {@code factory} over {@code from}'s guest memory and guest driver, with a fresh sink: the guest moved to it. */
    private Rig(Rig from, Function<DeviceEnvironment, NetchannelDevice> factory) {
        memory = from.memory;
        txProd = from.txProd.clone();
        rxProd = from.rxProd.clone();
        device = factory.apply(new DeviceEnvironment(memory, sink));
    }

    /** The same guests and memory, grants unchanged, served by a new device that {@code factory} makes (spec 12, section 6). */
    Rig movedTo(Function<DeviceEnvironment, NetchannelDevice> factory) {
        return new Rig(this, factory);
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

    byte[] tx(int context) {
        return memory.page(txGref(context));
    }

    byte[] rx(int context) {
        return memory.page(rxGref(context));
    }

    /** Grants the context's ring pages and data pages, sets its rings to start at {@code start}, creates it. */
    Rig create(int context, int start) {
        return create(context, start, config(context));
    }

    /** As {@link #create(int, int)}, with {@code config} (whose ring grants must be the rig's). */
    Rig create(int context, int start, ContextConfig config) {
        prepare(context, start);
        ControlResult result = device.control(Caller.HOST, new ControlRequest.CreateContext(context, config));
        assertThat(result).isEqualTo(ControlResult.OK);
        return this;
    }

    /** Grants the context's ring and data pages and sets its rings to start at {@code start}, without creating it. */
    Rig prepare(int context, int start) {
        memory.grant(txGref(context), context, Access.READ_WRITE);
        memory.grant(rxGref(context), context, Access.READ_WRITE);
        for (int page = 0; page < 20; page++) {
            memory.grant(dataGref(context, page), context, Access.READ_WRITE);
        }
        for (byte[] ring : new byte[][] {tx(context), rx(context)}) {
            Guest.putU32(ring, Guest.REQ_PROD, start);
            Guest.putU32(ring, Guest.RSP_PROD, start);
            Guest.putU32(ring, Guest.RSP_EVENT, start + 1);
        }
        txProd[context] = start;
        rxProd[context] = start;
        return this;
    }

    /** Writes {@code bytes} into a data page at {@code offset}. */
    void data(int context, int page, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, memory.page(dataGref(context, page)), offset, bytes.length);
    }

    /** Queues a one-slot packet from data page {@code page} at offset 0; returns its ring index. */
    int queueSimple(int context, int page, int id, byte[] frame) {
        data(context, page, 0, frame);
        int index = txProd[context]++;
        Guest.txRequest(tx(context), index, dataGref(context, page), 0, 0, id, frame.length);
        return index;
    }

    /** Appends a raw TX request; returns its ring index. */
    int queueRaw(int context, int gref, int offset, int flags, int id, int size) {
        int index = txProd[context]++;
        Guest.txRequest(tx(context), index, gref, offset, flags, id, size);
        return index;
    }

    /** Appends an extra-info slot; returns its ring index. */
    int queueExtra(int context, int type, int flags, byte[] payload) {
        int index = txProd[context]++;
        Guest.extra(tx(context), index, type, flags, payload);
        return index;
    }

    /** Publishes the queued TX requests and kicks. */
    void pushTx(int context) {
        Guest.putU32(tx(context), Guest.REQ_PROD, txProd[context]);
        device.kick(context, Queue.TX);
    }

    /** Publishes the queued TX requests without kicking. */
    void publishTx(int context) {
        Guest.putU32(tx(context), Guest.REQ_PROD, txProd[context]);
    }

    /** Posts one RX buffer (data page {@code page}) and publishes it; returns its ring index. */
    int postRx(int context, int page, int id) {
        int index = rxProd[context]++;
        Guest.rxRequest(rx(context), index, id, dataGref(context, page));
        Guest.putU32(rx(context), Guest.REQ_PROD, rxProd[context]);
        return index;
    }

    /**
     * A frame of {@code length} bytes to {@code destination}, payload bytes counting up. Its source
     * MAC is payload too (2d:34:3b:42:49:50, a group address no context owns) and octets 12–13 are
     * 0x575e, an untagged EtherType.
     */
    static byte[] frame(MacAddress destination, int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) (i * 7 + 3);
        }
        destination.write(frame, 0);
        return frame;
    }

    /** A frame as {@link #frame(MacAddress, int)} from {@code source}: what a context sends passes TXF-2 only from its own MAC. */
    static byte[] frame(MacAddress destination, MacAddress source, int length) {
        byte[] frame = frame(destination, length);
        source.write(frame, 6);
        return frame;
    }
}
