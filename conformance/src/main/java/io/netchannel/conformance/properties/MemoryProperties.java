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
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Bytes;
import io.netchannel.conformance.harness.Event;
import io.netchannel.conformance.harness.EventLog;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Chapter 02: the device reaches guest memory only through grants, for the right context, inside
 * the page, never writing what it may only read, and never after a revocation (MEM-1 to MEM-10).
 * The audited memory turns every forbidden attempt into a finding; these properties drive the
 * device where such attempts are likeliest.
 */
public abstract class MemoryProperties {

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    @Property
    @Requirement({"MEM-1", "MEM-2", "MEM-5"})
    public void required_MEM1_everyAccessActsForTheContextWhoseRingOrDescriptorNamedTheGrant(
            @ForAll @Size(min = 1, max = 6) List<@From("anyPackets") PacketShape> packets, @ForAll @IntRange(min = 14, max = 9000) int frameLength) {
        TxBench bench = TxBench.start(provider());
        Harness harness = bench.harness();
        TxBench.Batch batch = bench.sendPackets("MEM-1", TxPackets.fittingOneRing(packets));
        // the neighbour receives a frame into a posted buffer
        GuestDriver neighbour = harness.guest(TxBench.OTHER);
        int[] buffers = {harness.grantPage(TxBench.OTHER, Access.READ_WRITE), harness.grantPage(TxBench.OTHER, Access.READ_WRITE),
            harness.grantPage(TxBench.OTHER, Access.READ_WRITE)};
        neighbour.post(buffers);
        harness.receive(0, RxBench.frame(TxBench.OTHER_MAC, frameLength, 1));
        Check.noFindings("MEM-1", harness);
        Set<Integer> named = new HashSet<>(List.of(bench.guest().txRing(), bench.guest().rxRing()));
        for (byte[] entry : batch.entries()) { // as the guest wrote them, before responses overwrote bytes 0..3
            named.add(Bytes.u32(entry, 0));
        }
        Set<Integer> neighbourNamed = new HashSet<>(List.of(neighbour.txRing(), neighbour.rxRing(), buffers[0], buffers[1], buffers[2]));
        for (Event.MemoryAccess access : EventLog.accesses(harness.log().since(batch.logFrom()))) {
            Set<Integer> allowed = access.context() == TxBench.CTX ? named : access.context() == TxBench.OTHER ? neighbourNamed : Set.of();
            Check.that(allowed.contains(access.gref()), "MEM-1", harness,
                    "accesses through grefs named by context " + access.context() + "'s rings or requests " + allowed, access);
        }
    }

    @Property
    @Requirement({"MEM-2", "MEM-4", "DESC-9"})
    public void required_MEM4_aRevokedGrantIsNeverUsedAgainEvenAfterUse(@ForAll @Size(min = 1, max = 3) List<@From("validPackets") PacketShape> first,
            @ForAll @Size(min = 1, max = 3) List<@From("validPackets") PacketShape> after, @ForAll @IntRange(min = 0, max = 7) int revokeIndex) {
        TxBench bench = TxBench.start(provider());
        Harness harness = bench.harness();
        // use every page once, so a device that caches look-ups has something cached
        bench.sendPackets("MEM-4", TxPackets.fittingOneRing(first));
        int revoked = TxBench.readable()[revokeIndex];
        harness.revoke(revoked);
        // the same packets again: those naming the revoked page are per-packet errors (DESC-9), and no access reaches it
        TxBench.Batch batch = bench.sendPackets("MEM-4", TxPackets.fittingOneRing(after));
        DescriptorProperties.untouched("MEM-4", harness, batch.logFrom(), revoked);
        harness.grant(revoked, TxBench.CTX, Access.READ_ONLY);
        bench.sendPackets("MEM-4", TxPackets.fittingOneRing(after));
    }

