package io.netchannel.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Receive demux (spec 06), TX enforcement (spec 07) and switching between guests (spec 08) on
 * one thread, the fast NIC ({@code device=fast}) and the reference model
 * ({@code device=reference}) under the same workload in the same run. Frames are 60 bytes as the device sees them (64 on the wire with the
 * FCS); guest work (writing requests, reaping responses, posting buffers again) is part of every
 * operation, the same code for both devices.
 *
 * <ul>
 *   <li>{@link #rxDemux}: one op is one frame from the wire demultiplexed to its one recipient
 *       among 64 contexts (Untagged, Access and Trunk, two MACs each) and delivered into its RX
 *       ring, its guest reaping the response and posting the buffer again ({@link DemuxGuest#unicast}).</li>
 *   <li>{@link #rxDemuxMissMix}: one op is one frame of a burst in which half the frames are
 *       misses (a MAC no context owns, or a known MAC on a VLAN its owner is not a member of) and
 *       are dropped as {@code WIRE_DROP_NO_CONTEXT}; the hits are delivered as in {@code rxDemux}
 *       ({@link DemuxGuest#missMix}). D2 divides its rate by {@code rxDemux}'s.</li>
 *   <li>{@link #rxBroadcast}: one op is one <em>frame</em> from the wire, a broadcast on a VLAN
 *       with {@value DemuxGuest#BROADCAST_MEMBERS} member contexts (4 Access, tag stripped; 4 Trunk,
 *       tag kept), replicated into all {@value DemuxGuest#BROADCAST_MEMBERS}: the copies delivered
 *       per second are {@value DemuxGuest#BROADCAST_MEMBERS} times the ops/s
 *       ({@link DemuxGuest#broadcast}).</li>
 *   <li>{@link #txEnforce}: one op is one packet from an Access context's TX ring to the wire:
 *       source-MAC check, tag check, eight filter rules evaluated (the last decides), tag
 *       inserted, 64 bytes sent, the guest reaping the response ({@link TxFilterGuest}).</li>
 *   <li>{@link #vebSwitch}: one op is one unicast packet from context A's TX ring to context B's
 *       MAC on a device in VEB mode: source-MAC and VLAN checks, B found as the frame's one
 *       recipient, the frame written into one of B's posted RX buffers and kept off the wire (CTX-6);
 *       A's guest reaping the TX response, B's guest reaping the RX response and posting the
 *       buffer again ({@link SwitchGuest}).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class DemuxBenchmark {

    /**
     * One guest and its device, fresh per fork and trial: built and run once before timing, so a
     * broken device fails before it is timed, and checked after, so a figure never comes from a
     * device that did less than the whole workload.
     */
    @State(Scope.Thread)
    public abstract static class Trial {

        /** The provider name, as {@code netchannel certify --impl} takes it. */
        @Param({"fast", "reference"})
        public String device;

        Workload guest;

        /** The guest of this state's workload, on the provider named {@code device}. */
        abstract Workload create(String device);

        /** Builds the device and runs one round. */
        @Setup(Level.Trial)
        public void setUp() {
            guest = create(device);
            guest.round();
            guest.verify();
        }

        /** Refuses the trial's figure if any round did less than the whole workload. */
        @TearDown(Level.Trial)
        public void tearDown() {
            guest.verify();
        }
    }

    /** The 64-context fleet, all hits. */
    public static class Unicast extends Trial {
        @Override
        Workload create(String device) {
            return DemuxGuest.unicast(device);
        }
    }

    /** The 64-context fleet, half the frames misses. */
    public static class MissMix extends Trial {
        @Override
        Workload create(String device) {
            return DemuxGuest.missMix(device);
        }
    }

    /** Eight members of one VLAN and eight non-members, broadcasts on that VLAN. */
    public static class Broadcast extends Trial {
        @Override
        Workload create(String device) {
            return DemuxGuest.broadcast(device);
        }
    }

    /** One Access context with eight TX filter rules. */
    public static class TxEnforce extends Trial {
        @Override
        Workload create(String device) {
            return new TxFilterGuest(device);
        }
    }

    /** Two Untagged contexts on a device in VEB mode, A sending to B. */
    public static class VebSwitch extends Trial {
        @Override
        Workload create(String device) {
            return new SwitchGuest(device);
        }
    }

    /** One op: one unicast frame demultiplexed among 64 contexts and delivered, guest side included. */
    @Benchmark
    @OperationsPerInvocation(DemuxGuest.UNICAST_BURST)
    public int rxDemux(Unicast state) {
        return state.guest.round();
    }

    /** One op: one frame, a hit delivered or a miss dropped (half each), guest side included. */
    @Benchmark
    @OperationsPerInvocation(DemuxGuest.MISS_MIX_BURST)
    public int rxDemuxMissMix(MissMix state) {
        return state.guest.round();
    }

    /** One op: one broadcast frame from the wire, replicated to its 8 member contexts, guest side included. */
    @Benchmark
    @OperationsPerInvocation(DemuxGuest.BROADCAST_BURST)
    public int rxBroadcast(Broadcast state) {
        return state.guest.round();
    }

    /** One op: one packet through source-MAC, VLAN and 8-rule filter enforcement to the wire, guest side included. */
    @Benchmark
    @OperationsPerInvocation(TxFilterGuest.BURST)
    public int txEnforce(TxEnforce state) {
        return state.guest.round();
    }

    /** One op: one packet from A's TX ring switched into B's RX ring inside the device, both guests' work included. */
    @Benchmark
    @OperationsPerInvocation(SwitchGuest.BURST)
    public int vebSwitch(VebSwitch state) {
        return state.guest.round();
    }
}
