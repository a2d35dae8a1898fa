package io.netchannel.bench;

import io.netchannel.api.Access;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlResult;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.List;

/**
 * One context of a device in the conformance {@link Harness}, driven one device call at a time
 * by its {@link GuestDriver}: the same guest work whatever the device is and wherever it runs, so
 * the difference between targets is the device and the way it is reached.
 *
 * <p>The harness records every step, access and frame (that is what it is for), so a guest
 * lives for one measured iteration and is then dropped; {@link #verify()} checks, before it is,
 * that every call did what it should.
 */
final class BridgeGuest {

    /** Bytes per frame: 64 on the wire, less the FCS, as in the other benchmarks. */
    static final int FRAME_BYTES = PipelineGuest.FRAME_BYTES;
    /** Nanoseconds one {@link #advance()} moves the clock. */
    static final long STEP_NANOS = 1_000;

    private static final int CONTEXT = 0;
    private static final int PORT = 0;
    private static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:99");

    private final Harness harness;
    private final GuestDriver guest;
    private final List<TxSlot.Data> packet;
    private final byte[] rxFrame = new byte[FRAME_BYTES];
    private final int rxBuffer;
    private long kicks;
    private long receives;

    /** A fresh device of {@code provider} with context 0 created, one TX frame written and one RX buffer posted. */
    BridgeGuest(DeviceProvider provider) {
        harness = Harness.start(provider);
        ControlResult created = harness.create(CONTEXT, GUEST_MAC);
        if (!(created instanceof ControlResult.Ok)) {
            throw new IllegalStateException(provider.name() + ": creating context " + CONTEXT + " answered " + created);
        }
        guest = harness.guest(CONTEXT);
        int txBuffer = harness.grantPage(CONTEXT, Access.READ_ONLY);
        packet = List.of(new TxSlot.Data(txBuffer, 0, 0, 0, FRAME_BYTES));
        byte[] page = harness.memory().page(txBuffer);
        PEER_MAC.write(page, 0);
        page[12] = 0x08; // IPv4; the rest of the frame is zeros
        if (guest.writeOwnSource(packet) != 6) {
            throw new IllegalStateException("the guest could not write its source MAC into gref " + txBuffer);
        }
        rxBuffer = harness.grantPage(CONTEXT, Access.READ_WRITE);
        guest.queueRx(rxBuffer, 0);
        guest.pushRx();
        GUEST_MAC.write(rxFrame, 0);
        PEER_MAC.write(rxFrame, 6);
        rxFrame[12] = 0x08;
    }

    /** One {@code advanceTo}, {@value #STEP_NANOS} ns on: a call that moves no memory. */
    long advance() {
        harness.advance(STEP_NANOS);
        return harness.now();
    }

    /** One packet queued and published on the TX ring, one kick, its response reaped. */
    int kick() {
        guest.queue(packet);
        guest.pushTx();
        harness.kick(CONTEXT, Queue.TX);
        List<GuestDriver.TxResponse> responses = guest.takeTxResponses();
        guest.finalCheckTx();
        if (responses.size() != 1 || responses.get(0).status() != NetifStatus.OKAY) {
            throw new IllegalStateException(harness.provider().identity() + ": kick " + (kicks + 1) + " answered " + responses
                    + ", expected one OKAY response");
        }
        kicks++;
        return responses.get(0).index();
    }

    /** One frame from the wire into the posted RX buffer, its response reaped, the buffer posted again. */
    int receive() {
        harness.receive(PORT, rxFrame);
        List<GuestDriver.RxResponse> responses = guest.takeRxResponses();
        guest.finalCheckRx();
        if (responses.size() != 1 || responses.get(0).status() != FRAME_BYTES) {
            throw new IllegalStateException(harness.provider().identity() + ": receive " + (receives + 1) + " answered " + responses
                    + ", expected one response of status " + FRAME_BYTES);
        }
        guest.queueRx(rxBuffer, 0);
        guest.pushRx();
        receives++;
        return responses.get(0).index();
    }

    /**
     * Refuses the figures of a device that went wrong: a finding of the harness's audit, a context
     * no longer active, or a TX frame missing from the wire.
     */
    void verify() {
        String who = harness.provider().identity();
        if (!harness.memory().findings().isEmpty()) {
            throw new IllegalStateException(who + ": the harness recorded findings: " + harness.memory().findings());
        }
        if (harness.state(CONTEXT) != ContextState.ACTIVE) {
            throw new IllegalStateException(who + ": context " + CONTEXT + " is " + harness.state(CONTEXT) + " after the iteration");
        }
        List<byte[]> wire = harness.sink().frames(PORT);
        if (wire.size() != kicks) {
            throw new IllegalStateException(who + ": " + kicks + " packets kicked, " + wire.size() + " frames on the wire");
        }
        for (byte[] frame : wire) {
            if (frame.length != FRAME_BYTES) {
                throw new IllegalStateException(who + ": a " + frame.length + "-byte frame on the wire, expected " + FRAME_BYTES);
            }
        }
    }
}