    @Property
    @Requirement({"MEM-3", "MEM-8"})
    public void required_MEM3_neverWritesAReadOnlyGrantAndNeverWritesATxFragment(@ForAll @Size(min = 1, max = 8) List<@From("anyPackets") PacketShape> packets) {
        // the bench's fragments are read-only and read-write pages restricted for MEM-8; TxBench asserts no finding
        TxBench.start(provider()).sendPackets("MEM-3", TxPackets.fittingOneRing(packets));
    }

    @Property
    @Requirement({"MEM-5", "DESC-5"})
    public void required_MEM5_everyAccessStaysInsideItsPage(@ForAll @Size(min = 1, max = 4) List<@From("edgePackets") PacketShape> packets) {
        TxBench.start(provider()).sendPackets("MEM-5", TxPackets.fittingOneRing(packets));
    }

    @Property
    @Requirement({"MEM-6", "PRIV-8"})
    public void required_MEM6_ringGrantsMustBeTwoDistinctReadWritePagesOfTheContext(@ForAll("badRingGrants") int kind) {
        Harness harness = Harness.start(provider());
        GuestDriver guest = harness.guest(0);
        int tx = guest.txRing();
        int rx = guest.rxRing();
        int other = harness.grantPage(1, Access.READ_WRITE);
        int readOnly = harness.grantPage(0, Access.READ_ONLY);
        String what;
        switch (kind) {
            case 0 -> { rx = tx; what = "the same gref for both rings"; }
            case 1 -> { tx = readOnly; what = "a read-only TX ring grant"; }
            case 2 -> { rx = readOnly; what = "a read-only RX ring grant"; }
            case 3 -> { tx = other; what = "a TX ring grant of another context"; }
            case 4 -> { rx = 9999; what = "an RX ring gref never granted"; }
            default -> { harness.revoke(tx); what = "a revoked TX ring grant"; }
        }
        byte[][] before = {harness.memory().page(guest.txRing()).clone(), harness.memory().page(guest.rxRing()).clone()};
        ContextConfig config = ContextConfig.builder().mac(MacAddress.parse("02:00:00:00:00:01")).txRingGref(tx).rxRingGref(rx).build();
        ControlResult result = harness.control(Caller.HOST, new ControlRequest.CreateContext(0, config));
        Check.noFindings("MEM-6", harness);
        Check.that(result instanceof ControlResult.Rejected r && r.category() == RejectCategory.BAD_RING, "MEM-6", harness,
                "Rejected(BAD_RING) for " + what, Harness.describe(result));
        Check.equal("MEM-6", harness, "state", ContextState.ABSENT, harness.state(0));
        Check.that(Arrays.equals(before[0], harness.memory().page(guest.txRing())) && Arrays.equals(before[1], harness.memory().page(guest.rxRing())),
                "MEM-6", harness, "no ring page written", "a ring page changed");
    }

