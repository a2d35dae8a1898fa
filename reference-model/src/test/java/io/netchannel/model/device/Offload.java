package io.netchannel.model.device;

import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.Offloads;
import io.netchannel.api.Queue;
import io.netchannel.model.offload.TestFrames;
import java.util.Arrays;

/**
 * What the chapter 11 device tests share: netif flag values written from {@code netif.h} (not from
 * the api's layout classes), and a guest driver queuing a frame as a chain over a context's data
 * pages with the first slot's flags and an optional GSO extra.
 */
final class Offload {

    static final int TX_CSUM_BLANK = 0x1;
    static final int TX_DATA_VALIDATED = 0x2;
    static final int TX_MORE_DATA = 0x4;
    static final int TX_EXTRA_INFO = 0x8;
    static final int RX_DATA_VALIDATED = 0x1;
    static final int RX_MORE_DATA = 0x4;
    static final int RX_EXTRA_INFO = 0x8;
    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 2;
    static final short OKAY = 0;
    static final short ERROR = -1;
    static final short NULL = 1;
    /** A station on the wire, no context's. */
    static final byte[] REMOTE = TestFrames.hex("020000000099");

    private Offload() {
    }

    /** Context {@code context}'s MAC as bytes. */
    static byte[] mac(int context) {
        byte[] bytes = new byte[6];
        Rig.mac(context).write(bytes, 0);
        return bytes;
    }

    /** A TCP frame from context {@code context} to {@code destination}. */
    static TestFrames.Builder tcpFrom(int context, byte[] destination) {
        return TestFrames.tcp().macs(destination, mac(context));
    }

    /** A UDP frame from context {@code context} to {@code destination}. */
    static TestFrames.Builder udpFrom(int context, byte[] destination) {
        return TestFrames.udp().macs(destination, mac(context));
    }

    /**
     * Queues {@code frame} as one packet: the first slot owns up to 4096 bytes on data page
     * {@code page}, each further 4096 bytes a data slot on the next page; the first slot carries
     * {@code flags}, and a GSO extra follows it when {@code mss} is above 0.
     *
     * @return the ring index of the first slot
     */
    static int queue(Rig rig, int context, int page, byte[] frame, int flags, int gsoType, int mss, int id) {
        int own = Math.min(frame.length, 4096);
        rig.data(context, page, 0, Arrays.copyOfRange(frame, 0, own));
        boolean more = frame.length > own;
        int first = rig.queueRaw(context, Rig.dataGref(context, page), 0,
                flags | (mss > 0 ? TX_EXTRA_INFO : 0) | (more ? TX_MORE_DATA : 0), id, frame.length);
        if (mss > 0) {
            rig.queueExtra(context, 1, 0, TestFrames.bytes(mss, mss >>> 8, gsoType, 0, 0, 0));
        }
        int slot = 1;
        for (int at = own; at < frame.length; at += 4096) {
            int end = Math.min(frame.length, at + 4096);
            rig.data(context, page + slot, 0, Arrays.copyOfRange(frame, at, end));
            rig.queueRaw(context, Rig.dataGref(context, page + slot), 0, end < frame.length ? TX_MORE_DATA : 0, id + slot, end - at);
            slot++;
        }
        return first;
    }

    /** The guest of {@code context} sets its offloads, everything else default. */
    static ControlResult offloads(Rig rig, int context, boolean rxChecksum, long lroFlushNanos) {
        return offloads(rig, context, GuestConfig.builder().offloads(new Offloads(rxChecksum, lroFlushNanos)).build());
    }

    static ControlResult offloads(Rig rig, int context, GuestConfig config) {
        return rig.device.control(Caller.guest(context), new ControlRequest.SetGuestConfig(context, config));
    }

    static GuestConfig.Builder guest(boolean rxChecksum, long lroFlushNanos) {
        return GuestConfig.builder().offloads(new Offloads(rxChecksum, lroFlushNanos));
    }

    /** The frame {@code length} bytes long the device wrote at the start of context {@code context}'s data page. */
    static byte[] buffer(Rig rig, int context, int page, int length) {
        return Arrays.copyOf(rig.memory.page(Rig.dataGref(context, page)), length);
    }

    static int rxRspProd(Rig rig, int context) {
        return Guest.u32(rig.rx(context), Guest.RSP_PROD);
    }

    static RecordingSink.Notification rxNotification(int context) {
        return new RecordingSink.Notification(context, Queue.RX);
    }
}
