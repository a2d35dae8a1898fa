package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control plane's answers and their order (spec chapter PRIV, MEM-6, RING-14). */
class ControlPlaneTest {

    private static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:02");

    private final Rig rig = new Rig();

    private ContextConfig config(MacAddress mac, int tx, int rx) {
        return ContextConfig.builder().mac(mac).txRingGref(tx).rxRingGref(rx).build();
    }

    private static RejectCategory category(ControlResult result) {
        assertThat(result).isInstanceOf(ControlResult.Rejected.class);
        return ((ControlResult.Rejected) result).category();
    }

    @Test
    void required_PRIV2_guestCreatingAContextIsRefusedWithPrivilegeFirst() {
        // Even with an id out of range and an existing id, privilege is the first answer.
        ControlResult result = rig.nic.control(Caller.guest(Rig.CTX),
                new ControlRequest.CreateContext(-5, config(OTHER_MAC, 3, 4)));
        assertThat(category(result)).isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(rig.nic.control(Caller.guest(Rig.CTX), new ControlRequest.DestroyContext(Rig.CTX))))
                .isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
    }

    @Test
    void required_PRIV5_rangeExistenceAndDuplicateIds() {
        assertThat(category(rig.create(4096, OTHER_MAC, 3, 4))).isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(rig.create(Rig.CTX, OTHER_MAC, 3, 4))).isEqualTo(RejectCategory.CONTEXT_EXISTS);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.ResetContext(9))))
                .isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.SetGuestConfig(9, GuestConfig.DEFAULT))))
                .isEqualTo(RejectCategory.NO_SUCH_CONTEXT);
    }

    @Test
    void required_PRIV6_ownedMacsMustBeUnicastUniqueAndFree() {
        rig.initRing(3, 2, 0);
        rig.initRing(4, 2, 0);
        assertThat(category(rig.create(2, Rig.MAC, 3, 4))).as("owned by context 1").isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(category(rig.create(2, MacAddress.BROADCAST, 3, 4))).isEqualTo(RejectCategory.INVALID_CONFIG);
        ContextConfig duplicate = ContextConfig.builder().mac(OTHER_MAC).mac(OTHER_MAC).txRingGref(3).rxRingGref(4).build();
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.CreateContext(2, duplicate))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        ContextConfig none = ContextConfig.builder().txRingGref(3).rxRingGref(4).build();
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.CreateContext(2, none))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        assertThat(rig.create(2, OTHER_MAC, 3, 4)).isEqualTo(ControlResult.OK);
    }

    @Test
    void required_MEM6_ringGrantsMustBeTwoWritablePages() {
        rig.initRing(3, 2, 0);
        rig.memory.grant(4, 2, Access.READ_ONLY);
        assertThat(category(rig.create(2, OTHER_MAC, 3, 4))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(category(rig.create(2, OTHER_MAC, 3, 3))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(category(rig.create(2, OTHER_MAC, 3, Rig.RX_RING))).as("owned by context 1")
                .isEqualTo(RejectCategory.BAD_RING);
        assertThat(rig.memory.findings()).isEmpty();
    }

    @Test
    void required_RING14_corruptRingIsRefusedAndNothingIsWritten() {
        byte[] tx = rig.initRing(3, 2, 0);
        byte[] rx = rig.initRing(4, 2, 0);
        Pages.putU32(rx, SharedRingLayout.REQ_PROD, 257);
        byte[] txBefore = tx.clone();

        assertThat(category(rig.create(2, OTHER_MAC, 3, 4))).isEqualTo(RejectCategory.BAD_RING);
        assertThat(tx).as("both rings are checked before either is written").isEqualTo(txBefore);

        Pages.putU32(rx, SharedRingLayout.REQ_PROD, 256);
        Pages.putU32(tx, SharedRingLayout.RSP_PROD, 40);
        Pages.putU32(tx, SharedRingLayout.REQ_PROD, 41);
        assertThat(rig.create(2, OTHER_MAC, 3, 4)).isEqualTo(ControlResult.OK);
        assertThat(Pages.reqEvent(tx)).as("attach at the shared rsp_prod").isEqualTo(41);
        assertThat(Pages.reqEvent(rx)).isEqualTo(1);
    }

    @Test
    void required_PRIV7_createBeyondMaxContextsAnswersNoContextAvailable() {
        int limit = FastNicProvider.LIMITS.maxContexts();
        for (int context = 2; context <= limit; context++) {
            rig.initRing(2 * context + 100, context, 0);
            rig.initRing(2 * context + 101, context, 0);
            MacAddress mac = new MacAddress(0x0200_0000_1000L + context);
            assertThat(rig.create(context, mac, 2 * context + 100, 2 * context + 101)).isEqualTo(ControlResult.OK);
        }
        byte[] tx = rig.initRing(900, 200, 0);
        rig.initRing(901, 200, 0);
        byte[] before = tx.clone();

        assertThat(rig.create(200, OTHER_MAC, 900, 901)).isInstanceOf(ControlResult.NoContextAvailable.class);
        assertThat(tx).as("PRIV-8: nothing written").isEqualTo(before);
        assertThat(rig.nic.state(200)).isEqualTo(ContextState.ABSENT);

        rig.nic.control(Caller.HOST, new ControlRequest.DestroyContext(Rig.CTX));
        assertThat(rig.create(200, OTHER_MAC, 900, 901)).as("PRIV-9: destroy frees a slot").isEqualTo(ControlResult.OK);
    }

    @Test
    void required_PRIV9_destroyedContextReadsZeroAndItsMacNoLongerReceives() {
        Pages.putTxRequest(rig.tx, 0, 10, 0, 0, 1, 60);
        rig.dataPage(10, 1, 0);
        Pages.setReqProd(rig.tx, 1);
        rig.nic.kick(Rig.CTX, Queue.TX);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_FRAMES)).isEqualTo(1);

        assertThat(rig.nic.control(Caller.HOST, new ControlRequest.DestroyContext(Rig.CTX))).isEqualTo(ControlResult.OK);

        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ABSENT);
        assertThat(rig.nic.counter(Rig.CTX, Counter.TX_FRAMES)).isZero();
        byte[] frame = Rig.frameTo(Rig.MAC, 100);
        rig.nic.receive(0, frame, 0, frame.length);
        assertThat(rig.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(1);
    }

    @Test
    void required_PRIV3_PRIV4_guestConfigurationRights() {
        GuestConfig promiscuous = GuestConfig.builder().promiscuous(true).build();
        assertThat(category(rig.nic.control(Caller.guest(2), new ControlRequest.SetGuestConfig(Rig.CTX, GuestConfig.DEFAULT))))
                .isEqualTo(RejectCategory.PRIVILEGE);
        assertThat(category(rig.nic.control(Caller.guest(Rig.CTX), new ControlRequest.SetGuestConfig(Rig.CTX, promiscuous))))
                .isEqualTo(RejectCategory.PRIVILEGE);
        GuestConfig unicastGroup = GuestConfig.builder().join(OTHER_MAC).build();
        assertThat(category(rig.nic.control(Caller.guest(Rig.CTX), new ControlRequest.SetGuestConfig(Rig.CTX, unicastGroup))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        GuestConfig groups = GuestConfig.builder().join(MacAddress.parse("01:00:5e:00:00:01"))
                .join(MacAddress.parse("01:00:5e:00:00:01")).build();
        assertThat(rig.nic.control(Caller.guest(Rig.CTX), new ControlRequest.SetGuestConfig(Rig.CTX, groups)))
                .isEqualTo(ControlResult.OK);
    }

    @Test
    void required_PRIV10_updateKeepsRingsAndRefusesNewOnes() {
        ContextConfig moved = config(OTHER_MAC, 3, Rig.RX_RING);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.UpdateContext(Rig.CTX, moved))))
                .isEqualTo(RejectCategory.INVALID_CONFIG);
        ContextConfig renamed = config(OTHER_MAC, Rig.TX_RING, Rig.RX_RING);
        assertThat(rig.nic.control(Caller.HOST, new ControlRequest.UpdateContext(Rig.CTX, renamed))).isEqualTo(ControlResult.OK);

        Pages.putRxRequest(rig.rx, 0, 1, 20);
        rig.memory.grant(20, Rig.CTX, Access.READ_WRITE);
        Pages.setReqProd(rig.rx, 1);
        rig.nic.receive(0, Rig.frameTo(Rig.MAC, 60), 0, 60);
        rig.nic.receive(0, Rig.frameTo(OTHER_MAC, 60), 0, 60);
        assertThat(rig.nic.counter(Counter.DEVICE, Counter.WIRE_DROP_NO_CONTEXT)).isEqualTo(1);
        assertThat(rig.nic.counter(Rig.CTX, Counter.RX_FRAMES)).isEqualTo(1);
    }

    @Test
    void required_MEM6_updateOfAContextWhoseRingWasRevokedIsBadRing() {
        rig.memory.revoke(Rig.RX_RING);
        ContextConfig same = config(OTHER_MAC, Rig.TX_RING, Rig.RX_RING);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.UpdateContext(Rig.CTX, same))))
                .isEqualTo(RejectCategory.BAD_RING);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.ResetContext(Rig.CTX))))
                .isEqualTo(RejectCategory.BAD_RING);
        assertThat(rig.memory.findings()).isEmpty();
    }

    @Test
    void required_RING14_resetReattachesAtTheSharedIndicesAndClearsFailed() {
        Pages.setReqProd(rig.tx, 300);
        rig.nic.kick(Rig.CTX, Queue.TX);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.ResetContext(Rig.CTX))))
                .as("still corrupt").isEqualTo(RejectCategory.BAD_RING);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.FAILED);

        Pages.setReqProd(rig.tx, 5);
        Pages.putU32(rig.tx, SharedRingLayout.RSP_PROD, 5);
        assertThat(rig.nic.control(Caller.HOST, new ControlRequest.ResetContext(Rig.CTX))).isEqualTo(ControlResult.OK);
        assertThat(rig.nic.state(Rig.CTX)).isEqualTo(ContextState.ACTIVE);
        assertThat(Pages.reqEvent(rig.tx)).isEqualTo(6);
        assertThat(rig.nic.counter(Rig.CTX, Counter.FATAL_ERRORS)).as("counters are kept").isEqualTo(1);
        assertThat(rig.memory.findings()).isEmpty();
    }

    @Test
    void required_timeNeverGoesBackwards() {
        rig.nic.advanceTo(10);
        rig.nic.advanceTo(10);
        assertThatThrownBy(() -> rig.nic.advanceTo(9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void required_PRIV8_rejectedGroupListLeavesTheJoinedGroupsAsTheyWere() {
        int max = FastNicProvider.LIMITS.maxMulticastGroups();
        List<MacAddress> full = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            full.add(new MacAddress(0x0100_5E00_0000L + i));
        }
        List<MacAddress> tooMany = new ArrayList<>(full);
        tooMany.add(new MacAddress(0x0100_5E00_0000L + max));
        assertThat(rig.nic.control(Caller.HOST, new ControlRequest.SetGuestConfig(Rig.CTX, new GuestConfig(false, full))))
                .isEqualTo(ControlResult.OK);
        assertThat(category(rig.nic.control(Caller.HOST, new ControlRequest.SetGuestConfig(Rig.CTX, new GuestConfig(false, tooMany)))))
                .as("PRIV-6").isEqualTo(RejectCategory.INVALID_CONFIG);

        // DESC-15: the list is still full, so a TX MCAST_ADD of a new group is refused.
        Pages.putTxRequest(rig.tx, 0, 10, 0, TxRequestLayout.FLAG_EXTRA_INFO, 1, 0);
        Pages.putExtra(rig.tx, 1, ExtraInfoLayout.TYPE_MCAST_ADD, 0, new byte[] {0x01, 0x00, 0x5E, 0x7F, 0x7F, 0x7F});
        Pages.setReqProd(rig.tx, 2);
        rig.nic.kick(Rig.CTX, Queue.TX);
        assertThat(Pages.txResponseStatus(rig.tx, 0)).isEqualTo(NetifStatus.ERROR);
    }
}