    @Property
    @Requirement({"MEM-7", "RX-2"})
    public void required_MEM7_rxBuffersAreWrittenOnlyWhileLentAndOnlyTheReportedBytes(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 12000) Integer> lengths, @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 4) Integer> posts) {
        RxBench bench = RxBench.start(provider(), 0);
        int id = 0;
        for (int k = 0; k < lengths.size(); k++) {
            int count = posts.get(k % posts.size());
            int[] grefs = new int[count];
            int[] ids = new int[count];
            for (int b = 0; b < count; b++) {
                grefs[b] = bench.freshBuffer();
                ids[b] = id++;
            }
            if (count > 0 && bench.outstanding() + count <= 40) {
                bench.post(grefs, ids);
            }
            bench.deliver("MEM-7", 0, RxBench.frame(RxBench.MAC, Math.max(14, lengths.get(k)), k));
        }
    }

    @Property
    @Requirement({"MEM-10", "RING-13"})
    public void required_MEM10_aTxRingPageTakenBackIsFatalAtTheNextKickWithoutTouchingIt(@ForAll boolean regrantReadOnly, @ForAll boolean somethingPublished) {
        TxBench bench = TxBench.start(provider());
        Harness harness = bench.harness();
        int ring = bench.guest().txRing();
        harness.revoke(ring);
        if (regrantReadOnly) {
            harness.grant(ring, TxBench.CTX, Access.READ_ONLY);
        }
        if (somethingPublished) {
            bench.guest().queue(List.of(new TxSlot.Data(TxBench.READ_ONLY[0], 0, 0, 1, 60)));
            bench.guest().pushTx();
        }
        int logAt = harness.log().size();
        harness.kick(TxBench.CTX, Queue.TX);
        Check.noFindings("MEM-10", harness);
        Check.equal("MEM-10", harness, "state after a kick over a ring page no longer read-write", ContextState.FAILED, harness.state(TxBench.CTX));
        Check.equal("MEM-10", harness, "FATAL_ERRORS", 1L, harness.counter(TxBench.CTX, Counter.FATAL_ERRORS));
        DescriptorProperties.untouched("MEM-10", harness, logAt, ring);
        // a reset cannot revive it
        ControlResult reset = harness.control(Caller.HOST, new ControlRequest.ResetContext(TxBench.CTX));
        Check.that(reset instanceof ControlResult.Rejected r && r.category() == RejectCategory.BAD_RING, "MEM-10", harness,
                "Rejected(BAD_RING) for a reset over a taken-back ring", Harness.describe(reset));
    }

    @Property
    @Requirement({"MEM-10", "RX-5"})
    public void required_MEM10_anRxRingPageTakenBackIsFatalAtTheNextDelivery(@ForAll boolean regrantReadOnly, @ForAll @IntRange(min = 14, max = 5000) int length) {
        RxBench bench = RxBench.start(provider(), 0);
        Harness harness = bench.harness();
        bench.post(new int[] {bench.freshBuffer(), bench.freshBuffer()}, new int[] {1, 2});
        int ring = bench.guest().rxRing();
        harness.revoke(ring);
        if (regrantReadOnly) {
            harness.grant(ring, RxBench.CTX, Access.READ_ONLY);
        }
        int logAt = harness.log().size();
        harness.kick(RxBench.CTX, Queue.RX);
        Check.equal("MEM-10", harness, "state after an RX kick (an RX kick never reads the RX ring)", ContextState.ACTIVE, harness.state(RxBench.CTX));
        harness.receive(0, RxBench.frame(RxBench.MAC, length, 2));
        Check.noFindings("MEM-10", harness);
        Check.equal("MEM-10", harness, "state after a delivery over an RX ring no longer read-write", ContextState.FAILED, harness.state(RxBench.CTX));
        Check.equal("MEM-10", harness, "RX_DROP_FAILED", 1L, harness.counter(RxBench.CTX, Counter.RX_DROP_FAILED));
        Check.equal("MEM-10", harness, "FATAL_ERRORS", 1L, harness.counter(RxBench.CTX, Counter.FATAL_ERRORS));
        DescriptorProperties.untouched("MEM-10", harness, logAt, ring);
    }

    @Provide
    Arbitrary<PacketShape> anyPackets() {
        return TxPackets.any(provider().profiles().contains(io.netchannel.api.Profile.TSO));
    }

    @Provide
    Arbitrary<PacketShape> validPackets() {
        return TxPackets.valid();
    }

    @Provide
    Arbitrary<PacketShape> edgePackets() {
        // fragments that end exactly at the page end, or one byte beyond it
        Arbitrary<PacketShape> exact = net.jqwik.api.Combinators.combine(TxPackets.valid(3), Arbitraries.integers().between(0, 4095))
                .as((p, off) -> p.withData(List.of(new PacketShape.Fragment(TxBench.READ_WRITE[0], off, 4096 - off, 3))));
        return Arbitraries.oneOf(exact, TxPackets.crossing(), TxPackets.valid());
    }

    @Provide
    Arbitrary<Integer> badRingGrants() {
        return Arbitraries.integers().between(0, 5);
    }
}
